//! Traditional and simplified script: a query in either finds text in either, with
//! highlights and offsets on the original text.

mod common;

use common::passage;
use index::fulltext::FullText;

fn hits(ft: &FullText, q: &str) -> Vec<(String, String, Vec<[usize; 2]>)> {
    let req = index::search::Request {
        q,
        kind: None,
        limit: 10,
        offset: 0,
        dense: Vec::new(),
        query_concepts: Vec::new(),
        weights: Default::default(),
    };
    index::search::search(ft, &req)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.id, h.text, h.highlights))
        .collect()
}

fn fixture() -> (tempfile::TempDir, FullText) {
    let dir = tempfile::tempdir().unwrap();
    let ft = FullText::open(dir.path(), &[]).unwrap();
    let mut w = ft.writer().unwrap();
    let items = [
        passage("hk", "觀塘區舊樓重建項目由市區重建局推動，居民參與設計。"),
        passage("sh", "长宁区老旧小区更新，居民参与议事，街道组织协商。"),
        passage("other", "苏州工业园区数字孪生平台建成。"),
    ];
    for item in &items {
        ft.add(&w, item).unwrap();
    }
    w.commit().unwrap();
    ft.reload().unwrap();
    (dir, ft)
}

#[test]
fn simplified_query_finds_traditional_text() {
    let (_dir, ft) = fixture();
    let found = hits(&ft, "市区重建局");
    let (id, text, spans) = &found[0];
    assert_eq!(id, "hk");
    // The hit shows the original characters; the highlight covers them exactly.
    let chars: Vec<char> = text.chars().collect();
    let lit: Vec<String> = spans
        .iter()
        .map(|s| chars[s[0]..s[1]].iter().collect())
        .collect();
    assert!(lit.iter().any(|l| l.contains("市區重建局")), "{lit:?}");
}

#[test]
fn traditional_query_finds_simplified_text() {
    let (_dir, ft) = fixture();
    let ids: Vec<String> = hits(&ft, "舊樓 議事").into_iter().map(|h| h.0).collect();
    assert!(ids.contains(&"sh".to_string()), "{ids:?}");
    assert!(ids.contains(&"hk".to_string()), "{ids:?}");
}

#[test]
fn token_offsets_point_into_the_original_text() {
    let (_dir, ft) = fixture();
    // 嗰 (3 bytes) folds to 𠮶 (4 bytes): later offsets must still fall on the original.
    for text in ["觀塘區居民參與", "嗰度嘅舊區重建計劃", "abc 區域 Test 勣效"] {
        for (tok, from, to, _) in ft.tokenizer.tokens(text) {
            assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
            let orig = &text[from..to];
            assert_eq!(
                tok,
                corpus::normalize::script::fold(orig).to_lowercase(),
                "{text}"
            );
        }
    }
}
