//! Normalisation with a line map: every output character remembers its input line.
//!
//! Stages run in order, one small file each (the shape of tantivy's tokenizer filters):
//! [`glyphs`] (per-character mapping) → [`quotes`] (one kind of quotation mark) → [`debris`] (converters' pinyin readings) →
//! [`furniture`] (drop page furniture) →
//! [`digits`] (re-join split numbers) → [`spacing`] (letter-spaced runs) →
//! [`columns`] (two interleaved columns back in reading order).

pub mod columns;
pub mod debris;
pub mod digits;
pub mod furniture;
pub mod glyphs;
mod line;
pub mod quotes;
pub mod script;
pub mod spacing;

use crate::read::Source;
pub use line::Line;

/// Run every stage over a source. Empty lines are dropped; `blank_before` keeps the fact.
pub fn normalize(source: &Source) -> Vec<Line> {
    clean(mapped(source))
}

/// Lines after the per-character stage only (page furniture still there): metadata such as
/// an issue date often stands only in a running header.
pub fn mapped(source: &Source) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut blank = false;
    for (i, raw) in source.text.lines().enumerate() {
        let mut line = glyphs::map_line(raw, source.first_line + i as u32);
        line.trim();
        if line.is_empty() {
            blank = true;
            continue;
        }
        line.blank_before = blank;
        blank = false;
        lines.push(line);
    }
    lines
}

/// The stages after character mapping.
pub fn clean(lines: Vec<Line>) -> Vec<Line> {
    let lines: Vec<Line> = quotes::unify_quotes(lines)
        .into_iter()
        .map(debris::drop_pinyin)
        .collect();
    let lines = furniture::drop_furniture(lines);
    let lines = digits::join_split_numbers(lines);
    let lines: Vec<Line> = lines.into_iter().map(spacing::fix_spacing).collect();
    columns::restore_columns(lines)
}
