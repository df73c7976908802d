//! BM25 of whole documents: a document is the union of its passage items, its length their
//! lengths together, its term frequency theirs summed. A long query (a scenario of a new
//! project) is answered by the document that holds most of its words, which no single
//! passage does (docs/ranking.md, session 13).

use crate::error::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue};
use tantivy::{DocSet, Searcher, SegmentReader, Term, TERMINATED};

/// BM25's usual constants.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Marks a segment document that is no passage (or deleted).
const NONE: u32 = u32::MAX;
/// The ids of the index's `kind`, `id` and `doc_id` fields (`fulltext::schema` checks them).
pub(crate) const KIND_FIELD: Field = Field::from_field_id(0);
pub(crate) const ID_FIELD: Field = Field::from_field_id(1);
pub(crate) const DOC_FIELD: Field = Field::from_field_id(2);

/// What a table scores: documents (their passages together), or cases (each case item its
/// own text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Documents,
    Cases,
}

/// The tables of the last searcher generation asked about, both units built in one read of
/// the stored items; `fields`: the fields each unit's BM25 reads (lengths kept per field).
pub(crate) struct DocCache {
    doc_fields: Vec<Field>,
    case_fields: Vec<Field>,
    slot: Mutex<Option<Tables>>,
}

struct Tables {
    generation: u64,
    docs: Arc<DocTable>,
    cases: Arc<DocTable>,
}

impl DocCache {
    pub(crate) fn new(doc_fields: Vec<Field>, case_fields: Vec<Field>) -> DocCache {
        DocCache {
            doc_fields,
            case_fields,
            slot: Mutex::default(),
        }
    }

    fn fields(&self, unit: Unit) -> &[Field] {
        match unit {
            Unit::Documents => &self.doc_fields,
            Unit::Cases => &self.case_fields,
        }
    }
}

/// Which document each passage of a searcher generation belongs to, and document lengths
/// in each field BM25 reads (in the order of the `fields` the table was built for).
pub(crate) struct DocTable {
    /// Per segment, per segment document: the index of its document, or `NONE`.
    of: Vec<Vec<u32>>,
    ids: Vec<String>,
    lens: Vec<Vec<f32>>,
    avg: Vec<f32>,
    /// Per field, per segment, per segment document: a passage's own length (0: no passage).
    plens: Vec<Vec<Vec<f32>>>,
    /// Per field: the mean length of a passage.
    pavg: Vec<f32>,
    passages: usize,
}

/// A stored item read for its kind, id and document id only.
#[derive(Default)]
struct StoredKey {
    kind: Option<String>,
    id: Option<String>,
    doc: Option<String>,
}

impl DocumentDeserialize for StoredKey {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(
        mut d: D,
    ) -> std::result::Result<Self, DeserializeError> {
        let mut k = StoredKey::default();
        while let Some((field, value)) = d.next_field::<OwnedValue>()? {
            match (field, value) {
                (f, OwnedValue::Str(s)) if f == KIND_FIELD => k.kind = Some(s),
                (f, OwnedValue::Str(s)) if f == ID_FIELD => k.id = Some(s),
                (f, OwnedValue::Str(s)) if f == DOC_FIELD => k.doc = Some(s),
                _ => {}
            }
        }
        Ok(k)
    }
}

/// BM25 of `words` over the `k`th field of `unit`, by its id, two ways: `whole`, each document as
/// one text (its passages together); `passage` (when asked for, else empty), its best single
/// passage, idf over passages. Documents holding none of the words are left out.
#[derive(Debug, Default)]
pub struct Scores {
    pub whole: HashMap<String, f32>,
    pub passage: HashMap<String, f32>,
}

pub(crate) fn scores(
    searcher: &Searcher,
    cache: &DocCache,
    unit: Unit,
    k: usize,
    words: &[String],
    best_passage: bool,
) -> Result<Scores> {
    let table = table(searcher, cache, unit)?;
    let (text, lens, avg) = (cache.fields(unit)[k], &table.lens[k], table.avg[k]);
    let (plens, pavg) = (&table.plens[k], table.pavg[k]);
    let n = table.ids.len() as f32;
    let np = table.passages as f32;
    let mut score = vec![0f32; table.ids.len()];
    // One word's frequency per document, the documents it touched (then cleared), and the
    // passages that hold it with their frequency.
    let mut tf = vec![0f32; table.ids.len()];
    let mut held: Vec<u32> = Vec::new();
    let mut hits: Vec<Hit> = Vec::new();
    let mut pscore: Vec<Vec<f32>> = if best_passage {
        plens.iter().map(|p| vec![0f32; p.len()]).collect()
    } else {
        Vec::new()
    };
    let mut seen: Vec<&String> = Vec::new();
    for w in words {
        if seen.contains(&w) {
            continue;
        }
        seen.push(w);
        let passages = best_passage.then_some(&mut hits);
        doc_freqs(searcher, &table, text, w, &mut tf, &mut held, passages)?;
        let df = held.len() as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        for &d in &held {
            let (d, f) = (d as usize, std::mem::take(&mut tf[d as usize]));
            score[d] += bm25(idf, f, lens[d] / avg);
        }
        held.clear();
        let pdf = hits.len() as f32;
        let pidf = (1.0 + (np - pdf + 0.5) / (pdf + 0.5)).ln();
        for h in hits.drain(..) {
            let len = plens[h.segment][h.doc as usize];
            pscore[h.segment][h.doc as usize] += bm25(pidf, h.freq, len / pavg);
        }
    }
    let whole = score
        .into_iter()
        .enumerate()
        .filter(|(_, s)| *s > 0.0)
        .map(|(d, s)| (table.ids[d].clone(), s))
        .collect();
    Ok(Scores {
        whole,
        passage: best_passages(&table, &pscore),
    })
}

/// One term's weight in a text of `relative` length (its length over the mean).
fn bm25(idf: f32, f: f32, relative: f32) -> f32 {
    idf * f * (K1 + 1.0) / (f + K1 * (1.0 - B + B * relative))
}

/// A passage holding a word: its segment, its segment document and the word's frequency.
struct Hit {
    segment: usize,
    doc: u32,
    freq: f32,
}

/// Each document's best passage score.
fn best_passages(table: &DocTable, pscore: &[Vec<f32>]) -> HashMap<String, f32> {
    let mut best: HashMap<u32, f32> = HashMap::new();
    for (seg, scores) in pscore.iter().enumerate() {
        for (doc, &s) in scores.iter().enumerate().filter(|(_, s)| **s > 0.0) {
            let d = table.of[seg][doc];
            let e = best.entry(d).or_insert(0.0);
            *e = e.max(s);
        }
    }
    best.into_iter()
        .map(|(d, s)| (table.ids[d as usize].clone(), s))
        .collect()
}

/// A word's frequency in each document that holds it (`tf`, by document), summed over its
/// passages; `held` gets each such document once, `hits` (if given) each such passage.
fn doc_freqs(
    searcher: &Searcher,
    t: &DocTable,
    text: Field,
    word: &str,
    tf: &mut [f32],
    held: &mut Vec<u32>,
    mut hits: Option<&mut Vec<Hit>>,
) -> Result<()> {
    let term = Term::from_field_text(text, word);
    for (segment, (seg, of)) in searcher.segment_readers().iter().zip(&t.of).enumerate() {
        let inverted = seg.inverted_index(text)?;
        let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::WithFreqs)?
        else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            let d = of[doc as usize];
            if d != NONE {
                if tf[d as usize] == 0.0 {
                    held.push(d);
                }
                let freq = postings.term_freq() as f32;
                tf[d as usize] += freq;
                if let Some(h) = hits.as_deref_mut() {
                    h.push(Hit { segment, doc, freq });
                }
            }
            doc = postings.advance();
        }
    }
    Ok(())
}

/// The table of `unit` for this searcher's generation. Both units' tables are built at once,
/// in one read of every stored item's kind, id and document id.
fn table(searcher: &Searcher, cache: &DocCache, unit: Unit) -> Result<Arc<DocTable>> {
    let generation = searcher.generation().generation_id();
    let mut slot = cache.slot.lock().unwrap_or_else(|e| e.into_inner());
    let fresh = slot.as_ref().filter(|t| t.generation == generation);
    let tables = match fresh {
        Some(t) => t,
        None => slot.insert(build(searcher, cache, generation)?),
    };
    Ok(match unit {
        Unit::Documents => tables.docs.clone(),
        Unit::Cases => tables.cases.clone(),
    })
}

fn build(searcher: &Searcher, cache: &DocCache, generation: u64) -> Result<Tables> {
    let mut docs = Builder::new(cache.fields(Unit::Documents));
    let mut cases = Builder::new(cache.fields(Unit::Cases));
    for seg in searcher.segment_readers() {
        let doc_norms = docs.segment(seg)?;
        let case_norms = cases.segment(seg)?;
        let store = seg.get_store_reader(64)?;
        let alive = seg.alive_bitset();
        for doc in 0..seg.max_doc() {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                continue;
            }
            let key = store.get::<StoredKey>(doc)?;
            match (key.kind.as_deref(), key.doc, key.id) {
                (Some("passage"), Some(d), _) => docs.add(&doc_norms, doc, d),
                (Some("case"), _, Some(id)) => cases.add(&case_norms, doc, id),
                _ => {}
            }
        }
    }
    Ok(Tables {
        generation,
        docs: Arc::new(docs.finish()),
        cases: Arc::new(cases.finish()),
    })
}

/// One unit's table as the stored items are read, segment by segment.
struct Builder {
    fields: Vec<Field>,
    index: HashMap<String, u32>,
    table: DocTable,
}

impl Builder {
    fn new(fields: &[Field]) -> Builder {
        Builder {
            fields: fields.to_vec(),
            index: HashMap::new(),
            table: DocTable {
                of: Vec::new(),
                ids: Vec::new(),
                lens: vec![Vec::new(); fields.len()],
                avg: Vec::new(),
                plens: vec![Vec::new(); fields.len()],
                pavg: Vec::new(),
                passages: 0,
            },
        }
    }

    /// A new segment: its rows, and the length readers of its fields.
    fn segment(&mut self, seg: &SegmentReader) -> Result<Vec<FieldNormReader>> {
        let t = &mut self.table;
        t.of.push(vec![NONE; seg.max_doc() as usize]);
        for p in t.plens.iter_mut() {
            p.push(vec![0.0; seg.max_doc() as usize]);
        }
        let norms = self
            .fields
            .iter()
            .map(|f| seg.get_fieldnorms_reader(*f))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(norms)
    }

    /// Segment document `doc` of the current segment, an item of unit `id`.
    fn add(&mut self, norms: &[FieldNormReader], doc: u32, id: String) {
        let t = &mut self.table;
        let d = *self.index.entry(id.clone()).or_insert_with(|| {
            t.ids.push(id);
            t.lens.iter_mut().for_each(|l| l.push(0.0));
            (t.ids.len() - 1) as u32
        });
        for ((l, p), n) in t.lens.iter_mut().zip(t.plens.iter_mut()).zip(norms) {
            let len = n.fieldnorm(doc) as f32;
            l[d as usize] += len;
            if let Some(seg_lens) = p.last_mut() {
                seg_lens[doc as usize] = len;
            }
        }
        if let Some(seg_of) = t.of.last_mut() {
            seg_of[doc as usize] = d;
        }
        t.passages += 1;
    }

    fn finish(self) -> DocTable {
        let mut t = self.table;
        t.avg = t
            .lens
            .iter()
            .map(|l| (l.iter().sum::<f32>() / l.len().max(1) as f32).max(1.0))
            .collect();
        let n = t.passages.max(1) as f32;
        t.pavg = t
            .plens
            .iter()
            .map(|p| (p.iter().flatten().sum::<f32>() / n).max(1.0))
            .collect();
        t
    }
}
