//! The application: data directory with its stores, opened once and shared.

use corpus::extract::Knowledge;
use graph::{DocStore, GraphStore};
use index::embed::{BertEmbedder, Embedder, VectorCache, VectorStore};
use index::FullText;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, RwLock};

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
}

pub struct App {
    pub data_dir: PathBuf,
    pub docs: DocStore,
    pub graph: GraphStore,
    pub fulltext: FullText,
    pub kb: Knowledge,
    /// Serialises writers (ingest) inside one process.
    pub write_lock: Mutex<()>,
    pub embedder: Option<Arc<dyn Embedder>>,
    pub vectors: RwLock<VectorStore>,
    pub vector_cache: Mutex<VectorCache>,
    /// Document briefs (summary, cases, paths), read once from the archive and dropped when
    /// an ingest changes it. Full records are read one at a time, never all at once.
    briefs: RwLock<Option<Arc<Vec<graph::Brief>>>>,
    /// Progress of background embedding.
    pub embed_total: AtomicUsize,
    pub embed_done: AtomicUsize,
}

impl App {
    pub fn open(data_dir: &Path) -> anyhow::Result<App> {
        App::open_with(data_dir, &Options::default())
    }

    pub fn open_with(data_dir: &Path, opts: &Options) -> anyhow::Result<App> {
        std::fs::create_dir_all(data_dir)?;
        let embedder: Option<Arc<dyn Embedder>> = if opts.no_embed {
            None
        } else {
            match opts.model.clone().or_else(index::embed::default_model_dir) {
                Some(dir) => Some(Arc::new(BertEmbedder::load(&dir)?)),
                None => {
                    tracing::warn!("no embedding model found: dense search is off");
                    None
                }
            }
        };
        let dim = embedder.as_ref().map_or(0, |e| e.dim());
        let vectors_path = data_dir.join("vectors.bin");
        let vectors = match VectorStore::load(&vectors_path) {
            Ok(v) if v.dim() == dim => v,
            _ => VectorStore::new(dim),
        };
        let mut cache =
            VectorCache::load(&crate::vectors::bundled_cache_path()).unwrap_or_default();
        if let Some(e) = &embedder {
            cache.retain_model(e.id());
        }
        let kb = Knowledge::bundled()?;
        let words: Vec<String> = (0..kb.thesaurus.concepts.len())
            .flat_map(|i| kb.thesaurus.labels(i).map(String::from).collect::<Vec<_>>())
            .collect();
        let app = App {
            data_dir: data_dir.to_path_buf(),
            docs: DocStore::open(&data_dir.join("docs"))?,
            graph: match &opts.graph_endpoint {
                Some(q) => GraphStore::remote(
                    q,
                    opts.graph_update_endpoint.as_deref(),
                    std::time::Duration::from_secs(60),
                )?,
                None => GraphStore::open(&data_dir.join("graph"))?,
            },
            fulltext: FullText::open(&data_dir.join("index"), &words)?,
            kb,
            write_lock: Mutex::new(()),
            embedder,
            briefs: RwLock::new(None),
            vectors: RwLock::new(vectors),
            vector_cache: Mutex::new(cache),
            embed_total: AtomicUsize::new(0),
            embed_done: AtomicUsize::new(0),
        };
        app.load_reference_graphs()?;
        let rolled_back = crate::journal::recover(&app)?;
        if rolled_back > 0 {
            tracing::warn!(
                documents = rolled_back,
                "an interrupted ingest was rolled back; re-run it to add those documents"
            );
        }
        Ok(app)
    }

    /// Ontology, thesaurus and gazetteer graphs, loaded once into a new store.
    fn load_reference_graphs(&self) -> anyhow::Result<()> {
        use graph::ns;
        if !self.graph.has_graph(&ns::ontology_graph())? {
            self.graph
                .load_turtle(&ns::ontology_graph(), ns::ONTOLOGY)?;
        }
        if !self.graph.has_graph(&ns::thesaurus_graph())? {
            self.graph.load_turtle(
                &ns::thesaurus_graph(),
                corpus::extract::thesaurus::BUNDLED_TTL,
            )?;
        }
        if !self.graph.has_graph(&ns::gazetteer_graph())? {
            let quads = graph::rdf::gazetteer_quads(&self.kb.gazetteer);
            self.graph.replace_graph(&ns::gazetteer_graph(), &quads)?;
        }
        Ok(())
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
        v.save(&self.data_dir.join("vectors.bin"))
    }

    pub fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.docs.ids()?.is_empty())
    }
}
