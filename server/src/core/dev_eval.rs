//! Ranking quality on the development corpus (`corpus/tests/data/devcorpus`): its questions,
//! split tune / check by their first expected document (`fnv1a64(name) % 10 < 6` is tune),
//! asked through the real search and recommendation paths, every figure beside plain BM25
//! over the same passages. Fitting reads tune only; check is read through these figures.

use crate::core::app::App;
use index::rank::{Features, Weights};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The development corpus of the source tree.
pub fn devcorpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/tests/data/devcorpus")
}

#[derive(Debug, Clone, Deserialize)]
pub struct DevQuestion {
    pub id: String,
    pub kind: String,
    pub query: String,
    #[serde(default)]
    pub expected_docs: Vec<String>,
    #[serde(default)]
    pub expected_cases: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub absent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Tune,
    Check,
}

pub fn fnv1a64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The split of a document (its file name without `.txt`).
pub fn split_of(name: &str) -> Split {
    if fnv1a64(name) % 10 < 6 {
        Split::Tune
    } else {
        Split::Check
    }
}

/// A question with its split and the input lines of its evidence: (document, first, last).
#[derive(Debug, Clone)]
pub struct Labelled {
    pub q: DevQuestion,
    pub split: Split,
    pub lines: Vec<(String, u32, u32)>,
}

/// Every question of `questions/*.json`, with its split and evidence lines.
pub fn load(dir: &Path) -> anyhow::Result<Vec<Labelled>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("questions"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for f in files {
        let qs: Vec<DevQuestion> = serde_json::from_str(&std::fs::read_to_string(&f)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        for q in qs {
            let Some(first) = q.expected_docs.first() else {
                // Absent scenarios name no document: split by their own id.
                let split = split_of(&q.id);
                out.push(Labelled {
                    q,
                    split,
                    lines: Vec::new(),
                });
                continue;
            };
            let split = split_of(first);
            let mut lines = Vec::new();
            for doc in &q.expected_docs {
                if !texts.contains_key(doc) {
                    let t = std::fs::read_to_string(dir.join("docs").join(format!("{doc}.txt")))?;
                    texts.insert(doc.clone(), t);
                }
                let text = &texts[doc];
                for e in &q.evidence {
                    if let Some(at) = text.find(e.as_str()) {
                        let first = text[..at].matches('\n').count() as u32 + 1;
                        let last = first + e.matches('\n').count() as u32;
                        lines.push((doc.clone(), first, last));
                    }
                }
            }
            out.push(Labelled { q, split, lines });
        }
    }
    Ok(out)
}

/// Ingest the development corpus's documents (and embed them when there is a model).
pub fn ingest(app: &App, dir: &Path) -> anyhow::Result<()> {
    crate::core::ingest::ingest(app, &[dir.join("docs")], None)?;
    if app.embedder.is_some() {
        crate::core::vectors::embed_missing(app, None)?;
    }
    Ok(())
}

/// A document's name as the questions write it: the file name without `.txt`.
pub fn doc_name(source: &str) -> &str {
    source.strip_suffix(".txt").unwrap_or(source)
}

/// Whether a search hit answers the question: for a fact, a passage of an expected document
/// whose lines hold an evidence line; otherwise an item of an expected document.
pub fn answers(l: &Labelled, item: &index::Item) -> bool {
    let doc = doc_name(&item.source);
    if l.q.kind == "fact" {
        l.lines
            .iter()
            .any(|(d, a, b)| d == doc && *a <= item.lines.1 && *b >= item.lines.0)
    } else {
        l.q.expected_docs.iter().any(|d| d == doc)
    }
}

/// One search question measured once: its candidates' features and whether each answers it,
/// in id order (the order ties break in).
pub struct Measured {
    pub kind: String,
    pub split: Split,
    pub list: Vec<(Features, bool)>,
}

/// Candidates of every keyword and fact question, through the real search path.
pub fn measure(app: &App, qs: &[Labelled], dense: bool) -> anyhow::Result<Vec<Measured>> {
    let mut out = Vec::new();
    for l in qs
        .iter()
        .filter(|l| matches!(l.q.kind.as_str(), "keyword" | "fact"))
    {
        let c = crate::core::queries::search_candidates(app, &l.q.query, Some("passage"), dense)?;
        out.push(Measured {
            kind: l.q.kind.clone(),
            split: l.split,
            list: c
                .list
                .iter()
                .map(|c| (c.features, answers(l, &c.item)))
                .collect(),
        });
    }
    Ok(out)
}

/// Rank (0-based) of the first candidate that answers, as `index::search::rank` orders them.
pub fn first_rank(w: &Weights, list: &[(Features, bool)]) -> Option<usize> {
    let scores: Vec<f32> = list.iter().map(|(f, _)| w.score(f)).collect();
    let mut best: Option<usize> = None;
    for (j, (_, ok)) in list.iter().enumerate() {
        if *ok && best.is_none_or(|b| scores[j] > scores[b]) {
            best = Some(j);
        }
    }
    let j = best?;
    Some(
        scores
            .iter()
            .enumerate()
            .filter(|(i, s)| **s > scores[j] || (**s == scores[j] && *i < j))
            .count(),
    )
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SearchFigures {
    pub fact_at_1: f64,
    pub fact_at_5: f64,
    pub keyword_at_1: f64,
    pub facts: usize,
    pub keywords: usize,
}

fn rate(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

pub fn search_figures(m: &[Measured], split: Split, w: &Weights) -> SearchFigures {
    let (mut f1, mut f5, mut k1, mut nf, mut nk) = (0, 0, 0, 0, 0);
    for q in m.iter().filter(|q| q.split == split) {
        let r = first_rank(w, &q.list);
        if q.kind == "fact" {
            nf += 1;
            f1 += (r == Some(0)) as usize;
            f5 += r.is_some_and(|r| r < 5) as usize;
        } else {
            nk += 1;
            k1 += (r == Some(0)) as usize;
        }
    }
    SearchFigures {
        fact_at_1: rate(f1, nf),
        fact_at_5: rate(f5, nf),
        keyword_at_1: rate(k1, nk),
        facts: nf,
        keywords: nk,
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct RecFigures {
    /// Scenarios with an analogue: one in the top 3 / first.
    pub case_at_3: f64,
    pub case_at_1: f64,
    pub present: usize,
    /// "Nothing close" on scenarios without an analogue / with one.
    pub absent_right: f64,
    pub present_wrong: f64,
    pub absent: usize,
    /// Share of all scenarios whose first (or nearest) case is the most common first case:
    /// high when one long or generic case leads everywhere.
    pub same_first: f64,
}

fn names_hit(l: &Labelled, names: &[String]) -> Option<usize> {
    names.iter().position(|n| {
        l.q.expected_cases
            .iter()
            .any(|e| crate::core::recommend::learn::same_case(n, e))
    })
}

/// Tally of ranked case names (the far ones when "nothing close") and "nothing close"
/// answers, per scenario.
pub fn rec_figures(answers: &[(&Labelled, Vec<String>, bool)]) -> RecFigures {
    let (mut at3, mut at1, mut np, mut wrong, mut na, mut right) = (0, 0, 0, 0, 0, 0);
    let mut firsts: HashMap<&str, usize> = HashMap::new();
    for (l, names, nothing) in answers {
        if let Some(n) = names.first() {
            *firsts.entry(n.as_str()).or_default() += 1;
        }
        if l.q.absent || l.q.expected_cases.is_empty() {
            na += 1;
            right += *nothing as usize;
            continue;
        }
        np += 1;
        wrong += *nothing as usize;
        let r = names_hit(l, names).filter(|_| !*nothing);
        at3 += r.is_some_and(|r| r < 3) as usize;
        at1 += (r == Some(0)) as usize;
    }
    RecFigures {
        case_at_3: rate(at3, np),
        case_at_1: rate(at1, np),
        present: np,
        absent_right: rate(right, na),
        present_wrong: rate(wrong, np),
        absent: na,
        same_first: rate(firsts.values().copied().max().unwrap_or(0), answers.len()),
    }
}

/// The scenario questions of a split.
fn scenarios(qs: &[Labelled], split: Split) -> impl Iterator<Item = &Labelled> {
    qs.iter()
        .filter(move |l| l.q.kind == "scenario" && l.split == split)
}

/// Recommendation on every scenario of a split, through `recommend` (names ranked, and
/// whether it said "nothing close"; the nearest cases are ranked either way).
pub fn recommend_answers<'a>(
    app: &App,
    qs: &'a [Labelled],
    split: Split,
) -> anyhow::Result<Vec<(&'a Labelled, Vec<String>, bool)>> {
    let mut out = Vec::new();
    for l in scenarios(qs, split) {
        let req = crate::core::recommend::Request {
            scenario: l.q.query.clone(),
            limit: Some(5),
            ..Default::default()
        };
        let r = crate::core::recommend::recommend(app, &req)?;
        let shown = if r.nothing_close { &r.far } else { &r.cases };
        let names = shown.iter().map(|c| c.case.name.clone()).collect();
        out.push((l, names, r.nothing_close));
    }
    Ok(out)
}

/// The baseline: plain BM25 over the case items (never "nothing close").
pub fn recommend_baseline<'a>(
    app: &App,
    qs: &'a [Labelled],
    split: Split,
) -> anyhow::Result<Vec<(&'a Labelled, Vec<String>, bool)>> {
    let mut out = Vec::new();
    for l in scenarios(qs, split) {
        let q: String =
            l.q.query
                .chars()
                .filter(|c| !matches!(c, '"' | '“' | '”' | ':' | '-'))
                .collect();
        let r =
            crate::core::queries::search_with(app, &q, Some("case"), 5, 0, Weights::bm25_only())?;
        let names = r.hits.iter().map(|h| h.document.title.clone()).collect();
        out.push((l, names, false));
    }
    Ok(out)
}
