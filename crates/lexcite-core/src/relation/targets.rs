//! The targets of an order: which document and which of its units.

use crate::model::UnitKind;
use crate::reference::{DocRef, Locator, Reference, Step, extract};

/// The references an order applies to: those after the verb up to and including the first
/// that names its document, which the others share. When that document is named only by its
/// name and the unit's heading names it with its number, the heading's is taken.
pub(super) fn ordered_targets(
    refs: &[Reference],
    heading: &[Reference],
) -> Vec<(DocRef, Vec<String>)> {
    let Some(end) = refs
        .iter()
        .position(|r| r.document.as_ref().is_some_and(|d| !d.relative))
    else {
        return Vec::new();
    };
    let Some(mut document) = refs[end].document.clone() else {
        return Vec::new();
    };
    if document.number.is_none()
        && let Some(numbered) = heading
            .iter()
            .filter_map(|r| r.document.as_ref())
            .find(|d| d.number.is_some() && d.doc_type == document.doc_type)
    {
        document = numbered.clone();
    }
    let units: Vec<String> = refs[..=end].iter().flat_map(labels).collect();
    if units.is_empty() {
        return vec![(document, Vec::new())];
    }
    units
        .into_iter()
        .map(|u| (document.clone(), vec![u]))
        .collect()
}

/// "Bổ sung khoản 17, khoản 18 vào sau khoản 16 Điều 4 của Luật …": the new units (named
/// before "vào sau"), placed where the one they follow stands ("khoản 17 Điều 4"); the unit
/// they follow is not a target.
pub(super) fn inserted(
    before: &str,
    targets: &[(DocRef, Vec<String>)],
) -> Vec<(DocRef, Vec<String>)> {
    let new: Vec<String> = extract(before).iter().flat_map(labels).collect();
    let Some(((document, _), anchor)) = targets
        .iter()
        .find(|(_, u)| u.first().is_some_and(|l| !new.contains(l)))
        .and_then(|t| Some((t, t.1.first()?)))
    else {
        return targets.to_vec();
    };
    // "khoản 16 Điều 4" → "Điều 4": what holds the unit they follow.
    let holder: Vec<&str> = anchor.split(' ').skip(2).collect();
    new.into_iter()
        .map(|n| {
            let label = if holder.is_empty() || n.split(' ').count() > 2 {
                n
            } else {
                format!("{n} {}", holder.join(" "))
            };
            (document.clone(), vec![label])
        })
        .collect()
}

/// The units a reference names. In "khoản 9 Điều 3, … và Chương IV của Luật …" the chapter
/// is one more target, not the container of the articles before it (articles are numbered
/// through the whole document).
pub(super) fn labels(r: &Reference) -> Vec<String> {
    let bare: Vec<&Step> = r
        .locators
        .iter()
        .filter(|l| l.steps.len() == 1)
        .map(|l| &l.steps[0])
        .filter(|s| matches!(s.kind, UnitKind::Chapter | UnitKind::Part))
        .collect();
    r.locators
        .iter()
        .map(|l| {
            let mut steps = l.steps.clone();
            if steps.len() > 1 && bare.iter().any(|b| **b == steps[0]) {
                steps.remove(0);
            }
            Locator { steps }.label()
        })
        .collect()
}
