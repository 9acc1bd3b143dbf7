//! Text encodings: UTF-8, UTF-16, Windows-1258 and the legacy Vietnamese font encodings
//! TCVN3 (ABC, TCVN 5712:1993) and VNI, detected from the bytes and converted to Unicode.
//!
//! Older agency files were typed in fonts such as `.VnTime` (TCVN3) or `VNI-Times` (VNI): the
//! bytes are single-byte codes that only those fonts draw as Vietnamese. Read as Unicode they
//! show as mojibake (`§iÒu`, `Ñieàu`). Detection never guesses from one character: every
//! candidate decoding is measured with [`Quality`] (well-formed Vietnamese syllables first) and
//! a legacy decoding is chosen only when it reads clearly better. Ordinary UTF-8 Vietnamese is
//! already well formed, so it is never converted.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1258};
use lexcite_core::script::Quality;
use unicode_normalization::UnicodeNormalization;

/// How the bytes of a text file were encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
    /// TCVN 5712:1993 (VN3 "ABC" and VN1): `.VnTime` fonts.
    Tcvn3,
    /// VNI Windows: `VNI-Times` fonts, a base letter followed by a mark byte.
    Vni,
}

impl TextEncoding {
    /// The name users know it by.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1258 => "Windows-1258",
            TextEncoding::Tcvn3 => "TCVN3",
            TextEncoding::Vni => "VNI",
        }
    }

    /// Whether this is one of the font encodings that only draw Vietnamese in their own fonts.
    pub fn is_legacy(self) -> bool {
        matches!(self, TextEncoding::Tcvn3 | TextEncoding::Vni)
    }
}

/// A decoded text and the encoding it was found in.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
}

/// Below this share of well-formed syllables a Unicode line is a candidate for legacy repair.
const MOJIBAKE_BELOW: f64 = 0.5;
/// A legacy reading must reach this share of well-formed syllables to be accepted.
const LEGACY_AT_LEAST: f64 = 0.8;

/// Decodes the bytes of a text file into NFC Unicode, detecting the encoding.
///
/// Byte-order marks decide first; then UTF-16 without a mark (zero bytes in every other
/// position); then valid UTF-8 (with legacy mojibake repaired line by line, see
/// [`repair_legacy`]); otherwise the best of Windows-1258, TCVN3 and VNI.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, TextEncoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, TextEncoding::Utf16Be);
    }
    if let Some(encoding) = unmarked_utf16(bytes) {
        return utf16(bytes, encoding);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return utf8(bytes);
    }
    let candidates = [
        (
            TextEncoding::Windows1258,
            nfc(&WINDOWS_1258.decode_without_bom_handling(bytes).0),
        ),
        (TextEncoding::Tcvn3, decode_tcvn3(bytes)),
        (TextEncoding::Vni, decode_vni(bytes)),
    ];
    let mut best: Option<(TextEncoding, String, (f64, f64))> = None;
    for (encoding, text) in candidates {
        let q = Quality::of(&text);
        let score = (q.syllable_share(), q.char_share());
        if best.as_ref().is_none_or(|(_, _, s)| score > *s) {
            best = Some((encoding, text, score));
        }
    }
    let (encoding, text, _) = best.expect("three candidates");
    Decoded { text, encoding }
}

fn utf8(bytes: &[u8]) -> Decoded {
    let text = String::from_utf8_lossy(bytes);
    match repair_legacy(&text) {
        Some((text, encoding)) => Decoded { text, encoding },
        None => Decoded {
            text: text.into_owned(),
            encoding: TextEncoding::Utf8,
        },
    }
}

fn utf16(bytes: &[u8], encoding: TextEncoding) -> Decoded {
    let codec = if encoding == TextEncoding::Utf16Le {
        UTF_16LE
    } else {
        UTF_16BE
    };
    Decoded {
        text: nfc(&codec.decode_without_bom_handling(bytes).0),
        encoding,
    }
}

/// UTF-16 without a byte-order mark: most odd (LE) or even (BE) bytes are zero, as they are
/// for ASCII-heavy text, and the other half is not.
fn unmarked_utf16(bytes: &[u8]) -> Option<TextEncoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= pairs * 3 && even * 20 < pairs {
        Some(TextEncoding::Utf16Le)
    } else if even * 10 >= pairs * 3 && odd * 20 < pairs {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// Repairs text that is valid Unicode but was typed in a legacy font: a Word file in
/// `.VnTime` stores `§iÒu` for `Điều`. Works line by line, so a document that mixes fonts is
/// repaired where it needs to be. Returns `None` when nothing changed.
pub fn repair_legacy(text: &str) -> Option<(String, TextEncoding)> {
    // Cheap exit: mojibake of both encodings needs Latin-1 range characters.
    if !text
        .chars()
        .any(|c| ('\u{80}'..='\u{ff}').contains(&c) || "ŒœŠšŸŽž‚„…†‡ˆ‰‹›–—˜™".contains(c))
    {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut used = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match repair_line(line) {
            Some((fixed, encoding)) => {
                out.push_str(&fixed);
                used.get_or_insert(encoding);
            }
            None => out.push_str(line),
        }
    }
    used.map(|encoding| (out, encoding))
}

/// [`repair_legacy`], keeping the text as it is when nothing needed repair.
pub fn repaired(text: String) -> String {
    repair_legacy(&text).map_or(text, |(fixed, _)| fixed)
}

fn repair_line(line: &str) -> Option<(String, TextEncoding)> {
    let before = Quality::of(line);
    if before.marked_words == 0 || before.syllable_share() >= MOJIBAKE_BELOW {
        return None;
    }
    let bytes = to_windows_1252(line)?;
    [
        (TextEncoding::Tcvn3, decode_tcvn3(&bytes)),
        (TextEncoding::Vni, decode_vni(&bytes)),
    ]
    .into_iter()
    .map(|(encoding, text)| (Quality::of(&text).syllable_share(), encoding, text))
    .filter(|(share, _, _)| *share >= LEGACY_AT_LEAST && *share > before.syllable_share())
    .max_by(|a, b| a.0.total_cmp(&b.0))
    .map(|(_, encoding, text)| (text, encoding))
}

/// The Windows-1252 bytes a line was shown through, or `None` if a character has none.
fn to_windows_1252(line: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(line.len());
    for c in line.chars() {
        match c as u32 {
            // C1 controls stand for the bytes Windows-1252 leaves undefined.
            0..=0x9f => out.push(c as u8),
            _ => {
                let mut buf = [0u8; 4];
                let (bytes, _, unmappable) = WINDOWS_1252.encode(c.encode_utf8(&mut buf));
                if unmappable || bytes.len() != 1 {
                    return None;
                }
                out.push(bytes[0]);
            }
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// TCVN3

/// Bytes 0x80–0xFF of TCVN 5712:1993. 0xB0–0xB4 are combining tone marks.
const TCVN3_HIGH: [char; 128] = [
    'À', 'Ả', 'Ã', 'Á', 'Ạ', 'Ặ', 'Ậ', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ', 'Ệ', 'Ì', 'Ỉ', 'Ĩ', // 80
    'Í', 'Ị', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ', 'Ộ', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ', 'Ù', 'Ủ', 'Ũ', // 90
    '\u{00a0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ',
    'Ằ', // A0
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ',
    'ẳ', 'ẵ', 'ắ', 'Ẵ', // B0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // C0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // D0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // F0
];

/// The upper-case letters TCVN 5712 (VN1) puts among the control codes.
const TCVN3_LOW: [(u8, char); 12] = [
    (0x01, 'Ú'),
    (0x02, 'Ụ'),
    (0x04, 'Ừ'),
    (0x05, 'Ử'),
    (0x06, 'Ữ'),
    (0x11, 'Ứ'),
    (0x12, 'Ự'),
    (0x13, 'Ỳ'),
    (0x14, 'Ỷ'),
    (0x15, 'Ỹ'),
    (0x16, 'Ý'),
    (0x17, 'Ỵ'),
];

/// Decodes TCVN3 bytes into NFC Unicode.
pub fn decode_tcvn3(bytes: &[u8]) -> String {
    let text: String = bytes
        .iter()
        .map(|&b| match b {
            0x80.. => TCVN3_HIGH[usize::from(b - 0x80)],
            _ => TCVN3_LOW
                .iter()
                .find(|(code, _)| *code == b)
                .map_or(char::from(b), |(_, c)| *c),
        })
        .collect();
    nfc(&text)
}

/// Encodes text in TCVN3, or returns the first character it cannot hold.
pub fn encode_tcvn3(text: &str) -> Result<Vec<u8>, char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if c.is_ascii() && !TCVN3_LOW.iter().any(|(code, _)| *code == c as u8) {
            out.push(c as u8);
        } else if let Some(i) = TCVN3_HIGH.iter().position(|&t| t == c) {
            out.push(0x80 + i as u8);
        } else if let Some((code, _)) = TCVN3_LOW.iter().find(|(_, t)| *t == c) {
            out.push(*code);
        } else {
            return Err(c);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// VNI

/// A VNI mark byte (lower-case form) and the combining marks it adds to the letter before it.
/// The upper-case form of each byte is 0x20 lower.
const VNI_MARKS: [(u8, &str); 16] = [
    (0xF9, "\u{301}"),        // sắc
    (0xF8, "\u{300}"),        // huyền
    (0xFB, "\u{309}"),        // hỏi
    (0xF5, "\u{303}"),        // ngã
    (0xEF, "\u{323}"),        // nặng
    (0xE2, "\u{302}"),        // â ê ô
    (0xE1, "\u{302}\u{301}"), // ấ
    (0xE0, "\u{302}\u{300}"), // ầ
    (0xE5, "\u{302}\u{309}"), // ẩ
    (0xE3, "\u{302}\u{303}"), // ẫ
    (0xE4, "\u{302}\u{323}"), // ậ
    (0xEA, "\u{306}"),        // ă
    (0xE9, "\u{306}\u{301}"), // ắ
    (0xE8, "\u{306}\u{300}"), // ằ
    (0xFA, "\u{306}\u{309}"), // ẳ
    (0xFC, "\u{306}\u{303}"), // ẵ
];
/// ặ is the one mark outside the table above's pattern.
const VNI_BREVE_DOT: u8 = 0xEB;

/// Single VNI bytes that are whole letters (lower-case form; upper case is 0x20 lower).
const VNI_LETTERS: [(u8, char); 8] = [
    (0xF4, 'ơ'),
    (0xF6, 'ư'),
    (0xF1, 'đ'),
    (0xED, 'í'),
    (0xEC, 'ì'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
];
/// ỵ is y followed by this byte.
const VNI_Y_DOT: u8 = 0xEE;

fn vni_mark(byte: u8) -> Option<(&'static str, bool)> {
    let (lower, upper) = if byte >= 0xE0 {
        (byte, false)
    } else {
        (byte.wrapping_add(0x20), true)
    };
    if !(0xC0..=0xFF).contains(&byte) {
        return None;
    }
    if lower == VNI_BREVE_DOT {
        return Some(("\u{306}\u{323}", upper));
    }
    VNI_MARKS
        .iter()
        .find(|(b, _)| *b == lower)
        .map(|(_, m)| (*m, upper))
}

/// Whether a mark may follow this letter in VNI: circumflex on a/e/o, breve on a, tones on
/// every vowel (i takes its own single bytes, y only the dot through its own byte).
fn vni_accepts(base: char, marks: &str) -> bool {
    let b = base.to_ascii_lowercase();
    match marks.chars().next() {
        Some('\u{302}') => matches!(b, 'a' | 'e' | 'o'),
        Some('\u{306}') => b == 'a',
        Some(_) => matches!(b, 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư' | 'Ơ' | 'Ư'),
        None => false,
    }
}

/// Decodes VNI bytes into NFC Unicode.
pub fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut last: Option<char> = None;
    for &b in bytes {
        if let Some(base) = last {
            let is_upper = base.is_uppercase();
            if let Some((marks, upper)) = vni_mark(b)
                && (upper == is_upper || is_upper)
                && vni_accepts(base, marks)
            {
                out.push_str(marks);
                last = None;
                continue;
            }
            if base.eq_ignore_ascii_case(&'y') && (b == VNI_Y_DOT || b == VNI_Y_DOT - 0x20) {
                out.push('\u{323}');
                last = None;
                continue;
            }
        }
        let c = vni_letter(b).unwrap_or_else(|| windows_1252_char(b));
        out.push(c);
        last = Some(c);
    }
    nfc(&out)
}

fn vni_letter(byte: u8) -> Option<char> {
    VNI_LETTERS.iter().find_map(|(b, c)| {
        if *b == byte {
            Some(*c)
        } else if b - 0x20 == byte {
            c.to_uppercase().next()
        } else {
            None
        }
    })
}

fn windows_1252_char(byte: u8) -> char {
    if byte.is_ascii() {
        return char::from(byte);
    }
    let decoded = WINDOWS_1252
        .decode_without_bom_handling(std::slice::from_ref(&byte))
        .0;
    decoded
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Encodes text in VNI, or returns the first character it cannot hold.
pub fn encode_vni(text: &str) -> Result<Vec<u8>, char> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let upper = c.is_uppercase();
        let shift = |b: u8| if upper { b - 0x20 } else { b };
        if let Some((b, _)) = VNI_LETTERS
            .iter()
            .find(|(_, l)| *l == c || l.to_uppercase().next() == Some(c))
        {
            out.push(shift(*b));
            continue;
        }
        let mut parts = c.nfd();
        let base = parts.next().ok_or(c)?;
        let marks: String = parts.collect();
        // ơ and ư are letters of their own in VNI; the tone follows them.
        let (base_byte, base) = if marks.contains('\u{31b}') {
            let o = base.eq_ignore_ascii_case(&'o');
            let letter = match (o, upper) {
                (true, false) => 'ơ',
                (true, true) => 'Ơ',
                (false, false) => 'ư',
                (false, true) => 'Ư',
            };
            (shift(if o { 0xF4 } else { 0xF6 }), letter)
        } else if base.is_ascii_alphabetic() {
            (base as u8, base)
        } else {
            return Err(c);
        };
        out.push(base_byte);
        if base == c {
            continue;
        }
        let composes = |m: &str| format!("{base}{m}").nfc().eq(std::iter::once(c));
        let mark = if composes("\u{306}\u{323}") {
            VNI_BREVE_DOT
        } else if base.eq_ignore_ascii_case(&'y') && composes("\u{323}") {
            VNI_Y_DOT
        } else {
            VNI_MARKS
                .iter()
                .find(|(_, m)| composes(m))
                .map(|(b, _)| *b)
                .ok_or(c)?
        };
        out.push(shift(mark));
    }
    Ok(out)
}
