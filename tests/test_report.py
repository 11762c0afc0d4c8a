"""The progress report: exact figures on a small known history, privacy, and every exporter."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from feelwords.content import load_content
from feelwords.errors import UsageError
from feelwords.report import (
    ANSWER_COLUMNS,
    CALENDAR_WEEKS,
    REPORT_SCHEMA_VERSION,
    WORD_COLUMNS,
    Report,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    streak_ending,
)
from feelwords.srs import CardState, Scheduler
from feelwords.store import Answer, Grade
from feelwords.wheel import Wheel

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
NOW = datetime(2025, 3, 10, 20, 0, tzinfo=UTC)
START, END = date(2025, 3, 1), date(2025, 3, 10)
SECRET = "SECRET-PINEAPPLE-42"
CHART_IDS = {"calendar", "accuracy-over-time", "words-learned", "wheel", "confused-pairs", "granularity"}


@pytest.fixture
def wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Wheel:
    monkeypatch.setenv("FEELWORDS_HOME", str(tmp_path))
    return load_content(MINI, use_cache=False).wheel


def answer(
    day: date,
    card: str,
    target: list[str],
    grade: Grade,
    rating: int,
    *,
    text: str = "",
    matched: str | None = None,
    distance: int | None = None,
    domain: str | None = None,
    hour: int = 12,
    ms: int = 4000,
) -> Answer:
    kind, _, item = card.partition(":")
    return Answer(
        ts=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
        day=day,
        session=f"s-{day.isoformat()}",
        card=card,
        kind=kind,
        item=item,
        target=target,
        answer=text,
        grade=grade,
        rating=rating,
        ms=ms,
        matched=matched,
        distance=distance,
        domain=domain,
    )


def card_state(*reviews: tuple[datetime, int]) -> CardState:
    scheduler = Scheduler()
    state = scheduler.new(reviews[0][0])
    for when, rating in reviews:
        state = scheduler.review(state, rating, when, 3000)
    return state


def history() -> list[Answer]:
    """One answer before the period, eight in it; the figures below are worked out by hand."""
    d = date
    return [
        answer(d(2025, 2, 20), "name:name-late-again", ["annoyed"], "correct", 3,
               text="annoyed", matched="annoyed", distance=0, domain="partner"),
        answer(d(2025, 3, 7), "name:name-late-again", ["annoyed"], "correct", 3,
               text="I feel irritated", matched="irritated", distance=0, domain="partner"),
        answer(d(2025, 3, 7), "name:name-old-unfairness", ["resentful"], "partial", 1, hour=13,
               text="annoyed", matched="annoyed", distance=2, domain="work"),
        answer(d(2025, 3, 8), "define:resentful", ["resentful"], "close", 2,
               text="bitter", matched="bitter", distance=1),
        answer(d(2025, 3, 9), "discriminate:discriminate-small-nuisance", ["annoyed"], "wrong", 1,
               text="resentful", matched="resentful", distance=2, domain="self"),
        answer(d(2025, 3, 9), "ladder:ladder-anger-order", ["irritated", "angry", "bitter"], "correct", 4,
               hour=13, text="1 2 3", distance=0, domain="self"),
        answer(d(2025, 3, 10), "listen:listen-long-day", ["angry", "resentful"], "self", 3,
               hour=8, text=f"That sounds humiliating {SECRET}", domain="partner"),
        answer(d(2025, 3, 10), "name:name-quiet-evening", ["serene"], "partial", 1,
               hour=9, text="calm", matched="calm", distance=2, domain="self"),
        answer(d(2025, 3, 10), "articulate:articulate-dishes", ["annoyed", "resentful"], "correct", 3,
               hour=10, text="I feel annoyed when the dishes wait", matched="annoyed", distance=0,
               domain="partner"),
    ]  # fmt: skip


def cards() -> dict[str, CardState]:
    return {
        # Two easy recalls nine days apart: stability well past 21 days, due long after NOW.
        "name:name-late-again": card_state(
            (datetime(2025, 2, 1, tzinfo=UTC), 4), (datetime(2025, 2, 10, tzinfo=UTC), 4)
        ),
        # Forgotten and half-remembered: both due again before NOW.
        "name:name-old-unfairness": card_state((datetime(2025, 3, 7, 13, tzinfo=UTC), 1)),
        "define:resentful": card_state((datetime(2025, 3, 8, 12, tzinfo=UTC), 2)),
    }


def small_report(wheel: Wheel, *, include_answers: bool = False) -> Report:
    return build_report(
        history(), cards(), wheel, start=START, end=END, now=NOW, include_answers=include_answers
    )


def every_format(report: Report) -> dict[str, str]:
    return {
        "markdown": render_markdown(report),
        "json": render_json(report),
        "csv answers": render_csv(report, "answers"),
        "csv words": render_csv(report, "words"),
        "html": render_html(report),
    }


# --- figures -----------------------------------------------------------------------------------


def test_report_counts_the_period(wheel: Wheel) -> None:
    report = small_report(wheel)
    assert report.schema_version == REPORT_SCHEMA_VERSION == 1
    assert report.generated_at == NOW
    assert (report.period.start, report.period.end) == (START, END)
    assert report.total_answers == 8
    assert report.practice_days == 4
    assert report.streak == 4


def test_report_accuracy_counts_close_as_half_and_leaves_self_rated_out(wheel: Wheel) -> None:
    report = small_report(wheel)
    assert (report.accuracy.answers, report.accuracy.correct, report.accuracy.close) == (7, 3, 1)
    assert report.accuracy.accuracy == 0.5
    assert {t.name: (t.answers, t.accuracy) for t in report.by_kind} == {
        "articulate": (1, 1.0),
        "define": (1, 0.5),
        "discriminate": (1, 0.0),
        "ladder": (1, 1.0),
        "name": (3, 0.3333),
    }
    assert [(t.name, t.answers, t.accuracy) for t in report.by_family] == [
        ("angry", 6, 0.5833),
        ("calm", 1, 0.0),
    ]
    assert [(t.name, t.answers, t.accuracy) for t in report.by_domain] == [
        ("partner", 2, 1.0),
        ("self", 3, 0.3333),
        ("work", 1, 0.0),
    ]


def test_report_vocabulary(wheel: Wheel) -> None:
    vocab = small_report(wheel).vocabulary
    assert (vocab.seen, vocab.new, vocab.learned, vocab.at_risk) == (6, 5, 1, 1)


def test_report_word_rows(wheel: Wheel) -> None:
    report = small_report(wheel)
    rows = {w.word: w for w in report.words}
    assert list(rows) == ["angry", "annoyed", "bitter", "irritated", "resentful", "serene"]
    assert {w: r.times_seen for w, r in rows.items()} == {
        "angry": 2, "annoyed": 3, "bitter": 1, "irritated": 1, "resentful": 4, "serene": 1,
    }  # fmt: skip
    assert rows["annoyed"].accuracy == 0.6667
    assert rows["resentful"].accuracy == 0.5
    assert rows["angry"].accuracy == 1.0  # the ladder; the listening answer is self-rated
    assert rows["annoyed"].learned and not rows["annoyed"].at_risk
    assert rows["annoyed"].stability_days is not None and rows["annoyed"].stability_days >= 21
    assert rows["annoyed"].due is not None and rows["annoyed"].due > END
    assert rows["resentful"].at_risk and not rows["resentful"].learned
    assert rows["resentful"].due == date(2025, 3, 7)  # the earlier of its two cards
    assert rows["serene"].stability_days is None and rows["serene"].due is None
    assert (rows["bitter"].family, rows["bitter"].ring) == ("angry", "outer")
    assert report.to_refresh == ["resentful"]


def test_report_granularity(wheel: Wheel) -> None:
    g = small_report(wheel).granularity
    # Word answers: irritated (outer), annoyed (middle), bitter (outer), calm (core), annoyed (middle);
    # the discrimination pick is not the person's own word.
    assert (g.word_answers, g.core, g.middle, g.outer) == (5, 1, 2, 2)
    assert (g.core_share, g.middle_share, g.outer_share) == (0.2, 0.4, 0.4)
    assert (g.misses, g.mean_miss_distance) == (3, 1.667)
    assert g.distinct_words == 3  # irritated, annoyed, calm; 'define' is not a naming drill
    assert g.trend == "too few answers"


def test_report_confusions(wheel: Wheel) -> None:
    pairs = [(c.said, c.target, c.count) for c in small_report(wheel).confusions]
    assert pairs == [
        ("annoyed", "resentful", 1),
        ("bitter", "resentful", 1),
        ("calm", "serene", 1),
        ("resentful", "annoyed", 1),
    ]


def test_report_timeline_and_calendar(wheel: Wheel) -> None:
    report = small_report(wheel)
    assert report.bucket == "week"
    points = [(p.start, p.end, p.answers, p.accuracy, p.words_learned) for p in report.timeline]
    assert points == [
        (date(2025, 3, 1), date(2025, 3, 2), 0, None, 0),
        # annoyed held on 7 March: recalled 15 days after its card's previous answer
        (date(2025, 3, 3), date(2025, 3, 9), 5, 0.5, 1),
        (date(2025, 3, 10), date(2025, 3, 10), 3, 0.5, 1),
    ]
    assert report.timeline[1].accuracy_by_kind["name"] == 0.5
    assert report.timeline[2].accuracy_by_kind["ladder"] is None
    assert (report.timeline[1].outer_share, report.timeline[2].core_share) == (0.6667, 0.5)
    assert [(c.day.day, c.answers) for c in report.calendar if c.answers] == [(7, 2), (8, 1), (9, 2), (10, 3)]
    assert len(report.calendar) == 10


def test_report_wheel_strengths(wheel: Wheel) -> None:
    strengths = {node.word: node.strength for node in small_report(wheel).wheel}
    assert strengths == {
        "angry": 1, "annoyed": 3, "irritated": 1, "resentful": 1,
        "bitter": 1, "calm": 0, "relaxed": 0, "serene": 1,
    }  # fmt: skip


def test_report_due_dates_use_the_zone_of_now(wheel: Wheel) -> None:
    far_west = NOW.astimezone(timezone(timedelta(hours=-14)))
    report = build_report(history(), cards(), wheel, start=START, end=END, now=far_west)
    # resentful's first card fell due at 13:01 UTC on 7 March, still the 6th fourteen hours west
    assert next(w for w in report.words if w.word == "resentful").due == date(2025, 3, 6)


def test_words_learned_count_from_the_first_recall_after_a_weeks_gap(wheel: Wheel) -> None:
    d = date
    answers = [
        answer(d(2025, 3, 1), "name:a", ["bitter"], "correct", 3),
        answer(d(2025, 3, 9), "name:a", ["bitter"], "wrong", 1),  # a miss: whatever held is gone
        answer(d(2025, 3, 12), "name:a", ["bitter"], "close", 2),  # three days on: too soon
        answer(d(2025, 3, 20), "name:a", ["bitter"], "correct", 3),  # a week after: held
        answer(d(2025, 3, 21), "name:a", ["bitter"], "correct", 3),
        answer(d(2025, 3, 4), "name:b", ["serene"], "correct", 4),  # no gap: counted from its last answer
        answer(d(2025, 3, 6), "name:b", ["serene"], "correct", 4),
    ]
    strong = card_state((datetime(2025, 1, 1, tzinfo=UTC), 4), (datetime(2025, 1, 10, tzinfo=UTC), 4))
    report = build_report(
        answers, {"name:a": strong, "name:b": strong}, wheel, start=d(2025, 3, 1), end=d(2025, 3, 31), now=NOW
    )
    assert [(p.end.day, p.words_learned) for p in report.timeline] == [
        (2, 0),
        (9, 1),
        (16, 1),
        (23, 2),
        (30, 2),
        (31, 2),
    ]


def test_report_practise_next_needs_enough_answers(wheel: Wheel) -> None:
    day = date(2025, 3, 5)
    answers = [
        answer(
            day, f"name:calm-{i}", ["serene"], "correct" if i < 3 else "wrong", 3, hour=1 + i, domain="work"
        )
        for i in range(12)
    ] + [
        answer(day, f"name:angry-{i}", ["bitter"], "correct", 3, hour=1 + i, domain="work") for i in range(12)
    ]
    report = build_report(answers, {}, wheel, start=START, end=END, now=NOW)
    assert [(f.dimension, f.name, f.answers, f.accuracy) for f in report.practise_next] == [
        ("family", "calm", 12, 0.25),
        ("domain", "work", 24, 0.625),
        ("kind", "name", 24, 0.625),
    ]
    few = build_report(answers[:9], {}, wheel, start=START, end=END, now=NOW)
    assert few.practise_next == []


def test_report_granularity_trend_finer(wheel: Wheel) -> None:
    day = date(2025, 3, 5)
    broad = [answer(day, "name:x", ["angry"], "correct", 3, hour=0, matched="angry") for _ in range(20)]
    fine = [answer(day, "name:y", ["bitter"], "correct", 3, hour=9, matched="bitter") for _ in range(20)]
    report = build_report(broad + fine, {}, wheel, start=START, end=END, now=NOW)
    assert report.granularity.trend == "finer"
    report = build_report(fine[:20] + fine[:20], {}, wheel, start=START, end=END, now=NOW)
    assert report.granularity.trend == "steady"


def test_report_ignores_answers_after_the_end(wheel: Wheel) -> None:
    late = answer(date(2025, 3, 11), "name:name-late-again", ["serene"], "correct", 3, matched="serene")
    report = build_report([*history(), late], cards(), wheel, start=START, end=END, now=NOW)
    assert report.total_answers == 8
    assert "serene" in {w.word for w in report.words}  # from the earlier answer, not this one
    assert report.words[-1].times_seen == 1


def test_report_rejects_a_period_that_ends_before_it_starts(wheel: Wheel) -> None:
    with pytest.raises(UsageError, match=r"starts on 2025-03-10, after it ends on 2025-03-01"):
        build_report([], {}, wheel, start=END, end=START, now=NOW)


# --- streak -----------------------------------------------------------------------------------


def test_streak_counts_back_from_the_end() -> None:
    days = {date(2025, 3, d) for d in (4, 5, 6, 8, 9, 10)}
    assert streak_ending(days, date(2025, 3, 10)) == 3


def test_streak_counts_from_the_day_before_when_the_end_has_no_answer() -> None:
    days = {date(2025, 3, d) for d in (8, 9)}
    assert streak_ending(days, date(2025, 3, 10)) == 2


def test_streak_is_zero_after_two_quiet_days() -> None:
    assert streak_ending({date(2025, 3, 8)}, date(2025, 3, 10)) == 0
    assert streak_ending(set(), date(2025, 3, 10)) == 0


def test_streak_reaches_back_before_the_period(wheel: Wheel) -> None:
    answers = [
        answer(date(2025, 2, 25) + timedelta(days=i), "name:x", ["angry"], "correct", 3) for i in range(14)
    ]
    report = build_report(answers, {}, wheel, start=START, end=END, now=NOW)
    assert report.streak == 14
    assert report.practice_days == 10


def test_streak_ignores_answers_after_the_end(wheel: Wheel) -> None:
    answers = [answer(date(2025, 3, 11), "name:x", ["angry"], "correct", 3)]
    assert build_report(answers, {}, wheel, start=START, end=END, now=NOW).streak == 0


# --- privacy ----------------------------------------------------------------------------------


def test_report_never_shows_free_text_unless_asked(wheel: Wheel) -> None:
    report = small_report(wheel)
    assert all(row.answer is None for row in report.answer_rows)
    for name, text in every_format(report).items():
        assert SECRET not in text, name
        assert "dishes wait" not in text, name


def test_report_shows_free_text_when_asked(wheel: Wheel) -> None:
    outputs = every_format(small_report(wheel, include_answers=True))
    for name in ("markdown", "json", "csv answers", "html"):
        assert SECRET in outputs[name], name
    assert SECRET not in outputs["csv words"]


def test_report_escapes_free_text(wheel: Wheel) -> None:
    tricky = answer(date(2025, 3, 9), "name:x", ["angry"], "wrong", 1, text="<b>a | b</b>\nnext")
    report = build_report([tricky], {}, wheel, start=START, end=END, now=NOW, include_answers=True)
    assert "<b>a" not in render_html(report)
    assert "&lt;b&gt;a | b&lt;/b&gt;" in render_html(report)
    assert "\\<b\\>a \\| b\\</b\\> next" in render_markdown(report)


# --- exporters --------------------------------------------------------------------------------


def test_csv_answers_read_back(wheel: Wheel) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(small_report(wheel), "answers"))))
    assert tuple(rows[0]) == ANSWER_COLUMNS
    assert len(rows) == 8
    assert rows[4] == {
        "date": "2025-03-09",
        "kind": "ladder",
        "item": "ladder-anger-order",
        "target": "irritated; angry; bitter",
        "answer": "",
        "grade": "correct",
        "rating": "4",
        "seconds": "4.0",
    }
    assert {row["answer"] for row in rows} == {""}
    with_text = list(csv.DictReader(io.StringIO(render_csv(small_report(wheel, include_answers=True)))))
    assert with_text[0]["answer"] == "I feel irritated"


def test_csv_words_read_back(wheel: Wheel) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(small_report(wheel), "words"))))
    assert tuple(rows[0]) == WORD_COLUMNS
    annoyed = next(row for row in rows if row["word"] == "annoyed")
    assert (annoyed["family"], annoyed["ring"], annoyed["times_seen"], annoyed["accuracy"]) == (
        "angry", "middle", "3", "0.6667",
    )  # fmt: skip
    assert (annoyed["learned"], annoyed["at_risk"]) == ("yes", "no")
    serene = next(row for row in rows if row["word"] == "serene")
    assert (serene["stability_days"], serene["due"]) == ("", "")


def test_json_reads_back_into_the_same_report(wheel: Wheel) -> None:
    report = small_report(wheel, include_answers=True)
    text = render_json(report)
    data = json.loads(text)
    assert data["schema_version"] == 1
    assert data["period"] == {"start": "2025-03-01", "end": "2025-03-10"}
    assert data["vocabulary"] == {"seen": 6, "new": 5, "learned": 1, "at_risk": 1}
    assert data["answer_columns"] == list(ANSWER_COLUMNS)
    assert data["answer_rows"][0][:4] == ["2025-03-07", "name", "name-late-again", "annoyed"]
    assert Report.model_validate_json(text) == report


def test_markdown_summary(wheel: Wheel) -> None:
    text = render_markdown(small_report(wheel))
    assert text.startswith("# Your feelwords report\n\n1 Mar 2025 – 10 Mar 2025 · made on 10 Mar 2025\n")
    assert "- **Streak:** 4 days in a row" in text
    assert "- **Words:** 6 seen (5 new), 1 learned, 1 due for a refresh" in text
    assert "- **Accuracy:** 50% (a close answer counts half)" in text
    assert "| annoyed | resentful | 1 |" in text
    assert "not a clinical measure" in text


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[str] = []
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += attrs
        if tag == "svg":
            self.svgs.append(dict(attrs).get("id") or "")


def parse_html(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def test_html_has_every_chart_and_nothing_external(wheel: Wheel) -> None:
    text = render_html(small_report(wheel))
    page = parse_html(text)
    assert set(page.svgs) == CHART_IDS
    assert len(page.svgs) == len(CHART_IDS)
    assert "http" not in text.lower()
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not [name for name, _ in page.attributes if name in ("src", "href") or name.startswith("on")]
    assert "@media print" in text


def test_html_wheel_has_one_arc_per_word(wheel: Wheel) -> None:
    text = render_html(small_report(wheel))
    svg = text[text.index('<svg id="wheel"') : text.index("</svg>", text.index('<svg id="wheel"'))]
    assert svg.count("<path ") == len(wheel.entries)
    assert "annoyed: learned (3+ weeks)" in svg


# --- an empty history -------------------------------------------------------------------------


def test_report_on_an_empty_history(wheel: Wheel) -> None:
    report = build_report([], {}, wheel, start=END, end=END, now=NOW)
    assert (report.total_answers, report.streak, report.practice_days) == (0, 0, 0)
    assert report.accuracy.accuracy is None
    assert report.granularity.mean_miss_distance is None
    outputs = every_format(report)
    assert "No answers in this period yet" in outputs["markdown"]
    assert "No answers in this period yet" in outputs["html"]
    assert set(parse_html(outputs["html"]).svgs) == CHART_IDS
    assert json.loads(outputs["json"])["answer_rows"] == []
    assert outputs["csv answers"] == ",".join(ANSWER_COLUMNS) + "\n"
    assert outputs["csv words"] == ",".join(WORD_COLUMNS) + "\n"


# --- a long history ---------------------------------------------------------------------------


def synthetic(wheel: Wheel, days: int, per_day: int, end: date) -> list[Answer]:
    rng = random.Random(3)
    words = list(wheel.entries)
    grades: list[tuple[Grade, int]] = [
        ("correct", 3),
        ("correct", 4),
        ("close", 2),
        ("partial", 1),
        ("wrong", 1),
    ]
    kinds = ("name", "body", "discriminate", "ladder", "articulate", "listen")
    domains = ("partner", "work", "self", "family")
    out: list[Answer] = []
    first = end - timedelta(days=days - 1)
    for offset in range(days):
        day = first + timedelta(days=offset)
        base = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
        for i in range(per_day):
            target = rng.choice(words)
            kind = kinds[(offset + i) % len(kinds)]
            grade, rating = ("self", 3) if kind == "listen" else rng.choice(grades)
            matched = target if grade == "correct" else rng.choice(words)
            out.append(
                Answer(
                    ts=base + timedelta(minutes=i), day=day, session=str(offset), card=f"{kind}:{target}",
                    kind=kind, item=f"{kind}-{target}", target=[target], answer=SECRET, grade=grade,
                    rating=rating, ms=3000, matched=None if kind == "ladder" else matched,
                    distance=wheel.distance(matched, target), domain=rng.choice(domains),
                )
            )  # fmt: skip
    return out


def test_report_on_ten_years_of_history(wheel: Wheel) -> None:
    end = date(2035, 6, 30)
    answers = synthetic(wheel, 3650, 15, end)
    assert len(answers) == 54750
    learned = card_state((datetime(2035, 1, 1, tzinfo=UTC), 4), (datetime(2035, 1, 10, tzinfo=UTC), 4))
    states = {a.card: learned for a in answers[-200:]}
    start = end - timedelta(days=3649)
    report = build_report(
        answers, states, wheel, start=start, end=end, now=datetime(2035, 6, 30, 22, tzinfo=UTC)
    )
    assert report.total_answers == 54750
    assert report.streak == 3650
    assert report.bucket == "month"
    assert len(report.timeline) == 120  # July 2025 to June 2035
    assert len(report.calendar) <= CALENDAR_WEEKS * 7
    outputs = every_format(report)
    assert all(SECRET not in text for text in outputs.values())
    assert outputs["csv answers"].count("\n") == 54751
    assert set(parse_html(outputs["html"]).svgs) == CHART_IDS
    assert len(outputs["html"]) < 400_000
    assert len(outputs["markdown"]) < 50_000


def test_report_buckets_by_year_beyond_ten_years(wheel: Wheel) -> None:
    report = build_report([], {}, wheel, start=date(2010, 5, 1), end=END, now=NOW)
    assert report.bucket == "year"
    assert [p.start for p in report.timeline][:2] == [date(2010, 5, 1), date(2011, 1, 1)]
    assert len(report.calendar) == 52 * 7 + 1  # from the Monday 52 weeks back, to a Monday
    assert set(parse_html(render_html(report)).svgs) == CHART_IDS
