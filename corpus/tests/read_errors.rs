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

#[test]
fn gbk_and_utf16_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let text = "老旧小区改造\n居民议事会推动微更新。";
    std::fs::write(p.join("gbk.txt"), encoding_rs::GBK.encode(text).0).unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(p.join("utf16.txt"), le).unwrap();
    let w = read_paths(&[p.to_path_buf()]);
    assert!(w.errors.is_empty(), "{:?}", w.errors);
    let got: Vec<(&str, &str)> = w
        .sources
        .iter()
        .map(|s| (s.text.as_str(), s.encoding.as_str()))
        .collect();
    assert_eq!(got, vec![(text, "GB18030"), (text, "UTF-16LE")]);
}

/// A 50 MB single line is refused with a clear error (limit `MAX_LINE_CHARS`), not parsed.
#[test]
fn fifty_mb_single_line_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("one-line.txt");
    std::fs::write(&f, "城市更新".repeat(50 * 1024 * 1024 / 12)).unwrap();
    assert!(std::fs::metadata(&f).unwrap().len() >= 50 * 1024 * 1024 - 12);
    let w = read_paths(&[f]);
    assert!(w.sources.is_empty());
    let (at, e) = &w.errors[0];
    assert!(at.ends_with("one-line.txt:1"), "{at}");
    assert!(
        matches!(e, ReadError::LineTooLong { line: 1, chars } if *chars > corpus::read::MAX_LINE_CHARS),
        "{e}"
    );
    assert!(e.to_string().contains("split the text into lines"));
}

/// Regression (found by the bundle property): `is_bundle` ignored a BOM or indentation on the
/// first separator but `split` did not, so the first entry vanished without a report.
#[test]
fn bundle_separator_with_bom_or_indent_keeps_the_first_entry() {
    for text in [
        "\u{feff}=====\n甲.txt\n正文一\n=====\n乙.txt\n正文二\n",
        "  =====\n甲.txt\n正文一\n=====  \n乙.txt\n正文二\n",
    ] {
        assert!(corpus::bundle::is_bundle(text));
        let names: Vec<String> = corpus::bundle::split("b.txt", text, "UTF-8")
            .into_iter()
            .map(|r| r.unwrap().name)
            .collect();
        assert_eq!(names, vec!["甲.txt", "乙.txt"], "{text:?}");
    }
}

/// 100k nested divs and 20k script blocks: no stack overflow, no quadratic scan, and the text
/// and line numbers survive.
#[test]
fn html_bomb() {
    let n = 100_000;
    let mut page = "<div>".repeat(n);
    page.push_str("\n城市更新的社区案例。\n");
    page.push_str(&"</div>".repeat(n));
    page.push_str(&"<SCRIPT>x()</script>\n".repeat(20_000));
    page.push_str("a < b");
    let text = corpus::html::to_text(&page);
    assert_eq!(text.lines().count(), page.lines().count());
    assert!(text.contains("城市更新的社区案例。") && text.ends_with("a < b"));
    assert!(!text.contains("x()"));
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bomb.html");
    std::fs::write(&f, &page).unwrap();
    let w = read_paths(&[f]);
    assert!(w.errors.is_empty(), "{:?}", w.errors);
    let doc = corpus::parse(&w.sources[0]);
    let p = doc
        .passages
        .iter()
        .find(|p| p.text.contains("社区案例"))
        .unwrap();
    let at = p.text.chars().position(|c| c == '社').unwrap();
    assert_eq!(p.line_at(at), 2, "cited from its input line");
}

/// 10,000 small files in one directory: every one read, in order, none lost. (End to end,
/// through every store, `server/tests/ingest_inputs.rs` ingests 500: RocksDB is built
/// without optimisation in debug builds and 10,000 would take minutes there.)
#[test]
fn ten_thousand_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        std::fs::write(
            dir.path().join(format!("f{i:05}.txt")),
            format!("文件{i}\n正文。"),
        )
        .unwrap();
    }
    let w = read_paths(&[dir.path().to_path_buf()]);
    assert!(w.errors.is_empty() && w.skipped.is_empty());
    assert_eq!(w.sources.len(), 10_000);
    for (i, s) in w.sources.iter().enumerate() {
        assert_eq!(s.name, format!("f{i:05}.txt"));
        assert_eq!(s.text, format!("文件{i}\n正文。"));
    }
}

/// Links out of the folder are refused with the reason (followed with `follow_links`);
/// a FIFO and a socket are refused without being opened, so the walk cannot block.
#[cfg(unix)]
#[test]
fn links_out_of_the_folder_and_special_files_are_refused() {
    use corpus::walk::{list_with, Walk, WalkOptions};
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "机密\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.txt"), "标题\n正文。").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), p.join("out.txt")).unwrap();
    std::os::unix::fs::symlink(p.join("a.txt"), p.join("in.txt")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(p.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let _sock = std::os::unix::net::UnixListener::bind(p.join("sock.md")).unwrap();

    let mut w = Walk::default();
    let files = list_with(&[p.to_path_buf()], WalkOptions::default(), &mut w);
    let names: Vec<&str> = files.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["a.txt", "in.txt"]);
    let refused: Vec<String> = w.refused.iter().map(|(f, r)| format!("{f}: {r}")).collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(
        refused
            .iter()
            .any(|r| r.starts_with("out.txt: symbolic link")),
        "{refused:?}"
    );
    assert!(
        refused.iter().any(|r| r.starts_with("pipe.txt: FIFO")),
        "{refused:?}"
    );
    assert!(
        refused.iter().any(|r| r.starts_with("sock.md: socket")),
        "{refused:?}"
    );

    let mut w = Walk::default();
    let opts = WalkOptions { follow_links: true };
    let files = list_with(&[p.to_path_buf()], opts, &mut w);
    assert_eq!(files.len(), 3);
    assert_eq!(w.refused.len(), 2, "{:?}", w.refused);
    // Named directly, a FIFO is refused too, and the reader refuses it after opening.
    let mut w = Walk::default();
    assert!(list_with(&[p.join("pipe.txt")], opts, &mut w).is_empty());
    assert!(corpus::read::read_file(&p.join("pipe.txt")).is_err());
}
