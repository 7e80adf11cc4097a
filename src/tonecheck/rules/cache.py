"""A per-user cache of loaded rule books, so that a short lint doesn't re-parse every YAML file.

Parsing and validating the shipped packs takes a few hundred milliseconds, more than the rest
of a cold `tonecheck lint` on a short draft. The validated RuleBook is stored in the user's cache
folder, keyed by tonecheck's version and the size and modification time of every file in the
packs; any change to a rule file or lexicon makes a new key.

The cache is the user's own: the folder is created private (0700), and a file is only read when
it belongs to the user and nobody else can write it. It never holds anything a rule pack could
not already express. Set TONECHECK_NO_CACHE=1 to turn it off, TONECHECK_CACHE_DIR to move it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tonecheck._version import __version__
from tonecheck.atomic import write_atomic
from tonecheck.rules.model import RuleBook

FORMAT = 6  # bump when the pickled classes change shape


def cached(packs: Sequence[Path], load: Callable[[], RuleBook]) -> RuleBook:
    """The rule book of these packs, from the cache when it is current, else loaded and stored."""
    folder = _folder()
    if folder is None:
        return load()
    file = folder / f"rulebook-{_key(packs)}.pickle"
    book = _read(file)
    if book is None:
        book = load()
        _write(folder, file, book)
    return book


def _folder() -> Path | None:
    if os.environ.get("TONECHECK_NO_CACHE"):
        return None
    base = os.environ.get("TONECHECK_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(base, "tonecheck") if base else Path.home() / ".cache" / "tonecheck"


def _key(packs: Sequence[Path]) -> str:
    digest = hashlib.sha256(f"{FORMAT}:{__version__}:{sys.version_info[:2]}".encode())
    for pack in packs:
        files = [pack] if pack.is_file() else sorted(p for p in pack.rglob("*") if p.is_file())
        for file in files:
            info = file.stat()
            digest.update(f"{file.resolve()}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _read(file: Path) -> RuleBook | None:
    try:
        with file.open("rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return None
            book = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return book if isinstance(book, RuleBook) else None


def _trusted(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(folder: Path, file: Path, book: RuleBook) -> None:
    """Store atomically; a cache that cannot be written is simply not used."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(file, pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
        file.chmod(0o600)
        _prune(folder, keep=file)
    except (OSError, pickle.PicklingError):
        pass


def _prune(folder: Path, keep: Path, days: int = 7) -> None:
    """Forget rule books that no run has needed for a while (every rule edit makes a new one)."""
    cutoff = keep.stat().st_mtime - days * 86400
    for old in folder.glob("rulebook-*.pickle"):
        if old != keep and old.stat().st_atime < cutoff:
            old.unlink(missing_ok=True)
