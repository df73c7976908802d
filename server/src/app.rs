//! The application: data directory with its stores, opened once and shared.

use corpus::extract::Knowledge;
use graph::{DocStore, GraphStore};
use index::FullText;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct App {
    pub data_dir: PathBuf,
    pub docs: DocStore,
    pub graph: GraphStore,
    pub fulltext: FullText,
    pub kb: Knowledge,
    /// Serialises writers (ingest) inside one process.
    pub write_lock: Mutex<()>,
}

impl App {
    pub fn open(data_dir: &Path) -> anyhow::Result<App> {
        std::fs::create_dir_all(data_dir)?;
        let kb = Knowledge::bundled()?;
        let words: Vec<String> = (0..kb.thesaurus.concepts.len())
            .flat_map(|i| kb.thesaurus.labels(i).map(String::from).collect::<Vec<_>>())
            .collect();
        let app = App {
            data_dir: data_dir.to_path_buf(),
            docs: DocStore::open(&data_dir.join("docs"))?,
            graph: GraphStore::open(&data_dir.join("graph"))?,
            fulltext: FullText::open(&data_dir.join("index"), &words)?,
            kb,
            write_lock: Mutex::new(()),
        };
        app.load_reference_graphs()?;
        Ok(app)
    }

    /// Ontology, thesaurus and gazetteer graphs, loaded once into a new store.
    fn load_reference_graphs(&self) -> anyhow::Result<()> {
        use graph::ns;
        if !self.graph.has_graph(&ns::ontology_graph())? {
            self.graph.load_turtle(&ns::ontology_graph(), ns::ONTOLOGY)?;
        }
        if !self.graph.has_graph(&ns::thesaurus_graph())? {
            self.graph
                .load_turtle(&ns::thesaurus_graph(), corpus::extract::thesaurus::BUNDLED_TTL)?;
        }
        if !self.graph.has_graph(&ns::gazetteer_graph())? {
            let quads = graph::rdf::gazetteer_quads(&self.kb.gazetteer);
            self.graph.replace_graph(&ns::gazetteer_graph(), &quads)?;
        }
        Ok(())
    }

    pub fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.docs.ids()?.is_empty())
    }
}
