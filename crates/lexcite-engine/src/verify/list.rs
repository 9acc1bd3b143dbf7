//! A claim that names the members of a list ("… gồm A, B và C", "các hành vi như A, B"):
//! the cited text usually holds them one per point, more than the two sentences a passage
//! spans, so each member is looked for on its own in every sentence of the cited units.

use super::prepared::{Prepared, Weighed};

/// Words that open the members of a list, lower case.
const OPENERS: &[&str] = &[" bao gồm ", " gồm có ", " gồm ", " như: ", " như ", ": "];

/// Where a claim's list begins and its members: at least two, cut at ",", ";", " và ",
/// " hoặc ". None when the claim lists nothing.
pub(crate) fn members(claim: &str) -> Option<Vec<&str>> {
    let lower = claim.to_lowercase();
    // The same byte offsets: lower-casing Vietnamese keeps each letter's length.
    if lower.len() != claim.len() {
        return None;
    }
    let (at, opener) = OPENERS
        .iter()
        .filter_map(|o| lower.find(o).map(|i| (i, o.len())))
        .min_by_key(|&(i, _)| i)?;
    let rest = &claim[at + opener..];
    let mut items = Vec::new();
    let mut start = 0;
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < rest.len() {
        let cut = [", ", "; ", " và ", " hoặc "]
            .iter()
            .find(|c| rest[i..].starts_with(**c))
            .map(|c| c.len());
        if let Some(len) = cut {
            items.push(&rest[start..i]);
            start = i + len;
            i += len;
        } else {
            i += 1;
            while i < bytes.len() && !rest.is_char_boundary(i) {
                i += 1;
            }
        }
    }
    items.push(&rest[start..]);
    let items: Vec<&str> = items
        .into_iter()
        .map(|s| s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';')))
        .filter(|s| !s.is_empty())
        .collect();
    (items.len() >= 2).then_some(items)
}

/// The best share of a member's weighted words that one sentence of the units holds.
pub(crate) fn best_share(member: &Weighed, units: &[&Prepared]) -> f32 {
    units
        .iter()
        .flat_map(|p| member.sets(p))
        .map(|set| member.share(|t| set.contains(t)))
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_members_of_a_list_are_cut_at_commas_and_conjunctions() {
        assert_eq!(
            members(
                "Nội dung thông báo gồm mô tả tính chất vi phạm, thông tin liên lạc và biện pháp khắc phục"
            ),
            Some(vec![
                "mô tả tính chất vi phạm",
                "thông tin liên lạc",
                "biện pháp khắc phục"
            ])
        );
        assert_eq!(
            members("nghiêm cấm các hành vi như mua, bán dữ liệu cá nhân"),
            Some(vec!["mua", "bán dữ liệu cá nhân"])
        );
        assert_eq!(members("Quỹ do Chính phủ thành lập"), None);
        assert_eq!(members("Hồ sơ gồm tờ khai"), None);
    }
}
