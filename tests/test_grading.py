"""Grading like a coach: exact, forgiving of typos, partial credit by distance on the wheel."""

from __future__ import annotations

import pytest

from feelwords.content import Content
from feelwords.grading import grade_choice, grade_notch, grade_order, grade_words
from feelwords.srs import AGAIN, EASY, GOOD, HARD, rating_for


@pytest.mark.parametrize(
    ("answer", "grade", "headline"),
    [
        ("resentful", "correct", "Yes: resentful."),
        ("resentment", "correct", "Yes: resentful."),
        ("resentfull", "correct", "Yes: resentful."),
        ("bitter", "correct", "Yes, bitter fits."),
        ("indignant", "close", "Close: indignant. A sharper word is resentful."),
        ("furious", "partial", "Right family (angry)"),
        ("joyful", "wrong", "Not quite: joyful is joyful; this one is resentful."),
        ("blorp", "wrong", "Not quite. The word here: resentful."),
        ("sad and bitter", "correct", "Yes, bitter fits."),
    ],
)
def test_grading_words_table(bundled: Content, answer: str, grade: str, headline: str) -> None:
    verdict = grade_words(bundled.wheel, answer, ["resentful"], ["bitter"])
    assert verdict.grade == grade
    assert verdict.headline.startswith(headline)
    assert any("On the wheel" in d for d in verdict.details) or grade == "correct"


def test_grading_typo_shows_spelling(bundled: Content) -> None:
    verdict = grade_words(bundled.wheel, "frustated", ["frustrated"], [])
    assert verdict.grade == "correct"
    assert "(spelled frustrated)" in verdict.details


def test_grading_faux_feeling_names_what_it_covers(bundled: Content) -> None:
    verdict = grade_words(bundled.wheel, "betrayed", ["hurt"], [])
    assert verdict.grade == "wrong"
    assert any("says what someone did" in d for d in verdict.details)


def test_grading_choice_by_number_or_word(bundled: Content) -> None:
    options = ["guilty", "ashamed"]
    assert grade_choice(bundled.wheel, "1", options, "guilty", "why").grade == "correct"
    assert grade_choice(bundled.wheel, "ashamd", options, "guilty", "why").grade == "wrong"
    assert grade_choice(bundled.wheel, "guilty", options, "guilty", "why").details == ["why"]


def test_grading_order_and_notch(bundled: Content) -> None:
    correct = ["irritated", "angry", "furious"]
    shown = ["furious", "irritated", "angry"]
    assert grade_order(bundled.wheel, "2 3 1", shown, correct).grade == "correct"
    assert grade_order(bundled.wheel, "irritated, angry, furious", shown, correct).grade == "correct"
    assert grade_order(bundled.wheel, "angry irritated furious", shown, correct).grade == "close"
    assert grade_order(bundled.wheel, "furious angry irritated", shown, correct).grade == "wrong"
    assert grade_notch(bundled.wheel, "annoyed", "furious", ["frustrated"]).grade == "correct"
    assert grade_notch(bundled.wheel, "enraged", "furious", ["frustrated"]).grade == "close"
    assert grade_notch(bundled.wheel, "sad", "furious", ["frustrated"]).grade == "wrong"


def test_rating_mapping_is_honest() -> None:
    assert rating_for("correct", 2000) == EASY
    assert rating_for("correct", 20000) == GOOD
    assert rating_for("close", 2000) == HARD
    assert rating_for("partial", 2000) == AGAIN
    assert rating_for("wrong", 2000) == AGAIN
    assert rating_for("self", 2000, self_rating=2) == 2
