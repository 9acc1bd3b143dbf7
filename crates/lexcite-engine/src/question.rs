//! What a question asks for, read from its wording, and how well a sentence of the law has
//! the shape of that answer: a date or a time limit for "khi nào", a figure for "bao nhiêu",
//! a list for "gồm những gì", a body for "cơ quan nào", a definition for "là gì".

use crate::text::{plain_words, says};

/// The kind of answer a question wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asks {
    /// khi nào, từ ngày nào, thời hạn, bao lâu, hiệu lực.
    When,
    /// bao nhiêu, mấy, tỷ lệ, mức.
    Figure,
    /// những … nào, gồm những gì, các trường hợp nào.
    List,
    /// ai, cơ quan nào, thẩm quyền, trách nhiệm.
    Body,
    /// … là gì, được hiểu là.
    Definition,
    Other,
}

/// Word sequences (marks kept, tones folded as [`plain_words`] does) that mark each kind, the
/// first kind that matches wins.
const CUES: &[(Asks, &[&str])] = &[
    (
        Asks::When,
        &[
            "khi nào",
            "ngày nào",
            "thời điểm nào",
            "thời hạn",
            "bao lâu",
            "có hiệu lực",
            "hiệu lực thi hành",
            "năm nào",
            "lúc nào",
            "chậm nhất",
            "trong vòng bao",
        ],
    ),
    (
        Asks::Figure,
        &[
            "bao nhiêu",
            "mấy",
            "tỷ lệ",
            "tỉ lệ",
            "mức phạt",
            "mức tối",
            "tối thiểu",
            "tối đa",
            "phần trăm",
        ],
    ),
    (
        Asks::Body,
        &[
            "cơ quan nào",
            "ai có",
            "ai chịu",
            "ai là",
            "ai phải",
            "ai quyết định",
            "ai ban hành",
            "do ai",
            "bộ nào",
            "đơn vị nào",
            "chủ thể nào",
            "thẩm quyền",
            "chịu trách nhiệm",
            "cơ quan chủ trì",
        ],
    ),
    (
        Asks::List,
        &[
            "những gì",
            "gồm những",
            "bao gồm",
            "những nội dung",
            "những trường hợp",
            "các trường hợp",
            "những hành vi",
            "các hành vi",
            "những loại",
            "các loại",
            "những nguyên tắc",
            "các nguyên tắc",
            "những quyền",
            "các quyền",
            "những nghĩa vụ",
            "các nghĩa vụ",
            "những nhiệm vụ",
            "các nhiệm vụ",
            "những điều kiện",
            "các điều kiện",
            "nào sau đây",
        ],
    ),
    (
        Asks::Definition,
        &[
            "là gì",
            "được hiểu là",
            "nghĩa là gì",
            "khái niệm",
            "thế nào là",
            "được định nghĩa",
        ],
    ),
];

impl Asks {
    pub fn of(question: &str) -> Asks {
        let words = plain_words(question);
        for (kind, cues) in CUES {
            if cues.iter().any(|c| says(&words, c)) {
                return *kind;
            }
        }
        Asks::Other
    }

    /// How much a sentence has the shape of this kind of answer to `question`, 0–1.
    pub fn fit(self, question: &str, sentence: &str) -> f32 {
        let words = plain_words(sentence);
        let has = |cue: &str| says(&words, cue);
        let digits = sentence.chars().any(|c| c.is_ascii_digit());
        let unit_after_number = words.windows(2).any(|w| {
            w[0].chars().all(|c| c.is_ascii_digit())
                && [
                    "ngày", "tháng", "năm", "giờ", "tuổi", "lần", "triệu", "tỷ", "đồng",
                ]
                .iter()
                .any(|u| plain_words(u)[0] == w[1])
        });
        match self {
            Asks::When => {
                // "từ ngày 01/7/2026", or "kể từ ngày ký (ban hành)" with no figure.
                let date = words.windows(2).any(|w| {
                    w[0] == "ngày" && w[1].chars().next().is_some_and(|c| c.is_ascii_digit())
                }) || has("từ ngày ký");
                let term = [
                    "có hiệu lực",
                    "thời hạn",
                    "chậm nhất",
                    "kể từ ngày",
                    "trước ngày",
                    "trong thời gian",
                ]
                .iter()
                .any(|c| has(c));
                f32::from(u8::from(date || unit_after_number)) * 0.7
                    + f32::from(u8::from(term)) * 0.3
            }
            Asks::Figure => {
                let percent = sentence.contains('%') || has("phần trăm");
                if percent || unit_after_number {
                    1.0
                } else if digits {
                    0.5
                } else {
                    0.0
                }
            }
            Asks::Body => {
                let body = [
                    "Chính phủ",
                    "Thủ tướng",
                    "Bộ",
                    "Ủy ban nhân dân",
                    "Quốc hội",
                    "cơ quan",
                    "Hội đồng",
                    "chủ trì",
                    "chịu trách nhiệm",
                    "có trách nhiệm",
                    "có thẩm quyền",
                ]
                .iter()
                .any(|c| has(c));
                f32::from(u8::from(body))
            }
            Asks::List => f32::from(u8::from(is_lead_in(sentence))),
            Asks::Definition => defines(&plain_words(question), &words),
            Asks::Other => 0.0,
        }
    }
}

/// How well a sentence defines what a question asks about: "X là …" where X is made of the
/// question's words (1), or any "là" (0.3).
fn defines(question: &[String], sentence: &[String]) -> f32 {
    let Some(is) = sentence.iter().position(|w| w == "là") else {
        return 0.0;
    };
    let term = &sentence[..is];
    let term = term
        .strip_suffix(&["được".to_string(), "hiểu".to_string()])
        .unwrap_or(term);
    if !term.is_empty() && term.len() <= 8 && term.iter().all(|w| question.contains(w)) {
        1.0
    } else {
        0.3
    }
}

/// Whether a sentence introduces a list that follows it ("… sau đây:", "… gồm:").
pub fn is_lead_in(sentence: &str) -> bool {
    let t = sentence.trim_end();
    t.ends_with(':') || {
        let words = plain_words(t);
        let ends = |tail: &[&str]| {
            words.ends_with(&tail.iter().map(|w| w.to_string()).collect::<Vec<_>>())
        };
        ends(&["sau", "đây"]) || ends(&["gồm"]) || ends(&["như", "sau"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_is_read_from_the_wording() {
        let cases = [
            ("Luật này có hiệu lực từ ngày nào?", Asks::When),
            ("Thời hạn thông báo vi phạm là bao lâu?", Asks::When),
            (
                "Mức chi cho nghiên cứu đạt bao nhiêu phần trăm GDP?",
                Asks::Figure,
            ),
            (
                "Cơ quan nào chịu trách nhiệm quản lý nhà nước về an ninh mạng?",
                Asks::Body,
            ),
            ("Các hành vi bị nghiêm cấm gồm những gì?", Asks::List),
            ("Dữ liệu cá nhân nhạy cảm là gì?", Asks::Definition),
            (
                "Doanh nghiệp có được chuyển dữ liệu ra nước ngoài không?",
                Asks::Other,
            ),
        ];
        for (q, kind) in cases {
            assert_eq!(Asks::of(q), kind, "{q}");
        }
    }

    #[test]
    fn a_sentence_fits_when_it_has_the_shape_of_the_answer() {
        let q = "câu hỏi";
        assert!(
            Asks::When.fit(
                q,
                "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026."
            ) > 0.9
        );
        assert_eq!(
            Asks::When.fit(q, "Bên kiểm soát phải bảo đảm an toàn dữ liệu."),
            0.0
        );
        assert_eq!(Asks::Figure.fit(q, "Chi cho nghiên cứu đạt 2% GDP."), 1.0);
        assert_eq!(Asks::Figure.fit(q, "Chi cho nghiên cứu được bảo đảm."), 0.0);
        assert_eq!(Asks::Body.fit(q, "Bộ Công an chủ trì thực hiện."), 1.0);
        assert_eq!(Asks::List.fit(q, "Các hành vi bị nghiêm cấm bao gồm:"), 1.0);
        let asked = "Tài sản số được pháp luật hiểu là gì?";
        assert_eq!(
            Asks::Definition.fit(
                asked,
                "Tài sản số là tài sản theo quy định của Bộ luật Dân sự."
            ),
            1.0
        );
        assert!(Asks::Definition.fit(asked, "Tài sản ảo là tài sản số dùng để trao đổi.") < 0.5);
        assert_eq!(
            Asks::Definition.fit(asked, "Tài sản mã hóa không bao gồm chứng khoán."),
            0.0
        );
        assert!(is_lead_in(
            "Dữ liệu được phân loại theo các mức độ rủi ro sau đây"
        ));
    }
}
