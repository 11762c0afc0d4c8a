"""Free-text lookup: from a description of a moment to the wheel words that fit it.

The model is BM25 over one weighted bag of stems per word, built from all of the word's content (names,
definition, triggers, body cues, urge, needs, example), plus two signals a bag of words cannot see:
feeling words the person typed themselves (which win, unless negated) and multi-word phrases.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .text import NEGATIONS, STOP_WORDS, stem, words
from .wheel import Wheel

if TYPE_CHECKING:
    from .embed import StaticEmbedder

MAX_QUERY_CHARS = 2000
K1 = 1.2
B = 0.75

# How much each part of an entry says about when the word fits.
FIELD_WEIGHTS = {
    "name": 3.0,
    "definition": 1.6,
    "triggers": 1.3,
    "body": 1.3,
    "urge": 0.9,
    "example": 0.6,
    "needs": 0.4,
}
# A clause boundary ends the reach of a negation: "not angry, just tired".
_CLAUSE_BREAK = re.compile(r"[,.;:!?]|\b(?:but|just|only|more|rather|instead)\b")
MENTION_BONUS = 6.0
SINGLE_ALIAS_WEIGHT = 0.35
NEGATED_PENALTY = 0.15


@dataclass(frozen=True)
class Hit:
    word: str
    score: float
    why: str


@dataclass
class _Doc:
    word: str
    tf: dict[str, float]
    length: float
    sentences: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)


def _content_terms(text: str) -> list[str]:
    return [stem(t) for t in words(text) if t not in STOP_WORDS and len(t) > 1]


class Index:
    """Built once per wheel; a query is a few dictionary lookups per term."""

    def __init__(self, wheel: Wheel) -> None:
        self.wheel = wheel
        self.docs: list[_Doc] = []
        for entry in wheel.data.words:
            tf: defaultdict[str, float] = defaultdict(float)
            sentences: list[tuple[str, str, frozenset[str]]] = []

            def add(text: str, weight: float, label: str | None = None) -> None:
                terms = _content_terms(text)
                for term in terms:
                    tf[term] += weight  # noqa: B023 - consumed inside this iteration
                if label:
                    sentences.append((label, text, frozenset(terms)))  # noqa: B023

            for name in (entry.word, *entry.aliases, *entry.forms):
                add(name, FIELD_WEIGHTS["name"])
            add(entry.definition, FIELD_WEIGHTS["definition"], "definition")
            for trigger in entry.triggers:
                add(trigger, FIELD_WEIGHTS["triggers"], "trigger")
            for cue in entry.body:
                add(cue, FIELD_WEIGHTS["body"], "body cue")
            add(entry.urge, FIELD_WEIGHTS["urge"], "urge")
            add(entry.example, FIELD_WEIGHTS["example"])
            for need in entry.needs:
                add(need, FIELD_WEIGHTS["needs"], "need")
            self.docs.append(_Doc(entry.word, tf, sum(tf.values()), sentences))
        self.avg_length = sum(d.length for d in self.docs) / max(1, len(self.docs))
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.tf.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.position: dict[str, int] = {}
        self._finish()
        self._phrases = self._phrase_table()

    def _phrase_table(self) -> dict[tuple[str, ...], tuple[str, float]]:
        """Stemmed token tuples of every word, alias and form, with the weight of saying them.

        A one-word alias is often an ordinary word too ("tight", "whole", "known"), so naming it is
        weaker evidence than naming the word itself or a longer idiom ("on edge").
        """
        table: dict[tuple[str, ...], tuple[str, float]] = {}
        for surface, (word, matched_by) in self.wheel.surfaces.items():
            key = tuple(stem(t) for t in words(surface))
            if not key:
                continue
            weight = 1.0
            if matched_by == "alias" and len(key) == 1:
                weight = SINGLE_ALIAS_WEIGHT
            table.setdefault(key, (word, weight * (1 + 0.5 * (len(key) - 1))))
        return table

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": [
                {
                    "word": d.word,
                    "tf": d.tf,
                    "length": d.length,
                    "sentences": [[a, b, sorted(c)] for a, b, c in d.sentences],
                }
                for d in self.docs
            ],
            "avg_length": self.avg_length,
            "idf": self.idf,
            "phrases": [[list(key), word, weight] for key, (word, weight) in self._phrases.items()],
        }

    @classmethod
    def from_dict(cls, wheel: Wheel, data: dict[str, Any]) -> Index:
        """Rebuild from `to_dict` output without re-stemming the wheel (the slow part of building)."""
        index = cls.__new__(cls)
        index.wheel = wheel
        index.docs = [
            _Doc(d["word"], d["tf"], d["length"], [(a, b, frozenset(c)) for a, b, c in d["sentences"]])
            for d in data["docs"]
        ]
        if [d.word for d in index.docs] != list(wheel.entries):
            raise ValueError("the index does not match this wheel")
        index.avg_length = data["avg_length"]
        index.idf = data["idf"]
        index._finish()
        index._phrases = {tuple(key): (word, weight) for key, word, weight in data["phrases"]}
        return index

    def _finish(self) -> None:
        self.postings = defaultdict(list)
        for i, doc in enumerate(self.docs):
            for term in doc.tf:
                self.postings[term].append(i)
        self.position = {doc.word: i for i, doc in enumerate(self.docs)}

    # --- querying -----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        text = query.strip()
        if not text:
            raise UsageError("The description is empty; describe the moment or the feeling.")
        if len(text) > MAX_QUERY_CHARS:
            raise UsageError(f"The description is {len(text)} characters; keep it under {MAX_QUERY_CHARS}.")
        tokens, negated = _tokens_with_negation(text)
        stems = [stem(t) for t in tokens]
        mentioned, refused = self._mentions(tokens, stems, negated)
        terms = Counter(
            s for s, t, neg in zip(stems, tokens, negated, strict=True) if not neg and t not in STOP_WORDS
        )
        scores: dict[int, float] = defaultdict(float)
        for term, qtf in terms.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i in self.postings[term]:
                doc = self.docs[i]
                tf = doc.tf[term]
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.length / self.avg_length))
                scores[i] += idf * norm * (1 + 0.3 * (qtf - 1))
        for word, (_, weight) in mentioned.items():
            i = self.position[word]
            scores[i] = scores.get(i, 0.0) + MENTION_BONUS * weight
        for word in refused:
            i = self.position[word]
            if i in scores:
                scores[i] *= NEGATED_PENALTY
        if not scores:
            return []
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self.docs[kv[0]].word))
        top = ranked[0][1] or 1.0
        hits = []
        for i, score in ranked[:limit]:
            doc = self.docs[i]
            hits.append(Hit(doc.word, round(score / top, 3), self._why(doc, set(terms), mentioned)))
        return hits

    def _mentions(
        self, tokens: list[str], stems: list[str], negated: list[bool]
    ) -> tuple[dict[str, tuple[str, float]], set[str]]:
        """Feeling words typed in the description: those said plainly, and those negated."""
        said: dict[str, tuple[str, float]] = {}
        refused: set[str] = set()
        i = 0
        while i < len(stems):
            for size in (4, 3, 2, 1):
                key = tuple(stems[i : i + size])
                if len(key) == size and key in self._phrases:
                    word, weight = self._phrases[key]
                    if negated[i]:
                        refused.add(word)
                    else:
                        said.setdefault(word, (" ".join(tokens[i : i + size]), weight))
                    i += size - 1
                    break
            i += 1
        return said, refused - set(said)

    def _why(self, doc: _Doc, terms: set[str], mentioned: dict[str, tuple[str, float]]) -> str:
        if doc.word in mentioned:
            return f"you named it: '{mentioned[doc.word][0]}'"
        best: tuple[float, str, str] | None = None
        for label, sentence, sentence_terms in doc.sentences:
            overlap = sentence_terms & terms
            if not overlap:
                continue
            weight = sum(self.idf.get(t, 0.0) for t in overlap)
            if best is None or weight > best[0]:
                best = (weight, label, sentence)
        if best is None:
            return "close in meaning to what you described"
        return f"{best[1]}: {best[2]}"


def _tokens_with_negation(text: str) -> tuple[list[str], list[bool]]:
    """Tokens and, for each, whether a negation earlier in its clause reverses it."""
    tokens: list[str] = []
    negated: list[bool] = []
    for clause in _CLAUSE_BREAK.split(text.lower()):
        active = False
        for token in words(clause):
            if token in NEGATIONS:
                active = True
                continue
            tokens.append(token)
            negated.append(active)
    return tokens, negated


class HybridRanker:
    """BM25 fused with static word embeddings, which know that "buried" is near "funeral".

    fused(w) = 0.5 * bm25(w) / max bm25 + 0.5 * (cos(w) - min cos) / (max cos - min cos), over every
    wheel word; a text with no word the embedder knows falls back to BM25 alone. A weighted sum keeps
    BM25's strong bonus for a feeling word the person typed, which rank fusion would dilute.
    """

    EMBED_WEIGHT = 0.5

    def __init__(self, index: Index, embedder: StaticEmbedder, labels: dict[str, list[float]]) -> None:
        self.index = index
        self.embedder = embedder
        self.labels = labels

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        from .embed import rank

        lexical = self.index.search(query, limit=len(self.index.docs))
        similar = rank(self.embedder, self.labels, query, len(self.labels))
        if not similar:
            return lexical[:limit]
        top = max((h.score for h in lexical), default=0.0) or 1.0
        bm25 = {h.word: h.score / top for h in lexical}
        why = {h.word: h.why for h in lexical}
        low, high = similar[-1][1], similar[0][1]
        spread = (high - low) or 1.0
        fused = {
            word: (1 - self.EMBED_WEIGHT) * bm25.get(word, 0.0) + self.EMBED_WEIGHT * (cos - low) / spread
            for word, cos in similar
        }
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        best = ranked[0][1] or 1.0
        return [
            Hit(word, round(score / best, 3), why.get(word) or "close in meaning to what you described")
            for word, score in ranked
        ]
