"""The email reader: the Subject and the writer's own text, at the file's positions.

Files as mail clients save them: a plain reply with a quoted message and a signature, a
multipart Italian message in quoted-printable with an encoded Subject, an HTML-only Gmail reply,
and a forward with suppressions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_readers_support import DATA, blame_linter, file_text, lint_file, positions, uses
from tonecheck import Linter, readers

EMAIL = DATA / "email"


@pytest.fixture(scope="module")
def blame() -> Linter:
    return blame_linter()


def test_a_reply_with_a_quoted_message_and_a_signature(blame: Linter) -> None:
    path = EMAIL / "reply-with-quote-and-signature.eml"
    result = lint_file(blame, path)
    assert result.source == file_text(path) and result.note is None
    # The quoted "that is your fault" and the signature's "Your mistake" are not the writer's.
    assert positions(result) == [("your mistake", 14, 61)]


def test_the_prose_of_a_reply_is_its_subject_and_the_writers_lines() -> None:
    source = file_text(EMAIL / "reply-with-quote-and-signature.eml")
    prose = readers.read(source, "reply.eml").prose
    assert prose.split() == [
        "Re:",
        "Invoice",
        "2024-117",
        "and",
        "the",
        "homepage",
        "files",
        "Hi",
        "Laura,",
        "Thanks",
        "for",
        "the",
        "quick",
        "reply.",
        "The",
        "homepage",
        "is",
        "late",
        "because",
        "of",
        "your",
        "mistake",
        "with",
        "the",
        "image",
        "sizes,",
        "and",
        "the",
        "second",
        "round",
        "took",
        "us",
        "two",
        "extra",
        "days.",
        "We",
        "will",
        "send",
        "the",
        "final",
        "files",
        "on",
        "Friday,",
        "together",
        "with",
        "the",
        "invoice.",
    ]
    assert prose.startswith("Re: Invoice 2024-117 and the homepage files\n\nHi Laura,\n")


def test_a_subject_finding_points_at_the_subject_line(blame: Linter, tmp_path: Path) -> None:
    path = tmp_path / "draft.eml"
    path.write_text(
        "From: a@example.com\nSubject: Your mistake with\n the invoice\n\nHello.\n",
        encoding="utf-8",
    )
    assert positions(lint_file(blame, path)) == [("Your mistake", 2, 10)]


def test_quoted_printable_italian_with_an_encoded_subject() -> None:
    path = EMAIL / "italian-quoted-printable.eml"
    result = lint_file(blame_linter("it"), path)
    assert result.note == (
        "the text/plain part is stored quoted-printable; positions in it refer to its decoded "
        "text, shown from line 13"
    )
    raw = file_text(path)
    subject = "=?UTF-8?Q?Sollecito_fattura_n=2E_45_=E2=80=93_colpa_vostra?="
    # A finding in an encoded Subject covers the whole encoded value: no position inside it
    # would mean anything in the file.
    assert positions(result) == [(subject, 3, 10), ("colpa vostra", 15, 59)]
    assert result.findings[0].start == raw.index(subject)
    # Above the body the source is the file's; the body is its decoded text.
    body_start = raw.index("Gentile dottoressa")
    assert result.source[:body_start] == raw[:body_start]
    assert "Il ritardo è colpa vostra: avevamo chiesto l’ordine" in result.source
    assert "ha scritto" not in readers.read(raw, "x.eml").prose


def test_an_html_only_reply_drops_the_quoted_thread(blame: Linter) -> None:
    path = EMAIL / "html-only.eml"
    result = lint_file(blame, path)
    assert result.source == file_text(path)
    assert positions(result) == [("your&nbsp;mistake", 11, 76)]


def test_a_forward_with_a_header_and_a_line_suppression(blame: Linter) -> None:
    path = EMAIL / "forwarded-with-suppressions.eml"
    result = lint_file(blame, path)
    # The forwarded message below "---------- Forwarded message ---------" is not checked.
    assert positions(result) == [("your mistake", 14, 22)]
    # X-Tonecheck-Disable covers the whole message; the directive line the next line only.
    assert uses(result) == [(5, ("length",), 0), (12, ("blame",), 1)]


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ("Thanks.\n\nOn Tue, 4 Mar 2025, Ann <a@b.c> wrote:\n> your fault\n", "Thanks."),
        ("Grazie.\n\nIl giorno 4 mar 2025, Ann <a@b.c> ha scritto:\n> colpa\n", "Grazie."),
        ("Thanks.\n\n-----Original Message-----\nFrom: Ann\nYour fault.\n", "Thanks."),
        (
            "Thanks.\n________________________________\nFrom: Ann <a@b.c>\nSent: Monday\n"
            "To: Bob\nSubject: Re: x\n\nYour fault.\n",
            "Thanks.",
        ),
        ("Grazie.\nDa: Ann <a@b.c>\nInviato: lunedì\nA: Bob\nOggetto: x\n\nColpa.\n", "Grazie."),
        ("Thanks.\n\nBegin forwarded message:\n\nYour fault.\n", "Thanks."),
        ("Thanks.\n--\nAnn\n", "Thanks."),
        ("I said:\n> quoted\nand then more.\n", "I said: and then more."),
    ],
)
def test_replies_forwards_and_signatures_are_cut(body: str, kept: str) -> None:
    source = f"From: a@example.com\nTo: b@example.com\nSubject: Re\n\n{body}"
    assert readers.read(source, "m.eml").prose.split() == ["Re", *kept.split()]


def test_an_8bit_latin1_part_keeps_file_positions(blame: Linter, tmp_path: Path) -> None:
    text = (
        "From: a@example.com\nSubject: Caffè\nContent-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: 8bit\n\nIl caffè è pronto. It was your fault.\n"
    )
    path = tmp_path / "latin1.eml"
    path.write_bytes(text.encode("latin-1"))  # not valid UTF-8
    result = lint_file(blame, path)
    assert result.note is None and result.source == text
    assert positions(result) == [("your fault", 6, 27)]


def test_a_base64_part_is_read_decoded(blame: Linter, tmp_path: Path) -> None:
    import base64

    body = base64.encodebytes(b"Hello.\nIt was your fault.\n").decode()
    path = tmp_path / "b64.eml"
    path.write_text(
        "From: a@example.com\nSubject: Hi\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: base64\n\n{body}",
        encoding="utf-8",
    )
    result = lint_file(blame, path)
    assert result.note is not None and "stored base64" in result.note
    assert "from line 6" in result.note
    assert positions(result) == [("your fault", 7, 8)]


def test_a_file_without_headers_is_all_body(blame: Linter, tmp_path: Path) -> None:
    path = tmp_path / "pasted.eml"
    path.write_text("Your mistake, not ours.\n", encoding="utf-8")
    assert positions(lint_file(blame, path)) == [("Your mistake", 1, 1)]


def test_attachments_and_attached_messages_are_not_read(blame: Linter, tmp_path: Path) -> None:
    path = tmp_path / "attached.eml"
    path.write_text(
        "From: a@example.com\nSubject: Files\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b1"\n\n'
        "--b1\nContent-Type: text/plain\n\nThe files are attached.\n"
        '--b1\nContent-Type: text/plain\nContent-Disposition: attachment; filename="log.txt"\n\n'
        "your fault\n"
        "--b1\nContent-Type: message/rfc822\n\nFrom: c@example.com\nSubject: x\n\nyour mistake\n"
        "--b1--\n",
        encoding="utf-8",
    )
    result = lint_file(blame, path)
    assert result.findings == ()
    assert readers.read(path.read_text(), str(path)).prose.split() == (
        ["Files", "The", "files", "are", "attached."]
    )
