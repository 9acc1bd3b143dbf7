//! The package around the document: the comments part, its relationship and its content type.

use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::Event;

use super::Author;
use crate::docx::attr;
use crate::error::ReadError;

pub(super) const RELS: &str = "word/_rels/document.xml.rels";
pub(super) const CONTENT_TYPES: &str = "[Content_Types].xml";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(super) use crate::docx::part;

/// The relationships with one to the comments part (added when missing) and that part's name.
pub(super) fn with_comments_relationship(rels: Option<&str>) -> (String, String) {
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
pub(super) fn with_comments_type(types: &str, part: &str) -> String {
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
pub(super) fn next_comment_id(comments: &str) -> u64 {
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
pub(super) fn comments_xml(
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
