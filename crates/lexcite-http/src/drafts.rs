//! Drafts handed in as files: their text, the verifier's report on it as Word comments in the
//! draft itself, and the report as CSV. Shared by the API and `lexcite verify`.

use chrono::{DateTime, NaiveDate, Utc};

use lexcite_core::ParseError;
use lexcite_engine::verify::{CheckedReference, Status, VerifyReport, VerifyRequest};
use lexcite_engine::{Access, Engine, EngineError};
use lexcite_ingest::comments::{Author, Draft, Note};
use lexcite_ingest::{Format, ReadError, read};

use crate::error::{ApiError, ErrorCode};

/// The text of a draft file and what it was.
#[derive(Debug, Clone)]
pub struct DraftText {
    pub format: Format,
    pub text: String,
}

/// How to check a draft.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub as_of: Option<NaiveDate>,
    pub check_content: bool,
}

impl Options {
    fn request(self, text: String) -> VerifyRequest {
        VerifyRequest {
            text,
            check_content: self.check_content,
            as_of: self.as_of,
        }
    }
}

/// Why a draft could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("comments are written into Word documents only; this is a {0}")]
    NotDocx(Format),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl From<DraftError> for ApiError {
    fn from(e: DraftError) -> Self {
        match e {
            DraftError::Read(e) => e.into(),
            DraftError::NotDocx(_) => ApiError::new(ErrorCode::DocxRequired, e.to_string()),
            DraftError::Engine(e) => e.into(),
        }
    }
}

/// The text of a draft: a .docx as its comments anchor in (one paragraph per line), any
/// other format through the readers. A file without text is an error.
pub fn text_of(bytes: &[u8]) -> Result<DraftText, ReadError> {
    let draft = if read::is_zip(bytes) {
        DraftText {
            format: Format::Docx,
            text: Draft::read(bytes)?.text().to_string(),
        }
    } else {
        let e = read::extract(bytes)?;
        DraftText {
            format: e.format,
            text: e.text,
        }
    };
    if draft.text.trim().is_empty() {
        return Err(ReadError::Parse(ParseError::Empty));
    }
    Ok(draft)
}

/// Checks a draft file.
pub fn verify(
    engine: &Engine,
    bytes: &[u8],
    options: Options,
    access: Access,
) -> Result<(VerifyReport, DraftText), DraftError> {
    let draft = text_of(bytes)?;
    let report = engine.verify(&options.request(draft.text.clone()), access)?;
    Ok((report, draft))
}

/// Checks a .docx and returns it with a Word comment on every reference and a summary
/// comment on its first paragraph, with the report.
pub fn annotate(
    engine: &Engine,
    bytes: &[u8],
    options: Options,
    access: Access,
    now: DateTime<Utc>,
) -> Result<(Vec<u8>, VerifyReport), DraftError> {
    if !read::is_zip(bytes) {
        let format = read::extract(bytes)?.format;
        return Err(DraftError::NotDocx(format));
    }
    let draft = Draft::read(bytes)?;
    if draft.text().trim().is_empty() {
        return Err(ReadError::Parse(ParseError::Empty).into());
    }
    let report = engine.verify(&options.request(draft.text().to_string()), access)?;
    let notes: Vec<Note> = report
        .references
        .iter()
        .map(|r| Note {
            start: r.start,
            end: r.end,
            text: comment(r),
        })
        .collect();
    let author = Author {
        name: "lexcite".into(),
        initials: "LC".into(),
        date: now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    let summary = summary(&report, now.date_naive());
    let docx = draft.annotate(&notes, Some(&summary), &author)?;
    Ok((docx, report))
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Cuts a quote to about `most` characters at a word.
fn shortened(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_string();
    }
    let cut: String = text.chars().take(most).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

/// A reference's comment: the verdict and why, then what the corpus has.
pub fn comment(r: &CheckedReference) -> String {
    let mut lines = vec![
        format!("[{}] {}", r.status.vietnamese(), r.text),
        r.explanation.clone(),
    ];
    let cited: Vec<&str> = r
        .units
        .iter()
        .filter_map(|u| u.citation.as_deref())
        .collect();
    if !cited.is_empty() {
        lines.push(format!("Trích dẫn trong kho: {}", cited.join("; ")));
    } else if let Some(d) = &r.document {
        lines.push(format!("Văn bản trong kho: {}", d.name));
    }
    if let Some(e) = &r.evidence {
        let quote = shortened(&e.quote, 300);
        match r.status {
            Status::ContentMismatch => {
                lines.push(format!("Văn bản viết ({}): “{quote}”", e.citation))
            }
            Status::Unsupported => lines.push(format!("Đoạn gần nhất ({}): “{quote}”", e.citation)),
            _ => {}
        }
        if let Some(s) = &e.suggestion {
            lines.push(format!(
                "Gợi ý: {} — “{}”",
                s.citation,
                shortened(&s.quote, 200)
            ));
        }
    }
    if !r.candidates.is_empty() {
        lines.push(format!("Có thể là: {}", r.candidates.join("; ")));
    }
    if let Some(v) = &r.validity
        && !matches!(v.status, lexcite_engine::validity::InForce::InForce)
    {
        let mut line = format!("Hiệu lực: {}", v.status.vietnamese());
        if let Some(since) = v.since {
            line.push_str(&format!(" từ {}", dmy(since)));
        }
        if let Some(by) = &v.by {
            line.push_str(&format!(" ({})", by.citation));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// The comment at the top of an annotated draft: counts per status and what they mean.
pub fn summary(report: &VerifyReport, on: NaiveDate) -> String {
    let s = &report.summary;
    if s.total == 0 {
        return format!(
            "lexcite, {}: không tìm thấy tham chiếu pháp lý nào trong văn bản.",
            dmy(on)
        );
    }
    let mut lines = vec![format!(
        "lexcite, {}: {} tham chiếu pháp lý được kiểm tra.",
        dmy(on),
        s.total
    )];
    for status in Status::ALL {
        let n = s.count(status);
        if n > 0 {
            lines.push(format!("{}: {n}", status.vietnamese()));
        }
    }
    lines.push(
        "Mỗi tham chiếu có một nhận xét riêng. \"Đã xác minh\" nghĩa là văn bản, điều khoản và \
         điều được nêu về chúng có trong kho văn bản; mọi trạng thái khác cần được kiểm tra lại."
            .to_string(),
    );
    lines.join("\n")
}

/// The report as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read the
/// diacritics), one row per reference.
pub fn csv(report: &VerifyReport) -> String {
    let mut out = String::from(
        "\u{feff}start,end,status,trang_thai,reference,explanation,citation,document,in_force\r\n",
    );
    for r in &report.references {
        let citation = r
            .units
            .iter()
            .filter_map(|u| u.citation.as_deref())
            .collect::<Vec<_>>()
            .join("; ");
        let row = [
            r.start.to_string(),
            r.end.to_string(),
            r.status.as_str().to_string(),
            r.status.vietnamese().to_string(),
            r.text.clone(),
            r.explanation.clone(),
            citation,
            r.document
                .as_ref()
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            r.validity
                .as_ref()
                .map(|v| v.status.vietnamese().to_string())
                .unwrap_or_default(),
        ];
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV cell: quoted when it must be, and never read as a formula by a spreadsheet.
fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("Điều 5"), "Điều 5");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("nói \"x\""), "\"nói \"\"x\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "'-1");
    }

    #[test]
    fn long_quotes_are_cut_at_a_word() {
        let q = "một hai ba bốn năm sáu bảy tám chín mười";
        assert_eq!(shortened(q, 12), "một hai ba …");
        assert_eq!(shortened("ngắn", 12), "ngắn");
    }
}
