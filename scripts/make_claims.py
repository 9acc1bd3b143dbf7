"""Generates tests/verifier/generated.json: labelled claims about real corpus units (quoted, reworded, fabricated) for measuring lexcite's verifier on data written without knowledge of its rules.

One sentence and one labelled reference per case. Positives quote or faithfully reword the cited
unit ("verified"); fabricated variants change a figure, date, negation or acting body
("content_mismatch") or pin the claim on the wrong unit or subject ("unsupported"). Deterministic.
Run from the project root, with the CLI or with `lexcite parse` JSON already on disk:
    python3 scripts/make_claims.py --lexcite target/release/lexcite --corpus corpus -o tests/verifier/generated.json
    python3 scripts/make_claims.py --parsed /tmp/parsed -o tests/verifier/generated.json
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

SEED = 57134
TUNE = {"57-NQ/TW", "134/2025/QH15", "91/2025/QH15", "13/2023/NĐ-CP", "71/NQ-CP", "24/2018/QH14"}
REPORT = {"03/NQ-CP", "71/2025/QH15", "133/2025/QH15", "30/2020/NĐ-CP", "356/2025/NĐ-CP"}

# At most this many cases per document and variant, so that big documents do not dominate.
QUOTA = {
    "original_verbatim": 65, "original_reworded": 40, "original_subject": 25,
    "figure_changed": 40, "date_changed": 40, "negation_flipped": 90, "body_swapped": 45,
    "subject_from_other_heading": 40, "article_moved": 60, "subject_from_other_document": 25,
}
STATUS = {**dict.fromkeys(["original_verbatim", "original_reworded", "original_subject"], "verified"),
          **dict.fromkeys(["figure_changed", "date_changed", "negation_flipped", "body_swapped"], "content_mismatch"),
          **dict.fromkeys(["subject_from_other_heading", "article_moved", "subject_from_other_document"],
                          "unsupported")}
CLAIM_KINDS = {"law": {"article", "clause", "point"}, "decree": {"article", "clause", "point"},
               "resolution": {"article", "clause", "point", "item", "bullet", "section", "preamble"}}
MIN_WORDS, MAX_WORDS = 15, 60

# Sentence templates: the reference after, before, or as the subject of "quy định".
AFTER = ["Theo {c}, {x}.", "Căn cứ {c}, {x}.", "Theo quy định tại {c}, {x}."]
BEFORE = ["{X}, theo quy định tại {c}.", "{X}, theo {c}.", "{X} (theo {c})."]
VERB = ["{C} quy định {x}.", "{C} nêu rõ {x}."]
SUBJECT = ["{C} quy định về {h}.", "Nội dung về {h} được quy định tại {c}."]
EFFECTIVE = ["{C} có hiệu lực thi hành từ {d}.", "{C} có hiệu lực kể từ {d}.",
             "Từ {d}, {c} chính thức có hiệu lực thi hành.", "Kể từ {d}, {c} bắt đầu có hiệu lực.",
             "{D} là thời điểm {c} có hiệu lực thi hành.", "Theo {c}, văn bản này có hiệu lực thi hành từ {d}."]
OTHER_DOC = ["{C} về {s} quy định {x}.", "Theo {c} về {s}, {x}.", "{C} về {s} do {i} ban hành {d}."]

# Sentence starts that keep their capital letter inside a sentence (bodies, names, acronyms).
PROPER_START = re.compile(
    r"^(Chính phủ|Nhà nước|Quốc hội|Thủ tướng|Bộ [A-ZĐ]|Bộ trưởng|Ủy ban|Uỷ ban|Ban [A-ZĐ]|Đảng|Nhân dân|"
    r"Việt Nam|Trung ương|Mặt trận|Ngân hàng Nhà nước|Luật|Nghị định|Nghị quyết|Hiến pháp|Văn phòng|"
    r"Tòa án|Viện kiểm sát|Kiểm toán|Internet|Chương trình|Quỹ [A-ZĐ]|[A-ZĐ]{2,}|[A-ZĐ]\w*[A-Z])")

# Acting bodies, longest first so that "Thủ tướng Chính phủ" is not read as "Chính phủ".
BODIES = sorted([
    "Chính phủ", "Thủ tướng Chính phủ", "Quốc hội", "Ủy ban Thường vụ Quốc hội", "Bộ Công an",
    "Bộ Quốc phòng", "Bộ Khoa học và Công nghệ", "Bộ Tài chính", "Bộ Nội vụ", "Bộ Tư pháp",
    "Bộ Thông tin và Truyền thông", "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Công Thương",
    "Bộ Ngoại giao", "Bộ Kế hoạch và Đầu tư", "Bộ Xây dựng", "Bộ Văn hóa, Thể thao và Du lịch",
    "Ngân hàng Nhà nước Việt Nam", "Văn phòng Chính phủ", "Ban Cơ yếu Chính phủ",
    "Ủy ban nhân dân cấp tỉnh", "Bộ Chính trị", "Ban Bí thư", "Thanh tra Chính phủ",
], key=len, reverse=True)

# Meaning-preserving rewrites (pattern, replacement); \b is Unicode-aware in Python 3.
ACTION_VERBS = (r"(thông báo|bảo đảm|thực hiện|tuân thủ|lưu trữ|báo cáo|cung cấp|xóa|gửi|lập|xây dựng|"
                r"áp dụng|công khai|kiểm tra|phối hợp|cập nhật|trả lời|xác định|thu hồi|hướng dẫn|duy trì)")
REWRITES = [
    (r"\s*\((?![^()]*\d)(?![^()]*không)[^()]{2,80}\)", ""),                           # drop a parenthetical
    (r"(?<!hiện)(?<!được)(?<!định)(?<!là),?\s*theo quy định của (pháp luật( có liên quan)?|Luật này|Nghị định này)"
     r"(?=\s*[,;]|$)", ""),
    (r"\bbảo đảm\b", "đảm bảo"),
    (r"(?<=\s)đối với\b", "với"),
    (r"\bthực hiện (?=(việc|kiểm tra|đánh giá|xử lý|thanh tra|rà soát|thu thập|nghiên cứu|thử nghiệm|giám sát)\b)", "tiến hành "),
    (r"\btiến hành\b", "thực hiện"),
    (r"\bcó trách nhiệm (?=" + ACTION_VERBS + r"\b)", "phải "),
    (r"(?<!không )(?<!buộc )(?<!cần )\bphải (?=" + ACTION_VERBS + r"\b)", "có trách nhiệm "),
    (r"\bnhằm\b", "để"), (r"\btrong thời hạn\b", "trong vòng"), (r"\bkể từ ngày\b", "từ ngày"),
    (r"\bcăn cứ vào\b", "dựa vào"), (r"\btrên cơ sở\b", "dựa trên"), (r"\bđược quy định tại\b", "nêu tại"),
    (r"(?<!cơ quan, )\btổ chức, cá nhân\b", "cá nhân, tổ chức"), (r"\bquốc phòng, an ninh\b", "an ninh, quốc phòng"),
    (r"\bquyền và nghĩa vụ\b", "nghĩa vụ và quyền"), (r"\bkiểm tra, giám sát\b", "giám sát, kiểm tra"),
    (r"\bthanh tra, kiểm tra\b", "kiểm tra, thanh tra"), (r"\btrong nước và quốc tế\b", "quốc tế và trong nước"),
    (r"\btrong nước và nước ngoài\b", "nước ngoài và trong nước"),
    (r"\bngười dân và doanh nghiệp\b", "doanh nghiệp và người dân"), (r"\bhằng năm\b", "hàng năm"),
    (r"\bsản phẩm, dịch vụ\b", "dịch vụ, sản phẩm"),
]
# Flips of negation or modality: (pattern, replacements). A bare "được" is left alone: it is mostly a passive
# or potential marker ("dữ liệu được chuyển", "xác định được"), and negating it reads as nonsense.
NEGATIONS = [
    (r"\bbị nghiêm cấm\b", ["được phép"]), (r"\bNghiêm cấm\b", ["Cho phép"]), (r"(?<!bị )\bnghiêm cấm\b", ["cho phép"]),
    (r"\bbị cấm\b", ["được phép"]), (r"(?<!nghiêm )(?<!Nghiêm )(?<!bị )\bcấm\b", ["cho phép"]),
    (r"\bkhông được\b", ["được"]), (r"\bkhông phải\b(?! là)", ["phải"]), (r"\bkhông bắt buộc\b", ["bắt buộc"]),
    (r"\bkhông có quyền\b", ["có quyền"]), (r"\bkhông thể\b", ["có thể"]),
    (r"(?<!không )(?<!buộc )(?<!mép )(?<!bên )(?<!lề )(?<!góc )(?<!phía )\bphải\b(?! là| của|[,;.])",  # not "mép phải"
     ["không bắt buộc phải", "không phải"]),
    (r"(?<!không )(?<!chỉ )\bđược (?=(phép|quyền|hưởng|miễn|tiếp tục|ưu tiên|hỗ trợ)\b)", ["không được "]),
    (r"(?<!không )\bcó thể\b", ["không thể"]), (r"(?<!không )\bcó quyền\b", ["không có quyền"]),
    (r"(?<!không )\bbắt buộc\b", ["không bắt buộc"]), (r"(?<!không )\bcó trách nhiệm\b", ["không có trách nhiệm"]),
]
# Plausible values of a figure by its unit, to replace one with another of the same unit.
NICE = {"giờ": [12, 24, 36, 48, 72, 96], "ngày": [3, 5, 7, 10, 15, 20, 30, 45, 60, 90],
        "ngày làm việc": [2, 3, 5, 7, 10, 15, 20, 30], "tháng": [3, 6, 9, 12, 18, 24, 36],
        "năm": [1, 2, 3, 5, 7, 10, 15, 20, 25, 30], "tuổi": [13, 14, 15, 16, 18], "bản": [1, 2, 3, 4, 5],
        "lần": [1, 2, 3, 4]}
NUM_UNIT = re.compile(r"(?<![\w/.,-])(\d+(?:,\d+)?)\s?(%|ngày làm việc|ngày|tháng|năm|giờ|phút|lần|triệu đồng|"
                      r"tỷ đồng|tỷ USD|USD|người|doanh nghiệp|chuyên gia|bản|tuổi)(?!\w|/\d)")
NOT_FIGURE_BEFORE = re.compile(r"(Điều|điều|khoản|điểm|số|Mục|mục|Chương|ngày|tháng|năm|thứ|lục|Mẫu|khóa|"
                               r"Kỳ|kỳ|tiểu|STT|lớp|cấp|nhóm)\s*$")
FULL_DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
YEAR = re.compile(r"(?<=năm )(\d{4})(?!\d)")
IN_DOC_NAME = re.compile(r"(Luật|Nghị định|Nghị quyết|Bộ luật|Hiến pháp|Quyết định|Chỉ thị|Kết luận|Thông tư)"
                         r"(?! này)[^,;.]*$|(Quy hoạch|Chiến lược|Đề án|Kế hoạch) [^;.]*$")  # plan titles hold commas
REF_TOKEN = re.compile(r"\b(Điều|khoản|điểm|Chương|Mục|Phụ lục)\s+[\dIVXa-zđ]+\b")
STOP = set("và của các về đối với trong cho theo có được những là một này khi thì hoặc từ đến tại".split())


def lc_first(s):
    return s if PROPER_START.match(s) else s[:1].lower() + s[1:]


def uc_first(s):
    return s[:1].upper() + s[1:]


def content_tokens(s):
    return [w for w in re.findall(r"\w+", s.lower()) if w not in STOP]


def bigrams(s):
    return set(zip(content_tokens(s), content_tokens(s)[1:]))


# ---------------------------------------------------------------- loading

def load_docs(args):
    """The parsed documents: from `lexcite parse FILE` on every corpus text, or from JSON files."""
    docs = []
    if args.parsed:
        for path in sorted(glob.glob(os.path.join(args.parsed, "*.json"))):
            with open(path, encoding="utf-8") as f:
                docs.append(json.load(f))
    else:
        for path in sorted(glob.glob(os.path.join(args.corpus, "*.txt"))):
            out = subprocess.run([args.lexcite, "parse", path], check=True, capture_output=True, text=True)
            docs.append(json.loads(out.stdout))
    return docs


class Doc:
    """One document with its units flattened (parent and enclosing article recorded)."""

    def __init__(self, raw):
        self.raw, self.id, self.number, self.type = raw, raw["id"], raw["number"], raw["doc_type"]
        self.title, self.body = raw["title"], raw["body"]
        self.split = "tune" if self.number in TUNE else "report" if self.number in REPORT else None
        kind = {"law": "Luật", "decree": "Nghị định", "resolution": "Nghị quyết"}.get(self.type, "Văn bản")
        self.numbered = f"{kind} số {self.number}"  # also the reference used with a wrong "về ..."
        law = self.type == "law"
        # How citations name the document, and the shorter names a writer may use instead.
        self.full = f"Luật {self.title} số {self.number}" if law else self.numbered
        self.shorts = [self.numbered, f"Luật {self.title}"] if law else [f"{kind} {self.number}"]
        self.units, self.articles = [], {}
        for u in raw["units"]:
            self._walk(u, None, None)

    def _walk(self, u, parent, article):
        u["parent"], u["article"] = parent, (u if u["kind"] == "article" else article)
        u["full"] = self.body[u["span"]["start"]:u["span"]["end"]]
        if u["kind"] == "article" and u.get("num"):
            self.articles.setdefault(u["num"], u)
        self.units.append(u)
        for ch in u.get("children", []):
            self._walk(ch, u, u["article"])

    def cite(self, unit, rng):
        """The unit's citation, mostly as given, sometimes with a shorter or 'của' document part."""
        c = unit["citation"]
        if not c.endswith(self.full):
            return c
        path = c[: -len(self.full)].strip()
        r = rng.random()
        if r < 0.62:
            return c
        if r < 0.95 or not path:
            return (path + " " + rng.choice(self.shorts)).strip()
        return f"{path} của {self.full}"

    def doc_ref(self, rng):
        return self.full if rng.random() < 0.55 else rng.choice(self.shorts)


# ---------------------------------------------------------------- claims

def split_sentences(text):
    """Sentences of a unit's own text: per line, then at '. ' before a capital letter."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^[-+*•]\s+", "", line.strip())
        start = 0
        for m in re.finditer(r"[.!?]\s+(?=\S)", line):
            if line[m.end()].isupper():
                out.append(line[start:m.start() + 1])
                start = m.end()
        out.append(line[start:])
    return [s.strip() for s in out if s.strip()]


def usable(s):
    """A quotable claim from sentence s, or None (lead-ins, tables, headings, reference lists)."""
    if s.endswith(":") or "|" in s or "__" in s or "..." in s or "…" in s:
        return None
    s = s.rstrip(" ;.,")
    if len(s.split()) > MAX_WORDS:  # a long sentence: its first ';' clause if that stands alone
        s = s.split(";")[0].strip()
    n = len(s.split())
    if not MIN_WORDS <= n <= MAX_WORDS or s.endswith(":"):
        return None
    if sum(ch.isupper() for ch in s) > 0.3 * sum(ch.isalpha() for ch in s):
        return None
    if re.match(r"(Căn cứ|Theo đề nghị|Nơi nhận)", s):
        return None
    refs = len(REF_TOKEN.findall(s))
    if refs >= 4 or refs * 8 > n:
        return None
    if s.count("(") != s.count(")") or s.count("“") != s.count("”") or s.count('"') % 2:
        return None
    return s


def candidates(doc):
    """(unit, claim) pairs for every usable sentence of the document's claimable units."""
    kinds = CLAIM_KINDS.get(doc.type, set())
    pairs = [(u, usable(s)) for u in doc.units if u["kind"] in kinds and u.get("citation")
             for s in split_sentences(u["text"])]
    return [(u, c) for u, c in pairs if c]


def render(cit, claim, rng):
    """A sentence stating claim with reference cit; returns (text, ref as written)."""
    pos = rng.choices(["after", "before", "verb"], [0.45, 0.3, 0.25])[0]
    if pos == "verb" and re.match(r"(Luật|Nghị định|Nghị quyết) này\b", claim):
        pos = "after"  # not "Điều 1 ... quy định Luật này quy định ..."
    if pos == "after":
        return rng.choice(AFTER).format(c=cit, x=lc_first(claim)), cit
    if pos == "before":
        return rng.choice(BEFORE).format(X=uc_first(claim), c=cit), cit
    return rng.choice(VERB).format(C=uc_first(cit), x=lc_first(claim)), uc_first(cit)


def bodies_in(s):
    """(start, end, body) of every acting body named in s, longest match first, no overlaps."""
    taken, out = [], []
    for b in BODIES:
        for m in re.finditer(re.escape(b) + r"(?!\w)", s):
            if all(m.end() <= a or m.start() >= e for a, e in taken):
                taken.append((m.start(), m.end()))
                out.append((m.start(), m.end(), b))
    return sorted(out)


def facts(s):
    """What a rewording must keep: figures, negations, named bodies."""
    neg = len(re.findall(r"\b(không|chưa|cấm|chỉ|trừ)\b", s))
    return sorted(re.findall(r"\d+", s)), neg, sorted(b for _, _, b in bodies_in(s))


def reword(claim, rng):
    """The claim summarised without changing its meaning (one or two rewrites), or None."""
    rules = REWRITES[:]
    rng.shuffle(rules)
    out, done = claim, 0
    for pat, rep in rules:
        new = re.sub(pat, rep, out, count=1)
        if new != out and facts(new) == facts(claim) and len(new.split()) >= 10:
            out, done = new.strip(" ,"), done + 1
            if done == 2 or rng.random() < 0.5:
                break
    out = re.sub(r"\s{2,}", " ", out).replace(" ,", ",")
    return out if done and out != claim else None


def in_doc_name(s, i):
    """Whether position i of s lies in a document designation (its number, date or issuer)."""
    return bool(IN_DOC_NAME.search(s[max(0, i - 90):i]))


def change_figure(claim, unit_text, rng):
    """A figure of the claim (amount, share, duration) changed to another plausible value."""
    found = [m for m in NUM_UNIT.finditer(claim)
             if not NOT_FIGURE_BEFORE.search(claim[:m.start()]) and not in_doc_name(claim, m.start())]
    rng.shuffle(found)
    for m in found:
        s, unit = m.group(1), m.group(2)
        v = float(s.replace(",", "."))
        if "," in s:
            opts = [v + 0.5, v * 2, v - 0.5]
        elif unit in NICE:
            opts = [o for o in NICE[unit] if v / 3 <= o <= v * 3]
        elif unit == "%":
            opts = [v + 1, v + 2, v * 2] if v < 5 else [v + 5, v + 10, v + 15, v - 5, v - 10]
        else:
            opts = [v * 2, v + 5, v + 10, v * 1.5, v // 2]
        opts = [o for o in opts if o > 0 and o != v and (unit != "%" or o <= 100) and (o == int(o) or "," in s)]
        rng.shuffle(opts)
        for o in opts:
            if "," in s:
                new = f"{o:.1f}".replace(".", ",").replace(",0", "") if o != int(o) else str(int(o))
            else:  # legal style writes small counts with two digits ("05 năm")
                new = f"{int(o):02d}" if unit != "%" and (s.startswith("0") or len(s) == 2) else str(int(o))
            bare = str(int(o)) if o == int(o) else new
            if not re.search(rf"(?<![\d,])0*{re.escape(bare)}\s?{re.escape(unit)}", unit_text):
                return claim[:m.start(1)] + new + claim[m.end(1):]
    return None


def change_date(claim, unit_text, rng):
    """A date or target year of the claim moved (dates of cited documents are left alone)."""
    spots = []
    for rx in (FULL_DATE, SLASH_DATE):
        spots += [(m, "full") for m in rx.finditer(claim)]
    spots += [(m, "year") for m in YEAR.finditer(claim) if not re.search(r"tháng \d{1,2} năm $", claim[:m.start()])]
    spots = [(m, k) for m, k in spots if not in_doc_name(claim, m.start())]
    rng.shuffle(spots)
    for m, k in spots:
        if k == "year":
            y = int(m.group(1))
            for d in rng.sample([-5, -3, -2, -1, 1, 2, 3, 5], 8):
                if f"năm {y + d}" not in unit_text and str(y + d) not in claim:
                    return claim[:m.start(1)] + str(y + d) + claim[m.end(1):]
            continue
        d, mo, y = (int(g) for g in m.groups())
        nd, nmo, ny = shift_date(d, mo, y, rng)
        txt = m.group(0)
        if m.re is FULL_DATE:  # legal style: "ngày 05 tháng 01", "ngày 15 tháng 7"
            new = f"ngày {nd:02d} tháng {nmo:02d} năm {ny}" if nmo < 3 else f"ngày {nd:02d} tháng {nmo} năm {ny}"
        else:
            new = f"{pad(nd, m.group(1))}/{pad(nmo, m.group(2))}/{ny}"
        if new != txt and new not in unit_text:
            return claim[:m.start()] + new + claim[m.end():]
    return None


def pad(v, like):
    return f"{v:02d}" if like.startswith("0") or len(like) == 2 and v > 9 else str(v)


def shift_date(d, mo, y, rng):
    """Another date: a different month, year or day."""
    r = rng.random()
    if r < 0.4:
        mo = (mo - 1 + rng.choice([1, 2, 3, 4, 6, -1, -2, -3])) % 12 + 1
    elif r < 0.7:
        y += rng.choice([1, -1, 2])
    else:
        d = rng.choice([x for x in (1, 10, 15, 20, 25) if x != d])
    return min(d, 28), mo, y


def flip_negation(claim, rng):
    """One negation or modality flipped ('phải' -> 'không bắt buộc phải', 'không được' -> 'được', ...)."""
    hits = [(m, reps) for pat, reps in NEGATIONS for m in re.finditer(pat, claim)]
    if not hits:
        return None
    m, reps = rng.choice(hits)
    rep = rng.choice(reps)
    if rep == "không phải" and claim[m.end():].startswith(" được"):
        rep = "không bắt buộc phải"  # "không phải được ..." does not read as Vietnamese
    return claim[:m.start()] + rep + claim[m.end():]


def swap_body(claim, article_text, rng):
    """A named acting body replaced by another that the cited article never names."""
    spots = [(a, e, b) for a, e, b in bodies_in(claim) if not in_doc_name(claim, a)]
    if not spots:
        return None
    a, e, b = rng.choice(spots)
    pool = [x for x in BODIES if x not in article_text and x not in claim and x not in b and b not in x]
    if b.startswith("Bộ ") and rng.random() < 0.8:
        pool = [x for x in pool if x.startswith("Bộ ") and x != "Bộ Chính trị"] or pool
    return claim[:a] + rng.choice(pool) + claim[e:] if pool else None


def neighbours(doc, unit):
    """Units next to the claim's own (article N±1, N±2; sibling items for resolutions)."""
    art = unit["article"]
    if art is not None and (doc.type != "resolution" or unit is art):
        try:
            n = int(art["num"])
        except (TypeError, ValueError):
            return []
        out = []
        for d in (-2, -1, 1, 2):
            nb = doc.articles.get(str(n + d))
            if nb is None:
                continue
            same = nb
            if unit is not art and unit["kind"] == "clause":  # same clause number in the neighbour
                same = next((c for c in nb.get("children", []) if c.get("num") == unit.get("num")), nb)
            out.append((nb, same))
        return out
    parent = unit["parent"]
    if parent is None:
        return []
    sibs = [c for c in parent.get("children", []) if c["kind"] == unit["kind"] and c.get("citation")]
    i = next((k for k, c in enumerate(sibs) if c is unit), None)
    if i is None:
        return []
    return [(sibs[j], sibs[j]) for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(sibs)]


def foreign_to(claim, text):
    """Whether claim's wording is clearly not in text (its distinctive word pairs mostly absent)."""
    bg = bigrams(claim)
    if not bg or claim.lower()[:40] in text.lower():
        return False
    return len(bg & bigrams(text)) / len(bg) <= 0.4


# ---------------------------------------------------------------- building

def case(doc, variant, text, ref):
    text, ref = unicodedata.normalize("NFC", text), unicodedata.normalize("NFC", ref)
    assert ref in text, (ref, text)
    kind = "real" if STATUS[variant] == "verified" else "invented"
    return {"text": text, "document": doc.id, "split": doc.split, "variant": variant,
            "expect": [{"ref": ref, "status": STATUS[variant], "kind": kind}]}


def heading_lc(h):
    h = h.strip().rstrip(".")
    return h.lower() if h.isupper() else lc_first(h)


def unit_cases(doc, rng, pools, subjects):
    """Positives and fabricated variants built from the document's quotable sentences."""
    cands = candidates(doc)
    rng.shuffle(cands)
    for u, claim in cands:
        full, art_full = u["full"], (u["article"] or u)["full"]
        add = lambda v, c: pools[v].append(case(doc, v, *render(doc.cite(u, rng), c, rng)))
        add("original_verbatim", claim)
        new = reword(claim, rng)
        if new:
            add("original_reworded", new)
        # Figures and dates are rare: up to two different wrong values per sentence.
        for variant, fn, tries in (("figure_changed", lambda: change_figure(claim, full, rng), 2),
                                   ("date_changed", lambda: change_date(claim, full, rng), 2),
                                   ("negation_flipped", lambda: flip_negation(claim, rng), 1),
                                   ("body_swapped", lambda: swap_body(claim, art_full + full, rng), 1)):
            made = {claim}
            for _ in range(tries):
                new = fn()
                if new and new not in made:
                    made.add(new)
                    add(variant, new)
        nbs = [(nb, cit_unit) for nb, cit_unit in neighbours(doc, u) if foreign_to(claim, nb["full"])]
        if nbs:
            nb, cit_unit = rng.choice(nbs)
            target = cit_unit if rng.random() < 0.5 else nb
            pools["article_moved"].append(case(doc, "article_moved", *render(doc.cite(target, rng), claim, rng)))
        if len(pools["subject_from_other_document"]) < 3 * QUOTA["subject_from_other_document"]:
            other_document_case(doc, claim, rng, pools, subjects)


def subject_cases(doc, rng, pools):
    """'Điều N ... quy định về {heading}': its own heading (positive) or another article's."""
    kinds = {"article", "section"} if doc.type == "resolution" else {"article"}
    arts = [a for a in doc.units if a["kind"] in kinds and a.get("heading") and a.get("citation")]
    for a in arts:
        h = heading_lc(a["heading"])
        t = rng.choice(SUBJECT)
        c = doc.cite(a, rng)
        ref = uc_first(c) if t.startswith("{C}") else c
        pools["original_subject"].append(case(doc, "original_subject", t.format(C=uc_first(c), c=c, h=h), ref))
        own = set(content_tokens(a["heading"]))
        others = [b for b in arts if b is not a and b["heading"].lower() not in a["full"].lower()
                  and len(own & set(content_tokens(b["heading"]))) <= min(1, len(own) // 3)]
        if others:
            b = rng.choice(others)
            t = rng.choice(SUBJECT)
            text = t.format(C=uc_first(c), c=c, h=heading_lc(b["heading"]))
            pools["subject_from_other_heading"].append(case(doc, "subject_from_other_heading", text, ref))


def ymd(s):
    return tuple(int(x) for x in s.split("-"))


def date_text(y, m, d, rng):
    """A date as Vietnamese texts write it: 'ngày 01/3/2026', 'ngày 01/03/2026', 'ngày 01 tháng 3 năm 2026'."""
    words = f"ngày {d:02d} tháng {m:02d} năm {y}" if m < 3 else f"ngày {d:02d} tháng {m} năm {y}"
    return rng.choice([f"ngày {d:02d}/{m}/{y}", f"ngày {d:02d}/{m:02d}/{y}", words])


def effective_cases(doc, rng, extra):
    """Document-level 'X có hiệu lực thi hành từ ngày ...': the real date and wrong ones."""
    eff = doc.raw.get("effective")
    if not eff:
        return False
    y, m, d = ymd(eff)
    known = {(y, m, d), ymd(doc.raw["issued"])}
    for art in doc.articles.values():  # dates named in the document's own effect article
        if "có hiệu lực" in art["full"]:
            known |= {(int(c), int(b), int(a)) for a, b, c in FULL_DATE.findall(art["full"])}
    for k in range(10):
        if k < 4:
            date, variant = (y, m, d), "original_verbatim"
        else:
            date = (y, m, d)
            while date in known:
                nd, nm, ny = shift_date(d, m, y, rng)
                date = (ny, nm, nd)
            variant = "date_changed"
        c, dt = doc.doc_ref(rng), date_text(*date, rng)
        t = rng.choice(EFFECTIVE)
        ref = uc_first(c) if t.startswith("{C}") else c
        extra.append(case(doc, variant, t.format(C=uc_first(c), c=c, d=dt, D=uc_first(dt)), ref))
    # The effect clause itself ("Luật này có hiệu lực thi hành từ ngày ..."), often under 15 words.
    for u in doc.units:
        for sent in split_sentences(u["text"]) if u.get("citation") else []:
            if "có hiệu lực thi hành" in sent and FULL_DATE.search(sent):
                claim = sent.rstrip(" ;.")
                extra.append(case(doc, "original_verbatim", *render(doc.cite(u, rng), claim, rng)))
                made = {claim}
                for _ in range(3):
                    new = change_date(claim, u["full"], rng)
                    if new and new not in made:
                        made.add(new)
                        extra.append(case(doc, "date_changed", *render(doc.cite(u, rng), new, rng)))
    return True


def other_document_case(doc, claim, rng, pools, subjects):
    """'Luật số N về {another document's subject} ...': a subject outside this document's title and scope."""
    scope = (doc.title + " " + (doc.articles["1"]["full"] if "1" in doc.articles else doc.body[:3000])).lower()
    subs = [s for s in subjects if s.lower()[:25] not in scope]
    if not subs:
        return
    # "Luật số N", "Nghị định số N", "Nghị quyết số N"; for decrees and resolutions also without "số".
    c = doc.shorts[0] if doc.type != "law" and rng.random() < 0.2 else doc.numbered
    t = rng.choice(OTHER_DOC)
    y, m, d = ymd(doc.raw["issued"])
    text = t.format(C=uc_first(c), c=c, s=rng.choice(subs), x=lc_first(claim), i=doc.raw.get("issuer", "cơ quan nhà nước"),
                    d=f"ngày {d:02d}/{m:02d}/{y}")
    ref = uc_first(c) if t.startswith("{C}") else c
    pools["subject_from_other_document"].append(case(doc, "subject_from_other_document", text, ref))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lexcite", default="target/release/lexcite", help="the lexcite binary")
    ap.add_argument("--corpus", default="corpus", help="folder of corpus texts (*.txt)")
    ap.add_argument("--parsed", help="folder of `lexcite parse` JSON files, instead of running lexcite")
    ap.add_argument("-o", "--output", default="tests/verifier/generated.json")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--examples", type=int, default=5, help="random examples printed per variant")
    args = ap.parse_args()

    docs = [Doc(r) for r in load_docs(args)]
    docs = [d for d in docs if d.split]
    # Subjects of the documents as they follow "về": titles without "về" (not the "Ban hành ..." kind).
    subjects = [lc_first(re.sub(r"^về\s+", "", d.title)) for d in docs
                if not re.match(r"(về\s+)?(Ban hành|sửa đổi|Quy định chi tiết)", d.title, re.I)]

    cases, notes = [], []
    for doc in sorted(docs, key=lambda d: d.id):
        rng = random.Random(f"{args.seed}:{doc.id}")
        pools, extra = defaultdict(list), []
        unit_cases(doc, rng, pools, subjects)
        subject_cases(doc, rng, pools)
        if not effective_cases(doc, rng, extra):
            notes.append(f"{doc.number}: no effective date in the manifest, no document-level date cases")
        for variant in QUOTA:
            pool = pools[variant]
            rng.shuffle(pool)
            cases += pool[:QUOTA[variant]]
        cases += extra
        missing = [v for v in QUOTA if not pools[v] and not any(c["variant"] == v for c in extra)]
        if missing:
            notes.append(f"{doc.number}: nothing for {', '.join(missing)}")

    # Drop repeated texts (a rewording may coincide with another case), keep the first.
    uniq = list({c["text"]: c for c in reversed(cases)}.values())[::-1]
    order = {v: i for i, v in enumerate(QUOTA)}
    uniq.sort(key=lambda c: (c["split"] != "tune", c["document"], order[c["variant"]]))

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write('{"cases": [\n')
        f.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in uniq))
        f.write("\n]}\n")
    report(uniq, notes, docs, args)


def report(cases, notes, docs, args):
    """Counts per split x variant and document, examples per variant, what could not be made."""
    table = Counter((c["split"], c["variant"]) for c in cases)
    splits = ["tune", "report"]
    print(f"{len(cases)} cases written to {args.output}\n")
    print(f"{'variant':30} " + " ".join(f"{s:>7}" for s in splits) + "   total")
    for v in QUOTA:
        row = [table[(s, v)] for s in splits]
        print(f"{v:30} " + " ".join(f"{n:7}" for n in row) + f"   {sum(row):5}")
        for s, n in zip(splits, row):
            if n == 0:
                notes.append(f"{v}: none in the {s} half (no sentence of its documents allows it)")
    pos = sum(1 for c in cases if c["expect"][0]["kind"] == "real")
    print(f"\npositives {pos} ({100 * pos / len(cases):.0f}%), fabricated {len(cases) - pos}")
    per_doc = Counter(c["document"] for c in cases)
    print("\nper document: " + ", ".join(f"{d.number} {per_doc[d.id]}" for d in sorted(docs, key=lambda d: d.id)))
    rng = random.Random(args.seed)
    for v in QUOTA:
        pool = [c for c in cases if c["variant"] == v]
        print(f"\n== {v}")
        for c in rng.sample(pool, min(args.examples, len(pool))):
            e = c["expect"][0]
            print(f"  [{c['split']}] {c['text']}\n      ref={e['ref']!r} status={e['status']}")
    if notes:
        print("\nnot generated:")
        print("\n".join("  - " + n for n in notes))


if __name__ == "__main__":
    sys.exit(main())
