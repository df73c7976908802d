//! The tantivy index over passages, documents and cases.

use crate::bigram;
pub use crate::doc_bm25::Scores as DocScores;
use crate::doc_bm25::{self, DocCache, Unit};
use crate::error::{IndexError, Result};
use crate::query::ParsedQuery;
use crate::tokenizer::{ChineseTokenizer, NAME};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{
    Field, IndexRecordOption, OwnedValue, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

/// Hits fetched past a search's limit, so that scores tied at the cut are ordered by id.
const TIE_SLACK: usize = 32;

/// One unit to index (a passage, a whole document or a case).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Item {
    pub kind: String,
    pub id: String,
    pub doc_id: String,
    pub title: String,
    /// The document's authors: a question naming them names the document, not a passage.
    #[serde(default)]
    pub authors: Vec<String>,
    pub source: String,
    pub text: String,
    pub keywords: Vec<String>,
    /// Concept labels (searchable) and IRIs (filters).
    pub concepts: Vec<String>,
    pub concept_iris: Vec<String>,
    pub schemes: Vec<String>,
    pub places: Vec<String>,
    pub genre: String,
    pub year: String,
    pub lines: (u32, u32),
}

#[derive(Clone, Copy)]
struct Fields {
    kind: Field,
    id: Field,
    doc_id: Field,
    title: Field,
    source: Field,
    text: Field,
    keywords: Field,
    concepts: Field,
    keys: Field,
    places: Field,
    genre: Field,
    year: Field,
    first: Field,
    last: Field,
    item: Field,
    /// Passages' text as character bigrams (`bigram`), for the whole document's BM25.
    bigrams: Field,
    /// Cases' text as character bigrams, for a case's BM25 over them (kept apart from the
    /// passages' so that each has its own lengths and rarities).
    case_bigrams: Field,
}

pub struct FullText {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    pub tokenizer: ChineseTokenizer,
    items: Mutex<ItemCache>,
    /// Per searcher generation: passages by document for whole-document BM25 (`doc_bm25`)
    /// over the text and bigram fields, and the case items over `case_bigrams`.
    tables: DocCache,
}

/// The document fields `doc_bm25` reads, by position in `DocCache`'s list.
const TEXT: usize = 0;
const BIGRAMS: usize = 1;

/// Items read from the store, by address, for one searcher generation (addresses change
/// when the index is reloaded). A query reads some 200 stored items, decoding each from
/// the store and its JSON, and queries on one corpus read many of the same ones.
#[derive(Default)]
struct ItemCache {
    generation: u64,
    items: HashMap<DocAddress, Arc<Item>>,
}

/// Items kept at most (a few KiB each); the cache is emptied when it would hold more.
const CACHED_ITEMS: usize = 8192;

/// Field boosts for BM25: a hit in a title or keyword counts more than one in body text.
pub const BOOSTS: &[(&str, f32)] = &[
    ("text", 1.0),
    ("title", 2.0),
    ("keywords", 2.0),
    ("concepts", 1.2),
];

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let zh = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        id: b.add_text_field("id", STRING | STORED),
        doc_id: b.add_text_field("doc_id", STRING | STORED),
        title: b.add_text_field("title", zh.clone() | STORED),
        source: b.add_text_field("source", STORED),
        text: b.add_text_field("text", zh.clone() | STORED),
        keywords: b.add_text_field("keywords", zh.clone()),
        concepts: b.add_text_field("concepts", zh.clone()),
        keys: b.add_text_field("keys", STRING),
        places: b.add_text_field("places", zh | STORED),
        genre: b.add_text_field("genre", STRING | STORED),
        year: b.add_text_field("year", STRING | STORED),
        first: b.add_u64_field("first", STORED | FAST),
        last: b.add_u64_field("last", STORED),
        item: b.add_text_field("item", STORED),
        bigrams: b.add_text_field(BIGRAM_FIELD, bigram_options()),
        case_bigrams: b.add_text_field(CASE_BIGRAM_FIELD, bigram_options()),
    };
    assert_eq!(
        fields.item, ITEM_FIELD,
        "StoredItem reads the item field by its id"
    );
    assert_eq!(
        (fields.kind, fields.id, fields.doc_id),
        (
            doc_bm25::KIND_FIELD,
            doc_bm25::ID_FIELD,
            doc_bm25::DOC_FIELD
        ),
        "doc_bm25 reads them by id"
    );
    (b.build(), fields)
}

/// A field of character bigrams, indexed with frequencies only (BM25 needs no positions).
fn bigram_options() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(bigram::NAME)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Fields an index built before them lacks (`FullText::open` says it is stale).
const BIGRAM_FIELD: &str = "bigrams";
const CASE_BIGRAM_FIELD: &str = "case_bigrams";

/// The id of the `item` field.
const ITEM_FIELD: Field = Field::from_field_id(14);

/// A stored document read for its `item` field only: the other stored fields are skipped
/// instead of being copied into a `TantivyDocument` and the item cloned out of it again.
struct StoredItem(Option<String>);

impl DocumentDeserialize for StoredItem {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(
        mut d: D,
    ) -> std::result::Result<Self, DeserializeError> {
        let mut item = None;
        while let Some((field, value)) = d.next_field::<OwnedValue>()? {
            if let (true, OwnedValue::Str(s)) = (field == ITEM_FIELD, value) {
                item = Some(s);
            }
        }
        Ok(StoredItem(item))
    }
}

/// A hit straight from BM25, before fusion.
#[derive(Debug, Clone)]
pub struct Bm25Hit {
    pub item: Arc<Item>,
    pub score: f32,
}

impl FullText {
    pub fn open(dir: &Path, user_words: &[String]) -> Result<FullText> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = match Index::open_in_dir(dir) {
            Ok(i) => i,
            Err(_) => Index::create_in_dir(dir, schema)?,
        };
        for field in [BIGRAM_FIELD, CASE_BIGRAM_FIELD] {
            if index.schema().get_field(field).is_err() {
                return Err(IndexError::Stale(dir.display().to_string(), field));
            }
        }
        let tokenizer = ChineseTokenizer::new(user_words);
        index.tokenizers().register(NAME, tokenizer.clone());
        index
            .tokenizers()
            .register(bigram::NAME, bigram::BigramTokenizer);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let tables = DocCache::new(vec![fields.text, fields.bigrams], vec![fields.case_bigrams]);
        Ok(FullText {
            index,
            reader,
            fields,
            tokenizer,
            items: Mutex::default(),
            tables,
        })
    }

    pub fn writer(&self) -> Result<IndexWriter> {
        Ok(self.index.writer(64 * 1024 * 1024)?)
    }

    /// Remove every item of a document (call before re-adding it).
    pub fn delete_doc(&self, w: &IndexWriter, doc_id: &str) {
        w.delete_term(Term::from_field_text(self.fields.doc_id, doc_id));
    }

    pub fn add(&self, w: &IndexWriter, item: &Item) -> Result<()> {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.kind, &item.kind);
        d.add_text(f.id, &item.id);
        d.add_text(f.doc_id, &item.doc_id);
        d.add_text(f.title, &item.title);
        d.add_text(f.source, &item.source);
        d.add_text(f.text, &item.text);
        d.add_text(f.keywords, item.keywords.join(" "));
        d.add_text(f.concepts, item.concepts.join(" "));
        for k in item
            .concept_iris
            .iter()
            .chain(&item.concepts)
            .chain(&item.schemes)
            .chain(&item.places)
        {
            d.add_text(f.keys, k);
        }
        d.add_text(f.places, item.places.join(" "));
        d.add_text(f.genre, &item.genre);
        d.add_text(f.year, &item.year);
        d.add_u64(f.first, item.lines.0 as u64);
        d.add_u64(f.last, item.lines.1 as u64);
        d.add_text(f.item, serde_json::to_string(item)?);
        match item.kind.as_str() {
            "passage" => d.add_text(f.bigrams, &item.text),
            "case" => d.add_text(f.case_bigrams, &item.text),
            _ => {}
        }
        w.add_document(d)?;
        Ok(())
    }

    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Number of indexed items of one document (as of the last reload).
    pub fn count_doc(&self, doc_id: &str) -> Result<usize> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.doc_id, doc_id),
            IndexRecordOption::Basic,
        );
        Ok(self
            .reader
            .searcher()
            .search(&q, &tantivy::collector::Count)?)
    }

    /// Number of indexed items per document id (for consistency checks).
    pub fn doc_ids(&self) -> Result<std::collections::BTreeMap<String, usize>> {
        let searcher = self.reader.searcher();
        let mut out = std::collections::BTreeMap::new();
        for seg in searcher.segment_readers() {
            let store = seg.get_store_reader(64)?;
            for doc in store.iter::<TantivyDocument>(seg.alive_bitset()) {
                let doc = doc?;
                if let Some(OwnedValue::Str(s)) =
                    doc.get_first(self.fields.doc_id).map(OwnedValue::from)
                {
                    *out.entry(s).or_insert(0) += 1;
                }
            }
        }
        Ok(out)
    }

    fn term_query(&self, field: Field, token: &str, boost: f32) -> Box<dyn Query> {
        let q = TermQuery::new(
            Term::from_field_text(field, token),
            IndexRecordOption::WithFreqs,
        );
        Box::new(BoostQuery::new(Box::new(q), boost))
    }

    fn field_by_name(&self, name: &str) -> Field {
        match name {
            "title" => self.fields.title,
            "keywords" => self.fields.keywords,
            "concepts" => self.fields.concepts,
            _ => self.fields.text,
        }
    }

    /// Build the tantivy query for a parsed query. Returns the query words used.
    pub fn build(&self, q: &ParsedQuery, kind: Option<&str>) -> (Box<dyn Query>, Vec<String>) {
        let words = self.tokenizer.query_words(&q.text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in &words {
            for (name, boost) in BOOSTS {
                should.push((
                    Occur::Should,
                    self.term_query(self.field_by_name(name), w, *boost),
                ));
            }
        }
        if !should.is_empty() {
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(should))));
        }
        for p in &q.phrases {
            let toks = self.tokenizer.query_words(p);
            if toks.len() >= 2 {
                let mut offset = 0;
                let mut terms = Vec::new();
                for t in &toks {
                    terms.push((offset, Term::from_field_text(self.fields.text, t)));
                    offset += t.chars().count();
                }
                clauses.push((Occur::Must, Box::new(PhraseQuery::new_with_offset(terms))));
            }
        }
        for ex in &q.excluded {
            for t in self.tokenizer.query_words(ex) {
                clauses.push((Occur::MustNot, self.term_query(self.fields.text, &t, 1.0)));
            }
        }
        let mut filters: Vec<(String, String)> = q.filters.clone();
        if let Some(k) = kind {
            filters.push(("type".into(), k.into()));
        }
        for (field, value) in &filters {
            let f = match field.as_str() {
                "type" => self.fields.kind,
                "genre" => self.fields.genre,
                "year" => self.fields.year,
                "doc" => self.fields.doc_id,
                _ => self.fields.keys,
            };
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f, value),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        (Box::new(BooleanQuery::new(clauses)), words)
    }

    /// BM25 top hits for a query (with total count), best first, equal scores by item id:
    /// tantivy orders ties by where documents sit in its segments, which depends on how an
    /// ingest was batched, so a cut through a tie is made by id instead (reproducible fits).
    pub fn search(&self, query: &dyn Query, limit: usize) -> Result<(Vec<Bm25Hit>, usize)> {
        let limit = limit.max(1);
        let searcher = self.reader.searcher();
        let (top, count) = searcher.search(
            query,
            &(
                tantivy::collector::TopDocs::with_limit(limit + TIE_SLACK).order_by_score(),
                tantivy::collector::Count,
            ),
        )?;
        // Scores above the one at the cut are kept whole; those equal to it compete by id.
        let cut = top.get(limit - 1).map(|t| t.0);
        let kept: Vec<(f32, DocAddress)> = top
            .into_iter()
            .take_while(|(score, _)| !cut.is_some_and(|c| *score < c))
            .collect();
        let addrs: Vec<DocAddress> = kept.iter().map(|(_, a)| *a).collect();
        let items = self.items_at(&searcher, &addrs)?;
        let mut out: Vec<Bm25Hit> = kept
            .iter()
            .zip(items)
            .map(|((score, _), item)| Bm25Hit {
                item,
                score: *score,
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.item.id.cmp(&b.item.id))
        });
        out.truncate(limit);
        Ok((out, count))
    }

    /// The items at `addrs`, from the cache or read from the store (and then cached).
    fn items_at(&self, searcher: &Searcher, addrs: &[DocAddress]) -> Result<Vec<Arc<Item>>> {
        let generation = searcher.generation().generation_id();
        let mut out: Vec<Option<Arc<Item>>> = {
            let cache = self.items.lock().unwrap_or_else(|e| e.into_inner());
            let current = cache.generation == generation;
            addrs
                .iter()
                .map(|a| cache.items.get(a).filter(|_| current).cloned())
                .collect()
        };
        let mut read = Vec::new();
        for (slot, addr) in out.iter_mut().zip(addrs) {
            if slot.is_none() {
                let item = Arc::new(self.item_at(searcher, *addr)?);
                read.push((*addr, item.clone()));
                *slot = Some(item);
            }
        }
        self.remember(generation, read);
        Ok(out.into_iter().flatten().collect())
    }

    fn remember(&self, generation: u64, read: Vec<(DocAddress, Arc<Item>)>) {
        let mut cache = self.items.lock().unwrap_or_else(|e| e.into_inner());
        if cache.generation != generation || cache.items.len() + read.len() > CACHED_ITEMS {
            cache.items.clear();
            cache.generation = generation;
        }
        cache.items.extend(read);
    }

    fn item_at(&self, searcher: &Searcher, addr: DocAddress) -> Result<Item> {
        match searcher.doc::<StoredItem>(addr)?.0 {
            Some(s) => Ok(serde_json::from_str(&s)?),
            None => Err(IndexError::MissingItem),
        }
    }

    /// Fetch items by id (for dense-only hits).
    pub fn get(&self, id: &str) -> Result<Option<Item>> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        Ok(self
            .search(&q, 1)?
            .0
            .into_iter()
            .next()
            .map(|h| Arc::unwrap_or_clone(h.item)))
    }

    /// Fetch many items by id in one search (the dense-only hits of a query: a search per id
    /// cost more than the rest of a hybrid search). Ids not indexed are left out.
    pub fn get_many(&self, ids: &[&str]) -> Result<HashMap<String, Arc<Item>>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let searcher = self.reader.searcher();
        let q = tantivy::query::TermSetQuery::new(
            ids.iter()
                .map(|id| Term::from_field_text(self.fields.id, id)),
        );
        let addrs: Vec<DocAddress> = searcher
            .search(&q, &tantivy::collector::DocSetCollector)?
            .into_iter()
            .collect();
        let items = self.items_at(&searcher, &addrs)?;
        Ok(items.into_iter().map(|i| (i.id.clone(), i)).collect())
    }

    /// BM25's inverse document frequency of each word in the text field.
    pub fn idf(&self, words: &[String]) -> Vec<f32> {
        let searcher = self.reader.searcher();
        let n = searcher.num_docs() as f32;
        words
            .iter()
            .map(|w| {
                let term = Term::from_field_text(self.fields.text, w);
                let df = searcher.doc_freq(&term).unwrap_or(0) as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect()
    }

    /// Whole-document BM25 of query words (`tokenizer.query_words`), by document id: a
    /// document is its passages together (`doc_bm25`).
    pub fn doc_bm25(&self, words: &[String]) -> Result<HashMap<String, f32>> {
        Ok(self.scores(Unit::Documents, TEXT, words, false)?.whole)
    }

    /// BM25 of a text's character bigrams (`bigram::bigrams`), by document id: of the whole
    /// document, and of its best passage (a scenario's paraphrase shares characters with
    /// the one passage that tells of its analogue; docs/ranking.md, session 32).
    pub fn doc_bigram_bm25(&self, text: &str) -> Result<DocScores> {
        self.scores(Unit::Documents, BIGRAMS, &bigram::bigrams(text), true)
    }

    /// BM25 of a text's character bigrams over each case item's text, by case id.
    pub fn case_bigram_bm25(&self, text: &str) -> Result<HashMap<String, f32>> {
        Ok(self
            .scores(Unit::Cases, 0, &bigram::bigrams(text), false)?
            .whole)
    }

    fn scores(&self, unit: Unit, k: usize, words: &[String], best: bool) -> Result<DocScores> {
        let searcher = self.reader.searcher();
        doc_bm25::scores(&searcher, &self.tables, unit, k, words, best)
    }

    pub fn num_items(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}
