"""One whole drill in a real pseudo-terminal, typed the way a person types."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

from .conftest import MINI, NOW


def spawn_drill(home: Path, *args: str, **env: str) -> pexpect.spawn:
    """A drill over the mini content in a real terminal of 40 x 80."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "feelwords", "--data-dir", str(MINI), "drill", *args],
        env=dict(os.environ, FEELWORDS_HOME=str(home), NO_COLOR="1", **env),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 80),
    )


def test_pty_full_drill_as_a_person(private_home: Path) -> None:
    child = spawn_drill(
        private_home,
        *("--count", "3", "--seed", "5", "--kind", "name", "--kind", "discriminate"),
        FEELWORDS_NOW=NOW.isoformat(),
    )
    for _ in range(3):
        child.expect(r"> ")
        child.sendline("annoyed")
        child.expect(r"\[(Again|Hard|Good|Easy); next in")
    child.expect("Session summary")
    child.expect("Streak: 1 day")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len((private_home / "answers.jsonl").read_text().splitlines()) == 3


def test_pty_ctrl_c_keeps_finished_answers(private_home: Path) -> None:
    child = spawn_drill(private_home, "--seed", "2", "--kind", "name", "--kind", "ladder")
    child.expect(r"> ")
    child.sendline("annoyed")
    child.expect(r"next in")
    child.expect(r"> ")
    child.sendintr()
    child.expect("Every answer you finished is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len((private_home / "answers.jsonl").read_text().splitlines()) == 1
