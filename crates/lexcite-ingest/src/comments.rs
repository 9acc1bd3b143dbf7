//! Word comments on a draft: a .docx read into the text its comments are anchored in, and the
//! same .docx written back with a comment on given character ranges of that text.
//!
//! The text is every paragraph of `word/document.xml` with text, one per line, tabs and breaks
//! as spaces, deleted revisions and field codes left out (as the DOCX reader, without the
//! automatic numbering labels, which are not in the runs). A comment is anchored on the
//! runs that hold its range: a run of plain text is split at the range's ends, keeping its
//! properties; any other run (a field, a drawing) is taken whole. Every other part of the
//! package is copied byte for byte; `word/document.xml`, the comments part, the document's
//! relationships and the content types are the only ones written.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};

use crate::error::ReadError;

const DOCUMENT: &str = "word/document.xml";
const RELS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The largest part read, as for the reader.
const MAX_PART: u64 = 256 << 20;

/// One comment: a range of [`Draft::text`] in characters, and its text (a line per paragraph).
#[derive(Debug, Clone)]
pub struct Note {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Who the comments are by, and when.
#[derive(Debug, Clone)]
pub struct Author {
    pub name: String,
    pub initials: String,
    /// ISO 8601, e.g. "2026-12-01T09:30:00Z".
    pub date: String,
}

/// A piece of a run: text (with its characters) or another child element kept as it is.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    /// A tab or break: one space in the text.
    Space(Range<usize>),
    /// Anything else inside a plain run that adds no text (a rendered page break).
    Silent(Range<usize>),
}

#[derive(Debug, Clone)]
struct Run {
    /// The whole `<w:r …>…</w:r>` in `document.xml`.
    span: Range<usize>,
    /// The start tag and, when present, `<w:rPr>…</w:rPr>`: what every part of a split run
    /// starts with.
    head: Range<usize>,
    pieces: Vec<Piece>,
    /// Only text, tabs and breaks: the run can be split.
    plain: bool,
    /// Where its text starts in the draft's text, and how many characters it has.
    at: usize,
    len: usize,
}

/// A .docx ready to be commented.
#[derive(Debug)]
pub struct Draft {
    bytes: Vec<u8>,
    xml: String,
    runs: Vec<Run>,
    /// Per paragraph with text: its runs (indices into `runs`).
    paragraphs: Vec<Range<usize>>,
    text: String,
}

impl Draft {
    /// Reads a .docx. Errors are the reader's: not a zip, not a Word document, damaged XML.
    pub fn read(bytes: &[u8]) -> Result<Draft, ReadError> {
        if bytes.is_empty() {
            return Err(ReadError::Empty);
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ReadError::ZipDamaged(e.to_string()))?;
        if zip.index_for_name(DOCUMENT).is_none() {
            let entries = zip
                .file_names()
                .take(5)
                .flatten()
                .map(|n| n.into_owned())
                .collect();
            return Err(ReadError::NotDocx { entries });
        }
        let xml = part(&mut zip, DOCUMENT)?;
        let (runs, paragraphs) = runs_of(&xml)?;
        let mut text = String::new();
        for p in &paragraphs {
            for r in &runs[p.clone()] {
                for piece in &r.pieces {
                    match piece {
                        Piece::Text(t) => text.push_str(t),
                        Piece::Space(_) => text.push(' '),
                        Piece::Silent(_) => {}
                    }
                }
            }
            text.push('\n');
        }
        Ok(Draft {
            bytes: bytes.to_vec(),
            xml,
            runs,
            paragraphs,
            text,
        })
    }

    /// The text the notes' offsets are in: one paragraph per line.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The .docx with a comment for every note, and `summary` (when given) on the first
    /// paragraph.
    pub fn annotate(
        &self,
        notes: &[Note],
        summary: Option<&str>,
        author: &Author,
    ) -> Result<Vec<u8>, ReadError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(&self.bytes[..]))
            .map_err(|e| ReadError::ZipDamaged(e.to_string()))?;
        let rels = match zip.index_for_name(RELS) {
            Some(_) => Some(part(&mut zip, RELS)?),
            None => None,
        };
        let (rels, comments_part) = with_comments_relationship(rels.as_deref());
        let existing = match zip.index_for_name(&comments_part) {
            Some(_) => Some(part(&mut zip, &comments_part)?),
            None => None,
        };
        let first_id = existing.as_deref().map_or(0, next_comment_id);
        let mut anchored: Vec<(usize, usize)> = Vec::new();
        let mut bodies: Vec<(u64, &str)> = Vec::new();
        let mut id = first_id;
        if let Some(summary) = summary
            && let Some(p) = self.paragraphs.first()
        {
            let start = self.runs[p.start].at;
            let last = &self.runs[p.end - 1];
            anchored.push((start, last.at + last.len));
            bodies.push((id, summary));
            id += 1;
        }
        for n in notes {
            anchored.push((n.start, n.end));
            bodies.push((id, &n.text));
            id += 1;
        }
        let marks = self.marks(&anchored, first_id);
        let document = self.marked(&marks);
        let comments = comments_xml(existing.as_deref(), &bodies, author)?;
        let types = match zip.index_for_name(CONTENT_TYPES) {
            Some(_) => with_comments_type(&part(&mut zip, CONTENT_TYPES)?, &comments_part),
            None => return Err(ReadError::DocxDamaged(format!("{CONTENT_TYPES} is missing"))),
        };
        let mut written: HashMap<&str, Vec<u8>> = HashMap::from([
            (DOCUMENT, document.into_bytes()),
            (RELS, rels.into_bytes()),
            (CONTENT_TYPES, types.into_bytes()),
            (comments_part.as_str(), comments.into_bytes()),
        ]);
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let failed = |e: zip::result::ZipError| ReadError::ZipDamaged(e.to_string());
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(failed)?;
            let name = entry
                .name()
                .map_err(failed)?
                .into_owned();
            match written.remove(name.as_str()) {
                Some(bytes) => {
                    drop(entry);
                    out.start_file(name, options).map_err(failed)?;
                    out.write_all(&bytes)
                        .map_err(|e| ReadError::ZipDamaged(e.to_string()))?;
                }
                None => out.raw_copy_file(entry).map_err(failed)?,
            }
        }
        // Parts the package did not have: the comments, perhaps the relationships.
        let mut added: Vec<_> = written.into_iter().collect();
        added.sort_by_key(|(name, _)| *name);
        for (name, bytes) in added {
            out.start_file(name, options).map_err(failed)?;
            out.write_all(&bytes)
                .map_err(|e| ReadError::ZipDamaged(e.to_string()))?;
        }
        Ok(out.finish().map_err(failed)?.into_inner())
    }

    /// Where each anchored range starts and ends: per run, the character offsets in it and
    /// the marks to put there. Comment `i` of `ranges` gets the id `first_id + i`.
    fn marks(&self, ranges: &[(usize, usize)], first_id: u64) -> BTreeMap<usize, Vec<Mark>> {
        let mut marks: BTreeMap<usize, Vec<Mark>> = BTreeMap::new();
        for (i, &(start, end)) in ranges.iter().enumerate() {
            let id = first_id + i as u64;
            let end = end.max(start + 1);
            let (r, at) = self.position(start, true);
            marks.entry(r).or_default().push(Mark {
                at,
                id,
                end: false,
            });
            let (r, at) = self.position(end, false);
            marks.entry(r).or_default().push(Mark { at, id, end: true });
        }
        for m in marks.values_mut() {
            // At one offset, ranges that end close before those that start.
            m.sort_by_key(|m| (m.at, !m.end, m.id));
        }
        marks
    }

    /// The run holding the character at `offset` (the one before it when `starting` is
    /// false) and the offset in that run where a mark goes; a run that cannot be split is
    /// marked at its start or its end.
    fn position(&self, offset: usize, starting: bool) -> (usize, usize) {
        let probe = if starting {
            offset
        } else {
            offset.saturating_sub(1)
        };
        let found = self
            .runs
            .iter()
            .position(|r| r.len > 0 && r.at <= probe && probe < r.at + r.len)
            .or_else(|| self.runs.iter().rposition(|r| r.len > 0 && r.at <= probe))
            .or_else(|| self.runs.iter().position(|r| r.len > 0))
            .unwrap_or(0);
        let Some(run) = self.runs.get(found) else {
            return (0, 0);
        };
        let inside = offset.clamp(run.at, run.at + run.len) - run.at;
        let at = match (run.plain, starting) {
            (true, _) => inside,
            (false, true) => 0,
            (false, false) => run.len,
        };
        (found, at)
    }

    /// `document.xml` with the marks in place. Runs are written in the order of the XML; a
    /// run inside another (a text box's) is left as its outer run has it.
    fn marked(&self, marks: &BTreeMap<usize, Vec<Mark>>) -> String {
        let mut out = String::with_capacity(self.xml.len() + marks.len() * 160);
        let mut order: Vec<(&Run, &Vec<Mark>)> = marks
            .iter()
            .filter_map(|(&r, m)| Some((self.runs.get(r)?, m)))
            .collect();
        order.sort_by_key(|(run, _)| run.span.start);
        let mut copied = 0;
        for (run, run_marks) in order {
            if run.span.start < copied {
                continue;
            }
            out.push_str(&self.xml[copied..run.span.start]);
            self.write_run(&mut out, run, run_marks);
            copied = run.span.end;
        }
        out.push_str(&self.xml[copied..]);
        out
    }

    fn write_run(&self, out: &mut String, run: &Run, marks: &[Mark]) {
        let before: Vec<&Mark> = marks.iter().filter(|m| m.at == 0).collect();
        let after: Vec<&Mark> = marks
            .iter()
            .filter(|m| m.at > 0 && m.at >= run.len)
            .collect();
        before.iter().for_each(|m| m.write(out));
        let cuts: Vec<usize> = {
            let mut c: Vec<usize> = marks
                .iter()
                .map(|m| m.at)
                .filter(|&a| a > 0 && a < run.len)
                .collect();
            c.dedup();
            c
        };
        if cuts.is_empty() {
            out.push_str(&self.xml[run.span.clone()]);
        } else {
            let mut from = 0;
            for &cut in cuts.iter().chain(std::iter::once(&run.len)) {
                self.write_part(out, run, from..cut);
                marks
                    .iter()
                    .filter(|m| m.at == cut && cut < run.len)
                    .for_each(|m| m.write(out));
                from = cut;
            }
        }
        after.iter().for_each(|m| m.write(out));
    }

    /// The characters `range` of a plain run, as a run with the same properties.
    fn write_part(&self, out: &mut String, run: &Run, range: Range<usize>) {
        out.push_str(&self.xml[run.head.clone()]);
        let mut at = 0;
        for piece in &run.pieces {
            match piece {
                Piece::Text(t) => {
                    let n = t.chars().count();
                    let (a, b) = (range.start.max(at), range.end.min(at + n));
                    if a < b {
                        let part: String = t.chars().skip(a - at).take(b - a).collect();
                        out.push_str("<w:t xml:space=\"preserve\">");
                        out.push_str(&escape(part.as_str()));
                        out.push_str("</w:t>");
                    }
                    at += n;
                }
                Piece::Space(span) => {
                    if range.contains(&at) {
                        out.push_str(&self.xml[span.clone()]);
                    }
                    at += 1;
                }
                Piece::Silent(span) => {
                    if range.contains(&at) || (range.end == run.len && at == run.len) {
                        out.push_str(&self.xml[span.clone()]);
                    }
                }
            }
        }
        out.push_str("</w:r>");
    }
}

/// A comment's start or end, at a character offset in a run.
#[derive(Debug, Clone, Copy)]
struct Mark {
    at: usize,
    id: u64,
    end: bool,
}

impl Mark {
    fn write(&self, out: &mut String) {
        let id = self.id;
        if self.end {
            out.push_str(&format!(
                "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"
            ));
        } else {
            out.push_str(&format!("<w:commentRangeStart w:id=\"{id}\"/>"));
        }
    }
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, ReadError> {
    let entry = zip
        .by_name(name)
        .map_err(|e| ReadError::DocxDamaged(format!("{name}: {e}")))?;
    let mut text = String::new();
    entry
        .take(MAX_PART)
        .read_to_string(&mut text)
        .map_err(|e| ReadError::DocxDamaged(format!("{name}: {e}")))?;
    Ok(text)
}

fn damaged(e: impl std::fmt::Display) -> ReadError {
    ReadError::DocxDamaged(format!("{DOCUMENT}: {e}"))
}

/// Every run of the document with its pieces, and the runs of each paragraph with text.
fn runs_of(xml: &str) -> Result<(Vec<Run>, Vec<Range<usize>>), ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut runs: Vec<Run> = Vec::new();
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    // Open paragraphs (a text box's paragraphs sit inside a run): their runs so far.
    let mut open_paras: Vec<Vec<Run>> = Vec::new();
    // Open runs: (run, depth of elements open inside it, open child start).
    let mut open_runs: Vec<(Run, usize, Option<(String, usize)>)> = Vec::new();
    let mut skip = 0usize;
    let mut text_at = 0usize;
    loop {
        let from = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(damaged)?;
        let to = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if matches!(name, "del" | "instrText" | "delText") {
                    skip += 1;
                }
                match name {
                    "p" => open_paras.push(Vec::new()),
                    "r" => open_runs.push((
                        Run {
                            span: from..to,
                            head: from..to,
                            pieces: Vec::new(),
                            plain: skip == 0,
                            at: 0,
                            len: 0,
                        },
                        0,
                        None,
                    )),
                    _ => {
                        if let Some((run, depth, child)) = open_runs.last_mut() {
                            if *depth == 0 {
                                if name == "rPr" {
                                    *child = Some(("rPr".into(), from));
                                } else if name == "t" {
                                    *child = Some(("t".into(), from));
                                    run.pieces.push(Piece::Text(String::new()));
                                } else {
                                    run.plain = false;
                                }
                            }
                            *depth += 1;
                        }
                    }
                }
            }
            Event::Empty(e) => {
                let name = e.local_name();
                if let Some((run, depth, _)) = open_runs.last_mut()
                    && *depth == 0
                {
                    match name.as_ref() {
                        "tab" | "br" | "cr" if skip == 0 => run.pieces.push(Piece::Space(from..to)),
                        "lastRenderedPageBreak" | "t" | "rPr" => {
                            run.pieces.push(Piece::Silent(from..to))
                        }
                        _ => run.plain = false,
                    }
                }
            }
            Event::Text(t) => {
                if let Some((run, 1, Some((child, _)))) = open_runs.last_mut()
                    && child == "t"
                    && skip == 0
                    && let Some(Piece::Text(s)) = run.pieces.last_mut()
                {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((run, 1, Some((child, _)))) = open_runs.last_mut()
                    && child == "t"
                    && skip == 0
                    && let Some(Piece::Text(s)) = run.pieces.last_mut()
                {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        s.push(c);
                    } else if let Some(v) = resolve_predefined_entity(&r.xml10_content()) {
                        s.push_str(v);
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if matches!(name, "del" | "instrText" | "delText") {
                    skip = skip.saturating_sub(1);
                }
                match name {
                    "r" if open_runs.last().is_some_and(|(_, d, _)| *d == 0) => {
                        let Some((mut run, _, _)) = open_runs.pop() else {
                            continue;
                        };
                        run.span.end = to;
                        if skip > 0 {
                            run.pieces.clear();
                        }
                        run.len = run
                            .pieces
                            .iter()
                            .map(|p| match p {
                                Piece::Text(t) => t.chars().count(),
                                Piece::Space(_) => 1,
                                Piece::Silent(_) => 0,
                            })
                            .sum();
                        if let Some(p) = open_paras.last_mut() {
                            p.push(run);
                        }
                    }
                    "p" => {
                        let Some(para) = open_paras.pop() else {
                            continue;
                        };
                        if para.iter().all(|r| r.len == 0) {
                            continue;
                        }
                        let first = runs.len();
                        for mut run in para {
                            run.at = text_at;
                            text_at += run.len;
                            runs.push(run);
                        }
                        text_at += 1; // the line break after the paragraph
                        paragraphs.push(first..runs.len());
                    }
                    _ => {
                        if let Some((run, depth, child)) = open_runs.last_mut() {
                            *depth = depth.saturating_sub(1);
                            if *depth == 0
                                && let Some((kind, start)) = child.take()
                                && kind == "rPr"
                            {
                                // The head is the start tag through the properties.
                                if run.head.end == start || run.pieces.is_empty() {
                                    run.head.end = to;
                                } else {
                                    run.plain = false;
                                }
                            }
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((runs, paragraphs))
}

/// The relationships with one to the comments part (added when missing) and that part's name.
fn with_comments_relationship(rels: Option<&str>) -> (String, String) {
    let rels = rels.unwrap_or(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>",
    );
    let mut reader = Reader::from_str(rels);
    let mut ids = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let id = attr(&e, "Id").unwrap_or_default();
                if attr(&e, "Type").as_deref() == Some(COMMENTS_TYPE) {
                    let target = attr(&e, "Target").unwrap_or_else(|| "comments.xml".into());
                    let name = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("word/{target}"),
                    };
                    return (rels.to_string(), name);
                }
                ids.push(id);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let mut n = 1;
    while ids.iter().any(|i| *i == format!("rIdComments{n}")) {
        n += 1;
    }
    let entry = format!(
        "<Relationship Id=\"rIdComments{n}\" Type=\"{COMMENTS_TYPE}\" Target=\"comments.xml\"/>"
    );
    let updated = match rels.rfind("</Relationships>") {
        Some(at) => format!("{}{entry}{}", &rels[..at], &rels[at..]),
        None => rels.replacen("/>", &format!(">{entry}</Relationships>"), 1),
    };
    (updated, "word/comments.xml".to_string())
}

/// The content types with the comments part declared.
fn with_comments_type(types: &str, part: &str) -> String {
    let name = format!("/{part}");
    if types.contains(&format!("PartName=\"{name}\"")) {
        return types.to_string();
    }
    let entry = format!("<Override PartName=\"{name}\" ContentType=\"{COMMENTS_CONTENT}\"/>");
    match types.rfind("</Types>") {
        Some(at) => format!("{}{entry}{}", &types[..at], &types[at..]),
        None => types.to_string(),
    }
}

/// One more than the largest comment id already in the package.
fn next_comment_id(comments: &str) -> u64 {
    let mut reader = Reader::from_str(comments);
    let mut next = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "comment" => {
                if let Some(id) = attr(&e, "w:id").and_then(|v| v.parse::<u64>().ok()) {
                    next = next.max(id + 1);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    next
}

/// The comments part: the existing one with ours appended, or a new one.
fn comments_xml(
    existing: Option<&str>,
    bodies: &[(u64, &str)],
    author: &Author,
) -> Result<String, ReadError> {
    let mut ours = String::new();
    for (id, text) in bodies {
        ours.push_str(&format!(
            "<w:comment w:id=\"{id}\" w:author=\"{}\" w:date=\"{}\" w:initials=\"{}\">",
            escape(author.name.as_str()),
            escape(author.date.as_str()),
            escape(author.initials.as_str())
        ));
        for (i, line) in text.lines().enumerate() {
            ours.push_str("<w:p>");
            if i == 0 {
                ours.push_str("<w:r><w:annotationRef/></w:r>");
            }
            ours.push_str("<w:r><w:t xml:space=\"preserve\">");
            ours.push_str(&escape(line));
            ours.push_str("</w:t></w:r></w:p>");
        }
        if text.lines().next().is_none() {
            ours.push_str("<w:p><w:r><w:annotationRef/></w:r></w:p>");
        }
        ours.push_str("</w:comment>");
    }
    match existing {
        Some(xml) => match xml.rfind("</w:comments>") {
            Some(at) => Ok(format!("{}{ours}{}", &xml[..at], &xml[at..])),
            None => Err(ReadError::DocxDamaged(
                "the comments part is not in the usual form: cannot add to it".into(),
            )),
        },
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments \
             xmlns:w=\"{W_NS}\">{ours}</w:comments>"
        )),
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}
