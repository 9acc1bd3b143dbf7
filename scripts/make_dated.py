#!/usr/bin/env python3
"""Labelled variants in time of the generated claims set: every real, correctly claimed
reference to Nghị định 13/2023/NĐ-CP (ended 01/01/2026 by Nghị định 356/2025/NĐ-CP) and to
Luật 71/2025/QH15 (its Chương IV and four clauses repealed from 01/03/2026 by Luật
134/2025/QH15), put in a text with a dateline before and after those dates.

Expected: before, the label the generated set gives (verified); after, `outdated` for every
reference to Nghị định 13/2023 and for those of Luật 71/2025 inside a repealed provision (read
from the reference's own words: Chương IV is Điều 41–45 in the corpus copy), the original
label for the rest. The dates and repealed provisions come from the texts' own words (ND 356
Điều 42, Luật 134 Điều 33), not from lexcite.

    python3 scripts/make_dated.py tests/verifier/generated.json -o /tmp/dated.json
    lexcite verify-eval /tmp/dated.json
"""
import argparse
import json
import re

REPEALED_71 = [
    (3, 9, None), (4, 7, None), (12, 6, None), (34, 2, "đ"),
]
CHAPTER_IV_71 = range(41, 46)


def repealed_71(ref):
    """Whether a reference to Luật 71/2025 names a repealed provision."""
    low = ref.lower()
    if "chương iv" in low:
        return True
    art = re.search(r"điều (\d+)", low)
    if not art:
        return False
    a = int(art.group(1))
    if a in CHAPTER_IV_71:
        return True
    clause = re.search(r"khoản (\d+)", low)
    point = re.search(r"điểm (\w)", low)
    for (ra, rc, rp) in REPEALED_71:
        if a == ra and clause and int(clause.group(1)) == rc:
            if rp is None or (point and point.group(1) == rp):
                return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("generated")
    ap.add_argument("-o", "--out", required=True)
    args = ap.parse_args()
    cases = json.load(open(args.generated, encoding="utf-8"))["cases"]
    out = []
    for c in cases:
        if not c["variant"].startswith("original"):
            continue
        exp = c["expect"]
        if len(exp) != 1 or exp[0]["kind"] != "real" or exp[0]["status"] != "verified":
            continue
        ref = exp[0]["ref"]
        if "13/2023" in ref:
            after_status, after = "outdated", "ngày 01 tháng 6 năm 2026"
        elif "71/2025" in ref:
            after = "ngày 15 tháng 11 năm 2026"
            after_status = "outdated" if repealed_71(ref) else "verified"
        else:
            continue
        for when, status in [("ngày 01 tháng 6 năm 2025", "verified"), (after, after_status)]:
            out.append({
                "text": f"Hà Nội, {when}\n\n{c['text']}",
                "document": c["document"],
                "split": c["split"],
                "variant": f"{c['variant']}/{'before' if 'năm 2025' in when else 'after'}"
                + ("/repealed" if status == "outdated" else ""),
                "expect": [{"ref": ref, "status": status, "kind": "real"}],
            })
    json.dump({"cases": out}, open(args.out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(f"{len(out)} cases")


if __name__ == "__main__":
    main()
