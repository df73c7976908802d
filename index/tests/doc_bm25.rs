//! Whole-document BM25 (`FullText::doc_bm25`): a document is its passages together, whatever
//! segments they sit in; deleted and non-passage items do not count.

use index::fulltext::{FullText, Item};

fn item(kind: &str, doc: &str, n: usize, text: &str) -> Item {
    Item {
        kind: kind.into(),
        id: format!("{doc}-p{n}"),
        doc_id: doc.into(),
        source: format!("{doc}.txt"),
        text: text.into(),
        lines: (1, 1),
        ..Item::default()
    }
}

fn words(ft: &FullText, q: &str) -> Vec<String> {
    ft.tokenizer.query_words(q)
}

#[test]
fn a_document_holding_the_words_across_passages_wins() {
    let dir = tempfile::tempdir().unwrap();
    let ft = FullText::open(dir.path(), &[]).unwrap();
    let mut w = ft.writer().unwrap();
    // `a` holds the scenario's words over two passages in two segments; `b` one of them in
    // one passage; `c` only in a case item, which is no passage; `d` is deleted.
    let segments = [
        vec![
            ("passage", "a", 0, "老旧小区加装电梯，居民意见不一。"),
            ("passage", "b", 0, "新建小区配建停车场。"),
        ],
        vec![
            ("passage", "a", 1, "街道组织协商议事，低楼层补偿。"),
            ("case", "c", 0, "老旧小区加装电梯 协商议事"),
            ("passage", "d", 0, "老旧小区加装电梯协商议事"),
        ],
    ];
    for segment in segments {
        for (kind, doc, n, text) in segment {
            ft.add(&w, &item(kind, doc, n, text)).unwrap();
        }
        w.commit().unwrap();
    }
    ft.delete_doc(&w, "d");
    w.commit().unwrap();
    ft.reload().unwrap();
    let s = ft
        .doc_bm25(&words(&ft, "老旧小区加装电梯要协商议事"))
        .unwrap();
    assert!(s["a"] > 0.0, "{s:?}");
    assert!(!s.contains_key("c"), "a case item is no passage: {s:?}");
    assert!(!s.contains_key("d"), "a deleted document: {s:?}");
    assert!(s.get("b").copied().unwrap_or(0.0) < s["a"], "{s:?}");
    // A word no document holds scores nothing; a new generation is read afresh.
    assert!(ft.doc_bm25(&words(&ft, "量子计算")).unwrap().is_empty());
    ft.add(&w, &item("passage", "e", 0, "量子计算")).unwrap();
    w.commit().unwrap();
    ft.reload().unwrap();
    assert!(ft.doc_bm25(&words(&ft, "量子计算")).unwrap()["e"] > 0.0);
}
