"""Inline suppressions: the directive forms, the regions they cover, and what the report says."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from test_readers_support import FIXTURE, blame_linter, positions, uses
from tonecheck import Linter, readers, suppress
from tonecheck.cli import main
from tonecheck.report import FileError

SORRY = "sugarcoating.fixture-sorry"  # flags the second "sorry" of a message
SCHEMA = Path(__file__).resolve().parents[1] / "src" / "tonecheck" / "schemas"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return blame_linter("en", SORRY)


def check(linter: Linter, source: str, path: str = "draft.txt") -> list[tuple[str, int, int]]:
    return positions(linter.check_result(readers.read(source, path)))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("tonecheck-disable", ("disable", ())),
        (" tonecheck-disable blame, length ", ("disable", ("blame", "length"))),
        (
            "tonecheck-disable-next-line blame -- the client asked",
            ("disable-next-line", ("blame",)),
        ),
        ("tonecheck-enable -- done", ("enable", ())),
        (
            "tonecheck-disable-line  blame.your-fault,register",
            ("disable-line", ("blame.your-fault", "register")),
        ),
        ("tonecheck-disabel blame", ("disabel", ("blame",))),
    ],
)
def test_directive_syntax(body: str, expected: tuple[str, tuple[str, ...]]) -> None:
    directive = suppress.parse(body, 3, 9)
    assert directive is not None
    assert (directive.action, directive.names, directive.start, directive.end) == (*expected, 3, 9)


@pytest.mark.parametrize("body", ["", "a note", " not tonecheck-disable", "tonecheck"])
def test_other_comments_are_not_directives(body: str) -> None:
    assert suppress.parse(body, 0, 1) is None


def test_enable_ends_the_disables_it_names(linter: Linter) -> None:
    source = (
        "tonecheck-disable blame sugarcoating\n"
        "Sorry, sorry: your fault.\n"
        "tonecheck-enable blame\n"
        "Sorry, sorry: your mistake.\n"
    )
    assert check(linter, source) == [("your mistake", 4, 15)]
    result = linter.check_result(readers.read(source, "draft.txt"))
    # One suppression per name, so the report can say what each one did.
    assert uses(result) == [(1, ("blame",), 1), (1, ("sugarcoating",), 3)]


def test_a_bare_disable_covers_every_rule_until_a_bare_enable(linter: Linter) -> None:
    source = (
        "<p>Fine.</p>\n<!-- tonecheck-disable -->\n<p>Sorry, sorry, your fault.</p>\n"
        "<!-- tonecheck-enable -->\n<p>Your mistake.</p>\n"
    )
    result = linter.check_result(readers.read(source, "mail.html"))
    assert positions(result) == [("Your mistake", 5, 4)]
    assert uses(result) == [(2, (), 2)]


def test_a_disable_without_an_enable_runs_to_the_end(linter: Linter) -> None:
    source = "Your fault.\n<!-- tonecheck-disable blame -->\n\nYour fault.\n\nYour mistake.\n"
    assert check(linter, source, "note.md") == [("Your fault", 1, 1)]


def test_disable_line_covers_its_own_line(linter: Linter) -> None:
    source = "<p>It was your fault.</p> <!-- tonecheck-disable-line blame -->\n<p>Your fault.</p>\n"
    assert check(linter, source, "mail.html") == [("Your fault", 2, 4)]


def test_a_suppression_that_silences_nothing_is_reported(linter: Linter) -> None:
    source = "Fine.\ntonecheck-disable-next-line blame, sugarcoating\nYour fault.\n"
    result = linter.check_result(readers.read(source, "draft.txt"))
    assert result.findings == ()
    assert uses(result) == [(2, ("blame",), 1), (2, ("sugarcoating",), 0)]
    at_the_end = linter.check_result(readers.read("Your fault.\ntonecheck-disable-next-line", "a"))
    assert positions(at_the_end) == [("Your fault", 1, 1)]
    assert uses(at_the_end) == [(2, (), 0)]


def test_directive_lines_are_not_prose() -> None:
    source = (
        "Hello.\n  tonecheck-disable-next-line blame -- reason\n<!-- tonecheck-enable -->\nBye."
    )
    prose = readers.read(source, "draft.txt").prose
    assert prose.split() == ["Hello.", "Bye."] and len(prose) == len(source)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "Hi.\n\n<!-- tonecheck-disabel blame -->\n",
            "line 3: unknown directive 'tonecheck-disabel'; did you mean 'tonecheck-disable'? "
            "(known: tonecheck-disable, tonecheck-enable, tonecheck-disable-next-line, "
            "tonecheck-disable-line)",
        ),
        (
            "Hi.\n<!-- tonecheck-disable-next-line blam -->\nYour fault.\n",
            "line 2: unknown rule or category 'blam'; did you mean 'blame'?",
        ),
        (
            "Hi.\n<!-- tonecheck-disable blame.fixture-fualt -->\n",
            "line 2: unknown rule or category 'blame.fixture-fualt'; "
            "did you mean 'blame.fixture-fault'?",
        ),
    ],
)
def test_a_directive_that_is_not_one_is_an_input_error(
    linter: Linter, tmp_path: Path, source: str, message: str
) -> None:
    path = tmp_path / "note.md"
    path.write_text(source, encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Your fault.\n", encoding="utf-8")
    report = linter.check_paths([str(path), str(tmp_path / "fine.txt")])
    assert report.errors == (FileError(str(path), "directive", message),)
    assert [r.path for r in report.files] == [str(tmp_path / "fine.txt")]  # the others still run


def run(args: list[str]) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        code = main(args)
        return code, out.getvalue().decode(), err.getvalue().decode()


def test_the_text_report_says_what_each_suppression_silenced(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(
        "tonecheck-disable-next-line blame\nYour fault.\n"
        "tonecheck-disable-next-line sugarcoating\nYour mistake.\n",
        encoding="utf-8",
    )
    select = f"blame.fixture-fault,{SORRY}"
    code, out, _ = run(
        ["lint", "--lang", "en", "--rules", str(FIXTURE), "--select", select, str(path)]
    )
    assert code == 1
    assert out.splitlines()[-3:] == [
        f"{path}:1: suppression of blame silenced 1 finding",
        f"{path}:3: warning: suppression of sugarcoating silenced nothing; remove it",
        "1 finding (1 warning) in 1 file; fails at --fail-on warning.",
    ]


def test_the_json_report_lists_suppressions_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "reply.md"
    path.write_text("<!-- tonecheck-disable blame -->\nYour fault.\n", encoding="utf-8")
    code, out, _ = run(["lint", "--lang", "en", "--format", "json", str(path)])
    document = json.loads(out)
    schema = json.loads((SCHEMA / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    (file,) = document["files"]
    assert file["suppressions"] == [{"line": 1, "rules": ["blame"], "silenced": 1}]
    assert file["note"] is None and file["findings"] == [] and code == 0
