//! Two columns interleaved line by line (A1 B1 A2 B2 …) are put back in reading order where
//! the evidence is clear: line i ends mid-sentence and continues much better into line i+2
//! than into line i+1, judged by how often the joining character pair occurs inside lines of
//! the same document (a character-bigram model of the document itself).

use super::line::Line;
use crate::text::{is_cjk, is_sentence_end};
use std::collections::HashMap;

type Bigrams = HashMap<(char, char), u32>;

fn bigrams(lines: &[Line]) -> Bigrams {
    let mut m = Bigrams::new();
    for l in lines {
        for w in l.chars.windows(2) {
            if is_cjk(w[0]) && is_cjk(w[1]) {
                *m.entry((w[0], w[1])).or_default() += 1;
            }
        }
    }
    m
}

/// How well `b` continues `a`: frequency of (last char of a, first char of b).
fn join_score(m: &Bigrams, a: &Line, b: &Line) -> u32 {
    match (a.chars.last(), b.chars.first()) {
        (Some(&x), Some(&y)) if is_cjk(x) && is_cjk(y) => m.get(&(x, y)).copied().unwrap_or(0),
        _ => 0,
    }
}

fn open_ended(l: &Line) -> bool {
    l.chars
        .last()
        .is_some_and(|&c| is_cjk(c) || c == '，' || c == '、')
        && !l.chars.last().is_some_and(|&c| is_sentence_end(c))
}

/// +1: line k continues into k+2 rather than k+1; -1: the reverse; 0: no evidence.
fn evidence(m: &Bigrams, lines: &[Line], k: usize) -> i32 {
    if k + 2 >= lines.len() || !open_ended(&lines[k]) {
        return 0;
    }
    let direct = join_score(m, &lines[k], &lines[k + 1]);
    let skip = join_score(m, &lines[k], &lines[k + 2]);
    if skip >= 2 && skip > 3 * direct {
        1
    } else if direct >= 2 && direct > 3 * skip {
        -1
    } else {
        0
    }
}

pub fn restore_columns(lines: Vec<Line>) -> Vec<Line> {
    let m = bigrams(&lines);
    let ev: Vec<i32> = (0..lines.len()).map(|k| evidence(&m, &lines, k)).collect();
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut lines: Vec<Option<Line>> = lines.into_iter().map(Some).collect();
    let mut i = 0;
    while i < lines.len() {
        // A run starts where both columns show the skip pattern on consecutive lines.
        if i + 1 < ev.len() && ev[i] == 1 && ev[i + 1] == 1 {
            let mut e = i + 2;
            let mut quiet = 0;
            while e < ev.len() && ev[e] >= 0 && quiet < 3 {
                quiet = if ev[e] == 0 { quiet + 1 } else { 0 };
                e += 1;
            }
            let end = (e - quiet + 2).min(lines.len());
            let mut a = Vec::new();
            let mut b = Vec::new();
            for (k, slot) in lines.iter_mut().enumerate().take(end).skip(i) {
                let l = slot.take().expect("each line moved once");
                if (k - i) % 2 == 0 {
                    a.push(l);
                } else {
                    b.push(l);
                }
            }
            out.extend(a);
            out.extend(b);
            i = end;
            continue;
        }
        if let Some(l) = lines[i].take() {
            out.push(l);
        }
        i += 1;
    }
    out
}
