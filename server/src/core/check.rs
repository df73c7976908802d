//! `gongchuang check`: do archive, graph, index and vectors agree?

use crate::core::app::App;
use std::collections::BTreeSet;

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
    let archive: BTreeSet<String> = app.stores.docs.ids()?.into_iter().collect();
    let graph: BTreeSet<String> = app.stores.graph.doc_ids()?.into_iter().collect();
    let index: BTreeSet<String> = app.stores.fulltext.doc_ids()?.into_keys().collect();
    let diff = |a: &BTreeSet<String>, b: &BTreeSet<String>, c: &BTreeSet<String>| -> Vec<String> {
        a.iter()
            .filter(|x| !b.contains(*x) || !c.contains(*x))
            .cloned()
            .collect()
    };
    let wanted: BTreeSet<String> = crate::core::vectors::embeddable(app)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let v = app.stores.vectors.read().unwrap_or_else(|e| e.into_inner());
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
