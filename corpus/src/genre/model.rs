//! A fitted fallback for texts that carry no genre cue at all (a news story without byline
//! or source line, a write-up without a facts table): a naive Bayes model over the
//! character bigrams of the text, fitted on the tune split of the development corpus
//! (`cargo run -p corpus --example fit_genre -- --write` writes `data/genre_bigrams.tsv`).

use once_cell::sync::Lazy;
use std::collections::{HashMap, HashSet};

/// How many chars of a text are read: its opening is where its genre shows.
pub const MAX_CHARS: usize = 4000;

/// The bigrams of two Han characters in a text's opening, each once.
pub fn bigrams(lines: &[String]) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut prev: Option<char> = None;
    for c in lines.iter().flat_map(|l| l.chars()).take(MAX_CHARS) {
        let han = crate::text::is_cjk(c);
        if let (Some(p), true) = (prev, han) {
            out.insert([p, c].iter().collect());
        }
        prev = han.then_some(c);
    }
    out
}

/// Log prior per genre and log-likelihood per genre of each kept bigram.
pub struct Model {
    pub genres: Vec<String>,
    pub prior: Vec<f64>,
    pub table: HashMap<String, Vec<f64>>,
}

impl Model {
    /// Reads the `#genres`, `#prior` and `bigram<TAB>log p …` lines of the data file.
    pub fn parse(text: &str) -> Model {
        let mut m = Model {
            genres: Vec::new(),
            prior: Vec::new(),
            table: HashMap::new(),
        };
        let nums = |f: std::str::Split<'_, char>| f.filter_map(|x| x.parse().ok()).collect();
        for line in text.lines() {
            let mut f = line.split('\t');
            match f.next() {
                Some("#genres") => m.genres = f.map(str::to_string).collect(),
                Some("#prior") => m.prior = nums(f),
                Some(w) if !w.starts_with('#') && !w.is_empty() => {
                    m.table.insert(w.to_string(), nums(f));
                }
                _ => {}
            }
        }
        m
    }

    /// The most likely genre of a text, by its bigrams, of those not `excluded`.
    pub fn guess(&self, lines: &[String], excluded: &[&str]) -> Option<&str> {
        self.guess_bigrams(&bigrams(lines), excluded)
    }

    /// The most likely genre of a text holding these bigrams, of those not `excluded`.
    pub fn guess_bigrams(&self, bigrams: &HashSet<String>, excluded: &[&str]) -> Option<&str> {
        let mut score = self.prior.clone();
        for b in bigrams {
            if let Some(row) = self.table.get(b) {
                score.iter_mut().zip(row).for_each(|(s, l)| *s += l);
            }
        }
        let best = (0..score.len())
            .filter(|&g| !excluded.contains(&self.genres[g].as_str()))
            .max_by(|&a, &b| score[a].total_cmp(&score[b]))?;
        self.genres.get(best).map(String::as_str)
    }
}

static MODEL: Lazy<Model> =
    Lazy::new(|| Model::parse(include_str!("../../data/genre_bigrams.tsv")));

/// The bundled model's guess.
pub fn guess(lines: &[String], excluded: &[&str]) -> Option<&'static str> {
    MODEL.guess(lines, excluded)
}
