//! `POST /api/recommend`: read a scenario into a query case, rank every stored case by
//! CBR similarity, explain each score, and compose a suggested co-creation path from the
//! best cases' stages, every element citing its case and sentence.

use crate::app::App;
use corpus::extract::{Case, ConceptRef, Evidence, Path as CoPath};
use index::recommend::{facet_of_scheme, score_case, QueryCase, TextSignal, Weights};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Deserialize, Default)]
pub struct Request {
    pub scenario: String,
    /// Extra facets by name (`domain`, `actors`, `technologies`, …, `place`): concept labels,
    /// as a list or one string.
    #[serde(default, deserialize_with = "labels_or_string")]
    pub facets: BTreeMap<String, Vec<String>>,
    pub limit: Option<usize>,
    pub weights: Option<BTreeMap<String, f64>>,
}

fn labels_or_string<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    let raw: BTreeMap<String, Value> = BTreeMap::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(k, v)| {
            let labels = match v {
                Value::String(s) => s
                    .split(['、', ',', '，', ' '])
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect(),
                Value::Array(a) => a
                    .into_iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            (k, labels)
        })
        .filter(|(_, v): &(String, Vec<String>)| !v.is_empty())
        .collect())
}

/// The best case must reach this global score, or the answer is "nothing close".
pub const THRESHOLD: f64 = 0.18;
/// Share of the scenario's words the best case's document must contain when no concept
/// is shared.
pub const MIN_COVERAGE: f64 = 0.5;
pub const MAX_SCENARIO_CHARS: usize = 4000;
/// Shares of the BM25 text signal: the case's own text, the passages that name it, and its
/// document's best passage.
const W_CASE: f64 = 0.5;
const W_OWN: f64 = 0.3;
const W_DOC: f64 = 0.2;
/// Shares of the dense signal of the passages that name the case and of the document's
/// best passage, against the case's own vector.
const D_OWN: f64 = 0.9;
const D_DOC: f64 = 0.7;

#[derive(Debug, Serialize)]
pub struct Response {
    pub query_case: Value,
    pub cases: Vec<Value>,
    pub suggested_path: Value,
    pub nothing_close: bool,
    pub message: String,
    pub took_ms: f64,
}

fn query_case(app: &App, req: &Request) -> QueryCase {
    let mut text = req.scenario.clone();
    for (facet, labels) in &req.facets {
        if facet != "place" {
            text.push('\n');
            text.push_str(&labels.join("、"));
        }
    }
    let (concepts, places) = corpus::extract::extract_text(&text, &app.kb);
    let mut q = QueryCase {
        text: req.scenario.clone(),
        ..QueryCase::default()
    };
    for c in concepts {
        if let Some(f) = facet_of_scheme(&c.scheme) {
            q.facets.entry(f.to_string()).or_default().push(c);
        }
    }
    let place_text = req.facets.get("place").map(|p| p.join(" "));
    let places = match place_text {
        Some(t) => corpus::extract::extract_text(&t, &app.kb).1,
        None => places,
    };
    // The most specific named place describes the scenario best.
    let rank = |l: &str| {
        [
            "street",
            "community",
            "village",
            "county",
            "city",
            "province",
        ]
        .iter()
        .position(|x| *x == l)
        .unwrap_or(9)
    };
    q.place = places
        .into_iter()
        .filter(|p| p.code.is_some())
        .min_by_key(|p| rank(&p.level));
    q
}

/// Text evidence for the scenario, per case, per document and per passage: normalised
/// BM25, cosine, and per document the share of the scenario's words found in its best
/// passages (an absolute measure: normalised BM25 is always 1 for the best hit, however poor).
#[derive(Default)]
struct Signals {
    bm_case: HashMap<String, f64>,
    bm_doc: HashMap<String, f64>,
    bm_passage: HashMap<String, f64>,
    coverage: HashMap<String, f64>,
    de_case: HashMap<String, f64>,
    de_doc: HashMap<String, f64>,
    de_passage: HashMap<String, f64>,
}

fn bm25_signals(app: &App, text: &str, sig: &mut Signals) {
    let q: String = text
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”' | ':' | '-'))
        .take(index::query::MAX_QUERY_CHARS)
        .collect();
    let w = index::Weights {
        dense: 0.0,
        ..index::Weights::default()
    };
    if let Ok(r) = crate::queries::search_with(app, &q, Some("case"), 100, 0, w.clone()) {
        let max = r
            .hits
            .iter()
            .filter_map(|h| h.explain.bm25.as_ref().map(|b| b.score))
            .fold(0.0f32, f32::max);
        for h in &r.hits {
            if let (Some(b), true) = (&h.explain.bm25, max > 0.0) {
                sig.bm_case.insert(h.id.clone(), (b.score / max) as f64);
            }
        }
    }
    let words: std::collections::HashSet<String> =
        app.fulltext.tokenizer.query_words(&q).into_iter().collect();
    if let Ok(r) = crate::queries::search_with(app, &q, Some("passage"), 100, 0, w) {
        let max = r
            .hits
            .iter()
            .filter_map(|h| h.explain.bm25.as_ref().map(|b| b.score))
            .fold(0.0f32, f32::max);
        let mut matched: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
        for h in &r.hits {
            if let (Some(b), true) = (&h.explain.bm25, max > 0.0) {
                let s = (b.score / max) as f64;
                let e = sig.bm_doc.entry(h.document.id.clone()).or_insert(0.0);
                *e = e.max(s);
                sig.bm_passage.insert(h.id.clone(), s);
            }
            matched
                .entry(h.document.id.clone())
                .or_default()
                .extend(h.explain.matched_terms.iter().cloned());
        }
        for (doc, m) in matched {
            sig.coverage
                .insert(doc, m.len() as f64 / words.len().max(1) as f64);
        }
    }
}

/// Cosine of the scenario to each case vector, each passage and each document's best passage.
fn dense_signals(app: &App, text: &str, sig: &mut Signals) {
    // Every vector: a case missing from a short list would read as cosine 0.
    for (id, cos) in crate::vectors::neighbours(app, text, usize::MAX) {
        let cos = cos as f64;
        match id.split_once("-p") {
            Some((doc, _)) => {
                let e = sig.de_doc.entry(doc.to_string()).or_insert(0.0);
                *e = e.max(cos);
                sig.de_passage.insert(id, cos);
            }
            None => {
                sig.de_case.insert(id, cos);
            }
        }
    }
}

/// The best value of `by` over the passages that name the case.
fn own_best(c: &Case, by: &HashMap<String, f64>) -> f64 {
    c.evidence
        .iter()
        .filter_map(|e| by.get(&e.passage))
        .fold(0.0, |a, &b| a.max(b))
}

/// e5 cosines of a scenario crowd into 0.8–0.92; spread them over [0, 1].
fn spread(cos: f64) -> f64 {
    ((cos - 0.80) / 0.12).clamp(0.0, 1.0)
}

fn evidence_json(doc: &graph::docs::DocBrief, e: &Evidence) -> Value {
    json!({"text": e.text, "source": doc.source, "document": doc.id, "lines": [e.lines.0, e.lines.1], "passage": e.passage})
}

fn labels(v: &[ConceptRef]) -> Vec<String> {
    v.iter().map(|c| c.label.clone()).collect()
}

pub fn recommend(app: &App, req: &Request) -> anyhow::Result<Response> {
    let started = std::time::Instant::now();
    anyhow::ensure!(!req.scenario.trim().is_empty(), "scenario is empty");
    anyhow::ensure!(
        req.scenario.chars().count() <= MAX_SCENARIO_CHARS,
        "scenario too long (limit {MAX_SCENARIO_CHARS} characters)"
    );
    let mut weights = Weights::default();
    if let Some(w) = &req.weights {
        weights
            .0
            .extend(w.iter().map(|(k, v)| (k.clone(), v.max(0.0))));
    }
    let q = query_case(app, req);
    let mut sig = Signals::default();
    bm25_signals(app, &req.scenario, &mut sig);
    dense_signals(app, &req.scenario, &mut sig);
    let coverage = &sig.coverage;
    let briefs = app.briefs()?;
    // Scores only: the explanations of every stored case (a map per case) would take tens
    // of MiB per request at scale; the few cases shown are scored again with theirs below.
    let mut scored: Vec<(f64, &graph::Brief, &Case, TextSignal)> = Vec::new();
    for r in briefs.iter() {
        for c in &r.extraction.cases {
            // Relative BM25 of the case, of the passages that name it and of its document,
            // damped when the document holds few of the scenario's words. The case's own
            // passages tell apart the cases of one document, which share its best passage.
            let cov = coverage.get(&r.doc.id).copied().unwrap_or(0.0);
            let get = |m: &HashMap<String, f64>, k: &str| m.get(k).copied().unwrap_or(0.0);
            let bm = (W_CASE * get(&sig.bm_case, &c.id)
                + W_OWN * own_best(c, &sig.bm_passage)
                + W_DOC * get(&sig.bm_doc, &r.doc.id))
                * (2.0 * cov).min(1.0);
            let de = spread(get(&sig.de_case, &c.id))
                .max(D_OWN * spread(own_best(c, &sig.de_passage)))
                .max(D_DOC * spread(get(&sig.de_doc, &r.doc.id)));
            let text = TextSignal {
                bm25: bm,
                dense: de,
            };
            let (score, _) = score_case(&app.kb.thesaurus, &weights, &q, c, text);
            scored.push((score, r, c, text));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.id.cmp(&b.2.id)));
    let limit = req.limit.unwrap_or(5).clamp(1, 50);
    let scored: Vec<_> = scored
        .into_iter()
        .take(limit)
        .map(|(score, r, c, text)| {
            let (_, explain) = score_case(&app.kb.thesaurus, &weights, &q, c, text);
            (score, r, c, explain)
        })
        .collect();
    let best = scored.first().map_or(0.0, |s| s.0);
    // Close means a good score backed by something absolute: concepts shared with the
    // scenario, or a fair share of its words in the case's document.
    let backed = scored.first().is_some_and(|(_, r, _, explain)| {
        let concepts = explain
            .iter()
            .any(|(k, f)| k != "place" && (!f.shared.is_empty() || !f.near.is_empty()));
        concepts || coverage.get(&r.doc.id).copied().unwrap_or(0.0) >= MIN_COVERAGE
    });
    let nothing_close = best < THRESHOLD || !backed;
    let top: Vec<_> = if nothing_close {
        Vec::new()
    } else {
        scored.into_iter().take(limit).collect()
    };
    let cases: Vec<Value> = top
        .iter()
        .map(|(score, r, c, explain)| {
            let mut evidence: Vec<Value> = c.evidence.iter().take(3).map(|e| evidence_json(&r.doc, e)).collect();
            for (facet, f) in explain {
                for label in &f.shared {
                    let refs = index::recommend::case_facet(c, facet);
                    if let Some(e) = refs.iter().find(|x| &x.label == label).and_then(|x| x.evidence.first()) {
                        if evidence.len() < 8 {
                            evidence.push(evidence_json(&r.doc, e));
                        }
                    }
                }
            }
            json!({
                "id": c.id, "name": c.name,
                "document": {"id": r.doc.id, "title": r.doc.title, "source": r.doc.source},
                "place": c.place, "level": c.level, "score": score, "explain": explain,
                "facets": {
                    "domain": labels(&c.domains), "actors": labels(&c.actors), "technologies": labels(&c.technologies),
                    "mechanisms": labels(&c.mechanisms), "obstacles": labels(&c.obstacles), "outcomes": labels(&c.outcomes),
                },
                "path": best_path(c, &r.extraction.paths),
                "evidence": evidence,
            })
        })
        .collect();
    let suggested_path = suggest(
        app,
        &top.iter().map(|(_, r, c, _)| (*r, *c)).collect::<Vec<_>>(),
    );
    let query_case = json!({
        "facets": q.facets.iter().map(|(k, v)| (k.clone(), labels(v))).collect::<BTreeMap<_, _>>(),
        "place": q.place,
    });
    let message = if best < THRESHOLD {
        format!("nothing close: the best case scores {best:.2}, below {THRESHOLD}; the corpus has no analogous case for this scenario")
    } else if nothing_close {
        "nothing close: no concept of the scenario is shared with any case and the best case's document holds too few of its words".to_string()
    } else {
        format!("{} analogous cases", cases.len())
    };
    Ok(Response {
        query_case,
        cases,
        suggested_path,
        nothing_close,
        message,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The case's own longest path, else the longest staged path of its document.
fn best_path<'a>(c: &'a Case, doc_paths: &'a [CoPath]) -> Option<&'a CoPath> {
    let longest = |ps: &'a [CoPath]| {
        ps.iter()
            .filter(|p| p.stages.len() >= 2)
            .max_by_key(|p| p.stages.len())
    };
    longest(&c.paths).or_else(|| longest(doc_paths))
}

/// Merge the stages of the best cases' paths: stages with the same stage concept (or
/// label) are one step; steps are ordered by their mean relative position.
fn suggest(app: &App, top: &[(&graph::Brief, &Case)]) -> Value {
    struct Step {
        label: HashMap<String, usize>,
        pos: Vec<f64>,
        actors: Vec<String>,
        technologies: Vec<String>,
        mechanisms: Vec<String>,
        cites: Vec<Value>,
    }
    let mut steps: Vec<(String, Step)> = Vec::new();
    for (r, c) in top.iter().take(3) {
        let Some(path) = best_path(c, &r.extraction.paths) else {
            continue;
        };
        let n = path.stages.len() as f64;
        for (i, s) in path.stages.iter().enumerate() {
            let (concepts, _) = corpus::extract::extract_text(&s.label, &app.kb);
            let key = concepts
                .iter()
                .find(|k| k.scheme == "stage")
                .map(|k| k.concept.clone())
                .unwrap_or_else(|| corpus::text::match_key(&s.label));
            let idx = match steps.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    steps.push((
                        key,
                        Step {
                            label: HashMap::new(),
                            pos: vec![],
                            actors: vec![],
                            technologies: vec![],
                            mechanisms: vec![],
                            cites: vec![],
                        },
                    ));
                    steps.len() - 1
                }
            };
            let st = &mut steps[idx].1;
            *st.label.entry(s.label.clone()).or_default() += 1;
            st.pos.push((i as f64 + 0.5) / n);
            for (dst, src) in [
                (&mut st.actors, &s.actors),
                (&mut st.technologies, &s.technologies),
                (&mut st.mechanisms, &s.mechanisms),
            ] {
                for l in labels(src) {
                    if !dst.contains(&l) {
                        dst.push(l);
                    }
                }
            }
            let e = s.evidence.first().map(|e| evidence_json(&r.doc, e));
            st.cites.push(json!({"case": c.id, "case_name": c.name, "path": path.label, "stage": s.label, "evidence": e}));
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    steps.sort_by(|a, b| mean(&a.1.pos).total_cmp(&mean(&b.1.pos)));
    let mut obstacles: Vec<Value> = Vec::new();
    for (r, c) in top.iter().take(3) {
        for o in c.obstacles.iter().take(3) {
            obstacles.push(json!({"label": o.label, "case": c.id, "evidence": o.evidence.first().map(|e| evidence_json(&r.doc, e))}));
        }
    }
    let stages: Vec<Value> = steps
        .into_iter()
        .take(8)
        .map(|(_, s)| {
            let label = s.label.iter().max_by_key(|(l, n)| (**n, std::cmp::Reverse(l.chars().count()))).map(|(l, _)| l.clone()).unwrap_or_default();
            json!({"label": label, "actors": s.actors, "technologies": s.technologies, "mechanisms": s.mechanisms, "cites": s.cites})
        })
        .collect();
    json!({"stages": stages, "obstacles": obstacles})
}
