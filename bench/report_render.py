"""Time the report on ten years of synthetic history, and look at the HTML as a browser draws it.

Usage: python bench/report_render.py [--days 3650] [--per-day 15] [--out DIR]

Builds a history in memory (about 15 answers a day over the bundled wheel's words, with rest days, a
learner who slowly gets better and reaches for finer words), replays it through the scheduler, then times
build_report and each renderer. The report must stay under a second in all. It writes every format to
DIR (a new temporary folder by default) and, when /usr/bin/chromium exists, screenshots the HTML
headless and checks the picture is not blank by counting its colours (the PNG is read with zlib).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from feelwords.content import load_content
from feelwords.models import DOMAINS
from feelwords.report import build_report, render_csv, render_html, render_json, render_markdown
from feelwords.srs import Scheduler, rating_for
from feelwords.store import Answer, Grade
from feelwords.wheel import Wheel

CHROMIUM = Path("/usr/bin/chromium")
BUDGET_MS = 1000.0
KINDS = (
    ("name",) * 7
    + ("body",) * 3
    + ("discriminate",) * 3
    + ("ladder", "ladder")
    + ("articulate",) * 3
    + (
        "listen",
        "listen",
    )
)


def synthetic_history(wheel: Wheel, *, end: date, days: int, per_day: int, seed: int = 7) -> list[Answer]:
    """A learner's history: some days off, broad words first and finer ones later, accuracy rising
    from about 45% to 85%, and the last sixth of the wheel not reached yet."""
    rng = random.Random(seed)
    order: list[str] = []
    for ring in ("core", "middle", "outer"):
        words = sorted(w for w in wheel.entries if wheel.ring(w) == ring)
        rng.shuffle(words)
        order += words
    reach = int(len(order) * 0.84)
    answers: list[Answer] = []
    first = end - timedelta(days=days - 1)
    for offset in range(days):
        day = first + timedelta(days=offset)
        if rng.random() < 0.1:
            continue  # a day off
        progress = offset / max(1, days - 1)
        pool = order[: max(12, int(reach * (0.06 + 0.94 * progress)))]
        session = f"s{offset}"
        moment = datetime(day.year, day.month, day.day, 7, tzinfo=UTC) + timedelta(
            minutes=rng.randint(0, 900)
        )
        for _ in range(rng.randint(per_day - 9, per_day + 12)):
            moment += timedelta(seconds=rng.randint(8, 90))
            # Newer words come up more often, as a scheduler would bring them.
            target = pool[min(len(pool) - 1, int(len(pool) * (1 - rng.random() ** 1.6)))]
            kind = rng.choice(KINDS)
            answers.append(_answer(wheel, rng, kind, target, progress, moment, day, session))
    return answers


def _answer(
    wheel: Wheel,
    rng: random.Random,
    kind: str,
    target: str,
    progress: float,
    moment: datetime,
    day: date,
    session: str,
) -> Answer:
    ms = rng.randint(2500, 25000)
    domain = rng.choice(DOMAINS)
    matched: str | None = target
    distance: int | None = 0
    grade: Grade = "correct"
    roll = rng.random()
    hit = 0.45 + 0.4 * progress
    if kind == "listen":
        rating = rng.choice((2, 3, 3, 4))
        return Answer(
            ts=moment, day=day, session=session, card=f"listen:{target}", kind=kind, item=f"listen-{target}",
            target=[target], answer="That sounds hard; what was it like?", grade="self", rating=rating, ms=ms,
            domain=domain,
        )  # fmt: skip
    if kind == "ladder":
        matched = None
        grade = "correct" if roll < hit else "close" if roll < hit + 0.2 else "wrong"
        distance = {"correct": 0, "close": 1, "wrong": 2}[grade]
    elif roll >= hit:
        matched = _near_miss(wheel, rng, target)
        distance = wheel.distance(matched, target)
        same_middle = wheel.middle_of(matched) is not None and wheel.middle_of(matched) == wheel.middle_of(
            target
        )
        grade = (
            "close"
            if same_middle
            else "partial"
            if wheel.core_of(matched) == wheel.core_of(target)
            else "wrong"
        )
    rating = rating_for(grade, ms)
    typed = f"I feel {matched}" if matched else "mild, medium, strong"
    return Answer(
        ts=moment, day=day, session=session, card=f"{kind}:{target}", kind=kind, item=f"{kind}-{target}",
        target=[target], answer=typed, grade=grade, rating=rating, ms=ms, matched=matched, distance=distance,
        domain=domain,
    )  # fmt: skip


def _near_miss(wheel: Wheel, rng: random.Random, target: str) -> str:
    """A plausible wrong word: usually a neighbour on the wheel, sometimes another family."""
    middle = wheel.middle_of(target) or target
    family = wheel.family(wheel.core_of(target))
    choices = [w for w in [middle, *wheel.children.get(middle, [])] if w != target]
    if choices and rng.random() < 0.55:
        return rng.choice(choices)
    if rng.random() < 0.7:
        return rng.choice([w for w in family if w != target] or [target])
    return rng.choice(list(wheel.entries))


def distinct_colours(png: bytes, *, enough: int = 1_000_000) -> int:
    """How many different RGB(A) colours an 8-bit PNG holds, read with zlib and struct only."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat = 8, bytearray()
    width = height = channels = 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour_type not in (2, 6) or body[12] != 0:
                raise ValueError("expected an 8-bit, non-interlaced RGB or RGBA PNG")
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        filter_type, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(filter_type, row, previous, channels)
        if any(row):
            colours.update(bytes(row[i : i + channels]) for i in range(0, stride, channels * 3))
        if len(colours) >= enough:
            break
        previous = row
    return len(colours)


def _unfilter(kind: int, row: bytearray, up: bytearray, bpp: int) -> None:
    n = len(row)
    if kind == 1:
        for i in range(bpp, n):
            row[i] = (row[i] + row[i - bpp]) & 0xFF
    elif kind == 2:
        row[:] = bytes((a + b) & 0xFF for a, b in zip(row, up, strict=True))
    elif kind == 3:
        for i in range(n):
            left = row[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + ((left + up[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            a = row[i - bpp] if i >= bpp else 0
            b, c = up[i], up[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF


def screenshot(html: Path, png: Path, size: str = "1200,3000") -> None:
    profile = tempfile.mkdtemp(prefix="feelwords-chromium-")
    try:
        subprocess.run(
            [
                str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={profile}", "--hide-scrollbars", f"--screenshot={png}",
                f"--window-size={size}", html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def reference_loop_ms() -> float:
    """CPU time of a plain Python loop, to compare timings taken on machines of different speed."""
    started = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    return (time.process_time() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--per-day", type=int, default=15)
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the outputs (default: a new temp folder)"
    )
    args = parser.parse_args()

    wheel = load_content().wheel
    end = date(2035, 6, 30)
    now = datetime(2035, 6, 30, 21, 0, tzinfo=UTC)
    t0 = time.perf_counter()
    answers = synthetic_history(wheel, end=end, days=args.days, per_day=args.per_day)
    made_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    cards = Scheduler().replay(answers)
    replay_ms = (time.perf_counter() - t0) * 1000
    print(f"history: {len(answers):,} answers over {args.days:,} days, {len(cards):,} cards")
    print(f"  (setup, not timed: history {made_ms:.0f} ms, scheduler replay {replay_ms:.0f} ms)")

    start = min(a.day for a in answers)
    timings: dict[str, tuple[float, float]] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    report = build_report(answers, cards, wheel, start=start, end=end, now=now)
    timings["build_report"] = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
    outputs: dict[str, str] = {}
    renderers: dict[str, tuple[str, Callable[[], str]]] = {
        "markdown": ("report.md", lambda: render_markdown(report)),
        "json": ("report.json", lambda: render_json(report)),
        "csv answers": ("answers.csv", lambda: render_csv(report, "answers")),
        "csv words": ("words.csv", lambda: render_csv(report, "words")),
        "html": ("report.html", lambda: render_html(report)),
    }
    for name, (filename, render) in renderers.items():
        wall, cpu = time.perf_counter(), time.process_time()
        outputs[filename] = render()
        timings[name] = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
    print(f"  {'':<13} {'wall':>8} {'cpu':>8}")
    for name, (wall_ms, cpu_ms) in timings.items():
        output = renderers[name][0] if name in renderers else None
        size = f"  {len(outputs[output].encode()) / 1024:,.0f} KiB" if output else ""
        print(f"  {name:<13} {wall_ms:5.0f} ms {cpu_ms:5.0f} ms{size}")
    total = sum(wall for wall, _ in timings.values())
    total_cpu = sum(cpu for _, cpu in timings.values())
    verdict = "within" if total < BUDGET_MS else "OVER"
    print(f"  {'total':<13} {total:5.0f} ms {total_cpu:5.0f} ms  ({verdict} the {BUDGET_MS:.0f} ms budget)")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"  (the machine is busy: load {load:.1f} on {os.cpu_count()} CPUs, so wall times run long)")
    print(f"  machine speed: a million-step Python loop took {reference_loop_ms():.0f} ms of CPU")

    out = args.out or Path(tempfile.mkdtemp(prefix="feelwords-report-"))
    out.mkdir(parents=True, exist_ok=True)
    for filename, text in outputs.items():
        (out / filename).write_text(text, encoding="utf-8")
    html = out / "report.html"
    print(f"wrote {', '.join(outputs)} to {out}")
    if not CHROMIUM.exists():
        print("no /usr/bin/chromium: skipped the screenshot (apt-get install -y chromium)")
        return
    png = out / "report.png"
    t0 = time.perf_counter()
    screenshot(html, png)
    colours = distinct_colours(png.read_bytes())
    print(f"screenshot {png} ({(time.perf_counter() - t0):.1f} s): {colours:,} distinct colours")
    if colours < 50:
        raise SystemExit("the screenshot looks blank")


if __name__ == "__main__":
    main()
