//! Equal BM25 scores at a search's cut are taken by item id, whatever the order and the
//! segments the items were indexed in: two ingests of one corpus give the same candidates
//! (the fits of `gongchuang eval --dev --fit` depend on it).

use index::fulltext::{FullText, Item};

fn passage(id: &str) -> Item {
    Item {
        kind: "passage".into(),
        id: id.into(),
        doc_id: id.into(),
        source: format!("{id}.txt"),
        // One text for all: every item scores the same.
        text: "老旧小区加装电梯，居民协商议事。".into(),
        lines: (1, 1),
        ..Item::default()
    }
}

/// The items indexed in this order, each batch of `per_commit` its own segment.
fn index(ids: &[&str], per_commit: usize) -> (tempfile::TempDir, FullText) {
    let dir = tempfile::tempdir().unwrap();
    let ft = FullText::open(dir.path(), &[]).unwrap();
    let mut w = ft.writer().unwrap();
    for batch in ids.chunks(per_commit) {
        for id in batch {
            ft.add(&w, &passage(id)).unwrap();
        }
        w.commit().unwrap();
    }
    ft.reload().unwrap();
    (dir, ft)
}

fn top(ft: &FullText, limit: usize) -> Vec<String> {
    let parsed = index::query::parse("加装电梯").unwrap();
    let (q, _) = ft.build(&parsed, None);
    let (hits, total) = ft.search(q.as_ref(), limit).unwrap();
    assert_eq!(total, 8);
    hits.into_iter().map(|h| h.item.id.clone()).collect()
}

#[test]
fn ties_at_the_cut_go_by_id() {
    let ids = ["p5", "p2", "p7", "p0", "p6", "p3", "p1", "p4"];
    let mut reversed = ids;
    reversed.reverse();
    let (_a, one) = index(&ids, 8);
    let (_b, many) = index(&reversed, 3);
    assert_eq!(top(&one, 3), ["p0", "p1", "p2"]);
    assert_eq!(top(&many, 3), ["p0", "p1", "p2"]);
    assert_eq!(top(&many, 20).len(), 8);
}
