"""The static word vectors: the shipped file loads, texts embed sensibly, and wheel words rank by meaning."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from feelwords.content import Content
from feelwords.embed import (
    VECTORS_FILE,
    StaticEmbedder,
    content_tokens,
    label_vectors,
    pack_labels,
    rank,
    unpack_labels,
)
from feelwords.errors import ContentError

from .conftest import ROOT

SHIPPED = ROOT / "data" / VECTORS_FILE


@pytest.fixture(scope="module")
def embedder() -> StaticEmbedder:
    return StaticEmbedder.load(SHIPPED)


@pytest.fixture(scope="module")
def bundled_labels(embedder: StaticEmbedder, bundled: Content) -> dict[str, list[float]]:
    return label_vectors(embedder, bundled.wheel)


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_shipped_file_loads_with_its_provenance(embedder: StaticEmbedder) -> None:
    assert SHIPPED.stat().st_size < 3.5 * 2**20
    assert embedder.meta["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert embedder.meta["licence"] == "Apache-2.0"
    assert embedder.count > 20_000
    assert 64 <= embedder.dims <= 384
    row = embedder.lookup("crying")
    assert row is not None and embedder.word(row) == "crying"


def test_every_word_of_the_bundled_wheel_is_known(embedder: StaticEmbedder, bundled: Content) -> None:
    rebuild = "rebuild data/lookup_vectors.bin with bench/embed/build_static_vectors.py"
    for entry in bundled.wheel_data.words:
        for token in content_tokens(entry.word):
            assert embedder.knows(token), f"'{token}' has no vector: {rebuild}"


def test_unknown_inflections_borrow_a_known_word(embedder: StaticEmbedder) -> None:
    row = embedder.lookup("panicking")  # stem "panick" is no word; the table maps it to "panicked"
    assert row is not None and embedder.word(row) == "panicked"
    assert embedder.lookup("xyzzqv") is None


def test_a_sentence_embeds_to_a_unit_vector(embedder: StaticEmbedder) -> None:
    vector = embedder.embed("My chest is tight and I keep checking my phone for bad news.")
    assert vector is not None
    assert len(vector) == embedder.dims
    assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-9)


def test_the_packed_sum_matches_plain_arithmetic(embedder: StaticEmbedder) -> None:
    """The big-integer accumulation gives what a float loop over the int8 rows gives."""
    rows = [r for r in (embedder.lookup(w) for w in ("tired", "the", "furious", "tired")) if r is not None]
    weights = {rows[0]: 2.0, rows[1]: 1.0, rows[2]: 0.5}
    fast = embedder._sum(weights)
    assert fast is not None
    plain = [0.0] * embedder.dims
    for row, weight in weights.items():
        raw = bytes(embedder._matrix[row * embedder.dims : (row + 1) * embedder.dims])
        scale = embedder._scales[row] * weight
        for d, byte in enumerate(raw):
            plain[d] += (byte - 256 if byte > 127 else byte) * scale
    peak = max(abs(x) for x in plain)
    assert all(abs(a - b) <= 1e-5 * peak for a, b in zip(fast, plain, strict=True))


def test_related_words_are_closer_than_unrelated(embedder: StaticEmbedder) -> None:
    grief, mourning, printer = (embedder.embed(w) for w in ("grief", "mourning", "printer"))
    assert grief and mourning and printer
    assert _cos(grief, mourning) > _cos(grief, printer) + 0.3


def test_unknown_stop_and_empty_texts_have_no_vector(embedder: StaticEmbedder) -> None:
    assert embedder.embed("xyzzqv blorptastic") is None
    assert embedder.embed("") is None
    assert embedder.embed("and the of it was") is None
    assert embedder.embed("not angry") is None  # everything it says is negated


def test_negation_drops_the_denied_words_up_to_the_clause_end(embedder: StaticEmbedder) -> None:
    assert content_tokens("not angry, just tired") == ["tired"]
    assert content_tokens("I never felt safe there but now I do") == ["now"]
    assert content_tokens("I can't stop crying") == ["crying"]
    assert content_tokens("I couldn't help laughing") == ["laughing"]
    assert embedder.embed("not angry, just tired") == embedder.embed("tired")


def test_negated_feeling_loses_to_the_stated_one(
    embedder: StaticEmbedder, bundled_labels: dict[str, list[float]]
) -> None:
    ranked = [w for w, _ in rank(embedder, bundled_labels, "not angry, just tired", 5)]
    assert "angry" not in ranked
    assert "tired" in ranked[:3]


def test_a_loss_ranks_grief_first(
    embedder: StaticEmbedder, bundled_labels: dict[str, list[float]], bundled: Content
) -> None:
    wheel = bundled.wheel
    ranked = rank(embedder, bundled_labels, "my dad died last week and I can't stop crying", 5)
    words = [w for w, _ in ranked]
    assert wheel.core_of(words[0]) == "sad"
    assert "grieving" in words
    assert sum(wheel.core_of(w) == "sad" for w in words) >= 3
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)


def test_rank_respects_limit_and_unknown_text(
    embedder: StaticEmbedder, bundled_labels: dict[str, list[float]]
) -> None:
    assert len(rank(embedder, bundled_labels, "a long day at work", 3)) == 3
    assert rank(embedder, bundled_labels, "a long day at work", 0) == []
    assert rank(embedder, bundled_labels, "xyzzqv", 5) == []


def test_label_vectors_of_a_users_own_wheel(embedder: StaticEmbedder, mini: Content) -> None:
    labels = label_vectors(embedder, mini.wheel)
    assert set(labels) == {e.word for e in mini.wheel_data.words}
    for vector in labels.values():
        assert len(vector) == embedder.dims
        assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-9)
    for word in ("bitter", "irritated", "serene"):
        assert rank(embedder, labels, word, 1)[0][0] == word
    calm = [w for w, _ in rank(embedder, labels, "so calm and relaxed", 2)]
    assert set(calm) <= {"calm", "relaxed", "serene"}


def test_label_vectors_survive_a_cache_round_trip(embedder: StaticEmbedder, mini: Content) -> None:
    labels = label_vectors(embedder, mini.wheel)
    back = unpack_labels(pack_labels(labels))
    assert list(back) == list(labels)
    for word, vector in labels.items():
        assert all(abs(a - b) < 1e-6 for a, b in zip(vector, back[word], strict=True))
    assert unpack_labels(pack_labels({})) == {}
    with pytest.raises(ValueError):
        unpack_labels(pack_labels(labels)[:-4])


def test_a_damaged_file_is_a_content_error(tmp_path: Path) -> None:
    blob = SHIPPED.read_bytes()
    for name, data in (("short", blob[:-1]), ("magic", b"NOTVECS!" + blob[8:]), ("empty", b"")):
        path = tmp_path / f"{name}.bin"
        path.write_bytes(data)
        with pytest.raises(ContentError):
            StaticEmbedder.load(path)
    with pytest.raises(ContentError):
        StaticEmbedder.load(tmp_path / "missing.bin")
