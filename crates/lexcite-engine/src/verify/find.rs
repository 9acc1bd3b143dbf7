//! Finding the document a reference names: by number (with the registry for numbers the
//! corpus lacks, and the text's earlier mentions for numbers without a year), by type and
//! name, by type and serial; and what the reference states about it (type, name, year, date,
//! issuer) compared with the corpus.

use std::collections::HashMap;

use chrono::Datelike;
use lexcite_core::DocType;
use lexcite_core::normalize::match_key;
use lexcite_core::reference::{DocRef, Reference};

use super::report::{Mismatch, NumberCheck};
use crate::access::Access;
use crate::catalog::{Catalog, CatalogDoc, types_agree};
use crate::registry::{Registry, RegistryEntry};

/// The document the text is talking about, as far as the verifier could tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Known {
    /// A document of the corpus (index into the catalog).
    Doc(usize),
    /// A document the corpus lacks or could not tell apart: what follows cannot be checked.
    Unknown,
}

/// What earlier references established, for the references that name no document.
#[derive(Default)]
pub(super) struct Context {
    pub(super) last: Option<Known>,
    pub(super) by_type: HashMap<DocType, Known>,
    /// Numbers already resolved in this text ("71/NQ-CP" after "71/NQ-CP ngày 01/4/2025").
    pub(super) by_number: HashMap<String, usize>,
}

impl Context {
    pub(super) fn remember(&mut self, doc_type: Option<DocType>, known: Known) {
        self.last = Some(known);
        if let Some(t) = doc_type {
            self.by_type.insert(t, known);
        }
    }
}

/// How a document named by a reference was looked for.
pub(super) enum Lookup {
    Found(usize),
    NotFound {
        explanation: String,
        number: Option<NumberCheck>,
    },
    Ambiguous {
        explanation: String,
        candidates: Vec<String>,
    },
}

/// Finds the document a reference names among those the caller may see.
pub(super) fn find_document(
    catalog: &Catalog,
    registry: Option<&Registry>,
    d: &DocRef,
    access: Access,
    ctx: &Context,
) -> Lookup {
    let visible = |doc: &CatalogDoc| access.can_see(doc.classification);
    let shown = d.to_string();
    if let Some(number) = &d.number {
        let found = catalog.positions(d, visible);
        let known = registry.map(|r| r.get(number)).unwrap_or_default();
        return match found.as_slice() {
            [] => Lookup::NotFound {
                explanation: not_found_line(&shown, d, registry, known),
                number: Some(number_check(d, registry, known)),
            },
            [i] => {
                let doc = &catalog.docs[*i];
                // A number without a year names every document of that serial and symbol:
                // "71/NQ-CP" is a 2010 resolution as well as the 2025 one.
                let others: Vec<_> = known
                    .iter()
                    .filter(|e| e.issued.is_some() && e.issued != doc.meta.issued)
                    .collect();
                if let Some(date) = d.issued
                    && doc.meta.issued != Some(date)
                    && let Some(e) = others.iter().find(|e| e.issued == Some(date))
                {
                    return Lookup::NotFound {
                        explanation: format!(
                            "{shown} ngày {} là văn bản khác ({} {}, theo danh mục Công báo), không có trong kho dữ liệu.",
                            date.format("%d/%m/%Y"),
                            e.doc_type,
                            e.title
                        ),
                        number: Some(number_check(d, registry, known)),
                    };
                }
                let decided = number.year().is_some()
                    || d.issued.is_some()
                    || d.year.is_some()
                    || ctx.by_number.contains_key(&number.key());
                if others.is_empty() || decided {
                    Lookup::Found(*i)
                } else {
                    let mut candidates = vec![format!(
                        "{} ngày {} (có trong kho)",
                        doc.name,
                        date_vi(doc.meta.issued)
                    )];
                    candidates.extend(others.iter().map(|e| {
                        format!(
                            "{} số {} ngày {} {} (Công báo, không có trong kho)",
                            e.doc_type,
                            e.number,
                            date_vi(e.issued),
                            e.title
                        )
                    }));
                    Lookup::Ambiguous {
                        explanation: format!(
                            "Số {number} ứng với {} văn bản; cần ghi ngày ban hành để xác định.",
                            candidates.len()
                        ),
                        candidates,
                    }
                }
            }
            many => ambiguous_docs(catalog, &shown, many),
        };
    }
    if let Some(name) = &d.name {
        let named: Vec<usize> = catalog
            .docs
            .iter()
            .enumerate()
            .filter(|(_, doc)| {
                visible(doc)
                    && types_agree(d.doc_type, doc.meta.doc_type)
                    && doc
                        .meta
                        .title
                        .as_deref()
                        .is_some_and(|t| names_agree(name, t))
            })
            .map(|(i, _)| i)
            .collect();
        let with_year: Vec<usize> = match d.year {
            Some(y) => named
                .iter()
                .copied()
                .filter(|&i| doc_year(&catalog.docs[i]) == Some(y))
                .collect(),
            None => named.clone(),
        };
        return match (named.as_slice(), with_year.as_slice()) {
            ([], _) => Lookup::NotFound {
                explanation: format!("Không có {shown} trong kho dữ liệu."),
                number: None,
            },
            // The year is checked (and reported) as metadata.
            ([i], []) => Lookup::Found(*i),
            (_, [i]) => Lookup::Found(*i),
            (many, []) => ambiguous_docs(catalog, &shown, many),
            (_, many) => ambiguous_docs(catalog, &shown, many),
        };
    }
    if d.serial.is_some() {
        // Type and serial ("Nghị quyết 57"), as the catalog matches them.
        let found = catalog.positions(d, visible);
        return match found.as_slice() {
            [] => Lookup::NotFound {
                explanation: format!("Không có {shown} trong kho dữ liệu."),
                number: None,
            },
            [i] => Lookup::Found(*i),
            many => ambiguous_docs(catalog, &shown, many),
        };
    }
    Lookup::NotFound {
        explanation: format!("Không xác định được văn bản “{shown}”."),
        number: None,
    }
}

fn ambiguous_docs(catalog: &Catalog, shown: &str, many: &[usize]) -> Lookup {
    let candidates: Vec<String> = many
        .iter()
        .map(|&i| {
            let doc = &catalog.docs[i];
            format!("{} ngày {}", doc.name, date_vi(doc.meta.issued))
        })
        .collect();
    Lookup::Ambiguous {
        explanation: format!(
            "{shown} ứng với {} văn bản trong kho; cần ghi số hiệu hoặc ngày ban hành.",
            candidates.len()
        ),
        candidates,
    }
}

fn date_vi(date: Option<chrono::NaiveDate>) -> String {
    date.map_or_else(|| "?".to_string(), |d| d.format("%d/%m/%Y").to_string())
}

fn doc_year(doc: &CatalogDoc) -> Option<i32> {
    doc.meta.issued.map(|d| d.year()).or_else(|| {
        doc.meta
            .number
            .as_ref()
            .and_then(|n| n.year())
            .map(i32::from)
    })
}

/// Words of a name or title for comparison: folded, without punctuation and a leading "về".
fn name_words(s: &str) -> Vec<String> {
    let key = match_key(s);
    let words: Vec<String> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    match words.split_first() {
        Some((first, rest)) if first == "về" => rest.to_vec(),
        _ => words,
    }
}

/// Whether a name as written agrees with a document's title, word for word. A law's name must
/// be whole ("Trí tuệ nhân tạo"; an over-long name in running text may go on after it); a
/// subject ("về đột phá phát triển khoa học, …") may be cut short after three words.
fn names_agree(name: &str, title: &str) -> bool {
    let (a, b) = (name_words(name), name_words(title));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let subject = match_key(title).starts_with("về ") || b.len() > 8;
    let n = a.len().min(b.len());
    (n == b.len() || (subject && n >= 3)) && a[..n] == b[..n]
}

/// What the reference states about a document that the corpus contradicts.
pub(super) fn mismatches(d: &DocRef, doc: &CatalogDoc) -> Vec<Mismatch> {
    let m = &doc.meta;
    let mut out = Vec::new();
    if let (Some(said), Some(have)) = (d.doc_type, m.doc_type)
        && said != have
    {
        out.push(Mismatch {
            field: "type".into(),
            stated: said.name().into(),
            corpus: have.name().into(),
        });
    }
    if let (Some(name), Some(title)) = (&d.name, &m.title)
        && !names_agree(name, title)
    {
        out.push(Mismatch {
            field: "title".into(),
            stated: name.clone(),
            corpus: title.clone(),
        });
    }
    if let (Some(y), Some(have)) = (d.year, doc_year(doc))
        && y != have
    {
        out.push(Mismatch {
            field: "year".into(),
            stated: y.to_string(),
            corpus: have.to_string(),
        });
    }
    if let (Some(date), Some(have)) = (d.issued, m.issued)
        && date != have
    {
        out.push(Mismatch {
            field: "issued".into(),
            stated: date.format("%d/%m/%Y").to_string(),
            corpus: have.format("%d/%m/%Y").to_string(),
        });
    }
    if let (Some(issuer), Some(have)) = (&d.issuer, &m.issuer) {
        let (a, b) = (match_key(issuer), match_key(have));
        // "Ban Chấp hành Trung ương" is "Ban Chấp hành Trung ương Đảng".
        if !(a.starts_with(&b) || b.starts_with(&a)) {
            out.push(Mismatch {
                field: "issuer".into(),
                stated: issuer.clone(),
                corpus: have.clone(),
            });
        }
    }
    out
}

fn not_found_line(
    shown: &str,
    d: &DocRef,
    registry: Option<&Registry>,
    known: &[RegistryEntry],
) -> String {
    let check = number_check(d, registry, known);
    let form = match &check.problem {
        Some(p) => format!("số hiệu không hợp lệ ({p})"),
        None => "số hiệu đúng định dạng".to_string(),
    };
    let listed = match check.in_registry {
        Some(true) => {
            let e = &known[0];
            format!(
                "; danh mục Công báo có {} số {} ngày {} {}",
                e.doc_type,
                e.number,
                date_vi(e.issued),
                e.title
            )
        }
        Some(false) => "; không có trong danh mục Công báo".to_string(),
        None => String::new(),
    };
    format!("Không có {shown} trong kho dữ liệu ({form}{listed}).")
}

/// Whether a number the corpus lacks is at least well formed for what the text calls it.
fn number_check(d: &DocRef, registry: Option<&Registry>, known: &[RegistryEntry]) -> NumberCheck {
    let Some(number) = &d.number else {
        return NumberCheck {
            number: String::new(),
            valid_form: false,
            problem: Some("không có số hiệu".into()),
            in_registry: None,
            registry: Vec::new(),
        };
    };
    let this_year = chrono::Utc::now().year();
    let mut problem = None;
    if let Some(y) = number.year()
        && i32::from(y) > this_year
    {
        problem = Some(format!("năm {y} chưa tới"));
    }
    if let (Some(said), Some(coded)) = (d.doc_type, number.doc_type())
        && said != coded
    {
        problem = Some(format!(
            "ký hiệu {} là của {}, không phải {}",
            number.symbol(),
            coded.name(),
            said.name()
        ));
    }
    if matches!(d.doc_type, Some(DocType::Law | DocType::Code))
        && !number
            .issuer_codes()
            .iter()
            .any(|c| c.to_uppercase().starts_with("QH"))
    {
        problem = Some(format!(
            "số hiệu luật có ký hiệu QH và khóa Quốc hội, không phải {}",
            number.symbol()
        ));
    }
    NumberCheck {
        number: number.to_string(),
        valid_form: problem.is_none(),
        problem,
        in_registry: registry.map(|_| !known.is_empty()),
        registry: known.to_vec(),
    }
}

/// Ends a name that ran on in running text where the title it matched ends ("Luật Trí tuệ
/// nhân tạo tạo khung …" → "Luật Trí tuệ nhân tạo").
pub(super) fn trim_name(text: &str, r: &mut Reference, doc: &CatalogDoc) {
    let Some(d) = r.document.as_ref() else { return };
    let (Some(span), Some(title)) = (d.name_bytes, doc.meta.title.as_deref()) else {
        return;
    };
    if span.end != r.bytes.end {
        return;
    }
    let name = &text[span.start..span.end];
    let words: Vec<&str> = name.split_whitespace().collect();
    let about = words.first().is_some_and(|w| match_key(w) == "về");
    let keep = name_words(title).len() + usize::from(about);
    if words.len() <= keep {
        return;
    }
    // The end of the `keep`-th word.
    let mut end = span.start;
    for w in &words[..keep] {
        end += text[end..].find(w).unwrap_or(0) + w.len();
    }
    let new_end = end.max(r.bytes.start);
    let cut = text[new_end..r.bytes.end].chars().count();
    r.bytes.end = new_end;
    r.span.end -= cut;
    r.text = text[r.bytes.start..r.bytes.end].to_string();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_agree_word_for_word() {
        assert!(names_agree("Trí tuệ nhân tạo", "Trí tuệ nhân tạo"));
        assert!(names_agree(
            "Trí tuệ nhân tạo tạo khung",
            "Trí tuệ nhân tạo"
        ));
        assert!(names_agree(
            "đột phá phát triển khoa học",
            "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo"
        ));
        assert!(!names_agree("An ninh mạng", "Trí tuệ nhân tạo"));
        assert!(!names_agree("Trí tuệ", "Trí tuệ nhân tạo"));
        assert!(!names_agree("Bảo vệ dữ liệu", "Bảo vệ dữ liệu cá nhân"));
    }
}
