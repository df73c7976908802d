//! Dense sentence embeddings: a BERT encoder on int8 kernels or candle (`BertEmbedder`), the
//! packer that makes the small shipped model from a full teacher checkpoint (`pack`), an exact
//! vector store with a cache of precomputed passage vectors (`VectorStore`, `VectorCache`), and
//! the encoder bench (`bench`).

pub mod bench;
mod bert;
mod encoder;
mod gemm;
mod hnsw;
mod lru;
mod pack;
mod simd;
mod store;
mod weights;

use std::path::{Path, PathBuf};

pub use bert::{BertEmbedder, Kernel, Pooling, Settings, KERNEL_ENV};
pub use lru::Lru;
pub use pack::{pack, pack_with, PackOptions, PackReport};
pub use simd::Simd;
pub use store::{text_hash, VectorCache, VectorStore};

/// A text encoder producing L2-normalised vectors; cosine similarity is a dot product.
pub trait Embedder: Send + Sync {
    /// Identifies the model (name + hash of its config and file sizes), so cached vectors made
    /// by another model can be told apart and dropped.
    fn id(&self) -> &str;
    fn dim(&self) -> usize;
    /// Vectors for passages (documents), in input order.
    fn embed_passages(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>>;
    /// Vector for a search query.
    fn embed_query(&self, text: &str) -> anyhow::Result<Vec<f32>>;
}

/// Where the model is: `$GONGCHUANG_MODEL`, else `<exe dir>/model`, else
/// `<exe dir>/../../index/model`, else this crate's `model/` directory if it still exists.
pub fn default_model_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GONGCHUANG_MODEL") {
        return Some(PathBuf::from(dir));
    }
    let is_model = |d: &Path| d.join("config.json").is_file();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        for d in [exe_dir.join("model"), exe_dir.join("../../index/model")] {
            if is_model(&d) {
                return Some(d);
            }
        }
    }
    let built_in = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/model"));
    is_model(&built_in).then_some(built_in)
}

/// Scales `v` to unit length (leaves an all-zero vector alone).
pub fn l2_normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Dot product; the cosine for normalised vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
