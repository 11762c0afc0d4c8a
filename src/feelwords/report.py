"""Progress figures from the answer history, and the exporters that turn them into text.

Everything here is pure: `build_report` reads answers, card states and the wheel and returns a frozen
`Report`; each `render_*` function turns a report into a string. Nothing reads a clock, a file or the
terminal, so the same history, period and `now` always give the same bytes.

Privacy: the free text a person typed (`Answer.answer`) enters a report only when it is built with
`include_answers=True`. Otherwise no renderer can show it, because the report never holds it. Matched
wheel words and target words are not private text and are always included.

Dates: `Answer.day` is already the local day of an answer. A date derived from a timestamp (a card's due
date) uses the time zone of `now`, so pass `now` in the person's local zone for local due dates.
"""

from __future__ import annotations

import csv
import io
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from html import escape
from operator import attrgetter
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from .errors import UsageError
from .srs import AGAIN, LEARNED_STABILITY_DAYS, CardState
from .store import Answer, Grade
from .wheel import Ring, Wheel

REPORT_SCHEMA_VERSION = 1

BucketSize = Literal["week", "month", "year"]
Dimension = Literal["family", "domain", "kind"]
Trend = Literal["finer", "steady", "coarser", "too few answers"]

# A period up to 26 weeks is charted week by week, up to about ten years month by month, then by year.
WEEKLY_UP_TO_DAYS = 26 * 7
MONTHLY_UP_TO_DAYS = 3660
# The practice calendar shows at most this many weeks, ending with the report's last day.
CALENDAR_WEEKS = 53
# A group needs this many graded answers before it is named as the thing to practise next.
MIN_ANSWERS_FOR_ADVICE = 10
# The granularity trend compares the first and second half of the period's word answers.
TREND_MIN_WORD_ANSWERS = 40
TREND_MIN_CHANGE = 0.05
# A recall after a week's gap is, for the scheduler, about when a memory starts to hold three weeks.
HELD_AFTER_GAP = timedelta(days=7)
# Below this stability a word is "just met"; from it to LEARNED_STABILITY_DAYS it is "growing".
GROWING_STABILITY_DAYS = 7.0
# Drills where the person picks from words shown to them: the word is not theirs, so it does not
# count towards granularity.
CHOICE_KINDS = frozenset({"discriminate"})
# Drills where the person names a feeling in their own words.
PRODUCTION_KINDS = frozenset({"name", "body", "articulate"})
MISS_GRADES = frozenset({"close", "partial", "wrong"})
MAX_CONFUSIONS = 10
MAX_TO_REFRESH = 12
MAX_ANSWERS_SHOWN = 50  # free-text answers listed in Markdown and HTML, newest first

ANSWER_COLUMNS = ("date", "kind", "item", "target", "answer", "grade", "rating", "seconds")
WORD_COLUMNS = (
    "word",
    "family",
    "ring",
    "times_seen",
    "accuracy",
    "stability_days",
    "due",
    "learned",
    "at_risk",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Period(_Model):
    """The local days the report covers, both included."""

    start: date
    end: date


class Tally(_Model):
    """Accuracy of one group of answers (a drill kind, a family, a life domain, or all of them).

    Accuracy is the share of answers graded correct, where a close answer counts half:
    (correct + close / 2) / answers. Self-rated answers (where you judge your own reply) have no right
    or wrong and are left out. A group's family is the family of the answer's first target word.
    """

    name: str
    answers: int
    """Graded answers in the group (self-rated ones left out)."""
    correct: int
    close: int
    accuracy: float | None
    """(correct + close / 2) / answers, or None without graded answers."""


class Vocabulary(_Model):
    """How many words you have met and how firmly you hold them."""

    seen: int
    """Words seen: distinct target words of the answers in the period."""
    new: int
    """Of the words seen, those first answered within the period."""
    learned: int
    """Words learned: words with a card whose stability is at least 21 days today. A card maps to the
    target words of its answers, so one card can teach several words."""
    at_risk: int
    """Words at risk: words seen in the period with a card that is due or overdue at `now`."""


class Granularity(_Model):
    """How finely you name feelings: a personal practice trend, not a clinical measure.

    Word answers are answers where the coach recognised a wheel word in what you typed (the matched
    word), except in drills where you pick between words shown to you. Ring shares say how many of
    those words were core (broad: angry), middle or outer (specific: resentful) words. Misses are
    word answers graded close, partial or wrong; their mean distance counts steps along the wheel's
    branches between the word you gave and the target (1 is a word and its parent; families meet at
    the centre, so two core words are 2 apart). Close answers are misses too, so moving from wrong to
    close shows as a shorter distance.
    """

    word_answers: int
    core: int
    middle: int
    outer: int
    core_share: float | None
    middle_share: float | None
    outer_share: float | None
    misses: int
    mean_miss_distance: float | None
    distinct_words: int
    """Distinct wheel words you produced yourself in name, body and articulate answers."""
    trend: Trend
    """The outer-ring share of the second half of the period's word answers against the first half:
    finer when it rose by 5 points or more, coarser when it fell as much, otherwise steady; it needs
    at least 40 word answers."""


class Confusion(_Model):
    """A pair you mixed up: the wheel word you gave and the target it was measured against
    (the nearest target on the wheel), counted over answers graded close, partial or wrong."""

    said: str
    target: str
    count: int


class Focus(_Model):
    """A suggestion for what to practise next: the weakest family, life domain or drill kind that has
    at least 10 graded answers in the period, weakest first."""

    dimension: Dimension
    name: str
    answers: int
    accuracy: float


class TimePoint(_Model):
    """One week (or month, or year) of the period: what was practised and how it went."""

    start: date
    end: date
    answers: int
    accuracy: float | None
    accuracy_by_kind: dict[str, float | None]
    words_learned: int
    """Words learned today that were already holding by the end of this bucket: each is counted from
    the first day its card was recalled after a gap of a week or more with no miss since (the moment
    the scheduler's stability typically passes three weeks), or from its card's last answer."""
    word_answers: int
    core_share: float | None
    middle_share: float | None
    outer_share: float | None
    mean_miss_distance: float | None
    distinct_words: int


class DayCount(_Model):
    """Answers given on one local day."""

    day: date
    answers: int


class WordRow(_Model):
    """One target word answered in the period."""

    word: str
    family: str | None
    ring: Ring | None
    times_seen: int
    """Answers in the period with this word among their targets."""
    accuracy: float | None
    stability_days: float | None
    """The highest stability of the word's cards, in days."""
    due: date | None
    """The earliest due date of the word's cards, in the time zone of `now`."""
    learned: bool
    at_risk: bool


class WheelNode(_Model):
    """A word on the wheel and how firmly you hold it: 0 not practised yet, 1 just met (stability under
    7 days), 2 growing (7 to 21 days), 3 learned (21 days or more)."""

    word: str
    parent: str | None
    strength: int


class AnswerRow(NamedTuple):
    """One answer as exported; `answer` is None unless the report was built with include_answers."""

    day: date
    kind: str
    item: str
    target: str
    answer: str | None
    grade: Grade
    rating: int
    seconds: float


class Report(_Model):
    """Everything every renderer shows; built once by `build_report`."""

    schema_version: int = REPORT_SCHEMA_VERSION
    generated_at: datetime
    period: Period
    include_answers: bool
    total_answers: int
    """Answers in the period, self-rated ones included."""
    practice_days: int
    """Days in the period with at least one answer."""
    streak: int
    """Consecutive local days with at least one answer, ending on the report's last day, or on the day
    before when the last day has no answer yet (so an evening's practice is still to come)."""
    vocabulary: Vocabulary
    accuracy: Tally
    by_kind: list[Tally]
    by_family: list[Tally]
    by_domain: list[Tally]
    granularity: Granularity
    confusions: list[Confusion]
    practise_next: list[Focus]
    to_refresh: list[str]
    """Words at risk, most overdue first (at most 12)."""
    bucket: BucketSize
    timeline: list[TimePoint]
    calendar: list[DayCount]
    """Every day of the period's last 53 weeks (at most), oldest first."""
    words: list[WordRow]
    wheel: list[WheelNode]
    answer_columns: tuple[str, ...] = ANSWER_COLUMNS
    answer_rows: tuple[AnswerRow, ...]
    """One row per answer in the period, oldest first; the free text only with include_answers."""


# --- building ----------------------------------------------------------------------------------


class _Tally:
    __slots__ = ("answers", "close", "correct")

    def __init__(self) -> None:
        self.answers = 0
        self.correct = 0
        self.close = 0

    def add(self, grade: str, count: int = 1) -> None:
        self.answers += count
        if grade == "correct":
            self.correct += count
        elif grade == "close":
            self.close += count

    @property
    def accuracy(self) -> float | None:
        if not self.answers:
            return None
        return round((self.correct + self.close / 2) / self.answers, 4)

    def frozen(self, name: str) -> Tally:
        return Tally(
            name=name,
            answers=self.answers,
            correct=self.correct,
            close=self.close,
            accuracy=self.accuracy,
        )


def _tallies(counts: Counter[tuple[str | None, str]]) -> dict[str, _Tally]:
    """(name, grade) counts folded into one tally per name; no name and self-rated answers left out."""
    out: dict[str, _Tally] = {}
    for (name, grade), count in counts.items():
        if name is not None and grade != "self":
            out.setdefault(name, _Tally()).add(grade, count)
    return out


class _Rings:
    __slots__ = ("core", "distance", "middle", "misses", "outer", "produced")

    def __init__(self) -> None:
        self.core = 0
        self.middle = 0
        self.outer = 0
        self.misses = 0
        self.distance = 0
        self.produced = 0

    def add(self, ring: str, count: int) -> None:
        if ring == "outer":
            self.outer += count
        elif ring == "middle":
            self.middle += count
        else:
            self.core += count

    @property
    def total(self) -> int:
        return self.core + self.middle + self.outer

    def shares(self) -> tuple[float | None, float | None, float | None]:
        total = self.total
        if not total:
            return None, None, None
        return (
            round(self.core / total, 4),
            round(self.middle / total, 4),
            round(self.outer / total, 4),
        )

    @property
    def mean_miss_distance(self) -> float | None:
        return round(self.distance / self.misses, 3) if self.misses else None


def _bucket_size(start: date, end: date) -> BucketSize:
    days = (end - start).days + 1
    if days <= WEEKLY_UP_TO_DAYS:
        return "week"
    return "month" if days <= MONTHLY_UP_TO_DAYS else "year"


def _bucket_start(day: date, size: BucketSize) -> date:
    if size == "week":
        return day - timedelta(days=day.weekday())
    if size == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_bucket(start: date, size: BucketSize) -> date | None:
    try:
        if size == "week":
            return start + timedelta(days=7)
        if size == "month":
            return date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return date(start.year + 1, 1, 1)
    except (OverflowError, ValueError):
        return None  # the end of the calendar


def _bucket_edges(start: date, end: date, size: BucketSize) -> list[tuple[date, date]]:
    """(first day, last day) of each bucket, clipped to the period."""
    edges: list[tuple[date, date]] = []
    current: date | None = _bucket_start(start, size)
    while current is not None and current <= end:
        following = _next_bucket(current, size)
        last = end if following is None else min(end, following - timedelta(days=1))
        edges.append((max(current, start), last))
        current = following
    return edges


def streak_ending(days: set[date], end: date) -> int:
    """Consecutive days in `days` ending on `end`, or on the day before when `end` has none."""
    day = end if end in days else end - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _strength(stability: float | None) -> int:
    if stability is None:
        return 1
    if stability >= LEARNED_STABILITY_DAYS:
        return 3
    return 2 if stability >= GROWING_STABILITY_DAYS else 1


def build_report(
    answers: list[Answer],
    cards: dict[str, CardState],
    wheel: Wheel,
    *,
    start: date,
    end: date,
    now: datetime,
    include_answers: bool = False,
) -> Report:
    """Every figure of the report, from one pass over the answers.

    Answers outside the period still count where a figure needs the past: the streak, which words are
    new, and which words each card teaches. Card states are taken as they are at `now`.
    """
    if start > end:
        raise UsageError(
            f"The report period starts on {start.isoformat()}, after it ends on "
            f"{end.isoformat()}; choose a start on or before the end."
        )
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")

    core_of = {word: wheel.core_of(word) for word in wheel.entries}
    ring_of: dict[str, Ring] = {word: wheel.ring(word) for word in wheel.entries}
    size = _bucket_size(start, end)
    edges = _bucket_edges(start, end, size)
    bucket_firsts = [first for first, _ in edges]

    # What each card teaches, and when it last held (see TimePoint.words_learned).
    card_words: dict[str, set[str]] = {}
    last_seen: dict[str, tuple[datetime, date]] = {}
    held_since: dict[str, date] = {}
    history_days: set[date] = set()
    seen_before: set[str] = set()
    # The period's answers, counted by key and folded into figures after the pass. Counting in place
    # (rather than collecting keys) keeps few objects alive, which spares the garbage collector.
    kind_counts: Counter[tuple[int, str, str]] = Counter()
    family_counts: Counter[tuple[str | None, str]] = Counter()
    domain_counts: Counter[tuple[str | None, str]] = Counter()
    word_counts: Counter[tuple[str | None, str]] = Counter()
    day_counts: Counter[date] = Counter()
    ring_counts: Counter[tuple[int, str]] = Counter()
    miss_counts: Counter[tuple[int, int]] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    outer_flags: list[bool] = []
    produced: set[tuple[int, str]] = set()
    distances: dict[tuple[str, str], int] = {}
    rows: list[AnswerRow] = []

    # One pass over the history in time order; `index` is the timeline bucket of the current day.
    current_day: date | None = None
    in_period = False
    index = 0
    for answer in sorted(answers, key=attrgetter("ts")):
        card = answer.card
        targets = answer.target
        day = answer.day
        ts = answer.ts
        known = card_words.get(card)
        if known is None:
            card_words[card] = set(targets)
        else:
            known.update(targets)
        previous = last_seen.get(card)
        if answer.rating == AGAIN:
            held_since.pop(card, None)
        elif previous is not None and card not in held_since and ts - previous[0] >= HELD_AFTER_GAP:
            held_since[card] = day
        last_seen[card] = (ts, day)
        if day > end:
            continue
        if day != current_day:
            current_day = day
            history_days.add(day)
            in_period = day >= start
            if in_period:
                index = bisect_right(bucket_firsts, day) - 1
        if not in_period:
            seen_before.update(targets)
            continue

        grade = answer.grade
        kind = answer.kind
        day_counts[day] += 1
        kind_counts[index, kind, grade] += 1
        family_counts[core_of.get(targets[0]) if targets else None, grade] += 1
        domain_counts[answer.domain, grade] += 1
        for target in targets:
            word_counts[target, grade] += 1
        matched = answer.matched
        ring = ring_of.get(matched) if matched is not None else None
        if matched is not None and ring is not None:
            nearest: str | None = None
            distance = 0
            if grade in MISS_GRADES:
                for target in targets:
                    if target in ring_of:
                        key = (matched, target)
                        step = distances.get(key)
                        if step is None:
                            step = distances[key] = wheel.distance(matched, target)
                        if nearest is None or step < distance:
                            nearest, distance = target, step
                if nearest is not None and nearest != matched:
                    confusions[matched, nearest] += 1
            if kind not in CHOICE_KINDS:
                ring_counts[index, ring] += 1
                outer_flags.append(ring == "outer")
                if nearest is not None:
                    miss_counts[index, distance] += 1
            if kind in PRODUCTION_KINDS:
                produced.add((index, matched))
        rows.append(
            AnswerRow(
                day,
                kind,
                answer.item,
                "; ".join(targets),
                answer.answer if include_answers else None,
                grade,
                answer.rating,
                answer.ms / 1000,
            )
        )

    # --- fold the counts ---
    overall = _Tally()
    by_kind: dict[str, _Tally] = {}
    bucket_overall = [_Tally() for _ in edges]
    bucket_kinds: list[dict[str, _Tally]] = [{} for _ in edges]
    bucket_answers = [0] * len(edges)
    for (at, kind_name, grade_name), count in kind_counts.items():
        bucket_answers[at] += count
        if grade_name == "self":
            continue
        overall.add(grade_name, count)
        by_kind.setdefault(kind_name, _Tally()).add(grade_name, count)
        bucket_overall[at].add(grade_name, count)
        bucket_kinds[at].setdefault(kind_name, _Tally()).add(grade_name, count)
    by_family = _tallies(family_counts)
    by_domain = _tallies(domain_counts)
    by_word = _tallies(word_counts)
    times_seen: Counter[str] = Counter()
    for (word, _), count in word_counts.items():
        if word is not None:
            times_seen[word] += count
    rings = _Rings()
    bucket_rings = [_Rings() for _ in edges]
    for (at, ring_name), count in ring_counts.items():
        rings.add(ring_name, count)
        bucket_rings[at].add(ring_name, count)
    for (at, distance), count in miss_counts.items():
        for counts in (rings, bucket_rings[at]):
            counts.misses += count
            counts.distance += count * distance
    for at, _ in produced:
        bucket_rings[at].produced += 1
    rings.produced = len({word for _, word in produced})

    # --- cards to words ---
    stability: dict[str, float] = {}
    due: dict[str, datetime] = {}
    learned_on: dict[str, date] = {}
    for card, state in cards.items():
        words_of_card = card_words.get(card)
        if not words_of_card:
            continue
        card_stability = state.stability
        is_learned = card_stability >= LEARNED_STABILITY_DAYS
        held = held_since.get(card) or last_seen[card][1]
        for word in words_of_card:
            if card_stability > stability.get(word, -1.0):
                stability[word] = card_stability
            if word not in due or state.due < due[word]:
                due[word] = state.due
            if is_learned and (word not in learned_on or held < learned_on[word]):
                learned_on[word] = held

    seen = set(times_seen)
    at_risk = {word for word in seen if word in due and due[word] <= now}
    learned_days = sorted(learned_on.values())
    zone = now.tzinfo
    words = [
        WordRow(
            word=word,
            family=core_of.get(word),
            ring=ring_of.get(word),
            times_seen=times_seen[word],
            accuracy=by_word[word].accuracy if word in by_word else None,
            stability_days=round(stability[word], 2) if word in stability else None,
            due=due[word].astimezone(zone).date() if word in due else None,
            learned=word in learned_on,
            at_risk=word in at_risk,
        )
        for word in sorted(seen, key=lambda w: (core_of.get(w, "~"), w))
    ]
    practised: set[str] = set().union(*card_words.values())
    wheel_nodes = [
        WheelNode(
            word=entry.word,
            parent=entry.parent,
            strength=_strength(stability.get(entry.word)) if entry.word in practised else 0,
        )
        for entry in wheel.data.words
    ]

    kinds_in_period = sorted(by_kind)
    timeline: list[TimePoint] = []
    for at, (first, last) in enumerate(edges):
        counts = bucket_rings[at]
        core_share, middle_share, outer_share = counts.shares()
        timeline.append(
            TimePoint(
                start=first,
                end=last,
                answers=bucket_answers[at],
                accuracy=bucket_overall[at].accuracy,
                accuracy_by_kind={
                    kind: (bucket_kinds[at][kind].accuracy if kind in bucket_kinds[at] else None)
                    for kind in kinds_in_period
                },
                words_learned=bisect_right(learned_days, last),
                word_answers=counts.total,
                core_share=core_share,
                middle_share=middle_share,
                outer_share=outer_share,
                mean_miss_distance=counts.mean_miss_distance,
                distinct_words=counts.produced,
            )
        )

    calendar_start = max(start, _bucket_start(end, "week") - timedelta(weeks=CALENDAR_WEEKS - 1))
    calendar_days = (calendar_start + timedelta(days=i) for i in range((end - calendar_start).days + 1))
    calendar = [DayCount(day=day, answers=day_counts[day]) for day in calendar_days]

    core_share, middle_share, outer_share = rings.shares()
    granularity = Granularity(
        word_answers=rings.total,
        core=rings.core,
        middle=rings.middle,
        outer=rings.outer,
        core_share=core_share,
        middle_share=middle_share,
        outer_share=outer_share,
        misses=rings.misses,
        mean_miss_distance=rings.mean_miss_distance,
        distinct_words=rings.produced,
        trend=_trend(outer_flags),
    )
    ranked_confusions = sorted(confusions.items(), key=lambda item: (-item[1], item[0]))

    # Every part was validated as it was made; the answer rows come from validated answers.
    return Report.model_construct(
        schema_version=REPORT_SCHEMA_VERSION,
        generated_at=now,
        period=Period(start=start, end=end),
        include_answers=include_answers,
        total_answers=len(rows),
        practice_days=len(day_counts),
        streak=streak_ending(history_days, end),
        vocabulary=Vocabulary(
            seen=len(seen),
            new=len(seen - seen_before),
            learned=len(learned_on),
            at_risk=len(at_risk),
        ),
        accuracy=overall.frozen("all"),
        by_kind=[by_kind[k].frozen(k) for k in kinds_in_period],
        by_family=_ordered_tallies(by_family, wheel.cores),
        by_domain=[by_domain[d].frozen(d) for d in sorted(by_domain)],
        granularity=granularity,
        confusions=[
            Confusion(said=said, target=target, count=count)
            for (said, target), count in ranked_confusions[:MAX_CONFUSIONS]
        ],
        practise_next=_practise_next(by_family, by_domain, by_kind),
        to_refresh=sorted(at_risk, key=lambda w: (due[w], w))[:MAX_TO_REFRESH],
        bucket=size,
        timeline=timeline,
        calendar=calendar,
        words=words,
        wheel=wheel_nodes,
        answer_columns=ANSWER_COLUMNS,
        answer_rows=tuple(rows),
    )


def _ordered_tallies(tallies: dict[str, _Tally], order: Sequence[str]) -> list[Tally]:
    return [tallies[name].frozen(name) for name in order if name in tallies]


def _trend(outer_flags: list[bool]) -> Trend:
    if len(outer_flags) < TREND_MIN_WORD_ANSWERS:
        return "too few answers"
    half = len(outer_flags) // 2
    before = sum(outer_flags[:half]) / half
    after = sum(outer_flags[half:]) / (len(outer_flags) - half)
    if after - before >= TREND_MIN_CHANGE:
        return "finer"
    if before - after >= TREND_MIN_CHANGE:
        return "coarser"
    return "steady"


def _practise_next(
    by_family: dict[str, _Tally], by_domain: dict[str, _Tally], by_kind: dict[str, _Tally]
) -> list[Focus]:
    """The weakest group of each dimension with enough answers, weakest first."""
    picks: list[Focus] = []
    dimensions: tuple[tuple[Dimension, dict[str, _Tally]], ...] = (
        ("family", by_family),
        ("domain", by_domain),
        ("kind", by_kind),
    )
    for dimension, tallies in dimensions:
        candidates = [
            (tally.accuracy, -tally.answers, name, tally)
            for name, tally in tallies.items()
            if tally.answers >= MIN_ANSWERS_FOR_ADVICE and tally.accuracy is not None
        ]
        if not candidates:
            continue
        accuracy, _, name, tally = min(candidates, key=lambda c: (c[0], c[1], c[2]))
        assert accuracy is not None
        picks.append(Focus(dimension=dimension, name=name, answers=tally.answers, accuracy=accuracy))
    return sorted(picks, key=lambda f: (f.accuracy, -f.answers, f.dimension))


# --- words people read ---------------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
KIND_LABELS = {
    "name": "Naming",
    "body": "Body cues",
    "discriminate": "Telling apart",
    "ladder": "Intensity",
    "articulate": "Saying it",
    "listen": "Listening",
    "define": "Defining",
    "label": "Labelling",
}
DOMAIN_LABELS = {
    "partner": "Partner",
    "intimacy": "Intimacy",
    "work": "Work",
    "family": "Family",
    "friends": "Friends",
    "body": "Body",
    "self": "Yourself",
}
GRANULARITY_NOTE = (
    "This is a picture of your own practice over time, not a clinical measure of emotional "
    "granularity; it only sees the words you typed into feelwords."
)
TREND_TEXT: dict[Trend, str] = {
    "finer": "Your words have grown finer over this period: more of them come from the outer ring.",
    "steady": "Your mix of broad and fine words has held steady over this period.",
    "coarser": (
        "Lately you have reached for broader words a little more often than at the start; "
        "that happens, and the outer ring is still there to explore."
    ),
    "too few answers": "A trend needs about 40 word answers; keep going and it will show here.",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


def domain_label(domain: str) -> str:
    return DOMAIN_LABELS.get(domain, domain.replace("-", " ").capitalize())


def _day_text(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _period_text(period: Period) -> str:
    if period.start == period.end:
        return _day_text(period.start)
    return f"{_day_text(period.start)} – {_day_text(period.end)}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def _bucket_label(day: date, size: BucketSize, *, full: bool = False) -> str:
    """'3 Mar' for a week ('3 Mar 2025' in full), 'Mar 2025' for a month, '2025' for a year."""
    if size == "week":
        return _day_text(day) if full else f"{day.day} {_MONTHS[day.month - 1]}"
    if size == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return str(day.year)


def _focus_text(focus: Focus) -> str:
    if focus.dimension == "family":
        what = f"The {focus.name} family"
    elif focus.dimension == "domain":
        what = f"Moments about {domain_label(focus.name).lower()}"
    else:
        what = f"The {kind_label(focus.name).lower()} drill"
    return f"{what}: {_pct(focus.accuracy)} over {_plural(focus.answers, 'answer')}"


def _glance(report: Report) -> list[tuple[str, str]]:
    """(label, sentence) pairs shared by the Markdown and HTML summaries."""
    vocab = report.vocabulary
    days = (report.period.end - report.period.start).days + 1
    return [
        ("Streak", f"{_plural(report.streak, 'day')} in a row"),
        (
            "Practice",
            f"{_plural(report.total_answers, 'answer')} on {report.practice_days:,} "
            f"of {_plural(days, 'day')}",
        ),
        (
            "Words",
            f"{vocab.seen:,} seen ({vocab.new:,} new), {vocab.learned:,} learned, "
            f"{vocab.at_risk:,} due for a refresh",
        ),
        ("Accuracy", f"{_pct(report.accuracy.accuracy)} (a close answer counts half)"),
    ]


def _granularity_sentences(report: Report) -> list[str]:
    g = report.granularity
    if not g.word_answers:
        return [
            "Once you have named a few feelings in your own words, this part shows how specific "
            "your words are."
        ]
    lines = [
        f"Of your {_plural(g.word_answers, 'word answer')}, {_pct(g.outer_share)} came from the "
        f"outer ring (the most specific words), {_pct(g.middle_share)} from the middle ring and "
        f"{_pct(g.core_share)} from the core.",
    ]
    if g.mean_miss_distance is not None:
        lines.append(
            f"When you missed, your word sat on average {g.mean_miss_distance:.1f} steps from the "
            "target on the wheel (1 is a next-door word)."
        )
    if g.distinct_words:
        lines.append(
            f"You named {_plural(g.distinct_words, 'different feeling word')} yourself in the "
            "naming, body and saying-it drills."
        )
    lines.append(TREND_TEXT[g.trend])
    return lines


DEFINITIONS = (
    ("Streak", "days in a row with at least one answer, up to the last day or the day before it."),
    ("Words seen", "distinct target words in the answers of this period."),
    ("Words learned", "words whose card the scheduler expects you to remember for 21+ days."),
    ("Due for a refresh", "words seen in this period whose card is due or overdue today."),
    ("Accuracy", "answers graded correct, with a close answer counting half; self-rated left out."),
    (
        "Granularity",
        "which ring of the wheel your own words came from, and how far your misses landed.",
    ),
)


# --- Markdown --------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text from the data, safe inside a Markdown table cell or sentence: on one line, nothing
    that Markdown would read as emphasis, a link, HTML or a cell border."""
    out = []
    for char in " ".join(text.split()):
        if char in "\\`*_[]<>|~#":
            out.append("\\")
        out.append(char)
    return "".join(out)


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _md_tallies(title: str, tallies: list[Tally], label: str, name: str) -> list[str]:
    if not tallies:
        return []
    rows = [(_md(_display(label, t.name)), f"{t.answers:,}", _pct(t.accuracy)) for t in tallies]
    return [f"### {title}", "", *_md_table((name, "Answers", "Accuracy"), rows)]


def _display(label: str, name: str) -> str:
    if label == "kind":
        return kind_label(name)
    if label == "domain":
        return domain_label(name)
    return name


def render_markdown(report: Report) -> str:
    """The report as Markdown: the summary, tables and plain sentences, no charts."""
    out = [
        "# Your feelwords report",
        "",
        f"{_period_text(report.period)} · made on {_day_text(report.generated_at.date())}",
        "",
    ]
    if not report.total_answers:
        out += [
            "No answers in this period yet. When you have done a drill or two, this report fills "
            "in with your streak, your words and how they are growing.",
            "",
        ]
    out += ["## At a glance", ""]
    out += [f"- **{label}:** {text}" for label, text in _glance(report)]
    out += ["", "## What to practise next", ""]
    if report.practise_next:
        out += [f"- {_md(_focus_text(focus))}" for focus in report.practise_next]
    else:
        out.append(
            "- Nothing stands out yet: once a family, a life area or a drill has "
            f"{MIN_ANSWERS_FOR_ADVICE} answers, the weakest one shows up here."
        )
    if report.to_refresh:
        out.append(f"- Words due for a refresh: {_md(', '.join(report.to_refresh))}.")
    out.append("")
    if report.accuracy.answers:
        out += ["## Accuracy", ""]
        out += _md_tallies("By drill", report.by_kind, "kind", "Drill")
        out += _md_tallies("By family", report.by_family, "family", "Family")
        out += _md_tallies("By life area", report.by_domain, "domain", "Life area")
    out += ["## How finely you name feelings", ""]
    for sentence in _granularity_sentences(report):
        out += [sentence, ""]
    out += [f"_{GRANULARITY_NOTE}_", ""]
    if report.confusions:
        out += ["## Pairs you mixed up", ""]
        out += _md_table(
            ("You said", "The word was", "Times"),
            ((_md(c.said), _md(c.target), str(c.count)) for c in report.confusions),
        )
    if report.total_answers:
        out += ["## Over time", ""]
        out += _md_table(
            (
                "Week of" if report.bucket == "week" else report.bucket.capitalize(),
                "Answers",
                "Accuracy",
                "Outer-ring words",
                "Words learned",
            ),
            (
                (
                    _bucket_label(point.start, report.bucket, full=True),
                    f"{point.answers:,}",
                    _pct(point.accuracy),
                    _pct(point.outer_share),
                    str(point.words_learned),
                )
                for point in report.timeline
                if point.answers
            ),
        )
    if report.include_answers and report.answer_rows:
        shown = report.answer_rows[-MAX_ANSWERS_SHOWN:][::-1]
        out += [f"## Your answers (newest {len(shown)})", ""]
        out += _md_table(
            ("Date", "Drill", "Target", "Your answer", "Grade"),
            (
                (
                    row.day.isoformat(),
                    _md(kind_label(row.kind)),
                    _md(row.target),
                    _md(row.answer or ""),
                    row.grade,
                )
                for row in shown
            ),
        )
    out += ["## What the numbers mean", ""]
    out += [f"- **{name}:** {text}" for name, text in DEFINITIONS]
    return "\n".join(out) + "\n"


# --- JSON and CSV ----------------------------------------------------------------------------------


def render_json(report: Report) -> str:
    """The whole report as JSON; answer rows are arrays in the order of `answer_columns`."""
    return report.model_dump_json(indent=2) + "\n"


def _cell(value: object) -> object:
    """Typed text that a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def render_csv(report: Report, table: Literal["answers", "words"] = "answers") -> str:
    """One table as CSV: one row per answer (the free text blank unless included), or per word."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if table == "answers":
        writer.writerow(ANSWER_COLUMNS)
        # The rows are in column order already; csv writes a date as ISO text and None as blank.
        writer.writerows(tuple(_cell(value) for value in row) for row in report.answer_rows)
    else:
        writer.writerow(WORD_COLUMNS)
        writer.writerows(
            (
                w.word,
                w.family or "",
                w.ring or "",
                w.times_seen,
                "" if w.accuracy is None else w.accuracy,
                "" if w.stability_days is None else w.stability_days,
                "" if w.due is None else w.due.isoformat(),
                "yes" if w.learned else "no",
                "yes" if w.at_risk else "no",
            )
            for w in report.words
        )
    return buffer.getvalue()


# --- HTML ------------------------------------------------------------------------------------------

PAPER = "#fbfaf7"
MUTED = "#6b7478"
LINE = "#e6e1d8"
ACCENT = "#3f7f7b"
KIND_COLOURS = {
    "name": "#3f7f7b",
    "body": "#c28a4a",
    "discriminate": "#5f86b5",
    "ladder": "#9378ad",
    "articulate": "#c06a62",
    "listen": "#6d9b67",
}
SPARE_COLOURS = ("#8c8f5a", "#b07f8e", "#5a8e9c", "#a08a6a", "#7a7fa8")
FAMILY_COLOURS = {
    "joyful": "#e2b04e",
    "powerful": "#d98b57",
    "peaceful": "#7db38c",
    "loving": "#d6889f",
    "sad": "#6f96c6",
    "scared": "#9c89c6",
    "angry": "#c9695b",
    "ashamed": "#8f9ca3",
}
HEAT = ("#ece8e0", "#cfe3de", "#9ecac1", "#62a49b", "#347772")
# How much paper shows through a family's colour at each strength, from "not practised" to "learned".
STRENGTH_FADE = (0.86, 0.6, 0.3, 0.0)
STRENGTH_NAMES = ("not practised yet", "just met", "growing", "learned (3+ weeks)")
RING_COLOURS = {"core": "#d9d2c3", "middle": "#9ecac1", "outer": "#3f7f7b"}

CSS = """
:root{--paper:#fbfaf7;--ink:#2e3538;--muted:#6b7478;--line:#e6e1d8;--accent:#3f7f7b}
*{box-sizing:border-box}
html{background:var(--paper);-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif}
main{max-width:820px;margin:0 auto;padding:44px 32px 60px}
h1,h2,.tile b{font-family:Georgia,"Iowan Old Style","Palatino Linotype",serif;font-weight:500}
h1{font-size:31px;line-height:1.2;margin:.15em 0 .25em;letter-spacing:-.01em}
h2{font-size:21px;margin:0 0 .45em}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:18px 0 6px}
p{margin:.4em 0;max-width:68ch}
.eyebrow{text-transform:uppercase;letter-spacing:.14em;font-size:12px;color:var(--accent);margin:0}
.sub,.muted{color:var(--muted)}
.note{color:var(--muted);font-size:13.5px;font-style:italic}
section{margin-top:30px;padding-top:22px;border-top:1px solid var(--line);break-inside:avoid}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-top:26px}
.tile{background:#fff;border:1px solid var(--line);border-radius:12px;padding:12px 15px}
.tile b{display:block;font-size:28px;line-height:1.2}
.tile span{color:var(--muted);font-size:13px;line-height:1.35;display:block}
.welcome{background:#eef5f3;border-radius:12px;padding:14px 18px;margin-top:20px}
figure{margin:10px 0 0}
figcaption{color:var(--muted);font-size:13.5px;margin-top:6px;max-width:66ch}
svg{display:block;width:100%;height:auto}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
ul.next{padding-left:1.1em;margin:.3em 0}
ul.next li{margin:.2em 0}
.cols{display:grid;grid-template-columns:repeat(3,1fr);gap:18px}
table{border-collapse:collapse;width:100%;font-size:13.5px}
td,th{padding:3px 6px 3px 0;text-align:left;vertical-align:middle}
th{font-weight:600;color:var(--muted);font-size:12px;border-bottom:1px solid var(--line)}
td:first-child{white-space:nowrap}
td.n{text-align:right;white-space:nowrap;color:var(--muted);font-variant-numeric:tabular-nums}
.bar{display:block;height:8px;border-radius:4px;background:#ece8e0;min-width:40px}
.bar i{display:block;height:8px;border-radius:4px;background:var(--accent)}
.chips{display:flex;flex-wrap:wrap;gap:5px;margin-top:8px}
.chip{font-size:12.5px;padding:1px 9px;border-radius:999px;background:#fff;border:1px solid var(--line)}
.families{list-style:none;padding:0;margin:6px 0 0;columns:2;column-gap:30px;font-size:13.5px}
.families li{break-inside:avoid;margin:0 0 9px;line-height:1.45}
.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}
.answers td{border-bottom:1px solid var(--line);padding:4px 8px 4px 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;font-size:13.5px;margin:0}
dt{font-weight:600}dd{margin:0;color:var(--muted)}
footer{margin-top:30px;padding-top:18px;border-top:1px solid var(--line)}
@media (max-width:640px){.tiles{grid-template-columns:repeat(2,1fr)}.cols{grid-template-columns:1fr}}
@media print{
@page{size:A4;margin:14mm}
html,body{background:#fff}
main{max-width:none;padding:0}
section{break-inside:auto}
figure,.tile,.tiles,table,.families li,dl{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
.tile{border-color:#d8d3ca}
}
"""


def _mix(colour: str, amount: float, base: str = PAPER) -> str:
    """`colour` faded towards `base` by `amount` (0 keeps it, 1 gives the base)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(base[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def _kind_colours(kinds: Sequence[str]) -> dict[str, str]:
    spare = iter(SPARE_COLOURS * (len(kinds) // len(SPARE_COLOURS) + 1))
    return {kind: KIND_COLOURS.get(kind) or next(spare) for kind in kinds}


def _family_colours(cores: Sequence[str]) -> dict[str, str]:
    palette = list(FAMILY_COLOURS.values())
    return {core: FAMILY_COLOURS.get(core, palette[i % len(palette)]) for i, core in enumerate(cores)}


def _f(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_open(chart_id: str, width: int, height: int, title: str) -> str:
    return (
        f'<svg id="{chart_id}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title"><title id="{chart_id}-title">{escape(title)}</title>'
    )


def _svg_placeholder(chart_id: str, title: str, message: str) -> str:
    """A chart with nothing to draw yet: a short, friendly note in its place."""
    width, height = 720, 76
    return (
        _svg_open(chart_id, width, height, title)
        + f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" rx="10" fill="#f4f1ec"/>'
        + f'<text x="{width / 2}" y="{height / 2 + 4}" text-anchor="middle" font-size="13" '
        + f'style="fill:{MUTED}">{escape(message)}</text></svg>'
    )


def _text(x: float, y: float, text: str, *, size: float = 11, anchor: str = "start", **extra: str) -> str:
    attrs = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}"{attrs}>'
        f"{escape(text)}</text>"
    )


def _tick_indexes(count: int, most: int = 7) -> list[int]:
    if count <= most:
        return list(range(count))
    step = math.ceil(count / most)
    return list(range(0, count, step))


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for factor in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if value <= factor * power:
            return factor * power
    return 10 * power


def _time_axis(report: Report, x0: float, x1: float) -> list[float]:
    count = len(report.timeline)
    if count == 1:
        return [(x0 + x1) / 2]
    return [x0 + (x1 - x0) * i / (count - 1) for i in range(count)]


def _x_labels(report: Report, xs: list[float], y: float) -> str:
    return "".join(
        _text(
            xs[i],
            y,
            _bucket_label(report.timeline[i].start, report.bucket),
            size=10.5,
            anchor="middle",
            style=f"fill:{MUTED}",
        )
        for i in _tick_indexes(len(xs))
    )


def _polyline(points: list[tuple[float, float] | None]) -> str:
    """A path through the points, broken where a point is missing."""
    parts: list[str] = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{_f(point[0])},{_f(point[1])}")
        pen_down = True
    return "".join(parts)


def _legend(items: list[tuple[str, str]], x: float, y: float, *, dashed: str = "") -> str:
    out = []
    for label, colour in items:
        style = 'stroke-dasharray="4 3"' if label == dashed else ""
        out.append(
            f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 18)}" y2="{_f(y - 4)}" '
            f'stroke="{colour}" stroke-width="3" stroke-linecap="round" {style}/>'
        )
        out.append(_text(x + 24, y, label, size=11.5))
        x += 24 + 6.6 * len(label) + 18
    return "".join(out)


def svg_calendar(report: Report) -> str:
    """Practice calendar: one square per day of the period's last 53 weeks (at most)."""
    days = report.calendar
    width, left, top = 720, 34.0, 22.0
    first_monday = days[0].day - timedelta(days=days[0].day.weekday())
    weeks = (days[-1].day - first_monday).days // 7 + 1
    step = min(22.0, (width - left - 10) / weeks)
    cell = round(step * 0.82, 1)
    height = round(top + 7 * step + 32)
    out = [_svg_open("calendar", width, height, "Practice calendar: answers per day")]
    busiest = max((d.answers for d in days), default=0)
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        y = top + row * step + cell / 2 + 3.5
        out.append(_text(left - 6, y, name, size=9.5, anchor="end", style=f"fill:{MUTED}"))
    last_month = -1
    for entry in days:
        column = (entry.day - first_monday).days // 7
        row = entry.day.weekday()
        x, y = left + column * step, top + row * step
        starts_month = row == 0 and entry.day.day <= 7
        opens_calendar = entry is days[0] and entry.day.day <= 21
        if (starts_month or opens_calendar) and entry.day.month != last_month:
            out.append(_text(x, top - 8, _MONTHS[entry.day.month - 1], size=10, style=f"fill:{MUTED}"))
            last_month = entry.day.month
        level = 0 if not entry.answers else min(4, math.ceil(4 * entry.answers / busiest))
        answers = _plural(entry.answers, "answer")
        out.append(
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{cell}" height="{cell}" rx="{_f(cell / 5)}" '
            f'fill="{HEAT[level]}"><title>{_day_text(entry.day)}: {answers}</title></rect>'
        )
    legend_y = height - 8
    practised = sum(1 for d in days if d.answers)
    shown = f"Practised on {practised:,} of the {_plural(len(days), 'day')} shown"
    out.append(_text(left, legend_y, shown, size=11, style=f"fill:{MUTED}"))
    x = width - 10 - 5 * 13 - 34
    out.append(_text(x - 6, legend_y, "less", size=10, anchor="end", style=f"fill:{MUTED}"))
    for level, colour in enumerate(HEAT):
        out.append(
            f'<rect x="{x + level * 13}" y="{_f(legend_y - 9.5)}" width="10.5" height="10.5" rx="2.2" '
            f'fill="{colour}"/>'
        )
    out.append(_text(x + 5 * 13 + 3, legend_y, "more", size=10, style=f"fill:{MUTED}"))
    out.append("</svg>")
    return "".join(out)


def _percent_grid(x0: float, x1: float, y_of: dict[int, float]) -> str:
    out = []
    for value, y in y_of.items():
        out.append(f'<line x1="{_f(x0)}" y1="{_f(y)}" x2="{_f(x1)}" y2="{_f(y)}" stroke="{LINE}"/>')
        out.append(_text(x0 - 8, y + 4, f"{value}%", size=10.5, anchor="end", style=f"fill:{MUTED}"))
    return "".join(out)


def svg_accuracy(report: Report) -> str:
    """Accuracy over time, one line per drill kind and a dashed line for all of them."""
    width, height = 720, 262
    x0, x1, y0, y1 = 46.0, 700.0, 16.0, 196.0
    title = "Accuracy over time by drill"
    if not report.accuracy.answers:
        return _svg_placeholder(
            "accuracy-over-time", title, "Your accuracy by drill appears here after a few answers."
        )
    out = [_svg_open("accuracy-over-time", width, height, title)]
    xs = _time_axis(report, x0 + 6, x1 - 6)

    def y(value: float) -> float:
        return y1 - (y1 - y0) * value

    out.append(_percent_grid(x0, x1, {0: y(0), 50: y(0.5), 100: y(1)}))
    out.append(_x_labels(report, xs, y1 + 18))
    kinds = [t.name for t in report.by_kind]
    colours = _kind_colours(kinds)
    mark = len(xs) <= 30
    series = [
        (kind_label(k), colours[k], [p.accuracy_by_kind.get(k) for p in report.timeline]) for k in kinds
    ]
    if len(kinds) > 1:
        series.append(("All drills", "#9aa1a4", [p.accuracy for p in report.timeline]))
    for label, colour, values in series:
        points = [None if v is None else (xs[i], y(v)) for i, v in enumerate(values)]
        dash = ' stroke-dasharray="5 4"' if label == "All drills" else ""
        out.append(
            f'<path d="{_polyline(points)}" fill="none" stroke="{colour}" stroke-width="2.2" '
            f'stroke-linejoin="round" stroke-linecap="round"{dash}/>'
        )
        lonely = [
            p
            for i, p in enumerate(points)
            if p is not None
            and (
                mark
                or ((i == 0 or points[i - 1] is None) and (i == len(points) - 1 or points[i + 1] is None))
            )
        ]
        out += [f'<circle cx="{_f(px)}" cy="{_f(py)}" r="2.6" fill="{colour}"/>' for px, py in lonely]
    out.append(
        _legend([(label, colour) for label, colour, _ in series], x0, height - 12, dashed="All drills")
    )
    out.append("</svg>")
    return "".join(out)


def svg_learned(report: Report) -> str:
    """Words learned over time: a cumulative line of today's learned words."""
    width, height = 720, 220
    x0, x1, y0, y1 = 46.0, 700.0, 16.0, 180.0
    title = "Words learned over time"
    if not report.vocabulary.learned:
        return _svg_placeholder(
            "words-learned", title, "No words learned yet: a word counts once it has held for three weeks."
        )
    out = [_svg_open("words-learned", width, height, title)]
    top = _nice_ceiling(max(p.words_learned for p in report.timeline))
    xs = _time_axis(report, x0 + 6, x1 - 6)

    def y(value: float) -> float:
        return y1 - (y1 - y0) * value / top

    for value in (0, top / 2, top):
        out.append(
            f'<line x1="{_f(x0)}" y1="{_f(y(value))}" x2="{_f(x1)}" y2="{_f(y(value))}" stroke="{LINE}"/>'
        )
        out.append(_text(x0 - 8, y(value) + 4, f"{value:g}", size=10.5, anchor="end", style=f"fill:{MUTED}"))
    out.append(_x_labels(report, xs, y1 + 18))
    points: list[tuple[float, float] | None] = [
        (xs[i], y(p.words_learned)) for i, p in enumerate(report.timeline)
    ]
    line = _polyline(points)
    if len(xs) > 1:
        out.append(
            f'<path d="{line}L{_f(xs[-1])},{_f(y1)}L{_f(xs[0])},{_f(y1)}Z" fill="{_mix(ACCENT, 0.82)}"/>'
        )
    out.append(f'<path d="{line}" fill="none" stroke="{ACCENT}" stroke-width="2.4" stroke-linejoin="round"/>')
    last = report.timeline[-1].words_learned
    out.append(f'<circle cx="{_f(xs[-1])}" cy="{_f(y(last))}" r="3.5" fill="{ACCENT}"/>')
    label_y = y(last) - 9 if y(last) - 9 > y0 + 4 else y(last) + 18
    out.append(_text(xs[-1] - 8, label_y, _plural(last, "word"), size=11.5, anchor="end", font_weight="600"))
    out.append("</svg>")
    return "".join(out)


def _arc(cx: float, cy: float, r_in: float, r_out: float, a0: float, a1: float) -> str:
    if a1 - a0 >= 2 * math.pi - 1e-6:
        a1 = a0 + 2 * math.pi - 1e-3
    large = 1 if a1 - a0 > math.pi else 0
    c0, s0, c1, s1 = math.cos(a0), math.sin(a0), math.cos(a1), math.sin(a1)
    return (
        f"M{_f(cx + r_out * c0)},{_f(cy + r_out * s0)}"
        f"A{_f(r_out)},{_f(r_out)} 0 {large} 1 {_f(cx + r_out * c1)},{_f(cy + r_out * s1)}"
        f"L{_f(cx + r_in * c1)},{_f(cy + r_in * s1)}"
        f"A{_f(r_in)},{_f(r_in)} 0 {large} 0 {_f(cx + r_in * c0)},{_f(cy + r_in * s0)}Z"
    )


def svg_wheel(report: Report) -> str:
    """The wheel as a sunburst: families inside, finer words outward, coloured by how firmly held."""
    width, height = 720, 520
    cx, cy = 252.0, 260.0
    radii = (54.0, 118.0, 184.0, 244.0)
    title = "Your emotion wheel, coloured by how well you know each word"
    children: dict[str | None, list[WheelNode]] = {}
    for node in report.wheel:
        children.setdefault(node.parent, []).append(node)
    cores = children.get(None, [])
    if not cores:
        return _svg_placeholder("wheel", title, "The wheel is empty.")
    out = [_svg_open("wheel", width, height, title)]
    family_colour = _family_colours([c.word for c in cores])
    leaves: dict[str, int] = {}

    def count_leaves(node: WheelNode) -> int:
        kids = children.get(node.word, [])
        leaves[node.word] = max(1, sum(count_leaves(k) for k in kids))
        return leaves[node.word]

    total = sum(count_leaves(core) for core in cores)
    unit = 2 * math.pi / total
    labels: list[str] = []

    def draw(node: WheelNode, depth: int, a0: float, colour: str) -> None:
        a1 = a0 + leaves[node.word] * unit
        fill = _mix(colour, STRENGTH_FADE[node.strength])
        tip = f"{node.word}: {STRENGTH_NAMES[node.strength]}"
        out.append(
            f'<path d="{_arc(cx, cy, radii[depth], radii[depth + 1], a0, a1)}" fill="{fill}" '
            f'stroke="{PAPER}" stroke-width="{1.4 if depth < 2 else 0.7}"><title>'
            f"{escape(tip)}</title></path>"
        )
        mid = (a0 + a1) / 2
        radius = (radii[depth] + radii[depth + 1]) / 2
        x, y = cx + radius * math.cos(mid), cy + radius * math.sin(mid)
        degrees = math.degrees(mid)
        fits_along = (a1 - a0) * radius >= 0.62 * 11.5 * len(node.word) + 8
        if depth == 0 and fits_along:
            turn = degrees - 90 if math.sin(mid) > 0 else degrees + 90
            labels.append(
                _text(
                    x,
                    y + 4,
                    node.word,
                    size=11.5,
                    anchor="middle",
                    font_weight="600",
                    transform=f"rotate({_f(turn)} {_f(x)} {_f(y)})",
                )
            )
        elif depth == 0:
            turn = degrees + 180 if math.cos(mid) < 0 else degrees
            labels.append(
                _text(
                    x,
                    y + 4,
                    node.word,
                    size=10.5,
                    anchor="middle",
                    font_weight="600",
                    transform=f"rotate({_f(turn)} {_f(x)} {_f(y)})",
                )
            )
        elif depth == 1 and (a1 - a0) * radius >= 10:
            turn = degrees + 180 if math.cos(mid) < 0 else degrees
            labels.append(
                _text(
                    x,
                    y + 3,
                    node.word,
                    size=8.6,
                    anchor="middle",
                    transform=f"rotate({_f(turn)} {_f(x)} {_f(y)})",
                )
            )
        start = a0
        for child in children.get(node.word, []):
            draw(child, depth + 1, start, colour)
            start += leaves[child.word] * unit

    angle = -math.pi / 2
    for core in cores:
        draw(core, 0, angle, family_colour[core.word])
        angle += leaves[core.word] * unit
    out += labels
    learned = sum(1 for node in report.wheel if node.strength == 3)
    out.append(f'<circle cx="{cx}" cy="{cy}" r="{radii[0] - 2}" fill="#fff" stroke="{LINE}"/>')
    out.append(_text(cx, cy - 2, str(learned), size=22, anchor="middle", font_family="Georgia,serif"))
    out.append(
        _text(cx, cy + 15, f"of {len(report.wheel)} learned", size=10, anchor="middle", style=f"fill:{MUTED}")
    )
    lx, ly = 526.0, 196.0
    out.append(_text(lx, ly - 16, "How firmly you hold a word", size=11.5, font_weight="600"))
    for level in range(3, -1, -1):
        swatches = "".join(
            f'<rect x="{_f(lx + i * 15)}" y="{_f(ly)}" width="13" height="13" rx="3" '
            f'fill="{_mix(colour, STRENGTH_FADE[level])}"/>'
            for i, colour in enumerate(("#c9695b", "#7db38c", "#6f96c6"))
        )
        out.append(swatches)
        out.append(_text(lx + 50, ly + 10.5, STRENGTH_NAMES[level], size=11))
        ly += 24
    out.append(_text(lx, ly + 14, "Each family has its own colour;", size=10.5, style=f"fill:{MUTED}"))
    out.append(_text(lx, ly + 29, "deeper means firmer.", size=10.5, style=f"fill:{MUTED}"))
    out.append("</svg>")
    return "".join(out)


def svg_confusions(report: Report) -> str:
    """Most-confused pairs as bars: the word you gave, the word it was, how often."""
    width = 720
    pairs = report.confusions
    row = 27
    height = 18 + row * len(pairs)
    title = "Pairs of words you mixed up most"
    if not pairs:
        return _svg_placeholder("confused-pairs", title, "No mix-ups to show: nothing to untangle yet.")
    out = [_svg_open("confused-pairs", width, height, title)]
    most = max(c.count for c in pairs)
    bar_x, bar_end = 300.0, 660.0
    for i, pair in enumerate(pairs):
        y = 12 + i * row
        out.append(
            f'<text x="{_f(bar_x - 14)}" y="{_f(y + 13)}" font-size="12" text-anchor="end">'
            f'<tspan style="fill:{MUTED}">{escape(pair.said)}</tspan>'
            f'<tspan style="fill:{MUTED}"> → </tspan>'
            f'<tspan font-weight="600">{escape(pair.target)}</tspan></text>'
        )
        length = max(4.0, (bar_end - bar_x) * pair.count / most)
        out.append(
            f'<rect x="{_f(bar_x)}" y="{_f(y + 3)}" width="{_f(length)}" height="14" rx="4" '
            f'fill="{_mix("#c06a62", 0.25)}"/>'
        )
        out.append(_text(bar_x + length + 7, y + 14, str(pair.count), size=11.5, style=f"fill:{MUTED}"))
    out.append("</svg>")
    return "".join(out)


def svg_granularity(report: Report) -> str:
    """Granularity over time: per bucket, the share of core, middle and outer words you gave."""
    width, height = 720, 250
    x0, x1, y0, y1 = 46.0, 700.0, 16.0, 190.0
    title = "Granularity over time: which ring your words came from"
    if not report.granularity.word_answers:
        return _svg_placeholder(
            "granularity", title, "Name a few feelings in your own words and this chart starts."
        )
    out = [_svg_open("granularity", width, height, title)]
    count = len(report.timeline)
    slot = (x1 - x0) / count
    bar = max(1.5, min(34.0, slot * 0.72))
    out.append(_percent_grid(x0, x1, {0: y1, 50: (y0 + y1) / 2, 100: y0}))
    xs = [x0 + slot * (i + 0.5) for i in range(count)]
    out.append(_x_labels(report, xs, y1 + 18))
    for i, point in enumerate(report.timeline):
        if not point.word_answers:
            continue
        bottom = y1
        for ring, share in (
            ("core", point.core_share),
            ("middle", point.middle_share),
            ("outer", point.outer_share),
        ):
            part = (y1 - y0) * (share or 0.0)
            if part <= 0:
                continue
            out.append(
                f'<rect x="{_f(xs[i] - bar / 2)}" y="{_f(bottom - part)}" width="{_f(bar)}" '
                f'height="{_f(part)}" fill="{RING_COLOURS[ring]}"/>'
            )
            bottom -= part
    legend = [
        ("outer ring (specific)", RING_COLOURS["outer"]),
        ("middle ring", RING_COLOURS["middle"]),
        ("core (broad)", RING_COLOURS["core"]),
    ]
    x = x0
    for label, colour in legend:
        out.append(f'<rect x="{_f(x)}" y="{height - 22}" width="12" height="12" rx="3" fill="{colour}"/>')
        out.append(_text(x + 18, height - 12, label, size=11.5))
        x += 18 + 6.6 * len(label) + 22
    out.append("</svg>")
    return "".join(out)


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def _html_tallies(title: str, tallies: list[Tally], label: str) -> str:
    if not tallies:
        return ""
    rows = "".join(
        f"<tr><td>{escape(_display(label, t.name))}</td>"
        f'<td style="width:36%"><span class="bar"><i style="width:{round((t.accuracy or 0) * 100)}%">'
        f'</i></span></td><td class="n">{_pct(t.accuracy)}</td>'
        f'<td class="n">{t.answers:,}</td></tr>'
        for t in tallies
    )
    return (
        f"<div><h3>{escape(title)}</h3><table><tr><th></th><th></th><th>right</th><th>of</th>"
        f"</tr>{rows}</table></div>"
    )


def _html_learned_words(report: Report) -> str:
    """The learned words, family by family, in the family's colour."""
    parent = {node.word: node.parent for node in report.wheel}
    by_family: dict[str, list[str]] = {}
    for node in report.wheel:
        core = node.word
        while (up := parent.get(core)) is not None:
            core = up
        words = by_family.setdefault(core, [])
        if node.strength == 3:
            words.append(node.word)
    if not any(by_family.values()):
        return ""
    colours = _family_colours(list(by_family))
    items = "".join(
        f'<li><span class="dot" style="background:{colours[core]}"></span><b>{escape(core)}</b> '
        f'<span class="muted">{len(words)}</span><br>{escape(", ".join(words))}</li>'
        for core, words in by_family.items()
        if words
    )
    return f'<h3>Words you hold firmly</h3><ul class="families">{items}</ul>'


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page: inline CSS and SVG, no script, no links out."""
    period = _period_text(report.period)
    noun = report.bucket
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>feelwords report · {escape(period)}</title><style>{CSS}</style></head><body><main>",
        '<header><p class="eyebrow">feelwords · your practice</p>',
        f"<h1>{escape(period)}</h1>",
        f'<p class="sub">Made on {_day_text(report.generated_at.date())}. '
        "Everything here stays on your computer.</p></header>",
    ]
    if not report.total_answers:
        parts.append(
            '<p class="welcome">No answers in this period yet. When you have done a drill or two, '
            "this page fills in with your streak, your words and how they are growing.</p>"
        )
    vocab = report.vocabulary
    tiles = (
        (str(report.streak), "day streak" if report.streak == 1 else "days in a row"),
        (f"{report.practice_days:,}", f"practice days, {_plural(report.total_answers, 'answer')}"),
        (str(vocab.learned), f"words learned, of {vocab.seen} seen ({vocab.new} new)"),
        (_pct(report.accuracy.accuracy), "accuracy (a close answer counts half)"),
    )
    parts.append(
        '<div class="tiles">'
        + "".join(
            f'<div class="tile"><b>{escape(value)}</b><span>{escape(text)}</span></div>'
            for value, text in tiles
        )
        + "</div>"
    )

    parts.append("<section><h2>What to practise next</h2>")
    if report.practise_next:
        parts.append(
            "<p>The places where a little practice would help most right now:</p>"
            '<ul class="next">'
            + "".join(f"<li>{escape(_focus_text(f))}</li>" for f in report.practise_next)
            + "</ul>"
        )
    else:
        parts.append(
            "<p>Nothing stands out yet. Once a family, a life area or a drill has "
            f"{MIN_ANSWERS_FOR_ADVICE} answers, the one that needs you most shows up here.</p>"
        )
    if report.to_refresh:
        parts.append(
            f"<p>{_plural(vocab.at_risk, 'word is', 'words are')} due for a refresh, so a short "
            'review now keeps them fresh:</p><div class="chips">'
            + "".join(f'<span class="chip">{escape(w)}</span>' for w in report.to_refresh)
            + "</div>"
        )
    parts.append("</section>")

    parts.append("<section><h2>When you practised</h2>")
    parts.append(
        _figure(
            svg_calendar(report),
            "Each square is a day; the deeper the colour, the more you answered. "
            "Gaps are normal. What matters is that you keep coming back.",
        )
    )
    parts.append("</section>")

    parts.append("<section><h2>How your answers went</h2>")
    parts.append(
        _figure(
            svg_accuracy(report),
            f"How often you found the word, {noun} by {noun}, for each kind of drill. "
            "A near miss counts as half. Dips often mean you tried something harder, "
            "which is how words grow.",
        )
    )
    cols = "".join(
        (
            _html_tallies("By drill", report.by_kind, "kind"),
            _html_tallies("By family", report.by_family, "family"),
            _html_tallies("By life area", report.by_domain, "domain"),
        )
    )
    if cols:
        parts.append(f'<div class="cols">{cols}</div>')
    parts.append("</section>")

    parts.append("<section><h2>Words you have learned</h2>")
    parts.append(
        _figure(
            svg_learned(report),
            "Words the scheduler expects you to remember for three weeks or more, "
            "counted from the day each one first held after a week's gap. "
            "The line only climbs as fast as memory does, and that is fine.",
        )
    )
    parts.append("</section>")

    parts.append("<section><h2>Your wheel</h2>")
    parts.append(
        _figure(
            svg_wheel(report),
            "The whole wheel: its families in the middle, finer words further out. "
            "The deeper a word's colour, the more firmly you hold it; pale words are "
            "still ahead of you. Hover over a slice to see its word.",
        )
    )
    parts.append(_html_learned_words(report))
    parts.append("</section>")

    parts.append("<section><h2>Pairs you mixed up</h2>")
    parts.append(
        _figure(
            svg_confusions(report),
            "The word you gave, then the word the moment called for. Neighbours on "
            "the wheel often differ in one telling detail, so these pairs are worth "
            "a second look.",
        )
    )
    parts.append("</section>")

    parts.append("<section><h2>How finely you name feelings</h2>")
    parts += [f"<p>{escape(sentence)}</p>" for sentence in _granularity_sentences(report)]
    parts.append(
        _figure(
            svg_granularity(report),
            f"For each {noun}, which ring of the wheel your own words came from. More "
            "outer-ring words means you reach for more specific feelings.",
        )
    )
    parts.append(f'<p class="note">{escape(GRANULARITY_NOTE)}</p></section>')

    if report.include_answers and report.answer_rows:
        shown = report.answer_rows[-MAX_ANSWERS_SHOWN:][::-1]
        rows = "".join(
            f"<tr><td>{row.day.isoformat()}</td><td>{escape(kind_label(row.kind))}</td>"
            f"<td>{escape(row.target)}</td><td>{escape(row.answer or '')}</td>"
            f"<td>{escape(row.grade)}</td></tr>"
            for row in shown
        )
        parts.append(
            f'<section><h2>Your answers</h2><p class="muted">The newest {len(shown)}, in your '
            "own words. This section is here because you asked for it.</p>"
            '<table class="answers"><tr><th>Date</th><th>Drill</th><th>Target</th>'
            f"<th>Your answer</th><th>Grade</th></tr>{rows}</table></section>"
        )

    parts.append(
        "<footer><h3>What the numbers mean</h3><dl>"
        + "".join(f"<dt>{escape(name)}</dt><dd>{escape(text)}</dd>" for name, text in DEFINITIONS)
        + "</dl></footer></main></body></html>\n"
    )
    return "".join(parts)
