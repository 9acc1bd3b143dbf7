#!/usr/bin/env python3
"""Questions the corpus cannot answer, for calibrating "not found": the ALQAC 2023 training
questions about laws that are not in corpus/ (Luật An ninh mạng is, so its questions are left
out), written in the corpus question format with no gold unit, split in two halves by a hash of
the question id.

    python3 scripts/make_unanswerable.py [../shared/datasets/alqac2023/train.json]

writes tests/questions/alqac-unanswerable-tune.json and -report.json (byte for byte the same
on every run).
"""

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IN_CORPUS = {"Luật An ninh mạng"}


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/datasets/alqac2023/train.json"
    questions = json.loads(source.read_text(encoding="utf-8"))
    halves = {"tune": [], "report": []}
    for q in questions:
        laws = {r["law_id"] for r in q["relevant_articles"]}
        if laws & IN_CORPUS:
            continue
        digest = hashlib.sha256(q["question_id"].encode()).digest()
        half = "tune" if digest[0] % 2 == 0 else "report"
        halves[half].append(
            {
                "id": f"alqac-{q['question_id']}",
                "question": q["text"],
                "type": "none",
                "gold": [],
                "facts": [],
            }
        )
    out = ROOT / "tests/questions"
    for half, cases in halves.items():
        path = out / f"alqac-unanswerable-{half}.json"
        path.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(cases)} questions")


if __name__ == "__main__":
    main()
