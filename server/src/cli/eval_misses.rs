//! The tune scenarios whose analogue is not first, each with its cause and the facet scores
//! of the cases above it, then counts by cause (`gongchuang eval --dev --verbose`; never
//! check's). Causes: "nothing close" said over it; (a) no case of the expected documents
//! matches the key; (b) only a like name in another document counts; (c) a case of the same
//! documents above it; (d) only other documents' cases above it.

use server::core::dev_eval::{self as dev, Labelled};
use server::core::recommend::learn::{self, Row, Scenario};
use server::core::recommend::score::Weights;
use server::core::recommend::tuning::Cut;
use std::collections::{BTreeMap, HashMap};

pub struct Misses<'a> {
    w: Weights,
    close: Weights,
    cut: Cut,
    names: Vec<&'static str>,
    /// Document id → name.
    docs: HashMap<&'a str, &'a str>,
    count: BTreeMap<&'static str, usize>,
    /// Weighted facet scores, first case above less the analogue, summed.
    pull: Vec<f64>,
    /// Misses with a case above; of them, those where it is named more often / has more concepts.
    above: [usize; 3],
}

impl<'a> Misses<'a> {
    pub fn new(briefs: &'a [graph::Brief], cut: Cut) -> Self {
        let names = learn::names();
        Misses {
            w: Weights::default(),
            close: Weights::closeness(),
            cut,
            pull: vec![0.0; names.len()],
            names,
            docs: briefs
                .iter()
                .map(|b| (b.doc.id.as_str(), dev::doc_name(&b.doc.source)))
                .collect(),
            count: BTreeMap::new(),
            above: [0; 3],
        }
    }

    fn doc(&self, r: &Row) -> &str {
        self.docs.get(r.key.1.as_str()).copied().unwrap_or("")
    }

    /// A case's name and its document, or a mark where the document is check's.
    fn shown(&self, r: &Row) -> (String, String) {
        let doc = self.doc(r);
        (
            dev::shown_if_tune(doc, &r.key.0),
            dev::shown_if_tune(doc, doc),
        )
    }

    fn own(&self, l: &Labelled, r: &Row) -> bool {
        l.q.expected_docs.iter().any(|d| d == self.doc(r))
    }

    /// One tune scenario with an analogue.
    pub fn one(&mut self, l: &Labelled, s: &Scenario) {
        let loose = learn::look(&self.w, &self.close, &self.cut, s);
        if loose.rank == Some(0) && !loose.nothing {
            *self.count.entry("first").or_default() += 1;
            return;
        }
        // Only the expected documents' cases count here (not a like name elsewhere).
        let strict = Scenario {
            absent: false,
            tune: true,
            rows: s
                .rows
                .iter()
                .map(|r| Row {
                    hit: r.hit && self.own(l, r),
                    ..r.clone()
                })
                .collect(),
            strongest: s.strongest,
        };
        let st = learn::look(&self.w, &self.close, &self.cut, &strict);
        let cause = match st.rank {
            Some(0) if loose.nothing => "nothing close said over it",
            _ if !strict.rows.iter().any(|r| r.hit) => "(a) no case of the documents matches",
            _ if loose.rank < st.rank => "(b) counted only by a like name in another document",
            _ if st.above.iter().any(|&j| self.own(l, &strict.rows[j])) => {
                "(c) a case of the same documents above"
            }
            _ => "(d) only other documents' cases above",
        };
        *self.count.entry(cause).or_default() += 1;
        println!(
            "  {} {cause}; rank {:?}, by the expected documents' cases {:?}; want {:?}",
            l.q.id, loose.rank, st.rank, l.q.expected_cases
        );
        self.print_rows(l, &strict, &st.above);
    }

    fn facets(&self, r: &Row) -> String {
        let f: Vec<String> = r
            .scores
            .iter()
            .map(|(k, x)| (self.names[*k], self.w.get(self.names[*k]) * x))
            .filter(|(_, x)| *x > 0.005)
            .map(|(n, x)| format!("{n}={x:.2}"))
            .collect();
        let (m, c) = (r.mentions, r.concepts);
        format!("{} (mentions {m}, concepts {c})", f.join(" "))
    }

    /// The expected documents' cases, the best-scored analogue and the cases above it.
    fn print_rows(&mut self, l: &Labelled, s: &Scenario, above: &[usize]) {
        let theirs: Vec<String> = s
            .rows
            .iter()
            .filter(|r| self.own(l, r))
            .map(|r| format!("{}{}", self.shown(r).0, if r.hit { "+" } else { "" }))
            .collect();
        println!("    the documents' cases: {theirs:?}");
        let v: Vec<f64> = self.names.iter().map(|n| self.w.get(n)).collect();
        let score = |r: &Row| learn::total(&v, &r.scores, v.len() - 1);
        let Some(hit) = s
            .rows
            .iter()
            .filter(|r| r.hit)
            .max_by(|a, b| score(a).total_cmp(&score(b)))
        else {
            return;
        };
        let (name, doc) = self.shown(hit);
        println!("    analogue {name} [{doc}] {}", self.facets(hit));
        for &j in above.iter().take(3) {
            let a = &s.rows[j];
            let whose = if self.own(l, a) {
                "same documents"
            } else {
                "other"
            };
            let (name, doc) = self.shown(a);
            println!("    above {name} [{doc}, {whose}] {}", self.facets(a));
        }
        if let Some(&j) = above.first() {
            self.tally(&s.rows[j], hit);
        }
    }

    fn tally(&mut self, first: &Row, hit: &Row) {
        self.above[0] += 1;
        self.above[1] += (first.mentions > hit.mentions) as usize;
        self.above[2] += (first.concepts > hit.concepts) as usize;
        for (k, x) in &first.scores {
            self.pull[*k] += self.w.get(self.names[*k]) * x;
        }
        for (k, x) in &hit.scores {
            self.pull[*k] -= self.w.get(self.names[*k]) * x;
        }
    }

    pub fn summary(&self) {
        println!(
            "tune scenarios with an analogue, by cause: {:?}",
            self.count
        );
        let [n, longer, broader] = self.above;
        println!("first case shown above the analogue ({n}): named more often {longer}, more concepts {broader}; weighted facet score, first above less analogue, summed:");
        for (k, x) in self.pull.iter().enumerate().filter(|(_, x)| x.abs() > 1e-9) {
            println!("  {:<13} {x:+.2}", self.names[k]);
        }
    }
}
