//! Claims about a whole document ("Luật số … quy định …", "Nghị định … về …"): its entry into
//! force against the document's date, its subject after "về" against the title or scope
//! article, what it says of the document's identity against the metadata, and anything else
//! against the passages of the document that best match it. A document only mentioned
//! ("Nghị quyết 57 là văn kiện quan trọng") claims nothing.

use chrono::Datelike;
use lexcite_core::normalize::strip_marks;
use lexcite_index::Index;

use super::claim::Claim;
use super::facts::{Dates, date_events, states_effect};
use super::finding::{Judged, in_document, quote_of, rank};
use super::judge::{Finding, judge};
use super::report::Verdict;
use crate::catalog::CatalogDoc;
use crate::error::EngineError;
use crate::text::Terms;

/// Passages of a document a claim about the whole document is judged against.
const DOCUMENT_PASSAGES: usize = 5;

/// A claim about a whole document: its entry into force against the document's date, its
/// subject after "về" against the title, anything else against the passages of the document
/// that best match it.
pub(super) fn judge_document(
    index: &Index,
    doc: &CatalogDoc,
    d: usize,
    claim: &Claim,
    searches: &mut usize,
) -> Result<Option<Judged>, EngineError> {
    let mut finding = Finding::none();
    // "Căn cứ Luật …, đơn vị …": a whole document given as grounds claims nothing of its text.
    if claim.basis || claim.mentioned || claim.grounds || !about_content(claim) {
        return Ok(Some(Judged::bare(d, finding, claim)));
    }
    // "Ngày 15 tháng 3 năm 2024, Bộ Chính trị ban hành Nghị quyết 57-NQ/TW về …": a date
    // said to be the issue or the entry into force is checked first, wherever it stands.
    let dates = lexcite_core::date::find_dates(&claim.text);
    let spans: Vec<(usize, usize)> = dates.iter().map(|x| (x.start, x.end)).collect();
    for (x, event) in dates.iter().zip(date_events(&claim.text, &spans)) {
        let (right, line) = match event {
            Dates::Issue => (doc.meta.issued, "ban hành ngày"),
            Dates::Effect => (doc.meta.effective, "có hiệu lực từ ngày"),
            Dates::Other => continue,
        };
        if let Some(right) = right
            && right != x.date
        {
            finding.missing.push(claim.text[x.start..x.end].to_string());
            finding
                .instead
                .push(format!("{line} {}", right.format("%d/%m/%Y")));
        }
    }
    if !finding.missing.is_empty() {
        finding.kinds = vec!["date"];
        finding.outcome = Some(Verdict::Contradicted);
        return Ok(Some(Judged::about_document(d, doc, finding, claim)));
    }
    let mut claim = claim.clone();
    if let Some(subject) = claim.subject.clone() {
        // "… về X …": X, as far as the title (or the document's scope) says it; what follows
        // in the sentence is a claim of its own.
        let (mut said, mut rest) = subject_in_title(doc, &subject);
        if said.is_empty() && in_scope(index, doc, &subject)? {
            (said, rest) = (subject.clone(), String::new());
        }
        finding.kinds = vec!["subject"];
        if said.is_empty() {
            finding.outcome = Some(Verdict::NotFound);
            finding.missing.push(subject.clone());
            finding.instead.extend(doc.meta.title.clone());
            return Ok(Some(Judged::about_document(d, doc, finding, &claim)));
        }
        claim.subject = None;
        claim.text = claim.text.replacen(said.as_str(), " ", 1);
        if !about_content(&Claim {
            text: rest,
            ..claim.clone()
        }) && !claim.attributed
        {
            finding.outcome = Some(Verdict::Supported);
            return Ok(Some(Judged::about_document(d, doc, finding, &claim)));
        }
    }
    let claim = &claim;
    if states_effect(&claim.text)
        && let Some(effective) = doc.meta.effective
    {
        let dates = lexcite_core::date::find_dates(&claim.text);
        if !dates.is_empty() {
            finding.kinds = vec!["date"];
            // The dates said to be the issue or the entry into force are checked above;
            // one the claim does not place is the entry into force or the issue.
            let spans: Vec<(usize, usize)> = dates.iter().map(|x| (x.start, x.end)).collect();
            for (x, event) in dates.iter().zip(date_events(&claim.text, &spans)) {
                if event == Dates::Other && x.date != effective && doc.meta.issued != Some(x.date) {
                    finding.missing.push(claim.text[x.start..x.end].to_string());
                    finding.instead.push(format!(
                        "có hiệu lực từ ngày {}",
                        effective.format("%d/%m/%Y")
                    ));
                }
            }
            finding.outcome = Some(if finding.missing.is_empty() {
                Verdict::Supported
            } else {
                Verdict::Contradicted
            });
            return Ok(Some(Judged::about_document(d, doc, finding, claim)));
        }
    }
    let mut general = claim.clone();
    if let Some(s) = &claim.subject {
        general.text = general.text.replace(s.as_str(), " ");
        general.subject = None;
    }
    // What the sentence says of the document's identity (who passed it, when) is its
    // metadata, already checked; what it says of the content is judged below.
    general.text = without_identity(&general.text, doc);
    if Terms::of(&general.text).words.len() < 2
        && super::facts::facts(&general.text).figures.is_empty()
    {
        finding.outcome = Some(Verdict::Supported);
        finding.kinds = vec!["identity"];
        return Ok(Some(Judged::about_document(d, doc, finding, claim)));
    }
    // The document's own title may say it ("Nghị định … quy định chi tiết … Luật …").
    if title_says(doc, &general.text) {
        finding.outcome = Some(Verdict::Supported);
        finding.kinds = vec!["subject"];
        return Ok(Some(Judged::about_document(d, doc, finding, claim)));
    }
    if *searches == 0 {
        return Ok(Some(Judged::over_budget(d, claim)));
    }
    *searches -= 1;
    let hits = in_document(index, doc, &general.text, DOCUMENT_PASSAGES)?;
    let mut best: Option<Judged> = None;
    for (id, citation, p) in &hits {
        let f = judge(&general, &[p], doc);
        let better = match &best {
            None => true,
            Some(b) => rank(&f) > rank(&b.finding),
        };
        if better {
            best = Some(Judged {
                doc: d,
                units: vec![(id.clone(), citation.clone())],
                quote: quote_of(&f, &[p]),
                finding: f,
                claim: claim.clone(),
            });
        }
    }
    // A sentence about a whole document may gather figures its passages state apart ("đạt 2%
    // GDP …, quy mô kinh tế số đạt tối thiểu 30% GDP"): a figure the best passage lacks but
    // another one states is not contradicted, only not found in one place.
    if let Some(b) = &mut best
        && b.finding.outcome == Some(Verdict::Contradicted)
        && b.finding.missing.iter().all(|m| {
            let said = super::facts::facts(m).figures;
            !said.is_empty()
                && said.iter().all(|f| {
                    hits.iter()
                        .any(|(_, _, p)| p.facts.figures.iter().any(|g| g.same(f)))
                })
        })
    {
        b.finding.outcome = Some(Verdict::NotFound);
    }
    Ok(best.or_else(|| {
        finding.outcome = Some(Verdict::NotFound);
        finding.kinds = vec!["statement"];
        Some(Judged::about_document(d, doc, finding, claim))
    }))
}

/// Verbs by which a sentence says what a document provides; without one (and without "theo
/// …" or "về …") a document is only mentioned: "Nghị quyết 57 là văn kiện quan trọng".
const CONTENT_VERBS: &[&str] = &[
    "quy dinh",
    "huong dan",
    "neu",
    "yeu cau",
    "xac dinh",
    "dat ra",
    "giao",
    "hieu luc",
    "khang dinh",
    "nhan manh",
    "chi ro",
    "de ra",
    "cho phep",
    "cam",
    "bat buoc",
    "muc tieu",
    "chi tieu",
    "phan dau",
    "thanh lap",
];

/// Whether a claim about a whole document says something of its content.
fn about_content(claim: &Claim) -> bool {
    let folded = strip_marks(&claim.text.to_lowercase());
    claim.subject.is_some()
        || claim.attributed
        || states_figure(&claim.text)
        || CONTENT_VERBS.iter().any(|v| {
            folded.match_indices(v).any(|(i, _)| {
                folded[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
        })
}

/// Whether a text states a figure other than a bare year ("50.000 kỹ sư", "30% GDP"): what
/// a sentence says a document sets is content, whatever its verb.
fn states_figure(text: &str) -> bool {
    super::facts::facts(text)
        .figures
        .iter()
        .any(|f| !f.unit.is_empty() || !crate::needs::is_year(&f.value))
}

/// A claim without what it says of the document's identity: its issuer, the year and dates
/// it was issued or takes effect, and the verbs that go with them ("được Quốc hội thông qua
/// năm 2025").
fn without_identity(text: &str, doc: &CatalogDoc) -> String {
    let mut out = text.to_string();
    if let Some(issuer) = &doc.meta.issuer {
        out = out.replace(issuer.as_str(), " ");
    }
    for date in [doc.meta.issued, doc.meta.effective].into_iter().flatten() {
        for d in lexcite_core::date::find_dates(&out.clone()) {
            if d.date == date {
                out.replace_range(d.start..d.end, " ");
                break;
            }
        }
        out = out.replace(&format!("năm {}", date.year()), " ");
    }
    for phrase in ["thông qua", "ban hành", "được ký", "ký ban hành", "ký"] {
        out = out.replace(phrase, " ");
    }
    out
}

/// The longest start of a subject that the document's title or its scope article says (its
/// words and word pairs), and the rest of the subject.
fn subject_in_title(doc: &CatalogDoc, subject: &str) -> (String, String) {
    let words: Vec<&str> = subject.split_whitespace().collect();
    let title = Terms::of(&format!(
        "{} {}",
        doc.meta.title.as_deref().unwrap_or(""),
        doc.name
    ));
    let says = |part: &str, have: &Terms| says_all(&Terms::of(part), have);
    // A start that stops mid-name ("công nghệ" of "công nghệ cao") is no match: the rest
    // must begin a new part of the sentence.
    const GOES_ON: &[&str] = &[
        "do", "được", "vẫn", "đã", "là", "có", "quy", "hướng", "nêu", "ban", "của", "ngày", "theo",
        "thì", "sẽ", "đang", "cũng", "nhằm", "để", "khi", "yêu", "xác", "thay", "bãi", "sửa",
        "hết", "áp", "gồm", "bao",
    ];
    for n in (2..=words.len()).rev() {
        let part = words[..n].join(" ");
        let next = words.get(n).map(|w| w.to_lowercase());
        if says(&part, &title) && next.is_none_or(|w| GOES_ON.contains(&w.as_str())) {
            return (part, words[n..].join(" "));
        }
    }
    (String::new(), subject.to_string())
}

/// Whether the document's scope article ("Phạm vi điều chỉnh") says the subject, all its
/// words and most of its word pairs.
fn in_scope(index: &Index, doc: &CatalogDoc, subject: &str) -> Result<bool, EngineError> {
    let ids: Vec<String> = doc
        .units
        .iter()
        .filter(|u| {
            u.heading
                .as_deref()
                .is_some_and(|h| strip_marks(&h.to_lowercase()).contains("pham vi dieu chinh"))
        })
        .map(|u| u.id.clone())
        .collect();
    if ids.is_empty() {
        return Ok(false);
    }
    let want = Terms::of(subject);
    if want.words.is_empty() {
        return Ok(false);
    }
    Ok(index
        .store()
        .get(&ids)?
        .iter()
        .any(|r| says_all(&want, &Terms::of(&r.text))))
}

/// Whether `have` holds every word of `want` and at least four in five of its word pairs.
fn says_all(want: &Terms, have: &Terms) -> bool {
    let (words, pairs) = want.held_in(have);
    !want.words.is_empty() && words == want.words.len() && pairs * 10 >= want.pairs.len() * 8
}

/// Whether the document's title says what the claim says, word for word and pair for pair.
fn title_says(doc: &CatalogDoc, text: &str) -> bool {
    let Some(title) = &doc.meta.title else {
        return false;
    };
    let claim = Terms::of(text);
    let have = Terms::of(title);
    if claim.words.len() < 2 {
        return false;
    }
    let (words, pairs) = claim.held_in(&have);
    let words = words as f32 / claim.words.len() as f32;
    let pairs = pairs as f32 / claim.pairs.len().max(1) as f32;
    words >= 0.9 && pairs >= 0.8
}
