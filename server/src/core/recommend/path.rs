//! The suggested co-creation path: the best cases' path stages merged into steps, each
//! citing its case and sentence.

use crate::core::app::App;
use crate::core::views::{labels, Cite};
use corpus::extract::{Case, Path as CoPath, Stage};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct SuggestedPath {
    pub stages: Vec<SuggestedStage>,
    pub obstacles: Vec<ObstacleCite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuggestedStage {
    pub label: String,
    pub actors: Vec<String>,
    pub technologies: Vec<String>,
    pub mechanisms: Vec<String>,
    pub cites: Vec<StageCite>,
}

/// A stage of one case's path that a step merges.
#[derive(Debug, Clone, Serialize)]
pub struct StageCite {
    pub case: String,
    pub case_name: String,
    pub path: String,
    pub stage: String,
    pub evidence: Option<Cite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObstacleCite {
    pub label: String,
    pub case: String,
    pub evidence: Option<Cite>,
}

/// The case's own longest path, else the longest staged path of its document.
pub fn best_path<'a>(c: &'a Case, doc_paths: &'a [CoPath]) -> Option<&'a CoPath> {
    let longest = |ps: &'a [CoPath]| {
        ps.iter()
            .filter(|p| p.stages.len() >= 2)
            .max_by_key(|p| p.stages.len())
    };
    longest(&c.paths).or_else(|| longest(doc_paths))
}

/// Stages merged into one step: label votes and relative positions.
#[derive(Default)]
struct Step {
    label: HashMap<String, usize>,
    pos: Vec<f64>,
    actors: Vec<String>,
    technologies: Vec<String>,
    mechanisms: Vec<String>,
    cites: Vec<StageCite>,
}

impl Step {
    fn add(&mut self, s: &Stage, pos: f64, cite: StageCite) {
        *self.label.entry(s.label.clone()).or_default() += 1;
        self.pos.push(pos);
        for (dst, src) in [
            (&mut self.actors, &s.actors),
            (&mut self.technologies, &s.technologies),
            (&mut self.mechanisms, &s.mechanisms),
        ] {
            for l in labels(src) {
                if !dst.contains(&l) {
                    dst.push(l);
                }
            }
        }
        self.cites.push(cite);
    }

    fn mean_pos(&self) -> f64 {
        self.pos.iter().sum::<f64>() / self.pos.len().max(1) as f64
    }

    /// The most voted label, the shorter on a tie.
    fn into_stage(self) -> SuggestedStage {
        let label = self
            .label
            .iter()
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse(l.chars().count())))
            .map(|(l, _)| l.clone())
            .unwrap_or_default();
        SuggestedStage {
            label,
            actors: self.actors,
            technologies: self.technologies,
            mechanisms: self.mechanisms,
            cites: self.cites,
        }
    }
}

/// A stage's step key: its stage concept, else its normalised label.
fn step_key(app: &App, s: &Stage) -> String {
    let (concepts, _) = corpus::extract::extract_text(&s.label, &app.kb);
    concepts
        .iter()
        .find(|k| k.scheme == "stage")
        .map(|k| k.concept.clone())
        .unwrap_or_else(|| corpus::text::match_key(&s.label))
}

/// Merge the stages of the best cases' paths: stages with the same stage concept (or
/// label) are one step; steps are ordered by their mean relative position.
pub fn suggest(app: &App, top: &[(&graph::Brief, &Case)]) -> SuggestedPath {
    let mut steps: Vec<(String, Step)> = Vec::new();
    for (r, c) in top.iter().take(3) {
        let Some(path) = best_path(c, &r.extraction.paths) else {
            continue;
        };
        let n = path.stages.len() as f64;
        for (i, s) in path.stages.iter().enumerate() {
            let key = step_key(app, s);
            let idx = match steps.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    steps.push((key, Step::default()));
                    steps.len() - 1
                }
            };
            let cite = StageCite {
                case: c.id.clone(),
                case_name: c.name.clone(),
                path: path.label.clone(),
                stage: s.label.clone(),
                evidence: s.evidence.first().map(|e| Cite::of(&r.doc, e)),
            };
            steps[idx].1.add(s, (i as f64 + 0.5) / n, cite);
        }
    }
    steps.sort_by(|a, b| a.1.mean_pos().total_cmp(&b.1.mean_pos()));
    let mut obstacles = Vec::new();
    for (r, c) in top.iter().take(3) {
        for o in c.obstacles.iter().take(3) {
            obstacles.push(ObstacleCite {
                label: o.label.clone(),
                case: c.id.clone(),
                evidence: o.evidence.first().map(|e| Cite::of(&r.doc, e)),
            });
        }
    }
    let stages = steps
        .into_iter()
        .take(8)
        .map(|(_, s)| s.into_stage())
        .collect();
    SuggestedPath { stages, obstacles }
}
