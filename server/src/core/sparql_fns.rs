//! SPARQL extension functions backed by the search index, so one query can join graph
//! patterns with Chinese full text and vector similarity:
//! - `gc:textScore(?item, "老旧小区 微更新")`: BM25 score of a passage, document or case
//!   for the query (same tokenizer and index as `/api/search`); unbound when it does not match;
//! - `gc:similarity(?item, "text")`: cosine of the item's vector to the text's embedding;
//!   unbound without vectors.

use crate::core::app::App;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::SparqlEvaluator;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
pub fn with_functions(ev: SparqlEvaluator, app: Arc<App>) -> SparqlEvaluator {
    let bm25: Mutex<HashMap<String, Arc<HashMap<String, f32>>>> = Mutex::new(HashMap::new());
    let app2 = app.clone();
    let queries: Mutex<HashMap<String, Option<Arc<Vec<f32>>>>> = Mutex::new(HashMap::new());
    ev.with_custom_function(NamedNode::new_unchecked(TEXT_SCORE), move |args| {
        let (id, q) = (item_id(args.first()?)?, text_arg(args.get(1)?)?);
        let scores = {
            let mut cache = bm25.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(q.clone())
                .or_insert_with(|| Arc::new(bm25_scores(&app, &q)))
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
                    app2.embedder
                        .as_ref()
                        .and_then(|e| e.embed_query(&text).ok())
                        .map(Arc::new)
                })
                .clone()?
        };
        let vectors = app2
            .stores
            .vectors
            .read()
            .unwrap_or_else(|e| e.into_inner());
        let v = vectors.get(&id)?;
        Some(Literal::from(index::embed::dot(v, &qv) as f64).into())
    })
}

fn bm25_scores(app: &App, q: &str) -> HashMap<String, f32> {
    let Ok(parsed) = index::query::parse(q) else {
        return HashMap::new();
    };
    let (query, _) = app.stores.fulltext.build(&parsed, None);
    match app.stores.fulltext.search(query.as_ref(), TEXT_HITS) {
        Ok((hits, _)) => hits.into_iter().map(|h| (h.item.id, h.score)).collect(),
        Err(_) => HashMap::new(),
    }
}
