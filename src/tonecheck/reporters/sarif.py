"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers).

One run. `tool.driver.rules` holds every loaded rule with its help (the text of `tonecheck
explain`); each result points at its file with a region in the run's column kind (Unicode code
points, as everywhere in tonecheck: `endColumn` is one past the last character, `charOffset` and
`charLength` count code points from the start of the decoded text). A finding whose rule has a
safe replacement carries it as a SARIF fix. Inputs that could not be read are tool notifications.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from tonecheck import fix
from tonecheck.catalog import explain_rule
from tonecheck.files import STDIN
from tonecheck.positions import LineIndex
from tonecheck.report import FileResult, Finding, Level, Report
from tonecheck.reporters import RenderContext
from tonecheck.rules.model import Rule

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "note"}

Json = dict[str, Any]


def render(report: Report, context: RenderContext) -> str:
    return json.dumps(document(report, context), ensure_ascii=False, indent=2) + "\n"


def document(report: Report, context: RenderContext) -> Json:
    """The SARIF log as a JSON-ready dict."""
    rules = _rule_ids(report, context)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": _driver(report, rules, context)},
                "invocations": [_invocation(report)],
                "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(result, finding, rules.index(finding.rule))
                    for result in report.files
                    for finding in result.findings
                ],
            }
        ],
    }


def _rule_ids(report: Report, context: RenderContext) -> list[str]:
    """Every loaded rule, and any rule a finding names that the context does not know."""
    return sorted(set(context.rules) | {f.rule for f in report.findings})


def _driver(report: Report, rule_ids: list[str], context: RenderContext) -> Json:
    return {
        "name": report.tool.get("name", "tonecheck"),
        "version": report.tool.get("version", ""),
        "rules": [_descriptor(rule_id, context.rules.get(rule_id)) for rule_id in rule_ids],
    }


def _descriptor(rule_id: str, rule: Rule | None) -> Json:
    category = rule_id.split(".", 1)[0]
    if rule is None:
        return {"id": rule_id, "properties": {"tags": ["tone", category]}}
    return {
        "id": rule_id,
        "name": _pascal(rule_id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.explain.split())},
        "help": {"text": explain_rule(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.level]},
        "properties": {"tags": ["tone", category], "languages": list(rule.languages)},
    }


def _pascal(rule_id: str) -> str:
    """blame.you-failed-to -> BlameYouFailedTo (SARIF's `name` is an identifier-like label)."""
    words = rule_id.replace(".", "-").split("-")
    return "".join(word[:1].upper() + word[1:] for word in words)


def _help_markdown(rule: Rule) -> str:
    out = [f"**{rule.summary}**", "", " ".join(rule.explain.split())]
    for spec in rule.langs.values():
        flags = [f"- ✗ {_md(e.text)}" for e in spec.examples_flag[:3]]
        passes = [f"- ✓ {_md(e.text)}" for e in spec.examples_pass[:3]]
        out += ["", f"_{spec.lang}_", "", *flags, *passes]
    return "\n".join(out)


def _md(text: str) -> str:
    """One line of example text with Markdown's special characters escaped."""
    flat = " ".join(text.split())
    return "".join(f"\\{ch}" if ch in "\\`*_{}[]<>()#+-!|" else ch for ch in flat)


def _invocation(report: Report) -> Json:
    return {
        "executionSuccessful": True,
        "exitCode": int(report.exit_code),
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": f"{error.message} [{error.code}]"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(error.path)}}],
            }
            for error in report.errors
        ],
    }


def artifact(path: str) -> Json:
    """An artifactLocation: a URI relative to %SRCROOT%, a file: URI, or a description."""
    if path == STDIN or path.startswith("<"):
        return {"description": {"text": "standard input" if path == STDIN else path}}
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": SRCROOT}


def region(f: Finding) -> Json:
    return {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "charOffset": f.start,
        "charLength": f.end - f.start,
    }


def _edit_region(lines: LineIndex, edit: fix.Edit) -> Json:
    """The region an edit replaces (a deletion may reach past the match, over spaces)."""
    (line, column), (end_line, end_column) = lines.line_col(edit.start), lines.line_col(edit.end)
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": edit.start,
        "charLength": edit.end - edit.start,
    }


def _result(result: FileResult, f: Finding, rule_index: int) -> Json:
    location: Json = {"artifactLocation": artifact(result.path)}
    message = _message(f)
    if result.note is None:
        location["region"] = {**region(f)}
        if f.match:
            location["region"]["snippet"] = {"text": f.match}
    else:
        # The positions are in a decoded body (quoted-printable, base64), not in the stored
        # file: a region would point at the wrong place, so the result names the file only.
        message += f" (line {f.line}, column {f.column} of the decoded text: {result.note})"
    out: Json = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.level],
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "properties": {"category": f.category, "suggestions": list(f.suggestions)},
    }
    fixes = _fixes(result, f)
    if fixes:
        out["fixes"] = fixes
    return out


def _message(f: Finding) -> str:
    if f.suggestions:
        return f"{f.message} Try: {f.suggestions[0] or '(delete it)'}"
    if f.insert is not None:
        return f"{f.message} Add: {f.insert.text.strip()}"
    return f.message


def _fixes(result: FileResult, f: Finding) -> list[Json]:
    """The finding's safe replacement as a SARIF fix, when `--fix` would apply it."""
    edit = fix.safe_edit(f, result.source)
    if edit is None or fix.blocker(result, [edit]) is not None:
        return []
    what = f"Replace “{f.match}” with “{edit.text}”" if edit.text else f"Delete “{f.match}”"
    deleted = _edit_region(LineIndex(result.source), edit)
    replacement = {"deletedRegion": deleted, "insertedContent": {"text": edit.text}}
    change = {"artifactLocation": artifact(result.path), "replacements": [replacement]}
    return [{"description": {"text": what}, "artifactChanges": [change]}]
