//! The Vietnamese wording of content verdicts, in one place: what a person reads beside each
//! reference. The decisions are made elsewhere; this only says them.

use super::report::{Evidence, Verdict};

/// A quote cut to a readable length.
fn short(quote: &str) -> String {
    let cut: String = quote.chars().take(160).collect();
    if quote.chars().count() > 160 {
        format!("{cut}…")
    } else {
        cut
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|m| format!("“{m}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line for a content verdict on the reference to `cited`.
pub(crate) fn content_line(cited: &str, e: &Evidence) -> String {
    let found_in = if e.citation.is_empty() || cited.ends_with(&e.citation) {
        String::new()
    } else {
        format!(" (tại {})", e.citation)
    };
    let mut line = match e.verdict {
        Verdict::Supported => {
            format!("Khớp với {cited}{found_in}: “{}”.", short(&e.quote))
        }
        Verdict::Contradicted if e.instead.is_empty() => format!(
            "Nội dung câu không khớp với {cited}; văn bản ghi: “{}”.",
            short(&e.quote)
        ),
        Verdict::Contradicted => format!(
            "{cited} không ghi {}, mà ghi {}: “{}”.",
            quoted(&e.missing),
            quoted(&e.instead),
            short(&e.quote)
        ),
        Verdict::NotFound if e.missing.is_empty() => format!(
            "Cần kiểm tra: không tìm thấy nội dung này trong {cited}; đoạn gần nhất: “{}”.",
            short(&e.quote)
        ),
        Verdict::NotFound => format!(
            "Cần kiểm tra: {cited} không có {}; đoạn gần nhất: “{}”.",
            quoted(&e.missing),
            short(&e.quote)
        ),
    };
    if let Some(s) = &e.suggestion {
        line.push_str(&format!(" Nội dung này nằm ở {}.", s.citation));
    }
    line
}

/// A reference whose sentence claims nothing beyond citing it.
pub(crate) fn no_claim_line(cited: &str, basis: bool, mentioned: bool) -> String {
    if mentioned {
        format!("Khớp với {cited} (được nhắc đến trong nhận định về một quy định khác).")
    } else if basis {
        format!("Khớp với {cited} (căn cứ ban hành; câu không nêu nội dung cần đối chiếu).")
    } else {
        format!("Khớp với {cited}; câu không nêu nội dung cụ thể cần đối chiếu.")
    }
}

/// A claim left unjudged because the text has too many of them.
pub(crate) fn over_budget_line(limit: usize) -> String {
    format!(
        "Văn bản và điều khoản có thật, nhưng nội dung chưa được đối chiếu: văn bản đưa vào có hơn {limit} nhận định cần so sánh."
    )
}

/// A unit that does not exist, with the unit that says what the sentence claims.
pub(crate) fn elsewhere_line(explanation: &str, citation: &str) -> String {
    format!("{explanation} Nội dung câu này nằm ở {citation}.")
}
