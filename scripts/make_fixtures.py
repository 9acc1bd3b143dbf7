#!/usr/bin/env python3
"""Writes the small reader fixtures of tests/fixtures/ that cannot be real files cut down:
PDFs (a good two-page text PDF, the same with a partly broken glyph map, a scanned page,
a truncated copy), a zip archive that is not a Word document, an HTML page without legal text
and a 0-byte file.

The PDFs are written object by object, with a Type0 font whose ToUnicode map says which
character each glyph code stands for, the way word processors write Vietnamese PDFs.
Run from the project root: python3 scripts/make_fixtures.py
"""
import io
import os
import zipfile
import zlib

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures")

# Lines that run on: justified to the right margin, as a word processor sets them.
JUSTIFY = True
RIGHT = 540

PAGE_1 = [
    (72, 780, "CHÍNH PHỦ"),
    (300, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    (72, 760, "Số: 13/2023/NĐ-CP"),
    (300, 760, "Hà Nội, ngày 17 tháng 4 năm 2023"),
    (250, 720, "NGHỊ ĐỊNH"),
    (200, 700, "Bảo vệ dữ liệu cá nhân"),
    (72, 660, "Chương I"),
    (72, 640, "QUY ĐỊNH CHUNG"),
    (72, 620, "Điều 1. Phạm vi điều chỉnh"),
    (100, 600, "Nghị định này quy định về bảo vệ dữ liệu cá nhân và trách nhiệm bảo vệ dữ", JUSTIFY),
    (72, 585, "liệu cá nhân của cơ quan, tổ chức, cá nhân có liên quan đến hoạt động xử lý dữ", JUSTIFY),
    (72, 570, "liệu cá nhân."),
    (72, 550, "Điều 2. Giải thích từ ngữ"),
    (100, 530, "Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:"),
    (100, 510, "1. Dữ liệu cá nhân là thông tin dưới dạng ký hiệu, chữ viết, chữ số, hình ảnh,", JUSTIFY),
    (72, 495, "âm thanh hoặc dạng tương tự trên môi trường điện tử gắn liền với một con người", JUSTIFY),
    (72, 480, "cụ thể hoặc giúp xác định một con người cụ thể."),
    (300, 60, "1"),
]
PAGE_2 = [
    (100, 780, "2. Thông tin giúp xác định một con người cụ thể là thông tin hình thành từ hoạt", JUSTIFY),
    (72, 765, "động của cá nhân mà khi kết hợp với các dữ liệu, thông tin lưu trữ khác có thể xác", JUSTIFY),
    (72, 750, "định một con người cụ thể."),
    (72, 730, "Điều 3. Áp dụng Nghị định bảo vệ dữ liệu cá nhân"),
    (100, 710, "Cơ quan, tổ chức, cá nhân liên quan đến xử lý dữ liệu cá nhân phải tuân thủ quy", JUSTIFY),
    (72, 695, "định của Nghị định này và các quy định khác của pháp luật có liên quan."),
    (300, 60, "2"),
]


def utf16_hex(text):
    return "".join("%04X" % u for u in text.encode("utf-16-be") and
                   [int.from_bytes(text.encode("utf-16-be")[i:i + 2], "big")
                    for i in range(0, len(text.encode("utf-16-be")), 2)])


class Pdf:
    def __init__(self):
        self.objects = []

    def add(self, body):
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data, extra=""):
        packed = zlib.compress(data)
        return self.add(b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra.encode())
                        + packed + b"\nendstream")

    def write(self, root):
        out = io.BytesIO()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(out.tell())
            if isinstance(body, str):
                body = body.encode()
            out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        for off in offsets:
            out.write(b"%010d 00000 n \n" % off)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(self.objects) + 1, root, xref))
        return out.getvalue()


def font(pdf, chars, broken):
    """A Type0 font: glyph code i+1 is chars[i]. A broken map sends every non-ASCII letter
    to the wrong code point, as a font with its own private encoding does."""
    entries = []
    for i, c in enumerate(chars):
        target = c
        if broken and not c.isascii():
            target = chr(0xE000 + i)
        entries.append("<%04X> <%s>" % (i + 1, "".join("%04X" % ord(t) for t in target)))
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        cmap += "%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), "\n".join(chunk))
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    to_unicode = pdf.stream(cmap.encode())
    descendant = pdf.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRomanPSMT "
                         "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                         "/DW 500 >>")
    return pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRomanPSMT "
                   "/Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
                   % (descendant, to_unicode))


def text_page(pdf, pages_id, lines, font_id, chars):
    ops = ["BT"]
    for x, y, text, *justify in lines:
        codes = "".join("%04X" % (chars.index(c) + 1) for c in text)
        # Glyphs are 6 pt wide (DW 500 at 12 pt); spread them to reach the right margin.
        spacing = (RIGHT - x - 6 * len(text)) / len(text) if justify else 0
        ops.append("/F1 12 Tf %.3f Tc 1 0 0 1 %d %d Tm <%s> Tj" % (spacing, x, y, codes))
    ops.append("ET")
    content = pdf.stream("\n".join(ops).encode())
    return pdf.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                   "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                   % (pages_id, font_id, content))


def text_pdf(broken_page_2):
    chars = sorted({c for line in PAGE_1 + PAGE_2 for c in line[2]})
    pdf = Pdf()
    pages_id = 1
    pdf.add(None)  # placeholder for the page tree, filled in below
    good = font(pdf, chars, broken=False)
    bad = font(pdf, chars, broken=True) if broken_page_2 else good
    p1 = text_page(pdf, pages_id, PAGE_1, good, chars)
    p2 = text_page(pdf, pages_id, PAGE_2, bad, chars)
    pdf.objects[pages_id - 1] = "<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 2 >>" % (p1, p2)
    root = pdf.add("<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf.write(root)


def scanned_pdf():
    pdf = Pdf()
    pdf.add(None)
    pixels = bytes([200]) * (32 * 32)
    image = pdf.stream(pixels, "/Type /XObject /Subtype /Image /Width 32 /Height 32 "
                               "/ColorSpace /DeviceGray /BitsPerComponent 8")
    content = pdf.stream(b"q 495 0 0 742 50 50 cm /Im1 Do Q")
    page = pdf.add("<< /Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] "
                   "/Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (image, content))
    pdf.objects[0] = "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    root = pdf.add("<< /Type /Catalog /Pages 1 0 R >>")
    return pdf.write(root)


NO_LEGAL_HTML = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Tin tức</title>
<script>var tracking = "Điều 1. không phải văn bản";</script></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/tin-tuc">Tin tức</a></nav>
<div class="content">
<h1>Thời tiết Hà Nội cuối tuần</h1>
<p>Cuối tuần này Hà Nội có mưa rào rải rác, nhiệt độ thấp nhất khoảng 18 độ.</p>
<p>Người dân nên mang theo áo mưa khi ra đường và chú ý an toàn giao thông.</p>
</div>
<footer>© Báo điện tử</footer></body></html>
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    good = text_pdf(broken_page_2=False)
    files = {
        "pdf/decree-two-pages.pdf": good,
        "pdf/broken-glyph-map.pdf": text_pdf(broken_page_2=True),
        "pdf/scanned.pdf": scanned_pdf(),
        "pdf/truncated.pdf": good[: len(good) * 6 // 10],
        "html/no-legal-text.html": NO_LEGAL_HTML.encode(),
        "empty.txt": b"",
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "Bảng số liệu\n")
        z.writestr("data/table.csv", "stt,ten\n1,a\n")
    files["zip/not-a-docx.docx"] = archive.getvalue()
    for name, data in files.items():
        path = os.path.join(OUT, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        print("%-28s %7d bytes" % (name, len(data)))


if __name__ == "__main__":
    main()
