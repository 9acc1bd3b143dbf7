//! What a quote must hold to answer a question, besides the question's words: the numbers
//! the question states and the kind of figure it asks for.

use crate::text::{contains_words, occurrences, plain_words};

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
    Duration,
    /// A number of something: the word after the number.
    Count(String),
    Any,
}

/// Words before a number that make it part of a citation or a document's number, not a
/// figure: "Điều 5", "khoản 2", "Nghị định 13", "số 91".
const CITING: &[&str] = &[
    "điều", "khoản", "điểm", "chương", "mục", "phần", "số", "định", "quyết", "tư", "luật", "lệnh",
    "lục",
];

/// Units of time after a number.
const TIME_UNITS: &[&str] = &["năm", "tháng", "ngày", "giờ", "phút", "tuần", "quý"];

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
        Needs {
            numbers: stated_numbers(question),
            figure: asked_figure(question),
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
            Figure::Percent => {
                raw.contains('%') || contains_words(words, &plain_words("phần trăm"))
            }
            // A fine is also set as a share of revenue ("05% tổng doanh thu").
            Figure::Money => {
                followed_by(&["đồng", "triệu", "tỷ", "nghìn", "ngàn", "vnđ"]) || raw.contains('%')
            }
            Figure::Duration => followed_by(TIME_UNITS),
            Figure::Count(unit) => followed_by(&[unit.as_str()]),
            Figure::Any => words.iter().any(|w| is_number(w)),
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

fn is_year(v: &str) -> bool {
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
    let has = |cue: &str| contains_words(&words, &plain_words(cue));
    let money = MONEY_CUES.iter().any(|c| has(c));
    let time = TIME_CUES.iter().any(|c| has(c));
    let percent = has("phần trăm") || has("tỷ lệ") || has("tỉ lệ") || question.contains('%');
    if has("bao lâu") {
        return Some(Figure::Duration);
    }
    let asked = occurrences(&words, &plain_words("bao nhiêu"))
        .first()
        .map(|&i| i + 2)
        .or_else(|| words.iter().position(|w| w == "mấy").map(|i| i + 1));
    let Some(next) = asked else {
        // "phạt tiền ở mức nào", "lệ phí là mức nào".
        return (money && has("mức nào")).then_some(Figure::Money);
    };
    let unit = words.get(next).map(String::as_str);
    Some(match unit {
        Some("phần") if words.get(next + 1).is_some_and(|w| w == "trăm") => Figure::Percent,
        Some("phần") => Figure::Any,
        Some("thời") => Figure::Duration,
        Some("tiền" | "đồng") => Figure::Money,
        Some(u) if TIME_UNITS.contains(&u) => Figure::Duration,
        Some(u) if !ASKED_AFTER.contains(&u) && u.chars().all(char::is_alphabetic) => {
            Figure::Count(u.to_string())
        }
        _ if percent => Figure::Percent,
        _ if money => Figure::Money,
        _ if time => Figure::Duration,
        _ => Figure::Any,
    })
}

/// Words after "bao nhiêu" that do not name what is counted ("là bao nhiêu và …").
const ASKED_AFTER: &[&str] = &[
    "là", "và", "thì", "để", "được", "trong", "kể", "đối", "với", "khi", "so", "theo", "mỗi",
    "một", "trên", "cho", "của", "tại", "từ", "đến", "hay", "hoặc",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_must_hold_the_numbers_and_the_kind_of_figure_asked_for() {
        let none = "";
        // The 2030 target does not answer a question on 2045.
        let q =
            Needs::of("Đến năm 2045, chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP?");
        assert!(!q.met_by(
            none,
            "Đến năm 2030, chi cho nghiên cứu phát triển đạt 2% GDP."
        ));
        assert!(q.met_by(
            none,
            "Đến năm 2045, chi cho nghiên cứu phát triển đạt 3% GDP."
        ));
        assert!(!q.met_by(none, "Đến năm 2045, nghiên cứu phát triển được chú trọng."));
        // A fee asks for money, not the appraisal's time limit.
        let q = Needs::of("Lệ phí thẩm định hồ sơ cấp giấy chứng nhận là bao nhiêu?");
        assert!(!q.met_by(none, "Thời hạn thẩm định hồ sơ là 15 ngày làm việc."));
        assert!(q.met_by(none, "Lệ phí thẩm định hồ sơ là 1.500.000 đồng."));
        let q = Needs::of("Bị xử phạt tiền ở mức nào?");
        assert!(!q.met_by(none, "Bị xử phạt theo quy định của pháp luật."));
        // A length of time, in digits or in words.
        let q = Needs::of("Thời hạn thông báo cho cơ quan công an là bao lâu?");
        assert!(q.met_by(none, "Thông báo trong thời hạn không quá 72 giờ."));
        assert!(q.met_by(none, "Thông báo trong vòng hai ngày."));
        assert!(!q.met_by(none, "Phải thông báo ngay cho cơ quan công an."));
        // A count of what the question counts.
        let q = Needs::of("Hội đồng gồm bao nhiêu thành viên?");
        assert!(q.met_by(none, "Hội đồng gồm 07 thành viên."));
        assert!(!q.met_by(none, "Hội đồng gồm đại diện các bộ, ngành."));
        // A small number counts with the word beside it: "khoản 2" is not "nhóm 2".
        let q = Needs::of("Doanh nghiệp nhóm 2 được hưởng ưu đãi gì?");
        assert!(!q.met_by("khoản 2 Điều 15", "Doanh nghiệp được hưởng ưu đãi đầu tư."));
        assert!(q.met_by(none, "Doanh nghiệp nhóm 2 được hưởng ưu đãi đầu tư."));
        // "05 ngày" is "5 ngày".
        let q = Needs::of("Trong 5 ngày phải làm gì?");
        assert!(q.met_by(
            none,
            "Trong thời hạn 05 ngày, bên kiểm soát phải thông báo."
        ));
        // Read in its unit: a target under "Đến năm 2030" is not one for 2045, even in a
        // unit that holds both; a date's year competes with nothing.
        let q = Needs::of("Đến năm 2045, kinh tế số chiếm bao nhiêu phần trăm GDP?");
        let unit = "1. Đến năm 2030\n- Kinh tế số đạt 30% GDP.\n2. Tầm nhìn đến năm 2045\n- Kinh tế số đạt 50% GDP.";
        assert!(!q.numbers_in(
            "1. Đến năm 2030\n- Kinh tế số đạt 30% GDP.",
            &figure_words(unit)
        ));
        assert!(q.numbers_in(
            "2. Tầm nhìn đến năm 2045\n- Kinh tế số đạt 50% GDP.",
            &figure_words(unit)
        ));
        let q = Needs::of("Luật thay thế luật năm 2008 có hiệu lực từ khi nào?");
        let unit = "1. Luật này có hiệu lực từ ngày 01 tháng 7 năm 2026.\n2. Luật số 21/2008/QH12 hết hiệu lực.";
        assert!(q.numbers_in(
            "1. Luật này có hiệu lực từ ngày 01 tháng 7 năm 2026.",
            &figure_words(unit)
        ));
        let q = Needs::of("Doanh nghiệp nhóm 1 được ưu đãi gì?");
        let unit =
            "Doanh nghiệp nhóm 1 và nhóm 2 được ưu đãi.\nb) Doanh nghiệp nhóm 2 được miễn thuế.";
        assert!(!q.numbers_in(
            "b) Doanh nghiệp nhóm 2 được miễn thuế.",
            &figure_words(unit)
        ));
        // Citations, document numbers and a document's date ask for nothing.
        let q = Needs::of("Điều 5 Luật số 91/2025/QH15 quy định những gì?");
        assert_eq!(q, Needs::default());
        let q = Needs::of("Theo Nghị quyết 57-NQ/TW ngày 22/12/2024, mục tiêu là gì?");
        assert!(q.met_by(
            "Nghị quyết số 57-NQ/TW ngày 22/12/2024",
            "Mục tiêu đến năm 2030."
        ));
        assert!(!q.met_by(
            "Nghị quyết số 71/NQ-CP ngày 01/04/2025",
            "Mục tiêu đến năm 2030."
        ));
    }
}
