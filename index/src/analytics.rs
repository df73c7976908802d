//! Case analytics over the case–concept graph: concept centrality (PageRank on the bipartite
//! graph) and clusters of similar cases (label propagation over shared concepts).

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A case and the concepts it is linked to (IRI, label, scheme).
pub struct CaseNode {
    pub id: String,
    pub name: String,
    pub concepts: Vec<(String, String, String)>,
}

#[derive(Debug, Serialize)]
pub struct ConceptRank {
    pub concept: String,
    pub label: String,
    pub scheme: String,
    pub pagerank: f64,
    pub cases: usize,
}

#[derive(Debug, Serialize)]
pub struct Cluster {
    pub id: usize,
    pub cases: Vec<String>,
    pub names: Vec<String>,
    /// Concepts most cases of the cluster share.
    pub top_concepts: Vec<String>,
}

/// PageRank (damping 0.85) on the undirected bipartite graph; concepts only in the result.
pub fn concept_centrality(cases: &[CaseNode]) -> Vec<ConceptRank> {
    let mut idx: HashMap<&str, usize> = HashMap::new();
    let mut meta: Vec<(&str, &str, &str)> = Vec::new();
    for c in cases {
        for (iri, label, scheme) in &c.concepts {
            idx.entry(iri.as_str()).or_insert_with(|| {
                meta.push((iri.as_str(), label.as_str(), scheme.as_str()));
                meta.len() - 1
            });
        }
    }
    let (nc, nk) = (cases.len(), meta.len());
    let n = nc + nk;
    if n == 0 {
        return Vec::new();
    }
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in cases.iter().enumerate() {
        for (iri, _, _) in &c.concepts {
            let k = nc + idx[iri.as_str()];
            if !adj[i].contains(&k) {
                adj[i].push(k);
                adj[k].push(i);
            }
        }
    }
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..50 {
        let mut next = vec![0.15 / n as f64; n];
        let mut dangling = 0.0;
        for (v, r) in rank.iter().enumerate() {
            if adj[v].is_empty() {
                dangling += r;
            } else {
                let share = 0.85 * r / adj[v].len() as f64;
                for &u in &adj[v] {
                    next[u] += share;
                }
            }
        }
        for x in next.iter_mut() {
            *x += 0.85 * dangling / n as f64;
        }
        rank = next;
    }
    let mut out: Vec<ConceptRank> = meta
        .iter()
        .enumerate()
        .map(|(k, (iri, label, scheme))| ConceptRank {
            concept: iri.to_string(),
            label: label.to_string(),
            scheme: scheme.to_string(),
            pagerank: rank[nc + k],
            cases: adj[nc + k].len(),
        })
        .collect();
    out.sort_by(|a, b| b.pagerank.total_cmp(&a.pagerank));
    out
}

/// Jaccard similarity of two cases' concept sets.
fn jaccard(a: &[(String, String, String)], b: &[(String, String, String)]) -> f64 {
    let inter = a.iter().filter(|x| b.iter().any(|y| y.0 == x.0)).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Label propagation on the graph of cases whose concept sets overlap (Jaccard ≥ `min`).
pub fn clusters(cases: &[CaseNode], min: f64) -> Vec<Cluster> {
    let n = cases.len();
    let mut nb: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in i + 1..n {
            let s = jaccard(&cases[i].concepts, &cases[j].concepts);
            if s >= min {
                nb[i].push((j, s));
                nb[j].push((i, s));
            }
        }
    }
    let mut label: Vec<usize> = (0..n).collect();
    for _ in 0..20 {
        let mut changed = false;
        for i in 0..n {
            let mut votes: BTreeMap<usize, f64> = BTreeMap::new();
            for &(j, s) in &nb[i] {
                *votes.entry(label[j]).or_default() += s;
            }
            if let Some((&best, _)) = votes
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            {
                if best != label[i] {
                    label[i] = best;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, l) in label.iter().enumerate() {
        groups.entry(*l).or_default().push(i);
    }
    let mut out: Vec<Cluster> = groups
        .into_values()
        .filter(|g| g.len() >= 2)
        .map(|g| {
            let mut freq: HashMap<&str, usize> = HashMap::new();
            for &i in &g {
                for (_, label, _) in &cases[i].concepts {
                    *freq.entry(label.as_str()).or_default() += 1;
                }
            }
            let mut top: Vec<(&str, usize)> = freq
                .into_iter()
                .filter(|(_, c)| *c * 2 >= g.len())
                .collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            Cluster {
                id: 0,
                cases: g.iter().map(|&i| cases[i].id.clone()).collect(),
                names: g.iter().map(|&i| cases[i].name.clone()).collect(),
                top_concepts: top
                    .into_iter()
                    .take(8)
                    .map(|(l, _)| l.to_string())
                    .collect(),
            }
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.cases.len()));
    for (i, c) in out.iter_mut().enumerate() {
        c.id = i + 1;
    }
    out
}
