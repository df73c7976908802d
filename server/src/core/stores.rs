//! The store set of a data directory: archive, graph, full-text index, vectors, and the
//! cache of document briefs read from the archive.

use graph::{DocStore, GraphStore};
use index::embed::VectorStore;
use index::FullText;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

pub struct Stores {
    pub data_dir: PathBuf,
    pub docs: DocStore,
    pub graph: GraphStore,
    pub fulltext: FullText,
    pub vectors: RwLock<VectorStore>,
    /// Document briefs (summary, cases, paths), read once from the archive and dropped when
    /// an ingest changes it. Full records are read one at a time, never all at once.
    briefs: RwLock<Option<Arc<Vec<graph::Brief>>>>,
}

impl Stores {
    pub fn new(
        data_dir: &Path,
        graph: GraphStore,
        fulltext: FullText,
        vectors: VectorStore,
    ) -> anyhow::Result<Stores> {
        Ok(Stores {
            data_dir: data_dir.to_path_buf(),
            docs: DocStore::open(&data_dir.join("docs"))?,
            graph,
            fulltext,
            vectors: RwLock::new(vectors),
            briefs: RwLock::new(None),
        })
    }

    pub fn vectors_path(&self) -> PathBuf {
        self.data_dir.join("vectors.bin")
    }

    /// The briefs of all stored documents (cached).
    pub fn briefs(&self) -> anyhow::Result<Arc<Vec<graph::Brief>>> {
        if let Some(r) = self
            .briefs
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return Ok(r.clone());
        }
        // One caller reads the archive while the others wait for it: concurrent first
        // requests each holding their own copy would multiply the memory (at 100× the seed
        // corpus, 16 at once reached 10 GiB).
        let mut slot = self.briefs.write().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = slot.as_ref() {
            return Ok(r.clone());
        }
        let all = Arc::new(self.docs.briefs()?);
        *slot = Some(all.clone());
        Ok(all)
    }

    /// Forget cached briefs (after the archive changed).
    pub fn invalidate(&self) {
        *self.briefs.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub fn save_vectors(&self) -> anyhow::Result<()> {
        let v = self.vectors.read().unwrap_or_else(|e| e.into_inner());
        Ok(v.save(&self.vectors_path())?)
    }

    pub fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.docs.ids()?.is_empty())
    }
}
