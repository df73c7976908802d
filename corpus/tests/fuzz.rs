//! Property tests ("fuzzing on stable"): readers (text, .docx), page tables, bundle splitter, normaliser, structure and
//! metadata, HTML, extractors must never panic and must keep their provenance invariants on
//! arbitrary input. Inputs mix CJK, ASCII, punctuation, full-width and control characters,
//! lone quotes, very long lines and mutated pieces of the real corpus.
//!
//! Cases per target: `PROPTEST_CASES` (default 32, so `cargo test` stays short). For a long run,
//! `GONGCHUANG_FUZZ_SECS=600` repeats every target until that many seconds have passed
//! (see docs/fuzzing.md). Each target prints its case count on stderr.

mod fuzzing;

use corpus::extract::{extract, extract_text, Evidence, Knowledge};
use corpus::read::{decode, Source};
use corpus::{bundle, html, meta, normalize};
use fuzzing::{fuzz, text, with_corpus};
use proptest::prelude::*;
use std::sync::OnceLock;

fn kb() -> &'static Knowledge {
    static KB: OnceLock<Knowledge> = OnceLock::new();
    KB.get_or_init(|| Knowledge::bundled().unwrap())
}

fn source(text: String, first_line: u32) -> Source {
    Source {
        name: "fuzz.txt".into(),
        file: "fuzz.txt".into(),
        first_line,
        text,
        encoding: "UTF-8".into(),
    }
}

/// Input lines a source covers: `first_line ..= last`.
fn line_range(s: &Source) -> (u32, u32) {
    let n = s.text.lines().count().max(1) as u32;
    (s.first_line, s.first_line + n - 1)
}

/// Bytes: raw noise, or text encoded as UTF-8 (± BOM), GBK or UTF-16 (± BOM), then cut or flipped.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let encoded = (with_corpus(), 0u8..6, any::<u16>(), any::<(u16, u8)>()).prop_map(
        |(t, enc, cut, (at, flip))| {
            let mut b: Vec<u8> = match enc {
                0 => t.into_bytes(),
                1 => [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat(),
                2 => encoding_rs::GBK.encode(&t).0.into_owned(),
                3 => [0xFF, 0xFE]
                    .into_iter()
                    .chain(t.encode_utf16().flat_map(u16::to_le_bytes))
                    .collect(),
                4 => [0xFE, 0xFF]
                    .into_iter()
                    .chain(t.encode_utf16().flat_map(u16::to_be_bytes))
                    .collect(),
                _ => t.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            };
            // Sometimes truncate mid-sequence, sometimes flip one byte.
            if cut % 3 == 0 && !b.is_empty() {
                b.truncate(b.len() - (cut as usize % 4).min(b.len()));
            }
            if flip != 0 && !b.is_empty() {
                let i = at as usize % b.len();
                b[i] ^= flip;
            }
            b
        },
    );
    prop_oneof![
        2 => encoded,
        1 => proptest::collection::vec(any::<u8>(), 0..2048),
    ]
}

#[test]
fn fuzz_decode() {
    fuzz("decode", bytes(), |b| {
        if let Ok((s, enc)) = decode(&b) {
            prop_assert!(!s.trim().is_empty(), "{enc}: accepted blank text");
            prop_assert!(!enc.is_empty());
        }
        Ok(())
    });
}

#[test]
fn fuzz_decode_round_trips() {
    // Text that is clean and not blank comes back as it was, from every encoding with a BOM
    // and from plain UTF-8.
    let clean = text().prop_filter("clean text", |t| {
        !t.trim().is_empty()
            && !t.starts_with('\u{feff}')
            && t.chars()
                .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
    });
    fuzz("decode_round_trip", (clean, 0u8..4), |(t, enc)| {
        let b: Vec<u8> = match enc {
            0 => t.clone().into_bytes(),
            1 => [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat(),
            2 => [0xFF, 0xFE]
                .into_iter()
                .chain(t.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            _ => [0xFE, 0xFF]
                .into_iter()
                .chain(t.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        };
        let (s, _) = decode(&b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(s, t);
        Ok(())
    });
}

#[test]
fn fuzz_bundle_split() {
    fuzz("bundle", text(), |t| {
        let n_sep = t.lines().filter(|l| bundle::is_separator(l)).count();
        let out = bundle::split("f.txt", &t, "UTF-8");
        // One result per separator line: no entry is lost without a report.
        prop_assert_eq!(out.len(), n_sep);
        if bundle::is_bundle(&t) {
            prop_assert!(!out.is_empty());
        }
        let lines: Vec<&str> = t.lines().collect();
        for s in out.iter().flatten() {
            prop_assert!(!s.name.is_empty() && !s.name.contains('\n'));
            prop_assert!(s.first_line >= 2 && s.first_line as usize <= lines.len() + 1);
            // The body is exactly the input lines from `first_line` on.
            for (i, l) in s.text.lines().enumerate() {
                prop_assert_eq!(l, lines[s.first_line as usize - 1 + i]);
            }
        }
        Ok(())
    });
}

#[test]
fn fuzz_normalize_keeps_lines() {
    fuzz("normalize", (with_corpus(), 1u32..5000), |(t, first)| {
        let src = source(t, first);
        let (lo, hi) = line_range(&src);
        let input_chars = src.text.chars().count();
        let out = normalize::normalize(&src);
        let mut total = 0;
        for l in &out {
            prop_assert_eq!(l.chars.len(), l.src.len());
            for &n in &l.src {
                prop_assert!(lo <= n && n <= hi, "line {} outside {}..={}", n, lo, hi);
            }
            total += l.chars.len();
        }
        prop_assert!(
            total <= input_chars,
            "{} chars out of {}",
            total,
            input_chars
        );
        Ok(())
    });
}

#[test]
fn fuzz_parse_structure() {
    fuzz("structure", (with_corpus(), 1u32..5000), |(t, first)| {
        let src = source(t, first);
        let (lo, hi) = line_range(&src);
        let doc = corpus::parse(&src);
        let inside = |(a, b): (u32, u32)| lo <= a && a <= b && b <= hi;
        prop_assert!(doc.lines.0 <= lo && hi <= doc.lines.1.max(hi));
        for (i, p) in doc.passages.iter().enumerate() {
            prop_assert!(
                inside(p.lines),
                "passage {} lines {:?} outside {}..={}",
                i,
                p.lines,
                lo,
                hi
            );
            prop_assert!(p.section < doc.sections.len());
            let n = p.text.chars().count() as u32;
            prop_assert!(!p.text.trim().is_empty());
            prop_assert!(p.line_map.windows(2).all(|w| w[0].0 < w[1].0));
            for &(o, l) in &p.line_map {
                prop_assert!(o < n.max(1) && p.lines.0 <= l && l <= p.lines.1);
            }
            prop_assert!(p.sentence_ends.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(p.sentence_ends.iter().all(|&e| e <= n));
        }
        for s in &doc.sections {
            prop_assert!(s.lines.0 <= s.lines.1, "section {:?}", s);
            prop_assert!(s.lines.1 <= hi);
        }
        for r in &doc.references {
            prop_assert!(inside(r.lines), "reference lines {:?}", r.lines);
        }
        if let Some(p) = &doc.policy {
            for c in &p.clauses {
                prop_assert!(inside(c.lines), "clause lines {:?}", c.lines);
            }
        }
        Ok(())
    });
}

#[test]
fn fuzz_meta() {
    fuzz("meta", (text(), text()), |(name, body)| {
        let lines: Vec<String> = body.lines().map(str::to_string).collect();
        let m = meta::extract(&name, &lines, &lines);
        let _ = meta::parse_source_name(&name);
        let _ = meta::split_keywords(&body);
        for &i in &m.meta_lines {
            prop_assert!(i < lines.len());
        }
        if let Some((a, b)) = m.abstract_lines {
            prop_assert!(a <= b && b < lines.len());
            prop_assert!(meta::abstract_label_len(&lines[a]) <= lines[a].chars().count());
        }
        Ok(())
    });
}

#[test]
fn fuzz_html() {
    fuzz("html", text(), |t| {
        let out = html::to_text(&t);
        // Markup goes, line numbers stay: every input line is still there.
        prop_assert_eq!(out.matches('\n').count(), t.matches('\n').count());
        Ok(())
    });
}

/// Every evidence span lies inside its passage text and its lines inside the document.
fn check_evidence(doc: &corpus::Document, e: &Evidence) -> Result<(), TestCaseError> {
    prop_assert!(e.start <= e.end, "span {}..{}", e.start, e.end);
    let (text, lines) = if let Some(p) = doc.passages.iter().find(|p| p.id == e.passage) {
        (&p.text, p.lines)
    } else {
        let r = e
            .passage
            .rsplit_once("-r")
            .and_then(|(_, n)| n.parse::<usize>().ok())
            .and_then(|n| doc.references.get(n));
        let r = r.ok_or_else(|| TestCaseError::fail(format!("unknown passage {}", e.passage)))?;
        (&r.text, r.lines)
    };
    prop_assert!(
        e.end as usize <= text.chars().count(),
        "span {}..{} beyond {} chars",
        e.start,
        e.end,
        text.chars().count()
    );
    prop_assert!(
        lines.0 <= e.lines.0 && e.lines.0 <= e.lines.1 && e.lines.1 <= lines.1,
        "evidence lines {:?} outside {:?}",
        e.lines,
        lines
    );
    Ok(())
}

#[test]
fn fuzz_extract() {
    fuzz("extract", with_corpus(), |t| {
        let doc = corpus::parse(&source(t, 2));
        let x = extract(&doc, kb());
        let refs = x
            .concepts
            .iter()
            .chain(&x.obstacles)
            .chain(x.cases.iter().flat_map(|c| {
                c.domains
                    .iter()
                    .chain(&c.actors)
                    .chain(&c.technologies)
                    .chain(&c.mechanisms)
                    .chain(&c.obstacles)
                    .chain(&c.outcomes)
                    .chain(&c.financing)
                    .chain(&c.operation)
            }));
        let mut evidence: Vec<&Evidence> = refs.flat_map(|r| &r.evidence).collect();
        evidence.extend(x.places.iter().flat_map(|p| &p.evidence));
        evidence.extend(&x.countermeasures);
        evidence.extend(x.policies.iter().flat_map(|p| &p.evidence));
        for c in &x.cases {
            evidence.extend(&c.evidence);
            evidence.extend(&c.outcome_figures);
            evidence.extend(c.place.iter().flat_map(|p| &p.evidence));
        }
        let paths = x.paths.iter().chain(x.cases.iter().flat_map(|c| &c.paths));
        for p in paths {
            for s in &p.stages {
                evidence.extend(&s.evidence);
            }
        }
        for e in evidence {
            check_evidence(&doc, e)?;
        }
        Ok(())
    });
}

#[test]
fn fuzz_extract_text() {
    fuzz("extract_text", with_corpus(), |t| {
        let (concepts, places) = extract_text(&t, kb());
        let n_chars = t.chars().count() as u32;
        let n_lines = t.matches('\n').count() as u32 + 1;
        let evidence = concepts
            .iter()
            .flat_map(|c| &c.evidence)
            .chain(places.iter().flat_map(|p| &p.evidence));
        for e in evidence {
            prop_assert!(e.start <= e.end && e.end <= n_chars);
            prop_assert!(1 <= e.lines.0 && e.lines.0 <= e.lines.1 && e.lines.1 <= n_lines);
        }
        Ok(())
    });
}

#[test]
fn fuzz_docx() {
    // A real .docx cut short or with a byte changed, or noise: an error or text, no panic.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/files/sample.docx");
    let docx = std::fs::read(path).unwrap();
    let n = docx.len();
    let mutated = (0..n, 0..n, any::<u8>(), any::<bool>()).prop_map(move |(cut, at, b, noise)| {
        let mut d = docx.clone();
        d[at] = b;
        d.truncate(if noise { cut } else { n });
        d
    });
    fuzz("docx", mutated, |b| {
        if let Ok(t) = corpus::read::docx::read(&b) {
            prop_assert!(!t.trim().is_empty());
        }
        Ok(())
    });
}

#[test]
fn fuzz_page_table() {
    // Pages and lines rise together; every page is at least 1; lines stay in the text.
    let paged = (
        text(),
        proptest::collection::vec(any::<u16>(), 0..6),
        1u32..1000,
    );
    fuzz("page_table", paged, |(t, feeds, first)| {
        let mut t: Vec<char> = t.chars().collect();
        for f in feeds {
            let at = f as usize % (t.len() + 1);
            t.insert(at, '\u{c}');
        }
        let t: String = t.into_iter().collect();
        let table = corpus::model::page_table(&t, first);
        let last = first + t.split('\n').count() as u32 - 1;
        for w in table.windows(2) {
            prop_assert!(w[0].0 < w[1].0 && w[0].1 < w[1].1, "{table:?}");
        }
        for &(line, page) in &table {
            prop_assert!(page >= 1 && line >= first && line <= last, "{table:?}");
        }
        Ok(())
    });
}
