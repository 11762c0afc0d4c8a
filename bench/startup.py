"""Start-up cost of the quick commands, as multiples of the interpreter's own floor.

Usage: python bench/startup.py [--runs 15]

Each command runs as a whole process (the venv's `feelwords` console script) after a warm-up run, in a
temporary FEELWORDS_HOME whose content cache is already built. Wall time is the median of --runs runs;
peak memory is the child's maximum resident set size (from wait4). The floor is `python -c pass` with
the same interpreter, measured in the same run, so the ratios hold across machines and load.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"--version": 10, "lookup WORD": 10, "--help": 12, "first drill prompt": 15}
MEMORY_LIMIT_MIB = 40


def feelwords_command() -> list[str]:
    script = Path(sys.executable).with_name("feelwords")
    return [str(script)] if script.exists() else [sys.executable, "-m", "feelwords"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of one whole process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def first_prompt_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds until a drill shows its first answer prompt, then the session is ended."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None and proc.stdin is not None
    seen = b""
    fd = proc.stderr.fileno()
    while b"> " not in seen:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            proc.kill()
            raise SystemExit("the drill showed no prompt within 10 s")
        chunk = os.read(fd, 4096)
        if not chunk:
            raise SystemExit("the drill ended before its first prompt")
        seen += chunk
    elapsed = time.perf_counter() - started
    proc.stdin.close()  # end of input ends the session cleanly, answering nothing
    _, _, usage = os.wait4(proc.pid, 0)
    return elapsed, usage.ru_maxrss / 1024


def measure(fn, argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn(argv, env)  # warm-up: file caches, the content cache, the bytecode
    samples = [fn(argv, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="feelwords-bench-"))
    env = dict(os.environ, FEELWORDS_HOME=str(home), NO_COLOR="1", COLUMNS="80")
    env.pop("FEELWORDS_DATA_DIR", None)
    # An installed package has its bytecode compiled; let the warm-up runs write it if it is missing.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    fw = feelwords_command()
    cases: list[tuple[str, list[str], object]] = [
        ("--version", [*fw, "--version"], run_once),
        ("--help", [*fw, "--help"], run_once),
        ("lookup WORD", [*fw, "lookup", "resentful"], run_once),
        ("lookup WORD --json", [*fw, "lookup", "resentful", "--json"], run_once),
        ("lookup DESCRIPTION", [*fw, "lookup", "my chest gets tight before I talk to my boss"], run_once),
        ("wheel", [*fw, "wheel"], run_once),
        ("stats", [*fw, "stats"], run_once),
        ("first drill prompt", [*fw, "drill", "--seed", "1"], first_prompt_once),
    ]
    try:
        floor, floor_mem = measure(run_once, [sys.executable, "-c", "pass"], env, args.runs)
        print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; {args.runs} runs each, median")
        print(f"floor (python -c pass): {floor * 1000:.1f} ms, {floor_mem:.1f} MiB")
        print(f"{'command':<22}{'ms':>8}{'x floor':>9}{'MiB':>7}  target")
        for label, argv, fn in cases:
            try:
                wall, mem = measure(fn, argv, env, args.runs)
            except SystemExit as exc:
                print(f"{label:<22}  skipped: {exc}")
                continue
            ratio = wall / floor
            target = TARGETS.get(label)
            verdict = ""
            if target is not None:
                verdict = f"<= {target}x {'ok' if ratio <= target else 'MISSED'}"
            if mem > MEMORY_LIMIT_MIB:
                verdict += f" memory over {MEMORY_LIMIT_MIB} MiB"
            print(f"{label:<22}{wall * 1000:>8.1f}{ratio:>9.1f}{mem:>7.1f}  {verdict}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
