//! The embedded Oxigraph store: one named graph per document, replaced atomically.

use crate::ns;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Quad};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::Path;
use std::time::Duration;

pub struct GraphStore {
    pub store: Store,
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    #[error("query timed out after {0:?}")]
    Timeout(Duration),
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
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
        Ok(GraphStore { store })
    }

    pub fn in_memory() -> anyhow::Result<GraphStore> {
        Ok(GraphStore {
            store: Store::new()?,
        })
    }

    /// Replace a named graph with these quads in one transaction: readers see the old
    /// graph or the new one, never a mix.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> anyhow::Result<()> {
        let g = NamedNode::new(graph)?;
        let mut t = self.store.start_transaction()?;
        t.clear_graph(GraphNameRef::NamedNode(g.as_ref()))?;
        t.extend(quads.iter());
        t.commit()?;
        Ok(())
    }

    pub fn remove_graph(&self, graph: &str) -> anyhow::Result<()> {
        let g = NamedNode::new(graph)?;
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
        Ok(self.store.contains_named_graph(NamedNodeRef::from(&g))?)
    }

    pub fn len(&self) -> anyhow::Result<usize> {
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.store.is_empty()?)
    }

    /// Document ids that have a named graph.
    pub fn doc_ids(&self) -> anyhow::Result<Vec<String>> {
        let prefix = ns::doc_graph("");
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
