"""`--format json`: the report as one JSON document (schema_version 1, see schemas/)."""

from __future__ import annotations

from tonecheck.report import Report
from tonecheck.reporters import RenderContext


def render(report: Report, context: RenderContext) -> str:
    return report.to_json() + "\n"
