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

pub struct Remote {
    pub query_url: String,
    pub update_url: Option<String>,
    agent: ureq::Agent,
}

/// A response relayed from the remote endpoint.
pub struct Relayed {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Remote {
    pub fn new(query_url: &str, update_url: Option<&str>, timeout: Duration) -> Remote {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .into();
        Remote {
            query_url: query_url.into(),
            update_url: update_url.map(String::from),
            agent,
        }
    }

    /// Forward a query as `application/sparql-query` with the client's Accept header.
    pub fn query(&self, q: &str, accept: &str, params: &[(String, String)]) -> Result<Relayed> {
        let mut url = self.query_url.clone();
        if !params.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&serde_urlencoded_pairs(params));
        }
        let accept = if accept.is_empty() {
            "application/sparql-results+json, text/turtle;q=0.9"
        } else {
            accept
        };
        let mut r = self
            .agent
            .post(&url)
            .header("Content-Type", "application/sparql-query")
            .header("Accept", accept)
            .send(q)?;
        let content_type = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = r
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()?;
        Ok(Relayed {
            status: r.status().as_u16(),
            content_type,
            body,
        })
    }

    pub fn update(&self, u: &str) -> Result<()> {
        let url = self.update_url.as_deref().ok_or_else(|| {
            GraphError::Unsupported("remote store is read-only: no --graph-update-endpoint".into())
        })?;
        let mut r = self
            .agent
            .post(url)
            .header("Content-Type", "application/sparql-update")
            .send(u)?;
        let status = r.status().as_u16();
        if !(200..300).contains(&status) {
            let msg = r.body_mut().read_to_string().unwrap_or_default();
            return Err(GraphError::Remote(format!(
                "remote update failed ({status}): {msg}"
            )));
        }
        Ok(())
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

    /// Replace a named graph in one update request (one transaction on the remote store).
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<()> {
        let mut u = format!("DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n");
        for q in quads {
            u.push_str(&format!("{} {} {} .\n", q.subject, q.predicate, q.object));
        }
        u.push_str("} }");
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
                truncated: false,
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

fn serde_urlencoded_pairs(params: &[(String, String)]) -> String {
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
