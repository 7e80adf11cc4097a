"""HTML: the visible text, read with the standard library's HTML parser.

Whitespace is collapsed as a browser does; block elements end lines and paragraphs, so that
paragraph rules see the paragraphs the recipient sees. Left out: the head, scripts and styles,
code and preformatted blocks, and quoted text. A `<blockquote>` (and Gmail's quote wrapper) holds
an earlier message or someone else's words, never the writer's tone, so it is dropped rather than
kept as a "> " quote: it would otherwise count against the message's word budget. Entities
become their characters; a finding that reaches into one covers the whole entity.
Suppressions are HTML comments: `<!-- tonecheck-disable blame -->`.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from tonecheck import suppress
from tonecheck.readers.base import Extract, Prose, mask_urls


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


PARAGRAPH = _tags(
    "p h1 h2 h3 h4 h5 h6 table ul ol dl hr blockquote pre section article header footer main"
    " aside nav figure address center form fieldset"
)
LINE = _tags("div li tr br dt dd caption figcaption")
CELL = _tags("td th")
SKIPPED = _tags(
    "head title script style code pre blockquote template noscript svg math object select textarea"
)
SKIPPED_CLASSES = _tags("gmail_quote gmail_signature moz-cite-prefix yahoo_quoted")
VOID = _tags("area base br col embed hr img input link meta param source track wbr")
_WORD = re.compile(r"\S+")


def extract(source: str) -> Extract:
    reader = _Reader(source)
    reader.feed(tamed(source))
    reader.close()
    prose = reader.prose
    text = mask_urls(prose.text())
    return Extract(text, tuple(prose.runs), tuple(reader.directives), tuple(reader.entities))


# Markup openings, and what ends a comment ("-->", also "--!>") and a marked section ("]>").
_OPENING = re.compile(r"<(?=[!?/A-Za-z])")
_COMMENT_CLOSE = re.compile(r"--!?\s*>")
_SECTION_CLOSE = re.compile(r"\]\s*>")
_SECTION_NAME = re.compile(r"[A-Za-z][-_.A-Za-z0-9]*")
_SECTIONS = frozenset({"temp", "cdata", "ignore", "include", "rcdata", "if", "else", "endif"})


def tamed(source: str) -> str:
    """The source as the parser should see it: the same length, with the "<" of markup that can
    never be complete made a space, so that what follows reads as text.

    Python's HTMLParser scans from each such "<" to the end of the input and then reads the "<"
    as text (on an unclosed comment, or a tag with no ">" after it), which takes quadratic time:
    minutes for a few hundred kilobytes. On a "<![" section it does not know it raises.
    """
    ends = (source.rfind(">"), _last(_COMMENT_CLOSE, source), _last(_SECTION_CLOSE, source))
    blank = [m.start() for m in _OPENING.finditer(source) if not _closes(source, m.start(), ends)]
    if not blank:
        return source
    chars = list(source)
    for i in blank:
        chars[i] = " "
    return "".join(chars)


def _last(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of pattern starts (-1: none)."""
    last = -1
    for m in pattern.finditer(text):
        last = m.start()
    return last


def _closes(source: str, i: int, ends: tuple[int, int, int]) -> bool:
    tag_end, comment_end, section_end = ends
    if source.startswith("<!--", i):
        return comment_end >= i + 4
    if source.startswith("<![", i):
        name = _SECTION_NAME.match(source, i + 3)
        return name is not None and name.group().lower() in _SECTIONS and section_end > i + 3
    return tag_end > i


class _Reader(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        # HTMLParser counts lines at "\n" only; so must the offsets computed from its positions.
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
        self.prose = Prose()
        self.open: list[tuple[str, bool]] = []  # (tag, skipped) of the open elements
        self.skipping = 0
        self.directives: list[suppress.Directive] = []
        self.entities: list[tuple[int, int]] = []

    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    # -- elements ------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.separate(tag)
        if tag not in VOID:
            skipped = tag in SKIPPED or _skipped_class(attrs)
            self.open.append((tag, skipped))
            self.skipping += skipped

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.separate(tag)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                self.skipping -= sum(skipped for _, skipped in self.open[i:])
                del self.open[i:]
                break
        self.separate(tag)

    def separate(self, tag: str) -> None:
        if self.skipping:
            return
        if tag in PARAGRAPH:
            self.prose.breaks(2)
        elif tag in LINE:
            self.prose.breaks(1)
        elif tag in CELL:
            self.prose.space()

    # -- text ----------------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        base, end = self.here(), 0
        for m in _WORD.finditer(data):
            if m.start() > end:  # whitespace before the word
                self.prose.space()
            self.prose.copy(base + m.start(), m.group())
            end = m.end()
        if end < len(data):
            self.prose.space()

    def handle_entityref(self, name: str) -> None:
        self.entity(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self.entity(2 + len(name))

    def entity(self, length: int) -> None:
        if self.skipping:
            return
        start = self.here()
        if self.source.startswith(";", start + length):
            length += 1
        raw = self.source[start : start + length]
        char = unescape(raw)
        if char == raw:
            self.prose.copy(start, raw)
        elif char.isspace():  # &nbsp; and friends
            self.prose.space()
        else:
            self.prose.stand_in(char, start, length)
            self.entities.append((start, start + length))

    def handle_comment(self, data: str) -> None:
        start = self.here()
        directive = suppress.parse(data, start, start + len(data) + 7)
        if directive is not None:
            self.directives.append(directive)


def _skipped_class(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "class" and value and not SKIPPED_CLASSES.isdisjoint(value.split()):
            return True
        if name == "hidden":
            return True
    return False
