"""Torture: kill -9 mid-drill, two drills at once, unwritable homes, a full disk, hostile input, no network.

The contract under test (README.md): a finished answer is never lost; an expected failure is one `Error:`
line and exit 1 (2 for a usage mistake), never a traceback; a refused command changes nothing on disk;
the home is private; nothing goes over the network; YAML is only read with the safe loaders.

Tests marked `xfail(strict=True)` pin a bug found here (see the reason); they turn into failures the day
the bug is fixed, as a reminder to drop the mark.
"""

from __future__ import annotations

import ast
import copy
import errno
import hashlib
import importlib.util
import json
import os
import re
import selectors
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from feelwords.cli import app
from feelwords.store import ANSWERS, Store

from .conftest import MINI, NOW, ROOT


def _load_bench_torture() -> Any:
    """bench/torture.py drives the kill -9 trials; the test runs 50 of them through the same code."""
    spec = importlib.util.spec_from_file_location("feelwords_bench_torture", ROOT / "bench" / "torture.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


torture = _load_bench_torture()
feelwords = torture.feelwords
KILL_TRIALS = 50
KILL_SEED = 7


@pytest.fixture(scope="module", autouse=True)
def cli_built_once() -> Iterator[None]:
    """This module makes hundreds of CliRunner calls; build the command once, as a real process does."""
    with torture.cli_built_once():
        yield


def _help_commands() -> set[str]:
    result = CliRunner().invoke(app, ["--help"])
    section = result.output.split("Commands:", 1)[-1]
    return {m.group(1) for m in re.finditer(r"^\s{2}([a-z][a-z-]*)\s", section, re.MULTILINE)}


COMMANDS = _help_commands()


# --- helpers ---------------------------------------------------------------------------------------------


def invoke(*args: str, home: Path, input: str | bytes | None = None, now: Any = NOW) -> Any:
    """Run the CLI in-process, exceptions caught (the caller asserts there were none)."""
    return CliRunner().invoke(app, list(args), input=input, env=torture.runner_env(home, now))


def assert_clean(result: Any) -> None:
    """No exception escaped (SystemExit is how Typer exits) and nothing printed a traceback."""
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{exc!r}\n{result.output[-2000:]}"
    assert "Traceback" not in result.output


def error_lines(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def assert_one_error_line(result: Any) -> str:
    """stderr is exactly one line, `Error: <a sentence>`, with no exception repr in it."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr[-2000:]
    line = lines[0]
    assert line.rstrip().endswith((".", "?", ")")), line
    assert not re.search(r"\[Errno|Exception|Error\(|<class", line), line
    return line


def assert_usage_error(result: Any) -> None:
    assert result.exit_code == 2, result.output[-2000:]
    assert "Error" in result.stderr, result.stderr


def snapshot(home: Path, *others: Path) -> dict[str, Any]:
    """Names, kinds, sizes, mtimes, modes and (for small files) hashes of everything under the folders.

    The content cache under the home (`cache/`) is left out: it may appear and change at any time.
    """
    state: dict[str, Any] = {}
    for root in (home, *others):
        if not root.exists():
            state[str(root)] = "missing"
            continue
        for path in [root, *sorted(root.rglob("*"))]:
            rel = path.relative_to(root)
            if root == home and rel.parts[:1] == ("cache",):
                continue
            info = path.lstat()
            entry: tuple[Any, ...] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode), info.st_size)
            if path.is_file() and not path.is_symlink():
                entry += (info.st_mtime_ns,)
                if info.st_size <= 2_000_000:
                    entry += (hashlib.sha256(path.read_bytes()).hexdigest(),)
            state[f"{root}:{rel}"] = entry
    return state


@pytest.fixture(scope="module")
def populated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with two finished sessions (yesterday and today) from the mini content."""
    home = tmp_path_factory.mktemp("populated") / "home"
    typed = "annoyed\n3\n2\n3\nresentful\n3\n1 2 3\n3\n" * 3
    for when, seed in ((NOW - timedelta(days=1), "1"), (NOW, "2")):
        args = ("--data-dir", str(MINI), "drill", "--count", "5", "--seed", seed)
        result = invoke(*args, home=home, input=typed, now=when)
        assert result.exit_code == 0, result.output
    assert len(Store(home).answers()) >= 6
    return home


def fresh_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


class Piped:
    """A drill subprocess driven through pipes: wait for text on stderr, type a line."""

    def __init__(self, home: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            feelwords("--data-dir", str(MINI), "drill", *args),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=torture.child_env(home),
        )
        assert self.proc.stderr is not None
        self.fd = self.proc.stderr.fileno()
        self.screen = b""
        self.mark = 0

    def until(self, text: bytes, timeout: float = 30) -> bytes:
        """Read until `text` appears after the last match; returns what was read since then."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.fd, selectors.EVENT_READ)
            while text not in self.screen[self.mark :]:
                left = deadline - time.monotonic()
                assert left > 0, f"timed out waiting for {text!r}: {self.screen[-800:]!r}"
                if selector.select(timeout=left):
                    chunk = os.read(self.fd, 65536)
                    assert chunk, f"the drill ended while waiting for {text!r}: {self.screen[-800:]!r}"
                    self.screen += chunk
        end = self.screen.index(text, self.mark) + len(text)
        seen, self.mark = self.screen[self.mark : end], end
        return seen

    def type(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def finish(self) -> tuple[int, str]:
        assert self.proc.stdin is not None and self.proc.stderr is not None
        self.proc.stdin.close()
        rest = self.proc.stderr.read()
        self.proc.stderr.close()
        return self.proc.wait(timeout=30), (self.screen + rest).decode()


# --- two drills at once ------------------------------------------------------------------------------------


def test_torture_second_drill_stops_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = Piped(home, "--count", "3", "--kind", "name", "--kind", "discriminate", "--seed", "3")
    typed = []
    for word in ("annoyed", "resentful"):
        first.until(b"\n> ")
        first.type(word)
        typed.append(word)
        first.until(b"next in")
    journal = (home / ANSWERS).read_bytes()

    second = subprocess.run(
        feelwords("--data-dir", str(MINI), "drill", "--count", "2"),
        input=b"annoyed\n3\nannoyed\n3\n",
        capture_output=True,
        env=torture.child_env(home),
        timeout=60,
    )
    err = second.stderr.decode()
    assert second.returncode == 1, err
    assert err.startswith("Error: Another feelwords session") and err.count("\n") == 1, err
    assert "Traceback" not in err + second.stdout.decode()
    assert (home / ANSWERS).read_bytes() == journal
    # Reset also waits its turn, and says so.
    reset = invoke("reset", "--yes", home=home)
    assert_clean(reset)
    assert reset.exit_code == 1 and "session is running" in assert_one_error_line(reset)
    assert (home / ANSWERS).read_bytes() == journal

    first.until(b"\n> ")
    first.type("annoyed")
    typed.append("annoyed")
    first.until(b"next in")
    code, screen = first.finish()
    assert code == 0, screen
    assert "Session summary" in screen and "Traceback" not in screen
    assert [a.answer for a in Store(home).answers()] == typed


# --- unwritable homes and a full disk ------------------------------------------------------------------------


def test_torture_home_below_a_file_is_a_clear_error(tmp_path: Path) -> None:
    """A home that cannot be created (its parent is a file) is refused with one line; nothing is written."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"precious\n")
    home = blocker / "home"
    before = snapshot(tmp_path)
    for args in (("drill", "--count", "2"), ("history",), ("doctor",)):
        result = invoke("--data-dir", str(MINI), *args, home=home, input="annoyed\n3\n")
        assert_clean(result)
        assert result.exit_code == 1, (args, result.output)
        line = assert_one_error_line(result)
        assert line.startswith(("Error: Cannot write", "Error: Cannot read")), line
        assert str(home) in line
    assert snapshot(tmp_path) == before


NOBODY = 65534


def _as_nobody() -> tuple[list[str], dict[str, Any]] | None:
    """How to run Python as user nobody from a root test run: (command prefix, subprocess arguments)."""
    ways: list[tuple[list[str], dict[str, Any]]] = [
        ([], {"user": NOBODY, "group": NOBODY, "extra_groups": []})
    ]
    if shutil.which("setpriv"):
        ways.append((["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"], {}))
    for prefix, extra in ways:
        try:
            probe = subprocess.run(
                [*prefix, sys.executable, "-c", "import feelwords.cli"],
                capture_output=True,
                timeout=60,
                **extra,
            )
        except OSError:
            continue  # e.g. the interpreter lives below /root, which nobody may not enter
        if probe.returncode == 0:
            return prefix, extra
    return None


def test_torture_read_only_home_is_a_clear_error(populated_home: Path) -> None:
    """chmod 0500 on the home: `Cannot write`, exit 1, no traceback, answers byte-for-byte unchanged.

    Root ignores folder permissions, so as root the drill runs as user nobody on a home nobody owns.
    """
    launcher: list[str] = []
    extra: dict[str, Any] = {}
    if os.geteuid() == 0:
        found = _as_nobody()
        if found is None:
            pytest.skip("running as root, and user nobody cannot run this Python")
        launcher, extra = found
    base = Path(tempfile.mkdtemp(prefix="feelwords-ro-"))
    try:
        os.chmod(base, 0o711)
        home = fresh_copy(populated_home, base / "home")
        if os.geteuid() == 0:
            for path in [home, *home.rglob("*")]:
                os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        os.chmod(home, 0o500)
        before = snapshot(home)
        journal = (home / ANSWERS).read_bytes()
        result = subprocess.run(
            launcher + feelwords("--data-dir", str(MINI), "drill", "--count", "2", "--seed", "4"),
            input=b"annoyed\n3\nannoyed\n3\n",
            capture_output=True,
            env=torture.child_env(home),
            timeout=60,
            **extra,
        )
        err = result.stderr.decode()
        assert "Traceback" not in err
        assert result.returncode == 1, err
        assert [line for line in err.splitlines() if line.startswith("Error: Cannot write")], err
        assert (home / ANSWERS).read_bytes() == journal
        assert snapshot(home) == before
    finally:
        for path in [base, *base.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o700)
        shutil.rmtree(base, ignore_errors=True)


def _full_disk(monkeypatch: pytest.MonkeyPatch, *, first_write_half: bool = False) -> None:
    """os.write fails with ENOSPC on every file (stdio untouched); optionally after half of one write."""
    real_write = os.write
    state = {"half_done": not first_write_half}

    def write(fd: int, data: Any) -> int:
        if fd <= 2:
            return real_write(fd, data)
        if not state["half_done"]:
            state["half_done"] = True
            return real_write(fd, bytes(data)[: max(1, len(data) // 2)])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


def _drill_on_a_full_disk(home: Path, monkeypatch: pytest.MonkeyPatch, **how: bool) -> tuple[Any, bytes]:
    journal = (home / ANSWERS).read_bytes()
    _full_disk(monkeypatch, **how)
    result = invoke(
        "--data-dir", str(MINI), "drill", "--count", "3", "--new", "50", home=home, input="annoyed\n3\n" * 4
    )
    monkeypatch.undo()
    return result, journal


def test_torture_full_disk_is_a_clear_error_and_changes_nothing(
    populated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = fresh_copy(populated_home, tmp_path / "home")
    result, journal = _drill_on_a_full_disk(home, monkeypatch)
    assert_clean(result)
    assert result.exit_code == 1, result.output
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith(f"Error: Cannot write to {home}"), result.stderr
    assert "No space left on device" in lines[0]
    # It failed where it should: saving the first answer, after the question and its feedback.
    assert "1/" in result.stderr and "next in" not in result.stderr
    assert result.stderr.rstrip().endswith(lines[0])
    assert (home / ANSWERS).read_bytes() == journal
    assert Store(home).inspect().healthy


def test_torture_disk_filling_mid_line_leaves_the_journal_unchanged(
    populated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = fresh_copy(populated_home, tmp_path / "home")
    result, journal = _drill_on_a_full_disk(home, monkeypatch, first_write_half=True)
    assert_clean(result)
    assert result.exit_code == 1 and "Cannot write" in result.stderr
    assert (home / ANSWERS).read_bytes() == journal


# --- the bad-input corpus ------------------------------------------------------------------------------------

# How each command is run in the corpus. `reset` runs without --yes: the corpus never moves a history.
BASE_ARGS: dict[str, list[str]] = {
    "lookup": ["lookup", "annoyed"],
    "wheel": ["wheel"],
    "validate": ["validate"],
    "check": ["check", "I feel annoyed when the dishes pile up, because I need fairness."],
    "drill": ["drill", "--count", "2", "--seed", "1"],
    "history": ["history"],
    "doctor": ["doctor"],
    "doctor-json": ["doctor", "--json"],
    "reset": ["reset"],
    "stats": ["stats"],
    "report": ["report"],
}
CORPUS_COMMANDS = [c for c in BASE_ARGS if c.split("-")[0] in COMMANDS]
# Commands that cannot work without valid content, and those that read the store.
NEEDS_CONTENT = {"lookup", "wheel", "validate", "check", "drill"}
READS_STORE = {"drill", "history", "doctor", "doctor-json", "stats", "report"}
DRILL_INPUT = "annoyed\n3\n" * 3

WHEEL_TEXT = (MINI / "emotion_wheel.yaml").read_text()
PROMPTS_TEXT = (MINI / "prompts.yaml").read_text()


def _nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["needs: [respect]", "words: *i", ""]
)

# name -> (emotion_wheel.yaml, prompts.yaml or None); bytes are written as they are.
DATA_CASES: dict[str, tuple[str | bytes, str | bytes | None]] = {
    "syntax-error": ("needs: [respect\nwords: : :\n  - ]\n", None),
    "tab-indent": ("needs:\n\t- respect\nwords: []\n", None),
    "wrong-types": ("needs: {respect: 1}\nwords: 5\nversion: banana\n", None),
    "word-fields-wrong-types": (WHEEL_TEXT.replace("intensity: 2", "intensity: [2]", 1), None),
    "intensity-huge": (WHEEL_TEXT.replace("intensity: 2", "intensity: 1" + "0" * 400, 1), None),
    "valence-nan": (WHEEL_TEXT.replace("valence: -0.6", "valence: .nan", 1), None),
    "unknown-top-key": (WHEEL_TEXT.replace("name: mini test wheel", "name: x\ncolour: red", 1), None),
    "unknown-word-key": (
        WHEEL_TEXT.replace("  urge: to act on being angry", "  urge: x\n  mood: 3", 1),
        None,
    ),
    "unknown-parent": (WHEEL_TEXT.replace("parent: angry", "parent: nowhere", 1), None),
    "nine-megabytes": ("# " + "x" * (9 * 1024 * 1024) + "\nneeds: [a]\nwords: []\n", None),
    "nested-lists-10000": (_nested(10_000, "needs") + "\n", None),
    "billion-laughs": (BILLION_LAUGHS, None),
    "python-tag": ('needs: [respect]\nwords: !!python/object/apply:os.system ["echo pwned"]\n', None),
    "binary-junk": (bytes(range(256)) * 64, None),
    "nul-bytes": (b"needs: [a\x00b]\nwords: []\n", None),
    "utf16": ("needs: [respect]\nwords: []\n".encode("utf-16"), None),
    "empty-file": ("", None),
    "only-a-comment": ("# nothing here\n", None),
    "list-at-top": ("- needs\n- words\n", None),
    "scalar-at-top": ("just some words\n", None),
    "unhashable-key": ("? [a, b]\n: c\nneeds: [respect]\nwords: []\n", None),
    "two-documents": (WHEEL_TEXT + "\n---\n" + WHEEL_TEXT, None),
    "prompts-syntax-error": (WHEEL_TEXT, "items: [\n"),
    "prompts-unknown-kind": (WHEEL_TEXT, "items:\n- kind: poetry\n  id: x-poem\n"),
    "prompts-unknown-word": (WHEEL_TEXT, PROMPTS_TEXT.replace("- irritated\n", "- nonexistentword\n", 1)),
    "prompts-list-at-top": (WHEEL_TEXT, "- a\n- b\n"),
    "prompts-billion-laughs": (WHEEL_TEXT, BILLION_LAUGHS.replace("words:", "items:")),
}
# Cases that would crash or hang the process running them are run in a subprocess.
SUBPROCESS_DATA_CASES: dict[str, str] = {
    "nested-lists-200000": "needs: [a]\nwords: " + _nested(200_000),
    # '? ? ? x' nests mapping keys on one line: no brackets, no indentation.
    "nested-keys-200000": "needs: [a]\nwords:\n" + "? " * 200_000 + "x\n",
}
# PyYAML takes time quadratic in the depth (0.6 s to load 10,000 levels, 2.3 s for 20,000), so this other
# deep shape runs against `validate` only: every command loads content through the same function.
DEEP_VALIDATE_CASES: dict[str, str] = {
    "nested-lists-10000-as-a-word": "needs: [respect]\nwords:\n- word: " + _nested(10_000) + "\n",
}


@pytest.fixture(scope="module")
def data_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("data")
    dirs = {}
    single = {**SUBPROCESS_DATA_CASES, **DEEP_VALIDATE_CASES}
    for name, (wheel, prompts) in {**DATA_CASES, **{k: (v, None) for k, v in single.items()}}.items():
        folder = root / name
        folder.mkdir()
        for filename, text in (("emotion_wheel.yaml", wheel), ("prompts.yaml", prompts)):
            if text is not None:
                path = folder / filename
                path.write_bytes(text if isinstance(text, bytes) else text.encode())
        dirs[name] = folder
    return dirs


def each_command(commands: list[str], check: Callable[[str], None]) -> None:
    """Run `check` for every command and report every command that failed, not just the first."""
    failures = []
    for command in commands:
        try:
            check(command)
        except AssertionError as exc:
            failures.append(f"--- {command}: {exc}")
    assert not failures, "\n".join(failures)


def _check_bad_content(command: str, case: str, data_dir: Path, home: Path) -> None:
    before = snapshot(home, data_dir)
    result = invoke("--data-dir", str(data_dir), *BASE_ARGS[command], home=home, input=DRILL_INPUT)
    assert_clean(result)
    assert snapshot(home, data_dir) == before
    prompts_only = case.startswith("prompts-")
    if command in NEEDS_CONTENT and (not prompts_only or command in ("validate", "drill")):
        assert result.exit_code == 1, result.output[-2000:]
    if result.exit_code == 2:
        assert_usage_error(result)
    elif result.exit_code != 0:
        assert result.exit_code == 1
        line = assert_one_error_line(result)
        if command in NEEDS_CONTENT:
            assert str(data_dir) in line, line


@pytest.mark.parametrize("case", list(DATA_CASES))
def test_torture_bad_content_is_one_clear_error(
    case: str, data_dirs: dict[str, Path], populated_home: Path, tmp_path: Path
) -> None:
    """Every command, with this broken or hostile content as --data-dir: exit 1 (or 0 for a command that
    does not read content), one `Error:` line naming the folder, no traceback, nothing changed on disk."""
    home = fresh_copy(populated_home, tmp_path / "home")
    each_command(CORPUS_COMMANDS, lambda command: _check_bad_content(command, case, data_dirs[case], home))


@pytest.mark.parametrize("case", list(DEEP_VALIDATE_CASES))
def test_torture_deep_content_in_a_field_is_one_clear_error(
    case: str, data_dirs: dict[str, Path], populated_home: Path, tmp_path: Path
) -> None:
    home = fresh_copy(populated_home, tmp_path / "home")
    _check_bad_content("validate", case, data_dirs[case], home)


@pytest.mark.parametrize("case", list(SUBPROCESS_DATA_CASES))
def test_torture_deeply_nested_content_does_not_crash_the_process(
    case: str, data_dirs: dict[str, Path], tmp_path: Path
) -> None:
    result = subprocess.run(
        feelwords("--data-dir", str(data_dirs[case]), "validate"),
        capture_output=True,
        env=torture.child_env(tmp_path / "home"),
        timeout=60,
    )
    err = result.stderr.decode()
    assert result.returncode == 1, (result.returncode, err[-1000:])
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err


def _break_middle_line(home: Path) -> None:
    path = home / ANSWERS
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1][: len(lines[1]) // 2]
    path.write_bytes(b"\n".join(lines))


def _truncate_mid_line(home: Path) -> None:
    path = home / ANSWERS
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])


def _replace(name: str, data: bytes) -> Callable[[Path], None]:
    def damage(home: Path) -> None:
        (home / name).write_bytes(data)

    return damage


def _answers_folder(home: Path) -> None:
    (home / ANSWERS).unlink()
    (home / ANSWERS).mkdir()


STORE_CASES: dict[str, Callable[[Path], None]] = {
    "answers-broken-middle-line": _break_middle_line,
    "answers-binary-junk": _replace(ANSWERS, bytes(range(256)) * 8 + b"\n"),
    "answers-wrong-fields": _replace(ANSWERS, b'{"ts": 5, "grade": "meh"}\n[1, 2]\nnull\n'),
    "answers-is-a-folder": _answers_folder,
    "store-json-garbage": _replace("store.json", b"\x00\xff{{{ not json"),
    "store-json-a-list": _replace("store.json", b"[1, 2, 3]"),
    "store-json-newer-schema": _replace(
        "store.json", json.dumps({"schema_version": 99, "created": NOW.isoformat()}).encode()
    ),
    "store-json-missing": lambda home: (home / "store.json").unlink(),
}


def _check_damaged_store(command: str, case: str, source: Path, root: Path) -> None:
    home = fresh_copy(source, root / command)
    STORE_CASES[case](home)
    before = snapshot(home)
    result = invoke("--data-dir", str(MINI), *BASE_ARGS[command], home=home, input=DRILL_INPUT)
    assert_clean(result)
    assert snapshot(home) == before
    if command == "reset":
        assert_usage_error(result)
    elif command in READS_STORE:
        if command == "doctor-json" and result.stdout.strip():
            # The exit code is test_torture_doctor_json_exits_1_when_the_store_is_not_healthy's business.
            assert json.loads(result.stdout)["healthy"] is False
        else:
            assert result.exit_code == 1, result.output[-2000:]
            assert_one_error_line(result)
    else:
        assert result.exit_code == 0, result.output[-2000:]


@pytest.mark.parametrize("case", list(STORE_CASES))
def test_torture_damaged_store_is_one_clear_error_and_untouched(
    case: str, populated_home: Path, tmp_path: Path
) -> None:
    """Every command on a damaged store: those that read it exit 1 with one clear line, the others work;
    no traceback, and the damaged files stay exactly as they were."""
    each_command(
        CORPUS_COMMANDS, lambda command: _check_damaged_store(command, case, populated_home, tmp_path)
    )


def test_torture_repair_leaves_a_newer_store_alone(populated_home: Path, tmp_path: Path) -> None:
    """README: a store written by a newer feelwords is never overwritten; repair must refuse it too."""
    home = fresh_copy(populated_home, tmp_path / "home")
    (home / "store.json").write_text(json.dumps({"schema_version": 3, "created": NOW.isoformat()}))
    journal = home / ANSWERS
    newer = [dict(json.loads(line), mood=3) for line in journal.read_text().splitlines()]
    journal.write_text("".join(json.dumps(record) + "\n" for record in newer))
    before = snapshot(home)
    doctor = invoke("doctor", home=home)
    assert_clean(doctor)
    assert doctor.exit_code == 1 and "--repair" not in doctor.stderr, doctor.stderr
    repair = invoke("doctor", "--repair", home=home)
    assert_clean(repair)
    assert repair.exit_code == 1, repair.output
    assert_one_error_line(repair)
    assert snapshot(home) == before


def test_torture_doctor_json_exits_1_when_the_store_is_not_healthy(
    populated_home: Path, tmp_path: Path
) -> None:
    for name, damage in (("torn", _truncate_mid_line), ("broken", _break_middle_line)):
        home = fresh_copy(populated_home, tmp_path / name)
        damage(home)
        result = invoke("doctor", "--json", home=home)
        assert_clean(result)
        assert json.loads(result.stdout)["healthy"] is False
        assert result.exit_code == 1, name


def _check_truncated(command: str, source: Path, root: Path) -> None:
    home = fresh_copy(source, root / command)
    _truncate_mid_line(home)
    journal = (home / ANSWERS).read_bytes()
    complete = journal[: journal.rfind(b"\n") + 1]
    before = snapshot(home)
    result = invoke("--data-dir", str(MINI), *BASE_ARGS[command], home=home, input=DRILL_INPUT)
    assert_clean(result)
    if command == "drill":
        assert result.exit_code == 0, result.output
        assert (home / ANSWERS).read_bytes().startswith(complete)
        assert (home / f"{ANSWERS}.torn").read_bytes() == journal[len(complete) :] + b"\n"
        assert Store(home).inspect().healthy
        return
    assert snapshot(home) == before
    if command == "reset":
        assert_usage_error(result)
    elif command == "doctor":
        assert result.exit_code == 1
        assert "unfinished last answer" in assert_one_error_line(result)
    elif command == "doctor-json":
        assert json.loads(result.stdout)["torn_tail"] is True
    else:
        assert result.exit_code == 0, result.output[-2000:]


def test_torture_truncated_journal_is_read_and_then_mended(populated_home: Path, tmp_path: Path) -> None:
    """A journal cut mid-line is what kill -9 leaves: reads skip the partial line, doctor reports it, and
    only a drill changes the file: the complete lines stay byte for byte, the partial one is set aside."""
    each_command(CORPUS_COMMANDS, lambda command: _check_truncated(command, populated_home, tmp_path))


_OPTION_CASES = [
    ["--bogus"],
    ["no-such-command"],
    ["lookup", "--bogus", "annoyed"],
    ["lookup", "--limit", "-1", "annoyed"],
    ["lookup", "--limit", "0", "annoyed"],
    ["lookup", "--limit", "many", "annoyed"],
    ["lookup", "--batch"],
    ["lookup", "--batch", "-", "annoyed"],
    ["lookup"],
    ["wheel", "--bogus"],
    ["validate", "--bogus"],
    ["drill", "--frobnicate"],
    ["drill", "--count", "0"],
    ["drill", "--count", "-3"],
    ["drill", "--count", "twelve"],
    ["drill", "--count", "201"],
    ["drill", "--kind", "poetry"],
    ["drill", "--kind", "name", "--kind", "poetry"],
    ["drill", "--domain", "mars"],
    ["drill", "--minutes", "0"],
    ["drill", "--new", "-1"],
    ["history", "--limit", "-1"],
    ["history", "--limit", "0"],
    ["history", "--bogus"],
    ["doctor", "--bogus"],
    ["reset", "--bogus"],
    ["reset"],
    ["check", "--bogus"],
    ["stats", "--bogus"],
    ["report", "--bogus"],
    ["report", "--format", "pdf"],
    ["report", "--since", "banana"],
    ["report", "--from", "2026-13-45"],
    ["report", "--table", "chairs", "--format", "csv"],
]


@pytest.mark.parametrize(
    "args", [a for a in _OPTION_CASES if a[0] not in BASE_ARGS or a[0] in COMMANDS], ids=" ".join
)
def test_torture_invalid_options_are_usage_errors(
    args: list[str], populated_home: Path, tmp_path: Path
) -> None:
    home = fresh_copy(populated_home, tmp_path / "home")
    before = snapshot(home, MINI)
    result = invoke("--data-dir", str(MINI), *args, home=home, input=DRILL_INPUT)
    assert_clean(result)
    assert snapshot(home, MINI) == before
    if args[0] == "report" and args[1] != "--bogus":
        assert result.exit_code in (1, 2), result.output  # a bad value may be a usage or a content error
    else:
        assert_usage_error(result)
    if "Usage:" not in result.stderr:
        assert_one_error_line(result)


# Input on stdin: for `lookup --batch -`, `check --batch -` (when present) and `drill`.
STDIN_COMMANDS = {
    "lookup-batch": ["lookup", "--batch", "-"],
    "check-batch": ["check", "--batch", "-"],
    "drill": ["drill", "--count", "2", "--seed", "1"],
}
HUGE = 5 * 1024 * 1024
STDIN_CASES: dict[str, bytes] = {
    "empty": b"",
    "blank-lines": b"\n\n  \n",
    "huge-many-lines": (b"my chest is tight and I want to hide from everyone\n" * (HUGE // 51 + 1))[:HUGE],
    "huge-one-line-for-lookup": b"tight chest and hot face " * (HUGE // 25),
    "not-utf8": b"ann\xffoyed\n\xc3\x28\n3\n",
    "nul-and-controls": b"ann\x00oyed\x1b[31m\x07\n3\n",
}


def _stdin_params() -> Iterator[Any]:
    for command, args in STDIN_COMMANDS.items():
        if args[0] not in COMMANDS:
            continue
        for case in STDIN_CASES:
            if case == "huge-one-line-for-lookup" and command == "drill":
                continue  # see test_torture_drill_with_a_huge_pasted_line
            if case == "huge-many-lines" and command != "drill":
                continue  # a million lookups is a long job, not bad input
            yield pytest.param(command, case, id=f"{command}-{case}")


@pytest.mark.parametrize(("command", "case"), list(_stdin_params()))
def test_torture_bad_stdin_is_handled(command: str, case: str, populated_home: Path, tmp_path: Path) -> None:
    home = fresh_copy(populated_home, tmp_path / "home")
    before = snapshot(home, MINI)
    started = time.monotonic()
    result = invoke("--data-dir", str(MINI), *STDIN_COMMANDS[command], home=home, input=STDIN_CASES[case])
    elapsed = time.monotonic() - started
    assert_clean(result)
    assert elapsed < 20, f"{elapsed:.1f} s"
    if command != "drill":
        assert snapshot(home, MINI) == before
    if result.exit_code == 0:
        if command == "drill":
            assert "Session summary" in result.stderr
        else:
            assert all(json.loads(line) for line in result.stdout.splitlines())
    else:
        assert result.exit_code in (1, 2), result.output[-2000:]
        assert error_lines(result) and result.stderr.rstrip().splitlines()[-1].startswith("Error: ")
        assert snapshot(home, MINI) == before or command == "drill"
    if case == "empty" and command == "drill":
        assert result.exit_code == 0 and "No answers this time" in result.stderr


def test_torture_drill_reads_bytes_that_are_not_utf8_in_a_real_process(tmp_path: Path) -> None:
    """A real process decodes stdin with surrogateescape: the answer must still be stored and shown."""
    home = tmp_path / "home"
    done = subprocess.run(
        feelwords("--data-dir", str(MINI), "drill", "--count", "2", "--seed", "1"),
        input=b"ann\xffoyed\n3\n\xc3\x28\n3\n",
        capture_output=True,
        env=torture.child_env(home),
        timeout=60,
    )
    err = done.stderr.decode(errors="replace")
    assert done.returncode == 0 and "Traceback" not in err, err[-2000:]
    assert [a.answer for a in Store(home).answers()][:1] == ["ann\ufffdoyed"]


def test_torture_lookup_argument_that_is_not_utf8_in_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [*feelwords("--data-dir", str(MINI), "lookup", "--json"), b"tight chest and caf\xe9"],
        capture_output=True,
        env=torture.child_env(tmp_path / "home"),
        timeout=60,
    )
    err = done.stderr.decode(errors="replace")
    assert done.returncode in (0, 1) and "Traceback" not in err, err[-2000:]
    assert json.loads(done.stdout)["query"].startswith("tight chest and caf")


def test_torture_drill_with_a_huge_pasted_line(tmp_path: Path) -> None:
    try:
        done = subprocess.run(
            feelwords("--data-dir", str(MINI), "drill", "--count", "1", "--kind", "name", "--seed", "1"),
            input=b"tight chest and hot face " * (HUGE // 25) + b"\n",
            capture_output=True,
            env=torture.child_env(tmp_path / "home"),
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError("a drill with one 5 MB answer line did not finish within 20 s") from None
    err = done.stderr.decode()
    assert done.returncode in (0, 1) and "Traceback" not in err
    assert len(err) < 100_000, f"{len(err)} characters of feedback"


# --- hypothesis: generated content and lookup arguments ---------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.text(max_size=40),
)
WHEEL_KEYS = ["version", "name", "needs", "words", "confusables", "faux_feelings", "vague_words"]
WORD_KEYS = ["word", "parent", "intensity", "valence", "arousal", "definition", "body", "triggers"]
WORD_KEYS += ["urge", "needs", "aliases", "forms", "opposite", "example", "covers", "sharper", "why"]
KEYS = st.one_of(st.sampled_from(WHEEL_KEYS + WORD_KEYS), st.text(max_size=12), st.integers(-5, 5))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)
MINI_WHEEL = yaml.safe_load(WHEEL_TEXT)


@st.composite
def mutated_mini_wheel(draw: st.DrawFn) -> Any:
    """The mini wheel with one to three random edits: a value replaced, a key or item dropped, a key added."""
    doc = copy.deepcopy(MINI_WHEEL)
    for _ in range(draw(st.integers(1, 3))):
        parent: Any = None
        key: Any = None
        node: Any = doc
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            parent, key = (
                node,
                draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node)))),
            )
            node = parent[key]
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "replace" and parent is not None:
            parent[key] = draw(VALUES)
        elif action == "drop" and parent is not None:
            del parent[key]
        elif isinstance(node, dict):
            node[draw(KEYS)] = draw(VALUES)
        elif isinstance(node, list):
            node.append(draw(VALUES))
    return doc


def _dump(value: Any) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).encode()


DOCUMENTS = st.one_of(
    VALUES.map(_dump),
    mutated_mini_wheel().map(_dump),
    st.text(max_size=400).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=DOCUMENTS)
def test_torture_generated_wheels_never_raise(document: bytes, private_home: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "emotion_wheel.yaml").write_bytes(document)
        for args in (["validate"], ["lookup", "annoyed"]):
            result = invoke("--data-dir", folder, *args, home=private_home)
            assert_clean(result)
            assert result.exit_code in (0, 1, 2)
            if result.exit_code:
                assert error_lines(result), result.output


ARG_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
ARG_ATOMS = st.sampled_from(
    [
        *("--json", "--limit", "-n", "--batch", "-", "--", "--help", "0", "1", "-1", "7", "10" * 12),
        *("angry", "pissed off", "ignored", "fine", "tight chest before talking to my boss", "", " "),
        *("--limit=0", "--batch=-", "-n3", "--jsn", "-x"),
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.lists(ARG_ATOMS | ARG_TEXT, max_size=6), stdin=st.text(max_size=200))
def test_torture_generated_lookup_arguments_never_raise(
    args: list[str], stdin: str, private_home: Path
) -> None:
    result = invoke("lookup", *args, home=private_home, input=stdin)
    assert_clean(result)
    assert result.exit_code in (0, 1, 2)


# --- privacy and security --------------------------------------------------------------------------------------


def _modes(home: Path) -> dict[str, str]:
    return {
        str(path.relative_to(home)): oct(stat.S_IMODE(path.lstat().st_mode))
        for path in [home, *home.rglob("*")]
    }


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: whatever ends up private was made private on purpose."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_torture_home_is_private_after_a_drill(tmp_path: Path, open_umask: None) -> None:
    home = tmp_path / "home"
    typed = "annoyed\n3\n2\n3\nresentful\n3\n1 2 3\n3\n" * 2
    for seed in ("1", "2"):
        result = invoke(
            "--data-dir", str(MINI), "drill", "--count", "4", "--seed", seed, home=home, input=typed
        )
        assert result.exit_code == 0, result.output
    _truncate_mid_line(home)  # so the next drill also writes answers.jsonl.torn
    result = invoke("--data-dir", str(MINI), "drill", "--count", "2", "--seed", "3", home=home, input=typed)
    assert result.exit_code == 0, result.output
    assert (home / f"{ANSWERS}.torn").exists()
    modes = _modes(home)
    expected = {name: oct(0o700) if (home / name).is_dir() else oct(0o600) for name in modes}
    assert modes == expected


def test_torture_home_is_private_after_a_first_lookup(tmp_path: Path, open_umask: None) -> None:
    home = tmp_path / "home"
    result = invoke("--data-dir", str(MINI), "lookup", "annoyed", home=home)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_torture_messages_show_paths_and_prompts_verbatim(tmp_path: Path) -> None:
    home = tmp_path / "[private]" / "home"
    doctor = invoke("doctor", home=home)
    assert_clean(doctor)
    assert f"{home}: healthy." in doctor.stderr
    nothing_new = invoke("--data-dir", str(MINI), "drill", "--new", "0", home=home, input="n\n")
    assert_clean(nothing_new)
    assert "Practice more? [y/N]" in nothing_new.stderr
    odd = tmp_path / "x[" / "y]" / "home"
    assert_clean(invoke("doctor", home=odd))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[1:] or kwargs)[:200])
        raise OSError(errno.ENETUNREACH, "feelwords must not use the network")

    monkeypatch.setattr(socket.socket, "__init__", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_torture_everything_works_without_a_network(no_network: list[str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    runs = [
        (["--help"], None),
        (["lookup", "resentful"], None),
        (["lookup", "pissed off"], None),
        (["lookup", "tight chest and a hot face before talking to my boss"], None),
        (["lookup", "--json", "my partner forgot our anniversary again"], None),
        (["drill", "--count", "3", "--seed", "1"], "annoyed\n3\nresentful\n3\n1 2 3\n3\n" * 2),
        (["--data-dir", str(MINI), "drill", "--count", "3", "--seed", "2"], "annoyed\n3\n" * 6),
    ]
    if "check" in COMMANDS:
        runs.append((["check", "I feel ignored when you are on your phone"], None))
    for args, typed in runs:
        result = invoke(*args, home=home, input=typed)
        assert_clean(result)
        assert result.exit_code == 0, (args, result.output[-2000:])
    assert len(Store(home).answers()) >= 2
    assert no_network == []


UNSAFE_YAML = re.compile(
    r"\byaml\.(unsafe_load\w*|full_load\w*|Loader|UnsafeLoader|FullLoader|CLoader|CFullLoader)\b"
)
UNSAFE_YAML_IMPORT = re.compile(
    r"from\s+yaml\s+import[^\n]*\b(load|unsafe_load|full_load|Loader|UnsafeLoader)\b"
)


def test_torture_yaml_is_only_loaded_with_safe_loaders() -> None:
    """No unsafe loader is named anywhere in src/, and every yaml.load/load_all/compose/parse call passes a
    safe loader (or a helper that returns one)."""
    import feelwords

    source_root = Path(feelwords.__file__).parent
    calls = 0
    for path in sorted(source_root.rglob("*.py")):
        text = path.read_text()
        assert not UNSAFE_YAML.search(text), f"{path}: {UNSAFE_YAML.search(text)}"
        assert not UNSAFE_YAML_IMPORT.search(text), path
        for node in ast.walk(ast.parse(text)):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "yaml"
                and node.func.attr in ("load", "load_all", "compose", "compose_all", "parse", "scan")
            ):
                continue
            calls += 1
            loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
            if loader is None and len(node.args) > 1:
                loader = node.args[1]
            assert loader is not None, f"{path}:{node.lineno}: yaml.{node.func.attr} without a Loader"
            expression = ast.unparse(loader)
            if "Safe" in expression:
                continue
            # A helper such as content._yaml_loader(): call it and check what it returns.
            assert isinstance(loader, ast.Call) and isinstance(loader.func, ast.Name), expression
            module = importlib.import_module(
                "feelwords." + ".".join(path.relative_to(source_root).with_suffix("").parts)
            )
            chosen = getattr(module, loader.func.id)()
            safe = tuple(c for c in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None)) if c is not None)
            assert issubclass(chosen, safe), f"{path}:{node.lineno}: {expression} returns {chosen}"
    assert calls > 0


# --- kill -9 mid-drill (last in the module: its drills run in the background while the tests above run) ------


class BackgroundKills:
    """The kill phase of the trials in a thread: each drill it kills is its own process, so the trials use
    the second core while the in-process tests above use the first. The checks run in the test itself."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.kills: list[Any] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="kill-trials", daemon=True)

    def _run(self) -> None:
        try:
            plans = torture.plan_trials(KILL_TRIALS, self.root, seed=KILL_SEED)
            self.kills = list(torture.kill_all(plans, seed=KILL_SEED, workers=2))
        except BaseException as exc:  # reported by the test that waits for them
            self.error = exc

    def wait(self, timeout: float) -> list[Any]:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), f"the kill trials did not finish within {timeout:.0f} s"
        if self.error is not None:
            raise self.error
        return self.kills


KILL_TEST = "test_torture_kill_9_mid_drill_never_loses_a_saved_answer"


@pytest.fixture(scope="module", autouse=True)
def kill_trials(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Starts the trials with the module's first test, when the kill test is among the selected tests."""
    if not any(getattr(item, "originalname", None) == KILL_TEST for item in request.session.items):
        yield None
        return
    background = BackgroundKills(tmp_path_factory.mktemp("kills"))
    background.thread.start()
    yield background
    background.thread.join()


@pytest.mark.slow
def test_torture_kill_9_mid_drill_never_loses_a_saved_answer(kill_trials: Any) -> None:
    """50 drills killed at seeded random moments: the store loads, holds every answer the drill reported
    saved (and only what was typed), doctor sees at most a torn tail, and the next drill mends it."""
    runner = CliRunner()
    tally = torture.Tally()
    for kill in kill_trials.wait(timeout=300):
        tally.add(torture.check_after_kill(kill, runner))
    problems = [f"trial {o.kill.trial}: {'; '.join(o.problems)}" for o in tally.failed]
    assert problems == []
    assert tally.trials == KILL_TRIALS
    assert tally.lost == 0
    assert tally.saved >= tally.confirmed
    # The kills land mid-session (after at least one prompt), not after the drills have finished.
    assert tally.mid_session >= KILL_TRIALS * 0.7, vars(tally)
    assert tally.confirmed >= KILL_TRIALS, vars(tally)
