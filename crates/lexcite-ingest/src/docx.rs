//! DOCX (Office Open XML) → text lines for the structure parser.
//!
//! Every paragraph of `word/document.xml` becomes one line, table cells included, in document
//! order. Automatic numbering is rendered as Word shows it ("Điều 5.", "1.", "a)"), from the
//! levels of `word/numbering.xml`; deleted revisions and field codes are left out; tabs and
//! line breaks inside a paragraph become spaces.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use crate::error::ReadError;

/// Word's own cap on a part we read; a larger `document.xml` is not a real document.
const MAX_PART: u64 = 256 << 20;

/// The text of a Word document, one paragraph per line.
pub fn docx_text(bytes: &[u8]) -> Result<String, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::ZipDamaged(e.to_string()))?;
    if zip.index_for_name("word/document.xml").is_none() {
        let names: Vec<String> = zip
            .file_names()
            .take(5)
            .flatten()
            .map(|n| n.into_owned())
            .collect();
        return Err(ReadError::NotDocx { entries: names });
    }
    let document = part(&mut zip, "word/document.xml")?;
    let has_numbering = zip.index_for_name("word/numbering.xml").is_some();
    let numbering = if has_numbering {
        Numbering::parse(&part(&mut zip, "word/numbering.xml")?)?
    } else {
        Numbering::default()
    };
    body_text(&document, numbering)
}

pub(crate) fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<String, ReadError> {
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

fn xml_error(part: &str, e: impl std::fmt::Display) -> ReadError {
    ReadError::DocxDamaged(format!("{part}: {e}"))
}

/// The `w:val` (or other) attribute of an element, unescaped.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// One numbering level: how its counter is written and where it starts.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// `word/numbering.xml`: concrete numbering ids → abstract definitions → levels.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<String, String>,
    /// Level overrides of `w:lvlOverride/w:startOverride`, by numId and level.
    start_overrides: HashMap<(String, u8), u32>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Numbering, ReadError> {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(u8, Level)> = None;
        let mut num_id: Option<String> = None;
        let mut override_level: Option<u8> = None;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error("word/numbering.xml", e))?;
            match event {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "abstractNum" => abstract_id = attr(&e, "w:abstractNumId"),
                    "lvl" if abstract_id.is_some() => {
                        let ilvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            ilvl,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        ));
                    }
                    "start" => {
                        let v = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        if let Some((_, l)) = level.as_mut() {
                            l.start = v;
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.format = attr(&e, "w:val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.text = attr(&e, "w:val").unwrap_or_default();
                        }
                    }
                    "num" => num_id = attr(&e, "w:numId"),
                    "abstractNumId" => {
                        if let (Some(id), Some(a)) = (num_id.clone(), attr(&e, "w:val")) {
                            n.nums.insert(id, a);
                        }
                    }
                    "lvlOverride" => {
                        override_level = attr(&e, "w:ilvl").and_then(|v| v.parse().ok())
                    }
                    "startOverride" => {
                        if let (Some(id), Some(l), Some(v)) = (
                            num_id.clone(),
                            override_level,
                            attr(&e, "w:val").and_then(|v| v.parse().ok()),
                        ) {
                            n.start_overrides.insert((id, l), v);
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some((ilvl, l))) = (abstract_id.as_ref(), level.take()) {
                            n.abstracts.entry(a.clone()).or_default().insert(ilvl, l);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(n)
    }

    fn level(&self, num_id: &str, ilvl: u8) -> Option<&Level> {
        let abstract_id = self.nums.get(num_id)?;
        self.abstracts.get(abstract_id)?.get(&ilvl)
    }
}

/// Live counters of every numbering in use, as Word advances them paragraph by paragraph.
struct Counters {
    numbering: Numbering,
    values: HashMap<String, [u32; 9]>,
}

impl Counters {
    /// The label of the next paragraph numbered `num_id` at level `ilvl` ("Điều 3.", "a)").
    fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = ilvl.min(8);
        let level = self.numbering.level(num_id, ilvl)?.clone();
        if level.format == "none" {
            return None;
        }
        let starts: Vec<u32> = (0..9)
            .map(|l| {
                self.numbering
                    .start_overrides
                    .get(&(num_id.to_string(), l))
                    .copied()
                    .or_else(|| self.numbering.level(num_id, l).map(|lv| lv.start))
                    .unwrap_or(1)
            })
            .collect();
        let values = self
            .values
            .entry(num_id.to_string())
            .or_insert_with(|| [0; 9]);
        let i = usize::from(ilvl);
        values[i] = if values[i] == 0 {
            starts[i]
        } else {
            values[i] + 1
        };
        // A deeper level starts again under the new item.
        for v in values.iter_mut().skip(i + 1) {
            *v = 0;
        }
        let snapshot = *values;
        let mut label = level.text.clone();
        for l in 0..=ilvl {
            let placeholder = format!("%{}", l + 1);
            if !label.contains(&placeholder) {
                continue;
            }
            let value = if snapshot[usize::from(l)] == 0 {
                starts[usize::from(l)]
            } else {
                snapshot[usize::from(l)]
            };
            let format = self
                .numbering
                .level(num_id, l)
                .map(|lv| lv.format.as_str())
                .unwrap_or("decimal");
            label = label.replace(&placeholder, &format_counter(value, format));
        }
        if level.format == "bullet" {
            // Bullet glyphs are symbol-font characters; a dash says the same in plain text.
            label = "-".into();
        }
        Some(label)
    }
}

fn format_counter(value: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(value).to_lowercase(),
        "upperLetter" => letters(value),
        "lowerRoman" => lexcite_core::parser::lines::to_roman(value).to_lowercase(),
        "upperRoman" => lexcite_core::parser::lines::to_roman(value),
        "decimalZero" if value < 10 => format!("0{value}"),
        _ => value.to_string(),
    }
}

/// Word's letter numbering: A…Z, then AA…ZZ.
fn letters(value: u32) -> String {
    if value == 0 {
        return String::new();
    }
    let letter = char::from(b'A' + ((value - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((value - 1) / 26 + 1) as usize).collect()
}

/// Walks `word/document.xml`, one line per paragraph.
fn body_text(xml: &str, numbering: Numbering) -> Result<String, ReadError> {
    let mut counters = Counters {
        numbering,
        values: HashMap::new(),
    };
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    // A stack: a text box inside a paragraph holds paragraphs of its own.
    let mut paras: Vec<(String, (Option<String>, u8))> = Vec::new();
    let mut in_text = false;
    // Deleted revisions and field instructions are not document text.
    let mut skip_depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error("word/document.xml", e))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => paras.push((String::new(), (None, 0))),
                "t" => in_text = true,
                "del" | "instrText" | "delText" => skip_depth += 1,
                _ => {
                    if let Some((_, num)) = paras.last_mut() {
                        numbering_attr(&e, num);
                    }
                }
            },
            Event::Empty(e) => match (e.local_name().as_ref(), paras.last_mut()) {
                ("tab" | "br" | "cr", Some((para, _))) if skip_depth == 0 => para.push(' '),
                (_, Some((_, num))) => numbering_attr(&e, num),
                _ => {}
            },
            Event::Text(t) if in_text && skip_depth == 0 => {
                if let Some((para, _)) = paras.last_mut() {
                    para.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                let Some((para, _)) = paras.last_mut() else {
                    continue;
                };
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else if let Some(s) = resolve_predefined_entity(&r.xml10_content()) {
                    para.push_str(s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "del" | "instrText" | "delText" => skip_depth = skip_depth.saturating_sub(1),
                "p" => {
                    let Some((para, num)) = paras.pop() else {
                        continue;
                    };
                    let text = para.split_whitespace().collect::<Vec<_>>().join(" ");
                    let label = match &num.0 {
                        Some(id) if !text.is_empty() => counters.next(id, num.1),
                        _ => None,
                    };
                    if !text.is_empty() {
                        if let Some(label) = label {
                            out.push_str(&label);
                            out.push(' ');
                        }
                        out.push_str(&text);
                        out.push('\n');
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Reads `w:numId` and `w:ilvl` of a paragraph's `w:numPr`.
fn numbering_attr(e: &BytesStart<'_>, num: &mut (Option<String>, u8)) {
    match e.local_name().as_ref() {
        // numId 0 means "numbering removed".
        "numId" => num.0 = attr(e, "w:val").filter(|v| v != "0"),
        "ilvl" => num.1 = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_render_word_numbering() {
        assert_eq!(format_counter(4, "lowerLetter"), "d");
        assert_eq!(format_counter(27, "upperLetter"), "AA");
        assert_eq!(format_counter(14, "upperRoman"), "XIV");
        assert_eq!(format_counter(7, "decimalZero"), "07");
    }
}
