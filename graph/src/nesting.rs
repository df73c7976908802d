//! How deeply a SPARQL text nests its groups, counted on the raw text before any parser
//! sees it: the parsers and the evaluator recurse once per level, so a short query of a few
//! thousand `{` or `(` would overflow a thread's stack and abort the process.

use crate::error::QueryError;

/// Deepest nesting of `{ }`, `( )` and `[ ]` together that a query or update may have.
/// Written queries stay below 20; the parser and evaluator handle this many on a 2 MiB stack.
pub const MAX_NESTING: usize = 64;

/// Refuse a text nested deeper than `MAX_NESTING`, before parsing it.
pub fn check_nesting(text: &str) -> Result<(), QueryError> {
    let depth = nesting(text);
    if depth > MAX_NESTING {
        return Err(QueryError::Refused(format!(
            "too deeply nested: {depth} levels of groups, brackets and parentheses; \
             the limit is {MAX_NESTING}"
        )));
    }
    Ok(())
}

/// The deepest nesting of brackets outside string literals, IRIs and comments. Unbalanced
/// closers are ignored (the parser reports them); the scan stops once the limit is passed.
pub fn nesting(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut i, mut depth, mut max) = (0, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'{' | b'(' | b'[' => {
                depth += 1;
                max = max.max(depth);
                if max > MAX_NESTING {
                    return max;
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            b'#' => i = skip_line(b, i),
            b'"' | b'\'' => i = skip_string(b, i),
            b'<' => i = skip_iri(b, i),
            _ => {}
        }
        i += 1;
    }
    max
}

/// The index of the end of the comment line starting at `i`.
fn skip_line(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| i + p)
}

/// The index of the closing quote of the string starting at `i` (short or long form).
fn skip_string(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let long = b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q;
    let mut j = if long { i + 3 } else { i + 1 };
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            c if c == q && !long => return j,
            c if c == q && b.len() >= j + 3 && b[j + 1] == q && b[j + 2] == q => return j + 2,
            b'\n' | b'\r' if !long => return j,
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// The index of the `>` closing an IRI at `i`, or `i` when this `<` is a comparison (an
/// IRI holds no spaces, quotes, braces or angle brackets).
fn skip_iri(b: &[u8], i: usize) -> usize {
    for (j, &c) in b.iter().enumerate().skip(i + 1) {
        match c {
            b'>' => return j,
            b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' => return i,
            c if c <= b' ' => return i,
            _ => {}
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_groups_parentheses_and_brackets_together() {
        assert_eq!(nesting("SELECT * WHERE { ?s ?p ?o }"), 1);
        assert_eq!(nesting("ASK { FILTER((1 + (2)) > 0) }"), 4);
        assert_eq!(nesting("ASK { ?s ?p [ ?q ( 1 2 ) ] }"), 3);
        let deep = format!("SELECT * WHERE {}{}", "{ ".repeat(700), "}".repeat(700));
        assert!(nesting(&deep) > MAX_NESTING);
        assert!(matches!(check_nesting(&deep), Err(QueryError::Refused(_))));
        let parens = format!(
            "ASK {{ FILTER({}1{}) }}",
            "(".repeat(3000),
            ")".repeat(3000)
        );
        assert!(check_nesting(&parens).is_err());
        let ok = format!(
            "ASK {}{}",
            "{ ".repeat(MAX_NESTING),
            "}".repeat(MAX_NESTING)
        );
        assert!(check_nesting(&ok).is_ok());
    }

    #[test]
    fn strings_iris_and_comments_do_not_count() {
        let q = format!(
            "SELECT * WHERE {{ ?s <http://x/((> \"{{{{\\\"((\" . ?s ?p '''(\n(''' }} # {}",
            "{".repeat(100)
        );
        assert_eq!(nesting(&q), 1, "{q}");
        // A `<` that is a comparison is not an IRI: the parentheses after it count.
        assert_eq!(nesting("ASK { FILTER(?a < (?b)) }"), 3);
        assert_eq!(nesting("ASK { FILTER(?a<?b) }"), 2);
    }
}
