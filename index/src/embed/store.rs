//! Exact in-memory vector search and a persistent cache of passage vectors.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::error::{bail, ensure, Context, Result};
use sha2::{Digest, Sha256};

use super::embedder::{dot, Embedder};
use super::hnsw::Hnsw;
use super::pack::write_atomic;

const STORE_MAGIC: &[u8; 8] = b"GCVSTOR1";
const CACHE_MAGIC: &[u8; 8] = b"GCVCACH1";

/// Exact search scans every row; from this many rows on, an HNSW graph answers instead.
pub const ANN_MIN_ROWS: usize = 100_000;
/// Rows scored side by side by the exact scan.
const ROWS_AT_ONCE: usize = 8;
/// Beam width of approximate search (recall over speed: the fusion wants ~200 candidates).
const ANN_EF: usize = 256;

/// Ids and their vectors in one row-major matrix. Search is an exact scan (dot products, which
/// are cosines for the normalised vectors an `Embedder` returns) up to `ANN_MIN_ROWS` rows, an
/// HNSW graph over the same rows beyond.
#[derive(Clone, Debug, Default)]
pub struct VectorStore {
    dim: usize,
    ids: Vec<String>,
    data: Vec<f32>,
    rows: HashMap<String, usize>,
    ann: Option<Hnsw>,
    ann_min: usize,
}

impl VectorStore {
    pub fn new(dim: usize) -> Self {
        Self {
            dim,
            ann_min: ANN_MIN_ROWS,
            ..Default::default()
        }
    }

    /// Switches to approximate search from `rows` rows on (tests use small numbers).
    pub fn with_ann_min(mut self, rows: usize) -> Self {
        self.ann_min = rows;
        self.maybe_build_ann();
        self
    }

    /// Whether searches go through the HNSW graph.
    pub fn is_approximate(&self) -> bool {
        self.ann.is_some()
    }

    fn maybe_build_ann(&mut self) {
        if self.len() < self.ann_min.max(1) {
            self.ann = None;
            return;
        }
        let mut ann = Hnsw::default();
        for r in 0..self.len() {
            ann.insert(&self.ids[r], self.row(r), &|id| self.get(id));
        }
        self.ann = Some(ann);
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    pub fn get(&self, id: &str) -> Option<&[f32]> {
        self.rows.get(id).map(|&r| self.row(r))
    }

    fn row(&self, r: usize) -> &[f32] {
        &self.data[r * self.dim..(r + 1) * self.dim]
    }

    /// Adds `id`, replacing its vector if it is already there.
    pub fn add(&mut self, id: impl Into<String>, v: &[f32]) -> Result<()> {
        ensure!(
            v.len() == self.dim,
            "vector has {} dims, store has {}",
            v.len(),
            self.dim
        );
        let id = id.into();
        if let Some(&r) = self.rows.get(&id) {
            self.data[r * self.dim..(r + 1) * self.dim].copy_from_slice(v);
        } else {
            self.rows.insert(id.clone(), self.ids.len());
            self.ids.push(id.clone());
            self.data.extend_from_slice(v);
        }
        match self.ann.take() {
            Some(mut ann) => {
                ann.insert(&id, v, &|i| self.get(i));
                self.ann = Some(ann);
            }
            None if self.len() == self.ann_min => self.maybe_build_ann(),
            None => {}
        }
        Ok(())
    }

    /// Removes `id` (the last row moves into its place); false if it was not there.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(r) = self.rows.remove(id) else {
            return false;
        };
        let last = self.ids.len() - 1;
        if r != last {
            let (d, src) = (self.dim, last * self.dim);
            self.data.copy_within(src..src + d, r * d);
            self.ids.swap(r, last);
            self.rows.insert(self.ids[r].clone(), r);
        }
        self.ids.pop();
        self.data.truncate(last * self.dim);
        if let Some(ann) = &mut self.ann {
            ann.remove(id);
            if ann.garbage() > 0.25 {
                self.maybe_build_ann();
            }
        }
        true
    }

    /// The `k` best rows by dot product with `query`, best first.
    pub fn search(&self, query: &[f32], k: usize) -> Vec<(String, f32)> {
        if query.len() != self.dim || k == 0 {
            return Vec::new();
        }
        if let Some(ann) = &self.ann {
            return ann.search(query, k, ANN_EF.max(k), &|id| self.get(id));
        }
        let mut scored: Vec<(usize, f32)> = self.dots(query).into_iter().enumerate().collect();
        let by_score = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if k < scored.len() {
            scored.select_nth_unstable_by(k, by_score);
            scored.truncate(k);
        }
        scored.sort_by(by_score);
        scored
            .into_iter()
            .map(|(r, s)| (self.ids[r].clone(), s))
            .collect()
    }

    /// Every row's id and dot product with `query`, in row order (exact, also with an HNSW
    /// graph): for callers that want all of them and no ranking.
    pub fn scores(&self, query: &[f32]) -> impl Iterator<Item = (&str, f32)> {
        let dots = if query.len() == self.dim {
            self.dots(query)
        } else {
            Vec::new()
        };
        self.ids.iter().map(String::as_str).zip(dots)
    }

    /// `dot(row, query)` of every row. Rows go through in groups of `ROWS_AT_ONCE`: each
    /// sum still adds in `dot`'s order (the same bits), but the groups' adds do not wait on
    /// each other, which a single sum does at every step.
    fn dots(&self, query: &[f32]) -> Vec<f32> {
        let d = self.dim;
        if d == 0 {
            return vec![dot(&[], query); self.len()];
        }
        let mut out = Vec::with_capacity(self.len());
        let groups = self.data.chunks_exact(d * ROWS_AT_ONCE);
        let rest = groups.remainder();
        for g in groups {
            let rows: [&[f32]; ROWS_AT_ONCE] = std::array::from_fn(|i| &g[i * d..(i + 1) * d]);
            let mut acc = [-0.0f32; ROWS_AT_ONCE];
            for (e, &q) in query.iter().enumerate() {
                for (a, row) in acc.iter_mut().zip(&rows) {
                    *a += row[e] * q;
                }
            }
            out.extend(acc);
        }
        out.extend(rest.chunks_exact(d).map(|row| dot(row, query)));
        out
    }

    /// Writes the store to `path` via a temporary file and a rename, so readers never see half.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut b = Vec::with_capacity(24 + self.data.len() * 4 + self.ids.len() * 24);
        b.extend_from_slice(STORE_MAGIC);
        b.extend_from_slice(&(self.dim as u32).to_le_bytes());
        b.extend_from_slice(&(self.ids.len() as u64).to_le_bytes());
        for id in &self.ids {
            put_str(&mut b, id);
        }
        self.data
            .iter()
            .for_each(|x| b.extend_from_slice(&x.to_le_bytes()));
        write_atomic(path, &b)
    }

    pub fn load(path: &Path) -> Result<Self> {
        let bytes = read_with_magic(path, STORE_MAGIC, "vector store")?;
        let mut r = Reader(&bytes[8..]);
        let dim = r.u32()? as usize;
        let n = r.u64()? as usize;
        // Rows go in first and the graph is built once, not row by row.
        let mut s = Self::new(dim).with_ann_min(usize::MAX);
        let ids = (0..n).map(|_| r.str()).collect::<Result<Vec<_>>>()?;
        let data = r.f32s(n * dim)?;
        ensure!(r.0.is_empty(), "trailing bytes in {}", path.display());
        for (i, id) in ids.into_iter().enumerate() {
            s.add(id, &data[i * dim..(i + 1) * dim])?;
        }
        Ok(s.with_ann_min(ANN_MIN_ROWS))
    }
}

/// The bytes of `path`, which must start with `magic`.
fn read_with_magic(path: &Path, magic: &[u8; 8], what: &str) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    ensure!(
        bytes.starts_with(magic),
        "{} is not a {what}",
        path.display()
    );
    Ok(bytes)
}

/// SHA-256 of the exact text: the cache key of a passage.
pub fn text_hash(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Vectors keyed by (model id, SHA-256 of the exact passage text), so vectors computed once (or
/// shipped with the bundled corpus) are reused, and those of another model are never mixed in.
#[derive(Clone, Debug, Default)]
pub struct VectorCache {
    models: BTreeMap<String, HashMap<[u8; 32], Vec<f32>>>,
}

impl VectorCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of vectors over all models.
    pub fn len(&self) -> usize {
        self.models.values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, model_id: &str, text: &str) -> Option<&[f32]> {
        self.models
            .get(model_id)?
            .get(&text_hash(text))
            .map(Vec::as_slice)
    }

    pub fn insert(&mut self, model_id: &str, text: &str, v: Vec<f32>) {
        self.models
            .entry(model_id.to_string())
            .or_default()
            .insert(text_hash(text), v);
    }

    /// Adds every vector of `other` (its own where both hold a text).
    pub fn extend(&mut self, other: &VectorCache) {
        for (model, vs) in &other.models {
            let mine = self.models.entry(model.clone()).or_default();
            for (k, v) in vs {
                mine.insert(*k, v.clone());
            }
        }
    }

    /// Drops the vectors of every other model.
    pub fn retain_model(&mut self, model_id: &str) {
        self.models.retain(|m, _| m == model_id);
    }

    /// Passage vectors from the cache, embedding (and caching) only the missing texts.
    pub fn embed_passages(&mut self, e: &dyn Embedder, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let mut seen = std::collections::HashSet::new();
        let missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| self.get(e.id(), t).is_none() && seen.insert(*t))
            .collect();
        if !missing.is_empty() {
            for (t, v) in missing.iter().zip(e.embed_passages(&missing)?) {
                self.insert(e.id(), t, v);
            }
        }
        Ok(texts
            .iter()
            .map(|t| self.get(e.id(), t).map(<[f32]>::to_vec).unwrap_or_default())
            .collect())
    }

    /// Writes the cache atomically; entries sorted so the same content gives the same bytes.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut b = Vec::new();
        b.extend_from_slice(CACHE_MAGIC);
        b.extend_from_slice(&(self.models.len() as u32).to_le_bytes());
        for (model, vecs) in &self.models {
            let dim = vecs.values().next().map_or(0, Vec::len);
            ensure!(
                vecs.values().all(|v| v.len() == dim),
                "mixed dimensions for {model}"
            );
            put_str(&mut b, model);
            b.extend_from_slice(&(dim as u32).to_le_bytes());
            b.extend_from_slice(&(vecs.len() as u64).to_le_bytes());
            let mut keys: Vec<&[u8; 32]> = vecs.keys().collect();
            keys.sort();
            for k in keys {
                b.extend_from_slice(k);
                vecs[k]
                    .iter()
                    .for_each(|x| b.extend_from_slice(&x.to_le_bytes()));
            }
        }
        write_atomic(path, &b)
    }

    pub fn load(path: &Path) -> Result<Self> {
        let bytes = read_with_magic(path, CACHE_MAGIC, "vector cache")?;
        let mut r = Reader(&bytes[8..]);
        let mut c = Self::new();
        for _ in 0..r.u32()? {
            let model = r.str()?;
            let dim = r.u32()? as usize;
            let n = r.u64()? as usize;
            let m = c.models.entry(model).or_default();
            for _ in 0..n {
                let k: [u8; 32] = r.take(32)?.try_into()?;
                m.insert(k, r.f32s(dim)?);
            }
        }
        ensure!(r.0.is_empty(), "trailing bytes in {}", path.display());
        Ok(c)
    }
}

fn put_str(b: &mut Vec<u8>, s: &str) {
    b.extend_from_slice(&(s.len() as u32).to_le_bytes());
    b.extend_from_slice(s.as_bytes());
}

/// Little-endian reader over a byte slice that fails cleanly on truncated input.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.0.len() {
            bail!("file is truncated");
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into()?))
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into()?))
    }

    fn str(&mut self) -> Result<String> {
        let n = self.u32()? as usize;
        Ok(String::from_utf8(self.take(n)?.to_vec())?)
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f32>> {
        let bytes = self.take(n.checked_mul(4).context("size overflow")?)?;
        Ok(super::weights::f32s(bytes))
    }
}
