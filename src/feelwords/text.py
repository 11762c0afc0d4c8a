"""Shared text handling: normalising, tokenising and stemming English the same way everywhere."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SPACE = re.compile(r"\s+")

# Words that carry no meaning for matching a feeling; negations are kept on purpose.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "im",
        "ive",
        "id",
        "ill",
        "its",
        "thats",
        "dont",
        "cant",
        "wont",
        "get",
        "got",
        "gets",
        "really",
        "feel",
        "feels",
        "felt",
        "feeling",
        "like",
        "kind",
        "sort",
        "bit",
        "little",
        "much",
        "lot",
        "also",
        "even",
        "still",
        "one",
        "thing",
        "things",
        "something",
    ]
)
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "none",
        "nobody",
        "neither",
        "nor",
        "without",
        "dont",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "cant",
        "couldnt",
        "wont",
        "wouldnt",
        "hardly",
        "barely",
    ]
)


def normalise(text: str) -> str:
    """Lower case, plain apostrophes, accents folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").lower()
    return _SPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Word tokens with contractions joined ("don't" -> "dont"), so negations survive."""
    return [token.replace("'", "").replace("’", "") for token in _WORD.findall(normalise(text))]


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    result: str = _stemmer().stemWord(word)
    return result


def stem_phrase(text: str) -> str:
    return " ".join(stem(token) for token in words(text))
