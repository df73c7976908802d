//! The recommendation ranking's fit (`recommend::learn`) cross-validated on tune. Whether check falls below tune because the
//! model learned tune's particulars (a held-out tune fold then falls as far) or because
//! check's scenarios differ (a held-out fold holds): the remedies differ.

use crate::core::dev_eval::fnv1a64;
use crate::core::recommend::learn::{fit_on, names, outcome, values, Scenario};
use crate::core::recommend::score::Weights;

pub const FOLDS: u64 = 5;

/// Ranking alone, "nothing close" aside: scenarios with their analogue in the top 3, first,
/// and scenarios with an analogue.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    pub top3: usize,
    pub first: usize,
    pub n: usize,
}

impl Ranked {
    pub fn rates(&self) -> (f64, f64) {
        let d = self.n.max(1) as f64;
        (self.top3 as f64 / d, self.first as f64 / d)
    }

    fn add(&mut self, o: Ranked) {
        self.top3 += o.top3;
        self.first += o.first;
        self.n += o.n;
    }
}

/// `scenarios` with an analogue ranked by `w`.
pub fn ranked<'a>(w: &Weights, scenarios: impl Iterator<Item = &'a Scenario>) -> Ranked {
    let (w, breadth) = (values(w), names().len() - 1);
    let mut r = Ranked::default();
    for s in scenarios.filter(|s| !s.absent) {
        let rank = outcome(&w, &w, s, breadth).rank;
        r.add(Ranked {
            top3: rank.is_some_and(|k| k < 3) as usize,
            first: (rank == Some(0)) as usize,
            n: 1,
        });
    }
    r
}

/// Each fold of the tune scenarios with an analogue ranked by weights fitted on the other
/// folds. A scenario's fold is its expected case's document's, so that a document's
/// scenarios, which share its document-wide signals, stay on one side; a scenario whose
/// analogue was not extracted (a miss in any fold) goes by its position.
pub fn cross_validated(scenarios: &[Scenario]) -> Ranked {
    let tune: Vec<&Scenario> = scenarios.iter().filter(|s| s.tune && !s.absent).collect();
    let folds: Vec<u64> = tune.iter().enumerate().map(|(i, s)| fold(s, i)).collect();
    let mut out = Ranked::default();
    for k in 0..FOLDS {
        let side = |inside: bool| {
            tune.iter()
                .zip(&folds)
                .filter(move |(_, f)| (**f == k) == inside)
                .map(|(s, _)| *s)
        };
        let w = fit_on(side(false));
        out.add(ranked(&w, side(true)));
    }
    out
}

fn fold(s: &Scenario, position: usize) -> u64 {
    match s.rows.iter().find(|r| r.hit) {
        Some(r) => fnv1a64(&r.key.1) % FOLDS,
        None => position as u64 % FOLDS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::recommend::learn::Row;
    use crate::core::recommend::score::OWN_DENSE;

    fn row(id: &str, doc: &str, text: f64, own: f64, hit: bool) -> Row {
        let names = names();
        let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
        Row {
            id: id.into(),
            key: (id.into(), doc.into()),
            scores: vec![(at("text"), text), (at(OWN_DENSE), own)],
            backed: true,
            hit,
            mentions: 1,
            concepts: 0,
            parts: [0.0; 9],
        }
    }

    /// Scenario `i`: its analogue, in document `d{i}`, holds the better own passages
    /// against a case with the better mixed text signal; `extracted`: whether the analogue
    /// is among the cases at all.
    fn scenario(i: usize, tune: bool, extracted: bool) -> Scenario {
        let doc = format!("d{i}");
        // Three cases ahead of the analogue under equal weights: it reaches the top 3 only
        // once its own passages weigh more than the mixed text signal.
        let mut rows = vec![
            row(&format!("a{i}"), "x", 0.98, 0.45, false),
            row(&format!("c{i}"), "y", 0.95, 0.5, false),
            row(&format!("e{i}"), "z", 0.92, 0.52, false),
            row(&format!("f{i}"), "w", 0.3, 0.1, false),
        ];
        if extracted {
            rows.push(row(&format!("b{i}"), &doc, 0.5, 0.9, true));
        }
        Scenario {
            absent: false,
            tune,
            rows,
            strongest: Default::default(),
        }
    }

    /// Every tune scenario with an analogue is held out once and ranked by weights fitted
    /// without it: a rule the other folds teach ranks it first; one whose analogue was not
    /// extracted is a miss; check and absent scenarios take no part.
    #[test]
    fn each_tune_scenario_is_ranked_by_the_other_folds() {
        let mut all: Vec<Scenario> = (0..20).map(|i| scenario(i, true, true)).collect();
        all.push(scenario(20, true, false));
        all.extend((21..25).map(|i| scenario(i, false, true)));
        let mut absent = scenario(25, true, true);
        absent.absent = true;
        all.push(absent);
        let equal = Weights::named(&names(), &vec![0.1; names().len()]);
        assert_eq!(ranked(&equal, all[..20].iter()).top3, 0);
        let cv = cross_validated(&all);
        assert_eq!(
            cv,
            Ranked {
                top3: 20,
                first: 20,
                n: 21
            }
        );
        let folds: std::collections::HashSet<u64> = all[..20]
            .iter()
            .enumerate()
            .map(|(i, s)| fold(s, i))
            .collect();
        assert!(folds.len() > 1, "one fold only: {folds:?}");
    }
}
