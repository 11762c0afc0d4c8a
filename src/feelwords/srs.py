"""Spaced repetition: the only module that imports fsrs. Time is always passed in, never read here.

Card states are derived by replaying the answer history through the scheduler, so the history stays the
single source of truth; the store caches the result with the byte offset it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import fsrs

if TYPE_CHECKING:
    from .store import Answer, Grade, Store

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
# A fast correct answer earns Easy: within this time, recall was effortless.
EASY_WITHIN_MS = 6000
LEECH_LAPSES = 6
LEARNED_STABILITY_DAYS = 21.0


def rating_for(grade: Grade, ms: int, *, self_rating: int | None = None) -> int:
    """Map a coach's grade to an FSRS rating.

    FSRS treats Hard as a pass, so only a near miss (same middle family) earns it; an answer in the
    right family but the wrong branch was not recalled and is Again, as is a wrong one.
    """
    if grade == "self":
        if self_rating is None:
            raise ValueError("a self-graded answer needs the person's own rating")
        return self_rating
    if grade == "correct":
        return EASY if ms <= EASY_WITHIN_MS else GOOD
    if grade == "close":
        return HARD
    return AGAIN


@dataclass
class CardState:
    card: fsrs.Card
    reviews: int = 0
    lapses: int = 0

    @property
    def due(self) -> datetime:
        due: datetime = self.card.due
        return due

    @property
    def stability(self) -> float:
        return float(self.card.stability or 0.0)

    @property
    def suspended(self) -> bool:
        return self.lapses >= LEECH_LAPSES

    def to_dict(self) -> dict[str, Any]:
        return {"card": self.card.to_dict(), "reviews": self.reviews, "lapses": self.lapses}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        return cls(fsrs.Card.from_dict(data["card"]), int(data["reviews"]), int(data["lapses"]))


class Scheduler:
    """FSRS with fuzzing off by default, so intervals are reproducible and testable."""

    def __init__(self, *, fuzz: bool = False, desired_retention: float = 0.9) -> None:
        self._fsrs = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)

    def new(self, now: datetime) -> CardState:
        return CardState(fsrs.Card(card_id=1, due=now))

    def review(self, state: CardState, rating: int, when: datetime, ms: int) -> CardState:
        card, _ = self._fsrs.review_card(
            state.card, fsrs.Rating(rating), review_datetime=when, review_duration=ms
        )
        return CardState(card, state.reviews + 1, state.lapses + (rating == AGAIN))

    def replay(
        self, answers: Iterable[Answer], states: dict[str, CardState] | None = None
    ) -> dict[str, CardState]:
        """Apply answers in order to the given states (copied, never mutated)."""
        out = dict(states or {})
        for answer in answers:
            state = out.get(answer.card) or self.new(answer.ts)
            out[answer.card] = self.review(state, answer.rating, answer.ts, answer.ms)
        return out

    def retrievability(self, state: CardState, now: datetime) -> float:
        return float(self._fsrs.get_card_retrievability(state.card, current_datetime=now))


def is_due(state: CardState, now: datetime) -> bool:
    return not state.suspended and state.due <= now


def due_between(states: dict[str, CardState], start: datetime, days: int = 1) -> int:
    end = start + timedelta(days=days)
    return sum(1 for s in states.values() if not s.suspended and s.due <= end)


def load_states(store: Store, scheduler: Scheduler) -> dict[str, CardState]:
    """Card states from the store's cache, brought up to date by replaying the answers after it."""
    offset, raw = store.read_cards()
    try:
        states = {cid: CardState.from_dict(data) for cid, data in raw.items()}
    except (KeyError, TypeError, ValueError):
        offset, states = 0, {}
    if offset and not store.boundary(offset):
        offset, states = 0, {}
    return scheduler.replay(store.answers(since_offset=offset), states)


def save_states(store: Store, states: dict[str, CardState]) -> None:
    store.write_cards(store.size(), {cid: s.to_dict() for cid, s in states.items()})
