//! Minimal HTML to text: drops tags, scripts and styles, decodes common entities.
//! Newlines inside dropped markup are kept, so line numbers still point into the input file.
//! Iterative (no recursion), so deeply nested input cannot overflow the stack.

pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            // No `>` left: the rest, `<` included, is text.
            break;
        };
        let tag = &rest[1..gt];
        keep_newlines(&mut out, tag);
        let closing = tag.trim_start().starts_with('/');
        let name: String = tag
            .trim_start_matches(|c: char| c == '/' || c.is_whitespace())
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[gt + 1..];
        if (name == "script" || name == "style") && !closing {
            let end = find_ascii_ci(rest, &format!("</{name}")).unwrap_or(rest.len());
            keep_newlines(&mut out, &rest[..end]);
            rest = &rest[end..];
        } else if matches!(
            name.as_str(),
            "p" | "br" | "div" | "li" | "td" | "h1" | "h2" | "h3"
        ) {
            out.push(' ');
        }
    }
    push_text(&mut out, rest);
    out
}

/// Byte offset of `needle` (ASCII) in `hay`, ignoring ASCII case. Lowercasing the whole rest
/// for every `<script>` made many of them quadratic.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

fn keep_newlines(out: &mut String, skipped: &str) {
    out.extend(skipped.chars().filter(|&c| c == '\n'));
}

fn push_text(out: &mut String, s: &str) {
    if !s.contains('&') {
        out.push_str(s);
        return;
    }
    out.push_str(
        &s.replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    );
}
