//! Crash consistency across the three stores (graph, full-text index, archive) and vectors.
//!
//! Before a document touches any store its id is appended (and synced) to `ingest.journal`;
//! the journal is removed once the batch's index commit is durable. On open, a leftover
//! journal means a crash: every document it names is removed from every store, so each
//! document is either fully present everywhere or absent (re-run the ingest to add it).

use crate::app::App;
use std::io::Write;
use std::path::PathBuf;

pub fn path(app: &App) -> PathBuf {
    app.data_dir.join("ingest.journal")
}

pub struct Journal {
    file: std::fs::File,
}

impl Journal {
    pub fn begin(app: &App) -> anyhow::Result<Journal> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path(app))?;
        Ok(Journal { file })
    }

    /// Record that `doc_id` is about to change.
    pub fn touch(&mut self, doc_id: &str) -> anyhow::Result<()> {
        writeln!(self.file, "{doc_id}")?;
        self.file.sync_data()?;
        Ok(())
    }

    /// Everything is durable: forget the batch.
    pub fn finish(self, app: &App) -> anyhow::Result<()> {
        drop(self.file);
        std::fs::remove_file(path(app))?;
        Ok(())
    }
}

/// Roll back the documents of an interrupted batch. Returns how many were removed.
pub fn recover(app: &App) -> anyhow::Result<usize> {
    let Ok(text) = std::fs::read_to_string(path(app)) else {
        return Ok(0);
    };
    let ids: std::collections::BTreeSet<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| graph::docs::is_id(l))
        .collect();
    let mut writer = app.fulltext.writer()?;
    for id in &ids {
        app.graph.remove_graph(&graph::ns::doc_graph(id))?;
        app.fulltext.delete_doc(&writer, id);
        app.docs.delete(id)?;
    }
    writer.commit()?;
    app.fulltext.reload()?;
    {
        let mut v = app.vectors.write().unwrap_or_else(|e| e.into_inner());
        let stale: Vec<String> = v
            .ids()
            .iter()
            .filter(|i| ids.iter().any(|d| i.starts_with(d)))
            .cloned()
            .collect();
        for s in stale {
            v.remove(&s);
        }
    }
    app.save_vectors()?;
    std::fs::remove_file(path(app))?;
    app.invalidate();
    Ok(ids.len())
}

/// What `gongchuang check` reports.
#[derive(Debug, serde::Serialize)]
pub struct Check {
    pub consistent: bool,
    pub documents: usize,
    pub only_in_archive: Vec<String>,
    pub only_in_graph: Vec<String>,
    pub only_in_index: Vec<String>,
    pub orphan_vectors: usize,
    /// Vectors not computed yet (not an inconsistency: `vectors` or `serve` computes them).
    pub missing_vectors: usize,
}

pub fn check(app: &App) -> anyhow::Result<Check> {
    use std::collections::BTreeSet;
    let archive: BTreeSet<String> = app.docs.ids()?.into_iter().collect();
    let graph: BTreeSet<String> = app.graph.doc_ids()?.into_iter().collect();
    let index: BTreeSet<String> = app.fulltext.doc_ids()?.into_keys().collect();
    let diff = |a: &BTreeSet<String>, b: &BTreeSet<String>, c: &BTreeSet<String>| -> Vec<String> {
        a.iter()
            .filter(|x| !b.contains(*x) || !c.contains(*x))
            .cloned()
            .collect()
    };
    let wanted: BTreeSet<String> = crate::vectors::embeddable(app)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let v = app.vectors.read().unwrap_or_else(|e| e.into_inner());
    let have: BTreeSet<String> = v.ids().iter().cloned().collect();
    let orphan_vectors = have.difference(&wanted).count();
    let missing_vectors = if app.embedder.is_some() {
        wanted.difference(&have).count()
    } else {
        0
    };
    let c = Check {
        documents: archive.len(),
        only_in_archive: diff(&archive, &graph, &index),
        only_in_graph: diff(&graph, &archive, &index),
        only_in_index: diff(&index, &archive, &graph),
        orphan_vectors,
        missing_vectors,
        consistent: false,
    };
    let consistent = c.only_in_archive.is_empty()
        && c.only_in_graph.is_empty()
        && c.only_in_index.is_empty()
        && orphan_vectors == 0;
    Ok(Check { consistent, ..c })
}
