//! Serialising query results in the format a client asked for (SPARQL 1.1 Protocol).

use crate::error::QueryError;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

/// What a serialised result looks like.
pub struct Body {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    /// More rows existed than the limit allowed.
    pub truncated: bool,
}

pub fn solutions_format(accept: &str) -> Option<QueryResultsFormat> {
    pick(
        accept,
        &[
            ("application/sparql-results+json", QueryResultsFormat::Json),
            ("application/json", QueryResultsFormat::Json),
            ("application/sparql-results+xml", QueryResultsFormat::Xml),
            ("application/xml", QueryResultsFormat::Xml),
            ("text/csv", QueryResultsFormat::Csv),
            ("text/tab-separated-values", QueryResultsFormat::Tsv),
            ("json", QueryResultsFormat::Json),
            ("xml", QueryResultsFormat::Xml),
            ("csv", QueryResultsFormat::Csv),
            ("tsv", QueryResultsFormat::Tsv),
        ],
    )
}

pub fn graph_format(accept: &str) -> Option<RdfFormat> {
    pick(
        accept,
        &[
            ("text/turtle", RdfFormat::Turtle),
            ("application/n-triples", RdfFormat::NTriples),
            ("application/n-quads", RdfFormat::NQuads),
            ("application/rdf+xml", RdfFormat::RdfXml),
            (
                "application/ld+json",
                RdfFormat::JsonLd {
                    profile: Default::default(),
                },
            ),
            ("turtle", RdfFormat::Turtle),
            ("ntriples", RdfFormat::NTriples),
            ("nquads", RdfFormat::NQuads),
            ("rdfxml", RdfFormat::RdfXml),
            (
                "jsonld",
                RdfFormat::JsonLd {
                    profile: Default::default(),
                },
            ),
        ],
    )
}

/// First acceptable media type in the client's order; `*/*` or nothing means the default.
fn pick<T: Copy>(accept: &str, table: &[(&str, T)]) -> Option<T> {
    let accept = accept.trim();
    if accept.is_empty() {
        return Some(table[0].1);
    }
    for part in accept.split(',') {
        let mt = part
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if mt == "*/*" || mt == "application/*" || mt == "text/*" {
            return Some(table[0].1);
        }
        if let Some((_, f)) = table.iter().find(|(m, _)| *m == mt) {
            return Some(*f);
        }
    }
    None
}

pub fn content_type_of_results(f: QueryResultsFormat) -> &'static str {
    match f {
        QueryResultsFormat::Json => "application/sparql-results+json",
        QueryResultsFormat::Xml => "application/sparql-results+xml",
        QueryResultsFormat::Csv => "text/csv; charset=utf-8",
        _ => "text/tab-separated-values; charset=utf-8",
    }
}

pub fn content_type_of_graph(f: RdfFormat) -> &'static str {
    match f {
        RdfFormat::Turtle => "text/turtle",
        RdfFormat::NTriples => "application/n-triples",
        RdfFormat::NQuads => "application/n-quads",
        RdfFormat::RdfXml => "application/rdf+xml",
        RdfFormat::JsonLd { .. } => "application/ld+json",
        _ => "text/turtle",
    }
}

/// Serialise results, stopping after `limit` rows or triples.
pub fn serialize(
    results: QueryResults<'_>,
    accept: &str,
    limit: usize,
) -> Result<Body, QueryError> {
    let unacceptable = |a: &str| {
        QueryError::NotAcceptable(format!("cannot produce any of the accepted types: {a}"))
    };
    match results {
        QueryResults::Boolean(b) => {
            let f = solutions_format(accept).ok_or_else(|| unacceptable(accept))?;
            let bytes = QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(Vec::new(), b)
                .map_err(QueryError::write)?;
            Ok(Body {
                content_type: content_type_of_results(f),
                bytes,
                truncated: false,
            })
        }
        QueryResults::Solutions(solutions) => {
            let f = solutions_format(accept).ok_or_else(|| unacceptable(accept))?;
            let mut w = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
                .map_err(QueryError::write)?;
            let mut truncated = false;
            for (i, s) in solutions.enumerate() {
                if i >= limit {
                    truncated = true;
                    break;
                }
                let s = s?;
                w.serialize(&s).map_err(QueryError::write)?;
            }
            let bytes = w.finish().map_err(QueryError::write)?;
            Ok(Body {
                content_type: content_type_of_results(f),
                bytes,
                truncated,
            })
        }
        QueryResults::Graph(triples) => {
            let f = graph_format(accept).ok_or_else(|| unacceptable(accept))?;
            let mut ser = RdfSerializer::from_format(f);
            for (p, iri) in crate::ns::PREFIXES {
                ser = ser.with_prefix(*p, *iri).map_err(QueryError::write)?;
            }
            let mut w = ser.for_writer(Vec::new());
            let mut truncated = false;
            for (i, t) in triples.enumerate() {
                if i >= limit {
                    truncated = true;
                    break;
                }
                let t = t?;
                w.serialize_triple(&t).map_err(QueryError::write)?;
            }
            let bytes = w.finish().map_err(QueryError::write)?;
            Ok(Body {
                content_type: content_type_of_graph(f),
                bytes,
                truncated,
            })
        }
    }
}
