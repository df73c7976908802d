//! SPARQL extension functions backed by the search index, so one query can join graph
//! patterns with Chinese full text and vector similarity:
//! - `gc:textScore(?item, "老旧小区 微更新")`: BM25 score of a passage, document or case
//!   for the query (same tokenizer and index as `/api/search`); unbound when it does not match;
//! - `gc:similarity(?item, "text")`: cosine of the item's vector to the text's embedding;
//!   unbound without vectors.

use crate::core::app::App;
use index::FullText;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::SparqlEvaluator;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Scores of items (passage, document and case ids) for a text.
pub type Scores = HashMap<String, f32>;

/// What the functions read: the application's index and vectors, or, in a query worker,
/// the server's (asked over the worker's socket, so a worker loads neither).
pub trait Sources: Send + Sync + 'static {
    /// BM25 scores of the best-matching items for a query.
    fn text_scores(&self, q: &str) -> Scores;
    /// Cosine of every item's vector to the text's embedding; None without vectors.
    fn similarities(&self, text: &str) -> Option<Scores>;
}

impl Sources for App {
    fn text_scores(&self, q: &str) -> Scores {
        bm25_scores(&self.stores.fulltext, q)
    }

    fn similarities(&self, text: &str) -> Option<Scores> {
        let qv = self.embedder.as_ref()?.embed_query(text).ok()?;
        let vectors = self
            .stores
            .vectors
            .read()
            .unwrap_or_else(|e| e.into_inner());
        let scores = vectors
            .ids()
            .iter()
            .filter_map(|id| Some((id.clone(), index::embed::dot(vectors.get(id)?, &qv))))
            .collect();
        Some(scores)
    }
}

pub const TEXT_SCORE: &str = "https://w3id.org/gongchuang/ns#textScore";
pub const SIMILARITY: &str = "https://w3id.org/gongchuang/ns#similarity";

/// How many BM25 hits one `gc:textScore` query string can score.
const TEXT_HITS: usize = 2000;

/// The API id of a passage, document or case IRI.
fn item_id(t: &Term) -> Option<String> {
    let Term::NamedNode(n) = t else { return None };
    let rest = n.as_str().strip_prefix(graph::ns::ID)?;
    let (kind, id) = rest.split_once('/')?;
    matches!(kind, "passage" | "doc" | "case").then(|| id.to_string())
}

fn text_arg(t: &Term) -> Option<String> {
    match t {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

/// Add the functions; caches live as long as this one query.
pub fn with_functions<S: Sources>(ev: SparqlEvaluator, app: Arc<S>) -> SparqlEvaluator {
    let bm25: Mutex<HashMap<String, Arc<Scores>>> = Mutex::new(HashMap::new());
    let app2 = app.clone();
    let cosines: Mutex<HashMap<String, Option<Arc<Scores>>>> = Mutex::new(HashMap::new());
    ev.with_custom_function(NamedNode::new_unchecked(TEXT_SCORE), move |args| {
        let (id, q) = (item_id(args.first()?)?, text_arg(args.get(1)?)?);
        let scores = {
            let mut cache = bm25.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(q.clone())
                .or_insert_with(|| Arc::new(app.text_scores(&q)))
                .clone()
        };
        scores.get(&id).map(|s| Literal::from(*s as f64).into())
    })
    .with_custom_function(NamedNode::new_unchecked(SIMILARITY), move |args| {
        let (id, text) = (item_id(args.first()?)?, text_arg(args.get(1)?)?);
        let scores = {
            let mut cache = cosines.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(text.clone())
                .or_insert_with(|| app2.similarities(&text).map(Arc::new))
                .clone()?
        };
        scores.get(&id).map(|s| Literal::from(*s as f64).into())
    })
}

fn bm25_scores(fulltext: &FullText, q: &str) -> Scores {
    let Ok(parsed) = index::query::parse(q) else {
        return HashMap::new();
    };
    let (query, _) = fulltext.build(&parsed, None);
    match fulltext.search(query.as_ref(), TEXT_HITS) {
        Ok((hits, _)) => hits
            .into_iter()
            .map(|h| (h.item.id.clone(), h.score))
            .collect(),
        Err(_) => HashMap::new(),
    }
}
