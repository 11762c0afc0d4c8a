"""Scheduling with a fixed clock, session planning, and whole drills driven through the CLI."""

from __future__ import annotations

import itertools
import json
import random
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from feelwords.cli import app
from feelwords.content import Content
from feelwords.drill import grade, plan_session, streak
from feelwords.srs import AGAIN, GOOD, LEECH_LAPSES, Scheduler
from feelwords.store import Answer

from .conftest import MINI, NOW


def test_srs_week_of_daily_good_answers_grows_intervals() -> None:
    scheduler = Scheduler()
    state = scheduler.new(NOW)
    intervals = []
    when = NOW
    for _ in range(7):
        state = scheduler.review(state, GOOD, when, 3000)
        intervals.append(state.due - when)
        when = max(state.due, when + timedelta(days=1))
    assert intervals[0] <= timedelta(days=3)
    assert all(b >= a for a, b in itertools.pairwise(intervals[1:]))
    assert intervals[-1] > timedelta(days=20)


def test_srs_failing_an_item_brings_it_back_soon_and_leeches_are_suspended() -> None:
    scheduler = Scheduler()
    state = scheduler.new(NOW)
    state = scheduler.review(state, AGAIN, NOW, 3000)
    assert state.due - NOW <= timedelta(minutes=10)
    for i in range(LEECH_LAPSES):
        state = scheduler.review(state, AGAIN, NOW + timedelta(hours=i + 1), 3000)
    assert state.suspended


def test_drill_plan_due_first_then_new_within_budget(mini: Content) -> None:
    rng = random.Random(3)
    plan = plan_session(mini, {}, NOW, rng, count=5, new_limit=3)
    assert plan.new_count == 3 and len(plan.questions) == 3
    scheduler = Scheduler()
    due_card = plan.questions[0].card
    states = {due_card: scheduler.review(scheduler.new(NOW), AGAIN, NOW, 1000)}
    later = plan_session(mini, states, NOW + timedelta(hours=1), rng, count=5, new_limit=0)
    assert [q.card for q in later.questions] == [due_card]
    assert plan_session(mini, {}, NOW, rng, new_limit=4, new_used_today=4).questions == []


def test_drill_every_kind_can_be_asked_and_graded(mini: Content) -> None:
    rng = random.Random(1)
    plan = plan_session(mini, {}, NOW, rng, count=100, new_limit=100)
    kinds = {q.kind for q in plan.questions}
    assert kinds == {"name", "define", "label", "discriminate", "ladder", "articulate", "listen"}
    for q in plan.questions:
        if not q.self_graded:
            verdict = grade(mini, q, q.targets[0] if q.kind != "ladder" else " ".join(q.targets))
            assert verdict.grade in ("correct", "close"), (q.kind, verdict)


def test_drill_streak_counts_local_days() -> None:
    today = NOW.date()
    days = [today - timedelta(days=i) for i in (0, 1, 2, 4)]
    assert streak(days, today) == 3
    assert streak(days[1:], today) == 2
    assert streak([], today) == 0


def test_drill_full_session_through_cli(runner: CliRunner, private_home: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FEELWORDS_NOW", NOW.isoformat())
    answers = "\n".join(["annoyed", "3", "annoyed", "1", "irritated angry bitter", "resentful"] * 3) + "\n"
    result = runner.invoke(
        app,
        [
            "--data-dir",
            str(MINI),
            "drill",
            "--count",
            "4",
            "--seed",
            "7",
            "--kind",
            "name",
            "--kind",
            "discriminate",
            "--kind",
            "ladder",
        ],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    assert "Session summary" in result.stderr
    assert "Streak: 1 day(s)" in result.stderr
    saved = [json.loads(line) for line in (private_home / "answers.jsonl").read_text().splitlines()]
    assert len(saved) == 4
    assert {a["kind"] for a in saved} <= {"name", "discriminate", "ladder"}
    assert all(a["day"] == NOW.date().isoformat() for a in saved)
    history = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert len(history["answers"]) == 4


def test_drill_stops_cleanly_when_input_ends(runner: CliRunner, private_home: Path) -> None:
    result = runner.invoke(app, ["--data-dir", str(MINI), "drill", "--seed", "1"], input="annoyed\n")
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert len((private_home / "answers.jsonl").read_text().splitlines()) == 1


def test_drill_rejects_unknown_kind_and_domain(runner: CliRunner) -> None:
    result = runner.invoke(app, ["drill", "--kind", "poetry"])
    assert result.exit_code == 2
    assert "not a drill kind" in result.stderr
    result = runner.invoke(app, ["drill", "--domain", "mars"])
    assert result.exit_code == 2


def test_answer_model_round_trips() -> None:
    answer = Answer(
        ts=NOW,
        day=NOW.date(),
        session="s",
        card="name:x",
        kind="name",
        item="x",
        target=["sad"],
        answer="sad",
        grade="correct",
        rating=3,
        ms=10,
    )
    assert Answer.model_validate_json(answer.model_dump_json()) == answer
