//! `gongchuang check`: do archive, graph, index and vectors agree, in presence and in
//! version? Looking changes nothing; [`repair`] rebuilds graph and index from the archive.

use crate::core::app::App;
use crate::core::items::items;
use std::collections::{BTreeMap, BTreeSet};

/// What `gongchuang check` reports.
#[derive(Debug, serde::Serialize)]
pub struct Check {
    pub consistent: bool,
    pub documents: usize,
    pub only_in_archive: Vec<String>,
    pub only_in_graph: Vec<String>,
    pub only_in_index: Vec<String>,
    /// In every store, but the graph holds another version (content hash) than the archive,
    /// or the index another number of items.
    pub other_version: Vec<String>,
    pub orphan_vectors: usize,
    /// Vectors not computed yet (not an inconsistency: `vectors` or `serve` computes them).
    pub missing_vectors: usize,
    /// Documents named by the journal of an interrupted ingest, not settled yet (the next
    /// open for writing settles them; `check` leaves them as they are).
    pub interrupted_ingest: Vec<String>,
}

/// What the archive says of each document: content hash and number of index items.
struct Archived {
    hash: BTreeMap<String, String>,
    items: BTreeMap<String, usize>,
    /// Ids of the items that get a vector.
    embeddable: BTreeSet<String>,
}

/// Reads the archive one record at a time.
fn archived(app: &App) -> anyhow::Result<Archived> {
    let mut a = Archived {
        hash: BTreeMap::new(),
        items: BTreeMap::new(),
        embeddable: BTreeSet::new(),
    };
    for id in app.stores.docs.ids()? {
        let Some(r) = app.stores.docs.get(&id)? else {
            continue;
        };
        let all = items(&r.doc, &r.extraction);
        a.items.insert(id.clone(), all.len());
        a.embeddable.extend(
            all.into_iter()
                .filter(|i| i.kind != "document")
                .map(|i| i.id),
        );
        a.hash.insert(id, r.doc.content_hash);
    }
    Ok(a)
}

pub fn check(app: &App) -> anyhow::Result<Check> {
    let a = archived(app)?;
    let archive: BTreeSet<String> = a.hash.keys().cloned().collect();
    let graph: BTreeSet<String> = app.stores.graph.doc_ids()?.into_iter().collect();
    let index_counts = app.stores.fulltext.doc_ids()?;
    let index: BTreeSet<String> = index_counts.keys().cloned().collect();
    let diff = |a: &BTreeSet<String>, b: &BTreeSet<String>, c: &BTreeSet<String>| -> Vec<String> {
        a.iter()
            .filter(|x| !b.contains(*x) || !c.contains(*x))
            .cloned()
            .collect()
    };
    let graph_hashes = app.stores.graph.doc_hashes()?;
    let other_version = a
        .hash
        .iter()
        .filter(|(id, _)| graph.contains(*id) && index.contains(*id))
        .filter(|(id, h)| {
            let graph_other = graph_hashes
                .as_ref()
                .is_some_and(|g| g.get(*id) != Some(*h));
            graph_other || index_counts.get(*id) != a.items.get(*id)
        })
        .map(|(id, _)| id.clone())
        .collect();
    let v = app.stores.vectors.read().unwrap_or_else(|e| e.into_inner());
    let have: BTreeSet<String> = v.ids().iter().cloned().collect();
    let orphan_vectors = have.difference(&a.embeddable).count();
    let missing_vectors = if app.embedder.is_some() {
        a.embeddable.difference(&have).count()
    } else {
        0
    };
    let interrupted_ingest = crate::core::journal::pending(&app.stores)
        .map(|(changes, _)| changes.into_keys().collect())
        .unwrap_or_default();
    let c = Check {
        documents: archive.len(),
        only_in_archive: diff(&archive, &graph, &index),
        only_in_graph: diff(&graph, &archive, &index),
        only_in_index: diff(&index, &archive, &graph),
        other_version,
        orphan_vectors,
        missing_vectors,
        interrupted_ingest,
        consistent: false,
    };
    let consistent = c.only_in_archive.is_empty()
        && c.only_in_graph.is_empty()
        && c.only_in_index.is_empty()
        && c.other_version.is_empty()
        && c.interrupted_ingest.is_empty()
        && orphan_vectors == 0;
    Ok(Check { consistent, ..c })
}

/// What [`repair`] did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Repair {
    /// Documents whose graph and index items were rewritten from the archive.
    pub rebuilt: usize,
    /// Document graphs without an archived record, removed.
    pub removed_graphs: usize,
    pub orphan_vectors_removed: usize,
}

/// Rebuild graph and index from the archive, the record of what was ingested: every
/// archived document's graph rewritten, graphs of documents not archived dropped, the
/// index refilled, vectors without a text dropped. Needs an app opened for writing (which
/// has settled any interrupted ingest).
pub fn repair(app: &App) -> anyhow::Result<Repair> {
    let _guard = app.write_lock.lock().unwrap_or_else(|e| e.into_inner());
    let stores = &app.stores;
    let mut r = Repair::default();
    let ids: BTreeSet<String> = stores.docs.ids()?.into_iter().collect();
    for g in stores.graph.doc_ids()? {
        if !ids.contains(&g) {
            stores.graph.remove_graph(&graph::ns::doc_graph(&g))?;
            r.removed_graphs += 1;
        }
    }
    let mut writer = stores.fulltext.writer()?;
    writer.delete_all_documents()?;
    let mut wanted = BTreeSet::new();
    for id in &ids {
        let Some(rec) = stores.docs.get(id)? else {
            continue;
        };
        let quads = graph::rdf::document_quads(&rec.doc, &rec.extraction);
        stores
            .graph
            .replace_graph(&graph::ns::doc_graph(id), &quads)?;
        for item in items(&rec.doc, &rec.extraction) {
            if item.kind != "document" {
                wanted.insert(item.id.clone());
            }
            stores.fulltext.add(&writer, &item)?;
        }
        r.rebuilt += 1;
    }
    stores.graph.flush()?;
    writer.commit()?;
    stores.fulltext.reload()?;
    {
        let mut v = stores.vectors.write().unwrap_or_else(|e| e.into_inner());
        let orphans: Vec<String> = v
            .ids()
            .iter()
            .filter(|i| !wanted.contains(*i))
            .cloned()
            .collect();
        r.orphan_vectors_removed = orphans.len();
        for i in orphans {
            v.remove(&i);
        }
    }
    stores.save_vectors()?;
    stores.invalidate();
    Ok(r)
}
