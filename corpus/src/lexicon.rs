//! Word lists kept as data (`data/lexicon/*.txt`, one entry a line, `#` comments), compiled
//! into the binary and parsed once.

use once_cell::sync::Lazy;
use std::collections::HashMap;

static FILES: &[(&str, &str)] = &[
    (
        "genre_news",
        include_str!("../data/lexicon/genre_news.txt"),
    ),
    (
        "genre_policy",
        include_str!("../data/lexicon/genre_policy.txt"),
    ),
    (
        "genre_case_list",
        include_str!("../data/lexicon/genre_case_list.txt"),
    ),
    (
        "genre_writeup",
        include_str!("../data/lexicon/genre_writeup.txt"),
    ),
    (
        "genre_commentary",
        include_str!("../data/lexicon/genre_commentary.txt"),
    ),
    (
        "genre_paper",
        include_str!("../data/lexicon/genre_paper.txt"),
    ),
    (
        "org_suffixes",
        include_str!("../data/lexicon/org_suffixes.txt"),
    ),
    (
        "policy_doc_types",
        include_str!("../data/lexicon/policy_doc_types.txt"),
    ),
    (
        "policy_effect_verbs",
        include_str!("../data/lexicon/policy_effect_verbs.txt"),
    ),
    (
        "project_words",
        include_str!("../data/lexicon/project_words.txt"),
    ),
    (
        "policy_fields",
        include_str!("../data/lexicon/policy_fields.txt"),
    ),
];

static PARSED: Lazy<HashMap<&'static str, Vec<Vec<String>>>> = Lazy::new(|| {
    FILES
        .iter()
        .map(|&(name, text)| (name, parse(text)))
        .collect()
});

/// Entries of a lexicon text: each non-comment line split at tabs.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(|f| f.trim().to_string()).collect())
        .collect()
}

/// The entries of a bundled lexicon, each as its tab-separated fields.
/// Panics on an unknown name: the names are fixed in the code that reads them.
pub fn entries(name: &str) -> &'static [Vec<String>] {
    PARSED
        .get(name)
        .unwrap_or_else(|| panic!("no lexicon {name}"))
}

/// The first field of each entry.
pub fn words(name: &str) -> Vec<&'static str> {
    entries(name).iter().map(|e| e[0].as_str()).collect()
}

/// Names of the bundled lexicons.
pub fn names() -> Vec<&'static str> {
    FILES.iter().map(|&(n, _)| n).collect()
}
