"""The values a lint run produces: Finding, FileResult and Report, and the exit-code policy."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any

from tonecheck._version import __version__

SCHEMA_VERSION = 1

# The stable contract: the first part of every rule id is one of these.
CATEGORIES: tuple[str, ...] = (
    "hostile",
    "blame",
    "sugarcoating",
    "length",
    "opinion",
    "contract",
    "channel",
    "checklist",
    "register",
)


class Level(str, Enum):
    """How serious a finding is, in increasing order."""

    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    def at_least(self, other: Level) -> bool:
        return self.rank >= other.rank


_LEVEL_RANK = {Level.SUGGESTION: 0, Level.WARNING: 1, Level.ERROR: 2}


class FailOn(str, Enum):
    """The lowest level that makes a run fail; `none` never fails on findings."""

    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"
    NONE = "none"

    def fails(self, level: Level) -> bool:
        return self is not FailOn.NONE and level.at_least(Level(self.value))


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERNAL = 3
    INTERRUPTED = 130


@dataclass(frozen=True)
class Insertion:
    """Text that a checklist finding asks to insert at a code-point offset."""

    offset: int
    text: str


@dataclass(frozen=True)
class Finding:
    """One flagged span. Offsets are 0-based [start, end) code points into the original text."""

    rule: str
    category: str
    level: Level
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    suggestions: tuple[str, ...] = ()
    fix: str | None = None
    insert: Insertion | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "level": self.level.value,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "suggestions": list(self.suggestions),
            "fix": self.fix,
            "insert": (
                None
                if self.insert is None
                else {"at": self.insert.offset, "text": self.insert.text}
            ),
        }


@dataclass(frozen=True)
class Readability:
    index: str  # "flesch_reading_ease" or "gulpease"
    score: float


@dataclass(frozen=True)
class Stats:
    words: int
    sentences: int
    readability: Readability | None

    def to_dict(self) -> dict[str, Any]:
        readability = self.readability
        return {
            "words": self.words,
            "sentences": self.sentences,
            "readability": (
                None
                if readability is None
                else {"index": readability.index, "score": round(readability.score, 1)}
            ),
        }


@dataclass(frozen=True)
class SkippedRule:
    rule: str
    reason: str


@dataclass(frozen=True)
class SuppressionUse:
    """An inline suppression and how many findings it silenced (0 deserves a look)."""

    line: int
    rules: tuple[str, ...]  # empty: every rule
    silenced: int


@dataclass(frozen=True)
class FileResult:
    """What one message or file produced."""

    path: str
    language: str
    pipeline: str
    stats: Stats
    findings: tuple[Finding, ...]
    skipped_rules: tuple[SkippedRule, ...] = ()
    intent: str | None = None
    suppressions: tuple[SuppressionUse, ...] = ()
    note: str | None = None  # how to read the positions, when not plainly (e.g. a decoded body)
    # The text the offsets point into; reporters that show context read it. Not serialised.
    source: str = field(default="", repr=False, compare=False)
    # Source spans that are not prose (template placeholders): fixes must not touch them.
    protected: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)
    # Source spans under inline suppressions: fixes keep out of them too.
    suppressed: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "language": self.language,
            "pipeline": self.pipeline,
            "intent": self.intent,
            "stats": self.stats.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "skipped_rules": [{"rule": s.rule, "reason": s.reason} for s in self.skipped_rules],
            "suppressions": [
                {"line": u.line, "rules": list(u.rules), "silenced": u.silenced}
                for u in self.suppressions
            ],
            "note": self.note,
        }


@dataclass(frozen=True)
class FileError:
    """An input that could not be linted."""

    path: str
    code: str
    message: str


@dataclass(frozen=True)
class Report:
    """The whole result of a run: always one document, also when some inputs failed."""

    files: tuple[FileResult, ...] = ()
    errors: tuple[FileError, ...] = ()
    fail_on: FailOn = FailOn.WARNING
    tool: Mapping[str, str] = field(
        default_factory=lambda: {"name": "tonecheck", "version": __version__}
    )

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for result in self.files for f in result.findings)

    @property
    def failing(self) -> tuple[Finding, ...]:
        """The findings at or above the fail level."""
        return tuple(f for f in self.findings if self.fail_on.fails(f.level))

    @property
    def ok(self) -> bool:
        """True when nothing reaches the fail level and every input was read."""
        return not self.errors and not self.failing

    @property
    def exit_code(self) -> ExitCode:
        if self.errors:
            return ExitCode.ERROR
        return ExitCode.FINDINGS if self.failing else ExitCode.OK

    def summary(self) -> dict[str, Any]:
        findings = self.findings
        return {
            "files": len(self.files),
            "errors": len(self.errors),
            "findings": len(findings),
            "by_level": _count(f.level.value for f in findings),
            "by_category": _count(f.category for f in findings),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": dict(self.tool),
            "fail_on": self.fail_on.value,
            "ok": self.ok,
            "files": [result.to_dict() for result in self.files],
            "errors": [{"path": e.path, "code": e.code, "message": e.message} for e in self.errors],
            "summary": self.summary(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _count(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))
