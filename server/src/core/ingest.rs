//! Ingestion: paths → sources → documents + extractions → archive, graph and index.
//! Idempotent: an unchanged document (same content hash) is skipped; a changed one replaces
//! its older version in every store.

use crate::core::app::App;
use crate::core::items::items;
use crate::core::journal::{Change, Journal};
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
    /// Unchanged documents that the graph or the index had lost, rewritten from the archive.
    pub reloaded: usize,
    pub deleted: usize,
    pub passages: usize,
    /// What became of each document read: `added`, `replaced`, `unchanged` or `reloaded`.
    pub outcomes: Vec<Outcome>,
    pub errors: Vec<FileError>,
    /// Files of a type that is not read.
    pub skipped: Vec<String>,
    /// Entries not read, with the reason: links out of the folder, special files.
    pub refused: Vec<FileError>,
    pub seconds: f64,
    /// Where the time went.
    pub stages: Stages,
    /// Vectors computed after the ingest (set by the caller that computes them).
    pub vectors_computed: usize,
    /// Vectors read from a vector cache after the ingest instead of computed.
    pub vectors_from_cache: usize,
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

/// One document of the batch and what ingest did with it.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Source name (path relative to the folder given, or bundle entry).
    pub source: String,
    pub id: String,
    pub outcome: &'static str,
}

#[derive(Debug, Clone, Serialize)]
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

/// How an ingest finds its files.
#[derive(Debug, Clone, Copy, Default)]
pub struct IngestOptions {
    /// Follow symbolic links out of the directories given (off: they are refused).
    pub follow_links: bool,
}

/// One ingest run: the write lock, open writers and pending work. Documents are changed
/// with [`Batch::file`], [`Batch::source`] and [`Batch::delete`]; nothing reaches the
/// archive before [`Batch::finish`] commits (see `journal`).
pub struct Batch<'a> {
    app: &'a App,
    writer: index::IndexWriter,
    journal: Journal,
    seen: BTreeSet<String>,
    /// Quads replaced since the last graph flush.
    unflushed: usize,
    /// Quads of new graphs waiting for one bulk load.
    new_quads: Vec<oxigraph::model::Quad>,
    /// Whether the bulk loader ran: `finish` then compacts the graph store.
    bulk_loaded: bool,
    started: Instant,
    /// Documents added, replaced or deleted so far.
    changed: Vec<String>,
    /// Set by [`Batch::finish`]; a batch dropped before (an error) is rolled back at once, so
    /// that a running service does not keep half a batch until its next start.
    finished: bool,
    pub s: Summary,
    /// Last: fields drop in order, and the lock must outlive the index writer.
    _guard: std::sync::MutexGuard<'a, ()>,
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        let stores = &self.app.stores;
        let undone = self
            .writer
            .rollback()
            .map_err(anyhow::Error::from)
            .and_then(|_| crate::core::journal::recover_with(stores, &mut self.writer));
        if let Err(e) = undone {
            tracing::error!("rolling back a failed ingest: {e:#}; the next start completes it");
        }
    }
}

/// Ingest file by file: only one file's sources and one document's records are held at a
/// time, so memory does not grow with the corpus (beyond what the stores keep).
pub fn ingest(
    app: &App,
    paths: &[PathBuf],
    progress: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<Summary> {
    ingest_with(app, paths, IngestOptions::default(), progress)
}

/// [`ingest`] with options.
pub fn ingest_with(
    app: &App,
    paths: &[PathBuf],
    opts: IngestOptions,
    progress: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<Summary> {
    let mut batch = Batch::begin(app)?;
    let mut t = Instant::now();
    let mut listing = corpus::walk::Walk::default();
    let walk_opts = corpus::walk::WalkOptions {
        follow_links: opts.follow_links,
    };
    let files = corpus::walk::list_with(paths, walk_opts, &mut listing);
    batch.listed(listing);
    batch.s.stages.read += lap(&mut t);
    for (path, name) in files {
        batch.file(&path, &name, progress)?;
    }
    batch.finish()
}

impl<'a> Batch<'a> {
    /// Take the write lock and open the writers and the journal.
    pub fn begin(app: &'a App) -> anyhow::Result<Batch<'a>> {
        let guard = app.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        // Ontology, thesaurus and gazetteer come back too after a `DROP ALL`.
        app.load_reference_graphs()?;
        Ok(Batch {
            app,
            _guard: guard,
            writer: app.stores.fulltext.writer()?,
            journal: Journal::begin(&app.stores)?,
            seen: BTreeSet::new(),
            unflushed: 0,
            new_quads: Vec::new(),
            bulk_loaded: false,
            started: Instant::now(),
            changed: Vec::new(),
            finished: false,
            s: Summary::default(),
        })
    }

    /// Report a listing's errors, type skips and refusals.
    pub fn listed(&mut self, listing: corpus::walk::Walk) {
        self.s.errors.extend(file_errors(&listing.errors));
        self.s.skipped.extend(listing.skipped);
        self.s.refused.extend(
            listing
                .refused
                .into_iter()
                .map(|(file, reason)| FileError { file, reason }),
        );
    }

    /// Read one file (a bundle gives several documents) into the batch under source `name`.
    pub fn file(
        &mut self,
        path: &std::path::Path,
        name: &str,
        progress: Option<&indicatif::ProgressBar>,
    ) -> anyhow::Result<()> {
        self.file_shown_as(path, name, &path.display().to_string(), progress)
    }

    /// [`Batch::file`] for a file that stands in for another: its documents and errors
    /// name `shown` as their file (an upload's own name, not where the service keeps it).
    pub fn file_shown_as(
        &mut self,
        path: &std::path::Path,
        name: &str,
        shown: &str,
        progress: Option<&indicatif::ProgressBar>,
    ) -> anyhow::Result<()> {
        let mut t = Instant::now();
        let mut walk = corpus::walk::Walk::default();
        corpus::walk::read_one(path, name, &mut walk);
        let real = path.display().to_string();
        for src in &mut walk.sources {
            src.file = shown.to_string();
        }
        self.s.errors.extend(file_errors(&walk.errors).map(|mut e| {
            e.file = e.file.replace(&real, shown);
            e
        }));
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

    /// Add or replace the document of one source.
    pub fn source(&mut self, src: corpus::Source, t: &mut Instant) -> anyhow::Result<()> {
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
        let is_new = old.is_none();
        if let Some(old) = old.filter(|r| r.doc.content_hash == doc.content_hash) {
            return self.unchanged(old);
        }
        let extraction = corpus::extract::extract(&doc, &app.kb);
        self.s.stages.extract += lap(t);
        let id = doc.id.clone();
        self.journal.touch(&id, Change::Put)?;
        self.graph(&doc, &extraction, is_new)?;
        self.s.stages.graph += lap(t);
        self.index(&doc, &extraction)?;
        self.s.stages.index += lap(t);
        // The new record waits beside the archive, which keeps the old version until commit.
        self.journal.stage(
            &app.stores,
            &Record {
                doc,
                extraction,
                source_text: src.text,
                source_first_line: src.first_line,
            },
        )?;
        self.s.stages.archive += lap(t);
        let outcome = if is_new {
            self.s.added += 1;
            "added"
        } else {
            self.s.replaced += 1;
            "replaced"
        };
        self.s.outcomes.push(Outcome {
            source: src.name,
            id: id.clone(),
            outcome,
        });
        self.changed.push(id);
        Ok(())
    }

    /// An archived document read again unchanged: nothing to do, unless the graph or the
    /// index lost it (a `DROP ALL`, a restored backup): then both are rewritten from the
    /// archived record.
    fn unchanged(&mut self, old: Record) -> anyhow::Result<()> {
        let stores = &self.app.stores;
        let id = old.doc.id.clone();
        let in_graph = stores.graph.has_graph(&graph::ns::doc_graph(&id))?;
        let lost = !(in_graph && stores.fulltext.count_doc(&id)? > 0);
        self.s.outcomes.push(Outcome {
            source: old.doc.source.clone(),
            id: id.clone(),
            outcome: if lost { "reloaded" } else { "unchanged" },
        });
        if !lost {
            self.s.unchanged += 1;
            return Ok(());
        }
        self.journal.touch(&id, Change::Reload)?;
        self.graph(&old.doc, &old.extraction, !in_graph)?;
        self.index(&old.doc, &old.extraction)?;
        self.s.reloaded += 1;
        Ok(())
    }

    /// Remove a document from every store (at commit). False when there is none.
    pub fn delete(&mut self, id: &str) -> anyhow::Result<bool> {
        let stores = &self.app.stores;
        if !self.seen.insert(id.to_string()) || stores.docs.get(id)?.is_none() {
            return Ok(false);
        }
        self.journal.touch(id, Change::Delete)?;
        stores.graph.remove_graph(&graph::ns::doc_graph(id))?;
        stores.fulltext.delete_doc(&self.writer, id);
        self.changed.push(id.to_string());
        self.s.deleted += 1;
        Ok(true)
    }

    /// Ids of the documents added, replaced or deleted so far.
    pub fn touched(&self) -> Vec<String> {
        self.changed.clone()
    }

    fn index(&mut self, doc: &Document, extraction: &Extraction) -> anyhow::Result<()> {
        let fulltext = &self.app.stores.fulltext;
        fulltext.delete_doc(&self.writer, &doc.id);
        for item in items(doc, extraction) {
            fulltext.add(&self.writer, &item)?;
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
                self.bulk_loaded = true;
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

    /// Make graph and index durable, then commit the journal: the archive takes the new
    /// versions and readers see them.
    pub fn finish(mut self) -> anyhow::Result<Summary> {
        let stores = &self.app.stores;
        let mut t = Instant::now();
        let quads = std::mem::take(&mut self.new_quads);
        if !quads.is_empty() {
            stores.graph.bulk_add(quads)?;
            self.bulk_loaded = true;
        }
        stores.graph.flush()?;
        if self.bulk_loaded {
            stores.graph.optimize()?;
        }
        self.s.stages.graph += lap(&mut t);
        self.writer.commit()?;
        self.journal.commit(stores)?;
        self.finished = true;
        stores.fulltext.reload()?;
        stores.invalidate();
        let mut s = std::mem::take(&mut self.s);
        s.stages.commit += lap(&mut t);
        s.seconds = self.started.elapsed().as_secs_f64();
        s.peak_rss_mib = peak_rss_mib();
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
