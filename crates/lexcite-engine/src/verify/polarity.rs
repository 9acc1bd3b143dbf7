//! Whether a claim says the opposite of the cited passage: a negation on one side and not
//! the other ("không được" for "được", "không bắt buộc" for "phải"), or a word of opposite
//! sense in the same place ("cho phép" for "cấm").

use super::facts::NEGATIONS;
use crate::text::{occurrences, plain_words};

/// Words that stand between a negation and what it denies: "không được phép", "không bắt
/// buộc phải".
const MODALS: &[&str] = &[
    "được", "phải", "có", "thể", "bị", "bắt", "buộc", "phép", "cần", "nên", "hề", "đã", "đang",
    "sẽ", "cho",
];

/// What a negation at `i` denies: the position of the next word that is neither a negation
/// nor a modal.
fn denied(ws: &[String], i: usize) -> Option<usize> {
    (i + 1..ws.len().min(i + 8))
        .find(|&k| !NEGATIONS.contains(&ws[k].as_str()) && !MODALS.contains(&ws[k].as_str()))
}

/// Whether a negation stands up to four words before position `k`.
fn negated_at(ws: &[String], k: usize) -> bool {
    ws[k.saturating_sub(4)..k]
        .iter()
        .any(|w| NEGATIONS.contains(&w.as_str()))
}

/// For a negated word at `k` of `from`: whether `other` says the same words without the
/// negation. The word is found in `other` with as much of what follows it as matches (three
/// words, then two, then the word alone), so "không thể chỉnh sửa trực tiếp" is compared
/// with "có thể chỉnh sửa trực tiếp", not with a later "chỉnh sửa" of the same passage.
fn asserted_in(other: &[String], from: &[String], k: usize) -> Option<usize> {
    for len in (1..=3).rev() {
        if k + len > from.len() {
            continue;
        }
        let at = occurrences(other, &from[k..k + len]);
        if !at.is_empty() {
            return at.iter().all(|&j| !negated_at(other, j)).then(|| at[0]);
        }
    }
    // "không cần chữ ký số" where the passage says "được ký số": the two words after.
    if k + 3 <= from.len() {
        let at = occurrences(other, &from[k + 1..k + 3]);
        if !at.is_empty() {
            return at.iter().all(|&j| !negated_at(other, j)).then(|| at[0]);
        }
    }
    None
}

/// A claim that denies what the passage asserts, or asserts what it denies ("không được"
/// for "được", "cho phép" for "cấm", "không bắt buộc" for "phải"), as (what the claim says,
/// what the passage says).
pub(crate) fn polarity_flip(claim: &str, passage: &str) -> Option<(String, String)> {
    flip(claim, passage, false)
}

/// [`polarity_flip`] for a sentence that is not the claim's closest passage: the denied
/// words must also stand after the same two words on both sides ("thừa ủy quyền không được
/// ủy quyền lại" against "thừa ủy quyền có thể ủy quyền lại"), so a negation about another
/// case ("trường hợp không có doanh thu") does not deny "5% doanh thu".
pub(crate) fn polarity_flip_in_context(claim: &str, sentence: &str) -> Option<(String, String)> {
    flip(claim, sentence, true)
}

/// The two words before position `k`, the negations and modals just before it passed over.
fn lead(ws: &[String], k: usize) -> Option<&[String]> {
    let mut start = k;
    while start > 0
        && (NEGATIONS.contains(&ws[start - 1].as_str()) || MODALS.contains(&ws[start - 1].as_str()))
    {
        start -= 1;
    }
    (start >= 2).then(|| &ws[start - 2..start])
}

fn flip(claim: &str, passage: &str, in_context: bool) -> Option<(String, String)> {
    let (cw, pw) = (plain_words(claim), plain_words(passage));
    // The words around the one at issue: two before it (where a negation stands), two after.
    let phrase = |ws: &[String], k: usize| ws[k.saturating_sub(2)..(k + 3).min(ws.len())].join(" ");
    for (a, b, claim_side) in [(&cw, &pw, true), (&pw, &cw, false)] {
        for i in 0..a.len() {
            if !NEGATIONS.contains(&a[i].as_str()) {
                continue;
            }
            let found = match denied(a, i) {
                Some(k) => asserted_in(b, a, k)
                    .filter(|&j| !in_context || lead(a, k).is_some_and(|l| lead(b, j) == Some(l)))
                    .map(|j| (k, j)),
                // "… vào chương trình không bắt buộc": what is denied is the modal itself.
                None if i + 1 < a.len() && !in_context => {
                    let key = &a[i + 1..(i + 3).min(a.len())];
                    let at = occurrences(b, key);
                    (!at.is_empty() && at.iter().all(|&j| !negated_at(b, j)))
                        .then(|| (i + 1, at[0]))
                }
                None => None,
            };
            if let Some((k, j)) = found {
                return Some(if claim_side {
                    (phrase(a, k), phrase(b, j))
                } else {
                    (phrase(b, j), phrase(a, k))
                });
            }
        }
    }
    antonym_swapped(&cw, &pw).map(|(i, j)| (phrase(&cw, i), phrase(&pw, j)))
}

/// Words of opposite sense in a rule: one put in the place of the other turns the rule round.
const ANTONYMS: &[(&str, &str)] = &[
    ("cấm", "cho phép"),
    ("bắt buộc", "tự nguyện"),
    ("tối thiểu", "tối đa"),
    ("ít nhất", "nhiều nhất"),
    ("tăng", "giảm"),
    ("bên trái", "bên phải"),
    ("trên", "dưới"),
    ("trước", "sau"),
    ("lên", "xuống"),
];

/// Where the claim has one of [`ANTONYMS`] in the place where the passage has the other: the
/// same two words before it ("… được thì cấm" against "… được thì cho phép"), as (position in
/// the claim, position in the passage).
fn antonym_swapped(claim: &[String], passage: &[String]) -> Option<(usize, usize)> {
    let split = |w: &str| plain_words(w);
    for (x, y) in ANTONYMS {
        let (x, y) = (split(x), split(y));
        for (said, written) in [(&x, &y), (&y, &x)] {
            for i in occurrences(claim, said).into_iter().filter(|&i| i >= 2) {
                let before = &claim[i - 2..i];
                // "… tăng hoặc giảm": a passage that also says the claimed word there
                // does not contradict it.
                let also_said = |j: usize| {
                    let near =
                        &passage[j.saturating_sub(2)..(j + written.len() + 3).min(passage.len())];
                    !occurrences(near, said).is_empty()
                };
                let at = occurrences(passage, written)
                    .into_iter()
                    .find(|&j| j >= 2 && &passage[j - 2..j] == before && !also_said(j));
                if let Some(j) = at {
                    return Some((i, j));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negations_that_disagree_are_found_both_ways() {
        let text = "Tổ chức không được thu thập dữ liệu cá nhân khi chưa có sự đồng ý.";
        assert!(polarity_flip("tổ chức được thu thập dữ liệu cá nhân", text).is_some());
        assert!(polarity_flip("tổ chức không được thu thập dữ liệu cá nhân", text).is_none());
        let text = "Bên kiểm soát dữ liệu phải lưu trữ sự đồng ý của chủ thể dữ liệu.";
        assert!(
            polarity_flip(
                "bên kiểm soát dữ liệu không bắt buộc lưu trữ sự đồng ý",
                text
            )
            .is_some()
        );
        assert!(
            polarity_flip(
                "bên kiểm soát dữ liệu có trách nhiệm lưu trữ sự đồng ý",
                text
            )
            .is_none()
        );
        let text = "Nghiêm cấm sử dụng hệ thống để thao túng hành vi.";
        assert!(polarity_flip("cho phép sử dụng hệ thống để thao túng hành vi", text).is_some());
        // One word of opposite sense in the place of the other, the words before it the same.
        let text = "Loại bỏ tư duy \"không quản được thì cấm\".";
        assert!(polarity_flip("loại bỏ tư duy không quản được thì cho phép", text).is_some());
        assert!(polarity_flip("loại bỏ tư duy không quản được thì cấm", text).is_none());
        let text = "Tỷ lệ nội địa hóa tăng dần qua từng năm.";
        assert!(polarity_flip("tỷ lệ nội địa hóa giảm dần qua từng năm", text).is_some());
        assert!(polarity_flip("tỷ lệ nội địa hóa được nâng lên hằng năm", text).is_none());
        let text = "Dấu đóng phải trùm lên khoảng 1/3 chữ ký về phía bên trái.";
        assert!(polarity_flip("dấu trùm lên khoảng 1/3 chữ ký về phía bên phải", text).is_some());
        // "phải" that obliges is not the right-hand side.
        let text = "Tổ chức, cá nhân phải áp dụng biện pháp ngăn chặn thu thập dữ liệu trái phép.";
        assert!(polarity_flip("tổ chức, cá nhân có trách nhiệm áp dụng biện pháp ngăn chặn thu thập dữ liệu trái phép", text).is_none());
        let text = "Chính phủ quyết định mức thuế tăng hoặc giảm theo từng thời kỳ.";
        assert!(
            polarity_flip("chính phủ quyết định mức thuế giảm theo từng thời kỳ", text).is_none()
        );
    }

    #[test]
    fn a_sentence_beside_the_passage_denies_only_what_follows_the_same_words() {
        let text = "Người được ký thừa ủy quyền không được ủy quyền lại cho người khác ký.";
        let claim = "người được ký thừa ủy quyền có thể ủy quyền lại cho cấp phó ký";
        assert!(polarity_flip_in_context(claim, text).is_some());
        // A negation about another case of the same words is no denial.
        let text =
            "Trường hợp tổ chức không có doanh thu của năm trước liền kề thì áp dụng mức khác.";
        let claim = "mức phạt tối đa là 5% doanh thu của năm trước liền kề";
        assert!(polarity_flip(claim, text).is_some());
        assert!(polarity_flip_in_context(claim, text).is_none());
    }
}
