//! What a sentence claims about the units it cites.
//!
//! A sentence may cite several units and say something different of each: its references
//! fall into groups (references joined only by "và", "," or "hoặc" share one claim), and the
//! sentence is cut between groups at the strongest break in the words between them (";",
//! ", còn", ","). A group's claim is its part of the sentence with the references left out, so
//! a claim is found after the reference ("Điều 9 … quy định …"), before it ("…, theo Điều 34
//! …") or around it ("Theo khoản 2 Điều 38 …, doanh nghiệp …"). Then what it asserts is typed:
//! dates, figures with their units, acting bodies, negations, the subject after "về".

use std::sync::LazyLock;

use lexcite_core::normalize::strip_marks;
use regex::Regex;

/// A claim: the words of its part of the sentence, the references left out.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Claim {
    pub text: String,
    /// "quy định về X": the subject X the sentence says the unit is about.
    pub subject: Option<String>,
    /// The sentence begins "Căn cứ …": it cites a basis and claims nothing.
    pub basis: bool,
    /// The reference is only mentioned inside a claim about another one ("… thực hiện quy
    /// định tại Điều 21"): it claims nothing itself.
    pub mentioned: bool,
    /// The sentence puts what it says on the reference ("Theo …, X", "X, căn cứ …").
    pub attributed: bool,
    /// The sentence opens with "Căn cứ": the references are its grounds.
    pub grounds: bool,
}

/// The group of references each reference belongs to and the claim of each group.
#[derive(Debug, Default)]
pub(crate) struct Claims {
    /// For each reference (in text order): its group.
    pub group_of: Vec<usize>,
    /// For each group: its references and its claim.
    pub groups: Vec<(Vec<usize>, Claim)>,
}

/// Words that join references of one group: "khoản 1 và khoản 2 Điều 5", "Điều 3, Điều 4".
const JOINERS: &[&str] = &[
    "va", "hoac", "hay", "cung", "voi", "tai", "cua", "theo", "den", "tu", "quy", "dinh",
];

/// The byte range of the sentence around `at`: cut at ".", "!", "?" (before a space or the
/// end) and line ends; ";" joins the clauses of one sentence.
pub(crate) fn sentence_of(text: &str, at: (usize, usize)) -> (usize, usize) {
    let bytes = text.as_bytes();
    let is_end = |i: usize| match bytes[i] {
        b'\n' => true,
        b'.' | b'!' | b'?' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
        _ => false,
    };
    let start = (0..at.0).rev().find(|&i| is_end(i)).map_or(0, |i| i + 1);
    let end = (at.1..bytes.len())
        .find(|&i| is_end(i))
        .unwrap_or(bytes.len());
    (start, end)
}

/// Whether the words of a text (between two references, or left of a claim) only join
/// references.
fn only_joiners(gap: &str) -> bool {
    gap.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| JOINERS.contains(&strip_marks(&w.to_lowercase()).as_str()))
}

/// Where to cut the words between two groups: the last of the strongest breaks, as a byte
/// offset into `gap`; None when nothing separates them.
fn cut_in(gap: &str) -> Option<usize> {
    const BREAKS: &[&[&str]] = &[
        &[";"],
        &[
            ", còn ",
            ", trong khi ",
            ", đồng thời ",
            ", nhưng ",
            " còn ",
            " trong khi ",
        ],
        &[", "],
    ];
    BREAKS
        .iter()
        .find_map(|marks| marks.iter().filter_map(|m| gap.rfind(m)).max())
}

/// Splits the sentences of `text` between their references (`spans`, byte ranges in text
/// order) and reads each group's claim. Only references that can be checked (`checkable`)
/// divide a sentence: when one group of them is all a sentence cites, the whole sentence is
/// its claim.
pub(crate) fn claims(text: &str, spans: &[(usize, usize)], checkable: &[bool]) -> Claims {
    let mut out = Claims {
        group_of: vec![0; spans.len()],
        groups: Vec::new(),
    };
    let mut k = 0;
    while k < spans.len() {
        let (ss, se) = sentence_of(text, spans[k]);
        let mut members = vec![k];
        while k + 1 < spans.len() && spans[k + 1].0 < se {
            k += 1;
            members.push(k);
        }
        k += 1;
        // Groups: references joined only by joiners.
        let mut groups: Vec<Vec<usize>> = vec![vec![members[0]]];
        for w in members.windows(2) {
            let gap = &text[spans[w[0]].1.min(spans[w[1]].0)..spans[w[1]].0];
            match groups.last_mut() {
                // "… (theo Điều 16 …)": a parenthesis opens an attribution of its own.
                Some(g) if only_joiners(gap) && !gap.contains('(') => g.push(w[1]),
                _ => groups.push(vec![w[1]]),
            }
        }
        // The groups the sentence makes claims about: the one it opens with and those a
        // pointer introduces ("theo …", "căn cứ …", "được quy định tại …"). Others are only
        // mentioned inside a claim ("… thực hiện quy định tại Điều 21").
        let can = |g: &Vec<usize>| g.iter().any(|&r| checkable.get(r).copied().unwrap_or(true));
        let mut owners: Vec<usize> = (0..groups.len())
            .filter(|&i| {
                let before_end = spans[groups[i][0]].0;
                let before_start = if i == 0 {
                    ss
                } else {
                    spans[*groups[i - 1].last().unwrap_or(&0)].1
                };
                let before = &text[before_start.min(before_end)..before_end];
                // After the first, an introducer opens a new part only after a break
                // (", theo …", "; căn cứ …", "(theo …)"): "… chuyển dữ liệu theo quy định tại
                // khoản 1 Điều 20 Luật …" mentions a unit inside the claim.
                can(&groups[i])
                    && (i == 0 && (before.trim().is_empty() || introduced(before))
                        || introduced(before) && after_break(before))
            })
            .collect();
        if owners.is_empty() {
            owners = (0..groups.len()).filter(|&i| can(&groups[i])).collect();
        }
        let mentioned = Claim {
            text: String::new(),
            subject: None,
            basis: false,
            mentioned: true,
            attributed: false,
            grounds: false,
        };
        for (i, g) in groups.iter().enumerate() {
            if !owners.contains(&i) {
                // A reference that could not be checked keeps the sentence's claim, for a
                // suggestion of where the document says it.
                let claim = if can(g) {
                    mentioned.clone()
                } else {
                    claim_in(text, ss, ss, se, members.iter().map(|&r| spans[r]))
                };
                for &r in g {
                    out.group_of[r] = out.groups.len();
                }
                out.groups.push((g.clone(), claim));
            }
        }
        if owners.len() <= 1 {
            // One thing the sentence is about: everything it says is the claim, from the ";"
            // that opens the reference's own clause when one does ("Chính phủ đã ban hành
            // chương trình; Điều 2 Nghị quyết … quy định …").
            let refs = owners
                .first()
                .map(|&o| groups[o].clone())
                .unwrap_or_default();
            let start = refs.first().map_or(ss, |&r| {
                let before = &text[ss..spans[r].0.max(ss)];
                match before.rfind(';') {
                    Some(at) if only_joiners(&before[at + 1..]) => ss + at + 1,
                    _ => ss,
                }
            });
            let inside = members.iter().map(|&r| spans[r]).filter(|sp| sp.0 >= start);
            let claim = claim_in(text, ss, start, se, inside);
            for &r in &refs {
                out.group_of[r] = out.groups.len();
            }
            out.groups.push((refs, claim));
            continue;
        }
        // Cut the sentence between the owners at the strongest break between them; owners with
        // nothing between them share a part.
        let mut parts: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        let mut start = ss;
        let mut pending: Vec<usize> = Vec::new();
        for (k, &o) in owners.iter().enumerate() {
            pending.extend(&groups[o]);
            let Some(&next) = owners.get(k + 1) else {
                parts.push((start, se, std::mem::take(&mut pending)));
                break;
            };
            let from = spans[*groups[o].last().unwrap_or(&groups[o][0])].1;
            let to = spans[groups[next][0]].0.max(from);
            if let Some(cut) = cut_in(&text[from..to]) {
                parts.push((start, from + cut, std::mem::take(&mut pending)));
                start = from + cut;
            }
        }
        let owned: Vec<(Vec<usize>, Claim)> = parts
            .into_iter()
            .map(|(s, e, refs)| {
                let inside = members
                    .iter()
                    .map(|&r| spans[r])
                    .filter(|sp| sp.0 >= s && sp.1 <= e);
                (refs, claim_in(text, ss, s, e, inside))
            })
            .collect();
        // A part that only cites ("Theo Điều 5 Luật A, …", "…, theo Điều 6 Luật B") claims
        // what the part beside it says: the next one for the first part, else the one before.
        let n = owned.len();
        for i in 0..n {
            let (refs, claim) = &owned[i];
            let claim = if !is_empty_claim(claim) {
                claim.clone()
            } else if i == 0 && n > 1 {
                owned[1].1.clone()
            } else if i > 0 {
                owned[i - 1].1.clone()
            } else {
                claim.clone()
            };
            for &r in refs {
                out.group_of[r] = out.groups.len();
            }
            out.groups.push((refs.clone(), claim));
        }
    }
    out
}

/// Words that put what a sentence says on the reference that follows them.
const INTRODUCERS: &[&str] = &[
    "theo quy định tại",
    "theo quy định của",
    "được quy định tại",
    "được nêu tại",
    "như quy định tại",
    "căn cứ vào",
    "căn cứ",
    "theo",
];

/// Whether the introducer that ends `before` follows a break: ",", ";", "(", a dash.
fn after_break(before: &str) -> bool {
    let lower = before
        .trim_end()
        .trim_end_matches(['(', ' '])
        .to_lowercase();
    INTRODUCERS
        .iter()
        .find(|p| lower.ends_with(*p))
        .is_some_and(|p| {
            let mut rest = lower[..lower.len() - p.len()].trim_end();
            // ", còn theo …", "; đồng thời, căn cứ …"
            for link in ["còn", "và", "nhưng", "đồng thời", "trong khi", "ngoài ra"] {
                if let Some(r) = rest.strip_suffix(link) {
                    rest = r.trim_end();
                    break;
                }
            }
            rest.ends_with([',', ';', '(', '-', '–']) || before.trim_end().ends_with('(')
        })
}

/// Whether the words before a reference end with an introducer.
fn introduced(before: &str) -> bool {
    let lower = before
        .trim_end()
        .trim_end_matches(['(', ',', ' '])
        .to_lowercase();
    INTRODUCERS.iter().any(|p| {
        lower.ends_with(p)
            && lower[..lower.len() - p.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

fn is_empty_claim(c: &Claim) -> bool {
    c.subject.is_none() && only_joiners(&c.text)
}

static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:quy định|hướng dẫn|điều chỉnh|đề cập|nói)(?: chi tiết| cụ thể| rõ)?\s+)?về(?: việc)?\s+(.+)$")
        .expect("valid regex")
});

/// "Nội dung về X (được quy định tại) Điều N": the subject stated before the reference.
static SUBJECT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:các |những )?(?:nội dung(?: về)?|quy định về|vấn đề(?: về)?) (.+?)(?: được| đã được)?$")
        .expect("valid regex")
});

/// The claim of a part `[start, end)` of the sentence that begins at `sentence`, the
/// references' byte ranges left out.
fn claim_in(
    text: &str,
    sentence: usize,
    start: usize,
    end: usize,
    refs: impl Iterator<Item = (usize, usize)>,
) -> Claim {
    let mut out = String::new();
    let mut at = start;
    let mut after_first: Option<usize> = None;
    let mut attributed = false;
    // What follows a reference starts after its comma: "Theo Điều 5, X …" claims "X …".
    let follow = |piece: &'_ str, after_ref: bool| -> String {
        if after_ref {
            piece.trim_start_matches([' ', ',', ':']).to_string()
        } else {
            piece.to_string()
        }
    };
    // "Nội dung về X được quy định tại Điều N": the words before the first reference point
    // at it ("tại", "ở"), so they name its subject; "X, theo Điều N" claims X.
    let mut points_at_first = false;
    for (s, e) in refs {
        let piece = follow(&text[at.min(s.max(at))..s.max(at)], after_first.is_some());
        if after_first.is_none() {
            let lower = piece.trim_end().to_lowercase();
            points_at_first = [" tại", " ở"].iter().any(|p| lower.ends_with(p));
        }
        attributed |= introduced(&piece);
        out.push_str(without_pointer(&piece));
        out.push(' ');
        at = e.max(at);
        after_first.get_or_insert(out.len());
    }
    out.push_str(&follow(&text[at.min(end)..end], after_first.is_some()));
    let opens_with_basis =
        strip_marks(&text[sentence..end].trim_start().to_lowercase()).starts_with("can cu");
    let clean = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '.' | ';'))
            .to_string()
    };
    let text_out = clean(&out);
    // The subject is what follows the first reference: "Điều 9 … quy định về X".
    let subject = after_first
        .map(|i| clean(&out[i..]))
        .and_then(|rest| {
            SUBJECT
                .captures(&rest)
                .and_then(|c| c.get(1))
                .map(|m| subject_end(m.as_str()).to_string())
        })
        .or_else(|| {
            if !points_at_first {
                return None;
            }
            SUBJECT_BEFORE
                .captures(&text_out)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string())
        })
        .filter(|s| s.split_whitespace().count() >= 2);
    // "Căn cứ Luật …;" cites a basis; "Căn cứ Điều 5 Luật …, X phải …" claims X.
    let basis = opens_with_basis && subject.is_none() && only_joiners(&text_out);
    Claim {
        text: text_out,
        subject,
        basis,
        mentioned: false,
        attributed,
        grounds: opens_with_basis,
    }
}

/// Words that only point at the reference that follows them: "theo quy định tại", "tại".
const POINTERS: &[&str] = &[
    "theo quy định tại",
    "được quy định tại",
    "quy định tại",
    "được nêu tại",
    "nêu tại",
    "căn cứ vào",
    "căn cứ",
    "theo",
    "tại",
];

/// The words before a reference without the pointer that ends them.
fn without_pointer(before: &str) -> &str {
    let trimmed = before.trim_end();
    let lower = trimmed.to_lowercase();
    for p in POINTERS {
        if lower.ends_with(p) {
            let cut = trimmed.len() - p.len();
            // Lower-casing kept the byte length of these words.
            if trimmed.is_char_boundary(cut)
                && trimmed[..cut]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            {
                return &trimmed[..cut];
            }
        }
    }
    before
}

/// A subject ends where the sentence goes on to say something of it: "về X quy định …",
/// "về X, có hiệu lực …".
fn subject_end(s: &str) -> &str {
    const ENDS: &[&str] = &[
        ";",
        " quy định ",
        " có hiệu lực",
        " hướng dẫn ",
        " nêu rõ",
        " yêu cầu ",
        " theo đó",
        " đã ",
        " được ban hành",
    ];
    // "… quy định về …" inside a subject is part of its name.
    let end = ENDS
        .iter()
        .filter_map(|e| {
            s.match_indices(e)
                .map(|(i, _)| i)
                .find(|&i| !(*e == " quy định " && s[i + e.len()..].starts_with("về ")))
        })
        .min()
        .unwrap_or(s.len());
    s[..end].trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims_of(text: &str, refs: &[&str]) -> Vec<String> {
        let spans: Vec<(usize, usize)> = refs
            .iter()
            .map(|r| {
                let s = text.find(r).expect("reference in the text");
                (s, s + r.len())
            })
            .collect();
        let c = claims(text, &spans, &vec![true; spans.len()]);
        c.group_of
            .iter()
            .map(|&g| c.groups[g].1.text.clone())
            .collect()
    }

    #[test]
    fn a_claim_is_found_before_after_and_around_its_reference() {
        assert_eq!(
            claims_of(
                "Theo Điều 9 Luật X, hệ thống phải được đánh giá.",
                &["Điều 9 Luật X"]
            ),
            ["hệ thống phải được đánh giá"]
        );
        assert_eq!(
            claims_of(
                "Luật có hiệu lực từ 01/3/2026, theo Điều 34 Luật X.",
                &["Điều 34 Luật X"]
            ),
            ["Luật có hiệu lực từ 01/3/2026"]
        );
    }

    #[test]
    fn a_sentence_citing_two_units_gives_each_its_own_claim() {
        let text = "Theo Điều 5 Luật A, tổ chức phải đăng ký, còn theo Điều 6 Luật B, cá nhân được miễn phí.";
        let got = claims_of(text, &["Điều 5 Luật A", "Điều 6 Luật B"]);
        assert_eq!(got[0], "tổ chức phải đăng ký");
        assert_eq!(got[1], "còn cá nhân được miễn phí");
        // Joined references share one claim.
        let text = "Khoản 1 và khoản 2 Điều 5 Luật A quy định về thời hạn nộp hồ sơ.";
        let got = claims_of(text, &["Khoản 1", "khoản 2 Điều 5 Luật A"]);
        assert_eq!(got[0], got[1]);
    }

    #[test]
    fn a_part_that_only_cites_takes_the_claim_that_follows() {
        let text = "Theo Điều 5 Luật A, Điều 6 Luật B; tổ chức phải đăng ký.";
        let got = claims_of(text, &["Điều 5 Luật A", "Điều 6 Luật B"]);
        assert_eq!(got[0], got[1]);
    }

    #[test]
    fn a_source_in_parentheses_owns_the_claim_though_a_pointer_comes_before() {
        // "Điều này" and "(theo khoản 1 Điều 16 …)" are not one group: the parenthesis names
        // the sentence's source, which must support what the sentence says.
        let text = "Tổ chức chuyển dữ liệu theo quy định tại khoản 1 Điều 20 Luật A phải lập hồ sơ \
                    theo quy định tại Điều này (theo khoản 1 Điều 16 Nghị định B).";
        let spans: Vec<(usize, usize)> = [
            "khoản 1 Điều 20 Luật A",
            "Điều này",
            "khoản 1 Điều 16 Nghị định B",
        ]
        .iter()
        .map(|r| {
            let s = text.find(r).expect("reference in the text");
            (s, s + r.len())
        })
        .collect();
        let c = claims(text, &spans, &[true, true, true]);
        let source = &c.groups[c.group_of[2]].1;
        assert!(!source.mentioned, "the source was taken for a mention");
        assert!(source.text.contains("phải lập hồ sơ"), "{source:?}");
    }

    #[test]
    fn a_reference_opening_a_clause_after_a_semicolon_claims_only_its_clause() {
        let text = "Chính phủ đã ban hành chương trình riêng; Điều 2 Nghị quyết X quy định Nghị quyết có hiệu lực từ ngày ký.";
        let got = claims_of(text, &["Điều 2 Nghị quyết X"]);
        assert_eq!(got[0], "quy định Nghị quyết có hiệu lực từ ngày ký");
        // A reference inside the clause still claims the whole sentence.
        let text = "Tổ chức phải đăng ký; cá nhân được miễn, theo Điều 5 Luật A.";
        let got = claims_of(text, &["Điều 5 Luật A"]);
        assert!(got[0].starts_with("Tổ chức phải đăng ký"), "{got:?}");
    }

    #[test]
    fn subjects_and_bases_are_read() {
        let spans = [(0, "Điều 27 Luật X".len())];
        let c = claims(
            "Điều 27 Luật X quy định về điều khoản chuyển tiếp.",
            &spans,
            &[true],
        );
        assert_eq!(
            c.groups[0].1.subject.as_deref(),
            Some("điều khoản chuyển tiếp")
        );
        let text = "Căn cứ Luật X;";
        let at = text.find("Luật X").expect("in the text");
        let c = claims(text, &[(at, at + "Luật X".len())], &[true]);
        assert!(c.groups[0].1.basis);
    }
}
