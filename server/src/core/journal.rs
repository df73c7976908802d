//! Crash consistency across the three stores (graph, full-text index, archive) and vectors.
//!
//! A batch writes each document's new version to the graph and to the (uncommitted) index,
//! and stages its archive record under `ingest.pending/`: until the batch commits, the
//! archive keeps the old version. Before a document touches any store its id is appended
//! (and synced) to `ingest.journal`. When graph and index are durable, the line `commit` is
//! appended; then the staged records move into the archive and the journal is removed.
//!
//! On open, a leftover journal means a crash. With `commit` the batch rolls forward (the
//! staged records and deletions reach the archive); without, it rolls back: graph and index
//! are rebuilt from the archived version of every document the journal names, and a
//! document the archive never had is removed. Either way each document ends complete in one
//! version, its old or its new one, never in none.

use crate::core::items::items;
use crate::core::stores::Stores;
use graph::Record;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

pub fn path(stores: &Stores) -> PathBuf {
    stores.data_dir.join("ingest.journal")
}

/// Where a batch stages the archive records of new versions.
fn pending_dir(stores: &Stores) -> PathBuf {
    stores.data_dir.join("ingest.pending")
}

fn staged(stores: &Stores, id: &str) -> PathBuf {
    pending_dir(stores).join(format!("{id}.json"))
}

/// What a batch does to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A new version is staged (added or replaced).
    Put,
    /// Graph and index are rewritten from the archived version (they had lost it).
    Reload,
    /// The document is removed from every store.
    Delete,
}

impl Change {
    fn word(self) -> &'static str {
        match self {
            Change::Put => "put",
            Change::Reload => "reload",
            Change::Delete => "delete",
        }
    }
}

pub struct Journal {
    file: std::fs::File,
    changes: BTreeMap<String, Change>,
}

impl Journal {
    pub fn begin(stores: &Stores) -> anyhow::Result<Journal> {
        std::fs::create_dir_all(pending_dir(stores))?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path(stores))?;
        Ok(Journal {
            file,
            changes: BTreeMap::new(),
        })
    }

    /// Record that `doc_id` is about to change in graph or index.
    pub fn touch(&mut self, doc_id: &str, change: Change) -> anyhow::Result<()> {
        writeln!(self.file, "{} {doc_id}", change.word())?;
        self.file.sync_data()?;
        self.changes.insert(doc_id.to_string(), change);
        Ok(())
    }

    /// Stage the archive record of a new version (after [`Journal::touch`]).
    pub fn stage(&self, stores: &Stores, rec: &Record) -> anyhow::Result<()> {
        let bytes = serde_json::to_vec(rec)?;
        graph::docs::write_atomic(&staged(stores, &rec.doc.id), &bytes)?;
        Ok(())
    }

    /// Graph and index are durable: mark the batch committed, then bring the archive and
    /// vectors up to it.
    pub fn commit(&mut self, stores: &Stores) -> anyhow::Result<()> {
        writeln!(self.file, "commit")?;
        self.file.sync_data()?;
        roll_forward(stores, &self.changes)
    }
}

/// What recovery did on open.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Recovery {
    /// Documents of a committed batch whose archive records were moved in.
    pub rolled_forward: usize,
    /// Documents of an uncommitted batch set back to their archived version (or removed).
    pub rolled_back: usize,
}

/// The journal of an interrupted batch, if any: its changes and whether it committed.
pub fn pending(stores: &Stores) -> Option<(BTreeMap<String, Change>, bool)> {
    let text = std::fs::read_to_string(path(stores)).ok()?;
    let mut changes = BTreeMap::new();
    let mut committed = false;
    for line in text.lines().map(str::trim) {
        if line == "commit" {
            committed = true;
            continue;
        }
        // A bare id is a journal written before changes had names: a put.
        let (word, id) = line.split_once(' ').unwrap_or(("put", line));
        let change = match word {
            "reload" => Change::Reload,
            "delete" => Change::Delete,
            _ => Change::Put,
        };
        if graph::docs::is_id(id) {
            changes.insert(id.to_string(), change);
        }
    }
    Some((changes, committed))
}

/// Complete or undo an interrupted batch (idempotent: a crash during recovery is recovered
/// by the next open).
pub fn recover(stores: &Stores) -> anyhow::Result<Recovery> {
    if pending(stores).is_none() {
        return Ok(Recovery::default());
    }
    recover_with(stores, &mut stores.fulltext.writer()?)
}

/// [`recover`] with the index writer already open (a failed batch undoing itself; its
/// uncommitted index changes must have been rolled back).
pub fn recover_with(stores: &Stores, writer: &mut index::IndexWriter) -> anyhow::Result<Recovery> {
    let Some((changes, committed)) = pending(stores) else {
        return Ok(Recovery::default());
    };
    if committed {
        roll_forward(stores, &changes)?;
        return Ok(Recovery {
            rolled_forward: changes.len(),
            ..Recovery::default()
        });
    }
    roll_back(stores, &changes, writer)?;
    Ok(Recovery {
        rolled_back: changes.len(),
        ..Recovery::default()
    })
}

/// Staged records into the archive, deletions out of it, the changed documents' vectors
/// dropped (their texts changed); then forget the batch.
fn roll_forward(stores: &Stores, changes: &BTreeMap<String, Change>) -> anyhow::Result<()> {
    for (id, change) in changes {
        match change {
            Change::Put => {
                let from = staged(stores, id);
                if from.exists() {
                    stores.docs.adopt(id, &from)?;
                }
            }
            Change::Delete => stores.docs.delete(id)?,
            Change::Reload => {}
        }
    }
    drop_vectors(
        stores,
        changes
            .iter()
            .filter(|(_, c)| **c != Change::Reload)
            .map(|(id, _)| id.as_str()),
    )?;
    finish(stores)
}

/// Graph and index of every journaled document set back to its archived version.
fn roll_back(
    stores: &Stores,
    changes: &BTreeMap<String, Change>,
    writer: &mut index::IndexWriter,
) -> anyhow::Result<()> {
    let mut gone = Vec::new();
    for id in changes.keys() {
        let g = graph::ns::doc_graph(id);
        stores.fulltext.delete_doc(writer, id);
        match stores.docs.get(id)? {
            Some(rec) => {
                stores
                    .graph
                    .replace_graph(&g, &graph::rdf::document_quads(&rec.doc, &rec.extraction))?;
                for item in items(&rec.doc, &rec.extraction) {
                    stores.fulltext.add(writer, &item)?;
                }
            }
            None => {
                stores.graph.remove_graph(&g)?;
                gone.push(id.as_str());
            }
        }
    }
    writer.commit()?;
    stores.fulltext.reload()?;
    drop_vectors(stores, gone.into_iter())?;
    finish(stores)
}

fn drop_vectors<'a>(stores: &Stores, ids: impl Iterator<Item = &'a str>) -> anyhow::Result<()> {
    let ids: std::collections::HashSet<&str> = ids.collect();
    if ids.is_empty() {
        return Ok(());
    }
    {
        let mut v = stores.vectors.write().unwrap_or_else(|e| e.into_inner());
        // Item ids are the document id, a dash, and the item's own part.
        let stale: Vec<String> = v
            .ids()
            .iter()
            .filter(|i| ids.contains(i.split('-').next().unwrap_or_default()))
            .cloned()
            .collect();
        for s in stale {
            v.remove(&s);
        }
    }
    stores.save_vectors()
}

/// The batch is settled: remove its staging area, then its journal (last, so that a crash
/// before this point settles it again).
fn finish(stores: &Stores) -> anyhow::Result<()> {
    match std::fs::remove_dir_all(pending_dir(stores)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    match std::fs::remove_file(path(stores)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    stores.invalidate();
    Ok(())
}
