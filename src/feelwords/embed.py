"""Static word vectors for free-text lookup: meaning beyond the words a wheel entry happens to use.

data/lookup_vectors.bin holds one small int8 vector per English word, distilled offline from the
sentence-embedding model all-MiniLM-L6-v2 (Apache-2.0; see bench/embed/build_static_vectors.py). A text's
vector is the weighted mean of its words' vectors (rarer words weigh more; the weight is built into each
stored vector), so embedding needs neither the model nor numpy: the standard library reads the file in
one go and the arithmetic is a few hundred multiplications per word.

Each wheel word gets one vector built from its own content (names, definition, triggers, body cues,
urge, example), so a user's own --data-dir wheel is ranked the same way as the bundled one.
"""

from __future__ import annotations

import json
import math
import operator
import re
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ContentError
from .text import NEGATIONS, STOP_WORDS, stem, words

if TYPE_CHECKING:
    from .records import Entry
    from .wheel import Wheel

MAGIC = b"FWVECS01"
VECTORS_FILE = "lookup_vectors.bin"

# A clause boundary ends the reach of a negation: "not angry, just tired" (as in search.py).
_CLAUSE_BREAK = re.compile(r"[,.;:!?]|\b(?:but|just|only|more|rather|instead)\b")

# After a negation, these make it affirm rather than deny: "can't stop crying", "couldn't help it".
_AFFIRMING = frozenset({"stop", "help"})

Vector = list[float]
_MEMO_LIMIT = 100_000
_BIAS = 127
# An int8 value as stored (two's complement) -> the same value plus _BIAS, as one unsigned byte.
_BIASED = bytes(((b - 256 if b > 127 else b) + _BIAS) & 0xFF for b in range(256))


def _normalised(vector: Iterable[float]) -> Vector | None:
    values = list(vector)
    norm = math.hypot(*values)
    if norm == 0.0 or not math.isfinite(norm):
        return None
    return list(map(operator.truediv, values, repeat(norm)))


def _dot(a: Vector, b: Vector) -> float:
    total: float = sum(map(operator.mul, a, b))
    return total


def content_tokens(text: str) -> list[str]:
    """The words of a text that carry its meaning: no stop words, nothing a negation reverses.

    "not angry, just tired" keeps only "tired": a negated word would pull the text towards the very
    feeling it denies, and a static vector cannot represent "not". A negation reaches to the end of its
    clause, except "can't stop ..." and "can't help ...", which affirm what follows.
    """
    kept: list[str] = []
    for clause in _CLAUSE_BREAK.split(text.lower()):
        negated = False
        tokens = words(clause)
        for i, token in enumerate(tokens):
            if token in NEGATIONS:
                # "can't stop crying", "couldn't help laughing" affirm what follows.
                if i + 1 < len(tokens) and tokens[i + 1] in _AFFIRMING:
                    tokens[i + 1] = ""
                else:
                    negated = True
            elif token and not negated and token not in STOP_WORDS and len(token) > 1:
                kept.append(token)
    return kept


def _read_array(typecode: str, data: memoryview) -> array[Any]:
    values = array(typecode)
    if len(data) % values.itemsize:
        raise ValueError(f"a section of {len(data)} bytes is not whole {typecode!r} items")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


class StaticEmbedder:
    """Word vectors read from a lookup_vectors.bin (read-only; it memoises lookups as it goes)."""

    def __init__(self, blob: bytes) -> None:
        """Parse a whole lookup_vectors.bin; raises ValueError (or struct/zlib errors) if malformed."""
        if blob[: len(MAGIC)] != MAGIC:
            raise ValueError("wrong magic bytes")
        at = len(MAGIC)
        (header_len,) = struct.unpack_from("<I", blob, at)
        at += 4
        meta = json.loads(blob[at : at + header_len].decode("utf-8"))
        at += header_len
        view = memoryview(blob)
        parts: dict[str, memoryview] = {}
        for name in ("keys", "starts", "slots", "stem_rows", "scales", "matrix"):
            size = int(meta["sections"][name])
            parts[name] = view[at : at + size]
            at += size
        if at != len(blob):
            raise ValueError("the sections do not add up to the file's size")
        self.meta: dict[str, object] = meta
        self.count = int(meta["count"])
        self.dims = int(meta["dims"])
        self._unit = float(meta["unit"])
        slot_type = str(meta["slot_type"])
        if slot_type not in ("H", "I") or self._unit <= 0:
            raise ValueError("bad slot type or unit")
        self._empty = 0xFFFF if slot_type == "H" else 0xFFFFFFFF
        self._keys = zlib.decompress(parts["keys"])
        self._starts: array[int] = _read_array("I", parts["starts"])
        self._slots: array[int] = _read_array(slot_type, parts["slots"])
        self._stem_rows: array[int] = _read_array(slot_type, parts["stem_rows"])
        self._scales: array[float] = _read_array("f", parts["scales"])
        self._matrix = parts["matrix"]
        keys = len(self._starts) - 1
        if (
            len(self._scales) != self.count
            or len(self._matrix) != self.count * self.dims
            or len(self._stem_rows) != keys - self.count
            or len(self._slots) <= keys
            or self._starts[-1] != len(self._keys) + 1
            or (self._stem_rows and max(self._stem_rows) >= self.count)
        ):
            raise ValueError("the header's sizes do not match the data")
        self._rows: dict[str, int | None] = {}
        self._packed_rows: dict[int, int] = {}

    @classmethod
    def load(cls, path: Path) -> StaticEmbedder:
        """Read a vectors file: one read, a few array copies, no per-word objects (a few ms)."""
        try:
            blob = path.read_bytes()
        except OSError as exc:
            raise ContentError(f"Cannot read the lookup vectors {path}: {exc.strerror or exc}.") from None
        try:
            return cls(blob)
        except (ValueError, KeyError, TypeError, struct.error, zlib.error) as exc:
            raise ContentError(f"{path} is not a feelwords vectors file ({exc}).") from None

    # --- vectors ------------------------------------------------------------------------------

    def _find(self, key: str) -> int | None:
        """The key's index in the file's hash table, or None."""
        raw = key.encode("utf-8")
        slots, starts, keys, empty = self._slots, self._starts, self._keys, self._empty
        size = len(slots)
        h = zlib.crc32(raw) % size
        for _ in range(size):  # a well-formed table has empty slots; a damaged one cannot loop forever
            k = slots[h]
            if k == empty:
                return None
            if k < len(starts) - 1 and keys[starts[k] : starts[k + 1] - 1] == raw:
                return k
            h = (h + 1) % size
        return None

    def _row(self, key: str) -> int | None:
        k = self._find(key)
        if k is None or k < self.count:
            return k
        return self._stem_rows[k - self.count]

    def lookup(self, token: str) -> int | None:
        """The row of a word, or of a word with its stem ("dreads" -> "dread", "panicking" -> "panicked")."""
        if token in self._rows:
            return self._rows[token]
        row = self._row(token)
        if row is None:
            row = self._row(stem(token))
        if len(self._rows) > _MEMO_LIMIT:
            self._rows.clear()
        self._rows[token] = row
        return row

    def word(self, row: int) -> str:
        """The vocabulary word of a row."""
        return self._keys[self._starts[row] : self._starts[row + 1] - 1].decode("utf-8")

    def knows(self, token: str) -> bool:
        return self.lookup(token) is not None

    def _sum(self, weights: dict[int, float]) -> Vector | None:
        """The weighted sum of rows {row: weight}; None if there is none.

        Pure Python spends ~40 ns per multiply-add, and a wheel's labels need millions of them, so the
        rows are added as big integers instead: row i becomes one int whose 64-bit fields hold its int8
        values shifted to 0..254, and a weighted sum of rows is then a handful of big-int multiply-adds
        (~1 us each), with every field summed exactly at once. The coefficients are the float weights
        rounded to steps of 2**-24 of the largest scale, far finer than the int8 values themselves.
        """
        if not weights:
            return None
        unit = self._unit
        total = 0
        coefficients = 0
        for i, weight in weights.items():
            c = round(weight * self._scales[i] / unit)
            if c:
                total += c * self._packed(i)
                coefficients += c
        fields = array("Q")
        fields.frombytes(total.to_bytes(8 * self.dims, "little"))
        if sys.byteorder == "big":
            fields.byteswap()
        return list(map(operator.mul, map(operator.sub, fields, repeat(_BIAS * coefficients)), repeat(unit)))

    def _packed(self, i: int) -> int:
        packed = self._packed_rows.get(i)
        if packed is None:
            spread = bytearray(8 * self.dims)
            spread[::8] = bytes(self._matrix[i * self.dims : (i + 1) * self.dims]).translate(_BIASED)
            packed = self._packed_rows[i] = int.from_bytes(spread, "little")
        return packed

    def embed_tokens(self, tokens: Iterable[str]) -> Vector | None:
        """The L2-normalised weighted mean of the known tokens' vectors (tokens as from text.words)."""
        weights: dict[int, float] = {}
        for token in tokens:
            i = self.lookup(token)
            if i is not None:
                weights[i] = weights.get(i, 0.0) + 1.0
        total = self._sum(weights)
        return None if total is None else _normalised(total)

    def embed(self, text: str) -> Vector | None:
        """A text's vector: stop words and negated words left out; None if no word is known."""
        return self.embed_tokens(content_tokens(text))


# The parts of an entry that describe when its word fits. Each part is one bag of words made a unit
# vector, and the parts count equally: unlike BM25, which must reward an exact name, a description rarely
# names its feeling (when it does, the word-level lookup and BM25's mention bonus already catch it), so
# no part is given more say a priori.
def _entry_fields(entry: Entry) -> dict[str, tuple[str, ...]]:
    return {
        "name": (entry.word, *entry.aliases, *entry.forms),
        "definition": (entry.definition,),
        "triggers": tuple(entry.triggers),
        "body": tuple(entry.body),
        "urge": (entry.urge,),
        "example": (entry.example,),
    }


def label_vectors(embedder: StaticEmbedder, wheel: Wheel) -> dict[str, Vector]:
    """One unit vector per wheel word, built from the word's own content.

    Each part (the word with its aliases and forms, the definition, the triggers, the body
    cues, the urge, the example) is one bag of words, embedded like a description (stop words and
    negated words left out) and made a unit vector; the label is the unit vector of their sum. A word
    none of whose content is known to the embedder is left out.
    """
    labels: dict[str, Vector] = {}
    for entry in wheel.data.words:
        total = [0.0] * embedder.dims
        for items in _entry_fields(entry).values():
            # Items joined at a clause break, so a negation in one item does not reach the next.
            vector = embedder.embed(" . ".join(items))
            if vector is not None:
                total = list(map(operator.add, total, vector))
        label = _normalised(total)
        if label is not None:
            labels[entry.word] = label
    return labels


def pack_labels(labels: dict[str, Vector]) -> bytes:
    """Label vectors as compact bytes (float32), for a cache: building them takes a few hundred ms."""
    names = "\n".join(labels).encode("utf-8")
    values = array("f", [x for vector in labels.values() for x in vector])
    if sys.byteorder == "big":
        values.byteswap()
    dims = len(next(iter(labels.values()))) if labels else 0
    return struct.pack("<II", len(names), dims) + names + values.tobytes()


def unpack_labels(blob: bytes) -> dict[str, Vector]:
    """The inverse of pack_labels; ValueError (or struct.error) if the bytes are not such a pack."""
    names_len, dims = struct.unpack_from("<II", blob)
    names = blob[8 : 8 + names_len].decode("utf-8").split("\n") if names_len else []
    values: array[float] = _read_array("f", memoryview(blob)[8 + names_len :])
    if len(values) != len(names) * dims:
        raise ValueError("the label vectors do not match their names")
    return {name: values[i * dims : (i + 1) * dims].tolist() for i, name in enumerate(names)}


def rank(
    embedder: StaticEmbedder, labels: dict[str, Vector], text: str, limit: int
) -> list[tuple[str, float]]:
    """Wheel words by cosine similarity to the text, best first; empty if no word of it is known."""
    query = embedder.embed(text)
    if query is None:
        return []
    scored = [(word, _dot(query, vector)) for word, vector in labels.items()]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[: max(0, limit)]
