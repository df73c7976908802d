//! Retrieval quality on a question set (the format of `dev_questions.json`): keyword and
//! scenario questions want the expected document first; fact questions want a passage whose
//! lines cover an evidence line (±2) at rank 1 and within rank 5.

use crate::app::App;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: String,
    pub query: String,
    #[serde(default)]
    pub expected_files: Vec<String>,
    #[serde(default)]
    pub evidence_lines: Vec<u32>,
}

#[derive(Debug, Default, Serialize, Clone)]
pub struct Scores {
    pub keyword_doc_at_1: f64,
    pub scenario_doc_at_1: f64,
    pub fact_passage_at_1: f64,
    pub fact_passage_at_5: f64,
    pub counts: [usize; 3],
    pub misses: Vec<String>,
}

/// Which signals rank: the same search with dense or BM25 weight set to zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    Hybrid,
    Bm25,
    Dense,
}

fn weights(mode: Mode) -> index::Weights {
    let w = index::Weights::default();
    match mode {
        Mode::Hybrid => w,
        Mode::Bm25 => index::Weights { dense: 0.0, ..w },
        Mode::Dense => index::Weights { bm25: 0.0, graph: 0.0, ..w },
    }
}

pub fn evaluate(app: &App, questions: &[Question], mode: Mode) -> anyhow::Result<Scores> {
    let mut s = Scores::default();
    let (mut kw, mut sc, mut f1, mut f5) = (0usize, 0usize, 0usize, 0usize);
    for q in questions {
        let kind = q.kind.as_str();
        if !matches!(kind, "keyword" | "scenario" | "fact") {
            continue;
        }
        let r = crate::queries::search_with(app, &q.query, Some("passage"), 10, 0, weights(mode))?;
        let hits = &r.hits;
        match kind {
            "keyword" | "scenario" => {
                let ok = hits.first().is_some_and(|h| q.expected_files.contains(&h.document.source));
                if kind == "keyword" {
                    s.counts[0] += 1;
                    kw += ok as usize;
                } else {
                    s.counts[1] += 1;
                    sc += ok as usize;
                }
                if !ok {
                    s.misses.push(format!("{} {}: got {:?}", q.id, kind, hits.first().map(|h| &h.document.title)));
                }
            }
            _ => {
                s.counts[2] += 1;
                let covers = |h: &index::Hit| {
                    q.expected_files.contains(&h.document.source)
                        && q.evidence_lines.iter().any(|&l| l + 2 >= h.lines[0] && l <= h.lines[1] + 2)
                };
                let at1 = hits.first().is_some_and(covers);
                f1 += at1 as usize;
                f5 += hits.iter().take(5).any(covers) as usize;
                if !at1 {
                    s.misses.push(format!("{} fact: got {:?} L{:?}", q.id, hits.first().map(|h| &h.document.title), hits.first().map(|h| h.lines)));
                }
            }
        }
    }
    let rate = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    s.keyword_doc_at_1 = rate(kw, s.counts[0]);
    s.scenario_doc_at_1 = rate(sc, s.counts[1]);
    s.fact_passage_at_1 = rate(f1, s.counts[2]);
    s.fact_passage_at_5 = rate(f5, s.counts[2]);
    Ok(s)
}
