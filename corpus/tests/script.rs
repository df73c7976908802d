//! Traditional script: the OpenCC table folds one character for one; a document in
//! traditional characters keeps them for display and provenance while metadata, genre and
//! extraction read the folded text.

mod common;

use common::doc;
use corpus::extract::{self, Knowledge};
use corpus::normalize::script::{fold, fold_char, is_traditional, original_of, table_len};
use once_cell::sync::Lazy;

static KB: Lazy<Knowledge> = Lazy::new(|| Knowledge::bundled().expect("bundled knowledge"));

const HK_NEWS: &str = "觀塘市中心重建項目第二期動工\n\
（記者 陳家明）市區重建局昨日宣布，觀塘市中心重建項目第二期正式動工。\n\
項目位於香港九龍觀塘區，涉及舊樓約四十幢，居民參與設計諮詢。\n\
市區重建局表示，項目將提供公共空間及社區設施，並設立居民議事會。\n\
來源：香港商報\n";

const SIMPLIFIED: &str =
    "长宁区老旧小区更新中，居民参与议事，街道组织协商，乾隆年间的牌坊得到修缮。";

#[test]
fn the_table_is_opencc_and_folds_char_for_char() {
    assert!(table_len() > 3000, "{}", table_len());
    for (t, s) in [
        ('區', '区'),
        ('舊', '旧'),
        ('與', '与'),
        ('會', '会'),
        ('裡', '里'),
        ('爲', '为'),
        ('為', '为'),
        ('臺', '台'),
        ('劃', '划'),
    ] {
        assert_eq!(fold_char(t), s, "{t}");
    }
    let folded = fold(HK_NEWS);
    assert_eq!(folded.chars().count(), HK_NEWS.chars().count());
    assert!(folded.contains("观塘市中心重建项目第二期动工"));
    assert!(folded.contains("市区重建局"));
}

#[test]
fn simplified_text_is_left_alone() {
    assert!(!is_traditional([SIMPLIFIED]));
    assert!(is_traditional([HK_NEWS]));
    let plain = "老旧小区改造，居民参与，共同缔造。Smart city 2024.";
    assert_eq!(fold(plain), plain);
}

#[test]
fn original_of_maps_a_folded_piece_back() {
    let folded = fold(HK_NEWS);
    let back = original_of("市区重建局昨日宣布", &folded, HK_NEWS).unwrap();
    assert_eq!(back, "市區重建局昨日宣布");
}

#[test]
fn a_traditional_document_keeps_its_characters() {
    let d = doc("hk-news.txt", HK_NEWS);
    assert_eq!(d.script, "traditional");
    assert_eq!(d.title, "觀塘市中心重建項目第二期動工");
    assert_eq!(d.genre, "news");
    assert!(d.passages.iter().any(|p| p.text.contains("市區重建局")));
    let s = doc("sh.txt", SIMPLIFIED);
    assert_eq!(s.script, "simplified");
    assert!(s.passages.iter().any(|p| p.text.contains("乾隆")));
}

#[test]
fn extraction_reads_traditional_text_folded() {
    let d = doc("hk-news.txt", HK_NEWS);
    let x = extract::extract(&d, &KB);
    let labels: Vec<&str> = x.concepts.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.contains(&"居民议事会"), "{labels:?}");
    // Evidence points at the original characters, at the same offsets.
    for c in &x.concepts {
        for e in &c.evidence {
            let p = d.passages.iter().find(|p| p.id == e.passage).unwrap();
            assert!(p.text.contains(&e.text), "{} not in {}", e.text, p.text);
            let span: String = p
                .text
                .chars()
                .skip(e.start as usize)
                .take((e.end - e.start) as usize)
                .collect();
            assert!(!span.is_empty());
        }
    }
    let places: Vec<&str> = x.places.iter().map(|p| p.name.as_str()).collect();
    assert!(places.iter().any(|p| p.contains("香港")), "{places:?}");
}

#[test]
fn free_text_in_traditional_script_is_read_too() {
    let (concepts, _) = extract::extract_text("舊樓改造，居民參與，設立居民議事會。", &KB);
    let labels: Vec<&str> = concepts.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.contains(&"居民议事会"), "{labels:?}");
}

#[test]
fn case_names_keep_the_documents_characters() {
    let text = "荃灣海濱長廊完成優化\n\
（記者 陳家明）荃灣海濱長廊完成優化工程，居民參與設計諮詢。\n\
荃灣海濱長廊全長約一公里，沿途設有休憩空間。\n";
    let d = doc("hk-promenade.txt", text);
    let x = extract::extract(&d, &KB);
    let names: Vec<&str> = x.cases.iter().map(|c| c.name.as_str()).collect();
    assert!(names.iter().any(|n| n.contains("海濱長廊")), "{names:?}");
}
