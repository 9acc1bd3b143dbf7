//! The extractive answer: the sentences of the retrieved units that best answer the
//! question, a list quoted with its lead-in, a provision cut at ";" quoted to the end of its
//! line.

use std::collections::HashMap;

use super::{Citations, Passage, compose};
use crate::question::{Asks, is_lead_in};
use crate::text::{Sentence, words};
use crate::types::*;

/// Least coverage for a sentence to be quoted at all…
pub const MIN_SENTENCE_COVERAGE: f32 = 0.3;

/// …and least share of the best sentence's coverage.
pub const RELATIVE_FLOOR: f32 = 0.5;

/// Sentences in an extractive answer.
pub const MAX_SENTENCES: usize = 3;

/// Weight of a passage's retrieval rank in choosing sentences: 1/(rank+1) of it.
pub const RANK_PRIOR: f32 = 0.2;

/// Weight of a sentence's fit to the kind of answer asked for (a date for "khi nào", a
/// figure for "bao nhiêu", …) beside its coverage of the question's words.
pub const FIT_WEIGHT: f32 = 1.0;

/// Longest quote of a list with its lead-in, in characters.
pub const MAX_LIST_QUOTE: usize = 2_500;

fn same_words(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.folded).collect()
}

/// Whether a sentence is only a heading ("Điều 5. Nguyên tắc bảo vệ dữ liệu cá nhân"): it
/// names a unit and says nothing.
fn is_heading(s: &str) -> bool {
    let t = s.trim();
    let mut words = t.split_whitespace();
    let mut first = words.next().unwrap_or_default();
    let mut second = words.next().unwrap_or_default();
    if first == "Phụ" && second == "lục" {
        first = "Phụ lục";
        second = words.next().unwrap_or_default();
    }
    ["Điều", "Chương", "Mục", "Phần", "Phụ lục"].contains(&first)
        && second.starts_with(|c: char| c.is_ascii_digit() || "IVXLC".contains(c))
        && !t.ends_with([':', ';'])
}

/// Least coverage of a sentence that may be quoted, given the best sentence's.
pub(super) fn floor(best: f32) -> f32 {
    MIN_SENTENCE_COVERAGE.max(RELATIVE_FLOOR * best)
}

pub(super) fn extractive(passages: &[Passage], best: f32, question: &str) -> Answer {
    let asks = Asks::of(question);
    let floor = floor(best);
    let mut ranked: Vec<(usize, Sentence, f32, bool)> = Vec::new();
    for (rank, p) in passages.iter().enumerate() {
        if p.aside {
            continue;
        }
        let chars: Vec<char> = p.hit.text.chars().collect();
        for scored in &p.sentences {
            let s = &scored.sentence;
            if scored.coverage < floor {
                continue;
            }
            let quoted = with_list(&chars, s);
            let list = quoted.text.contains('\n');
            // A heading says nothing by itself; over the list it heads, it answers.
            if is_heading(&s.text) && !list {
                continue;
            }
            let fit = if asks == Asks::List && list {
                1.0
            } else {
                asks.fit(question, &s.text)
            };
            // Earlier passages win ties: retrieval already weighed the whole unit. Prose reads
            // better than a table row saying the same.
            let table = if s.text.contains('|') { 0.1 } else { 0.0 };
            let score =
                scored.coverage + FIT_WEIGHT * fit + RANK_PRIOR / (rank as f32 + 1.0) - table;
            ranked.push((rank, quoted, score, scored.meets));
        }
    }
    // What holds the numbers and the figure asked for comes first; the rest may follow (a
    // question asking two things).
    ranked.sort_by(|a, b| b.3.cmp(&a.3).then(b.2.total_cmp(&a.2)));

    let mut chosen: Vec<(usize, Sentence)> = Vec::new();
    let mut per_unit: HashMap<usize, usize> = HashMap::new();
    for (rank, s, _, _) in ranked {
        if chosen.len() == MAX_SENTENCES {
            break;
        }
        // Units overlap (a clause is inside its article) and documents repeat each other:
        // never the same words twice.
        let inside = |a: &Sentence, b: &Sentence| a.start >= b.start && a.end <= b.end;
        let key = same_words(&s.text);
        // A quote that holds one already chosen (the line that goes on after it) takes its
        // place: it says that and more.
        if let Some(k) = chosen
            .iter()
            .position(|(r, c)| *r == rank && inside(c, &s) && c.end - c.start < s.end - s.start)
        {
            chosen[k].1 = s;
            continue;
        }
        if chosen.iter().any(|(r, c)| {
            same_words(&c.text) == key || (*r == rank && (inside(&s, c) || inside(c, &s)))
        }) {
            continue;
        }
        let used = per_unit.entry(rank).or_default();
        if *used == 2 {
            continue;
        }
        *used += 1;
        chosen.push((rank, s));
    }
    let mut citations = Citations::default();
    let sentences: Vec<AnswerSentence> = chosen
        .into_iter()
        .map(|(rank, s)| AnswerSentence {
            text: s.text.clone(),
            citations: vec![citations.cite(&passages[rank].hit, &s)],
        })
        .collect();
    Answer {
        answer: compose(sentences.clone()),
        mode: AnswerMode::Extractive,
        sentences,
        citations: citations.list,
        dropped: Vec::new(),
        notice: None,
        references: Vec::new(),
    }
}

/// A sentence that leads in a list ("… sau đây:", "… bao gồm các thành phần chính", an
/// article's heading over its numbered clauses) quoted with its items, as one verbatim span of
/// the unit: the items are the lines after it, down to the next line marked like the lead-in
/// itself (its next sibling) or the first unmarked line. Any other sentence is quoted to the
/// end of its line ([`whole_line`]).
pub(super) fn with_list(chars: &[char], lead: &Sentence) -> Sentence {
    let unfinished = !lead.text.trim_end().ends_with(['.', ';', '!', '?']);
    if !is_lead_in(&lead.text) && !unfinished {
        return whole_line(chars, lead);
    }
    let line_start = chars[..lead.start]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |i| i + 1);
    let own = Marker::of(&chars[line_start..lead.start].iter().collect::<String>());
    let line_end = |from: usize| {
        chars[from..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |i| from + i)
    };
    let mut end = lead.end;
    let mut at = line_end(lead.end);
    while at < chars.len() {
        let start = at + 1;
        let next = line_end(start);
        at = next;
        let line = &chars[start..next];
        if line.iter().all(|c| c.is_whitespace()) {
            continue;
        }
        let m = Marker::of(&line.iter().collect::<String>());
        // An unmarked line, a sibling of the lead-in or anything above it ends the list.
        if m == Marker::None || m.depth() <= own.depth() {
            break;
        }
        let stop = next - line.iter().rev().take_while(|c| c.is_whitespace()).count();
        if stop - lead.start > MAX_LIST_QUOTE {
            break;
        }
        end = stop;
    }
    if end == lead.end {
        return whole_line(chars, lead);
    }
    Sentence {
        text: chars[lead.start..end].iter().collect(),
        start: lead.start,
        end,
    }
}

/// The lines of a unit as (start, end) character offsets, for [`scope_of`].
pub(super) fn lines_of(chars: &[char]) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, chars.len()));
    lines
}

/// What a sentence stands under inside its unit (`lines` from [`lines_of`]): the unit's first
/// line, the lines of the outline above the sentence's own line ("II- MỤC TIÊU", "1. Đến năm
/// 2030" over "- Kinh phí … đạt 2% GDP"; not "2. Tầm nhìn đến năm 2045", which comes after it)
/// and the unmarked lead-in of the list it is in ("Đến năm 2030:"), with the line itself.
pub(super) fn scope_of(chars: &[char], lines: &[(usize, usize)], s: &Sentence) -> String {
    let text = |(a, b): (usize, usize)| chars[a..b].iter().collect::<String>();
    let own = lines.iter().rposition(|&(a, _)| a <= s.start).unwrap_or(0);
    // Deeper is larger; an unmarked line sits under every marked one before it.
    let depth = |m: Marker| {
        if m == Marker::None {
            u8::MAX
        } else {
            m.depth()
        }
    };
    let mut current = depth(Marker::of(&text(lines[own])));
    let mut above: Vec<String> = Vec::new();
    let mut lead_in = false;
    for &line in lines[..own].iter().rev() {
        let t = text(line);
        if t.trim().is_empty() {
            continue;
        }
        let m = Marker::of(&t);
        if m != Marker::None && depth(m) < current {
            current = depth(m);
            above.push(t);
        } else if m == Marker::None && !lead_in && above.is_empty() && t.trim_end().ends_with(':') {
            lead_in = true;
            above.push(t);
        }
    }
    let mut out = text(lines[0]);
    for t in above.iter().rev() {
        out.push('\n');
        out.push_str(t);
    }
    out.push('\n');
    out.push_str(&text(lines[own]));
    out
}

/// Longest line quoted whole in place of one of its sentences, in characters.
pub const MAX_LINE_QUOTE: usize = 600;

/// A sentence cut at ";" inside a line of the law (a clause or a point) continued to the
/// line's end, when the line is short: "…, trùm lên một phần các tờ giấy; mỗi dấu đóng tối
/// đa 05 tờ văn bản." is one provision.
fn whole_line(chars: &[char], s: &Sentence) -> Sentence {
    let end = chars[s.end..]
        .iter()
        .position(|&c| c == '\n')
        .map_or(chars.len(), |i| s.end + i);
    let end = chars[s.end..end]
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(s.end, |i| s.end + i + 1);
    if end == s.end || end - s.start > MAX_LINE_QUOTE {
        return s.clone();
    }
    Sentence {
        text: chars[s.start..end].iter().collect(),
        start: s.start,
        end,
    }
}

/// The kind of list marker a line starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    None,
    /// "1.", "2)".
    Number,
    /// "a)", "đ)".
    Letter,
    /// "-", "–", "+", "•".
    Dash,
    /// "I.", "II-".
    Roman,
}

impl Marker {
    /// How deep a marker sits in Vietnamese legal numbering: I. above 1. above a) above –.
    fn depth(self) -> u8 {
        match self {
            Marker::None => 0,
            Marker::Roman => 1,
            Marker::Number => 2,
            Marker::Letter => 3,
            Marker::Dash => 4,
        }
    }

    fn of(head: &str) -> Marker {
        let t = head.trim_start();
        let lead: String = t.chars().take_while(|c| c.is_alphanumeric()).collect();
        let after = t[lead.len()..].chars().next();
        if lead.is_empty() {
            return match t.chars().next() {
                Some('-' | '–' | '+' | '•' | '*') => Marker::Dash,
                _ => Marker::None,
            };
        }
        if !matches!(after, Some('.' | ')' | '-')) {
            return Marker::None;
        }
        if lead.chars().all(|c| c.is_ascii_digit()) {
            Marker::Number
        } else if lead.chars().all(|c| "IVXLC".contains(c)) {
            Marker::Roman
        } else if lead.chars().count() == 1 {
            Marker::Letter
        } else {
            Marker::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn a_sentence_stands_under_the_outline_lines_above_it_and_no_other() {
        let unit = "II- MỤC TIÊU\n1. Đến năm 2030\n- Kinh phí chi cho nghiên cứu phát triển đạt 2% GDP.\n- Tối thiểu có 5 doanh nghiệp công nghệ số.\n2. Tầm nhìn đến năm 2045\nKinh tế số đạt tối thiểu 50% GDP.";
        let all = sentences(unit);
        let find = |w: &str| all.iter().find(|s| s.text.contains(w)).expect(w).clone();
        let scope = |text: &str, s: &Sentence| {
            let chars = chars(text);
            scope_of(&chars, &lines_of(&chars), s)
        };
        let research = scope(unit, &find("Kinh phí"));
        assert!(research.contains("1. Đến năm 2030"), "{research}");
        assert!(!research.contains("2045"), "{research}");
        assert!(!research.contains("5 doanh nghiệp"), "{research}");
        let vision = scope(unit, &find("Kinh tế số"));
        assert!(vision.contains("2. Tầm nhìn đến năm 2045"), "{vision}");
        assert!(!vision.contains("1. Đến năm 2030"), "{vision}");
        let listed = "Đến năm 2030:\n- Kinh phí chi cho nghiên cứu phát triển đạt 2% GDP.";
        let item = sentences(listed)
            .into_iter()
            .find(|s| s.text.contains("Kinh phí"))
            .expect("item");
        assert!(scope(listed, &item).contains("Đến năm 2030:"));
    }

    #[test]
    fn a_lead_in_is_quoted_with_its_items_and_not_its_sibling() {
        let unit = "1. Dữ liệu cá nhân được phân loại theo các mức độ rủi ro sau đây:\na) Rủi ro thấp đối với hoạt động thông thường;\nb) Rủi ro cao đối với dữ liệu nhạy cảm.\n2. Bên kiểm soát phải đánh giá tác động trước khi xử lý.";
        let all = sentences(unit);
        let lead = all[0].clone();
        let quoted = with_list(&chars(unit), &lead);
        assert!(quoted.text.contains("a) Rủi ro thấp"), "{}", quoted.text);
        assert!(
            quoted.text.ends_with("dữ liệu nhạy cảm."),
            "{}",
            quoted.text
        );
        assert!(
            !quoted.text.contains("đánh giá tác động"),
            "{}",
            quoted.text
        );
        let verbatim: String = unit
            .chars()
            .skip(quoted.start)
            .take(quoted.end - quoted.start)
            .collect();
        assert_eq!(verbatim, quoted.text, "a quote is a span of its unit");
        // A sentence that leads in nothing stays itself.
        let other = all.last().expect("sentence").clone();
        assert_eq!(with_list(&chars(unit), &other), other);
        // A lead-in without its colon is still one when items follow.
        let bare = "2. Thể thức văn bản hành chính bao gồm các thành phần chính\na) Quốc hiệu và Tiêu ngữ.\nb) Tên cơ quan ban hành văn bản.";
        let all = sentences(bare);
        let quoted = with_list(&chars(bare), &all[0]);
        assert!(
            quoted.text.ends_with("Tên cơ quan ban hành văn bản."),
            "{}",
            quoted.text
        );
    }

    #[test]
    fn list_items_are_read_from_the_lines_of_the_unit() {
        // Items too short to be sentences of their own are items all the same.
        let short =
            "2. Thể thức gồm các thành phần sau:\n\nh) Dấu.\n\ni) Nơi nhận.\n\n3. Thành phần khác.";
        let all = sentences(short);
        let quoted = with_list(&chars(short), &all[0]);
        assert!(quoted.text.ends_with("i) Nơi nhận."), "{}", quoted.text);
        // An article's heading heads its clauses, down to the next article.
        let article = "Điều 38. Hoạt động công nghiệp bán dẫn\n\n1. Nghiên cứu và phát triển về bán dẫn.\n2. Thiết kế sản phẩm bán dẫn.\n\nĐiều 39. Cơ chế đặc thù cho phát triển công nghiệp bán dẫn";
        let all = sentences(article);
        let quoted = with_list(&chars(article), &all[0]);
        assert!(
            quoted.text.ends_with("Thiết kế sản phẩm bán dẫn."),
            "{}",
            quoted.text
        );
        // A list inside a point ends with the point: the next clause is not one of its items.
        let nested = "1. Tổ chức phải:\na) Bảo vệ dữ liệu.\nb) Thực hiện các biện pháp sau đây:\n- Mã hóa dữ liệu;\n- Sao lưu định kỳ.\n2. Bên xử lý phải thông báo trong 72 giờ.";
        let lead = sentences(nested)
            .into_iter()
            .find(|s| s.text.starts_with("Thực hiện"))
            .expect("lead-in");
        let quoted = with_list(&chars(nested), &lead);
        assert!(quoted.text.ends_with("Sao lưu định kỳ."), "{}", quoted.text);
    }

    #[test]
    fn a_sentence_cut_at_a_semicolon_is_quoted_to_the_end_of_its_line() {
        let unit = "đ) Dấu giáp lai được đóng trùm lên một phần các tờ giấy; mỗi dấu đóng tối đa 05 tờ văn bản.\ne) Dấu nổi.";
        let all = sentences(unit);
        let quoted = with_list(&chars(unit), &all[0]);
        assert!(
            quoted.text.ends_with("tối đa 05 tờ văn bản."),
            "{}",
            quoted.text
        );
    }

    #[test]
    fn headings_are_not_answers() {
        assert!(is_heading("Điều 5. Nguyên tắc bảo vệ dữ liệu cá nhân"));
        assert!(is_heading("Chương II QUYỀN VÀ NGHĨA VỤ"));
        assert!(is_heading("Phụ lục I DANH MỤC CÔNG NGHỆ"));
        assert!(!is_heading("Điều này áp dụng cho mọi tổ chức."));
    }
}
