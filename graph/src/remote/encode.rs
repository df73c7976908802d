//! What goes on the wire to a remote store: form bodies, Graph Store Protocol URLs, media
//! types.

use crate::results;

/// A short format name (`json`, `turtle`) becomes the media types it stands for.
pub(super) fn media_types(accept: &str) -> String {
    if accept.contains('/') || accept.is_empty() {
        return accept.to_string();
    }
    let solutions = results::solutions_format(accept).map(results::content_type_of_results);
    let graphs = results::graph_format(accept).map(results::content_type_of_graph);
    let types: Vec<&str> = solutions.into_iter().chain(graphs).collect();
    if types.is_empty() {
        accept.to_string()
    } else {
        types.join(", ")
    }
}

/// Content types come from a small set; keep the `&'static str` of `Body` for remote ones.
pub(super) fn leak(ct: String) -> &'static str {
    for known in [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/turtle",
        "application/n-triples",
        "application/n-quads",
        "application/rdf+xml",
        "application/ld+json",
    ] {
        if ct.starts_with(known) {
            return known;
        }
    }
    "application/octet-stream"
}

/// The Graph Store Protocol URL of one graph.
pub(super) fn graph_store_url(endpoint: &str, graph: &str) -> String {
    if endpoint.contains("{graph}") {
        return endpoint.replace("{graph}", &url_encode(graph));
    }
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{sep}graph={}", url_encode(graph))
}

/// `application/x-www-form-urlencoded` pairs.
pub(super) fn form_encode(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encode for a URL query string (unreserved ASCII kept).
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_store_urls_take_the_graph_where_the_engine_wants_it() {
        let g = "https://example.org/doc/a b";
        assert_eq!(
            graph_store_url("http://h/store", g),
            "http://h/store?graph=https%3A%2F%2Fexample.org%2Fdoc%2Fa%20b"
        );
        assert_eq!(
            graph_store_url("http://h/sparql-graph-crud?graph-uri={graph}", "urn:x"),
            "http://h/sparql-graph-crud?graph-uri=urn%3Ax"
        );
        assert_eq!(
            graph_store_url("http://h/s?x=1", "urn:x"),
            "http://h/s?x=1&graph=urn%3Ax"
        );
    }

    #[test]
    fn forms_are_encoded() {
        let form = form_encode(&[
            ("query".into(), "ASK { ?s ?p \"é&=\" }".into()),
            ("default-graph-uri".into(), "urn:g".into()),
        ]);
        assert_eq!(
            form,
            "query=ASK%20%7B%20%3Fs%20%3Fp%20%22%C3%A9%26%3D%22%20%7D&default-graph-uri=urn%3Ag"
        );
    }
}
