//! Synthetic corpora for scale measurements: N copies of a seed bundle, each document
//! derived from its seed with places (gazetteer cities and counties), author names,
//! universities and paragraph order changed, so that every document has its own name and
//! content hash. Deterministic for a given seed. Copy 0 is the seed itself, so `--scale 1`
//! reproduces the seed corpus (and its shipped vectors still apply).

use crate::extract::Gazetteer;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

/// Why a synthetic corpus could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error(transparent)]
    Knowledge(#[from] crate::extract::KnowledgeError),
    #[error("the seed bundle at {at}: {msg}")]
    Bundle { at: String, msg: String },
    #[error("the seed bundle has no documents")]
    Empty,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// One seed document and the names in it that copies replace.
struct SeedDoc {
    name: String,
    text: String,
    /// (name as written, index into `Synth::places` of its level's pool)
    places: Vec<(String, usize)>,
    people: Vec<String>,
    orgs: Vec<String>,
}

pub struct Synth {
    docs: Vec<SeedDoc>,
    /// Replacement pools: city names, county names.
    places: [Vec<String>; 2],
    orgs: Vec<String>,
    seed: u64,
}

/// What `write` produced.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    pub documents: usize,
    pub files: usize,
    pub bytes: u64,
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩然晨曦雨欣怡佳琪子涵梓轩博思远嘉一凡海燕春梅志强丹阳新立群";

/// SplitMix64: small, fast and stable across versions (the output must not change
/// when a dependency updates).
struct Rng(u64);

impl Rng {
    fn new(parts: &[u64]) -> Rng {
        let mut r = Rng(0x9e37_79b9_7f4a_7c15);
        for p in parts {
            r.0 ^= p.wrapping_mul(0xbf58_476d_1ce4_e5b9);
            r.next();
        }
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

impl Synth {
    /// Read a seed bundle's text; finds the replaceable names of every document.
    pub fn new(bundle_text: &str, seed: u64) -> Result<Synth, SynthError> {
        let gaz = Gazetteer::bundled()?;
        let mut places: [Vec<String>; 2] = Default::default();
        let mut level_of = BTreeMap::new();
        for d in gaz.divisions.iter().filter(|d| !d.placeholder) {
            let pool = match d.level.as_str() {
                "city" => 0,
                "county" => 1,
                _ => continue,
            };
            // Two-character names (`城区`) are too often plain words.
            if d.name.chars().count() >= 3 && level_of.insert(d.name.clone(), pool).is_none() {
                places[pool].push(d.name.clone());
            }
        }
        let names: Vec<&String> = level_of.keys().collect();
        let find_places = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .map_err(crate::extract::KnowledgeError::from)?;
        // Universities where affiliations start (line start, bracket, comma): elsewhere the
        // Han run before `大学` is often the end of a sentence, not a name.
        let university =
            regex::Regex::new(r"(?m)(?:^|[（(，、\s])(\p{Han}{2,8}大学)").expect("a valid pattern");
        let mut orgs = BTreeSet::new();
        let mut docs = Vec::new();
        for item in crate::bundle::split("seed", bundle_text, "UTF-8") {
            let src = item.map_err(|(at, e)| SynthError::Bundle {
                at: at.to_string(),
                msg: e.to_string(),
            })?;
            // Authors as the file name gives them (cheap; no full parse of the seed).
            let (_, authors) = crate::meta::parse_source_name(&src.name);
            let found: BTreeSet<usize> = find_places
                .find_iter(&src.text)
                .map(|m| m.pattern().as_usize())
                .collect();
            let doc_orgs: BTreeSet<String> = university
                .captures_iter(&src.text)
                .map(|c| c[1].to_string())
                .collect();
            orgs.extend(doc_orgs.iter().cloned());
            docs.push(SeedDoc {
                places: found
                    .into_iter()
                    .map(|i| (names[i].clone(), level_of[names[i]]))
                    .collect(),
                people: authors
                    .iter()
                    .filter(|a| a.chars().count() >= 2)
                    .cloned()
                    .collect(),
                orgs: doc_orgs.into_iter().collect(),
                name: src.name,
                text: src.text,
            });
        }
        if docs.is_empty() {
            return Err(SynthError::Empty);
        }
        Ok(Synth {
            docs,
            places,
            orgs: orgs.into_iter().collect(),
            seed,
        })
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Copy `k` of the corpus as (source name, text) pairs; copy 0 is the seed unchanged.
    pub fn copy(&self, k: usize) -> Vec<(String, String)> {
        self.docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if k == 0 {
                    (d.name.clone(), d.text.clone())
                } else {
                    self.derive(d, k, i)
                }
            })
            .collect()
    }

    fn derive(&self, d: &SeedDoc, k: usize, i: usize) -> (String, String) {
        let mut rng = Rng::new(&[self.seed, k as u64, i as u64]);
        let mut map: BTreeMap<&str, String> = BTreeMap::new();
        for (name, pool) in &d.places {
            map.insert(name, rng.pick(&self.places[*pool]).clone());
        }
        for p in &d.people {
            map.insert(p, person(&mut rng, p.chars().count()));
        }
        if !self.orgs.is_empty() {
            for o in &d.orgs {
                map.insert(o, rng.pick(&self.orgs).clone());
            }
        }
        let (from, to): (Vec<&str>, Vec<&str>) = map.iter().map(|(a, b)| (*a, b.as_str())).unzip();
        let replace = |s: &str| match AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&from)
        {
            Ok(ac) if !from.is_empty() => ac.replace_all(s, &to),
            _ => s.to_string(),
        };
        let text = permute_paragraphs(&replace(&d.text), &mut rng);
        let base = d.name.rsplit('/').next().unwrap_or(&d.name);
        // The prefix ends in `/`: the title and authors are still read from the base name.
        let name = format!("synth-{k:04}/{}", replace(base));
        // Substitutions and permutation may change nothing (a short text without names):
        // a last line numbered by copy keeps every content hash distinct.
        let text = if text == d.text {
            format!("{text}\n（合成副本 {k}）\n")
        } else {
            text
        };
        (name, text)
    }

    /// Write copies 0..scale as one bundle file each (`synth-0000.txt`, …) into `out`.
    pub fn write(&self, scale: usize, out: &Path) -> Result<Report, SynthError> {
        std::fs::create_dir_all(out)?;
        let mut r = Report::default();
        for k in 0..scale {
            let path = out.join(format!("synth-{k:04}.txt"));
            let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
            for (name, text) in self.copy(k) {
                write_entry(&mut f, &name, &text)?;
                r.documents += 1;
            }
            f.flush()?;
            r.files += 1;
            r.bytes += std::fs::metadata(&path)?.len();
        }
        Ok(r)
    }
}

/// One bundle entry: separator, source-name line, text.
pub fn write_entry(w: &mut impl Write, name: &str, text: &str) -> std::io::Result<()> {
    writeln!(w, "{}", crate::bundle::SEPARATOR)?;
    writeln!(w, "{name}")?;
    w.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        writeln!(w)?;
    }
    Ok(())
}

/// A plausible personal name of the same length as the one it replaces.
fn person(rng: &mut Rng, len: usize) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    std::iter::once(*rng.pick(&s))
        .chain((1..len.clamp(2, 3)).map(|_| *rng.pick(&g)))
        .collect()
}

/// Shuffle runs of adjacent body paragraphs (blocks of 4+ lines between blank lines). The
/// front matter (first tenth of the lines: title, authors, abstract) and short blocks
/// (headings, page furniture) stay where they are, so the document still parses the same way.
fn permute_paragraphs(text: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let front = lines.len() / 10;
    // Blocks as line ranges; blank lines are blocks of their own so they stay put.
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let blank = lines[i].trim().is_empty();
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim().is_empty() == blank {
            j += 1;
        }
        blocks.push((i, j));
        i = j;
    }
    let movable = |&(a, b): &(usize, usize)| {
        a >= front
            && b - a >= 4
            && lines[a..b].iter().map(|l| l.chars().count()).sum::<usize>() >= 120
    };
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    // A run: movable blocks separated only by blank blocks.
    let mut run: Vec<usize> = Vec::new();
    let mut flush = |run: &mut Vec<usize>, order: &mut Vec<usize>| {
        for n in (1..run.len()).rev() {
            let m = rng.below(n + 1);
            order.swap(run[n], run[m]);
        }
        run.clear();
    };
    for (n, b) in blocks.iter().enumerate() {
        if movable(b) {
            run.push(n);
        } else if !lines[b.0].trim().is_empty() {
            flush(&mut run, &mut order);
        }
    }
    flush(&mut run, &mut order);
    let mut out = String::with_capacity(text.len());
    for &n in &order {
        let (a, b) = blocks[n];
        for l in &lines[a..b] {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> String {
        std::fs::read_to_string(crate::bundled_corpus_path()).unwrap()
    }

    #[test]
    fn copies_are_distinct_deterministic_and_parse() {
        let text = seed();
        let s = Synth::new(&text, 7).unwrap();
        assert_eq!(s.len(), 40);
        let dir = tempfile::tempdir().unwrap();
        let report = s.write(3, dir.path()).unwrap();
        assert_eq!((report.files, report.documents), (3, 120));

        let mut names = BTreeSet::new();
        let mut hashes = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for k in 0..3 {
            let bundle =
                std::fs::read_to_string(dir.path().join(format!("synth-{k:04}.txt"))).unwrap();
            assert!(crate::bundle::is_bundle(&bundle));
            let sources: Vec<_> = crate::bundle::split("b", &bundle, "UTF-8")
                .into_iter()
                .map(Result::unwrap)
                .collect();
            assert_eq!(sources.len(), 40);
            for src in &sources {
                names.insert(src.name.clone());
                hashes.insert(crate::model::content_hash(&src.text));
                ids.insert(crate::model::document_id(&src.name));
            }
        }
        assert_eq!((names.len(), hashes.len(), ids.len()), (120, 120, 120));

        // Copy 0 is the seed as bundled.
        let seed_sources = crate::bundle::split("b", &text, "UTF-8");
        let c0 = s.copy(0);
        assert_eq!(c0[0].1, seed_sources[0].as_ref().unwrap().text);

        // Same seed, same output; another seed, other output.
        assert_eq!(s.copy(2), Synth::new(&text, 7).unwrap().copy(2));
        assert_ne!(s.copy(2), Synth::new(&text, 8).unwrap().copy(2));

        // A derived document parses like its seed: a title, passages, the same genre.
        let c1 = s.copy(1);
        for i in [0, 10, 25] {
            let src = |(name, text): &(String, String)| crate::Source {
                name: name.clone(),
                file: "f".into(),
                first_line: 1,
                text: text.clone(),
                encoding: "UTF-8".into(),
            };
            let orig = crate::parse(&src(&c0[i]));
            let derived = crate::parse(&src(&c1[i]));
            assert!(!derived.title.is_empty());
            assert_eq!(derived.genre, orig.genre);
            let (a, b) = (orig.passages.len(), derived.passages.len());
            assert!(b * 2 >= a && b <= a * 2, "passages {a} → {b}");
        }
    }

    #[test]
    fn paragraphs_move_only_inside_the_body() {
        let para = |c: char| {
            format!(
                "{}\n",
                std::iter::repeat_n(format!("{c}{}\n", "文".repeat(40)), 4).collect::<String>()
            )
        };
        let mut text = String::from("标题\n作者\n\n");
        for c in ['甲', '乙', '丙', '丁', '戊', '己'] {
            text.push_str(&para(c));
        }
        let mut rng = Rng::new(&[1]);
        let out = permute_paragraphs(&text, &mut rng);
        assert!(out.starts_with("标题\n作者\n\n"));
        assert_ne!(out, text);
        let sorted = |s: &str| {
            let mut v: Vec<&str> = s.lines().collect();
            v.sort();
            v.join("\n")
        };
        assert_eq!(sorted(&out), sorted(&text));
    }
}
