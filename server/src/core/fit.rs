//! Fitting the search ranking weights on the tune questions of the development corpus:
//! coordinate ascent over one feature weight at a time, keeping a change only when it raises
//! the tune objective. Check questions never enter the fit; the ablation reads them only as
//! aggregate figures.

use crate::core::dev_eval::{first_rank, search_figures, Measured, SearchFigures, Split};
use index::rank::{Feature, Weights};

/// Tune objective: facts count hit@1, hit@5 and reciprocal rank; keywords hit@1 and
/// reciprocal rank (the reciprocal ranks break ties between weightings with equal hits).
pub fn objective(m: &[Measured], w: &Weights) -> f64 {
    let mut total = 0.0;
    for q in m.iter().filter(|q| q.split == Split::Tune) {
        let r = first_rank(w, &q.list);
        let rr = r.map_or(0.0, |r| 1.0 / (r as f64 + 1.0));
        let at1 = (r == Some(0)) as u8 as f64;
        total += if q.kind == "fact" {
            at1 + 0.5 * r.is_some_and(|r| r < 5) as u8 as f64 + 0.5 * rr
        } else {
            at1 + 0.5 * rr
        };
    }
    total
}

/// Values tried for one weight: off, multiples of the current value, and a fixed ladder
/// (scores are sums of features in [0, 1], so weights of 0.001–1 span every useful mix).
fn trials(cur: f32) -> Vec<f32> {
    let mut v = vec![0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];
    if cur != 0.0 {
        v.extend([0.5, 0.7, 0.85, 1.2, 1.4, 2.0].map(|m| cur * m));
    }
    v
}

/// A change must raise the tune objective by this much (in questions answered first) to be
/// kept: smaller gains are mostly the noise of a few tune questions, and chasing them moves
/// the weights away from what holds on other corpora.
pub fn min_gain() -> f64 {
    std::env::var("GONGCHUANG_FIT_MIN_GAIN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MIN_GAIN)
}
const MIN_GAIN: f64 = 1.0;

/// Coordinate ascent from `start` over the given features (the others keep their weights).
pub fn fit(m: &[Measured], start: &Weights, features: &[Feature], rounds: usize) -> Weights {
    let gain = min_gain();
    let mut w = start.clone();
    let mut best = objective(m, &w);
    for _ in 0..rounds {
        let before = best;
        for f in features {
            let cur = w.get(*f);
            // The best value for this feature, kept only if it gains enough.
            let (mut bo, mut bw) = (best, None);
            for v in trials(cur) {
                let mut t = w.clone();
                t.set(*f, v);
                let o = objective(m, &t);
                if o > bo + 1e-9 {
                    (bo, bw) = (o, Some(t));
                }
            }
            if let Some(t) = bw.filter(|_| bo >= best + gain) {
                (best, w) = (bo, t);
            }
        }
        if best <= before + 1e-9 {
            break;
        }
    }
    w
}

/// Check figures with each weighted feature turned off, one at a time (aggregate only).
pub fn ablation(m: &[Measured], w: &Weights) -> Vec<(Feature, SearchFigures)> {
    Feature::ALL
        .into_iter()
        .filter(|f| w.get(*f) != 0.0)
        .map(|f| {
            let mut t = w.clone();
            t.set(f, 0.0);
            (f, search_figures(m, Split::Check, &t))
        })
        .collect()
}

/// The bundled weights file of the source tree (what `eval --fit --write` replaces).
pub fn weights_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../index/data/rank_weights.json")
}

/// Fit on tune, then keep a feature only if it improves check: a feature whose removal
/// leaves the check aggregate (fact@1 + fact@5 + keyword@1) as high is dropped, and the rest
/// refitted on tune. The pruned fit is taken only when it does as well on tune as the full
/// one (else the full fit stands and nothing is dropped): a refit that starts elsewhere can
/// land lower, and the weights must not depend on that. Returns the weights and the dropped
/// features.
pub fn fit_and_prune(
    m: &[Measured],
    start: &Weights,
    features: &[Feature],
) -> (Weights, Vec<Feature>) {
    let w = fit(m, start, features, 4);
    let agg = |s: &SearchFigures| s.fact_at_1 + s.fact_at_5 + s.keyword_at_1;
    let full = agg(&search_figures(m, Split::Check, &w));
    let dropped: Vec<Feature> = ablation(m, &w)
        .into_iter()
        .filter(|(_, s)| agg(s) >= full)
        .map(|(f, _)| f)
        .collect();
    let keep: Vec<Feature> = features
        .iter()
        .copied()
        .filter(|f| !dropped.contains(f))
        .collect();
    let mut pruned = w.clone();
    for f in Feature::ALL.into_iter().filter(|f| !keep.contains(f)) {
        pruned.set(f, 0.0);
    }
    let pruned = fit(m, &pruned, &keep, 4);
    if objective(m, &pruned) + 1e-9 >= objective(m, &w) {
        (pruned, dropped)
    } else {
        (w, Vec::new())
    }
}

/// `start + a · (fitted − start)`: the fitted weights shrunk toward where the fit started.
pub fn blend(start: &Weights, fitted: &Weights, a: f32) -> Weights {
    let mut w = start.clone();
    for f in Feature::ALL {
        w.set(f, start.get(f) + a * (fitted.get(f) - start.get(f)));
    }
    w
}

/// The seed dev questions must keep their figures within this of the starting weights'.
pub const SEED_SLACK: f64 = 0.03;

/// Whether the seed dev scenarios keep their recommendation figures within the slack.
pub fn seed_recommend_holds(
    s: &crate::core::eval::RecommendScores,
    reference: &crate::core::eval::RecommendScores,
) -> bool {
    let pairs = [
        (s.case_at_3, reference.case_at_3),
        (s.case_at_1, reference.case_at_1),
        (s.doc_at_3, reference.doc_at_3),
    ];
    pairs.iter().all(|(a, b)| *a >= b - SEED_SLACK - 1e-9)
}

/// Whether figures on the seed dev questions hold within `SEED_SLACK` of a reference.
pub fn seed_holds(s: &crate::core::eval::Scores, reference: &crate::core::eval::Scores) -> bool {
    let pairs = [
        (s.keyword_doc_at_1, reference.keyword_doc_at_1),
        (s.scenario_doc_at_1, reference.scenario_doc_at_1),
        (s.fact_passage_at_1, reference.fact_passage_at_1),
        (s.fact_passage_at_5, reference.fact_passage_at_5),
    ];
    pairs.iter().all(|(a, b)| *a >= b - SEED_SLACK - 1e-9)
}
