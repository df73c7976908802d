//! Dev helper (ignored by default): every extraction of the seed corpus as JSON, for reading
//! the output by eye. `DUMP_TO=/tmp/ex.json cargo test -p corpus --test extract_dump -- --ignored`

#[test]
#[ignore]
fn dump_extractions() {
    let kb = corpus::extract::Knowledge::bundled().unwrap();
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    let out: Vec<(String, corpus::extract::Extraction)> = walk
        .sources
        .iter()
        .map(corpus::parse)
        .map(|d| (d.source.clone(), corpus::extract::extract(&d, &kb)))
        .collect();
    let to = std::env::var("DUMP_TO").unwrap_or_else(|_| "/tmp/extractions.json".into());
    std::fs::write(to, serde_json::to_string_pretty(&out).unwrap()).unwrap();
}
