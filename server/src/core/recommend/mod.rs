//! Recommendation: read a scenario into a query case, rank every stored case by
//! CBR similarity, explain each score, and compose a suggested co-creation path from the
//! best cases' stages, every element citing its case and sentence.

pub mod cut;
pub mod learn;
pub mod path;
pub mod score;
pub mod signals;
pub mod tuning;

use crate::core::app::App;
use crate::core::views::{labels, CaseSummary, Cite, FacetLabels};
use corpus::extract::{Case, Path as CoPath, Place};
use corpus::Facet;
use path::{best_path, suggest, SuggestedPath};
use score::{
    case_facet, fuller, name_key, repeats, score_case, FacetScore, QueryCase, TextSignal, Weights,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use signals::{bm25_signals, dense_signals, names_site, sited, strongest, text_signal, Signals};
use std::collections::BTreeMap;
use tuning::{
    Closest, Cut, MAX_FACETS, MAX_LABELS, MAX_LABEL_CHARS, MAX_SCENARIO_CHARS, MIN_COVERAGE,
};

/// Facet name → its score and explanation.
pub type Explain = BTreeMap<String, FacetScore>;

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

/// Why a recommendation could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RecommendError {
    /// The request itself is wrong (an empty scenario).
    #[error("{0}")]
    Invalid(String),
    /// Too much of something: scenario, facets, labels or weights.
    #[error("{0}")]
    TooLarge(String),
    #[error(transparent)]
    Store(#[from] anyhow::Error),
}

#[derive(Debug, Serialize)]
pub struct Response {
    pub query_case: QueryCaseView,
    pub cases: Vec<RecommendedCase>,
    /// When nothing is close: the nearest cases all the same, marked far (at most 3).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub far: Vec<RecommendedCase>,
    pub suggested_path: SuggestedPath,
    pub nothing_close: bool,
    pub message: String,
    pub took_ms: f64,
}

/// The scenario as read: its concepts by facet, and its place.
#[derive(Debug, Serialize)]
pub struct QueryCaseView {
    pub facets: FacetLabels,
    pub place: Option<Place>,
}

/// A recommended case with its score, the explanation of every facet, its path and cites.
#[derive(Debug, Serialize)]
pub struct RecommendedCase {
    #[serde(flatten)]
    pub case: CaseSummary,
    pub score: f64,
    pub explain: Explain,
    pub path: Option<CoPath>,
    pub evidence: Vec<Cite>,
}

/// A case ranked with its document, before or after its explanation is built.
type Ranked<'a, T> = (f64, &'a graph::Brief, &'a Case, T);

pub(crate) fn query_case(app: &App, req: &Request) -> QueryCase {
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
        if let Some(f) = Facet::of_scheme(&c.scheme) {
            q.facets.entry(f).or_default().push(c);
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

/// Facets shown with a recommended case.
const SHOWN_FACETS: [Facet; 6] = [
    Facet::Domain,
    Facet::Actors,
    Facet::Technologies,
    Facet::Mechanisms,
    Facet::Obstacles,
    Facet::Outcomes,
];

fn check(req: &Request) -> Result<(), RecommendError> {
    if req.scenario.trim().is_empty() {
        return Err(RecommendError::Invalid("scenario is empty".into()));
    }
    let too_large = |m: String| Err(RecommendError::TooLarge(m));
    if req.scenario.chars().count() > MAX_SCENARIO_CHARS {
        return too_large(format!(
            "scenario too long (limit {MAX_SCENARIO_CHARS} characters)"
        ));
    }
    let weights = req.weights.as_ref().map_or(0, |w| w.len());
    if req.facets.len() > MAX_FACETS || weights > MAX_FACETS {
        return too_large(format!(
            "{} facets and {weights} weights given (limit {MAX_FACETS} each)",
            req.facets.len()
        ));
    }
    for (facet, labels) in &req.facets {
        let name = facet.chars().take(40).collect::<String>();
        if labels.len() > MAX_LABELS {
            return too_large(format!(
                "facet `{name}`: {} labels (limit {MAX_LABELS})",
                labels.len()
            ));
        }
        if facet.chars().count() > MAX_LABEL_CHARS
            || labels.iter().any(|l| l.chars().count() > MAX_LABEL_CHARS)
        {
            return too_large(format!(
                "facet `{name}`: a name or label over {MAX_LABEL_CHARS} characters"
            ));
        }
    }
    Ok(())
}

fn weights(req: &Request) -> Weights {
    let mut weights = Weights::default();
    if let Some(w) = &req.weights {
        weights
            .0
            .extend(w.iter().map(|(k, v)| (k.clone(), v.max(0.0))));
    }
    weights
}

pub fn recommend(app: &App, req: &Request) -> Result<Response, RecommendError> {
    let started = std::time::Instant::now();
    check(req)?;
    let weights = weights(req);
    let q = query_case(app, req);
    let mut sig = Signals::default();
    bm25_signals(app, &req.scenario, &mut sig);
    dense_signals(app, &req.scenario, &mut sig);
    let briefs = app.stores.briefs()?;
    let limit = req.limit.unwrap_or(5).clamp(1, 50);
    let close = Weights::closeness();
    let (ranked, closest) = rank(app, [&weights, &close], &q, &sig, &briefs);
    let scored: Vec<Ranked<Explain>> = distinct(ranked, limit)
        .into_iter()
        .map(|(score, r, c, text)| {
            let (_, explain) = score_case(&app.kb.thesaurus, &weights, &q, c, text);
            (score, r, c, explain)
        })
        .collect();
    let (best, backed) = closest.map_or((0.0, false), |(score, r, c, text)| {
        let (_, explain) = score_case(&app.kb.thesaurus, &close, &q, c, text);
        (score, backed(&explain, &sig, &r.doc.id))
    });
    let closest = Closest {
        best,
        backed,
        strongest: strongest(&sig, briefs.len()),
    };
    let cut = Cut::bundled(app.embedder.as_ref().map(|e| e.id()));
    let nothing_close = cut.nothing_close(&closest);
    let (top, far): (Vec<_>, Vec<_>) = if nothing_close {
        (Vec::new(), scored.into_iter().take(3).collect())
    } else {
        (scored, Vec::new())
    };
    let cases: Vec<RecommendedCase> = top.iter().map(recommended).collect();
    let far: Vec<RecommendedCase> = far.iter().map(recommended).collect();
    let suggested_path = suggest(
        app,
        &top.iter().map(|(_, r, c, _)| (*r, *c)).collect::<Vec<_>>(),
    );
    let query_case = QueryCaseView {
        facets: q
            .facets
            .iter()
            .map(|(k, v)| (k.label().to_string(), labels(v)))
            .collect(),
        place: q.place,
    };
    let message = message(&cut, &closest, nothing_close, cases.len());
    Ok(Response {
        query_case,
        cases,
        far,
        suggested_path,
        nothing_close,
        message,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// Every stored case scored (without explanations), best first, and the closest case by
/// the closeness weights (`[ranking, closeness]`) with its closeness score.
pub(crate) fn rank<'a>(
    app: &App,
    [weights, close]: [&Weights; 2],
    q: &QueryCase,
    sig: &Signals,
    briefs: &'a [graph::Brief],
) -> (Vec<Ranked<'a, TextSignal>>, Option<Ranked<'a, TextSignal>>) {
    // Scores only: the explanations of every stored case (a map per case) would take tens
    // of MiB per request at scale; the few cases shown are scored again with theirs.
    let mut scored = Vec::new();
    let mut closest: Option<Ranked<'a, TextSignal>> = None;
    // `score_case` measures `sited` only where the ranking weighs it; closeness reads the
    // same facets.
    let with_sited = weights.get(score::SITED) != 0.0;
    for r in briefs {
        let cases = &r.extraction.cases;
        let any_site = with_sited && cases.iter().any(|c| names_site(&c.name));
        for c in cases {
            let mut text = text_signal(sig, c, &r.doc.id);
            if with_sited {
                text.sited = sited(c, any_site);
            }
            let (score, facets) = score_case(&app.kb.thesaurus, weights, q, c, text);
            let near = score::total(close, facets.iter().map(|(k, f)| (k.as_str(), f.score)));
            if closest
                .as_ref()
                .is_none_or(|x| nearer((near, c), (x.0, x.2)))
            {
                closest = Some((near, r, c, text));
            }
            scored.push((score, r, c, text));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.id.cmp(&b.2.id)));
    (scored, closest)
}

/// Whether a case scored `a` is closer than one scored `b` (equal scores: the lower id, as
/// the ranking breaks ties).
fn nearer((a, x): (f64, &Case), (b, y): (f64, &Case)) -> bool {
    a > b || (a == b && x.id < y.id)
}

/// The best `limit` cases, a case named twice shown once (`score::repeats`), under its
/// fuller name.
fn distinct<'a>(ranked: Vec<Ranked<'a, TextSignal>>, limit: usize) -> Vec<Ranked<'a, TextSignal>> {
    let mut out: Vec<(Ranked<'a, TextSignal>, String)> = Vec::new();
    for r in ranked {
        let key = name_key(&r.2.name);
        let seen = |(s, k): &(Ranked<'a, TextSignal>, String)| {
            repeats((k, &s.1.doc.id), (&key, &r.1.doc.id))
        };
        match out.iter().position(seen) {
            // The case named more fully takes the place (and score) of its first name.
            Some(p) if fuller(&key, &out[p].1) => {
                let score = out[p].0 .0;
                out[p] = ((score, r.1, r.2, r.3), key);
            }
            Some(_) => {}
            None => out.push((r, key)),
        }
        if out.len() >= limit {
            break;
        }
    }
    out.into_iter().map(|(r, _)| r).collect()
}

/// Close means a good score backed by something absolute: concepts shared with the
/// scenario, or a fair share of its words in the case's document.
pub(crate) fn backed(explain: &Explain, sig: &Signals, doc_id: &str) -> bool {
    let concepts = explain
        .iter()
        .any(|(k, f)| k != "place" && (!f.shared.is_empty() || !f.near.is_empty()));
    concepts || sig.coverage.get(doc_id).copied().unwrap_or(0.0) >= MIN_COVERAGE
}

fn message(cut: &Cut, c: &Closest, nothing_close: bool, n: usize) -> String {
    let (best, cov) = (c.best, 100.0 * c.strongest.coverage);
    let far = "the corpus has no analogous case for this scenario (the nearest are listed as far)";
    if !nothing_close {
        return format!("{n} analogous cases");
    }
    match cut.logistic(c) {
        Some(m) => {
            let read = match c.strongest.cosine.filter(|_| cut.dense) {
                Some(cos) => format!("the nearest passage has cosine {cos:.3} and "),
                None => "read without vectors, ".to_string(),
            };
            format!("nothing close: the best case scores {best:.2}, {read}the best document holds {cov:.0}% of the scenario's words by rarity; together they read {:.2}, below the cut of {:.2} for a corpus of {} documents; {far}", m.logit(c), m.cut_at(c.strongest.documents), c.strongest.documents)
        }
        None if best < cut.threshold => format!("nothing close: the best case scores {best:.2}, below {:.3}; {far}", cut.threshold),
        None => format!("nothing close: no concept of the scenario is shared with the best case, its document holds too few of its words, and it scores {best:.2}, below {:.3}", cut.unbacked),
    }
}

/// A ranked case as shown: its first sentences, then the sentences of its shared concepts.
fn recommended((score, r, c, explain): &Ranked<Explain>) -> RecommendedCase {
    let mut evidence: Vec<Cite> = c
        .evidence
        .iter()
        .take(3)
        .map(|e| Cite::of(&r.doc, e))
        .collect();
    for (facet, f) in explain {
        let Some(facet) = Facet::from_label(facet) else {
            continue;
        };
        for label in &f.shared {
            let refs = case_facet(c, facet);
            if let Some(e) = refs
                .iter()
                .find(|x| &x.label == label)
                .and_then(|x| x.evidence.first())
            {
                if evidence.len() < 8 {
                    evidence.push(Cite::of(&r.doc, e));
                }
            }
        }
    }
    let facets = SHOWN_FACETS
        .iter()
        .map(|f| (f.label().to_string(), labels(case_facet(c, *f))))
        .collect();
    RecommendedCase {
        case: CaseSummary::of(&r.doc, c, facets),
        score: *score,
        explain: explain.clone(),
        path: best_path(c, &r.extraction.paths).cloned(),
        evidence,
    }
}
