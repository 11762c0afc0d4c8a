"""The lookup, wheel, validate and version commands, as a person and a script use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from feelwords import __version__
from feelwords.cli import app

from .conftest import MINI, invoke


def test_cli_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"feelwords {__version__}"


def test_cli_lookup_word_shows_card(runner: CliRunner) -> None:
    result = invoke(runner, "lookup", "resentful")
    assert result.exit_code == 0
    assert "angry > resentful" in result.stdout
    assert "Ladder:" in result.stdout
    assert "Not to be confused with:" in result.stdout


@pytest.mark.parametrize(
    ("query", "word", "matched_by"),
    [
        ("resentful", "resentful", "word"),
        ("pissed off", "furious", "alias"),
        ("resentment", "resentful", "form"),
        ("frustated", "frustrated", "typo"),
        ("I'm feeling really anxious", "anxious", "word"),
    ],
)
def test_cli_lookup_json_shape(runner: CliRunner, query: str, word: str, matched_by: str) -> None:
    result = invoke(runner, "lookup", query, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["query"] == query
    assert payload["kind"] == "word"
    match = payload["matches"][0]
    assert match["word"] == word
    assert match["matched_by"] == matched_by
    assert match["path"][-1] == word
    for key in ("definition", "body", "triggers", "urge", "needs", "ladder", "confusables", "example"):
        assert key in match


def test_cli_lookup_unknown_word_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lookup", "resentfullness"])
    assert result.exit_code in (0, 1)
    result = runner.invoke(app, ["lookup", "qwzxv"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Error: 'qwzxv' is not on the wheel." in result.stderr


def test_cli_lookup_faux_feeling_explains(runner: CliRunner) -> None:
    result = invoke(runner, "lookup", "betrayed", "--json")
    payload = json.loads(result.stdout)
    assert payload["note"]["type"] == "faux"
    assert payload["matches"] and all(m["matched_by"] == "faux" for m in payload["matches"])
    text = invoke(runner, "lookup", "fine").stdout
    assert "vague word" in text


def test_cli_lookup_description(runner: CliRunner) -> None:
    result = invoke(runner, "lookup", "my", "dad", "died", "last", "week", "--json", "--limit", "3")
    payload = json.loads(result.stdout)
    assert payload["kind"] == "description"
    assert len(payload["matches"]) == 3
    assert set(payload["matches"][0]) >= {"word", "path", "score", "definition", "why"}


def test_cli_lookup_batch_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("angry\n\nqwzxv\nmy chest is tight before work\n")
    result = invoke(runner, "lookup", "--batch", str(queries))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["kind"] for r in rows] == ["word", None, "description"]
    assert "error" in rows[1]
    result = invoke(runner, "lookup", "--batch", "-", input="sad\n")
    assert json.loads(result.stdout)["matches"][0]["word"] == "sad"


def test_cli_lookup_empty_and_long_input(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lookup", "   "])
    assert result.exit_code == 2
    assert "Nothing to look up" in result.stderr
    result = runner.invoke(app, ["lookup", "word " * 1000])
    assert result.exit_code == 2
    assert "keep it under" in result.stderr


def test_cli_wheel_tree_and_branch(runner: CliRunner) -> None:
    result = invoke(runner, "wheel")
    assert result.exit_code == 0
    assert "joyful" in result.stdout and "ashamed" in result.stdout
    branch = json.loads(invoke(runner, "wheel", "angry", "--json").stdout)
    assert branch["wheel"][0]["word"] == "angry"
    assert any(c["word"] == "resentful" for c in branch["wheel"][0]["children"])


def test_cli_data_dir_uses_own_wheel(runner: CliRunner) -> None:
    result = invoke(runner, "--data-dir", str(MINI), "lookup", "serenity", "--json")
    assert json.loads(result.stdout)["matches"][0]["path"] == ["calm", "relaxed", "serene"]
    result = invoke(runner, "--data-dir", str(MINI), "wheel", "--json")
    assert json.loads(result.stdout)["words"] == 8


def test_cli_validate_good_and_bad(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "validate", str(MINI / "emotion_wheel.yaml"), str(MINI / "prompts.yaml"))
    assert result.exit_code == 0
    assert "a valid wheel with 8 words" in result.stderr
    bad = tmp_path / "emotion_wheel.yaml"
    bad.write_text((MINI / "emotion_wheel.yaml").read_text().replace("intensity: 3", "intensity: 9", 1))
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"Error: {bad}, line ")


def test_cli_broken_data_dir_is_one_clear_sentence(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "emotion_wheel.yaml").write_text("words: [\n")
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "lookup", "sad"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "YAML syntax error" in result.stderr


def test_cli_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        result = invoke(runner, name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, name


def test_cli_validate_json(runner: CliRunner) -> None:
    result = invoke(runner, "--data-dir", str(MINI), "validate", "--json")
    payload = json.loads(result.stdout)
    assert payload["valid"] is True
    assert payload["checked"][0].endswith("8 words and 6 prompts, all valid.")
