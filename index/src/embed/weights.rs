//! Reading checkpoint tensors (f32/f16/bf16, or our int8 `X.q` + `X.scale` pairs) as f32, and
//! the int8 quantiser used by the packer.

use std::collections::HashMap;
use std::path::Path;

use super::error::{bail, Context, Result};
use candle_core::{DType, Device, Tensor};
use safetensors::{Dtype, SafeTensors};

/// Suffixes of a quantised matrix `X`: `X.q` (i8, rows x cols) and `X.scale` (f32, rows).
pub const Q_SUFFIX: &str = ".q";
pub const SCALE_SUFFIX: &str = ".scale";

/// All float tensors of `path` as f32 on the CPU, with BERT names (`embeddings.…`, `encoder.…`):
/// wrapper prefixes such as `bert.`/`roberta.` are stripped and heads (pooler, lm_head) dropped.
pub fn load_f32(path: &Path) -> Result<HashMap<String, Tensor>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let st =
        SafeTensors::deserialize(&bytes).with_context(|| format!("parsing {}", path.display()))?;
    let dev = Device::Cpu;
    let mut out = HashMap::new();
    for (name, view) in st.iter() {
        if let Some(base) = name.strip_suffix(SCALE_SUFFIX) {
            if st.tensor(&format!("{base}{Q_SUFFIX}")).is_ok() {
                continue;
            }
        }
        let data = view.data();
        let shape = view.shape();
        let t = match view.dtype() {
            Dtype::F32 => Tensor::from_raw_buffer(data, DType::F32, shape, &dev)?,
            Dtype::F16 => {
                Tensor::from_raw_buffer(data, DType::F16, shape, &dev)?.to_dtype(DType::F32)?
            }
            Dtype::BF16 => {
                Tensor::from_raw_buffer(data, DType::BF16, shape, &dev)?.to_dtype(DType::F32)?
            }
            Dtype::I8 if name.ends_with(Q_SUFFIX) => {
                let base = name.strip_suffix(Q_SUFFIX).unwrap_or(name);
                let scale = st
                    .tensor(&format!("{base}{SCALE_SUFFIX}"))
                    .with_context(|| format!("{name} has no scale"))?;
                if shape.len() != 2 || scale.dtype() != Dtype::F32 || scale.shape() != [shape[0]] {
                    bail!("{name}: bad quantised tensor shape {shape:?}");
                }
                let scales = f32s(scale.data());
                let w = dequantize(as_i8(data), &scales, shape[1]);
                insert(
                    &mut out,
                    base,
                    Tensor::from_vec(w, (shape[0], shape[1]), &dev)?,
                );
                continue;
            }
            // integer buffers such as position_ids
            _ => continue,
        };
        insert(&mut out, name, t);
    }
    Ok(out)
}

fn insert(out: &mut HashMap<String, Tensor>, name: &str, t: Tensor) {
    let mut n = name;
    for p in ["bert.", "roberta.", "xlm-roberta.", "model."] {
        n = n.strip_prefix(p).unwrap_or(n);
    }
    if !(n.starts_with("embeddings.") || n.starts_with("encoder.")) {
        return;
    }
    // Old TF-converted BERTs call the LayerNorm parameters gamma/beta.
    let n = n
        .replace("LayerNorm.gamma", "LayerNorm.weight")
        .replace("LayerNorm.beta", "LayerNorm.bias");
    out.insert(n, t);
}

fn as_i8(b: &[u8]) -> Vec<i8> {
    b.iter().map(|&x| x as i8).collect()
}

pub fn f32s(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

pub fn f32_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn dequantize(q: Vec<i8>, scales: &[f32], cols: usize) -> Vec<f32> {
    q.chunks_exact(cols)
        .zip(scales)
        .flat_map(|(row, &s)| row.iter().map(move |&x| x as f32 * s))
        .collect()
}

/// Symmetric per-row int8: each row scaled so its largest magnitude maps to 127.
pub fn quantize_rows(w: &[f32], cols: usize) -> (Vec<u8>, Vec<f32>) {
    let mut q = Vec::with_capacity(w.len());
    let mut scales = Vec::with_capacity(w.len() / cols);
    for row in w.chunks_exact(cols) {
        let max = row.iter().fold(0f32, |m, x| m.max(x.abs()));
        let s = if max > 0.0 { max / 127.0 } else { 1.0 };
        q.extend(
            row.iter()
                .map(|x| (x / s).round().clamp(-127.0, 127.0) as i8 as u8),
        );
        scales.push(s);
    }
    (q, scales)
}
