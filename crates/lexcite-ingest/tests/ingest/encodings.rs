//! Legacy Vietnamese encodings: TCVN3 and VNI converted both ways, detection that never fires on
//! ordinary UTF-8, UTF-16 and Windows-1258.

use lexcite_ingest::legacy::{
    TextEncoding, decode, decode_tcvn3, decode_vni, encode_tcvn3, encode_vni, repair_legacy,
};

use crate::corpus_dir;

/// Corpus text with the marks a legacy font cannot hold written the way such files write them.
fn legacy_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '–' | '—' => out.push('-'),
            '…' => out.push_str("..."),
            '≤' => out.push_str("<="),
            '≥' => out.push_str(">="),
            '☐' => out.push_str("[ ]"),
            '√' => out.push_str("[x]"),
            '¹' => out.push('1'),
            '\u{a0}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn corpus_text(file: &str) -> String {
    let raw = std::fs::read_to_string(corpus_dir().join(file)).expect("corpus text");
    legacy_safe(&raw)
}

#[test]
fn known_words_have_their_well_known_legacy_bytes() {
    // What a reader sees when a .VnTime or VNI-Times file is opened as Windows-1252.
    let cases = [
        ("Điều", "§iÒu", "Ñieàu"),
        (
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
            "Céng hßa x· héi chñ nghÜa ViÖt Nam",
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
        ),
        ("người được", "ng\u{ad}êi ®\u{ad}îc", "ngöôøi ñöôïc"),
        ("Chương", "Ch\u{ad}¬ng", "Chöông"),
    ];
    for (unicode, tcvn3, vni) in cases {
        let tcvn3_bytes = encoding_rs::WINDOWS_1252.encode(tcvn3).0.into_owned();
        let vni_bytes = encoding_rs::WINDOWS_1252.encode(vni).0.into_owned();
        assert_eq!(
            encode_tcvn3(unicode).as_deref(),
            Ok(&tcvn3_bytes[..]),
            "{unicode}"
        );
        assert_eq!(
            encode_vni(unicode).as_deref(),
            Ok(&vni_bytes[..]),
            "{unicode}"
        );
        assert_eq!(decode_tcvn3(&tcvn3_bytes), unicode);
        assert_eq!(decode_vni(&vni_bytes), unicode);
    }
}

#[test]
fn every_corpus_text_survives_both_legacy_encodings() {
    for entry in std::fs::read_dir(corpus_dir()).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let text = corpus_text(&name);
        let tcvn3 =
            encode_tcvn3(&text).unwrap_or_else(|c| panic!("{name}: {c:?} has no TCVN3 code"));
        let vni = encode_vni(&text).unwrap_or_else(|c| panic!("{name}: {c:?} has no VNI code"));
        let nfc: String = unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect();
        assert_eq!(decode(&tcvn3), decoded(&nfc, TextEncoding::Tcvn3), "{name}");
        assert_eq!(decode(&vni), decoded(&nfc, TextEncoding::Vni), "{name}");
    }
}

fn decoded(text: &str, encoding: TextEncoding) -> lexcite_ingest::legacy::Decoded {
    lexcite_ingest::legacy::Decoded {
        text: text.to_string(),
        encoding,
    }
}

#[test]
fn ordinary_utf8_is_never_converted() {
    for entry in std::fs::read_dir(corpus_dir()).expect("corpus") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            continue;
        };
        let got = decode(&bytes);
        assert_eq!(got.encoding, TextEncoding::Utf8, "{}", path.display());
        assert!(got.text == text, "{} changed", path.display());
    }
}

#[test]
fn mojibake_typed_in_legacy_fonts_is_repaired_line_by_line() {
    // A Word file whose heading was typed in VNI-Times and body in Unicode.
    let mixed = "Ñieàu 1. Phaïm vi ñieàu chænh\nLuật này quy định về an ninh mạng.";
    let (fixed, encoding) = repair_legacy(mixed).expect("repaired");
    assert_eq!(encoding, TextEncoding::Vni);
    assert_eq!(
        fixed,
        "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về an ninh mạng."
    );
    let tcvn3 = "§iÒu 2. §èi t\u{ad}îng ¸p dông";
    assert_eq!(
        repair_legacy(tcvn3),
        Some(("Điều 2. Đối tượng áp dụng".to_string(), TextEncoding::Tcvn3))
    );
    // Foreign words with Latin-1 letters are left alone.
    assert_eq!(repair_legacy("Công ước Genève về Luật Biển"), None);
}

/// Windows-1258 keeps ă â ê ô ơ ư đ precomposed and writes tones as combining marks.
fn encode_windows_1258(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.chars() {
        let (base, toned) = lexcite_core::script::without_tone(c);
        let mut piece = base.to_string();
        if toned {
            let tone = unicode_normalization::UnicodeNormalization::nfd(c.to_string().as_str())
                .find(|m| "\u{300}\u{301}\u{303}\u{309}\u{323}".contains(*m))
                .expect("tone mark");
            piece.push(tone);
        }
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&piece);
        assert!(!unmappable, "{c:?}");
        out.extend_from_slice(&bytes);
    }
    out
}

#[test]
fn utf16_and_windows_1258_decode_to_the_same_text() {
    let text = corpus_text("Luat-Tri-tue-nhan-tao_134-2025-QH15.txt");
    let nfc: String = unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(nfc.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be_unmarked: Vec<u8> = nfc.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(decode(&le), decoded(&nfc, TextEncoding::Utf16Le));
    assert_eq!(decode(&be_unmarked), decoded(&nfc, TextEncoding::Utf16Be));
    assert_eq!(
        decode(&encode_windows_1258(&nfc)),
        decoded(&nfc, TextEncoding::Windows1258)
    );
}
