//! The application: data directory with its stores, opened once and shared.

use crate::core::stores::Stores;
use corpus::extract::Knowledge;
use graph::GraphStore;
use index::embed::{BertEmbedder, Embedder, VectorCache, VectorStore};
use index::FullText;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};

/// How to open the application.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Embedding model directory; None = the shipped default.
    pub model: Option<PathBuf>,
    /// No dense vectors at all (BM25 and graph only).
    pub no_embed: bool,
    /// Remote-store mode: the graph lives behind these SPARQL endpoints.
    pub graph_endpoint: Option<String>,
    pub graph_update_endpoint: Option<String>,
    /// Graph Store Protocol endpoint of the remote store (`graph::remote::Endpoints`).
    pub graph_store_endpoint: Option<String>,
    /// HTTP basic credentials for the remote store (user, password).
    pub remote_credentials: Option<(String, String)>,
    /// Open without writing: no reference graphs loaded, an interrupted ingest left as it
    /// is (`check` looks without changing anything).
    pub read_only: bool,
    /// Vectors known before opening, by model and text (another data dir's): the small
    /// corpora of `eval --dev` reuse the development corpus's instead of embedding again.
    pub warm_vectors: Option<Arc<VectorCache>>,
}

pub struct App {
    pub stores: Stores,
    pub kb: Knowledge,
    /// Serialises writers (ingest) inside one process.
    pub write_lock: Mutex<()>,
    pub embedder: Option<Arc<dyn Embedder>>,
    pub vector_cache: Mutex<VectorCache>,
    /// Progress of background embedding.
    pub embed_total: AtomicUsize,
    pub embed_done: AtomicUsize,
}

/// Vectors shipped for the bundled corpus (made by `gongchuang vectors --write-cache`).
pub fn bundled_cache_path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../corpus/data/seed-vectors.bin"
    ))
}

fn load_embedder(opts: &Options) -> anyhow::Result<Option<Arc<dyn Embedder>>> {
    if opts.no_embed {
        return Ok(None);
    }
    match opts.model.clone().or_else(index::embed::default_model_dir) {
        Some(dir) => Ok(Some(Arc::new(BertEmbedder::load(&dir)?))),
        None => {
            tracing::warn!("no embedding model found: dense search is off");
            Ok(None)
        }
    }
}

fn open_graph(data_dir: &Path, opts: &Options) -> anyhow::Result<GraphStore> {
    Ok(match &opts.graph_endpoint {
        Some(q) => GraphStore::remote(
            graph::remote::Endpoints {
                query: q.clone(),
                update: opts.graph_update_endpoint.clone(),
                graph_store: opts.graph_store_endpoint.clone(),
                credentials: opts.remote_credentials.clone(),
            },
            std::time::Duration::from_secs(60),
        )?,
        None => GraphStore::open(&data_dir.join("graph"))?,
    })
}

impl App {
    pub fn open(data_dir: &Path) -> anyhow::Result<App> {
        App::open_with(data_dir, &Options::default())
    }

    pub fn open_with(data_dir: &Path, opts: &Options) -> anyhow::Result<App> {
        std::fs::create_dir_all(data_dir)?;
        let embedder = load_embedder(opts)?;
        let dim = embedder.as_ref().map_or(0, |e| e.dim());
        let vectors = match VectorStore::load(&data_dir.join("vectors.bin")) {
            Ok(v) if v.dim() == dim => v,
            _ => VectorStore::new(dim),
        };
        let mut cache = VectorCache::load(&bundled_cache_path()).unwrap_or_default();
        if let Some(warm) = &opts.warm_vectors {
            cache.extend(warm);
        }
        if let Some(e) = &embedder {
            cache.retain_model(e.id());
        }
        let kb = Knowledge::bundled()?;
        let words: Vec<String> = (0..kb.thesaurus.concepts.len())
            .flat_map(|i| kb.thesaurus.labels(i).map(String::from).collect::<Vec<_>>())
            .collect();
        let index_dir = data_dir.join("index");
        let (fulltext, stale) = match FullText::open(&index_dir, &words) {
            // An index of an older schema is derived data: set aside, then refilled below.
            Err(index::IndexError::Stale(..)) if !opts.read_only => {
                std::fs::remove_dir_all(&index_dir)?;
                (FullText::open(&index_dir, &words)?, true)
            }
            other => (other?, false),
        };
        let stores = Stores::new(data_dir, open_graph(data_dir, opts)?, fulltext, vectors)?;
        let app = App {
            stores,
            kb,
            write_lock: Mutex::new(()),
            embedder,
            vector_cache: Mutex::new(cache),
            embed_total: AtomicUsize::new(0),
            embed_done: AtomicUsize::new(0),
        };
        if opts.read_only {
            return Ok(app);
        }
        app.load_reference_graphs()?;
        app.settle(stale)?;
        Ok(app)
    }

    /// Settle what an earlier process left: an interrupted ingest (journal), and a
    /// full-text index of an older schema (`stale`: set aside on open), refilled here.
    fn settle(&self, stale: bool) -> anyhow::Result<()> {
        let r = crate::core::journal::recover(&self.stores)?;
        if r.rolled_back > 0 {
            tracing::warn!(
                documents = r.rolled_back,
                "an interrupted ingest was rolled back to the archived versions; re-run it"
            );
        }
        if r.rolled_forward > 0 {
            tracing::warn!(
                documents = r.rolled_forward,
                "an interrupted ingest had committed; its archive records were moved in"
            );
        }
        if stale {
            let n = self.reindex()?;
            tracing::warn!(
                documents = n,
                "the full-text index was built by an older version: rebuilt from the archive"
            );
        }
        Ok(())
    }

    /// Refill the full-text index alone from the archive (an index of an older schema was
    /// set aside on open); graph and vectors are kept. Returns the documents indexed.
    fn reindex(&self) -> anyhow::Result<usize> {
        let _guard = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let stores = &self.stores;
        let mut writer = stores.fulltext.writer()?;
        writer.delete_all_documents()?;
        let mut n = 0;
        for id in stores.docs.ids()? {
            let Some(rec) = stores.docs.get(&id)? else {
                continue;
            };
            for item in crate::core::items::items(&rec.doc, &rec.extraction) {
                stores.fulltext.add(&writer, &item)?;
            }
            n += 1;
        }
        writer.commit()?;
        stores.fulltext.reload()?;
        stores.invalidate();
        Ok(n)
    }

    /// Ontology, thesaurus and gazetteer graphs, loaded into a store that lacks them (a new
    /// one, or one emptied by `DROP ALL`).
    pub fn load_reference_graphs(&self) -> anyhow::Result<()> {
        use graph::ns;
        let graph = &self.stores.graph;
        if !graph.has_graph(&ns::ontology_graph())? {
            graph.load_turtle(&ns::ontology_graph(), ns::ONTOLOGY)?;
        }
        if !graph.has_graph(&ns::thesaurus_graph())? {
            graph.load_turtle(
                &ns::thesaurus_graph(),
                corpus::extract::thesaurus::BUNDLED_TTL,
            )?;
        }
        if !graph.has_graph(&ns::gazetteer_graph())? {
            let quads = graph::rdf::gazetteer_quads(&self.kb.gazetteer);
            graph.replace_graph(&ns::gazetteer_graph(), &quads)?;
        }
        Ok(())
    }
}
