#!/usr/bin/env python3
"""Copies the legal texts of ../shared/corpus-sources into corpus/ as lexcite's own corpus.

What is not the document is removed: the '# Source:' provenance lines (kept in
corpus/manifest.toml instead), markdown emphasis marks, and the news sentences printed before
Nghị quyết 57-NQ/TW. The partial copy of 71/NQ-CP is rewritten from its '=== … ===' quote
captions into the document's own headings. Run it again after the sources change; the manifest
is edited by hand and not touched here.

usage: scripts/import_corpus.py [SOURCES_DIR] [CORPUS_DIR]
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus-sources"
CORPUS = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "corpus"

# Files whose '*' are markdown emphasis (elsewhere a '*' may be a footnote mark of the text).
EMPHASIS = {
    "03-NQ-CP_2025-01-09_ChinhPhu_CTHD-NQ57.txt",
    "57-NQ-TW_2024-12-22_BoChinhTri.txt",
    "Luat-An-ninh-mang_24-2018-QH14.txt",
}


def body_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    while start < len(lines) and (lines[start].startswith("# ") or lines[start].startswith("#   ")):
        start += 1
    return [l.rstrip() for l in lines[start:]]


def strip_news(lines: list[str]) -> list[str]:
    """57-NQ/TW: the page title and two news sentences precede the resolution's text."""
    for i, line in enumerate(lines):
        if line.startswith("*Trân trọng giới thiệu") or line.startswith("Trân trọng giới thiệu"):
            return lines[i + 1 :]
    raise SystemExit("57-NQ/TW: the 'Trân trọng giới thiệu' line was not found")


CAPTION = re.compile(r"^=== (.*) ===$")


def rewrite_71(lines: list[str]) -> list[str]:
    """Turns the quote captions of the partial 71/NQ-CP copy into the document's headings."""
    out: list[str] = []
    for line in lines:
        m = CAPTION.match(line)
        if not m:
            out.append(line)
            continue
        caption = m.group(1)
        if caption.startswith("Điều 1"):
            out += ["Điều 1."]
        elif "Mục I." in caption:
            out += ["CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ", "", "I. MỤC TIÊU"]
        elif "Mục II, tiểu mục 3" in caption:
            title = re.search(r"'([^']+)'", caption)
            out += ["II.", "", "3. " + (title.group(1) if title else "")]
        elif caption.startswith("Phụ lục I"):
            out += ["PHỤ LỤC I", "DANH MỤC CÁC CHỈ TIÊU CỤ THỂ"]
        else:
            raise SystemExit(f"71/NQ-CP: unknown caption {caption!r}")
        out.append("")
    return out


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for path in sorted(SOURCES.glob("*.txt")):
        lines = body_lines(path)
        if path.name.startswith("57-NQ-TW"):
            lines = strip_news(lines)
        if path.name.startswith("71-NQ-CP"):
            lines = rewrite_71(lines)
        text = "\n".join(lines).strip() + "\n"
        if path.name in EMPHASIS:
            text = text.replace("*", "")
        (CORPUS / path.name).write_text(text, encoding="utf-8")
        print(f"{path.name}: {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
