//! Word comments on a draft: anchored on exactly the text they were given, the rest of the
//! package kept, and the result still a document the reader reads the same.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use lexcite_ingest::ReadError;
use lexcite_ingest::comments::{Author, Draft, Note};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::readers::fixture;

fn author() -> Author {
    Author {
        name: "lexcite".into(),
        initials: "LC".into(),
        date: "2026-12-01T00:00:00Z".into(),
    }
}

/// Every entry of a zip, by name.
fn entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("entry data");
        out.insert(f.name().expect("name").to_string(), data);
    }
    out
}

/// The text each comment of `document.xml` is anchored on, by comment id.
fn anchored_text(document: &str) -> BTreeMap<String, String> {
    let mut reader = Reader::from_str(document);
    let mut open: Vec<String> = Vec::new();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("well-formed document.xml") {
            Event::Start(e) if e.local_name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Empty(e) => {
                let id = || {
                    e.try_get_attribute("w:id")
                        .ok()
                        .flatten()
                        .map(|a| a.value.to_string())
                        .expect("w:id")
                };
                match e.local_name().as_ref() {
                    "commentRangeStart" => {
                        let id = id();
                        out.entry(id.clone()).or_default();
                        open.push(id);
                    }
                    "commentRangeEnd" => {
                        let id = id();
                        open.retain(|o| *o != id);
                    }
                    "tab" | "br" => {
                        for o in &open {
                            out.entry(o.clone()).or_default().push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_t => {
                for o in &open {
                    out.entry(o.clone())
                        .or_default()
                        .push_str(&t.xml10_content());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Notes on every "Điều N" of a text, as character offsets.
fn notes_on_articles(text: &str, most: usize) -> Vec<Note> {
    let chars: Vec<char> = text.chars().collect();
    let mut notes = Vec::new();
    let mut i = 0;
    while i + 6 < chars.len() && notes.len() < most {
        let word: String = chars[i..i + 5].iter().collect();
        if word == "Điều " && chars[i + 5].is_ascii_digit() {
            let mut end = i + 5;
            while end < chars.len() && chars[end].is_ascii_digit() {
                end += 1;
            }
            notes.push(Note {
                start: i,
                end,
                text: format!("tham chiếu {}\nkiểm tra: đã xác minh", notes.len() + 1),
            });
            i = end;
        } else {
            i += 1;
        }
    }
    notes
}

#[test]
fn a_real_decree_gets_one_comment_per_note_anchored_on_exactly_its_text() {
    let bytes = fixture("docx/nghi_dinh_356_2025_ND_CP.docx");
    let draft = Draft::read(&bytes).expect("reads");
    let text = draft.text().to_string();
    let notes = notes_on_articles(&text, 40);
    assert!(notes.len() >= 20, "the decree cites many articles");
    let out = draft
        .annotate(&notes, Some("Tóm tắt: 40 tham chiếu"), &author())
        .expect("annotates");

    let before = entries(&bytes);
    let after = entries(&out);
    let document = String::from_utf8(after["word/document.xml"].clone()).expect("UTF-8");
    let comments = String::from_utf8(after["word/comments.xml"].clone()).expect("UTF-8");
    assert_eq!(count(&comments, "<w:comment "), notes.len() + 1);
    assert_eq!(count(&document, "<w:commentRangeStart "), notes.len() + 1);
    assert_eq!(count(&document, "<w:commentReference "), notes.len() + 1);

    let chars: Vec<char> = text.chars().collect();
    let anchored = anchored_text(&document);
    for (i, n) in notes.iter().enumerate() {
        let want: String = chars[n.start..n.end].iter().collect();
        assert_eq!(
            anchored[&(i + 1).to_string()],
            want,
            "comment {} is on its own words",
            i + 1
        );
    }

    // Every other part is kept as it was; the package declares the new one.
    for (name, data) in &before {
        if name != "word/document.xml"
            && name != "[Content_Types].xml"
            && name != "word/_rels/document.xml.rels"
        {
            assert_eq!(&after[name], data, "{name} is unchanged");
        }
    }
    let types = String::from_utf8_lossy(&after["[Content_Types].xml"]).into_owned();
    assert!(types.contains("/word/comments.xml"));
    let rels = String::from_utf8_lossy(&after["word/_rels/document.xml.rels"]).into_owned();
    assert!(rels.contains("relationships/comments"));

    // The annotated document reads as the same text, for the reader and for another round.
    assert_eq!(Draft::read(&out).expect("re-reads").text(), text);
    assert_eq!(
        lexcite_ingest::docx::docx_text(&out).expect("reads"),
        lexcite_ingest::docx::docx_text(&bytes).expect("reads")
    );
}

/// A minimal package with one paragraph of the given runs.
fn package(runs: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut parts = vec![
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>".to_string(),
        ),
        (
            "word/document.xml",
            format!(
                "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>{runs}</w:p><w:p><w:r><w:t>Đoạn hai.</w:t></w:r></w:p></w:body></w:document>"
            ),
        ),
    ];
    for (name, data) in extra {
        parts.push((name, data.to_string()));
    }
    for (name, data) in parts {
        zip.start_file(name, options).expect("entry");
        zip.write_all(data.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

#[test]
fn a_run_is_split_at_the_reference_and_both_parts_keep_their_formatting() {
    let bytes = package(
        "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Căn cứ Điều 5 Luật </w:t></w:r><w:r><w:t>số 91/2025/QH15</w:t><w:tab/><w:t>&amp; khác</w:t></w:r>",
        &[],
    );
    let draft = Draft::read(&bytes).expect("reads");
    assert_eq!(
        draft.text(),
        "Căn cứ Điều 5 Luật số 91/2025/QH15 & khác\nĐoạn hai.\n"
    );
    // "Điều 5 Luật số 91/2025/QH15": across both runs.
    let note = Note {
        start: 7,
        end: 34,
        text: "đã xác minh".into(),
    };
    let out = draft.annotate(&[note], None, &author()).expect("annotates");
    let document = String::from_utf8(entries(&out)["word/document.xml"].clone()).expect("UTF-8");
    assert_eq!(anchored_text(&document)["0"], "Điều 5 Luật số 91/2025/QH15");
    // The bold run became two bold runs; the other run's tab and entity are kept.
    assert_eq!(count(&document, "<w:b/>"), 2);
    assert!(document.contains("<w:tab/>"));
    assert_eq!(
        Draft::read(&out).expect("re-reads").text(),
        draft.text(),
        "nothing added to or lost from the text"
    );
}

#[test]
fn comments_already_in_the_draft_are_kept_and_new_ids_follow_them() {
    let existing = "<?xml version=\"1.0\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:comment w:id=\"7\" w:author=\"A\"><w:p><w:r><w:t>cũ</w:t></w:r></w:p></w:comment></w:comments>";
    let rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>";
    let bytes = package(
        "<w:r><w:t>Điều 3 Luật số 134/2025/QH15</w:t></w:r>",
        &[
            ("word/comments.xml", existing),
            ("word/_rels/document.xml.rels", rels),
        ],
    );
    let draft = Draft::read(&bytes).expect("reads");
    let note = Note {
        start: 0,
        end: 6,
        text: "mới".into(),
    };
    let out = draft.annotate(&[note], None, &author()).expect("annotates");
    let after = entries(&out);
    let comments = String::from_utf8_lossy(&after["word/comments.xml"]).into_owned();
    assert!(comments.contains("w:id=\"7\""), "the old comment stays");
    assert!(comments.contains("w:id=\"8\""), "the new one follows it");
    assert_eq!(count(&comments, "<w:comment "), 2);
    let rels = String::from_utf8_lossy(&after["word/_rels/document.xml.rels"]).into_owned();
    assert_eq!(count(&rels, "relationships/comments"), 1);
}

#[test]
fn what_is_not_a_word_document_is_refused_with_the_readers_errors() {
    assert!(matches!(Draft::read(b""), Err(ReadError::Empty)));
    assert!(matches!(
        Draft::read(b"PK\x03\x04 not really a zip"),
        Err(ReadError::ZipDamaged(_))
    ));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(b"hi").expect("write");
    let not_docx = zip.finish().expect("zip").into_inner();
    assert!(matches!(
        Draft::read(&not_docx),
        Err(ReadError::NotDocx { .. })
    ));
}
