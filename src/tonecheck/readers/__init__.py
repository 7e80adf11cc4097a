"""Readers: one per input format, each turning a file's text into the prose the rules check.

`read(source, path)` picks the reader from the file's suffixes and, where they do not tell, from
the content:

* `.eml` is an email; `.md`/`.markdown` Markdown; `.html`/`.htm` HTML; `.txt`/`.text` plain text.
* A template suffix (`.j2`, `.jinja`, `.jinja2`, `.hbs`, `.handlebars`, `.mustache`, `.tmpl`,
  `.tpl`) makes a template; the suffix before it names the markup inside
  (`welcome.html.j2`, `reminder.md.hbs`), and without one the content decides (HTML or plain).
* Plain text, Markdown and HTML files that contain template syntax (`{{ name }}`, `{% if %}`,
  `{name}`, `%(name)s`, `${name}`) are read as templates too.
* Standard input, and files with other suffixes, are sniffed: an email header block makes an
  email, HTML tags make HTML, anything else is plain text.

Each format's module is imported only when a file of that format is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from tonecheck.readers.base import Extract
from tonecheck.text import Text

MARKUPS = ("plain", "markdown", "html", "email")
TEMPLATE_SUFFIXES = frozenset(
    {".j2", ".jinja", ".jinja2", ".hbs", ".handlebars", ".mustache", ".tmpl", ".tpl"}
)
MARKUP_SUFFIXES = {
    ".txt": "plain",
    ".text": "plain",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".eml": "email",
}
SUFFIXES = frozenset(MARKUP_SUFFIXES) | TEMPLATE_SUFFIXES
_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|table|br|span|a\s)[\s/>]", re.I)


@dataclass(frozen=True)
class Format:
    """How a file is read: its markup, and whether it is a template of that markup."""

    markup: str
    template: bool = False

    def __str__(self) -> str:
        return f"{self.markup} template" if self.template else self.markup


def detect(source: str, path: str | None = None) -> Format:
    suffixes = [s.lower() for s in PurePath(path).suffixes] if path and path != "-" else []
    last = suffixes[-1] if suffixes else ""
    if last in TEMPLATE_SUFFIXES:
        inner = MARKUP_SUFFIXES.get(suffixes[-2]) if len(suffixes) > 1 else None
        return Format(inner if inner and inner != "email" else _sniff_markup(source), True)
    markup = MARKUP_SUFFIXES.get(last) or _sniff(source)
    if markup == "email":
        return Format(markup)
    from tonecheck.readers.template import looks_like_template

    return Format(markup, looks_like_template(source))


def read(
    source: str, path: str | None = None, *, encoding: str = "utf-8", fmt: Format | None = None
) -> Text:
    """The Text of a file: its prose, the map back to `source`, suppressions and placeholders.

    `encoding` is the codec the file's bytes were decoded with (an email's 8-bit parts are
    compared with it). A malformed directive raises suppress.DirectiveError.
    """
    fmt = fmt or detect(source, path)
    if fmt.markup == "email":
        from tonecheck.readers import mail

        shown, extract = mail.read(source, encoding)
        return extract.to_text(shown)
    outer = None
    if fmt.template:
        from tonecheck.readers import template

        outer = template.extract(source)
    inner = _extract(fmt.markup, outer.prose if outer is not None else source)
    return (inner.over(outer) if outer is not None else inner).to_text(source)


def _extract(markup: str, text: str) -> Extract:
    if markup == "markdown":
        from tonecheck.readers import markdown

        return markdown.extract(text)
    if markup == "html":
        from tonecheck.readers import html

        return html.extract(text)
    from tonecheck.readers import plain

    return plain.extract(text)


def _sniff(source: str) -> str:
    from tonecheck.readers.mail import looks_like_email

    return "email" if looks_like_email(source) else _sniff_markup(source)


def _sniff_markup(source: str) -> str:
    return "html" if _HTML_HINT.search(source[:4096]) else "plain"
