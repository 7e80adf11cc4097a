"""Markdown, read with markdown-it-py (CommonMark, plus tables and strikethrough).

The prose is the file without what is not prose: code blocks and inline code, link destinations
and bare URLs, images, raw HTML and HTML comments, front matter, heading and emphasis marks,
thematic breaks and link reference definitions. What is removed leaves its line breaks, and the
words on either side of it one space apart ("*your* fault" reads "your fault"). `>` blockquote
lines stay: the engine already treats them as quoted.

markdown-it-py reports the lines of each block but not the columns of inline constructs, so its
inline rules are wrapped to record where each construct starts and ends in the block's inline
source, and each line of that source is located in the file.
Suppressions are HTML comments: `<!-- tonecheck-disable blame -->`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tonecheck import suppress
from tonecheck.readers.base import Extract, mask, squeeze, url_spans

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

_RECORDS = "tonecheck.records"  # env key: the records of the inline block being parsed
_BLOCKS = "tonecheck.blocks"  # env key: (inline token, its records) for every inline block
_MASKED_INLINE = ("backticks", "autolink", "image", "emphasis", "strikethrough", "html_inline")
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
# An unclosed comment runs to the end of its block, as in HTML; matching it there (rather than
# failing) keeps every later "<!--" from scanning to the end again.
_COMMENT = re.compile(r"<!--(.*?)(-->|\Z)", re.DOTALL)
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[A-Za-z][^<>]*>", re.DOTALL)

Record = tuple[str, int, int, int]  # (rule, start, end, label end for links) in inline source
Span = tuple[int, int]


def extract(source: str) -> Extract:
    # Same-length normalisation, so that offsets into `text` are offsets into `source`
    # (markdown-it would turn "\r\n" into "\n" and shift everything after it).
    text = source.replace("\r\n", " \n").replace("\r", "\n").replace("\0", "\ufffd")
    front = _FRONT_MATTER.match(text)
    if front:
        text = mask(text, [front.span()])
    env: dict[str, Any] = {_BLOCKS: []}
    tokens = _parser().parse(text, env)
    masker = _Masker(text)
    masker.blocks(tokens)
    for token, records in env[_BLOCKS]:
        masker.inline(token, records)
    spans = [*masker.spans, *([front.span()] if front else []), *url_spans(text)]
    extract = squeeze(source, spans)
    return Extract(extract.prose, extract.runs, tuple(masker.directives))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from markdown_it.helpers import parseLinkLabel

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for name in (*_MASKED_INLINE, "link"):
        md.inline.ruler.at(name, _recording(name, md.inline.ruler, parseLinkLabel))
    md.core.ruler.at("inline", _inline)
    return md


def _recording(name: str, ruler: Any, label_end: Callable[..., int]) -> Callable[..., bool]:
    """An inline rule that also records the span of what it parsed (when not in a test run)."""
    rule = next(r.fn for r in ruler.__rules__ if r.name == name)

    def wrapped(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if name == "emphasis" and state.src[start] in "*_":
            delims = state.scanDelims(start, state.src[start] == "*")
            keep = delims.can_open or delims.can_close  # snake_case underscores stay text
        else:
            keep = True
        ok = bool(rule(state, silent))
        if ok and keep and not silent and _RECORDS in state.env:
            end = label_end(state, start, True) if name == "link" else -1
            state.env[_RECORDS].append((name, start, state.pos, end))
        return ok

    return wrapped


def _inline(state: StateCore) -> None:
    """markdown-it's core inline step, telling the recording rules which block they are in."""
    for token in state.tokens:
        if token.type == "inline":
            records: list[Record] = []
            state.env[_RECORDS] = records
            state.env[_BLOCKS].append((token, records))
            token.children = token.children or []
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env.pop(_RECORDS, None)


class _Masker:
    """Collects the spans of the normalised text that are not prose."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.spans: list[Span] = []
        self.directives: list[suppress.Directive] = []
        self.cursors: dict[int, int] = {}  # first line of a block -> where its next cell starts

    def line_span(self, first: int, last: int) -> Span:
        """[start, end) of lines first..last-1 (0-based), without the final line break."""
        end = self.starts[last] - 1 if last < len(self.starts) else len(self.text)
        return self.starts[min(first, len(self.starts) - 1)], end

    # -- blocks --------------------------------------------------------------------------------

    def blocks(self, tokens: list[Token]) -> None:
        covered = [False] * len(self.starts)
        for token in tokens:
            if token.map is None:
                continue
            first, last = token.map
            if token.nesting >= 0:
                covered[first:last] = [True] * (last - first)
            if token.type in ("fence", "code_block", "hr"):
                self.spans.append(self.line_span(first, last))
            elif token.type == "html_block":
                self.html(*self.line_span(first, last))
            elif token.type == "heading_open":
                self.heading(token, first, last)
            elif token.type == "table_open":
                self.spans.append(self.line_span(first + 1, first + 2))  # the |---| row
        # Lines no block claims are blank or link reference definitions ("[id]: https://…").
        self.spans += [self.line_span(i, i + 1) for i, c in enumerate(covered) if not c]

    def heading(self, token: Token, first: int, last: int) -> None:
        if token.markup.startswith("#"):
            start, end = self.line_span(first, first + 1)
            at = self.text.find(token.markup, start, end)
            if at >= 0:
                self.spans.append((at, at + len(token.markup)))
        else:  # a setext heading: the ==== or ---- line under it
            self.spans.append(self.line_span(last - 1, last))

    def html(self, start: int, end: int) -> None:
        """Raw HTML: tags and comments are not prose; the text between them is."""
        for m in _TAG.finditer(self.text, start, end):
            self.spans.append(m.span())
        for m in _COMMENT.finditer(self.text, start, end):
            if m.group(2):  # closed: an unclosed comment holds no directive
                self.comment(m.group(1), *m.span())

    def comment(self, body: str, start: int, end: int) -> None:
        directive = suppress.parse(body, start, end)
        if directive is not None:
            self.directives.append(directive)

    # -- inline --------------------------------------------------------------------------------

    def inline(self, token: Token, records: list[Record]) -> None:
        if not records or token.map is None:
            return
        place = self.locate(token.content, token.map)
        if place is None:  # the block's text could not be found verbatim (tabs): leave it
            return
        for name, start, end, label_end in records:
            if name == "link" and label_end >= 0:
                pieces = [(start, start + 1), (label_end, end)]
            elif name == "link":
                continue
            else:
                pieces = [(start, end)]
            for piece in pieces:
                self.spans += place(*piece)
            if name == "html_inline" and token.content.startswith("<!--", start):
                where = place(start, end)
                if where:
                    self.comment(token.content[start + 4 : end - 3], where[0][0], where[-1][1])

    def locate(self, content: str, lines: list[int]) -> Callable[[int, int], list[Span]] | None:
        """A function from [start, end) in a block's inline source to spans of the text."""
        first, last = lines
        region_start, region_end = self.line_span(first, last)
        cursor = self.cursors.get(first, region_start)
        bases, content_starts, offset = [], [], 0
        for line in content.split("\n"):
            at = self.text.find(line, cursor, region_end)
            if at < 0:
                return None
            bases.append(at)
            content_starts.append(offset)
            offset += len(line) + 1
            cursor = at + len(line)
        self.cursors[first] = cursor

        def place(start: int, end: int) -> list[Span]:
            return list(_pieces(start, end, content_starts, bases, len(content)))

        return place


def _pieces(
    start: int, end: int, content_starts: list[int], bases: list[int], total: int
) -> Iterator[Span]:
    """Split an inline-source span at line breaks and move each piece to its place in the text."""
    i = max(0, bisect_right(content_starts, start) - 1)
    while i < len(content_starts) and content_starts[i] < end:
        line_start = content_starts[i]
        line_end = content_starts[i + 1] - 1 if i + 1 < len(content_starts) else total
        low, high = max(start, line_start), min(end, line_end)
        if low < high:
            yield bases[i] + low - line_start, bases[i] + high - line_start
        i += 1
