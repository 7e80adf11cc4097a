"""Readers of plain text, Markdown and HTML: what is prose, and positions in the file opened.

Every finding is checked against the text it points into (`source[start:end] == match`, line and
column from the offsets) and against the file on disk, at the exact place expected.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_readers_support import DATA, blame_linter, file_text, lint_file, positions, uses
from tonecheck import Linter, readers
from tonecheck.readers import Format


@pytest.fixture(scope="module")
def blame() -> Linter:
    return blame_linter()


# -- format detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content", "expected"),
    [
        ("note.txt", "It was late.", Format("plain")),
        ("note.TXT", "Dear {{ name }},", Format("plain", template=True)),
        ("note.txt", "Hello {customer}, ticket %(id)s, ref ${ref}.", Format("plain", True)),
        ("note.md", "# Hi\n\nText.", Format("markdown")),
        ("reply.markdown", "Hi {{ name }}", Format("markdown", True)),
        ("mail.html", "<p>Hi</p>", Format("html")),
        ("mail.htm", "<p>Hi {{ name }}</p>", Format("html", True)),
        ("saved.eml", "From: a@b.c\nSubject: x\n\nHi {{ x }}", Format("email")),
        ("reminder.j2", "Dear {{ name }},", Format("plain", True)),
        ("reminder.txt.j2", "<p>Dear {{ name }},</p>", Format("plain", True)),
        ("welcome.html.hbs", "Hi {{name}}", Format("html", True)),
        ("welcome.hbs", "<!DOCTYPE html><html><body><p>Hi {{name}}</p>", Format("html", True)),
        ("welcome.md.mustache", "Hi {{name}}", Format("markdown", True)),
        ("notes.jinja2", "Hi", Format("plain", True)),
        ("-", "From: a@b.c\nTo: d@e.f\nSubject: x\n\nHello.", Format("email")),
        ("-", "<div>Hello</div>", Format("html")),
        ("-", "Subject: x\n\nHello.", Format("plain")),
        ("-", "Hello.", Format("plain")),
        ("style.html", "<style>p {margin: 0}</style><p>Hi</p>", Format("html")),
    ],
)
def test_the_format_comes_from_the_suffixes_then_the_content(
    path: str, content: str, expected: Format
) -> None:
    assert readers.detect(content, path) == expected


# -- plain text ----------------------------------------------------------------------------------


def test_plain_text_positions_are_the_files_own(blame: Linter) -> None:
    path = DATA / "plain" / "reminder-with-directives.txt"
    result = lint_file(blame, path)
    assert result.source == file_text(path)
    assert positions(result) == [("Your mistake", 6, 35)]
    assert uses(result) == [(3, ("blame",), 1), (7, ("length",), 0)]


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (b"", "utf-8"),
    ],
)
def test_plain_text_in_utf8_or_utf16_with_a_byte_order_mark(
    blame: Linter, tmp_path: Path, bom: bytes, encoding: str
) -> None:
    text = "Ciao Marco,\r\nthe café is booked.\r\nIt was your fault, sorry.\r\n"
    path = tmp_path / "note.txt"
    path.write_bytes(bom + text.encode(encoding))
    result = lint_file(blame, path)
    assert result.source == text  # offsets count code points of the text, after the mark
    assert positions(result) == [("your fault", 3, 8)]
    assert result.findings[0].start == text.index("your fault")


def test_web_addresses_are_not_prose(blame: Linter) -> None:
    source = "See https://example.com/your-fault and www.your-mistake.com for details."
    assert blame.check_result(readers.read(source, "a.txt")).findings == ()
    assert readers.read(source, "a.txt").prose.startswith("See " + " " * 30 + " and ")


# -- Markdown ------------------------------------------------------------------------------------


def test_markdown_note_with_code_links_and_front_matter(blame: Linter) -> None:
    path = DATA / "markdown" / "project-note.md"
    result = lint_file(blame, path)
    assert result.source == file_text(path)
    # Front matter, inline code, link targets, autolinks, the fenced block, the reference
    # definition and the quoted client (a "> " line) all say "your fault" without a finding.
    assert positions(result) == [("your mistake", 21, 36)]
    assert uses(result) == [(17, ("blame",), 1)]


def test_markdown_prose_keeps_link_text_and_drops_markup() -> None:
    source = (DATA / "markdown" / "project-note.md").read_text(encoding="utf-8")
    prose = readers.read(source, "note.md").prose
    lines = prose.splitlines()
    assert len(lines) == len(source.splitlines())  # what is removed leaves its line breaks
    assert lines[4] == "Status update for the Rossi project"
    assert lines[8] == "the export script is ready. Run to rebuild the reports, or read the"
    assert lines[9] == "deployment notes first: ."
    assert "fix_your_fault" not in prose and "deploy.sh" not in prose and "client:" not in prose
    assert "https" not in prose and "[notes]" not in prose
    assert "> Sara wrote:" in prose  # kept: the engine treats "> " lines as quoted


def test_markdown_with_windows_line_endings_keeps_positions(blame: Linter, tmp_path: Path) -> None:
    source = (DATA / "markdown" / "project-note.md").read_text(encoding="utf-8")
    path = tmp_path / "note.md"
    path.write_bytes(source.replace("\n", "\r\n").encode())
    result = lint_file(blame, path)
    assert positions(result) == [("your mistake", 21, 36)]
    assert uses(result) == [(17, ("blame",), 1)]


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("Was it `your fault`? No.", []),
        ("It was *your* fault.", ["your* fault"]),
        ("It was __your fault__.", ["your fault"]),
        ("| when | what |\n|---|---|\n| Monday | your mistake |\n", ["your mistake"]),
        ("- first item\n- it was your fault\n", ["your fault"]),
        ("    indented code: your fault\n", []),
        ("<div>\nyour fault\n</div>\n", ["your fault"]),
        ("Text <span>your</span> fault.", ["your</span> fault"]),
        ("It was [your fault](https://example.com/why).", ["your fault"]),
        ("Run `make`  now, <!-- not this: your fault --> then [read](#a) on.", []),
        ("![your fault](your-fault.png)", []),
        ("[your fault][ref]\n\n[ref]: https://example.com\n", ["your fault"]),
        ("It was your_fault_file that broke.", []),
    ],
)
def test_markdown_constructs(blame: Linter, source: str, flagged: list[str]) -> None:
    result = blame.check_result(readers.read(source, "x.md"), path="x.md")
    positions(result)
    assert [f.match for f in result.findings] == flagged


# -- HTML ----------------------------------------------------------------------------------------


def test_html_email_exported_from_a_crm(blame: Linter) -> None:
    path = DATA / "html" / "crm-export.html"
    result = lint_file(blame, path)
    assert result.source == file_text(path)
    # Not prose: the title, style, script, <code>, <pre> and the quoted <blockquote>.
    assert positions(result) == [("your&nbsp;mistake", 14, 32)]
    assert uses(result) == [(15, ("blame",), 1)]


def test_html_visible_text_collapses_whitespace_and_decodes_entities() -> None:
    source = (DATA / "html" / "crm-export.html").read_text(encoding="utf-8")
    prose = readers.read(source, "crm.html").prose
    paragraphs = [" ".join(p.split()) for p in prose.split("\n\n") if p.strip()]
    assert paragraphs == [
        "Dear Mr Verdi,",
        "Thank you for the call on Tuesday. We looked into the failed backup: the server ran "
        "out of space because of your mistake with the retention settings.",
        "Your fault or not, we restored everything the same day.",
        "Here is the command we used:",
        "The next check is on 14 March — Café Rossi will host the meeting.",
        "Kind regards, Elena Bassi Support Team",
    ]
    assert "Kind regards,\nElena Bassi\nSupport Team" in prose  # <br> ends a line


def test_a_finding_that_reaches_into_an_entity_covers_all_of_it() -> None:
    source = "<p>Caf&eacute; &amp; bar</p>"
    text = readers.read(source, "x.html")
    e_acute, ampersand = text.prose.index("é"), text.prose.index("&")
    assert text.source_span(e_acute, e_acute + 1) == (6, 14)
    assert source[slice(*text.source_span(0, ampersand + 1))] == "Caf&eacute; &amp;"


# -- positions never drift ---------------------------------------------------------------------

_FRAGMENTS = [
    "your", "fault", "Caffè", "naïve", "😀", " ", "  ", "\n", "\n\n", "\r\n", "\t", ".", ",",
    "{{ name }}", "{{{ body }}}", "{% if x %}", "{% else %}", "{# note #}", "{{! note }}",
    "{name}", "%(amount)s", "${ref}", "`code`", "**", "_", "*", "[link](https://e.com/x)",
    "<b>", "</b>", "<p>", "</p>", "<br>", "&amp;", "&eacute;", "&nbsp;", "&#8212;",
    "<!-- c -->", "> ", "# ", "- ", "https://example.com/a", "<code>x</code>", "<pre>y</pre>",
]  # fmt: skip


@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40),
    st.sampled_from(["a.txt", "a.md", "a.html", "a.j2", "a.md.hbs", "a.html.j2"]),
)
@settings(max_examples=300, deadline=None)
def test_every_letter_of_the_prose_maps_to_itself_or_to_a_whole_placeholder(
    fragments: list[str], path: str
) -> None:
    source = "".join(fragments)
    text = readers.read(source, path)
    for i, char in enumerate(text.prose):
        if not char.isalnum():
            continue
        start, end = text.source_span(i, i + 1)
        assert 0 <= start < end <= len(source)
        assert source[start:end] == char or (start, end) in text.protected, (i, char)
