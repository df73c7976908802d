//! `gongchuang thesaurus check`: the conventions of `data/thesaurus.ttl` (see
//! `data/THESAURUS.md`), read from the Turtle itself so that nothing the loader drops goes
//! unchecked, and how many concepts the corpus mentions.

use oxrdf::{NamedOrBlankNode, Term};
use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization;

const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const GC_AMBIGUOUS: &str = "https://w3id.org/gongchuang/ns#ambiguousLabel";
const GCC: &str = "https://w3id.org/gongchuang/concept/";
const GCS: &str = "https://w3id.org/gongchuang/scheme/";
/// The schemes the extractors read, in report order.
pub const EXPECTED_SCHEMES: [&str; 10] = [
    "actor",
    "technology",
    "mechanism",
    "obstacle",
    "domain",
    "financing",
    "operation",
    "outcome",
    "stage",
    "theme",
];
pub const MIN_CONCEPTS: usize = 450;

/// One label: its text and language tag.
type Label = (String, Option<String>);

/// What the Turtle says about one subject.
#[derive(Default)]
struct Subject {
    types: Vec<String>,
    in_scheme: Vec<String>,
    broader: Vec<String>,
    top_of: Vec<String>,
    pref: Vec<Label>,
    alt: Vec<Label>,
    ambiguous: Vec<Label>,
    /// Objects of label properties that are not literals.
    odd_labels: Vec<String>,
}

/// Per scheme: concepts, roots, and concepts found in the corpus.
#[derive(Debug, Default, Clone)]
pub struct SchemeRow {
    pub scheme: String,
    pub concepts: usize,
    pub roots: usize,
    pub in_corpus: usize,
}

#[derive(Debug, Default)]
pub struct Report {
    pub concepts: usize,
    pub schemes: usize,
    /// zh labels (pref, alt and ambiguous).
    pub labels: usize,
    pub rows: Vec<SchemeRow>,
    /// Documents of the corpus, when one was given.
    pub documents: Option<usize>,
    /// Per scheme, the zh prefLabels of concepts not found in the corpus.
    pub missing: BTreeMap<String, Vec<String>>,
    /// Labels by the number of corpus documents they occur in, most first.
    pub label_df: Vec<(String, usize)>,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// Normalisation used for matching: NFKC, then no whitespace.
pub fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn local<'a>(iri: &'a str, base: &str) -> Option<&'a str> {
    iri.strip_prefix(base)
}

fn short(iri: &str) -> String {
    local(iri, GCC).map_or_else(|| iri.to_string(), |s| format!("gcc:{s}"))
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn parse(ttl: &str, report: &mut Report) -> BTreeMap<String, Subject> {
    let mut out: BTreeMap<String, Subject> = BTreeMap::new();
    for t in oxttl::TurtleParser::new().for_slice(ttl.as_bytes()) {
        let t = match t {
            Ok(t) => t,
            Err(e) => {
                report.errors.push(format!("Turtle: {e}"));
                return out;
            }
        };
        let NamedOrBlankNode::NamedNode(s) = &t.subject else {
            continue;
        };
        let subject = out.entry(s.as_str().to_string()).or_default();
        let p = t.predicate.as_str();
        let p = p.strip_prefix(SKOS).unwrap_or(p);
        add(subject, p, &t.object);
    }
    out
}

fn add(s: &mut Subject, p: &str, o: &Term) {
    match (p, o) {
        (RDF_TYPE, Term::NamedNode(n)) => s.types.push(n.as_str().into()),
        ("inScheme", Term::NamedNode(n)) => s.in_scheme.push(n.as_str().into()),
        ("broader", Term::NamedNode(n)) => s.broader.push(n.as_str().into()),
        ("topConceptOf", Term::NamedNode(n)) => s.top_of.push(n.as_str().into()),
        ("prefLabel" | "altLabel" | GC_AMBIGUOUS, Term::Literal(l)) => {
            let label = (l.value().to_string(), l.language().map(String::from));
            match p {
                "prefLabel" => s.pref.push(label),
                "altLabel" => s.alt.push(label),
                _ => s.ambiguous.push(label),
            }
        }
        ("prefLabel" | "altLabel" | GC_AMBIGUOUS, other) => s.odd_labels.push(other.to_string()),
        _ => {}
    }
}

fn in_lang<'a>(labels: &'a [Label], lang: &str) -> Vec<&'a str> {
    labels
        .iter()
        .filter(|(_, l)| l.as_deref() == Some(lang))
        .map(|(v, _)| v.as_str())
        .collect()
}

fn has_type(s: &Subject, t: &str) -> bool {
    s.types.iter().any(|x| x == &format!("{SKOS}{t}"))
}

/// Declared schemes by name.
fn check_schemes(subjects: &BTreeMap<String, Subject>, r: &mut Report) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (iri, s) in subjects
        .iter()
        .filter(|(_, s)| has_type(s, "ConceptScheme"))
    {
        let Some(name) = local(iri, GCS) else {
            r.errors
                .push(format!("scheme outside gcs: namespace: {iri}"));
            continue;
        };
        names.insert(name.to_string());
        for lang in ["zh", "en"] {
            if in_lang(&s.pref, lang).len() != 1 {
                r.errors.push(format!(
                    "scheme gcs:{name} needs exactly one {lang} prefLabel"
                ));
            }
        }
    }
    for name in EXPECTED_SCHEMES.iter().filter(|n| !names.contains(**n)) {
        r.errors.push(format!("missing scheme gcs:{name}"));
    }
    for name in names
        .iter()
        .filter(|n| !EXPECTED_SCHEMES.contains(&n.as_str()))
    {
        r.warnings.push(format!("unexpected scheme gcs:{name}"));
    }
    names
}

/// The facts of one concept the later checks need.
#[derive(Default)]
struct Concept {
    scheme: Option<String>,
    zh_pref: Option<String>,
    /// zh pref and alt labels.
    own: Vec<String>,
    ambiguous: Vec<String>,
    broader: Vec<String>,
}

fn check_labels(name: &str, s: &Subject, r: &mut Report) {
    for lang in ["zh", "en"] {
        let n = in_lang(&s.pref, lang).len();
        if n != 1 {
            r.errors.push(format!(
                "{name}: has {n} {lang} prefLabels (need exactly 1)"
            ));
        }
    }
    for (v, l) in &s.pref {
        if !matches!(l.as_deref(), Some("zh" | "en")) {
            r.errors
                .push(format!("{name}: prefLabel {v:?} is neither @zh nor @en"));
        }
    }
    for v in &s.odd_labels {
        r.errors.push(format!("{name}: label {v} is not a literal"));
    }
    for (v, l) in s.alt.iter().chain(&s.ambiguous) {
        if l.as_deref() != Some("zh") {
            r.errors
                .push(format!("{name}: alt/ambiguous label {v:?} is not @zh"));
        }
    }
    for v in in_lang(&s.pref, "zh")
        .into_iter()
        .chain(in_lang(&s.alt, "zh"))
        .chain(in_lang(&s.ambiguous, "zh"))
    {
        if norm(v).chars().count() < 2 {
            r.errors
                .push(format!("{name}: label {v:?} is a single character"));
        }
        if norm(v) != v {
            r.errors.push(format!(
                "{name}: label {v:?} is not NFKC-normalised / contains whitespace (write {:?})",
                norm(v)
            ));
        }
    }
}

fn check_concept(iri: &str, s: &Subject, schemes: &BTreeSet<String>, r: &mut Report) -> Concept {
    let name = short(iri);
    match local(iri, GCC) {
        None => r
            .errors
            .push(format!("concept outside gcc: namespace: {iri}")),
        Some(slug) if !is_slug(slug) => r
            .errors
            .push(format!("{name}: IRI slug is not ascii kebab-case")),
        _ => {}
    }
    let mut c = Concept::default();
    match s.in_scheme.as_slice() {
        [one] => match local(one, GCS).filter(|n| schemes.contains(*n)) {
            Some(n) => c.scheme = Some(n.to_string()),
            None => r.errors.push(format!(
                "{name}: inScheme {one} is not a declared gcs: scheme"
            )),
        },
        many => r.errors.push(format!(
            "{name}: has {} skos:inScheme (need exactly 1)",
            many.len()
        )),
    }
    check_labels(&name, s, r);
    let zh = in_lang(&s.pref, "zh");
    c.zh_pref = (zh.len() == 1).then(|| zh[0].to_string());
    c.own = zh
        .into_iter()
        .chain(in_lang(&s.alt, "zh"))
        .map(String::from)
        .collect();
    c.ambiguous = in_lang(&s.ambiguous, "zh")
        .into_iter()
        .map(String::from)
        .collect();
    c.broader = s.broader.clone();
    match (c.broader.is_empty(), s.top_of.is_empty()) {
        (false, false) => r.errors.push(format!(
            "{name}: has both skos:broader and skos:topConceptOf"
        )),
        (true, true) => r
            .errors
            .push(format!("{name}: root concept without skos:topConceptOf")),
        _ => {}
    }
    for t in &s.top_of {
        if c.scheme.is_some() && local(t, GCS) != c.scheme.as_deref() {
            r.errors
                .push(format!("{name}: topConceptOf {t} differs from its scheme"));
        }
    }
    c
}

fn check_broader(concepts: &BTreeMap<String, Concept>, r: &mut Report) {
    for (iri, c) in concepts {
        for b in &c.broader {
            match concepts.get(b) {
                None => r
                    .errors
                    .push(format!("{}: broader {b} is not a concept", short(iri))),
                Some(p) if p.scheme != c.scheme => r.errors.push(format!(
                    "{}: broader {} is in another scheme",
                    short(iri),
                    short(b)
                )),
                _ if b == iri => r
                    .errors
                    .push(format!("{}: broader points to itself", short(iri))),
                _ => {}
            }
        }
    }
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in concepts.keys() {
        let mut path: Vec<&str> = Vec::new();
        walk(start, concepts, &mut path, &mut done, &mut reported, r);
    }
}

/// Depth-first along `broader`, reporting each cycle once.
fn walk<'a>(
    at: &'a str,
    concepts: &'a BTreeMap<String, Concept>,
    path: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
    reported: &mut BTreeSet<BTreeSet<String>>,
    r: &mut Report,
) {
    if let Some(i) = path.iter().position(|p| *p == at) {
        let cycle: Vec<&str> = path[i..].iter().copied().chain([at]).collect();
        if reported.insert(cycle.iter().map(|s| s.to_string()).collect()) {
            let names: Vec<String> = cycle.iter().map(|s| short(s)).collect();
            r.errors
                .push(format!("broader cycle: {}", names.join(" -> ")));
        }
        return;
    }
    if done.contains(at) {
        return;
    }
    path.push(at);
    for b in concepts.get(at).into_iter().flat_map(|c| &c.broader) {
        if let Some((k, _)) = concepts.get_key_value(b.as_str()) {
            walk(k, concepts, path, done, reported, r);
        }
    }
    path.pop();
    done.insert(at);
}

fn check_shared(concepts: &BTreeMap<String, Concept>, r: &mut Report) {
    let mut owner: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut ambiguous: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (iri, c) in concepts {
        for l in &c.own {
            owner.entry(l).or_default().insert(iri);
        }
        for l in &c.ambiguous {
            ambiguous.entry(l).or_default().insert(iri);
        }
    }
    let names = |s: &BTreeSet<&str>| s.iter().map(|i| short(i)).collect::<Vec<_>>().join(", ");
    for (l, o) in owner.iter().filter(|(_, o)| o.len() > 1) {
        r.errors.push(format!(
            "zh label {l:?} used by {} concepts: {} (use gc:ambiguousLabel on each if intended)",
            o.len(),
            names(o)
        ));
    }
    for (l, o) in &ambiguous {
        if let Some(own) = owner.get(l) {
            r.errors.push(format!(
                "ambiguous label {l:?} is also a pref/alt label of {}",
                names(own)
            ));
        }
        if o.len() < 2 {
            r.warnings
                .push(format!("ambiguous label {l:?} is used by only one concept"));
        }
    }
}

/// Per-scheme counts and, with a corpus (documents split at `=====` lines), how many
/// concepts have a label in it.
fn statistics(concepts: &BTreeMap<String, Concept>, corpus: Option<&str>, r: &mut Report) {
    let docs: Option<Vec<String>> = corpus.map(|text| {
        text.split("\n=====")
            .map(norm)
            .filter(|d| !d.is_empty())
            .collect()
    });
    r.documents = docs.as_ref().map(Vec::len);
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows: BTreeMap<String, SchemeRow> = BTreeMap::new();
    for c in concepts.values() {
        let scheme = c.scheme.clone().unwrap_or_else(|| "?".into());
        let row = rows.entry(scheme.clone()).or_default();
        row.concepts += 1;
        row.roots += c.broader.is_empty() as usize;
        let Some(docs) = &docs else { continue };
        let mut found = false;
        for l in c.own.iter().chain(&c.ambiguous) {
            let n = *df
                .entry(norm(l))
                .or_insert_with_key(|k| docs.iter().filter(|d| d.contains(k.as_str())).count());
            found |= n > 0;
        }
        if found {
            row.in_corpus += 1;
        } else {
            r.missing
                .entry(scheme)
                .or_default()
                .push(c.zh_pref.clone().unwrap_or_default());
        }
    }
    let mut order: Vec<String> = EXPECTED_SCHEMES.iter().map(|s| s.to_string()).collect();
    order.extend(
        rows.keys()
            .filter(|k| !order.contains(k))
            .cloned()
            .collect::<Vec<_>>(),
    );
    r.rows = order
        .into_iter()
        .map(|s| SchemeRow {
            scheme: s.clone(),
            ..rows.get(&s).cloned().unwrap_or_default()
        })
        .collect();
    r.label_df = df.into_iter().collect();
    r.label_df
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

/// Check a thesaurus (Turtle text) and, with the corpus text, how much of it the corpus uses.
pub fn check(ttl: &str, corpus: Option<&str>) -> Report {
    let mut r = Report::default();
    let subjects = parse(ttl, &mut r);
    let schemes = check_schemes(&subjects, &mut r);
    r.schemes = schemes.len();
    let concepts: BTreeMap<String, Concept> = subjects
        .iter()
        .filter(|(_, s)| has_type(s, "Concept"))
        .map(|(iri, s)| (iri.clone(), check_concept(iri, s, &schemes, &mut r)))
        .collect();
    r.concepts = concepts.len();
    if concepts.len() < MIN_CONCEPTS {
        r.errors.push(format!(
            "only {} concepts (need >= {MIN_CONCEPTS})",
            concepts.len()
        ));
    }
    r.labels = concepts
        .values()
        .map(|c| c.own.len() + c.ambiguous.len())
        .sum();
    check_broader(&concepts, &mut r);
    check_shared(&concepts, &mut r);
    statistics(&concepts, corpus, &mut r);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
        @prefix gc: <https://w3id.org/gongchuang/ns#> .\n\
        @prefix gcc: <https://w3id.org/gongchuang/concept/> .\n\
        @prefix gcs: <https://w3id.org/gongchuang/scheme/> .\n\
        gcs:actor a skos:ConceptScheme ; skos:prefLabel \"主体\"@zh, \"Actor\"@en .\n";

    fn errors(body: &str) -> Vec<String> {
        check(&format!("{HEAD}{body}"), None).errors
    }

    #[test]
    fn the_bundled_thesaurus_is_clean() {
        let ttl = include_str!("../data/thesaurus.ttl");
        let corpus = include_str!("../data/seed-40-docs.txt");
        let r = check(ttl, Some(corpus));
        assert!(r.errors.is_empty(), "{:#?}", r.errors);
        assert!(r.concepts >= MIN_CONCEPTS);
        assert_eq!(r.documents, Some(40));
    }

    #[test]
    fn convention_breaks_are_reported() {
        let e = errors(
            "gcc:a a skos:Concept ; skos:inScheme gcs:actor ; skos:topConceptOf gcs:actor ;\n\
               skos:prefLabel \"居民\"@zh, \"Residents\"@en .\n\
             gcc:b a skos:Concept ; skos:inScheme gcs:actor ; skos:broader gcc:c ;\n\
               skos:prefLabel \"居民\"@zh, \"B\"@en ; skos:altLabel \"民\"@zh .\n\
             gcc:c a skos:Concept ; skos:inScheme gcs:actor ; skos:broader gcc:b ;\n\
               skos:prefLabel \"社 区\"@zh, \"C\"@en .\n\
             gcc:Bad_Slug a skos:Concept ; skos:inScheme gcs:nowhere ; skos:prefLabel \"某某\"@zh .\n",
        );
        let has = |s: &str| e.iter().any(|x| x.contains(s));
        assert!(has("zh label \"居民\" used by 2 concepts"), "{e:#?}");
        assert!(has("is a single character"), "{e:#?}");
        assert!(has("not NFKC-normalised / contains whitespace"), "{e:#?}");
        assert!(has("broader cycle"), "{e:#?}");
        assert!(has("IRI slug is not ascii kebab-case"), "{e:#?}");
        assert!(has("is not a declared gcs: scheme"), "{e:#?}");
        assert!(has("has 0 en prefLabels"), "{e:#?}");
        assert!(has("missing scheme gcs:technology"), "{e:#?}");
    }
}
