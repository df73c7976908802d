//! `pack`: makes the small shipped model from a full multilingual teacher checkpoint by pruning
//! the Unigram vocabulary to what Chinese and English text need and storing matrices as int8.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::error::{bail, Context, EmbedError, Result};
use candle_core::{Device, Tensor};
use candle_transformers::models::bert::Config;
use safetensors::{tensor::TensorView, Dtype};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokenizers::Tokenizer;

use super::checkpoint::{read_checkpoint, Settings, SETTINGS_FILE};
use super::weights::{f32_bytes, quantize_rows, Q_SUFFIX, SCALE_SUFFIX};

const WORD_EMBEDDINGS: &str = "embeddings.word_embeddings.weight";

#[derive(Clone, Debug)]
pub struct PackOptions {
    /// Model name written to gongchuang.json (and so part of the model id).
    pub name: Option<String>,
    /// Vocabulary size to fill up to with ASCII pieces; the required pieces (special, single
    /// characters, pieces with CJK characters, pieces of the keep texts) are kept even if they
    /// alone exceed it.
    pub max_vocab: usize,
    /// Where the teacher came from, copied into the README.
    pub provenance: Option<String>,
}

impl Default for PackOptions {
    fn default() -> Self {
        // 46k pieces x 388 bytes + ~21 MB of int8 encoder weights: about 41 MB. Every piece with a
        // CJK character (18.5k) is required; the rest leaves ASCII pieces about as many as before.
        Self {
            name: None,
            max_vocab: 46_000,
            provenance: None,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PackReport {
    pub teacher_vocab: usize,
    pub vocab: usize,
    /// Pieces kept per reason, each counted under its first reason in this order.
    pub kept_special: usize,
    pub kept_single_char: usize,
    /// Multi-character pieces with a CJK character.
    pub kept_chinese: usize,
    pub kept_from_texts: usize,
    pub kept_ascii: usize,
    pub quantized_matrices: usize,
    pub bytes_weights: u64,
    pub bytes_tokenizer: u64,
    pub bytes_total: u64,
}

/// `pack_with` and default options.
pub fn pack(teacher: &Path, out: &Path, keep_texts: &[String]) -> Result<PackReport> {
    pack_with(teacher, out, keep_texts, &PackOptions::default())
}

/// Writes `config.json`, `tokenizer.json`, `model.safetensors`, `gongchuang.json` and
/// `README.md` to `out`. Kept pieces: special tokens, `▁`, every single-character piece that is CJK
/// or ASCII (with or without `▁`), every other piece with a CJK character, every piece the
/// teacher's tokenizer produces for `keep_texts`,
/// then ASCII-only pieces by descending score up to `max_vocab`. Kept pieces keep their scores and
/// relative order, so text made only of kept pieces tokenises exactly as before.
pub fn pack_with(
    teacher: &Path,
    out: &Path,
    keep_texts: &[String],
    opt: &PackOptions,
) -> Result<PackReport> {
    let t = Teacher::read(teacher)?;
    let kept = choose_pieces(&t, keep_texts, opt)?;
    let old_ids: Vec<usize> = (0..t.vocab.len()).filter(|&i| kept.keep[i]).collect();
    let mut new_id = vec![None; t.vocab.len()];
    for (new, &old) in old_ids.iter().enumerate() {
        new_id[old] = Some(new as u64);
    }
    std::fs::create_dir_all(out)?;
    write_tokenizer(&t, &old_ids, &new_id, out)?;
    let (cfg, quantized_matrices) = write_weights(teacher, &t.config, &old_ids, out)?;
    let mut new_config = t.config.clone();
    new_config["vocab_size"] = json!(old_ids.len());
    new_config["model_type"] = json!("bert");
    new_config["max_position_embeddings"] = json!(cfg.max_position_embeddings);
    new_config["pad_token_id"] =
        json!(new_id.get(cfg.pad_token_id).copied().flatten().unwrap_or(0));
    write_atomic(
        &out.join("config.json"),
        &serde_json::to_vec_pretty(&new_config)?,
    )?;
    let name = model_name(teacher, &t.settings, opt);
    let gc = settings_json(
        teacher,
        &t,
        &name,
        &kept,
        &cfg,
        keep_texts.len(),
        old_ids.len(),
    )?;
    write_atomic(&out.join(SETTINGS_FILE), &serde_json::to_vec_pretty(&gc)?)?;

    let size = |f: &str| std::fs::metadata(out.join(f)).map(|m| m.len()).unwrap_or(0);
    let mut report = PackReport {
        teacher_vocab: t.vocab.len(),
        vocab: old_ids.len(),
        kept_special: kept.special,
        kept_single_char: kept.single_char,
        kept_chinese: kept.chinese,
        kept_from_texts: kept.from_texts,
        kept_ascii: kept.ascii,
        quantized_matrices,
        bytes_weights: size("model.safetensors"),
        bytes_tokenizer: size("tokenizer.json"),
        bytes_total: 0,
    };
    write_atomic(
        &out.join("README.md"),
        readme(teacher, &name, &report, &gc, opt).as_bytes(),
    )?;
    report.bytes_total = [
        "config.json",
        "tokenizer.json",
        "model.safetensors",
        SETTINGS_FILE,
        "README.md",
    ]
    .iter()
    .map(|f| size(f))
    .sum();
    Ok(report)
}

/// The teacher's files as read: config, settings and its Unigram tokenizer.
struct Teacher {
    config_bytes: Vec<u8>,
    config: Value,
    settings: Settings,
    tok_bytes: Vec<u8>,
    tok: Value,
    vocab: Vec<(String, f64)>,
    unk: Option<usize>,
}

impl Teacher {
    fn read(teacher: &Path) -> Result<Teacher> {
        let config_bytes = std::fs::read(teacher.join("config.json"))
            .with_context(|| format!("no config.json in {}", teacher.display()))?;
        let config: Value = serde_json::from_slice(&config_bytes)?;
        let settings = Settings::read(teacher, &config)?;
        let tok_path = teacher.join("tokenizer.json");
        let tok_bytes =
            std::fs::read(&tok_path).with_context(|| format!("reading {}", tok_path.display()))?;
        let tok: Value = serde_json::from_slice(&tok_bytes)?;
        if tok["model"]["type"] != "Unigram" {
            bail!(
                "pack needs a Unigram (SentencePiece) tokenizer, found {}",
                tok["model"]["type"]
            );
        }
        let vocab: Vec<(String, f64)> = serde_json::from_value(tok["model"]["vocab"].clone())?;
        let unk = tok["model"]["unk_id"].as_u64().map(|u| u as usize);
        Ok(Teacher {
            config_bytes,
            config,
            settings,
            tok_bytes,
            tok,
            vocab,
            unk,
        })
    }
}

/// Which pieces stay, and how many were kept for each reason.
struct Kept {
    keep: Vec<bool>,
    special: usize,
    single_char: usize,
    chinese: usize,
    from_texts: usize,
    ascii: usize,
}

/// Reasons in order; each piece is counted under the first that applies.
fn choose_pieces(t: &Teacher, keep_texts: &[String], opt: &PackOptions) -> Result<Kept> {
    let (vocab, n) = (&t.vocab, t.vocab.len());
    let mut keep = vec![false; n];
    let added: Vec<usize> = added_token_ids(&t.tok)?;
    if let Some(&bad) = added.iter().find(|&&i| i >= n) {
        bail!("added token id {bad} is outside the Unigram vocabulary");
    }
    let special = mark(
        &mut keep,
        added
            .iter()
            .copied()
            .chain(t.unk)
            .chain(vocab.iter().position(|(p, _)| p == "▁")),
    );
    let single_char = mark(
        &mut keep,
        (0..n).filter(|&i| {
            let mut cs = vocab[i].0.trim_start_matches('▁').chars();
            matches!((cs.next(), cs.next()), (Some(c), None) if is_cjk(c) || c.is_ascii_graphic())
        }),
    );
    // Every piece with a CJK character, whatever the keep texts hold: Chinese text the packer
    // never saw then tokenises as the teacher's does (a pruned `宿舍` became `宿 舍`).
    let chinese = mark(
        &mut keep,
        (0..n).filter(|&i| vocab[i].0.chars().any(is_cjk)),
    );
    let from_texts = mark(
        &mut keep,
        text_piece_ids(&t.tok_bytes, keep_texts)?.into_iter(),
    );
    let room = opt
        .max_vocab
        .saturating_sub(keep.iter().filter(|&&k| k).count());
    let mut ascii: Vec<usize> = (0..n)
        .filter(|&i| {
            let p = vocab[i].0.trim_start_matches('▁');
            !keep[i] && !p.is_empty() && p.chars().all(|c| c.is_ascii_graphic())
        })
        .collect();
    ascii.sort_by(|&a, &b| vocab[b].1.total_cmp(&vocab[a].1).then(a.cmp(&b)));
    let ascii = mark(&mut keep, ascii.into_iter().take(room));
    Ok(Kept {
        keep,
        special,
        single_char,
        chinese,
        from_texts,
        ascii,
    })
}

/// Every piece id the teacher's tokenizer gives the texts, sorted.
fn text_piece_ids(tok_bytes: &[u8], texts: &[String]) -> Result<Vec<usize>> {
    let mut tok = Tokenizer::from_bytes(tok_bytes)
        .map_err(|e| EmbedError::msg(format!("teacher tokenizer: {e}")))?;
    // Every piece of long texts counts, not just those before a truncation limit.
    tok.with_truncation(None).map_err(EmbedError::msg)?;
    let mut ids = HashSet::new();
    for chunk in texts.chunks(4096) {
        let inputs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        let encs = tok
            .encode_batch(inputs, false)
            .map_err(|e| EmbedError::msg(format!("tokenizing: {e}")))?;
        ids.extend(
            encs.iter()
                .flat_map(|e| e.get_ids().iter().map(|&i| i as usize)),
        );
    }
    let mut ids: Vec<usize> = ids.into_iter().collect();
    ids.sort_unstable();
    Ok(ids)
}

/// tokenizer.json: vocabulary, unk id, and every id the special-token machinery refers to.
fn write_tokenizer(
    t: &Teacher,
    old_ids: &[usize],
    new_id: &[Option<u64>],
    out: &Path,
) -> Result<()> {
    let remap = |old: u64| -> Result<u64> {
        new_id
            .get(old as usize)
            .copied()
            .flatten()
            .ok_or_else(|| EmbedError::msg(format!("token id {old} was dropped")))
    };
    let mut tok = t.tok.clone();
    tok["model"]["vocab"] = json!(old_ids
        .iter()
        .map(|&i| json!([t.vocab[i].0, t.vocab[i].1]))
        .collect::<Vec<_>>());
    if let Some(u) = t.unk {
        tok["model"]["unk_id"] = json!(remap(u as u64)?);
    }
    if let Some(list) = tok["added_tokens"].as_array_mut() {
        for a in list {
            a["id"] = json!(remap(a["id"].as_u64().unwrap_or(0))?);
        }
    }
    remap_post_processor(&mut tok["post_processor"], &remap)?;
    if let Some(p) = tok["padding"].get_mut("pad_id") {
        *p = json!(remap(p.as_u64().unwrap_or(0))?);
    }
    let tok_out = serde_json::to_vec(&tok)?;
    Tokenizer::from_bytes(&tok_out)
        .map_err(|e| EmbedError::msg(format!("pruned tokenizer does not load: {e}")))?;
    write_atomic(&out.join("tokenizer.json"), &tok_out)
}

/// Weights: gather the kept embedding rows, int8 every matrix, keep vectors in f32. Returns
/// the checkpoint's config and the number of matrices quantised.
fn write_weights(
    teacher: &Path,
    config: &Value,
    old_ids: &[usize],
    out: &Path,
) -> Result<(Config, usize)> {
    let (cfg, mut tensors) = read_checkpoint(teacher, config)?;
    let emb = tensors.get(WORD_EMBEDDINGS).context("no word embeddings")?;
    // Rows past the tokenizer's vocabulary (XLM-R pads the matrix) are never used.
    let rows = emb.dim(0)?;
    if let Some(&past) = old_ids.iter().find(|&&i| i >= rows) {
        bail!("embedding rows {rows} do not cover tokenizer piece {past}");
    }
    let idx = Tensor::from_vec(
        old_ids.iter().map(|&i| i as u32).collect::<Vec<_>>(),
        old_ids.len(),
        &Device::Cpu,
    )?;
    let emb = emb.index_select(&idx, 0)?;
    tensors.insert(WORD_EMBEDDINGS.to_string(), emb);
    let mut owned: BTreeMap<String, (Dtype, Vec<usize>, Vec<u8>)> = BTreeMap::new();
    let mut quantized = 0;
    for (name, t) in &tensors {
        let dims = t.dims().to_vec();
        let data: Vec<f32> = t.flatten_all()?.to_vec1()?;
        if dims.len() == 2 {
            let (q, scales) = quantize_rows(&data, dims[1]);
            owned.insert(format!("{name}{Q_SUFFIX}"), (Dtype::I8, dims.clone(), q));
            owned.insert(
                format!("{name}{SCALE_SUFFIX}"),
                (Dtype::F32, vec![dims[0]], f32_bytes(&scales)),
            );
            quantized += 1;
        } else {
            owned.insert(name.clone(), (Dtype::F32, dims, f32_bytes(&data)));
        }
    }
    let views = owned
        .iter()
        .map(|(k, (d, s, b))| Ok((k.clone(), TensorView::new(*d, s.clone(), b)?)))
        .collect::<Result<Vec<_>>>()?;
    let meta = [("format".to_string(), "gongchuang-int8".to_string())]
        .into_iter()
        .collect();
    let st = safetensors::serialize(views, Some(meta))?;
    write_atomic(&out.join("model.safetensors"), &st)?;
    Ok((cfg, quantized))
}

/// The option's name, else the teacher's, else `<teacher dir>-int8`.
fn model_name(teacher: &Path, settings: &Settings, opt: &PackOptions) -> String {
    opt.name
        .clone()
        .or(settings.name.clone())
        .unwrap_or_else(|| {
            let t = teacher.canonicalize().unwrap_or(teacher.to_path_buf());
            format!(
                "{}-int8",
                t.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )
        })
}

/// gongchuang.json of the packed model, with where it came from and what was kept.
fn settings_json(
    teacher: &Path,
    t: &Teacher,
    name: &str,
    kept: &Kept,
    cfg: &Config,
    keep_texts: usize,
    vocab: usize,
) -> Result<Value> {
    let s = &t.settings;
    let weights_len = std::fs::metadata(teacher.join("model.safetensors"))?.len();
    let teacher_meta =
        safetensors_metadata(&teacher.join("model.safetensors")).unwrap_or(Value::Null);
    Ok(json!({
        "name": name, "packed": true, "pooling": s.pooling,
        "query_prefix": s.query_prefix, "passage_prefix": s.passage_prefix,
        "max_len": s.max_len.min(cfg.max_position_embeddings),
        "teacher": {
            "dir": teacher.display().to_string(), "vocab_size": t.vocab.len(),
            "config_sha256": sha256_hex(&t.config_bytes), "tokenizer_sha256": sha256_hex(&t.tok_bytes),
            "model_safetensors_bytes": weights_len, "model_safetensors_metadata": teacher_meta,
        },
        "vocab": {"size": vocab, "special": kept.special, "single_char": kept.single_char,
                  "chinese": kept.chinese, "keep_texts": kept.from_texts, "keep_texts_count": keep_texts, "ascii": kept.ascii},
        "quantization": "int8 symmetric per row (X.q i8 + X.scale f32) for every matrix; vectors f32",
    }))
}

/// Sets `keep` for `ids`; returns how many were not kept before.
fn mark(keep: &mut [bool], ids: impl Iterator<Item = usize>) -> usize {
    ids.filter(|&i| i < keep.len() && !std::mem::replace(&mut keep[i], true))
        .count()
}

fn added_token_ids(tok: &Value) -> Result<Vec<usize>> {
    let list = tok["added_tokens"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    list.iter()
        .map(|t| {
            t["id"]
                .as_u64()
                .map(|i| i as usize)
                .context("added token without id")
        })
        .collect()
}

/// TemplateProcessing keeps ids under `special_tokens.*.ids`; Roberta/BertProcessing keep
/// `[token, id]` pairs under `sep`/`cls`; Sequence nests processors.
fn remap_post_processor(p: &mut Value, remap: &dyn Fn(u64) -> Result<u64>) -> Result<()> {
    if let Some(list) = p.get_mut("processors").and_then(Value::as_array_mut) {
        for q in list {
            remap_post_processor(q, remap)?;
        }
    }
    if let Some(Value::Object(specials)) = p.get_mut("special_tokens") {
        for s in specials.values_mut() {
            if let Some(ids) = s.get_mut("ids").and_then(Value::as_array_mut) {
                for id in ids {
                    *id = json!(remap(id.as_u64().unwrap_or(0))?);
                }
            }
        }
    }
    for k in ["sep", "cls"] {
        if let Some(id) = p.get_mut(k).and_then(|v| v.get_mut(1)) {
            *id = json!(remap(id.as_u64().unwrap_or(0))?);
        }
    }
    Ok(())
}

/// Han ideographs, CJK symbols and punctuation, full-width forms and the general punctuation
/// block (curly quotes, dashes, ellipsis) that Chinese text uses.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F
        | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0xFE30..=0xFE4F | 0x2000..=0x206F)
}

/// The `__metadata__` map of a safetensors header (read without loading the tensors).
fn safetensors_metadata(path: &Path) -> Result<Value> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut n = [0u8; 8];
    f.read_exact(&mut n)?;
    let mut header = vec![0u8; usize::try_from(u64::from_le_bytes(n))?.min(100 << 20)];
    f.read_exact(&mut header)?;
    let v: Value = serde_json::from_slice(&header)?;
    Ok(v.get("__metadata__").cloned().unwrap_or(Value::Null))
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming to {}", path.display()))?;
    Ok(())
}

fn readme(teacher: &Path, name: &str, r: &PackReport, gc: &Value, opt: &PackOptions) -> String {
    let meta = &gc["teacher"]["model_safetensors_metadata"];
    let provenance = match (&opt.provenance, meta.is_object()) {
        (Some(p), _) => p.clone(),
        (None, true) => format!("Teacher weights metadata: `{meta}`"),
        (None, false) => "(not recorded)".into(),
    };
    format!(
        "# {name}\n\n\
Sentence-embedding model for gongchuang, written by `index::embed::pack` \
(`gongchuang model pack --teacher DIR --out DIR`). Load it with `index::embed::BertEmbedder::load`.\n\n\
## Teacher\n\n{provenance}\n\nTeacher directory when packed: `{teacher}`; \
config.json sha256 `{cfg}`, tokenizer.json sha256 `{tk}`, {tv} vocabulary pieces.\n\n\
## What was changed\n\n\
1. Vocabulary pruned from {tv} to {v} SentencePiece (Unigram) pieces, keeping their scores and \
order: {sp} special pieces (added tokens, `<unk>`, `▁`); {sc} pieces that are one CJK \
ideograph, CJK or full-width punctuation mark, or ASCII character, with or without the `▁` prefix \
(so any Chinese text still tokenises); {ch} more pieces with a CJK character (so Chinese text \
tokenises as with the teacher, whether or not the keep texts have it); {kt} more pieces that the teacher's tokenizer produced for the {ktn} keep texts \
(those texts tokenise exactly as with the teacher); then {ka} ASCII-only pieces (letters, digits, \
punctuation) by descending score. Ids were renumbered; `unk_id`, `added_tokens` and the \
post-processor ids were rewritten, and the word-embedding rows gathered to match.\n\
2. Every weight matrix stored as int8 with one f32 scale per row (`X.q`, `X.scale`; \
scale = max |row| / 127, symmetric rounding); {qm} matrices. Vectors (biases, LayerNorm) stay \
f32. `BertEmbedder::load` de-quantises to f32.\n\
3. Positions numbered from 0 (standard BERT); pooling `{pool}`, query prefix `{qp:?}`, passage \
prefix `{pp:?}`, inputs truncated to {ml} tokens.\n\n\
Sizes: model.safetensors {w} bytes, tokenizer.json {t} bytes.\n",
        teacher = teacher.display(),
        cfg = gc["teacher"]["config_sha256"].as_str().unwrap_or(""),
        tk = gc["teacher"]["tokenizer_sha256"].as_str().unwrap_or(""),
        tv = r.teacher_vocab,
        v = r.vocab,
        sp = r.kept_special,
        sc = r.kept_single_char,
        ch = r.kept_chinese,
        kt = r.kept_from_texts,
        ktn = gc["vocab"]["keep_texts_count"],
        ka = r.kept_ascii,
        qm = r.quantized_matrices,
        pool = gc["pooling"].as_str().unwrap_or(""),
        qp = gc["query_prefix"].as_str().unwrap_or(""),
        pp = gc["passage_prefix"].as_str().unwrap_or(""),
        ml = gc["max_len"],
        w = r.bytes_weights,
        t = r.bytes_tokenizer,
    )
}
