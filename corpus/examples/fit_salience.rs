//! Fit the case salience weights (`data/case_salience.json`) on the tune split of the
//! development corpus alone: a logistic model of "this candidate is a
//! listed case" over `corpus::extract::salience::FEATURES`, then the highest threshold that
//! costs at most `RECALL_GIVEN` of tune recall. Deterministic: full-batch gradient descent
//! from zero.
//! `cargo run -p corpus --example fit_salience [-- --write]`; the check split and the seed's
//! public answer key (a test set) are never read.

#[path = "../tests/eval/mod.rs"]
mod eval;

use corpus::extract::salience::{Weights, FEATURES};
use serde_json::json;

/// Training rows (features, is a listed case) and the counts the threshold is chosen on.
#[derive(Default)]
struct Data {
    rows: Vec<(Vec<f64>, bool)>,
    gold: usize,
    titles: usize,
    title_hits: usize,
}

impl Data {
    fn add(&mut self, doc: &corpus::Document, golds: &[Vec<String>]) {
        let cands = corpus::extract::case_features(doc, eval::knowledge());
        let preds: Vec<String> = cands.iter().map(|c| eval::gold_key(&c.0)).collect();
        let pairs = eval::assign_names(&preds, golds);
        self.gold += golds.len();
        for (i, (_, title, x)) in cands.into_iter().enumerate() {
            let hit = pairs.iter().any(|&(_, p)| p == i);
            if title {
                self.titles += 1;
                self.title_hits += usize::from(hit);
            } else {
                self.rows.push((x, hit));
            }
        }
    }
}

fn tune_split(data: &mut Data) {
    for d in eval::load_devcorpus()
        .into_iter()
        .filter(|d| d.split == "tune")
    {
        let golds: Vec<Vec<String>> = d.key["cases"]
            .as_array()
            .map(|a| a.iter().map(eval::case_names).collect())
            .unwrap_or_default();
        data.add(&d.doc, &golds);
    }
}

/// Logistic regression by full-batch gradient descent with a small L2 penalty.
fn fit(rows: &[(Vec<f64>, bool)]) -> Vec<f64> {
    let n = FEATURES.len();
    let total = rows.len().max(1) as f64;
    let mut w = Weights {
        features: Vec::new(),
        weights: vec![0.0; n],
        threshold: 0.0,
    };
    for _ in 0..4000 {
        let mut grad = vec![0.0; n];
        for (x, y) in rows {
            let err = w.score(x) - f64::from(u8::from(*y));
            for (g, v) in grad.iter_mut().zip(x) {
                *g += err * v;
            }
        }
        for (i, wi) in w.weights.iter_mut().enumerate() {
            let l2 = if i == 0 { 0.0 } else { 0.01 * *wi };
            *wi -= 0.5 * (grad[i] / total + l2);
        }
    }
    w.weights
}

/// Recall the filter may cost, against keeping every candidate.
const RECALL_GIVEN: f64 = 0.005;

/// The highest threshold that keeps recall within [`RECALL_GIVEN`] of keeping every
/// candidate (titles are always kept): (threshold, recall, precision).
fn threshold(data: &Data, w: &Weights) -> (f64, f64, f64) {
    let mut scored: Vec<(f64, bool)> = data.rows.iter().map(|(x, y)| (w.score(x), *y)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let all_hits = data.title_hits + scored.iter().filter(|s| s.1).count();
    let floor = all_hits as f64 / data.gold as f64 - RECALL_GIVEN;
    let (mut kept, mut hits) = (data.titles, data.title_hits);
    for (i, &(s, y)) in scored.iter().enumerate() {
        kept += 1;
        hits += usize::from(y);
        let next_lower = scored.get(i + 1).is_none_or(|n| n.0 < s);
        let r = hits as f64 / data.gold as f64;
        if next_lower && r >= floor {
            return (s, r, hits as f64 / kept as f64);
        }
    }
    (
        0.0,
        floor + RECALL_GIVEN,
        all_hits as f64 / scored.len().max(1) as f64,
    )
}

fn main() {
    let mut data = Data::default();
    tune_split(&mut data);
    let positives = data.rows.iter().filter(|r| r.1).count();
    println!(
        "{} candidates ({positives} listed cases), {} titles, {} listed in all",
        data.rows.len(),
        data.titles,
        data.gold
    );
    let mut w = Weights {
        features: FEATURES.iter().map(|s| s.to_string()).collect(),
        weights: fit(&data.rows),
        threshold: 0.0,
    };
    let (t, r, p) = threshold(&data, &w);
    w.threshold = t;
    for (name, v) in FEATURES.iter().zip(&w.weights) {
        println!("  {name:22} {v:+.3}");
    }
    println!("threshold {t:.3}: recall {r:.3}, precision {p:.3} (tune)");
    if std::env::args().any(|a| a == "--write") {
        let round = |v: f64| (v * 1e4).round() / 1e4;
        let out = json!({
            "note": "Fitted by `cargo run -p corpus --example fit_salience -- --write` on the tune split of the development corpus.",
            "features": w.features,
            "weights": w.weights.iter().map(|&v| round(v)).collect::<Vec<_>>(),
            "threshold": round(w.threshold),
        });
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/case_salience.json");
        std::fs::write(path, serde_json::to_string_pretty(&out).unwrap() + "\n").unwrap();
        println!("wrote {path}");
    }
}
