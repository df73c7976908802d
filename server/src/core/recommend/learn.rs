//! Fitting recommendation on tune scenarios: every case's per-facet scores measured once per
//! scenario (through the same `score_case` as `recommend`), facet weights learned by a small
//! pairwise ranking model (logistic loss of each expected case against the other cases)
//! (the "nothing close" cut is calibrated in `cut`). The
//! fit has no randomness: a fixed start, full-batch steps, scenarios and cases in a fixed
//! order, so the same measurements give the same weights. The result is
//! `server/data/recommend_weights.json`.

use super::score::{
    fuller, name_key, repeats, score_case, Weights, BREADTH, CASE_BIGRAMS, DOC_BIGRAMS, DOC_BM25,
    DOC_WORDS, OWN_DENSE, OWN_WORDS, PASSAGE_BIGRAMS, SITED,
};
use super::signals::{
    bm25_signals, dense_signals, names_site, sited, strongest, text_signal, Signals,
};
use super::tuning::{Closest, Cut, Strongest};
use super::{backed, query_case, Request};
use crate::core::app::App;
use corpus::Facet;

/// Whether a ranked case, from any document, is an expected one: the same name in either
/// script, or one inside the other when the shorter has three characters or more (`仁丰里`,
/// `扬州仁丰里`). Names that only share pieces (`株冶老厂区`, `洪都老厂区`) or a bare word
/// (`平台`) are other cases.
pub fn same_case(name: &str, expected: &str) -> bool {
    let (a, b) = (name_key(name), name_key(expected));
    let shorter = a.chars().count().min(b.chars().count());
    shorter >= 2 && (a == b || (shorter >= 3 && (a.contains(&b) || b.contains(&a))))
}

/// Whether a case name is, or contains, or is part of another name the answer key gives the
/// case (`马鞍山薛家洼` for the alias `薛家洼`); read only for cases of the expected documents.
pub fn alias_match(name: &str, alias: &str) -> bool {
    let (a, b) = (name_key(name), name_key(alias));
    a.chars().count() >= 2 && b.chars().count() >= 2 && (a.contains(&b) || b.contains(&a))
}

/// The weighted features, in a fixed order (fitting works on indices); `breadth` is last.
pub fn names() -> Vec<&'static str> {
    let mut v = vec!["text", "place", "path"];
    v.extend(Facet::ALL.iter().map(|f| f.label()));
    v.extend([
        OWN_DENSE,
        OWN_WORDS,
        DOC_WORDS,
        DOC_BM25,
        DOC_BIGRAMS,
        PASSAGE_BIGRAMS,
        CASE_BIGRAMS,
        SITED,
    ]);
    v.push(BREADTH);
    v
}

/// Not learned (weight 0): a documented path says a case is written up at length, not that
/// it is like the scenario; `sited` holds the development corpus's sites against the seed's
/// programmes, which are its cases too (`杭州“城市大脑”`: docs/ranking.md, sessions 10, 25).
const NOT_LEARNED: [&str; 2] = ["path", SITED];

/// One stored case against one scenario: its facet scores, whether absolute evidence backs
/// it (a shared concept, or enough of the scenario's words in its document), and whether it
/// is an expected case.
#[derive(Clone)]
pub struct Row {
    pub id: String,
    /// `name_key` of the name and the document id: repeats of one case are not counted.
    pub key: (String, String),
    pub scores: Vec<(usize, f64)>,
    pub backed: bool,
    pub hit: bool,
    /// How often its document names it (evidence kept), and its concept count.
    pub mentions: usize,
    pub concepts: usize,
    /// The text signal's parts (`signals::parts`).
    pub parts: [f64; 9],
}

/// One scenario measured: whether its analogue is absent, its split, and every case's row
/// in id order (the order ties break in).
pub struct Scenario {
    pub absent: bool,
    pub tune: bool,
    pub rows: Vec<Row>,
    /// `signals::strongest` for it.
    pub strongest: Strongest,
}

/// Every stored case scored against a scenario (`expected(name, source)` marks the hits),
/// and the scenario's strongest evidence (`signals::strongest`); `dense`: read with vectors
/// (where the app has them), as `recommend` does, or without, as it does with none.
pub fn measure(
    app: &App,
    scenario: &str,
    expected: &dyn Fn(&str, &str) -> bool,
    dense: bool,
) -> anyhow::Result<(Vec<Row>, Strongest)> {
    let names = names();
    // Every facet weighted, so that every score (breadth included) is computed.
    let all = Weights(names.iter().map(|n| (n.to_string(), 1.0)).collect());
    let req = Request {
        scenario: scenario.to_string(),
        ..Default::default()
    };
    let q = query_case(app, &req);
    let mut sig = Signals::default();
    bm25_signals(app, scenario, &mut sig);
    if dense {
        dense_signals(app, scenario, &mut sig);
    }
    let briefs = app.stores.briefs()?;
    let mut rows = Vec::new();
    for r in briefs.iter() {
        let any_site = r.extraction.cases.iter().any(|c| names_site(&c.name));
        for c in &r.extraction.cases {
            let mut text = text_signal(&sig, c, &r.doc.id);
            text.sited = sited(c, any_site);
            let (_, explain) = score_case(&app.kb.thesaurus, &all, &q, c, text);
            let scores = explain
                .iter()
                .filter_map(|(k, f)| Some((names.iter().position(|n| n == k)?, f.score)))
                .collect();
            rows.push(Row {
                id: c.id.clone(),
                key: (name_key(&c.name), r.doc.id.clone()),
                scores,
                backed: backed(&explain, &sig, &r.doc.id),
                hit: expected(&c.name, &r.doc.source),
                mentions: c.evidence.len(),
                concepts: super::score::case_concepts(c).count(),
                parts: super::signals::parts(&sig, c, &r.doc.id),
            });
        }
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((rows, strongest(&sig, briefs.len())))
}

/// `score::total` on indices.
pub fn total(w: &[f64], scores: &[(usize, f64)], breadth: usize) -> f64 {
    let (mut sum, mut wsum, mut penalty) = (0.0, 0.0, 0.0);
    for (k, s) in scores {
        if *k == breadth {
            penalty += w[*k] * s;
        } else {
            sum += w[*k] * s;
            wsum += w[*k];
        }
    }
    if wsum > 0.0 {
        sum / wsum - penalty
    } else {
        -penalty
    }
}

/// Per scenario: rank of the first expected case among the cases shown under weights `w`
/// (repeats skipped, as `recommend` does; ranks past `DEPTH` are not followed), and the
/// closest case's score under the closeness weights `wc` and whether it is backed (what
/// "nothing close" reads).
pub(crate) struct Outcome {
    pub(crate) rank: Option<usize>,
    pub(super) closest: Closest,
    /// The rows shown above the first expected case (or the first `DEPTH`).
    shown: Vec<usize>,
}

const DEPTH: usize = 50;

pub(crate) fn outcome(w: &[f64], wc: &[f64], s: &Scenario, breadth: usize) -> Outcome {
    let score = |w: &[f64], i: usize| total(w, &s.rows[i].scores, breadth);
    let scores: Vec<f64> = (0..s.rows.len()).map(|i| score(w, i)).collect();
    let mut order: Vec<usize> = (0..s.rows.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut shown: Vec<usize> = Vec::new();
    let mut rank = None;
    for &i in &order {
        let key = |j: usize| (s.rows[j].key.0.as_str(), s.rows[j].key.1.as_str());
        if let Some(p) = shown.iter().position(|&j| repeats(key(i), key(j))) {
            // A fuller name of a case shown takes its place, as in `recommend`.
            if s.rows[i].hit && fuller(key(i).0, key(shown[p]).0) {
                rank = Some(p);
                break;
            }
            continue;
        }
        if s.rows[i].hit {
            rank = Some(shown.len());
            break;
        }
        shown.push(i);
        if shown.len() >= DEPTH {
            break;
        }
    }
    // The closest case: the best by `wc`, the lower index among equals (as `recommend`).
    let closest = (0..s.rows.len())
        .map(|i| (score(wc, i), i))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    Outcome {
        rank,
        closest: Closest {
            best: closest.map_or(0.0, |c| c.0),
            backed: closest.is_some_and(|c| s.rows[c.1].backed),
            strongest: s.strongest,
        },
        shown,
    }
}

/// `start` moved a share `a` of the way to `fitted`, weight by weight (every name of either).
pub fn blend(start: &Weights, fitted: &Weights, a: f64) -> Weights {
    let keys: std::collections::BTreeSet<&String> = start.0.keys().chain(fitted.0.keys()).collect();
    Weights(
        keys.into_iter()
            .map(|k| (k.clone(), start.get(k) + a * (fitted.get(k) - start.get(k))))
            .collect(),
    )
}

/// Weights in the order of `names`.
pub(crate) fn values(w: &Weights) -> Vec<f64> {
    names().iter().map(|n| w.get(n)).collect()
}

/// A scenario as ranked under given weights, for a look at the misses.
pub struct Look {
    /// Rank of the first expected case (as `recommend` shows them).
    pub rank: Option<usize>,
    /// The rows shown above it.
    pub above: Vec<usize>,
    /// Whether "nothing close" is said.
    pub nothing: bool,
}

pub fn look(w: &Weights, close: &Weights, cut: &Cut, s: &Scenario) -> Look {
    let o = outcome(&values(w), &values(close), s, names().len() - 1);
    Look {
        rank: o.rank,
        above: o.shown,
        nothing: cut.nothing_close(&o.closest),
    }
}

/// The pairwise model's settings: score scale of the logistic loss, L2 pull toward 0, steps,
/// step size, the start of every learned weight, and how many of the other cases of a
/// scenario (the best by `text`: a fixed order, not the weights being learned) it is
/// compared against.
const TAU: f64 = 0.1;
const LAMBDA: f64 = 0.01;
const STEPS: usize = 200;
const RATE: f64 = 0.05;
const START: f64 = 0.1;
const HARD: usize = 40;

/// One tune scenario for the model: feature vectors of its expected cases and of the other
/// cases it must beat (breadth negated: its weight is a penalty).
struct Pairs {
    hits: Vec<Vec<f64>>,
    others: Vec<Vec<f64>>,
}

fn pairs(s: &Scenario, n: usize, breadth: usize) -> Option<Pairs> {
    let vector = |r: &Row| {
        let mut v = vec![0.0; n];
        for (k, x) in &r.scores {
            v[*k] = if *k == breadth { -x } else { *x };
        }
        v
    };
    let hits: Vec<Vec<f64>> = s.rows.iter().filter(|r| r.hit).map(vector).collect();
    if hits.is_empty() {
        return None;
    }
    let text = |r: &Row| r.scores.iter().find(|x| x.0 == 0).map_or(0.0, |x| x.1);
    let mut others: Vec<&Row> = s.rows.iter().filter(|r| !r.hit).collect();
    others.sort_by(|a, b| text(b).total_cmp(&text(a)).then_with(|| a.id.cmp(&b.id)));
    let others = others.into_iter().take(HARD).map(vector).collect();
    Some(Pairs { hits, others })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Learn the facet weights on the tune scenarios with an analogue: full-batch gradient
/// descent on the logistic loss of the best-scored expected case against each other case,
/// weights kept ≥ 0; then calibrate the threshold on all tune scenarios. Within one scenario
/// the weighted mean of `total` ranks as the plain weighted sum does (the facets used are
/// the same for every case), so the model fits the sum.
pub fn fit(scenarios: &[Scenario]) -> Weights {
    fit_on(scenarios.iter().filter(|s| s.tune && !s.absent))
}

/// `fit` on the given scenarios (those with an analogue).
pub(crate) fn fit_on<'a>(scenarios: impl Iterator<Item = &'a Scenario>) -> Weights {
    let names = names();
    let (n, breadth) = (names.len(), names.len() - 1);
    let learned: Vec<bool> = names.iter().map(|x| !NOT_LEARNED.contains(x)).collect();
    let sets: Vec<Pairs> = scenarios.filter_map(|s| pairs(s, n, breadth)).collect();
    let mut w: Vec<f64> = learned
        .iter()
        .map(|&l| if l { START } else { 0.0 })
        .collect();
    for _ in 0..STEPS {
        let mut g = vec![0.0; n];
        for p in &sets {
            let best = p
                .hits
                .iter()
                .fold(None::<&Vec<f64>>, |b, h| match b {
                    Some(b) if dot(b, &w) >= dot(h, &w) => Some(b),
                    _ => Some(h),
                })
                .expect("pairs have hits");
            let sb = dot(best, &w);
            let m = p.others.len().max(1) as f64;
            for o in &p.others {
                let z = ((sb - dot(o, &w)) / TAU).clamp(-50.0, 50.0);
                let pull = 1.0 / (1.0 + z.exp()) / TAU / m;
                for j in 0..n {
                    g[j] -= pull * (best[j] - o[j]);
                }
            }
        }
        let k = sets.len().max(1) as f64;
        for j in (0..n).filter(|&j| learned[j]) {
            w[j] = (w[j] - RATE * (g[j] / k + LAMBDA * w[j])).max(0.0);
        }
    }
    Weights::named(&names, &w)
}

/// Figures on one split, ranked by `w`, "nothing close" by the closeness weights and their
/// cut: analogue in the top 3, first, "nothing close" right on absent, wrong on present.
pub fn figures(
    w: &Weights,
    close: &Weights,
    cut: &Cut,
    scenarios: &[Scenario],
    tune: bool,
) -> [f64; 4] {
    let breadth = names().len() - 1;
    let (w, wc) = (values(w), values(close));
    let (mut at3, mut at1, mut np, mut wrong, mut na, mut right) = (0, 0, 0, 0, 0, 0);
    for s in scenarios.iter().filter(|s| s.tune == tune) {
        let o = outcome(&w, &wc, s, breadth);
        let nothing = cut.nothing_close(&o.closest);
        if s.absent {
            na += 1;
            right += nothing as usize;
        } else {
            np += 1;
            wrong += nothing as usize;
            let r = o.rank.filter(|_| !nothing);
            at3 += r.is_some_and(|r| r < 3) as usize;
            at1 += (r == Some(0)) as usize;
        }
    }
    let r = |n: usize, d: usize| n as f64 / d.max(1) as f64;
    [r(at3, np), r(at1, np), r(right, na), r(wrong, np)]
}

/// The weights file of the source tree (what `eval --dev --fit --write` replaces).
pub fn weights_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/recommend_weights.json")
}

/// The weights file's text: the ranking weights, the closeness weights and their cut.
pub fn to_json(w: &Weights, close: &Weights, cut: &Cut, note: &str) -> String {
    let f = super::tuning::Fitted {
        note: note.to_string(),
        threshold: cut.threshold,
        unbacked: cut.unbacked,
        refusal: cut.model.clone(),
        weights: w.0.clone(),
        closeness: close.0.clone(),
        lexical: super::tuning::FITTED.lexical.clone(),
    };
    serde_json::to_string_pretty(&f).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fit scores cases with the same formula as `recommend`.
    #[test]
    fn fit_total_is_score_total() {
        let names = names();
        let w: Vec<f64> = (0..names.len()).map(|i| 0.05 * (i + 1) as f64).collect();
        let weights = Weights::named(&names, &w);
        let scores = [(0, 0.7), (2, 1.0), (3, 0.25), (names.len() - 1, 0.4)];
        let named = scores.iter().map(|(i, s)| (names[*i], *s));
        let a = super::super::score::total(&weights, named);
        let b = total(&w, &scores, names.len() - 1);
        assert!((a - b).abs() < 1e-12, "{a} {b}");
        assert!(same_case("審計新村", "审计新村"));
        assert!(same_case("扬州仁丰里", "仁丰里"));
        assert!(!same_case("株冶老厂区", "洪都老厂区"));
        assert!(!same_case("平台", "崆峒e家智慧养老平台"));
        assert!(alias_match("马鞍山薛家洼", "薛家洼"));
        assert!(!alias_match("马鞍山", "薛家洼"));
    }
}
