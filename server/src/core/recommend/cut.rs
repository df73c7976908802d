//! The "nothing close" cut calibrated on the tune scenarios, with and without an analogue:
//! logistic models of the closest case's score and the scenario's strongest evidence, with
//! vectors and without (`fit_refusal`), and the older score rule (used where the weights file
//! holds no model), which reads the closest case's score under the closeness weights and
//! whether absolute evidence backs it (`learn::Outcome`).

use super::learn::{figures, names, outcome, values, Outcome, Scenario};
use super::score::Weights;
use super::tuning::{Cut, Logistic, Refusal, SizedCut, NEVER};

/// Of the cuts between sorted `scores` (and below and above all), the one with the best
/// `accuracy`, the middle one among equals; and that accuracy.
fn best_cut(mut scores: Vec<f64>, accuracy: impl Fn(f64) -> f64) -> (f64, f64) {
    scores.sort_by(f64::total_cmp);
    let lowest = scores.first().copied().unwrap_or(0.0).min(0.0);
    let mut ts = vec![lowest];
    ts.extend(scores.windows(2).map(|p| (p[0] + p[1]) / 2.0));
    ts.push(scores.last().copied().unwrap_or(0.0) + 1e-6);
    let scored: Vec<(f64, f64)> = ts.iter().map(|&t| (t, accuracy(t))).collect();
    let top = scored.iter().map(|x| x.1).fold(0.0, f64::max);
    let best: Vec<f64> = scored
        .iter()
        .filter(|x| x.1 >= top - 1e-12)
        .map(|x| x.0)
        .collect();
    (best[best.len() / 2], top)
}

/// The threshold with the best balanced accuracy of the score rule on these outcomes (every
/// unbacked case refused), and that accuracy.
fn calibrate(outs: &[(Outcome, bool)]) -> (f64, f64) {
    let bests = outs.iter().map(|(o, _)| o.closest.best).collect();
    best_cut(bests, |t| balanced(outs, &Cut::rule(t, NEVER)))
}

/// The tune scenarios' outcomes under closeness weights (ranked by them too: only the
/// closest case is read).
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
        .map(|(o, _)| o.closest)
        .filter(|c| !c.backed && c.best >= threshold)
        .map(|c| c.best)
        .collect();
    cands.sort_by(f64::total_cmp);
    let mut us: Vec<f64> = cands.windows(2).map(|p| (p[0] + p[1]) / 2.0).collect();
    us.extend(cands.first().copied());
    let acc = |u: f64| balanced(&outs, &Cut::rule(threshold, u));
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
pub fn calibrate_pair(w: &Weights, scenarios: &[Scenario], max_wrong: f64) -> Cut {
    let outs = tune_outcomes(w, scenarios);
    let mut bests: Vec<f64> = outs.iter().map(|(o, _)| o.closest.best).collect();
    bests.sort_by(f64::total_cmp);
    let mut best = Cut::rule(0.0, NEVER);
    let mut top = -1.0;
    for t in bests.windows(2).map(|p| (p[0] + p[1]) / 2.0) {
        let cut = Cut::rule(t, calibrate_unbacked(w, t, scenarios));
        let [_, _, right, wrong] = figures(w, w, &cut, scenarios, true);
        if wrong <= max_wrong + 1e-12 && right > top + 1e-12 {
            (best, top) = (cut, right);
        }
    }
    best
}

/// Balanced accuracy of "nothing close" (right on absent, not said on present).
fn balanced(outs: &[(Outcome, bool)], cut: &Cut) -> f64 {
    balanced_by(outs, |o| cut.nothing_close(&o.closest))
}

/// The same for any rule that says "nothing close" of an outcome.
fn balanced_by(outs: &[(Outcome, bool)], refuses: impl Fn(&Outcome) -> bool) -> f64 {
    let (mut ra, mut na, mut rp, mut np) = (0, 0, 0, 0);
    for (o, absent) in outs {
        let nothing = refuses(o);
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

/// Settings of the refusal model's fit: L2 pull toward 0 (on standardised features), steps
/// and step size of full-batch gradient descent.
const REFUSAL_LAMBDA: f64 = 0.1;
const REFUSAL_STEPS: usize = 3000;
const REFUSAL_RATE: f64 = 0.5;

/// Tune scenarios measured with vectors (`dense`) and without them (`lexical`).
#[derive(Clone, Copy, Default)]
pub struct Readings<'a> {
    pub dense: &'a [Scenario],
    pub lexical: &'a [Scenario],
}

/// The refusal models for given closeness weights, each fitted on the tune scenarios of the
/// development corpus as measured with vectors (read with `encoder`) and without them; each
/// model's cut is calibrated there and again on the `small` corpora cut from it (none when
/// they are empty). None when tune lacks either kind of scenario or the dense measurement
/// has no cosines.
pub fn fit_refusal(
    close: &Weights,
    full: Readings,
    small: Readings,
    encoder: &str,
) -> Option<Refusal> {
    let with_cosines = tune_outcomes(close, full.dense);
    if with_cosines
        .iter()
        .any(|(o, _)| o.closest.strongest.cosine.is_none())
    {
        return None;
    }
    Some(Refusal {
        encoder: encoder.to_string(),
        dense: fit_logistic(&with_cosines, &tune_outcomes(close, small.dense))?,
        lexical: fit_logistic(
            &tune_outcomes(close, full.lexical),
            &tune_outcomes(close, small.lexical),
        )?,
    })
}

/// The refusal model's features: the closest case's score, the strongest passage cosine and
/// case cosine (0 where none) and word share.
const FEATURES: usize = 4;
type Features = [f64; FEATURES];

fn features(o: &Outcome) -> Features {
    let s = o.closest.strongest;
    [
        o.closest.best,
        s.cosine.unwrap_or(0.0),
        s.coverage,
        s.case_cosine.unwrap_or(0.0),
    ]
}

/// Logistic regression of "has an analogue" on `features`, standardised over these outcomes
/// for the fit and returned on their own scale; its cut (`logit_cut`) on these outcomes and
/// on those measured on `small` corpora. None when the outcomes lack either kind of scenario.
fn fit_logistic(outs: &[(Outcome, bool)], small: &[(Outcome, bool)]) -> Option<Logistic> {
    let xs: Vec<(Features, bool)> = outs.iter().map(|(o, a)| (features(o), *a)).collect();
    if !both_kinds(outs) {
        return None;
    }
    let (mean, sd) = moments(&xs);
    let z: Vec<(Features, bool)> = xs
        .iter()
        .map(|(x, a)| (std::array::from_fn(|j| (x[j] - mean[j]) / sd[j]), *a))
        .collect();
    let (w, b) = logistic(&z);
    let mut m = Logistic {
        bias: b - (0..FEATURES).map(|j| w[j] * mean[j] / sd[j]).sum::<f64>(),
        best: w[0] / sd[0],
        cosine: w[1] / sd[1],
        coverage: w[2] / sd[2],
        case_cosine: w[3] / sd[3],
        ..Logistic::default()
    };
    (m.below, m.documents) = (logit_cut(&m, outs), documents(outs));
    if both_kinds(small) && documents(small) < m.documents {
        m.small = Some(SizedCut {
            documents: documents(small),
            below: logit_cut(&m, small),
        });
    }
    Some(m)
}

fn both_kinds(outs: &[(Outcome, bool)]) -> bool {
    outs.iter().any(|x| x.1) && outs.iter().any(|x| !x.1)
}

/// The largest corpus these outcomes were measured on.
fn documents(outs: &[(Outcome, bool)]) -> usize {
    outs.iter()
        .map(|(o, _)| o.closest.strongest.documents)
        .max()
        .unwrap_or(0)
}

/// At most this share of the tune scenarios with an analogue may be refused: half the
/// issue's bound (0.1), for the drift from tune to new texts. Balanced accuracy alone weighs
/// each scenario without an analogue as several with one (tune has a fifth as many), and a
/// few of them near the cut moved it far.
pub const MAX_REFUSED: f64 = 0.05;

/// The cut on `m`'s logit with the best balanced accuracy on these outcomes among those that
/// refuse at most `MAX_REFUSED` of the scenarios with an analogue.
fn logit_cut(m: &Logistic, outs: &[(Outcome, bool)]) -> f64 {
    let logits = outs.iter().map(|(o, _)| m.logit(&o.closest)).collect();
    let present: Vec<f64> = outs
        .iter()
        .filter(|x| !x.1)
        .map(|(o, _)| m.logit(&o.closest))
        .collect();
    let accuracy = |t: f64| {
        let refused = present.iter().filter(|&&z| z < t).count();
        if refused as f64 > MAX_REFUSED * present.len() as f64 {
            return -1.0;
        }
        balanced_by(outs, |o| m.logit(&o.closest) < t)
    };
    best_cut(logits, accuracy).0
}

/// Mean and standard deviation of each feature (1 where it does not vary).
fn moments(xs: &[(Features, bool)]) -> (Features, Features) {
    let n = xs.len() as f64;
    let mean: Features = std::array::from_fn(|j| xs.iter().map(|x| x.0[j]).sum::<f64>() / n);
    let sd = std::array::from_fn(|j| {
        let v = xs.iter().map(|x| (x.0[j] - mean[j]).powi(2)).sum::<f64>() / n;
        if v > 1e-12 {
            v.sqrt()
        } else {
            1.0
        }
    });
    (mean, sd)
}

/// Logistic regression (label: not absent) by full-batch gradient descent from 0: weights and
/// bias. No randomness: the same scenarios give the same model.
fn logistic(xs: &[(Features, bool)]) -> (Features, f64) {
    let (mut w, mut b) = ([0.0; FEATURES], 0.0);
    let n = xs.len() as f64;
    for _ in 0..REFUSAL_STEPS {
        let (mut g, mut gb) = ([0.0; FEATURES], 0.0);
        for (x, absent) in xs {
            let z = (b + (0..FEATURES).map(|j| w[j] * x[j]).sum::<f64>()).clamp(-30.0, 30.0);
            let err = 1.0 / (1.0 + (-z).exp()) - if *absent { 0.0 } else { 1.0 };
            for j in 0..FEATURES {
                g[j] += err * x[j];
            }
            gb += err;
        }
        for j in 0..FEATURES {
            w[j] -= REFUSAL_RATE * (g[j] / n + REFUSAL_LAMBDA * w[j]);
        }
        b -= REFUSAL_RATE * gb / n;
    }
    (w, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::recommend::learn::{fit, Row};
    use crate::core::recommend::score::OWN_DENSE;
    use crate::core::recommend::tuning::Strongest;

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
            strongest: Default::default(),
        };
        let mut all: Vec<Scenario> = (0..6).map(|i| scenario(i, true)).collect();
        all.push(Scenario {
            absent: true,
            tune: true,
            rows: vec![row("z", 0.2, 0.1, false)],
            strongest: Default::default(),
        });
        let w = fit(&all);
        assert_eq!(w.0, fit(&all).0);
        let t = calibrate_threshold(&w, &all);
        assert!(w.get(OWN_DENSE) > w.get("text"), "{:?}", w.0);
        assert_eq!(w.get("path"), 0.0);
        let [at3, at1, right, wrong] = figures(&w, &w, &Cut::rule(t, NEVER), &all, true);
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
                strongest: Default::default(),
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
        assert_eq!(
            figures(&w, &w, &Cut::rule(0.1, u), &all, true),
            [1.0, 1.0, 1.0, 0.0]
        );
        // Nothing tells them apart: the rule stays off.
        let none = vec![one(0.5, true), one(0.5, false)];
        assert_eq!(calibrate_unbacked(&w, 0.1, &none), NEVER);
    }

    /// A tune scenario with one case, its strongest evidence on a corpus of `documents`.
    fn scenario(absent: bool, cos: Option<f64>, coverage: f64, documents: usize) -> Scenario {
        Scenario {
            absent,
            tune: true,
            rows: vec![row("a", 0.7, 0.5, !absent)],
            strongest: Strongest {
                cosine: cos,
                case_cosine: cos,
                coverage,
                documents,
            },
        }
    }

    /// Six scenarios without an analogue and six with, the latter `gap` stronger, from
    /// `cos` (none: read without vectors) and `coverage` up.
    fn readings(cos: Option<f64>, coverage: f64, gap: f64, documents: usize) -> Vec<Scenario> {
        let mut out = Vec::new();
        for i in 0..6 {
            let d = i as f64 * 0.01;
            let at = |x: f64| {
                scenario(
                    x == 0.0,
                    cos.map(|c| c + x + d),
                    coverage + 5.0 * x + d,
                    documents,
                )
            };
            out.extend([at(0.0), at(gap)]);
        }
        out
    }

    /// The refusal model learns from the strongest evidence what the closest case's score
    /// cannot tell: here every case scores alike, and only the nearest passage's cosine and
    /// the best document's word share part the scenarios with an analogue from those
    /// without. Read without vectors, the lexical model decides on the word share.
    #[test]
    fn refusal_reads_the_strongest_evidence() {
        let dense = readings(Some(0.82), 0.2, 0.06, 300);
        let lexical = readings(None, 0.2, 0.06, 300);
        let (w, m) = fitted(&dense, &lexical);
        assert!(m.dense.cosine > 0.0 && m.dense.coverage > 0.0, "{m:?}");
        assert!(m.lexical.cosine == 0.0 && m.lexical.coverage > 0.0, "{m:?}");
        assert_eq!((m.dense.documents, m.dense.small), (300, None));
        assert_eq!(m, fitted(&dense, &lexical).1);
        for (all, read) in [(&dense, true), (&lexical, true), (&dense, false)] {
            assert_eq!(
                figures(&w, &w, &cut(&m, read), all, true),
                [1.0, 1.0, 1.0, 0.0]
            );
        }
        // Measured without vectors only: no model.
        let blind = Readings {
            dense: &lexical,
            lexical: &lexical,
        };
        assert_eq!(fit_refusal(&w, blind, Readings::default(), "e5"), None);
    }

    /// Where the passages read alike for scenarios with an analogue and without (a passage
    /// may match a scenario that no case does), the cases' own cosines tell them apart.
    #[test]
    fn refusal_reads_the_best_case_cosine() {
        let one = |absent: bool, i: usize| {
            let d = i as f64 * 0.001;
            let mut s = scenario(absent, Some(0.85 + d), 0.2 + d, 300);
            s.strongest.case_cosine = Some(if absent { 0.80 } else { 0.86 } + d);
            s
        };
        let dense: Vec<Scenario> = (0..12).map(|i| one(i % 2 == 0, i / 2)).collect();
        let (w, m) = fitted(&dense, &readings(None, 0.2, 0.06, 300));
        assert!(m.dense.case_cosine > 0.0, "{m:?}");
        assert_eq!(m.lexical.case_cosine, 0.0, "{m:?}");
        assert_eq!(
            figures(&w, &w, &cut(&m, true), &dense, true),
            [1.0, 1.0, 1.0, 0.0]
        );
    }

    /// The refusal models fitted on these readings of the whole corpus, under text and own
    /// cosine weighted alike.
    fn fitted(dense: &[Scenario], lexical: &[Scenario]) -> (Weights, Refusal) {
        let w = Weights::named(&["text", OWN_DENSE], &[1.0, 1.0]);
        let full = Readings { dense, lexical };
        let m = fit_refusal(&w, full, Readings::default(), "e5").expect("a model");
        (w, m)
    }

    fn cut(m: &Refusal, dense: bool) -> Cut {
        Cut {
            model: Some(m.clone()),
            dense,
            ..Cut::rule(0.0, NEVER)
        }
    }

    /// Balanced accuracy alone would refuse 3 of 50 scenarios with an analogue to be right on
    /// one more of the 3 without; the cut refuses at most `MAX_REFUSED` of them.
    #[test]
    fn cut_refuses_few_with_an_analogue() {
        let w = Weights::named(&["text", OWN_DENSE], &[1.0, 1.0]);
        let mut all: Vec<Scenario> = [0.0, 0.05, 0.12]
            .iter()
            .map(|&c| scenario(true, None, c, 300))
            .collect();
        all.extend((0..50).map(|i| scenario(false, None, 0.10 + i as f64 * 0.01, 300)));
        let outs = tune_outcomes(&w, &all);
        let m = Logistic {
            coverage: 1.0,
            ..Logistic::default()
        };
        let cut = logit_cut(&m, &outs);
        assert!((cut - 0.075).abs() < 1e-9, "{cut}");
        let free = best_cut(
            outs.iter().map(|(o, _)| m.logit(&o.closest)).collect(),
            |t| balanced_by(&outs, |o| m.logit(&o.closest) < t),
        );
        assert!((free.0 - 0.125).abs() < 1e-9, "{free:?}");
    }

    /// On a small corpus every maximum is lower, with an analogue too: the cut of the full
    /// corpus would refuse them all. The cut calibrated on small corpora answers them, and a
    /// corpus between the two sizes gets a cut between the two.
    #[test]
    fn small_corpora_get_their_own_cut() {
        let w = Weights::named(&["text", OWN_DENSE], &[1.0, 1.0]);
        let (dense, lexical) = (
            readings(Some(0.82), 0.2, 0.06, 300),
            readings(None, 0.2, 0.06, 300),
        );
        let (sd, sl) = (
            readings(Some(0.74), 0.0, 0.06, 30),
            readings(None, 0.0, 0.06, 30),
        );
        let full = Readings {
            dense: &dense,
            lexical: &lexical,
        };
        let plain = fit_refusal(&w, full, Readings::default(), "e5").expect("a model");
        assert!(figures(&w, &w, &cut(&plain, true), &sd, true)[3] > 0.0);
        let small = Readings {
            dense: &sd,
            lexical: &sl,
        };
        let m = fit_refusal(&w, full, small, "e5").expect("a model");
        for l in [m.dense, m.lexical] {
            let s = l.small.expect("a small cut");
            assert_eq!(s.documents, 30);
            assert!(s.below < l.below, "{l:?}");
            let mid = l.cut_at(95);
            assert!(s.below < mid && mid < l.below, "{l:?}");
            assert_eq!((l.cut_at(10), l.cut_at(3000)), (s.below, l.below));
        }
        for (all, read) in [(&sd, true), (&sl, true), (&dense, true), (&lexical, false)] {
            assert_eq!(
                figures(&w, &w, &cut(&m, read), all, true),
                [1.0, 1.0, 1.0, 0.0]
            );
        }
    }
}
