"""Everything a person sees in the terminal: rich renderables, prompts and messages.

Data goes to stdout, everything else (messages, prompts, progress) to stderr, so output can be piped.
Rich honours NO_COLOR and drops colour when the output is not a terminal.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.markup import escape
from rich.text import Text
from rich.tree import Tree

if TYPE_CHECKING:
    from rich.table import Table

    from .lookup import LookupResult, WordCard
    from .wheel import Wheel


@cache
def out() -> Console:
    return Console(highlight=False, soft_wrap=False, no_color=_no_color())


@cache
def err() -> Console:
    return Console(stderr=True, highlight=False, no_color=_no_color())


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def error(message: str) -> None:
    err().print(Text(f"Error: {message}", style="bold red"), soft_wrap=True)


def info(message: str) -> None:
    # Plain text, never markup: paths and prompts such as "[y/N]" must print as they are.
    err().print(Text(message))


# --- lookup ----------------------------------------------------------------------------------------

_MATCH_NOTES = {
    "alias": "an everyday way of saying {word}",
    "form": "another form of {word}",
    "typo": "spelled {word}",
}


def word_card(card: WordCard, typed: str | None = None) -> Group:
    head = Text()
    head.append(card.word, style="bold cyan")
    head.append(f"   {' > '.join(card.path)}", style="dim")
    head.append(f"   ({card.ring} ring, intensity {card.intensity} of 3)", style="dim")
    parts: list[Text] = [head]
    if typed is not None and card.matched_by in _MATCH_NOTES:
        note = _MATCH_NOTES[card.matched_by].format(word=card.word)
        parts.append(Text(f"You typed '{typed}': {note}.", style="italic"))
    parts.append(Text(card.definition))
    ladder = Text()
    for i, word in enumerate(card.ladder):
        if i:
            ladder.append(" < ", style="dim")
        ladder.append(word, style="reverse" if word == card.word else "")
    parts.append(_labelled("Ladder:", ladder))
    parts.append(_labelled("Body:", "; ".join(card.body)))
    parts.append(_labelled("Triggers:", "; ".join(card.triggers)))
    parts.append(_labelled("Urge:", card.urge))
    parts.append(_labelled("Needs:", ", ".join(card.needs)))
    if card.aliases or card.forms:
        parts.append(_labelled("Also said:", ", ".join([*card.aliases, *card.forms])))
    if card.opposite:
        parts.append(_labelled("Opposite:", card.opposite))
    parts.append(_labelled("Say it:", f'"{card.example}"'))
    if card.confusables:
        parts.append(Text("Not to be confused with:", style="bold"))
        for contrast in card.confusables:
            line = Text()
            line.append(contrast.word, style="cyan")
            line.append(f": {contrast.difference}")
            parts.append(_indented(line, 2))
    return Group(*parts)


_LABEL_WIDTH = 11


def _labelled(label: str, value: str | Text) -> Text:
    """'Label:    value', wrapped with a hanging indent under the value."""
    text = value if isinstance(value, Text) else Text(value)
    return _indented(Text(f"{label:<{_LABEL_WIDTH}}", style="bold") + text, _LABEL_WIDTH, hang=True)


def _indented(text: Text, indent: int, *, hang: bool = False) -> Text:
    """Wrap to the terminal width with every line but the first (or every line) indented.

    Plain Text wrapping keeps the card cheap to render: a table grid costs more than the lookup.
    """
    width = max(20, out().width - indent)
    lines = [line.copy() for line in text.wrap(out(), width + indent if hang else width)]
    for line in lines:
        line.rstrip()
    if not hang:
        return Text("\n").join(Text(" " * indent) + line for line in lines)
    head, *rest = lines
    if rest:
        # The continuation is narrower than the first line: wrap it again at its own width.
        rest = [line.copy() for line in Text(" ").join(rest).wrap(out(), width)]
        for line in rest:
            line.rstrip()
    return Text("\n").join([head, *(Text(" " * indent) + line for line in rest)])


def short_card(index: int, card: WordCard) -> Group:
    head = Text(f"{index}. ")
    head.append(card.word, style="bold cyan")
    head.append(f"   {' > '.join(card.path)}", style="dim")
    if card.matched_by == "description":
        head.append(f"   {card.score:.2f}", style="dim")
    parts: list[Text] = [head, _indented(Text(card.definition), 3)]
    if card.why:
        parts.append(_indented(Text(f"why: {card.why}", style="italic dim"), 3))
    return Group(*parts)


def lookup_result(result: LookupResult) -> Group:
    if result.kind == "word" and result.note is None:
        card = result.matches[0]
        typed = result.query if card.matched_by != "word" else None
        return word_card(card, typed)
    parts: list[Text | Group] = []
    if result.note is not None:
        label = (
            "describes what someone else did more than what you feel"
            if result.note.type == "faux"
            else "is a vague word that hides the feeling"
        )
        head = Text()
        head.append(f"'{result.note.word}'", style="bold")
        head.append(f" {label}.")
        parts.append(head)
        parts.append(Text(result.note.why))
        parts.append(Text("Sharper words to try:", style="bold"))
    else:
        parts.append(Text(f"Words that may fit '{result.query}':", style="bold"))
    parts.extend(short_card(i, card) for i, card in enumerate(result.matches, 1))
    return Group(*parts)


def suggestions(words: list[str]) -> str:
    return f"Did you mean: {', '.join(words)}?" if words else ""


# --- wheel -------------------------------------------------------------------------------------------


def wheel_tree(wheel: Wheel, root: str | None) -> Tree:
    if root is None:
        tree = Tree(Text("feelwords wheel", style="bold"))
        for core in wheel.cores:
            _grow(tree.add(Text(core, style="bold cyan")), wheel, core)
        return tree
    tree = Tree(Text(escape(wheel.path_text(root)), style="bold cyan"))
    _grow(tree, wheel, root)
    return tree


def _grow(node: Tree, wheel: Wheel, word: str) -> None:
    for child in wheel.children.get(word, []):
        entry = wheel.entries[child]
        label = Text(child, style="cyan" if wheel.ring(child) == "middle" else "")
        label.append(f"  {'·' * entry.intensity}", style="dim")
        _grow(node.add(label), wheel, child)


# --- drills ------------------------------------------------------------------------------------------

_KIND_STYLE = {
    "correct": "green",
    "close": "yellow",
    "partial": "yellow",
    "wrong": "red",
    "self": "cyan",
}


def question(number: int, total: int, kind: str, text: str, ask: str, new: bool) -> None:
    console = err()
    console.print()
    head = Text(f"{number}/{total}  ", style="dim")
    head.append(kind, style="bold magenta")
    if new:
        head.append("  new", style="dim")
    console.print(head)
    console.print(Text(text))
    console.print(Text(ask, style="bold"))


def prompt(label: str = "> ") -> None:
    console = err()
    console.print(Text(label, style="bold"), end="")
    console.file.flush()


def verdict(grade: str, headline: str, details: list[str]) -> None:
    console = err()
    console.print(Text(headline, style=f"bold {_KIND_STYLE.get(grade, '')}"))
    for line in details:
        style = "dim" if line.startswith("On the wheel") else ""
        console.print(_indented(Text(line, style=style), 2))


def model_answer(text: str) -> None:
    err().print(Text(f"One way to say it: {text}", style="italic"))


def summary(lines: list[str]) -> None:
    console = err()
    console.print()
    console.print(Text("Session summary", style="bold underline"))
    for line in lines:
        console.print(Text(line))


# --- stats -------------------------------------------------------------------------------------------

_BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    top = max(values, default=0) or 1
    return "".join(_BARS[round(v / top * (len(_BARS) - 1))] for v in values)


def bar(share: float | None, width: int = 20) -> str:
    if share is None:
        return " " * width
    filled = round(share * width)
    return "█" * filled + "·" * (width - filled)


def stats_view(report: Any, due_today: int, due_tomorrow: int, suspended: int) -> Group:
    from rich.table import Table

    parts: list[Text | Table] = []
    head = Text("Last 30 days", style="bold underline")
    parts.append(head)
    days = [d.answers for d in report.calendar[-30:]]
    plural = "day" if report.practice_days == 1 else "days"
    parts.append(Text(f"Practice  {sparkline([float(v) for v in days])}  {report.practice_days} {plural}"))
    vocab = report.vocabulary
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Streak", f"{report.streak} day(s)")
    grid.add_row("Due", f"{due_today} now, {due_tomorrow} by tomorrow")
    grid.add_row("Words", f"{vocab.seen} seen, {vocab.learned} learned, {vocab.at_risk} at risk")
    if suspended:
        grid.add_row("Set aside", f"{suspended} item(s) that kept slipping")
    parts.append(grid)
    if report.total_answers:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_column(justify="right")
        for tally in [*report.by_kind, *report.by_family]:
            if tally.answers:
                table.add_row(
                    tally.name, bar(tally.accuracy), f"{(tally.accuracy or 0):.0%} of {tally.answers}"
                )
        parts.append(Text("Accuracy", style="bold underline"))
        parts.append(table)
        if report.practise_next:
            parts.append(Text(f"Practise next: {report.practise_next[0].name}", style="italic"))
    else:
        parts.append(Text("No answers yet in this period. Start with: feelwords drill"))
    return Group(*parts)


# --- check -------------------------------------------------------------------------------------------

_FINDING_LABELS = {
    "feeling_word": "feeling",
    "vague_feeling": "vague",
    "faux_feeling": "judgement",
    "thought_as_feeling": "thought",
    "blame": "blame",
    "situation": "situation",
    "need": "need",
    "request": "request",
    "fixing": "fixing",
    "minimising": "minimising",
    "self_focus": "about you",
    "validating": "validating",
    "question": "question",
}
_GOOD = {"feeling_word", "situation", "need", "request", "validating", "question"}


def feedback_view(feedback: Any) -> Group:
    parts: list[Text] = []
    head = Text(f"Score {feedback.score:.0%}", style="bold")
    parts.append(head)
    for finding in feedback.findings:
        line = Text()
        style = "green" if finding.kind in _GOOD else "yellow"
        line.append(f"{_FINDING_LABELS.get(finding.kind, finding.kind):<11}", style=f"bold {style}")
        line.append(f"'{finding.text}': {finding.message}")
        if finding.suggestion:
            line.append(f" Try: {finding.suggestion}", style="italic")
        parts.append(line)
    for note in feedback.worked:
        parts.append(Text(f"Worked: {note}", style="green"))
    for note in feedback.try_instead:
        parts.append(Text(f"Try: {note}"))
    if getattr(feedback, "missing", None):
        parts.append(Text(f"Missing: {', '.join(feedback.missing)}", style="dim"))
    if feedback.better:
        parts.append(Text(f"A clearer way to say it: {feedback.better}", style="italic"))
    return Group(*parts)


def history_table(answers: list[Any]) -> Table:
    from rich.table import Table

    table = Table(title=f"Last {len(answers)} answers", expand=False)
    for column in ("day", "kind", "target", "answer", "grade"):
        table.add_column(column)
    for a in answers:
        table.add_row(a.day.isoformat(), a.kind, ", ".join(a.target[:2]), a.answer[:30], a.grade)
    return table
