//! Ranking quality on the development corpus (`corpus/tests/data/devcorpus`): its questions,
//! split tune / check by their first expected document (`fnv1a64(name) % 10 < 6` is tune),
//! asked through the real search and recommendation paths, every figure beside plain BM25
//! over the same passages. Fitting reads tune only; check is read through these figures.

use crate::core::app::App;
use index::rank::{Features, Weights};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The development corpus of the source tree.
pub fn devcorpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/tests/data/devcorpus")
}

#[derive(Debug, Clone, Deserialize)]
pub struct DevQuestion {
    pub id: String,
    pub kind: String,
    pub query: String,
    #[serde(default)]
    pub expected_docs: Vec<String>,
    #[serde(default)]
    pub expected_cases: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub absent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Tune,
    Check,
}

pub fn fnv1a64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The split of a document (its file name without `.txt`).
pub fn split_of(name: &str) -> Split {
    if fnv1a64(name) % 10 < 6 {
        Split::Tune
    } else {
        Split::Check
    }
}

/// A question with its split, the input lines of its evidence: (document, first, last), and
/// for a scenario every name the answer keys of its expected documents give its expected cases
/// (name and aliases).
#[derive(Debug, Clone)]
pub struct Labelled {
    pub q: DevQuestion,
    pub split: Split,
    pub lines: Vec<(String, u32, u32)>,
    pub aliases: Vec<String>,
}

/// A case of a document's answer key (`docs/NAME.json`): its name and other names.
#[derive(Debug, Deserialize)]
struct KeyCase {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct AnswerKey {
    #[serde(default)]
    cases: Vec<KeyCase>,
}

/// The names (name and aliases) the answer keys of `q`'s documents give its expected cases.
fn aliases(dir: &Path, q: &DevQuestion) -> anyhow::Result<Vec<String>> {
    use crate::core::recommend::score::name_key;
    let wanted: Vec<String> = q.expected_cases.iter().map(|e| name_key(e)).collect();
    let mut out = Vec::new();
    for doc in &q.expected_docs {
        let path = dir.join("docs").join(format!("{doc}.json"));
        let key: AnswerKey = serde_json::from_str(&std::fs::read_to_string(&path)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        for c in key.cases {
            let mut names = vec![c.name];
            names.extend(c.aliases);
            if names.iter().any(|n| wanted.contains(&name_key(n))) {
                out.extend(names);
            }
        }
    }
    Ok(out)
}

/// Whether a recommended case (its name, its document's source file) is one the scenario
/// expects: the same name in either script (`learn::same_case`) anywhere, or a case of an
/// expected document named by one of the answer key's names for it (`learn::alias_match`):
/// extraction may name a case by its site where the key uses the project's name.
pub fn expected_case(l: &Labelled, name: &str, source: &str) -> bool {
    use crate::core::recommend::learn::{alias_match, same_case};
    if l.q.expected_cases.iter().any(|e| same_case(name, e)) {
        return true;
    }
    let doc = doc_name(source);
    l.q.expected_docs.iter().any(|d| d == doc) && l.aliases.iter().any(|a| alias_match(name, a))
}

/// Every question of `questions/*.json`, with its split and evidence lines.
pub fn load(dir: &Path) -> anyhow::Result<Vec<Labelled>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("questions"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for f in files {
        let qs: Vec<DevQuestion> = serde_json::from_str(&std::fs::read_to_string(&f)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        for q in qs {
            let Some(first) = q.expected_docs.first() else {
                // Absent scenarios name no document: split by their own id.
                let split = split_of(&q.id);
                out.push(Labelled {
                    q,
                    split,
                    lines: Vec::new(),
                    aliases: Vec::new(),
                });
                continue;
            };
            let split = split_of(first);
            let mut lines = Vec::new();
            for doc in &q.expected_docs {
                if !texts.contains_key(doc) {
                    let t = std::fs::read_to_string(dir.join("docs").join(format!("{doc}.txt")))?;
                    texts.insert(doc.clone(), t);
                }
                let text = &texts[doc];
                for e in &q.evidence {
                    if let Some(at) = text.find(e.as_str()) {
                        let first = text[..at].matches('\n').count() as u32 + 1;
                        let last = first + e.matches('\n').count() as u32;
                        lines.push((doc.clone(), first, last));
                    }
                }
            }
            let aliases = if q.kind == "scenario" {
                aliases(dir, &q)?
            } else {
                Vec::new()
            };
            out.push(Labelled {
                q,
                split,
                lines,
                aliases,
            });
        }
    }
    Ok(out)
}

/// The vectors shipped with a development corpus (`vectors.bin` beside `docs/`, written by
/// `vectors --write-cache`), added to `opts`' warm vectors: its texts are not embedded again.
/// A corpus without the file gives `opts` as they are.
pub fn with_corpus_vectors(
    dir: &Path,
    opts: &crate::core::app::Options,
) -> anyhow::Result<crate::core::app::Options> {
    let path = dir.join("vectors.bin");
    if !path.is_file() {
        return Ok(opts.clone());
    }
    let mut cache = crate::core::vectors::load_cache(&path)?;
    if let Some(warm) = &opts.warm_vectors {
        cache.extend(warm);
    }
    Ok(crate::core::app::Options {
        warm_vectors: Some(std::sync::Arc::new(cache)),
        ..opts.clone()
    })
}

/// Ingest the development corpus's documents (and embed them when there is a model).
pub fn ingest(app: &App, dir: &Path) -> anyhow::Result<()> {
    ingest_paths(app, &[dir.join("docs")])
}

/// Ingest files or folders, and embed them when there is a model.
pub fn ingest_paths(app: &App, paths: &[PathBuf]) -> anyhow::Result<()> {
    crate::core::ingest::ingest(app, paths, None)?;
    if app.embedder.is_some() {
        crate::core::vectors::embed_missing(app, None)?;
    }
    Ok(())
}

/// Runs `f` on `paths` ingested into a temporary data dir of their own (named by `tag`),
/// removed afterwards whatever `f` returns.
pub fn with_ingested<T>(
    tag: &str,
    paths: &[PathBuf],
    opts: &crate::core::app::Options,
    f: impl FnOnce(&App) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let data = std::env::temp_dir().join(format!("gongchuang-{tag}-{}", std::process::id()));
    let result = (|| {
        let app = App::open_with(&data, opts)?;
        ingest_paths(&app, paths)?;
        f(&app)
    })();
    let _ = std::fs::remove_dir_all(&data);
    result
}

/// Documents per small corpus, and scenarios with an analogue in each: the size of a small
/// collection of a user's own (the probes hold 28 texts each, the real set 30).
pub const SMALL_DOCUMENTS: usize = 28;
pub const SMALL_SCENARIOS: usize = 7;

/// A small corpus cut from a development corpus: its documents' names and its scenarios
/// (indices into the questions).
#[derive(Debug, Clone, PartialEq)]
pub struct Small {
    pub docs: Vec<String>,
    pub questions: Vec<usize>,
}

/// Small corpora of one split: each holds `SMALL_SCENARIOS` scenarios with an analogue and
/// its share of those without, their expected documents, and other documents of the split
/// up to `SMALL_DOCUMENTS`. Scenarios and documents are taken in `fnv1a64` order of their
/// id and name: the same corpora every time, and none of the other split's documents.
pub fn small_corpora(qs: &[Labelled], docs: &[String], split: Split) -> Vec<Small> {
    let order = |v: &mut Vec<usize>| v.sort_by_key(|&i| (fnv1a64(&qs[i].q.id), i));
    let scenarios = (0..qs.len()).filter(|&i| qs[i].q.kind == "scenario" && qs[i].split == split);
    let (mut absent, mut present): (Vec<usize>, Vec<usize>) =
        scenarios.partition(|&i| qs[i].q.absent || qs[i].q.expected_cases.is_empty());
    order(&mut present);
    order(&mut absent);
    let mut fill: Vec<&String> = docs.iter().filter(|d| split_of(d) == split).collect();
    fill.sort_by_key(|d| (fnv1a64(d), d.to_string()));
    let n = present.len().div_ceil(SMALL_SCENARIOS);
    (0..n)
        .map(|c| {
            let mut questions: Vec<usize> = present
                .iter()
                .skip(c * SMALL_SCENARIOS)
                .take(SMALL_SCENARIOS)
                .copied()
                .collect();
            questions.extend(absent.iter().skip(c).step_by(n).copied());
            let mut names: Vec<String> = Vec::new();
            for d in questions.iter().flat_map(|&i| &qs[i].q.expected_docs) {
                if !names.contains(d) {
                    names.push(d.clone());
                }
            }
            for d in fill
                .iter()
                .cycle()
                .skip(c * SMALL_DOCUMENTS)
                .take(fill.len())
            {
                if names.len() >= SMALL_DOCUMENTS {
                    break;
                }
                if !names.contains(d) {
                    names.push(d.to_string());
                }
            }
            Small {
                docs: names,
                questions,
            }
        })
        .collect()
}

/// The names of a development corpus's documents (`docs/*.txt`).
pub fn doc_names(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut out: Vec<String> = std::fs::read_dir(dir.join("docs"))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".txt")
                .map(String::from)
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Runs `f` on each small corpus of `split` (`small_corpora`), ingested into a temporary data
/// dir of its own (with vectors when the model is there), with its questions.
pub fn each_small<'q, T>(
    dir: &Path,
    qs: &'q [Labelled],
    split: Split,
    opts: &crate::core::app::Options,
    mut f: impl FnMut(&App, &[&'q Labelled]) -> anyhow::Result<T>,
) -> anyhow::Result<Vec<T>> {
    let mut out = Vec::new();
    for (i, small) in small_corpora(qs, &doc_names(dir)?, split)
        .iter()
        .enumerate()
    {
        let files: Vec<PathBuf> = small
            .docs
            .iter()
            .map(|d| dir.join("docs").join(format!("{d}.txt")))
            .collect();
        let sub: Vec<&Labelled> = small.questions.iter().map(|&q| &qs[q]).collect();
        let result = with_ingested(&format!("small-{i}"), &files, opts, |app| f(app, &sub));
        out.push(result.map_err(|e| e.context(format!("small corpus {i}")))?);
    }
    Ok(out)
}

/// `opts` with `app`'s stored vectors to start from, for the small corpora cut from the
/// development corpus `app` holds: they hold the same texts, so nothing is embedded twice.
pub fn warmed(
    app: &App,
    opts: &crate::core::app::Options,
) -> anyhow::Result<crate::core::app::Options> {
    let Some(e) = app.embedder.as_ref() else {
        return Ok(opts.clone());
    };
    let cache = crate::core::vectors::stored_cache(app, e.id())?;
    Ok(crate::core::app::Options {
        warm_vectors: Some(std::sync::Arc::new(cache)),
        ..opts.clone()
    })
}

/// A document's name as the questions write it: the file name without `.txt`.
pub fn doc_name(source: &str) -> &str {
    source.strip_suffix(".txt").unwrap_or(source)
}

/// What is shown of a document's case or passage beside a tune question: itself for a tune
/// document, a mark for a check one (check is read only through the figures).
pub fn shown_if_tune(source: &str, text: &str) -> String {
    match split_of(doc_name(source)) {
        Split::Tune => text.to_string(),
        Split::Check => "(check)".to_string(),
    }
}

/// Whether a search hit answers the question: for a fact, a passage of an expected document
/// whose lines hold an evidence line; otherwise an item of an expected document.
pub fn answers(l: &Labelled, item: &index::Item) -> bool {
    let doc = doc_name(&item.source);
    if l.q.kind == "fact" {
        l.lines
            .iter()
            .any(|(d, a, b)| d == doc && *a <= item.lines.1 && *b >= item.lines.0)
    } else {
        l.q.expected_docs.iter().any(|d| d == doc)
    }
}

/// One search question measured once: its candidates' features and whether each answers it,
/// in id order (the order ties break in).
pub struct Measured {
    pub kind: String,
    pub split: Split,
    pub list: Vec<(Features, bool)>,
}

/// Candidates of every keyword and fact question, through the real search path.
pub fn measure(app: &App, qs: &[Labelled], dense: bool) -> anyhow::Result<Vec<Measured>> {
    let mut out = Vec::new();
    for l in qs
        .iter()
        .filter(|l| matches!(l.q.kind.as_str(), "keyword" | "fact"))
    {
        let c = crate::core::queries::search_candidates(app, &l.q.query, Some("passage"), dense)?;
        out.push(Measured {
            kind: l.q.kind.clone(),
            split: l.split,
            list: c
                .list
                .iter()
                .map(|c| (c.features, answers(l, &c.item)))
                .collect(),
        });
    }
    Ok(out)
}

/// Rank (0-based) of the first candidate that answers, as `index::search::rank` orders them.
pub fn first_rank(w: &Weights, list: &[(Features, bool)]) -> Option<usize> {
    let scores: Vec<f32> = list.iter().map(|(f, _)| w.score(f)).collect();
    let mut best: Option<usize> = None;
    for (j, (_, ok)) in list.iter().enumerate() {
        if *ok && best.is_none_or(|b| scores[j] > scores[b]) {
            best = Some(j);
        }
    }
    let j = best?;
    Some(
        scores
            .iter()
            .enumerate()
            .filter(|(i, s)| **s > scores[j] || (**s == scores[j] && *i < j))
            .count(),
    )
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SearchFigures {
    pub fact_at_1: f64,
    pub fact_at_5: f64,
    pub keyword_at_1: f64,
    pub facts: usize,
    pub keywords: usize,
}

fn rate(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

pub fn search_figures(m: &[Measured], split: Split, w: &Weights) -> SearchFigures {
    let (mut f1, mut f5, mut k1, mut nf, mut nk) = (0, 0, 0, 0, 0);
    for q in m.iter().filter(|q| q.split == split) {
        let r = first_rank(w, &q.list);
        if q.kind == "fact" {
            nf += 1;
            f1 += (r == Some(0)) as usize;
            f5 += r.is_some_and(|r| r < 5) as usize;
        } else {
            nk += 1;
            k1 += (r == Some(0)) as usize;
        }
    }
    SearchFigures {
        fact_at_1: rate(f1, nf),
        fact_at_5: rate(f5, nf),
        keyword_at_1: rate(k1, nk),
        facts: nf,
        keywords: nk,
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct RecFigures {
    /// Scenarios with an analogue: one in the top 3 / first.
    pub case_at_3: f64,
    pub case_at_1: f64,
    pub present: usize,
    /// "Nothing close" on scenarios without an analogue / with one.
    pub absent_right: f64,
    pub present_wrong: f64,
    pub absent: usize,
    /// Share of all scenarios whose first (or nearest) case is the most common first case:
    /// high when one long or generic case leads everywhere.
    pub same_first: f64,
}

/// A scenario's answer: the cases ranked (name, source file of its document), the far ones
/// when "nothing close", and whether it said "nothing close".
pub type RecAnswer<'a> = (&'a Labelled, Vec<(String, String)>, bool);

fn names_hit(l: &Labelled, names: &[(String, String)]) -> Option<usize> {
    names.iter().position(|(n, s)| expected_case(l, n, s))
}

/// Tally of ranked cases and "nothing close" answers, per scenario.
pub fn rec_figures(answers: &[RecAnswer]) -> RecFigures {
    let (mut at3, mut at1, mut np, mut wrong, mut na, mut right) = (0, 0, 0, 0, 0, 0);
    let mut firsts: HashMap<&str, usize> = HashMap::new();
    for (l, names, nothing) in answers {
        if let Some((n, _)) = names.first() {
            *firsts.entry(n.as_str()).or_default() += 1;
        }
        if l.q.absent || l.q.expected_cases.is_empty() {
            na += 1;
            right += *nothing as usize;
            continue;
        }
        np += 1;
        wrong += *nothing as usize;
        let r = names_hit(l, names).filter(|_| !*nothing);
        at3 += r.is_some_and(|r| r < 3) as usize;
        at1 += (r == Some(0)) as usize;
    }
    RecFigures {
        case_at_3: rate(at3, np),
        case_at_1: rate(at1, np),
        present: np,
        absent_right: rate(right, na),
        present_wrong: rate(wrong, np),
        absent: na,
        same_first: rate(firsts.values().copied().max().unwrap_or(0), answers.len()),
    }
}

/// The scenario questions of a split.
fn scenarios(qs: &[Labelled], split: Split) -> impl Iterator<Item = &Labelled> {
    qs.iter()
        .filter(move |l| l.q.kind == "scenario" && l.split == split)
}

/// Recommendation on every scenario of a split, through `recommend` (names ranked, and
/// whether it said "nothing close"; the nearest cases are ranked either way).
pub fn recommend_answers<'a>(
    app: &App,
    qs: &'a [Labelled],
    split: Split,
) -> anyhow::Result<Vec<RecAnswer<'a>>> {
    recommend_each(app, scenarios(qs, split))
}

/// The same for these scenarios.
pub fn recommend_each<'a>(
    app: &App,
    scenarios: impl IntoIterator<Item = &'a Labelled>,
) -> anyhow::Result<Vec<RecAnswer<'a>>> {
    let mut out = Vec::new();
    for l in scenarios {
        let req = crate::core::recommend::Request {
            scenario: l.q.query.clone(),
            limit: Some(5),
            weights: crate::core::recommend::tuning::env_weights(),
            ..Default::default()
        };
        let r = crate::core::recommend::recommend(app, &req)?;
        let shown = if r.nothing_close { &r.far } else { &r.cases };
        let names = shown
            .iter()
            .map(|c| (c.case.name.clone(), c.case.document.source.clone()))
            .collect();
        out.push((l, names, r.nothing_close));
    }
    Ok(out)
}

/// The baseline: plain BM25 over the case items (never "nothing close").
pub fn recommend_baseline<'a>(
    app: &App,
    qs: &'a [Labelled],
    split: Split,
) -> anyhow::Result<Vec<RecAnswer<'a>>> {
    recommend_plain(app, scenarios(qs, split))
}

/// The same for these scenarios.
pub fn recommend_plain<'a>(
    app: &App,
    scenarios: impl IntoIterator<Item = &'a Labelled>,
) -> anyhow::Result<Vec<RecAnswer<'a>>> {
    let mut out = Vec::new();
    for l in scenarios {
        out.push((l, bm25_cases(app, &l.q.query)?, false));
    }
    Ok(out)
}

/// The recommendation baseline for one scenario: the top 5 case items by plain BM25, each as
/// (case name, its document's source). Quotes, colons and dashes are dropped first: the query
/// parser would read them as syntax.
pub fn bm25_cases(app: &App, scenario: &str) -> anyhow::Result<Vec<(String, String)>> {
    let q: String = scenario
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”' | ':' | '-'))
        .collect();
    let r = crate::core::queries::search_with(app, &q, Some("case"), 5, 0, Weights::bm25_only())?;
    Ok(r.hits
        .iter()
        .map(|h| (h.document.title.clone(), h.document.source.clone()))
        .collect())
}
