//! The features of every search candidate (`rank::Feature`), computed once per query so that
//! ranking and fitting read the same numbers.

use crate::answer;
use crate::candidate::{Candidate, RankScore};
use crate::fulltext::{FullText, Item};
use crate::rank::{Feature, Features};
use corpus::normalize::script::fold_char;

/// BM25's term-saturation and length constants, for the text-only BM25 feature.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// e5 cosines crowd into 0.80–0.92: spread onto [0, 1].
const DENSE_FLOOR: f32 = 0.80;
const DENSE_SPAN: f32 = 0.12;

/// Lower-cased, traditional folded to simplified, one char per input char.
pub fn fold(s: &str) -> Vec<char> {
    s.chars().map(lower).map(fold_char).collect()
}

/// The first char of `c`'s lower case. Han characters (U+3400–U+9FFF) have no case: most
/// of a text, and `to_lowercase` would search Unicode's case table for each.
fn lower(c: char) -> char {
    if ('\u{3400}'..='\u{9fff}').contains(&c) {
        return c;
    }
    c.to_lowercase().next().unwrap_or(c)
}

/// Bits of the first-char bitmap of `Needles` (a power of two).
const FIRST_BITS: usize = 4096;

/// Words to find in many texts. One pass over a text finds every word: a bitmap of the
/// words' first characters rules out nearly every position before a word is compared (a
/// scan per word compared each word at every position: most of a search's time).
pub struct Needles<'a> {
    words: &'a [Vec<char>],
    firsts: Vec<u64>,
}

impl<'a> Needles<'a> {
    pub fn new(words: &'a [Vec<char>]) -> Self {
        let mut firsts = vec![0u64; FIRST_BITS / 64];
        for c in words.iter().filter_map(|w| w.first()) {
            let b = *c as usize % FIRST_BITS;
            firsts[b / 64] |= 1 << (b % 64);
        }
        Needles { words, firsts }
    }

    /// Calls `found(word index, start)` for every occurrence of every word in `hay`,
    /// overlapping ones included, by start then word.
    pub fn each(&self, hay: &[char], mut found: impl FnMut(usize, usize)) {
        for (i, &c) in hay.iter().enumerate() {
            let b = c as usize % FIRST_BITS;
            if (self.firsts[b / 64] >> (b % 64)) & 1 == 0 {
                continue;
            }
            for (j, w) in self.words.iter().enumerate() {
                if w.first() == Some(&c) && hay[i..].starts_with(w) {
                    found(j, i);
                }
            }
        }
    }

    /// Occurrences of each word in `hay` (overlapping ones counted).
    fn counts(&self, hay: &[char]) -> Vec<usize> {
        let mut n = vec![0; self.words.len()];
        self.each(hay, |j, _| n[j] += 1);
        n
    }
}

fn rrf(r: &Option<RankScore>) -> f32 {
    r.as_ref().map_or(0.0, |r| 60.0 / (60.0 + r.rank as f32))
}

/// What every candidate of one query is measured against.
pub struct QueryView<'a> {
    pub q: &'a str,
    pub words: &'a [String],
    pub concepts: &'a [String],
}

/// Fill the features (and the matched terms and concepts) of every candidate.
pub fn compute(ft: &FullText, view: &QueryView, list: &mut [Candidate]) {
    let m = Measure::new(ft, view);
    let raw: Vec<Raw> = list.iter_mut().map(|c| m.one(c)).collect();
    m.finish(list, &raw);
}

/// The query's side of measuring, worked out once: a candidate can then be measured as soon
/// as it is known (the BM25 ones while the query is still being embedded).
pub struct Measure {
    words: Vec<String>,
    concepts: Vec<String>,
    folded: Vec<Vec<char>>,
    idf: Vec<f32>,
    idf_sum: f32,
    wanted: Option<answer::AnswerType>,
}

/// What `Measure::one` found that the whole list's features still need.
pub struct Raw {
    /// Occurrences of each query word in the text.
    text_counts: Vec<usize>,
    /// The text's length in chars.
    len: f32,
}

impl Measure {
    pub fn new(ft: &FullText, view: &QueryView) -> Self {
        let idf = ft.idf(view.words);
        Measure {
            words: view.words.to_vec(),
            concepts: view.concepts.to_vec(),
            folded: view.words.iter().map(|w| fold(w)).collect(),
            idf_sum: idf.iter().sum::<f32>().max(1e-6),
            idf,
            wanted: answer::answer_type(view.q),
        }
    }

    /// The features of `c` that do not depend on the other candidates.
    pub fn one(&self, c: &mut Candidate) -> Raw {
        let f = &mut c.features;
        let e = &mut c.explain;
        if let Some(t) = self
            .wanted
            .as_ref()
            .filter(|t| answer::holds(t, &c.item.text))
        {
            e.answer = Some(t.clone());
            f.set(Feature::Answer, 1.0);
        }
        let shared: Vec<String> = self
            .concepts
            .iter()
            .filter(|x| c.item.concepts.contains(x))
            .cloned()
            .collect();
        if !self.concepts.is_empty() {
            f.set(
                Feature::Concepts,
                shared.len() as f32 / self.concepts.len() as f32,
            );
        }
        e.matched_concepts = shared;
        let (raw, terms) = self.words_in(&c.item, f);
        e.matched_terms = terms;
        f.set(
            Feature::Position,
            1.0 / (1.0 + c.item.lines.0 as f32 / 30.0),
        );
        f.set(Feature::Short, 1.0 / (1.0 + raw.len / 400.0));
        raw
    }

    /// The features that compare a candidate with the others (`raw[i]` is `list[i]`'s).
    pub fn finish(&self, list: &mut [Candidate], raw: &[Raw]) {
        let max_bm25 = list
            .iter()
            .filter_map(|c| c.explain.bm25.as_ref().map(|b| b.score))
            .fold(0.0f32, f32::max);
        let avg_len = (raw.iter().map(|r| r.len).sum::<f32>() / raw.len().max(1) as f32).max(1.0);
        let mut max_text = 0.0f32;
        for (c, r) in list.iter_mut().zip(raw) {
            let f = &mut c.features;
            let e = &c.explain;
            f.set(Feature::Bm25Rrf, rrf(&e.bm25));
            f.set(Feature::DenseRrf, rrf(&e.dense));
            if let (Some(b), true) = (&e.bm25, max_bm25 > 0.0) {
                f.set(Feature::Bm25, b.score / max_bm25);
            }
            if let Some(d) = &e.dense {
                f.set(
                    Feature::Dense,
                    ((d.score - DENSE_FLOOR) / DENSE_SPAN).clamp(0.0, 1.0),
                );
            }
            let text = self.text_bm25(r, avg_len);
            max_text = max_text.max(text);
            f.set(Feature::TextBm25, text);
        }
        if max_text > 0.0 {
            for c in list.iter_mut() {
                let v = c.features.get(Feature::TextBm25) / max_text;
                c.features.set(Feature::TextBm25, v);
            }
        }
    }

    /// BM25 of the text alone, with the candidates' average length.
    fn text_bm25(&self, r: &Raw, avg_len: f32) -> f32 {
        let mut bm = 0.0f32;
        for (&tf, idf) in r.text_counts.iter().zip(&self.idf) {
            let tf = tf as f32;
            if tf > 0.0 {
                bm += idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * r.len / avg_len));
            }
        }
        bm
    }

    /// Word features: coverage (text, title or authors), IDF coverage of the text, IDF share
    /// in the title; returns the word counts of the text and the words found (for the
    /// explanation).
    fn words_in(&self, item: &Item, f: &mut Features) -> (Raw, Vec<String>) {
        let needles = Needles::new(&self.folded);
        let hay = fold(&item.text);
        let title = fold(&item.title);
        let (text_counts, title_counts) = (needles.counts(&hay), needles.counts(&title));
        let (mut cov_idf, mut title_idf) = (0.0f32, 0.0f32);
        let mut terms = Vec::new();
        for (i, word) in self.words.iter().enumerate() {
            let in_title = title_counts[i] > 0;
            // Words of the title or an author name the document, so they count for all its
            // passages alike: coverage then tells passages apart by the remaining words.
            if text_counts[i] > 0
                || in_title
                || item.authors.iter().any(|a| a.contains(word.as_str()))
            {
                terms.push(word.clone());
            }
            if text_counts[i] > 0 {
                cov_idf += self.idf[i];
            }
            if in_title {
                title_idf += self.idf[i];
            }
        }
        if !self.words.is_empty() {
            f.set(
                Feature::Coverage,
                terms.len() as f32 / self.words.len() as f32,
            );
            f.set(Feature::CoverageIdf, cov_idf / self.idf_sum);
            f.set(Feature::Title, title_idf / self.idf_sum);
        }
        let len = hay.len() as f32;
        (Raw { text_counts, len }, terms)
    }
}

#[cfg(test)]
mod tests {
    use super::Needles;
    use proptest::prelude::*;

    /// Every (word, start) of a window-by-window scan, the way words were counted before.
    fn windows(hay: &[char], words: &[Vec<char>]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..hay.len() {
            for (j, w) in words.iter().enumerate() {
                if !w.is_empty() && hay.len() - i >= w.len() && hay[i..i + w.len()] == w[..] {
                    out.push((j, i));
                }
            }
        }
        out
    }

    /// Short texts over a few letters, so that words overlap, repeat and share first chars
    /// (and chars 4,096 apart share a bit of the first-char bitmap).
    fn chars() -> impl Strategy<Value = Vec<char>> {
        let alphabet = vec!['a', 'b', '城', '市', '\u{1041}', '\u{5041}', '𠀀'];
        proptest::collection::vec(proptest::sample::select(alphabet), 0..12)
    }

    proptest! {
        #[test]
        fn needles_find_what_windows_find(
            hay in chars(),
            words in proptest::collection::vec(chars(), 0..5),
        ) {
            let mut found = Vec::new();
            Needles::new(&words).each(&hay, |j, i| found.push((j, i)));
            prop_assert_eq!(found, windows(&hay, &words));
        }
    }
}
