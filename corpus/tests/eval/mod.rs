//! Name matching and the dev-corpus loader shared by the extraction evaluations.
//!
//! Names (cases, policies, issuers) are reduced to a key with `corpus::text::match_key`
//! (NFKC, letters and digits only, lower case); notes in brackets are dropped first. A
//! predicted name matches a listed one when either key contains the other (the shorter at
//! least 2 characters) or their character-bigram Dice coefficient is at least 0.5. Matching
//! is one-to-one, greedy, best score first.
#![allow(dead_code)]

use corpus::text::match_key;
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The bundled thesaurus and gazetteer, loaded once for the evaluations.
pub fn knowledge() -> &'static corpus::extract::Knowledge {
    static KB: once_cell::sync::Lazy<corpus::extract::Knowledge> =
        once_cell::sync::Lazy::new(|| {
            corpus::extract::Knowledge::bundled().expect("bundled knowledge")
        });
    &KB
}

pub fn strip_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Answer-key names are written in the text's script; extraction reads the folded
/// (simplified) form, so both sides are folded before they are compared.
pub fn gold_key(name: &str) -> String {
    match_key(&corpus::normalize::script::fold(&strip_brackets(name)))
}

pub fn gold_policy_key(name: &str) -> String {
    if let (Some(a), Some(b)) = (name.find('《'), name.find('》')) {
        if a < b {
            return match_key(&name[a..b]);
        }
    }
    gold_key(name)
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let c: Vec<char> = s.chars().collect();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

pub fn dice(a: &str, b: &str) -> f64 {
    let (x, mut y) = (bigrams(a), bigrams(b));
    let total = x.len() + y.len();
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let mut common = 0;
    for g in &x {
        if let Some(i) = y.iter().position(|h| h == g) {
            y.remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

/// Match score of two keys (0 = no match).
pub fn score(pred: &str, gold: &str) -> f64 {
    if pred.is_empty() || gold.is_empty() {
        return 0.0;
    }
    let shorter = pred.chars().count().min(gold.chars().count());
    if shorter >= 2 && (pred.contains(gold) || gold.contains(pred)) {
        return 1.0 + shorter as f64 / 100.0;
    }
    let d = dice(pred, gold);
    if d >= 0.5 {
        d
    } else {
        0.0
    }
}

/// Greedy one-to-one matching of predictions to listed items, each listed item with its
/// names (name and aliases): (gold index, pred index) pairs.
pub fn assign_names(preds: &[String], golds: &[Vec<String>]) -> Vec<(usize, usize)> {
    let mut all: Vec<(f64, usize, usize)> = Vec::new();
    for (g, names) in golds.iter().enumerate() {
        for (p, pk) in preds.iter().enumerate() {
            let s = names.iter().map(|n| score(pk, n)).fold(0.0, f64::max);
            if s > 0.0 {
                all.push((s, g, p));
            }
        }
    }
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut ug, mut up) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for (_, g, p) in all {
        if !ug.contains(&g) && !up.contains(&p) {
            ug.insert(g);
            up.insert(p);
            out.push((g, p));
        }
    }
    out
}

/// `assign_names` with one name per listed item.
pub fn assign(preds: &[String], golds: &[String]) -> Vec<(usize, usize)> {
    let lists: Vec<Vec<String>> = golds.iter().map(|g| vec![g.clone()]).collect();
    assign_names(preds, &lists)
}

/// Keys of a listed case's name and aliases.
pub fn case_names(c: &Value) -> Vec<String> {
    let mut v = vec![gold_key(c["name"].as_str().unwrap_or(""))];
    v.extend(strings(&c["aliases"]).iter().map(|a| gold_key(a)));
    v
}

pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn covered(item: &str, others: &[String]) -> bool {
    let k = gold_key(item);
    others.iter().any(|o| {
        let ok = match_key(o);
        ok.chars().count() >= 2
            && k.chars().count() >= 2
            && (k.contains(ok.as_str()) || ok.contains(k.as_str()))
    })
}

/// Share of `want` items covered by `have` (keys containing one another); None when `want`
/// is empty.
pub fn overlap(have: &[String], want: &[String]) -> Option<f64> {
    if want.is_empty() {
        return None;
    }
    let hit = want.iter().filter(|w| covered(w, have)).count();
    Some(hit as f64 / want.len() as f64)
}

pub fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// FNV-1a, 64 bits: the dev corpus split is fixed by it.
pub fn fnv1a64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `tune` (60 %) or `check` (40 %), by the document's file name without extension.
pub fn split_of(name: &str) -> &'static str {
    if fnv1a64(name) % 10 < 6 {
        "tune"
    } else {
        "check"
    }
}

/// The bundled dev corpus, or the directory named by `GC_DEVCORPUS` (same layout:
/// `docs/NAME.txt` + `docs/NAME.json`), e.g. a probe of outside texts kept out of the repo.
pub fn devcorpus_dir() -> PathBuf {
    match std::env::var_os("GC_DEVCORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/devcorpus"),
    }
}

/// One dev-corpus document: its name, split, parsed document and answer key.
pub struct DevDoc {
    pub name: String,
    pub split: &'static str,
    pub doc: corpus::Document,
    pub key: Value,
}

/// Every document of the dev corpus that has an answer key, in name order.
pub fn load_devcorpus() -> Vec<DevDoc> {
    let dir = devcorpus_dir().join("docs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
                .filter(|n| dir.join(format!("{n}.txt")).exists())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let walk = corpus::walk::read_paths(&[dir.join(format!("{name}.txt"))]);
            assert!(walk.errors.is_empty(), "{name}: {:?}", walk.errors);
            let doc = corpus::parse(&walk.sources[0]);
            let key: Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap(),
            )
            .unwrap_or_else(|e| panic!("{name}.json: {e}"));
            let split = split_of(&name);
            DevDoc {
                name,
                split,
                doc,
                key,
            }
        })
        .collect()
}
pub mod tally;
