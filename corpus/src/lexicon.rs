//! Word lists kept as data (`corpus/data/lexicon/*.txt`): one entry a line, `#` starts a
//! comment, optional tab-separated fields after the entry. Compiled in, parsed once.

use std::collections::HashMap;

/// One list: entries in file order, with their extra fields.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub entries: Vec<(String, Vec<String>)>,
}

impl Lexicon {
    pub fn parse(text: &str) -> Lexicon {
        let entries = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim_end())
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut f = l.split('\t').map(|x| x.trim().to_string());
                let word = f.next().unwrap_or_default();
                (word, f.filter(|x| !x.is_empty()).collect())
            })
            .collect();
        Lexicon { entries }
    }

    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(w, _)| w.as_str())
    }

    pub fn contains(&self, w: &str) -> bool {
        self.entries.iter().any(|(e, _)| e == w)
    }

    /// Entries whose first field, a space-separated list of kinds, names `kind`.
    pub fn words_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> {
        self.entries
            .iter()
            .filter(move |(_, f)| f.first().is_some_and(|k| k.split(' ').any(|k| k == kind)))
            .map(|(w, _)| w.as_str())
    }

    /// Entry → its first extra field.
    pub fn field_map(&self) -> HashMap<String, String> {
        self.entries
            .iter()
            .map(|(w, f)| (w.clone(), f.first().cloned().unwrap_or_default()))
            .collect()
    }
}

/// A bundled list by file stem (`site_suffix` → `data/lexicon/site_suffix.txt`).
#[macro_export]
macro_rules! lexicon {
    ($name:literal) => {{
        static L: once_cell::sync::Lazy<$crate::lexicon::Lexicon> =
            once_cell::sync::Lazy::new(|| {
                $crate::lexicon::Lexicon::parse(include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/data/lexicon/",
                    $name,
                    ".txt"
                )))
            });
        &*L
    }};
}

/// The words of `kind` as one regex alternation `(?:a|b)`, escaped, in file order: for cues
/// whose pattern is code and whose words are data.
pub fn alternation(lex: &Lexicon, kind: &str) -> String {
    let words: Vec<String> = lex.words_of(kind).map(regex::escape).collect();
    assert!(!words.is_empty(), "no lexicon words of kind {kind}");
    format!("(?:{})", words.join("|"))
}

/// Whether `c` is a measure word (`clause_word.txt`, kind `counter`: `个`, `处`): after a
/// number it makes a quantity (`3 个`, `12处`), not a name or a row number.
pub fn is_counter(c: char) -> bool {
    clause_char(c, &["counter"])
}

/// Whether a number before `c` is a quantity (`12 月`, `3 户`, `3 个`): a counter or a unit
/// (`clause_word.txt`, kinds `counter` and `unit`), so not a row or item number.
pub fn is_quantity_word(c: char) -> bool {
    clause_char(c, &["counter", "unit"])
}

fn clause_char(c: char, kinds: &[&str]) -> bool {
    let lex = lexicon!("clause_word");
    kinds
        .iter()
        .any(|k| lex.words_of(k).any(|w| w.chars().eq(std::iter::once(c))))
}
