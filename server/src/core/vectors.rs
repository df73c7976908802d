//! Dense vectors for passages and cases: computed after ingest (in the background when
//! serving), reusing a cache keyed by model and exact text, so that the bundled corpus's
//! shipped vectors make a first start fast.

use crate::core::app::App;
use index::embed::VectorCache;
use std::sync::atomic::Ordering;

/// Texts that get a vector: every passage and case of every stored document. Reads the
/// archive one record at a time, so that only the texts are held.
pub fn embeddable(app: &App) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for id in app.stores.docs.ids()? {
        let Some(r) = app.stores.docs.get(&id)? else {
            continue;
        };
        for item in crate::core::items::items(&r.doc, &r.extraction) {
            if item.kind != "document" {
                out.push((item.id, item.text));
            }
        }
    }
    Ok(out)
}

/// Vectors added to the store by `embed_missing`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    pub computed: usize,
    /// Read from a vector cache (the bundled one, `--vector-cache`) rather than computed.
    pub from_cache: usize,
}

/// Compute the missing vectors, drop the stale ones, save.
pub fn embed_missing(
    app: &App,
    progress: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<Added> {
    let Some(embedder) = app.embedder.as_ref() else {
        return Ok(Added::default());
    };
    let wanted = embeddable(app)?;
    let wanted_ids: std::collections::HashSet<&str> =
        wanted.iter().map(|(id, _)| id.as_str()).collect();
    let missing: Vec<&(String, String)> = {
        let v = app.stores.vectors.read().unwrap_or_else(|e| e.into_inner());
        wanted
            .iter()
            .filter(|(id, _)| v.get(id).is_none())
            .collect()
    };
    {
        let mut v = app
            .stores
            .vectors
            .write()
            .unwrap_or_else(|e| e.into_inner());
        let stale: Vec<String> = v
            .ids()
            .iter()
            .filter(|id| !wanted_ids.contains(id.as_str()))
            .cloned()
            .collect();
        for id in stale {
            v.remove(&id);
        }
    }
    app.embed_total.store(missing.len(), Ordering::Relaxed);
    app.embed_done.store(0, Ordering::Relaxed);
    if let Some(pb) = progress {
        pb.set_length(missing.len() as u64);
    }
    let mut cache = app.vector_cache.lock().unwrap_or_else(|e| e.into_inner());
    let mut from_cache = 0;
    for chunk in missing.chunks(64) {
        let texts: Vec<&str> = chunk.iter().map(|(_, t)| t.as_str()).collect();
        from_cache += texts
            .iter()
            .filter(|t| cache.get(embedder.id(), t).is_some())
            .count();
        let vecs = cache.embed_passages(embedder.as_ref(), &texts)?;
        let mut v = app
            .stores
            .vectors
            .write()
            .unwrap_or_else(|e| e.into_inner());
        for ((id, _), vec) in chunk.iter().zip(vecs) {
            v.add(id.clone(), &vec)?;
        }
        drop(v);
        app.embed_done.fetch_add(chunk.len(), Ordering::Relaxed);
        if let Some(pb) = progress {
            pb.inc(chunk.len() as u64);
        }
    }
    app.stores.save_vectors()?;
    Ok(Added {
        computed: missing.len() - from_cache,
        from_cache,
    })
}

/// Write the stored vectors, keyed by model and text, to a cache file (to ship with the
/// bundled corpus). Computes what is missing first.
pub fn write_cache(app: &App, path: &std::path::Path) -> anyhow::Result<usize> {
    let Some(embedder) = app.embedder.as_ref() else {
        anyhow::bail!("no embedding model loaded");
    };
    embed_missing(app, None)?;
    let fresh = stored_cache(app, embedder.id())?;
    fresh.save(path)?;
    Ok(fresh.len())
}

/// A vector cache file (`vectors --write-cache`), its name in the error.
pub fn load_cache(path: &std::path::Path) -> anyhow::Result<VectorCache> {
    VectorCache::load(path)
        .map_err(|e| anyhow::anyhow!("reading the vector cache {}: {e:#}", path.display()))
}

/// The stored vectors as a cache keyed by `model_id` and text (nothing computed).
pub fn stored_cache(app: &App, model_id: &str) -> anyhow::Result<VectorCache> {
    let mut out = VectorCache::new();
    let v = app.stores.vectors.read().unwrap_or_else(|e| e.into_inner());
    for (id, text) in embeddable(app)? {
        if let Some(vec) = v.get(&id) {
            out.insert(model_id, &text, vec.to_vec());
        }
    }
    Ok(out)
}

/// Dense neighbours of a query among stored vectors (empty without a model).
pub fn neighbours(app: &App, q: &str, k: usize) -> Vec<(String, f32)> {
    let Some(embedder) = app.embedder.as_ref() else {
        return Vec::new();
    };
    let Ok(qv) = embedder.embed_query(q) else {
        return Vec::new();
    };
    app.stores
        .vectors
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .search(&qv, k)
}

/// Calls `each(id, cosine)` for every stored vector, in no particular order (nothing is
/// sorted or copied); nothing without a model.
pub fn each_cosine(app: &App, q: &str, mut each: impl FnMut(&str, f32)) {
    let Some(embedder) = app.embedder.as_ref() else {
        return;
    };
    let Ok(qv) = embedder.embed_query(q) else {
        return;
    };
    let v = app.stores.vectors.read().unwrap_or_else(|e| e.into_inner());
    v.scores(&qv).for_each(|(id, cos)| each(id, cos));
}
