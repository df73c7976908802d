//! The document archive: one JSON file per parsed document (and its extraction), written
//! atomically (temp file + rename), so a crash never leaves half a file.

use crate::error::Result;
use corpus::Document;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What is archived for one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub doc: Document,
    pub extraction: corpus::extract::Extraction,
    /// The document's input text as read (for the source view), starting at
    /// `source_first_line` of `doc.file`.
    #[serde(default)]
    pub source_text: String,
    #[serde(default)]
    pub source_first_line: u32,
}

/// What the read paths keep in memory for every document: its summary fields, cases and
/// paths. Read from the archive skipping the rest (passages, source text, concepts: three
/// quarters of a record), so the cache of all of them stays small as the corpus grows.
#[derive(Debug, Clone, Deserialize)]
pub struct Brief {
    pub doc: DocBrief,
    pub extraction: CasesBrief,
}

/// The listing fields, declared once in `corpus` (`Document::summary` makes the same).
pub type DocBrief = corpus::model::DocSummary;

#[derive(Debug, Clone, Deserialize)]
pub struct CasesBrief {
    pub cases: Vec<corpus::extract::Case>,
    pub paths: Vec<corpus::extract::Path>,
}

pub struct DocStore {
    dir: PathBuf,
}

impl DocStore {
    pub fn open(dir: &Path) -> Result<DocStore> {
        std::fs::create_dir_all(dir)?;
        Ok(DocStore {
            dir: dir.to_path_buf(),
        })
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    pub fn put(&self, rec: &Record) -> Result<()> {
        write_atomic(&self.path(&rec.doc.id), &serde_json::to_vec(rec)?)
    }

    /// Move a record written elsewhere (a staged new version) into the archive, replacing
    /// the archived one in one rename.
    pub fn adopt(&self, id: &str, staged: &Path) -> Result<()> {
        if !is_id(id) {
            return Ok(());
        }
        std::fs::rename(staged, self.path(id))?;
        Ok(())
    }

    pub fn get(&self, id: &str) -> Result<Option<Record>> {
        if !is_id(id) {
            return Ok(None); // never build paths from arbitrary input
        }
        match std::fs::read(self.path(id)) {
            Ok(b) => Ok(Some(serde_json::from_slice(&b)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub fn delete(&self, id: &str) -> Result<()> {
        if !is_id(id) {
            return Ok(());
        }
        match std::fs::remove_file(self.path(id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    pub fn ids(&self) -> Result<Vec<String>> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".json")
                    .map(String::from)
            })
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// The brief of every stored document, in id order.
    pub fn briefs(&self) -> Result<Vec<Brief>> {
        let mut out = Vec::new();
        for id in self.ids()? {
            match std::fs::read(self.path(&id)) {
                Ok(b) => out.push(serde_json::from_slice(&b)?),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(out)
    }

    pub fn all(&self) -> Result<Vec<Record>> {
        self.ids()?
            .iter()
            .filter_map(|id| self.get(id).transpose())
            .collect()
    }
}

/// Document ids are `d` + 12 hex digits.
pub fn is_id(id: &str) -> bool {
    id.len() == 13 && id.starts_with('d') && id[1..].chars().all(|c| c.is_ascii_hexdigit())
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brief_summary_matches_the_document() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocStore::open(dir.path()).unwrap();
        let src = corpus::Source {
            name: "城市更新案例_张三.txt".into(),
            file: "f.txt".into(),
            first_line: 1,
            text: "城市更新案例\n\n张三\n\n一、背景\n\n某市老旧小区改造，居民参与议事协商。\n\n二、做法\n\n街道搭建平台，社会资本参与运营。\n".into(),
            encoding: "UTF-8".into(),
        };
        let doc = corpus::parse(&src);
        let kb = corpus::extract::Knowledge::bundled().unwrap();
        let extraction = corpus::extract::extract(&doc, &kb);
        let rec = Record {
            doc,
            extraction,
            source_text: src.text.clone(),
            source_first_line: 1,
        };
        store.put(&rec).unwrap();
        let briefs = store.briefs().unwrap();
        assert_eq!(briefs.len(), 1);
        assert!(briefs[0].doc.passages > 0);
        assert_eq!(briefs[0].doc, rec.doc.summary());
        assert_eq!(briefs[0].extraction.cases, rec.extraction.cases);
        assert_eq!(briefs[0].extraction.paths, rec.extraction.paths);
    }
}
