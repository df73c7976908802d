//! Ingestion: paths → sources → documents + extractions → archive, graph and index.
//! Idempotent: an unchanged document (same content hash) is skipped; a changed one replaces
//! its older version in every store.

use crate::app::App;
use corpus::extract::Extraction;
use corpus::Document;
use graph::Record;
use index::Item;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub passages: usize,
    pub errors: Vec<FileError>,
    pub skipped: Vec<String>,
    pub seconds: f64,
    /// Where the time went.
    pub stages: Stages,
    /// Vectors computed after the ingest (set by the caller that computes them).
    pub vectors_computed: usize,
    /// Peak resident memory of the process so far (Linux), in MiB.
    pub peak_rss_mib: Option<f64>,
}

/// Seconds per ingest stage. `parse` is normalise + structure; `archive` writes the JSON
/// records; `commit` is the index commit and reload; `embed` is filled by the caller.
#[derive(Debug, Default, Serialize)]
pub struct Stages {
    pub read: f64,
    pub parse: f64,
    pub extract: f64,
    pub graph: f64,
    pub index: f64,
    pub archive: f64,
    pub commit: f64,
    pub embed: f64,
}

#[derive(Debug, Serialize)]
pub struct FileError {
    pub file: String,
    pub reason: String,
}

/// Quads of new documents loaded together (the seed corpus is about 240,000 quads): large
/// enough for the bulk loader to pay off, small enough to hold in memory.
const BULK_QUADS: usize = 250_000;

/// Quads replaced in transactions between graph flushes: bounds the store's write buffers
/// (a few hundred MiB) however many documents a re-ingest replaces.
const FLUSH_QUADS: usize = 500_000;

/// Seconds since `t`, and restart `t`.
fn lap(t: &mut Instant) -> f64 {
    let s = t.elapsed().as_secs_f64();
    *t = Instant::now();
    s
}

fn file_errors(errors: &[(String, corpus::ReadError)]) -> impl Iterator<Item = FileError> + '_ {
    errors.iter().map(|(f, e)| FileError {
        file: f.clone(),
        reason: e.to_string(),
    })
}

/// Ingest file by file: only one file's sources and one document's records are held at a
/// time, so memory does not grow with the corpus (beyond what the stores keep).
pub fn ingest(
    app: &App,
    paths: &[PathBuf],
    progress: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<Summary> {
    let _guard = app.write_lock.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let mut t = Instant::now();
    let mut listing = corpus::walk::Walk::default();
    let files = corpus::walk::list(paths, &mut listing);
    let mut s = Summary {
        errors: file_errors(&listing.errors).collect(),
        skipped: listing.skipped,
        ..Summary::default()
    };
    s.stages.read += lap(&mut t);
    let mut writer = app.fulltext.writer()?;
    let mut journal = crate::journal::Journal::begin(app)?;
    let mut seen = BTreeSet::new();
    let mut unflushed = 0;
    let mut new_quads = Vec::new();
    for (path, name) in files {
        let mut t = Instant::now();
        let mut walk = corpus::walk::Walk::default();
        corpus::walk::read_one(&path, &name, &mut walk);
        s.errors.extend(file_errors(&walk.errors));
        if let Some(pb) = progress {
            pb.inc_length(walk.sources.len() as u64);
        }
        s.stages.read += lap(&mut t);
        for src in walk.sources {
            if let Some(pb) = progress {
                pb.set_message(src.name.clone());
                pb.inc(1);
            }
            let doc = corpus::parse(&src);
            s.stages.parse += lap(&mut t);
            if !seen.insert(doc.id.clone()) {
                s.errors.push(FileError {
                    file: src.name.clone(),
                    reason: "duplicate source name in this batch; first kept".into(),
                });
                continue;
            }
            s.documents += 1;
            s.passages += doc.passages.len();
            let old = app.docs.get(&doc.id)?;
            s.stages.archive += lap(&mut t);
            if old
                .as_ref()
                .is_some_and(|r| r.doc.content_hash == doc.content_hash)
            {
                s.unchanged += 1;
                continue;
            }
            let extraction = corpus::extract::extract(&doc, &app.kb);
            s.stages.extract += lap(&mut t);
            journal.touch(&doc.id)?;
            let quads = graph::rdf::document_quads(&doc, &extraction);
            let g = graph::ns::doc_graph(&doc.id);
            if old.is_none() && !app.graph.is_remote() && !app.graph.has_graph(&g)? {
                // A new graph: batched into one bulk load (the journal covers a crash).
                new_quads.extend(quads);
                if new_quads.len() >= BULK_QUADS {
                    app.graph.bulk_add(std::mem::take(&mut new_quads))?;
                }
            } else {
                app.graph.replace_graph(&g, &quads)?;
                unflushed += quads.len();
                if unflushed >= FLUSH_QUADS {
                    app.graph.flush()?;
                    unflushed = 0;
                }
            }
            s.stages.graph += lap(&mut t);
            app.fulltext.delete_doc(&writer, &doc.id);
            for item in items(&doc, &extraction) {
                app.fulltext.add(&writer, &item)?;
            }
            s.stages.index += lap(&mut t);
            app.docs.put(&Record {
                doc,
                extraction,
                source_text: src.text,
                source_first_line: src.first_line,
            })?;
            s.stages.archive += lap(&mut t);
            if old.is_some() {
                s.replaced += 1;
            } else {
                s.added += 1;
            }
        }
    }
    let mut t = Instant::now();
    if !new_quads.is_empty() {
        app.graph.bulk_add(new_quads)?;
    }
    s.stages.graph += lap(&mut t);
    writer.commit()?;
    journal.finish(app)?;
    app.fulltext.reload()?;
    app.invalidate();
    s.stages.commit += lap(&mut t);
    s.seconds = started.elapsed().as_secs_f64();
    s.peak_rss_mib = crate::bench::peak_rss_mib();
    Ok(s)
}

/// The index items of one document: its passages, itself, and its cases.
pub fn items(doc: &Document, x: &Extraction) -> Vec<Item> {
    let year = doc
        .date
        .as_deref()
        .map(|d| d[..4.min(d.len())].to_string())
        .unwrap_or_default();
    let places: Vec<String> = x.places.iter().map(|p| p.name.clone()).collect();
    let base = Item {
        doc_id: doc.id.clone(),
        title: doc.title.clone(),
        authors: doc.authors.clone(),
        source: doc.source.clone(),
        genre: doc.genre.clone(),
        year,
        keywords: doc.keywords.clone(),
        ..Item::default()
    };
    let mut out = Vec::new();
    for p in &doc.passages {
        let cs: Vec<_> = x
            .concepts
            .iter()
            .filter(|c| c.evidence.iter().any(|e| e.passage == p.id))
            .collect();
        out.push(Item {
            kind: "passage".into(),
            id: p.id.clone(),
            text: p.text.clone(),
            lines: p.lines,
            concepts: cs.iter().map(|c| c.label.clone()).collect(),
            concept_iris: cs.iter().map(|c| c.concept.clone()).collect(),
            schemes: dedup(cs.iter().map(|c| c.scheme.clone())),
            places: x
                .places
                .iter()
                .filter(|pl| pl.evidence.iter().any(|e| e.passage == p.id))
                .map(|pl| pl.name.clone())
                .collect(),
            keywords: vec![],
            ..base.clone()
        });
    }
    let head: String = doc.abstract_text.clone().unwrap_or_else(|| {
        doc.passages
            .iter()
            .take(3)
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("")
    });
    out.push(Item {
        kind: "document".into(),
        id: doc.id.clone(),
        text: head,
        lines: doc.lines,
        concepts: x.concepts.iter().map(|c| c.label.clone()).collect(),
        concept_iris: x.concepts.iter().map(|c| c.concept.clone()).collect(),
        schemes: dedup(x.concepts.iter().map(|c| c.scheme.clone())),
        places: places.clone(),
        ..base.clone()
    });
    for c in &x.cases {
        let cs: Vec<_> = index::recommend::CONCEPT_FACETS
            .iter()
            .flat_map(|f| index::recommend::case_facet(c, f))
            .collect();
        let text: String = std::iter::once(c.name.clone())
            .chain(c.evidence.iter().take(8).map(|e| e.text.clone()))
            .collect::<Vec<_>>()
            .join(" ");
        let first = c
            .evidence
            .iter()
            .map(|e| e.lines.0)
            .min()
            .unwrap_or(doc.lines.0);
        let last = c
            .evidence
            .iter()
            .map(|e| e.lines.1)
            .max()
            .unwrap_or(doc.lines.1);
        out.push(Item {
            kind: "case".into(),
            id: c.id.clone(),
            title: c.name.clone(),
            text,
            lines: (first, last),
            concepts: cs.iter().map(|c| c.label.clone()).collect(),
            concept_iris: cs.iter().map(|c| c.concept.clone()).collect(),
            schemes: dedup(cs.iter().map(|c| c.scheme.clone())),
            places: c.place.iter().map(|p| p.name.clone()).collect(),
            ..base.clone()
        });
    }
    out
}

fn dedup(it: impl Iterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = it.collect();
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(dir: &std::path::Path, docs: &[(&str, &str)]) -> PathBuf {
        let path = dir.join("b.txt");
        let mut out = Vec::new();
        for (name, text) in docs {
            corpus::synth::write_entry(&mut out, name, text).unwrap();
        }
        std::fs::write(&path, out).unwrap();
        path
    }

    /// New documents go through the bulk loader, changed ones through a transaction: both
    /// must leave the same stores as ingesting the final texts into an empty data dir.
    #[test]
    fn bulk_and_replace_paths_agree() {
        let a = (
            "甲案例_王芳.txt",
            "甲市老旧小区改造\n\n王芳\n\n一、做法\n\n居民议事会协商，社会资本参与加装电梯。\n",
        );
        let b = (
            "乙案例_李强.txt",
            "乙区街道更新\n\n李强\n\n一、做法\n\n街道搭建数字化平台，社区规划师陪伴。\n",
        );
        let b2 = (
            "乙案例_李强.txt",
            "乙区街道更新\n\n李强\n\n一、做法\n\n街道成立更新委员会，企业出资运营停车场。\n",
        );
        let tmp = tempfile::tempdir().unwrap();
        let opts = crate::app::Options {
            no_embed: true,
            ..Default::default()
        };
        let app = App::open_with(&tmp.path().join("d1"), &opts).unwrap();
        let s = ingest(&app, &[bundle(tmp.path(), &[a, b])], None).unwrap();
        assert_eq!((s.added, s.replaced), (2, 0));
        let s = ingest(&app, &[bundle(tmp.path(), &[a, b2])], None).unwrap();
        assert_eq!((s.unchanged, s.replaced), (1, 1));
        assert!(crate::journal::check(&app).unwrap().consistent);

        let fresh = App::open_with(&tmp.path().join("d2"), &opts).unwrap();
        ingest(&fresh, &[bundle(tmp.path(), &[a, b2])], None).unwrap();
        assert_eq!(app.graph.len().unwrap(), fresh.graph.len().unwrap());
        assert_eq!(app.graph.doc_ids().unwrap(), fresh.graph.doc_ids().unwrap());
        assert_eq!(app.fulltext.num_items(), fresh.fulltext.num_items());
        let briefs = app.briefs().unwrap();
        assert_eq!(briefs.len(), 2);
    }
}
