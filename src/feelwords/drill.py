"""A drill session as plain data: which cards to ask, how to ask them, how to grade the answers.

No I/O here: the CLI shows each Question, reads the answer, calls `grade`, stores the Answer and moves on.
Randomness and time come in as parameters so a session can be replayed exactly in tests.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from .content import Content
from .grading import Verdict, grade_choice, grade_notch, grade_order, grade_words
from .models import (
    ArticulateItem,
    DiscriminateItem,
    LadderItem,
    ListenItem,
    NameItem,
    PromptItem,
)
from .srs import CardState, is_due
from .store import Answer
from .wheel import Wheel

DrillKind = Literal["name", "body", "define", "label", "discriminate", "ladder", "articulate", "listen"]
DRILL_KINDS: tuple[DrillKind, ...] = (
    "name",
    "body",
    "define",
    "label",
    "discriminate",
    "ladder",
    "articulate",
    "listen",
)
# The mix of kinds when introducing new cards: naming first, then the finer skills.
NEW_MIX: dict[DrillKind, float] = {
    "name": 0.28,
    "body": 0.1,
    "define": 0.14,
    "label": 0.08,
    "discriminate": 0.12,
    "ladder": 0.1,
    "articulate": 0.1,
    "listen": 0.08,
}
DEFAULT_COUNT = 12
DEFAULT_MINUTES = 5.0
DEFAULT_NEW_PER_DAY = 8


@dataclass(frozen=True)
class Question:
    card: str
    kind: DrillKind
    item: str
    text: str
    ask: str
    targets: list[str]
    alternates: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    domain: str | None = None
    reason: str | None = None
    model_answer: str | None = None
    self_graded: bool = False
    is_new: bool = False


@dataclass(frozen=True)
class Plan:
    questions: list[Question]
    due_count: int
    new_count: int


def card_id(kind: str, item: str) -> str:
    return f"{kind}:{item}"


def all_cards(content: Content) -> dict[str, tuple[DrillKind, str]]:
    """Every card the content offers: prompt items by their kind, wheel words for define and label."""
    cards: dict[str, tuple[DrillKind, str]] = {}
    for item in content.prompts.items:
        cards[card_id(item.kind, item.id)] = (item.kind, item.id)
    for word in content.wheel.entries:
        cards[card_id("define", word)] = ("define", word)
        if content.wheel.ring(word) != "core":
            cards[card_id("label", word)] = ("label", word)
    return cards


def new_today(answers: Iterable[Answer], today: date) -> int:
    """Cards whose first answer ever was given today (the daily new-card budget is spent on them)."""
    first: dict[str, date] = {}
    for answer in answers:
        first.setdefault(answer.card, answer.day)
    return sum(1 for day in first.values() if day == today)


def plan_session(
    content: Content,
    states: dict[str, CardState],
    now: datetime,
    rng: random.Random,
    *,
    count: int = DEFAULT_COUNT,
    kinds: Iterable[str] | None = None,
    domain: str | None = None,
    new_limit: int = DEFAULT_NEW_PER_DAY,
    new_used_today: int = 0,
    extra: bool = False,
) -> Plan:
    """Due reviews first (most overdue first), then new cards within today's budget.

    With `extra`, cards that are not yet due fill the session, least remembered first ("practice more").
    """
    wanted = set(kinds) if kinds else set(DRILL_KINDS)
    items = content.items_by_id
    cards = {
        cid: (kind, ref)
        for cid, (kind, ref) in all_cards(content).items()
        if kind in wanted and _in_domain(items.get(ref), domain, kind)
    }
    due = sorted(
        (cid for cid in cards if cid in states and is_due(states[cid], now)),
        key=lambda cid: states[cid].due,
    )
    chosen = due[:count]
    budget = max(0, min(new_limit - new_used_today, count - len(chosen)))
    fresh = [cid for cid in cards if cid not in states]
    new_cards = _pick_new(fresh, cards, items, budget, rng)
    chosen += new_cards
    if extra and len(chosen) < count:
        waiting = sorted(
            (cid for cid in cards if cid in states and cid not in chosen and not states[cid].suspended),
            key=lambda cid: states[cid].due,
        )
        chosen += waiting[: count - len(chosen)]
    questions = [
        build_question(content, cards[cid][0], cards[cid][1], rng, is_new=cid in new_cards) for cid in chosen
    ]
    return Plan(questions, len(due), len(new_cards))


def _in_domain(item: PromptItem | None, domain: str | None, kind: str) -> bool:
    if domain is None:
        return True
    if item is None:
        # define and label cards belong to no life domain; a domain filter leaves them out.
        return False
    return item.domain == domain


def _pick_new(
    fresh: list[str],
    cards: dict[str, tuple[DrillKind, str]],
    items: dict[str, PromptItem],
    budget: int,
    rng: random.Random,
) -> list[str]:
    if budget <= 0 or not fresh:
        return []
    by_kind: dict[DrillKind, list[str]] = {}
    for cid in fresh:
        by_kind.setdefault(cards[cid][0], []).append(cid)
    for pool in by_kind.values():
        rng.shuffle(pool)
        # Easier items first, so a new person meets the plain feelings before the subtle ones.
        pool.sort(key=lambda cid: getattr(items.get(cards[cid][1]), "difficulty", 1))
    picked: list[str] = []
    kinds = list(by_kind)
    weights = [NEW_MIX.get(k, 0.1) for k in kinds]
    while len(picked) < budget and any(by_kind.values()):
        kind = rng.choices(kinds, weights=weights)[0]
        if by_kind[kind]:
            picked.append(by_kind[kind].pop(0))
        else:
            weights[kinds.index(kind)] = 0.0
            if not any(weights):
                break
    return picked


def _mask(text: str, words: Iterable[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(word)}\w*", "___", text, flags=re.IGNORECASE)
    return text


def build_question(
    content: Content, kind: DrillKind, ref: str, rng: random.Random, *, is_new: bool = False
) -> Question:
    wheel = content.wheel
    cid = card_id(kind, ref)
    if kind == "define":
        return _define_question(wheel, ref, rng, is_new)
    if kind == "label":
        return Question(
            cid,
            kind,
            ref,
            f"Where does '{ref}' sit on the wheel?",
            f"Type its family: {', '.join(wheel.cores)}",
            [wheel.core_of(ref)],
            options=list(wheel.cores),
            is_new=is_new,
        )
    item = content.items_by_id[ref]
    if isinstance(item, NameItem):
        ask = (
            "What might you be feeling? (one or more words)"
            if item.kind == "body"
            else "What do you feel? (one or more words)"
        )
        return Question(
            cid,
            kind,
            ref,
            item.text,
            ask,
            list(item.targets),
            list(item.alternates),
            domain=item.domain,
            is_new=is_new,
        )
    if isinstance(item, DiscriminateItem):
        options = list(item.options)
        rng.shuffle(options)
        ask = "Which fits better? " + "  ".join(f"{i}) {w}" for i, w in enumerate(options, 1))
        return Question(
            cid,
            kind,
            ref,
            item.text,
            ask,
            [item.answer],
            options=options,
            domain=item.domain,
            reason=item.reason,
            is_new=is_new,
        )
    if isinstance(item, LadderItem):
        if item.mode == "order":
            shown = list(item.words)
            while len(shown) > 1 and shown == list(item.words):
                rng.shuffle(shown)
            ask = "From mildest to strongest (words or numbers): " + "  ".join(
                f"{i}) {w}" for i, w in enumerate(shown, 1)
            )
            return Question(
                cid,
                kind,
                ref,
                item.text,
                ask,
                list(item.words),
                options=shown,
                domain=item.domain,
                is_new=is_new,
            )
        start = item.start or ""
        return Question(
            cid,
            kind,
            ref,
            item.text,
            "One notch down, the word you would really say:",
            [start],
            alternates=list(item.accept),
            options=["notch"],
            domain=item.domain,
            is_new=is_new,
        )
    if isinstance(item, ArticulateItem | ListenItem):
        ask = (
            "Your reply, without fixing it:"
            if isinstance(item, ListenItem)
            else "Say it: I feel ... when ... because I need ..."
        )
        return Question(
            cid,
            kind,
            ref,
            item.text,
            ask,
            list(item.feelings),
            domain=item.domain,
            model_answer=item.model_answer,
            self_graded=True,
            is_new=is_new,
        )
    raise AssertionError(f"unhandled item kind {kind}")


def _define_question(wheel: Wheel, word: str, rng: random.Random, is_new: bool) -> Question:
    entry = wheel.entries[word]
    cid = card_id("define", word)
    if rng.random() < 0.5:
        masked = _mask(entry.definition, [word, *entry.forms])
        return Question(cid, "define", word, masked, "Which word is this?", [word], is_new=is_new)
    siblings = [w for w in wheel.ladder(word) if w != word]
    others = [w for w in wheel.entries if w not in siblings and w != word]
    decoys = rng.sample(siblings, min(2, len(siblings)))
    decoys += rng.sample(others, 2 - len(decoys))
    options = [word, *decoys]
    rng.shuffle(options)
    listing = "\n".join(f"  {i}) {wheel.entries[w].definition}" for i, w in enumerate(options, 1))
    return Question(
        cid,
        "define",
        word,
        f"What does '{word}' mean?\n{listing}",
        "Pick 1, 2 or 3:",
        [word],
        options=options,
        reason=None,
        is_new=is_new,
    )


def grade(content: Content, question: Question, answer: str) -> Verdict:
    wheel = content.wheel
    if question.kind == "discriminate":
        return grade_choice(wheel, answer, question.options, question.targets[0], question.reason or "")
    if question.kind == "define" and question.options:
        right = question.targets[0]
        return grade_choice(
            wheel, answer, question.options, right, f"{right}: {wheel.entries[right].definition}"
        )
    if question.kind == "label":
        return _grade_label(wheel, question, answer)
    if question.kind == "ladder":
        if question.options == ["notch"]:
            return grade_notch(wheel, answer, question.targets[0], question.alternates)
        return grade_order(wheel, answer, question.options, question.targets)
    return grade_words(wheel, answer, question.targets, question.alternates)


def _grade_label(wheel: Wheel, question: Question, answer: str) -> Verdict:
    word = question.item
    found = wheel.resolve(answer)
    path = wheel.path_text(word)
    if found is not None and found.word in wheel.path(word) and found.word != word:
        return Verdict("correct", f"Yes: {path}.", [], found.word, 0)
    if found is None:
        return Verdict("wrong", f"It sits here: {path}.", [wheel.entries[word].definition])
    return Verdict(
        "wrong",
        f"{found.word} is another branch; it sits here: {path}.",
        [wheel.entries[word].definition],
        found.word,
        wheel.distance(found.word, word),
    )


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive local days with practice, ending today (or yesterday, if today is still open)."""
    from .report import streak_ending

    return streak_ending(set(days), today)
