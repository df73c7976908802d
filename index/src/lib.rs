//! Full-text (tantivy + jieba) and dense (candle BERT) search over passages, documents and cases.
pub mod analytics;
pub mod ann_bench;
pub mod answer;
pub mod bigram;
pub mod candidate;
mod doc_bm25;
pub mod embed;
pub mod error;
pub mod features;
pub mod fulltext;
pub mod query;
pub mod rank;
pub mod search;
pub mod tokenizer;

pub use error::IndexError;
pub use fulltext::{FullText, Item};
pub use search::{search, Hit, Request, Response, SearchError, Weights};
pub use tantivy::IndexWriter;
