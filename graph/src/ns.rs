//! IRIs of the gongchuang ontology and data.

pub const GC: &str = "https://w3id.org/gongchuang/ns#";
pub const ID: &str = "https://w3id.org/gongchuang/id/";
pub const GRAPH: &str = "https://w3id.org/gongchuang/graph/";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const SCHEMA: &str = "https://schema.org/";
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The ontology, loaded into its own graph.
pub const ONTOLOGY: &str = include_str!("../ontology.ttl");

pub fn ontology_graph() -> String {
    format!("{GRAPH}ontology")
}

/// Prefixes every query gets for free and every Turtle export declares.
pub const PREFIXES: &[(&str, &str)] = &[
    ("gc", GC),
    ("gcd", ID),
    ("dcterms", DCTERMS),
    ("prov", PROV),
    ("skos", SKOS),
    ("schema", SCHEMA),
    ("gcc", "https://w3id.org/gongchuang/concept/"),
    ("gcs", "https://w3id.org/gongchuang/scheme/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", XSD),
];

pub fn gc(local: &str) -> String {
    format!("{GC}{local}")
}

pub fn doc_graph(doc_id: &str) -> String {
    format!("{GRAPH}doc/{doc_id}")
}

pub fn thesaurus_graph() -> String {
    format!("{GRAPH}thesaurus")
}

pub fn gazetteer_graph() -> String {
    format!("{GRAPH}gazetteer")
}

pub fn id(kind: &str, local: &str) -> String {
    format!("{ID}{kind}/{}", encode(local))
}

/// Percent-encode what may not stand in an IRI path segment.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// SPARQL prologue with [`PREFIXES`].
pub fn prologue() -> String {
    PREFIXES
        .iter()
        .map(|(p, iri)| format!("PREFIX {p}: <{iri}>\n"))
        .collect()
}
