//! A checkpoint on disk: its settings (pooling, prefixes, truncation) and its config and
//! tensors in standard BERT form, shared by the encoder, the embedder and the packer.

use std::path::Path;

use super::error::{Context, Result};
use candle_core::Tensor;
use candle_transformers::models::bert::Config;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::weights;

/// Settings file read next to the checkpoint (all fields optional).
pub const SETTINGS_FILE: &str = "gongchuang.json";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pooling {
    /// Mean of the last hidden states over the real (unpadded) tokens; e5 and most
    /// sentence-transformers models.
    Mean,
    /// Hidden state of the first token (`<s>`/`[CLS]`).
    Cls,
}

/// How a checkpoint is used: pooling, prefixes, truncation. Defaults suit e5 models.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub name: Option<String>,
    pub pooling: Pooling,
    pub query_prefix: String,
    pub passage_prefix: String,
    /// Most tokens per input, special tokens included; longer inputs are truncated.
    pub max_len: usize,
    /// Whether the weights are our int8 packed format (informational; loading detects it).
    #[serde(default)]
    pub packed: bool,
}

impl Settings {
    /// Defaults, overridden by the same keys in `config.json`, then by `gongchuang.json`.
    pub fn read(dir: &Path, config: &Value) -> Result<Self> {
        let mut s = json!({
            "pooling": "mean", "query_prefix": "query: ", "passage_prefix": "passage: ", "max_len": 512
        });
        for k in ["pooling", "query_prefix", "passage_prefix"] {
            if let Some(v) = config.get(k) {
                s[k] = v.clone();
            }
        }
        let path = dir.join(SETTINGS_FILE);
        if path.is_file() {
            let own: Value = serde_json::from_slice(&std::fs::read(&path)?)
                .with_context(|| format!("parsing {}", path.display()))?;
            if let Value::Object(m) = own {
                for (k, v) in m {
                    s[k] = v;
                }
            }
        }
        Ok(serde_json::from_value(s)?)
    }
}

/// The candle config and f32 tensors of a checkpoint, in standard BERT form: XLM-R checkpoints
/// number positions from `pad_token_id + 1`, so their first rows are dropped and positions start
/// at 0 as candle's BERT expects.
pub(crate) fn read_checkpoint(
    dir: &Path,
    config: &Value,
) -> Result<(Config, std::collections::HashMap<String, Tensor>)> {
    let mut tensors = weights::load_f32(&dir.join("model.safetensors"))?;
    let mut c = json!({
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "initializer_range": 0.02,
        "layer_norm_eps": 1e-12, "type_vocab_size": 2, "pad_token_id": 0,
        "max_position_embeddings": 512,
    });
    if let Value::Object(m) = config {
        for (k, v) in m {
            if !v.is_null() {
                c[k] = v.clone();
            }
        }
    }
    let act = c["hidden_act"].as_str().unwrap_or("gelu");
    if matches!(act, "gelu_new" | "gelu_pytorch_tanh" | "gelu_fast") {
        c["hidden_act"] = json!("geluapproximate");
    }
    let model_type = c["model_type"].as_str().unwrap_or("bert").to_string();
    c["model_type"] = json!("bert");
    let mut cfg: Config = serde_json::from_value(c).context("config.json is not a BERT config")?;
    if model_type.contains("roberta") {
        let offset = cfg.pad_token_id + 1;
        let key = "embeddings.position_embeddings.weight";
        let pos = tensors.get(key).context("no position embeddings")?;
        let rows = pos.dim(0)?.saturating_sub(offset);
        let pos = pos.narrow(0, offset, rows)?;
        tensors.insert(key.to_string(), pos);
        cfg.max_position_embeddings = rows;
    }
    Ok((cfg, tensors))
}
