//! The "nothing close" cut calibrated on the tune scenarios, with and without an analogue:
//! it reads the closest case's score under the closeness weights, and whether absolute
//! evidence backs it (`learn::Outcome`).

use super::learn::{figures, names, outcome, values, Outcome, Scenario};
use super::score::Weights;
use super::tuning::{nothing_close, NEVER};

/// The threshold with the best balanced accuracy of "nothing close" on these outcomes
/// (absent: should say it; present: should not), the middle one among equals; and that accuracy.
fn calibrate(outs: &[(Outcome, bool)]) -> (f64, f64) {
    let mut cands: Vec<f64> = outs.iter().map(|(o, _)| o.best).collect();
    cands.sort_by(f64::total_cmp);
    let mut ts = vec![0.0];
    ts.extend(cands.windows(2).map(|p| (p[0] + p[1]) / 2.0));
    ts.push(cands.last().copied().unwrap_or(0.0) + 1e-6);
    let acc = |t: f64| balanced(outs, t, NEVER);
    let scored: Vec<(f64, f64)> = ts.iter().map(|&t| (t, acc(t))).collect();
    let top = scored.iter().map(|x| x.1).fold(0.0, f64::max);
    let best: Vec<f64> = scored
        .iter()
        .filter(|x| x.1 >= top - 1e-12)
        .map(|x| x.0)
        .collect();
    (best[best.len() / 2], top)
}

/// The tune scenarios' outcomes under closeness weights (ranked by them too: only the
/// closest case's score and backing are read).
fn tune_outcomes(close: &Weights, scenarios: &[Scenario]) -> Vec<(Outcome, bool)> {
    let breadth = names().len() - 1;
    let w = values(close);
    scenarios
        .iter()
        .filter(|s| s.tune)
        .map(|s| (outcome(&w, &w, s, breadth), s.absent))
        .collect()
}

/// The "nothing close" threshold for given weights, calibrated on all tune scenarios.
pub fn calibrate_threshold(w: &Weights, scenarios: &[Scenario]) -> f64 {
    calibrate(&tune_outcomes(w, scenarios)).0
}

/// The score from which an unbacked best case is close, for given weights and threshold:
/// the best balanced accuracy on the tune scenarios, the highest among equals (it lets
/// through a best case that nothing absolute backs: as few as tune allows), `NEVER` when no
/// score does better than never.
pub fn calibrate_unbacked(w: &Weights, threshold: f64, scenarios: &[Scenario]) -> f64 {
    let outs = tune_outcomes(w, scenarios);
    let mut cands: Vec<f64> = outs
        .iter()
        .filter(|(o, _)| !o.backed && o.best >= threshold)
        .map(|(o, _)| o.best)
        .collect();
    cands.sort_by(f64::total_cmp);
    let mut us: Vec<f64> = cands.windows(2).map(|p| (p[0] + p[1]) / 2.0).collect();
    us.extend(cands.first().copied());
    let acc = |u: f64| balanced(&outs, threshold, u);
    let never = acc(NEVER);
    let top = us.iter().map(|&u| acc(u)).fold(never, f64::max);
    let best: Vec<f64> = us.into_iter().filter(|&u| acc(u) >= top - 1e-12).collect();
    if never >= top - 1e-12 {
        return NEVER;
    }
    best.into_iter().fold(0.0, f64::max)
}

/// Threshold and unbacked score that say "nothing close" on the most tune scenarios
/// without an analogue while refusing no more of those with one than `max_wrong` (a share):
/// the lowest such threshold, each with its calibrated unbacked score.
pub fn calibrate_pair(w: &Weights, scenarios: &[Scenario], max_wrong: f64) -> [f64; 2] {
    let outs = tune_outcomes(w, scenarios);
    let mut bests: Vec<f64> = outs.iter().map(|(o, _)| o.best).collect();
    bests.sort_by(f64::total_cmp);
    let mut best = [0.0, NEVER];
    let mut top = -1.0;
    for t in bests.windows(2).map(|p| (p[0] + p[1]) / 2.0) {
        let u = calibrate_unbacked(w, t, scenarios);
        let [_, _, right, wrong] = figures(w, w, [t, u], scenarios, true);
        if wrong <= max_wrong + 1e-12 && right > top + 1e-12 {
            (best, top) = ([t, u], right);
        }
    }
    best
}

/// Balanced accuracy of "nothing close" (right on absent, not said on present).
fn balanced(outs: &[(Outcome, bool)], t: f64, u: f64) -> f64 {
    let (mut ra, mut na, mut rp, mut np) = (0, 0, 0, 0);
    for (o, absent) in outs {
        let nothing = nothing_close(o.best, o.backed, t, u);
        if *absent {
            na += 1;
            ra += nothing as usize;
        } else {
            np += 1;
            rp += !nothing as usize;
        }
    }
    (ra as f64 / na.max(1) as f64 + rp as f64 / np.max(1) as f64) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::recommend::learn::{fit, Row};
    use crate::core::recommend::score::OWN_DENSE;

    fn row(id: &str, text: f64, own: f64, hit: bool) -> Row {
        let names = names();
        let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
        Row {
            id: id.into(),
            key: (id.into(), "d".into()),
            scores: vec![(at("text"), text), (at(OWN_DENSE), own), (at("path"), 1.0)],
            backed: true,
            hit,
            mentions: 1,
            concepts: 0,
            parts: [0.0; 9],
        }
    }

    /// The model learns that the cases' own passages tell the analogue apart when the mixed
    /// text signal does not; the fit is the same every time; `path` stays unlearned.
    #[test]
    fn fit_learns_and_repeats() {
        let scenario = |i: usize, tune: bool| Scenario {
            absent: false,
            tune,
            rows: vec![
                row(&format!("a{i}"), 0.8, 0.2, false),
                row(&format!("b{i}"), 0.7, 0.9, true),
                row(&format!("c{i}"), 0.3, 0.1, false),
            ],
        };
        let mut all: Vec<Scenario> = (0..6).map(|i| scenario(i, true)).collect();
        all.push(Scenario {
            absent: true,
            tune: true,
            rows: vec![row("z", 0.2, 0.1, false)],
        });
        let w = fit(&all);
        assert_eq!(w.0, fit(&all).0);
        let t = calibrate_threshold(&w, &all);
        assert!(w.get(OWN_DENSE) > w.get("text"), "{:?}", w.0);
        assert_eq!(w.get("path"), 0.0);
        let [at3, at1, right, wrong] = figures(&w, &w, [t, NEVER], &all, true);
        assert_eq!((at3, at1, right, wrong), (1.0, 1.0, 1.0, 0.0));
    }

    /// An unbacked best case is close from a score that tells the tune scenarios apart: the
    /// absent ones' unbacked best score under it, the present ones' over it.
    #[test]
    fn unbacked_cut_between_absent_and_present() {
        let one = |text: f64, absent: bool| {
            let mut r = row("a", text, 0.0, !absent);
            r.backed = false;
            Scenario {
                absent,
                tune: true,
                rows: vec![r],
            }
        };
        let all = vec![
            one(0.3, true),
            one(0.4, true),
            one(0.8, false),
            one(0.9, false),
        ];
        let w = Weights::named(&["text"], &[1.0]);
        let u = calibrate_unbacked(&w, 0.1, &all);
        assert!((0.4..0.8).contains(&u), "{u}");
        assert_eq!(figures(&w, &w, [0.1, u], &all, true), [1.0, 1.0, 1.0, 0.0]);
        // Nothing tells them apart: the rule stays off.
        let none = vec![one(0.5, true), one(0.5, false)];
        assert_eq!(calibrate_unbacked(&w, 0.1, &none), NEVER);
    }
}
