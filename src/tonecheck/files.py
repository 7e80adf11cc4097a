"""Finding the files to lint and reading them as text."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tonecheck.errors import InputError
from tonecheck.limits import format_size
from tonecheck.readers import SUFFIXES as SUFFIXES  # message formats and template languages

STDIN = "-"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 4096


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
            found = walk(path, skip)
            yield from (p if isinstance(p, InputError) else Source(str(p)) for p in found)
        elif path.exists():
            yield Source(name)
        elif path.is_symlink():
            yield InputError(name, "unreadable", "a symbolic link to nothing (broken, or a loop)")
        else:
            yield InputError(name, "not-found", "no such file or folder")


def walk(folder: Path, skip: Callable[[Path], bool] | None = None) -> Iterator[Path | InputError]:
    """Files with a message suffix under a folder, in sorted order, skipping hidden names.

    Never follows a link to a folder (so a link loop cannot trap the walk). Only regular files
    are yielded: a named pipe, socket or device met here is not a message and reading one could
    block forever. A folder or link that cannot be read is an error in its place, never a silent
    gap in the report.
    """
    excluded = skip or (lambda path: False)
    failed: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=failed.append, followlinks=False):
        yield from _unreadable(failed)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not excluded(Path(root, d)))
        for name in sorted(files):
            path = Path(root, name)
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES or excluded(path):
                continue
            kind = _kind(path)
            if kind is not None:
                yield kind if isinstance(kind, InputError) else path
    yield from _unreadable(failed)


def _kind(path: Path) -> Path | InputError | None:
    """A regular file (followed through links), an error for a link that leads nowhere, or None
    for anything else."""
    try:
        info = path.stat()
    except OSError as exc:
        return InputError(str(path), "unreadable", exc.strerror or str(exc))
    return path if stat.S_ISREG(info.st_mode) else None


def _unreadable(errors: list[OSError]) -> Iterator[InputError]:
    for exc in errors:
        yield InputError(str(exc.filename), "unreadable", exc.strerror or str(exc))
    errors.clear()


def read(source: Source, limit: int = 0) -> str:
    """The text of a source; InputError when it cannot be read or is not text."""
    return decode(load(source, limit), source.path)


def load(source: Source, limit: int = 0) -> bytes:
    """The bytes of a source, at most `limit` of them (0: no limit); InputError when it cannot
    be read or is larger. A file's size is checked before reading it; a stream (standard input,
    a named pipe) is read up to the limit and one byte more."""
    if source.is_stdin:
        return _bounded(sys.stdin.buffer, source.path, limit)
    try:
        with Path(source.path).open("rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and limit and info.st_size > limit:
                raise _too_large(source.path, limit, info.st_size)
            return _bounded(handle, source.path, limit)
    except IsADirectoryError:
        raise InputError(source.path, "unreadable", "is a folder") from None
    except FileNotFoundError:
        message = "no longer exists (removed during the run)"
        raise InputError(source.path, "not-found", message) from None
    except OSError as exc:
        raise InputError(source.path, "unreadable", exc.strerror or str(exc)) from None


def _bounded(stream: BinaryIO, path: str, limit: int) -> bytes:
    try:
        data = stream.read(limit + 1) if limit else stream.read()
    except OSError as exc:
        raise InputError(path, "unreadable", exc.strerror or str(exc)) from None
    if limit and len(data) > limit:
        raise _too_large(path, limit)
    return data


def _too_large(path: str, limit: int, size: int | None = None) -> InputError:
    found = f" ({format_size(size)})" if size is not None else ""
    return InputError(
        path,
        "too-large",
        f"larger than the {format_size(limit)} limit{found}; raise it with --max-size "
        "or max_size in the configuration (0: no limit)",
    )


def decode(data: bytes, path: str) -> str:
    """UTF-8, or UTF-8/UTF-16 with a byte-order mark; refuses binary data."""
    return decode_with(data, path)[0]


def decode_with(data: bytes, path: str, fallback: str | None = None) -> tuple[str, str]:
    """The text and the codec it was decoded with; `fallback` is tried when UTF-8 fails.

    Email needs the fallback: an 8-bit part in Latin-1 is valid mail but not valid UTF-8.
    """
    bom, encoding = byte_order(data)
    if bom or encoding != "utf-8":
        return _decode(data[len(bom) :], encoding, path), encoding
    if b"\x00" in data:
        raise InputError(path, "not-text", "looks like a binary file (it contains NUL bytes)")
    try:
        return _decode(data, "utf-8", path), "utf-8"
    except InputError:
        if fallback is None:
            raise
        return data.decode(fallback), fallback


def byte_order(data: bytes) -> tuple[bytes, str]:
    """The byte-order mark a text starts with (maybe none) and the codec its bytes are in.

    Without a mark, text saved as UTF-16 shows itself by its zero bytes: mostly-Latin text has
    a zero in at least every other high byte and hardly any in the low bytes, where a binary
    file has them everywhere. Anything else is UTF-8.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding
    sample = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(sample) >= 2 and len(data) % 2 == 0 and b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if _high_bytes(high=odd, low=even):
            return b"", "utf-16-le"
        if _high_bytes(high=even, low=odd):
            return b"", "utf-16-be"
    return b"", "utf-8"


def _high_bytes(high: bytes, low: bytes) -> bool:
    """Whether these are the high bytes of UTF-16 text and those its low bytes."""
    return high.count(0) * 2 >= len(high) and low.count(0) * 10 <= len(low)


def _decode(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, "encoding", _encoding_message(data, encoding, exc.start)) from None
    if "\x00" in text:
        raise InputError(path, "not-text", "looks like a binary file (it contains NUL characters)")
    return text


def _encoding_message(data: bytes, encoding: str, at: int) -> str:
    """Where the text stops being `encoding`, and how to convert it."""
    line = data.count(b"\n", 0, at) + 1
    where = f"not valid {encoding.upper()} at line {line} (byte 0x{data[at]:02x})"
    if encoding != "utf-8":
        return f"{where}; save it as UTF-8"
    return (
        f"{where}: it may be Latin-1 or Windows-1252; convert it to UTF-8, e.g. "
        "`iconv -f windows-1252 -t utf-8 FILE > NEW`, or save it as UTF-8 in your editor"
    )
