//! SPARQL extension functions backed by the search index, so one query can join graph
//! patterns with Chinese full text and vector similarity:
//! - `gc:textScore(?item, "老旧小区 微更新")`: BM25 score of a passage, document or case
//!   for the query (same tokenizer and index as `/api/search`); unbound when it does not match;
//! - `gc:similarity(?item, "text")`: cosine of the item's vector to the text's embedding;
//!   unbound without vectors.

use crate::core::app::App;
use index::embed::{Embedder, VectorStore};
use index::FullText;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::SparqlEvaluator;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

/// What the functions read: the application's stores, or a query worker's (which opens
/// them when a query first calls a function).
pub trait Sources: Send + Sync + 'static {
    fn fulltext(&self) -> Option<&FullText>;
    fn embedder(&self) -> Option<Arc<dyn Embedder>>;
    fn vectors(&self) -> &RwLock<VectorStore>;
}

impl Sources for App {
    fn fulltext(&self) -> Option<&FullText> {
        Some(&self.stores.fulltext)
    }
    fn embedder(&self) -> Option<Arc<dyn Embedder>> {
        self.embedder.clone()
    }
    fn vectors(&self) -> &RwLock<VectorStore> {
        &self.stores.vectors
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
    let bm25: Mutex<HashMap<String, Arc<HashMap<String, f32>>>> = Mutex::new(HashMap::new());
    let app2 = app.clone();
    let queries: Mutex<HashMap<String, Option<Arc<Vec<f32>>>>> = Mutex::new(HashMap::new());
    ev.with_custom_function(NamedNode::new_unchecked(TEXT_SCORE), move |args| {
        let (id, q) = (item_id(args.first()?)?, text_arg(args.get(1)?)?);
        let scores = {
            let mut cache = bm25.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(q.clone())
                .or_insert_with(|| Arc::new(bm25_scores(app.fulltext(), &q)))
                .clone()
        };
        scores.get(&id).map(|s| Literal::from(*s as f64).into())
    })
    .with_custom_function(NamedNode::new_unchecked(SIMILARITY), move |args| {
        let (id, text) = (item_id(args.first()?)?, text_arg(args.get(1)?)?);
        let qv = {
            let mut cache = queries.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(text.clone())
                .or_insert_with(|| {
                    app2.embedder()
                        .and_then(|e| e.embed_query(&text).ok())
                        .map(Arc::new)
                })
                .clone()?
        };
        let vectors = app2.vectors().read().unwrap_or_else(|e| e.into_inner());
        let v = vectors.get(&id)?;
        Some(Literal::from(index::embed::dot(v, &qv) as f64).into())
    })
}

fn bm25_scores(fulltext: Option<&FullText>, q: &str) -> HashMap<String, f32> {
    let (Ok(parsed), Some(fulltext)) = (index::query::parse(q), fulltext) else {
        return HashMap::new();
    };
    let (query, _) = fulltext.build(&parsed, None);
    match fulltext.search(query.as_ref(), TEXT_HITS) {
        Ok((hits, _)) => hits.into_iter().map(|h| (h.item.id, h.score)).collect(),
        Err(_) => HashMap::new(),
    }
}
