"""Description lookup: clear cases, negation, phrases, body-only descriptions, and bad input."""

from __future__ import annotations

import pytest

from feelwords.content import Content
from feelwords.errors import UsageError
from feelwords.lookup import lookup
from feelwords.search import HybridRanker


@pytest.fixture(scope="module")
def ranker(bundled: Content) -> HybridRanker:
    found = bundled.ranker()
    assert isinstance(found, HybridRanker)
    return found


def families(bundled: Content, words: list[str]) -> list[str]:
    return [bundled.wheel.core_of(w) for w in words]


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("my dad died last week and I keep crying at the sink", "sad"),
        ("the driver cut me off and then gave me the finger, I was shaking with rage", "angry"),
        ("she said yes when I proposed and I could not stop grinning", "joyful"),
        ("I said something stupid at the party and everyone went quiet", "ashamed"),
    ],
)
def test_search_clear_cases_land_in_the_right_family(
    bundled: Content, ranker: HybridRanker, text: str, family: str
) -> None:
    top = [h.word for h in ranker.search(text, limit=3)]
    assert family in families(bundled, top), top


def test_search_a_named_feeling_wins(ranker: HybridRanker) -> None:
    assert ranker.search("honestly I just feel lonely since the move", limit=1)[0].word == "lonely"


def test_search_negation_is_respected(ranker: HybridRanker) -> None:
    hits = [h.word for h in ranker.search("I'm not angry, just tired", limit=5)]
    assert hits[0] == "tired"
    assert "angry" not in hits


def test_search_multi_word_phrases_match(bundled: Content, ranker: HybridRanker) -> None:
    owner = bundled.wheel.resolve("on edge")
    assert owner is not None
    hits = ranker.search("been on edge all week before the results", limit=3)
    assert hits[0].word == owner.word
    assert "on edge" in hits[0].why


def test_search_body_only_descriptions(bundled: Content, ranker: HybridRanker) -> None:
    top = [h.word for h in ranker.search("stomach in knots, heart racing, can't sit still", limit=5)]
    assert "scared" in families(bundled, top), top


def test_search_gives_reasons(ranker: HybridRanker) -> None:
    for hit in ranker.search("lying awake at 3am going over the money", limit=5):
        assert hit.why
        assert 0 < hit.score <= 1


def test_search_empty_and_overlong_input(bundled: Content) -> None:
    with pytest.raises(UsageError, match="Nothing to look up"):
        lookup(bundled.wheel, "   ")
    with pytest.raises(UsageError, match="keep it under 2000"):
        lookup(bundled.wheel, "tight chest " * 400)
