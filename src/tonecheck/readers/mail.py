"""Email messages (.eml, MIME), read with the standard library's email package.

Checked: the Subject and the body, which is the first text/plain part that is not an attachment,
or the first text/html part when there is no plain one. Not checked, because they are not the
writer's words: quoted replies (`>` lines and the "On … wrote:" / "Il giorno … ha scritto:" line
that introduces them), everything from a signature separator (`-- `) or a forwarded or original
message ("---------- Forwarded message ---------", "-----Original Message-----", an Outlook
"From: … Sent: …" block) down, and attached messages.

Positions are the file's own when the part is plain 7-bit or 8-bit text. A quoted-printable or
base64 part has no readable text in the file, so its decoded text takes its place in the source
the report points into, and the file's note says so; an encoded Subject ("=?utf-8?q?…?=") is
covered whole by any finding in it.

Suppressions: directive lines in the body (as in plain text), HTML comments in an HTML body, or a
header that never reaches the recipient's screen: `X-Tonecheck-Disable: blame, length` (the whole
message; no names: every rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tonecheck import suppress
from tonecheck.readers import html, plain
from tonecheck.readers.base import Extract, Prose, line_spans

if TYPE_CHECKING:
    from email.message import EmailMessage as Message

IDENTITY_ENCODINGS = frozenset({"7bit", "8bit", "binary"})
_HEADER = re.compile(r"[!-9;-~]+:")  # a field name (printable, no colon or space), then ":"
_KNOWN_FIELDS = re.compile(
    r"^(?:from|to|subject|date|message-id|mime-version|received|return-path|reply-to|cc):",
    re.IGNORECASE | re.MULTILINE,
)
_SUBJECT = re.compile(r"^subject:[ \t]*", re.IGNORECASE | re.MULTILINE)
_DISABLE = re.compile(r"^x-tonecheck-disable:[ \t]*", re.IGNORECASE | re.MULTILINE)
_QUOTED = re.compile(r"[ \t]*>")
_SIGNATURE = re.compile(r"-- ?")
_CUT = re.compile(
    r"[ \t]*(?:-{2,}[ \t]*(?:forwarded message|original message|messaggio inoltrato"
    r"|messaggio originale)[ \t]*-{2,}|begin forwarded message:|inizio messaggio inoltrato:)"
    r"[ \t]*",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"[ \t]*(?:from|da):[ \t]", re.IGNORECASE)
_OUTLOOK_FIELD = re.compile(r"[ \t]*(?:sent|date|inviato|data|to|a|subject|oggetto):", re.I)
_RULE_LINE = re.compile(r"[ \t]*_{8,}[ \t]*")
_ATTRIBUTION = re.compile(r"[ \t]*(?:On\b.*\bwrote|Il\b.*\bha scritto):[ \t]*", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"[ \t]*(?:On|Il)\b", re.IGNORECASE)
_ATTRIBUTION_END = re.compile(r".*\b(?:wrote|ha scritto):[ \t]*", re.IGNORECASE)


def looks_like_email(text: str) -> bool:
    """A header block of two or more fields, some of them the usual ones, then a blank line."""
    head = text[:8192]
    headers_end, body_start = _split_headers(head, 0, len(head))
    if headers_end == 0 or body_start == headers_end:
        return False
    return len(_KNOWN_FIELDS.findall(head, 0, headers_end)) >= 2


@dataclass(frozen=True)
class Part:
    """A leaf of the MIME tree and where its body is in the file."""

    message: Message
    start: int
    end: int


def read(source: str, encoding: str = "utf-8") -> tuple[str, Extract]:
    """The source the report points into (the file, or the file with a decoded body) and prose."""
    from email import message_from_string, policy

    message: Message = message_from_string(source, policy=policy.default)
    headers_end, body_start = _split_headers(source, 0, len(source))
    prose = Prose()
    protected = _subject(message, source, headers_end, prose)
    if headers_end < len(source):  # a break past the end of the file would map past it
        prose.breaks(2)
    directives = list(_header_directives(source, headers_end))
    part = _body_part(message, source, body_start)
    note = None
    if part is not None:
        source, body, note = _decoded(part, source, encoding)
        body_extract = _body_extract(part, body)
        _take_lines(prose, body_extract, part.start)
        directives += (_shifted(d, part.start) for d in body_extract.directives)
        protected += [(a + part.start, b + part.start) for a, b in body_extract.protected]
    return source, prose.extract(
        directives=tuple(directives), protected=tuple(protected), note=note
    )


# -- headers ------------------------------------------------------------------------------------


def _split_headers(text: str, start: int, end: int) -> tuple[int, int]:
    """(end of the header block, start of the body) of the entity at [start, end).

    As the standard library does: headers run to the first blank line, or to the first line that
    is neither a field nor a continuation (which then starts the body).
    """
    for line_start, line_end, next_start in line_spans(text[start:end]):
        line = text[start + line_start : start + line_end]
        if not line:
            return start + line_start, start + next_start
        if not (_HEADER.match(line) or (line_start and line[0] in " \t")):
            return start + line_start, start + line_start
    return end, end


def _subject(
    message: Message, source: str, headers_end: int, prose: Prose
) -> list[tuple[int, int]]:
    """Add the Subject to the prose; return the spans no finding may cut (an encoded subject)."""
    m = _SUBJECT.search(source, 0, headers_end)
    if m is None or message["Subject"] is None:
        return []
    start, end = m.end(), _field_end(source, m.end(), headers_end)
    raw = source[start:end]
    if "=?" in raw:
        prose.stand_in(" ".join(str(message["Subject"]).split()), start, end - start)
        return [(start, end)]
    for line_start, line_end, _ in line_spans(raw):
        segment = raw[line_start:line_end]
        lead = len(segment) - len(segment.lstrip(" \t"))
        prose.space()
        prose.copy(start + line_start + lead, segment.strip(" \t"))
    return []


def _field_end(source: str, start: int, headers_end: int) -> int:
    """The end of a header field's value, continuation lines included, line break excluded."""
    end = start
    for line_start, line_end, _ in line_spans(source[start:headers_end]):
        if line_start and source[start + line_start] not in " \t":
            break
        end = start + line_end
    return end


def _header_directives(source: str, headers_end: int) -> Iterator[suppress.Directive]:
    for m in _DISABLE.finditer(source, 0, headers_end):
        value = source[m.end() : _field_end(source, m.end(), headers_end)]
        directive = suppress.parse(f"tonecheck-disable {value}", m.start(), m.end())
        if directive is not None:
            # A disable starts where its directive ends; this one covers the whole message.
            yield suppress.Directive(directive.action, directive.names, m.start(), 0)


def _shifted(directive: suppress.Directive, by: int) -> suppress.Directive:
    return suppress.Directive(
        directive.action, directive.names, directive.start + by, directive.end + by
    )


# -- the MIME tree ------------------------------------------------------------------------------


def _body_part(message: Message, source: str, body_start: int) -> Part | None:
    leaves = [
        p
        for p in _leaves(message, source, body_start, len(source))
        if not p.message.is_attachment()
    ]
    for kind in ("text/plain", "text/html"):
        part = next((p for p in leaves if p.message.get_content_type() == kind), None)
        if part is not None:
            return part
    return None


def _leaves(message: Message, source: str, start: int, end: int) -> Iterator[Part]:
    """The non-multipart entities under message, with the body region of each."""
    if message.get_content_type() == "message/rfc822":
        return  # an attached (forwarded) message: not the writer's words
    boundary = message.get_boundary() if message.is_multipart() else None
    if boundary is None:
        yield Part(message, start, end)
        return
    children = message.get_payload()
    assert isinstance(children, list)
    for child, (child_start, child_end) in zip(
        children, _part_regions(source, start, end, boundary), strict=False
    ):
        _, child_body = _split_headers(source, child_start, child_end)
        yield from _leaves(child, source, child_body, child_end)


def _part_regions(source: str, start: int, end: int, boundary: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each part between the boundary lines of a multipart body."""
    delimiter, part_start = f"--{boundary}", None
    for line_start, line_end, next_start in line_spans(source[start:end]):
        line = source[start + line_start : start + line_end].rstrip(" \t")
        if line in (delimiter, f"{delimiter}--"):
            if part_start is not None:
                # The line break before a boundary line belongs to the boundary.
                yield part_start, max(part_start, _before_break(source, start + line_start))
            if line.endswith("--") and line != delimiter:
                return
            part_start = start + next_start


def _before_break(source: str, offset: int) -> int:
    if source.startswith("\r\n", offset - 2):
        return offset - 2
    return offset - 1 if offset and source[offset - 1] in "\r\n" else offset


def _decoded(part: Part, source: str, encoding: str) -> tuple[str, str, str | None]:
    """(source, body text, note): the file itself when the body reads as it is stored."""
    raw = source[part.start : part.end]
    transfer = str(part.message.get("Content-Transfer-Encoding", "7bit")).strip().lower()
    charset = part.message.get_content_charset() or "us-ascii"
    if transfer in IDENTITY_ENCODINGS and _reads_as_stored(raw, encoding, charset):
        return source, raw, None
    payload = part.message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    try:
        body = payload.decode(charset, errors="replace")
    except LookupError:
        body = payload.decode("utf-8", errors="replace")
    line = source.count("\n", 0, part.start) + 1
    note = (
        f"the {part.message.get_content_type()} part is stored {transfer}; positions in it "
        f"refer to its decoded text, shown from line {line}"
    )
    return source[: part.start] + body + source[part.end :], body, note


def _reads_as_stored(raw: str, encoding: str, charset: str) -> bool:
    """Whether the part's bytes, read in its charset, give the text the file was read as."""
    try:
        return raw.encode(encoding).decode(charset) == raw
    except (LookupError, UnicodeError):
        return charset.lower() in ("us-ascii", "ascii", "utf-8", "utf8") and raw.isascii()


# -- the body -----------------------------------------------------------------------------------


def _body_extract(part: Part, body: str) -> Extract:
    if part.message.get_content_type() == "text/html":
        return html.extract(body)
    return plain.extract(body)


def _take_lines(prose: Prose, body: Extract, shift: int) -> None:
    """Copy the writer's lines of the body into the prose; a skipped line leaves a line break."""
    lines = list(line_spans(body.prose))
    keep = _kept_lines([body.prose[a:b] for a, b, _ in lines])
    for (start, end, next_start), kept in zip(lines, keep, strict=True):
        if kept:
            prose.take(body, start, next_start, shift)
        elif next_start > end:
            prose.add("\n")


def _kept_lines(lines: list[str]) -> list[bool]:
    """Which lines are the writer's: not quoted, not an attribution, not below a cut."""
    keep = [True] * len(lines)
    for i, line in enumerate(lines):
        if _cuts(lines, i):
            keep[i:] = [False] * (len(lines) - i)
            break
        if _QUOTED.match(line) or _RULE_LINE.fullmatch(line) or _ATTRIBUTION.fullmatch(line):
            keep[i] = False
        elif i + 1 < len(lines) and _two_line_attribution(line, lines[i + 1]):
            keep[i] = keep[i + 1] = False
    return keep


def _cuts(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _SIGNATURE.fullmatch(line) or _CUT.fullmatch(line):
        return True
    if _OUTLOOK_FROM.match(line):
        following = lines[i + 1 : i + 5]
        return sum(1 for f in following if _OUTLOOK_FIELD.match(f)) >= 2
    return False


def _two_line_attribution(line: str, following: str) -> bool:
    """Mail clients wrap a long "On <date>, <name> <address> wrote:" over two lines."""
    return bool(
        _ATTRIBUTION_START.match(line)
        and _ATTRIBUTION_END.fullmatch(following)
        and not _ATTRIBUTION.fullmatch(line)
    )
