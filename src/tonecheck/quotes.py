"""Quoted passages: a client's words quoted back are not the writer's tone.

Recognised: double quotes ("…", “…”, „…“), guillemets («…»), single quotes that open before a word
and close after one (‘…’, '…', so apostrophes in "don't" or "l'ufficio" never open a quote), and
lines starting with ">" as in an email reply. A quotation never runs past the end of its line or
beyond 400 characters, so a stray quote mark cannot silence the rest of a message.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_QUOTED = re.compile(
    r"""
      "[^"\r\n]{1,400}"
    | “[^”\r\n]{1,400}”
    | „[^“”\r\n]{1,400}[“”]
    | «[^»\r\n]{1,400}»
    | (?<!\w)['‘](?=\w)[^'‘’\r\n]{1,400}?(?<=[\w.!?,])['’](?!\w)
    | ^[ \t]*>[^\r\n]*
    """,
    re.VERBOSE | re.MULTILINE,
)


class QuotedRegions:
    """The quoted [start, end) regions of a text, for quick containment tests."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in _QUOTED.finditer(text)]
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def covers(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside one quoted region."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and end <= self._ends[i]
