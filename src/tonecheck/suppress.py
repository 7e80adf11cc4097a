"""Inline suppressions: the directives readers find in comments, turned into source regions.

Every format uses the same words; only the wrapper differs (an HTML comment, a template comment,
a line of its own in plain text):

    tonecheck-disable [NAMES]             from here to the matching enable (or the end)
    tonecheck-enable [NAMES]              ends the disables of those names (no names: all)
    tonecheck-disable-next-line [NAMES]   the next line only
    tonecheck-disable-line [NAMES]        the directive's own line

NAMES are rule ids or categories, separated by spaces or commas; none means every rule. Text after
" -- " is a reason, for people. Each name becomes its own suppression, so that the report can say
how many findings each one silenced (and flag the one that silenced nothing).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from tonecheck.text import Suppression

ACTIONS = ("disable", "enable", "disable-next-line", "disable-line")
_DIRECTIVE = re.compile(r"\s*tonecheck-(?P<action>[\w-]*)(?P<rest>.*)", re.DOTALL)
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")
_NAME_SEPARATORS = re.compile(r"[\s,]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class DirectiveError(ValueError):
    """A directive tonecheck cannot act on; `line` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Directive:
    """A directive as written, at [start, end) of the source (the whole comment or line)."""

    action: str
    names: tuple[str, ...]
    start: int
    end: int


def parse(body: str, start: int, end: int) -> Directive | None:
    """The directive in a comment's body, or None when the comment is not one."""
    m = _DIRECTIVE.fullmatch(body)
    if m is None:
        return None
    rest = _REASON.split(m["rest"], maxsplit=1)[0]
    names = tuple(n for n in _NAME_SEPARATORS.split(rest.strip()) if n)
    return Directive(m["action"], names, start, end)


def suppressions(directives: Iterable[Directive], source: str) -> tuple[Suppression, ...]:
    """The regions the directives silence; DirectiveError for a directive that is not one."""
    lines = _Lines(source)
    found: list[Suppression] = []
    open_: dict[str, tuple[int, int]] = {}  # name ("" for every rule) -> (start, line)
    for d in sorted(directives, key=lambda d: d.start):
        line = lines.number(d.start)
        _check(d, line)
        keys = d.names or ("",)
        if d.action == "disable":
            for key in keys:
                open_.setdefault(key, (d.end, line))
        elif d.action == "enable":
            for key in keys if d.names else list(open_):
                if key in open_:
                    begin, at = open_.pop(key)
                    found.append(_suppression(key, begin, d.start, at))
        else:
            number = line + 1 if d.action == "disable-next-line" else line
            begin, end = lines.bounds(number)
            found += (_suppression(key, begin, end, line) for key in keys)
    found += (_suppression(k, begin, len(source), at) for k, (begin, at) in open_.items())
    return tuple(sorted(found, key=lambda s: (s.line, s.start, sorted(s.names))))


def _suppression(name: str, start: int, end: int, line: int) -> Suppression:
    return Suppression(frozenset({name} if name else ()), start, end, line)


def _check(directive: Directive, line: int) -> None:
    if directive.action not in ACTIONS:
        from difflib import get_close_matches

        close = get_close_matches(directive.action, ACTIONS, n=1)
        hint = f"; did you mean 'tonecheck-{close[0]}'?" if close else ""
        known = ", ".join(f"tonecheck-{a}" for a in ACTIONS)
        raise DirectiveError(
            line, f"unknown directive 'tonecheck-{directive.action}'{hint} (known: {known})"
        )


class _Lines:
    """Line numbers and line bounds of a text."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        breaks = list(_LINE_BREAK.finditer(text))
        self.starts = [0, *(m.end() for m in breaks)]
        self.ends = [*(m.start() for m in breaks), len(text)]

    def number(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def bounds(self, number: int) -> tuple[int, int]:
        """[start, end) of a 1-based line; past the last line, an empty region at the end."""
        if number > len(self.starts):
            return self.length, self.length
        return self.starts[number - 1], self.ends[number - 1]
