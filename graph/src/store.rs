//! The graph store: one named graph per document, replaced atomically; embedded (Oxigraph on
//! RocksDB) or remote (a SPARQL 1.1 endpoint).

use crate::error::{GraphError, QueryError, Result};
use crate::ns;
use crate::remote::{Endpoints, Remote};
use crate::sparql::{refuse_service, Dataset};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Quad};
use oxigraph::sparql::SparqlEvaluator;
use oxigraph::store::Store;
use std::path::Path;
use std::time::Duration;

pub struct GraphStore {
    backend: Backend,
}

enum Backend {
    Embedded(Store),
    /// Remote-store mode: reads and writes go to this SPARQL endpoint.
    Remote(Box<Remote>),
}

impl GraphStore {
    pub fn open(dir: &Path) -> Result<GraphStore> {
        std::fs::create_dir_all(dir)?;
        let path = dir.display().to_string();
        let store = Store::open(dir).map_err(|source| {
            if source.to_string().contains("lock") {
                GraphError::Locked { path, source }
            } else {
                GraphError::Open { path, source }
            }
        })?;
        Ok(GraphStore {
            backend: Backend::Embedded(store),
        })
    }

    /// Write a consistent copy of the store to `dir` (a new directory): RocksDB hard-links
    /// its files on the same file system, so this is cheap; nothing ever writes to it.
    pub fn snapshot(&self, dir: &Path) -> Result<()> {
        Ok(self.embedded("a snapshot")?.backup(dir)?)
    }

    /// Open for reading only: a snapshot (`snapshot`), which no process writes to. (A store
    /// that another process writes is not safe to open so: its compactions delete files.)
    pub fn open_read_only(dir: &Path) -> Result<GraphStore> {
        let store = Store::open_read_only(dir).map_err(|source| GraphError::Open {
            path: dir.display().to_string(),
            source,
        })?;
        Ok(GraphStore {
            backend: Backend::Embedded(store),
        })
    }

    pub fn in_memory() -> Result<GraphStore> {
        Ok(GraphStore {
            backend: Backend::Embedded(Store::new()?),
        })
    }

    /// Remote-store mode over the SPARQL 1.1 Protocol.
    pub fn remote(endpoints: Endpoints, timeout: Duration) -> Result<GraphStore> {
        Ok(GraphStore {
            backend: Backend::Remote(Box::new(Remote::new(endpoints, timeout))),
        })
    }

    pub fn is_remote(&self) -> bool {
        matches!(self.backend, Backend::Remote(_))
    }

    /// The embedded store, or why there is none.
    fn embedded(&self, what: &str) -> Result<&Store> {
        match &self.backend {
            Backend::Embedded(s) => Ok(s),
            Backend::Remote(_) => Err(GraphError::Unsupported(format!(
                "{what} needs the embedded store"
            ))),
        }
    }

    /// Replace a named graph with these quads in one transaction: readers see the old
    /// graph or the new one, never a mix.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<()> {
        let store = match &self.backend {
            Backend::Remote(r) => return r.replace_graph(graph, quads),
            Backend::Embedded(s) => s,
        };
        let g = NamedNode::new(graph)?;
        let mut t = store.start_transaction()?;
        t.clear_graph(GraphNameRef::NamedNode(g.as_ref()))?;
        t.extend(quads.iter());
        t.commit()?;
        Ok(())
    }

    /// Add the quads of graphs that do not exist yet in one bulk load: several times faster
    /// than a transaction per graph, and it writes sorted files instead of filling
    /// memtables. Atomic at commit like a transaction. Embedded store only.
    pub fn bulk_add(&self, quads: Vec<Quad>) -> Result<()> {
        let mut loader = self.embedded("bulk loading")?.bulk_loader();
        loader.load_quads(quads)?;
        loader.commit()?;
        Ok(())
    }

    /// Write RocksDB's memtables to disk. Oxigraph sizes them for bulk work (128 MiB per
    /// column family, a dozen families, flushed by size only), so without this a long ingest
    /// holds gigabytes of them; ingest calls it every few hundred thousand quads.
    pub fn flush(&self) -> Result<()> {
        if let Backend::Embedded(s) = &self.backend {
            s.flush()?;
        }
        Ok(())
    }

    /// Compact every column family (RocksDB's manual compaction). The bulk loader leaves
    /// overlapping sorted files that every lookup probes until a background compaction merges
    /// them, and `serve`'s query snapshot, taken at start, would keep them for its lifetime.
    pub fn optimize(&self) -> Result<()> {
        if let Backend::Embedded(s) = &self.backend {
            s.optimize()?;
        }
        Ok(())
    }

    pub fn remove_graph(&self, graph: &str) -> Result<()> {
        let g = NamedNode::new(graph)?;
        match &self.backend {
            Backend::Remote(r) => r.update(&format!("DROP SILENT GRAPH {g}")),
            Backend::Embedded(s) => Ok(s.remove_named_graph(NamedNodeRef::from(&g))?),
        }
    }

    /// Load Turtle into a named graph (thesaurus, ontology), replacing it.
    pub fn load_turtle(&self, graph: &str, ttl: &str) -> Result<usize> {
        let g = NamedNode::new(graph)?;
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(g.clone())
            .for_slice(ttl.as_bytes())
            .collect::<Result<_, _>>()?;
        self.replace_graph(graph, &quads)?;
        Ok(quads.len())
    }

    pub fn has_graph(&self, graph: &str) -> Result<bool> {
        let g = NamedNode::new(graph)?;
        match &self.backend {
            Backend::Remote(r) => r.ask(&format!("ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}")),
            Backend::Embedded(s) => Ok(s.contains_named_graph(NamedNodeRef::from(&g))?),
        }
    }

    pub fn len(&self) -> Result<usize> {
        match &self.backend {
            Backend::Remote(r) => {
                // The project's graphs only: an engine keeps graphs of its own (Virtuoso's
                // system graphs hold thousands of triples).
                let q = format!(
                    "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{}\")) }}",
                    ns::GRAPH
                );
                let n = r.select_column(&q, "n")?;
                Ok(n.first().and_then(|n| n.parse().ok()).unwrap_or(0))
            }
            Backend::Embedded(s) => Ok(s.len()?),
        }
    }

    pub fn is_empty(&self) -> Result<bool> {
        match &self.backend {
            Backend::Remote(_) => Ok(self.len()? == 0),
            Backend::Embedded(s) => Ok(s.is_empty()?),
        }
    }

    /// Document ids that have a named graph.
    pub fn doc_ids(&self) -> Result<Vec<String>> {
        let mut ids = match &self.backend {
            Backend::Remote(r) => r.doc_ids()?,
            Backend::Embedded(s) => embedded_doc_ids(s)?,
        };
        ids.sort();
        Ok(ids)
    }

    /// The content hash recorded in each document graph (`gc:contentHash`), by document id:
    /// which version of a document the graph holds. None for the remote store.
    pub fn doc_hashes(&self) -> Result<Option<std::collections::BTreeMap<String, String>>> {
        let Backend::Embedded(s) = &self.backend else {
            return Ok(None);
        };
        let p = NamedNode::new(ns::gc("contentHash"))?;
        let prefix = ns::doc_graph("");
        let mut out = std::collections::BTreeMap::new();
        for q in s.quads_for_pattern(None, Some(p.as_ref()), None, None) {
            let q = q?;
            let (oxigraph::model::GraphName::NamedNode(g), oxigraph::model::Term::Literal(l)) =
                (&q.graph_name, &q.object)
            else {
                continue;
            };
            if let Some(id) = g.as_str().strip_prefix(&prefix) {
                out.insert(id.to_string(), l.value().to_string());
            }
        }
        Ok(Some(out))
    }

    /// Write the whole dataset (N-Quads, TriG, JSON-LD) or one graph (any RDF format). In
    /// remote-store mode, the project's graphs only: the engine's other graphs are not ours.
    pub fn export(
        &self,
        format: RdfFormat,
        graph: Option<&str>,
        w: impl std::io::Write,
    ) -> Result<()> {
        let mut ser = oxigraph::io::RdfSerializer::from_format(format);
        for (p, iri) in ns::PREFIXES {
            ser = ser.with_prefix(*p, *iri)?;
        }
        if graph.is_none() && !format.supports_datasets() {
            return Err(GraphError::Unsupported(format!(
                "{format} holds one graph: give --graph, or use nquads, trig or jsonld"
            )));
        }
        let store = match &self.backend {
            Backend::Remote(r) => return export_remote(r, ser, graph, w),
            Backend::Embedded(s) => s,
        };
        match graph {
            Some(g) => {
                let g = NamedNode::new(g)?;
                store.dump_graph_to_writer(GraphNameRef::NamedNode(g.as_ref()), ser, w)?;
            }
            None => {
                store.dump_to_writer(ser, w)?;
            }
        }
        Ok(())
    }

    /// Whether this backend reaches `graph`: any graph embedded, the project's graphs
    /// (`ns::GRAPH`…) in remote-store mode.
    pub fn reaches(&self, graph: &str) -> bool {
        !self.is_remote() || graph.starts_with(ns::GRAPH)
    }

    /// The deadline of relayed queries (remote store: sent to the engine where it takes one).
    pub fn set_query_deadline(&self, d: Duration) {
        if let Backend::Remote(r) = &self.backend {
            r.set_query_deadline(d);
        }
    }

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
        match &self.backend {
            Backend::Embedded(s) => crate::sparql::query(s, ev, q, dataset, |res| {
                crate::results::serialize(res, accept, limit)
            }),
            Backend::Remote(r) => {
                refuse_service(q)?;
                r.run_query(q, dataset, accept)
            }
        }
    }

    /// SPARQL Update, embedded or remote (the caller has checked the token).
    pub fn run_update(&self, u: &str) -> Result<(), QueryError> {
        match &self.backend {
            Backend::Embedded(s) => crate::sparql::update(s, u),
            Backend::Remote(r) => {
                crate::sparql::refuse_load(u)?;
                let u = format!("{} {u}", ns::prologue().replace('\n', " "));
                r.update(&u).map_err(|e| match e {
                    GraphError::RemoteRefused { message, .. } => QueryError::Update(message),
                    e if e.is_upstream() => QueryError::Upstream(e.to_string()),
                    e => QueryError::Evaluation(e.to_string()),
                })
            }
        }
    }
}

/// The project's graphs of a remote store (or one of them), serialised graph by graph.
fn export_remote(
    r: &Remote,
    ser: oxigraph::io::RdfSerializer,
    graph: Option<&str>,
    w: impl std::io::Write,
) -> Result<()> {
    let graphs = match graph {
        Some(g) if !g.starts_with(ns::GRAPH) => {
            return Err(GraphError::Unsupported(format!(
                "in remote-store mode only the project's graphs ({}…) are exported",
                ns::GRAPH
            )))
        }
        Some(g) => vec![g.to_string()],
        None => r.project_graphs()?,
    };
    let one = graph.is_some();
    let mut w = ser.for_writer(w);
    for g in graphs {
        for q in r.graph_quads(&g)? {
            if one {
                // A one-graph format writes triples: the graph name is the request's.
                w.serialize_triple(q.as_ref())?;
            } else {
                w.serialize_quad(&q)?;
            }
        }
    }
    w.finish()?;
    Ok(())
}

fn embedded_doc_ids(store: &Store) -> Result<Vec<String>> {
    let prefix = ns::doc_graph("");
    let mut ids = Vec::new();
    for g in store.named_graphs() {
        if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g? {
            if let Some(id) = n.as_str().strip_prefix(&prefix) {
                ids.push(id.to_string());
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn sst_files(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension() == Some("sst".as_ref()))
            .count()
    }

    /// The bulk loader leaves a set of sorted files per load; `optimize` merges them (what
    /// ingest does after a bulk load, so `serve`'s snapshot probes fewer files) and keeps every
    /// quad.
    #[test]
    fn optimize_merges_bulk_loaded_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = GraphStore::open(dir.path()).unwrap();
        let p = NamedNode::new("http://example.org/p").unwrap();
        // Three loads (fewer than RocksDB's trigger for compacting on its own), sharing subjects.
        for load in 0..3 {
            let g = NamedNode::new(format!("http://example.org/g{load}")).unwrap();
            let quads = (0..200)
                .map(|i| {
                    let s = NamedNode::new(format!("http://example.org/s{i}")).unwrap();
                    let o = Literal::new_simple_literal(format!("{load}-{i}"));
                    Quad::new(s, p.clone(), o, g.clone())
                })
                .collect();
            store.bulk_add(quads).unwrap();
        }
        let before = sst_files(dir.path());
        store.optimize().unwrap();
        let after = sst_files(dir.path());
        assert!(after < before, "{before} sorted files, then {after}");
        assert_eq!(store.len().unwrap(), 600);
    }
}
