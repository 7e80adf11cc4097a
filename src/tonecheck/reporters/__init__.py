"""Output formats: each reporter is given the whole Report and returns one document."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from tonecheck.report import Report
from tonecheck.rules.model import Rule


@dataclass(frozen=True)
class RenderContext:
    """What a reporter may need besides the report."""

    rules: Mapping[str, Rule] = field(default_factory=dict)
    color: bool = False
    # The command line has already written the input errors to standard error, and the text
    # report goes to the same terminal: listing them again would show each twice.
    errors_shown: bool = False


Reporter = Callable[[Report, RenderContext], str]


def reporters() -> dict[str, Reporter]:
    """Format name -> reporter; imported lazily so a run loads only the one it uses."""
    from tonecheck.reporters import github, html, json, sarif, text

    return {
        "text": text.render,
        "json": json.render,
        "sarif": sarif.render,
        "github": github.render,
        "html": html.render,
    }


FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "html")
