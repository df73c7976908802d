//! The SKOS thesaurus (Turtle): concepts, labels, schemes and the broader hierarchy.

use super::error::KnowledgeError;
use oxrdf::{NamedOrBlankNode, Term};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const GC: &str = "https://w3id.org/gongchuang/ns#";
pub const GCS: &str = "https://w3id.org/gongchuang/scheme/";
pub const GCC: &str = "https://w3id.org/gongchuang/concept/";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The thesaurus shipped with the crate.
pub const BUNDLED_TTL: &str = include_str!("../../data/thesaurus.ttl");

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Concept {
    /// Full IRI.
    pub iri: String,
    /// Scheme short name (`actor`, `technology`, …).
    pub scheme: String,
    /// Chinese prefLabel (empty only in an invalid file; `validate` reports it).
    pub label: String,
    pub label_en: Option<String>,
    pub alt_labels: Vec<String>,
    /// Labels shared on purpose with other concepts (`gc:ambiguousLabel`).
    pub ambiguous_labels: Vec<String>,
    /// IRIs of broader concepts (the conventions allow one).
    pub broader: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Thesaurus {
    pub concepts: Vec<Concept>,
    /// Scheme short name → (zh label, en label).
    pub schemes: BTreeMap<String, (String, String)>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

#[derive(Default)]
struct Raw {
    types: Vec<String>,
    scheme: Vec<String>,
    pref: Vec<(String, Option<String>)>,
    alt: Vec<String>,
    ambiguous: Vec<String>,
    broader: Vec<String>,
}

impl Thesaurus {
    /// Parse a Turtle file. Syntax errors fail; convention problems are left to `validate`.
    pub fn parse(ttl: &str) -> Result<Thesaurus, KnowledgeError> {
        let mut raw: BTreeMap<String, Raw> = BTreeMap::new();
        for triple in oxttl::TurtleParser::new().for_slice(ttl) {
            let t = triple?;
            let NamedOrBlankNode::NamedNode(s) = &t.subject else {
                continue;
            };
            let p = t.predicate.as_str();
            let r = raw.entry(s.as_str().to_string()).or_default();
            match (&t.object, p) {
                (Term::NamedNode(o), RDF_TYPE) => r.types.push(o.as_str().to_string()),
                (Term::NamedNode(o), _) if p == format!("{SKOS}inScheme") => {
                    r.scheme.push(o.as_str().to_string())
                }
                (Term::NamedNode(o), _) if p == format!("{SKOS}broader") => {
                    r.broader.push(o.as_str().to_string())
                }
                (Term::Literal(l), _) => {
                    let lang = l.language().map(str::to_string);
                    let v = l.value().to_string();
                    let zh = lang.as_deref().is_some_and(|x| x.starts_with("zh"));
                    if p == format!("{SKOS}prefLabel") {
                        r.pref.push((v, lang));
                    } else if p == format!("{SKOS}altLabel") && zh {
                        r.alt.push(v);
                    } else if p == format!("{GC}ambiguousLabel") && zh {
                        r.ambiguous.push(v);
                    }
                }
                _ => {}
            }
        }
        let mut th = Thesaurus::default();
        for (iri, r) in &raw {
            if r.types.iter().any(|t| t == &format!("{SKOS}ConceptScheme")) {
                let name = iri.strip_prefix(GCS).unwrap_or(iri).to_string();
                let zh = pref(&r.pref, "zh").unwrap_or_default();
                let en = pref(&r.pref, "en").unwrap_or_default();
                th.schemes.insert(name, (zh, en));
            }
        }
        for (iri, r) in raw {
            if !r.types.iter().any(|t| t == &format!("{SKOS}Concept")) {
                continue;
            }
            let scheme = r
                .scheme
                .first()
                .map(|s| s.strip_prefix(GCS).unwrap_or(s).to_string());
            th.concepts.push(Concept {
                label: pref(&r.pref, "zh").unwrap_or_default(),
                label_en: pref(&r.pref, "en"),
                scheme: scheme.unwrap_or_default(),
                alt_labels: r.alt,
                ambiguous_labels: r.ambiguous,
                broader: r.broader,
                iri,
            });
        }
        if th.concepts.is_empty() {
            return Err(KnowledgeError::NoConcepts);
        }
        th.reindex();
        Ok(th)
    }

    /// Rebuild the IRI index (needed after deserialising).
    pub fn reindex(&mut self) {
        self.index = self
            .concepts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iri.clone(), i))
            .collect();
    }

    pub fn index_of(&self, iri: &str) -> Option<usize> {
        self.index
            .get(iri)
            .or_else(|| self.index.get(&format!("{GCC}{iri}")))
            .copied()
    }

    /// Look a concept up by IRI or by its slug (`old-residential-renovation`).
    pub fn get(&self, iri: &str) -> Option<&Concept> {
        self.index_of(iri).map(|i| &self.concepts[i])
    }

    fn parent(&self, i: usize) -> Option<usize> {
        self.concepts[i]
            .broader
            .first()
            .and_then(|b| self.index.get(b).copied())
    }

    /// Broader concepts, nearest first (cycles are cut).
    pub fn ancestors(&self, iri: &str) -> Vec<&Concept> {
        let mut out: Vec<usize> = Vec::new();
        let mut cur = self.index_of(iri);
        while let Some(i) = cur.and_then(|i| self.parent(i)) {
            if out.contains(&i) || Some(i) == self.index_of(iri) {
                break;
            }
            out.push(i);
            cur = Some(i);
        }
        out.into_iter().map(|i| &self.concepts[i]).collect()
    }

    fn in_cycle(&self, iri: &str) -> bool {
        let Some(start) = self.index_of(iri) else {
            return false;
        };
        let mut seen = vec![start];
        let mut cur = start;
        while let Some(p) = self.parent(cur) {
            if p == start {
                return true;
            }
            if seen.contains(&p) {
                return false;
            }
            seen.push(p);
            cur = p;
        }
        false
    }

    /// Depth in its scheme's tree: a top concept has depth 1; unknown IRIs 0.
    pub fn depth(&self, iri: &str) -> usize {
        if self.index_of(iri).is_none() {
            return 0;
        }
        self.ancestors(iri).len() + 1
    }

    /// Wu–Palmer similarity over `broader`: 2·depth(lcs) / (depth(a) + depth(b)), in [0, 1].
    /// Concepts in different trees (or schemes) share no ancestor and score 0.
    pub fn similarity(&self, a: &str, b: &str) -> f64 {
        let (Some(ia), Some(ib)) = (self.index_of(a), self.index_of(b)) else {
            return 0.0;
        };
        if ia == ib {
            return 1.0;
        }
        // Indices, not IRIs: recommend calls this for every query concept × case concept
        // of every stored case. A chain's length is its concept's depth.
        let (ca, cb) = (self.chain(ia), self.chain(ib));
        let Some(&lcs) = ca.iter().find(|x| cb.contains(x)) else {
            return 0.0;
        };
        2.0 * self.chain(lcs).len() as f64 / (ca.len() + cb.len()) as f64
    }

    /// Concept `i` and its ancestors, nearest first (what `ancestors` walks, by index).
    fn chain(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut cur = i;
        while let Some(p) = self.parent(cur) {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }

    /// Every zh label of concept `i`: pref, alt and ambiguous.
    pub fn labels(&self, i: usize) -> impl Iterator<Item = &str> {
        let c = &self.concepts[i];
        std::iter::once(c.label.as_str())
            .chain(c.alt_labels.iter().map(String::as_str))
            .chain(c.ambiguous_labels.iter().map(String::as_str))
            .filter(|l| !l.is_empty())
    }

    /// Convention problems (empty when the file is clean): missing zh prefLabel, unknown
    /// scheme, broader outside the scheme, cycles, a pref/alt label shared by two concepts.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut owner: HashMap<&str, Vec<&str>> = HashMap::new();
        for c in &self.concepts {
            if c.label.is_empty() {
                problems.push(format!("{}: no Chinese prefLabel", c.iri));
            }
            if !self.schemes.contains_key(&c.scheme) {
                problems.push(format!("{}: scheme {:?} is not declared", c.iri, c.scheme));
            }
            for b in &c.broader {
                match self.get(b) {
                    None => problems.push(format!("{}: broader {b} is not a concept", c.iri)),
                    Some(p) if p.scheme != c.scheme => {
                        problems.push(format!("{}: broader {b} is in another scheme", c.iri))
                    }
                    _ => {}
                }
            }
            if self.in_cycle(&c.iri) {
                problems.push(format!("{}: broader cycle", c.iri));
            }
            let mut own: Vec<&str> = std::iter::once(c.label.as_str())
                .chain(c.alt_labels.iter().map(String::as_str))
                .collect();
            own.sort();
            own.dedup();
            for l in own {
                owner.entry(l).or_default().push(&c.iri);
            }
            for l in &c.ambiguous_labels {
                owner.entry(l.as_str()).or_default();
            }
        }
        let ambiguous: std::collections::HashSet<&str> = self
            .concepts
            .iter()
            .flat_map(|c| c.ambiguous_labels.iter().map(String::as_str))
            .collect();
        let mut shared: Vec<_> = owner
            .iter()
            .filter(|(l, o)| o.len() > 1 && !l.is_empty())
            .collect();
        shared.sort();
        for (l, o) in shared {
            problems.push(format!(
                "label {l:?} shared by {o:?} but not marked ambiguous"
            ));
        }
        for c in &self.concepts {
            for l in std::iter::once(&c.label).chain(&c.alt_labels) {
                if ambiguous.contains(l.as_str()) {
                    problems.push(format!(
                        "{}: {l:?} is both a pref/alt and an ambiguous label",
                        c.iri
                    ));
                }
            }
        }
        problems
    }
}

fn pref(prefs: &[(String, Option<String>)], lang: &str) -> Option<String> {
    prefs
        .iter()
        .find(|(_, l)| l.as_deref().is_some_and(|l| l.starts_with(lang)))
        .map(|(v, _)| v.clone())
}
