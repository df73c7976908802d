//! Character bigrams: every two adjacent Chinese characters of a run, and each run of ASCII
//! letters or digits as one token, after folding to simplified script and lowercase. Two
//! texts that say one thing in other words still share characters where jieba's words
//! differ (`火山岩` / `火山石`, `老旧小区` / `老旧社区`, `出工` / `投工`); the whole
//! document's BM25 over them finds a scenario's document by its paraphrase
//! (docs/ranking.md, session 25).

use crate::tokenizer::ListTokenStream;
use corpus::normalize::script::fold;
use tantivy::tokenizer::Tokenizer;

pub const NAME: &str = "zh_bigram";

/// The bigram tokens of a text, in order (repeats kept).
pub fn bigrams(text: &str) -> Vec<String> {
    let folded = fold(text).to_lowercase();
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut ascii = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c);
            prev = None;
            continue;
        }
        if !ascii.is_empty() {
            out.push(std::mem::take(&mut ascii));
        }
        if is_han(c) {
            if let Some(p) = prev {
                out.push([p, c].iter().collect());
            }
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    if !ascii.is_empty() {
        out.push(ascii);
    }
    out
}

/// A CJK unified ideograph (the basic block and extension A).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

#[derive(Clone, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = ListTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> ListTokenStream {
        // Offsets are not kept: the field is indexed with frequencies only.
        let tokens = bigrams(text).into_iter().enumerate();
        ListTokenStream::new(tokens.map(|(i, t)| (t, 0, 0, i)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::bigrams;

    #[test]
    fn pairs_within_runs_only() {
        assert_eq!(bigrams("火山石古村"), ["火山", "山石", "石古", "古村"]);
        // Punctuation and spaces end a run; a lone character makes no token.
        assert_eq!(bigrams("巷，老井 村"), ["老井"]);
        assert_eq!(bigrams("TIT创意园2024年"), ["tit", "创意", "意园", "2024"]);
        // Traditional script folds to simplified.
        assert_eq!(bigrams("舊區"), ["旧区"]);
    }
}
