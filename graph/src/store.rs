//! The embedded Oxigraph store: one named graph per document, replaced atomically.

use crate::ns;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Quad};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::Path;
use std::time::Duration;

pub struct GraphStore {
    /// The embedded store (empty and unused in remote mode).
    pub store: Store,
    /// Remote-store mode: reads and writes go to this SPARQL endpoint.
    pub remote: Option<crate::remote::Remote>,
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    #[error("query timed out after {0:?}")]
    Timeout(Duration),
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    /// A query this endpoint will not run (SERVICE).
    #[error("query refused: {0}")]
    Refused(String),
}

/// Why a SERVICE query is refused.
pub const NO_SERVICE: &str =
    "SERVICE (federated query) is disabled: this endpoint never calls other endpoints";

/// Refuse queries that use SERVICE, in embedded and remote mode alike (a relayed SERVICE
/// would make the remote store fetch arbitrary URLs for the caller). Text that does not parse
/// passes: the evaluator reports the syntax error itself.
pub fn refuse_service(q: &str) -> Result<(), QueryError> {
    let mut parser = spargebra::SparqlParser::new();
    for (p, iri) in ns::PREFIXES {
        parser = parser.with_prefix(*p, *iri).expect("valid prefix");
    }
    match parser.parse_query(q) {
        Ok(query) if sse_has_service(&query.to_sse()) => {
            Err(QueryError::Refused(NO_SERVICE.into()))
        }
        _ => Ok(()),
    }
}

/// `(service ` outside string literals of an SSE form (IRIs cannot hold spaces or quotes).
fn sse_has_service(sse: &str) -> bool {
    let b = sse.as_bytes();
    let (mut in_str, mut esc) = (false, false);
    for i in 0..b.len() {
        if in_str {
            match b[i] {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
        } else if b[i] == b'"' {
            in_str = true;
        } else if b[i..].starts_with(b"(service ") {
            return true;
        }
    }
    false
}

impl GraphStore {
    pub fn open(dir: &Path) -> anyhow::Result<GraphStore> {
        std::fs::create_dir_all(dir)?;
        let store = Store::open(dir).map_err(|e| {
            if e.to_string().contains("lock") {
                anyhow::anyhow!(
                    "the graph store {} is in use by another gongchuang process ({e})",
                    dir.display()
                )
            } else {
                anyhow::anyhow!("cannot open the graph store {}: {e}", dir.display())
            }
        })?;
        Ok(GraphStore {
            store,
            remote: None,
        })
    }

    pub fn in_memory() -> anyhow::Result<GraphStore> {
        Ok(GraphStore {
            store: Store::new()?,
            remote: None,
        })
    }

    /// Replace a named graph with these quads in one transaction: readers see the old
    /// graph or the new one, never a mix.
    /// Remote-store mode over the SPARQL 1.1 Protocol.
    pub fn remote(
        query_url: &str,
        update_url: Option<&str>,
        timeout: Duration,
    ) -> anyhow::Result<GraphStore> {
        Ok(GraphStore {
            store: Store::new()?,
            remote: Some(crate::remote::Remote::new(query_url, update_url, timeout)),
        })
    }

    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> anyhow::Result<()> {
        if let Some(r) = &self.remote {
            return r.replace_graph(graph, quads);
        }
        let g = NamedNode::new(graph)?;
        let mut t = self.store.start_transaction()?;
        t.clear_graph(GraphNameRef::NamedNode(g.as_ref()))?;
        t.extend(quads.iter());
        t.commit()?;
        Ok(())
    }

    /// Add the quads of graphs that do not exist yet in one bulk load: several times faster
    /// than a transaction per graph, and it writes sorted files instead of filling
    /// memtables. Atomic at commit like a transaction. Embedded store only.
    pub fn bulk_add(&self, quads: Vec<Quad>) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.remote.is_none(),
            "bulk loading needs the embedded store"
        );
        let mut loader = self.store.bulk_loader();
        loader.load_quads(quads)?;
        loader.commit()?;
        Ok(())
    }

    pub fn is_remote(&self) -> bool {
        self.remote.is_some()
    }

    /// Write RocksDB's memtables to disk. Oxigraph sizes them for bulk work (128 MiB per
    /// column family, a dozen families, flushed by size only), so without this a long ingest
    /// holds gigabytes of them; ingest calls it every few hundred thousand quads.
    pub fn flush(&self) -> anyhow::Result<()> {
        if self.remote.is_none() {
            self.store.flush()?;
        }
        Ok(())
    }

    pub fn remove_graph(&self, graph: &str) -> anyhow::Result<()> {
        let g = NamedNode::new(graph)?;
        if let Some(r) = &self.remote {
            return r.update(&format!("DROP SILENT GRAPH {g}"));
        }
        self.store.remove_named_graph(NamedNodeRef::from(&g))?;
        Ok(())
    }

    /// Load Turtle into a named graph (thesaurus, ontology), replacing it.
    pub fn load_turtle(&self, graph: &str, ttl: &str) -> anyhow::Result<usize> {
        let g = NamedNode::new(graph)?;
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(g.clone())
            .for_slice(ttl.as_bytes())
            .collect::<Result<_, _>>()?;
        self.replace_graph(graph, &quads)?;
        Ok(quads.len())
    }

    pub fn has_graph(&self, graph: &str) -> anyhow::Result<bool> {
        let g = NamedNode::new(graph)?;
        if let Some(r) = &self.remote {
            return r.ask(&format!("ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"));
        }
        Ok(self.store.contains_named_graph(NamedNodeRef::from(&g))?)
    }

    pub fn len(&self) -> anyhow::Result<usize> {
        if let Some(r) = &self.remote {
            let n = r.select_column(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                "n",
            )?;
            return Ok(n.first().and_then(|n| n.parse().ok()).unwrap_or(0));
        }
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.store.is_empty()?)
    }

    /// Document ids that have a named graph.
    pub fn doc_ids(&self) -> anyhow::Result<Vec<String>> {
        let prefix = ns::doc_graph("");
        if let Some(r) = &self.remote {
            let q = format!("SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{}> }} FILTER(STRSTARTS(STR(?g), \"{prefix}\")) }}", ns::gc("Document"));
            let mut ids: Vec<String> = r
                .select_column(&q, "g")?
                .into_iter()
                .filter_map(|g| g.strip_prefix(&prefix).map(String::from))
                .collect();
            ids.sort();
            return Ok(ids);
        }
        let mut ids = Vec::new();
        for g in self.store.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g? {
                if let Some(id) = n.as_str().strip_prefix(&prefix) {
                    ids.push(id.to_string());
                }
            }
        }
        ids.sort();
        Ok(ids)
    }
}

/// The protocol's `default-graph-uri` and `named-graph-uri` parameters.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
}

/// Prepare a query with our prefixes and no SERVICE; cancel the token to stop it.
pub fn evaluator() -> (SparqlEvaluator, CancellationToken) {
    let token = CancellationToken::new();
    let mut ev = SparqlEvaluator::new().with_cancellation_token(token.clone());
    for (p, iri) in ns::PREFIXES {
        ev = ev.with_prefix(*p, *iri).expect("valid prefix");
    }
    (ev, token)
}

/// Run a query on the store and hand the results to `f` (which serialises them) while the
/// deadline still applies.
pub fn query<R>(
    store: &Store,
    ev: SparqlEvaluator,
    q: &str,
    dataset: &Dataset,
    f: impl FnOnce(QueryResults<'_>) -> Result<R, String>,
) -> Result<R, QueryError> {
    refuse_service(q)?;
    let mut prepared = ev
        .parse_query(q)
        .map_err(|e| QueryError::Syntax(e.to_string()))?;
    let iri = |g: &String| {
        NamedNode::new(g.as_str()).map_err(|e| QueryError::Syntax(format!("graph IRI {g}: {e}")))
    };
    let ds = prepared.dataset_mut();
    if !dataset.default_graphs.is_empty() {
        let gs = dataset
            .default_graphs
            .iter()
            .map(|g| iri(g).map(Into::into))
            .collect::<Result<_, _>>()?;
        ds.set_default_graph(gs);
    } else if ds.is_default_dataset() {
        // Data lives in one named graph per document: by default, query them all together.
        ds.set_default_graph_as_union();
    }
    if !dataset.named_graphs.is_empty() {
        let gs = dataset
            .named_graphs
            .iter()
            .map(|g| iri(g).map(Into::into))
            .collect::<Result<_, _>>()?;
        ds.set_available_named_graphs(gs);
    }
    let results = prepared
        .on_store(store)
        .execute()
        .map_err(|e| QueryError::Evaluation(e.to_string()))?;
    f(results).map_err(QueryError::Evaluation)
}

/// Run a SPARQL Update (the caller has checked the token).
pub fn update(store: &Store, u: &str) -> Result<(), QueryError> {
    let mut ev = SparqlEvaluator::new();
    for (p, iri) in ns::PREFIXES {
        ev = ev.with_prefix(*p, *iri).expect("valid prefix");
    }
    let prepared = ev
        .parse_update(u)
        .map_err(|e| QueryError::Syntax(e.to_string()))?;
    prepared
        .on_store(store)
        .execute()
        .map_err(|e| QueryError::Evaluation(e.to_string()))
}

impl GraphStore {
    /// Write the whole dataset (N-Quads, TriG, JSON-LD) or one graph (any RDF format).
    pub fn export(
        &self,
        format: oxigraph::io::RdfFormat,
        graph: Option<&str>,
        w: impl std::io::Write,
    ) -> anyhow::Result<()> {
        let mut ser = oxigraph::io::RdfSerializer::from_format(format);
        for (p, iri) in ns::PREFIXES {
            ser = ser.with_prefix(*p, *iri)?;
        }
        if self.remote.is_some() {
            anyhow::bail!("export is for the embedded store; use the remote store's own export");
        }
        match graph {
            Some(g) => {
                let g = NamedNode::new(g)?;
                self.store
                    .dump_graph_to_writer(GraphNameRef::NamedNode(g.as_ref()), ser, w)?;
            }
            None if format.supports_datasets() => {
                self.store.dump_to_writer(ser, w)?;
            }
            None => anyhow::bail!(
                "{format} holds one graph: give --graph, or use nquads, trig or jsonld"
            ),
        }
        Ok(())
    }
}

impl GraphStore {
    /// Evaluate a query and serialise its results for `accept`: embedded, or relayed from
    /// the remote store (where the extension functions of `ev` are not available).
    pub fn run_query(
        &self,
        ev: SparqlEvaluator,
        q: &str,
        dataset: &Dataset,
        accept: &str,
        limit: usize,
    ) -> Result<crate::results::Body, QueryError> {
        let Some(r) = &self.remote else {
            return query(&self.store, ev, q, dataset, |res| {
                crate::results::serialize(res, accept, limit)
            });
        };
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
        refuse_service(q)?;
        // Our prefixes are predeclared locally; send them along so remote stores see them too.
        let q = format!("{}{q}", ns::prologue());
        // A short format name (`json`, `turtle`) becomes the media types it stands for.
        let accept = if accept.contains('/') || accept.is_empty() {
            accept.to_string()
        } else {
            let results = crate::results::solutions_format(accept)
                .map(crate::results::content_type_of_results);
            let graphs =
                crate::results::graph_format(accept).map(crate::results::content_type_of_graph);
            let types: Vec<&str> = results.into_iter().chain(graphs).collect();
            if types.is_empty() {
                accept.to_string()
            } else {
                types.join(", ")
            }
        };
        let res = r
            .query(&q, &accept, &params)
            .map_err(|e| QueryError::Evaluation(format!("remote store: {e}")))?;
        match res.status {
            200 => Ok(crate::results::Body {
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

    /// SPARQL Update, embedded or remote (the caller has checked the token).
    pub fn run_update(&self, u: &str) -> Result<(), QueryError> {
        match &self.remote {
            None => update(&self.store, u),
            Some(r) => {
                let u = format!("{}{u}", ns::prologue());
                r.update(&u)
                    .map_err(|e| QueryError::Evaluation(e.to_string()))
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_is_refused_wherever_it_hides() {
        for q in [
            "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
            "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x/> { ?s ?q ?r } } }",
            "ASK { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
            "select * where { service ?svc { ?s ?p ?o } }",
        ] {
            assert!(
                matches!(refuse_service(q), Err(QueryError::Refused(_))),
                "{q}"
            );
        }
        for q in [
            "SELECT * WHERE { ?s rdfs:label \"(service <http://x/> )\" }",
            "SELECT * WHERE { ?s <http://x/service> ?o }",
            "SELEC nonsense",
        ] {
            assert!(refuse_service(q).is_ok(), "{q}");
        }
    }
}
