//! Fixtures shared by the index tests.

use index::fulltext::Item;

/// A news passage of one line, its own document.
pub fn passage(id: &str, text: &str) -> Item {
    Item {
        kind: "passage".into(),
        id: id.into(),
        doc_id: id.into(),
        source: format!("{id}.txt"),
        text: text.into(),
        genre: "news".into(),
        year: "2024".into(),
        lines: (1, 1),
        ..Item::default()
    }
}
