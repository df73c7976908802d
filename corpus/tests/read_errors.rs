//! Each odd input gives its documented result, and one bad file never stops the others.

use corpus::read::{decode, ReadError};
use corpus::walk::read_paths;

#[test]
fn encodings() {
    let text = "城市更新与价值共创\n第二行";
    let (s, enc) = decode(text.as_bytes()).unwrap();
    assert_eq!((s.as_str(), enc), (text, "UTF-8"));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(decode(&bom).unwrap().0, text);
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let (s, enc) = decode(&gbk).unwrap();
    assert_eq!(s, text);
    assert_eq!(enc, "GB18030");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(decode(&le).unwrap().0, text);
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    assert_eq!(decode(&be).unwrap().0, text);
}

#[test]
fn bad_inputs() {
    assert_eq!(decode(b""), Err(ReadError::Empty));
    assert_eq!(decode(b"  \n\n "), Err(ReadError::Empty));
    assert_eq!(
        decode(b"\x00\x01\x02binary\x00\xff"),
        Err(ReadError::Binary)
    );
    // A truncated final UTF-8 sequence keeps everything before it.
    let mut t = "数字治理".as_bytes().to_vec();
    t.extend_from_slice(&"城".as_bytes()[..2]);
    let (s, enc) = decode(&t).unwrap();
    assert_eq!(s, "数字治理");
    assert!(enc.contains("truncated"));
}

#[test]
fn directory_with_bad_files_keeps_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("good.txt"), "标题一\n正文。").unwrap();
    std::fs::create_dir(p.join("sub")).unwrap();
    std::fs::write(p.join("sub/b.md"), "标题二\n正文。").unwrap();
    std::fs::write(
        p.join("sub/c.html"),
        "<html><p>标题三</p>\n<p>正文。</p></html>",
    )
    .unwrap();
    std::fs::write(p.join("empty.txt"), "").unwrap();
    std::fs::write(p.join("bin.txt"), b"\x00\x01\x02\x03").unwrap();
    std::fs::write(p.join("img.png"), b"\x89PNG").unwrap();
    std::fs::write(p.join("bundle.txt"), "=====\n\n正文\n=====\n好.txt\n内容\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(p, p.join("sub/loop")).unwrap();
    let w = read_paths(&[p.to_path_buf()]);
    let names: Vec<&str> = w.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["好.txt", "good.txt", "sub/b.md", "sub/c.html"]);
    assert_eq!(w.skipped, vec!["img.png"]);
    let errs: Vec<String> = w.errors.iter().map(|(f, e)| format!("{f}: {e}")).collect();
    assert!(
        errs.iter()
            .any(|e| e.contains("bin.txt") && e.contains("binary")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("empty.txt") && e.contains("empty")),
        "{errs:?}"
    );
    assert!(errs.iter().any(|e| e.contains("source-name")), "{errs:?}");
    #[cfg(unix)]
    assert!(errs.iter().any(|e| e.contains("loop")), "{errs:?}");
    let html = w.sources.iter().find(|s| s.name == "sub/c.html").unwrap();
    assert_eq!(html.text.lines().count(), 2, "HTML keeps its line numbers");
}

#[test]
fn huge_single_line_parses() {
    let line = "城市更新，".repeat(200_000);
    let src = corpus::Source {
        name: "big.txt".into(),
        file: "big.txt".into(),
        first_line: 1,
        text: line,
        encoding: "UTF-8".into(),
    };
    let d = corpus::parse(&src);
    assert!(d.passages.len() > 100);
    assert!(d.passages.iter().all(|p| p.lines == (1, 1)));
}
