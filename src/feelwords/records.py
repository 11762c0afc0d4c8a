"""The wheel as plain, immutable records: what the running program reads.

The pydantic models in :mod:`feelwords.models` check the YAML at the boundary; once content has passed
them it is cached as JSON and read back into these records, so quick commands never import pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Entry:
    word: str
    parent: str | None
    intensity: int
    valence: float
    arousal: float
    definition: str
    body: tuple[str, ...]
    triggers: tuple[str, ...]
    urge: str
    needs: tuple[str, ...]
    aliases: tuple[str, ...]
    forms: tuple[str, ...]
    opposite: str | None
    example: str


@dataclass(frozen=True, slots=True)
class Pair:
    words: tuple[str, str]
    difference: str


@dataclass(frozen=True, slots=True)
class Faux:
    word: str
    covers: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class Vague:
    word: str
    sharper: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class WheelData:
    name: str
    needs: tuple[str, ...]
    words: tuple[Entry, ...]
    confusables: tuple[Pair, ...]
    faux_feelings: tuple[Faux, ...]
    vague_words: tuple[Vague, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WheelData:
        """Build from a dict that has already passed validation (the YAML check or the cache)."""
        return cls(
            name=data["name"],
            needs=tuple(data["needs"]),
            words=tuple(
                Entry(
                    word=w["word"],
                    parent=w.get("parent"),
                    intensity=w["intensity"],
                    valence=w["valence"],
                    arousal=w["arousal"],
                    definition=w["definition"],
                    body=tuple(w["body"]),
                    triggers=tuple(w["triggers"]),
                    urge=w["urge"],
                    needs=tuple(w["needs"]),
                    aliases=tuple(w.get("aliases", ())),
                    forms=tuple(w.get("forms", ())),
                    opposite=w.get("opposite"),
                    example=w["example"],
                )
                for w in data["words"]
            ),
            confusables=tuple(
                Pair((p["words"][0], p["words"][1]), p["difference"]) for p in data.get("confusables", ())
            ),
            faux_feelings=tuple(
                Faux(f["word"], tuple(f["covers"]), f["why"]) for f in data.get("faux_feelings", ())
            ),
            vague_words=tuple(
                Vague(v["word"], tuple(v["sharper"]), v["why"]) for v in data.get("vague_words", ())
            ),
        )
