"""How the store and the history commands grow with years of answers.

Usage: python bench/history.py [--sizes 5000,55000,550000] [--runs 3] [--appends 50]

For each size, a temporary home gets a synthetic history: 15 answers a day (so 55,000 answers is ten
years, 3,650 days), spread over every card the bundled content offers (about 1,350: prompt items, and
the wheel's words for define and label), written straight into answers.jsonl as
`Answer(...).model_dump_json()` lines next to a `store.json` of schema version 2. Then it times:

- saving one answer: `Writer.append` inside an open `Store.writer`, median of 50 (the journal is append
  only, so this should not grow), and opening the writer itself, which checks every line first;
- reading: `Store.answers()`, and replaying every answer through FSRS when there is no cards.json;
- the commands, as `python -m feelwords ...` subprocesses (wall time, median of 3, cards.json present as
  after any drill): `history --json`, `stats --json`, `report --format md|csv|json|html` and
  `doctor --json` when `--help` lists them, and a drill of one answer.

It prints a table with one column per size and the growth from each size to the next. No assertions.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feelwords.content import load_content
from feelwords.drill import all_cards, build_question
from feelwords.srs import Scheduler, load_states, rating_for, save_states
from feelwords.store import ANSWERS, META, SCHEMA_VERSION, Answer, Grade, Store

NOW = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
PER_DAY = 15
GRADES: list[Grade] = ["correct", "correct", "correct", "close", "partial", "wrong"]


def build_history(home: Path, total: int, seed: int = 1) -> float:
    """Write `total` answers ending today into a fresh store; returns the seconds it took."""
    started = time.perf_counter()
    content = load_content()
    rng = random.Random(seed)
    cards = sorted(all_cards(content).items())
    questions = {cid: build_question(content, kind, ref, rng) for cid, (kind, ref) in cards}
    words = sorted(content.wheel.entries)
    days = -(-total // PER_DAY)
    first = NOW - timedelta(days=days - 1)
    home.mkdir(parents=True, mode=0o700)
    meta = {"schema_version": SCHEMA_VERSION, "created": (first - timedelta(hours=1)).isoformat()}
    (home / META).write_text(json.dumps(meta, indent=2) + "\n")
    with open(home / ANSWERS, "wb") as journal:
        for n in range(total):
            day, slot = divmod(n, PER_DAY)
            ts = first + timedelta(days=day, seconds=25 * slot)
            cid, _ = cards[rng.randrange(len(cards))]
            q = questions[cid]
            grade: Grade = "self" if q.self_graded else rng.choice(GRADES)
            ms = rng.randint(1500, 25_000)
            rating = rng.randint(1, 4) if grade == "self" else rating_for(grade, ms)
            typed = q.targets[0] if grade in ("correct", "close") else rng.choice(words)
            if q.self_graded:
                typed = f"I feel {typed} when it happens, because I need rest."
            answer = Answer(
                ts=ts,
                day=ts.date(),
                session=f"{ts:%Y%m%dT%H%M%S}-{day % 65536:04x}",
                card=q.card,
                kind=q.kind,
                item=q.item,
                target=q.targets,
                answer=typed
                if not q.self_graded
                else f"I feel {typed} when it happens, because I need rest.",
                grade=grade,
                rating=rating,
                ms=ms,
                matched=None if q.self_graded else typed,
                distance=0 if grade == "correct" else rng.randint(1, 4),
                domain=q.domain,
            )
            journal.write(answer.model_dump_json().encode() + b"\n")
    return time.perf_counter() - started


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_append(home: Path, appends: int) -> tuple[float, float]:
    """(median ms of one Writer.append, ms to open the writer) on this history."""
    store = Store(home)
    template = store.answers()[-1]
    times = []
    opened = time.perf_counter()
    with store.writer(NOW) as writer:
        open_ms = (time.perf_counter() - opened) * 1000
        for i in range(appends):
            answer = template.model_copy(update={"ts": NOW + timedelta(seconds=i), "session": "bench"})
            started = time.perf_counter()
            writer.append(answer)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), open_ms


def feelwords_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FEELWORDS_")}
    return env | {"FEELWORDS_HOME": str(home), "FEELWORDS_NOW": NOW.isoformat(), "NO_COLOR": "1"}


def time_command(home: Path, args: list[str], runs: int, stdin: bytes = b"") -> float | str:
    """Median wall time of `python -m feelwords ARGS`, or why it failed."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "feelwords", *args],
            input=stdin,
            capture_output=True,
            env=feelwords_env(home),
        )
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
            last = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
            print(f"  feelwords {' '.join(args)}: exit {done.returncode}: {last[0]}", file=sys.stderr)
            return f"exit {done.returncode}"
    return statistics.median(times)


def commands() -> list[str]:
    """The commands `feelwords --help` lists."""
    shown = subprocess.run(
        [sys.executable, "-m", "feelwords", "--help"], capture_output=True, text=True, check=True
    ).stdout
    listed = shown.split("Commands:", 1)[-1].splitlines()
    return [line.split()[0] for line in listed if line.startswith("  ") and line.split()]


def measure(total: int, runs: int, appends: int, available: list[str]) -> dict[str, float | str]:
    rows: dict[str, float | str] = {}
    root = Path(tempfile.mkdtemp(prefix="feelwords-history-"))
    home = root / "home"
    try:
        rows["build the synthetic history (s)"] = build_history(home, total)
        rows["answers.jsonl size (MB)"] = (home / ANSWERS).stat().st_size / 1e6
        store = Store(home)
        rows["distinct cards"] = len({a.card for a in store.answers()})
        rows["Store.answers(): read and validate all (ms)"] = median_seconds(store.answers, runs) * 1000
        started = time.perf_counter()
        save_states(store, load_states(store, Scheduler()))  # what a drill leaves: cards.json
        rows["replay all into FSRS, no cards.json (ms)"] = (time.perf_counter() - started) * 1000
        append_ms, open_ms = time_append(home, appends)
        rows[f"save one answer: Writer.append (ms, median of {appends})"] = append_ms
        rows["open Store.writer: lock + check every line (ms)"] = open_ms
        plan = [["history", "--json"]]
        if "stats" in available:
            plan.append(["stats", "--json"])
        if "report" in available:
            plan += [["report", "--format", fmt] for fmt in ("md", "csv", "json", "html")]
        plan.append(["doctor", "--json"])
        for args in plan:
            value = time_command(home, args, runs)
            rows[f"{' '.join(args)} (s)"] = value
        # One answer, then EOF; the first drill of the day answers a due or a new card.
        drill = ["drill", "--count", "1", "--seed", "1"]
        rows["drill, one answer (s)"] = time_command(home, drill, runs, stdin=b"calm\n3\n")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return rows


def render(sizes: list[int], results: list[dict[str, float | str]]) -> str:
    names = list(results[0])
    head = ["", *[f"{n:,} answers" for n in sizes]]
    head += [f"x{sizes[i + 1] / sizes[i]:g} answers" for i in range(len(sizes) - 1)]
    lines = [head]
    for name in names:
        values = [r.get(name, "") for r in results]
        cells = [name, *[_fmt(v) for v in values]]
        for a, b in itertools.pairwise(values):
            if isinstance(a, float | int) and isinstance(b, float | int) and a > 0:
                cells.append(f"x{b / a:.1f}")
            else:
                cells.append("")
        lines.append(cells)
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    out = []
    for row in lines:
        out.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(out)


def _fmt(value: float | str | int) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,55000,550000", help="comma-separated answer counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (the median is shown)")
    parser.add_argument("--appends", type=int, default=50, help="appends timed for one answer's save")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    available = commands()
    results = []
    for total in sizes:
        started = time.perf_counter()
        results.append(measure(total, args.runs, args.appends, available))
        print(f"  {total:,} answers measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; commands as subprocesses, wall time")
    print(render(sizes, results))


if __name__ == "__main__":
    main()
