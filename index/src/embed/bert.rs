//! `BertEmbedder`: a BERT / XLM-R sentence encoder, on the int8 kernels of `encoder` (default)
//! or candle's f32 CPU backend (`Kernel::Candle`, the reference).

use std::path::Path;
use std::sync::Mutex;

use super::error::{Context, EmbedError, Result};
use candle_core::{DType, Device, IndexOp, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::BertModel;
use rayon::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokenizers::{Tokenizer, TruncationParams};

use super::checkpoint::{read_checkpoint, Pooling, Settings};
use super::embedder::{l2_normalize, Embedder};
use super::encoder::Int8Bert;
use super::lru::Lru;
use super::simd::Simd;

/// Most sequences per forward pass; long inputs get fewer (see `BATCH_TOKENS`). Small batches
/// measured fastest on CPU: the attention matrices (batch x heads x len²) stay in cache.
const BATCH_SIZE: usize = 8;
/// Most padded tokens per forward pass.
const BATCH_TOKENS: usize = 2048;
/// Most tokens per int8 forward pass (no padding): enough rows to reuse each weight panel,
/// few enough that activations stay in L2 and both cores get batches.
const INT8_BATCH_TOKENS: usize = 1024;
/// Query vectors kept (a vector is 1.5 KiB).
const QUERY_CACHE: usize = 4096;
/// Environment variable choosing the kernel: `int8` (default), `amx`, `vnni`, `avx2`,
/// `portable` or `candle`.
pub const KERNEL_ENV: &str = "GONGCHUANG_KERNEL";

/// How the encoder computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    /// int8 matrix products on the CPU's best unit (AMX tiles, else AVX-512 VNNI, else AVX2,
    /// else portable code).
    Int8,
    /// The same as `Int8`, named for its AMX tiles: VNNI where the CPU or OS has no AMX.
    Amx,
    /// The same int8 arithmetic on AVX-512 VNNI without AMX tiles (the default before AMX).
    Vnni,
    /// The same int8 arithmetic at the AVX2 tier at most: what a CPU with AVX2 but without
    /// AVX-512 VNNI runs (portable code on a CPU without AVX2).
    Avx2,
    /// The same int8 arithmetic in portable code only: the fallback on other CPUs.
    Portable,
    /// candle's f32 `BertModel`: the previous path, kept to compare speed and vectors.
    Candle,
}

impl Kernel {
    /// `$GONGCHUANG_KERNEL`, else `Int8`.
    pub fn from_env() -> Result<Self> {
        match std::env::var(KERNEL_ENV) {
            Ok(v) => v.parse(),
            Err(_) => Ok(Kernel::Int8),
        }
    }
}

impl std::str::FromStr for Kernel {
    type Err = EmbedError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "" | "int8" => Ok(Kernel::Int8),
            "amx" => Ok(Kernel::Amx),
            "vnni" => Ok(Kernel::Vnni),
            "avx2" => Ok(Kernel::Avx2),
            "portable" => Ok(Kernel::Portable),
            "candle" => Ok(Kernel::Candle),
            other => Err(EmbedError::msg(format!(
                "{KERNEL_ENV}={other:?}: expected int8, amx, vnni, avx2, portable or candle"
            ))),
        }
    }
}

enum Engine {
    Candle(BertModel),
    Int8(Int8Bert),
}

pub struct BertEmbedder {
    engine: Engine,
    queries: Mutex<Lru<String, Vec<f32>>>,
    tokenizer: Tokenizer,
    settings: Settings,
    id: String,
    dim: usize,
    pad_id: u32,
}

impl BertEmbedder {
    /// Loads `config.json`, `tokenizer.json`, `model.safetensors` (f32/f16/bf16, or int8 as written
    /// by `pack`) and the optional `gongchuang.json` from `dir`, with the kernel of
    /// `$GONGCHUANG_KERNEL` (default int8).
    pub fn load(dir: &Path) -> Result<Self> {
        Self::load_with(dir, Kernel::from_env()?)
    }

    /// As `load`, with the given kernel.
    pub fn load_with(dir: &Path, kernel: Kernel) -> Result<Self> {
        let config_bytes = std::fs::read(dir.join("config.json"))
            .with_context(|| format!("no config.json in {}", dir.display()))?;
        let config: Value = serde_json::from_slice(&config_bytes)?;
        let settings = Settings::read(dir, &config)?;
        let (cfg, tensors) = read_checkpoint(dir, &config)?;

        let max_len = settings.max_len.min(cfg.max_position_embeddings);
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| EmbedError::msg(format!("loading tokenizer.json: {e}")))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_len,
                ..Default::default()
            }))
            .map_err(EmbedError::msg)?;
        tokenizer.with_padding(None);

        // Pad with the tokenizer's pad piece when there is one; padded positions are masked anyway.
        let pad_id = tokenizer
            .token_to_id("<pad>")
            .or_else(|| tokenizer.token_to_id("[PAD]"))
            .unwrap_or(0);
        let engine = match kernel {
            Kernel::Candle => {
                let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
                Engine::Candle(BertModel::load(vb, &cfg).context("building the BERT model")?)
            }
            Kernel::Int8 | Kernel::Amx | Kernel::Vnni | Kernel::Avx2 | Kernel::Portable => {
                let simd = match (kernel, Simd::detect()) {
                    (Kernel::Portable, _) | (_, Simd::Portable) => Simd::Portable,
                    // Every CPU with AVX-512 F/BW/VNNI and FMA has AVX2.
                    (Kernel::Avx2, _) => Simd::Avx2,
                    (Kernel::Vnni, _) => Simd::detect_vector(),
                    (_, best) => best,
                };
                Engine::Int8(Int8Bert::new(&cfg, &tensors, simd)?)
            }
        };

        let id = model_id(dir, &config_bytes, &settings);
        Ok(Self {
            engine,
            queries: Mutex::new(Lru::new(QUERY_CACHE)),
            tokenizer,
            dim: cfg.hidden_size,
            settings,
            id,
            pad_id,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The kernel in use (`Amx` where the tiles are in use, `Portable` on a CPU without AVX2).
    pub fn kernel(&self) -> Kernel {
        match &self.engine {
            Engine::Candle(_) => Kernel::Candle,
            Engine::Int8(m) if m.simd() == Simd::Portable => Kernel::Portable,
            Engine::Int8(m) if m.simd() == Simd::Amx => Kernel::Amx,
            Engine::Int8(_) => Kernel::Int8,
        }
    }

    /// The instruction set of the int8 kernel (none for candle).
    pub fn simd(&self) -> Option<Simd> {
        match &self.engine {
            Engine::Candle(_) => None,
            Engine::Int8(m) => Some(m.simd()),
        }
    }

    /// Token count of `text` as encoded (special tokens included, after truncation).
    pub fn count_tokens(&self, text: &str) -> Result<usize> {
        Ok(self
            .tokenizer
            .encode(text, true)
            .map_err(EmbedError::msg)?
            .len())
    }

    /// Encodes texts as given (no prefix added), batching inputs of similar length together.
    pub fn embed_raw(&self, texts: &[String]) -> Result<Vec<Vec<f32>>> {
        let inputs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let encs = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| EmbedError::msg(format!("tokenizing: {e}")))?;
        let ids: Vec<&[u32]> = encs.iter().map(|e| e.get_ids()).collect();
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let batches = match self.engine {
            Engine::Candle(_) => padded_batches(&order, &ids),
            Engine::Int8(_) => token_batches(&order, &ids),
        };
        let run = |b: &&[usize]| {
            let seqs: Vec<&[u32]> = b.iter().map(|&i| ids[i]).collect();
            self.forward(&seqs)
        };
        // Independent batches side by side, one per core: each product is too small to split
        // well (candle's 1440x384x1536 matmul ran only 1.3x faster on 2 threads than on 1).
        let results: Vec<Vec<Vec<f32>>> = batches.par_iter().map(run).collect::<Result<_>>()?;
        let mut out = vec![Vec::new(); ids.len()];
        for (b, vecs) in batches.iter().zip(results) {
            for (&i, v) in b.iter().zip(vecs) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    /// One query on the calling thread: no batching, no thread hand-off; recent queries cached.
    fn embed_one(&self, text: String) -> Result<Vec<f32>> {
        let mut cache = self.queries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = cache.get(&text) {
            return Ok(v.clone());
        }
        drop(cache);
        let enc = self
            .tokenizer
            .encode(text.as_str(), true)
            .map_err(|e| EmbedError::msg(format!("tokenizing: {e}")))?;
        let v = match &self.engine {
            Engine::Int8(model) => model.forward_one(enc.get_ids(), self.settings.pooling)?,
            Engine::Candle(_) => self.forward(&[enc.get_ids()])?.remove(0),
        };
        cache = self.queries.lock().unwrap_or_else(|e| e.into_inner());
        cache.put(text, v.clone());
        Ok(v)
    }

    fn forward(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        match &self.engine {
            Engine::Candle(model) => self.forward_candle(model, batch),
            Engine::Int8(model) => model.forward(batch, self.settings.pooling),
        }
    }

    fn forward_candle(&self, model: &BertModel, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let (b, len) = (
            batch.len(),
            batch.iter().map(|s| s.len()).max().unwrap_or(0).max(1),
        );
        let mut ids = vec![self.pad_id; b * len];
        let mut mask = vec![0f32; b * len];
        for (r, seq) in batch.iter().enumerate() {
            ids[r * len..r * len + seq.len()].copy_from_slice(seq);
            mask[r * len..r * len + seq.len()]
                .iter_mut()
                .for_each(|m| *m = 1.0);
        }
        let dev = Device::Cpu;
        let ids = Tensor::from_vec(ids, (b, len), &dev)?;
        let mask = Tensor::from_vec(mask, (b, len), &dev)?;
        let hidden = model.forward(&ids, &ids.zeros_like()?, Some(&mask))?;
        let pooled = match self.settings.pooling {
            Pooling::Mean => {
                let m = mask.unsqueeze(2)?;
                hidden
                    .broadcast_mul(&m)?
                    .sum(1)?
                    .broadcast_div(&m.sum(1)?)?
            }
            Pooling::Cls => hidden.i((.., 0))?.contiguous()?,
        };
        let mut vecs: Vec<Vec<f32>> = pooled.to_vec2()?;
        vecs.iter_mut().for_each(|v| l2_normalize(v));
        Ok(vecs)
    }
}

impl Embedder for BertEmbedder {
    fn id(&self) -> &str {
        &self.id
    }

    fn dim(&self) -> usize {
        self.dim
    }

    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let p = &self.settings.passage_prefix;
        self.embed_raw(&texts.iter().map(|t| format!("{p}{t}")).collect::<Vec<_>>())
    }

    fn embed_query(&self, text: &str) -> Result<Vec<f32>> {
        self.embed_one(format!("{}{text}", self.settings.query_prefix))
    }
}

/// Candle batches: at most `BATCH_SIZE` inputs and `BATCH_TOKENS` padded tokens (`order` is
/// sorted by length, so a batch's last input is its longest).
fn padded_batches<'a>(order: &'a [usize], ids: &[&[u32]]) -> Vec<&'a [usize]> {
    let mut batches = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len()
            && end - start < BATCH_SIZE
            && (end - start + 1) * ids[order[end]].len() <= BATCH_TOKENS
        {
            end += 1;
        }
        batches.push(&order[start..end]);
        start = end;
    }
    batches
}

/// Int8 batches: consecutive inputs up to `INT8_BATCH_TOKENS` real tokens (nothing is padded).
fn token_batches<'a>(order: &'a [usize], ids: &[&[u32]]) -> Vec<&'a [usize]> {
    let mut batches = Vec::new();
    let (mut start, mut tokens) = (0, 0);
    for (end, &i) in order.iter().enumerate() {
        if end > start && tokens + ids[i].len() > INT8_BATCH_TOKENS {
            batches.push(&order[start..end]);
            (start, tokens) = (end, 0);
        }
        tokens += ids[i].len();
    }
    if start < order.len() {
        batches.push(&order[start..]);
    }
    batches
}

/// `<name>@<16 hex digits>`: hash of config.json, the settings and the sizes of the tokenizer and
/// weights files, so a changed model gets a new id without hashing hundreds of megabytes.
fn model_id(dir: &Path, config_bytes: &[u8], settings: &Settings) -> String {
    let mut h = Sha256::new();
    h.update(config_bytes);
    h.update(serde_json::to_vec(settings).unwrap_or_default());
    for f in ["tokenizer.json", "model.safetensors"] {
        let len = std::fs::metadata(dir.join(f)).map(|m| m.len()).unwrap_or(0);
        h.update(f.as_bytes());
        h.update(len.to_le_bytes());
    }
    let hash: String = h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = settings.name.clone().unwrap_or_else(|| {
        dir.canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "bert".into())
    });
    format!("{name}@{hash}")
}
