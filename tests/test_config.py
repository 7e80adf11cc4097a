"""Configuration files: discovery, layers and merging, overrides, presets, strict errors.

Configurations load the fixture pack (`rule_paths`) and runs select its rules, so that the
findings here depend on the configuration only.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_readers_support import BLAME, FIXTURE, positions
from tonecheck import Linter, UsageError
from tonecheck.cli import main

SORRY = "sugarcoating.fixture-sorry"
WORDS = "length.fixture-words"
SELECT = ["--select", f"{BLAME},{SORRY}"]
PACK = f"rule_paths: ['{FIXTURE}']\n"


@pytest.fixture(scope="session")
def pack_copy(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fixture pack, copied into a repository that holds every test's folder: a project's
    configuration files may only name paths inside their repository."""
    base = tmp_path_factory.getbasetemp()
    (base / ".git").mkdir(exist_ok=True)
    return str(shutil.copytree(FIXTURE, base / "fixture-pack", dirs_exist_ok=True))


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pack_copy: str) -> Path:
    """A project folder as the working directory, without a personal configuration."""
    monkeypatch.delenv("TONECHECK_CONFIG", raising=False)
    monkeypatch.setitem(globals(), "_PACK_COPY", pack_copy)
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


_PACK_COPY = str(FIXTURE)


def write(path: Path, text: str) -> Path:
    """Write a file; the fixture pack it names becomes the repository's copy of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(str(FIXTURE), _PACK_COPY), encoding="utf-8")
    return path


def run(args: Sequence[str]) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        code = main(list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()


def lint_json(*args: str) -> dict[str, list[tuple[str, str, str]]]:
    """path -> [(rule, level, match)] from a JSON run."""
    code, out, err = run(["lint", "--format", "json", *SELECT, *args])
    assert code in (0, 1), err
    return {
        f["path"]: [(x["rule"], x["level"], x["match"]) for x in f["findings"]]
        for f in json.loads(out)["files"]
    }


BAD = "It was your fault. Sorry. Sorry again.\n"


# -- discovery ---------------------------------------------------------------------------------


def test_the_nearest_configuration_applies_to_each_file(project: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: en\nrules:\n  blame: suggestion\n")
    write(project / "vip" / ".tonecheck.yaml", PACK + "language: en\nrules: {sugarcoating: off}\n")
    write(project / "a.txt", BAD)
    write(project / "vip" / "b.txt", BAD)
    assert lint_json(".") == {
        "a.txt": [(BLAME, "suggestion", "your fault"), (SORRY, "suggestion", "Sorry")],
        # The nearest file wins whole: vip's does not inherit blame: suggestion from above.
        "vip/b.txt": [(BLAME, "warning", "your fault")],
    }


def test_a_file_outside_any_configured_folder_uses_the_working_directorys(
    project: Path, tmp_path: Path
) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: en\nrules: {blame: error}\n")
    outside = write(tmp_path / "elsewhere" / "note.txt", BAD)
    assert lint_json(str(outside))[str(outside)][0] == (BLAME, "error", "your fault")


def test_pyproject_tool_table(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.tonecheck]\nlanguage = "en"\n' + _toml_pack())
    write(project / "pyproject.toml", (project / "pyproject.toml").read_text() + _blame("error"))
    write(project / "a.txt", BAD)
    # A pyproject.toml without the table is passed over on the way up.
    write(project / "lib" / "pyproject.toml", "[project]\nname = 'lib'\n")
    write(project / "lib" / "b.txt", BAD)
    # In one folder, .tonecheck.yaml wins over pyproject.toml.
    write(project / "app" / "pyproject.toml", "[tool.tonecheck]\nlanguage = 'it'\n")
    write(project / "app" / ".tonecheck.yaml", PACK + "language: en\n")
    write(project / "app" / "c.txt", BAD)
    found = lint_json(".")
    assert found["a.txt"][0] == found["lib/b.txt"][0] == (BLAME, "error", "your fault")
    assert found["app/c.txt"][0] == (BLAME, "warning", "your fault")


def _toml_pack() -> str:
    return f"rule_paths = ['{FIXTURE}']\n"


def _blame(level: str) -> str:
    return f"\n[tool.tonecheck.rules]\nblame = '{level}'\n"


def test_config_option_replaces_discovery(project: Path, tmp_path: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: en\nrules: {blame: off}\n")
    chosen = write(tmp_path / "team.yaml", PACK + "language: en\nrules: {blame: error}\n")
    write(project / "a.txt", BAD)
    assert lint_json("--config", str(chosen), ".")["a.txt"][0] == (BLAME, "error", "your fault")


# -- layers --------------------------------------------------------------------------------------


def test_the_environment_variable_is_the_lowest_layer(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    personal = write(tmp_path / "me.yaml", PACK + "rules: {blame: error, sugarcoating: off}\n")
    monkeypatch.setenv("TONECHECK_CONFIG", str(personal))
    write(project / ".tonecheck.yaml", "language: en\nrules: {blame: suggestion}\n")
    write(project / "a.txt", BAD)
    # The project's blame level wins; the personal sugarcoating: off and pack still apply.
    assert lint_json(".") == {"a.txt": [(BLAME, "suggestion", "your fault")]}


def test_options_given_beat_the_configuration_and_defaults_do_not(project: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: it\nfail_on: error\n")
    write(project / "a.txt", "È colpa vostra.\n")
    write(project / "b.txt", "It was your fault.\n")
    code, out, _ = run(["lint", *SELECT, "a.txt"])
    assert code == 0 and "colpa vostra" in out  # fail_on: error from the file
    assert run(["lint", *SELECT, "--fail-on", "warning", "a.txt"])[0] == 1
    assert "your fault" not in run(["lint", *SELECT, "b.txt"])[1]  # read as Italian
    assert "your fault" in run(["lint", *SELECT, "--lang", "en", "b.txt"])[1]


def test_overrides_apply_in_order_to_the_files_they_match(project: Path) -> None:
    write(
        project / ".tonecheck.yaml",
        PACK
        + "language: en\noverrides:\n"
        + "  - files: [drafts/**]\n    rules: {blame: off}\n"
        + "  - files: '*.md'\n    rules: {blame: error}\n",
    )
    for name in ("a.txt", "drafts/b.txt", "drafts/c.md", "notes/d.md"):
        write(project / name, BAD)
    assert {path: found[0][1] for path, found in lint_json(".").items()} == {
        "a.txt": "warning",
        "drafts/b.txt": "suggestion",  # blame off: the apology is left
        "drafts/c.md": "error",  # the later override wins
        "notes/d.md": "error",
    }


def test_exclude_skips_what_a_folder_walk_finds_but_not_named_files(project: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: en\nexclude: [archive, '*.bak.txt']\n")
    for name in ("a.txt", "archive/old.txt", "deep/archive/old.txt", "b.bak.txt"):
        write(project / name, BAD)
    assert sorted(lint_json(".")) == ["a.txt"]
    assert sorted(lint_json("archive/old.txt")) == ["archive/old.txt"]


def test_extends_a_preset_then_a_file(project: Path) -> None:
    write(project / "base.yaml", PACK + "language: en\nrules: {blame: error, sugarcoating: off}\n")
    write(project / ".tonecheck.yaml", "extends: [strict, base.yaml]\nrules: {blame: suggestion}\n")
    write(project / "a.txt", BAD)
    code, out, _ = run(["lint", "--format", "json", *SELECT, "a.txt"])
    report = json.loads(out)
    assert report["fail_on"] == "suggestion" and code == 1  # from the strict preset
    (finding,) = report["files"][0]["findings"]  # base.yaml turned sugarcoating off
    assert (finding["rule"], finding["level"]) == (BLAME, "suggestion")  # the file's own wins


def test_length_budgets(project: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: en\nlength:\n  fixture-words: 3\n")
    write(project / "a.txt", "We sent them. The files arrived today.\n")
    _, out, _ = run(["lint", "--format", "json", "--select", WORDS, "a.txt"])
    (finding,) = json.loads(out)["files"][0]["findings"]
    assert finding["match"] == "The files arrived today." and "limit 3" in finding["message"]
    write(project / ".tonecheck.yaml", PACK + "language: en\nlength:\n  length.fixture-words: 20\n")
    write(project / "a.txt", "This sentence has more than six words in it.\n")
    assert run(["lint", "--select", WORDS, "a.txt"])[0] == 0


def test_rule_levels_off_and_on(project: Path) -> None:
    write(project / "a.txt", BAD)
    config = project / ".tonecheck.yaml"
    write(config, PACK + f"language: en\nrules:\n  blame: off\n  {SORRY}: error\n")
    assert lint_json("a.txt") == {"a.txt": [(SORRY, "error", "Sorry")]}
    write(config, PACK + f"language: en\nrules:\n  blame: off\n  {BLAME}: on\n  {SORRY}: off\n")
    assert lint_json("a.txt") == {"a.txt": [(BLAME, "warning", "your fault")]}  # the id wins
    write(config, PACK + "language: en\nrules:\n  blame: off\n")
    # --select chooses among the rules the configuration leaves on.
    assert run(["lint", "--select", BLAME, "a.txt"])[:2] == (0, "No findings in 1 file.\n")


def test_the_rules_command_shows_the_configured_levels(project: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + f"rules:\n  {BLAME}: error\n  {SORRY}: off\n")
    code, out, _ = run(["rules", "--format", "json"])
    rules = {r["id"]: r["level"] for r in json.loads(out)}
    assert code == 0 and rules[BLAME] == "error" and SORRY not in rules


def test_files_with_the_same_settings_share_one_linter(project: Path) -> None:
    same = PACK + "language: en\nrules: {blame: error}\n"
    write(project / ".tonecheck.yaml", PACK)
    write(project / "one" / ".tonecheck.yaml", same)
    write(project / "two" / ".tonecheck.yaml", same)
    write(project / "three" / ".tonecheck.yaml", PACK + "language: en\n")
    linter = Linter(config=True, select=[BLAME])
    one = linter.linter_for("one/a.txt")
    assert one is linter.linter_for("two/b.txt") is linter.linter_for("one/c.txt")
    assert one is not linter.linter_for("three/d.txt")
    assert [r.level.value for r in one.rules] == ["error"]


def test_the_library_reads_no_configuration_unless_asked(project: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: en\nrules: {blame: error}\n")
    write(project / "a.txt", BAD)
    plain = Linter(lang="en", rule_paths=[FIXTURE], select=[BLAME]).check_paths(["a.txt"])
    configured = Linter(config=True, select=[BLAME]).check_paths(["a.txt"])
    assert [f.level.value for f in plain.findings] == ["warning"]
    assert [f.level.value for f in configured.findings] == ["error"]


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            ".tonecheck.yaml",
            "language: en\nlangauge: en\n",
            ".tonecheck.yaml:2: unknown key 'langauge'; did you mean 'language'?",
        ),
        (
            ".tonecheck.yaml",
            "rules:\n  blam: off\n",
            ".tonecheck.yaml:2: unknown rule or category 'blam'; did you mean 'blame'?",
        ),
        (
            ".tonecheck.yaml",
            PACK + "rules:\n  blame.fixture-fualt: error\n",
            ".tonecheck.yaml:3: unknown rule or category 'blame.fixture-fualt'; "
            "did you mean 'blame.fixture-fault'?",
        ),
        (
            ".tonecheck.yaml",
            "rules:\n  blame: warn\n",
            ".tonecheck.yaml:2: rule 'blame': 'warn' is not one of off, on, suggestion, warning, "
            "error; did you mean 'warning'?",
        ),
        (
            ".tonecheck.yaml",
            "length:\n  message-word: 100\n",
            ".tonecheck.yaml:2: unknown length budget 'message-word'; "
            "did you mean 'message-words'?",
        ),
        (
            ".tonecheck.yaml",
            "length:\n  message-words: -5\n",
            ".tonecheck.yaml:2: length 'message-words' must be a positive number",
        ),
        (
            ".tonecheck.yaml",
            "\nprofile: emial\n",
            ".tonecheck.yaml:2: unknown profile 'emial' (known: auto, chat, email, letter, "
            "termination); did you mean 'email'?",
        ),
        (
            ".tonecheck.yaml",
            "language: fr\n",
            ".tonecheck.yaml:1: 'language' must be one of auto, en, it",
        ),
        (
            ".tonecheck.yaml",
            "fail_on: fatal\n",
            ".tonecheck.yaml:1: 'fail_on' must be one of error, warning, suggestion, none",
        ),
        (
            ".tonecheck.yaml",
            "extends: strct\n",
            ".tonecheck.yaml:1: unknown preset 'strct' (known: recommended, relaxed, strict); "
            "did you mean 'strict'?",
        ),
        (
            ".tonecheck.yaml",
            "extends: team/base.yaml\n",
            ".tonecheck.yaml:1: 'extends': 'team/base.yaml' not found",
        ),
        (
            ".tonecheck.yaml",
            "overrides:\n  - files: '*.md'\n    fail_on: error\n",
            ".tonecheck.yaml:3: unknown key 'fail_on' in 'overrides'",
        ),
        (
            ".tonecheck.yaml",
            "overrides:\n  - rules: {blame: off}\n",
            ".tonecheck.yaml:2: each entry of 'overrides' needs 'files' (globs)",
        ),
        (
            ".tonecheck.yaml",
            "rule_paths: [team-rules]\n",
            ".tonecheck.yaml:1: rule pack 'team-rules' not found",
        ),
        (
            ".tonecheck.yaml",
            "rules: &a {blame: off}\nlength: *a\n",
            ".tonecheck.yaml:1: anchors and aliases are not allowed",
        ),
        (
            ".tonecheck.yaml",
            "- language: en\n",
            ".tonecheck.yaml:1: a configuration file is a mapping of keys to values",
        ),
        (
            "pyproject.toml",
            "[tool.tonecheck]\nlanguage = 'en'\n\n[tool.tonecheck.rules]\nblam = 'off'\n",
            "pyproject.toml:5: unknown rule or category 'blam'; did you mean 'blame'?",
        ),
        (
            "pyproject.toml",
            "[tool.tonecheck]\nlanguag = 'en'\n",
            "pyproject.toml:2: unknown key 'languag'; did you mean 'language'?",
        ),
        (
            "pyproject.toml",
            "[tool.tonecheck]\nlanguage = en\n",
            "pyproject.toml:2: invalid TOML: Invalid value (at line 2, column 12)",
        ),
    ],
)
def test_configuration_errors_name_the_file_and_line(
    project: Path, name: str, text: str, message: str
) -> None:
    write(project / name, text)
    write(project / "a.txt", BAD)
    code, out, err = run(["lint", "a.txt"])
    assert (code, out) == (2, "")
    assert err == f"tonecheck: error: {message}\n"


def test_invalid_yaml(project: Path) -> None:
    write(project / ".tonecheck.yaml", "language: en\nrules: [blame\n")
    code, out, err = run(["lint", "-"])
    assert (code, out) == (2, "")
    assert err.startswith("tonecheck: error: .tonecheck.yaml:3: invalid YAML: ")


def test_extends_going_round_in_a_circle(project: Path) -> None:
    write(project / ".tonecheck.yaml", "extends: a.yaml\n")
    write(project / "a.yaml", "extends: b.yaml\n")
    write(project / "b.yaml", "extends: a.yaml\n")
    code, _, err = run(["lint", "-"])
    assert code == 2
    assert err == (
        "tonecheck: error: b.yaml:1: 'extends' goes round in a circle: "
        ".tonecheck.yaml -> a.yaml -> b.yaml -> a.yaml\n"
    )


def test_a_broken_configuration_deep_in_a_folder_stops_the_run_before_any_text_is_read(
    project: Path,
) -> None:
    write(project / "a.txt", BAD)
    write(project / "z" / "y" / ".tonecheck.yaml", "rules:\n  blame: loud\n")
    write(project / "z" / "y" / "b.txt", BAD)
    code, out, err = run(["lint", "."])
    assert (code, out) == (2, "")
    assert err.startswith("tonecheck: error: z/y/.tonecheck.yaml:2: rule 'blame'")


def test_missing_configuration_files(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "File 'nope.yaml' does not exist" in run(["lint", "--config", "nope.yaml", "-"])[2]
    monkeypatch.setenv("TONECHECK_CONFIG", "gone.yaml")
    assert run(["lint", "-"])[2] == (
        "tonecheck: error: TONECHECK_CONFIG names 'gone.yaml', which is not a file\n"
    )


# -- scale ---------------------------------------------------------------------------------------


def test_a_thousand_templates_lint_in_one_command_with_a_root_config(project: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: en\nexclude: [archive]\n")
    planted = {}
    for i in range(1000):
        path = project / "templates" / f"team{i % 7}" / f"batch{i // 100}" / f"reply-{i:04d}.txt.j2"
        blame = (
            "{% else %}\nThe delay was your mistake, {{ client_name }}.\n" if i % 25 == 0 else ""
        )
        write(
            path,
            f"{{# reply {i} #}}\nDear {{{{ client_name }}}},\n\n{{% if overdue %}}\n"
            f"Invoice {{{{ invoice.number }}}} is {{{{ days }}}} days late.\n{blame}"
            "{% endif %}\n\nKind regards,\n{{ sender }}\n",
        )
        if blame:
            planted[path.relative_to(project).as_posix()] = path.read_text(encoding="utf-8")
    write(project / "archive" / "old.txt.j2", "It was your mistake.\n")
    code, out, _ = run(["lint", "--format", "json", "--select", BLAME, "."])
    report = json.loads(out)
    assert code == 1 and report["summary"]["files"] == 1000 and not report["errors"]
    found = {f["path"]: f["findings"] for f in report["files"] if f["findings"]}
    assert sorted(found) == sorted(planted)
    for path, findings in found.items():
        (finding,) = findings
        source = planted[path]
        assert source[finding["start"] : finding["end"]] == finding["match"] == "your mistake"
        assert (finding["line"], finding["column"]) == (7, 15)


def test_positions_with_configuration_are_checked_like_any_other(project: Path) -> None:
    write(project / ".tonecheck.yaml", PACK + "language: en\n")
    write(project / "a.md", "# Hi\n\nIt was `code` and your fault.\n")
    report = Linter(config=True, select=[BLAME]).check_paths(["a.md"])
    assert positions(report.files[0]) == [("your fault", 3, 19)]


def test_settings_given_in_code(project: Path) -> None:
    linter = Linter(
        lang="en",
        rule_paths=[FIXTURE],
        select=[BLAME, SORRY, WORDS],
        rules={"sugarcoating": "off", BLAME: "error"},
        length={"fixture-words": 3},
    )
    found = [(f.rule, f.level.value, f.match) for f in linter.check(BAD).findings]
    assert found == [(WORDS, "suggestion", "It was your fault."), (BLAME, "error", "your fault")]
    with pytest.raises(
        UsageError, match=r"^unknown rule or category 'blam'; did you mean 'blame'\?"
    ):
        Linter(rules={"blam": "off"})
    with pytest.raises(UsageError, match=r"^rule 'blame': 'loud' is not one of off, on, "):
        Linter(rules={"blame": "loud"})
