"""A fuzz run of the readers: Markdown, HTML, email, templates and plain text.

Each input is built from fragments of its format's grammar (the constructs that open, close and
nest, in any order, unclosed), random text, or random bytes decoded as a file would be. For
every input: the reader either returns a Text or raises a documented InputError (an inline
directive that names nothing known, bytes that are not text); every non-blank character of the
prose comes from the source, or stands for a whole placeholder or entity; suppressions and
protected spans lie inside the source; findings lie inside the source and are what they say.
(Speed is the benchmark's business, not a test's; the large inputs below, each of which once
took minutes, would make the suite itself visibly slow again.)

The `@given` tests run a few hundred examples, shrinking any failure to a minimal input. The
time-budget test then keeps feeding the same tests random bytes (hypothesis's fuzz_one_input):
for 3 seconds by default, for longer with

    TONECHECK_FUZZ_SECONDS=1800 python -m pytest tests/test_fuzz_readers.py -k budget

(.ci/run gives it 30). A failure it finds is saved in the example database (.hypothesis/), so
the next run of the `@given` tests replays and shrinks it.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multifile import FIXES, FIXTURE
from tonecheck import InputError, Linter, files, readers
from tonecheck.suppress import DirectiveError
from tonecheck.text import Text

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
EXAMPLES = 2000 if LONG else 150
BUDGET = float(os.environ.get("TONECHECK_FUZZ_SECONDS", "3"))

WORDS = [
    "Hi", "Anna", "your", "fault", "your mistake", "asap", "deeply sorry", "It", "was", "we",
    "colpa vostra", "Caffè", "naïve", "😀", "👋🏽", "e\u0301", "שלום", "مرحبا", "\u202e", "\u200b",
    "\u00a0", ".", ",", "!", "?", ":", ";", "“", "”", '"', "'", "«", "»", "(", ")", "—", "-",
    "https://example.com/a?b=c", "www.example.it", "tonecheck-disable", "tonecheck-enable",
    "tonecheck-disable-next-line blame", "tonecheck-disable-line", "-- a reason", "blame",
]  # fmt: skip
SPACE = [" ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\x1b"]
MARKDOWN = [
    "# ", "## ", "> ", ">> ", "- ", "* ", "+ ", "1. ", "2) ", "```", "```py\n", "~~~", "`", "``",
    "**", "__", "_", "*", "~~", "[", "]", "(", ")", "![", "](", "]: ", "[x]: https://a.b\n",
    "<", ">", "<b>", "</b>", "<br/>", "<!--", "-->", "<!-- tonecheck-disable blame -->",
    "<!-- tonecheck-disable-next-line -->", "<!-- tonecheck-enable -->", "---\n", "+++\n",
    "|", "|---|", "| a | b |\n", "    ", "\\", "&amp;", "&#8212;", "<!", "<![", "<?", "===\n",
    "***\n", "<div>", "</div>", "<https://a.b>", "<a@b.c>",
]  # fmt: skip
HTML = [
    "<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<b>", "</b>", "<a href='x'>", "</a>",
    "<a ", "<a href=\"", "<", ">", "</", "/>", "=", "'", '"', "<!--", "-->", "--!>", "<!",
    "<!DOCTYPE html>", "<![CDATA[", "]]>", "<![if !mso]>", "<![endif]>", "<![", "]>", "<?xml ?>",
    "<script>", "</script>", "<style>", "</style>", "<pre>", "</pre>", "<code>", "</code>",
    "<blockquote>", "</blockquote>", "<div class=\"gmail_quote\">", "<p hidden>", "<td>", "<tr>",
    "<table>", "<li>", "<h1>", "<head>", "<title>", "&amp;", "&nbsp;", "&#8212;", "&#x27;",
    "&#99999999;", "&#xD800;", "&bogus;", "&", "&#", "&amp", "<!-- tonecheck-disable blame -->",
    "<!-- tonecheck-disable-next-line nothing -->", "<svg>", "<math>", "<textarea>",
]  # fmt: skip
EMAIL = [
    "From: a@b.c\n", "To: d@e.f\n", "Subject: ", "Subject: =?utf-8?q?Caff=C3=A8_your_fault?=\n",
    "Subject: It was\n your fault\n", "Date: Mon, 1 Jan 2024 10:00:00 +0000\n",
    "MIME-Version: 1.0\n", "Content-Type: text/plain; charset=utf-8\n",
    "Content-Type: text/plain; charset=latin-1\n", "Content-Type: text/html\n",
    "Content-Type: multipart/alternative; boundary=b\n", "Content-Type: multipart/mixed;\n",
    " boundary=\"b\"\n", "Content-Type: message/rfc822\n", "Content-Type: text/plain; charset=x\n",
    "Content-Transfer-Encoding: quoted-printable\n", "Content-Transfer-Encoding: base64\n",
    "Content-Transfer-Encoding: 8bit\n", "Content-Disposition: attachment\n",
    "X-Tonecheck-Disable: blame\n", "X-Tonecheck-Disable: nothing\n", "\n", "--b\n", "--b--\n",
    "> quoted your fault\n", "On Mon, Anna <a@b.c> wrote:\n", "Il giorno lun ha scritto:\n",
    "-- \n", "-----Original Message-----\n", "From: x\nSent: y\nTo: z\n", "________\n",
    "=C3=A8", "=\n", "=", "SXQgd2FzIHlvdXIgZmF1bHQu\n", "===\n", "<p>your fault</p>\n",
]  # fmt: skip
TEMPLATE = [
    "{{ name }}", "{{", "}}", "{{{ body }}}", "{{{", "}}}", "{%", "%}", "{% if x %}", "{% else %}",
    "{% endif %}", "{%- if x -%}", "{% raw %}", "{% endraw %}", "{% comment %}",
    "{% endcomment %}", "{#", "#}", "{# tonecheck-disable blame #}", "{# tonecheck-disable x #}",
    "{{!", "{{!--", "--}}", "{{! tonecheck-disable-next-line }}", "{{#each x}}", "{{/each}}",
    "{{> partial}}", "{{else}}", "{name}", "{0}", "{x.y[0]!r:>10}", "{", "}", "%(amount)s",
    "%(x)d", "%(", "%", "${ref}", "${", "$", "~}}", "{{~",
]  # fmt: skip
PLAIN = ["tonecheck-disable-next-line blame\n", "<!-- tonecheck-disable -->\n", "tonecheck-x\n"]

FORMATS: dict[str, tuple[list[str], list[str]]] = {
    "markdown": (MARKDOWN, ["a.md", "a.markdown"]),
    "html": (HTML, ["a.html", "a.htm"]),
    "email": (EMAIL + HTML[:12], ["a.eml"]),
    "template": (TEMPLATE + MARKDOWN[:20] + HTML[:20], ["a.j2", "a.html.j2", "a.md.hbs", "a.tpl"]),
    "plain": (PLAIN + MARKDOWN[:8] + HTML[:8], ["a.txt", "-", "a.log"]),
}


def _sources(fragments: list[str]) -> st.SearchStrategy[str]:
    """Grammar fragments and random text, in any order."""
    piece = st.one_of(
        st.sampled_from(fragments),
        st.sampled_from(WORDS),
        st.sampled_from(SPACE),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    )
    return st.lists(piece, max_size=80).map("".join)


_LINTER: list[Linter] = []


def _linter() -> Linter:
    """Built once, warmed up on every format, so that no input is timed with the start-up."""
    if not _LINTER:
        select = ["blame.fixture-fault", "register.fixes-asap", "sugarcoating.fixes-deeply-sorry"]
        linter = Linter(lang="en", rule_paths=[FIXTURE, FIXES], select=select)
        warm = "Hi {{ x }},\n\nWe sent the files on Monday; it was *your* fault. Thanks.\n" * 5
        for _, paths in FORMATS.values():  # readability loads its dictionary on first use
            linter.check_result(linter.read_text(warm, paths[0]))
        _LINTER.append(linter)
    return _LINTER[0]


def _read(source: str, path: str) -> Text | None:
    """The reader's Text, or None for a documented refusal (a directive naming nothing)."""
    try:
        return _linter().read_text(source, path)
    except InputError as exc:
        assert exc.code == "directive", exc
        return None


def check_reader(source: str, path: str) -> None:
    _linter()
    text = _read(source, path)
    if text is not None:
        check_text(text)
        check_findings(text, path)


def check_text(text: Text) -> None:
    """Every non-blank prose character maps to itself, or into a whole protected span."""
    source = text.source
    for low, high in text.protected:
        assert 0 <= low <= high <= len(source)
    for s in text.suppressions:
        assert 0 <= s.start <= s.end <= len(source) and s.line >= 1
    for i, char in enumerate(text.prose):
        start, end = text.source_span(i, i + 1)
        assert 0 <= start <= end <= len(source), (i, char, start, end)
        if not char.isspace():
            assert source[start:end] == char or (start, end) in text.protected, (i, char)


def check_findings(text: Text, path: str) -> None:
    result = _linter().check_result(text, path=path)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text.source)
        assert text.source[f.start : f.end] == f.match
        assert (f.line, f.column) <= (f.end_line, f.end_column)


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(source=_sources(FORMATS["markdown"][0]), path=st.sampled_from(FORMATS["markdown"][1]))
def test_markdown(source: str, path: str) -> None:
    check_reader(source, path)


@FUZZ
@given(source=_sources(FORMATS["html"][0]), path=st.sampled_from(FORMATS["html"][1]))
def test_html(source: str, path: str) -> None:
    check_reader(source, path)


@FUZZ
@given(
    source=st.lists(st.sampled_from(EMAIL), max_size=12).map("".join)
    | _sources(FORMATS["email"][0]),
    body=_sources(FORMATS["email"][0]),
)
def test_email(source: str, body: str) -> None:
    check_reader(source + body, "a.eml")


@FUZZ
@given(source=_sources(FORMATS["template"][0]), path=st.sampled_from(FORMATS["template"][1]))
def test_template(source: str, path: str) -> None:
    check_reader(source, path)


@FUZZ
@given(source=_sources(FORMATS["plain"][0]), path=st.sampled_from(FORMATS["plain"][1]))
def test_plain(source: str, path: str) -> None:
    check_reader(source, path)


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ("{0}", "a.j2"),  # "Dale" stood for 3 characters: its "e" mapped past the end
        ("<div><br/>\r\n#}</b>{0}\t\t", "a.html.j2"),  # the same, under HTML
        ("Subject: your mistake", "a.eml"),  # the break after a subject mapped past the end
        ("<![ x", "a.html"),  # Python's HTMLParser raised AssertionError on this
        ("<![foo]> your fault", "a.html"),
        ("<p>Hi</p> <!-- unclosed", "a.html"),
    ],
)
def test_what_the_fuzzing_found(source: str, path: str) -> None:
    check_reader(source, path)


@pytest.mark.parametrize(
    ("unit", "count", "path"),
    [
        ("<a ", 20_000, "a.html"),  # HTMLParser rescans to the end from every "<": quadratic
        ("<!--", 100_000, "a.html"),
        ("</a ", 100_000, "a.html"),
        ("<!--", 100_000, "a.md"),  # an unclosed comment searched to the end from each "<!--"
        ("<p>line &amp; more</p>\n", 4_000, "a.eml"),  # each line walked all the runs
    ],
)
def test_large_pathological_inputs_take_linear_time(unit: str, count: int, path: str) -> None:
    """Each took from 20 seconds to minutes before its fix (quadratic in the input), and is read
    whole, its prose no longer than its source."""
    head = "From: a@b.c\nTo: d@e.f\nContent-Type: text/html\n\n" if path.endswith(".eml") else ""
    source = head + unit * count
    text = readers.read(source, path)
    assert len(text.prose) <= len(source)
    check_text(text)


PATHS = [p for _, paths in FORMATS.values() for p in paths]


@FUZZ
@given(data=st.binary(max_size=2000), path=st.sampled_from(PATHS))
def test_raw_bytes(data: bytes, path: str) -> None:
    """Bytes as a file holds them: decoded as tonecheck decodes files, then read."""
    fallback = "latin-1" if path.endswith(".eml") else None
    try:
        source, encoding = files.decode_with(data, path, fallback)
    except InputError as exc:
        assert exc.code in ("encoding", "not-text"), exc
        return
    _linter()
    try:
        text = readers.read(source, path, encoding=encoding)
    except DirectiveError:
        return
    check_text(text)


FUZZED: list[Callable[..., Any]] = [
    test_markdown,
    test_html,
    test_email,
    test_template,
    test_plain,
    test_raw_bytes,
]


@pytest.mark.skipif(BUDGET <= 0, reason="TONECHECK_FUZZ_SECONDS=0")
def test_fuzz_for_a_time_budget() -> None:
    """Random bytes into every reader test until TONECHECK_FUZZ_SECONDS have passed."""
    rng = random.Random(os.environ.get("TONECHECK_FUZZ_SEED"))
    deadline = time.monotonic() + BUDGET
    runs = 0
    while time.monotonic() < deadline:
        test = FUZZED[runs % len(FUZZED)]
        buffer = rng.randbytes(rng.choice((64, 256, 1024, 4096)))
        try:
            test.hypothesis.fuzz_one_input(buffer)  # type: ignore[attr-defined]
        except Exception as exc:
            raise AssertionError(f"{test.__name__} failed on buffer {buffer.hex()}") from exc
        runs += 1
    assert runs >= len(FUZZED)
