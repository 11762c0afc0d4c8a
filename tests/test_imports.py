"""Quick commands import only what they use: stable guards, unlike timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
sys.argv = ["feelwords", *json.loads(sys.argv[1])]
from feelwords.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""

NEVER_ON_QUICK_PATHS = ["fsrs", "rich.progress", "feelwords.report", "feelwords.drill", "feelwords.store"]


def loaded_modules(args: list[str], home: Path) -> set[str]:
    env = dict(os.environ, FEELWORDS_HOME=str(home), NO_COLOR="1")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], env=env, capture_output=True, text=True, check=True
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line[len("MODULES ") :]))


def test_imports_version_loads_nothing_heavy(private_home: Path) -> None:
    modules = loaded_modules(["--version"], private_home)
    for name in ["typer", "rich", "pydantic", "yaml", *NEVER_ON_QUICK_PATHS]:
        assert name not in modules, name


@pytest.mark.parametrize("args", [["lookup", "resentful"], ["lookup", "pissed off"], ["wheel"]])
def test_imports_word_lookup_with_a_warm_cache(private_home: Path, args: list[str]) -> None:
    loaded_modules(args, private_home)  # the first run builds the content cache
    modules = loaded_modules(args, private_home)
    for name in ["yaml", "pydantic", "rapidfuzz", "snowballstemmer", *NEVER_ON_QUICK_PATHS]:
        assert name not in modules, name
