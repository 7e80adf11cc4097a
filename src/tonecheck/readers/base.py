"""What every reader shares: prose under construction, and how it maps back to its source.

A reader walks its source and builds prose from it: runs of source text copied as they are, and
text of its own (a line break for a block tag, a neutral word for a placeholder). `Extract` is
the result in the reader's own coordinates; readers that stack (a template holding HTML, an email
holding an HTML part) compose extracts, and `Extract.to_text` turns the last one into the `Text`
the engine checks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from tonecheck.suppress import Directive, suppressions
from tonecheck.text import OffsetMap, Text

Run = tuple[int, int, int]  # (prose start, source start, length)

_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Extract:
    """Prose read from a source, with the runs, directives and protected spans found there.

    Offsets in `runs` (second item), `directives` and `protected` are source offsets.
    """

    prose: str
    runs: tuple[Run, ...]
    directives: tuple[Directive, ...] = ()
    protected: tuple[tuple[int, int], ...] = ()
    note: str | None = None

    @classmethod
    def identity(cls, text: str, directives: Iterable[Directive] = ()) -> Extract:
        """Prose that is the source itself (same length, masked characters aside)."""
        return cls(text, ((0, 0, len(text)),) if text else (), tuple(directives))

    @cached_property
    def ordered_runs(self) -> list[Run]:
        return sorted(self.runs)

    @cached_property
    def run_starts(self) -> list[int]:
        return [p for p, _, _ in self.ordered_runs]

    def to_text(self, source: str) -> Text:
        same = self.runs == ((0, 0, len(source)),) and len(self.prose) == len(source)
        return Text(
            source=source,
            prose=self.prose,
            offsets=None if same or not source else OffsetMap(self.runs),
            suppressions=suppressions(self.directives, source),
            protected=tuple(sorted(set(self.protected))),
            note=self.note,
        )

    def over(self, outer: Extract) -> Extract:
        """This extract, read from `outer.prose`, as an extract of outer's source."""
        mapping = OffsetMap(outer.runs)

        def span(start: int, end: int) -> tuple[int, int]:
            return mapping.to_source(start), max(mapping.to_source(start), end_of(end))

        def end_of(end: int) -> int:
            return mapping.end_to_source(end) if end < len(outer.prose) else outer_end

        outer_end = max((s + n for _, s, n in outer.runs), default=0)
        directives = [
            replace(d, start=a, end=b) for d in self.directives for a, b in [span(d.start, d.end)]
        ]
        protected = [span(a, b) for a, b in self.protected]
        return Extract(
            prose=self.prose,
            runs=tuple(compose(self.runs, outer.runs)),
            directives=(*outer.directives, *directives),
            protected=(*outer.protected, *protected),
            note=self.note or outer.note,
        )


def compose(to_middle: Iterable[Run], to_source: Iterable[Run]) -> Iterator[Run]:
    """Runs from prose to a middle text, and from the middle text to the source, chained.

    Middle text that no run of `to_source` covers (text a reader made up) stays unmapped.
    """
    lower = sorted(to_source)
    starts = [m for m, _, _ in lower]
    for prose, middle, length in sorted(to_middle):
        i = max(0, bisect_right(starts, middle) - 1)
        end = middle + length
        while i < len(lower) and lower[i][0] < end:
            m2, s2, n2 = lower[i]
            low, high = max(middle, m2), min(end, m2 + n2)
            if low < high:
                yield prose + low - middle, s2 + low - m2, high - low
            i += 1


@dataclass
class Prose:
    """Prose under construction: text copied from the source, and text a reader adds."""

    parts: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    length: int = 0
    last: str = ""  # the last character added, to avoid doubled spaces and breaks

    def copy(self, source_start: int, text: str) -> None:
        """Add text that stands at source_start in the source (or stands for what is there)."""
        if not text:
            return
        if self.runs:
            p, s, n = self.runs[-1]
            if p + n == self.length and s + n == source_start:
                self.runs[-1] = (p, s, n + len(text))
                self._append(text)
                return
        self.runs.append((self.length, source_start, len(text)))
        self._append(text)

    def add(self, text: str) -> None:
        """Add text that has no place in the source (a break, a separator)."""
        self._append(text)

    def stand_in(self, text: str, source_start: int, source_length: int) -> None:
        """Add text that replaces source_length characters of markup (a placeholder, an entity).

        Characters past a run map to where it ends; so when the text is longer than the markup
        ("Dale" for "{0}"), the run stops one short and the rest maps to the markup's last
        character, never to the character after it.
        """
        mapped = len(text) if len(text) <= source_length else max(0, source_length - 1)
        self.runs.append((self.length, source_start, mapped))
        self._append(text)

    def space(self) -> None:
        """A word separator, unless the prose is empty or already ends in whitespace."""
        if self.last and not self.last.isspace():
            self._append(" ")

    def breaks(self, count: int) -> None:
        """End the current line (count=1) or paragraph (count=2), without piling up breaks."""
        if not self.length:
            return
        tail = "".join(self.parts[-4:])
        trailing = len(tail) - len(tail.rstrip("\n "))
        have = tail[len(tail) - trailing :].count("\n") if trailing else 0
        if have < count:
            self._append("\n" * (count - have))

    def take(self, extract: Extract, start: int, end: int, shift: int = 0) -> None:
        """Copy extract.prose[start:end], mapped through the extract's runs (moved by shift)."""
        text = extract.prose[start:end]
        if not text:
            return
        base = self.length
        runs = extract.ordered_runs
        # Only the runs that reach into [start, end): taking line after line of a long extract
        # must not walk all its runs each time.
        i = max(0, bisect_right(extract.run_starts, start) - 1)
        while i < len(runs) and runs[i][0] < end:
            p, s, n = runs[i]
            low, high = max(p, start), min(p + n, end)
            if low < high:
                self.runs.append((base + low - start, s + shift + low - p, high - low))
            i += 1
        self._append(text)

    def text(self) -> str:
        return "".join(self.parts)

    def extract(self, **fields: object) -> Extract:
        return Extract(self.text(), tuple(self.runs), **fields)  # type: ignore[arg-type]

    def _append(self, text: str) -> None:
        if not text:
            return
        self.parts.append(text)
        self.length += len(text)
        self.last = text[-1]


def squeeze(text: str, spans: Iterable[tuple[int, int]]) -> Extract:
    """The text without the spans: what they held goes, their line breaks stay.

    Where a removal brings two runs of spaces together ("Run `make` now", "*your* fault"), the
    second goes too, so that the words on either side stay one space apart, as they render.
    """
    prose, pos = Prose(), 0
    for start, end in [*_merged(spans), (len(text), len(text))]:
        segment = text[pos:start]
        if pos and (not prose.last or prose.last.isspace()):
            kept = segment.lstrip(" \t")
            prose.copy(pos + len(segment) - len(kept), kept)
        else:
            prose.copy(pos, segment)
        prose.add("\n" * text.count("\n", start, end))
        pos = max(pos, end)
    return prose.extract()


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def url_spans(text: str) -> Iterator[tuple[int, int]]:
    """Bare web addresses: not prose, and a long one reads as one long word."""
    if "www." in text or "://" in text:
        yield from (m.span() for m in _URL.finditer(text))


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank the given spans with spaces, keeping line breaks (so lines and lengths stay put)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def mask_urls(text: str) -> str:
    """Blank bare web addresses (see url_spans), keeping the text's length."""
    return mask(text, url_spans(text))


def line_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, next start) of each line; end excludes the line break."""
    start = 0
    for m in _LINE_BREAK.finditer(text):
        yield start, m.start(), m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text), len(text)
