//! Unit paths: the levels before the document ("điểm h, i và l khoản 1 Điều 5", "khoản 2,
//! khoản 3 Điều 2; khoản 5 Điều 4"), read as chains of levels and multiplied out into
//! [`Locator`]s, outermost level first.

use serde::Serialize;

use super::lexer::Toks;
use super::units::{ORDINALS, is_roman, label_at, num_key, rank, unit_num};
use crate::model::UnitKind;

/// Longest list or range a reference may expand to ("Điều 1 đến Điều 200").
pub const MAX_EXPANSION: usize = 200;

/// One level of a unit path: "khoản 1", "Mục II", "điểm đ".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub kind: UnitKind,
    /// The number as written: "1", "II", "đ", "2.1".
    pub num: String,
}

impl Step {
    /// The key two spellings of one number share ("III" and "3", "01" and "1").
    pub fn key(&self) -> String {
        num_key(self.kind, &self.num)
    }

    /// "khoản 1", "Mục II", "gạch đầu dòng thứ 2".
    pub fn label(&self) -> String {
        format!("{} {}", self.kind.label(), self.num)
    }
}

/// A path to one unit, outermost level first: `[Điều 9, khoản 1, điểm a]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Locator {
    pub steps: Vec<Step>,
}

impl Locator {
    /// Vietnamese order, innermost first: "điểm a khoản 1 Điều 9".
    pub fn label(&self) -> String {
        self.steps
            .iter()
            .rev()
            .map(Step::label)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the path has no level at all.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// One level of a chain with its numbers: "điểm h, i và l".
struct Level {
    kind: UnitKind,
    nums: Vec<String>,
}

/// Reads the numbers after a label at `i`: a list ("h, i và l"), a range ("1 đến 5", "1-5")
/// or "này". Returns the numbers (empty for "này") and the next token index.
fn level_nums(t: &mut Toks<'_>, kind: UnitKind, mut i: usize) -> Option<(Vec<String>, usize)> {
    if t.is_word(i, "này") {
        return Some((Vec::new(), i + 1));
    }
    let mut nums = Vec::new();
    let first = t.get(i)?;
    // "gạch đầu dòng thứ hai" (the label holds "thứ"), "Phần thứ hai"; not "một phần hai".
    let ordinal_at = if kind == UnitKind::Part && t.is_word(i, "thứ") {
        Some(i + 1)
    } else {
        (kind == UnitKind::Bullet).then_some(i)
    };
    if let Some(at) = ordinal_at
        && let Some(w) = t.word(at)
        && let Some(k) = ORDINALS.iter().position(|o| *o == w)
    {
        nums.push((k + 1).to_string());
        return Some((nums, at + 1));
    }
    // "1-5" as one chunk.
    if matches!(kind, UnitKind::Article | UnitKind::Clause)
        && let Some((a, b)) = first.text.split_once(['-', '–'])
        && let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>())
        && a < b
        && (b - a) as usize <= MAX_EXPANSION
    {
        nums.extend((a..=b).map(|n| n.to_string()));
        return Some((nums, i + 1));
    }
    nums.push(unit_num(kind, &first)?);
    i += 1;
    // Party documents number their parts "III-": the dash belongs to the number.
    if is_roman(first.text) && (t.is_punct(i, "-") || t.is_punct(i, "–")) {
        i += 1;
    }
    loop {
        // A range: "1 đến 5", "a đến đ", "Điều 1 đến Điều 5".
        if t.is_word(i, "đến") || t.is_word(i, "tới") {
            let mut j = i + 1;
            if let Some((k, n)) = label_at(t, j)
                && k == kind
            {
                j += n;
            }
            if let Some(tok) = t.get(j)
                && let Some(last) = unit_num(kind, &tok)
                && let Some(expanded) = expand(kind, nums.last().map_or("", |s| s), &last)
            {
                nums.pop();
                nums.extend(expanded);
                i = j + 1;
                continue;
            }
            break;
        }
        // A list: ", i", "và l", "hoặc 3" — but not ", khoản 3" (a new chain).
        let sep = t.is_punct(i, ",") || t.is_word(i, "và") || t.is_word(i, "hoặc");
        if !sep {
            break;
        }
        let mut j = i + 1;
        if t.is_punct(i, ",") && (t.is_word(j, "và") || t.is_word(j, "hoặc")) {
            j += 1;
        }
        match t.get(j) {
            Some(tok) if label_at(t, j).is_none() => match unit_num(kind, &tok) {
                // A 4-digit "number" after a comma is a year, not an article.
                Some(n) if !(n.len() == 4 && kind != UnitKind::Row) => {
                    nums.push(n);
                    i = j + 1;
                }
                _ => break,
            },
            _ => break,
        }
    }
    Some((nums, i))
}

fn expand(kind: UnitKind, from: &str, to: &str) -> Option<Vec<String>> {
    if let (Ok(a), Ok(b)) = (from.parse::<u32>(), to.parse::<u32>()) {
        if a < b && ((b - a) as usize) < MAX_EXPANSION {
            return Some((a..=b).map(|n| n.to_string()).collect());
        }
        return None;
    }
    if kind == UnitKind::Point {
        const LETTERS: &[&str] = &[
            "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r",
            "s", "t", "u", "v", "x", "y",
        ];
        let a = LETTERS.iter().position(|l| *l == from)?;
        let b = LETTERS.iter().position(|l| *l == to)?;
        return (a < b).then(|| LETTERS[a..=b].iter().map(|s| s.to_string()).collect());
    }
    None
}

/// The unit path at the start of a reference, as written: chains of levels, in groups split
/// at ";".
pub(super) struct Path {
    groups: Vec<Vec<Vec<Level>>>,
    /// The path ends in "này": the unit the sentence stands in ("khoản 2 Điều này").
    pub(super) relative_unit: bool,
    /// The token after the path.
    pub(super) end: usize,
}

impl Path {
    /// Whether any level was read.
    pub(super) fn has_levels(&self) -> bool {
        self.groups.iter().any(|g| !g.is_empty())
    }

    /// The units the path names (see [`locators`]).
    pub(super) fn locators(self) -> Vec<Locator> {
        locators(self.groups)
    }
}

/// Reads the unit path at token `i`; it has no level when no unit label stands there.
pub(super) fn path_at(t: &mut Toks<'_>, mut i: usize) -> Option<Path> {
    // "từ Điều 1 đến Điều 5": the leading "từ" belongs to the range.
    // Chains of levels; `groups` split at ";".
    let mut groups: Vec<Vec<Vec<Level>>> = vec![Vec::new()];
    let mut relative_unit = false;
    let mut after_separator = false;
    while let Some((kind, n)) = label_at(t, i) {
        let Some((nums, next)) = level_nums(t, kind, i + n) else {
            break;
        };
        let group = groups.last_mut()?;
        let continues = group
            .last()
            .and_then(|chain| chain.last())
            .is_some_and(|l: &Level| rank(kind) > rank(l.kind))
            && !after_separator;
        if nums.is_empty() {
            relative_unit = true;
        }
        if continues {
            group.last_mut()?.push(Level { kind, nums });
        } else {
            group.push(vec![Level { kind, nums }]);
        }
        i = next;
        after_separator = false;
        if relative_unit {
            break;
        }
        // The next level of the same chain follows directly: "khoản 2 Điều 38".
        if label_at(t, i).is_some() {
            continue;
        }
        // Separators between chains: ",", "và", "hoặc", ";", ", và".
        let mut j = i;
        let semicolon = t.is_punct(j, ";");
        if t.is_punct(j, ",") || semicolon {
            j += 1;
        }
        if t.is_word(j, "và") || t.is_word(j, "hoặc") {
            j += 1;
        }
        if j > i && label_at(t, j).is_some() {
            if semicolon {
                groups.push(Vec::new());
            }
            i = j;
            after_separator = true;
            continue;
        }
        break;
    }
    Some(Path {
        groups,
        relative_unit,
        end: i,
    })
}

/// Expands chains into locators: missing outer levels come from the next chain of the group
/// ("khoản 2, khoản 3 Điều 2": both in Điều 2), lists multiply out.
fn locators(groups: Vec<Vec<Vec<Level>>>) -> Vec<Locator> {
    let mut out = Vec::new();
    for group in groups {
        let mut chains: Vec<Vec<Level>> = group;
        for c in (0..chains.len().saturating_sub(1)).rev() {
            let (head, tail) = chains.split_at_mut(c + 1);
            let (this, next) = (&mut head[c], &tail[0]);
            let top = this.last().map_or(0, |l| rank(l.kind));
            for l in next.iter().filter(|l| rank(l.kind) > top) {
                this.push(Level {
                    kind: l.kind,
                    nums: l.nums.clone(),
                });
            }
        }
        for chain in chains {
            if chain.iter().any(|l| l.nums.is_empty()) {
                continue;
            }
            // Outermost first.
            let mut paths: Vec<Vec<Step>> = vec![Vec::new()];
            for level in chain.iter().rev() {
                let mut next = Vec::new();
                for p in &paths {
                    for n in &level.nums {
                        let mut q = p.clone();
                        q.push(Step {
                            kind: level.kind,
                            num: n.clone(),
                        });
                        next.push(q);
                    }
                }
                paths = next;
                if paths.len() > MAX_EXPANSION {
                    paths.truncate(MAX_EXPANSION);
                }
            }
            out.extend(paths.into_iter().map(|steps| Locator { steps }));
        }
    }
    out
}
