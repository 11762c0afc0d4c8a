"""Find, load and validate the YAML content: the bundled files, or a user's own --data-dir.

Parsing YAML is the slowest part of start-up, so a validated copy is kept as JSON in the cache directory,
keyed by the source files' size and modification time; any change to a source file makes a new copy.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import ContentError
from .fsutil import atomic_write_bytes, cache_dir, ensure_private_dir
from .records import WheelData

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import PromptItem, PromptsFile, WheelFile
    from .search import HybridRanker, Index
    from .wheel import Wheel

WHEEL_FILE = "emotion_wheel.yaml"
PROMPTS_FILE = "prompts.yaml"
MAX_CONTENT_BYTES = 8 * 1024 * 1024
CACHE_FORMAT = 1


def bundled_data_dir() -> Path:
    """The content shipped with the package; in a source checkout, the repository's own data/ folder."""
    packaged = Path(str(resources.files("feelwords"))) / "data"
    if (packaged / WHEEL_FILE).is_file():
        return packaged
    # An editable install imports from src/feelwords, two levels below the checkout's data/.
    checkout = Path(__file__).resolve().parents[2] / "data"
    if (checkout / WHEEL_FILE).is_file():
        return checkout
    raise ContentError("The bundled emotion wheel is missing from this installation; reinstall feelwords.")


def resolve_data_dir(data_dir: Path | None = None) -> Path:
    chosen = data_dir or (
        Path(os.environ["FEELWORDS_DATA_DIR"]) if os.environ.get("FEELWORDS_DATA_DIR") else None
    )
    if chosen is None:
        return bundled_data_dir()
    if not (chosen / WHEEL_FILE).is_file():
        raise ContentError(
            f"{chosen} has no {WHEEL_FILE}; a data directory needs at least that file "
            "(and optionally prompts.yaml)."
        )
    return chosen


# --- YAML ------------------------------------------------------------------------------------


def _yaml_loader() -> Any:
    import yaml

    # The C loader is about six times faster; both are the safe loaders.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file safely, or raise ContentError naming the file and line."""
    import yaml

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ContentError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if size > MAX_CONTENT_BYTES:
        raise ContentError(
            f"{path} is {size // 1024} KiB; content files are limited to "
            f"{MAX_CONTENT_BYTES // (1024 * 1024)} MiB."
        )
    try:
        data = path.read_bytes()
        _refuse_deep_nesting(path, data)
        loaded = yaml.load(data, Loader=_yaml_loader())
    except OSError as exc:
        raise ContentError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(f"{path}{where}: YAML syntax error: {problem}.") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML text ({str(exc).splitlines()[0]}).") from None
    except RecursionError:
        raise ContentError(f"{path}: the YAML is nested too deeply to be content.") from None
    _refuse_aliases(path, loaded)
    return loaded


MAX_NESTING = 200


def _refuse_deep_nesting(path: Path, data: bytes) -> None:
    """Refuse absurd nesting before the parser sees it: the C parser can overflow its stack on it.

    Content is three levels deep at most; counting open brackets, and indentation, over-estimates
    depth (brackets inside quotes count too), which is harmless at this limit.
    """
    depth = deepest = 0
    for byte in data:
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}" and depth:
            depth -= 1
    # Block nesting shows as leading indentation, "- " sequence entries or "? " complex keys.
    indent = max((len(line) - len(line.lstrip(b" -?")) for line in data.splitlines()), default=0)
    if deepest > MAX_NESTING or indent > MAX_NESTING * 2:
        raise ContentError(f"{path}: the YAML is nested too deeply to be content.")


def _refuse_aliases(path: Path, root: Any) -> None:
    """Reject YAML anchors and aliases: content never needs them and they can expand exponentially."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            if id(node) in seen:
                raise ContentError(
                    f"{path}: uses YAML anchors or aliases (&name / *name); write the content out in full."
                )
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)


def _line_of(path: Path, loc: Iterable[int | str]) -> int | None:
    """The 1-based line of a location such as ('words', 5, 'intensity'), found by re-reading the file."""
    import yaml

    try:
        node = yaml.compose(path.read_bytes(), Loader=_yaml_loader())
    except (yaml.YAMLError, OSError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            found = node.value[key]
        else:
            found = None
        if found is None:
            break
        node = found
        line = node.start_mark.line + 1
    return line


def _describe(data: Any, loc: tuple[int | str, ...]) -> str:
    """'entry 'resentful', field 'intensity'' for ('words', 12, 'intensity')."""
    parts: list[str] = []
    node = data
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(key, int):
            label = None
            if isinstance(node, dict):
                label = node.get("word") or node.get("id")
            # Only a short plain string names an entry; anything else (even a deep list) is a number.
            if isinstance(label, str) and len(label) <= 80:
                parts.append(f"entry {label!r}")
            else:
                parts.append(f"entry #{key + 1}")
        elif not parts or not str(key).isidentifier() or key not in ("words", "items"):
            parts.append(f"field {key!r}")
    return ", ".join(parts) if parts else "the top level"


def _validation_message(path: Path, data: Any, exc: ValidationError) -> str:
    errors = exc.errors()
    first = errors[0]
    loc = tuple(k for k in first["loc"] if not (isinstance(k, str) and k.endswith("Item")))
    # Discriminated unions add the tag ('name', 'listen') to the location; drop it.
    loc = tuple(
        k
        for i, k in enumerate(loc)
        if not (i > 0 and isinstance(loc[i - 1], int) and isinstance(k, str) and k in _KIND_TAGS)
    )
    line = _line_of(path, loc)
    where = f", line {line}" if line else ""
    message = first["msg"].rstrip(".")
    if first["type"] == "extra_forbidden":
        message = "unknown field (check its spelling)"
    elif first["type"] == "missing":
        message = "this field is required"
    more = f" ({len(errors) - 1} more problem(s) after this one)" if len(errors) > 1 else ""
    return f"{path}{where}: {_describe(data, loc)}: {message}.{more}"


_KIND_TAGS = {"name", "body", "discriminate", "ladder", "articulate", "listen"}


def _problem(path: Path, data: Any, loc: tuple[int | str, ...], message: str) -> ContentError:
    line = _line_of(path, loc)
    where = f", line {line}" if line else ""
    return ContentError(f"{path}{where}: {_describe(data, loc)}: {message}.")


# --- parsing and cross-checks ------------------------------------------------------------------


def parse_wheel(path: Path) -> WheelFile:
    from pydantic import ValidationError

    from .models import WheelFile

    data = read_yaml(path)
    if not isinstance(data, dict) or "words" not in data:
        raise ContentError(f"{path}: an emotion wheel is a mapping with a 'words' list at the top.")
    try:
        wheel = WheelFile.model_validate(data)
    except ValidationError as exc:
        raise ContentError(_validation_message(path, data, exc)) from None
    for loc, message in check_wheel(wheel):
        raise _problem(path, data, loc, message)
    return wheel


def check_wheel(wheel: WheelFile) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Whole-file rules: references resolve, nothing is named twice, the tree has three rings."""
    words = {e.word: e for e in wheel.words}
    seen: dict[str, str] = {}
    needs = set(wheel.needs)
    for i, entry in enumerate(wheel.words):
        if entry.word in seen:
            yield ("words", i, "word"), f"'{entry.word}' is already used by '{seen[entry.word]}'"
        seen.setdefault(entry.word, entry.word)
    for i, entry in enumerate(wheel.words):
        for field in ("aliases", "forms"):
            for phrase in getattr(entry, field):
                if phrase in seen and seen[phrase] != entry.word:
                    yield (
                        ("words", i, field),
                        f"'{phrase}' is already used by '{seen[phrase]}'; a phrase may point "
                        "to one word only",
                    )
                seen[phrase] = entry.word
    for i, entry in enumerate(wheel.words):
        if entry.parent is not None:
            if entry.parent not in words:
                yield ("words", i, "parent"), f"unknown parent '{entry.parent}'"
                continue
            grand = words[entry.parent].parent
            if grand is not None and words.get(grand, entry).parent is not None:
                yield ("words", i, "parent"), "the wheel has three rings; this word sits deeper"
        if entry.opposite is not None and entry.opposite not in words:
            yield ("words", i, "opposite"), f"unknown opposite '{entry.opposite}'"
        for need in entry.needs:
            if need not in needs:
                yield ("words", i, "needs"), f"'{need}' is not in the wheel's needs list"
    if not any(e.parent is None for e in wheel.words):
        yield ("words",), "no core words (entries without a parent)"
    pairs: set[frozenset[str]] = set()
    for i, pair in enumerate(wheel.confusables):
        for word in pair.words:
            if word not in words:
                yield ("confusables", i, "words"), f"unknown word '{word}'"
        key = frozenset(pair.words)
        if key in pairs:
            yield ("confusables", i, "words"), "this pair is listed twice"
        pairs.add(key)
    for section in ("faux_feelings", "vague_words"):
        field = "covers" if section == "faux_feelings" else "sharper"
        names: set[str] = set()
        for i, item in enumerate(getattr(wheel, section)):
            if item.word in seen:
                yield (section, i, "word"), f"'{item.word}' is already a word or alias on the wheel"
            if item.word in names:
                yield (section, i, "word"), f"'{item.word}' is listed twice"
            names.add(item.word)
            for word in getattr(item, field):
                if word not in words:
                    yield (section, i, field), f"unknown word '{word}'"


def parse_prompts(path: Path, wheel: WheelFile | WheelData) -> PromptsFile:
    from pydantic import ValidationError

    from .models import PromptsFile

    data = read_yaml(path)
    if not isinstance(data, dict) or "items" not in data:
        raise ContentError(f"{path}: a prompt bank is a mapping with an 'items' list at the top.")
    try:
        prompts = PromptsFile.model_validate(data)
    except ValidationError as exc:
        raise ContentError(_validation_message(path, data, exc)) from None
    for loc, message in check_prompts(prompts, wheel):
        raise _problem(path, data, loc, message)
    return prompts


def check_prompts(
    prompts: PromptsFile, wheel: WheelFile | WheelData
) -> Iterator[tuple[tuple[int | str, ...], str]]:
    from .models import ArticulateItem, DiscriminateItem, LadderItem, ListenItem, NameItem

    words = {e.word for e in wheel.words}
    needs = set(wheel.needs)
    ids: set[str] = set()
    for i, item in enumerate(prompts.items):
        if item.id in ids:
            yield ("items", i, "id"), f"id '{item.id}' is used twice"
        ids.add(item.id)
        refs: dict[str, list[str]] = {}
        if isinstance(item, NameItem):
            refs = {"targets": item.targets, "alternates": item.alternates}
        elif isinstance(item, DiscriminateItem):
            refs = {"options": item.options, "answer": [item.answer]}
            if item.answer not in item.options:
                yield ("items", i, "answer"), "the answer must be one of the options"
        elif isinstance(item, LadderItem):
            refs = {"words": item.words, "accept": item.accept}
            if item.start:
                refs["start"] = [item.start]
            if item.mode == "order" and not 3 <= len(item.words) <= 5:
                yield ("items", i, "words"), "an order ladder needs 3 to 5 words"
            if item.mode == "notch" and (not item.start or not item.accept):
                yield ("items", i, "start"), "a notch item needs 'start' and 'accept'"
        elif isinstance(item, ArticulateItem | ListenItem):
            refs = {"feelings": item.feelings}
            for need in item.needs:
                if need not in needs:
                    yield ("items", i, "needs"), f"'{need}' is not in the wheel's needs list"
        for field, values in refs.items():
            for word in values:
                if word not in words:
                    yield ("items", i, field), f"'{word}' is not a word on the wheel"


# --- the loaded content --------------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """Validated content: the wheel as plain records, the prompt bank checked on first use."""

    wheel_data: WheelData
    prompts_source: dict[str, Any] | Path
    data_dir: Path
    fingerprint: str = ""
    tables: dict[str, Any] | None = None

    @cached_property
    def wheel(self) -> Wheel:
        from .wheel import Wheel

        return Wheel(self.wheel_data, self.tables)

    @cached_property
    def prompts(self) -> PromptsFile:
        """The prompt bank, read from its own cache file only when a command needs it."""
        from .models import PromptsFile

        source = self.prompts_source
        if isinstance(source, dict):
            return PromptsFile.model_validate(source)
        try:
            return _trusted_prompts(json.loads(source.read_bytes()))
        except (OSError, ValueError, KeyError, TypeError):
            path = self.data_dir / PROMPTS_FILE
            return parse_prompts(path, self.wheel_data) if path.is_file() else PromptsFile(items=[])

    @cached_property
    def items_by_id(self) -> dict[str, PromptItem]:
        return {item.id: item for item in self.prompts.items}

    def ranker(self) -> Index | HybridRanker:
        """The description ranker: BM25 fused with the bundled static word vectors when they exist."""
        from .embed import VECTORS_FILE, StaticEmbedder, label_vectors, pack_labels, unpack_labels
        from .search import HybridRanker

        index = self.index()
        vectors = bundled_data_dir() / VECTORS_FILE
        try:
            embedder = StaticEmbedder.load(vectors)
        except (OSError, ValueError):
            return index  # no vectors shipped (or unreadable): BM25 alone still works
        labels = None
        path = cache_dir() / f"labels-{self.fingerprint}-{_fingerprint([vectors])}.bin"
        if self.fingerprint:
            try:
                labels = unpack_labels(path.read_bytes())
            except (OSError, ValueError):
                labels = None
        if labels is None or set(labels) != set(self.wheel.entries):
            labels = label_vectors(embedder, self.wheel)
            if self.fingerprint:
                _write_bytes_cache(path, pack_labels(labels), "labels-")
        return HybridRanker(index, embedder, labels)

    def index(self) -> Index:
        """The description-search index, from its own cache file when the content is unchanged."""
        from .search import Index

        path = cache_dir() / f"index-{self.fingerprint}.json"
        if self.fingerprint:
            try:
                return Index.from_dict(self.wheel, json.loads(path.read_bytes()))
            except (OSError, ValueError, KeyError, TypeError):
                pass
        index = Index(self.wheel)
        if self.fingerprint:
            _write_cache(path, index.to_dict(), "index-")
        return index


def _trusted_prompts(data: dict[str, Any]) -> PromptsFile:
    """Build the models from the cache without validating again: it was checked when it was written.

    Validation builds the schema of every item kind, which costs more than the first drill prompt may.
    """
    from .models import (
        ArticulateItem,
        DiscriminateItem,
        LadderItem,
        ListenItem,
        NameItem,
        PromptsFile,
        Trap,
    )

    kinds: dict[str, Any] = {
        "name": NameItem,
        "body": NameItem,
        "discriminate": DiscriminateItem,
        "ladder": LadderItem,
        "articulate": ArticulateItem,
        "listen": ListenItem,
    }
    items = []
    for raw in data["items"]:
        fields = dict(raw)
        if "traps" in fields:
            fields["traps"] = [Trap.model_construct(**trap) for trap in fields["traps"]]
        items.append(kinds[fields["kind"]].model_construct(**fields))
    return PromptsFile.model_construct(version=data["version"], items=items)


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256(f"{__version__}:{CACHE_FORMAT}".encode())
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            digest.update(f"{path}:missing".encode())
            continue
        digest.update(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def load_content(data_dir: Path | None = None, *, use_cache: bool = True) -> Content:
    """Load and validate the wheel and prompt bank, from the JSON cache when the sources are unchanged."""
    root = resolve_data_dir(data_dir)
    wheel_path, prompts_path = root / WHEEL_FILE, root / PROMPTS_FILE
    fingerprint = _fingerprint([wheel_path, prompts_path])
    cache_file = cache_dir() / f"content-{fingerprint}.json"
    prompts_cache = cache_dir() / f"prompts-{fingerprint}.json"
    if use_cache:
        cached = _read_cache(cache_file, prompts_cache, root, fingerprint)
        if cached is not None:
            return cached
    from .models import PromptsFile

    wheel_model = parse_wheel(wheel_path)
    wheel_data = WheelData.from_dict(wheel_model.model_dump(mode="json"))
    prompts = parse_prompts(prompts_path, wheel_data) if prompts_path.is_file() else PromptsFile(items=[])
    prompts_raw = prompts.model_dump(mode="json")
    content = Content(wheel_data, prompts_raw, root, fingerprint if use_cache else "")
    content.__dict__["prompts"] = prompts  # already built: spare the cached_property a second pass
    if use_cache:
        # The prompt bank has its own file: a word lookup never needs to read it.
        _write_cache(prompts_cache, prompts_raw, "prompts-")
        payload = {"wheel": wheel_model.model_dump(mode="json"), "tables": content.wheel.tables()}
        _write_cache(cache_file, payload, "content-")
    return content


def _read_cache(cache_file: Path, prompts_cache: Path, root: Path, fingerprint: str) -> Content | None:
    if not prompts_cache.exists():
        return None
    try:
        payload = json.loads(cache_file.read_bytes())
        return Content(
            WheelData.from_dict(payload["wheel"]), prompts_cache, root, fingerprint, payload["tables"]
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # a missing, stale or damaged cache is rebuilt from the sources


def _write_cache(cache_file: Path, payload: dict[str, Any], prefix: str) -> None:
    _write_bytes_cache(cache_file, json.dumps(payload, separators=(",", ":")).encode(), prefix)


def _write_bytes_cache(cache_file: Path, data: bytes, prefix: str) -> None:
    try:
        ensure_private_dir(cache_file.parent)
        for old in cache_file.parent.glob(f"{prefix}*"):
            if old != cache_file:
                old.unlink(missing_ok=True)
        atomic_write_bytes(cache_file, data, durable=False)
    except OSError:
        pass  # the cache only saves time; a read-only cache directory is not an error


def validate_path(path: Path, wheel: WheelData | None) -> str:
    """Validate one user file (a wheel or a prompt bank); returns a one-line summary."""
    data = read_yaml(path)
    if isinstance(data, dict) and "words" in data:
        parsed = parse_wheel(path)
        return f"{path}: a valid wheel with {len(parsed.words)} words."
    if isinstance(data, dict) and "items" in data:
        sibling = path.parent / WHEEL_FILE
        base = parse_wheel(sibling) if sibling.is_file() and sibling != path else wheel
        if base is None:
            raise ContentError(f"{path}: cannot check a prompt bank without a wheel.")
        bank = parse_prompts(path, base)
        return f"{path}: a valid prompt bank with {len(bank.items)} items."
    raise ContentError(f"{path}: neither a wheel (a 'words' list) nor a prompt bank (an 'items' list).")
