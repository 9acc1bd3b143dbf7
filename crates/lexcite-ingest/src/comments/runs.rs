//! The runs of `word/document.xml`: where each is, what it holds, and where its text falls in
//! the draft's text.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use crate::error::ReadError;

pub(super) const DOCUMENT: &str = "word/document.xml";

/// A piece of a run: text (with its characters) or another child element kept as it is.
#[derive(Debug, Clone)]
pub(super) enum Piece {
    Text(String),
    /// A tab or break: one space in the text.
    Space(Range<usize>),
    /// Anything else inside a plain run that adds no text (a rendered page break).
    Silent(Range<usize>),
}

#[derive(Debug, Clone)]
pub(super) struct Run {
    /// The whole `<w:r …>…</w:r>` in `document.xml`.
    pub(super) span: Range<usize>,
    /// The start tag and, when present, `<w:rPr>…</w:rPr>`: what every part of a split run
    /// starts with.
    pub(super) head: Range<usize>,
    pub(super) pieces: Vec<Piece>,
    /// Only text, tabs and breaks: the run can be split.
    pub(super) plain: bool,
    /// Where its text starts in the draft's text, and how many characters it has.
    pub(super) at: usize,
    pub(super) len: usize,
}

fn damaged(e: impl std::fmt::Display) -> ReadError {
    ReadError::DocxDamaged(format!("{DOCUMENT}: {e}"))
}

/// A run being read: elements open inside it, and which child of its own is open (with
/// where it starts).
struct OpenRun {
    run: Run,
    depth: usize,
    child: Option<(Child, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Child {
    Props,
    Text,
}

/// The text of the `w:t` open in the innermost run, unless inside a deletion or a field code.
fn open_text(open_runs: &mut [OpenRun], skip: usize) -> Option<&mut String> {
    match open_runs.last_mut() {
        Some(OpenRun {
            run,
            depth: 1,
            child: Some((Child::Text, _)),
        }) if skip == 0 => match run.pieces.last_mut() {
            Some(Piece::Text(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// Every run of the document with its pieces, and the runs of each paragraph with text.
pub(super) fn runs_of(xml: &str) -> Result<(Vec<Run>, Vec<Range<usize>>), ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut runs: Vec<Run> = Vec::new();
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    // Open paragraphs (a text box's paragraphs sit inside a run): their runs so far.
    let mut open_paras: Vec<Vec<Run>> = Vec::new();
    // Open runs: (run, depth of elements open inside it, open child start).
    let mut open_runs: Vec<OpenRun> = Vec::new();
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
                    "r" => open_runs.push(OpenRun {
                        run: Run {
                            span: from..to,
                            head: from..to,
                            pieces: Vec::new(),
                            plain: skip == 0,
                            at: 0,
                            len: 0,
                        },
                        depth: 0,
                        child: None,
                    }),
                    _ => {
                        if let Some(OpenRun { run, depth, child }) = open_runs.last_mut() {
                            if *depth == 0 {
                                if name == "rPr" {
                                    *child = Some((Child::Props, from));
                                } else if name == "t" {
                                    *child = Some((Child::Text, from));
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
                if let Some(OpenRun { run, depth: 0, .. }) = open_runs.last_mut() {
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
                if let Some(s) = open_text(&mut open_runs, skip) {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(s) = open_text(&mut open_runs, skip) {
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
                    "r" if open_runs.last().is_some_and(|o| o.depth == 0) => {
                        let Some(OpenRun { mut run, .. }) = open_runs.pop() else {
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
                        if let Some(OpenRun { run, depth, child }) = open_runs.last_mut() {
                            *depth = depth.saturating_sub(1);
                            if *depth == 0
                                && let Some((kind, start)) = child.take()
                                && kind == Child::Props
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
