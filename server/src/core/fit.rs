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

/// Coordinate ascent from `start` over the given features (the others keep their weights).
pub fn fit(m: &[Measured], start: &Weights, features: &[Feature], rounds: usize) -> Weights {
    let mut w = start.clone();
    let mut best = objective(m, &w);
    for _ in 0..rounds {
        let before = best;
        for f in features {
            let cur = w.get(*f);
            for v in trials(cur) {
                let mut t = w.clone();
                t.set(*f, v);
                let o = objective(m, &t);
                if o > best + 1e-9 {
                    best = o;
                    w = t;
                }
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
