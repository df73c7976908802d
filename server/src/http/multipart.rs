//! `multipart/form-data` bodies (RFC 7578), read whole: uploads are bounded before they are
//! parsed, so a small parser over the bytes is enough.

/// One part: its field name, its file name when it is a file, its bytes.
#[derive(Debug)]
pub struct Part {
    pub field: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The boundary named by a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The parts of a body, or what is wrong with it.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delim = format!("--{boundary}");
    let next = format!("\r\n--{boundary}");
    let mut at = find(body, delim.as_bytes(), 0).ok_or("no multipart boundary in the body")?;
    at += delim.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        if !body[at..].starts_with(b"\r\n") {
            return Err("malformed multipart body (boundary not followed by CRLF)".into());
        }
        at += 2;
        let head_end = find(body, b"\r\n\r\n", at).ok_or("multipart part without headers' end")?;
        let head = String::from_utf8_lossy(&body[at..head_end]).into_owned();
        let data_start = head_end + 4;
        let end = find(body, next.as_bytes(), data_start)
            .ok_or("multipart body ends without its closing boundary (truncated?)")?;
        let (field, filename) = disposition(&head);
        parts.push(Part {
            field: field.unwrap_or_default(),
            filename,
            data: body[data_start..end].to_vec(),
        });
        at = end + next.len();
    }
}

/// `name` and `filename` of a part's Content-Disposition header (`filename*` preferred).
fn disposition(head: &str) -> (Option<String>, Option<String>) {
    let Some(line) = head.lines().find(|l| {
        l.split(':')
            .next()
            .is_some_and(|k| k.trim().eq_ignore_ascii_case("content-disposition"))
    }) else {
        return (None, None);
    };
    let (mut name, mut filename, mut extended) = (None, None, None);
    for p in line.split(';').skip(1) {
        let Some((k, v)) = p.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"').to_string();
        match k.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(v),
            "filename" => filename = Some(v),
            "filename*" => extended = v.split_once("''").map(|(_, enc)| percent_decode(enc)),
            _ => {}
        }
    }
    (name, extended.or(filename))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_with_utf8_names_and_binary_data() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\xe5\x9f\x8e.txt\"\r\nContent-Type: text/plain\r\n\r\n\xe6\xad\xa3\xe6\x96\x87\r\n--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename*=UTF-8''%E4%B9%99.pdf\r\n\r\n%PDF\x00\r\n\r\n--XyZ--\r\n";
        let b = boundary("multipart/form-data; boundary=XyZ").unwrap();
        let parts = parse(body, &b).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].filename.as_deref(), Some("城.txt"));
        assert_eq!(parts[0].data, "正文".as_bytes());
        assert_eq!(parts[1].filename.as_deref(), Some("乙.pdf"));
        assert_eq!(parts[1].data, b"%PDF\x00\r\n");
        assert_eq!(parts[1].field, "files");
    }

    #[test]
    fn truncated_bodies_are_errors() {
        let body =
            b"--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nabc";
        assert!(parse(body, "XyZ").is_err());
        assert!(parse(b"nothing", "XyZ").is_err());
        assert_eq!(boundary("application/json"), None);
    }
}
