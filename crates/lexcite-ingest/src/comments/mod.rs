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

mod package;
mod runs;

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Write};
use std::ops::Range;

use quick_xml::escape::escape;

use crate::error::ReadError;
use package::{
    CONTENT_TYPES, RELS, comments_xml, next_comment_id, part, with_comments_relationship,
    with_comments_type,
};
use runs::{DOCUMENT, Piece, Run, runs_of};

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
            None => {
                return Err(ReadError::DocxDamaged(format!(
                    "{CONTENT_TYPES} is missing"
                )));
            }
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
            let name = entry.name().map_err(failed)?.into_owned();
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
            marks
                .entry(r)
                .or_default()
                .push(Mark { at, id, end: false });
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
