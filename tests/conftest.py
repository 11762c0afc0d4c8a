"""Every test runs against a temporary home, a fixed terminal width and no colour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from feelwords.cli import app
from feelwords.content import Content, load_content

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("FEELWORDS_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FEELWORDS_DATA_DIR", raising=False)
    monkeypatch.delenv("FEELWORDS_NOW", raising=False)
    yield home


@pytest.fixture(scope="session")
def bundled() -> Content:
    return load_content(use_cache=False)


@pytest.fixture(scope="session")
def mini() -> Content:
    return load_content(MINI, use_cache=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)
