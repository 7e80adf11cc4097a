"""The command line, run in-process: output formats, options and exit codes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tonecheck import Linter
from tonecheck.cli import main

FIXTURE = str(Path(__file__).parent / "packs" / "fixture")
BLAME_ONLY = ["--rules", FIXTURE, "--select", "blame.fixture-fault"]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run(args: Sequence[str], stdin: str | None = None) -> Run:
    """Call the real entry point (exit-code mapping included) with captured streams."""
    runner = CliRunner()
    with runner.isolation(input=stdin) as (out, err, _):
        code = main(list(args))
        return Run(code, out.getvalue().decode(), err.getvalue().decode())


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    (tmp_path / "bad.txt").write_text("Hello.\nIt was your fault.\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("All set for Friday.\n", encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "also-bad.eml").write_text("Your mistake.\n", encoding="utf-8")
    (tmp_path / "nested" / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skip.txt").write_text("Your fault.\n", encoding="utf-8")
    return tmp_path


def test_text_output_has_location_level_category_rule_and_message(drafts: Path) -> None:
    result = run(["lint", "--lang", "en", *BLAME_ONLY, str(drafts / "bad.txt")])
    assert result.code == 1
    first = result.stdout.splitlines()[0]
    assert (
        first
        == f"{drafts / 'bad.txt'}:2:8: warning blame blame.fixture-fault: “your fault” blames."
    )
    assert "  2 | It was your fault." in result.stdout
    assert "    |        ^^^^^^^^^^" in result.stdout
    assert "try: the fault" in result.stdout
    assert result.stdout.rstrip().endswith(
        "1 finding (1 warning) in 1 file; fails at --fail-on warning."
    )


def test_folders_recurse_into_message_files_and_skip_hidden_ones(drafts: Path) -> None:
    result = run(["lint", "--lang", "en", *BLAME_ONLY, "--format", "json", str(drafts)])
    report = json.loads(result.stdout)
    paths = [Path(f["path"]).relative_to(drafts).as_posix() for f in report["files"]]
    assert paths == ["bad.txt", "good.md", "nested/also-bad.eml"]
    assert report["summary"]["findings"] == 2


def test_standard_input(drafts: Path) -> None:
    result = run(["lint", "--lang", "en", *BLAME_ONLY, "-"], stdin="That was your fault.")
    assert result.code == 1
    assert result.stdout.startswith("-:1:10: warning blame blame.fixture-fault")


def test_clean_input_exits_zero(drafts: Path) -> None:
    result = run(["lint", "--lang", "en", *BLAME_ONLY, str(drafts / "good.md")])
    assert result.code == 0
    assert result.stdout.strip() == "No findings in 1 file."


def test_fail_on_sets_the_exit_code(drafts: Path) -> None:
    bad = str(drafts / "bad.txt")
    assert run(["lint", "--lang", "en", *BLAME_ONLY, "--fail-on", "error", bad]).code == 0
    assert run(["lint", "--lang", "en", *BLAME_ONLY, "--fail-on", "none", bad]).code == 0
    assert run(["lint", "--lang", "en", *BLAME_ONLY, "--fail-on", "suggestion", bad]).code == 1


def test_json_is_one_document_even_when_an_input_fails(drafts: Path) -> None:
    args = ["lint", "--lang", "en", *BLAME_ONLY, "--format", "json", str(drafts / "bad.txt")]
    result = run([*args, str(drafts / "missing.txt")])
    assert result.code == 2
    report = json.loads(result.stdout)
    assert report["errors"] == [
        {
            "path": str(drafts / "missing.txt"),
            "code": "not-found",
            "message": "no such file or folder",
        }
    ]
    assert report["summary"]["findings"] == 1 and not report["ok"]


def test_binary_and_undecodable_files_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def")
    (tmp_path / "latin1.txt").write_bytes("caff\xe8".encode("latin-1"))
    result = run(["lint", "--lang", "en", "--format", "json", str(tmp_path)])
    codes = {Path(e["path"]).name: e["code"] for e in json.loads(result.stdout)["errors"]}
    assert codes == {"latin1.txt": "encoding", "nul.txt": "not-text"}
    assert result.code == 2


def test_select_and_ignore_accept_comma_separated_ids_and_categories(drafts: Path) -> None:
    bad = str(drafts / "bad.txt")
    both = run(["lint", "--lang", "en", "--rules", FIXTURE, "--select", "blame,length", bad])
    assert "blame." in both.stdout
    ignored = run(["lint", "--lang", "en", *BLAME_ONLY, "--ignore", "blame", bad])
    assert ignored.code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lint", "--select", "blam", "x.txt"], "did you mean 'blame'"),
        (["lint", "--lang", "fr", "-"], "unknown language 'fr'"),
        (
            ["lint", "--model", "no_such_pipeline_xyz", "--lang", "en", "-"],
            "pip install no_such_pipeline_xyz",
        ),
        (["lint", "--rules", "/no/such/folder", "-"], "does not exist"),
        (["lint", "--fail-on", "fatal", "-"], "Invalid value for '--fail-on'"),
        (["lint"], "Missing argument"),
        (["explain", "blame.nope"], "no rule 'blame.nope'"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_2_with_a_message_on_stderr(args: list[str], message: str) -> None:
    result = run(args, stdin="It was your fault.")
    assert result.code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_broken_rule_pack_exits_2_naming_file_and_line_before_reading_input(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bad.yaml").write_text("rules:\n  - id: blame.x\n    kind: phrase\n    levl: warning\n")
    result = run(["lint", "--rules", str(pack), "-"], stdin="It was your fault.")
    assert result.code == 2
    assert f"{pack / 'bad.yaml'}:4: unknown key 'levl'" in result.stderr
    assert result.stdout == ""


def test_an_internal_error_never_exits_0(monkeypatch: pytest.MonkeyPatch, drafts: Path) -> None:
    from tonecheck.api import Linter

    def crash(self: object, paths: object, **options: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(Linter, "check_paths", crash)
    result = run(["lint", str(drafts / "bad.txt")])
    assert result.code == 3
    assert "internal error" in result.stderr and "RuntimeError: unexpected" in result.stderr


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, drafts: Path) -> None:
    from tonecheck.api import Linter

    def interrupt(self: object, paths: object, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Linter, "check_paths", interrupt)
    assert run(["lint", str(drafts / "bad.txt")]).code == 130


def test_rules_lists_every_rule_with_category_level_languages_and_summary() -> None:
    result = run(["rules", "--rules", FIXTURE])
    assert result.code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["RULE", "CATEGORY", "LEVEL", "LANGS", "SUMMARY"]
    fixture_row = next(r for r in rows if r.startswith("blame.fixture-fault"))
    assert fixture_row.split()[:4] == ["blame.fixture-fault", "blame", "warning", "en,it"]
    assert fixture_row.endswith("Fixture phrase rule.")


def test_rules_json_lists_ids() -> None:
    data = json.loads(run(["rules", "--format", "json", "--rules", FIXTURE]).stdout)
    fixture = next(r for r in data if r["id"] == "blame.fixture-fault")
    assert fixture["languages"] == ["en", "it"] and fixture["kind"] == "phrase"


def test_explain_prints_explanation_examples_and_suggestions() -> None:
    result = run(["explain", "blame.fixture-fault", "--rules", FIXTURE])
    assert result.code == 0
    assert "Fixture phrase rule." in result.stdout
    assert "✗ It was [your fault]." in result.stdout
    assert "✓ It was a mistake." in result.stdout
    assert "your → the" in result.stdout
    assert "[it]" in result.stdout


def test_explain_shows_a_languages_own_message() -> None:
    result = run(["explain", "blame.your-fault"])
    head, english = result.stdout.split("\n[it]\n")[0].split("\n[en]\n")
    italian = result.stdout.split("\n[it]\n")[1]
    rule = Linter(lang="en").rule_index["blame.your-fault"]
    italian_message = rule.langs["it"].message
    assert italian_message is not None and rule.langs["en"].message is None
    assert f"Message: {rule.message.source}" in head  # the rule's own message
    assert "Message:" not in english  # English has no wording of its own
    assert f"  Message: {italian_message.source}" in italian
    italian_explain = rule.langs["it"].explain
    assert italian_explain is not None
    assert " ".join(italian_explain.split()[:6]) in " ".join(italian.split())


def test_version() -> None:
    from tonecheck import __version__

    result = run(["--version"])
    assert result.code == 0 and __version__ in result.stdout
