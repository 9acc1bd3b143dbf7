//! Kinds of legal documents (loại văn bản) with their Vietnamese names and number codes.

use serde::{Deserialize, Serialize};

use crate::normalize::{match_key, strip_marks};

/// The type of a legal or Party document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    Constitution,
    Code,
    Law,
    Ordinance,
    Resolution,
    JointResolution,
    Decree,
    Decision,
    Circular,
    JointCircular,
    Directive,
    Conclusion,
    Regulation,
    Instruction,
    Notice,
    Plan,
    Order,
    ConsolidatedText,
    Precedent,
    Programme,
    Dispatch,
    Other,
}

/// (type, Vietnamese name, number code). The name is what a citation prints.
const TABLE: &[(DocType, &str, &str)] = &[
    (DocType::Constitution, "Hiến pháp", ""),
    (DocType::Code, "Bộ luật", ""),
    (DocType::Law, "Luật", ""),
    (DocType::Ordinance, "Pháp lệnh", "PL"),
    (DocType::JointResolution, "Nghị quyết liên tịch", "NQLT"),
    (DocType::Resolution, "Nghị quyết", "NQ"),
    (DocType::Decree, "Nghị định", "NĐ"),
    (DocType::Decision, "Quyết định", "QĐ"),
    (DocType::JointCircular, "Thông tư liên tịch", "TTLT"),
    (DocType::Circular, "Thông tư", "TT"),
    (DocType::Directive, "Chỉ thị", "CT"),
    (DocType::Conclusion, "Kết luận", "KL"),
    (DocType::Regulation, "Quy định", "QĐi"),
    (DocType::Instruction, "Hướng dẫn", "HD"),
    (DocType::Notice, "Thông báo", "TB"),
    (DocType::Plan, "Kế hoạch", "KH"),
    (DocType::Order, "Lệnh", "L"),
    (DocType::ConsolidatedText, "Văn bản hợp nhất", "VBHN"),
    (DocType::Precedent, "Án lệ", "AL"),
    (DocType::Programme, "Chương trình", "CTr"),
    (DocType::Dispatch, "Công văn", ""),
    (DocType::Other, "Văn bản", ""),
];

impl DocType {
    /// Every type, longest names first (so "Nghị quyết liên tịch" wins over "Nghị quyết").
    pub fn all() -> impl Iterator<Item = DocType> {
        TABLE.iter().map(|&(t, _, _)| t)
    }

    /// Types a document is known and cited by name ("Luật An ninh mạng số 24/2018/QH14"),
    /// rather than by number alone ("Nghị định số 13/2023/NĐ-CP").
    pub fn is_named(self) -> bool {
        matches!(
            self,
            DocType::Law | DocType::Code | DocType::Constitution | DocType::Ordinance
        )
    }

    /// The Vietnamese name used in citations: "Nghị định".
    pub fn name(self) -> &'static str {
        TABLE
            .iter()
            .find(|&&(t, _, _)| t == self)
            .map(|&(_, n, _)| n)
            .unwrap_or("Văn bản")
    }

    /// The type a number's kind code stands for ("NĐ", "ND", "nđ" → Nghị định).
    pub fn from_code(code: &str) -> Option<DocType> {
        let key = strip_marks(code).to_uppercase();
        TABLE
            .iter()
            .find(|&&(_, _, c)| !c.is_empty() && strip_marks(c).to_uppercase() == key)
            .map(|&(t, _, _)| t)
    }

    /// The type a Vietnamese name stands for, in any case and tone placement.
    pub fn from_name(name: &str) -> Option<DocType> {
        let key = match_key(name);
        TABLE
            .iter()
            .find(|&&(_, n, _)| match_key(n) == key)
            .map(|&(t, _, _)| t)
    }

    /// The type whose name starts `text` (ignoring case), with the length in bytes it takes.
    pub fn prefix_of(text: &str) -> Option<(DocType, usize)> {
        // Type names are a few words: look at the head of the text only.
        let head = (64..text.len())
            .find(|&e| text.is_char_boundary(e))
            .map_or(text, |e| &text[..e]);
        let lower = head.to_lowercase();
        TABLE.iter().find_map(|&(t, n, _)| {
            let name = n.to_lowercase();
            if lower.starts_with(&name) && lower.len() >= name.len() {
                let rest = &lower[name.len()..];
                let boundary = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
                // Upper and lower case of Vietnamese letters have the same UTF-8 length.
                boundary.then_some((t, n.len()))
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_round_trip() {
        assert_eq!(DocType::from_code("NĐ"), Some(DocType::Decree));
        assert_eq!(DocType::from_code("nd"), Some(DocType::Decree));
        assert_eq!(DocType::from_code("TTLT"), Some(DocType::JointCircular));
        assert_eq!(DocType::from_code("QH15"), None);
        assert_eq!(DocType::from_name("NGHỊ QUYẾT"), Some(DocType::Resolution));
        assert_eq!(DocType::from_name("Bộ luật"), Some(DocType::Code));
        assert_eq!(DocType::Decree.name(), "Nghị định");
    }

    #[test]
    fn prefix_prefers_the_longest_name() {
        assert_eq!(
            DocType::prefix_of("Nghị quyết liên tịch số 01"),
            Some((DocType::JointResolution, "Nghị quyết liên tịch".len()))
        );
        assert_eq!(
            DocType::prefix_of("LUẬT BẢO VỆ"),
            Some((DocType::Law, "Luật".len()))
        );
        assert_eq!(DocType::prefix_of("Luậtsư"), None);
    }
}
