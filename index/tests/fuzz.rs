//! Property tests for the search side: the query parser, the tokenizer and a whole BM25 search
//! over a small real index must never panic and must keep their invariants on arbitrary
//! queries (quotes, `-`, `field:` filters, control characters, huge inputs).
//! Cases: `PROPTEST_CASES` (default 32); `GONGCHUANG_FUZZ_SECS=N` runs each target for N
//! seconds (docs/fuzzing.md).

#[path = "../../corpus/tests/fuzzing/mod.rs"]
mod fuzzing;

use corpus::normalize::script::fold;
use fuzzing::{fuzz, piece, text};
use index::fulltext::{FullText, Item};
use index::query::{parse, QueryError, FILTER_FIELDS, MAX_QUERY_CHARS};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Queries: search-box pieces (words, quotes, `-`, filters) mixed with any text, sometimes huge.
fn query() -> BoxedStrategy<String> {
    let token = prop_oneof![
        3 => piece(),
        2 => proptest::sample::select(vec![
            "\"", "“", "”", "-", "--", "-\"", ":", "::", " ", "  ", "\t", "type:", "type:case",
            "genre:policy", "year:", "doc:d1", "place:苏州", "concept:", "scheme:actor", "foo:bar",
            "Type:x", "a:b:c", "\"老旧小区", "改造\"", "-社区", "“城市更新”",
        ])
        .prop_map(str::to_string),
    ];
    prop_oneof![
        8 => proptest::collection::vec(token, 0..24).prop_map(|v| v.join(" ")),
        1 => text(),
        1 => (piece(), 300usize..3000).prop_map(|(p, n)| p.repeat(n)),
    ]
    .boxed()
}

#[test]
fn fuzz_query_parse() {
    fuzz("query_parse", query(), |q| {
        let n = q.chars().count();
        match parse(&q) {
            Ok(p) => {
                prop_assert!(n <= MAX_QUERY_CHARS);
                prop_assert!(!p.text.is_empty() || !p.filters.is_empty());
                for (f, v) in &p.filters {
                    prop_assert!(FILTER_FIELDS.contains(&f.as_str()) && !v.is_empty());
                }
                prop_assert!(p.excluded.iter().all(|e| !e.is_empty()));
                prop_assert!(p.phrases.iter().all(|e| !e.trim().is_empty()));
            }
            Err(QueryError::TooLong(m)) => prop_assert!(m == n && n > MAX_QUERY_CHARS),
            Err(_) => prop_assert!(n <= MAX_QUERY_CHARS),
        }
        Ok(())
    });
}

/// A small real index: the passages of a few seed documents.
fn index() -> &'static FullText {
    static FT: OnceLock<(tempfile::TempDir, FullText)> = OnceLock::new();
    &FT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let ft = FullText::open(dir.path(), &[]).unwrap();
        let text = std::fs::read_to_string(corpus::bundled_corpus_path()).unwrap();
        let w = ft.writer().unwrap();
        for src in corpus::bundle::split("seed.txt", &text, "UTF-8")
            .into_iter()
            .flatten()
            .take(4)
        {
            let doc = corpus::parse(&src);
            for p in &doc.passages {
                let item = Item {
                    kind: "passage".into(),
                    id: p.id.clone(),
                    doc_id: doc.id.clone(),
                    title: doc.title.clone(),
                    source: doc.source.clone(),
                    text: p.text.clone(),
                    keywords: doc.keywords.clone(),
                    genre: doc.genre.clone(),
                    year: "2024".into(),
                    lines: p.lines,
                    ..Item::default()
                };
                ft.add(&w, &item).unwrap();
            }
        }
        let mut w = w;
        w.commit().unwrap();
        ft.reload().unwrap();
        (dir, ft)
    })
    .1
}

/// A lexical search request (no dense neighbours, no query concepts, default weights).
fn request<'a>(
    q: &'a str,
    kind: Option<&'a str>,
    limit: usize,
    offset: usize,
) -> index::search::Request<'a> {
    index::search::Request {
        q,
        kind,
        limit,
        offset,
        dense: Vec::new(),
        query_concepts: Vec::new(),
        weights: Default::default(),
    }
}

#[test]
fn fuzz_search() {
    let ft = index();
    assert!(ft.num_items() > 50);
    let kinds = proptest::sample::select(vec![None, Some("passage"), Some("case"), Some("x")]);
    let args = (query(), kinds, 0usize..500, 0usize..300);
    fuzz("search", args, |(q, kind, limit, offset)| {
        let req = request(&q, kind, limit, offset);
        match index::search::search(ft, &req) {
            Ok(r) => {
                prop_assert!(r.hits.len() <= limit.clamp(1, index::search::MAX_LIMIT));
                for h in &r.hits {
                    let n = h.text.chars().count();
                    for s in &h.highlights {
                        prop_assert!(s[0] < s[1] && s[1] <= n, "highlight {:?} in {} chars", s, n);
                    }
                }
            }
            Err(index::SearchError::Query(_)) => {}
            Err(e) => prop_assert!(false, "index error: {}", e),
        }
        Ok(())
    });
}

#[test]
fn fuzz_tokenizer() {
    let ft = index();
    fuzz("tokenizer", query(), |t| {
        for (tok, from, to, _) in ft.tokenizer.tokens(&t) {
            prop_assert!(from < to && to <= t.len());
            prop_assert!(t.is_char_boundary(from) && t.is_char_boundary(to));
            prop_assert_eq!(tok, fold(&t[from..to]).to_lowercase());
        }
        for w in ft.tokenizer.query_words(&t) {
            prop_assert!(!w.is_empty());
        }
        Ok(())
    });
}

/// Regression (found by the HTTP tests with `q=%FF%FE`, decoded to U+FFFD): a query of only
/// punctuation or symbols had no words and matched every item.
#[test]
fn query_without_words_is_refused() {
    let ft = index();
    for q in ["\u{fffd}\u{fffd}", "。。！", "“”", "- -"] {
        let req = request(q, None, 10, 0);
        match index::search::search(ft, &req) {
            Err(index::SearchError::Query(_)) => {}
            Ok(r) => panic!("{q:?}: {} hits", r.hits.len()),
            Err(e) => panic!("{q:?}: {e}"),
        }
    }
    // Filters alone still list (every case, every passage of a year).
    let req = request("year:2024", None, 10, 0);
    assert!(!index::search::search(ft, &req).unwrap().hits.is_empty());
}
