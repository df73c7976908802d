//! Fitting recommendation on tune scenarios: every case's per-facet scores measured once per
//! scenario (through the same `score_case` as `recommend`), then facet weights by coordinate
//! ascent and the "nothing close" threshold calibrated on scenarios with and without an
//! analogue. The result is `server/data/recommend_weights.json`.

use super::score::{score_case, Weights, BREADTH};
use super::signals::{bm25_signals, dense_signals, text_signal, Signals};
use super::{backed, query_case, Request};
use crate::core::app::App;
use corpus::Facet;

/// Whether a ranked case is an expected one: the same name in either script.
pub fn same_case(name: &str, expected: &str) -> bool {
    use corpus::normalize::script::fold;
    corpus::text::names_match(&fold(name), &fold(expected))
}

/// The weighted features, in a fixed order (fitting works on indices).
pub fn names() -> Vec<&'static str> {
    let mut v = vec!["text", "place", "path"];
    v.extend(Facet::ALL.iter().map(|f| f.label()));
    v.push(BREADTH);
    v
}

/// One stored case against one scenario: its facet scores and whether absolute evidence
/// backs it (a shared concept, or enough of the scenario's words in its document).
pub struct Row {
    pub id: String,
    pub name: String,
    pub scores: Vec<(usize, f64)>,
    pub backed: bool,
}

/// One scenario measured: its expected case names (none when its analogue is absent) and
/// every case's row, in id order (the order ties break in).
pub struct Scenario {
    pub expected: Vec<String>,
    pub tune: bool,
    pub rows: Vec<Row>,
}

pub fn measure(app: &App, scenario: &str) -> anyhow::Result<Vec<Row>> {
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
    dense_signals(app, scenario, &mut sig);
    let briefs = app.stores.briefs()?;
    let mut rows = Vec::new();
    for r in briefs.iter() {
        for c in &r.extraction.cases {
            let text = text_signal(&sig, c, &r.doc.id);
            let (_, explain) = score_case(&app.kb.thesaurus, &all, &q, c, text);
            let scores = explain
                .iter()
                .filter_map(|(k, f)| Some((names.iter().position(|n| n == k)?, f.score)))
                .collect();
            rows.push(Row {
                id: c.id.clone(),
                name: c.name.clone(),
                scores,
                backed: backed(&explain, &sig, &r.doc.id),
            });
        }
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rows)
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

/// Per scenario under weights `w`: rank of the first expected case, the best score and
/// whether the best case is backed.
struct Outcome {
    rank: Option<usize>,
    best: f64,
    backed: bool,
}

fn outcome(w: &[f64], s: &Scenario, breadth: usize) -> Outcome {
    let scores: Vec<f64> = s
        .rows
        .iter()
        .map(|r| total(w, &r.scores, breadth))
        .collect();
    let mut top = 0;
    let mut hit: Option<usize> = None;
    for (j, r) in s.rows.iter().enumerate() {
        if scores[j] > scores[top] {
            top = j;
        }
        let ok = s.expected.iter().any(|e| same_case(&r.name, e));
        if ok && hit.is_none_or(|h| scores[j] > scores[h]) {
            hit = Some(j);
        }
    }
    let rank = hit.map(|j| {
        scores
            .iter()
            .enumerate()
            .filter(|(i, x)| **x > scores[j] || (**x == scores[j] && *i < j))
            .count()
    });
    Outcome {
        rank,
        best: scores.get(top).copied().unwrap_or(0.0),
        backed: s.rows.get(top).is_some_and(|r| r.backed),
    }
}

/// The threshold with the best balanced accuracy of "nothing close" on these outcomes
/// (absent: should say it; present: should not), the middle one among equals; and that accuracy.
fn calibrate(outs: &[(Outcome, bool)]) -> (f64, f64) {
    let mut cands: Vec<f64> = outs.iter().map(|(o, _)| o.best).collect();
    cands.sort_by(f64::total_cmp);
    let mut ts = vec![0.0];
    ts.extend(cands.windows(2).map(|p| (p[0] + p[1]) / 2.0));
    ts.push(cands.last().copied().unwrap_or(0.0) + 1e-6);
    let acc = |t: f64| {
        let (mut ra, mut na, mut rp, mut np) = (0, 0, 0, 0);
        for (o, absent) in outs {
            let nothing = o.best < t || !o.backed;
            if *absent {
                na += 1;
                ra += nothing as usize;
            } else {
                np += 1;
                rp += !nothing as usize;
            }
        }
        (ra as f64 / na.max(1) as f64 + rp as f64 / np.max(1) as f64) / 2.0
    };
    let scored: Vec<(f64, f64)> = ts.iter().map(|&t| (t, acc(t))).collect();
    let top = scored.iter().map(|x| x.1).fold(0.0, f64::max);
    let best: Vec<f64> = scored
        .iter()
        .filter(|x| x.1 >= top - 1e-12)
        .map(|x| x.0)
        .collect();
    (best[best.len() / 2], top)
}

/// Tune objective: analogue in the top 3 and first, reciprocal rank, and the balanced
/// accuracy of "nothing close" at the best threshold. Returns it with that threshold.
pub fn objective(w: &[f64], scenarios: &[Scenario]) -> (f64, f64) {
    let breadth = names().len() - 1;
    let outs: Vec<(Outcome, bool)> = scenarios
        .iter()
        .filter(|s| s.tune)
        .map(|s| (outcome(w, s, breadth), s.expected.is_empty()))
        .collect();
    let present: Vec<&Outcome> = outs.iter().filter(|o| !o.1).map(|o| &o.0).collect();
    let np = present.len().max(1) as f64;
    let at3 = present
        .iter()
        .filter(|o| o.rank.is_some_and(|r| r < 3))
        .count() as f64;
    let at1 = present.iter().filter(|o| o.rank == Some(0)).count() as f64;
    let rr: f64 = present
        .iter()
        .map(|o| o.rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0)))
        .sum();
    let (t, acc) = calibrate(&outs);
    ((at3 + at1 + 0.5 * rr) / np + acc, t)
}

/// A change must raise the tune objective by this much to be kept (about one scenario's
/// analogue moving into the top 3 and first): smaller gains are noise.
const MIN_GAIN: f64 = 0.03;

/// Coordinate ascent over every weight from `start`; returns the weights and threshold.
pub fn fit(scenarios: &[Scenario], start: &Weights, rounds: usize) -> (Weights, f64) {
    let gain = std::env::var("GONGCHUANG_FIT_MIN_GAIN_REC")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MIN_GAIN);
    let names = names();
    let mut w: Vec<f64> = names.iter().map(|n| start.get(n)).collect();
    let (mut best, mut t) = objective(&w, scenarios);
    for _ in 0..rounds {
        let before = best;
        for i in 0..w.len() {
            let cur = w[i];
            let mut trials = vec![0.0, 0.01, 0.03, 0.1, 0.3];
            trials.extend([0.5, 0.7, 1.4, 2.0].map(|m| cur * m));
            let (mut bo, mut bt, mut bw) = (best, t, None);
            for v in trials {
                let mut x = w.clone();
                x[i] = v;
                let (o, th) = objective(&x, scenarios);
                if o > bo + 1e-9 {
                    (bo, bt, bw) = (o, th, Some(x));
                }
            }
            if let Some(x) = bw.filter(|_| bo >= best + gain) {
                (best, t, w) = (bo, bt, x);
            }
        }
        if best <= before + 1e-9 {
            break;
        }
    }
    let weights = Weights::named(&names, &w);
    (weights, t)
}

/// Figures under weights and threshold on one split: analogue in the top 3, first,
/// "nothing close" right on absent, wrong on present.
pub fn figures(w: &Weights, threshold: f64, scenarios: &[Scenario], tune: bool) -> [f64; 4] {
    let breadth = names().len() - 1;
    let w: Vec<f64> = names().iter().map(|n| w.get(n)).collect();
    let (mut at3, mut at1, mut np, mut wrong, mut na, mut right) = (0, 0, 0, 0, 0, 0);
    for s in scenarios.iter().filter(|s| s.tune == tune) {
        let o = outcome(&w, s, breadth);
        let nothing = o.best < threshold || !o.backed;
        if s.expected.is_empty() {
            na += 1;
            right += nothing as usize;
        } else {
            np += 1;
            wrong += nothing as usize;
            at3 += o.rank.is_some_and(|r| r < 3) as usize;
            at1 += (o.rank == Some(0)) as usize;
        }
    }
    let r = |n: usize, d: usize| n as f64 / d.max(1) as f64;
    [r(at3, np), r(at1, np), r(right, na), r(wrong, np)]
}

/// The weights file of the source tree (what `eval --dev --fit --write` replaces).
pub fn weights_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/recommend_weights.json")
}

/// The weights file's text.
pub fn to_json(w: &Weights, threshold: f64, note: &str) -> String {
    let f = super::tuning::Fitted {
        note: note.to_string(),
        threshold,
        weights: w.0.clone(),
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
    }
}
