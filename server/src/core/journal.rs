//! Crash consistency across the three stores (graph, full-text index, archive) and vectors.
//!
//! Before a document touches any store its id is appended (and synced) to `ingest.journal`;
//! the journal is removed once the batch's index commit is durable. On open, a leftover
//! journal means a crash: every document it names is removed from every store, so each
//! document is either fully present everywhere or absent (re-run the ingest to add it).

use crate::core::stores::Stores;
use std::io::Write;
use std::path::PathBuf;

pub fn path(stores: &Stores) -> PathBuf {
    stores.data_dir.join("ingest.journal")
}

pub struct Journal {
    file: std::fs::File,
}

impl Journal {
    pub fn begin(stores: &Stores) -> anyhow::Result<Journal> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path(stores))?;
        Ok(Journal { file })
    }

    /// Record that `doc_id` is about to change.
    pub fn touch(&mut self, doc_id: &str) -> anyhow::Result<()> {
        writeln!(self.file, "{doc_id}")?;
        self.file.sync_data()?;
        Ok(())
    }

    /// Everything is durable: forget the batch.
    pub fn finish(self, stores: &Stores) -> anyhow::Result<()> {
        drop(self.file);
        std::fs::remove_file(path(stores))?;
        Ok(())
    }
}

/// Roll back the documents of an interrupted batch. Returns how many were removed.
pub fn recover(stores: &Stores) -> anyhow::Result<usize> {
    let Ok(text) = std::fs::read_to_string(path(stores)) else {
        return Ok(0);
    };
    let ids: std::collections::BTreeSet<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| graph::docs::is_id(l))
        .collect();
    let mut writer = stores.fulltext.writer()?;
    for id in &ids {
        stores.graph.remove_graph(&graph::ns::doc_graph(id))?;
        stores.fulltext.delete_doc(&writer, id);
        stores.docs.delete(id)?;
    }
    writer.commit()?;
    stores.fulltext.reload()?;
    {
        let mut v = stores.vectors.write().unwrap_or_else(|e| e.into_inner());
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
    stores.save_vectors()?;
    std::fs::remove_file(path(stores))?;
    stores.invalidate();
    Ok(ids.len())
}
