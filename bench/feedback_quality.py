"""Precision and recall of feelwords.feedback on the labelled corpus, per finding kind.

Run: python bench/feedback_quality.py [corpus.jsonl] [--errors]

A predicted kind counts against precision when the sentence's labels do not list it; a labelled kind
counts against recall when the analyser misses it. With --errors, every miss and false alarm is printed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "tests" / "fixtures" / "feedback_corpus.jsonl"
TARGET_PRECISION = 0.9

# The bench must not leave a content cache in the user's home.
os.environ.setdefault("FEELWORDS_HOME", tempfile.mkdtemp(prefix="feelwords-bench-"))
sys.path.insert(0, str(ROOT / "src"))

from feelwords.content import load_content  # noqa: E402
from feelwords.feedback import (  # noqa: E402
    LISTEN_KINDS,
    STATEMENT_KINDS,
    analyse_reply,
    analyse_statement,
)


def load_corpus(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["line"] = number
            rows.append(row)
    return rows


def evaluate(
    rows: list[dict[str, Any]], wheel: Any
) -> tuple[Counter[str], Counter[str], Counter[str], list[str]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: list[str] = []
    for row in rows:
        if row["mode"] == "statement":
            feedback = analyse_statement(row["text"], wheel)
        else:
            feedback = analyse_reply(row["text"], wheel)
        found = {f.kind for f in feedback.findings}
        wanted = set(row["kinds"])
        for kind in found & wanted:
            tp[kind] += 1
        for kind in found - wanted:
            fp[kind] += 1
            errors.append(f"  false alarm {kind:<18} line {row['line']}: {row['text']}")
        for kind in wanted - found:
            fn[kind] += 1
            errors.append(f"  missed      {kind:<18} line {row['line']}: {row['text']}")
    return tp, fp, fn, errors


def ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    wheel = load_content().wheel
    rows = load_corpus(corpus)
    started = time.perf_counter()
    tp, fp, fn, errors = evaluate(rows, wheel)
    elapsed = time.perf_counter() - started
    print(f"{corpus.name}: {len(rows)} sentences, {elapsed * 1000 / max(len(rows), 1):.2f} ms each")
    print()
    print(f"{'kind':<20}{'support':>8}{'found':>7}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    below = []
    for kind in (*STATEMENT_KINDS, *LISTEN_KINDS):
        precision = ratio(tp[kind], tp[kind] + fp[kind])
        recall = ratio(tp[kind], tp[kind] + fn[kind])
        support = tp[kind] + fn[kind]
        found = tp[kind] + fp[kind]
        flag = "  <" if precision < TARGET_PRECISION else ""
        print(
            f"{kind:<20}{support:>8}{found:>7}{tp[kind]:>5}{fp[kind]:>5}{fn[kind]:>5}"
            f"{precision:>11.3f}{recall:>8.3f}{flag}"
        )
        if precision < TARGET_PRECISION:
            below.append(kind)
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(
        f"{'overall (micro)':<20}{all_tp + all_fn:>8}{all_tp + all_fp:>7}{all_tp:>5}{all_fp:>5}"
        f"{all_fn:>5}{ratio(all_tp, all_tp + all_fp):>11.3f}{ratio(all_tp, all_tp + all_fn):>8.3f}"
    )
    if below:
        print(f"\nbelow the {TARGET_PRECISION:.2f} precision target: {', '.join(below)}")
    if "--errors" in argv and errors:
        print("\nerrors:")
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
