"""The bundled wheel keeps every promise the product makes about it, and bad content fails clearly."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from feelwords.content import Content, load_content, parse_wheel
from feelwords.errors import ContentError

from .conftest import MINI


def test_wheel_has_enough_distinct_words_in_three_rings(bundled: Content) -> None:
    wheel = bundled.wheel
    assert len(wheel.entries) >= 240
    rings = collections.Counter(wheel.ring(w) for w in wheel.entries)
    assert 6 <= rings["core"] <= 8
    assert rings["middle"] >= 40
    assert rings["outer"] >= 150


def test_wheel_every_word_is_complete(bundled: Content) -> None:
    for entry in bundled.wheel_data.words:
        assert len(entry.body) >= 2, entry.word
        assert len(entry.triggers) >= 2, entry.word
        assert all(t.lower().startswith("when ") for t in entry.triggers), entry.word
        assert entry.urge, entry.word
        assert entry.needs, entry.word
        assert not entry.definition.lower().startswith(entry.word + " "), entry.word
        assert 1 <= entry.intensity <= 3


def test_wheel_core_families_cover_the_basics(bundled: Content) -> None:
    cores = set(bundled.wheel.cores)
    assert {"joyful", "sad", "scared", "angry"} <= cores


def test_wheel_lists_meet_their_counts(bundled: Content) -> None:
    data = bundled.wheel_data
    assert len(data.confusables) >= 60
    assert len(data.faux_feelings) >= 30
    vague = {v.word for v in data.vague_words}
    assert {"fine", "okay", "good", "bad", "upset", "stressed", "whatever", "weird", "off"} <= vague


def test_wheel_has_everyday_slang(bundled: Content) -> None:
    wheel = bundled.wheel
    for phrase, family in [
        ("pissed off", "angry"),
        ("gutted", "sad"),
        ("on edge", "scared"),
        ("bummed", "sad"),
    ]:
        found = wheel.resolve(phrase)
        assert found is not None, phrase
        assert wheel.core_of(found.word) == family, phrase


@pytest.mark.parametrize(
    "label",
    [
        "admiration",
        "amusement",
        "anger",
        "annoyance",
        "caring",
        "confusion",
        "curiosity",
        "desire",
        "disappointment",
        "disapproval",
        "disgust",
        "embarrassment",
        "excitement",
        "fear",
        "gratitude",
        "grief",
        "joy",
        "love",
        "nervousness",
        "optimism",
        "pride",
        "relief",
        "remorse",
        "sadness",
        "surprise",
        "trust",
        "anticipation",
        "shame",
        "guilt",
        "envy",
        "jealousy",
        "loneliness",
        "nostalgic",
        "sentimental",
        "faithful",
        "prepared",
        "content",
        "devastated",
        "apprehensive",
        "terrified",
        "impressed",
        "hopeful",
        "serenity",
        "ecstasy",
        "boredom",
        "contempt",
        "awe",
        "despair",
        "anxiety",
    ],
)
def test_wheel_finds_common_emotion_labels(bundled: Content, label: str) -> None:
    """Words from public emotion vocabularies and dataset label sets resolve to an entry."""
    assert bundled.wheel.resolve(label) is not None


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "emotion_wheel.yaml"
    path.write_text(text)
    return path


def _mini_text() -> str:
    return (MINI / "emotion_wheel.yaml").read_text()


def test_content_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "words:\n  - word: [unclosed\n")
    with pytest.raises(ContentError, match=r"emotion_wheel\.yaml, line \d+: YAML syntax error"):
        parse_wheel(path)


def test_content_missing_field_names_entry_and_field(tmp_path: Path) -> None:
    text = _mini_text().replace("  urge: to act on being bitter\n", "")
    with pytest.raises(ContentError) as err:
        parse_wheel(_write(tmp_path, text))
    assert "entry 'bitter', field 'urge': this field is required" in str(err.value)
    assert ", line " in str(err.value)


def test_content_unknown_parent(tmp_path: Path) -> None:
    text = _mini_text().replace("parent: resentful", "parent: resentfull")
    with pytest.raises(ContentError, match="entry 'bitter', field 'parent': unknown parent 'resentfull'"):
        parse_wheel(_write(tmp_path, text))


def test_content_intensity_out_of_range(tmp_path: Path) -> None:
    text = _mini_text().replace("intensity: 3", "intensity: 7", 1)
    with pytest.raises(ContentError, match="field 'intensity': Input should be less than or equal to 3"):
        parse_wheel(_write(tmp_path, text))


def test_content_duplicate_alias_across_entries(tmp_path: Path) -> None:
    text = _mini_text().replace("- bugged", "- mad")
    with pytest.raises(ContentError, match="'mad' is already used by 'angry'"):
        parse_wheel(_write(tmp_path, text))


def test_content_duplicate_word(tmp_path: Path) -> None:
    text = _mini_text().replace("word: serene", "word: relaxed")
    with pytest.raises(ContentError, match="'relaxed' is already used"):
        parse_wheel(_write(tmp_path, text))


def test_content_unknown_confusable_and_faux_targets(tmp_path: Path) -> None:
    text = _mini_text().replace(
        "  - annoyed\n  - resentful\n  difference", "  - annoyed\n  - grumpy\n  difference"
    )
    with pytest.raises(ContentError, match="confusables.*unknown word 'grumpy'|unknown word 'grumpy'"):
        parse_wheel(_write(tmp_path, text))
    text = _mini_text().replace("covers:\n  - annoyed", "covers:\n  - grumpy")
    with pytest.raises(ContentError, match="field 'covers': unknown word 'grumpy'"):
        parse_wheel(_write(tmp_path, text))


def test_content_refuses_yaml_aliases(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nwords: [*c]\n"
    with pytest.raises(ContentError, match="anchors or aliases"):
        parse_wheel(_write(tmp_path, bomb))


def test_content_binary_junk_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "emotion_wheel.yaml"
    path.write_bytes(b"\x00\xff\xfe junk \x81")
    with pytest.raises(ContentError, match="emotion_wheel.yaml"):
        parse_wheel(path)


def test_content_cache_is_used_and_rebuilt_on_change(tmp_path: Path, private_home: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "emotion_wheel.yaml").write_text(_mini_text())
    first = load_content(data)
    assert list((private_home / "cache").glob("content-*.json"))
    again = load_content(data)
    assert again.wheel_data == first.wheel_data
    (data / "emotion_wheel.yaml").write_text(_mini_text().replace("name: mini test wheel", "name: changed"))
    assert load_content(data).wheel_data.name == "changed"


def test_content_prompts_from_the_cache_equal_the_validated_ones(tmp_path: Path) -> None:
    """The cache rebuilds prompt models without re-validating; they must be the same models."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("emotion_wheel.yaml", "prompts.yaml"):
        (data / name).write_text((MINI / name).read_text())
    fresh = load_content(data).prompts
    cached = load_content(data)
    assert isinstance(cached.prompts_source, Path)
    assert cached.prompts == fresh
