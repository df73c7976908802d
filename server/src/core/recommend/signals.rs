//! Text evidence for a scenario: BM25 and cosine per case, per passage and per document.

use crate::core::app::App;
use crate::core::queries;
use crate::core::recommend::score::TextSignal;
use crate::core::recommend::tuning::{
    Strongest, DENSE_FLOOR, DENSE_SPAN, D_DOC, D_OWN, W_CASE, W_DOC, W_OWN,
};
use corpus::extract::Case;
use index::search::Candidate;
use std::collections::{HashMap, HashSet};

/// Text evidence for the scenario, per case, per document and per passage: normalised
/// BM25, cosine, and per document the share of the scenario's words found in its best
/// passages (an absolute measure: normalised BM25 is always 1 for the best hit, however poor).
#[derive(Default)]
pub struct Signals {
    pub bm_case: HashMap<String, f64>,
    pub bm_doc: HashMap<String, f64>,
    pub bm_passage: HashMap<String, f64>,
    pub coverage: HashMap<String, f64>,
    /// Per passage: the share of the scenario's words it holds.
    pub cov_passage: HashMap<String, f64>,
    /// The same shares with each word weighted by its BM25 idf (per passage, per document).
    pub cov_idf_passage: HashMap<String, f64>,
    pub coverage_idf: HashMap<String, f64>,
    /// Per document: BM25 of the whole document (`FullText::doc_bm25`), over the best.
    pub doc_bm25: HashMap<String, f64>,
    /// Per document: BM25 of the scenario's character bigrams over the whole document
    /// (`FullText::doc_bigram_bm25`), over the best.
    pub doc_bigrams: HashMap<String, f64>,
    /// Per document: the same BM25 over its best passage alone, over the best.
    pub passage_bigrams: HashMap<String, f64>,
    /// Per case: BM25 of the scenario's character bigrams over the case's text, over the best.
    pub case_bigrams: HashMap<String, f64>,
    pub de_case: HashMap<String, f64>,
    pub de_doc: HashMap<String, f64>,
    pub de_passage: HashMap<String, f64>,
}

pub fn bm25_signals(app: &App, text: &str, sig: &mut Signals) {
    let q: String = text
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”' | ':' | '-'))
        .take(index::query::MAX_QUERY_CHARS)
        .collect();
    let w = crate::core::recommend::tuning::FITTED.lexical();
    // Both searches read the same query: its concepts are recognised once.
    let concepts = queries::query_concepts(app, &q);
    if let Ok(ranked) = queries::ranked_lexical(app, &q, Some("case"), 100, &concepts, &w) {
        let max = max_bm25(&ranked);
        for (c, _) in &ranked {
            if let (Some(b), true) = (&c.explain.bm25, max > 0.0) {
                sig.bm_case
                    .insert(c.item.id.clone(), (b.score / max) as f64);
            }
        }
    }
    let words: HashSet<String> = app
        .stores
        .fulltext
        .tokenizer
        .query_words(&q)
        .into_iter()
        .collect();
    let list: Vec<String> = words.into_iter().collect();
    if let Ok(ranked) = queries::ranked_lexical(app, &q, Some("passage"), 100, &concepts, &w) {
        passage_signals(&ranked, list.len().max(1) as f64, sig);
        let idf = app.stores.fulltext.idf(&list);
        let idf: HashMap<String, f64> = list
            .iter()
            .cloned()
            .zip(idf.into_iter().map(f64::from))
            .collect();
        idf_coverage(&ranked, &idf, sig);
    }
    doc_bm25(app, &list, sig);
    if let Ok(scores) = app.stores.fulltext.doc_bigram_bm25(&q) {
        sig.doc_bigrams = over_best(scores.whole);
        sig.passage_bigrams = over_best(scores.passage);
    }
    if let Ok(scores) = app.stores.fulltext.case_bigram_bm25(&q) {
        sig.case_bigrams = over_best(scores);
    }
}

/// Scores over the best one (empty when none is above 0).
fn over_best(scores: HashMap<String, f32>) -> HashMap<String, f64> {
    let max = scores.values().copied().fold(0.0f32, f32::max);
    if max <= 0.0 {
        return HashMap::new();
    }
    scores
        .into_iter()
        .map(|(d, s)| (d, (s / max) as f64))
        .collect()
}

/// Whole-document BM25 of the scenario's words, over the best document's.
fn doc_bm25(app: &App, words: &[String], sig: &mut Signals) {
    if let Ok(scores) = app.stores.fulltext.doc_bm25(words) {
        sig.doc_bm25 = over_best(scores);
    }
}

fn max_bm25(ranked: &[(Candidate, f32)]) -> f32 {
    ranked
        .iter()
        .filter_map(|(c, _)| c.explain.bm25.as_ref().map(|b| b.score))
        .fold(0.0f32, f32::max)
}

/// BM25 per passage and per document, and the share of the scenario's `words` held by
/// each passage and by each document's passages together.
fn passage_signals(ranked: &[(Candidate, f32)], words: f64, sig: &mut Signals) {
    let max = max_bm25(ranked);
    let mut matched: HashMap<String, HashSet<String>> = HashMap::new();
    for (c, _) in ranked {
        let (id, doc) = (&c.item.id, &c.item.doc_id);
        if let (Some(b), true) = (&c.explain.bm25, max > 0.0) {
            let s = (b.score / max) as f64;
            let e = sig.bm_doc.entry(doc.clone()).or_insert(0.0);
            *e = e.max(s);
            sig.bm_passage.insert(id.clone(), s);
        }
        let terms = &c.explain.matched_terms;
        sig.cov_passage
            .insert(id.clone(), terms.len() as f64 / words);
        matched
            .entry(doc.clone())
            .or_default()
            .extend(terms.iter().cloned());
    }
    for (doc, m) in matched {
        sig.coverage.insert(doc, m.len() as f64 / words);
    }
}

/// The idf-weighted share of the scenario's words per passage and per document: a rare word
/// of the scenario found in a document says more than a common one.
fn idf_coverage(ranked: &[(Candidate, f32)], idf: &HashMap<String, f64>, sig: &mut Signals) {
    let total: f64 = idf.values().sum::<f64>().max(1e-9);
    let mut matched: HashMap<String, HashSet<String>> = HashMap::new();
    for (c, _) in ranked {
        let terms = &c.explain.matched_terms;
        let held: f64 = terms.iter().filter_map(|t| idf.get(t)).sum();
        sig.cov_idf_passage.insert(c.item.id.clone(), held / total);
        matched
            .entry(c.item.doc_id.clone())
            .or_default()
            .extend(terms.iter().cloned());
    }
    for (doc, m) in matched {
        let held: f64 = m.iter().filter_map(|t| idf.get(t)).sum();
        sig.coverage_idf.insert(doc, held / total);
    }
}

/// Cosine of the scenario to each case vector, each passage and each document's best passage.
pub fn dense_signals(app: &App, text: &str, sig: &mut Signals) {
    // Every vector: a case missing from a short list would read as cosine 0.
    crate::core::vectors::each_cosine(app, text, |id, cos| {
        let cos = cos as f64;
        match id.split_once("-p") {
            Some((doc, _)) => {
                let e = sig.de_doc.entry(doc.to_string()).or_insert(0.0);
                *e = e.max(cos);
                sig.de_passage.insert(id.to_string(), cos);
            }
            None => {
                sig.de_case.insert(id.to_string(), cos);
            }
        }
    });
}

/// The strongest absolute evidence for the scenario, whatever the case: the best raw cosine
/// of a passage and of a case (none when it was read without vectors) and the best rarity-weighted share
/// of its words in a document, among a corpus of `documents` documents.
pub fn strongest(sig: &Signals, documents: usize) -> Strongest {
    let best = |m: &HashMap<String, f64>| m.values().copied().fold(0.0, f64::max);
    Strongest {
        cosine: (!sig.de_doc.is_empty()).then(|| best(&sig.de_doc)),
        case_cosine: (!sig.de_case.is_empty()).then(|| best(&sig.de_case)),
        coverage: best(&sig.coverage_idf),
        documents,
    }
}

/// The best value of `by` over the passages that name the case.
pub fn own_best(c: &Case, by: &HashMap<String, f64>) -> f64 {
    c.evidence
        .iter()
        .filter_map(|e| by.get(&e.passage))
        .fold(0.0, |a, &b| a.max(b))
}

/// e5 cosines of a scenario crowd into 0.8–0.92; spread them over [0, 1].
pub fn spread(cos: f64) -> f64 {
    ((cos - DENSE_FLOOR) / DENSE_SPAN).clamp(0.0, 1.0)
}

/// A case's text signal. BM25: the case, the passages that name it and its document,
/// damped when the document holds few of the scenario's words (the case's own passages
/// tell apart the cases of one document, which share its best passage). Dense: the best of
/// the case's vector, its passages and its document, the latter two discounted.
pub fn text_signal(sig: &Signals, c: &Case, doc_id: &str) -> TextSignal {
    let cov = sig.coverage.get(doc_id).copied().unwrap_or(0.0);
    let get = |m: &HashMap<String, f64>, k: &str| m.get(k).copied().unwrap_or(0.0);
    let bm = (W_CASE * get(&sig.bm_case, &c.id)
        + W_OWN * own_best(c, &sig.bm_passage)
        + W_DOC * get(&sig.bm_doc, doc_id))
        * (2.0 * cov).min(1.0);
    let de = spread(get(&sig.de_case, &c.id))
        .max(D_OWN * spread(own_best(c, &sig.de_passage)))
        .max(D_DOC * spread(get(&sig.de_doc, doc_id)));
    TextSignal {
        bm25: bm,
        dense: de,
        own_dense: spread(own_best(c, &sig.de_passage)),
        own_words: own_best(c, &sig.cov_passage),
        doc_words: (2.0 * get(&sig.coverage_idf, doc_id)).min(1.0),
        doc_bm25: get(&sig.doc_bm25, doc_id),
        doc_bigrams: get(&sig.doc_bigrams, doc_id),
        passage_bigrams: get(&sig.passage_bigrams, doc_id),
        case_bigrams: get(&sig.case_bigrams, &c.id),
        ..TextSignal::default()
    }
}

/// The parts of the text signals, unmixed (for a look at the fit, `eval --dev` with
/// `GONGCHUANG_REC_DUMP`): BM25 of the case, of its best own passage and of its document; the
/// document's word coverage; cosine (raw) of the case, its best own passage and its document;
/// the idf-weighted coverage of its best own passage and of its document.
pub fn parts(sig: &Signals, c: &Case, doc_id: &str) -> [f64; 9] {
    let get = |m: &HashMap<String, f64>, k: &str| m.get(k).copied().unwrap_or(0.0);
    [
        get(&sig.bm_case, &c.id),
        own_best(c, &sig.bm_passage),
        get(&sig.bm_doc, doc_id),
        get(&sig.coverage, doc_id),
        get(&sig.de_case, &c.id),
        own_best(c, &sig.de_passage),
        get(&sig.de_doc, doc_id),
        own_best(c, &sig.cov_idf_passage),
        get(&sig.coverage_idf, doc_id),
    ]
}

/// 1 when a case is named as a site: its name holds a site word, or its document
/// (`any_site`: whether one of its cases' names does) names no site at all. A theme
/// (`深圳拆除重建`) in a document that names sites is a heading over them.
pub fn sited(c: &Case, any_site: bool) -> f64 {
    (names_site(&c.name) || !any_site) as u8 as f64
}

/// Whether a name holds a site word (`corpus/data/lexicon/site_suffix.txt`); a one-character
/// one (`村`, `里`) only where it ends the name, as in `西赵村` but not in `城里`.
pub fn names_site(name: &str) -> bool {
    corpus::extract::recognize::site_words::site_words().any(|w| {
        if w.chars().count() > 1 {
            name.contains(w)
        } else {
            name.ends_with(w)
        }
    })
}
