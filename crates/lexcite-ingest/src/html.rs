//! HTML pages → plain text lines for the structure parser.
//!
//! The main text is `div.content1` on thuvienphapluat pages; elsewhere it is the smallest
//! element that holds most of the page's paragraph text. Block elements (paragraphs, table
//! cells and rows, list items, headings, line breaks) end a line; inline elements join. Scripts,
//! styles, navigation, forms and comments are dropped.

use scraper::{ElementRef, Html, Node, Selector};

/// Elements whose content is never document text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "select",
    "iframe", "svg", "template", "head", "title", "menu",
];

/// Elements that start and end a line.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "tr",
    "td",
    "th",
    "li",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "center",
];

/// The text of a page's main content, one block per line.
pub fn page_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let main = main_content(&doc);
    let mut out = String::new();
    match main {
        Some(root) => walk(root, &mut out),
        None => walk(doc.root_element(), &mut out),
    }
    out
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("valid built-in selector")
}

/// `div.content1`, or the smallest container holding at least 80% of the paragraph text.
fn main_content(doc: &Html) -> Option<ElementRef<'_>> {
    if let Some(e) = doc.select(&selector("div.content1")).next() {
        return Some(e);
    }
    let paragraphs = selector("p, li, td, h1, h2, h3, h4");
    let score = |e: &ElementRef<'_>| -> usize {
        e.select(&paragraphs)
            .map(|p| p.text().map(|t| t.trim().len()).sum::<usize>())
            .sum()
    };
    let body = doc.select(&selector("body")).next()?;
    let total = score(&body);
    if total == 0 {
        return Some(body);
    }
    let mut best = body;
    loop {
        let next = best
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| !SKIP.contains(&c.value().name()))
            .find(|c| score(c) * 10 >= total * 8);
        match next {
            Some(c) => best = c,
            None => return Some(best),
        }
    }
}

fn walk(element: ElementRef<'_>, out: &mut String) {
    let name = element.value().name();
    if SKIP.contains(&name) {
        return;
    }
    let block = BLOCK.contains(&name);
    if block {
        newline(out);
    }
    for child in element.children() {
        match child.value() {
            Node::Text(t) => push_inline(out, t),
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(child) {
                    walk(e, out);
                }
            }
            _ => {}
        }
    }
    if block {
        newline(out);
    }
}

fn newline(out: &mut String) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends text with its whitespace (line breaks of the HTML source included) collapsed.
fn push_inline(out: &mut String, text: &str) {
    for (i, word) in text
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .enumerate()
    {
        if i > 0 && !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        out.push_str(word);
    }
}
