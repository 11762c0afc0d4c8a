"""Score the description lookup on the development set: hit@1, hit@3, hit@5 and same family at 1.

Usage: python bench/lookup_quality.py [bench/lookup_dev.jsonl] [--misses N]

A hit counts when the labelled word or one of its acceptable neighbours is in the top k. The set was
written without looking at the wheel's definitions, so it measures how the lookup copes with words it
was not written around. It also prints the mean time per lookup (the lookup's own work, index built).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from feelwords.content import load_content
from feelwords.search import Index

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=HERE / "lookup_dev.jsonl")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses at 5")
    parser.add_argument("--bm25", action="store_true", help="rank with BM25 alone, without the vectors")
    args = parser.parse_args()

    content = load_content()
    wheel = content.wheel
    started = time.perf_counter()
    index = Index(wheel) if args.bm25 else content.ranker()
    build_ms = (time.perf_counter() - started) * 1000
    rows = [json.loads(line) for line in args.path.read_text().splitlines() if line.strip()]
    hits = {1: 0, 3: 0, 5: 0}
    strict = {1: 0, 5: 0}
    family = 0
    timings = []
    misses = []
    for row in rows:
        good = {row["word"], *row.get("accept", [])}
        t0 = time.perf_counter()
        ranked = [h.word for h in index.search(row["text"], limit=5)]
        timings.append((time.perf_counter() - t0) * 1000)
        for k in hits:
            hits[k] += bool(good & set(ranked[:k]))
        for k in strict:
            strict[k] += row["word"] in ranked[:k]
        if ranked and wheel.core_of(ranked[0]) == wheel.core_of(row["word"]):
            family += 1
        if not good & set(ranked):
            misses.append((row["text"], row["word"], ranked[:3]))
    n = len(rows)
    ranker = "BM25 only" if args.bm25 else type(index).__name__
    print(f"development set: {args.path.name}, {n} descriptions; ranker: {ranker}")
    for k, v in hits.items():
        print(f"hit@{k} (word or acceptable neighbour): {v / n:.3f}")
    for k, v in strict.items():
        print(f"exact word in top {k}:                 {v / n:.3f}")
    print(f"same family at 1:                     {family / n:.3f}")
    print(f"ranker ready in: {build_ms:.1f} ms (cached after the first run)")
    print(f"per lookup: median {statistics.median(timings):.2f} ms, max {max(timings):.2f} ms")
    for text, word, got in misses[: args.misses]:
        print(f"  MISS {word}: {text[:90]!r} -> {got}")


if __name__ == "__main__":
    main()
