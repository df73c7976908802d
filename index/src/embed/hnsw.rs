//! Approximate nearest neighbours (HNSW, Malkov & Yashunin 2016) for large vector stores.
//!
//! Nodes name their vector by id and read it through a lookup, so the store keeps the only copy
//! of the data and may move rows. A removed or replaced id leaves a tombstone that still routes
//! searches but is never returned; the owner rebuilds when tombstones pile up.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use super::embedder::dot;

/// Neighbours kept per node on upper layers (twice that on layer 0).
const M: usize = 16;
const EF_CONSTRUCTION: usize = 48;

#[derive(Clone)]
struct Node {
    id: String,
    /// Links per layer, layer 0 first.
    links: Vec<Vec<u32>>,
    deleted: bool,
}

#[derive(Clone, Default)]
pub struct Hnsw {
    nodes: Vec<Node>,
    by_id: HashMap<String, u32>,
    entry: Option<u32>,
    deleted: usize,
    rng: u64,
}

impl std::fmt::Debug for Hnsw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Hnsw({} nodes, {} tombstones)",
            self.nodes.len(),
            self.deleted
        )
    }
}

/// A candidate: similarity and node.
#[derive(Clone, Copy, PartialEq)]
struct Neighbour(f32, u32);
impl Eq for Neighbour {}
impl Ord for Neighbour {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0.total_cmp(&o.0).then(o.1.cmp(&self.1))
    }
}
impl PartialOrd for Neighbour {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Hnsw {
    /// Share of nodes that are tombstones.
    pub fn garbage(&self) -> f64 {
        self.deleted as f64 / self.nodes.len().max(1) as f64
    }

    fn random_level(&mut self) -> usize {
        // xorshift; level ~ geometric with p = 1/M.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let u = (self.rng >> 11) as f64 / (1u64 << 53) as f64;
        (-(u.max(1e-12)).ln() / (M as f64).ln()) as usize
    }

    pub fn remove(&mut self, id: &str) {
        if let Some(n) = self.by_id.remove(id) {
            self.nodes[n as usize].deleted = true;
            self.deleted += 1;
        }
    }

    /// Adds `id` with vector `v`; `vec_of` gives the vector of any live id.
    pub fn insert<'a>(&mut self, id: &str, v: &[f32], vec_of: &dyn Fn(&str) -> Option<&'a [f32]>) {
        self.remove(id);
        if self.rng == 0 {
            self.rng = 0x9E37_79B9_7F4A_7C15;
        }
        let level = self.random_level();
        let me = self.nodes.len() as u32;
        self.nodes.push(Node {
            id: id.to_string(),
            links: vec![Vec::new(); level + 1],
            deleted: false,
        });
        self.by_id.insert(id.to_string(), me);
        let Some(mut ep) = self.entry else {
            self.entry = Some(me);
            return;
        };
        let top = self.nodes[ep as usize].links.len() - 1;
        for layer in (level + 1..=top).rev() {
            ep = self.greedy(v, ep, layer, vec_of);
        }
        for layer in (0..=level.min(top)).rev() {
            let found = self.layer_search(v, &[ep], EF_CONSTRUCTION, layer, vec_of);
            let cap = if layer == 0 { 2 * M } else { M };
            let chosen = self.diverse(&found, cap, vec_of);
            for &n in &chosen {
                self.link(n, me, layer, cap, vec_of);
            }
            self.nodes[me as usize].links[layer] = chosen;
            ep = found.first().map_or(ep, |c| c.1);
        }
        if level > top {
            self.entry = Some(me);
        }
    }

    /// Adds `to` to `from`'s links on `layer`, keeping the `cap` most similar.
    fn link<'a>(
        &mut self,
        from: u32,
        to: u32,
        layer: usize,
        cap: usize,
        vec_of: &dyn Fn(&str) -> Option<&'a [f32]>,
    ) {
        let links = &self.nodes[from as usize].links[layer];
        if links.len() < cap {
            self.nodes[from as usize].links[layer].push(to);
            return;
        }
        let Some(base) = vec_of(&self.nodes[from as usize].id) else {
            return;
        };
        let mut all: Vec<Neighbour> = links
            .iter()
            .chain(std::iter::once(&to))
            .map(|&n| Neighbour(self.sim(base, n, vec_of), n))
            .collect();
        all.sort_by(|a, b| b.cmp(a));
        self.nodes[from as usize].links[layer] = self.diverse(&all, cap, vec_of);
    }

    /// Neighbour choice of the paper's heuristic: a candidate (best first) is kept when it is
    /// closer to the base than to every neighbour kept so far, so links spread over directions
    /// and clusters stay connected; the rest fill up the free places.
    fn diverse<'a>(
        &self,
        cands: &[Neighbour],
        cap: usize,
        vec_of: &dyn Fn(&str) -> Option<&'a [f32]>,
    ) -> Vec<u32> {
        let mut kept: Vec<(u32, &'a [f32])> = Vec::with_capacity(cap);
        let mut rest = Vec::new();
        for c in cands {
            if kept.len() == cap {
                break;
            }
            let Some(v) = vec_of(&self.nodes[c.1 as usize].id) else {
                continue;
            };
            if kept.iter().all(|(_, k)| dot(v, k) < c.0) {
                kept.push((c.1, v));
            } else {
                rest.push(c.1);
            }
        }
        let mut out: Vec<u32> = kept.into_iter().map(|k| k.0).collect();
        out.extend(rest.into_iter().take(cap - out.len()));
        out
    }

    fn sim<'a>(&self, q: &[f32], n: u32, vec_of: &dyn Fn(&str) -> Option<&'a [f32]>) -> f32 {
        vec_of(&self.nodes[n as usize].id).map_or(f32::NEG_INFINITY, |v| dot(q, v))
    }

    fn greedy<'a>(
        &self,
        q: &[f32],
        mut ep: u32,
        layer: usize,
        vec_of: &dyn Fn(&str) -> Option<&'a [f32]>,
    ) -> u32 {
        let mut best = self.sim(q, ep, vec_of);
        loop {
            let mut moved = false;
            for &n in &self.nodes[ep as usize].links[layer] {
                let s = self.sim(q, n, vec_of);
                if s > best {
                    (best, ep, moved) = (s, n, true);
                }
            }
            if !moved {
                return ep;
            }
        }
    }

    /// The `ef` most similar nodes reachable on `layer` from `eps`, best first.
    fn layer_search<'a>(
        &self,
        q: &[f32],
        eps: &[u32],
        ef: usize,
        layer: usize,
        vec_of: &dyn Fn(&str) -> Option<&'a [f32]>,
    ) -> Vec<Neighbour> {
        let mut seen: HashSet<u32> = eps.iter().copied().collect();
        let mut todo: BinaryHeap<Neighbour> = BinaryHeap::new();
        // Results as a min-heap (worst on top) via Reverse.
        let mut best: BinaryHeap<std::cmp::Reverse<Neighbour>> = BinaryHeap::new();
        for &e in eps {
            let c = Neighbour(self.sim(q, e, vec_of), e);
            todo.push(c);
            best.push(std::cmp::Reverse(c));
        }
        while let Some(c) = todo.pop() {
            if best.len() >= ef && best.peek().is_some_and(|w| c.0 < w.0 .0) {
                break;
            }
            let Some(links) = self.nodes[c.1 as usize].links.get(layer) else {
                continue;
            };
            for &n in links {
                if !seen.insert(n) {
                    continue;
                }
                let s = self.sim(q, n, vec_of);
                if best.len() < ef || best.peek().is_some_and(|w| s > w.0 .0) {
                    todo.push(Neighbour(s, n));
                    best.push(std::cmp::Reverse(Neighbour(s, n)));
                    if best.len() > ef {
                        best.pop();
                    }
                }
            }
        }
        let mut out: Vec<Neighbour> = best.into_iter().map(|r| r.0).collect();
        out.sort_by(|a, b| b.cmp(a));
        out
    }

    /// The `k` most similar live ids, best first; `ef` (≥ k) trades speed for recall.
    pub fn search<'a>(
        &self,
        q: &[f32],
        k: usize,
        ef: usize,
        vec_of: &dyn Fn(&str) -> Option<&'a [f32]>,
    ) -> Vec<(String, f32)> {
        let Some(mut ep) = self.entry else {
            return Vec::new();
        };
        for layer in (1..self.nodes[ep as usize].links.len()).rev() {
            ep = self.greedy(q, ep, layer, vec_of);
        }
        // Tombstones take places in the beam, so widen it by the share of garbage.
        let ef = ((ef.max(k) as f64) / (1.0 - self.garbage()).max(0.25)).ceil() as usize;
        self.layer_search(q, &[ep], ef, 0, vec_of)
            .into_iter()
            .filter(|c| !self.nodes[c.1 as usize].deleted)
            .take(k)
            .map(|c| (self.nodes[c.1 as usize].id.clone(), c.0))
            .collect()
    }
}
