//! Dev helper: dump the parsed seed corpus as JSON (run with --ignored).

#[test]
#[ignore]
fn dump_parsed_corpus() {
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    let docs: Vec<corpus::Document> = walk.sources.iter().map(corpus::parse).collect();
    let out = std::env::var("DUMP_TO").unwrap_or_else(|_| "/tmp/parsed.json".into());
    std::fs::write(out, serde_json::to_string(&docs).unwrap()).unwrap();
}

/// Dev helper: places and concept mentions of the passages containing $DUMP_NEEDLE.
#[test]
#[ignore]
fn dump_mentions() {
    let needle = std::env::var("DUMP_NEEDLE").unwrap_or_default();
    let kb = corpus::extract::Knowledge::bundled().unwrap();
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    for src in &walk.sources {
        let doc = corpus::parse(src);
        if !doc.passages.iter().any(|p| p.text.contains(&needle)) {
            continue;
        }
        let view = corpus::extract::doc::DocView::new(&doc, &kb);
        for (i, p) in doc.passages.iter().enumerate() {
            if !p.text.contains(&needle) {
                continue;
            }
            println!("PASSAGE {} {}", p.id, p.text);
            for m in view.places.iter().filter(|m| m.passage == i) {
                println!(
                    "  place {}..{} {:?} {}",
                    m.start,
                    m.end,
                    view.text(i, m.start, m.end),
                    m.place.key()
                );
            }
            for m in view.mentions.iter().filter(|m| m.passage == i) {
                let c = &kb.thesaurus.concepts[m.concept];
                println!(
                    "  concept {}..{} {:?} {} {} d{}",
                    m.start,
                    m.end,
                    view.text(i, m.start, m.end),
                    c.label,
                    c.scheme,
                    kb.thesaurus.depth(&c.iri)
                );
            }
        }
        let ex = corpus::extract::extract(&doc, &kb);
        for c in &ex.cases {
            println!(
                "CASE {} {:?} {:?}",
                c.name,
                c.place.as_ref().map(|p| (&p.name, &p.level)),
                c.evidence
                    .iter()
                    .map(|e| (&e.passage, e.start))
                    .collect::<Vec<_>>()
            );
        }
    }
}

/// Dev helper: policies of the documents containing $DUMP_NEEDLE.
#[test]
#[ignore]
fn dump_policies() {
    let needle = std::env::var("DUMP_NEEDLE").unwrap_or_default();
    let kb = corpus::extract::Knowledge::bundled().unwrap();
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    for src in &walk.sources {
        let doc = corpus::parse(src);
        if !doc.passages.iter().any(|p| p.text.contains(&needle)) {
            continue;
        }
        let ex = corpus::extract::extract(&doc, &kb);
        for p in &ex.policies {
            println!(
                "POLICY {} [{}] {:?} {:?}",
                p.name,
                p.key,
                p.year,
                p.evidence.first().map(|e| &e.passage)
            );
        }
    }
}

/// Dev helper: every extraction of the seed corpus as JSON ($DUMP_TO, default /tmp/ex.json).
#[test]
#[ignore]
fn dump_extractions() {
    let kb = corpus::extract::Knowledge::bundled().unwrap();
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    let docs: Vec<corpus::Document> = walk.sources.iter().map(corpus::parse).collect();
    let ex: Vec<_> = docs
        .iter()
        .map(|d| (d.source.clone(), corpus::extract::extract(d, &kb)))
        .collect();
    std::fs::write("/tmp/parsed.json", serde_json::to_string(&docs).unwrap()).unwrap();
    let out = std::env::var("DUMP_TO").unwrap_or_else(|_| "/tmp/ex.json".into());
    std::fs::write(out, serde_json::to_string_pretty(&ex).unwrap()).unwrap();
}
