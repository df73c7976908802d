//! Chinese analysis: jieba word segmentation in search mode (words plus their sub-words, so a
//! part of a compound is found), thesaurus labels as a user dictionary (so 数字孪生 stays
//! whole), lowercase, punctuation dropped, traditional characters folded to simplified
//! (`corpus::normalize::script`), so a query in either script finds text in either. Offsets
//! are byte offsets into the original text.

use corpus::normalize::script::{fold, fold_char};
use jieba_rs::{Jieba, TokenizeMode};
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

pub const NAME: &str = "zh";

#[derive(Clone)]
pub struct ChineseTokenizer {
    jieba: Arc<Jieba>,
}

impl ChineseTokenizer {
    pub fn new(user_words: &[String]) -> ChineseTokenizer {
        let mut jieba = Jieba::new();
        for w in user_words {
            if w.chars().count() >= 2 {
                jieba.add_word(w, Some(20_000), None);
            }
        }
        ChineseTokenizer {
            jieba: Arc::new(jieba),
        }
    }

    /// Query-side segmentation: whole words only (Default mode), lowercased, no punctuation,
    /// no question words or particles (`哪些`, `什么`, `的`), which only add noise to BM25.
    pub fn query_words(&self, text: &str) -> Vec<String> {
        let text = fold(text);
        let words: Vec<String> = self
            .jieba
            .cut(&text, true)
            .into_iter()
            .filter(|t| is_word(t.word))
            .map(|t| t.word.to_lowercase())
            .collect();
        let content: Vec<String> = words
            .iter()
            .filter(|w| !STOPWORDS.contains(&w.as_str()))
            .cloned()
            .collect();
        if content.is_empty() {
            words
        } else {
            content
        }
    }

    /// Index-side tokens: (lowercased text, byte start, byte end, char position).
    pub fn tokens(&self, text: &str) -> Vec<(String, usize, usize, usize)> {
        let folded = Folded::new(text);
        let f = folded.text.as_str();
        self.jieba
            .tokenize(f, TokenizeMode::Search, true)
            .into_iter()
            .filter(|t| is_word(t.word))
            .map(|t| {
                let from = t.word.as_ptr() as usize - f.as_ptr() as usize;
                let (a, b) = (folded.original(from), folded.original(from + t.word.len()));
                (t.word.to_lowercase(), a, b, t.start)
            })
            .collect()
    }
}

/// A text folded to simplified characters, with the way back to byte offsets of the
/// original (a folded character may take more or fewer bytes than the one it replaces).
struct Folded {
    text: String,
    /// (folded byte offset, original byte offset) at each character; empty when the two
    /// agree everywhere.
    offsets: Vec<(usize, usize)>,
}

impl Folded {
    fn new(original: &str) -> Folded {
        let text = fold(original);
        let same = original
            .chars()
            .all(|c| fold_char(c).len_utf8() == c.len_utf8());
        let offsets = if same {
            Vec::new()
        } else {
            let mut out = Vec::with_capacity(original.len() + 1);
            let mut f = 0;
            for (o, c) in original.char_indices() {
                out.push((f, o));
                f += fold_char(c).len_utf8();
            }
            out.push((f, original.len()));
            out
        };
        Folded { text, offsets }
    }

    fn original(&self, folded: usize) -> usize {
        if self.offsets.is_empty() {
            return folded;
        }
        let i = self.offsets.partition_point(|&(f, _)| f < folded);
        self.offsets.get(i).map_or(folded, |&(_, o)| o)
    }
}

/// Question words and particles dropped from queries (kept when nothing else is left).
const STOPWORDS: &[&str] = &[
    "的",
    "了",
    "是",
    "在",
    "和",
    "与",
    "及",
    "或",
    "等",
    "为",
    "中",
    "对",
    "把",
    "被",
    "从",
    "以",
    "其",
    "之",
    "哪",
    "哪些",
    "哪个",
    "哪几",
    "哪三",
    "什么",
    "怎么",
    "怎样",
    "如何",
    "是否",
    "为什么",
    "多少",
    "几",
    "吗",
    "呢",
    "有",
    "有哪些",
    "通过",
    "采用",
    "一个",
    "这个",
    "该",
    "这些",
    "那些",
    "我们",
    "他们",
    "请问",
    "主要",
    "分别",
    "文章",
    "本文",
    "作者",
    "提出",
    "认为",
    "指出",
];

fn is_word(w: &str) -> bool {
    w.chars().any(|c| c.is_alphanumeric())
}

/// A stream over tokens found beforehand: (text, byte start, byte end, position).
pub struct ListTokenStream {
    tokens: Vec<(String, usize, usize, usize)>,
    index: usize,
    token: Token,
}

impl ListTokenStream {
    pub fn new(tokens: Vec<(String, usize, usize, usize)>) -> ListTokenStream {
        ListTokenStream {
            tokens,
            index: 0,
            token: Token::default(),
        }
    }
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = ListTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> ListTokenStream {
        ListTokenStream::new(self.tokens(text))
    }
}

impl TokenStream for ListTokenStream {
    fn advance(&mut self) -> bool {
        let Some((text, from, to, pos)) = self.tokens.get(self.index) else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(text);
        self.token.offset_from = *from;
        self.token.offset_to = *to;
        self.token.position = *pos;
        self.token.position_length = 1;
        self.index += 1;
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
