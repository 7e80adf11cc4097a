"""The command line: a thin layer over the library.

Exit codes: 0 nothing at or above the fail level; 1 findings at or above it; 2 a usage,
configuration, rule-file or input error; 3 an internal error (a bug); 130 interrupted.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tonecheck import __version__
from tonecheck.errors import TonecheckError
from tonecheck.report import ExitCode, FailOn

if TYPE_CHECKING:
    from tonecheck.api import Linter

FORMAT_CHOICES = ("text", "json")


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """--select a,b --select c -> (a, b, c)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _color() -> bool | None:
    return False if os.environ.get("NO_COLOR") else None


common_rule_options = [
    click.option(
        "--lang",
        default="auto",
        show_default=True,
        metavar="auto|en|it",
        help="Language of the messages; auto detects it per file.",
    ),
    click.option(
        "--model",
        metavar="NAME",
        help="An installed spaCy pipeline to use instead of the blank default "
        "(enables rules that need POS tags or a parse).",
    ),
    click.option(
        "--rules",
        "rule_paths",
        multiple=True,
        metavar="DIR",
        type=click.Path(exists=True),
        help="Add a rule pack (a folder of YAML files).",
    ),
    click.option(
        "--profile",
        metavar="NAME",
        help="Message profile: auto (default), email, chat, letter, termination.",
    ),
    click.option(
        "--select",
        multiple=True,
        metavar="IDS",
        help="Only these rule ids or categories (comma-separated, repeatable).",
    ),
    click.option(
        "--ignore",
        multiple=True,
        metavar="IDS",
        help="Skip these rule ids or categories (comma-separated, repeatable).",
    ),
]


F = TypeVar("F", bound=Callable[..., Any])


def rule_options(func: F) -> F:
    for option in reversed(common_rule_options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tonecheck")
def cli() -> None:
    """tonecheck: check the tone of a message to a client before you send it."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-on",
    type=click.Choice([f.value for f in FailOn]),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding is at or above this level.",
)
@rule_options
def lint(paths: tuple[str, ...], fmt: str, fail_on: str, **options: object) -> int:
    """Lint files, folders (recursively) and - (standard input)."""
    from tonecheck.reporters import RenderContext, reporters

    linter = _linter(fail_on=fail_on, **options)
    report = linter.check_paths(paths)
    context = RenderContext(rules=linter.rule_index, color=_use_color())
    click.echo(reporters()[fmt](report, context), nl=False, color=_color())
    return int(report.exit_code)


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True
)
@rule_options
def list_rules(fmt: str, **options: object) -> None:
    """List every rule: id, category, level, languages, summary."""
    from tonecheck.catalog import rules_json, rules_table

    linter = _linter(**options)
    out = rules_json(linter.rules) if fmt == "json" else rules_table(linter.rules)
    click.echo(out, nl=False)


@cli.command()
@click.argument("rule_id", metavar="RULE-ID")
@click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(exists=True),
    metavar="DIR",
    help="Add a rule pack (a folder of YAML files).",
)
def explain(rule_id: str, rule_paths: tuple[str, ...]) -> None:
    """Explain a rule: why it exists, its examples and suggestions."""
    from tonecheck.catalog import explain_rule
    from tonecheck.errors import UsageError
    from tonecheck.rules.schema import did_you_mean

    linter = _linter(rule_paths=rule_paths)
    rule = linter.rule_index.get(rule_id)
    if rule is None:
        raise UsageError(f"no rule {rule_id!r}{did_you_mean(rule_id, linter.rule_index)}")
    click.echo(explain_rule(rule), nl=False)


@cli.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True), metavar="PATH...")
@click.option(
    "--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True
)
@click.option(
    "--show-errors/--no-errors",
    default=True,
    show_default=True,
    help="List the messages whose categories were wrong.",
)
@rule_options
def evaluate(paths: tuple[str, ...], fmt: str, show_errors: bool, **options: object) -> None:
    """Score the rules on labelled messages (YAML or JSONL with text, lang, labels)."""
    from tonecheck.evaluation import evaluate_corpus, load_corpus

    options.pop("lang")
    linter = _linter(**options)
    scores = evaluate_corpus(linter, load_corpus(paths))
    click.echo(
        scores.to_json() if fmt == "json" else scores.to_text(show_errors=show_errors), nl=False
    )


def _linter(**options: object) -> Linter:
    from tonecheck.api import Linter

    for key in ("select", "ignore"):
        if key in options:
            options[key] = _split(options[key])  # type: ignore[arg-type]
    return Linter(**options)  # type: ignore[arg-type]


def _use_color() -> bool:
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; every failure maps to a documented code."""
    try:
        code = cli.main(args=argv, prog_name="tonecheck", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return ExitCode.ERROR
    except TonecheckError as exc:
        click.echo(f"tonecheck: error: {exc}", err=True)
        return ExitCode.ERROR
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("tonecheck: interrupted", err=True)
        return ExitCode.INTERRUPTED
    except Exception:
        click.echo("tonecheck: internal error (please report it):", err=True)
        click.echo(traceback.format_exc(), err=True)
        return ExitCode.INTERNAL
    return int(code) if isinstance(code, int) else ExitCode.OK
