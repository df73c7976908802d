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

/// An empty index in a temporary directory (kept alive by the caller) and its writer.
fn fresh() -> (tempfile::TempDir, FullText, tantivy::IndexWriter) {
    let dir = tempfile::tempdir().unwrap();
    let ft = FullText::open(dir.path(), &[]).unwrap();
    let w = ft.writer().unwrap();
    (dir, ft, w)
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

/// Character bigrams find a document that says the scenario's thing in other words: jieba
/// cuts `火山岩` and `火山石`, `出工` and `投工` into words that do not meet, their
/// characters do.
#[test]
fn a_paraphrase_shares_bigrams_where_words_differ() {
    let dir = tempfile::tempdir().unwrap();
    let ft = FullText::open(dir.path(), &[]).unwrap();
    let mut w = ft.writer().unwrap();
    let docs = [
        (
            "a",
            "村里保存着用火山石垒砌的古民居和石巷。村民投工投劳，修缮石巷和古井。",
        ),
        ("b", "社区推进老旧小区改造，村民议事会讨论停车和绿化。"),
    ];
    for (doc, text) in docs {
        ft.add(&w, &item("passage", doc, 0, text)).unwrap();
        // A case item carries no bigrams: only passages make a document.
        ft.add(&w, &item("case", doc, 1, "火山岩 出工 巷子 老井"))
            .unwrap();
    }
    w.commit().unwrap();
    ft.reload().unwrap();
    let q = "我们村是火山岩石头房子的古村，想让村民自己出工出力修巷子和老井";
    let s = ft.doc_bigram_bm25(q).unwrap().whole;
    assert!(s["a"] > s.get("b").copied().unwrap_or(0.0), "{s:?}");
    let by_words = ft.doc_bm25(&words(&ft, q)).unwrap();
    let ratio = |m: &std::collections::HashMap<String, f32>| {
        m.get("a").copied().unwrap_or(0.0) / m.get("b").copied().unwrap_or(1e-6).max(1e-6)
    };
    assert!(
        ratio(&s) > ratio(&by_words),
        "bigrams {s:?}, words {by_words:?}"
    );
}

/// A document's best passage: a short document that tells of the scenario in one passage
/// leads a long one whose many passages each hold a little of it, where the whole
/// document's BM25 (which sums them) puts the long one first.
#[test]
fn the_best_passage_tells_where_the_whole_document_sums() {
    let (_dir, ft, mut w) = fresh();
    ft.add(
        &w,
        &item(
            "passage",
            "short",
            0,
            "老厂房改造成文创园区，工人宿舍改为青年公寓。",
        ),
    )
    .unwrap();
    let long = [
        "老城区的厂房闲置多年。",
        "园区周边道路改造。",
        "工人宿舍年久失修。",
        "文创企业看重租金。",
        "青年公寓供给不足。",
        "改造资金来自财政。",
        "厂房改文创园区。",
        "宿舍改青年公寓。",
    ];
    for (i, text) in long.iter().enumerate() {
        ft.add(&w, &item("passage", "long", i, text)).unwrap();
    }
    // Other documents, so that rarity means something.
    for (doc, text) in [
        ("bg0", "社区推进垃圾分类，居民议事会讨论停车。"),
        ("bg1", "古镇保护传统民居，修缮石巷和古井。"),
        ("bg2", "智慧社区平台上线，老人一键呼叫。"),
    ] {
        ft.add(&w, &item("passage", doc, 0, text)).unwrap();
    }
    w.commit().unwrap();
    ft.reload().unwrap();
    let s = ft
        .doc_bigram_bm25(
            "老厂房改文创园区，工人宿舍改青年公寓，园区道路改造，文创企业租金，财政资金",
        )
        .unwrap();
    assert!(s.whole["long"] > s.whole["short"], "{s:?}");
    assert!(s.passage["short"] > s.passage["long"], "{s:?}");
}

/// An index built before the bigram field is stale: `open` says so (the app rebuilds it
/// from the archive), a missing one is not.
#[test]
fn an_index_without_the_bigram_field_is_stale() {
    use tantivy::schema::{Schema, STORED, STRING};
    let fresh = tempfile::tempdir().unwrap();
    assert!(FullText::open(fresh.path(), &[]).is_ok());
    let dir = tempfile::tempdir().unwrap();
    let mut b = Schema::builder();
    b.add_text_field("kind", STRING | STORED);
    tantivy::Index::create_in_dir(dir.path(), b.build()).unwrap();
    let err = FullText::open(dir.path(), &[])
        .err()
        .expect("a stale index");
    assert!(err.to_string().contains("older version"), "{err}");
    // One with the passages' bigrams but not the cases' (sessions 25-31) is stale too.
    let dir = tempfile::tempdir().unwrap();
    let mut b = Schema::builder();
    b.add_text_field("kind", STRING | STORED);
    b.add_text_field("bigrams", STRING);
    tantivy::Index::create_in_dir(dir.path(), b.build()).unwrap();
    let err = FullText::open(dir.path(), &[])
        .err()
        .expect("a stale index");
    assert!(err.to_string().contains("case_bigrams"), "{err}");
}

/// A case's BM25 over its own text's character bigrams: each case item is scored on its
/// own (not summed over its document), and passages are not cases.
#[test]
fn cases_score_by_their_own_bigrams() {
    let (_dir, ft, mut w) = fresh();
    ft.add(
        &w,
        &item("passage", "d", 0, "老厂房改成文创园区，青年公寓。"),
    )
    .unwrap();
    ft.add(&w, &item("case", "d", 1, "某村 村民投工投劳修缮石巷古井"))
        .unwrap();
    ft.add(&w, &item("case", "d", 2, "某厂 老厂房改造为文创园区"))
        .unwrap();
    w.commit().unwrap();
    ft.reload().unwrap();
    let s = ft.case_bigram_bm25("想把老厂房改成文创园").unwrap();
    assert!(s["d-p2"] > s.get("d-p1").copied().unwrap_or(0.0), "{s:?}");
    assert!(!s.contains_key("d-p0"), "{s:?}");
}
