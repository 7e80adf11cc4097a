"""`--fix` and `--diff`: apply the replacements that rules mark safe, atomically.

A fix is safe when the rule names one fixed replacement (`fix:` in its YAML, possibly empty to
delete the match): nothing is left for the writer to choose. Other suggestions and the text a
checklist finding asks to insert are never applied. A deletion also takes the spaces on one side
of the match, and passes a sentence's capital on to the next word.

Order and overlaps: the fixes of one pass are sorted by start, then the longer span first, then
rule id, and each is kept unless it overlaps one already kept (two fixes at the same start
overlap too). The text is then checked again and the next pass plans afresh, up to MAX_PASSES,
so the fixes left out by an overlap are reconsidered and a second `--fix` finds nothing to do.

A file is left alone when a fix would touch a template placeholder or a region under an inline
suppression, when its positions do not refer to its raw text (a decoded email body), when it
changed since it was checked, or when its bytes would not survive decoding and encoding again.
Only the fixed spans change: byte-order mark, encoding and line endings stay as they were.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tonecheck.atomic import write_atomic
from tonecheck.errors import InputError, TonecheckError
from tonecheck.files import STDIN, byte_order, decode
from tonecheck.report import FileError, FileResult, Finding, Report

MAX_PASSES = 10
MAX_GROWTH = 1000  # characters a file may grow by beyond doubling before fixing stops
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_SPACES = " \t\u00a0"
_CLOSING = ".,;:!?)]}»”’"

# Checks a fixed text again: (the result it was fixed from, the new text) -> the new result.
Relint = Callable[[FileResult, str], FileResult]


@dataclass(frozen=True)
class Edit:
    """Replace source[start:end] with text; `rule` is the rule whose fix it is."""

    start: int
    end: int
    text: str
    rule: str

    def overlaps(self, other: Edit) -> bool:
        return self.start == other.start or (self.start < other.end and other.start < self.end)

    def touches(self, span: tuple[int, int]) -> bool:
        """True when the edit would change any character of span (or insert inside it)."""
        low, high = span
        return (self.start < high and low < self.end) or low < self.start < high


@dataclass(frozen=True)
class FileFix:
    """What `--fix` does to one file: the text before and after, and what is left to report."""

    before: FileResult
    after: FileResult
    fixed: str
    applied: int = 0  # fixes applied over all passes
    problem: str | None = None  # why the file was left alone, or why fixing stopped early

    @property
    def path(self) -> str:
        return self.before.path

    @property
    def changed(self) -> bool:
        return self.fixed != self.before.source

    def untouched(self, problem: str) -> FileFix:
        """The same file, left as it was checked, with the reason."""
        return FileFix(self.before, self.before, self.before.source, 0, problem)


# -- planning --------------------------------------------------------------------------------


def safe_edit(finding: Finding, source: str) -> Edit | None:
    """The finding's safe fix as an edit of `source` (the text the finding points into); None
    when it has none or it would change nothing.

    A replacement over several lines takes the source's line ending; a deletion takes the
    spaces on one side with it, so that it leaves no double space or space before punctuation.
    """
    if finding.fix is None or finding.fix == finding.match:
        return None
    if not finding.fix:
        return _deletion(finding, source)
    text = _LINE_BREAK.sub(dominant_newline(source), finding.fix)
    return Edit(finding.start, finding.end, text, finding.rule)


def _deletion(finding: Finding, source: str) -> Edit:
    """Delete the match and the spaces on one side; when the match opened a sentence, the next
    word now does, so it takes the capital ("Frankly it's late." -> "It's late.")."""
    start, end = _widen_deletion(source, finding.start, finding.end)
    following = source[end : end + 1]
    opened = finding.match[:1].isupper() and _starts_sentence(source, finding.start)
    if opened and following.islower():
        return Edit(start, end + 1, following.upper(), finding.rule)
    return Edit(start, end, "", finding.rule)


def _starts_sentence(source: str, offset: int) -> bool:
    before = source[:offset].rstrip(_SPACES)
    return not before or before[-1] in ".!?\r\n"


def _widen_deletion(source: str, start: int, end: int) -> tuple[int, int]:
    before = source[start - 1] if start > 0 else "\n"
    after = source[end] if end < len(source) else "\n"
    if after in _SPACES and (before in _SPACES or before in "\r\n"):
        while end < len(source) and source[end] in _SPACES:
            end += 1
    elif before in _SPACES and (after in "\r\n" or after in _CLOSING):
        while start > 0 and source[start - 1] in _SPACES:
            start -= 1
    return start, end


def plan(result: FileResult) -> tuple[Edit, ...]:
    """The safe fixes of one result, overlaps resolved, in text order."""
    edits = (safe_edit(f, result.source) for f in result.findings)
    return resolve_overlaps(e for e in edits if e is not None)


def resolve_overlaps(edits: Iterable[Edit]) -> tuple[Edit, ...]:
    """Earliest start first, then the longest span, then rule id; drop what overlaps a kept one."""
    kept: list[Edit] = []
    reach = -1  # the furthest end of a kept edit: in start order, an overlap must reach past it
    for edit in sorted(edits, key=lambda e: (e.start, -(e.end - e.start), e.rule, e.text)):
        if kept and (edit.start == kept[-1].start or edit.start < reach):
            continue
        kept.append(edit)
        reach = max(reach, edit.end)
    return tuple(kept)


def blocker(result: FileResult, edits: Sequence[Edit]) -> str | None:
    """Why this file must not be fixed, or None."""
    if result.note:
        return result.note
    for edit in edits:
        if any(edit.touches(span) for span in result.protected):
            return f"a fix ({edit.rule}) would touch a template placeholder"
        if any(edit.touches(span) for span in result.suppressed):
            return f"a fix ({edit.rule}) would touch a region under an inline suppression"
    return None


def apply(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (any order) to text."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def dominant_newline(text: str) -> str:
    """The line ending a text uses most ("\\n" when it has none)."""
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    return max(counts, key=lambda k: (counts[k], k == "\n"))


# -- fixing in memory ------------------------------------------------------------------------


def fix_result(result: FileResult, relint: Relint, max_passes: int = MAX_PASSES) -> FileFix:
    """Apply safe fixes pass after pass, checking the text again after each, until none is left."""
    current, text, applied, seen = result, result.source, 0, {result.source}
    for _ in range(max_passes):
        edits = plan(current)
        if not edits:
            return FileFix(result, current, text, applied)
        problem = blocker(current, edits)
        if problem is not None:
            return FileFix(result, current, text, applied, problem)
        fixed = apply(text, edits)
        try:
            current = relint(current, fixed)
        except TonecheckError as exc:  # the fixed text no longer reads (a broken directive)
            return FileFix(result, current, text, applied, f"the fixed text fails to read: {exc}")
        text, applied = fixed, applied + len(edits)
        if len(text) > 2 * len(result.source) + MAX_GROWTH:
            # A fix whose output its rule flags again ("ASAP" -> "as soon as possible (ASAP)")
            # would double the text on every pass.
            return FileFix(result, current, text, applied, "the fixes keep growing the text")
        if text in seen:
            return FileFix(result, current, text, applied, "the fixes undo each other")
        seen.add(text)
    problem = None if not plan(current) else f"fixes still pending after {max_passes} passes"
    return FileFix(result, current, text, applied, problem)


def fix_report(report: Report, relint: Relint) -> tuple[FileFix, ...]:
    """Every file of a report, fixed in memory (nothing is written)."""
    return tuple(fix_result(result, relint) for result in report.files)


def remaining(report: Report, fixes: Sequence[FileFix], errors: Sequence[FileError] = ()) -> Report:
    """The report of what is left once the fixes are applied."""
    return replace(
        report,
        files=tuple(f.after for f in fixes),
        errors=(*report.errors, *errors),
    )


# -- the file on disk ------------------------------------------------------------------------


@dataclass(frozen=True)
class Encoding:
    """How a file's text is stored: a byte-order mark (maybe empty) and a codec."""

    bom: bytes
    codec: str

    @classmethod
    def of(cls, data: bytes) -> Encoding:
        """As files.decode reads it: a byte-order mark, UTF-16 recognised without one, or UTF-8."""
        return cls(*byte_order(data))

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def check_disk(fix: FileFix) -> tuple[FileFix, Encoding | None]:
    """The fix as it can be applied to the file now, and the file's encoding.

    Leaves the file alone when it changed since it was checked or would not round-trip.
    """
    if not fix.changed or fix.path == STDIN:
        return fix, None
    try:
        data = Path(fix.path).read_bytes()
    except OSError:
        return fix.untouched("it can no longer be read"), None
    try:
        text = decode(data, fix.path)
    except InputError:
        return fix.untouched("--fix writes UTF-8, and UTF-16 with a byte-order mark, only"), None
    encoding = Encoding.of(data)
    if text != fix.before.source:
        return fix.untouched("it changed since it was checked"), None
    if encoding.encode(text) != data:
        return fix.untouched("its bytes would not survive re-encoding"), None
    return fix, encoding


def write(fix: FileFix) -> FileFix:
    """Write one fixed file atomically; returns the fix as it ended (left alone, with why).

    Raises OSError when the write fails; the original file is then intact.
    """
    fix, encoding = check_disk(fix)
    if encoding is not None:
        write_atomic(fix.path, encoding.encode(fix.fixed))
    return fix


def write_all(fixes: Sequence[FileFix]) -> tuple[tuple[FileFix, ...], tuple[FileError, ...]]:
    """Write every changed file (not standard input); a failed write becomes a report error."""
    done: list[FileFix] = []
    errors: list[FileError] = []
    for fix in fixes:
        try:
            done.append(write(fix))
        except OSError as exc:
            done.append(fix.untouched("it could not be written"))
            errors.append(FileError(fix.path, "unwritable", exc.strerror or str(exc)))
    return tuple(done), tuple(errors)


def run(report: Report, relint: Relint, *, write: bool) -> tuple[tuple[FileFix, ...], Report]:
    """Fix every file of a report: in memory, then on disk when `write` (standard input is the
    caller's to print). Returns the fixes as they ended and the report of what remains."""
    fixes = fix_report(report, relint)
    if not write:
        checked = tuple(check_disk(f)[0] for f in fixes)
        return checked, remaining(report, checked)
    written, errors = write_all(fixes)
    return written, remaining(report, written, errors)


# -- showing ---------------------------------------------------------------------------------


def unified_diff(fix: FileFix) -> str:
    """A unified diff of what the fix changes ("" when nothing), labelled with the path."""
    if not fix.changed:
        return ""
    lines = difflib.unified_diff(
        _lines(fix.before.source), _lines(fix.fixed), fromfile=fix.path, tofile=fix.path
    )
    return "".join(lines)


def _lines(text: str) -> list[str]:
    """Lines with their endings; a last line without one is marked the way patch expects."""
    lines = _LINE.findall(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def describe(fixes: Sequence[FileFix], *, dry_run: bool) -> list[str]:
    """Lines for standard error: files left alone (and why), then a count."""
    out = [
        f"{f.path}: not fixed: {f.problem}" if not f.changed else f"{f.path}: {f.problem}"
        for f in fixes
        if f.problem
    ]
    changed = [f for f in fixes if f.changed]
    count = sum(f.applied for f in changed)
    verb = "would fix" if dry_run else "fixed"
    files = "1 file" if len(changed) == 1 else f"{len(changed)} files"
    out.append(f"{verb} {count} finding{'' if count == 1 else 's'} in {files}")
    return out
