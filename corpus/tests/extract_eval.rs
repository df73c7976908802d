//! Extraction measured on the development ground truth (`tests/data/dev_docs.json`, a copy of
//! the shared dev set): case and policy recall, case precision, technology/actor overlap, and
//! per-kind counts over the whole seed corpus. Run with `--nocapture` to see the figures.
//!
//! Name matching (cases and policies): both names are reduced to a key with
//! `corpus::text::match_key` (NFKC, letters and digits only, lower case). Notes in brackets
//! in the ground truth (`（…）`, `(…)`) are dropped first; for a policy whose name contains a
//! `《…》` title, the title is the name. A predicted name matches a listed one when either key
//! contains the other (the shorter at least 2 characters), or when their character-bigram
//! Dice coefficient is at least 0.5. Each listed item is matched to at most one prediction
//! and each prediction to at most one listed item (greedy, best score first).

mod eval;

use corpus::extract::{self, Extraction, Knowledge};
use corpus::text::match_key;
use corpus::Document;
use eval::tally::{score_doc, Tally};
use eval::{assign, gold_key, gold_policy_key, mean, overlap, strings};
use once_cell::sync::Lazy;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};

static KB: Lazy<Knowledge> = Lazy::new(|| Knowledge::bundled().expect("bundled knowledge"));

static DOCS: Lazy<Vec<Document>> = Lazy::new(|| {
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    assert!(walk.errors.is_empty(), "{:?}", walk.errors);
    walk.sources.iter().map(corpus::parse).collect()
});

static EXTRACTIONS: Lazy<Vec<Extraction>> =
    Lazy::new(|| DOCS.iter().map(|d| extract::extract(d, &KB)).collect());

static DEV: Lazy<Vec<Value>> =
    Lazy::new(|| serde_json::from_str(include_str!("data/dev_docs.json")).unwrap());

/// Dev records paired with the index of their parsed document (by source name).
fn dev_pairs() -> Vec<(&'static Value, usize)> {
    DEV.iter()
        .map(|r| {
            let file = r["file"].as_str().unwrap();
            let i = DOCS
                .iter()
                .position(|d| d.source == file)
                .unwrap_or_else(|| panic!("no document {file}"));
            (r, i)
        })
        .collect()
}

#[test]
fn dev_cases_recall_precision_and_attributes() {
    let (mut gold_n, mut found_n, mut pred_n, mut pred_matched) = (0usize, 0usize, 0usize, 0usize);
    let (mut tech, mut actors): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for (rec, i) in dev_pairs() {
        let ex = &EXTRACTIONS[i];
        let golds: Vec<&Value> = rec["cases"].as_array().unwrap().iter().collect();
        let gkeys: Vec<String> = golds
            .iter()
            .map(|c| gold_key(c["name"].as_str().unwrap()))
            .collect();
        let pkeys: Vec<String> = ex.cases.iter().map(|c| match_key(&c.name)).collect();
        let pairs = assign(&pkeys, &gkeys);
        gold_n += golds.len();
        found_n += pairs.len();
        pred_n += ex.cases.len();
        pred_matched += pairs.len();
        println!(
            "\n## {}  (gold {}, predicted {}, matched {})",
            rec["file"].as_str().unwrap(),
            golds.len(),
            ex.cases.len(),
            pairs.len()
        );
        for (g, c) in golds.iter().enumerate() {
            match pairs.iter().find(|&&(gg, _)| gg == g) {
                Some(&(_, p)) => {
                    let case = &ex.cases[p];
                    let labels = |v: &[extract::ConceptRef]| {
                        v.iter().map(|r| r.label.clone()).collect::<Vec<_>>()
                    };
                    let t = overlap(&labels(&case.technologies), &strings(&c["technologies"]));
                    let a = overlap(&labels(&case.actors), &strings(&c["actors"]));
                    tech.extend(t);
                    actors.extend(a);
                    println!(
                        "  + {} ⇐ {}  [tech {:?}, actors {:?}]",
                        c["name"].as_str().unwrap(),
                        case.name,
                        t.map(|x| (x * 100.0).round()),
                        a.map(|x| (x * 100.0).round())
                    );
                }
                None => println!("  - MISSED {}", c["name"].as_str().unwrap()),
            }
        }
        for (p, case) in ex.cases.iter().enumerate() {
            if !pairs.iter().any(|&(_, pp)| pp == p) {
                println!("  ? extra {}", case.name);
            }
        }
    }
    let recall = found_n as f64 / gold_n as f64;
    let precision = pred_matched as f64 / pred_n.max(1) as f64;
    println!("\nDEV CASES: recall {found_n}/{gold_n} = {recall:.3}; precision {pred_matched}/{pred_n} = {precision:.3}");
    println!("DEV CASE ATTRIBUTES (matched cases with listed items): technologies mean overlap {:.3} over {} cases; actors {:.3} over {} cases", mean(&tech), tech.len(), mean(&actors), actors.len());
    // The seed dev documents are a test set: nothing is fitted on them (the salience model
    // read them until session 38, which gave 0.91; fitted on tune alone it gives 0.86 once
    // the dev corpus holds papers that name their examples in passing, `w27`…`w44`). Their
    // key lists the main cases only, so the general recognisers' other sites count against
    // precision here; the dev corpus measures precision on exhaustive keys.
    assert!(recall >= 0.8, "case recall {recall:.3} < 0.8");
    assert!(precision >= 0.6, "case precision {precision:.3} < 0.6");
}

#[test]
fn dev_policies_recall() {
    let (mut gold_n, mut found_n, mut pred_n) = (0usize, 0usize, 0usize);
    for (rec, i) in dev_pairs() {
        let ex = &EXTRACTIONS[i];
        let golds: Vec<String> = rec["policies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().or(p.as_str()).unwrap().to_string())
            .collect();
        let gkeys: Vec<String> = golds.iter().map(|g| gold_policy_key(g)).collect();
        let pkeys: Vec<String> = ex.policies.iter().map(|p| match_key(&p.name)).collect();
        let pairs = assign(&pkeys, &gkeys);
        gold_n += golds.len();
        found_n += pairs.len();
        pred_n += ex.policies.len();
        println!(
            "\n## {}  (gold {}, predicted {}, matched {})",
            rec["file"].as_str().unwrap(),
            golds.len(),
            ex.policies.len(),
            pairs.len()
        );
        for (g, name) in golds.iter().enumerate() {
            match pairs.iter().find(|&&(gg, _)| gg == g) {
                Some(&(_, p)) => println!(
                    "  + {name} ⇐ {} [{}]",
                    ex.policies[p].name, ex.policies[p].key
                ),
                None => println!("  - MISSED {name}"),
            }
        }
        for (p, pol) in ex.policies.iter().enumerate() {
            if !pairs.iter().any(|&(_, pp)| pp == p) {
                println!("  ? extra {} [{}]", pol.name, pol.key);
            }
        }
    }
    let recall = found_n as f64 / gold_n as f64;
    println!("\nDEV POLICIES: recall {found_n}/{gold_n} = {recall:.3}; predicted {pred_n}, matched {found_n} (precision {:.3}, the list is not exhaustive)", found_n as f64 / pred_n.max(1) as f64);
    assert!(recall >= 0.8, "policy recall {recall:.3} < 0.8");
}

/// Reference-list lines look like `作者.标题[J].期刊,2020,3(1):1-9.`
fn reference_like(s: &str) -> bool {
    let re = regex::Regex::new(r"\[[JMNDCRSZ](/OL)?\]|\[EB/OL\]|出版社").unwrap();
    re.is_match(s)
}

#[test]
fn no_case_from_references_or_running_headers() {
    for (d, ex) in DOCS.iter().zip(EXTRACTIONS.iter()) {
        let title = match_key(&d.title);
        for c in &ex.cases {
            for e in &c.evidence {
                assert!(
                    !e.passage.contains("-r"),
                    "{}: case {} cites a reference entry",
                    d.source,
                    c.name
                );
                assert!(
                    !reference_like(&e.text),
                    "{}: case {} found in a reference-like sentence: {}",
                    d.source,
                    c.name,
                    e.text
                );
            }
            let k = match_key(&c.name);
            assert!(
                k.chars().count() < 6
                    || !title.contains(&k)
                    || title.len() < k.len() + 12
                    || is_title_case(d, &c.name),
                "{}: case {} looks like the running header",
                d.source,
                c.name
            );
        }
    }
    // A case named only in the reference list is not a case.
    let text = "=====\nx.txt\n数字治理研究\n\n一、引言\n\n数字技术改变了城市治理。\n\n参考文献\n[1]张三.城市大脑何以赋能——以杭州市“城市大脑”为例[J].治理研究,2020,3(1):1-9.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.txt");
    std::fs::write(&path, text).unwrap();
    let walk = corpus::walk::read_paths(&[path]);
    let doc = corpus::parse(&walk.sources[0]);
    let ex = extract::extract(&doc, &KB);
    assert!(
        ex.cases.is_empty(),
        "cases from references: {:?}",
        ex.cases.iter().map(|c| &c.name).collect::<Vec<_>>()
    );
}

/// Cases named by the title (以…为例) are expected to repeat the title's words.
fn is_title_case(d: &Document, name: &str) -> bool {
    let t = match_key(&d.title);
    let k = match_key(name);
    t.contains(&k)
}

#[test]
fn corpus_counts() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for ex in EXTRACTIONS.iter() {
        *counts.entry("documents").or_default() += 1;
        *counts.entry("cases").or_default() += ex.cases.len();
        *counts.entry("paths").or_default() += ex.paths.len();
        *counts.entry("paths.framework").or_default() +=
            ex.paths.iter().filter(|p| p.kind == "framework").count();
        *counts.entry("paths.staged").or_default() +=
            ex.paths.iter().filter(|p| p.kind == "staged").count();
        *counts.entry("paths.countermeasures").or_default() += ex
            .paths
            .iter()
            .filter(|p| p.kind == "countermeasures")
            .count();
        *counts.entry("stages").or_default() +=
            ex.paths.iter().map(|p| p.stages.len()).sum::<usize>();
        *counts.entry("policies").or_default() += ex.policies.len();
        *counts.entry("places").or_default() += ex.places.len();
        *counts.entry("concepts (distinct per doc)").or_default() += ex.concepts.len();
        *counts
            .entry("concept mentions (evidence, capped 20)")
            .or_default() += ex.concepts.iter().map(|c| c.evidence.len()).sum::<usize>();
        *counts.entry("obstacles").or_default() += ex.obstacles.len();
        *counts.entry("countermeasures").or_default() += ex.countermeasures.len();
        *counts.entry("case outcome figures").or_default() += ex
            .cases
            .iter()
            .map(|c| c.outcome_figures.len())
            .sum::<usize>();
    }
    let keys: HashSet<&str> = EXTRACTIONS
        .iter()
        .flat_map(|e| e.policies.iter().map(|p| p.key.as_str()))
        .collect();
    println!("\nSEED CORPUS COUNTS");
    for (k, v) in &counts {
        println!("  {k:40} {v}");
    }
    println!("  {:40} {}", "distinct policy keys", keys.len());
    assert_eq!(counts["documents"], 40);
    assert!(counts["cases"] > 0 && counts["policies"] > 0 && counts["paths"] > 0);
    // Every evidence span lies inside its passage and its lines inside the passage's lines.
    for (d, ex) in DOCS.iter().zip(EXTRACTIONS.iter()) {
        for c in &ex.concepts {
            for e in &c.evidence {
                let p = d
                    .passages
                    .iter()
                    .find(|p| p.id == e.passage)
                    .expect("evidence passage");
                let span: String = p
                    .text
                    .chars()
                    .skip(e.start as usize)
                    .take((e.end - e.start) as usize)
                    .collect();
                assert!(!span.trim().is_empty());
                assert!(e.lines.0 >= p.lines.0 && e.lines.1 <= p.lines.1);
            }
        }
    }
}

/// Case figures on the seed dev documents, in the dev corpus's terms.
fn seed_dev_tally() -> Tally {
    let mut t = Tally::default();
    for (rec, i) in dev_pairs() {
        let ex = &EXTRACTIONS[i];
        let gkeys: Vec<String> = rec["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["name"].as_str().map(gold_key))
            .collect();
        let pkeys: Vec<String> = ex.cases.iter().map(|c| match_key(&c.name)).collect();
        t.docs += 1;
        t.gold_cases += gkeys.len();
        t.pred_cases += ex.cases.len();
        t.found += assign(&pkeys, &gkeys).len();
    }
    t
}

/// The development corpus of our own writing (`tests/data/devcorpus`), per split and genre.
/// Per-document details are printed for `tune` only (set `GC_EVAL_DETAILS=1`): `check` is
/// read through its figures alone.
#[test]
fn devcorpus_by_split_and_genre() {
    let docs = eval::load_devcorpus();
    if docs.is_empty() {
        println!("no dev corpus documents");
        return;
    }
    let details = std::env::var_os("GC_EVAL_DETAILS").is_some();
    let mut by: BTreeMap<(&str, String), Tally> = BTreeMap::new();
    let mut all: BTreeMap<&str, Tally> = BTreeMap::new();
    for d in &docs {
        let ex = extract::extract(&d.doc, &KB);
        let mut log = Vec::new();
        let t = score_doc(d, &ex, &mut log);
        if details && d.split == "tune" && !log.is_empty() {
            mark_filtered(d, &mut log);
            println!("\n## {} ({})\n{}", d.name, d.key["genre"], log.join("\n"));
        }
        let genre = d.key["genre"].as_str().unwrap_or("?").to_string();
        by.entry((d.split, genre)).or_default().add(&t);
        all.entry(d.split).or_default().add(&t);
    }
    println!(
        "\nDEV CORPUS ({} documents)\n{}",
        docs.len(),
        Tally::header()
    );
    for ((split, genre), t) in &by {
        println!("{}", t.row(split, genre));
    }
    for (split, t) in &all {
        println!("{}", t.row(split, "ALL"));
    }
    println!("{}", seed_dev_tally().row("seed", "dev-docs"));
    println!("\ncase recall by kind (tune, check)");
    for (kind, (f, n)) in &all["tune"].kinds {
        let (cf, cn) = all
            .get("check")
            .and_then(|t| t.kinds.get(kind))
            .copied()
            .unwrap_or_default();
        let r = |f: usize, n: usize| f as f64 / n.max(1) as f64;
        println!(
            "  {kind:24} {:.3} ({n:3})  {:.3} ({cn:3})",
            r(*f, *n),
            r(cf, cn)
        );
    }
    println!("\ncandidates before the salience filter (found / listed, candidates per document)");
    for (split, (found, gold, n, docs)) in candidate_recall(&docs) {
        println!(
            "  {split:6} recall {:.3} ({found}/{gold}), {:.1} candidates per document",
            found as f64 / gold.max(1) as f64,
            n as f64 / docs.max(1) as f64
        );
    }
    print_miss_kinds(&docs);
    print_facet_precision(&docs);
    let (tune, check) = (&all["tune"], &all.get("check").cloned().unwrap_or_default());
    for (what, floor) in FLOORS {
        let got = match what {
            "case recall" => Some(check.recall()),
            "case precision" => Some(check.precision()),
            f => check.rate(f),
        };
        if let Some(got) = got {
            assert!(got >= floor, "check {what} {got:.3} < {floor}");
        }
    }
    let gaps = (
        tune.recall() - check.recall(),
        tune.precision() - check.precision(),
    );
    let facet_gap = mean(&tune.facet_precision) - mean(&check.facet_precision);
    println!(
        "tune − check: case recall {:+.3}, case precision {:+.3}, facet precision {facet_gap:+.3}",
        gaps.0, gaps.1
    );
    // Facet precision on check (session 18: 0.743, tune 0.788; session 38, whose 90 new
    // keys list facets more sparsely: 0.670, tune 0.688).
    let facet_p = mean(&check.facet_precision);
    assert!(facet_p >= 0.66, "check facet precision {facet_p:.3} < 0.66");
    // The rules generalise: check within 0.05 of tune.
    assert!(
        gaps.0.abs() <= 0.05 && gaps.1.abs() <= 0.05 && facet_gap.abs() <= 0.05,
        "tune − check {gaps:?}, facet precision {facet_gap:+.3}"
    );
    for f in [
        "genre",
        "title",
        "policy_genre",
        "issuer",
        "number",
        "issued",
        "effective",
    ] {
        if let (Some(t), Some(c)) = (tune.rate(f), check.rate(f)) {
            assert!((t - c).abs() <= 0.05, "tune − check {f}: {t:.3} − {c:.3}");
        }
    }
}

/// Per split: listed cases some candidate matches before the salience filter, listed
/// cases, candidates, documents. Tells what the filter costs from what recognisers miss.
fn candidate_recall(docs: &[eval::DevDoc]) -> BTreeMap<&'static str, (usize, usize, usize, usize)> {
    let mut out: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new();
    for d in docs {
        let cands = extract::case_features(&d.doc, &KB);
        let preds: Vec<String> = cands.iter().map(|c| gold_key(&c.0)).collect();
        let golds: Vec<Vec<String>> = d.key["cases"]
            .as_array()
            .map(|a| a.iter().map(eval::case_names).collect())
            .unwrap_or_default();
        let e = out.entry(d.split).or_default();
        e.0 += eval::assign_names(&preds, &golds).len();
        e.1 += golds.len();
        e.2 += preds.len();
        e.3 += 1;
    }
    out
}

/// Listed cases no candidate matches, by how the text gives the name (not verbatim, said
/// once or more, ending in a site word or not), by genre, and by the shape of the lines that
/// hold it. Figures only, so `check` tells which recogniser it lacks without being read.
fn print_miss_kinds(docs: &[eval::DevDoc]) {
    let mut tables: [BTreeMap<(&str, &str), usize>; 3] = Default::default();
    for d in docs {
        let text: String = std::iter::once(d.doc.title.as_str())
            .chain(d.doc.passages.iter().map(|p| p.text.as_str()))
            .map(|t| match_key(&extract::matcher::fold_label(t)))
            .collect::<Vec<_>>()
            .join("|");
        let preds: Vec<String> = extract::case_features(&d.doc, &KB)
            .iter()
            .map(|c| gold_key(&c.0))
            .collect();
        for c in d.key["cases"].as_array().into_iter().flatten() {
            let names = eval::case_names(c);
            if !eval::assign_names(&preds, std::slice::from_ref(&names)).is_empty() {
                continue;
            }
            let kind = miss_kind(&text, c, &names);
            if d.split == "tune" && std::env::var_os("GC_EVAL_DETAILS").is_some() {
                println!("  miss [{kind}] {} ({})", c["name"], d.name);
            }
            *tables[0].entry((kind, d.split)).or_default() += 1;
            let genre = d.key["genre"].as_str().unwrap_or("?");
            *tables[1].entry((genre, d.split)).or_default() += 1;
            for shape in miss_shapes(&d.doc, &names) {
                *tables[2].entry((shape, d.split)).or_default() += 1;
            }
        }
    }
    let titles = [
        "how the text names them",
        "by genre",
        "by the lines that hold them",
    ];
    for (title, table) in titles.iter().zip(&tables) {
        println!("\nlisted cases no candidate matches, {title} (tune, check)");
        let rows: std::collections::BTreeSet<&str> = table.keys().map(|k| k.0).collect();
        for k in rows {
            let n = |s| table.get(&(k, s)).copied().unwrap_or(0);
            println!("  {k:22} {:4} {:4}", n("tune"), n("check"));
        }
    }
}

/// Facet precision of matched cases, by facet and by the shape of the lines that name the
/// case (as for misses; `prose` when none), tune beside check: where check's precision falls
/// short, without reading it.
fn print_facet_precision(docs: &[eval::DevDoc]) {
    let mut table: BTreeMap<(String, &str), Vec<f64>> = BTreeMap::new();
    for d in docs {
        let ex = extract::extract(&d.doc, &KB);
        let preds: Vec<String> = ex.cases.iter().map(|c| gold_key(&c.name)).collect();
        let golds: Vec<&Value> = d.key["cases"].as_array().into_iter().flatten().collect();
        let names: Vec<Vec<String>> = golds.iter().map(|c| eval::case_names(c)).collect();
        for (g, p) in eval::assign_names(&preds, &names) {
            let mut shapes: Vec<String> = miss_shapes(&d.doc, &names[g])
                .into_iter()
                .map(str::to_string)
                .collect();
            if shapes.is_empty() {
                shapes.push("prose".to_string());
            }
            for (f, _, precision) in eval::tally::facet_scores(golds[g], &ex.cases[p]) {
                let Some(x) = precision else { continue };
                for key in shapes
                    .iter()
                    .map(|s| format!("line: {s}"))
                    .chain([format!("facet: {f}")])
                {
                    table.entry((key, d.split)).or_default().push(x);
                }
            }
        }
    }
    println!("\nfacet precision of matched cases (tune, check; predictions)");
    let rows: BTreeSet<&String> = table.keys().map(|k| &k.0).collect();
    for k in rows {
        let cell = |s: &str| {
            table
                .get(&(k.clone(), s))
                .map_or((0.0, 0), |v| (mean(v), v.len()))
        };
        let ((t, tn), (c, cn)) = (cell("tune"), cell("check"));
        println!("  {k:26} {t:.3} ({tn:3})  {c:.3} ({cn:3})");
    }
}

fn miss_kind(text: &str, c: &Value, names: &[String]) -> &'static str {
    let said = names
        .iter()
        .filter(|n| n.chars().count() >= 2)
        .map(|n| text.matches(n.as_str()).count())
        .max()
        .unwrap_or(0);
    let site = strings(&c["aliases"])
        .iter()
        .chain(std::iter::once(&eval::strip_brackets(
            c["name"].as_str().unwrap_or(""),
        )))
        .any(|n| extract::recognize::site_words::ends_in_site_word(n));
    match (said, site) {
        (0, _) => "not verbatim",
        (1, true) => "once, site word",
        (1, false) => "once, other",
        (_, true) => "repeated, site word",
        (_, false) => "repeated, other",
    }
}

/// Line shapes, each once per missed case: a numbered or bracketed item (by its marker), a
/// table row, the title, a line with quotes, a short line.
fn miss_shapes(doc: &Document, names: &[String]) -> BTreeSet<&'static str> {
    static MARKS: Lazy<Vec<(Regex, &str)>> = Lazy::new(|| {
        [
            (r"^\d{1,3}、", "item 1、"),
            (r"^\d{1,3}\s*[.．]\s*\D", "item 1."),
            (r"^\d{1,3}[\s　]", "item 1 + space"),
            (r"^[（(]\d", "item (1)"),
            (r"^[一二三四五六七八九十]+、", "item 一、"),
            (r"^[（(][一二三四五六七八九十]", "item （一）"),
            (r"^[①-⑳]", "item ①"),
            (r"^【", "item 【】"),
        ]
        .into_iter()
        .map(|(re, label)| (Regex::new(re).unwrap(), label))
        .collect()
    });
    let raw = std::fs::read_to_string(eval::devcorpus_dir().join("docs").join(&doc.source))
        .unwrap_or_default();
    let mut out = BTreeSet::new();
    for line in raw.lines() {
        let key = match_key(&extract::matcher::fold_label(line));
        if !names
            .iter()
            .any(|n| n.chars().count() >= 2 && key.contains(n.as_str()))
        {
            continue;
        }
        let t = line.trim();
        out.extend(MARKS.iter().filter(|(re, _)| re.is_match(t)).map(|m| m.1));
        if t.contains('|') || t.contains('\t') {
            out.insert("table row");
        }
        if line.contains(&doc.title) {
            out.insert("title line");
        }
        if t.contains(['“', '「']) {
            out.insert("line with quotes");
        }
        if t.chars().count() < 30 {
            out.insert("short line");
        }
    }
    out
}

/// Marks each missed case that was a candidate the salience filter dropped, so a miss
/// reads as a recogniser's or the filter's.
fn mark_filtered(d: &eval::DevDoc, log: &mut [String]) {
    let preds: Vec<String> = extract::case_features(&d.doc, &KB)
        .iter()
        .map(|c| gold_key(&c.0))
        .collect();
    for line in log.iter_mut() {
        let Some(name) = line.strip_prefix("  - MISSED ") else {
            continue;
        };
        let gold = d.key["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["name"].as_str() == Some(name));
        let names = vec![gold.map(eval::case_names).unwrap_or_default()];
        if !eval::assign_names(&preds, &names).is_empty() {
            line.push_str("  (a candidate, filtered)");
        }
    }
}

/// Floors on the check split: the figures reached, raised as extraction improves. Recall was
/// 0.785 on 66 check documents; on 120 (four writers added who never saw the rules) it fell to
/// 0.738, and list items with no text under them brought it to 0.781. Two more writers
/// (session 8, 145 check documents) brought the same rules to 0.728 / 0.772; the session's
/// recognisers to 0.752 / 0.768. Session 9 (renewal sentences, item and table lines, sites
/// joined, site-named items): 0.804 / 0.781; issuers under the title: 0.886 → 0.971.
/// Session 10 (a twelfth writer, then one item reader, tables across passages, name fields,
/// list siblings): 0.853 / 0.798 on 155 check documents; issue dates 0.919 → 0.973.
/// Session 12 (rules read off a real-text probe: digit stems, ordinals, offices, grouped
/// lists): 0.856 / 0.816. Sessions 14–16 (real-text probes: enumerations, street projects,
/// flattened tables, offices and slogans): 0.865 / 0.832. Session 17 (probes 9–12: grouped and
/// counted lists, addresses, slogans, clauses): 0.867 / 0.838. Session 18 (probes 13–14:
/// house numbers, barred tables, bare county groups, info-box titles, name predicates):
/// 0.872 / 0.844. Session 30, on 172 check documents (places read within the document, case
/// numbers, titles, names spelt twice): 0.884 / 0.831. Session 36 added 40 documents of the
/// seed's field (`w22`…`w26`, written blind to the rules): 0.874 / 0.820 on 191. Session 38
/// added 90 papers, commentaries and reports of that field whose keys list every example
/// named in passing, as the seed's key does (`w27`…`w44`, blind), and fitted salience on
/// tune alone: 0.753 / 0.850 on 230; with the older papers' keys completed, 0.762 / 0.847.
const FLOORS: [(&str, f64); 8] = [
    ("case recall", 0.74),
    ("case precision", 0.82),
    ("issued", 0.95),
    ("genre", 0.9),
    ("policy_genre", 0.9),
    ("issuer", 0.95),
    ("number", 0.9),
    ("effective", 0.9),
];

/// The answer keys stay true to their texts: every evidence string of a case, and of a
/// question, occurs in its document.
#[test]
fn devcorpus_keys_cite_their_texts() {
    let dir = eval::devcorpus_dir();
    let text_of = |name: &str| std::fs::read_to_string(dir.join(format!("docs/{name}.txt")));
    for d in eval::load_devcorpus() {
        let text = text_of(&d.name).unwrap();
        for c in d.key["cases"].as_array().into_iter().flatten() {
            for e in strings(&c["evidence"]) {
                assert!(text.contains(&e), "{}: {e}", d.name);
            }
        }
    }
    let qdir = dir.join("questions");
    for f in std::fs::read_dir(&qdir).into_iter().flatten().flatten() {
        let qs: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap();
        for q in qs {
            let texts: String = strings(&q["expected_docs"])
                .iter()
                .map(|n| text_of(n).unwrap_or_else(|_| panic!("{}: no document {n}", q["id"])))
                .collect();
            for e in strings(&q["evidence"]) {
                assert!(texts.contains(&e), "{}: {e}", q["id"]);
            }
        }
    }
}

/// Fits `data/lexicon/loose_facet.txt` on the tune documents: the concepts extraction gives
/// cases (with no such list) that the answer key lists for that case in under 30 % of five
/// or more predictions (smoothed: (right + 1) / (predicted + 2)).
#[test]
#[ignore = "rewrites data/lexicon/loose_facet.txt"]
fn fit_loose_facets() {
    let mut kb = Knowledge::bundled().expect("bundled knowledge");
    kb.loose_facets.clear();
    let mut counts: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for d in eval::load_devcorpus().iter().filter(|d| d.split == "tune") {
        let ex = extract::extract(&d.doc, &kb);
        let preds: Vec<String> = ex.cases.iter().map(|c| gold_key(&c.name)).collect();
        let golds: Vec<&Value> = d.key["cases"].as_array().into_iter().flatten().collect();
        let names: Vec<Vec<String>> = golds.iter().map(|c| eval::case_names(c)).collect();
        for (g, p) in eval::assign_names(&preds, &names) {
            for (_, r, right) in eval::tally::facet_judgements(golds[g], &ex.cases[p]) {
                let e = counts
                    .entry((r.label.clone(), r.scheme.clone()))
                    .or_default();
                e.0 += usize::from(right);
                e.1 += 1;
            }
        }
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/lexicon/loose_facet.txt");
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let mut out: String = old
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    for ((label, scheme), (right, n)) in &counts {
        if *n >= 5 && ((right + 1) as f64) / ((n + 2) as f64) < 0.3 {
            out.push_str(&format!("{label}\t{scheme}\t{right}\t{n}\n"));
            println!("loose {label} ({scheme}): {right}/{n}");
        }
    }
    std::fs::write(path, out).expect("write loose_facet.txt");
}

/// Each facet concept given a matched case of a tune document, right or wrong, with the
/// sentence it came from, and the listed facets not given: where wrong facets come from.
/// `GC_EVAL_GENRES=policy,academic` limits the genres.
#[test]
#[ignore = "prints tune facet details"]
fn dump_tune_facets() {
    let genres = std::env::var("GC_EVAL_GENRES").unwrap_or_default();
    for d in eval::load_devcorpus().iter().filter(|d| d.split == "tune") {
        let genre = d.key["genre"].as_str().unwrap_or("?");
        if !genres.is_empty() && !genres.split(',').any(|g| g == genre) {
            continue;
        }
        let ex = extract::extract(&d.doc, &KB);
        let preds: Vec<String> = ex.cases.iter().map(|c| gold_key(&c.name)).collect();
        let golds: Vec<&Value> = d.key["cases"].as_array().into_iter().flatten().collect();
        let names: Vec<Vec<String>> = golds.iter().map(|c| eval::case_names(c)).collect();
        println!("\n## {} ({genre})", d.name);
        for (g, p) in eval::assign_names(&preds, &names) {
            let case = &ex.cases[p];
            println!("  # {} ⇐ {}", golds[g]["name"], case.name);
            for f in eval::tally::FACETS {
                println!("    key {f}: {:?}", strings(&golds[g][f]));
            }
            for (f, r, right) in eval::tally::facet_judgements(golds[g], case) {
                let ev = r.evidence.first().map(|e| e.text.as_str()).unwrap_or("");
                let mark = if right { "ok " } else { "BAD" };
                println!("    {mark} {f} {} | {ev}", r.label);
            }
        }
    }
}

/// How far apart facet precision falls between two parts of the corpus by chance alone:
/// the gap (60 % part − 40 % part) over random splits of all documents, against the gap of
/// the fixed tune / check split. Reads check only as the figure the main test prints.
/// `cargo test -p corpus --test extract_eval -- --ignored --nocapture facet_gap_spread`
#[test]
#[ignore]
fn facet_gap_spread() {
    let per_doc: Vec<Vec<f64>> = eval::load_devcorpus()
        .iter()
        .map(|d| {
            let ex = extract::extract(&d.doc, &KB);
            score_doc(d, &ex, &mut Vec::new()).facet_precision
        })
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut gaps = Vec::new();
    for _ in 0..2000 {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for v in &per_doc {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let part = if (state >> 33) % 10 < 6 {
                &mut a
            } else {
                &mut b
            };
            part.extend(v);
        }
        gaps.push(mean(&a) - mean(&b));
    }
    let m = mean(&gaps);
    let sd = (gaps.iter().map(|g| (g - m).powi(2)).sum::<f64>() / gaps.len() as f64).sqrt();
    let over = gaps.iter().filter(|g| g.abs() > 0.05).count() as f64 / gaps.len() as f64;
    println!("facet precision gap over 2000 random 60/40 splits: mean {m:+.3}, sd {sd:.3}, |gap| > 0.05 in {over:.3}");
}
