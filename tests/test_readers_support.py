"""Shared by the reader, suppression and configuration tests (no tests of its own)."""

from __future__ import annotations

from pathlib import Path

from tonecheck import Linter
from tonecheck.positions import LineIndex
from tonecheck.report import FileResult

TESTS = Path(__file__).parent
DATA = TESTS / "data"
FIXTURE = TESTS / "packs" / "fixture"
# The fixture pack's phrase rule: "your fault", "your mistake" (en); "colpa vostra" (it).
BLAME = "blame.fixture-fault"


def blame_linter(lang: str = "en", *more: str) -> Linter:
    return Linter(lang=lang, rule_paths=[FIXTURE], select=[BLAME, *more])


def positions(result: FileResult) -> list[tuple[str, int, int]]:
    """(match, line, column) of each finding, each checked against the text it points into."""
    lines = LineIndex(result.source)
    for f in result.findings:
        assert result.source[f.start : f.end] == f.match
        assert lines.line_col(f.start) == (f.line, f.column)
        assert lines.line_col(f.end) == (f.end_line, f.end_column)
    return [(f.match, f.line, f.column) for f in result.findings]


def uses(result: FileResult) -> list[tuple[int, tuple[str, ...], int]]:
    """(line, names, findings silenced) of each inline suppression."""
    return [(u.line, u.rules, u.silenced) for u in result.suppressions]


def lint_file(linter: Linter, path: Path) -> FileResult:
    report = linter.check_paths([str(path)])
    assert not report.errors, report.errors
    (result,) = report.files
    return result


def file_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")
