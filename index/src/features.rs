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
    let idf = ft.idf(view.words);
    let idf_sum: f32 = idf.iter().sum::<f32>().max(1e-6);
    let folded: Vec<Vec<char>> = view.words.iter().map(|w| fold(w)).collect();
    let needles = Needles::new(&folded);
    let wanted = answer::answer_type(view.q);
    let max_bm25 = list
        .iter()
        .filter_map(|c| c.explain.bm25.as_ref().map(|b| b.score))
        .fold(0.0f32, f32::max);
    let lens: Vec<f32> = list
        .iter()
        .map(|c| c.item.text.chars().count() as f32)
        .collect();
    let avg_len = (lens.iter().sum::<f32>() / lens.len().max(1) as f32).max(1.0);
    let mut max_text = 0.0f32;
    for c in list.iter_mut() {
        let f = &mut c.features;
        let e = &mut c.explain;
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
        if let Some(t) = wanted.as_ref().filter(|t| answer::holds(t, &c.item.text)) {
            e.answer = Some(t.clone());
            f.set(Feature::Answer, 1.0);
        }
        let shared: Vec<String> = view
            .concepts
            .iter()
            .filter(|x| c.item.concepts.contains(x))
            .cloned()
            .collect();
        if !view.concepts.is_empty() {
            f.set(
                Feature::Concepts,
                shared.len() as f32 / view.concepts.len() as f32,
            );
        }
        e.matched_concepts = shared;
        let (text, terms) = words_in(&c.item, view.words, &needles, &idf, idf_sum, avg_len, f);
        max_text = max_text.max(text);
        f.set(Feature::TextBm25, text);
        e.matched_terms = terms;
        let len = c.item.text.chars().count() as f32;
        f.set(
            Feature::Position,
            1.0 / (1.0 + c.item.lines.0 as f32 / 30.0),
        );
        f.set(Feature::Short, 1.0 / (1.0 + len / 400.0));
    }
    if max_text > 0.0 {
        for c in list.iter_mut() {
            let v = c.features.get(Feature::TextBm25) / max_text;
            c.features.set(Feature::TextBm25, v);
        }
    }
}

/// Word features: coverage (text, title or authors), IDF coverage of the text, IDF share in
/// the title; returns the raw text-only BM25 and the words found (for the explanation).
fn words_in(
    item: &Item,
    words: &[String],
    needles: &Needles,
    idf: &[f32],
    idf_sum: f32,
    avg_len: f32,
    f: &mut Features,
) -> (f32, Vec<String>) {
    let hay = fold(&item.text);
    let title = fold(&item.title);
    let len = hay.len() as f32;
    let (text_counts, title_counts) = (needles.counts(&hay), needles.counts(&title));
    let (mut cov_idf, mut title_idf, mut bm) = (0.0f32, 0.0f32, 0.0f32);
    let mut terms = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let tf = text_counts[i] as f32;
        let in_title = title_counts[i] > 0;
        // Words of the title or an author name the document, so they count for all its
        // passages alike: coverage then tells passages apart by the remaining words.
        if tf > 0.0 || in_title || item.authors.iter().any(|a| a.contains(word.as_str())) {
            terms.push(word.clone());
        }
        if tf > 0.0 {
            cov_idf += idf[i];
            bm += idf[i] * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg_len));
        }
        if in_title {
            title_idf += idf[i];
        }
    }
    if !words.is_empty() {
        f.set(Feature::Coverage, terms.len() as f32 / words.len() as f32);
        f.set(Feature::CoverageIdf, cov_idf / idf_sum);
        f.set(Feature::Title, title_idf / idf_sum);
    }
    (bm, terms)
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
