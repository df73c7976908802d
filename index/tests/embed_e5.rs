//! The shipped model (index/model) against the teacher's reference vectors in
//! tests/data/e5_reference.json; with GONGCHUANG_TEACHER set, the full teacher too.

use std::path::{Path, PathBuf};

use index::embed::{dot, BertEmbedder, Embedder};
use serde_json::Value;

struct Check {
    text: String,
    teacher_ids: Vec<u32>,
    vector: Vec<f32>,
}

fn reference() -> Vec<Check> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/e5_reference.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Check {
            text: s["text"].as_str().unwrap().to_string(),
            teacher_ids: serde_json::from_value(s["teacher_ids"].clone()).unwrap(),
            vector: serde_json::from_value(s["vector"].clone()).unwrap(),
        })
        .collect()
}

fn assert_close(e: &BertEmbedder, min_cosine: f32) {
    for c in reference() {
        assert_eq!(
            e.count_tokens(&c.text).unwrap(),
            c.teacher_ids.len(),
            "{}",
            c.text
        );
        let v = e
            .embed_raw(std::slice::from_ref(&c.text))
            .unwrap()
            .remove(0);
        let cos = dot(&v, &c.vector);
        eprintln!("cosine {cos:.5}  {}", c.text);
        assert!(cos >= min_cosine, "{}: cosine {cos} < {min_cosine}", c.text);
    }
}

#[test]
fn shipped_model_matches_teacher_reference() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/model"));
    let e = BertEmbedder::load(&dir).expect("the shipped model in index/model");
    assert_eq!(e.dim(), 384);
    assert!(e.settings().packed);
    assert_close(&e, 0.98);
    // The prefixes are applied by embed_passages / embed_query.
    let r = reference();
    let p = e
        .embed_passages(&[r[0].text.trim_start_matches("passage: ")])
        .unwrap()
        .remove(0);
    assert!(dot(&p, &r[0].vector) >= 0.98);
    let q = e
        .embed_query(r[2].text.trim_start_matches("query: "))
        .unwrap();
    assert!(dot(&q, &r[2].vector) >= 0.98);
}

#[test]
fn teacher_matches_reference_when_available() {
    let Some(dir) = std::env::var_os("GONGCHUANG_TEACHER") else {
        eprintln!("GONGCHUANG_TEACHER not set; skipped");
        return;
    };
    let e = BertEmbedder::load(Path::new(&dir)).unwrap();
    assert_close(&e, 0.99);
}

/// Chinese words the seed corpus never uses (`五十`, `宿舍`) stay whole: the packed vocabulary
/// keeps every piece with a CJK character, not only the seed's. Tokens as the teacher's
/// tokenizer gives them.
#[test]
fn shipped_model_tokenises_unseen_chinese_as_the_teacher() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/model"));
    let tok = tokenizers::Tokenizer::from_file(dir.join("tokenizer.json")).unwrap();
    let got = tok
        .encode("query: 五十年代钢厂配套的职工宿舍，红砖坡屋顶", false)
        .unwrap();
    let teacher = [
        "▁que", "ry", ":", "▁", "五十", "年代", "钢", "厂", "配套", "的", "职工", "宿舍", ",",
        "红", "砖", "坡", "屋", "顶",
    ];
    assert_eq!(got.get_tokens(), teacher);
}
