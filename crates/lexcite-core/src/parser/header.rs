//! Reads a document's identity from its own text: the header block (issuer, "Số:", place and
//! date, type and title), the closing block (signer, "thông qua ngày") and the entry-into-force
//! clause. Nothing is taken from file names.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::is_upper;
use crate::date::{find_dates, first_date};
use crate::doctype::DocType;
use crate::model::DocumentMeta;
use crate::number::DocNumber;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid built-in regex")
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:^|[^\p{L}])số\s*:\s*([0-9][0-9A-Za-zĐđƯư./\-–& ]*[0-9A-Za-zĐđƯư])")
});
static TITLE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?i:số)\s+([0-9][0-9A-Za-zĐđ./\-]*[0-9A-Za-zĐđ])$"));
/// "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày …" (precedents).
static ADOPTED_BY: LazyLock<Regex> = LazyLock::new(|| re(r"^Được (.+?) thông qua"));
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"([\p{Lu}][\p{L} ]{1,40}?),\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
});
/// "thông qua ngày 13 tháng 11 năm 2008"; precedents may be adopted over several sittings
/// ("thông qua vào các ngày 20, 21, 23 tháng 02 năm 2024"), dated by the last one.
static PASSED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"thông qua (?:vào )?(?:các )?ngày\s+(?:\d{1,2}\s*(?:,|và)\s*)*(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    )
});
/// Whether the text enters into force on its signing ("… có hiệu lực thi hành kể từ ngày
/// ký").
pub(crate) fn in_force_from_signing(body: &str) -> bool {
    EFFECTIVE.captures(body).is_some_and(|c| &c[1] == "ký")
}

static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày\s+(\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|ký)",
    )
});
static SIGNER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\p{Lu}\p{Ll}+)(?: \p{Lu}\p{Ll}*){1,4}$"));

/// Issuers as printed in capitals in a header, with their usual spelling.
const ISSUERS: &[(&str, &str)] = &[
    ("QUỐC HỘI", "Quốc hội"),
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
    ("CHỦ TỊCH NƯỚC", "Chủ tịch nước"),
    ("CHÍNH PHỦ", "Chính phủ"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("BỘ CHÍNH TRỊ", "Bộ Chính trị"),
    ("BAN BÍ THƯ", "Ban Bí thư"),
    ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
    ("TÒA ÁN NHÂN DÂN TỐI CAO", "Tòa án nhân dân tối cao"),
    (
        "HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO",
        "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    ),
];

/// The usual spelling of an issuer named in capitals, if it is a known one.
pub fn issuer_name(caps: &str) -> Option<&'static str> {
    let key = crate::normalize::match_key(caps);
    ISSUERS
        .iter()
        .find(|(c, _)| crate::normalize::match_key(c) == key)
        .map(|&(_, n)| n)
}

/// The issuer a number's symbol implies ("CP" → Chính phủ, "QH15" → Quốc hội).
pub fn issuer_from_number(number: &DocNumber) -> Option<&'static str> {
    let codes = number.issuer_codes();
    let first = codes.first()?.as_str();
    if codes.len() > 1 {
        return None;
    }
    Some(match first {
        "CP" => "Chính phủ",
        "TTg" => "Thủ tướng Chính phủ",
        "CTN" => "Chủ tịch nước",
        c if c.starts_with("UBTVQH") => "Ủy ban Thường vụ Quốc hội",
        c if c.starts_with("QH") => "Quốc hội",
        _ => return None,
    })
}

fn sentence_case(caps: &str) -> String {
    let lower = caps.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Local authorities print their name over two capitals lines: "ỦY BAN NHÂN DÂN" then
/// "TỈNH BÌNH ĐỊNH". Gives "Ủy ban nhân dân tỉnh Bình Định".
fn local_authority(head: &[&str]) -> Option<String> {
    const BODIES: &[(&str, &str)] = &[
        ("ủy ban nhân dân", "Ủy ban nhân dân"),
        ("hội đồng nhân dân", "Hội đồng nhân dân"),
    ];
    const LEVELS: &[&str] = &[
        "thành phố",
        "thị xã",
        "tỉnh",
        "huyện",
        "quận",
        "xã",
        "phường",
        "thị trấn",
    ];
    let body = crate::normalize::match_key(head.first()?);
    let (_, body) = BODIES
        .iter()
        .find(|(k, _)| crate::normalize::match_key(k) == body)?;
    let place = head.get(1)?.trim();
    if !is_upper(place) {
        return None;
    }
    let lower = place.to_lowercase();
    let level = LEVELS.iter().find(|l| lower.starts_with(*l))?;
    let name: Vec<String> = lower[level.len()..]
        .split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    if name.is_empty() {
        return None;
    }
    Some(format!("{body} {level} {}", name.join(" ")))
}

/// A line that may continue a title: not empty, not capitals, not the first recital or the
/// adoption formula that follow titles.
fn is_title_line(line: &str) -> bool {
    !line.is_empty()
        && !is_upper(line)
        && !line.starts_with("Căn cứ")
        && !line.starts_with("Được ")
        && !line.starts_with("Nguồn")
}

/// Reads what the header (`head`: the lines before the first unit) and the closing block
/// (`tail`) say about the document. `body` is searched for the entry-into-force clause.
pub fn read_identity(head: &[&str], tail: &[&str], body: &str) -> DocumentMeta {
    let mut meta = DocumentMeta::default();

    for line in head {
        if meta.number.is_none()
            && let Some(c) = NUMBER.captures(line)
        {
            meta.number = DocNumber::parse(&c[1]).ok();
        }
        if meta.issued.is_none()
            && let Some(c) = PLACE_DATE.captures(line)
        {
            meta.place = Some(c[1].trim().to_string());
            meta.issued = first_date(&line[c.get(0).map_or(0, |m| m.start())..]);
        }
    }

    // Issuer: the first capitals line, cut where a glued national motto begins.
    if let Some(first) = head.first() {
        let cut = first
            .find("CỘNG HÒA")
            .or_else(|| first.find("CỘNG HOÀ"))
            .or_else(|| first.find("Luật số"))
            .or_else(|| first.find("Số:"))
            .or_else(|| first.find('_'))
            .unwrap_or(first.len());
        let caps = first[..cut].trim();
        if is_upper(caps) {
            meta.issuer = issuer_name(caps).map(str::to_string);
        }
    }

    if meta.issuer.is_none() {
        meta.issuer = local_authority(head);
    }

    // Type and title: the first capitals line that starts with a type name.
    for (i, line) in head.iter().enumerate() {
        if !is_upper(line) || line.starts_with("CỘNG HÒA") || line.starts_with("CỘNG HOÀ") {
            continue;
        }
        let Some((doc_type, len)) = DocType::prefix_of(line) else {
            continue;
        };
        meta.doc_type = Some(doc_type);
        let mut rest = line[len..].trim();
        // "ÁN LỆ SỐ 43/2021/AL", "NGHỊ QUYẾT SỐ 57-NQ/TW": the number is in the title line.
        if let Some(c) = TITLE_NUMBER.captures(rest) {
            if meta.number.is_none() {
                meta.number = DocNumber::parse(&c[1]).ok();
            }
            rest = "";
        }
        if !rest.is_empty() {
            meta.title = Some(sentence_case(rest));
        } else if let Some(next) = head.get(i + 1) {
            let next = next.trim();
            if doc_type.is_named() && is_upper(next) && !next.starts_with("CỘNG H") {
                // "LUẬT" on one line, "AN NINH MẠNG" on the next.
                meta.title = Some(sentence_case(next));
            } else if is_title_line(next) {
                // A centred title may run over several lines.
                let lines: Vec<&str> = head[i + 1..]
                    .iter()
                    .map(|l| l.trim())
                    .take_while(|l| is_title_line(l))
                    .take(4)
                    .collect();
                meta.title = Some(lines.join(" "));
            }
        }
        break;
    }

    // Laws carry their passing date in the closing formula rather than a date line.
    if meta.issued.is_none() {
        for line in tail.iter().chain(head.iter()) {
            if let Some(c) = PASSED.captures(line) {
                let n = |i: usize| c[i].parse::<u32>().ok();
                meta.issued = match (c[3].parse::<i32>().ok(), n(2), n(1)) {
                    (Some(y), Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(y, m, d),
                    _ => None,
                };
                break;
            }
        }
    }

    meta.signer = tail
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| SIGNER.is_match(l) && !l.starts_with("Nơi"))
        .map(str::to_string);

    if let Some(c) = EFFECTIVE.captures(body) {
        meta.effective = if &c[1] == "ký" {
            meta.issued
        } else {
            find_dates(&c[0]).first().map(|f| f.date)
        };
    }

    if meta.issuer.is_none() {
        meta.issuer = head
            .iter()
            .find_map(|l| ADOPTED_BY.captures(l))
            .and_then(|c| issuer_name(&c[1]))
            .map(str::to_string);
    }
    if meta.issuer.is_none() {
        meta.issuer = meta
            .number
            .as_ref()
            .and_then(issuer_from_number)
            .map(str::to_string);
    }
    if meta.doc_type.is_none() {
        meta.doc_type = meta.number.as_ref().and_then(DocNumber::doc_type);
    }
    meta
}
