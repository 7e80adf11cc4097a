"""What a reader hands the engine: the prose to check, and how its offsets map back to the file.

Readers (plain text, Markdown, HTML, email, templates) keep the file's text as `source`, put the
prose the rules should read in `prose`, and describe with an OffsetMap where each run of prose came
from. Findings are computed on the prose and reported at source positions, so a position always
points at the right place in the file the user opened.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field


class OffsetMap:
    """Prose offsets to source offsets, from aligned runs (prose_start, source_start, length).

    Prose between runs (a neutral word standing in for a placeholder, a line break standing in
    for a block tag) maps to the source position where the previous run ended.
    """

    def __init__(self, runs: Iterable[tuple[int, int, int]]) -> None:
        ordered = sorted(runs)
        self._prose = [p for p, _, _ in ordered]
        self._runs = ordered

    def to_source(self, offset: int) -> int:
        i = bisect_right(self._prose, offset) - 1
        if i < 0:
            return self._runs[0][1] if self._runs else offset
        prose, source, length = self._runs[i]
        return source + min(offset - prose, length)

    def end_to_source(self, offset: int) -> int:
        """The source end of a span whose prose end is `offset` (exclusive)."""
        return offset if offset == 0 else self.to_source(offset - 1) + 1


@dataclass(frozen=True)
class Suppression:
    """An inline directive that silences some rules over a region of the source."""

    names: frozenset[str]  # rule ids or categories; empty means every rule
    start: int
    end: int
    line: int  # the line of the directive itself

    def silences(self, rule: str, category: str, offset: int) -> bool:
        named = not self.names or rule in self.names or category in self.names
        return named and self.start <= offset < self.end


@dataclass(frozen=True)
class Text:
    source: str
    prose: str
    offsets: OffsetMap | None = None  # None: prose and source are the same text
    suppressions: tuple[Suppression, ...] = ()
    # Source spans no finding may start or end inside (template placeholders).
    protected: tuple[tuple[int, int], ...] = field(default=())
    note: str | None = None  # e.g. "positions refer to the decoded body"

    @classmethod
    def plain(cls, text: str) -> Text:
        return cls(source=text, prose=text)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """A prose span as a source span, widened to cover any placeholder it cuts."""
        if self.offsets is not None:
            start, end = self.offsets.to_source(start), self.offsets.end_to_source(end)
        for low, high in self.protected:
            if low < start < high:
                start = low
            if low < end < high:
                end = high
        return start, max(start, end)
