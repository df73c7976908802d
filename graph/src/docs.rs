//! The document archive: one JSON file per parsed document (and its extraction), written
//! atomically (temp file + rename), so a crash never leaves half a file.

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

pub struct DocStore {
    dir: PathBuf,
}

impl DocStore {
    pub fn open(dir: &Path) -> anyhow::Result<DocStore> {
        std::fs::create_dir_all(dir)?;
        Ok(DocStore {
            dir: dir.to_path_buf(),
        })
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    pub fn put(&self, rec: &Record) -> anyhow::Result<()> {
        write_atomic(&self.path(&rec.doc.id), &serde_json::to_vec(rec)?)
    }

    pub fn get(&self, id: &str) -> anyhow::Result<Option<Record>> {
        if !is_id(id) {
            return Ok(None); // never build paths from arbitrary input
        }
        match std::fs::read(self.path(id)) {
            Ok(b) => Ok(Some(serde_json::from_slice(&b)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub fn delete(&self, id: &str) -> anyhow::Result<()> {
        if !is_id(id) {
            return Ok(());
        }
        match std::fs::remove_file(self.path(id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    pub fn ids(&self) -> anyhow::Result<Vec<String>> {
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

    pub fn all(&self) -> anyhow::Result<Vec<Record>> {
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

pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}
