//! Builds the unit tree of one region (main body, attachment or appendix) from its lines.
//!
//! A stack of open units; each marker closes the units it cannot nest in and opens its own.
//! A marker whose number does not follow on (a cross-reference that happens to start a line,
//! a numbered list inside a clause) stays plain text of the unit that is open.

use super::lines::{Marker, is_upper, point_index, roman_value};
use crate::model::UnitKind;

/// A line of the normalised body: byte range, text without its line break, and what it
/// starts with (classified once).
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub marker: Marker<'a>,
}

/// A unit under construction: byte offsets into the body.
#[derive(Clone, Debug)]
pub struct Node {
    pub kind: UnitKind,
    pub num: Option<String>,
    pub heading: Option<String>,
    pub start: usize,
    pub text_start: usize,
    pub end: usize,
    pub own_end: Option<usize>,
    pub notes: Vec<String>,
    pub children: Vec<Node>,
    rank: u8,
    /// Number of the last child opened, per kind (for numbering checks).
    last: Vec<(UnitKind, String)>,
}

impl Node {
    pub fn new(kind: UnitKind, num: Option<String>, line: &Line<'_>, text_start: usize) -> Self {
        Self {
            kind,
            num,
            heading: None,
            start: line.start,
            text_start,
            end: line.end,
            own_end: None,
            notes: Vec::new(),
            children: Vec::new(),
            rank: 0,
            last: Vec::new(),
        }
    }

    fn last_num(&self, kind: UnitKind) -> Option<&str> {
        self.last
            .iter()
            .rev()
            .find(|(k, _)| *k == kind)
            .map(|(_, n)| n.as_str())
    }
}

/// Which family of structure a region follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Phần / Chương / Mục / Điều / khoản / điểm.
    Statute,
    /// I- / 1. / a) / – (Party resolutions, Government programmes).
    Programme,
}

/// Picks the family: a region with article headings is a statute.
pub fn detect_family(lines: &[Line<'_>]) -> Family {
    let articles = lines
        .iter()
        .filter(|l| matches!(l.marker, Marker::Article { .. }))
        .count();
    if articles > 0 {
        Family::Statute
    } else {
        Family::Programme
    }
}

/// An article number's order key: "9" < "9a" < "10".
fn article_key(num: &str) -> (u32, String) {
    let digits: String = num.chars().take_while(char::is_ascii_digit).collect();
    let suffix = num[digits.len()..].to_string();
    (digits.parse().unwrap_or(0), suffix)
}

fn numeral(num: &str) -> Option<u32> {
    num.parse().ok().or_else(|| roman_value(num))
}

/// Whether a heading-like remainder is a title rather than the start of running text.
fn is_title(rest: &str) -> bool {
    !rest.is_empty() && rest.chars().count() <= 200 && !rest.ends_with(['.', ';', ':', ','])
}

pub struct Builder<'a, 'l> {
    lines: &'l [Line<'a>],
    family: Family,
    stack: Vec<Node>,
    /// Whether the bottom of the stack is a virtual root (main body) rather than a container.
    virtual_root: bool,
    structured: bool,
    in_closing: bool,
    last_article: Option<(u32, String)>,
    last_chapter: u32,
    pub warnings: Vec<String>,
}

impl<'a, 'l> Builder<'a, 'l> {
    /// A builder whose units go into `root`. With `virtual_root`, text before the first
    /// marker becomes a preamble unit instead of the root's own text.
    pub fn new(lines: &'l [Line<'a>], family: Family, root: Node, virtual_root: bool) -> Self {
        Self {
            lines,
            family,
            stack: vec![root],
            virtual_root,
            structured: false,
            in_closing: false,
            last_article: None,
            last_chapter: 0,
            warnings: Vec::new(),
        }
    }

    /// Consumes all lines and returns the root with its children.
    pub fn build(mut self) -> (Node, Vec<String>) {
        let mut i = 0;
        while i < self.lines.len() {
            i = self.line(i);
        }
        self.close_until(1);
        let root = self.stack.pop().expect("root stays on the stack");
        (root, self.warnings)
    }

    fn touch(&mut self, end: usize) {
        for n in &mut self.stack {
            n.end = n.end.max(end);
        }
    }

    fn close_until(&mut self, rank: u8) {
        while self.stack.len() > 1 && self.stack.last().is_some_and(|n| n.rank >= rank) {
            let node = self.stack.pop().expect("checked non-empty");
            let parent = self.stack.last_mut().expect("root stays on the stack");
            parent.children.push(node);
        }
    }

    fn open(&mut self, mut node: Node, rank: u8) {
        node.rank = rank;
        let parent = self.stack.last_mut().expect("root stays on the stack");
        if parent.own_end.is_none() {
            parent.own_end = Some(parent.end.min(node.start));
        }
        if let Some(n) = &node.num {
            parent.last.push((node.kind, n.clone()));
        }
        let end = node.end;
        self.stack.push(node);
        self.touch(end);
    }

    fn innermost(&self, kinds: &[UnitKind]) -> Option<usize> {
        self.stack.iter().rposition(|n| kinds.contains(&n.kind))
    }

    fn plain(&mut self, line: &Line<'_>) {
        if self.stack.len() == 1 && self.virtual_root && !self.structured {
            let node = Node::new(UnitKind::Preamble, None, line, line.start);
            self.open(node, 1);
            return;
        }
        self.touch(line.end);
    }

    /// Starts a structural unit: ends the preamble first.
    fn begin_structure(&mut self) {
        if !self.structured {
            self.structured = true;
            self.close_until(1);
        }
    }

    /// Takes the next line as the heading when the marker line has none and the next line is
    /// an all-capitals title. Returns the index of the last line used.
    fn heading_from_next(&mut self, i: usize, rest: &str) -> (Option<String>, usize, usize) {
        let line = &self.lines[i];
        if !rest.is_empty() {
            return (Some(rest.to_string()), i, line.end);
        }
        match self.lines.get(i + 1) {
            Some(next) if next.marker == Marker::Plain && is_title(next.text) => {
                (Some(next.text.to_string()), i + 1, next.end)
            }
            _ => (None, i, line.end),
        }
    }

    fn line(&mut self, i: usize) -> usize {
        let line = self.lines[i];
        let marker = line.marker;
        if self.in_closing {
            self.touch(line.end);
            return i + 1;
        }
        if let Marker::Annotation { note } = marker {
            if self.stack.len() == 1 {
                self.plain(&line);
            }
            let at = self
                .innermost(&[UnitKind::Article])
                .unwrap_or(self.stack.len() - 1);
            self.stack[at].notes.push(note.to_string());
            self.touch(line.end);
            return i + 1;
        }
        if marker == Marker::Closing && self.structured {
            self.close_until(1);
            self.in_closing = true;
            let node = Node::new(UnitKind::Closing, None, &line, line.start);
            self.open(node, 1);
            return i + 1;
        }
        match self.family {
            Family::Statute => self.statute_line(i, &line, marker),
            Family::Programme => self.programme_line(i, &line, marker),
        }
    }

    fn rest_start(line: &Line<'_>, rest: &str) -> usize {
        if rest.is_empty() {
            line.end
        } else {
            line.end - rest.len()
        }
    }

    fn container(&mut self, i: usize, kind: UnitKind, num: &str, rest: &str, rank: u8) -> usize {
        let line = self.lines[i];
        self.begin_structure();
        self.close_until(rank);
        let (heading, last, text_start) = self.heading_from_next(i, rest);
        let mut node = Node::new(kind, Some(num.to_string()), &line, text_start);
        node.heading = heading;
        node.end = self.lines[last].end;
        self.open(node, rank);
        last + 1
    }

    fn statute_line(&mut self, i: usize, line: &Line<'_>, marker: Marker<'_>) -> usize {
        match marker {
            Marker::Part { num, rest } => self.container(i, UnitKind::Part, num, rest, 2),
            Marker::Chapter { num, rest } => {
                let value = numeral(num).unwrap_or(0);
                if value <= self.last_chapter {
                    self.warnings
                        .push(format!("line {:?}: chapter {num} out of order", line.text));
                    self.plain(line);
                    return i + 1;
                }
                self.last_chapter = value;
                self.container(i, UnitKind::Chapter, num, rest, 3)
            }
            Marker::Section { num, rest } if self.innermost(&[UnitKind::Chapter]).is_some() => {
                self.container(i, UnitKind::Section, num, rest, 4)
            }
            Marker::Subsection { num, rest } if self.innermost(&[UnitKind::Section]).is_some() => {
                self.container(i, UnitKind::Subsection, num, rest, 5)
            }
            Marker::Article { num, rest } => {
                let key = article_key(num);
                if self.last_article.as_ref().is_some_and(|last| key <= *last) {
                    self.warnings.push(format!(
                        "line {:?}: article {num} does not follow article {}",
                        line.text,
                        self.last_article
                            .as_ref()
                            .map(|(n, s)| format!("{n}{s}"))
                            .unwrap_or_default()
                    ));
                    self.plain(line);
                    return i + 1;
                }
                self.last_article = Some(key);
                self.begin_structure();
                self.close_until(6);
                let titled = is_title(rest);
                let text_start = if titled {
                    line.end
                } else {
                    Self::rest_start(line, rest)
                };
                let mut node =
                    Node::new(UnitKind::Article, Some(num.to_string()), line, text_start);
                node.heading = titled.then(|| rest.to_string());
                self.open(node, 6);
                i + 1
            }
            Marker::Clause { num, rest } => {
                let Some(at) = self.innermost(&[UnitKind::Article]) else {
                    self.plain(line);
                    return i + 1;
                };
                let last = self.stack[at]
                    .last_num(UnitKind::Clause)
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(0);
                if num != last + 1 {
                    self.plain(line);
                    return i + 1;
                }
                self.close_until(7);
                let node = Node::new(
                    UnitKind::Clause,
                    Some(num.to_string()),
                    line,
                    Self::rest_start(line, rest),
                );
                self.open(node, 7);
                i + 1
            }
            Marker::Point { letter, rest } => {
                let Some(at) = self.innermost(&[UnitKind::Clause, UnitKind::Article]) else {
                    self.plain(line);
                    return i + 1;
                };
                self.point(line, at, letter, rest, 8);
                i + 1
            }
            _ => {
                self.plain(line);
                i + 1
            }
        }
    }

    /// Opens a point under the unit at stack index `at` if its letter follows on.
    fn point(&mut self, line: &Line<'_>, at: usize, letter: &str, rest: &str, rank: u8) {
        let expected = self.stack[at]
            .last_num(UnitKind::Point)
            .and_then(point_index)
            .map_or(0, |i| i + 1);
        if point_index(letter) != Some(expected) {
            self.plain(line);
            return;
        }
        self.close_until(rank);
        let node = Node::new(
            UnitKind::Point,
            Some(letter.to_string()),
            line,
            Self::rest_start(line, rest),
        );
        self.open(node, rank);
    }

    fn programme_line(&mut self, i: usize, line: &Line<'_>, marker: Marker<'_>) -> usize {
        match marker {
            Marker::Roman { num, rest } => {
                let value = roman_value(num).unwrap_or(0);
                let last = self.stack[0]
                    .last_num(UnitKind::Section)
                    .and_then(roman_value)
                    .unwrap_or(0);
                if value <= last {
                    self.plain(line);
                    return i + 1;
                }
                self.begin_structure();
                self.close_until(2);
                let titled = is_title(rest) || is_upper(rest);
                let (heading, last_line, text_start) = if titled || rest.is_empty() {
                    self.heading_from_next(i, rest)
                } else {
                    (None, i, Self::rest_start(line, rest))
                };
                let mut node =
                    Node::new(UnitKind::Section, Some(num.to_string()), line, text_start);
                node.heading = heading;
                node.end = self.lines[last_line].end;
                // Sections are children of the root: record their numbers there.
                self.open(node, 2);
                last_line + 1
            }
            Marker::Clause { num, rest } => {
                let parent = self.innermost(&[UnitKind::Section]).unwrap_or(0);
                let last = self.stack[parent]
                    .last_num(UnitKind::Item)
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(0);
                if num <= last {
                    self.plain(line);
                    return i + 1;
                }
                if num > last + 1 {
                    self.warnings.push(format!(
                        "line {:?}: item {num} follows item {last}",
                        line.text
                    ));
                }
                self.begin_structure();
                self.close_until(3);
                let node = Node::new(
                    UnitKind::Item,
                    Some(num.to_string()),
                    line,
                    Self::rest_start(line, rest),
                );
                self.open(node, 3);
                i + 1
            }
            Marker::SubItem { num, rest } => {
                let parent_num = &num[..num.rfind('.').unwrap_or(0)];
                let depth = num.matches('.').count() as u8;
                let open = self.stack.iter().rposition(|n| {
                    n.kind == UnitKind::Item && n.num.as_deref() == Some(parent_num)
                });
                if open.is_none() {
                    self.plain(line);
                    return i + 1;
                }
                self.close_until(3 + depth);
                let node = Node::new(
                    UnitKind::Item,
                    Some(num.to_string()),
                    line,
                    Self::rest_start(line, rest),
                );
                self.open(node, 3 + depth);
                i + 1
            }
            Marker::Point { letter, rest } => {
                match self.innermost(&[UnitKind::Item, UnitKind::Section]) {
                    Some(at) => self.point(line, at, letter, rest, 8),
                    None => self.plain(line),
                }
                i + 1
            }
            Marker::Bullet { rest } => {
                let Some(at) =
                    self.innermost(&[UnitKind::Point, UnitKind::Item, UnitKind::Section])
                else {
                    self.plain(line);
                    return i + 1;
                };
                let n = self.stack[at]
                    .last_num(UnitKind::Bullet)
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(0)
                    + 1;
                self.close_until(9);
                let node = Node::new(
                    UnitKind::Bullet,
                    Some(n.to_string()),
                    line,
                    Self::rest_start(line, rest),
                );
                self.open(node, 9);
                i + 1
            }
            _ => {
                self.plain(line);
                i + 1
            }
        }
    }
}

/// Builds an appendix: forms ("Mẫu số 01a") or table rows.
///
/// Appendices often list their forms first and then give them: when a label occurs twice,
/// the list (everything before the first repeated label) stays the appendix's own text and
/// each form opens at its last occurrence.
pub fn build_appendix(lines: &[Line<'_>], root: Node) -> Node {
    let mut last_form_line = std::collections::HashMap::new();
    let mut forms_start = None;
    for (i, l) in lines.iter().enumerate() {
        if let Marker::Form { num } = l.marker
            && last_form_line.insert(num, i).is_some()
        {
            forms_start.get_or_insert(i);
        }
    }
    let forms_start = forms_start.unwrap_or(0);
    let mut stack = vec![root];
    let mut in_form = false;
    for (i, l) in lines.iter().enumerate() {
        let opens = match l.marker {
            Marker::Form { num } if i >= forms_start && last_form_line.get(num) == Some(&i) => {
                in_form = true;
                Some((UnitKind::Form, num.to_string()))
            }
            Marker::Row { num } if !in_form => {
                let num = num.trim_end_matches('.').to_string();
                Some((UnitKind::Row, num))
            }
            _ => None,
        };
        if let Some((kind, num)) = opens {
            {
                if stack.len() > 1 {
                    let node = stack.pop().expect("checked length");
                    stack[0].children.push(node);
                }
                if stack[0].own_end.is_none() {
                    stack[0].own_end = Some(stack[0].end.min(l.start));
                }
                let mut node = Node::new(kind, Some(num), l, l.start);
                node.text_start = if kind == UnitKind::Form {
                    l.end
                } else {
                    l.start
                };
                stack.push(node);
            }
        }
        for n in &mut stack {
            n.end = n.end.max(l.end);
        }
    }
    if stack.len() > 1 {
        let node = stack.pop().expect("checked length");
        stack[0].children.push(node);
    }
    stack.pop().expect("root stays")
}
