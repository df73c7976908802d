//! Foundation checks on the real seed corpus: reading, metadata, normalisation, line maps.

use corpus::text::match_key;
use corpus::Document;
use once_cell::sync::Lazy;
use regex::Regex;
use std::path::PathBuf;

static DOCS: Lazy<Vec<Document>> = Lazy::new(|| {
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    assert!(walk.errors.is_empty(), "{:?}", walk.errors);
    walk.sources.iter().map(corpus::parse).collect()
});
static BUNDLE_LINES: Lazy<Vec<String>> = Lazy::new(|| {
    std::fs::read_to_string(corpus::bundled_corpus_path())
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
});

fn dev_docs() -> Vec<serde_json::Value> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev_docs.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn reads_forty_documents_with_exact_source_names() {
    assert_eq!(DOCS.len(), 40);
    let names: Vec<&str> = BUNDLE_LINES
        .windows(2)
        .filter(|w| w[0] == "=====")
        .map(|w| w[1].trim())
        .collect();
    let got: Vec<&str> = DOCS.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(got, names);
    let ids: std::collections::HashSet<_> = DOCS.iter().map(|d| &d.id).collect();
    assert_eq!(ids.len(), 40, "ids are unique");
}

/// A date in ground truth is free text; ours is ISO. They match when every component of
/// ours appears, in order, among the numbers of the ground truth.
fn date_matches(ours: &str, truth: &str) -> bool {
    let nums: Vec<u32> = Regex::new(r"\d+")
        .unwrap()
        .find_iter(truth)
        .filter_map(|m| m.as_str().parse().ok())
        .collect();
    let parts: Vec<u32> = ours.split('-').filter_map(|p| p.parse().ok()).collect();
    nums.windows(parts.len()).any(|w| w == parts.as_slice())
}

#[test]
fn metadata_matches_dev_ground_truth() {
    let mut total = 0;
    let mut ok = 0;
    let mut misses = Vec::new();
    for truth in dev_docs() {
        let file = truth["file"].as_str().unwrap();
        let doc = DOCS.iter().find(|d| d.source == file).expect(file);
        let mut check = |field: &str, hit: bool| {
            total += 1;
            if hit {
                ok += 1;
            } else {
                misses.push(format!("{field} of {file}"));
            }
        };
        if let Some(t) = truth["title_zh"].as_str() {
            check("title", match_key(t) == match_key(&doc.title));
        }
        let authors: Vec<String> = truth["authors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| match_key(a.as_str().unwrap()))
            .collect();
        if !authors.is_empty() {
            let ours: Vec<String> = doc.authors.iter().map(|a| match_key(a)).collect();
            check("authors", ours == authors);
        }
        if let Some(d) = truth["date"].as_str() {
            check(
                "date",
                doc.date.as_deref().is_some_and(|o| date_matches(o, d)),
            );
        }
        if let Some(d) = truth["doi"].as_str() {
            check(
                "doi",
                doc.doi.as_deref().map(str::to_lowercase) == Some(d.to_lowercase()),
            );
        }
        let kw: Vec<String> = truth["keywords_zh"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| match_key(k.as_str().unwrap()))
            .collect();
        if !kw.is_empty() {
            let ours: Vec<String> = doc.keywords.iter().map(|k| match_key(k)).collect();
            check("keywords", ours == kw);
        }
    }
    let rate = ok as f64 / total as f64;
    println!("metadata fields matched: {ok}/{total} = {rate:.3}");
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(
        rate >= 0.9,
        "metadata match rate {rate:.3} < 0.9: {misses:?}"
    );
}

#[test]
fn passages_carry_no_furniture_split_digits_or_letter_spacing() {
    let furniture =
        Regex::new(r"第\d+页共\d+页|网络首发地址|网络首发时间|录用定稿指内容已经确定").unwrap();
    let spaced_cjk = Regex::new(r"(\p{Han} ){3,}\p{Han}").unwrap();
    let spaced_latin = Regex::new(r"\b([A-Za-z] ){4,}[A-Za-z]\b").unwrap();
    let mut bad = Vec::new();
    for d in DOCS.iter() {
        for p in &d.passages {
            for re in [&furniture, &spaced_cjk, &spaced_latin] {
                if let Some(m) = re.find(&p.text) {
                    bad.push(format!("{}: {:?}", p.id, m.as_str()));
                }
            }
            assert!(
                p.text.chars().count() <= 2 * corpus::structure::PASSAGE_CHARS,
                "{}",
                p.id
            );
            assert!(
                !p.text.contains('\u{3000}')
                    && !p
                        .text
                        .chars()
                        .any(|c| ('\u{FF10}'..='\u{FF19}').contains(&c))
            );
        }
    }
    assert!(
        bad.is_empty(),
        "{} bad passages, e.g. {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}

#[test]
fn split_digit_runs_are_joined() {
    // `２\n０\n２\n５年 ７月 １\n４－１\n５日` in the first document.
    let d = &DOCS[0];
    assert!(d
        .passages
        .iter()
        .any(|p| p.text.contains("2025年7月14-15日")));
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    let lines = corpus::normalize::normalize(&walk.sources[0]);
    assert!(
        lines.iter().any(|l| l.text().contains("武汉430074）")),
        "postcode split over six lines"
    );
}

#[test]
fn passage_line_ranges_point_at_their_text() {
    let strip = |s: &str| -> String { match_key(s) };
    let mut checked = 0;
    for d in DOCS.iter() {
        assert!(!d.passages.is_empty(), "{} has passages", d.source);
        for p in &d.passages {
            let (a, b) = p.lines;
            assert!(
                a >= d.lines.0 && b <= d.lines.1 && a <= b,
                "{} {:?} in {:?}",
                p.id,
                p.lines,
                d.lines
            );
            // Every line-run of the passage occurs in the lines the map names.
            for (k, &(off, line)) in p.line_map.iter().enumerate() {
                let end = p
                    .line_map
                    .get(k + 1)
                    .map_or(p.text.chars().count(), |&(o, _)| o as usize);
                let piece: String = p
                    .text
                    .chars()
                    .skip(off as usize)
                    .take(end - off as usize)
                    .collect();
                let piece = strip(&piece);
                let src = strip(
                    &corpus::normalize::glyphs::map_line(&BUNDLE_LINES[line as usize - 1], line)
                        .text(),
                );
                assert!(
                    src.contains(&piece) || piece.is_empty(),
                    "{} line {line}: {piece:?} not in {src:?}",
                    p.id
                );
                checked += 1;
            }
            let lo = p.line_map.iter().map(|&(_, l)| l).min().unwrap();
            let hi = p.line_map.iter().map(|&(_, l)| l).max().unwrap();
            assert_eq!(
                (lo, hi),
                p.lines,
                "{}: range is the span of its lines",
                p.id
            );
        }
    }
    println!("line runs checked: {checked}");
}

#[test]
fn references_are_kept_apart() {
    let with_refs = DOCS.iter().filter(|d| !d.references.is_empty()).count();
    assert!(
        with_refs >= 20,
        "only {with_refs} documents have references"
    );
    let ref_like = Regex::new(r"^\[\d+\].{5,80}\[J\]").unwrap();
    for d in DOCS.iter() {
        for p in &d.passages {
            assert!(!ref_like.is_match(&p.text), "{}: {}", p.id, p.text);
        }
    }
}

/// A binary moved away from its build tree finds the corpus in a checkout above it.
#[test]
fn the_bundled_corpus_is_found_above_a_moved_binary() {
    let root = std::env::temp_dir().join(format!("gc-checkout-{}", std::process::id()));
    let data = root.join("corpus/data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(root.join("target/release")).unwrap();
    std::fs::write(data.join("seed-40-docs.txt"), "x").unwrap();
    let exe = root.join("target/release/gongchuang");
    let found = corpus::in_checkout_above(&exe, "corpus/data/seed-40-docs.txt");
    assert_eq!(found, Some(data.join("seed-40-docs.txt")));
    assert_eq!(
        corpus::in_checkout_above(&exe, "corpus/data/none.txt"),
        None
    );
    std::fs::remove_dir_all(&root).unwrap();
    assert!(corpus::bundled_corpus_path().is_file());
}
