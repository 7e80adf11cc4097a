"""Templates: Jinja2 / Django, Handlebars / Mustache, Python format fields and ${name}.

What the recipient reads is the text around the template's syntax, so:

* a placeholder (`{{ client_name }}`, `{{{ body }}}`, `{name}`, `%(name)s`, `${name}`) stands in
  the prose as one neutral word, NEUTRAL, so that "Dear {{ name }}, …" stays a whole sentence.
  The word is a plain capitalised name that tonecheck's language detection scores as neither
  English nor Italian and no rule looks for; a finding that reaches into it is widened to the
  whole placeholder, so no finding starts or ends inside one;
* block tags (`{% if %}`, `{% else %}`, `{{#each}}`, `{{/if}}`, `{{> partial}}`) are dropped, so
  every branch of a conditional is checked as text, in the order it is written;
* comments (`{# … #}`, `{{! … }}`, `{{!-- … --}}`, `{% comment %}…{% endcomment %}`) are dropped,
  and may hold suppressions that never reach the rendered message:
  `{# tonecheck-disable blame #}`, `{{! tonecheck-disable-next-line length }}`;
* `{% raw %}…{% endraw %}` is text.

The result is prose in the template's own markup (plain text, Markdown or HTML), which the
reader of that format reads next.
"""

from __future__ import annotations

import re

from tonecheck import suppress
from tonecheck.readers.base import Extract, Prose

NEUTRAL = "Dale"

# Bounded lengths keep an unclosed "{{" from making every later search scan to the end.
_TOKEN = re.compile(
    r"""
      (?P<comment>\{\#.{0,10000}?\#\})
    | (?P<hbs_long>\{\{!--.{0,10000}?--\}\})
    | (?P<hbs_comment>\{\{!.{0,10000}?\}\})
    | (?P<statement>\{%.{0,2000}?%\})
    | (?P<triple>\{\{\{.{0,2000}?\}\}\})
    | (?P<expression>\{\{.{0,2000}?\}\})
    | (?P<dollar>\$\{[^{}\r\n]+\})
    | (?P<percent>%\([A-Za-z_]\w*\)[\#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])
    | (?P<field>\{(?:[A-Za-z_][\w.]*(?:\[[^\]{}\r\n]*\])*|\d+)(?:![rsa])?(?::[^{}\s]*)?\})
    """,
    re.DOTALL | re.VERBOSE,
)
# Evidence that a file without a template suffix is a template; kept stricter than _TOKEN so
# that CSS (`p {margin: 0}`) or a stray brace in prose does not count.
_HINT = re.compile(
    r"\{\{[^{}\r\n]+\}\}|\{%[^%\r\n]+%\}|\{\#[^#\r\n]+\#\}|\$\{[A-Za-z_][\w.]*\}"
    r"|%\([A-Za-z_]\w*\)[sd]|\{[A-Za-z_]\w*(?:\.\w+)*\}"
)
_BLOCK_TAG = re.compile(r"[#^/>=]|else\b")  # sections, closings, partials, {{else}}
_RAW = re.compile(r"\{%[-+]?\s*raw\s*[-+]?%\}")
_END_RAW = re.compile(r"\{%[-+]?\s*endraw\s*[-+]?%\}")
_COMMENT_BLOCK = re.compile(r"\{%[-+]?\s*comment\b.*?%\}")
_END_COMMENT = re.compile(r"\{%[-+]?\s*endcomment\s*[-+]?%\}")


def looks_like_template(text: str) -> bool:
    return _HINT.search(text) is not None


def extract(source: str) -> Extract:
    """Prose with placeholders as neutral words and template tags dropped."""
    reader = _Reader(source)
    reader.run()
    return reader.prose.extract(
        directives=tuple(reader.directives), protected=tuple(reader.placeholders)
    )


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.prose = Prose()
        self.directives: list[suppress.Directive] = []
        self.placeholders: list[tuple[int, int]] = []

    def run(self) -> None:
        pos = 0
        while True:
            m = _TOKEN.search(self.source, pos)
            if m is None:
                self.prose.copy(pos, self.source[pos:])
                return
            self.prose.copy(pos, self.source[pos : m.start()])
            pos = self.token(m)

    def token(self, m: re.Match[str]) -> int:
        """Handle one piece of template syntax; return where the text resumes."""
        kind, raw, start, end = m.lastgroup, m.group(), m.start(), m.end()
        if kind == "comment":
            self.comment(_unwrap(raw[2:-2]), start, end)
        elif kind == "hbs_long":
            self.comment(raw[5:-4], start, end)
        elif kind == "hbs_comment":
            self.comment(raw[3:-2], start, end)
        elif kind == "statement":
            return self.statement(raw, start, end)
        elif kind == "expression" and _BLOCK_TAG.match(_unwrap(raw[2:-2])):
            self.drop(end)
        else:
            self.placeholder(start, end)
        return end

    def statement(self, raw: str, start: int, end: int) -> int:
        if _RAW.fullmatch(raw):
            close = _END_RAW.search(self.source, end)
            stop = close.start() if close else len(self.source)
            self.prose.copy(end, self.source[end:stop])
            return close.end() if close else stop
        if _COMMENT_BLOCK.fullmatch(raw):
            close = _END_COMMENT.search(self.source, end)
            stop = close.start() if close else len(self.source)
            self.comment(self.source[end:stop], start, close.end() if close else stop)
            return close.end() if close else stop
        self.drop(end)
        return end

    def comment(self, body: str, start: int, end: int) -> None:
        directive = suppress.parse(body, start, end)
        if directive is not None:
            self.directives.append(directive)
        self.drop(end)

    def drop(self, end: int) -> None:
        """Leave a tag out; keep the words on either side of it apart."""
        following = self.source[end : end + 1]
        if following.isalnum():
            self.prose.space()

    def placeholder(self, start: int, end: int) -> None:
        self.prose.stand_in(NEUTRAL, start, end - start)
        self.placeholders.append((start, end))


def _unwrap(inner: str) -> str:
    """The inside of a tag without Jinja's or Handlebars' whitespace control marks."""
    return inner.strip().strip("-+~").strip()
