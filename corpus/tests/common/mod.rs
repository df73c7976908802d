//! A parsed document from a name and a text, shared by the table tests.

use corpus::{Document, Source};

pub fn doc(name: &str, text: &str) -> Document {
    corpus::parse(&Source {
        name: name.to_string(),
        file: "test.txt".to_string(),
        first_line: 1,
        text: text.to_string(),
        encoding: "UTF-8".to_string(),
    })
}
