"""Bounds that keep the time and memory of a run in proportion to what it is asked to check.

* A file larger than the size limit (default 2 MB; `--max-size`, `max_size:` in a configuration
  file, `Linter(max_size=…)`) is refused as `too-large` before it is read: a file's size comes
  from stat, and a stream (standard input, a named pipe) is read up to the limit and one byte
  more. 0 turns the limit off.
* A text longer than CHUNK_CHARS goes through spaCy in pieces cut at paragraph breaks (else at a
  line break, else after a space), and the pieces' Docs are joined into one. spaCy's
  `max_length` (which would stop the run) is never reached, a trained parser's memory is that of
  one piece, and every rule still sees one message with the right positions. Refusing long texts
  instead would make a pre-send check fail on a long message; a text with no paragraph longer
  than a piece gets exactly the tokens and sentences it would get in one go.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MAX_SIZE = 2 * 1024 * 1024
CHUNK_CHARS = 100_000  # a tenth of spaCy's max_length; real messages are far shorter

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
# Where a piece may end, best first: after a paragraph break, a line break, any space.
_CUTS = (re.compile(r"\n[^\S\n]*\n"), re.compile(r"\r\n|\r|\n"), re.compile(r"\s"))


def parse_size(value: object) -> int:
    """A size in bytes from `2MB`, `500k`, `1.5 MiB`, `0` or a number; ValueError otherwise.

    K, M and G count 1024s, as `ls -h` and `du -h` do.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):  # YAML: true, 1.5, [..]
        raise ValueError(f"{value!r} is not a size (write it as 2MB, 500KB or a number of bytes)")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is not a size")
        return value
    m = _SIZE.fullmatch(value)
    if m is None:
        raise ValueError(f"{value!r} is not a size (write it as 2MB, 500KB or a number of bytes)")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def format_size(size: int) -> str:
    """A size for people: `2 MB`, `1.5 MB`, `800 KB`, `12 bytes`."""
    for unit, name in ((1024**3, "GB"), (1024**2, "MB"), (1024, "KB")):
        if size >= unit:
            return f"{size / unit:.1f}".removesuffix(".0") + f" {name}"
    return f"{size} bytes"


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """[start, end) pieces that cover text, each at most `size` characters (one more to keep a
    CRLF whole), cut where `_cut` finds the best place in the second half of each window."""
    bounds, start = [], 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, end: int) -> int:
    low = start + (end - start) // 2
    for pattern in _CUTS:
        last = None
        for last in pattern.finditer(text, low, end):  # noqa: B007 (the last match is wanted)
            pass
        if last is not None:
            cut = last.end()
            return cut + 1 if text[cut - 1] == "\r" and text[cut : cut + 1] == "\n" else cut
    return end


def make_doc(nlp: Language, text: str) -> Doc:
    """The Doc of a text of any length (see the module's docstring)."""
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    pieces = [nlp(text[start:end]) for start, end in chunk_bounds(text, CHUNK_CHARS)]
    # No rule reads a trained pipeline's tensors; joining them would only cost memory.
    return Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
