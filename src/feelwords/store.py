"""The private history store: an append-only JSON Lines journal of answers, plus a derived card cache.

Layout of the home directory (0700; every file 0600):
  store.json       {"schema_version": N, "created": ...}: written once, checked on every open
  answers.jsonl    one answer a line, appended and fsynced before the next prompt: the source of truth
  cards.json       scheduler state derived from the answers, with the byte offset it covers; a cache
  .lock            held by the one process that may write

Appending one line costs the same with ten years of history as with one day. A process killed mid-write
leaves at most a torn last line with no newline; the next writer sets it aside before appending.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .errors import StoreError
from .fsutil import PRIVATE_FILE, atomic_write_text, ensure_private_dir, fsync_dir

if TYPE_CHECKING:
    from filelock import BaseFileLock

SCHEMA_VERSION = 2
META = "store.json"
ANSWERS = "answers.jsonl"
CARDS = "cards.json"
LOCK = ".lock"

Grade = Literal["correct", "close", "partial", "wrong", "self"]


class Answer(BaseModel):
    """One completed answer. Free text stays here, on this machine, and nowhere else."""

    # The schema is built on first use, after the first prompt is already on screen.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    ts: datetime
    day: date
    session: Annotated[str, Field(min_length=1, max_length=64)]
    card: Annotated[str, Field(min_length=1, max_length=200)]
    kind: str
    item: str
    target: list[str]
    answer: Annotated[str, Field(max_length=4000)]
    grade: Grade
    rating: Annotated[int, Field(ge=1, le=4)]
    ms: Annotated[int, Field(ge=0)]
    matched: str | None = None
    distance: int | None = None
    domain: str | None = None


class Meta(BaseModel):
    model_config = ConfigDict(extra="allow")

    schema_version: int
    created: datetime


@functools.cache
def _answer_list() -> TypeAdapter[list[Answer]]:
    return TypeAdapter(list[Answer])


@dataclass
class Damage:
    """What `doctor` found: the line numbers that do not parse, and a torn tail if any."""

    bad_lines: list[int] = field(default_factory=list)
    torn_tail: bool = False
    message: str = ""

    @property
    def healthy(self) -> bool:
        return not self.bad_lines and not self.torn_tail and not self.message


def _migrate_1_to_2(record: dict[str, Any]) -> dict[str, Any]:
    """Version 1 did not record the local day; derive it from the UTC time in today's local zone."""
    if "day" not in record:
        ts = datetime.fromisoformat(record["ts"])
        record["day"] = ts.astimezone().date().isoformat()
    return record


MIGRATIONS = {1: _migrate_1_to_2}


class Store:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.meta_path = home / META
        self.answers_path = home / ANSWERS
        self.cards_path = home / CARDS

    # --- opening ----------------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.meta_path.exists() or self.answers_path.exists()

    def check(self) -> None:
        """Refuse a store this version cannot read safely, before anything is written."""
        if not self.meta_path.exists():
            if self.answers_path.exists():
                raise StoreError(
                    f"{self.meta_path} is missing but {self.answers_path.name} exists; "
                    "run `feelwords doctor` to look at the store."
                )
            return
        meta = self._read_meta()
        if meta.schema_version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.home} was written by a newer feelwords (store version "
                f"{meta.schema_version}, this one reads up to {SCHEMA_VERSION}); upgrade feelwords. "
                "Nothing was changed."
            )

    def _read_meta(self) -> Meta:
        try:
            return Meta.model_validate_json(self.meta_path.read_bytes())
        except OSError as exc:
            raise StoreError(f"Cannot read {self.meta_path}: {exc.strerror or exc}.") from None
        except ValidationError:
            raise StoreError(
                f"{self.meta_path} is damaged; run `feelwords doctor` to check and repair the store."
            ) from None

    def create(self, now: datetime) -> None:
        try:
            ensure_private_dir(self.home)
            if not self.meta_path.exists():
                meta = {"schema_version": SCHEMA_VERSION, "created": now.isoformat()}
                atomic_write_text(self.meta_path, json.dumps(meta, indent=2) + "\n")
        except OSError as exc:
            raise StoreError(_write_failure(self.home, exc)) from None

    def migrate(self) -> int | None:
        """Bring an older store up to date, keeping the old journal as a backup; the old version."""
        if not self.meta_path.exists():
            return None
        meta = self._read_meta()
        version = meta.schema_version
        if version >= SCHEMA_VERSION:
            return None
        records = [json.loads(line) for line in self._lines() if line.strip()]
        old = version
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise StoreError(f"No migration from store version {version}; upgrade feelwords.")
            records = [step(dict(r)) for r in records]
            version += 1
        _answer_list().validate_python(records)
        try:
            backup = self.home / f"{ANSWERS}.v{old}.bak"
            if self.answers_path.exists():
                os.replace(self.answers_path, backup)
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
            atomic_write_text(self.answers_path, text)
            data = meta.model_dump(mode="json") | {"schema_version": SCHEMA_VERSION}
            atomic_write_text(self.meta_path, json.dumps(data, indent=2) + "\n")
            self.cards_path.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(_write_failure(self.home, exc)) from None
        return old

    # --- reading ----------------------------------------------------------------------------------

    def _raw(self) -> bytes:
        try:
            return self.answers_path.read_bytes()
        except FileNotFoundError:
            return b""
        except OSError as exc:
            raise StoreError(f"Cannot read {self.answers_path}: {exc.strerror or exc}.") from None

    def _lines(self) -> list[bytes]:
        return self._raw().split(b"\n")

    def answers(self, since_offset: int = 0) -> list[Answer]:
        """Every completed answer. A torn last line (a killed write) is skipped; damage elsewhere stops."""
        self.check()
        raw = self._raw()[since_offset:]
        body, _, tail = raw.rpartition(b"\n")
        lines = [line for line in body.split(b"\n") if line.strip()] if body else []
        del tail  # an unterminated last line is an answer whose write never finished
        if not lines:
            return []
        try:
            return _answer_list().validate_json(b"[" + b",".join(lines) + b"]")
        except ValidationError:
            damage = self.inspect()
            first = damage.bad_lines[0] if damage.bad_lines else "?"
            raise StoreError(
                f"{self.answers_path} is damaged at line {first}; nothing was changed. "
                "Run `feelwords doctor` to check it and `feelwords doctor --repair` to keep the "
                "valid answers."
            ) from None

    def size(self) -> int:
        try:
            return self.answers_path.stat().st_size
        except FileNotFoundError:
            return 0

    def boundary(self, offset: int) -> bool:
        """Whether a byte offset falls just after a complete line (a valid cache position)."""
        try:
            with open(self.answers_path, "rb") as handle:
                handle.seek(offset - 1)
                return handle.read(1) == b"\n"
        except OSError:
            return False

    def inspect(self) -> Damage:
        damage = Damage()
        if self.meta_path.exists():
            try:
                meta = self._read_meta()
                if meta.schema_version > SCHEMA_VERSION:
                    damage.message = f"store version {meta.schema_version} is newer than this feelwords"
            except StoreError as exc:
                damage.message = str(exc)
        elif self.answers_path.exists():
            damage.message = f"{META} is missing"
        raw = self._raw()
        if raw and not raw.endswith(b"\n"):
            damage.torn_tail = True
        lines = raw.split(b"\n")
        if damage.torn_tail:
            lines = lines[:-1]
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                Answer.model_validate_json(line)
            except ValidationError:
                damage.bad_lines.append(number)
        return damage

    # --- writing ----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def writer(self, now: datetime) -> Iterator[Writer]:
        """Hold the store's lock for a whole session; a second writer stops with a clear message."""
        from filelock import FileLock, Timeout

        self.check()
        self.create(now)
        if not os.access(self.home, os.W_OK):
            raise StoreError(
                f"Cannot write to {self.home}: the folder is read-only. Your earlier answers are "
                "untouched; make it writable (chmod u+w) or choose another --home."
            )
        self.migrate()
        lock: BaseFileLock = FileLock(self.home / LOCK, mode=PRIVATE_FILE)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise StoreError(
                f"Another feelwords session is writing to {self.home} (a drill in another terminal?). "
                "Finish that one first, then try again."
            ) from None
        except OSError as exc:
            raise StoreError(_write_failure(self.home, exc)) from None
        try:
            # One bulk validation of the journal: it refuses a damaged one and hands the history on.
            history = self.answers()
            writer = Writer(self, history)
            writer.set_aside_torn_tail()
            for stray in self.home.glob(".*.tmp"):
                # Left by a process killed mid atomic write; the real file is whole.
                stray.unlink(missing_ok=True)
            yield writer
        finally:
            lock.release()

    @contextlib.contextmanager
    def _exclusive(self, doing: str) -> Iterator[None]:
        """Hold the writers' lock for a maintenance step, or stop if a session holds it."""
        from filelock import FileLock, Timeout

        lock = FileLock(self.home / LOCK, mode=PRIVATE_FILE)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise StoreError(f"A feelwords session is running; finish it before {doing}.") from None
        except OSError as exc:
            raise StoreError(_write_failure(self.home, exc)) from None
        try:
            yield
        finally:
            lock.release()

    def reset(self, now: datetime) -> Path | None:
        """Move the whole history into a dated backup folder; never delete it."""
        if not self.exists():
            return None
        with self._exclusive("resetting"):
            try:
                backup = self.home / f"backup-{now.strftime('%Y%m%d-%H%M%S')}"
                ensure_private_dir(backup)
                for name in (META, ANSWERS, CARDS):
                    if (self.home / name).exists():
                        os.replace(self.home / name, backup / name)
                fsync_dir(self.home)
                return backup
            except OSError as exc:
                raise StoreError(_write_failure(self.home, exc)) from None

    def repair(self, now: datetime) -> tuple[int, int, Path]:
        """Keep every valid answer, set the damaged file aside; returns (kept, dropped, backup)."""
        if self.meta_path.exists():
            try:
                newer = self._read_meta().schema_version > SCHEMA_VERSION
            except StoreError:
                newer = False  # a damaged store.json is one of the things repair mends
            if newer:
                # Its lines are not damaged, only newer than this version can read.
                raise StoreError(
                    f"{self.home} was written by a newer feelwords; upgrade feelwords instead of "
                    "repairing. Nothing was changed."
                )
        with self._exclusive("repairing"):
            try:
                raw = self._raw()
                kept: list[bytes] = []
                dropped = 0
                for line in raw.split(b"\n"):
                    if not line.strip():
                        continue
                    try:
                        Answer.model_validate_json(line)
                        kept.append(line)
                    except ValidationError:
                        dropped += 1
                stamp = now.strftime("%Y%m%d-%H%M%S")
                backup = self.home / f"{ANSWERS}.damaged-{stamp}"
                if self.answers_path.exists():
                    os.replace(self.answers_path, backup)
                    os.chmod(backup, PRIVATE_FILE)
                atomic_write_text(self.answers_path, b"".join(k + b"\n" for k in kept).decode())
                meta_ok = True
                try:
                    meta_ok = self._read_meta().schema_version <= SCHEMA_VERSION
                except StoreError:
                    meta_ok = False
                if not meta_ok or not self.meta_path.exists():
                    if self.meta_path.exists():
                        os.replace(self.meta_path, self.home / f"{META}.damaged-{stamp}")
                    meta = {"schema_version": SCHEMA_VERSION, "created": now.isoformat()}
                    atomic_write_text(self.meta_path, json.dumps(meta, indent=2) + "\n")
                self.cards_path.unlink(missing_ok=True)
                return len(kept), dropped, backup
            except OSError as exc:
                raise StoreError(_write_failure(self.home, exc)) from None

    # --- the derived card cache ------------------------------------------------------------------

    def read_cards(self) -> tuple[int, dict[str, Any]]:
        """(byte offset covered, cards) from the cache, or (0, {}) when it is missing or stale."""
        try:
            payload = json.loads(self.cards_path.read_bytes())
            offset, cards = int(payload["offset"]), payload["cards"]
        except (OSError, ValueError, KeyError, TypeError):
            return 0, {}
        if payload.get("schema_version") != SCHEMA_VERSION or offset > self.size():
            return 0, {}
        return offset, cards

    def write_cards(self, offset: int, cards: dict[str, Any]) -> None:
        payload = {"schema_version": SCHEMA_VERSION, "offset": offset, "cards": cards}
        with contextlib.suppress(OSError):
            # A cache that cannot be written is rebuilt next time; the answers are already safe.
            atomic_write_text(self.cards_path, json.dumps(payload, separators=(",", ":")))


class Writer:
    """Appends answers; each one is on disk before `append` returns."""

    def __init__(self, store: Store, history: list[Answer]) -> None:
        self.store = store
        self.history = history

    def set_aside_torn_tail(self) -> None:
        raw = self.store._raw()
        if not raw or raw.endswith(b"\n"):
            return
        cut = raw.rfind(b"\n") + 1
        try:
            torn = self.store.home / f"{ANSWERS}.torn"
            with open(torn, "ab") as handle:
                handle.write(raw[cut:] + b"\n")
            os.chmod(torn, PRIVATE_FILE)
            with open(self.store.answers_path, "r+b") as handle:
                handle.truncate(cut)
                os.fsync(handle.fileno())
        except OSError as exc:
            raise StoreError(_write_failure(self.store.home, exc)) from None

    def append(self, answer: Answer) -> None:
        line = answer.model_dump_json().encode() + b"\n"
        try:
            fd = os.open(self.store.answers_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
            try:
                before = os.fstat(fd).st_size
                try:
                    written = os.write(fd, line)
                    while written < len(line):
                        written += os.write(fd, line[written:])
                    os.fsync(fd)
                except OSError:
                    # A full disk can take half a line: cut it off so the journal is as it was.
                    with contextlib.suppress(OSError):
                        os.ftruncate(fd, before)
                    raise
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError(_write_failure(self.store.home, exc)) from None


def _write_failure(home: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return (
        f"Cannot write to {home}: {reason}. Your earlier answers are untouched; "
        "free some space or fix the folder's permissions, then try again."
    )


def utc_now() -> datetime:
    return datetime.now(UTC)
