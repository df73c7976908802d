//! Fit the genre fallback (`data/genre_bigrams.tsv`, see `corpus::genre::model`) on the tune
//! split of the development corpus: naive Bayes over the bigrams a text holds, the bigrams
//! chosen by χ² against the genre, their number and the smoothing chosen by 5-fold cross
//! validation on tune. `cargo run -p corpus --example fit_genre [-- --write]`; the check
//! split is never read.

#[path = "../tests/eval/mod.rs"]
mod eval;

use corpus::genre::model::{bigrams, Model};
use corpus::genre::GENRES;
use corpus::normalize::{self, script, Line};
use std::collections::{HashMap, HashSet};

const SIZES: &[usize] = &[300, 1000, 3000];
const ALPHAS: &[f64] = &[0.1, 0.5, 1.0];

/// A tune document as (genre index, bigrams).
type Row = (usize, HashSet<String>);

fn lines_of(path: &std::path::Path) -> Vec<String> {
    let walk = corpus::walk::read_paths(&[path.to_path_buf()]);
    let source = &walk.sources[0];
    normalize::clean(normalize::mapped(source))
        .iter()
        .map(|l| script::fold(&Line::text(l)))
        .collect()
}

fn tune_rows() -> Vec<Row> {
    let dir = eval::devcorpus_dir().join("docs");
    eval::load_devcorpus()
        .into_iter()
        .filter(|d| d.split == "tune")
        .filter_map(|d| {
            let g = match d.key["genre"].as_str()? {
                "academic" => "paper",
                g => g,
            };
            let gi = GENRES.iter().position(|x| *x == g)?;
            Some((gi, bigrams(&lines_of(&dir.join(format!("{}.txt", d.name))))))
        })
        .collect()
}

/// χ² of "holds the bigram" against the genre, summed over genres.
fn chi2(rows: &[Row], df: &HashMap<&str, Vec<usize>>) -> Vec<(String, f64)> {
    let n = rows.len() as f64;
    let per: Vec<f64> = (0..GENRES.len())
        .map(|g| rows.iter().filter(|r| r.0 == g).count() as f64)
        .collect();
    let mut out: Vec<(String, f64)> = df
        .iter()
        .filter(|(_, c)| c.iter().sum::<usize>() >= 3)
        .map(|(w, c)| {
            let has = c.iter().sum::<usize>() as f64;
            let x: f64 = (0..GENRES.len())
                .map(|g| {
                    let e = has * per[g] / n;
                    let e2 = (n - has) * per[g] / n;
                    let o = c[g] as f64;
                    (o - e).powi(2) / e.max(1e-9) + (per[g] - o - e2).powi(2) / e2.max(1e-9)
                })
                .sum();
            (w.to_string(), x)
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

fn fit(rows: &[Row], size: usize, alpha: f64) -> Model {
    let mut df: HashMap<&str, Vec<usize>> = HashMap::new();
    for (g, bs) in rows {
        for b in bs {
            df.entry(b.as_str())
                .or_insert_with(|| vec![0; GENRES.len()])[*g] += 1;
        }
    }
    let kept: Vec<String> = chi2(rows, &df)
        .into_iter()
        .take(size)
        .map(|x| x.0)
        .collect();
    let totals: Vec<f64> = (0..GENRES.len())
        .map(|g| kept.iter().map(|w| df[w.as_str()][g] as f64).sum::<f64>())
        .collect();
    let v = kept.len() as f64;
    let table = kept
        .iter()
        .map(|w| {
            let row = (0..GENRES.len())
                .map(|g| ((df[w.as_str()][g] as f64 + alpha) / (totals[g] + alpha * v)).ln())
                .collect();
            (w.clone(), row)
        })
        .collect();
    let n = rows.len() as f64;
    let prior = (0..GENRES.len())
        .map(|g| ((rows.iter().filter(|r| r.0 == g).count() as f64 + 1.0) / n).ln())
        .collect();
    Model {
        genres: GENRES.iter().map(|g| g.to_string()).collect(),
        prior,
        table,
    }
}

/// Share of tune documents right when each fifth is guessed by a model of the rest.
fn cross_validate(rows: &[Row], size: usize, alpha: f64) -> f64 {
    let right: usize = (0..5)
        .map(|k| {
            let train: Vec<Row> = (0..rows.len())
                .filter(|i| i % 5 != k)
                .map(|i| rows[i].clone())
                .collect();
            let m = fit(&train, size, alpha);
            (0..rows.len())
                .filter(|i| i % 5 == k)
                .filter(|&i| m.guess_bigrams(&rows[i].1, &[]) == Some(GENRES[rows[i].0]))
                .count()
        })
        .sum();
    right as f64 / rows.len() as f64
}

fn write(m: &Model) {
    let mut out = String::from(
        "# Genre fallback (corpus/src/genre/model.rs): naive Bayes over character bigrams.\n\
         # Fitted by `cargo run -p corpus --example fit_genre -- --write` on the tune split.\n",
    );
    out += &format!("#genres\t{}\n", m.genres.join("\t"));
    let num = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join("\t")
    };
    out += &format!("#prior\t{}\n", num(&m.prior));
    let mut words: Vec<&String> = m.table.keys().collect();
    words.sort();
    for w in words {
        out += &format!("{w}\t{}\n", num(&m.table[w]));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/genre_bigrams.tsv");
    std::fs::write(path, out).expect("write genre_bigrams.tsv");
    println!("wrote {path}");
}

fn main() {
    let rows = tune_rows();
    println!("{} tune documents", rows.len());
    let mut best = (0.0, SIZES[0], ALPHAS[0]);
    for &size in SIZES {
        for &alpha in ALPHAS {
            let acc = cross_validate(&rows, size, alpha);
            println!("bigrams {size:5}  alpha {alpha:.1}  5-fold accuracy {acc:.3}");
            if acc > best.0 {
                best = (acc, size, alpha);
            }
        }
    }
    println!("chosen: bigrams {} alpha {}", best.1, best.2);
    if std::env::args().any(|a| a == "--write") {
        write(&fit(&rows, best.1, best.2));
    }
}
