"""Finding the files to lint and reading them as text."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tonecheck.errors import InputError
from tonecheck.readers import SUFFIXES as SUFFIXES  # message formats and template languages

STDIN = "-"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Source:
    """One input: a file path, or standard input."""

    path: str

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN


def discover(
    paths: Iterable[str], skip: Callable[[Path], bool] | None = None
) -> Iterator[Source | InputError]:
    """Sources in the order given, folders walked in sorted order; errors in their place.

    `skip` excludes files and folders met while walking a folder (never a path named here).
    """
    for name in paths:
        path = Path(name)
        if name == STDIN:
            yield Source(STDIN)
        elif path.is_dir():
            yield from (Source(str(p)) for p in walk(path, skip))
        elif path.exists():
            yield Source(name)
        else:
            yield InputError(name, "not-found", "no such file or folder")


def walk(folder: Path, skip: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Files with a message suffix under a folder, skipping hidden names; never follows links."""
    excluded = skip or (lambda path: False)
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not excluded(Path(root, d)))
        for name in sorted(files):
            path = Path(root, name)
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            if not excluded(path):
                yield path


def read(source: Source) -> str:
    """The text of a source; InputError when it cannot be read or is not text."""
    return decode(load(source), source.path)


def load(source: Source) -> bytes:
    """The bytes of a source; InputError when it cannot be read."""
    try:
        return sys.stdin.buffer.read() if source.is_stdin else Path(source.path).read_bytes()
    except IsADirectoryError:
        raise InputError(source.path, "unreadable", "is a folder") from None
    except OSError as exc:
        raise InputError(source.path, "unreadable", exc.strerror or str(exc)) from None


def decode(data: bytes, path: str) -> str:
    """UTF-8, or UTF-8/UTF-16 with a byte-order mark; refuses binary data."""
    return decode_with(data, path)[0]


def decode_with(data: bytes, path: str, fallback: str | None = None) -> tuple[str, str]:
    """The text and the codec it was decoded with; `fallback` is tried when UTF-8 fails.

    Email needs the fallback: an 8-bit part in Latin-1 is valid mail but not valid UTF-8.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, path), encoding
    if b"\x00" in data:
        raise InputError(path, "not-text", "looks like a binary file (it contains NUL bytes)")
    try:
        return _decode(data, "utf-8", path), "utf-8"
    except InputError:
        if fallback is None:
            raise
        return data.decode(fallback), fallback


def _decode(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            path, "encoding", f"not valid {encoding.upper()} (byte {exc.start}); save it as UTF-8"
        ) from None
