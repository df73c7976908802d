//! The int8 BERT forward pass: candle's `BertModel` computation (post-LN BERT, absolute
//! positions, token type 0) with int8 matrix products (`gemm`) and f32 everything else.
//! Sequences are not padded: the linear layers run on all tokens of a batch stacked together,
//! attention on each sequence at its own length.

use std::collections::HashMap;

use super::error::{bail, Context, Result};
use candle_core::Tensor;
use candle_transformers::models::bert::{Config, HiddenAct};

use super::checkpoint::Pooling;
use super::embedder::l2_normalize;
use super::gemm::QMatrix;
use super::simd::{self, Act, Simd};
use super::weights;

struct Norm {
    w: Vec<f32>,
    b: Vec<f32>,
}

struct Layer {
    /// Query, key and value stacked: one product instead of three.
    qkv: QMatrix,
    attn_out: QMatrix,
    attn_norm: Norm,
    up: QMatrix,
    down: QMatrix,
    out_norm: Norm,
}

pub struct Int8Bert {
    hidden: usize,
    heads: usize,
    eps: f32,
    act: Act,
    word: Vec<f32>,
    position: Vec<f32>,
    token_type: Vec<f32>,
    emb_norm: Norm,
    layers: Vec<Layer>,
    simd: Simd,
}

impl Int8Bert {
    /// Builds the encoder from the f32 tensors of `bert::read_checkpoint`; the weight matrices
    /// are quantised per row (exactly the stored int8 when the checkpoint is packed).
    pub fn new(cfg: &Config, t: &HashMap<String, Tensor>, simd: Simd) -> Result<Self> {
        let hidden = cfg.hidden_size;
        if cfg.num_attention_heads == 0 || !hidden.is_multiple_of(cfg.num_attention_heads) {
            bail!(
                "hidden size {hidden} is not a multiple of {} heads",
                cfg.num_attention_heads
            );
        }
        let act = match cfg.hidden_act {
            HiddenAct::Gelu => Act::Gelu,
            HiddenAct::GeluApproximate => Act::GeluTanh,
            HiddenAct::Relu => Act::Relu,
        };
        let e = "embeddings.";
        let layers = (0..cfg.num_hidden_layers)
            .map(|i| Layer::new(t, &format!("encoder.layer.{i}."), hidden, simd))
            .collect::<Result<_>>()?;
        Ok(Self {
            hidden,
            heads: cfg.num_attention_heads,
            eps: cfg.layer_norm_eps as f32,
            act,
            word: get(t, &format!("{e}word_embeddings.weight"))?,
            position: get(t, &format!("{e}position_embeddings.weight"))?,
            token_type: get(t, &format!("{e}token_type_embeddings.weight"))?[..hidden].to_vec(),
            emb_norm: Norm::new(t, &format!("{e}LayerNorm"))?,
            layers,
            simd,
        })
    }

    pub fn simd(&self) -> Simd {
        self.simd
    }

    /// Pooled, L2-normalised vectors of token-id sequences (a batch), in input order.
    pub fn forward(&self, seqs: &[&[u32]], pooling: Pooling) -> Result<Vec<Vec<f32>>> {
        self.run(seqs, pooling, true)
    }

    /// The vector of one sequence (a query), computed on the calling thread alone: the
    /// products of a few rows are too short to pay for handing half of each to another
    /// thread, and a search runs BM25 beside the query on the other core.
    pub fn forward_one(&self, ids: &[u32], pooling: Pooling) -> Result<Vec<f32>> {
        let mut v = self.run(&[ids], pooling, false)?;
        Ok(v.pop().unwrap_or_default())
    }

    fn run(&self, seqs: &[&[u32]], pooling: Pooling, split: bool) -> Result<Vec<Vec<f32>>> {
        let mut h = self.embed(seqs)?;
        let total = h.len() / self.hidden;
        let mut scratch = Scratch {
            split,
            ..Scratch::default()
        };
        for layer in &self.layers {
            self.layer(layer, seqs, &mut h, total, &mut scratch);
        }
        Ok(self.pool(&h, seqs, pooling))
    }

    fn embed(&self, seqs: &[&[u32]]) -> Result<Vec<f32>> {
        let hd = self.hidden;
        let (vocab, max_pos) = (self.word.len() / hd, self.position.len() / hd);
        let mut h = Vec::with_capacity(seqs.iter().map(|s| s.len()).sum::<usize>() * hd);
        for s in seqs {
            if s.len() > max_pos {
                bail!("{} tokens, the model takes at most {max_pos}", s.len());
            }
            for (i, &id) in s.iter().enumerate() {
                let id = id as usize;
                if id >= vocab {
                    bail!("token id {id} outside the vocabulary of {vocab}");
                }
                let (w, p) = (&self.word[id * hd..][..hd], &self.position[i * hd..][..hd]);
                h.extend(
                    w.iter()
                        .zip(p)
                        .zip(&self.token_type)
                        .map(|((a, b), c)| a + b + c),
                );
            }
        }
        let n = &self.emb_norm;
        simd::norm_rows(self.simd, &mut h, &n.w, &n.b, self.eps);
        Ok(h)
    }

    fn layer(&self, l: &Layer, seqs: &[&[u32]], h: &mut [f32], total: usize, s: &mut Scratch) {
        let (hd, simd) = (self.hidden, self.simd);
        s.qkv.resize(total * 3 * hd, 0.0);
        s.ctx.resize(total * hd, 0.0);
        s.a.resize(total * hd, 0.0);
        s.ff.resize(total * l.up.n, 0.0);
        l.qkv.matmul(h, &mut s.qkv, simd, s.split);
        let mut row = 0;
        for seq in seqs {
            let (r0, r1) = (row, row + seq.len());
            simd::attend(
                simd,
                &s.qkv[r0 * 3 * hd..r1 * 3 * hd],
                &mut s.ctx[r0 * hd..r1 * hd],
                hd,
                self.heads,
                &mut s.attn,
            );
            row = r1;
        }
        l.attn_out.matmul(&s.ctx, &mut s.a, simd, s.split);
        let n = &l.attn_norm;
        simd::add_norm(simd, &mut s.a, h, &n.w, &n.b, self.eps);
        l.up.matmul(h, &mut s.ff, simd, s.split);
        simd::activate(simd, &mut s.ff, self.act);
        l.down.matmul(&s.ff, &mut s.a, simd, s.split);
        let n = &l.out_norm;
        simd::add_norm(simd, &mut s.a, h, &n.w, &n.b, self.eps);
    }

    fn pool(&self, h: &[f32], seqs: &[&[u32]], pooling: Pooling) -> Vec<Vec<f32>> {
        let hd = self.hidden;
        let mut row = 0;
        let mut out = Vec::with_capacity(seqs.len());
        for s in seqs {
            let rows = &h[row * hd..(row + s.len()) * hd];
            row += s.len();
            let mut v = match pooling {
                Pooling::Cls => rows[..hd].to_vec(),
                Pooling::Mean => {
                    let mut m = vec![0f32; hd];
                    for r in rows.chunks_exact(hd) {
                        m.iter_mut().zip(r).for_each(|(a, b)| *a += b);
                    }
                    let n = s.len().max(1) as f32;
                    m.iter_mut().for_each(|a| *a /= n);
                    m
                }
            };
            l2_normalize(&mut v);
            out.push(v);
        }
        out
    }
}

/// Buffers reused across the layers of one forward pass, and whether its products may
/// split (`QMatrix::matmul`).
#[derive(Default)]
struct Scratch {
    split: bool,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    a: Vec<f32>,
    ff: Vec<f32>,
    attn: Vec<f32>,
}

impl Layer {
    fn new(t: &HashMap<String, Tensor>, p: &str, hidden: usize, simd: Simd) -> Result<Self> {
        let a = format!("{p}attention.");
        let qkv = ["query", "key", "value"].map(|n| format!("{a}self.{n}"));
        // Tile-packed weights only where the tiles are used (a third copy of the weights).
        let linear = |names: &[String], k| {
            let m = linear(t, names, k)?;
            Ok::<_, super::error::EmbedError>(if simd == Simd::Amx { m.with_tiles() } else { m })
        };
        Ok(Self {
            qkv: linear(&qkv, hidden)?,
            attn_out: linear(&[format!("{a}output.dense")], hidden)?,
            attn_norm: Norm::new(t, &format!("{a}output.LayerNorm"))?,
            up: linear(&[format!("{p}intermediate.dense")], hidden)?,
            down: linear(&[format!("{p}output.dense")], 0)?,
            out_norm: Norm::new(t, &format!("{p}output.LayerNorm"))?,
        })
    }
}

impl Norm {
    fn new(t: &HashMap<String, Tensor>, p: &str) -> Result<Self> {
        Ok(Self {
            w: get(t, &format!("{p}.weight"))?,
            b: get(t, &format!("{p}.bias"))?,
        })
    }
}

/// The linear layers `names` stacked by output rows into one int8 matrix; `k` is the input
/// width (0: take it from the tensor).
fn linear(t: &HashMap<String, Tensor>, names: &[String], k: usize) -> Result<QMatrix> {
    let (mut w, mut bias) = (Vec::new(), Vec::new());
    let mut cols = k;
    for n in names {
        let wt = t
            .get(&format!("{n}.weight"))
            .with_context(|| format!("no tensor {n}.weight"))?;
        let (_, c) = wt.dims2()?;
        if cols == 0 {
            cols = c;
        }
        if c != cols {
            bail!("{n}.weight has {c} columns, expected {cols}");
        }
        w.extend(wt.flatten_all()?.to_vec1::<f32>()?);
        bias.extend(get(t, &format!("{n}.bias"))?);
    }
    let (q, scale) = weights::quantize_rows(&w, cols);
    let q: Vec<i8> = q.into_iter().map(|b| b as i8).collect();
    if bias.len() != scale.len() {
        bail!("{}: bias and weight rows differ", names[0]);
    }
    Ok(QMatrix::new(&q, scale, bias, cols))
}

fn get(t: &HashMap<String, Tensor>, name: &str) -> Result<Vec<f32>> {
    let x = t.get(name).with_context(|| format!("no tensor {name}"))?;
    Ok(x.flatten_all()?.to_vec1::<f32>()?)
}
