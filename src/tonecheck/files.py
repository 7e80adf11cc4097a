"""Finding the files to lint and reading them as text."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tonecheck.errors import InputError

STDIN = "-"
# Message formats and template languages that hold client-facing prose.
SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".eml", ".html", ".htm"}
    | {".j2", ".jinja", ".jinja2", ".hbs", ".handlebars", ".mustache", ".tmpl", ".tpl"}
)
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


def discover(paths: Iterable[str]) -> Iterator[Source | InputError]:
    """Sources in the order given, folders walked in sorted order; errors in their place."""
    for name in paths:
        path = Path(name)
        if name == STDIN:
            yield Source(STDIN)
        elif path.is_dir():
            yield from (Source(str(p)) for p in walk(path))
        elif path.exists():
            yield Source(name)
        else:
            yield InputError(name, "not-found", "no such file or folder")


def walk(folder: Path) -> Iterator[Path]:
    """Files with a message suffix under a folder, skipping hidden names; never follows links."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES:
                yield path


def read(source: Source) -> str:
    """The text of a source; InputError when it cannot be read or is not text."""
    try:
        data = sys.stdin.buffer.read() if source.is_stdin else Path(source.path).read_bytes()
    except IsADirectoryError:
        raise InputError(source.path, "unreadable", "is a folder") from None
    except OSError as exc:
        raise InputError(source.path, "unreadable", exc.strerror or str(exc)) from None
    return decode(data, source.path)


def decode(data: bytes, path: str) -> str:
    """UTF-8, or UTF-8/UTF-16 with a byte-order mark; refuses binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, path)
    if b"\x00" in data:
        raise InputError(path, "not-text", "looks like a binary file (it contains NUL bytes)")
    return _decode(data, "utf-8", path)


def _decode(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            path, "encoding", f"not valid {encoding.upper()} (byte {exc.start}); save it as UTF-8"
        ) from None
