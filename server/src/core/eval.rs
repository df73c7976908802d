//! Retrieval quality on a question set (the format of `dev_questions.json`): keyword and
//! scenario questions want the expected document first; fact questions want a passage whose
//! lines cover an evidence line (±2) at rank 1 and within rank 5.

use crate::core::app::App;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: String,
    pub query: String,
    #[serde(default)]
    pub expected_files: Vec<String>,
    #[serde(default)]
    pub evidence_lines: Vec<u32>,
    #[serde(default)]
    pub expected_cases: Vec<String>,
    /// A label to report figures by (`eval FILE` prints one column pair per split).
    #[serde(default)]
    pub split: String,
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

/// Which signals rank: the bundled weights, the same without the dense or the lexical
/// features, or plain BM25 (the baseline).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    Hybrid,
    Lexical,
    Dense,
    Plain,
}

/// Ranking weights (the bundled ones), overridable for experiments with
/// `GONGCHUANG_WEIGHTS=bm25_rrf=0.0167,dense_rrf=0.008,coverage=0.03` (feature names of
/// `index::rank::Feature`).
pub fn weights(mode: Mode) -> index::Weights {
    let mut w = index::Weights::default();
    if let Ok(spec) = std::env::var("GONGCHUANG_WEIGHTS") {
        for kv in spec.split(',') {
            if let Some((k, v)) = kv.split_once('=') {
                let v: f32 = v.trim().parse().unwrap_or(0.0);
                if !w.set_named(k.trim(), v) {
                    tracing::warn!("GONGCHUANG_WEIGHTS: unknown feature `{k}`");
                }
            }
        }
    }
    match mode {
        Mode::Hybrid => w,
        Mode::Lexical => w.lexical(),
        Mode::Dense => w.dense_only(),
        Mode::Plain => index::Weights::bm25_only(),
    }
}

/// Whether a passage hit answers a question: from an expected document and, for a fact
/// question, covering an evidence line (±2).
pub fn answers(q: &Question, h: &index::Hit) -> bool {
    q.expected_files.contains(&h.document.source)
        && (q.kind != "fact"
            || q.evidence_lines
                .iter()
                .any(|&l| l + 2 >= h.lines[0] && l <= h.lines[1] + 2))
}

pub fn evaluate(app: &App, questions: &[Question], mode: Mode) -> anyhow::Result<Scores> {
    evaluate_with(app, questions, &weights(mode))
}

pub fn evaluate_with(
    app: &App,
    questions: &[Question],
    w: &index::Weights,
) -> anyhow::Result<Scores> {
    let mut s = Scores::default();
    let (mut kw, mut sc, mut f1, mut f5) = (0usize, 0usize, 0usize, 0usize);
    for q in questions {
        let kind = q.kind.as_str();
        if !matches!(kind, "keyword" | "scenario" | "fact") {
            continue;
        }
        let r =
            crate::core::queries::search_with(app, &q.query, Some("passage"), 10, 0, w.clone())?;
        let hits = &r.hits;
        match kind {
            "keyword" | "scenario" => {
                let ok = hits
                    .first()
                    .is_some_and(|h| q.expected_files.contains(&h.document.source));
                if kind == "keyword" {
                    s.counts[0] += 1;
                    kw += ok as usize;
                } else {
                    s.counts[1] += 1;
                    sc += ok as usize;
                }
                if !ok {
                    s.misses.push(format!(
                        "{} {}: got {:?}",
                        q.id,
                        kind,
                        hits.first().map(|h| &h.document.title)
                    ));
                }
            }
            _ => {
                s.counts[2] += 1;
                let covers = |h: &index::Hit| answers(q, h);
                let at1 = hits.first().is_some_and(covers);
                f1 += at1 as usize;
                f5 += hits.iter().take(5).any(covers) as usize;
                if !at1 {
                    s.misses.push(format!(
                        "{} fact: got {:?} L{:?}",
                        q.id,
                        hits.first().map(|h| &h.document.title),
                        hits.first().map(|h| h.lines)
                    ));
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

#[derive(Debug, Default, Serialize, Clone)]
pub struct RecommendScores {
    /// Scenarios naming an expected case: expected case in the top 3 / at rank 1.
    pub case_at_3: f64,
    pub case_at_1: f64,
    pub with_case: usize,
    /// Scenarios without one (theory papers): expected document among the top 3 cases'
    /// documents or the top 3 passages' documents.
    pub doc_at_3: f64,
    pub without_case: usize,
    pub misses: Vec<String>,
}

pub fn evaluate_recommend(app: &App, questions: &[Question]) -> anyhow::Result<RecommendScores> {
    evaluate_recommend_with(app, questions, false)
}

/// A scenario's ranked cases, each as (case name, document source), and the documents of
/// its top passages.
type Answer = (Vec<(String, String)>, Vec<String>);

/// The answer to a scenario through `recommend`, or for the baseline by plain BM25 (case
/// items and passages, as `eval --dev` does).
fn answer(
    app: &App,
    query: &str,
    baseline: bool,
    weights: Option<&std::collections::BTreeMap<String, f64>>,
) -> anyhow::Result<Answer> {
    if baseline {
        let names = crate::core::dev_eval::bm25_cases(app, query)?;
        let w = index::Weights::bm25_only();
        let r = crate::core::queries::search_with(app, query, Some("passage"), 3, 0, w)?;
        return Ok((
            names,
            r.hits.iter().map(|h| h.document.source.clone()).collect(),
        ));
    }
    let req = crate::core::recommend::Request {
        scenario: query.to_string(),
        limit: Some(5),
        weights: weights.cloned(),
        ..Default::default()
    };
    let r = crate::core::recommend::recommend(app, &req)?;
    let names = r
        .cases
        .iter()
        .map(|c| (c.case.name.clone(), c.case.document.source.clone()))
        .collect();
    let hits = crate::core::queries::run_search(app, query, Some("passage"), 3, 0)?;
    Ok((
        names,
        hits.hits
            .iter()
            .map(|h| h.document.source.clone())
            .collect(),
    ))
}

/// Recommendation figures, through `recommend` or (`baseline`) plain BM25.
pub fn evaluate_recommend_with(
    app: &App,
    questions: &[Question],
    baseline: bool,
) -> anyhow::Result<RecommendScores> {
    evaluate_recommend_weighted(
        app,
        questions,
        baseline,
        crate::core::recommend::tuning::env_weights().as_ref(),
    )
}

/// The recommendation figures with these ranking weights (None: the bundled ones).
pub fn evaluate_recommend_weighted(
    app: &App,
    questions: &[Question],
    baseline: bool,
    weights: Option<&std::collections::BTreeMap<String, f64>>,
) -> anyhow::Result<RecommendScores> {
    let mut s = RecommendScores::default();
    let (mut at3, mut at1, mut doc3) = (0, 0, 0);
    for q in questions.iter().filter(|q| q.kind == "scenario") {
        let (cases, passages) = answer(app, &q.query, baseline, weights)?;
        let names: Vec<&String> = cases.iter().map(|(n, _)| n).collect();
        if q.expected_cases.is_empty() {
            s.without_case += 1;
            let mut docs: Vec<&String> = cases.iter().take(3).map(|(_, d)| d).collect();
            docs.extend(passages.iter());
            if docs.iter().any(|d| q.expected_files.contains(d)) {
                doc3 += 1;
            } else {
                s.misses.push(format!(
                    "{} (doc): top cases {:?}",
                    q.id,
                    &names[..names.len().min(3)]
                ));
            }
            continue;
        }
        s.with_case += 1;
        let hit = |n: &&String| {
            q.expected_cases
                .iter()
                .any(|e| corpus::text::names_match(n, e))
        };
        let rank = names.iter().position(hit);
        at3 += rank.is_some_and(|r| r < 3) as usize;
        at1 += (rank == Some(0)) as usize;
        if rank != Some(0) {
            s.misses.push(format!(
                "{}: want {:?}, got {:?}",
                q.id,
                q.expected_cases,
                &names[..names.len().min(3)]
            ));
        }
    }
    let rate = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    s.case_at_3 = rate(at3, s.with_case);
    s.case_at_1 = rate(at1, s.with_case);
    s.doc_at_3 = rate(doc3, s.without_case);
    Ok(s)
}
