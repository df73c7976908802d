//! Two facets of a case that are not words shared with the scenario: its kind (old estate,
//! urban village, historic district, …, by cue words: `corpus/data/lexicon/case_kind.txt`)
//! against the kind the scenario describes, and concept overlap weighted by how rare each
//! concept is among the stored cases (a concept every case has tells nothing).

use corpus::extract::Case;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

/// Kind → how often its cues occur.
pub type Kinds = BTreeMap<String, f64>;

/// Cues by their first character, longest first.
static CUES: LazyLock<HashMap<char, Vec<(String, String)>>> = LazyLock::new(|| {
    let mut by: HashMap<char, Vec<(String, String)>> = HashMap::new();
    for (cue, fields) in &corpus::lexicon::case_kind().entries {
        if let (Some(c), Some(kind)) = (cue.chars().next(), fields.first()) {
            by.entry(c).or_default().push((cue.clone(), kind.clone()));
        }
    }
    for v in by.values_mut() {
        v.sort_by_key(|(cue, _)| std::cmp::Reverse(cue.chars().count()));
    }
    by
});

/// Add `times` for each cue in `text`: at each place the longest cue that starts there
/// (`城中村` is an urban village, not a `村`), then past it.
pub fn add_kinds(text: &str, times: f64, kinds: &mut Kinds) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let hit = CUES
            .get(&c)
            .and_then(|cues| cues.iter().find(|(cue, _)| rest.starts_with(cue.as_str())));
        let step = match hit {
            Some((cue, kind)) => {
                *kinds.entry(kind.clone()).or_default() += times;
                cue.len()
            }
            None => c.len_utf8(),
        };
        rest = &rest[step..];
    }
}

/// The weight of a cue in a case's name, and in its document's title, against one in a
/// sentence that names it: the name says what the case is, the sentences what is done there.
const IN_NAME: f64 = 3.0;
const IN_TITLE: f64 = 2.0;
/// The sentences read per case (those the case item is made of).
const SENTENCES: usize = 8;

/// A case's kinds: its name, the sentences that name it and its document's title.
pub fn case_kinds(c: &Case, title: &str) -> Kinds {
    let mut k = Kinds::new();
    add_kinds(&c.name, IN_NAME, &mut k);
    add_kinds(title, IN_TITLE, &mut k);
    for e in c.evidence.iter().take(SENTENCES) {
        add_kinds(&e.text, 1.0, &mut k);
    }
    k
}

/// Cosine of two kind profiles (0 when either is empty).
pub fn kind_similarity(a: &Kinds, b: &Kinds) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, x)| Some(x * b.get(k)?)).sum();
    let norm = |m: &Kinds| m.values().map(|x| x * x).sum::<f64>().sqrt();
    let n = norm(a) * norm(b);
    if n > 0.0 {
        dot / n
    } else {
        0.0
    }
}

/// Inverse document frequency among the stored cases of each of `concepts`:
/// ln((N + 1) / (df + 1)), df the cases that have it in any facet (`cases`: each case's
/// concept IRIs).
pub fn concept_idf<'a>(
    cases: impl Iterator<Item = HashSet<&'a str>>,
    concepts: &HashSet<&str>,
) -> BTreeMap<String, f64> {
    let mut df: HashMap<&str, usize> = HashMap::new();
    let mut n = 0usize;
    for have in cases {
        n += 1;
        for x in have.into_iter().filter(|x| concepts.contains(x)) {
            *df.entry(x).or_default() += 1;
        }
    }
    concepts
        .iter()
        .map(|x| {
            let d = df.get(x).copied().unwrap_or(0);
            (x.to_string(), ((n + 1) as f64 / (d + 1) as f64).ln())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_cue_counts() {
        let mut k = Kinds::new();
        add_kinds("城中村改造，村民议事", 1.0, &mut k);
        assert_eq!(k.get("urban_village"), Some(&1.0));
        assert_eq!(k.get("rural_cogovernance"), Some(&1.0));
        let mut f = Kinds::new();
        add_kinds("老厂房改成文创园", 1.0, &mut f);
        assert_eq!(f.get("industrial_heritage"), Some(&2.0));
        assert!(kind_similarity(&f, &k).abs() < 1e-12);
        assert!((kind_similarity(&f, &f) - 1.0).abs() < 1e-12);
    }

    /// A concept every case has weighs nothing; one case's concept weighs most.
    #[test]
    fn rare_concepts_weigh_more() {
        let cases: [HashSet<&str>; 3] = [
            ["common", "rare"].into_iter().collect(),
            ["common"].into_iter().collect(),
            ["common"].into_iter().collect(),
        ];
        let asked: HashSet<&str> = ["common", "rare", "unknown"].into_iter().collect();
        let idf = concept_idf(cases.into_iter(), &asked);
        assert!(idf["common"].abs() < 1e-12);
        assert!(idf["rare"] > 0.0 && idf["rare"] < idf["unknown"]);
    }
}
