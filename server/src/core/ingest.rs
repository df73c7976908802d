//! Ingestion: paths → sources → documents + extractions → archive, graph and index.
//! Idempotent: an unchanged document (same content hash) is skipped; a changed one replaces
//! its older version in every store.

use crate::core::app::App;
use crate::core::items::items;
use crate::core::journal::Journal;
use crate::core::util::peak_rss_mib;
use corpus::extract::Extraction;
use corpus::Document;
use graph::Record;
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

/// One ingest run's open writers and pending work.
struct Batch<'a> {
    app: &'a App,
    writer: index::IndexWriter,
    journal: Journal,
    seen: BTreeSet<String>,
    /// Quads replaced since the last graph flush.
    unflushed: usize,
    /// Quads of new graphs waiting for one bulk load.
    new_quads: Vec<oxigraph::model::Quad>,
    s: Summary,
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
    let mut batch = Batch {
        app,
        writer: app.stores.fulltext.writer()?,
        journal: Journal::begin(&app.stores)?,
        seen: BTreeSet::new(),
        unflushed: 0,
        new_quads: Vec::new(),
        s,
    };
    for (path, name) in files {
        batch.file(&path, &name, progress)?;
    }
    let mut s = batch.finish()?;
    s.seconds = started.elapsed().as_secs_f64();
    s.peak_rss_mib = peak_rss_mib();
    Ok(s)
}

impl Batch<'_> {
    fn file(
        &mut self,
        path: &std::path::Path,
        name: &str,
        progress: Option<&indicatif::ProgressBar>,
    ) -> anyhow::Result<()> {
        let mut t = Instant::now();
        let mut walk = corpus::walk::Walk::default();
        corpus::walk::read_one(path, name, &mut walk);
        self.s.errors.extend(file_errors(&walk.errors));
        if let Some(pb) = progress {
            pb.inc_length(walk.sources.len() as u64);
        }
        self.s.stages.read += lap(&mut t);
        for src in walk.sources {
            if let Some(pb) = progress {
                pb.set_message(src.name.clone());
                pb.inc(1);
            }
            self.source(src, &mut t)?;
        }
        Ok(())
    }

    fn source(&mut self, src: corpus::Source, t: &mut Instant) -> anyhow::Result<()> {
        let (app, s) = (self.app, &mut self.s);
        let doc = corpus::parse(&src);
        s.stages.parse += lap(t);
        if !self.seen.insert(doc.id.clone()) {
            s.errors.push(FileError {
                file: src.name.clone(),
                reason: "duplicate source name in this batch; first kept".into(),
            });
            return Ok(());
        }
        s.documents += 1;
        s.passages += doc.passages.len();
        let old = app.stores.docs.get(&doc.id)?;
        s.stages.archive += lap(t);
        if old
            .as_ref()
            .is_some_and(|r| r.doc.content_hash == doc.content_hash)
        {
            s.unchanged += 1;
            return Ok(());
        }
        let extraction = corpus::extract::extract(&doc, &app.kb);
        self.s.stages.extract += lap(t);
        self.journal.touch(&doc.id)?;
        self.graph(&doc, &extraction, old.is_none())?;
        self.s.stages.graph += lap(t);
        let fulltext = &app.stores.fulltext;
        fulltext.delete_doc(&self.writer, &doc.id);
        for item in items(&doc, &extraction) {
            fulltext.add(&self.writer, &item)?;
        }
        self.s.stages.index += lap(t);
        app.stores.docs.put(&Record {
            doc,
            extraction,
            source_text: src.text,
            source_first_line: src.first_line,
        })?;
        self.s.stages.archive += lap(t);
        if old.is_some() {
            self.s.replaced += 1;
        } else {
            self.s.added += 1;
        }
        Ok(())
    }

    fn graph(&mut self, doc: &Document, extraction: &Extraction, new: bool) -> anyhow::Result<()> {
        let graph = &self.app.stores.graph;
        let quads = graph::rdf::document_quads(doc, extraction);
        let g = graph::ns::doc_graph(&doc.id);
        if new && !graph.is_remote() && !graph.has_graph(&g)? {
            // A new graph: batched into one bulk load (the journal covers a crash).
            self.new_quads.extend(quads);
            if self.new_quads.len() >= BULK_QUADS {
                graph.bulk_add(std::mem::take(&mut self.new_quads))?;
            }
        } else {
            graph.replace_graph(&g, &quads)?;
            self.unflushed += quads.len();
            if self.unflushed >= FLUSH_QUADS {
                graph.flush()?;
                self.unflushed = 0;
            }
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<Summary> {
        let (stores, mut s) = (&self.app.stores, self.s);
        let mut t = Instant::now();
        if !self.new_quads.is_empty() {
            stores.graph.bulk_add(self.new_quads)?;
        }
        s.stages.graph += lap(&mut t);
        let mut writer = self.writer;
        writer.commit()?;
        self.journal.finish(stores)?;
        stores.fulltext.reload()?;
        stores.invalidate();
        s.stages.commit += lap(&mut t);
        Ok(s)
    }
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
        let opts = crate::core::app::Options {
            no_embed: true,
            ..Default::default()
        };
        let app = App::open_with(&tmp.path().join("d1"), &opts).unwrap();
        let s = ingest(&app, &[bundle(tmp.path(), &[a, b])], None).unwrap();
        assert_eq!((s.added, s.replaced), (2, 0));
        let s = ingest(&app, &[bundle(tmp.path(), &[a, b2])], None).unwrap();
        assert_eq!((s.unchanged, s.replaced), (1, 1));
        assert!(crate::core::check::check(&app).unwrap().consistent);

        let fresh = App::open_with(&tmp.path().join("d2"), &opts).unwrap();
        ingest(&fresh, &[bundle(tmp.path(), &[a, b2])], None).unwrap();
        assert_eq!(
            app.stores.graph.len().unwrap(),
            fresh.stores.graph.len().unwrap()
        );
        assert_eq!(
            app.stores.graph.doc_ids().unwrap(),
            fresh.stores.graph.doc_ids().unwrap()
        );
        assert_eq!(
            app.stores.fulltext.num_items(),
            fresh.stores.fulltext.num_items()
        );
        let briefs = app.stores.briefs().unwrap();
        assert_eq!(briefs.len(), 2);
    }
}
