//! The search-box syntax: words, "quoted phrases", -excluded words, field:value filters
//! (type, genre, year, doc, place, concept, scheme).

use serde::Serialize;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 2000;

#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct ParsedQuery {
    pub text: String,
    pub phrases: Vec<String>,
    pub excluded: Vec<String>,
    pub filters: Vec<(String, String)>,
}

pub const FILTER_FIELDS: &[&str] = &["type", "genre", "year", "doc", "place", "concept", "scheme"];

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QueryError {
    #[error("query is empty")]
    Empty,
    #[error("query too long: {0} characters (limit {MAX_QUERY_CHARS})")]
    TooLong(usize),
    #[error("unknown filter field `{0}` (known: type, genre, year, doc, place, concept, scheme)")]
    UnknownField(String),
    #[error("unterminated quote")]
    Unterminated,
    /// Only punctuation or symbols: nothing to match (it used to match everything).
    #[error("query has no searchable words")]
    NoWords,
}

impl ParsedQuery {
    /// Whether the query has words outside quotes. Only those get a dense side: filters and
    /// quoted phrases alone ask for literal matches, and embedding them costs most of a search.
    pub fn wants_dense(&self) -> bool {
        self.text != self.phrases.join(" ")
    }
}

/// `parse(q)` then `wants_dense`; false when the query does not parse (the search fails anyway).
pub fn wants_dense(q: &str) -> bool {
    parse(q).is_ok_and(|p| p.wants_dense())
}

pub fn parse(q: &str) -> Result<ParsedQuery, QueryError> {
    let n = q.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong(n));
    }
    let mut out = ParsedQuery::default();
    let mut words = Vec::new();
    let mut rest = q.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix(['"', '“']) {
            let end = r.find(['"', '”']).ok_or(QueryError::Unterminated)?;
            let phrase = r[..end].trim();
            if !phrase.is_empty() {
                out.phrases.push(phrase.to_string());
                words.push(phrase.to_string());
            }
            rest = r[end..].trim_start_matches(['"', '”']).trim_start();
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        if let Some(ex) = word.strip_prefix('-').filter(|w| !w.is_empty()) {
            out.excluded.push(ex.to_string());
        } else if let Some((field, value)) = word
            .split_once(':')
            .filter(|(f, v)| !v.is_empty() && f.chars().all(|c| c.is_ascii_lowercase()))
        {
            if !FILTER_FIELDS.contains(&field) {
                return Err(QueryError::UnknownField(field.to_string()));
            }
            out.filters.push((field.to_string(), value.to_string()));
        } else {
            words.push(word.to_string());
        }
    }
    out.text = words.join(" ");
    if out.text.is_empty() && out.filters.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::wants_dense;

    #[test]
    fn dense_side_only_for_free_words() {
        for q in [
            "城市更新",
            "\"城市更新\" 社区",
            "year:2020 社区治理",
            "社区 -上海",
        ] {
            assert!(wants_dense(q), "{q}");
        }
        for q in [
            "\"城市更新\"",
            "year:2020",
            "genre:policy place:上海",
            "“社区营造” year:2021",
        ] {
            assert!(!wants_dense(q), "{q}");
        }
        assert!(!wants_dense("\"unterminated"));
    }
}
