//! A tiny random BERT (hidden 32, 2 layers, Unigram vocabulary) written by the test and loaded
//! through the real `BertEmbedder::load`, then packed with `pack` and loaded again.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use index::embed::{dot, pack, BertEmbedder, Embedder};
use serde_json::{json, Value};

const H: usize = 32;
const FF: usize = 64;
const LAYERS: usize = 2;
const POS: usize = 64;

/// Pieces after the four specials. Multi-character pieces score higher than their letters so
/// the Unigram model prefers them. "é" and "▁été" should be pruned by `pack`; "Ω" is kept for
/// a keep text, "居民" though no keep text has it (every piece with a CJK character is).
fn pieces() -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = ["<s>", "<pad>", "</s>", "<unk>"]
        .iter()
        .map(|s| (s.to_string(), 0.0))
        .collect();
    v.push(("▁".into(), -3.0));
    for c in ('a'..='z').chain(":,.?".chars()) {
        v.push((c.to_string(), -8.0));
        v.push((format!("▁{c}"), -8.5));
    }
    for w in [
        "▁passage",
        "▁query",
        "▁the",
        "▁city",
        "▁data",
        "▁urban",
        "▁renewal",
        "ing",
        "ed",
    ] {
        v.push((w.into(), -5.0));
    }
    for c in "城市更新数据社区居民治理平台上海".chars() {
        v.push((c.to_string(), -9.0));
        v.push((format!("▁{c}"), -9.5));
    }
    for w in [
        "城市",
        "更新",
        "数据",
        "社区",
        "▁城市",
        "治理",
        "平台",
        "居民",
    ] {
        v.push((w.into(), -6.0));
    }
    for w in ["é", "▁été", "Ω"] {
        v.push((w.into(), -7.0));
    }
    v
}

fn tokenizer_json(vocab: &[(String, f64)]) -> Value {
    let special = |id: usize, s: &str| {
        json!({"id": id, "content": s, "single_word": false, "lstrip": false, "rstrip": false,
               "normalized": false, "special": true})
    };
    json!({
        "version": "1.0", "truncation": null, "padding": null,
        "added_tokens": [special(0, "<s>"), special(1, "<pad>"), special(2, "</s>"), special(3, "<unk>")],
        "normalizer": null,
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "add_prefix_space": true},
        "post_processor": {"type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]},
                               "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}},
        "decoder": {"type": "Metaspace", "replacement": "▁", "add_prefix_space": true},
        "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab.iter().map(|(p, s)| json!([p, s])).collect::<Vec<_>>()},
    })
}

/// Deterministic pseudo-random tensors (xorshift), uniform in [-scale, scale].
struct Rng(u64);

impl Rng {
    fn tensor(&mut self, shape: &[usize], scale: f32) -> Tensor {
        let n = shape.iter().product();
        let v: Vec<f32> = (0..n)
            .map(|_| {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                ((self.0 >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * scale
            })
            .collect();
        Tensor::from_vec(v, shape, &Device::Cpu).unwrap()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    Bert,
    Bert16,
    /// XLM-R naming (`roberta.` prefix) and positions starting at pad_token_id + 1.
    XlmR,
}

fn write_tiny(dir: &Path, variant: Variant) {
    std::fs::create_dir_all(dir).unwrap();
    let vocab = pieces();
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let ones = || Tensor::ones(H, DType::F32, &Device::Cpu).unwrap();
    let mut t: HashMap<String, Tensor> = HashMap::new();
    t.insert(
        "embeddings.word_embeddings.weight".into(),
        r.tensor(&[vocab.len(), H], 1.0),
    );
    t.insert(
        "embeddings.position_embeddings.weight".into(),
        r.tensor(&[POS, H], 0.3),
    );
    t.insert(
        "embeddings.token_type_embeddings.weight".into(),
        r.tensor(&[2, H], 0.1),
    );
    t.insert("embeddings.LayerNorm.weight".into(), ones());
    t.insert("embeddings.LayerNorm.bias".into(), r.tensor(&[H], 0.05));
    for l in 0..LAYERS {
        let p = format!("encoder.layer.{l}.");
        for (name, rows, cols) in [
            ("attention.self.query", H, H),
            ("attention.self.key", H, H),
            ("attention.self.value", H, H),
            ("attention.output.dense", H, H),
            ("intermediate.dense", FF, H),
            ("output.dense", H, FF),
        ] {
            t.insert(format!("{p}{name}.weight"), r.tensor(&[rows, cols], 0.3));
            t.insert(format!("{p}{name}.bias"), r.tensor(&[rows], 0.05));
        }
        for ln in ["attention.output.LayerNorm", "output.LayerNorm"] {
            t.insert(format!("{p}{ln}.weight"), ones());
            t.insert(format!("{p}{ln}.bias"), r.tensor(&[H], 0.05));
        }
    }
    let mut config = json!({
        "model_type": "bert", "hidden_act": "gelu", "hidden_size": H, "intermediate_size": FF,
        "num_attention_heads": 4, "num_hidden_layers": LAYERS, "max_position_embeddings": POS,
        "type_vocab_size": 2, "vocab_size": vocab.len(), "pad_token_id": 0, "layer_norm_eps": 1e-12,
        "hidden_dropout_prob": 0.1, "initializer_range": 0.02,
    });
    match variant {
        Variant::Bert => {}
        Variant::Bert16 => {
            t = t
                .into_iter()
                .map(|(k, v)| (k, v.to_dtype(DType::F16).unwrap()))
                .collect();
        }
        Variant::XlmR => {
            // Two junk rows in front: XLM-R position p lives in row p + 2.
            let pos = &t["embeddings.position_embeddings.weight"];
            let pos = Tensor::cat(&[&r.tensor(&[2, H], 5.0), pos], 0).unwrap();
            t.insert("embeddings.position_embeddings.weight".into(), pos);
            t = t
                .into_iter()
                .map(|(k, v)| (format!("roberta.{k}"), v))
                .collect();
            config["model_type"] = json!("xlm-roberta");
            config["pad_token_id"] = json!(1);
            config["max_position_embeddings"] = json!(POS + 2);
        }
    }
    candle_core::safetensors::save(&t, dir.join("model.safetensors")).unwrap();
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    std::fs::write(
        dir.join("tokenizer.json"),
        tokenizer_json(&vocab).to_string(),
    )
    .unwrap();
}

fn texts() -> Vec<String> {
    let base = [
        "the city data",
        "urban renewal",
        "城市更新",
        "上海社区治理平台",
        "数据 平台 the city",
        "renewing the urban data platform, updated",
        "x",
        "城市更新数据社区治理平台上海城市更新",
    ];
    (0..40)
        .map(|i| format!("{} {}", base[i % base.len()], "城市".repeat(i % 7)))
        .collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn loads_and_embeds_normalised_deterministic_vectors() {
    let dir = tempfile::tempdir().unwrap();
    write_tiny(dir.path(), Variant::Bert);
    let e = BertEmbedder::load(dir.path()).unwrap();
    assert_eq!(e.dim(), H);
    assert!(e.id().contains('@'));
    let texts = texts();
    let a = e.embed_passages(&refs(&texts)).unwrap();
    assert_eq!(a.len(), texts.len());
    for v in &a {
        assert_eq!(v.len(), H);
        assert!((dot(v, v) - 1.0).abs() < 1e-4);
    }
    assert_eq!(a, e.embed_passages(&refs(&texts)).unwrap());
    assert!(dot(&a[0], &a[2]) < 0.999, "different texts should differ");
    let again = BertEmbedder::load(dir.path()).unwrap();
    assert_eq!(again.id(), e.id());
    assert_eq!(again.embed_passages(&refs(&texts)).unwrap(), a);
}

#[test]
fn batching_matches_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    write_tiny(dir.path(), Variant::Bert);
    let e = BertEmbedder::load(dir.path()).unwrap();
    let texts = texts();
    let batch = e.embed_passages(&refs(&texts)).unwrap();
    for (t, b) in texts.iter().zip(&batch) {
        let one = e.embed_passages(&[t]).unwrap().remove(0);
        let diff = one
            .iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0f32, f32::max);
        assert!(diff < 1e-4, "{t}: batch and single differ by {diff}");
    }
}

#[test]
fn prefixes_pooling_and_truncation_follow_settings() {
    let dir = tempfile::tempdir().unwrap();
    write_tiny(dir.path(), Variant::Bert);
    let e = BertEmbedder::load(dir.path()).unwrap();
    let q = e.embed_query("urban data").unwrap();
    assert_eq!(q, e.embed_raw(&["query: urban data".into()]).unwrap()[0]);
    assert!(dot(&q, &e.embed_passages(&["urban data"]).unwrap()[0]) < 0.9999);

    let mean_id = e.id().to_string();
    std::fs::write(
        dir.path().join("gongchuang.json"),
        r#"{"pooling":"cls","max_len":8,"query_prefix":""}"#,
    )
    .unwrap();
    let e = BertEmbedder::load(dir.path()).unwrap();
    assert_ne!(e.id(), mean_id, "settings are part of the model id");
    assert_eq!(e.count_tokens(&"城市更新 ".repeat(20)).unwrap(), 8);
    let v = e.embed_query("城市更新 ".repeat(20).as_str()).unwrap();
    assert!((dot(&v, &v) - 1.0).abs() < 1e-4);
    assert_eq!(
        e.embed_query("urban").unwrap(),
        e.embed_raw(&["urban".into()]).unwrap()[0]
    );
}

#[test]
fn f16_and_xlmr_checkpoints_load_like_bert() {
    let texts = texts();
    let embed = |variant| {
        let dir = tempfile::tempdir().unwrap();
        write_tiny(dir.path(), variant);
        BertEmbedder::load(dir.path())
            .unwrap()
            .embed_passages(&refs(&texts))
            .unwrap()
    };
    let (bert, half, xlmr) = (
        embed(Variant::Bert),
        embed(Variant::Bert16),
        embed(Variant::XlmR),
    );
    for i in 0..texts.len() {
        assert!(
            dot(&bert[i], &half[i]) > 0.999,
            "f16: {}",
            dot(&bert[i], &half[i])
        );
        assert!(
            dot(&bert[i], &xlmr[i]) > 0.99999,
            "xlm-r: {}",
            dot(&bert[i], &xlmr[i])
        );
    }
}

#[test]
fn pack_round_trips() {
    let teacher = tempfile::tempdir().unwrap();
    write_tiny(teacher.path(), Variant::XlmR);
    let out = tempfile::tempdir().unwrap();
    let keep = vec![
        "上海城市更新数据平台".to_string(),
        "社区治理".to_string(),
        "城市更新".to_string(),
        "Ω".to_string(),
    ];
    let report = pack(teacher.path(), out.path(), &keep).unwrap();
    let n = pieces().len();
    assert_eq!(report.teacher_vocab, n);
    assert_eq!(report.vocab, n - 2, "é and ▁été are dropped");
    assert!(report.kept_chinese >= 1, "居民 is kept");
    assert_eq!(report.kept_from_texts, 1, "Ω, of a keep text, is kept");

    let tok = |d: &Path| tokenizers::Tokenizer::from_file(d.join("tokenizer.json")).unwrap();
    let (t_old, t_new) = (tok(teacher.path()), tok(out.path()));
    assert_eq!(t_new.get_vocab_size(true), n - 2);
    for w in ["é", "▁été"] {
        assert_eq!(t_new.token_to_id(w), None, "{w}");
    }
    let unseen = ["the urban city".to_string(), "居民治理".to_string()];
    for t in keep.iter().chain(&unseen) {
        let (a, b) = (
            t_old.encode(t.as_str(), true).unwrap(),
            t_new.encode(t.as_str(), true).unwrap(),
        );
        assert_eq!(a.get_tokens(), b.get_tokens(), "{t}");
    }
    let config: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("config.json")).unwrap()).unwrap();
    assert_eq!(config["vocab_size"], json!(n - 2));
    let gc: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("gongchuang.json")).unwrap())
            .unwrap();
    assert_eq!(gc["packed"], json!(true));
    assert!(out.path().join("README.md").is_file());

    let (a, b) = (
        BertEmbedder::load(teacher.path()).unwrap(),
        BertEmbedder::load(out.path()).unwrap(),
    );
    assert_ne!(a.id(), b.id());
    let texts: Vec<String> = texts()
        .into_iter()
        .chain(["居民 été".to_string()])
        .collect();
    let (va, vb) = (
        a.embed_passages(&refs(&texts)).unwrap(),
        b.embed_passages(&refs(&texts)).unwrap(),
    );
    for i in 0..texts.len() - 1 {
        assert!(
            dot(&va[i], &vb[i]) > 0.99,
            "{}: cosine {}",
            texts[i],
            dot(&va[i], &vb[i])
        );
    }
    // Text with pruned pieces still encodes (as other pieces or <unk>).
    assert!((dot(&vb[texts.len() - 1], &vb[texts.len() - 1]) - 1.0).abs() < 1e-4);
}
