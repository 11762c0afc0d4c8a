"""The store never loses a completed answer, never corrupts, and refuses what it cannot read."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feelwords.errors import StoreError
from feelwords.store import ANSWERS, SCHEMA_VERSION, Answer, Store

from .conftest import NOW


def make_answer(i: int = 0, text: str = "annoyed", when: datetime = NOW) -> Answer:
    return Answer(
        ts=when + timedelta(seconds=i),
        day=(when + timedelta(seconds=i)).date(),
        session="s1",
        card=f"name:item-{i % 7}",
        kind="name",
        item=f"item-{i % 7}",
        target=["annoyed"],
        answer=text,
        grade="correct",
        rating=3,
        ms=1200,
    )


def test_store_round_trip_and_private_permissions(private_home: Path) -> None:
    store = Store(private_home)
    with store.writer(NOW) as writer:
        writer.append(make_answer(0))
        writer.append(make_answer(1, "furious"))
    assert [a.answer for a in store.answers()] == ["annoyed", "furious"]
    assert stat.S_IMODE(private_home.stat().st_mode) == 0o700
    for name in ("store.json", ANSWERS, ".lock"):
        assert stat.S_IMODE((private_home / name).stat().st_mode) == 0o600, name


def test_store_torn_last_line_is_skipped_then_set_aside(private_home: Path) -> None:
    store = Store(private_home)
    with store.writer(NOW) as writer:
        writer.append(make_answer(0))
    with open(private_home / ANSWERS, "ab") as handle:
        handle.write(b'{"ts": "2026-03-02T09:3')
    assert len(store.answers()) == 1
    assert store.inspect().torn_tail
    with store.writer(NOW) as writer:
        writer.append(make_answer(2))
    assert len(store.answers()) == 2
    assert (private_home / f"{ANSWERS}.torn").exists()
    assert store.inspect().healthy


def test_store_damaged_line_stops_and_writes_nothing(private_home: Path) -> None:
    store = Store(private_home)
    with store.writer(NOW) as writer:
        writer.append(make_answer(0))
        writer.append(make_answer(1))
    path = private_home / ANSWERS
    lines = path.read_bytes().split(b"\n")
    lines[0] = b"{not json"
    damaged = b"\n".join(lines)
    path.write_bytes(damaged)
    with pytest.raises(StoreError, match="damaged at line 1"):
        store.answers()
    with pytest.raises(StoreError, match="damaged at line 1"), store.writer(NOW):
        pass
    assert path.read_bytes() == damaged
    kept, dropped, backup = store.repair(NOW)
    assert (kept, dropped) == (1, 1)
    assert backup.read_bytes() == damaged
    assert len(store.answers()) == 1


def test_store_newer_version_is_refused_untouched(private_home: Path) -> None:
    private_home.mkdir(parents=True)
    meta = private_home / "store.json"
    meta.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1, "created": NOW.isoformat()}))
    before = meta.read_text()
    with pytest.raises(StoreError, match="newer feelwords"):
        Store(private_home).answers()
    with pytest.raises(StoreError, match="newer feelwords"), Store(private_home).writer(NOW):
        pass
    assert meta.read_text() == before
    assert not (private_home / ANSWERS).exists()


def test_store_migrates_version_1_and_keeps_a_backup(private_home: Path) -> None:
    private_home.mkdir(parents=True)
    (private_home / "store.json").write_text(json.dumps({"schema_version": 1, "created": NOW.isoformat()}))
    old = make_answer(0).model_dump(mode="json")
    del old["day"]
    (private_home / ANSWERS).write_text(json.dumps(old) + "\n")
    store = Store(private_home)
    with store.writer(NOW) as writer:
        writer.append(make_answer(1))
    answers = store.answers()
    assert len(answers) == 2
    assert answers[0].day == NOW.astimezone().date()
    assert (private_home / f"{ANSWERS}.v1.bak").exists()
    assert json.loads((private_home / "store.json").read_text())["schema_version"] == SCHEMA_VERSION


def test_store_second_writer_is_refused_with_a_clear_message(private_home: Path) -> None:
    store = Store(private_home)
    with store.writer(NOW) as writer:
        writer.append(make_answer(0))
        with pytest.raises(StoreError, match="Another feelwords session"), Store(private_home).writer(NOW):
            pass
        writer.append(make_answer(1))
    assert len(store.answers()) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_store_read_only_home_is_a_clear_error(private_home: Path) -> None:
    store = Store(private_home)
    with store.writer(NOW) as writer:
        writer.append(make_answer(0))
    os.chmod(private_home, 0o500)
    try:
        with pytest.raises(StoreError, match="Cannot write"), store.writer(NOW) as writer:
            writer.append(make_answer(1))
    finally:
        os.chmod(private_home, 0o700)
    assert len(store.answers()) == 1


def test_store_reset_moves_history_to_a_backup(private_home: Path) -> None:
    store = Store(private_home)
    with store.writer(NOW) as writer:
        writer.append(make_answer(0))
    backup = store.reset(NOW)
    assert backup is not None and (backup / ANSWERS).exists()
    assert store.answers() == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(max_size=80), min_size=1, max_size=12))
def test_store_any_answer_text_round_trips(private_home: Path, texts: list[str]) -> None:
    """Whatever a person types (newlines, quotes, emoji, control characters) comes back unchanged."""
    store = Store(private_home)
    before = len(store.answers()) if store.exists() else 0
    with store.writer(NOW) as writer:
        for i, text in enumerate(texts):
            writer.append(make_answer(i, text))
    assert [a.answer for a in store.answers()[before:]] == texts
    assert store.inspect().healthy
