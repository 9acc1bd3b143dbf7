//! Reading a document designation after a unit path or on its own: "Luật An ninh mạng 2018",
//! "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "Chương trình ban hành kèm theo
//! Nghị quyết số 71/NQ-CP", "Luật này". Each part has its step; [`doc_at`] runs them in order.

use super::document::DocRef;
use super::lexer::{TokKind, Toks};
use crate::date::find_dates;
use crate::doctype::DocType;
use crate::model::Span;
use crate::normalize::{fold_tones, match_key};
use crate::number::DocNumber;

/// How strictly a reference is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// A citation string: lenient about case, everything must be read.
    Strict,
    /// Running text: document types count only when capitalised or after a unit path.
    Free,
}

/// Issuers as references name them after "của", longest first.
const ISSUERS: &[&str] = &[
    "Ban Chấp hành Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Ủy ban Thường vụ Quốc hội",
    "Thủ tướng Chính phủ",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Chính phủ",
    "Quốc hội",
    "Chủ tịch nước",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Xây dựng",
    "Bộ Giao thông vận tải",
    "Bộ Khoa học và Công nghệ",
    "Bộ Thông tin và Truyền thông",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Dân tộc và Tôn giáo",
    "Ngân hàng Nhà nước Việt Nam",
    "Thanh tra Chính phủ",
    "Văn phòng Chính phủ",
    "Ủy ban Dân tộc",
    "Kiểm toán nhà nước",
    "Văn phòng Quốc hội",
];

/// Heads named before their issuer ("của Bộ trưởng Bộ Công an"), with how the issuers they
/// head begin: the document is the issuer's.
const ISSUER_HEADS: &[(&str, &str)] = &[("Bộ trưởng ", "Bộ "), ("Thống đốc ", "Ngân hàng ")];

/// The issuer `rest` starts with ("Bộ trưởng Bộ Công an" is "Bộ Công an"), and the bytes
/// of `rest` that name it.
fn issuer_at(rest: &str) -> Option<(&'static str, usize)> {
    let head = ISSUER_HEADS.iter().find(|(h, _)| {
        rest.get(..h.len())
            .is_some_and(|r| match_key(r) == match_key(h))
    });
    let skip = head.map_or(0, |(h, _)| h.len());
    let issuer = issuer_named(&rest[skip..])?;
    head.is_none_or(|(_, heads)| issuer.starts_with(heads))
        .then_some((issuer, skip + issuer.len()))
}

/// The issuer `rest` starts with, compared without case or tone placement; the longest.
fn issuer_named(rest: &str) -> Option<&'static str> {
    use std::sync::LazyLock;
    static KEYS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
        ISSUERS
            .iter()
            .map(|iss| (*iss, fold_tones(&iss.to_lowercase())))
            .collect()
    });
    let longest = ISSUERS.iter().map(|i| i.len()).max().unwrap_or(0);
    let end = (longest.min(rest.len())..=rest.len())
        .find(|&e| rest.is_char_boundary(e))
        .unwrap_or(rest.len());
    let head = fold_tones(&rest[..end].to_lowercase());
    KEYS.iter()
        .filter(|(_, key)| {
            head.starts_with(key.as_str())
                && !head[key.len()..].starts_with(|c: char| c.is_alphanumeric())
        })
        .max_by_key(|(_, key)| key.len())
        .map(|(iss, _)| *iss)
}

/// Words that end a document's name in running text ("Luật An ninh mạng quy định …").
const NAME_STOPS: &[&str] = &[
    "số", "năm", "ngày", "của", "do", "được", "đã", "quy", "có", "là", "và", "thì", "để", "khi",
    "nhưng", "nhằm", "cũng", "sẽ", "bởi", "ban", "hiện", "mới", "này", "nêu", "tại", "theo",
    "trên", "với", "hoặc", "không", "về", "thuộc", "điều", "khoản", "điểm", "mục", "chương",
    "phần", "hướng", "sửa", "thay", "hết", "còn", "đang", "vẫn", "đối", "cho", "phải", "như",
    "trong", "từ", "đến", "gồm", "bao", "các", "những", "thông", "nghị", "quyết", "luật",
];

/// Whether a (folded, lower-case) word is the first word of a document type's name.
fn starts_a_type(word: &str) -> bool {
    use std::sync::LazyLock;
    static FIRST: LazyLock<Vec<String>> = LazyLock::new(|| {
        DocType::all()
            .filter_map(|t| t.name().split(' ').next())
            .map(|w| fold_tones(&w.to_lowercase()))
            .collect()
    });
    FIRST.iter().any(|w| w == word)
}

/// A document's name at token `i`: words up to a stop, the first capitalised in running text
/// unless "về" introduces it. Returns the name, its bytes and the next token.
fn name_at(
    t: &mut Toks<'_>,
    i: usize,
    mode: Mode,
    lowercase_type: bool,
) -> Option<(String, Span, usize)> {
    let mut words = Vec::new();
    let mut j = i;
    let mut about = false;
    while words.len() < 12 {
        let Some(w) = t.word(j) else { break };
        if words.is_empty() && w == "về" && !about {
            about = true;
            j += 1;
            continue;
        }
        // "số" ends a name before a number ("Luật số 24/2018/QH14"), not inside one
        // ("Luật Công nghiệp công nghệ số").
        let at = if t.is_punct(j + 1, ":") { j + 2 } else { j + 1 };
        let number_follows = t.get(at).is_some_and(|x| x.kind == TokKind::Num);
        if NAME_STOPS.contains(&w.as_str()) && (w != "số" || number_follows) {
            break;
        }
        let tok = t.get(j)?;
        // A lower-case type word ("Điều 26 quy định về …") takes no name from "về".
        if words.is_empty()
            && mode == Mode::Free
            && (!about || lowercase_type)
            && !tok.text.starts_with(char::is_uppercase)
        {
            break;
        }
        words.push(tok);
        j += 1;
    }
    let (first, last) = (words.first()?, words.last()?);
    let name = words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ");
    Some((name, Span::new(first.start, last.end), j))
}

/// Reads a document designation at token `i`: "ban hành kèm theo", type, name, number, year,
/// date, issuer.
pub(super) fn doc_at(
    t: &mut Toks<'_>,
    i: usize,
    mode: Mode,
    after_path: bool,
) -> Option<(DocRef, usize)> {
    let mut r = DocReader {
        t,
        i,
        begin: i,
        mode,
        after_path,
        d: DocRef::default(),
        read_type: false,
        lowercase_type: false,
    };
    if after_path {
        r.attachment();
    }
    r.doc_type()?;
    if !r.read_type && r.d.attachment {
        return None;
    }
    if r.read_type {
        if r.relative() {
            return Some((r.d, r.i));
        }
        r.name();
    }
    r.details();
    r.closing_paren();
    r.finish()
}

/// A document designation being read: each step looks at the token at `i` and moves `i`
/// past what it read.
struct DocReader<'t, 'a> {
    t: &'t mut Toks<'a>,
    /// The next token to read.
    i: usize,
    /// Where the designation starts.
    begin: usize,
    mode: Mode,
    /// A unit path comes before ("khoản 2 Điều 38 luật …").
    after_path: bool,
    d: DocRef,
    /// A document type was read.
    read_type: bool,
    /// The type was written in lower case ("luật"): in running text a verb, unless something
    /// after it identifies a document.
    lowercase_type: bool,
}

impl DocReader<'_, '_> {
    /// "Chương trình [hành động …] ban hành kèm theo [của] …", "ban hành kèm theo …", "kèm
    /// theo …".
    fn attachment(&mut self) {
        let t = &mut *self.t;
        let mut j = self.i;
        if t.is_word(j, "chương") && t.is_word(j + 1, "trình") {
            j += 2;
            let mut k = 0;
            while k < 10 && !t.are_words(j, &["ban", "hành", "kèm", "theo"]) {
                if t.get(j).is_none_or(|x| x.kind != TokKind::Word) {
                    break;
                }
                j += 1;
                k += 1;
            }
        }
        let len = if t.are_words(j, &["ban", "hành", "kèm", "theo"]) {
            4
        } else if t.are_words(j, &["kèm", "theo"]) {
            2
        } else {
            return;
        };
        self.d.attachment = true;
        self.i = j + len;
        // "kèm theo của Nghị quyết …": the "của" is a slip, not a break.
        if t.is_word(self.i, "của") {
            self.i += 1;
        }
    }

    /// The document type ("Luật", "Nghị quyết"): in running text only when capitalised or
    /// after a unit path. `None` when the text ends here.
    fn doc_type(&mut self) -> Option<()> {
        let t = &mut *self.t;
        let tok = t.get(self.i)?;
        if tok.kind == TokKind::Word && t.folded_word(self.i).is_some_and(starts_a_type) {
            let rest = &t.text()[tok.start..];
            if let Some((doc_type, len)) = DocType::prefix_of(rest) {
                let capitalised = tok.text.starts_with(char::is_uppercase);
                if self.mode == Mode::Strict || capitalised || self.after_path {
                    self.d.doc_type = Some(doc_type);
                    self.read_type = true;
                    self.lowercase_type = !capitalised;
                    // Skip the type's words.
                    let end = tok.start + len;
                    while t.get(self.i).is_some_and(|x| x.start < end) {
                        self.i += 1;
                    }
                }
            }
        }
        Some(())
    }

    /// "Luật này", "Nghị định nêu trên", "Nghị quyết đã dẫn": the document the text is about.
    fn relative(&mut self) -> bool {
        let t = &mut *self.t;
        let len = if t.is_word(self.i, "này") {
            1
        } else if t.are_words(self.i, &["nêu", "trên"]) || t.are_words(self.i, &["đã", "dẫn"])
        {
            2
        } else {
            return false;
        };
        self.d.relative = true;
        self.i += len;
        true
    }

    /// The name: words up to a stop. In running text a name starts with a capital ("Luật An
    /// ninh mạng") or follows "về" ("Nghị quyết về đột phá …"); "Luật pháp" is no document.
    fn name(&mut self) {
        if let Some((name, span, next)) = name_at(self.t, self.i, self.mode, self.lowercase_type) {
            self.d.name = Some(name);
            self.d.name_bytes = Some(span);
            self.i = next;
            self.name_to_number(span);
        }
    }

    /// A name cut at a comma or a stop word that goes on to its number: "Luật Khoa học, công
    /// nghệ và đổi mới sáng tạo số 93/2025/QH15", "Luật Quản lý và đầu tư vốn nhà nước tại
    /// doanh nghiệp số 68/2025/QH15". Commas and lower-case words up to "số" and a number
    /// of the document's type belong to the name; a capital, a type word ("và Nghị định
    /// số …") or a word that goes on with the sentence ("của", "được") ends it where it was.
    fn name_to_number(&mut self, span: Span) {
        const GOES_ON: &[&str] = &["của", "được", "đã", "bởi", "do", "này", "là"];
        let t = &mut *self.t;
        let mut k = self.i;
        let mut last = None;
        for _ in 0..16 {
            let Some(tok) = t.get(k) else { return };
            match tok.kind {
                TokKind::Punct if tok.text == "," => {}
                TokKind::Word => {
                    let Some(w) = t.folded_word(k) else { return };
                    if w == "số" {
                        break;
                    }
                    if !tok.text.starts_with(char::is_lowercase)
                        || GOES_ON.contains(&w)
                        || (starts_a_type(w)
                            && DocType::prefix_of(&t.text()[tok.start..]).is_some())
                    {
                        return;
                    }
                    last = Some(tok);
                }
                _ => return,
            }
            k += 1;
        }
        let (Some(last), true) = (last, t.is_word(k, "số")) else {
            return;
        };
        let Some(number) = t
            .get(k + 1)
            .filter(|x| x.kind == TokKind::Num)
            .and_then(|x| DocNumber::parse(x.text).ok())
        else {
            return;
        };
        if number
            .doc_type()
            .is_some_and(|own| Some(own) != self.d.doc_type)
        {
            return;
        }
        let text = t.text();
        self.d.name = Some(text[span.start..last.end].to_string());
        self.d.name_bytes = Some(Span::new(span.start, last.end));
        self.i = k;
    }

    /// Number, year, date and issuer in any order, commas allowed between them.
    fn details(&mut self) {
        loop {
            let comma = self.t.is_punct(self.i, ",") || self.t.is_punct(self.i, "(");
            let k = if comma { self.i + 1 } else { self.i };
            if !(self.number(k) || self.year(k) || self.date(k) || self.issuer(k)) {
                break;
            }
        }
    }

    /// The number at token `k` ("số 13/2023/NĐ-CP", "57-NQ/TW"), maybe followed by the title;
    /// or a serial without its symbol ("Nghị quyết 57", "số 57").
    fn number(&mut self, k: usize) -> bool {
        if self.d.number.is_some() || self.d.serial.is_some() {
            return false;
        }
        let t = &mut *self.t;
        let (at, has_so) = if t.is_word(k, "số") {
            if t.is_punct(k + 1, ":") {
                (k + 2, true)
            } else {
                (k + 1, true)
            }
        } else {
            (k, false)
        };
        let Some(tok) = t.get(at).filter(|tok| {
            tok.kind == TokKind::Num && tok.text.starts_with(|c: char| c.is_ascii_digit())
        }) else {
            return false;
        };
        if let Ok(n) = DocNumber::parse(tok.text) {
            self.d.number = Some(n);
            self.i = at + 1;
            self.title_after_number();
            return true;
        }
        let serial_only = tok.text.chars().all(|c| c.is_ascii_digit());
        // A bare four-digit number after a type is a year ("Luật An ninh mạng 2018");
        // in running text a serial needs its type ("Nghị quyết 57", not "số 5").
        if serial_only
            && (self.read_type || self.mode == Mode::Strict)
            && (has_so || (self.read_type && tok.text.len() != 4))
        {
            self.d.serial = Some(tok.text.to_string());
            self.i = at + 1;
            return true;
        }
        false
    }

    /// The title may follow the number: "Luật số 91/2025/QH15 Bảo vệ dữ liệu cá nhân ngày
    /// 26/06/2025".
    fn title_after_number(&mut self) {
        if self.read_type
            && self.d.name.is_none()
            && self
                .t
                .get(self.i)
                .is_some_and(|x| x.text.starts_with(char::is_uppercase))
            && let Some((name, span, next)) = name_at(self.t, self.i, self.mode, false)
        {
            self.d.name = Some(name);
            self.d.name_bytes = Some(span);
            self.i = next;
        }
    }

    /// The year at token `k`: "năm 2018", or "2018" right after the type and name.
    fn year(&mut self, k: usize) -> bool {
        if self.d.year.is_some() || self.d.issued.is_some() {
            return false;
        }
        let at = if self.t.is_word(k, "năm") { k + 1 } else { k };
        if let Some(tok) = self.t.get(at)
            && tok.kind == TokKind::Num
            && tok.text.len() == 4
            && (at > k || self.read_type)
            && let Ok(y) = tok.text.parse::<i32>()
            && (1945..=2100).contains(&y)
        {
            self.d.year = Some(y);
            self.i = at + 1;
            return true;
        }
        false
    }

    /// The date of issue at token `k`: "ngày 22/12/2024", "ngày 22 tháng 12 năm 2024".
    fn date(&mut self, k: usize) -> bool {
        if self.d.issued.is_some() || !self.t.is_word(k, "ngày") {
            return false;
        }
        let Some(tok) = self.t.get(k) else {
            return false;
        };
        let text = self.t.text();
        let window_end = (tok.start + 48).min(text.len());
        let window_end = (window_end..=text.len())
            .find(|&e| text.is_char_boundary(e))
            .unwrap_or(text.len());
        let window = &text[tok.start..window_end];
        let after = &window["ngày".len()..];
        let lead = after.len() - after.trim_start().len();
        let found = find_dates(window)
            .into_iter()
            .find(|f| f.start == 0 || f.start == "ngày".len() + lead);
        let Some(f) = found else {
            return false;
        };
        self.d.issued = Some(f.date);
        self.i = self.past(k, tok.start + f.end);
        true
    }

    /// The issuer at token `k`: "của Bộ Chính trị".
    fn issuer(&mut self, k: usize) -> bool {
        if self.d.issuer.is_some() || !self.t.is_word(k, "của") {
            return false;
        }
        let text = self.t.text();
        let Some(next) = self.t.get(k + 1) else {
            return false;
        };
        let Some((iss, len)) = issuer_at(&text[next.start..]) else {
            return false;
        };
        self.d.issuer = Some(iss.to_string());
        self.i = self.past(k + 1, next.start + len);
        true
    }

    /// The first token from `j` on that does not end by byte `end`.
    fn past(&mut self, mut j: usize, end: usize) -> usize {
        while self.t.get(j).is_some_and(|x| x.end <= end) {
            j += 1;
        }
        j
    }

    /// A parenthesis around one part ("(2018)") closes with it.
    fn closing_paren(&mut self) {
        if self.t.is_punct(self.i, ")") && self.t.is_punct(self.i.saturating_sub(2), "(") {
            self.i += 1;
        }
    }

    /// The designation and the token after it, if it is one: it read something, and a type or
    /// something that identifies a document.
    fn finish(self) -> Option<(DocRef, usize)> {
        let DocReader {
            i,
            begin,
            mode,
            d,
            read_type,
            lowercase_type,
            ..
        } = self;
        // "Điều 9 quy định …": a lower-case type word in running text is a verb unless
        // something after it identifies a document.
        let unidentified_verb = lowercase_type && mode == Mode::Free && !d.identifies();
        if i == begin || (!read_type && !d.identifies()) || unidentified_verb {
            return None;
        }
        Some((d, i))
    }
}
