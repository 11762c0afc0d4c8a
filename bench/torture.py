"""Kill -9 scripted drills at random moments and check that no saved answer is ever lost.

Usage: python bench/torture.py [--trials 1000] [--seed 1] [--workers 3]

Each trial starts `python -m feelwords --data-dir tests/fixtures/mini drill` in a fresh home (half of them
a copy of a home with yesterday's session in it), types answers into its stdin one at a time while reading
its stderr to see which prompt is showing, and sends SIGKILL at a seeded random moment: during start-up,
just after an answer was typed (while it is graded, appended and fsynced) or while a prompt waits. Every
"next in" line the drill printed is an answer it said was saved, so their count is a lower bound on what
the store must hold. Then, in this process:

- the store loads (`Store(home).answers()`), holds at least that many new answers, no more than were
  typed, and exactly the ones typed, in order;
- `doctor --json` reports healthy, or only a torn tail (a kill that landed inside the append);
- a following drill works, and after it `doctor` reports healthy.

tests/test_torture.py runs 50 of these trials through the same functions. The script prints how many
trials ran, how many kills landed mid-session and mid-write (torn tails), answers lost (must be 0), any
other problem, and the time taken.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from feelwords.cli import app
from feelwords.errors import FeelwordsError
from feelwords.store import ANSWERS, Store

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SAVED = "next in"
TRIAL_TIMEOUT = 30.0

# What a person might type at an item prompt: right, close and wrong words, numbers for choices and
# ladders, whole sentences, nothing, and long lines (a 3,900-emoji line is a 15 KB journal line, so a
# kill has a few pages of write to land in).
ITEM_ANSWERS = [
    "annoyed",
    "irritated",
    "resentful",
    "bitter",
    "angry",
    "calm",
    "relaxed",
    "serene",
    "pissed off",
    "1",
    "2",
    "3",
    "1 2 3",
    "irritated angry bitter",
    "I feel annoyed when the dishes pile up, because I need fairness.",
    "That sounds humiliating. What was it like standing there?",
    "",
    '¯\\_(ツ)_/¯ "quoted" ünïcödé \t tab',
    "x" * 3000,
    "😬" * 3900,
]


def feelwords(*args: str) -> list[str]:
    return [sys.executable, "-m", "feelwords", *args]


# Taken once: in-process CliRunner calls change os.environ while trial threads start drills.
BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith("FEELWORDS_")}


def child_env(home: Path, now: datetime = NOW) -> dict[str, str]:
    env = dict(BASE_ENV)
    env |= {"FEELWORDS_HOME": str(home), "FEELWORDS_NOW": now.isoformat(), "NO_COLOR": "1", "COLUMNS": "100"}
    return env


@contextlib.contextmanager
def cli_built_once() -> Iterator[None]:
    """Typer's CliRunner rebuilds the command from the app on every call (about 20 ms, most of a short
    call); build it once, as a real process does. Does nothing if Typer's testing module changes."""
    import typer.testing

    build = getattr(typer.testing, "_get_command", None)
    if build is None:
        yield
        return
    built: dict[int, Any] = {}

    def once(typer_app: Any) -> Any:
        if id(typer_app) not in built:
            built[id(typer_app)] = build(typer_app)
        return built[id(typer_app)]

    typer.testing._get_command = once  # type: ignore[attr-defined,assignment]
    try:
        yield
    finally:
        typer.testing._get_command = build  # type: ignore[attr-defined]


def runner_env(home: Path, now: datetime = NOW) -> dict[str, str | None]:
    """The environment for an in-process CliRunner call (None unsets a variable)."""
    return {
        "FEELWORDS_HOME": str(home),
        "FEELWORDS_NOW": now.isoformat(),
        "FEELWORDS_DATA_DIR": None,
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }


def make_template(home: Path) -> int:
    """A home with one finished session from yesterday, so today some cards are due; its answer count."""
    typed = "".join(f"{word}\n3\n" for word in ["annoyed", "2", "resentful", "1 2 3", "calm", "3"] * 2)
    subprocess.run(
        feelwords("--data-dir", str(MINI), "drill", "--count", "8", "--seed", "0"),
        input=typed.encode(),
        env=child_env(home, NOW - timedelta(days=1)),
        capture_output=True,
        check=True,
        timeout=60,
    )
    return len(Store(home).answers())


# --- one killed drill --------------------------------------------------------------------------------


@dataclass
class Kill:
    """What happened to one drill that was sent SIGKILL."""

    trial: int
    home: Path
    before: int  # answers in the home before the drill started
    typed: list[str] = field(default_factory=list)  # item answers typed, in order (not ratings)
    seen: int = 0  # "next in" lines read before the kill: answers the drill said were saved
    printed: int = 0  # "next in" lines in everything it printed, read after it died too
    prompts: int = 0
    killed: bool = False  # False when the drill finished before its kill moment
    hung: bool = False
    returncode: int | None = None
    stderr: str = ""


def _reply(screen: bytes, rng: random.Random) -> tuple[str, bool]:
    """The line to type at the prompt now showing, and whether it answers an item."""
    asking = screen[:-3].rsplit(b"\n", 1)[-1]
    if asking.startswith(b"How did that go?"):
        return rng.choice("1234"), False
    if b"Practice more?" in asking:
        return "y", False
    return rng.choice(ITEM_ANSWERS), True


def kill_drill(trial: int, home: Path, before: int, seed: int) -> Kill:
    """Drive one drill through a pipe and SIGKILL it at a seeded random moment. Thread-safe."""
    rng = random.Random(seed * 100_003 + trial)
    outcome = Kill(trial, home, before)
    startup_kill = rng.random() < 0.12
    kill_after_lines = rng.randint(1, 14)
    kill_at = time.monotonic() + rng.uniform(0.0, 1.2) if startup_kill else None
    args = ["--data-dir", str(MINI), "drill", "--count", "12", "--new", "20", "--seed", str(trial)]
    proc = subprocess.Popen(
        feelwords(*args),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(home),
    )
    assert proc.stdin is not None and proc.stderr is not None
    fd = proc.stderr.fileno()
    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ)
    screen = bytearray()
    answered_at = 0
    lines_sent = 0
    finished = False
    deadline = time.monotonic() + TRIAL_TIMEOUT
    try:
        while True:
            now = time.monotonic()
            if kill_at is not None and now >= kill_at:
                break
            if now >= deadline:
                outcome.hung = True
                break
            wait = min(0.05, (kill_at or deadline) - now)
            if selector.select(timeout=max(0.0, wait)):
                chunk = os.read(fd, 65536)
                if not chunk:
                    finished = True  # the drill ended by itself before its kill moment
                    break
                screen += chunk
            if kill_at is None and screen.endswith(b"\n> ") and len(screen) > answered_at:
                answered_at = len(screen)
                line, is_item = _reply(bytes(screen), rng)
                time.sleep(rng.uniform(0.001, 0.01))  # a (fast) person thinking
                proc.stdin.write(line.encode() + b"\n")
                proc.stdin.flush()
                lines_sent += 1
                if is_item:
                    outcome.typed.append(line)
                if lines_sent == kill_after_lines:
                    kill_at = time.monotonic() + rng.uniform(0.0, 0.02)
        outcome.seen = screen.count(SAVED.encode())
        outcome.prompts = screen.count(b"\n> ")
        if not finished and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            outcome.killed = True
        outcome.returncode = proc.wait(timeout=10)
        os.set_blocking(fd, False)
        with_rest = bytes(screen) + _drain(fd)
    finally:
        selector.close()
        for stream in (proc.stdin, proc.stderr):
            with contextlib.suppress(OSError):  # a pipe whose reader was killed
                stream.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    outcome.printed = with_rest.count(SAVED.encode())
    outcome.stderr = with_rest.decode("utf-8", "replace")
    return outcome


def _drain(fd: int) -> bytes:
    rest = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return bytes(rest)
        if not chunk:
            return bytes(rest)
        rest += chunk


# --- checking what the kill left behind ----------------------------------------------------------------


@dataclass
class Outcome:
    kill: Kill
    saved: int = 0  # new answers found in the store after the kill
    torn: bool = False  # the kill landed inside an append: the journal ended in a partial line
    lost: int = 0
    stray_temp_files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_after_kill(kill: Kill, runner: CliRunner) -> Outcome:
    """Everything that must hold after a kill; not thread-safe (CliRunner swaps sys.stdin and friends)."""
    result = Outcome(kill)
    problems = result.problems
    home = kill.home
    if kill.hung:
        problems.append("the drill hung: no kill moment reached within the time limit")
    if "Traceback" in kill.stderr:
        last = kill.stderr.strip().splitlines()[-1]
        problems.append(f"the killed drill printed a traceback ending: {last}")
    try:
        saved = Store(home).answers()
    except FeelwordsError as exc:
        problems.append(f"the store does not load after the kill: {exc}")
        return result
    new = saved[kill.before :]
    result.saved = len(new)
    result.lost = max(0, kill.printed - len(new))
    if result.lost:
        problems.append(f"{result.lost} answer(s) the drill reported saved are missing")
    if len(new) > len(kill.typed):
        problems.append(f"{len(new)} answers saved but only {len(kill.typed)} typed")
    elif [a.answer for a in new] != kill.typed[: len(new)]:
        problems.append("the saved answers are not the ones typed, in order")
    raw = (home / ANSWERS).read_bytes() if (home / ANSWERS).is_file() else b""
    result.torn = bool(raw) and not raw.endswith(b"\n")
    result.stray_temp_files = sorted(p.name for p in home.rglob(".*.tmp")) if home.is_dir() else []

    env = runner_env(home)
    report = _doctor(runner, env, problems, "after the kill")
    if report is not None:
        torn_only = report["torn_tail"] and not report["bad_lines"] and not report["problem"]
        if not (report["healthy"] or torn_only):
            problems.append(f"doctor after the kill: {report}")
        if report["torn_tail"] != result.torn:
            problems.append("doctor and the journal disagree about a torn tail")

    typed = "y\n" + "3\n" * 30
    args = ["--data-dir", str(MINI), "drill", "--count", "3", "--new", "100", "--seed", str(kill.trial)]
    follow = runner.invoke(app, args, input=typed, env=env)
    if follow.exit_code != 0 or not _clean(follow):
        problems.append(f"the following drill failed ({follow.exit_code}): {_tail(follow.output)}")
        return result
    try:
        after = Store(home).answers()
    except FeelwordsError as exc:
        problems.append(f"the store does not load after the following drill: {exc}")
        return result
    if after[: len(saved)] != saved:
        problems.append("the following drill changed earlier answers")
    if len(after) != len(saved) + follow.stderr.count(SAVED):
        problems.append("the following drill did not save exactly the answers it reported")
    if result.torn and not (home / f"{ANSWERS}.torn").is_file():
        problems.append("the torn tail was not set aside into answers.jsonl.torn")
    report = _doctor(runner, env, problems, "after the following drill")
    if report is not None and not report["healthy"]:
        problems.append(f"doctor after the following drill: {report}")
    return result


def _doctor(runner: CliRunner, env: dict[str, str | None], problems: list[str], when: str) -> Any:
    result = runner.invoke(app, ["doctor", "--json"], env=env)
    if not _clean(result):
        problems.append(f"doctor --json {when} crashed: {result.exception!r}")
        return None
    try:
        report = json.loads(result.stdout)
    except ValueError:
        problems.append(f"doctor --json {when} printed no JSON: {_tail(result.output)}")
        return None
    if report.get("healthy") and result.exit_code != 0:
        problems.append(f"doctor --json {when} exited {result.exit_code} for {report}")
    return report


def _clean(result: Any) -> bool:
    return (result.exception is None or isinstance(result.exception, SystemExit)) and (
        "Traceback" not in result.output
    )


def _tail(text: str) -> str:
    return " | ".join(text.strip().splitlines()[-4:])


# --- the trial loop --------------------------------------------------------------------------------------


def plan_trials(trials: int, root: Path, *, seed: int = 1) -> list[tuple[int, Path, int]]:
    """(trial, home, answers already in it): half the homes are fresh, half a copy of yesterday's."""
    template = root / "template"
    template_answers = make_template(template)
    rng = random.Random(seed)
    plans = []
    for trial in range(trials):
        home = root / f"trial-{trial:04d}"
        returning = rng.random() < 0.5
        if returning:
            shutil.copytree(template, home, symlinks=True)
        plans.append((trial, home, template_answers if returning else 0))
    return plans


def kill_all(plans: list[tuple[int, Path, int]], *, seed: int = 1, workers: int = 3) -> Iterator[Kill]:
    """Run the killed drills, `workers` at a time; yields each as it finishes. Thread-safe."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(kill_drill, trial, home, before, seed) for trial, home, before in plans]
        for future in as_completed(futures):
            yield future.result()


def run_trials(trials: int, root: Path, *, seed: int = 1, workers: int = 3) -> Iterator[Outcome]:
    """Kill `trials` drills and check what each left behind; yields outcomes as they finish."""
    runner = CliRunner()
    for kill in kill_all(plan_trials(trials, root, seed=seed), seed=seed, workers=workers):
        yield check_after_kill(kill, runner)


@dataclass
class Tally:
    trials: int = 0
    mid_session: int = 0  # killed after at least one prompt had shown
    at_startup: int = 0  # killed before the first prompt
    finished: int = 0  # the drill ended before its kill moment
    torn: int = 0
    confirmed: int = 0
    saved: int = 0
    lost: int = 0
    stray_temp_files: Counter[str] = field(default_factory=Counter)
    failed: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        kill = outcome.kill
        self.trials += 1
        if not kill.killed:
            self.finished += 1
        elif kill.prompts:
            self.mid_session += 1
        else:
            self.at_startup += 1
        self.torn += outcome.torn
        self.confirmed += kill.printed
        self.saved += outcome.saved
        self.lost += outcome.lost
        # '.cards.json.k2j3h4.tmp' counts as a stray temporary copy of cards.json.
        self.stray_temp_files.update(re.sub(r"^\.|\.[^.]+\.tmp$", "", n) for n in outcome.stray_temp_files)
        if outcome.problems:
            self.failed.append(outcome)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3, help="drills running at once")
    parser.add_argument("--keep", action="store_true", help="keep the trial homes and print where")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="feelwords-torture-"))
    tally = Tally()
    started = time.perf_counter()
    try:
        with cli_built_once():
            for outcome in run_trials(args.trials, root, seed=args.seed, workers=args.workers):
                tally.add(outcome)
                if tally.trials % 100 == 0:
                    print(f"  {tally.trials} trials, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        if args.keep:
            print(f"trial homes kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.perf_counter() - started
    print(f"trials:                         {tally.trials}")
    print(f"killed mid-session:             {tally.mid_session}")
    print(f"killed during start-up:         {tally.at_startup}")
    print(f"finished before the kill:       {tally.finished}")
    print(f"kills mid-write (torn tails):   {tally.torn}")
    print(f"answers reported saved:         {tally.confirmed}")
    print(f"answers found saved:            {tally.saved}")
    print(f"answers lost (must be 0):       {tally.lost}")
    strays = ", ".join(f"{n} x{c}" for n, c in tally.stray_temp_files.most_common()) or "none"
    print(f"stray temporary files left:     {sum(tally.stray_temp_files.values())} ({strays})")
    print(f"trials with a problem:          {len(tally.failed)}")
    for outcome in tally.failed[:10]:
        print(f"  trial {outcome.kill.trial}: {'; '.join(outcome.problems)}")
    print(f"time:                           {elapsed:.1f} s ({elapsed / max(1, tally.trials):.2f} s a trial)")


if __name__ == "__main__":
    main()
