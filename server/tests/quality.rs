//! Quality on the dev questions: search (lexical, dense-only and hybrid figures) and
//! recommendation; guards the figures against regressions.

use once_cell::sync::Lazy;
use server::core::eval::{evaluate, evaluate_recommend, Mode, Question};

/// The bundled corpus, ingested once, with its (shipped, cached) vectors.
static APP: Lazy<(tempfile::TempDir, server::App)> = Lazy::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let app = server::App::open(dir.path()).unwrap();
    let report =
        server::core::ingest::ingest(&app, &[corpus::bundled_corpus_path()], None).unwrap();
    println!("{report:?}");
    let n = server::core::vectors::embed_missing(&app, None).unwrap();
    println!(
        "vectors computed (not in the shipped cache): {}",
        n.computed
    );
    (dir, app)
});

const QUESTIONS: &str = include_str!("../../corpus/tests/data/dev_questions.json");

#[test]
fn recommend_dev_scenarios() {
    let app = &APP.1;
    let qs: Vec<Question> = serde_json::from_str(QUESTIONS).unwrap();
    let s = evaluate_recommend(app, &qs).unwrap();
    println!(
        "recommend: expected case in top 3 {:.3}, at 1 {:.3} ({} scenarios); theory scenarios: document in top 3 {:.3} ({})",
        s.case_at_3, s.case_at_1, s.with_case, s.doc_at_3, s.without_case
    );
    for m in &s.misses {
        println!("  miss {m}");
    }
    assert!(
        s.case_at_3 >= REC_FLOOR[0] && s.case_at_1 >= REC_FLOOR[1] && s.doc_at_3 >= REC_FLOOR[2]
    );
}

#[test]
fn far_scenario_has_nothing_close() {
    let req = server::core::recommend::Request {
        scenario: FAR.into(),
        ..Default::default()
    };
    let r = server::core::recommend::recommend(&APP.1, &req).unwrap();
    assert!(r.nothing_close, "{}", r.message);
    assert!(r.cases.is_empty());
}

/// Without vectors (`--no-embed`), "nothing close" reads the best document's share of the
/// scenario's words: the far scenario is refused, a typical one is not.
#[test]
fn nothing_close_without_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let opts = server::core::app::Options {
        no_embed: true,
        ..Default::default()
    };
    let app = server::App::open_with(dir.path(), &opts).unwrap();
    server::core::ingest::ingest(&app, &[corpus::bundled_corpus_path()], None).unwrap();
    let ask = |scenario: &str| {
        let req = server::core::recommend::Request {
            scenario: scenario.into(),
            ..Default::default()
        };
        server::core::recommend::recommend(&app, &req).unwrap()
    };
    let far = ask(FAR);
    assert!(far.nothing_close && !far.far.is_empty(), "{}", far.message);
    assert!(far.message.contains("without vectors"), "{}", far.message);
    let near = ask(TYPICAL);
    assert!(!near.nothing_close, "{}", near.message);
}

const FAR: &str = "某沿海港口计划优化集装箱码头的船舶调度和堆场物流，提高吞吐量、降低滞港时间。";
const TYPICAL: &str =
    "老旧小区改造中，居民参与意愿低、老年人多、资金不足，街道希望借助数字平台组织居民协商议事。";

#[test]
fn recommended_cases_are_explained_and_cited() {
    let req = server::core::recommend::Request {
        scenario: TYPICAL.into(),
        ..Default::default()
    };
    let app = &APP.1;
    let r = server::core::recommend::recommend(app, &req).unwrap();
    assert!(!r.nothing_close, "{}", r.message);
    let lines: Vec<String> = std::fs::read_to_string(corpus::bundled_corpus_path())
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    for c in &r.cases {
        assert!(!c.explain.is_empty(), "{c:?}");
        assert!(!c.evidence.is_empty(), "case {} has evidence", c.case.name);
        for e in &c.evidence {
            let (a, b) = (e.lines.0 as usize, e.lines.1 as usize);
            assert!(a >= 1 && b <= lines.len() && a <= b);
        }
    }
}

#[test]
fn dev_questions() {
    let app = &APP.1;
    let qs: Vec<Question> = serde_json::from_str(QUESTIONS).unwrap();
    let mut hybrid = None;
    for mode in [Mode::Lexical, Mode::Dense, Mode::Hybrid] {
        let s = evaluate(app, &qs, mode).unwrap();
        println!(
            "{mode:?}: keyword doc@1 {:.3} ({}), scenario doc@1 {:.3} ({}), fact passage@1 {:.3} @5 {:.3} ({})",
            s.keyword_doc_at_1, s.counts[0], s.scenario_doc_at_1, s.counts[1], s.fact_passage_at_1, s.fact_passage_at_5, s.counts[2]
        );
        if mode == Mode::Hybrid {
            for m in &s.misses {
                println!("  miss {m}");
            }
            hybrid = Some(s);
        }
    }
    let s = hybrid.unwrap();
    // The targets of the search issue.
    assert!(
        s.keyword_doc_at_1 >= FLOOR[0],
        "keyword {}",
        s.keyword_doc_at_1
    );
    assert!(
        s.scenario_doc_at_1 >= FLOOR[1],
        "scenario {}",
        s.scenario_doc_at_1
    );
    assert!(
        s.fact_passage_at_1 >= FLOOR[2],
        "fact@1 {}",
        s.fact_passage_at_1
    );
    assert!(
        s.fact_passage_at_5 >= FLOOR[3],
        "fact@5 {}",
        s.fact_passage_at_5
    );
}

// The seed dev scenarios are a test set; since the general case recognisers (issue 13) one
// scenario (q174) ranks a sibling case of its document first: 15/18 in the top 3, 13/18 first.
// Session 10's extraction (loose facets, list and field recognisers) lost one more from the
// top 3 (14/18; first unchanged): an open regression, noted in docs/ranking.md. Session 26's
// "nothing close" model (`cut::fit_refusal`) no longer refuses a present one: 15/18.
// Session 38: case salience is fitted on tune alone (it had read the seed's key, which these
// scenarios' cases come from): 13/18 in the top 3, 12/18 first.
const REC_FLOOR: [f64; 3] = [0.72, 0.66, 0.9];
// Keyword, scenario document, fact passage first, in the top 5. Session 8's search weights
// (refitted on the larger tune split, better on check) put one more seed fact question at
// rank 6: top 5 36/38 = 0.947 (was 0.97; issue 14 allows 0.03 on the seed questions).
const FLOOR: [f64; 4] = [0.95, 0.90, 0.85, 0.94];

/// Every highlight of every hit on every dev query lies inside the hit's text and covers a
/// query term (checked by characters, as the UI slices them).
#[test]
fn highlights_are_exact_on_dev_queries() {
    let app = &APP.1;
    let qs: Vec<Question> = serde_json::from_str(QUESTIONS).unwrap();
    let mut spans = 0;
    for q in &qs {
        for kind in ["passage", "document", "case"] {
            let r = server::core::queries::run_search(app, &q.query, Some(kind), 10, 0).unwrap();
            for h in &r.hits {
                let chars: Vec<char> = h.text.chars().collect();
                let mut terms: Vec<String> = h.explain.matched_terms.clone();
                terms.extend(r.query.phrases.iter().cloned());
                let terms: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
                for &[a, b] in &h.highlights {
                    assert!(a < b && b <= chars.len(), "{} {a}..{b}", q.id);
                    let s: String = chars[a..b].iter().collect::<String>().to_lowercase();
                    assert!(
                        terms.iter().any(|t| s.contains(t.as_str())),
                        "{}: highlight {s:?} holds no query term of {terms:?}",
                        q.id
                    );
                    spans += 1;
                }
            }
        }
    }
    println!("{spans} highlight spans checked on {} queries", qs.len());
    assert!(spans > 0);
}
