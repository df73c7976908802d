//! Per-document view shared by the extractors: passage characters, sentences, masked
//! running headers, reference-like sentences, concept mentions and resolved places.

use super::knowledge::Knowledge;
use super::matcher::Folded;
use super::model::{ConceptRef, Evidence, Place, MAX_EVIDENCE};
use super::places::{self, RawKind, RawPlace, Resolved};
use crate::model::{Document, Passage};
use crate::text::match_key;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A concept named in a passage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mention {
    pub passage: usize,
    pub start: usize,
    pub end: usize,
    /// Index into `Thesaurus::concepts`.
    pub concept: usize,
}

/// A resolved place named in a passage.
#[derive(Debug, Clone)]
pub struct PlaceMention {
    pub passage: usize,
    pub start: usize,
    pub end: usize,
    pub place: Resolved,
}

pub struct DocView<'a> {
    pub doc: &'a Document,
    pub chars: Vec<Vec<char>>,
    /// Per passage: sentence spans (start, end) in chars.
    pub sentences: Vec<Vec<(usize, usize)>>,
    /// Per passage and char: part of a running header (title repeated on each page).
    pub masked: Vec<Vec<bool>>,
    /// Per passage and sentence: looks like a bibliography entry that leaked into the body.
    pub ref_like: Vec<Vec<bool>>,
    pub mentions: Vec<Mention>,
    pub places: Vec<PlaceMention>,
    /// Divisions the document names without ambiguity, and what encloses them: a name read
    /// alone (a list item's head) resolves in it as it does in the text.
    pub place_context: HashSet<usize>,
}

static REF_MARK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\[[JMNDCRSZP](/OL)?\]|［[JMNDCRSZ]］|\[EB/OL\]|出版社|\d{4}\s*[,，]\s*\d{1,3}\s*[(（]\d{1,2}[)）]|[Jj]ournal|pp\.\s*\d|\d{4}\s*\(\d{1,2}\)\s*[:：]\s*\d").unwrap()
});

impl<'a> DocView<'a> {
    pub fn new(doc: &'a Document, kb: &Knowledge) -> DocView<'a> {
        let chars: Vec<Vec<char>> = doc
            .passages
            .iter()
            .map(|p| p.text.chars().collect())
            .collect();
        let sentences: Vec<Vec<(usize, usize)>> = doc
            .passages
            .iter()
            .zip(&chars)
            .map(|(p, c)| {
                let mut s = p.sentences();
                if s.is_empty() || s.last().is_some_and(|&(_, e)| e < c.len()) {
                    let start = s.last().map_or(0, |&(_, e)| e);
                    s.push((start, c.len()));
                }
                s
            })
            .collect();
        let masked = header_masks(doc, &chars);
        let ref_like = sentences
            .iter()
            .zip(&chars)
            .map(|(ss, c)| {
                ss.iter()
                    .map(|&(a, b)| {
                        REF_MARK.is_match(&c[a..b.min(c.len())].iter().collect::<String>())
                    })
                    .collect()
            })
            .collect();
        let mut view = DocView {
            doc,
            chars,
            sentences,
            masked,
            ref_like,
            mentions: Vec::new(),
            places: Vec::new(),
            place_context: HashSet::new(),
        };
        view.find_mentions(kb);
        view
    }

    fn find_mentions(&mut self, kb: &Knowledge) {
        let mut ambiguous: Vec<(usize, usize, usize, Vec<usize>)> = Vec::new();
        let mut raw_places: Vec<(usize, RawPlace)> = Vec::new();
        let mut press = Vec::new();
        for (pi, p) in self.doc.passages.iter().enumerate() {
            let folded = Folded::new(&p.text);
            for h in kb.concepts.find(&folded) {
                if self.masked[pi][h.start..h.end].iter().any(|&m| m) {
                    continue;
                }
                if h.concepts.len() == 1 {
                    self.mentions.push(Mention {
                        passage: pi,
                        start: h.start,
                        end: h.end,
                        concept: h.concepts[0],
                    });
                } else {
                    ambiguous.push((pi, h.start, h.end, h.concepts));
                }
            }
            let (found, named_press) = kb.places.find_with_press(&p.text, &folded);
            press.extend(named_press);
            for r in found {
                if !self.masked[pi][r.start..r.end].iter().any(|&m| m) {
                    self.place_enterprise(kb, pi, &r);
                    raw_places.push((pi, r));
                }
            }
        }
        self.resolve_ambiguous(kb, ambiguous);
        self.mentions.sort_by_key(|m| (m.passage, m.start));
        self.drop_facilities(kb);
        // A place inside a longer concept label (阿里 in 阿里巴巴) is not a place.
        raw_places.retain(|(pi, r)| {
            !self.mentions.iter().any(|m| {
                m.passage == *pi
                    && m.start <= r.start
                    && r.end <= m.end
                    && m.end - m.start > r.end - r.start
            }) || matches!(r.kind, RawKind::Unit(..))
        });
        // A unit found on its own (规划社区, 强化社区…) must recur or be in the title.
        let unit_name = |pi: usize, r: &RawPlace| -> String {
            self.chars[pi][r.start..r.end]
                .iter()
                .filter(|c| !c.is_whitespace())
                .collect()
        };
        let mut unit_count: HashMap<String, usize> = HashMap::new();
        for (pi, r) in &raw_places {
            if matches!(r.kind, RawKind::Unit(..)) {
                *unit_count.entry(unit_name(*pi, r)).or_default() += 1;
            }
        }
        let title = self.bare_title();
        // …and its suffix must not start a longer term (强化社区治理: 社区治理 is a concept).
        let mentions = &self.mentions;
        raw_places.retain(|(pi, r)| match r.kind {
            RawKind::Unit(_, true) => {
                let n = unit_name(*pi, r);
                let in_term = mentions.iter().any(|m| {
                    m.passage == *pi && m.start < r.end && m.end > r.end && m.start >= r.start
                });
                (unit_count.get(&n).copied().unwrap_or(0) >= 2 || title.contains(&n)) && !in_term
            }
            _ => true,
        });
        self.place_context = places::context(&kb.gazetteer, &raw_places, &press);
        let resolved =
            places::resolve(&kb.gazetteer, &raw_places, &self.place_context, &self.chars);
        self.places = raw_places
            .into_iter()
            .zip(resolved)
            .filter_map(|((pi, r), res)| {
                res.map(|place| PlaceMention {
                    passage: pi,
                    start: r.start,
                    end: r.end,
                    place,
                })
            })
            .collect();
        self.drop_labels_in_places();
    }

    /// An ambiguous label goes to the concept whose tree the document talks about most.
    fn resolve_ambiguous(
        &mut self,
        kb: &Knowledge,
        ambiguous: Vec<(usize, usize, usize, Vec<usize>)>,
    ) {
        let mut roots: HashMap<String, usize> = HashMap::new();
        for m in &self.mentions {
            *roots.entry(root_of(kb, m.concept)).or_default() += 1;
        }
        for (pi, s, e, cands) in ambiguous {
            let best = cands.iter().copied().max_by_key(|&c| {
                (
                    roots.get(&root_of(kb, c)).copied().unwrap_or(0),
                    std::cmp::Reverse(c),
                )
            });
            if let Some(c) = best {
                self.mentions.push(Mention {
                    passage: pi,
                    start: s,
                    end: e,
                    concept: c,
                });
            }
        }
    }

    /// An actor's label before a facility noun names the facility (`游客服务中心`).
    fn drop_facilities(&mut self, kb: &Knowledge) {
        let chars = &self.chars;
        self.mentions
            .retain(|m| !names_facility(kb, &chars[m.passage], m.end, m.concept));
    }

    /// A concept label inside a longer place name (街道 in 东湖街道) is part of the name, as
    /// a place inside a longer label is part of the label.
    fn drop_labels_in_places(&mut self) {
        let places = &self.places;
        self.mentions.retain(|m| {
            !places.iter().any(|p| {
                p.passage == m.passage
                    && p.start <= m.start
                    && m.end <= p.end
                    && p.end - p.start > m.end - m.start
            })
        });
    }

    /// A place name followed by the short form of a national enterprise (兰州电信) names
    /// that enterprise (中国电信). The mention covers the short form only, so the place
    /// stays a place; a label already found there (移动互联网) wins.
    fn place_enterprise(&mut self, kb: &Knowledge, pi: usize, r: &RawPlace) {
        if !matches!(r.kind, RawKind::Named(_)) {
            return;
        }
        let after: String = self.chars[pi][r.end.min(self.chars[pi].len())..]
            .iter()
            .take(8)
            .collect();
        let Some((concept, len)) = kb.concepts.short_form_at(&after) else {
            return;
        };
        let (start, end) = (r.end, r.end + len);
        let taken = self
            .mentions
            .iter()
            .any(|m| m.passage == pi && m.start < end && start < m.end);
        if !taken {
            self.mentions.push(Mention {
                passage: pi,
                start,
                end,
                concept,
            });
        }
    }

    /// The first sentence of a section's first passage, as (passage, start, end): where a
    /// heading's case is told.
    pub fn section_first_sentence(&self, section: usize) -> Option<(usize, usize, usize)> {
        let p = self
            .doc
            .passages
            .iter()
            .position(|p| p.section == section)?;
        let (a, b) = self.sentences[p][0];
        Some((p, a, b.min(self.chars[p].len())))
    }

    pub fn passage(&self, i: usize) -> &Passage {
        &self.doc.passages[i]
    }

    /// Index of the sentence containing char `at` of passage `p`.
    pub fn sentence_of(&self, p: usize, at: usize) -> usize {
        let ss = &self.sentences[p];
        ss.iter()
            .position(|&(_, e)| at < e)
            .unwrap_or(ss.len().saturating_sub(1))
    }

    pub fn sentence_text(&self, p: usize, s: usize) -> String {
        let (a, b) = self.sentences[p][s];
        self.chars[p][a..b.min(self.chars[p].len())]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    }

    pub fn text(&self, p: usize, a: usize, b: usize) -> String {
        self.chars[p][a..b.min(self.chars[p].len())]
            .iter()
            .collect()
    }

    pub fn evidence(&self, p: usize, start: usize, end: usize) -> Evidence {
        let pass = self.passage(p);
        let s = self.sentence_of(p, start);
        Evidence {
            passage: pass.id.clone(),
            start: start as u32,
            end: end as u32,
            lines: pass.lines_of(start, end),
            text: self.sentence_text(p, s),
        }
    }

    /// Evidence for a whole sentence.
    pub fn sentence_evidence(&self, p: usize, s: usize) -> Evidence {
        let (a, b) = self.sentences[p][s];
        self.evidence(p, a, b)
    }

    pub fn all_mentions(&self) -> impl Iterator<Item = &Mention> {
        self.mentions.iter()
    }

    /// Mentions inside char range [a, b) of passage p.
    pub fn mentions_in(&self, p: usize, a: usize, b: usize) -> impl Iterator<Item = &Mention> {
        self.mentions
            .iter()
            .filter(move |m| m.passage == p && m.start >= a && m.end <= b)
    }

    /// The document's title without its spaces (PDF titles are often letter-spaced).
    pub fn bare_title(&self) -> String {
        self.doc
            .title
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    pub fn places_in(&self, p: usize, a: usize, b: usize) -> impl Iterator<Item = &PlaceMention> {
        self.places
            .iter()
            .filter(move |m| m.passage == p && m.start >= a && m.end <= b)
    }

    /// Group mentions by concept, in order of first mention; evidence capped at `cap`.
    pub fn concept_refs<'m>(
        &self,
        kb: &Knowledge,
        ms: impl Iterator<Item = &'m Mention>,
        cap: usize,
    ) -> Vec<ConceptRef> {
        let mut order: Vec<usize> = Vec::new();
        let mut ev: HashMap<usize, Vec<Evidence>> = HashMap::new();
        let mut seen: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for m in ms {
            let e = ev.entry(m.concept).or_insert_with(|| {
                order.push(m.concept);
                Vec::new()
            });
            let s = seen.entry(m.concept).or_default();
            if s.contains(&(m.passage, m.start)) {
                continue;
            }
            s.push((m.passage, m.start));
            if e.len() < cap {
                e.push(self.evidence(m.passage, m.start, m.end));
            }
        }
        order
            .into_iter()
            .map(|c| concept_ref(kb, c, ev.remove(&c).unwrap_or_default()))
            .collect()
    }

    /// Places of the document, one per resolved place, in order of first mention.
    pub fn places(&self, _kb: &Knowledge) -> Vec<Place> {
        let mut by: BTreeMap<String, usize> = BTreeMap::new();
        let mut out: Vec<Place> = Vec::new();
        for m in &self.places {
            let i = *by.entry(m.place.key()).or_insert_with(|| {
                out.push(to_place(&m.place));
                out.len() - 1
            });
            if out[i].evidence.len() < MAX_EVIDENCE {
                out[i]
                    .evidence
                    .push(self.evidence(m.passage, m.start, m.end));
            }
        }
        out
    }

    /// Title without its running-header variants' noise, as a match key.
    pub fn title_key(&self) -> String {
        match_key(&self.doc.title)
    }
}

/// Short stable hash for ids.
pub fn short_hash(s: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(s.as_bytes()))[..10].to_string()
}

pub fn to_place(r: &Resolved) -> Place {
    Place {
        name: r.name.clone(),
        code: r.code.clone(),
        level: r.level.clone(),
        parents: r.parents.clone(),
        evidence: Vec::new(),
    }
}

pub fn concept_ref(kb: &Knowledge, c: usize, evidence: Vec<Evidence>) -> ConceptRef {
    let k = &kb.thesaurus.concepts[c];
    ConceptRef {
        concept: k.iri.clone(),
        label: k.label.clone(),
        scheme: k.scheme.clone(),
        evidence,
    }
}

/// Whether an actor's label ending at `end` is the first part of a facility's or a thing's
/// name (`游客服务中心`, `居民活动室`): a word of `facility_head.txt` follows it.
fn names_facility(kb: &Knowledge, chars: &[char], end: usize, concept: usize) -> bool {
    if kb.thesaurus.concepts[concept].scheme != "actor" {
        return false;
    }
    let after: String = chars[end.min(chars.len())..].iter().take(4).collect();
    crate::lexicon!("facility_head")
        .words()
        .any(|w| after.starts_with(w))
}

fn root_of(kb: &Knowledge, c: usize) -> String {
    let iri = &kb.thesaurus.concepts[c].iri;
    kb.thesaurus
        .ancestors(iri)
        .last()
        .map_or_else(|| iri.clone(), |a| a.iri.clone())
}

/// Mark the document title where it recurs inside passages (running headers), and the
/// author line that often comes with it.
fn header_masks(doc: &Document, chars: &[Vec<char>]) -> Vec<Vec<bool>> {
    let mut masks: Vec<Vec<bool>> = chars.iter().map(|c| vec![false; c.len()]).collect();
    let (name_title, _) = crate::meta::parse_source_name(&doc.source);
    let mut needles: Vec<Vec<char>> = Vec::new();
    for t in [doc.title.as_str(), name_title.as_str()] {
        for part in t.split(['—', '：', ':', '_']) {
            let part: Vec<char> = part
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '*')
                .collect();
            if part.len() >= 6 && !needles.contains(&part) {
                needles.push(part);
            }
        }
    }
    for (pi, c) in chars.iter().enumerate() {
        // Compare without whitespace, keeping a map to original offsets.
        let idx: Vec<usize> = (0..c.len()).filter(|&i| !c[i].is_whitespace()).collect();
        let squeezed: Vec<char> = idx.iter().map(|&i| c[i]).collect();
        for n in &needles {
            let mut k = 0;
            while k + n.len() <= squeezed.len() {
                if squeezed[k..k + n.len()] == n[..] {
                    let (a, b) = (idx[k], idx[k + n.len() - 1] + 1);
                    masks[pi][a..b].iter_mut().for_each(|m| *m = true);
                    k += n.len();
                } else {
                    k += 1;
                }
            }
        }
    }
    masks
}

/// A one-passage document for free text; sentence ends at 。！？；and line map by `\n`.
pub fn free_text_document(text: &str) -> Document {
    let mut line_map = Vec::new();
    let mut sentence_ends = Vec::new();
    let mut line = 1u32;
    let mut n = 0u32;
    for (i, c) in text.chars().enumerate() {
        if line_map.last().is_none_or(|&(_, l)| l != line) {
            line_map.push((i as u32, line));
        }
        if c == '\n' {
            line += 1;
        }
        if crate::text::is_sentence_end(c) || c == '\n' {
            sentence_ends.push(i as u32 + 1);
        }
        n = i as u32 + 1;
    }
    if sentence_ends.last() != Some(&n) && n > 0 {
        sentence_ends.push(n);
    }
    Document {
        passages: vec![Passage {
            id: String::new(),
            section: 0,
            text: text.to_string(),
            lines: (1, line),
            line_map,
            sentence_ends,
        }],
        ..Document::default()
    }
}
