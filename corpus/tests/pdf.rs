//! PDF and Word reading: each fixture gives its text with page and line provenance, or its
//! documented error. The fixtures are real files (tests/data/files/make.sh made them with
//! cairo, qpdf and python-docx); the PDF tests need Poppler's `pdftotext` installed.

use corpus::read::{self, pdf, ReadError};
use corpus::walk::{read_paths, Walk};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/files")
        .join(name)
}

fn read(name: &str) -> Result<String, ReadError> {
    read::read_file(&fixture(name)).map(|(text, _)| text)
}

/// Parse a fixture; `as_name` is the file name it gets, as a CNKI download would have. The
/// folder holding it lives as long as the document is used.
fn parse_as(name: &str, as_name: &str) -> (tempfile::TempDir, corpus::Document) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(as_name);
    std::fs::copy(fixture(name), &path).unwrap();
    let w = read_paths(&[path]);
    assert!(w.errors.is_empty(), "{:?}", w.errors);
    (dir, corpus::parse(&w.sources[0]))
}

fn parse(name: &str) -> corpus::Document {
    let w = read_paths(&[fixture(name)]);
    assert!(w.errors.is_empty(), "{:?}", w.errors);
    corpus::parse(&w.sources[0])
}

/// The input line holding `needle`, and its page.
fn line_and_page(doc: &corpus::Document, needle: &str) -> (u32, Option<u32>) {
    let text = read::read_file(Path::new(&doc.file)).unwrap().0;
    let i = text.split('\n').position(|l| l.contains(needle));
    let line = i.unwrap_or_else(|| panic!("{needle} not in {text}")) as u32 + 1;
    (line, doc.page_of(line))
}

#[test]
fn single_column_pages_on_every_line() {
    let (_dir, doc) = parse_as("single.pdf", "城市更新中的价值共创机制研究_张明.pdf");
    assert_eq!(doc.title, "城市更新中的价值共创机制研究");
    assert_eq!(doc.authors, vec!["张明", "李华"]);
    assert_eq!(doc.keywords, vec!["城市更新", "价值共创", "老旧小区"]);
    assert_eq!(line_and_page(&doc, "价值共创机制研究"), (1, Some(1)));
    assert_eq!(line_and_page(&doc, "关键词").1, Some(1));
    let (line, page) = line_and_page(&doc, "一、引言");
    assert_eq!(page, Some(2));
    assert_eq!(doc.pages, vec![(1, 1), (line, 2)]);
    // A passage's lines lead to its page: provenance is (source, page, line).
    let p = doc
        .passages
        .iter()
        .find(|p| p.text.contains("社区规划师"))
        .unwrap();
    assert_eq!(doc.page_of(p.lines.0), Some(2));
    let intro = doc.sections.iter().find(|s| s.heading == "一、引言");
    assert!(intro.is_some(), "{:?}", doc.sections);
}

#[test]
fn two_columns_read_column_by_column() {
    let text = read("two-columns.pdf").unwrap();
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} not in {text}"));
    assert!(at("一、研究背景") < at("社会组织等多元主体"));
    assert!(at("社会组织等多元主体") < at("二、研究方法"));
    assert!(at("二、研究方法") < at("长白新村"));
    let doc = parse("two-columns.pdf");
    let (_, page) = line_and_page(&doc, "长白新村");
    assert_eq!(page, Some(1));
}

#[test]
fn cid_keyed_chinese_notice() {
    // The font is a CID-keyed TrueType subset (Identity-H): text comes from its ToUnicode map.
    let text = read("notice.pdf").unwrap();
    assert!(text.contains("沪府办〔2024〕12号"), "{text}");
    let doc = parse("notice.pdf");
    assert_eq!(doc.genre, "policy");
    let policy = doc.policy.as_ref().unwrap();
    assert_eq!(policy.number.as_deref(), Some("沪府办〔2024〕12号"));
    assert_eq!(line_and_page(&doc, "留改拆").1, Some(1));
}

#[test]
fn predefined_chinese_cmap_without_tounicode() {
    // STSong-Light with UniGB-UCS2-H, not embedded and no ToUnicode map: the text comes from
    // Adobe's GB1 tables (poppler-data). pdf-extract 0.9 panics on this file.
    let doc = parse("stsong.pdf");
    assert_eq!(doc.genre, "policy");
    assert_eq!(line_and_page(&doc, "建科〔2023〕75号"), (2, Some(1)));
    assert_eq!(line_and_page(&doc, "查找城市短板").1, Some(2));
}

#[test]
fn pdf_errors_are_named() {
    assert_eq!(read("scanned.pdf"), Err(ReadError::NoTextLayer));
    assert_eq!(read("encrypted.pdf"), Err(ReadError::Encrypted));
    // Fonts without ToUnicode maps under Identity-H: glyph ids, not text.
    assert_eq!(read("no-unicode.pdf"), Err(ReadError::UnmappedText));
    match read("truncated.pdf") {
        Err(ReadError::Corrupt(format, detail)) => {
            assert_eq!(format, "PDF");
            assert!(detail.contains("truncated"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    // Restrictions under an owner password do not stop reading.
    assert!(read("owner-only.pdf")
        .unwrap()
        .contains("沪府办〔2024〕12号"));
    let msg = ReadError::NoTextLayer.to_string();
    assert!(
        msg.contains("no text layer") && msg.contains("OCR"),
        "{msg}"
    );
}

#[test]
fn not_a_pdf_and_missing_or_slow_tool() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.pdf");
    std::fs::write(&fake, "这不是PDF").unwrap();
    let err = read::read_file(&fake).unwrap_err();
    assert!(err.to_string().contains("corrupt PDF"), "{err}");
    let bytes = std::fs::read(fixture("notice.pdf")).unwrap();
    let missing = pdf::read_with("no-such-pdftotext", Duration::from_secs(5), &fake, &bytes);
    assert!(
        matches!(&missing, Err(ReadError::MissingTool(_)))
            && missing.unwrap_err().to_string().contains("poppler-utils")
    );
    let slow = dir.path().join("slow.sh");
    std::fs::write(&slow, "#!/bin/sh\nexec sleep 30\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
        let r = pdf::read_with(
            slow.to_str().unwrap(),
            Duration::from_secs(1),
            &fake,
            &bytes,
        );
        assert_eq!(r, Err(ReadError::Timeout(1)));
    }
}

#[test]
fn page_table_from_form_feeds() {
    use corpus::model::page_table;
    assert!(page_table("一\n二", 1).is_empty());
    // pdftotext ends each page with a form feed; an empty page still counts.
    let t = "第一页\n续\n\u{c}第二页\n\u{c}\u{c}第四页\n\u{c}";
    assert_eq!(page_table(t, 1), vec![(1, 1), (3, 2), (4, 4)]);
    assert_eq!(page_table(t, 10), vec![(10, 1), (12, 2), (13, 4)]);
    let doc = corpus::Document {
        pages: page_table(t, 1),
        ..Default::default()
    };
    assert_eq!(doc.page_of(2), Some(1));
    assert_eq!(doc.page_of(5), Some(4));
    assert_eq!(corpus::Document::default().page_of(1), None);
}

#[test]
fn docx_paragraphs_headings_tables() {
    let text = read("sample.docx").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "老旧小区改造中的居民参与");
    assert!(lines.contains(&"# 一、案例选择"), "{lines:?}");
    assert!(lines.contains(&"## （一）彭三小区"), "{lines:?}");
    assert!(lines.contains(&"彭三小区 | 静安区 | 拆除重建"), "{lines:?}");
    let (_dir, doc) = parse_as("sample.docx", "老旧小区改造中的居民参与.docx");
    assert_eq!(doc.title, "老旧小区改造中的居民参与");
    let levels: Vec<(u8, &str)> = doc
        .sections
        .iter()
        .map(|s| (s.level, s.heading.as_str()))
        .filter(|(l, _)| *l > 0)
        .collect();
    assert_eq!(levels, vec![(1, "一、案例选择"), (2, "（一）彭三小区")]);
    assert!(doc.pages.is_empty(), "Word has no fixed pages");
    let p = doc
        .passages
        .iter()
        .find(|p| p.text.contains("拆除重建"))
        .unwrap();
    assert!(p.lines.0 >= 1);
}

#[test]
fn docx_made_here_with_chinese_style_ids() {
    // Chinese Word names heading styles by number ("1", "2"); cells hold several
    // paragraphs; tab stops (w:tabs) are no tab characters; a text box inside a paragraph
    // comes once (its mc:Fallback copy is skipped) and the paragraph around it stays whole.
    let styles = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="公文标题"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#;
    let body = r#"<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:pStyle w:val="1"/><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>总则</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t>适用范围</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">第一条 </w:t></w:r><w:r><w:t>本办法适用于本市&amp;全域。</w:t></w:r><w:r><w:br/><w:t>第二行</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent><w:r><w:t>续</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("办法.docx");
    std::fs::write(
        &path,
        zip(&[("word/document.xml", body), ("word/styles.xml", styles)]),
    )
    .unwrap();
    let (text, _) = read::read_file(&path).unwrap();
    assert_eq!(
        text,
        "# 总则\n## 适用范围\n第一条 本办法适用于本市&全域。\n第二行\n文本框\n正文续\n甲 乙 |  | 丙"
    );
}

#[test]
fn word_errors_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // The OLE compound-file signature starts every Word 97-2003 file.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(1536, 0);
    std::fs::write(p.join("old.doc"), &ole).unwrap();
    let err = read::read_file(&p.join("old.doc")).unwrap_err();
    assert!(err.to_string().contains("Word 97-2003"), "{err}");
    // Word stores a password-protected .docx in the same OLE container.
    std::fs::write(p.join("locked.docx"), &ole).unwrap();
    assert_eq!(
        read::read_file(&p.join("locked.docx")),
        Err(ReadError::Encrypted)
    );
    let docx = std::fs::read(fixture("sample.docx")).unwrap();
    std::fs::write(p.join("cut.docx"), &docx[..docx.len() / 2]).unwrap();
    let err = read::read_file(&p.join("cut.docx")).unwrap_err();
    assert!(err.to_string().contains("corrupt DOCX"), "{err}");
    std::fs::write(p.join("other.docx"), zip(&[("xl/workbook.xml", "<x/>")])).unwrap();
    let err = read::read_file(&p.join("other.docx")).unwrap_err();
    assert!(err.to_string().contains("word/document.xml"), "{err}");
}

#[test]
fn folder_of_mixed_files_reports_each() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for f in [
        "single.pdf",
        "two-columns.pdf",
        "notice.pdf",
        "scanned.pdf",
        "encrypted.pdf",
        "truncated.pdf",
        "sample.docx",
    ] {
        std::fs::copy(fixture(f), p.join(f)).unwrap();
    }
    std::fs::write(p.join("old.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap();
    std::fs::write(p.join("note.txt"), "标题\n正文。").unwrap();
    std::fs::write(p.join("page.html"), "<p>网页</p>").unwrap();
    std::fs::write(p.join("image.png"), b"\x89PNG").unwrap();
    let w: Walk = read_paths(&[p.to_path_buf()]);
    let names: Vec<&str> = w.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "note.txt",
            "notice.pdf",
            "page.html",
            "sample.docx",
            "single.pdf",
            "two-columns.pdf"
        ]
    );
    let errors: Vec<String> = w.errors.iter().map(|(f, e)| format!("{f}: {e}")).collect();
    let has = |file: &str, what: &str| errors.iter().any(|e| e.contains(file) && e.contains(what));
    assert!(has("scanned.pdf", "no text layer"), "{errors:?}");
    assert!(has("encrypted.pdf", "encrypted"), "{errors:?}");
    assert!(has("truncated.pdf", "truncated"), "{errors:?}");
    assert!(has("old.doc", "Word 97-2003"), "{errors:?}");
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert_eq!(w.skipped, vec!["image.png"]);
    let pdf = w.sources.iter().find(|s| s.name == "single.pdf").unwrap();
    assert_eq!(pdf.encoding, "PDF text layer (pdftotext)");
}

/// A zip of stored (uncompressed) entries, as a minimal `.docx` container.
fn zip(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let head = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend([0u8; 6]); // flags, method 0 (stored), time
            h.extend(0u16.to_le_bytes()); // date
            h.extend(crc32(data.as_bytes()).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 10]); // comment, disk, attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(head(b"PK\x03\x04", false));
        out.extend(data.as_bytes());
        central.extend(head(b"PK\x01\x02", true));
    }
    let at = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
