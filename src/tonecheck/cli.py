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

from tonecheck import __version__, startup
from tonecheck.errors import TonecheckError
from tonecheck.files import STDIN
from tonecheck.report import ExitCode, FailOn
from tonecheck.reporters import FORMATS

if TYPE_CHECKING:
    from tonecheck.api import Linter
    from tonecheck.report import FileResult, Report

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


# Commands with this option read configuration files (see docs/configuration.md).
config_option = click.option(
    "--config",
    "config_path",
    metavar="PATH",
    type=click.Path(exists=True, dir_okay=False),
    help="Use this configuration file instead of the .tonecheck.yaml or pyproject.toml "
    "found from each file.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tonecheck")
def cli() -> None:
    """tonecheck: check the tone of a message to a client before you send it."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format: text, json, sarif (code scanning), github (Actions annotations), "
    "html (a page to read).",
)
@click.option(
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write the report to FILE (atomically) instead of standard output.",
)
@click.option(
    "--fix", "fix", is_flag=True, help="Apply the fixes rules mark safe; report what remains."
)
@click.option(
    "--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing."
)
@click.option(
    "--fail-on",
    type=click.Choice([f.value for f in FailOn]),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding is at or above this level.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Processes to use; 0 (default): every core when there are more than a few hundred "
    "files. The output is the same whatever the number.",
)
@click.option(
    "--max-size",
    metavar="SIZE",
    help="Refuse files larger than this (e.g. 5MB, 500KB; 0: no limit). Default: 2MB.",
)
@rule_options
@config_option
def lint(
    paths: tuple[str, ...],
    fmt: str,
    fail_on: str,
    output: str | None,
    fix: bool,
    diff: bool,
    jobs: int,
    **options: object,
) -> int:
    """Lint files, folders (recursively) and - (standard input).

    With --fix, standard input's fixed text goes to standard output and the report to standard
    error; with --diff, the diff goes to standard output and the report to standard error
    (unless --output names a file).
    """
    from tonecheck.reporters import RenderContext, reporters

    if output is not None:
        _check_output(output)
    linter = _linter(fail_on=fail_on, **options)
    report = linter.check_paths(paths, jobs=jobs or None)
    to_stderr = diff or (fix and STDIN in paths)
    if fix or diff:
        report = _fix(report, linter, dry_run=diff)
    for error in report.errors:  # whatever the format, a failed input is named on stderr
        click.echo(f"tonecheck: error: {error.path}: {error.message} [{error.code}]", err=True)
    color = output is None and _use_color(err=to_stderr)
    context = RenderContext(rules=linter.rule_index, color=color, errors_shown=output is None)
    rendered = reporters()[fmt](report, context)
    _emit(rendered, output, err=to_stderr)
    return int(report.exit_code)


def _fix(report: Report, linter: Linter, *, dry_run: bool) -> Report:
    """Apply (or, dry run, show) the safe fixes; standard input's fixed text goes to stdout."""
    from tonecheck import fix

    def relint(result: FileResult, text: str) -> FileResult:
        return linter.check_source(text, result.path, lang=result.language)

    fixes, remaining = fix.run(report, relint, write=not dry_run)
    out = sys.stdout.buffer
    for done in fixes:
        if dry_run:
            out.write(fix.unified_diff(done).encode("utf-8"))
        elif done.path == STDIN:
            out.write(done.fixed.encode("utf-8"))
    out.flush()
    for line in fix.describe(fixes, dry_run=dry_run):
        click.echo(f"tonecheck: {line}", err=True)
    return remaining


def _emit(rendered: str, output: str | None, *, err: bool) -> None:
    """The report to a file (atomically), or to standard output or error."""
    if output is None:
        click.echo(rendered, nl=False, err=err, color=_color())
        return
    from tonecheck.atomic import write_atomic

    try:
        write_atomic(output, rendered.encode("utf-8"), follow_links=False)
    except OSError as exc:
        raise TonecheckError(f"cannot write {output}: {exc.strerror or exc}") from None


def _check_output(output: str) -> None:
    """Refuse, before any work, to write the report through a symbolic link: one planted in a
    repository at the report's path would make the report overwrite the file it points to."""
    from pathlib import Path

    if Path(output).is_symlink():
        raise TonecheckError(
            f"cannot write {output}: it is a symbolic link (remove it, or name the file it "
            "points to)"
        )


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True
)
@rule_options
@config_option
def list_rules(fmt: str, **options: object) -> None:
    """List every rule: id, category, level, languages, summary."""
    from tonecheck.catalog import rules_json, rules_table

    linter = _linter(**options)
    running = {r.id for r in linter.rules}
    # opt-in rules are listed (level "off") so that people can find them, unless --select narrows
    dormant = (
        []
        if options.get("select")
        else [r for r in linter.book.rules if not r.enabled and r.id not in running]
    )
    render = rules_json if fmt == "json" else rules_table
    out = render(linter.rules, dormant)
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
    if "config_path" in options:  # a command that reads configuration files
        options["config"] = options.pop("config_path") or True
        _defer_defaults(options)
    return Linter(**options)  # type: ignore[arg-type]


def _defer_defaults(options: dict[str, object]) -> None:
    """Options the user did not give yield to the configuration files (None: not set)."""
    from click.core import ParameterSource

    context = click.get_current_context(silent=True)
    for name in ("lang", "fail_on"):
        if context is not None and context.get_parameter_source(name) == ParameterSource.DEFAULT:
            options[name] = None


def _use_color(err: bool = False) -> bool:
    stream = sys.stderr if err else sys.stdout
    return not os.environ.get("NO_COLOR") and stream.isatty()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; every failure maps to a documented code."""
    startup.pause_collector()
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
    finally:
        startup.restore_collector()
    return int(code) if isinstance(code, int) else ExitCode.OK
