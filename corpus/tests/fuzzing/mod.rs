//! Shared by the fuzz tests of every crate (`#[path]`-included by `index/tests/fuzz.rs`):
//! the case loop with its time budget, and input generators.

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Cases per target when `PROPTEST_CASES` is not set: enough to smoke out regressions, short
/// enough for every `cargo test`.
const DEFAULT_CASES: u32 = 32;

/// Run `test` on values of `strategy`: `PROPTEST_CASES` cases, or, with
/// `GONGCHUANG_FUZZ_SECS=N`, rounds of them until N seconds have passed. Panics with the
/// shrunk input on the first failure (a panic inside `test` counts as one).
pub fn fuzz<S>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let secs: Option<u64> = std::env::var("GONGCHUANG_FUZZ_SECS")
        .ok()
        .and_then(|v| v.parse().ok());
    let started = Instant::now();
    let deadline = secs.map(|s| started + Duration::from_secs(s));
    let mut total: u64 = 0;
    loop {
        let config = Config {
            cases,
            failure_persistence: None,
            max_shrink_time: 120_000,
            max_global_rejects: cases.saturating_mul(50),
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        match runner.run(&strategy, &test) {
            Ok(()) => total += cases as u64,
            Err(TestError::Fail(reason, value)) => {
                let shown: String = format!("{value:?}").chars().take(4000).collect();
                panic!("fuzz target {name} failed after {total} cases: {reason}\ninput: {shown}");
            }
            Err(TestError::Abort(reason)) => panic!("fuzz target {name} aborted: {reason}"),
        }
        if deadline.is_none_or(|d| Instant::now() >= d) {
            break;
        }
    }
    eprintln!(
        "fuzz {name}: {total} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Lines of the real seed corpus.
pub fn corpus_lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        std::fs::read_to_string(corpus::bundled_corpus_path())
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    })
}

const PUNCT: &[&str] = &[
    "，", "。", "；", "：", "、", "！", "？", "…", "——", "（", "）", "《", "》", "【", "】", "〔",
    "〕", "·", ".", ",", ";", ":", "(", ")", "[", "]", "{", "}", "/", "\\", "|", "#", "*",
];
const QUOTES: &[&str] = &["\"", "“", "”", "'", "‘", "’", "「", "」", "\"\"", "“”"];
const CONTROLS: &[&str] = &[
    "\0", "\u{1}", "\u{7}", "\u{8}", "\u{b}", "\u{c}", "\r", "\t", "\u{1b}", "\u{7f}", "\u{85}",
    "\u{200b}", "\u{200d}", "\u{feff}", "\u{3000}", "\u{2028}", "\u{2029}", "\u{fffd}", "\u{e000}",
    "\r\n",
];
/// Cues the structure, metadata and extractors react to.
const CUES: &[&str] = &[
    "=====",
    "摘要：",
    "关键词：",
    "Abstract:",
    "Key words:",
    "参考文献",
    "[1]",
    "[J]",
    "[EB/OL]",
    "一、",
    "（一）",
    "1.2 ",
    "第一章",
    "引言",
    "结语",
    "作者简介：",
    "DOI:10.1234/x",
    "2023年5月12日",
    "2023-05-12",
    "建科〔2023〕30号",
    "关于推进城市更新的通知",
    "第一条",
    "苏州市",
    "姑苏区",
    "社区",
    "案例",
    "老旧小区改造",
    "居民参与",
    "数字平台",
    "路径",
    "对策",
    "首先",
    "其次",
    "最后",
    "记者",
    "本报讯",
    "_张三.txt",
    "！【含 价值共创】",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<p",
    "&amp;",
    "&nbsp;",
    "<",
    ">",
    "-",
    "type:",
    "doc:",
    "year:2023",
    "concept:",
    "：",
];

/// One piece of text of a kind that tends to break text code.
pub fn piece() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        4 => "[\u{4e00}-\u{9fff}]{1,12}",
        2 => "[ -~]{1,12}",
        2 => proptest::sample::select(PUNCT).prop_map(str::to_string),
        1 => "[\u{ff01}-\u{ff5e}]{1,6}",
        1 => "[０-９]{1,4}",
        1 => proptest::sample::select(CONTROLS).prop_map(str::to_string),
        1 => proptest::sample::select(QUOTES).prop_map(str::to_string),
        3 => proptest::sample::select(CUES).prop_map(str::to_string),
        3 => Just("\n".to_string()),
        1 => Just("\n\n".to_string()),
        1 => any::<char>().prop_map(String::from),
        2 => any::<proptest::sample::Index>()
            .prop_map(|i| i.get(corpus_lines()).clone()),
    ];
    prop_oneof![
        20 => leaf.clone(),
        // A very long line.
        1 => (leaf, 50usize..3000).prop_map(|(p, n)| p.replace('\n', " ").repeat(n)),
    ]
    .boxed()
}

/// Arbitrary text made of pieces.
pub fn text() -> BoxedStrategy<String> {
    proptest::collection::vec(piece(), 0..80)
        .prop_map(|v| v.concat())
        .boxed()
}

/// A window of the real corpus (a bundle entry or part of one), mutated.
pub fn mutated_corpus() -> BoxedStrategy<String> {
    let edit = (
        any::<proptest::sample::Index>(),
        0u8..5,
        0usize..200,
        piece(),
    );
    (
        any::<proptest::sample::Index>(),
        1usize..150,
        proptest::collection::vec(edit, 0..12),
    )
        .prop_map(|(start, n, edits)| {
            let lines = corpus_lines();
            let a = start.index(lines.len());
            let mut chars: Vec<char> = lines[a..(a + n).min(lines.len())]
                .join("\n")
                .chars()
                .collect();
            for (at, op, len, p) in edits {
                let i = at.index(chars.len() + 1);
                let j = (i + len).min(chars.len());
                match op {
                    0 => {
                        chars.drain(i..j);
                    }
                    1 => {
                        chars.splice(i..i, p.chars());
                    }
                    2 => {
                        chars.splice(i..j, p.chars());
                    }
                    3 => {
                        let dup: Vec<char> = chars[i..j].to_vec();
                        chars.splice(i..i, dup);
                    }
                    _ => chars.insert(i, '\n'),
                }
            }
            chars.into_iter().collect()
        })
        .boxed()
}

/// Either generated text or mutated corpus text.
pub fn with_corpus() -> BoxedStrategy<String> {
    prop_oneof![text(), mutated_corpus()].boxed()
}
