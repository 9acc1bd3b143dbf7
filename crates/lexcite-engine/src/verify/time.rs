//! References in time: a document or unit that is no longer in force on the text's date is
//! `outdated` ("Nghị định 13/2023/NĐ-CP đã hết hiệu lực từ 01/01/2026 …"), one not yet in
//! force keeps its status and says so. The text's date is its own dateline when it has one
//! ("Hà Nội, ngày 01 tháng 6 năm 2026"), else the date asked for, else today.

use chrono::NaiveDate;

use lexcite_core::date::find_dates;

use crate::access::Access;
use crate::catalog::Catalog;
use crate::validity::{InForce, Timeline, Validity};

use super::report::{CheckedReference, Status};

/// The longest line read as a dateline, in characters.
const MAX_DATELINE: usize = 120;

/// The date a text gives itself: a short line "<place>, ngày … tháng … năm …", the way
/// Vietnamese documents and drafts are dated. The first such line wins.
pub fn dateline(text: &str) -> Option<NaiveDate> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.chars().count() <= MAX_DATELINE)
        .find_map(|line| {
            let at = line.find(", ngày")?;
            let found = find_dates(&line[at..]).into_iter().next()?;
            // The date follows the comma directly, not somewhere later on the line.
            (found.start <= ", ".len()).then_some(found.date)
        })
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The standing of what a reference resolved to: the first cited unit not current, else
/// the first unit's, else the document's.
fn standing(
    (catalog, timeline): (&Catalog, &Timeline),
    r: &CheckedReference,
    date: NaiveDate,
    access: Access,
) -> Option<(Validity, String)> {
    let doc = catalog.doc(&r.document.as_ref()?.id)?;
    let units: Vec<(usize, &str)> = r
        .units
        .iter()
        .filter_map(|u| {
            let id = u.unit_id.as_deref()?;
            Some((
                doc.unit_index(id)?,
                u.citation.as_deref().unwrap_or(&u.label),
            ))
        })
        .collect();
    let of_units: Vec<(Validity, String)> = units
        .iter()
        .map(|&(u, citation)| (timeline.unit(doc, u, date, access), citation.to_string()))
        .collect();
    of_units
        .iter()
        .find(|(v, _)| !v.status.is_current())
        .or(of_units.first())
        .cloned()
        .or_else(|| Some((timeline.document(doc, date, access), doc.name.clone())))
}

/// Attaches each reference's standing on `date` and marks what is no longer law.
pub fn judge(
    known: (&Catalog, &Timeline),
    refs: &mut [CheckedReference],
    date: NaiveDate,
    access: Access,
) {
    for r in refs.iter_mut() {
        if !matches!(
            r.status,
            Status::Verified | Status::Unsupported | Status::ContentMismatch | Status::NotChecked
        ) {
            continue;
        }
        let Some((v, what)) = standing(known, r, date, access) else {
            continue;
        };
        match v.status {
            InForce::Repealed | InForce::Expired | InForce::Replaced
                if r.status != Status::ContentMismatch =>
            {
                let since = v
                    .since
                    .map(|d| format!(" từ {}", day(d)))
                    .unwrap_or_default();
                let by = v.by.as_ref().map_or(String::new(), |a| match v.status {
                    InForce::Replaced => format!(", được thay thế bởi {}", a.document),
                    _ => format!(" theo {}", a.citation),
                });
                r.status = Status::Outdated;
                r.explanation = format!(
                    "{what} {}{since}{by}; tại ngày {} không còn là quy định hiện hành.",
                    v.status.vietnamese(),
                    day(date)
                );
            }
            InForce::NotYetInForce => {
                let from = v
                    .effective
                    .map(|d| format!(" (có hiệu lực từ {})", day(d)))
                    .unwrap_or_default();
                r.explanation = format!(
                    "{} Lưu ý: {what} chưa có hiệu lực tại ngày {}{from}.",
                    r.explanation.trim_end(),
                    day(date)
                );
            }
            _ => {}
        }
        r.validity = Some(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dateline_is_the_texts_date_and_a_date_in_a_sentence_is_not() {
        let dated = "BỘ TƯ PHÁP\nSố: 12/BC-BTP\nHà Nội, ngày 01 tháng 6 năm 2026\n\nBÁO CÁO …";
        assert_eq!(dateline(dated), NaiveDate::from_ymd_opt(2026, 6, 1));
        let sentence = "Nghị định 13/2023/NĐ-CP được ban hành ngày 17 tháng 4 năm 2023, quy định về bảo vệ dữ liệu cá nhân.";
        assert_eq!(dateline(sentence), None);
        assert_eq!(dateline("Điều 25 Nghị định 13/2023/NĐ-CP quy định …"), None);
    }
}
