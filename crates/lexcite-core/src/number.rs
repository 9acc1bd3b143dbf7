//! Document numbers (số, ký hiệu): `57-NQ/TW`, `71/NQ-CP`, `13/2023/NĐ-CP`, `91/2025/QH15`.
//!
//! A number is parsed from any of the ways people write it (dashes of any kind, spaces, lower
//! case, `ND` for `NĐ`, `57/NQ-TW` for the Party's `57-NQ/TW`) into one canonical form. Two
//! numbers are equal when their [`DocNumber::key`]s are, which also ignores leading zeros of
//! the serial and diacritics in the symbol. A number alone does not identify a document:
//! `71/NQ-CP` was used in 2010 and in 2025 (see [`crate::DocumentId`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::doctype::DocType;
use crate::normalize::strip_marks;

/// A parsed, canonical document number.
#[derive(Clone, Debug)]
pub struct DocNumber {
    /// Serial as written, leading zeros kept: "03", "57", "66.20".
    serial: String,
    /// Year part of State documents numbered per year ("13/**2023**/NĐ-CP").
    year: Option<u16>,
    /// Symbol parts, canonical spelling: ["NĐ", "CP"], ["QH15"], ["NQ", "TW"].
    parts: Vec<String>,
    /// Party style: `57-NQ/TW` (serial, dash, kind, slash, issuer).
    party: bool,
}

/// Why a string is not a document number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty document number")]
    Empty,
    #[error("document number {0:?} does not start with a serial number")]
    NoSerial(String),
    #[error("document number {0:?} has no symbol (such as NĐ-CP, QH15 or NQ/TW)")]
    NoSymbol(String),
    #[error("document number {0:?} has an invalid character {1:?}")]
    BadChar(String, char),
    #[error("document number {0:?} has an implausible year {1}")]
    BadYear(String, u16),
}

/// Codes that contain Đ or lower-case letters, keyed by their plain upper-case ASCII form.
const CANONICAL_CODES: &[(&str, &str)] = &[
    ("ND", "NĐ"),
    ("QD", "QĐ"),
    ("TTG", "TTg"),
    ("TTR", "TTr"),
    ("HDND", "HĐND"),
    ("HDTP", "HĐTP"),
    ("BGDDT", "BGDĐT"),
    ("BKHDT", "BKHĐT"),
    ("BLDTBXH", "BLĐTBXH"),
    ("DU", "ĐU"),
    ("DCT", "ĐCT"),
    ("CD", "CĐ"),
    ("DA", "ĐA"),
    ("TLD", "TLĐ"),
];

/// Kinds of Party documents, numbered `N-KIND/ISSUER`.
const PARTY_KINDS: &[&str] = &["NQ", "KL", "CT", "QĐ", "QC", "HD", "TB", "KH", "BC", "ĐA"];

/// Party committees that issue documents (Trung ương, tỉnh ủy, đảng ủy, huyện ủy, quận ủy…).
fn is_party_issuer(code: &str) -> bool {
    matches!(
        code,
        "TW" | "TƯ" | "TU" | "ĐU" | "HU" | "QU" | "ĐĐ" | "BCSĐ" | "ĐUK"
    ) || (code.len() > 2 && code.ends_with("TW"))
}

fn canonical_part(part: &str) -> String {
    let upper = part.to_uppercase();
    let ascii = strip_marks(&upper);
    for &(plain, canonical) in CANONICAL_CODES {
        if ascii == plain {
            // Keep a part already written with its marks (a real "TƯ" stays "TƯ").
            if upper == plain || canonical.to_uppercase() == upper {
                return canonical.to_string();
            }
        }
    }
    upper
}

fn is_symbol_char(c: char) -> bool {
    c.is_alphanumeric() || c == '&'
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

impl DocNumber {
    /// Parses a number, accepting an optional leading "Số:" / "số".
    pub fn parse(input: &str) -> Result<Self, NumberError> {
        let text = crate::normalize::clean(input);
        let mut s = text.trim();
        if s.is_empty() {
            return Err(NumberError::Empty);
        }
        // "Số: …", "Luật số: …", "Nghị quyết số …": keep what follows the last "số".
        if !s.starts_with(|c: char| c.is_ascii_digit()) {
            let lower = s.to_lowercase();
            if let Some(at) = lower.rfind("số") {
                // Lower-casing keeps byte lengths for Vietnamese letters.
                s = s[at + "số".len()..].trim_start_matches([':', ' ']);
            }
        }
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let owned = || input.trim().to_string();

        let serial_len = compact
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit()
                    || (c == '.'
                        && i > 0
                        && compact[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
                    || (c.is_ascii_lowercase() && i > 0))
            })
            .map(|(i, _)| i)
            .unwrap_or(compact.len());
        let serial = &compact[..serial_len];
        if serial.is_empty() || !serial.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(NumberError::NoSerial(owned()));
        }
        let rest = &compact[serial_len..];
        let rest = match rest.chars().next() {
            Some(c) if c == '/' || is_dash(c) => &rest[c.len_utf8()..],
            _ => return Err(NumberError::NoSymbol(owned())),
        };

        let mut pieces: Vec<String> = Vec::new();
        let mut current = String::new();
        for c in rest.chars() {
            if c == '/' || is_dash(c) {
                if !current.is_empty() {
                    pieces.push(std::mem::take(&mut current));
                }
            } else if is_symbol_char(c) {
                current.push(c);
            } else {
                return Err(NumberError::BadChar(owned(), c));
            }
        }
        if !current.is_empty() {
            pieces.push(current);
        }

        let mut year = None;
        if let Some(first) = pieces.first()
            && first.len() == 4
            && first.chars().all(|c| c.is_ascii_digit())
        {
            let y: u16 = first.parse().map_err(|_| NumberError::NoSymbol(owned()))?;
            if !(1945..=2100).contains(&y) {
                return Err(NumberError::BadYear(owned(), y));
            }
            year = Some(y);
            pieces.remove(0);
        }
        if pieces.is_empty() {
            return Err(NumberError::NoSymbol(owned()));
        }
        let parts: Vec<String> = pieces.iter().map(|p| canonical_part(p)).collect();
        if !parts[0].starts_with(|c: char| c.is_alphabetic()) {
            return Err(NumberError::NoSymbol(owned()));
        }
        let party = year.is_none()
            && parts.len() == 2
            && PARTY_KINDS.contains(&parts[0].as_str())
            && is_party_issuer(&parts[1]);
        Ok(Self {
            serial: serial.to_string(),
            year,
            parts,
            party,
        })
    }

    /// The serial as written ("03").
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// The year part, for numbers that have one.
    pub fn year(&self) -> Option<u16> {
        self.year
    }

    /// The symbol after the serial (and year): "NĐ-CP", "QH15", "NQ/TW".
    pub fn symbol(&self) -> String {
        self.parts.join(if self.party { "/" } else { "-" })
    }

    /// Whether this is a Party document number (`57-NQ/TW`).
    pub fn is_party(&self) -> bool {
        self.party
    }

    /// The document type the symbol names, when it names one ("NĐ" → Nghị định).
    /// Numbers such as `91/2025/QH15` name only the issuer.
    pub fn doc_type(&self) -> Option<DocType> {
        if self.parts.len() < 2 {
            return None;
        }
        DocType::from_code(&self.parts[0])
    }

    /// The issuer codes of the symbol: ["CP"], ["QH15"], ["BTC", "BTTTT"], ["TW"].
    pub fn issuer_codes(&self) -> &[String] {
        if self.doc_type().is_some() {
            &self.parts[1..]
        } else {
            &self.parts
        }
    }

    /// Comparison key: serial without leading zeros, symbol in plain upper-case ASCII.
    pub fn key(&self) -> String {
        let serial = self.serial.trim_start_matches('0');
        let serial = if serial.is_empty() { "0" } else { serial };
        let body = strip_marks(&self.to_string()[self.serial.len()..]).to_uppercase();
        format!("{serial}{body}")
    }

    /// A slug for identifiers and file names: "13-2023-nd-cp".
    pub fn slug(&self) -> String {
        strip_marks(&self.to_string())
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.party {
            return write!(f, "{}-{}", self.serial, self.symbol());
        }
        write!(f, "{}/", self.serial)?;
        if let Some(y) = self.year {
            write!(f, "{y}/")?;
        }
        f.write_str(&self.symbol())
    }
}

impl PartialEq for DocNumber {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for DocNumber {}

impl std::hash::Hash for DocNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl FromStr for DocNumber {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for DocNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}
