//! The content-stream interpreter: places every string of a page ([`Run`]) through the text
//! and graphics matrices, font size, character and word spacing and the font's glyph widths,
//! and decodes it through the font's ToUnicode map (or its simple encoding).

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Encoding, Object, ObjectId};

/// A string placed on the page: device-space start and end on the baseline, and font size.
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) y: f64,
    pub(super) size: f64,
    pub(super) text: String,
}

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` in PDF's row-vector convention.
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn translate(tx: f64, ty: f64) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

/// What a font contributes: how to decode its strings and how wide its glyphs are.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    two_byte: bool,
    widths: HashMap<u32, f64>,
    default_width: f64,
}

impl<'a> Font<'a> {
    fn load(pdf: &'a Pdf, dict: &'a Dictionary) -> Font<'a> {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let two_byte = subtype == b"Type0";
        let mut widths = HashMap::new();
        let mut default_width = if two_byte { 1000.0 } else { 500.0 };
        if two_byte {
            let descendant = dict
                .get_deref(b"DescendantFonts", pdf)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|d| pdf.dereference(d).ok())
                .and_then(|(_, d)| d.as_dict().ok());
            if let Some(cid) = descendant {
                if let Ok(dw) = cid.get(b"DW").and_then(Object::as_float) {
                    default_width = f64::from(dw);
                }
                if let Ok(w) = cid.get_deref(b"W", pdf).and_then(Object::as_array) {
                    cid_widths(pdf, w, &mut widths);
                }
            }
        } else {
            let first = dict.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0);
            if let Ok(w) = dict.get_deref(b"Widths", pdf).and_then(Object::as_array) {
                for (i, width) in w.iter().enumerate() {
                    if let Some(v) = number(pdf, width) {
                        widths.insert((first + i as i64) as u32, v);
                    }
                }
            }
        }
        Font {
            encoding: dict.get_font_encoding(pdf).ok(),
            two_byte,
            widths,
            default_width,
        }
    }

    fn codes<'s>(&self, bytes: &'s [u8]) -> impl Iterator<Item = u32> + 's {
        let step = if self.two_byte { 2 } else { 1 };
        bytes
            .chunks(step)
            .map(|c| c.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
    }

    fn width(&self, code: u32) -> f64 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
            / 1000.0
    }

    fn decode(&self, bytes: &[u8]) -> String {
        match &self.encoding {
            Some(encoding) => Pdf::decode_text(encoding, bytes).unwrap_or_default(),
            None => bytes.iter().map(|&b| char::from(b)).collect(),
        }
    }
}

fn number(pdf: &Pdf, o: &Object) -> Option<f64> {
    pdf.dereference(o)
        .ok()
        .and_then(|(_, o)| o.as_float().ok())
        .map(f64::from)
}

/// The CID font `W` array: `c [w1 w2 …]` or `c_first c_last w`.
fn cid_widths(pdf: &Pdf, w: &[Object], out: &mut HashMap<u32, f64>) {
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(pdf, &w[i]) else {
            break;
        };
        match w.get(i + 1).map(|o| pdf.dereference(o).map(|(_, o)| o)) {
            Some(Ok(Object::Array(list))) => {
                for (k, v) in list.iter().enumerate() {
                    if let Some(v) = number(pdf, v) {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(Ok(_)) => {
                let (Some(last), Some(v)) = (
                    number(pdf, &w[i + 1]),
                    w.get(i + 2).and_then(|o| number(pdf, o)),
                ) else {
                    break;
                };
                for code in first as u32..=last as u32 {
                    out.insert(code, v);
                }
                i += 3;
            }
            _ => break,
        }
    }
}

/// Graphics and text state that `q`/`Q` save and restore.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Vec<u8>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

/// Most operands in a well-formed stream are numbers; a missing one counts as zero.
fn operand(operands: &[Object], i: usize) -> f64 {
    operands
        .get(i)
        .and_then(|o| o.as_float().ok())
        .map_or(0.0, f64::from)
}

/// Every string the page's content stream shows, placed.
pub(super) fn page_runs(pdf: &Pdf, page: ObjectId) -> Result<Vec<Run>, String> {
    let font_dicts = pdf.get_page_fonts(page).map_err(|e| e.to_string())?;
    let mut fonts: HashMap<Vec<u8>, Font<'_>> = HashMap::new();
    for (name, dict) in font_dicts {
        fonts.insert(name, Font::load(pdf, dict));
    }
    let bytes = pdf
        .get_page_content_with_limit(page, 64 << 20)
        .map_err(|e| e.to_string())?;
    let content = Content::decode(&bytes).map_err(|e| format!("content stream: {e}"))?;

    let mut runs = Vec::new();
    let mut state = State {
        ctm: IDENTITY,
        font: Vec::new(),
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    let mut saved: Vec<State> = Vec::new();
    let mut tm = IDENTITY;
    let mut tlm = IDENTITY;
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => saved.push(state.clone()),
            "Q" => {
                if let Some(s) = saved.pop() {
                    state = s;
                }
            }
            "cm" => {
                let m = [0, 1, 2, 3, 4, 5].map(|i| operand(o, i));
                state.ctm = mul(&m, &state.ctm);
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                state.font = o
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .unwrap_or_default()
                    .to_vec();
                state.size = operand(o, 1);
            }
            "Tc" => state.char_spacing = operand(o, 0),
            "Tw" => state.word_spacing = operand(o, 0),
            "Tz" => state.scale = operand(o, 0) / 100.0,
            "TL" => state.leading = operand(o, 0),
            "Ts" => state.rise = operand(o, 0),
            "Td" | "TD" => {
                if op.operator == "TD" {
                    state.leading = -operand(o, 1);
                }
                tlm = mul(&translate(operand(o, 0), operand(o, 1)), &tlm);
                tm = tlm;
            }
            "Tm" => {
                tlm = [0, 1, 2, 3, 4, 5].map(|i| operand(o, i));
                tm = tlm;
            }
            "T*" => {
                tlm = mul(&translate(0.0, -state.leading), &tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" => {
                if op.operator != "Tj" {
                    if op.operator == "\"" {
                        state.word_spacing = operand(o, 0);
                        state.char_spacing = operand(o, 1);
                    }
                    tlm = mul(&translate(0.0, -state.leading), &tlm);
                    tm = tlm;
                }
                if let Some(s) = o.last().and_then(|s| s.as_str().ok()) {
                    show(s, &state, &fonts, &mut tm, &mut runs);
                }
            }
            "TJ" => {
                let items = o.first().and_then(|a| a.as_array().ok());
                for item in items.into_iter().flatten() {
                    match item {
                        Object::String(s, _) => show(s, &state, &fonts, &mut tm, &mut runs),
                        other => {
                            let adjust = other.as_float().map_or(0.0, f64::from);
                            let tx = -adjust / 1000.0 * state.size * state.scale;
                            tm = mul(&translate(tx, 0.0), &tm);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(runs)
}

/// Places one string: decodes it, measures it with the font's widths and advances `tm`.
fn show(
    bytes: &[u8],
    state: &State,
    fonts: &HashMap<Vec<u8>, Font<'_>>,
    tm: &mut Matrix,
    runs: &mut Vec<Run>,
) {
    let Some(font) = fonts.get(&state.font) else {
        return;
    };
    let mut advance = 0.0;
    for code in font.codes(bytes) {
        let word = if !font.two_byte && code == 32 {
            state.word_spacing
        } else {
            0.0
        };
        advance += (font.width(code) * state.size + state.char_spacing + word) * state.scale;
    }
    let m = mul(tm, &state.ctm);
    let start = mul(&translate(0.0, state.rise), &m);
    let text = font.decode(bytes);
    let size = state.size * m[3].abs().max(m[1].abs());
    if !text.is_empty() && size > 0.0 {
        runs.push(Run {
            x0: start[4],
            x1: start[4] + advance * m[0],
            y: start[5],
            size,
            text,
        });
    }
    *tm = mul(&translate(advance, 0.0), tm);
}
