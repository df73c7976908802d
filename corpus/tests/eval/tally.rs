//! Figures of one dev-corpus document against its answer key, summed per split and genre.

use super::{assign_names, gold_key, overlap, strings, DevDoc};
use corpus::extract::{ConceptRef, Extraction};
use corpus::text::match_key;
use serde_json::Value;

/// The facets compared case by case: answer-key field and the extraction's list.
pub const FACETS: [&str; 4] = ["actors", "mechanisms", "financing", "technologies"];

#[derive(Default, Clone, Debug)]
pub struct Tally {
    pub docs: usize,
    pub gold_cases: usize,
    pub found: usize,
    pub pred_cases: usize,
    /// Per facet: sums of recall and precision over matched cases that list / predict it.
    pub facet_recall: Vec<f64>,
    pub facet_precision: Vec<f64>,
    pub genre: (usize, usize),
    pub title: (usize, usize),
    pub policy_genre: (usize, usize),
    pub issuer: (usize, usize),
    pub number: (usize, usize),
    pub issued: (usize, usize),
    pub effective: (usize, usize),
    /// Per kind of case in the answer key: (found, listed).
    pub kinds: std::collections::BTreeMap<String, (usize, usize)>,
}

fn ratio((ok, n): (usize, usize)) -> String {
    if n == 0 {
        "   –  ".into()
    } else {
        format!("{:.3} ", ok as f64 / n as f64)
    }
}

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        self.docs += o.docs;
        self.gold_cases += o.gold_cases;
        self.found += o.found;
        self.pred_cases += o.pred_cases;
        self.facet_recall.extend(&o.facet_recall);
        self.facet_precision.extend(&o.facet_precision);
        for (k, (f, n)) in &o.kinds {
            let e = self.kinds.entry(k.clone()).or_default();
            e.0 += f;
            e.1 += n;
        }
        for (a, b) in [
            (&mut self.genre, o.genre),
            (&mut self.title, o.title),
            (&mut self.policy_genre, o.policy_genre),
            (&mut self.issuer, o.issuer),
            (&mut self.number, o.number),
            (&mut self.issued, o.issued),
            (&mut self.effective, o.effective),
        ] {
            a.0 += b.0;
            a.1 += b.1;
        }
    }
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.gold_cases.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        if self.pred_cases == 0 {
            return if self.gold_cases == 0 { 1.0 } else { 0.0 };
        }
        self.found as f64 / self.pred_cases as f64
    }
    pub fn rate(&self, field: &str) -> Option<f64> {
        let (ok, n) = match field {
            "genre" => self.genre,
            "title" => self.title,
            "policy_genre" => self.policy_genre,
            "issuer" => self.issuer,
            "number" => self.number,
            "issued" => self.issued,
            "effective" => self.effective,
            _ => panic!("no figure {field}"),
        };
        (n > 0).then(|| ok as f64 / n as f64)
    }
    pub fn header() -> String {
        "split  genre       docs  cases  case-R  case-P  facet-R facet-P genre  title  pol-genre issuer number issued effective".into()
    }
    pub fn row(&self, split: &str, genre: &str) -> String {
        format!(
            "{split:6} {genre:11} {:4}  {:5}  {:.3}   {:.3}   {:.3}   {:.3}   {}{}{}    {}{}{}{}",
            self.docs,
            self.gold_cases,
            self.recall(),
            self.precision(),
            super::mean(&self.facet_recall),
            super::mean(&self.facet_precision),
            ratio(self.genre),
            ratio(self.title),
            ratio(self.policy_genre),
            ratio(self.issuer),
            ratio(self.number),
            ratio(self.issued),
            ratio(self.effective),
        )
    }
}

/// Predicted labels with their broader concepts' labels: a case that names 居民议事会 also
/// names the 协商议事 it is a kind of.
fn labels(v: &[ConceptRef]) -> Vec<String> {
    let mut out: Vec<String> = v.iter().map(|r| r.label.clone()).collect();
    for r in v {
        out.extend(ancestors(&r.concept));
    }
    out
}

fn ancestors(iri: &str) -> Vec<String> {
    let th = &super::knowledge().thesaurus;
    let mut out = Vec::new();
    let mut at = iri.to_string();
    for _ in 0..8 {
        let Some(c) = th.concepts.iter().find(|c| c.iri == at) else {
            break;
        };
        let Some(up) = c.broader.first() else {
            break;
        };
        if let Some(b) = th.concepts.iter().find(|x| &x.iri == up) {
            out.push(b.label.clone());
        }
        at = up.clone();
    }
    out
}

/// The answer key's facet labels, each written as its concept's prefLabel where the key
/// used one of the concept's altLabels (`村民议事会` is the thesaurus's `居民议事会`): the
/// key and extraction name the same concept in one way.
fn gold_labels(gold: &Value, facet: &str) -> Vec<String> {
    let th = &super::knowledge().thesaurus;
    strings(&gold[facet])
        .into_iter()
        .map(|l| {
            if th.concepts.iter().any(|c| c.label == l) {
                return l;
            }
            th.concepts
                .iter()
                .find(|c| c.alt_labels.contains(&l))
                .map_or(l, |c| c.label.clone())
        })
        .collect()
}

fn case_facet<'a>(c: &'a corpus::extract::Case, facet: &str) -> &'a [ConceptRef] {
    match facet {
        "actors" => &c.actors,
        "mechanisms" => &c.mechanisms,
        "financing" => &c.financing,
        _ => &c.technologies,
    }
}

/// Answer-key genre → the parser's genre names.
fn genre_name(g: &str) -> &str {
    match g {
        "academic" => "paper",
        other => other,
    }
}

fn same_text(pred: Option<&str>, gold: &str) -> bool {
    let (p, g) = (match_key(pred.unwrap_or("")), match_key(gold));
    !p.is_empty() && (p == g || (p.chars().count() >= 4 && (p.contains(&g) || g.contains(&p))))
}

fn count(t: &mut (usize, usize), hit: bool) {
    t.1 += 1;
    t.0 += usize::from(hit);
}

/// Figures of one document; `log` gets a line per case (hit, miss, extra).
pub fn score_doc(d: &DevDoc, ex: &Extraction, log: &mut Vec<String>) -> Tally {
    let mut t = Tally {
        docs: 1,
        ..Tally::default()
    };
    score_cases(d, ex, &mut t, log);
    score_meta(d, &mut t, log);
    t
}

fn score_cases(d: &DevDoc, ex: &Extraction, t: &mut Tally, log: &mut Vec<String>) {
    let golds: Vec<&Value> = d.key["cases"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let names: Vec<Vec<String>> = golds.iter().map(|c| super::case_names(c)).collect();
    let preds: Vec<String> = ex.cases.iter().map(|c| gold_key(&c.name)).collect();
    let pairs = assign_names(&preds, &names);
    t.gold_cases = golds.len();
    t.pred_cases = ex.cases.len();
    t.found = pairs.len();
    for (g, c) in golds.iter().enumerate() {
        let name = c["name"].as_str().unwrap_or("");
        let kind = t
            .kinds
            .entry(c["kind"].as_str().unwrap_or("other").to_string())
            .or_default();
        kind.1 += 1;
        let Some(&(_, p)) = pairs.iter().find(|&&(gg, _)| gg == g) else {
            log.push(format!("  - MISSED {name}"));
            continue;
        };
        kind.0 += 1;
        let case = &ex.cases[p];
        let mut notes = Vec::new();
        for (f, recall, precision) in facet_scores(c, case) {
            if let Some(r) = recall {
                t.facet_recall.push(r);
                notes.push(format!("{f} R{:.0}", r * 100.0));
            }
            t.facet_precision.extend(precision);
        }
        log.push(format!("  + {name} ⇐ {} [{}]", case.name, notes.join(", ")));
    }
    for (p, case) in ex.cases.iter().enumerate() {
        if !pairs.iter().any(|&(_, pp)| pp == p) {
            log.push(format!("  ? extra {}", case.name));
        }
    }
}

/// Per facet of a matched case: recall (None when the key lists none) and precision (None
/// when nothing was predicted).
pub fn facet_scores(
    gold: &Value,
    case: &corpus::extract::Case,
) -> Vec<(&'static str, Option<f64>, Option<f64>)> {
    let judged = facet_judgements(gold, case);
    FACETS
        .iter()
        .map(|&f| {
            let have = labels(case_facet(case, f));
            let mine: Vec<bool> = judged.iter().filter(|j| j.0 == f).map(|j| j.2).collect();
            let right = mine.iter().filter(|&&r| r).count();
            let precision = (!mine.is_empty()).then(|| right as f64 / mine.len() as f64);
            (f, overlap(&have, &gold_labels(gold, f)), precision)
        })
        .collect()
}

/// Each predicted facet concept of a matched case, right when it or a broader one is listed.
pub fn facet_judgements<'a>(
    gold: &Value,
    case: &'a corpus::extract::Case,
) -> Vec<(&'static str, &'a ConceptRef, bool)> {
    FACETS
        .iter()
        .flat_map(|&f| {
            let want = gold_labels(gold, f);
            case_facet(case, f).iter().map(move |r| {
                let right =
                    overlap(&want, &labels(std::slice::from_ref(r))).is_some_and(|x| x > 0.0);
                (f, r, right)
            })
        })
        .collect()
}

fn score_meta(d: &DevDoc, t: &mut Tally, log: &mut Vec<String>) {
    let gold_genre = genre_name(d.key["genre"].as_str().unwrap_or(""));
    count(&mut t.genre, d.doc.genre == gold_genre);
    if d.doc.genre != gold_genre {
        log.push(format!("  genre {} (key {gold_genre})", d.doc.genre));
    }
    let title = d.key["title"].as_str().unwrap_or("");
    let title_ok = same_text(Some(&d.doc.title), title);
    count(&mut t.title, title_ok);
    if !title_ok {
        log.push(format!("  title {:?} (key {title:?})", d.doc.title));
    }
    if gold_genre == "policy" {
        count(&mut t.policy_genre, d.doc.genre == "policy");
    }
    let Some(gp) = d.key["policy"].as_object() else {
        return;
    };
    // Read through JSON so the harness does not depend on which fields `PolicyMeta` has.
    let pm = serde_json::to_value(&d.doc.policy).unwrap_or(Value::Null);
    let field = |k: &str| pm.get(k).and_then(Value::as_str).map(str::to_string);
    let checks = [
        ("issuer", field("issuer")),
        ("number", field("number")),
        ("issued", field("date").or_else(|| field("issued"))),
        ("effective", field("effective")),
    ];
    for (k, pred) in checks {
        let Some(gold) = gp.get(k).and_then(Value::as_str) else {
            continue;
        };
        let ok = if k == "issued" || k == "effective" {
            pred.as_deref().map(match_key) == Some(match_key(gold))
        } else {
            same_text(pred.as_deref(), gold)
        };
        let slot = match k {
            "issuer" => &mut t.issuer,
            "number" => &mut t.number,
            "issued" => &mut t.issued,
            _ => &mut t.effective,
        };
        count(slot, ok);
        if !ok {
            log.push(format!("  policy {k} {pred:?} (key {gold:?})"));
        }
    }
}
