"""Lint of the bundled prompt bank: counts, balance, references, no leaked targets, no near-duplicates."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from feelwords.content import Content
from feelwords.models import DiscriminateItem, LadderItem, ListenItem, NameItem
from feelwords.text import stem, words

from .conftest import ROOT

IDS_FILE = ROOT / "tests" / "fixtures" / "prompt_ids.txt"
ESSAY_THEMES = {
    "stoic-mask",
    "man-up",
    "looking-weak",
    "provider-pressure",
    "sex-vs-closeness",
    "whats-wrong",
    "after-argument",
    "small-disclosure",
    "fatherhood",
    "male-friendship",
    "grief",
    "pride",
    "joy",
}


def _kinds(bundled: Content) -> collections.Counter[str]:
    return collections.Counter(i.kind for i in bundled.prompts.items)


def test_prompts_counts_per_kind(bundled: Content) -> None:
    kinds = _kinds(bundled)
    assert kinds["name"] >= 400
    assert kinds["body"] >= 60
    assert kinds["discriminate"] >= 50
    assert kinds["ladder"] >= 30
    assert kinds["articulate"] >= 80
    assert kinds["listen"] >= 80


def test_prompts_name_balance_and_coverage(bundled: Content) -> None:
    wheel = bundled.wheel
    names = [i for i in bundled.prompts.items if isinstance(i, NameItem) and i.kind == "name"]
    close = sum(1 for i in names if i.domain in ("partner", "intimacy"))
    assert close / len(names) >= 0.35
    targets = {t for i in names for t in i.targets}
    assert {wheel.core_of(t) for t in targets} == set(wheel.cores)
    assert len({t for t in targets if wheel.ring(t) == "outer"}) >= 150


def test_prompts_essay_themes_are_well_represented(bundled: Content) -> None:
    themes = collections.Counter(t for i in bundled.prompts.items for t in i.themes)
    for theme in ESSAY_THEMES:
        assert themes[theme] >= 8, theme


def test_prompts_discriminate_covers_confusable_pairs(bundled: Content) -> None:
    pairs = {frozenset(p.words) for p in bundled.wheel_data.confusables}
    used = {frozenset(i.options) for i in bundled.prompts.items if isinstance(i, DiscriminateItem)}
    assert len(used & pairs) >= 40


def test_prompts_ladders_are_one_family_in_rising_order(bundled: Content) -> None:
    wheel = bundled.wheel
    for item in bundled.prompts.items:
        if isinstance(item, LadderItem):
            words_ = item.words if item.mode == "order" else [item.start or "", *item.accept]
            assert len({wheel.core_of(w) for w in words_}) == 1, item.id
            if item.mode == "notch":
                start = wheel.entries[item.start or ""].intensity
                assert all(wheel.entries[w].intensity <= start for w in item.accept), item.id


def test_prompts_listen_items_name_each_trap(bundled: Content) -> None:
    for item in bundled.prompts.items:
        if isinstance(item, ListenItem):
            assert {t.kind for t in item.traps} == {"fixing", "minimising", "defending"}, item.id


def _surface_stems(bundled: Content, word: str) -> list[tuple[str, ...]]:
    entry = bundled.wheel.entries[word]
    phrases = [word, *entry.forms, *entry.aliases]
    return [tuple(stem(t) for t in words(p)) for p in phrases if words(p)]


def test_prompts_scenarios_do_not_leak_their_targets(bundled: Content) -> None:
    leaks = []
    for item in bundled.prompts.items:
        if not isinstance(item, NameItem):
            continue
        text = tuple(stem(t) for t in words(item.text))
        for word in [*item.targets, *item.alternates]:
            for phrase in _surface_stems(bundled, word):
                n = len(phrase)
                if any(text[i : i + n] == phrase for i in range(len(text) - n + 1)):
                    leaks.append((item.id, word, " ".join(phrase)))
    assert not leaks, leaks[:20]


def test_prompts_no_near_duplicates(bundled: Content) -> None:
    texts = [re.sub(r"\s+", " ", i.text.lower()) for i in bundled.prompts.items]
    duplicates = [
        (bundled.prompts.items[a].id, bundled.prompts.items[b].id)
        for a in range(len(texts))
        for b in range(a + 1, len(texts))
        if fuzz.ratio(texts[a], texts[b], score_cutoff=90)
    ]
    assert not duplicates, duplicates[:10]


def test_prompts_ids_are_unique_and_stable(bundled: Content) -> None:
    """Ids are what history refers to: an id, once shipped, stays (tests/fixtures/prompt_ids.txt)."""
    ids = [i.id for i in bundled.prompts.items]
    assert len(ids) == len(set(ids))
    shipped = [line for line in IDS_FILE.read_text().splitlines() if line.strip()]
    missing = sorted(set(shipped) - set(ids))
    assert not missing, f"ids removed or renamed: {missing[:10]}"


@pytest.mark.parametrize("path", [ROOT / "data" / "prompts.yaml"])
def test_prompts_file_validates(path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from feelwords.cli import app

    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
