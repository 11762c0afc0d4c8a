"""Where feelwords keeps its files, and how it writes them without ever leaving half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def home_dir(override: Path | None = None) -> Path:
    """The private data directory: --home, then FEELWORDS_HOME, then the platform's user data dir."""
    if override is not None:
        return override
    env = os.environ.get("FEELWORDS_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("feelwords", appauthor=False)


def cache_dir() -> Path:
    env = os.environ.get("FEELWORDS_HOME")
    if env:
        return Path(env) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("feelwords", appauthor=False)


def ensure_private_dir(path: Path) -> None:
    """Create the folder (and any missing parents) as 0700; an existing one only loses group/other bits.

    An existing folder is never made more writable than it is: a home the person made read-only
    stays read-only, and writing to it fails with a clear message instead.
    """
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, PRIVATE_DIR)
        # mkdir's mode is filtered by the umask.
        os.chmod(folder, PRIVATE_DIR)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(path, mode & 0o700)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a temporary file beside the target, then rename over it: readers see old or new."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)
