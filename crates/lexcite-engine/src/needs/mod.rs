//! What a quote must hold to answer a question, besides the question's words: the numbers
//! the question states and the kind of figure it asks for.

use std::collections::HashSet;

use lexcite_core::normalize::strip_marks;

use crate::text::{occurrences, plain_words, says};

/// What a quote must hold to answer a question at all, whatever words it shares with it: every
/// number the question states (a year, "nhóm 2", "trong vòng 24 giờ") and, when the question
/// asks for a figure of a kind, a figure of that kind ("bao nhiêu phần trăm" → a percentage;
/// "bao nhiêu tiền", "mức phạt tiền" → an amount in đồng; "bao lâu", "bao nhiêu ngày" → a
/// length of time; "bao nhiêu thành viên" → a number of members). A provision on the
/// neighbouring subject — the 2030 target for a question on 2045, the appraisal's time limit
/// for a question on its fee — shares the words and lacks the figure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    numbers: Vec<Stated>,
    figure: Option<Figure>,
    /// The question's words that say what it asks about (without the words that ask for a
    /// figure), and all its words: a figure must be said of that subject.
    subject: Vec<String>,
    asked: HashSet<String>,
    /// Its words written without marks: they match a word with marks ("so" is "sổ").
    bare: HashSet<String>,
}

/// A number the question states, with the words beside it that say what it counts: a small
/// number means something only with them ("nhóm 2", "24 giờ"); a year or a large number
/// stands alone.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stated {
    value: String,
    beside: Vec<(String, String)>,
}

/// The kind of figure a question asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Figure {
    Percent,
    Money,
    /// A length of time; of years or months, or of days or hours, when the question says
    /// which ("bao nhiêu năm" is not answered by "02 ngày").
    Duration(Option<Span>),
    /// A number of something: the word after the number. A list of them answers too ("gồm
    /// bao nhiêu bước" — the steps, one per line).
    Count(String),
    /// Which form or appendix: "mẫu số mấy", "phụ lục số mấy" → "Mẫu số 04", "Phụ lục IV".
    Label(String),
    /// Any number that is not part of a citation or a document's number.
    Any,
    /// Not a figure: "bộ nào" asks for a ministry, and a quote that names none ("Quỹ … do
    /// Chính phủ thành lập") does not answer it.
    Ministry,
}

/// Words before a number that make it part of a citation or a document's number, not a
/// figure: "Điều 5", "khoản 2", "Nghị định 13", "số 91".
const CITING: &[&str] = &[
    "điều", "khoản", "điểm", "chương", "mục", "phần", "số", "định", "quyết", "tư", "luật", "lệnh",
    "lục",
];

/// Units of time after a number.
const TIME_UNITS: &[&str] = &["năm", "tháng", "ngày", "giờ", "phút", "tuần", "quý"];

/// Which units of time a question asks its length in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Span {
    Long,
    Short,
}

impl Span {
    fn of(unit: &str) -> Option<Span> {
        match unit {
            "năm" | "tháng" | "quý" => Some(Span::Long),
            "ngày" | "giờ" | "phút" | "tuần" => Some(Span::Short),
            _ => None,
        }
    }

    fn units(self) -> &'static [&'static str] {
        match self {
            Span::Long => &["năm", "tháng", "quý"],
            Span::Short => &["ngày", "giờ", "phút", "tuần"],
        }
    }
}

/// Words that say nothing of a subject: function words, and the words a question asks for a
/// figure or frames it with ("thời hạn tối thiểu là bao nhiêu năm", "đạt tỷ lệ bao nhiêu
/// phần trăm", "mấy lần mỗi năm"). With their marks: "sổ" is not "số", "thể" not "thế".
const NOT_SUBJECT: &[&str] = &[
    "của", "và", "các", "có", "được", "là", "theo", "cho", "trong", "với", "này", "về", "những",
    "một", "để", "khi", "đến", "từ", "hoặc", "thì", "do", "bị", "tại", "trên", "như", "nào", "gì",
    "bao", "nhiêu", "không", "phải", "hay", "thế", "sao", "ai", "đâu", "ở", "đã", "sẽ", "đang",
    "vào", "ra", "quy", "định", "cần", "nếu", "thuộc", "đối", "số", "cũng", "mọi", "mỗi", "nhưng",
    "rằng", "vì", "nên", "lúc", "điều", "khoản", "điểm", "mục", "luật", "nghị", "tối", "thiểu",
    "đa", "ít", "nhất", "thời", "hạn", "gian", "tỷ", "tỉ", "lệ", "phần", "trăm", "mức", "đạt",
    "chiếm", "hằng", "lần", "bằng", "việc", "sau", "trước", "lâu", "mấy", "năm", "tháng", "ngày",
    "giờ", "phút", "tuần", "quý", "quá", "vòng", "kể",
];

/// The least F-measure (the subject's words found where the figure is said, the words said
/// with the figure found in the question) at which a figure counts as said of what the
/// question asks about. Chosen on the tuning question sets (see BENCHMARKS.md).
const SUBJECT_FLOOR: f32 = 0.35;

/// Numbers written in words ("hai bản", "mười lăm ngày"); "năm" is left out, it is mostly
/// the year.
const NUMBER_WORDS: &[&str] = &[
    "một", "hai", "ba", "bốn", "tư", "sáu", "bảy", "tám", "chín", "mười", "mươi", "lăm", "mốt",
    "trăm", "nghìn", "ngàn", "triệu", "tỷ",
];

/// Words of a question that make a bare "bao nhiêu" ask for money or for time.
const MONEY_CUES: &[&str] = &[
    "tiền",
    "phí",
    "lệ phí",
    "lương",
    "giá",
    "ký quỹ",
    "vốn",
    "phạt",
    "kinh phí",
];
const TIME_CUES: &[&str] = &["thời hạn", "thời gian", "thời hiệu"];

fn number_value(w: &str) -> Option<String> {
    w.chars().all(|c| c.is_ascii_digit()).then(|| {
        let v = w.trim_start_matches('0');
        if v.is_empty() { "0".into() } else { v.into() }
    })
}

fn is_number(w: &str) -> bool {
    number_value(w).is_some() || NUMBER_WORDS.contains(&w)
}

/// Lower-case words of a text with numbers written without leading zeros ("05" → "5"), as
/// [`Needs::numbers_in`] reads a unit.
pub fn figure_words(text: &str) -> Vec<String> {
    plain_words(text)
        .into_iter()
        .map(|w| number_value(&w).unwrap_or(w))
        .collect()
}

impl Needs {
    pub fn of(question: &str) -> Needs {
        let figure = asked_figure(question);
        let all = plain_words(question);
        let subject = match figure {
            None | Some(Figure::Ministry) => Vec::new(),
            Some(_) => {
                let mut seen = HashSet::new();
                all.iter()
                    .filter(|w| content_word(w) && seen.insert(w.as_str()))
                    .cloned()
                    .collect()
            }
        };
        Needs {
            numbers: stated_numbers(question),
            figure,
            subject,
            bare: all.iter().filter(|w| w.is_ascii()).cloned().collect(),
            asked: all.into_iter().collect(),
        }
    }

    /// Whether the question states numbers a quote must be read with.
    pub fn states_numbers(&self) -> bool {
        !self.numbers.is_empty()
    }

    /// Whether a quote stands under the question's numbers. `scope` is what the quote stands
    /// under (its context, the outline lines above it in its unit, the quote), `unit` the
    /// words ([`figure_words`]) of the whole unit with its context. A number in the scope counts; one elsewhere in the unit
    /// counts unless the scope states another of its kind — a target under "Đến năm 2030"
    /// is not one for 2045, a rule for "nhóm 2" not one for "nhóm 1" — while a date in the
    /// scope ("ngày 01 tháng 7 năm 2026") competes with nothing.
    pub fn numbers_in(&self, scope: &str, unit: &[String]) -> bool {
        if self.numbers.is_empty() {
            return true;
        }
        let scope = figure_words(scope);
        self.numbers
            .iter()
            .all(|n| n.stands_in(&scope) || (n.stands_in(unit) && !self.competes(n, &scope)))
    }

    /// Whether `words` state a number of the same kind as `n` that the question does not.
    fn competes(&self, n: &Stated, words: &[String]) -> bool {
        let asked = |v: &str| self.numbers.iter().any(|m| m.value == v);
        if n.beside.is_empty() {
            return is_year(&n.value) && framing_years(words).any(|y| !asked(y));
        }
        n.beside.iter().any(|(before, value)| {
            value == &n.value
                && words.windows(2).any(|w| {
                    &w[0] == before
                        && number_value(&w[1]).is_some()
                        && w[1] != n.value
                        && !asked(&w[1])
                })
        })
    }

    /// Whether a quote holds the kind of figure the question asks for.
    pub fn figure_in(&self, quote: &str) -> bool {
        self.figure
            .as_ref()
            .is_none_or(|f| f.held_in(quote, &figure_words(quote)))
    }

    /// Whether the figure the question asks for is said, in `quote`, of what the question
    /// asks about: some clause of the quote holding such a figure (up to ";", a line's end or
    /// a sentence's end) must hold the question's subject — with `context`, the document's
    /// name and the headings above the quote — and speak of little else. Each word counts by
    /// its rarity (`weight`, of words without marks). "Thời hạn giữ lại hồ sơ … không quá 02 năm" does
    /// not answer how long a register of incoming documents is kept; a duty's 30 days are not
    /// the time limit of an appraisal. True when the question asks for no figure.
    pub fn said_of(&self, quote: &str, context: &str, weight: &mut dyn FnMut(&str) -> f32) -> bool {
        let Some(figure) = &self.figure else {
            return true;
        };
        if self.subject.is_empty() {
            return true;
        }
        let mut weight = |w: &str| weight(&strip_marks(w));
        let around = plain_words(context);
        let stands = |w: &String, ws: &[String]| {
            ws.iter()
                .any(|x| x == w || (w.is_ascii() && strip_marks(x) == *w))
        };
        let total: f32 = self.subject.iter().map(|w| weight(w)).sum();
        clauses(quote)
            .filter(|c| figure.held_in(c, &figure_words(c)))
            .any(|clause| {
                let said = plain_words(clause);
                let found: f32 = self
                    .subject
                    .iter()
                    .filter(|w| stands(w, &said) || stands(w, &around))
                    .map(|w| weight(w))
                    .sum();
                let recall = if total > 0.0 { found / total } else { 1.0 };
                let mut seen = HashSet::new();
                let (mut held, mut all) = (0.0_f32, 0.0_f32);
                for w in said.iter().filter(|w| content_word(w) && seen.insert(*w)) {
                    let x = weight(w);
                    all += x;
                    if self.asked.contains(w) || self.bare.contains(&strip_marks(w)) {
                        held += x;
                    }
                }
                let precision = if all > 0.0 { held / all } else { 1.0 };
                let f = if recall + precision > 0.0 {
                    2.0 * recall * precision / (recall + precision)
                } else {
                    0.0
                };
                f >= SUBJECT_FLOOR
            })
    }

    /// Both, for a quote that is its own unit.
    #[cfg(test)]
    fn met_by(&self, context: &str, quote: &str) -> bool {
        let read = format!("{context}\n{quote}");
        self.numbers_in(&read, &figure_words(&read)) && self.figure_in(quote)
    }
}

impl Figure {
    fn held_in(&self, raw: &str, words: &[String]) -> bool {
        let followed_by = |units: &[&str]| {
            words
                .windows(2)
                .any(|w| is_number(&w[0]) && units.contains(&w[1].as_str()))
        };
        match self {
            Figure::Percent => raw.contains('%') || says(words, "phần trăm"),
            // A fine is also set as a share of revenue ("05% tổng doanh thu").
            Figure::Money => {
                followed_by(&["đồng", "triệu", "tỷ", "nghìn", "ngàn", "vnđ"]) || raw.contains('%')
            }
            Figure::Duration(None) => followed_by(TIME_UNITS),
            Figure::Duration(Some(span)) => followed_by(span.units()),
            Figure::Count(unit) => followed_by(&[unit.as_str()]) || listed_items(raw) >= 2,
            Figure::Label(label) => (0..words.len()).any(|i| {
                let at = |k: usize| words.get(i + k).map(String::as_str);
                words[i] == *label
                    && (at(1).is_some_and(numbered)
                        || (at(1) == Some("số") && at(2).is_some_and(numbered)))
            }),
            Figure::Any => {
                // "Phụ lục kèm theo Nghị định số 30/2020/NĐ-CP" states no figure.
                let tokens: Vec<&str> = raw.split_whitespace().collect();
                tokens.iter().enumerate().any(|(i, token)| {
                    let cited = i
                        .checked_sub(1)
                        .and_then(|j| figure_words(tokens[j]).pop())
                        .is_some_and(|b| CITING.contains(&b.as_str()));
                    let digits = token.chars().any(|c| c.is_ascii_digit())
                        && !token.chars().any(char::is_alphabetic);
                    let spelled = figure_words(token)
                        .iter()
                        .any(|w| NUMBER_WORDS.contains(&w.as_str()));
                    !cited && (digits || spelled)
                })
            }
            Figure::Ministry => raw.match_indices("Bộ ").any(|(i, m)| {
                raw[i + m.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            }),
        }
    }
}

impl Stated {
    fn stands_in(&self, words: &[String]) -> bool {
        if self.beside.is_empty() {
            words.contains(&self.value)
        } else {
            words
                .windows(2)
                .any(|w| self.beside.iter().any(|(a, b)| (&w[0], &w[1]) == (a, b)))
        }
    }
}

pub(crate) fn is_year(v: &str) -> bool {
    v.len() == 4 && ("1900".."2101").contains(&v)
}

/// Years that frame what follows ("đến năm 2030", "năm 2045"), not those of a date ("ngày 01
/// tháng 7 năm 2026", "01/7/2026") or of a document's number ("21/2008/QH12").
fn framing_years(words: &[String]) -> impl Iterator<Item = &str> {
    words.windows(4).filter_map(|w| {
        let date = w[0] == "tháng" && number_value(&w[1]).is_some();
        (w[2] == "năm" && is_year(&w[3]) && !date).then_some(w[3].as_str())
    })
}

/// The numbers a question states, leaving out those of citations and document numbers
/// ("Điều 5", "13/2023/NĐ-CP").
fn stated_numbers(question: &str) -> Vec<Stated> {
    let mut out: Vec<Stated> = Vec::new();
    let tokens: Vec<&str> = question.split_whitespace().collect();
    for (i, token) in tokens.iter().enumerate() {
        // "13/2023/NĐ-CP", "57-NQ/TW", "QH15": a document's number, not a figure.
        if !token.chars().any(|c| c.is_ascii_digit()) || token.chars().any(char::is_alphabetic) {
            continue;
        }
        let before = i
            .checked_sub(1)
            .map(|j| figure_words(tokens[j]))
            .and_then(|w| w.last().cloned());
        if before.as_deref().is_some_and(|b| CITING.contains(&b)) {
            continue;
        }
        let after = tokens
            .get(i + 1)
            .map(|t| figure_words(t))
            .and_then(|w| w.first().cloned());
        let parts = figure_words(token);
        let date = parts.len() > 1;
        for value in parts {
            let large = value.len() >= 4;
            let beside = if large || date {
                Vec::new()
            } else {
                let word =
                    |w: &Option<String>| w.clone().filter(|w| w.chars().all(char::is_alphabetic));
                word(&before)
                    .map(|b| (b, value.clone()))
                    .into_iter()
                    .chain(word(&after).map(|a| (value.clone(), a)))
                    .collect()
            };
            // A number with no word beside it ("2 ?") says nothing by itself.
            if !large && !date && beside.is_empty() {
                continue;
            }
            out.push(Stated { value, beside });
        }
    }
    out
}

/// The figure a question asks for, if it asks for one.
fn asked_figure(question: &str) -> Option<Figure> {
    let words = plain_words(question);
    let has = |cue: &str| says(&words, cue);
    let money = MONEY_CUES.iter().any(|c| has(c));
    let time = TIME_CUES.iter().any(|c| has(c));
    let percent = has("phần trăm") || has("tỷ lệ") || has("tỉ lệ") || question.contains('%');
    if has("bao lâu") {
        return Some(Figure::Duration(None));
    }
    let at = occurrences(&words, &plain_words("bao nhiêu"))
        .first()
        .map(|&i| (i, i + 2))
        .or_else(|| words.iter().position(|w| w == "mấy").map(|i| (i, i + 1)));
    // "theo mẫu số mấy", "phụ lục số bao nhiêu", "phụ lục mấy".
    if let Some((i, _)) = at {
        let before = |k: usize| i.checked_sub(k).and_then(|j| words.get(j));
        let label = match before(1).map(String::as_str) {
            Some("số") => before(2),
            Some("mẫu" | "lục") => before(1),
            _ => None,
        };
        if let Some(label) = label.filter(|l| matches!(l.as_str(), "mẫu" | "lục")) {
            return Some(Figure::Label(label.clone()));
        }
    }
    let asked = at.map(|(_, next)| next);
    let Some(next) = asked else {
        if has("bộ nào") {
            return Some(Figure::Ministry);
        }
        // "phạt tiền ở mức nào", "lệ phí là mức nào".
        return (money && has("mức nào")).then_some(Figure::Money);
    };
    let unit = words.get(next).map(String::as_str);
    Some(match unit {
        Some("phần") if words.get(next + 1).is_some_and(|w| w == "trăm") => Figure::Percent,
        Some("phần") => Figure::Any,
        Some("thời") => Figure::Duration(None),
        Some("tiền" | "đồng" | "tỷ" | "triệu" | "nghìn" | "ngàn") => Figure::Money,
        Some(u) if TIME_UNITS.contains(&u) => Figure::Duration(Span::of(u)),
        Some(u) if !ASKED_AFTER.contains(&u) && u.chars().all(char::is_alphabetic) => {
            Figure::Count(u.to_string())
        }
        _ if percent => Figure::Percent,
        _ if money => Figure::Money,
        _ if time => Figure::Duration(None),
        _ => Figure::Any,
    })
}

/// Whether a word (lower case) is a number in digits or in Roman numerals ("05", "iv").
fn numbered(w: &str) -> bool {
    number_value(w).is_some() || (!w.is_empty() && w.chars().all(|c| "ivxlc".contains(c)))
}

/// How many lines of a quote are items of a list ("a) …", "1. …", "- …").
fn listed_items(raw: &str) -> usize {
    raw.lines()
        .filter(|line| {
            let line = line.trim_start();
            let mut chars = line.chars();
            match chars.next() {
                Some('-' | '–' | '+' | '•') => true,
                Some(c) if c.is_ascii_digit() => {
                    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
                    rest.starts_with(". ") || rest.starts_with(") ")
                }
                Some(c) if c.is_lowercase() => chars.next() == Some(')'),
                _ => false,
            }
        })
        .count()
}

/// Whether a word says something of a subject: not a function word, a number, or a word
/// that asks for a figure.
fn content_word(w: &str) -> bool {
    !NOT_SUBJECT.contains(&w) && !w.chars().all(|c| c.is_ascii_digit())
}

/// The clauses of a quote: up to ";", a line's end, or a full stop before a space or the end
/// (not the dots of "1.500.000"). A lead-in ending in ":" runs on with its list ("Các trường
/// hợp … trong thời hạn 10 ngày bao gồm:" says of what in its items).
fn clauses(quote: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = quote.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = match c {
            ';' | '\n' => true,
            '.' => chars.peek().is_none_or(|(_, n)| n.is_whitespace()),
            _ => false,
        };
        if ends {
            if quote[start..i].trim_end().ends_with(':') {
                out.push(&quote[start..]);
            }
            out.push(&quote[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&quote[start..]);
    out.into_iter().filter(|c| !c.trim().is_empty())
}

/// Words after "bao nhiêu" that do not name what is counted ("là bao nhiêu và …").
const ASKED_AFTER: &[&str] = &[
    "là", "và", "thì", "để", "được", "trong", "kể", "đối", "với", "khi", "so", "theo", "mỗi",
    "một", "trên", "cho", "của", "tại", "từ", "đến", "hay", "hoặc",
];

#[cfg(test)]
mod tests;
