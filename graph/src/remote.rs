//! Remote-store mode: every graph read and write goes through the SPARQL 1.1 Protocol to an
//! existing store (Oxigraph server, Fuseki, GraphDB, Virtuoso; QLever read-only). The remote
//! store should answer queries over the union of named graphs by default (Oxigraph:
//! `--union-default-graph`; Fuseki: `tdb2:unionDefaultGraph`), as the embedded store does.

use crate::error::{GraphError, QueryError, Result};
use crate::ns;
use crate::results::{self, Body};
use crate::sparql::Dataset;
use oxigraph::model::Quad;
use std::time::Duration;

/// Where a remote store answers, and how to sign in.
#[derive(Clone, Debug, Default)]
pub struct Endpoints {
    /// SPARQL 1.1 query endpoint.
    pub query: String,
    /// SPARQL 1.1 update endpoint; without it the store is read-only.
    pub update: Option<String>,
    /// Graph Store Protocol endpoint, used to replace a document's graph in one `PUT`. A
    /// `{graph}` in it stands for the encoded graph IRI (Virtuoso:
    /// `…/sparql-graph-crud?graph-uri={graph}`); otherwise `?graph=` is added.
    pub graph_store: Option<String>,
    /// HTTP basic credentials (user, password), sent with every request.
    pub credentials: Option<(String, String)>,
}

/// Triples per `INSERT DATA` operation when a graph is written without the Graph Store
/// Protocol (engines limit the size of one operation).
const INSERT_CHUNK: usize = 1000;

pub struct Remote {
    endpoints: Endpoints,
    agent: ureq::Agent,
}

/// A response relayed from the remote endpoint.
pub struct Relayed {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// The engine cut the result at its own row limit (Virtuoso: `X-SPARQL-MaxRows`).
    pub cut: bool,
}

impl Remote {
    pub fn new(endpoints: Endpoints, timeout: Duration) -> Remote {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .into();
        Remote { endpoints, agent }
    }

    /// A POST to `url` with the credentials, if any.
    fn post(&self, url: &str) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
        self.signed(self.agent.post(url))
    }

    /// The request with the credentials, if any.
    fn signed(
        &self,
        r: ureq::RequestBuilder<ureq::typestate::WithBody>,
    ) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
        match &self.endpoints.credentials {
            Some((user, password)) => r.header("Authorization", basic_auth(user, password)),
            None => r,
        }
    }

    /// Forward a query with the client's Accept header, form-encoded (`query=…`): every
    /// engine takes that form, while some never answer a body of `application/sparql-query`.
    pub fn query(&self, q: &str, accept: &str, params: &[(String, String)]) -> Result<Relayed> {
        let mut form = vec![("query".to_string(), q.to_string())];
        form.extend(params.iter().cloned());
        let accept = if accept.is_empty() {
            "application/sparql-results+json, text/turtle;q=0.9"
        } else {
            accept
        };
        let mut r = self
            .post(&self.endpoints.query)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", accept)
            .send(form_encode(&form))?;
        let content_type = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let cut = r.headers().contains_key("x-sparql-maxrows");
        let body = r
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()?;
        Ok(Relayed {
            status: r.status().as_u16(),
            content_type,
            body,
            cut,
        })
    }

    /// Send an update, form-encoded (`update=…`).
    pub fn update(&self, u: &str) -> Result<()> {
        let url = self.endpoints.update.as_deref().ok_or_else(|| {
            GraphError::Unsupported("remote store is read-only: no --graph-update-endpoint".into())
        })?;
        let r = self
            .post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(form_encode(&[("update".to_string(), u.to_string())]))?;
        check_status(r, "update")
    }

    pub fn ask(&self, q: &str) -> Result<bool> {
        let r = self.query(q, "application/sparql-results+json", &[])?;
        if r.status != 200 {
            return Err(GraphError::Remote(format!(
                "remote ASK failed ({})",
                r.status
            )));
        }
        let v: serde_json::Value = serde_json::from_slice(&r.body)?;
        Ok(v["boolean"].as_bool().unwrap_or(false))
    }

    /// Values of one variable of a SELECT.
    pub fn select_column(&self, q: &str, var: &str) -> Result<Vec<String>> {
        let r = self.query(q, "application/sparql-results+json", &[])?;
        if r.status != 200 {
            return Err(GraphError::Remote(format!(
                "remote SELECT failed ({}): {}",
                r.status,
                String::from_utf8_lossy(&r.body)
            )));
        }
        let v: serde_json::Value = serde_json::from_slice(&r.body)?;
        Ok(v["results"]["bindings"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter_map(|b| b[var]["value"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Replace a named graph: one Graph Store Protocol `PUT` where the engine has one, else
    /// one update request (one transaction) of chunked `INSERT DATA` operations.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<()> {
        let triples: Vec<String> = quads
            .iter()
            .map(|q| format!("{} {} {} .\n", q.subject, q.predicate, q.object))
            .collect();
        if let Some(gsp) = &self.endpoints.graph_store {
            let url = graph_store_url(gsp, graph);
            let r = self
                .signed(self.agent.put(&url))
                .header("Content-Type", "application/n-triples");
            return check_status(r.send(triples.concat())?, "graph store PUT");
        }
        let mut u = format!("DROP SILENT GRAPH <{graph}>");
        for chunk in triples.chunks(INSERT_CHUNK) {
            u.push_str(&format!(
                " ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{}}} }}",
                chunk.concat()
            ));
        }
        self.update(&u)
    }
}

impl Remote {
    /// Document ids that have a named graph (unsorted).
    pub fn doc_ids(&self) -> Result<Vec<String>> {
        let prefix = ns::doc_graph("");
        let q = format!("SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{}> }} FILTER(STRSTARTS(STR(?g), \"{prefix}\")) }}", ns::gc("Document"));
        Ok(self
            .select_column(&q, "g")?
            .into_iter()
            .filter_map(|g| g.strip_prefix(&prefix).map(String::from))
            .collect())
    }

    /// Relay a query (SERVICE already refused) with our prefixes and the client's dataset.
    pub fn run_query(&self, q: &str, dataset: &Dataset, accept: &str) -> Result<Body, QueryError> {
        let mut params: Vec<(String, String)> = Vec::new();
        params.extend(
            dataset
                .default_graphs
                .iter()
                .map(|g| ("default-graph-uri".to_string(), g.clone())),
        );
        params.extend(
            dataset
                .named_graphs
                .iter()
                .map(|g| ("named-graph-uri".to_string(), g.clone())),
        );
        // Our prefixes are predeclared locally; send them along so remote stores see them too.
        let q = format!("{}{q}", ns::prologue());
        let res = self
            .query(&q, &media_types(accept), &params)
            .map_err(|e| QueryError::Evaluation(format!("remote store: {e}")))?;
        match res.status {
            200 => Ok(Body {
                content_type: leak(res.content_type),
                bytes: res.body,
                truncated: res.cut,
            }),
            400 => Err(QueryError::Syntax(
                String::from_utf8_lossy(&res.body).into_owned(),
            )),
            s => Err(QueryError::Evaluation(format!(
                "remote store answered {s}: {}",
                String::from_utf8_lossy(&res.body)
            ))),
        }
    }
}

/// A short format name (`json`, `turtle`) becomes the media types it stands for.
fn media_types(accept: &str) -> String {
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
fn leak(ct: String) -> &'static str {
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

/// A 2xx answer, or the engine's message as an error.
fn check_status(mut r: ureq::http::Response<ureq::Body>, what: &str) -> Result<()> {
    let status = r.status().as_u16();
    if !(200..300).contains(&status) {
        let msg = r.body_mut().read_to_string().unwrap_or_default();
        return Err(GraphError::Remote(format!(
            "remote {what} failed ({status}): {msg}"
        )));
    }
    Ok(())
}

/// The Graph Store Protocol URL of one graph.
fn graph_store_url(endpoint: &str, graph: &str) -> String {
    if endpoint.contains("{graph}") {
        return endpoint.replace("{graph}", &url_encode(graph));
    }
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{sep}graph={}", url_encode(graph))
}

/// `Basic …` for an Authorization header.
fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

/// `application/x-www-form-urlencoded` pairs.
fn form_encode(params: &[(String, String)]) -> String {
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
    fn forms_and_credentials_are_encoded() {
        let form = form_encode(&[
            ("query".into(), "ASK { ?s ?p \"é&=\" }".into()),
            ("default-graph-uri".into(), "urn:g".into()),
        ]);
        assert_eq!(
            form,
            "query=ASK%20%7B%20%3Fs%20%3Fp%20%22%C3%A9%26%3D%22%20%7D&default-graph-uri=urn%3Ag"
        );
        assert_eq!(
            basic_auth("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }
}
