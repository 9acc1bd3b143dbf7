//! The tokens a reference is read from: words (compared lower-cased and tone-folded),
//! number-like chunks ("13/2023/NĐ-CP", "2.1") and single punctuation characters.

use crate::normalize::fold_tones;

/// A token of the text: a word, a number-like chunk or one punctuation character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Tok<'a> {
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: TokKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokKind {
    Word,
    Num,
    Punct,
}

/// Reads tokens one by one from a byte position.
pub(super) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(text: &'a str, pos: usize) -> Self {
        Self { text, pos }
    }

    pub(super) fn next_tok(&mut self) -> Option<Tok<'a>> {
        let rest = &self.text[self.pos..];
        let skip = rest
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace() || c == '\n')
            .map_or(rest.len(), |(i, _)| i);
        let start = self.pos + skip;
        let rest = &self.text[start..];
        let first = rest.chars().next()?;
        if !is_word_char(first) {
            self.pos = start + first.len_utf8();
            return Some(Tok {
                text: &self.text[start..self.pos],
                start,
                end: self.pos,
                kind: TokKind::Punct,
            });
        }
        // A chunk: letters and digits, joined by '/', '.', '-' that are followed by one.
        let mut end = start;
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_word_char(c) {
                end = start + i + c.len_utf8();
            } else if matches!(c, '/' | '.' | '-' | '–')
                && chars.peek().is_some_and(|&(_, n)| is_word_char(n))
            {
                continue;
            } else {
                break;
            }
        }
        self.pos = end;
        let text = &self.text[start..end];
        let kind = if text
            .chars()
            .all(|c| is_word_char(c) && !c.is_ascii_digit() && !c.is_numeric())
        {
            TokKind::Word
        } else {
            TokKind::Num
        };
        Some(Tok {
            text,
            start,
            end,
            kind,
        })
    }
}

/// Tokens from a position, read on demand (a reference is a few dozen tokens at most).
pub(super) struct Toks<'a> {
    toks: Vec<Tok<'a>>,
    /// Lower-cased, tone-folded form of each word token, made once.
    folded: Vec<Option<String>>,
    lexer: Lexer<'a>,
    done: bool,
}

impl<'a> Toks<'a> {
    pub(super) fn new(text: &'a str, pos: usize) -> Self {
        Self {
            toks: Vec::new(),
            folded: Vec::new(),
            lexer: Lexer::new(text, pos),
            done: false,
        }
    }

    /// The whole text the tokens are read from.
    pub(super) fn text(&self) -> &'a str {
        self.lexer.text
    }

    pub(super) fn get(&mut self, i: usize) -> Option<Tok<'a>> {
        while self.toks.len() <= i && !self.done {
            match self.lexer.next_tok() {
                Some(t) => {
                    self.toks.push(t);
                    self.folded.push(None);
                }
                None => self.done = true,
            }
        }
        self.toks.get(i).copied()
    }

    /// Lower-cased, tone-folded word at `i`.
    pub(super) fn word(&mut self, i: usize) -> Option<String> {
        self.folded_word(i).map(str::to_string)
    }

    pub(super) fn folded_word(&mut self, i: usize) -> Option<&str> {
        let t = self.get(i)?;
        if t.kind != TokKind::Word {
            return None;
        }
        let slot = &mut self.folded[i];
        if slot.is_none() {
            *slot = Some(folded(t.text));
        }
        slot.as_deref()
    }

    pub(super) fn is_word(&mut self, i: usize, w: &str) -> bool {
        self.folded_word(i).is_some_and(|x| x == w)
    }

    /// Whether the words `ws` follow from `i`.
    pub(super) fn are_words(&mut self, i: usize, ws: &[&str]) -> bool {
        ws.iter().enumerate().all(|(k, w)| self.is_word(i + k, w))
    }

    pub(super) fn is_punct(&mut self, i: usize, p: &str) -> bool {
        self.get(i)
            .is_some_and(|t| t.kind == TokKind::Punct && t.text == p)
    }
}

/// A word lower-cased with its tone in the one canonical place. Vietnamese has a few thousand
/// syllables (in a few cases each), so folds are remembered per thread.
fn folded(word: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static FOLDS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    FOLDS.with_borrow_mut(|folds| {
        if let Some(f) = folds.get(word) {
            return f.clone();
        }
        let lower = word.to_lowercase();
        let f = fold_tones(&lower);
        if folds.len() < 50_000 {
            folds.insert(word.to_string(), f.clone());
        }
        f
    })
}

/// `char::is_alphanumeric`, answered without a table lookup for Vietnamese letters.
pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        '\u{c0}'..='\u{24f}' => c != '\u{d7}' && c != '\u{f7}',
        '\u{1ea0}'..='\u{1ef9}' => true,
        _ => c.is_alphanumeric(),
    }
}
