//! Part-of-speech tags (jieba) for the words before a site word: a name is made of nouns,
//! place and person names, abbreviations, directions, adjectives, unknown words, bound
//! morphemes (rare characters such as `葑`) and Latin
//! letters or digits; a verb, adverb, pronoun, quantity or preposition before `社区`
//! (`提高社区`, `一些社区`) is no name.

use jieba_rs::Jieba;
use once_cell::sync::Lazy;

static JIEBA: Lazy<Jieba> = Lazy::new(Jieba::new);

fn name_tag(word: &str, tag: &str) -> bool {
    match tag {
        // A numeral is part of a name as one digit-word (五大道, 莲花一村, 798), not as a
        // quantity (一些, 首批).
        "m" => word.chars().count() == 1 || word.chars().all(|c| c.is_ascii_alphanumeric()),
        "x" | "eng" | "j" | "s" | "f" | "a" | "vn" | "zg" | "g" => true,
        t => t.starts_with('n'),
    }
}

/// Chars at the end of `text` that form a name: the longest run of name words ending it.
/// A one-character word after a proper noun belongs to it whatever its tag (`回龙` + `窝`).
pub fn name_tail(text: &str) -> usize {
    name_tail_before(text, "")
}

/// `name_tail` of `text` read in context, tagged with the `word` that follows it: a word that
/// runs into `word` is a name word (`葑门` + `横街`, where `横` alone is a verb).
pub fn name_tail_before(text: &str, word: &str) -> usize {
    tail(text, word, false)
}

/// `name_tail`, where a word jieba's HMM made (not in its dictionary) is a name word too
/// (`付家` + `屯`): for items a list has already shown to be names.
pub fn name_tail_loose(text: &str) -> usize {
    tail(text, "", true)
}

fn tail(text: &str, word: &str, loose: bool) -> usize {
    let n = text.chars().count();
    let joined = format!("{text}{word}");
    let tags = JIEBA.tag(&joined, true);
    let proper = |i: usize| i > 0 && matches!(tags[i - 1].tag, "ns" | "nz" | "nr" | "nrt" | "j");
    let mut len = 0;
    for i in (0..tags.len()).rev() {
        let t = &tags[i];
        if t.start >= n {
            continue;
        }
        let straddles = t.end > n;
        // `由旧` (`海滨由旧码头`): a word the HMM made of a function word and what follows
        // counts from after the function word, and ends the name there.
        if !straddles && (function_led(t.word) || (loose && lead_led(t.word))) {
            len += t.end.min(n) - t.start - 1;
            break;
        }
        let name = straddles
            || name_tag(t.word, t.tag)
            || (loose && unknown_name_word(t.word))
            || (t.word.chars().count() == 1 && proper(i) && !(loose && function_tag(t.tag)))
            || ((ordinal(t.word) || numbered(t.word))
                && i > 0
                && name_tag(tags[i - 1].word, tags[i - 1].tag));
        if !name {
            break;
        }
        len += t.end.min(n) - t.start;
    }
    len
}

/// A verb, preposition, conjunction, adverb, pronoun or particle: where unknown words count
/// as name words, one of these ends the name even after a proper noun (`城中村` + `有`).
fn function_tag(tag: &str) -> bool {
    tag.starts_with('v') || particle_tag(tag)
}

/// A preposition, conjunction, adverb, pronoun or particle.
fn particle_tag(tag: &str) -> bool {
    tag.starts_with(['p', 'c', 'd', 'r', 'u'])
}

/// Whether `text` holds a verb, preposition, conjunction, adverb, pronoun or particle of the
/// dictionary.
pub fn has_function_word(text: &str) -> bool {
    JIEBA
        .tag(text, true)
        .iter()
        .any(|t| function_tag(t.tag) && JIEBA.has_word(t.word))
}

/// A word jieba's HMM made (not in its dictionary) that opens with a joiner
/// (`clause_word.txt`): `由` + `旧`.
fn function_led(word: &str) -> bool {
    !JIEBA.has_word(word) && opens_with(word, "joiner")
}

/// Whether a word of two characters or more opens with a clause word of `kind`.
fn opens_with(word: &str, kind: &str) -> bool {
    let mut cs = word.chars();
    let (Some(first), true) = (cs.next(), cs.next().is_some()) else {
        return false;
    };
    clause_word(first.encode_utf8(&mut [0; 4]), kind)
}

/// A digit or a Chinese numeral, exact or not (`两`, `几`, `多`, `数`).
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "零一二三四五六七八九十百千万亿两几多数半整每首".contains(c)
}

/// A word of two characters or more the HMM made, none of whose characters is alone a
/// preposition, conjunction, adverb, pronoun or particle (`付家`, not `现对`).
fn unknown_name_word(word: &str) -> bool {
    word.chars().count() > 1
        && !JIEBA.has_word(word)
        && !word.chars().any(|c| {
            let one = c.to_string();
            JIEBA
                .tag(&one, false)
                .first()
                .is_some_and(|t| particle_tag(t.tag))
        })
}

/// A word of two characters or more that opens with a list's lead verb (`clause_word.txt`:
/// `有` + `王`).
fn lead_led(word: &str) -> bool {
    opens_with(word, "lead")
}

/// Whether a run of words holds a joiner (`clause_word.txt`: `和`, `与`, `由`) or a word the
/// HMM made of one: after a place it joins two names or opens a clause, so the run is no
/// name (`中西区和观塘海滨`, `商务局与河`).
pub fn joins_clauses(text: &str) -> bool {
    JIEBA
        .tag(text, true)
        .iter()
        .any(|t| clause_word(t.word, "joiner") || function_led(t.word))
}

/// An ordinal (`第一`, `第二`) goes on a name (`中行` + `第一` + `家属院`), never opens one.
fn ordinal(word: &str) -> bool {
    word.strip_prefix('第').is_some_and(|n| {
        !n.is_empty()
            && n.chars()
                .all(|c| "一二三四五六七八九十0123456789".contains(c))
    })
}

/// `二道`, `三条` after a proper name (`和平` + `二道` + `街`, `东四` + `三条`): a numbered street,
/// not a count (`三个`: a counter second).
fn numbered(word: &str) -> bool {
    let cs: Vec<char> = word.chars().collect();
    cs.len() == 2 && "一二三四五六七八九十".contains(cs[0]) && !crate::lexicon::is_counter(cs[1])
}

/// Chars at the start of `text` that are a proper name: one place, person or other proper
/// name, or an unknown word, of two to five characters (`曾厝垵`, `潘安湖`).
pub fn proper_head(text: &str) -> usize {
    let tags = JIEBA.tag(text, true);
    let Some(first) = tags.first() else {
        return 0;
    };
    let len = first.end - first.start;
    let proper = matches!(first.tag, "ns" | "nz" | "nr" | "nrt" | "x" | "j");
    if proper && (2..=5).contains(&len) && first.word.chars().all(|c| c > '\u{2e80}') {
        len
    } else {
        0
    }
}

/// The first character of each word of `text` (`美术专科学校` → `美专学`).
pub fn word_initials(text: &str) -> Vec<char> {
    JIEBA
        .cut(text, true)
        .iter()
        .filter_map(|w| w.word.chars().next())
        .collect()
}

/// Whether `word` is a common word of the dictionary (`院子`, `系统`), not a rare proper
/// stem (`草厂`, `王家桥`): by jieba's word frequency.
pub fn is_common_word(word: &str) -> bool {
    const COMMON: usize = 100;
    JIEBA.suggest_freq(word) >= COMMON
}

/// Whether the dictionary knows `word` (`全市`, `菜市`; not `皮市`).
pub fn in_dictionary(word: &str) -> bool {
    JIEBA.has_word(word)
}

/// Whether `c` alone is a pronoun or determiner (`本`, `该`, `我`).
pub fn is_pronoun(c: char) -> bool {
    JIEBA
        .tag(c.encode_utf8(&mut [0; 4]), false)
        .first()
        .is_some_and(|t| t.tag.starts_with('r'))
}

/// Whether `text` is only common words, none of them a proper name (`老街巷`, `滨水空间`):
/// a kind of thing, not one named.
pub fn is_common_phrase(text: &str) -> bool {
    let tags = JIEBA.tag(text, true);
    !tags.is_empty()
        && tags.iter().all(|t| {
            !matches!(t.tag, "ns" | "nz" | "nr" | "nrt" | "j" | "x" | "m") && is_common_word(t.word)
        })
}

/// A person: a name tagged as a person alone (`张伟`, `刘先生`), or a surname and a noun
/// (`李` + `大爷`).
pub fn is_person(text: &str) -> bool {
    let tags = JIEBA.tag(text, true);
    tags.first()
        .is_some_and(|t| t.tag == "nr" && (tags.len() == 1 || t.word.chars().count() == 1))
}

/// Whether a word of `text` is a proper noun by its tag (place, organisation, other proper
/// name, abbreviation, a person's name of two or more characters).
pub fn has_proper(text: &str) -> bool {
    JIEBA.tag(text, true).iter().any(|t| match t.tag {
        "ns" | "nz" | "nt" | "j" | "nrt" => true,
        "nr" => t.word.chars().count() >= 2,
        _ => false,
    })
}

/// Whether `text` holds a word no name holds: a pronoun (`其他`; one character only opening
/// it, since transliterations hold `尔`), a preposition that opens a clause (`在`, `基于`;
/// `至` joins two ends of a name), a particle (`了`), or, with `quantities`, a counted
/// quantity (`三个`, `一位`; digits such as `380` or `2号` are part of names).
pub fn has_clause_word(text: &str, quantities: bool) -> bool {
    JIEBA
        .tag(text, true)
        .iter()
        .enumerate()
        .any(|(i, t)| match t.tag {
            "r" => i == 0 || t.word.chars().count() > 1,
            // `船房村以街道`: the HMM's word of a name's last character and a preposition.
            "p" => {
                clause_word(t.word, "preposition")
                    || (!JIEBA.has_word(t.word)
                        && t.word.chars().last().is_some_and(|c| {
                            clause_word(c.encode_utf8(&mut [0; 4]), "preposition")
                        }))
            }
            // A quantity is a number and a counter (`三个`, `多家`), not `许家` of `许家洼`.
            "m" => {
                quantities
                    && !name_tag(t.word, t.tag)
                    && t.word.chars().any(is_numeral)
                    && t.word
                        .chars()
                        .any(|c| clause_word(c.encode_utf8(&mut [0; 4]), "counter"))
            }
            tag => tag.starts_with('u') && t.word != "的",
        })
}

/// Whether `text` is a clause: an organisation's name and a verb after it
/// (`万科` + `获得`). A name may hold a verb (`划船` + `社区`), not a subject before one.
pub fn verb_inside(text: &str) -> bool {
    let tags = JIEBA.tag(text, true);
    tags.windows(2).any(|w| {
        matches!(w[0].tag, "nz" | "nt" | "j") && w[1].tag == "v" && w[1].word.chars().count() >= 2
    })
}

/// Whether char `at` of `text` is inside a longer word, one that starts before it and runs
/// on past it (`段` of `一段时间`): a one-character site word there is no site word. (A word
/// that opens with it, `河` of `河滨`, is left to `site_suffix_blocked.txt`.)
pub fn inside_word(text: &str, at: usize) -> bool {
    let mut pos = 0;
    for w in JIEBA.cut(text, true) {
        let n = w.word.chars().count();
        if pos <= at && at < pos + n {
            return pos < at && at + 1 < pos + n;
        }
        pos += n;
    }
    false
}

/// Whether `text` can modify `head` in a name (`城市体检信息` + `平台`): content words only, no
/// particle, pronoun, quantity, time or one-character verb (`把…挂上` + `平台`).
pub fn modifies(text: &str, head: &str) -> bool {
    let n = text.chars().count();
    JIEBA
        .tag(&format!("{text}{head}"), true)
        .iter()
        .filter(|t| t.start < n)
        .all(|t| {
            let one = t.word.chars().count() == 1;
            let quantity = t.tag == "m" && !name_tag(t.word, t.tag);
            !(particle_tag(t.tag)
                || matches!(t.tag, "q" | "t")
                || quantity
                || one && t.tag.starts_with('v'))
        })
}

/// Byte offsets where the words of `text` start and end.
pub fn word_bounds(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut at = 0;
    for w in JIEBA.cut(text, true) {
        at += w.word.len();
        out.push(at);
    }
    out
}

/// Whether a word of `text` runs across char `at`, starting before it and ending after
/// (`表` + `示`: `表` ends no word there).
pub fn runs_on(text: &str, at: usize) -> bool {
    let mut pos = 0;
    for w in JIEBA.cut(text, true) {
        let n = w.word.chars().count();
        if pos < at && at < pos + n {
            return true;
        }
        pos += n;
    }
    false
}

/// Whether the first word of `text` is a noun (`工作者` after `等社区`).
pub fn opens_with_noun(text: &str) -> bool {
    JIEBA
        .tag(text, true)
        .first()
        .is_some_and(|t| t.tag.starts_with('n') || t.tag == "vn")
}

/// Whether `text` opens with a word of the dictionary longer than one character (`向阳`,
/// `向善`): its first character is part of that word, not a function word of its own.
pub fn opens_with_long_word(text: &str) -> bool {
    JIEBA
        .cut(text, true)
        .first()
        .is_some_and(|w| w.word.chars().count() >= 2 && JIEBA.has_word(w.word))
}

/// Whether one of `words` stands as a word of its own in `text` (`让` in `…让网格员少跑腿`,
/// not inside `让利`).
pub fn has_own_word<'a>(text: &str, mut words: impl Iterator<Item = &'a str>) -> bool {
    let cut: Vec<&str> = JIEBA.cut(text, true).iter().map(|t| t.word).collect();
    words.any(|w| cut.contains(&w))
}

/// Whether `text` is one verb (`交出`).
pub fn is_verb(text: &str) -> bool {
    let tags = JIEBA.tag(text, true);
    tags.len() == 1 && tags[0].tag == "v"
}

/// Whether `c` is a one-character clause preposition of `clause_word.txt` (`对`, `在`).
pub fn is_preposition(c: char) -> bool {
    clause_word(c.encode_utf8(&mut [0; 4]), "preposition")
}

/// Whether `c` is a list's or a clause's lead verb (`clause_word.txt`: `是`, `有`).
pub fn is_lead_verb(c: char) -> bool {
    clause_word(c.encode_utf8(&mut [0; 4]), "lead")
}

/// Whether `word` is in `clause_word.txt` with the given kind.
fn clause_word(word: &str, kind: &str) -> bool {
    crate::lexicon!("clause_word")
        .entries
        .iter()
        .any(|(w, f)| w == word && f.first().is_some_and(|k| k == kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_word_inside_a_longer_word() {
        assert!(inside_word("过去很长一段时间", 5));
        assert!(!inside_word("掖明清街建于本世", 4));
        assert!(!inside_word("宫口河滨水步道", 2));
    }

    #[test]
    fn a_verb_after_the_first_word_is_a_clause() {
        assert!(verb_inside("万科获得"));
        assert!(!verb_inside("划船"));
        assert!(!verb_inside("解放"));
    }
}
