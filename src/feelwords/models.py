"""Pydantic models for everything that crosses a boundary: the YAML content and the store.

Field-level rules live here; rules that need the whole file (a parent that exists, a word used twice)
live in :mod:`feelwords.content`, which can name the entry and line.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

WHEEL_VERSION = 1
PROMPTS_VERSION = 1

Domain = Literal["partner", "intimacy", "work", "family", "friends", "body", "self"]
DOMAINS: tuple[Domain, ...] = ("partner", "intimacy", "work", "family", "friends", "body", "self")
Kind = Literal["name", "body", "discriminate", "ladder", "articulate", "listen"]
KINDS: tuple[Kind, ...] = ("name", "body", "discriminate", "ladder", "articulate", "listen")

Text = Annotated[str, Field(min_length=1, max_length=2000)]
Unit = Annotated[float, Field(ge=-1.0, le=1.0)]


class Frozen(BaseModel):
    # Schemas are built on first validation, not at import: quick commands never pay for them.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


def _lower_unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.strip().lower()
        if key in seen:
            raise ValueError(f"'{key}' is listed twice")
        seen.add(key)
        out.append(key)
    return out


class WordEntry(Frozen):
    word: Annotated[str, Field(min_length=1, max_length=60)]
    parent: str | None = None
    intensity: Annotated[int, Field(ge=1, le=3)]
    valence: Unit
    arousal: Unit
    definition: Text
    body: Annotated[list[Text], Field(min_length=2)]
    triggers: Annotated[list[Text], Field(min_length=2)]
    urge: Text
    needs: Annotated[list[str], Field(min_length=1)]
    aliases: list[str] = []
    forms: list[str] = []
    opposite: str | None = None
    example: Text

    @field_validator("word", "parent", "opposite")
    @classmethod
    def _lower(cls, value: str | None) -> str | None:
        return value.lower() if value is not None else None

    @field_validator("aliases", "forms", "needs")
    @classmethod
    def _lists(cls, values: list[str]) -> list[str]:
        return _lower_unique(values)


class Confusable(Frozen):
    words: Annotated[list[str], Field(min_length=2, max_length=2)]
    difference: Text

    @field_validator("words")
    @classmethod
    def _pair(cls, values: list[str]) -> list[str]:
        return _lower_unique(values)


class FauxFeeling(Frozen):
    word: str
    covers: Annotated[list[str], Field(min_length=1)]
    why: Text

    @field_validator("covers")
    @classmethod
    def _covers(cls, values: list[str]) -> list[str]:
        return _lower_unique(values)


class VagueWord(Frozen):
    word: str
    sharper: Annotated[list[str], Field(min_length=1)]
    why: Text

    @field_validator("sharper")
    @classmethod
    def _sharper(cls, values: list[str]) -> list[str]:
        return _lower_unique(values)


class WheelFile(Frozen):
    version: Literal[1] = 1
    name: str = "feelwords wheel"
    needs: Annotated[list[str], Field(min_length=1)]
    words: Annotated[list[WordEntry], Field(min_length=1)]
    confusables: list[Confusable] = []
    faux_feelings: list[FauxFeeling] = []
    vague_words: list[VagueWord] = []

    @field_validator("needs")
    @classmethod
    def _needs(cls, values: list[str]) -> list[str]:
        return _lower_unique(values)


# --- prompts ---------------------------------------------------------------------------------


class ItemBase(Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{2,80}$")]
    difficulty: Annotated[int, Field(ge=1, le=3)]
    domain: Domain
    themes: Annotated[list[str], Field(min_length=1)]
    text: Text


class NameItem(ItemBase):
    kind: Literal["name", "body"]
    targets: Annotated[list[str], Field(min_length=1)]
    alternates: list[str] = []


class DiscriminateItem(ItemBase):
    kind: Literal["discriminate"]
    options: Annotated[list[str], Field(min_length=2, max_length=2)]
    answer: str
    reason: Text


class LadderItem(ItemBase):
    kind: Literal["ladder"]
    mode: Literal["order", "notch"]
    words: list[str] = []
    start: str | None = None
    accept: list[str] = []


class Trap(Frozen):
    kind: Literal["fixing", "minimising", "defending"]
    reply: Text


class ArticulateItem(ItemBase):
    kind: Literal["articulate"]
    feelings: Annotated[list[str], Field(min_length=1)]
    needs: Annotated[list[str], Field(min_length=1)]
    model_answer: Text


class ListenItem(ItemBase):
    kind: Literal["listen"]
    speaker: Literal["partner", "child", "friend", "parent", "colleague"]
    feelings: Annotated[list[str], Field(min_length=1)]
    needs: Annotated[list[str], Field(min_length=1)]
    traps: Annotated[list[Trap], Field(min_length=1)]
    model_answer: Text


PromptItem = Annotated[
    NameItem | DiscriminateItem | LadderItem | ArticulateItem | ListenItem,
    Field(discriminator="kind"),
]


class PromptsFile(Frozen):
    version: Literal[1] = 1
    items: list[PromptItem]


# --- --json output of lookups ----------------------------------------------------------------


class Contrast(Frozen):
    word: str
    difference: str


class WordCard(Frozen):
    """One wheel word as `lookup --json` prints it."""

    word: str
    path: list[str]
    family: str
    ring: Literal["core", "middle", "outer"]
    matched_by: Literal["word", "alias", "form", "typo", "faux", "vague", "description"]
    score: float = 1.0
    definition: str
    why: str | None = None
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


class Note(Frozen):
    """Why a faux feeling or vague word was answered with other words."""

    type: Literal["faux", "vague"]
    word: str
    why: str


class LookupOutput(Frozen):
    """The `lookup --json` shape (one object per query; one per line with --batch)."""

    query: str
    kind: Literal["word", "description"]
    note: Note | None = None
    matches: list[WordCard]
