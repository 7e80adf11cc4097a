"""`--format text`: one block per finding, the flagged text underlined, then a summary line.

draft.txt:3:24: warning blame blame.your-fault: “your fault” puts the fault on the client …
   3 | The delay was entirely your fault.
     |                        ^^^^^^^^^^
     = try: the fault
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import click

from tonecheck.positions import LineIndex
from tonecheck.report import FileResult, Finding, Level, Report
from tonecheck.reporters import RenderContext

LEVEL_COLORS = {Level.ERROR: "red", Level.WARNING: "yellow", Level.SUGGESTION: "cyan"}
MAX_SHOWN = 120  # longer lines are cut around the finding


def render(report: Report, context: RenderContext) -> str:
    out: list[str] = []
    for result in report.files:
        out += _file_lines(result, context)
    for error in () if context.errors_shown else report.errors:
        out.append(
            f"{_style(error.path, context, bold=True)}: error: {error.message} [{error.code}]"
        )
    out.append(summary(report, context))
    return "\n".join(out) + "\n"


def _file_lines(result: FileResult, context: RenderContext) -> Iterator[str]:
    lines = LineIndex(result.source) if result.source else None
    for finding in result.findings:
        yield _headline(result.path, finding, context)
        if lines is not None:
            yield from _excerpt(lines, finding)
        yield from _advice(finding, context)
        if result.note:  # positions that are not plain file positions (a decoded email body)
            yield f"    {_style('=', context, dim=True)} note: {result.note}"
    yield from _suppressions(result, context)
    for skipped in result.skipped_rules:
        if skipped.reason.startswith("failed"):
            yield f"{result.path}: rule {skipped.rule} {skipped.reason}"


def _suppressions(result: FileResult, context: RenderContext) -> Iterator[str]:
    """What each inline suppression silenced; one that silenced nothing deserves a look."""
    for use in result.suppressions:
        where = _style(f"{result.path}:{use.line}:", context, bold=True)
        names = ", ".join(use.rules) or "every rule"
        if use.silenced:
            yield f"{where} suppression of {names} silenced {_plural(use.silenced, 'finding')}"
        else:
            warning = _style("warning", context, fg=LEVEL_COLORS[Level.WARNING], bold=True)
            yield f"{where} {warning}: suppression of {names} silenced nothing; remove it"


def _headline(path: str, f: Finding, context: RenderContext) -> str:
    where = _style(f"{path}:{f.line}:{f.column}:", context, bold=True)
    level = _style(f.level.value, context, fg=LEVEL_COLORS[f.level], bold=True)
    return f"{where} {level} {f.category} {_style(f.rule, context, dim=True)}: {f.message}"


def _excerpt(lines: LineIndex, f: Finding) -> Iterator[str]:
    text = lines.line_text(f.line).expandtabs(1)
    start = f.column - 1
    end = f.end_column - 1 if f.end_line == f.line else len(text)
    first = max(0, min(start - 30, len(text) - MAX_SHOWN))
    shown = text[first : first + MAX_SHOWN]
    gutter = " " * len(str(f.line))
    yield f"  {f.line} | {shown}"
    if end > start:
        pad, width = _width(shown[: start - first]), max(1, _width(text[start:end]))
        yield f"  {gutter} | {' ' * pad}{'^' * width}"


def _width(text: str) -> int:
    """Terminal columns: wide East Asian characters and emoji take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _advice(f: Finding, context: RenderContext) -> Iterator[str]:
    marker = _style("=", context, dim=True)
    for suggestion in f.suggestions[:3]:
        yield f"    {marker} try: {suggestion}" if suggestion else f"    {marker} try: delete it"
    if f.insert is not None:
        yield f"    {marker} add: {f.insert.text.strip()}"


def summary(report: Report, context: RenderContext) -> str:
    counts = report.summary()
    files = _plural(counts["files"], "file")
    errors = f"; {_plural(counts['errors'], 'input')} could not be read" if report.errors else ""
    if not counts["findings"]:
        return _style(f"No findings in {files}{errors}.", context, fg="green", bold=True)
    levels = ", ".join(
        _plural(counts["by_level"][level.value], level.value)
        for level in reversed(Level)
        if level.value in counts["by_level"]
    )
    verdict = "fails" if not report.ok else "passes"
    return _style(
        f"{_plural(counts['findings'], 'finding')} ({levels}) in {files}{errors}; "
        f"{verdict} at --fail-on {report.fail_on.value}.",
        context,
        bold=True,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _style(text: str, context: RenderContext, **style: object) -> str:
    return click.style(text, **style) if context.color else text  # type: ignore[arg-type]
