//! Dense sentence embeddings: a BERT encoder on int8 kernels or candle (`BertEmbedder`), the
//! packer that makes the small shipped model from a full teacher checkpoint (`pack`), an exact
//! vector store with a cache of precomputed passage vectors (`VectorStore`, `VectorCache`), and
//! the encoder bench (`bench`).

pub mod bench;
mod bert;
mod checkpoint;
mod embedder;
mod encoder;
mod error;
mod gemm;
mod hnsw;
mod lru;
mod pack;
mod simd;
mod store;
mod tiles;
mod weights;

use std::path::{Path, PathBuf};

pub use bert::{BertEmbedder, Kernel, KERNEL_ENV};
pub use checkpoint::{Pooling, Settings};
pub use embedder::{dot, l2_normalize, Embedder};
pub use error::{EmbedError, Result};
pub use lru::Lru;
pub use pack::{pack, pack_with, PackOptions, PackReport};
pub use simd::Simd;
pub use store::{text_hash, VectorCache, VectorStore};

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
