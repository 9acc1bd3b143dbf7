//! The citation verifier: every legal reference in a text, resolved against the catalog, with
//! one status each and never a silent pass.
//!
//! Resolution runs on the in-memory catalog; the store is read once per text, for the units
//! whose content a sentence makes a claim about ([`content`]). References that name no
//! document ("Điều 9", "Luật này", "Nghị định nêu trên") take the document the text was last
//! talking about.

pub mod content;
pub mod devset;
pub mod report;

use std::collections::HashMap;

use chrono::Datelike;
use lexcite_core::DocType;
use lexcite_core::normalize::match_key;
use lexcite_core::reference::{DocRef, Reference, extract};

use crate::catalog::{Catalog, CatalogDoc, StepMiss, types_agree};
use crate::registry::Registry;
use crate::{Access, Engine, EngineError, identity};
pub use report::*;

/// The document the text is talking about, as far as the verifier could tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    /// A document of the corpus (index into the catalog).
    Doc(usize),
    /// A document the corpus lacks or could not tell apart: what follows cannot be checked.
    Unknown,
}

/// What earlier references established, for the references that name no document.
#[derive(Default)]
struct Context {
    last: Option<Known>,
    by_type: HashMap<DocType, Known>,
    /// Numbers already resolved in this text ("71/NQ-CP" after "71/NQ-CP ngày 01/4/2025").
    by_number: HashMap<String, usize>,
}

impl Context {
    fn remember(&mut self, doc_type: Option<DocType>, known: Known) {
        self.last = Some(known);
        if let Some(t) = doc_type {
            self.by_type.insert(t, known);
        }
    }
}

/// A reference resolved against the catalog, before its content is judged.
pub(crate) struct Resolved {
    pub checked: CheckedReference,
    pub reference: Reference,
    /// The document and the units, when everything was found.
    pub doc: Option<usize>,
    pub units: Vec<usize>,
}

/// How a document named by a reference was looked for.
enum Lookup {
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

/// Checks every reference of a text. See the module docs.
pub fn verify(
    engine: &Engine,
    req: &VerifyRequest,
    access: Access,
) -> Result<VerifyReport, EngineError> {
    if req.text.trim().is_empty() {
        return Err(crate::invalid("text", "must not be empty"));
    }
    let catalog = engine.catalog();
    let resolved = resolve_all(&catalog, engine.registry(), &req.text, access, None);
    let references = if req.check_content {
        content::judge(engine, &catalog, &req.text, resolved)?
    } else {
        resolved.into_iter().map(|r| r.checked).collect()
    };
    Ok(VerifyReport {
        summary: Summary::of(&references),
        references,
    })
}

/// Resolves every reference of `text`; `about` is the document the text is about, when the
/// caller knows it (an answer quoting a unit).
pub(crate) fn resolve_all(
    catalog: &Catalog,
    registry: Option<&Registry>,
    text: &str,
    access: Access,
    about: Option<usize>,
) -> Vec<Resolved> {
    let mut ctx = Context::default();
    if let Some(d) = about {
        ctx.remember(catalog.docs[d].meta.doc_type, Known::Doc(d));
    }
    extract(text)
        .into_iter()
        .map(|r| resolve(catalog, registry, text, r, access, &mut ctx))
        .collect()
}

fn base(r: &Reference) -> CheckedReference {
    CheckedReference {
        text: r.text.clone(),
        start: r.span.start,
        end: r.span.end,
        status: Status::NotChecked,
        explanation: String::new(),
        document: None,
        document_from_context: false,
        units: Vec::new(),
        mismatches: Vec::new(),
        number: None,
        candidates: Vec::new(),
        evidence: None,
    }
}

/// A reference that resolved to no document: `status` and why, plus what `fill` adds.
fn unresolved(
    r: Reference,
    status: Status,
    explanation: String,
    fill: impl FnOnce(&mut CheckedReference),
) -> Resolved {
    let mut checked = base(&r);
    checked.status = status;
    checked.explanation = explanation;
    fill(&mut checked);
    Resolved {
        checked,
        reference: r,
        doc: None,
        units: Vec::new(),
    }
}

fn not_checked(r: Reference, explanation: String) -> Resolved {
    unresolved(r, Status::NotChecked, explanation, |_| {})
}

fn resolve(
    catalog: &Catalog,
    registry: Option<&Registry>,
    text: &str,
    mut r: Reference,
    access: Access,
    ctx: &mut Context,
) -> Resolved {
    if r.relative_unit {
        let e = format!(
            "“{}” chỉ điều, khoản chứa chính câu này; không xác định được từ văn bản đưa vào.",
            r.text
        );
        return not_checked(r, e);
    }
    let explicit = r.document.clone().filter(|d| !d.relative && d.identifies());
    let Some(d) = explicit else {
        // "Điều 9", "Luật này", "Điều 5 Nghị định": the document the text is about.
        let stated_type = r.document.as_ref().and_then(|d| d.doc_type);
        let known = match stated_type {
            Some(t) => ctx.by_type.get(&t).copied(),
            None => ctx.last,
        };
        return match known {
            Some(Known::Doc(i)) => {
                let doc = &catalog.docs[i];
                let mut out = units_of(catalog, i, r, &DocRef::default());
                out.checked.document_from_context = true;
                if out.checked.status == Status::Verified {
                    out.checked.explanation =
                        format!("Khớp với {} (văn bản được nhắc trước đó).", cite(doc, &out));
                }
                out
            }
            Some(Known::Unknown) => {
                let e = "Văn bản được nhắc trước đó không kiểm tra được, nên tham chiếu này cũng không kiểm tra được.".to_string();
                not_checked(r, e)
            }
            None => {
                let e = "Tham chiếu không nêu văn bản nào và đoạn văn trước đó cũng chưa nhắc văn bản nào.".to_string();
                not_checked(r, e)
            }
        };
    };
    let found = find_document(catalog, registry, &d, access, ctx);
    let i = match found {
        Lookup::Found(i) => i,
        Lookup::NotFound {
            explanation,
            number,
        } => {
            ctx.remember(d.doc_type, Known::Unknown);
            return unresolved(r, Status::DocumentNotFound, explanation, |c| {
                c.number = number
            });
        }
        Lookup::Ambiguous {
            explanation,
            candidates,
        } => {
            ctx.remember(d.doc_type, Known::Unknown);
            return unresolved(r, Status::Ambiguous, explanation, |c| {
                c.candidates = candidates
            });
        }
    };
    let doc = &catalog.docs[i];
    ctx.remember(doc.meta.doc_type.or(d.doc_type), Known::Doc(i));
    if let Some(n) = &doc.meta.number {
        ctx.by_number.insert(n.key(), i);
    }
    trim_name(text, &mut r, doc);
    units_of(catalog, i, r, &d)
}

/// Checks what the reference states about document `i`, then follows its unit paths.
fn units_of(catalog: &Catalog, i: usize, r: Reference, d: &DocRef) -> Resolved {
    let doc = &catalog.docs[i];
    let mut checked = base(&r);
    checked.document = Some(identity(doc));
    checked.mismatches = mismatches(d, doc);
    let mut missing = Vec::new();
    let mut ambiguous = Vec::new();
    let mut units = Vec::new();
    for loc in &r.locators {
        match catalog.follow(doc, &loc.steps, d.attachment) {
            Ok(u) => {
                units.push(u);
                checked.units.push(CheckedUnit {
                    label: loc.label(),
                    found: true,
                    unit_id: Some(doc.units[u].id.clone()),
                    citation: Some(doc.units[u].citation.clone()),
                    exists: None,
                });
            }
            Err(StepMiss::Missing { step, within, have }) => {
                let phrase = match have.strip_prefix("no ") {
                    Some(kind) => format!("không có {kind} nào"),
                    None => format!("chỉ có {have}"),
                };
                missing.push(if within == doc.name {
                    format!("{} ({phrase})", step.label())
                } else {
                    format!("{} (trong {within} {phrase})", step.label())
                });
                checked.units.push(CheckedUnit {
                    label: loc.label(),
                    found: false,
                    unit_id: None,
                    citation: None,
                    exists: Some(have),
                });
            }
            Err(StepMiss::Ambiguous { step, candidates }) => {
                ambiguous.push(step.label());
                checked.candidates.extend(candidates);
                checked.units.push(CheckedUnit {
                    label: loc.label(),
                    found: false,
                    unit_id: None,
                    citation: None,
                    exists: None,
                });
            }
        }
    }
    let (status, explanation) = if let Some(m) = checked.mismatches.first() {
        (
            Status::MetadataMismatch,
            format!(
                "{} có {} là “{}”, không phải “{}”.",
                doc.name,
                field_vi(&m.field),
                m.corpus,
                m.stated
            ),
        )
    } else if !ambiguous.is_empty() {
        (
            Status::Ambiguous,
            format!(
                "{} trong {} ứng với nhiều đơn vị: {}.",
                ambiguous.join(", "),
                doc.name,
                checked.candidates.join("; ")
            ),
        )
    } else if !missing.is_empty() {
        match doc.holds() {
            Some(holds) => (
                Status::NotChecked,
                format!(
                    "Kho dữ liệu chỉ có một phần {} ({holds}); không có {}, nên chưa kiểm tra được.",
                    doc.name,
                    missing.join("; ")
                ),
            ),
            None => (
                Status::UnitNotFound,
                format!("{} không có {}.", doc.name, missing.join("; ")),
            ),
        }
    } else {
        (Status::Verified, String::new())
    };
    checked.status = status;
    let ok = status == Status::Verified;
    let mut out = Resolved {
        checked,
        reference: r,
        doc: Some(i),
        units: if ok { units } else { Vec::new() },
    };
    out.checked.explanation = if ok {
        format!("Khớp với {}.", cite(doc, &out))
    } else {
        explanation
    };
    out
}

/// "khoản 1 Điều 9 Luật Trí tuệ nhân tạo số 134/2025/QH15", or the document's name.
fn cite(doc: &CatalogDoc, r: &Resolved) -> String {
    let labels: Vec<&str> = r.checked.units.iter().map(|u| u.label.as_str()).collect();
    if labels.is_empty() {
        doc.name.clone()
    } else {
        format!("{} {}", labels.join(", "), doc.name)
    }
}

fn field_vi(field: &str) -> &'static str {
    match field {
        "issued" => "ngày ban hành",
        "issuer" => "cơ quan ban hành",
        "type" => "loại văn bản",
        "year" => "năm ban hành",
        _ => "tên",
    }
}

/// Finds the document a reference names among those the caller may see.
fn find_document(
    catalog: &Catalog,
    registry: Option<&Registry>,
    d: &DocRef,
    access: Access,
    ctx: &Context,
) -> Lookup {
    let visible = |doc: &CatalogDoc| access.can_see(doc.classification);
    let shown = crate::describe(d);
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
fn mismatches(d: &DocRef, doc: &CatalogDoc) -> Vec<Mismatch> {
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
    known: &[crate::registry::RegistryEntry],
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
fn number_check(
    d: &DocRef,
    registry: Option<&Registry>,
    known: &[crate::registry::RegistryEntry],
) -> NumberCheck {
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
fn trim_name(text: &str, r: &mut Reference, doc: &CatalogDoc) {
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
