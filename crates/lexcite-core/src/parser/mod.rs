//! Structure parser: normalised plain text → [`Document`] with its unit tree and identity.
//!
//! The text is split into regions first (the main body, each attached text such as a
//! programme issued with a resolution, each appendix), because numbering restarts in each.
//! Each region is then built by [`tree::Builder`] in the family it follows.

mod header;
pub mod lines;
mod tree;

use crate::model::{Document, DocumentMeta, Span, Unit, UnitKind};
use crate::normalize::clean;
use lines::{Marker, classify, is_attachment_title, is_upper, roman_value};
use tree::{Builder, Line, Node, build_appendix, detect_family};

pub use header::{issuer_from_number, issuer_name};

/// Why a text cannot be parsed at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the text is empty")]
    Empty,
    #[error(
        "the input is not text: {bad} of its first {checked} characters are control or \
         replacement characters (binary data, or a wrong encoding)"
    )]
    NotText { bad: usize, checked: usize },
}

/// Rejects binary data early: NULs, control characters and U+FFFD do not occur in legal text.
fn check_text(text: &str) -> Result<(), ParseError> {
    let (mut checked, mut bad) = (0, 0);
    for c in text.chars().take(100_000) {
        checked += 1;
        bad += usize::from(c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')));
    }
    if bad > 0 && (bad * 200 > checked || text.contains('\0')) {
        return Err(ParseError::NotText { bad, checked });
    }
    Ok(())
}

fn split_lines(body: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in body.split('\n') {
        let end = start + part.len();
        if !part.is_empty() {
            out.push(Line {
                start,
                end,
                text: part,
                marker: classify(part),
            });
        }
        start = end + 1;
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RegionKind {
    Main,
    Attachment,
    Appendix,
}

/// Splits line indices into regions: (kind, first line, end line exclusive).
fn regions(lines: &[Line<'_>]) -> Vec<(RegionKind, usize, usize)> {
    let mut out: Vec<(RegionKind, usize, usize)> = vec![(RegionKind::Main, 0, lines.len())];
    let mut closing_seen = false;
    let mut announced = false;
    let mut appendix_num: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let kind = out.last().map_or(RegionKind::Main, |r| r.0);
        let marker = line.marker;
        let starts = match &marker {
            Marker::Appendix { num, rest }
                if i > 0
                    && (rest.is_empty() || is_upper(rest))
                    && line.text.chars().count() < 200 =>
            {
                let num = num.map(str::to_string);
                let same = kind == RegionKind::Appendix && appendix_num == num;
                (!same).then(|| {
                    appendix_num = num;
                    RegionKind::Appendix
                })
            }
            _ if kind != RegionKind::Appendix
                && i > 0
                && (closing_seen || announced)
                && is_attachment_title(line.text) =>
            {
                Some(RegionKind::Attachment)
            }
            _ => None,
        };
        if let Some(k) = starts {
            if let Some(last) = out.last_mut() {
                last.2 = i;
            }
            out.push((k, i, lines.len()));
            closing_seen = false;
            announced = false;
            continue;
        }
        if marker == Marker::Closing {
            closing_seen = true;
        }
        if line.text.contains("kèm theo") {
            announced = true;
        }
    }
    out.retain(|r| r.1 < r.2);
    out
}

/// Parses normalised or raw text. `known` metadata (from a curated manifest) takes precedence
/// over what the header says; disagreements are reported as warnings.
pub fn parse(raw: &str, known: &DocumentMeta) -> Result<Document, ParseError> {
    check_text(raw)?;
    let body = clean(raw);
    if body.is_empty() {
        return Err(ParseError::Empty);
    }
    let lines = split_lines(&body);
    let mut warnings = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let mut attachments = 0;
    let mut appendices = 0;

    for (kind, from, to) in regions(&lines) {
        let region = &lines[from..to];
        match kind {
            RegionKind::Main => {
                let root = Node::new(UnitKind::Preamble, None, &region[0], region[0].start);
                let (root, w) = Builder::new(region, detect_family(region), root, true).build();
                warnings.extend(w);
                top.extend(root.children);
            }
            RegionKind::Attachment => {
                attachments += 1;
                let title = &region[0];
                let mut root = Node::new(
                    UnitKind::Attachment,
                    Some(attachments.to_string()),
                    title,
                    title.end,
                );
                root.heading = Some(title.text.to_string());
                let rest = &region[1..];
                let (root, w) = Builder::new(rest, detect_family(rest), root, false).build();
                warnings.extend(w);
                top.push(root);
            }
            RegionKind::Appendix => {
                appendices += 1;
                let head = &region[0];
                let (num, rest) = match head.marker {
                    Marker::Appendix { num, rest } => (num.map(str::to_string), rest),
                    _ => (None, ""),
                };
                let num = num.unwrap_or_else(|| appendices.to_string());
                let mut root = Node::new(UnitKind::Appendix, Some(num), head, head.end);
                let mut first_content = 1;
                if !rest.is_empty() {
                    root.heading = Some(rest.to_string());
                } else if let Some(next) = region.get(1).filter(|l| is_upper(l.text)) {
                    root.heading = Some(next.text.to_string());
                    root.text_start = next.end;
                    root.end = next.end;
                    first_content = 2;
                }
                let root = build_appendix(&region[first_content.min(region.len())..], root);
                top.push(root);
            }
        }
    }

    let head: Vec<&str> = top
        .iter()
        .find(|n| n.kind == UnitKind::Preamble)
        .map(|n| body[n.start..n.end].lines().collect())
        .unwrap_or_default();
    let tail: Vec<&str> = top
        .iter()
        .filter(|n| n.kind == UnitKind::Closing)
        .flat_map(|n| body[n.start..n.end].lines())
        .collect();
    let found = header::read_identity(&head, &tail, &body);
    let mut meta = merge_meta(known, found, &mut warnings);
    // "có hiệu lực … kể từ ngày ký" in a copy without its dateline: the issue date given.
    if meta.effective.is_none() && header::in_force_from_signing(&body) {
        meta.effective = meta.issued;
    }

    if top.is_empty() || top.iter().all(|n| n.kind == UnitKind::Preamble) {
        // No structure at all: the whole text is one unit.
        top = vec![whole_text_node(&lines)];
        warnings.push("no structure recognised: the whole text is one unit".to_string());
    }

    let id = meta.document_id();
    let index = CharIndex::new(&body);
    let mut ctx = Finish {
        body: &body,
        index: &index,
        doc_id: &id,
        doc_name: meta.citation_name(),
        used: std::collections::HashSet::new(),
    };
    let units = top
        .into_iter()
        .map(|n| ctx.unit(n, &[], &Trail::default()))
        .collect();
    Ok(Document {
        id,
        meta,
        body,
        units,
        warnings,
    })
}

fn whole_text_node(lines: &[Line<'_>]) -> Node {
    let first = &lines[0];
    let mut node = Node::new(UnitKind::Preamble, None, first, first.start);
    node.end = lines.last().map_or(first.end, |l| l.end);
    node
}

fn merge_meta(
    known: &DocumentMeta,
    found: DocumentMeta,
    warnings: &mut Vec<String>,
) -> DocumentMeta {
    fn pick<T: Clone + PartialEq + std::fmt::Debug>(
        field: &str,
        known: &Option<T>,
        found: Option<T>,
        warnings: &mut Vec<String>,
    ) -> Option<T> {
        match (known, found) {
            (Some(k), Some(f)) => {
                if *k != f {
                    warnings.push(format!(
                        "{field}: the text says {f:?}, the manifest {k:?}; keeping the manifest"
                    ));
                }
                Some(k.clone())
            }
            (Some(k), None) => Some(k.clone()),
            (None, f) => f,
        }
    }
    DocumentMeta {
        number: pick("number", &known.number, found.number, warnings),
        doc_type: pick("type", &known.doc_type, found.doc_type, warnings),
        issuer: pick("issuer", &known.issuer, found.issuer, warnings),
        issued: pick("issued", &known.issued, found.issued, warnings),
        place: known.place.clone().or(found.place),
        title: known.title.clone().or(found.title),
        signer: pick("signer", &known.signer, found.signer, warnings),
        effective: pick("effective", &known.effective, found.effective, warnings),
        source: known.source.clone(),
        completeness: known.completeness.clone(),
        events: known.events.clone(),
    }
}

/// Byte → character offset table.
struct CharIndex {
    chars_before: Vec<u32>,
}

impl CharIndex {
    fn new(text: &str) -> Self {
        let mut chars_before = Vec::with_capacity(text.len() + 1);
        let mut n = 0u32;
        for &b in text.as_bytes() {
            chars_before.push(n);
            // Every byte but a UTF-8 continuation byte starts a character.
            n += u32::from(b & 0xc0 != 0x80);
        }
        chars_before.push(n);
        Self { chars_before }
    }

    fn span(&self, bytes: Span) -> Span {
        Span::new(
            self.chars_before[bytes.start] as usize,
            self.chars_before[bytes.end] as usize,
        )
    }
}

/// What the ancestors of a unit contribute to its id and citation.
#[derive(Clone, Debug, Default)]
struct Trail {
    /// Id path segments of the citing chain.
    ids: Vec<String>,
    /// Citation labels, innermost last.
    labels: Vec<String>,
    /// Container suffix ("Chương trình ban hành kèm theo", "Phụ lục I").
    container_id: Option<String>,
    container_label: Option<String>,
}

struct Finish<'b> {
    body: &'b str,
    index: &'b CharIndex,
    doc_id: &'b str,
    doc_name: String,
    used: std::collections::HashSet<String>,
}

fn num_slug(kind: UnitKind, num: &str) -> String {
    let arabic = match kind {
        UnitKind::Chapter | UnitKind::Section | UnitKind::Part | UnitKind::Appendix => {
            roman_value(num).map(|v| v.to_string())
        }
        _ => None,
    };
    let raw = arabic.unwrap_or_else(|| num.replace('đ', "dd"));
    crate::normalize::strip_marks(&raw)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn attachment_label(heading: &str) -> String {
    let lower = heading.to_lowercase();
    let kind = [
        "chương trình",
        "quy chế",
        "quy định",
        "kế hoạch",
        "điều lệ",
        "chiến lược",
        "đề án",
        "danh mục",
    ]
    .into_iter()
    .find(|k| lower.starts_with(k))
    .unwrap_or("văn bản");
    let mut chars = kind.chars();
    let cap: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{cap} ban hành kèm theo")
}

impl Finish<'_> {
    fn unit(&mut self, node: Node, ancestors: &[UnitKind], trail: &Trail) -> Unit {
        let kind = node.kind;
        let mut trail = trail.clone();
        let segment = match &node.num {
            Some(n) => format!("{}{}", kind.code(), num_slug(kind, n)),
            None => kind.code().to_string(),
        };
        let label = match kind {
            UnitKind::Attachment => attachment_label(node.heading.as_deref().unwrap_or("")),
            UnitKind::Part => format!("Phần {}", node.num.as_deref().unwrap_or("")),
            _ => match &node.num {
                Some(n) => format!("{} {}", kind.label(), n),
                None => kind.label().to_string(),
            },
        };
        // An article is cited without the chapter or section that groups it.
        if kind == UnitKind::Article {
            trail.ids.clear();
            trail.labels.clear();
        }
        if kind == UnitKind::Attachment {
            trail.container_id = Some(segment.clone());
            trail.container_label = Some(label.clone());
        } else {
            trail.ids.push(segment);
            trail.labels.push(label);
        }

        let mut path: Vec<String> = trail.container_id.iter().cloned().collect();
        path.extend(trail.ids.iter().cloned());
        let mut id = format!("{}:{}", self.doc_id, path.join("."));
        if !self.used.insert(id.clone()) {
            let mut n = 2;
            while !self.used.insert(format!("{id}~{n}")) {
                n += 1;
            }
            id = format!("{id}~{n}");
        }

        let mut citation: Vec<String> = trail.labels.iter().rev().cloned().collect();
        if kind != UnitKind::Attachment {
            if let Some(c) = &trail.container_label {
                citation.push(c.clone());
            }
        } else {
            citation = vec![trail.container_label.clone().unwrap_or_default()];
        }
        citation.push(self.doc_name.clone());
        let citation = citation.join(" ");

        let own_end = node.own_end.unwrap_or(node.end).max(node.start);
        let text = if node.text_start < own_end {
            own_text(&self.body[node.text_start..own_end])
        } else {
            String::new()
        };
        let bytes = Span::new(node.start, node.end);
        let own_bytes = Span::new(node.start, own_end);

        let mut child_ancestors = ancestors.to_vec();
        child_ancestors.push(kind);
        let children = node
            .children
            .into_iter()
            .map(|c| self.unit(c, &child_ancestors, &trail))
            .collect();
        Unit {
            id,
            kind,
            num: node.num,
            heading: node.heading,
            text,
            citation,
            span: self.index.span(bytes),
            own: self.index.span(own_bytes),
            bytes,
            own_bytes,
            notes: node.notes,
            children,
        }
    }
}

/// A unit's own text: its lines without editorial annotations, trimmed.
fn own_text(segment: &str) -> String {
    let kept: Vec<&str> = segment
        .split('\n')
        .filter(|l| !(l.starts_with('[') && matches!(classify(l), Marker::Annotation { .. })))
        .collect();
    kept.join("\n").trim().to_string()
}
