"""`--format github`: GitHub Actions workflow commands, shown as annotations on the changed files.

::warning file=draft.txt,line=7,col=13,endLine=7,endColumn=31,title=blame.you-failed-to::message

Levels map to `error`, `warning` and `notice`. GitHub accepts `col` and `endColumn` only on a
one-line span, so a finding over several lines carries lines alone. Values are escaped as the
Actions runner expects: `%`, CR and LF everywhere, and `:` and `,` in properties too.
"""

from __future__ import annotations

from tonecheck.files import STDIN
from tonecheck.report import Finding, Level, Report
from tonecheck.reporters import RenderContext
from tonecheck.reporters.text import summary

COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "notice"}


def render(report: Report, context: RenderContext) -> str:
    lines = [
        annotation(result.path, finding, result.note)
        for result in report.files
        for finding in result.findings
    ]
    lines += [
        command("error", _file(e.path), f"{e.message} [{e.code}]", title="tonecheck: input error")
        for e in report.errors
    ]
    lines.append(summary(report, RenderContext()))
    return "\n".join(lines) + "\n"


def annotation(path: str, f: Finding, note: str | None = None) -> str:
    """One annotation; with a note, the positions are in a decoded email body rather than in
    the stored file, so the annotation names the file only and says where in the text."""
    where = _file(path)
    message = _message(f)
    if note is not None:
        message += f"\n(line {f.line}, column {f.column} of the decoded text: {note})"
    elif f.end_line == f.line:
        where |= {"line": str(f.line), "col": str(f.column)}
        where |= {"endLine": str(f.end_line), "endColumn": str(f.end_column)}
    else:
        where |= {"line": str(f.line), "endLine": str(f.end_line)}
    return command(COMMANDS[f.level], where, message, title=f"{f.rule} ({f.category})")


def command(name: str, where: dict[str, str], message: str, *, title: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in where.items())
    props += f"{',' if props else ''}title={escape_property(title)}"
    return f"::{name} {props}::{escape_data(message)}"


def _file(path: str) -> dict[str, str]:
    """No file for standard input or an API text: the annotation then stands for the run."""
    return {} if path == STDIN or path.startswith("<") else {"file": path}


def _message(f: Finding) -> str:
    lines = [f.message]
    lines += [f"Try: {s}" if s else "Try: delete it" for s in f.suggestions[:3]]
    if f.insert is not None:
        lines.append(f"Add: {f.insert.text.strip()}")
    return "\n".join(lines)


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
