"""The command line: parse, call the core, hand the result to ui. Nothing here decides anything."""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from . import __version__
from .errors import FeelwordsError, NotFoundError, UsageError

if TYPE_CHECKING:
    from .content import Content
    from .store import Store

app = typer.Typer(
    name="feelwords",
    help="Find the precise word for what you feel, and practise saying it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """app.command, with expected failures turned into one clear line and exit code 1 (2 for usage)."""

    def decorate(fn: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(fn)
        def wrapper(*a: Any, **k: Any) -> None:
            try:
                fn(*a, **k)
            except UsageError as exc:
                fail(str(exc), 2)
            except NotFoundError as exc:
                from . import ui

                message = str(exc)
                if exc.suggestions and "Did you mean" not in message:
                    message = f"{message} {ui.suggestions(exc.suggestions)}"
                fail(message)
            except FeelwordsError as exc:
                fail(str(exc))

        app.command(*args, **kwargs)(wrapper)
        return wrapper

    return decorate


@dataclass
class Settings:
    data_dir: Path | None = None
    home: Path | None = None
    _content: Content | None = None

    def content(self) -> Content:
        if self._content is None:
            from .content import load_content

            self._content = load_content(self.data_dir)
        return self._content


SETTINGS = Settings()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"feelwords {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="FEELWORDS_DATA_DIR",
            help="Use your own emotion_wheel.yaml (and prompts.yaml) from this folder.",
            file_okay=False,
        ),
    ] = None,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            envvar="FEELWORDS_HOME",
            help="Keep your history in this folder instead of the user data folder.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Find the precise word for what you feel, and practise saying it."""
    SETTINGS.data_dir = data_dir
    SETTINGS.home = home
    SETTINGS._content = None


def emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def fail(message: str, code: int = 1) -> NoReturn:
    from . import ui

    ui.error(message)
    raise typer.Exit(code)


# --- lookup ----------------------------------------------------------------------------------------


@command()
def lookup(
    query: Annotated[
        list[str] | None,
        typer.Argument(help="A feeling word (typos and slang welcome) or a description of the moment."),
    ] = None,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=1, help="How many words to return for a description."),
    ] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a card.")] = False,
    batch: Annotated[
        str | None,
        typer.Option("--batch", help="Read one query a line from FILE (or - for stdin); print JSON Lines."),
    ] = None,
) -> None:
    """Look up a feeling word, or describe a moment and get the words that fit.

    Examples: feelwords lookup resentful | feelwords lookup "tight chest before talking to my boss"
    """
    from .lookup import lookup as run_lookup
    from .lookup import to_json

    content = SETTINGS.content()
    wheel = content.wheel
    if batch is not None:
        if query:
            raise UsageError("Give either a query or --batch, not both.")
        index = content.ranker()
        for line in _read_lines(batch):
            if not line.strip():
                continue
            row: dict[str, Any]
            try:
                row = to_json(run_lookup(wheel, line, limit=limit, index=index))
            except FeelwordsError as exc:
                row = {"query": line, "kind": None, "matches": [], "error": str(exc)}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not query:
        raise UsageError("Give a word or a description to look up, or --batch FILE.")
    text = _clean_arg(" ".join(query))
    try:
        result = run_lookup(wheel, text, limit=limit, index=content.ranker)
    except NotFoundError as exc:
        from . import ui

        if as_json:
            emit_json(
                {
                    "query": text,
                    "kind": None,
                    "matches": [],
                    "error": str(exc),
                    "suggestions": exc.suggestions,
                }
            )
            raise typer.Exit(1) from None
        hint = ui.suggestions(exc.suggestions)
        fail(f"{exc} {hint}".strip())
    if as_json:
        emit_json(to_json(result))
        return
    from . import ui

    ui.out().print(ui.lookup_result(result))


def _clean_arg(text: str) -> str:
    """Arguments from a terminal in another encoding arrive with lone surrogates; show them as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _read_lines(source: str) -> list[str]:
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError(f"Cannot read {source}: {exc.strerror or exc}.") from None
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise UsageError(f"{'stdin' if source == '-' else source} is not UTF-8 text.") from None


# --- wheel and validate --------------------------------------------------------------------------


@command()
def wheel(
    word: Annotated[str | None, typer.Argument(help="Show only this word's branch.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a tree.")] = False,
) -> None:
    """Show the emotion wheel as a tree, or one branch of it.

    Example: feelwords wheel angry
    """
    the_wheel = SETTINGS.content().wheel
    root = None
    if word is not None:
        resolution = the_wheel.resolve(word)
        if resolution is None:
            from . import ui

            raise NotFoundError(
                f"'{word}' is not on the wheel. {ui.suggestions(the_wheel.suggest(word))}".strip()
            )
        root = resolution.word
    if as_json:
        emit_json(_wheel_json(the_wheel, root))
        return
    from . import ui

    ui.out().print(ui.wheel_tree(the_wheel, root))


def _wheel_json(the_wheel: Any, root: str | None) -> dict[str, Any]:
    def node(word: str) -> dict[str, Any]:
        entry = the_wheel.entries[word]
        return {
            "word": word,
            "ring": the_wheel.ring(word),
            "intensity": entry.intensity,
            "definition": entry.definition,
            "children": [node(c) for c in the_wheel.children.get(word, [])],
        }

    roots = [root] if root else the_wheel.cores
    return {
        "name": the_wheel.data.name,
        "words": len(the_wheel.entries),
        "wheel": [node(r) for r in roots],
    }


@command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Wheel or prompt files to check; default: the active content."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (problems still exit 1).")] = False,
) -> None:
    """Check a wheel or prompt file for mistakes, with the file, line and field of each.

    Example: feelwords validate my-wheel/emotion_wheel.yaml
    """
    from . import ui
    from .content import load_content, validate_path

    if not paths:
        content = load_content(SETTINGS.data_dir, use_cache=False)
        summaries = [
            f"{content.data_dir}: {len(content.wheel_data.words)} words and "
            f"{len(content.prompts.items)} prompts, all valid."
        ]
    else:
        summaries = [validate_path(path, _active_wheel_or_none()) for path in paths]
    if as_json:
        emit_json({"valid": True, "checked": summaries})
        return
    for summary in summaries:
        ui.info(summary)


def _active_wheel_or_none() -> Any:
    try:
        return SETTINGS.content().wheel_data
    except FeelwordsError:
        return None


# --- check --------------------------------------------------------------------------------------------


@command()
def check(
    text: Annotated[list[str] | None, typer.Argument(help="What you would say, in quotes.")] = None,
    listen: Annotated[
        bool, typer.Option("--listen", help="Check a reply to someone, not a statement.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    batch: Annotated[
        str | None,
        typer.Option("--batch", help="Read one text a line from FILE (or - for stdin); print JSON Lines."),
    ] = None,
) -> None:
    """Feedback on an I-statement, or with --listen on a reply to someone who is upset.

    Example: feelwords check "I feel ignored when you're on your phone"
    """
    from .feedback import analyse_reply, analyse_statement

    wheel = SETTINGS.content().wheel

    def analyse(line: str) -> Any:
        if not line.strip():
            raise UsageError("Nothing to check: write what you would say.")
        if len(line) > 4000:
            raise UsageError(f"The text is {len(line)} characters; keep it under 4000.")
        return analyse_reply(line, wheel) if listen else analyse_statement(line, wheel)

    if batch is not None:
        if text:
            raise UsageError("Give either a text or --batch, not both.")
        for line in _read_lines(batch):
            if not line.strip():
                continue
            try:
                row = analyse(line).model_dump(mode="json")
            except FeelwordsError as exc:
                row = {"text": line, "findings": [], "error": str(exc)}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not text:
        raise UsageError("Give the text to check, in quotes, or --batch FILE.")
    feedback = analyse(_clean_arg(" ".join(text)))
    if as_json:
        emit_json(feedback.model_dump(mode="json"))
        return
    from . import ui

    ui.out().print(ui.feedback_view(feedback))


# --- drills and history ------------------------------------------------------------------------------


def _now() -> datetime:
    """The current time; FEELWORDS_NOW (ISO 8601) pins it, so scripted sessions are reproducible."""
    import os

    pinned = os.environ.get("FEELWORDS_NOW")
    if pinned:
        try:
            value = datetime.fromisoformat(pinned)
        except ValueError:
            raise UsageError(f"FEELWORDS_NOW={pinned!r} is not an ISO 8601 date and time.") from None
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def _store() -> Store:
    from .fsutil import home_dir
    from .store import Store

    return Store(home_dir(SETTINGS.home))


MAX_ANSWER_CHARS = 4000


def _read_answer() -> str | None:
    """One typed line, a pasted essay cut short."""
    line = sys.stdin.readline()
    if not line:
        return None
    return line.rstrip("\r\n")[:MAX_ANSWER_CHARS]


@command()
def drill(
    count: Annotated[int, typer.Option("--count", "-c", min=1, max=200, help="How many items.")] = 12,
    minutes: Annotated[
        float,
        typer.Option("--minutes", "-m", min=0.5, max=120, help="Stop offering items after this long."),
    ] = 5.0,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only these kinds: name, body, define, label, discriminate, ladder, articulate, listen.",
        ),
    ] = None,
    domain: Annotated[
        str | None,
        typer.Option(
            "--domain",
            "-d",
            help="Only items from this part of life: partner, intimacy, work, family, friends, body, self.",
        ),
    ] = None,
    new: Annotated[int, typer.Option("--new", min=0, max=100, help="New items allowed today.")] = 8,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Fix the order, for repeatable sessions.")
    ] = None,
) -> None:
    """Run a short drill: due reviews first, then a few new items, then a summary.

    Example: feelwords drill --count 8 --kind name
    """
    import random
    import time

    from . import ui
    from .drill import DRILL_KINDS, grade, new_today, plan_session, streak
    from .models import DOMAINS
    from .srs import LEECH_LAPSES, RATING_NAMES, Scheduler, due_between, load_states, rating_for, save_states
    from .store import Answer

    for k in kind or []:
        if k not in DRILL_KINDS:
            raise UsageError(f"--kind {k!r} is not a drill kind; choose from {', '.join(DRILL_KINDS)}.")
    if domain is not None and domain not in DOMAINS:
        raise UsageError(f"--domain {domain!r} is not a domain; choose from {', '.join(DOMAINS)}.")
    content = SETTINGS.content()
    store = _store()
    scheduler = Scheduler()
    rng = random.Random(seed)
    # Bytes that are not UTF-8 become U+FFFD instead of stopping the session; only possible before
    # the first read.
    with contextlib.suppress(AttributeError, ValueError, OSError):
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
    started = _now()
    today = _local_day(started)
    session_id = started.strftime("%Y%m%dT%H%M%S") + f"-{rng.randrange(16**4):04x}"
    answered: list[Answer] = []
    with store.writer(started) as writer:
        history = writer.history
        states = load_states(store, scheduler)
        plan_for = functools.partial(
            plan_session, content, states, started, rng, count=count, kinds=kind, domain=domain
        )
        plan = plan_for(new_limit=new, new_used_today=new_today(history, today))
        questions = list(plan.questions)
        if not questions:
            ui.info("Nothing is due and today's new items are done. Practice more? [y/N]")
            ui.prompt()
            reply = _read_answer()
            if reply is None or reply.strip().lower() not in ("y", "yes"):
                ui.info("See you tomorrow.")
                return
            questions = plan_for(new_limit=0, extra=True).questions
        clock_start = time.monotonic()
        interrupted = False
        try:
            for number, q in enumerate(questions, 1):
                if time.monotonic() - clock_start > minutes * 60:
                    ui.info(f"That's {minutes:g} minutes; stopping here.")
                    break
                ui.question(number, len(questions), q.kind, q.text, q.ask, q.is_new)
                ui.prompt()
                asked = time.monotonic()
                reply = _read_answer()
                if reply is None:
                    break
                ms = int((time.monotonic() - asked) * 1000)
                if q.self_graded:
                    result, suggested = _free_text_verdict(content, q, reply)
                    ui.verdict(result.grade, result.headline, result.details)
                    if q.model_answer:
                        ui.model_answer(q.model_answer)
                    rating = _ask_rating(suggested)
                    if rating is None:
                        break
                    grade_name = "self"
                else:
                    result = grade(content, q, reply)
                    ui.verdict(result.grade, result.headline, result.details)
                    grade_name = result.grade
                    rating = rating_for(result.grade, ms)
                moment = _now()
                answer = Answer(
                    ts=moment,
                    day=_local_day(moment),
                    session=session_id,
                    card=q.card,
                    kind=q.kind,
                    item=q.item,
                    target=q.targets,
                    answer=reply,
                    grade=grade_name,
                    rating=rating,
                    ms=ms,
                    matched=result.matched,
                    distance=result.distance,
                    domain=q.domain,
                )
                writer.append(answer)
                answered.append(answer)
                states = scheduler.replay([answer], states)
                if states[q.card].lapses == LEECH_LAPSES:
                    ui.info(f"'{q.item}' keeps slipping; it is set aside for now (see `feelwords stats`).")
                ui.info(f"  [{RATING_NAMES[rating]}; next in {_interval(states[q.card].due - moment)}]")
        except KeyboardInterrupt:
            interrupted = True
        save_states(store, states)
        days = {a.day for a in history} | {a.day for a in answered}
        lines = _summary_lines(
            answered,
            streak(days, today),
            due_between(states, started + timedelta(days=1) - timedelta(seconds=1), 0),
            content,
        )
        ui.summary(lines)
        if interrupted:
            ui.info("Stopped. Every answer you finished is saved.")
            raise typer.Exit(130)


def _free_text_verdict(content: Content, q: Any, reply: str) -> tuple[Any, int]:
    """Feedback on a free-text answer, and the rating it suggests (the person has the last word)."""
    from .feedback import analyse_reply, analyse_statement
    from .grading import Verdict
    from .srs import AGAIN, GOOD, HARD

    feedback = (
        analyse_reply(reply, content.wheel, q.targets)
        if q.kind == "listen"
        else analyse_statement(reply, content.wheel)
    )
    details = [f.message for f in feedback.findings][:5]
    details += [f"Try: {t}" for t in feedback.try_instead][:2]
    named = [f.text for f in feedback.findings if f.kind == "feeling_word"]
    found = next((r for r in (content.wheel.resolve(w) for w in named) if r is not None), None)
    headline = f"Score {feedback.score:.0%}. " + " ".join(feedback.worked[:1])
    suggested = GOOD if feedback.score >= 0.75 else HARD if feedback.score >= 0.5 else AGAIN
    return Verdict("self", headline.strip(), details, found.word if found else None, None), suggested


def _ask_rating(suggested: int) -> int | None:
    from . import ui
    from .srs import RATING_NAMES

    while True:
        ui.info(f"How did that go? 1) Again  2) Hard  3) Good  4) Easy  [Enter: {RATING_NAMES[suggested]}]")
        ui.prompt()
        reply = _read_answer()
        if reply is None:
            return None
        text = reply.strip().lower()
        if not text:
            return suggested
        choices = {"1": 1, "2": 2, "3": 3, "4": 4, "again": 1, "hard": 2, "good": 3, "easy": 4}
        if text in choices:
            return choices[text]


def _interval(delta: timedelta) -> str:
    minutes = delta.total_seconds() / 60
    if minutes < 60:
        return f"{max(1, round(minutes))} min"
    if minutes < 60 * 24:
        return f"{round(minutes / 60)} h"
    return f"{round(minutes / 1440)} d"


def _summary_lines(answered: list[Any], run: int, due_tomorrow: int, content: Content) -> list[str]:
    if not answered:
        return ["No answers this time.", f"Streak: {run} day(s). Due by tomorrow: {due_tomorrow}."]
    graded = [a for a in answered if a.grade != "self"]
    right = sum(1 for a in graded if a.grade == "correct") + 0.5 * sum(
        1 for a in graded if a.grade == "close"
    )
    strengthened = sorted({t for a in answered if a.rating >= 3 for t in a.target[:1]})
    lines = [f"Answered: {len(answered)}"]
    if graded:
        lines.append(f"Accuracy: {right / len(graded):.0%} of {len(graded)} graded")
    if strengthened:
        lines.append(f"Words strengthened: {', '.join(strengthened[:10])}")
    lines.append(f"Streak: {run} day(s)")
    lines.append(f"Due by tomorrow: {due_tomorrow}")
    return lines


@command()
def history(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many recent answers.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show your recent sessions and answers.

    Example: feelwords history --limit 5
    """
    store = _store()
    answers = store.answers()
    recent = answers[-limit:]
    sessions: dict[str, list[Any]] = {}
    for a in answers:
        sessions.setdefault(a.session, []).append(a)
    if as_json:
        emit_json(
            {
                "answers": [a.model_dump(mode="json") for a in recent],
                "sessions": [
                    {
                        "session": sid,
                        "day": items[0].day.isoformat(),
                        "answers": len(items),
                        "correct": sum(1 for a in items if a.grade == "correct"),
                    }
                    for sid, items in list(sessions.items())[-limit:]
                ],
            }
        )
        return
    from . import ui

    if not answers:
        ui.info("No history yet. Start with: feelwords drill")
        return
    ui.out().print(ui.history_table(recent))


@command()
def reset(
    yes: Annotated[
        bool, typer.Option("--yes", help="Really move your history into a backup folder.")
    ] = False,
) -> None:
    """Start over: your history moves into a dated backup folder inside your feelwords home.

    Example: feelwords reset --yes
    """
    from . import ui

    if not yes:
        raise UsageError("reset moves your whole history aside; run `feelwords reset --yes` to do it.")
    backup = _store().reset(_now())
    ui.info(f"History moved to {backup}." if backup else "There was no history to reset.")


@command()
def doctor(
    repair: Annotated[
        bool,
        typer.Option("--repair", help="Keep the valid answers and set the damaged file aside."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check the history store and, with --repair, mend it from its valid part.

    Example: feelwords doctor --repair
    """
    from . import ui

    store = _store()
    damage = store.inspect()
    report = {
        "home": str(store.home),
        "healthy": damage.healthy,
        "bad_lines": damage.bad_lines,
        "torn_tail": damage.torn_tail,
        "problem": damage.message or None,
    }
    if repair and not damage.healthy:
        kept, dropped, backup = store.repair(_now())
        report |= {"repaired": True, "kept": kept, "dropped": dropped, "backup": str(backup)}
    if as_json:
        emit_json(report)
        if not damage.healthy and not repair:
            raise typer.Exit(1)
    elif damage.healthy:
        ui.info(f"{store.home}: healthy.")
    elif repair:
        ui.info(
            f"Repaired: kept {report['kept']} answers, set aside {report['dropped']} damaged "
            f"line(s); the old file is {report['backup']}."
        )
    else:
        problems = []
        if damage.message:
            problems.append(damage.message)
        if damage.bad_lines:
            problems.append(f"damaged lines: {', '.join(map(str, damage.bad_lines[:10]))}")
        if damage.torn_tail:
            problems.append("an unfinished last answer (from an interrupted session)")
        advice = (
            "Upgrade feelwords to read it."
            if "newer" in damage.message
            else "Run `feelwords doctor --repair` to mend it."
        )
        fail(f"{store.home}: " + "; ".join(problems) + f". {advice}")


# --- progress: stats and report ------------------------------------------------------------------


def _period(since: str | None, start: str | None, end: str | None, today: date) -> tuple[date, date]:
    """--since 30d|12w|6m|1y, or --from/--to ISO dates; the default is the last 30 days."""
    import re

    def parse_day(value: str, flag: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{flag} {value!r} is not a date like 2026-03-01.") from None

    last = parse_day(end, "--to") if end else today
    if start:
        first = parse_day(start, "--from")
    else:
        match = re.fullmatch(r"(\d{1,4})([dwmy])", (since or "30d").strip().lower())
        if not match:
            raise UsageError(f"--since {since!r} is not a span like 30d, 12w, 6m or 1y.")
        amount = int(match.group(1))
        days = amount * {"d": 1, "w": 7, "m": 30, "y": 365}[match.group(2)]
        if days < 1:
            raise UsageError("--since must cover at least one day.")
        first = last - timedelta(days=days - 1)
    if first > last:
        raise UsageError(f"The period starts ({first}) after it ends ({last}).")
    return first, last


def _progress(start: date, end: date, include_answers: bool = False) -> tuple[Any, Any]:
    from .report import build_report
    from .srs import Scheduler, load_states

    content = SETTINGS.content()
    store = _store()
    answers = store.answers()
    states = load_states(store, Scheduler())
    report = build_report(
        answers, states, content.wheel, start=start, end=end, now=_now(), include_answers=include_answers
    )
    return report, states


@command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show your streak, what is due, words learned and accuracy, with small charts.

    Example: feelwords stats
    """
    from .srs import due_between

    now = _now()
    today = _local_day(now)
    report, states = _progress(today - timedelta(days=29), today)
    due_today = due_between(states, now, 0)
    due_tomorrow = due_between(states, now, 1)
    suspended = sorted(cid for cid, s in states.items() if s.suspended)
    payload = {
        "period": report.period.model_dump(mode="json"),
        "streak": report.streak,
        "practice_days": report.practice_days,
        "answers": report.total_answers,
        "due": {"today": due_today, "tomorrow": due_tomorrow},
        "suspended": suspended,
        "vocabulary": report.vocabulary.model_dump(mode="json"),
        "accuracy": report.accuracy.model_dump(mode="json"),
        "by_kind": [t.model_dump(mode="json") for t in report.by_kind],
        "by_family": [t.model_dump(mode="json") for t in report.by_family],
        "granularity": report.granularity.model_dump(mode="json"),
        "practise_next": [f.model_dump(mode="json") for f in report.practise_next],
    }
    if as_json:
        emit_json(payload)
        return
    from . import ui

    ui.out().print(ui.stats_view(report, due_today, due_tomorrow, len(suspended)))


@command()
def report(
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, csv, json or html.")] = "md",
    since: Annotated[
        str | None, typer.Option("--since", help="A span back from today: 30d, 12w, 6m, 1y.")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day, like 2026-03-01.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, like 2026-03-31.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
    table: Annotated[
        str, typer.Option("--table", help="For CSV: answers (one row each) or words.")
    ] = "answers",
    include_answers: Annotated[
        bool, typer.Option("--include-answers", help="Include what you typed (private; off by default).")
    ] = False,
) -> None:
    """Write a progress report (Markdown, CSV, JSON or a self-contained HTML page with charts).

    Example: feelwords report --since 12w --format html -o progress.html
    """
    from .report import render_csv, render_html, render_json, render_markdown

    if fmt not in ("md", "csv", "json", "html"):
        raise UsageError(f"--format {fmt!r} is not one of md, csv, json, html.")
    if table not in ("answers", "words"):
        raise UsageError(f"--table {table!r} is not one of answers, words.")
    if since and start:
        raise UsageError("Give either --since or --from, not both.")
    first, last = _period(since, start, end, _local_day(_now()))
    built, _ = _progress(first, last, include_answers)
    if fmt == "md":
        text = render_markdown(built)
    elif fmt == "json":
        text = render_json(built)
    elif fmt == "html":
        text = render_html(built)
    else:
        text = render_csv(built, "words" if table == "words" else "answers")
    if output is None:
        sys.stdout.write(text)
        return
    from . import ui
    from .fsutil import atomic_write_text

    try:
        atomic_write_text(output, text)
    except OSError as exc:
        raise UsageError(f"Cannot write {output}: {exc.strerror or exc}.") from None
    ui.info(f"Wrote {output} ({fmt}{', with your answers' if include_answers else ''}).")


# --- entry point -----------------------------------------------------------------------------------


def run(argv: list[str] | None = None) -> None:
    app(args=argv, prog_name="feelwords")
