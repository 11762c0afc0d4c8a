"""`feelwords lookup`: a word however it was typed, or else a description of a moment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .errors import NotFoundError, UsageError
from .records import Faux
from .search import MAX_QUERY_CHARS, HybridRanker, Index
from .wheel import Wheel

MatchedBy = Literal["word", "alias", "form", "typo", "faux", "vague", "description"]


@dataclass(frozen=True)
class Contrast:
    word: str
    difference: str


@dataclass(frozen=True)
class WordCard:
    """One wheel word as a lookup shows it; `--json` prints it through models.WordCard."""

    word: str
    path: list[str]
    family: str
    ring: Literal["core", "middle", "outer"]
    matched_by: MatchedBy
    score: float
    definition: str
    why: str | None
    intensity: int
    valence: float
    arousal: float
    ladder: list[str]
    confusables: list[Contrast]
    body: list[str]
    triggers: list[str]
    urge: str
    needs: list[str]
    aliases: list[str]
    forms: list[str]
    opposite: str | None
    example: str


@dataclass(frozen=True)
class Note:
    type: Literal["faux", "vague"]
    word: str
    why: str


@dataclass(frozen=True)
class LookupResult:
    query: str
    kind: Literal["word", "description"]
    matches: list[WordCard] = field(default_factory=list)
    note: Note | None = None


def to_json(result: LookupResult) -> dict[str, Any]:
    """The documented --json shape, checked by its pydantic model on the way out."""
    from .models import LookupOutput

    return LookupOutput.model_validate(asdict(result)).model_dump(mode="json")


DEFAULT_LIMIT = 5
Ranker = Index | HybridRanker


def card(
    wheel: Wheel, word: str, matched_by: MatchedBy, score: float = 1.0, why: str | None = None
) -> WordCard:
    entry = wheel.entries[word]
    return WordCard(
        word=word,
        path=wheel.path(word),
        family=wheel.core_of(word),
        ring=wheel.ring(word),
        matched_by=matched_by,
        score=score,
        definition=entry.definition,
        why=why,
        intensity=entry.intensity,
        valence=entry.valence,
        arousal=entry.arousal,
        ladder=wheel.ladder(word),
        confusables=[Contrast(word=w, difference=d) for w, d in wheel.confusables(word)],
        body=list(entry.body),
        triggers=list(entry.triggers),
        urge=entry.urge,
        needs=list(entry.needs),
        aliases=list(entry.aliases),
        forms=list(entry.forms),
        opposite=entry.opposite,
        example=entry.example,
    )


def lookup_word(wheel: Wheel, query: str) -> LookupResult | None:
    """A word, alias, form, typo, faux feeling or vague word; None when the query is none of those."""
    resolution = wheel.resolve(query)
    if resolution is not None:
        return LookupResult(
            query=query,
            kind="word",
            matches=[card(wheel, resolution.word, resolution.matched_by)],
        )
    special = wheel.special(query)
    if special is not None:
        kind: Literal["faux", "vague"] = "faux" if isinstance(special, Faux) else "vague"
        targets = special.covers if isinstance(special, Faux) else special.sharper
        return LookupResult(
            query=query,
            kind="word",
            note=Note(type=kind, word=special.word, why=special.why),
            matches=[card(wheel, w, kind) for w in targets],
        )
    return None


def lookup(
    wheel: Wheel,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    index: Ranker | Callable[[], Ranker] | None = None,
) -> LookupResult:
    """Answer a lookup: a known word shows its card, anything longer is read as a description."""
    text = query.strip()
    if not text:
        raise UsageError("Nothing to look up: give a feeling word or describe the moment.")
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"The query is {len(text)} characters; keep it under {MAX_QUERY_CHARS}.")
    if limit < 1:
        raise UsageError("--limit must be at least 1.")
    found = lookup_word(wheel, text)
    if found is not None:
        return found
    if len(text.split()) == 1:
        # A single unknown word is more likely a misspelling than a description.
        raise NotFoundError(f"'{text}' is not on the wheel.", suggestions=wheel.suggest(text))
    # The index is only built (or read from its cache) once the query is known to be a description.
    ranker = Index(wheel) if index is None else index() if callable(index) else index
    hits = ranker.search(text, limit=limit)
    if not hits:
        raise NotFoundError(
            f"Nothing on the wheel matches '{text}'; try describing what happened or how your body feels.",
            suggestions=wheel.suggest(text),
        )
    return LookupResult(
        query=query,
        kind="description",
        matches=[card(wheel, h.word, "description", h.score, h.why) for h in hits],
    )
