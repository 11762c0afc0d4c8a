"""Queries on the emotion wheel: find a word however it was typed, its path, family and distances."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from .records import Entry, Faux, Pair, Vague, WheelData
from .text import normalise, stem_phrase, words

Ring = Literal["core", "middle", "outer"]
MatchedBy = Literal["word", "alias", "form", "typo"]

# Leading phrases people type around a feeling word: "I'm feeling really anxious".
_LEADING = (
    "i am feeling ",
    "i'm feeling ",
    "im feeling ",
    "i feel ",
    "i'm ",
    "im ",
    "i am ",
    "feeling ",
    "feel ",
    "so ",
    "very ",
    "really ",
    "a bit ",
    "a little ",
    "kind of ",
    "kinda ",
    "pretty ",
    "super ",
    "extremely ",
    "totally ",
    "quite ",
)


@dataclass(frozen=True)
class Resolution:
    """How a typed phrase was recognised as a wheel word."""

    word: str
    matched_by: MatchedBy
    typed: str


def strip_padding(query: str) -> str:
    text = normalise(query).strip(" .!?,;:\"'")
    changed = True
    while changed:
        changed = False
        for lead in _LEADING:
            if text.startswith(lead) and len(text) > len(lead):
                text = text[len(lead) :]
                changed = True
    return text


def typo_budget(length: int) -> int:
    """Edits tolerated for a word of this length: none for tiny words, where a typo is a new word."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    if length <= 9:
        return 2
    return 3


class Wheel:
    """An index over a validated wheel. Built once per process; every query is a dict lookup."""

    def __init__(self, data: WheelData, tables: dict[str, Any] | None = None) -> None:
        self.data = data
        self.entries: dict[str, Entry] = {e.word: e for e in data.words}
        self.children: dict[str | None, list[str]] = {}
        for entry in data.words:
            self.children.setdefault(entry.parent, []).append(entry.word)
        self.faux: dict[str, Faux] = {f.word: f for f in data.faux_feelings}
        self.vague: dict[str, Vague] = {v.word: v for v in data.vague_words}
        if tables:
            # Derived lookup tables from the content cache: stemming every phrase is the slow part.
            self.__dict__["surfaces"] = {k: (v[0], v[1]) for k, v in tables["surfaces"].items()}
            self.__dict__["stemmed_surfaces"] = tables["stemmed_surfaces"]

    def tables(self) -> dict[str, Any]:
        """The derived lookup tables, for the content cache."""
        return {"surfaces": self.surfaces, "stemmed_surfaces": self.stemmed_surfaces}

    # --- structure -------------------------------------------------------------------------

    @property
    def cores(self) -> list[str]:
        return list(self.children.get(None, []))

    def path(self, word: str) -> list[str]:
        chain = [word]
        parent = self.entries[word].parent
        while parent is not None:
            chain.append(parent)
            parent = self.entries[parent].parent
        return chain[::-1]

    def path_text(self, word: str) -> str:
        return " > ".join(self.path(word))

    def core_of(self, word: str) -> str:
        return self.path(word)[0]

    def ring(self, word: str) -> Ring:
        depth = len(self.path(word))
        return "core" if depth == 1 else "middle" if depth == 2 else "outer"

    def middle_of(self, word: str) -> str | None:
        chain = self.path(word)
        return chain[1] if len(chain) > 1 else None

    def distance(self, a: str, b: str) -> int:
        """Steps along the tree; words in different families meet at a virtual centre."""
        pa, pb = self.path(a), self.path(b)
        common = 0
        for x, y in zip(pa, pb, strict=False):
            if x != y:
                break
            common += 1
        return len(pa) + len(pb) - 2 * common

    def family(self, core: str) -> list[str]:
        return [w for w in self.entries if self.core_of(w) == core]

    def ladder(self, word: str) -> list[str]:
        """The word's branch ordered from mildest to strongest: a core lists its middles."""
        middle = self.middle_of(word)
        if middle is None:
            members = [word, *self.children.get(word, [])]
        else:
            members = [middle, *self.children.get(middle, [])]
        return sorted(members, key=lambda w: (self.entries[w].intensity, w))

    def descendants(self, word: str) -> list[str]:
        out: list[str] = []
        stack = list(self.children.get(word, []))
        while stack:
            child = stack.pop(0)
            out.append(child)
            stack.extend(self.children.get(child, []))
        return out

    def confusables(self, word: str) -> list[tuple[str, str]]:
        return [
            (next(w for w in pair.words if w != word), pair.difference)
            for pair in self.data.confusables
            if word in pair.words
        ]

    def confusable(self, a: str, b: str) -> Pair | None:
        return next((p for p in self.data.confusables if {a, b} == set(p.words)), None)

    # --- recognising what people type -------------------------------------------------------

    @cached_property
    def surfaces(self) -> dict[str, tuple[str, MatchedBy]]:
        """Every spelling that names a word: the word, its aliases and its forms."""
        table: dict[str, tuple[str, MatchedBy]] = {}
        for entry in self.data.words:
            table.setdefault(entry.word, (entry.word, "word"))
        for entry in self.data.words:
            for alias in entry.aliases:
                table.setdefault(alias, (entry.word, "alias"))
            for form in entry.forms:
                table.setdefault(form, (entry.word, "form"))
        return table

    @cached_property
    def stemmed_surfaces(self) -> dict[str, str]:
        """Stemmed spelling to word, so 'resenting' or 'panicking' find their entries."""
        table: dict[str, str] = {}
        for surface, (word, _) in self.surfaces.items():
            table.setdefault(stem_phrase(surface), word)
        return table

    @cached_property
    def _hyphen_free(self) -> dict[str, str]:
        return {s.replace("-", " "): s for s in list(self.surfaces) + list(self.faux) + list(self.vague)}

    def canonical(self, query: str) -> str:
        """The query as the key it most likely means, before any fuzzy matching."""
        text = strip_padding(query)
        return self._hyphen_free.get(text.replace("-", " "), text)

    def resolve(self, query: str, *, fuzzy: bool = True) -> Resolution | None:
        """Find the wheel word a short phrase names: exactly, by alias, by word form, or despite a typo."""
        text = self.canonical(query)
        if not text:
            return None
        hit = self.surfaces.get(text)
        if hit is not None:
            return Resolution(hit[0], hit[1], query)
        if len(words(text)) > 4 or text in self.faux or text in self.vague:
            # Faux feelings and vague words get their own answer, never a near-miss spelling.
            return None
        stemmed = stem_phrase(text)
        if stemmed in self.stemmed_surfaces:
            return Resolution(self.stemmed_surfaces[stemmed], "form", query)
        if fuzzy:
            typo = self.typo_match(text)
            if typo is not None:
                return Resolution(typo, "typo", query)
        return None

    def typo_match(self, text: str) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        budget = typo_budget(len(text))
        if budget == 0:
            return None
        found = process.extractOne(
            text,
            self.surfaces.keys(),
            scorer=Levenshtein.distance,
            score_cutoff=budget,
        )
        if found is None:
            return None
        surface = found[0]
        # A short guess must not jump to a much longer phrase ("mad" is not "sad").
        if abs(len(surface) - len(text)) > budget:
            return None
        return self.surfaces[surface][0]

    def special(self, query: str) -> Faux | Vague | None:
        """A faux feeling or a vague word, which are not on the wheel but deserve an answer."""
        text = self.canonical(query)
        return self.faux.get(text) or self.vague.get(text)

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process

        text = strip_padding(query)
        if not text:
            return []
        found = process.extract(
            text, self.surfaces.keys(), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60
        )
        out: list[str] = []
        for surface, _, _ in found:
            word = self.surfaces[surface][0]
            if word not in out:
                out.append(word)
        return out[:limit]
