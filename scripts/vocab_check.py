#!/usr/bin/env python3
"""Compares two conversions of the embedding model: the full vocabulary and the cut one.

    models/.venv/bin/python scripts/vocab_check.py FULL_DIR CUT_DIR [TEXT_FILES...]

Splits every line of the given files (default: corpus/*.txt and the ALQAC 2023 laws and
questions under ../shared) with both tokenizers, maps the cut tokenizer's ids back to the full
one's by piece, and counts the lines split differently; then embeds a sample of lines with both
models and prints the largest difference between their vectors. Run with the interpreter of
`models/.venv` (it has tokenizers, onnxruntime and numpy).
"""

import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parent.parent


def lines_of(paths: list[Path]) -> list[str]:
    out = []
    for path in paths:
        text = path.read_text()
        if path.suffix == ".json":
            data = json.loads(text)
            items = data if isinstance(data, list) else [data]
            text = "\n".join(json.dumps(items, ensure_ascii=False).split('", "'))
        out += [line.strip() for line in text.splitlines() if line.strip()]
    return out


def embed(folder: Path, texts: list[str]) -> np.ndarray:
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    session = ort.InferenceSession(str(folder / "model.onnx"), providers=["CPUExecutionProvider"])
    rows = []
    for text in texts:
        enc = tokenizer.encode(f"passage: {text}")
        ids = np.array([enc.ids[:512]], dtype=np.int64)
        mask = np.ones_like(ids)
        (hidden,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
        v = hidden[0].mean(axis=0)
        rows.append(v / np.linalg.norm(v))
    return np.array(rows)


def main() -> None:
    full, cut = Path(sys.argv[1]), Path(sys.argv[2])
    files = [Path(p) for p in sys.argv[3:]] or [
        *sorted((ROOT / "corpus").glob("*.txt")),
        *sorted((ROOT.parent / "shared" / "datasets" / "alqac2023").glob("*.json")),
    ]
    lines = lines_of(files)
    t_full = Tokenizer.from_file(str(full / "tokenizer.json"))
    t_cut = Tokenizer.from_file(str(cut / "tokenizer.json"))
    cut_pieces = [p for p, _ in json.loads((cut / "tokenizer.json").read_text())["model"]["vocab"]]
    full_id = t_full.get_vocab()
    back = [full_id[p] for p in cut_pieces]
    differ = [line for line in lines
              if t_full.encode(line).ids != [back[i] for i in t_cut.encode(line).ids]]
    print(f"{len(lines)} lines from {len(files)} files; split differently: {len(differ)}")
    for line in differ[:5]:
        print(f"  {line[:100]}")
    sample = lines[:: max(1, len(lines) // 300)]
    diff = np.abs(embed(full, sample) - embed(cut, sample)).max()
    print(f"{len(sample)} lines embedded by both models; largest difference: {diff:.3g}")


if __name__ == "__main__":
    main()
