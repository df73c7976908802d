//! Case-based reasoning: per-facet local similarity (exact concepts, or near ones through
//! the thesaurus hierarchy), text similarity, place and path similarity, a weighted global
//! score, and an explanation of every contribution.

use crate::core::recommend::tuning::{
    BREADTH_HALF, FITTED, LOOSE, NEAR, PLACE_ONE_PARENT, PLACE_SAME, PLACE_SAME_LEVEL,
    PLACE_TWO_PARENTS, TEXT_BM25, TEXT_DENSE,
};
use corpus::extract::{Case, ConceptRef, Place, Thesaurus};
use corpus::Facet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The concepts of a case in one facet.
pub fn case_facet(c: &Case, facet: Facet) -> &[ConceptRef] {
    match facet {
        Facet::Domain => &c.domains,
        Facet::Actors => &c.actors,
        Facet::Technologies => &c.technologies,
        Facet::Mechanisms => &c.mechanisms,
        Facet::Obstacles => &c.obstacles,
        Facet::Outcomes => &c.outcomes,
        Facet::Financing => &c.financing,
        Facet::Operation => &c.operation,
    }
}

/// Every concept of a case, facet by facet.
pub fn case_concepts(c: &Case) -> impl Iterator<Item = &ConceptRef> {
    Facet::ALL.into_iter().flat_map(move |f| case_facet(c, f))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Weights(pub BTreeMap<String, f64>);

impl Default for Weights {
    /// The fitted weights (`server/data/recommend_weights.json`).
    fn default() -> Self {
        Weights(FITTED.weights.clone())
    }
}

impl Weights {
    /// The bundled closeness weights (`Fitted::closeness`), what "nothing close" reads.
    pub fn closeness() -> Weights {
        if FITTED.closeness.is_empty() {
            Weights::default()
        } else {
            Weights(FITTED.closeness.clone())
        }
    }

    pub fn get(&self, k: &str) -> f64 {
        self.0.get(k).copied().unwrap_or(0.0)
    }

    /// Weights named in order (`names[i]` gets `values[i]`).
    pub fn named(names: &[&str], values: &[f64]) -> Weights {
        Weights(
            names
                .iter()
                .zip(values)
                .map(|(n, v)| (n.to_string(), *v))
                .collect(),
        )
    }
}

/// A case name's comparison key: simplified script, no spaces or punctuation.
pub fn name_key(name: &str) -> String {
    corpus::text::match_key(&corpus::normalize::script::fold(name))
}

/// Whether two ranked cases are one case named twice (keys from `name_key`): the same
/// name, or within one document one name inside the other (`金叵罗村` and
/// `密云区溪翁庄镇金叵罗村`). The second is not shown: it would take the place of another case.
pub fn repeats(a: (&str, &str), b: (&str, &str)) -> bool {
    let ((x, xd), (y, yd)) = (a, b);
    if x.chars().count() < 2 || y.chars().count() < 2 {
        return false;
    }
    x == y || (xd == yd && (x.contains(y) || y.contains(x)))
}

/// Of two names of one case (keys from `name_key`, `repeats` true), whether `a` is the fuller:
/// it holds `b` (`克拉玛依区昆仑路街道友谊社区` of a cut `克拉玛依区昆仑`). The fuller name is
/// shown in the place of the first.
pub fn fuller(a: &str, b: &str) -> bool {
    a.chars().count() > b.chars().count() && a.contains(b)
}

/// A penalty, not a similarity: it is subtracted and takes no share of the weights.
pub const BREADTH: &str = "breadth";

/// The global score of per-facet scores: the weighted mean over the facets used, less the
/// breadth penalty. `score_case` and the fit share it.
pub fn total<'a>(weights: &Weights, scores: impl Iterator<Item = (&'a str, f64)>) -> f64 {
    let (mut sum, mut wsum, mut penalty) = (0.0, 0.0, 0.0);
    for (k, s) in scores {
        let w = weights.get(k);
        if k == BREADTH {
            penalty += w * s;
        } else {
            sum += w * s;
            wsum += w;
        }
    }
    if wsum > 0.0 {
        sum / wsum - penalty
    } else {
        -penalty
    }
}

/// The scenario read as a case.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QueryCase {
    pub text: String,
    pub facets: BTreeMap<Facet, Vec<ConceptRef>>,
    pub place: Option<Place>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Near {
    pub query: String,
    pub case: String,
    pub similarity: f64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct FacetScore {
    pub score: f64,
    pub weight: f64,
    /// weight × score / Σ weights of the facets used.
    pub contribution: f64,
    pub shared: Vec<String>,
    pub near: Vec<Near>,
    pub note: String,
}

/// Text evidence for one case: normalised BM25 and cosine (case, own passages, document
/// mixed), and the evidence of the case's own passages alone (those that name it): their
/// best cosine (spread) and the largest share of the scenario's words one of them holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextSignal {
    pub bm25: f64,
    pub dense: f64,
    pub own_dense: f64,
    pub own_words: f64,
    /// 1 when it is named as a site (`signals::sited`); measured only when weighted.
    pub sited: f64,
    /// Its document's share of the scenario's words, each weighted by its idf, full from half.
    pub doc_words: f64,
    /// BM25 of its whole document, over the best document's.
    pub doc_bm25: f64,
    /// The same over character bigrams (a paraphrase shares characters, not words).
    pub doc_bigrams: f64,
    /// The same over its document's best passage alone.
    pub passage_bigrams: f64,
    /// The same over the case's own text (`items::case_text`), over the best case's.
    pub case_bigrams: f64,
}

/// The facets of a case's own passages (always measured, as `text` is).
pub const OWN_DENSE: &str = "own_dense";
pub const OWN_WORDS: &str = "own_words";
pub const DOC_WORDS: &str = "doc_words";
pub const DOC_BM25: &str = "doc_bm25";
pub const DOC_BIGRAMS: &str = "doc_bigrams";
pub const PASSAGE_BIGRAMS: &str = "passage_bigrams";
pub const CASE_BIGRAMS: &str = "case_bigrams";
/// Named as a site, not as a theme over its document's sites (weight 0 in the bundled
/// file: docs/ranking.md, session 10).
pub const SITED: &str = "sited";

/// `case`: the case's concepts in the facet, each with what a match on it is worth.
fn concept_facet<'a>(
    th: &Thesaurus,
    query: &[ConceptRef],
    case: impl Iterator<Item = (&'a ConceptRef, f64)> + Clone,
) -> Option<FacetScore> {
    if query.is_empty() {
        return None;
    }
    let mut f = FacetScore::default();
    let mut total = 0.0;
    for q in query {
        let mut best = (0.0, None);
        for (c, worth) in case.clone() {
            let s = worth
                * if c.concept == q.concept {
                    1.0
                } else {
                    th.similarity(&q.concept, &c.concept)
                };
            if s > best.0 {
                best = (s, Some(c));
            }
        }
        match best {
            (s, Some(_)) if s >= 1.0 => {
                f.shared.push(q.label.clone());
                total += 1.0;
            }
            (s, Some(c)) if s >= NEAR => {
                f.near.push(Near {
                    query: q.label.clone(),
                    case: c.label.clone(),
                    similarity: s,
                });
                total += s;
            }
            _ => {}
        }
    }
    f.score = total / query.len() as f64;
    Some(f)
}

fn place_facet(query: &Option<Place>, case: &Option<Place>) -> Option<FacetScore> {
    let q = query.as_ref()?;
    let mut f = FacetScore::default();
    let Some(c) = case else {
        return Some(f);
    };
    let codes =
        |p: &Place| -> Vec<String> { p.parents.iter().cloned().chain(p.code.clone()).collect() };
    let (qc, cc) = (codes(q), codes(c));
    let common = qc.iter().zip(&cc).take_while(|(a, b)| a == b).count();
    f.score = if q.code.is_some() && q.code == c.code {
        PLACE_SAME
    } else if common >= 2 {
        PLACE_TWO_PARENTS
    } else if common >= 1 {
        PLACE_ONE_PARENT
    } else if q.level == c.level {
        PLACE_SAME_LEVEL
    } else {
        0.0
    };
    if f.score > 0.0 {
        f.shared.push(c.name.clone());
    }
    f.note = format!("{} ({}) vs {} ({})", q.name, q.level, c.name, c.level);
    Some(f)
}

/// The facets of the case's own text (`sited` measured only when weighted).
fn text_facets(weights: &Weights, text: TextSignal, facets: &mut BTreeMap<String, FacetScore>) {
    for (name, score, what) in [
        (
            OWN_DENSE,
            text.own_dense,
            "cosine of the passages that name the case",
        ),
        (
            OWN_WORDS,
            text.own_words,
            "share of the scenario's words in a passage that names the case",
        ),
        (
            DOC_WORDS,
            text.doc_words,
            "share of the scenario's words in its document, by rarity",
        ),
        (
            DOC_BM25,
            text.doc_bm25,
            "BM25 of its whole document, over the best document's",
        ),
        (
            DOC_BIGRAMS,
            text.doc_bigrams,
            "BM25 of its whole document by character pairs, over the best document's",
        ),
        (
            PASSAGE_BIGRAMS,
            text.passage_bigrams,
            "BM25 of its document's best passage by character pairs, over the best passage's",
        ),
        (
            CASE_BIGRAMS,
            text.case_bigrams,
            "BM25 of its own text by character pairs, over the best case's",
        ),
        (SITED, text.sited, "named as a site"),
    ] {
        // Measured only when weighted (as breadth): off, it would only crowd the explanation.
        if name == SITED && weights.get(SITED) == 0.0 {
            continue;
        }
        facets.insert(
            name.into(),
            FacetScore {
                score,
                note: format!("{what}: {score:.2}"),
                ..FacetScore::default()
            },
        );
    }
}

/// The concept facets (thesaurus concepts shared or near, facet by facet).
fn concept_facets(
    th: &Thesaurus,
    query: &QueryCase,
    case: &Case,
    facets: &mut BTreeMap<String, FacetScore>,
) {
    for facet in Facet::ALL {
        let q = query.facets.get(&facet).map(Vec::as_slice).unwrap_or(&[]);
        // 1 for its own concepts, `LOOSE` for a loose one (`Case::loose`): the scenario is
        // read with the loose concepts, so the cases keep them too, or a loose concept of the
        // scenario would only lower the cases that had it (seed q215, docs/ranking.md).
        let own = case_facet(case, facet).iter().map(|c| (c, 1.0));
        let loose = case
            .loose
            .iter()
            .filter(move |c| Facet::of_scheme(&c.scheme) == Some(facet));
        let of_case = own.chain(loose.map(|c| (c, LOOSE)));
        if let Some(f) = concept_facet(th, q, of_case) {
            facets.insert(facet.label().to_string(), f);
        }
    }
}

/// Score one case against the query, with its explanation.
pub fn score_case(
    th: &Thesaurus,
    weights: &Weights,
    query: &QueryCase,
    case: &Case,
    text: TextSignal,
) -> (f64, BTreeMap<String, FacetScore>) {
    let mut facets: BTreeMap<String, FacetScore> = BTreeMap::new();
    let t = (TEXT_BM25 * text.bm25 + TEXT_DENSE * text.dense.max(0.0)).min(1.0);
    facets.insert(
        "text".into(),
        FacetScore {
            score: t,
            note: format!(
                "BM25 {:.2} (normalised), cosine {:.2}",
                text.bm25, text.dense
            ),
            ..FacetScore::default()
        },
    );
    text_facets(weights, text, &mut facets);
    concept_facets(th, query, case, &mut facets);
    if let Some(f) = place_facet(&query.place, &case.place) {
        facets.insert("place".into(), f);
    }
    let stages = case.paths.iter().map(|p| p.stages.len()).max().unwrap_or(0);
    facets.insert(
        "path".into(),
        FacetScore {
            score: if stages >= 2 { 1.0 } else { 0.0 },
            note: format!("documented co-creation path with {stages} stages"),
            ..FacetScore::default()
        },
    );
    if weights.get(BREADTH) != 0.0 {
        let n = case_concepts(case).count() as f64;
        facets.insert(
            BREADTH.into(),
            FacetScore {
                score: n / (n + BREADTH_HALF),
                note: format!("{n} concepts: a broad case matches any scenario a little"),
                ..FacetScore::default()
            },
        );
    }
    let total = total(weights, facets.iter().map(|(k, f)| (k.as_str(), f.score)));
    let wsum: f64 = facets
        .keys()
        .filter(|k| *k != BREADTH)
        .map(|k| weights.get(k))
        .sum();
    for (k, f) in facets.iter_mut() {
        f.weight = weights.get(k);
        f.contribution = if k == BREADTH {
            -f.weight * f.score
        } else if wsum > 0.0 {
            f.weight * f.score / wsum
        } else {
            0.0
        };
    }
    (total, facets)
}
