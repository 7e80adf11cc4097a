"""tonecheck: a tone linter for messages to clients.

from tonecheck import Linter
linter = Linter(lang="en")
report = linter.check(draft)
if not report.ok:
    for finding in report.findings:
        print(finding.line, finding.message, finding.suggestions)
"""

from tonecheck._version import __version__
from tonecheck.api import Linter, lint_text
from tonecheck.errors import InputError, RuleError, TonecheckError, UsageError
from tonecheck.report import CATEGORIES, FailOn, FileResult, Finding, Level, Report

__all__ = [
    "CATEGORIES",
    "FailOn",
    "FileResult",
    "Finding",
    "InputError",
    "Level",
    "Linter",
    "Report",
    "RuleError",
    "TonecheckError",
    "UsageError",
    "__version__",
    "lint_text",
]
