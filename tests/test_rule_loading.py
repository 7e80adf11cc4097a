"""Strict loading: every broken rule file stops the run with `file:line: what is wrong`."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from multifile import GOOD_RULE, pack_error, write_pack
from tonecheck import Linter
from tonecheck.yamlsafe import MAX_DEPTH


def test_a_good_pack_loads_and_its_rule_runs(tmp_path: Path) -> None:
    linter = Linter(
        lang="en", rule_paths=[write_pack(tmp_path, GOOD_RULE)], select=["blame.test-rule"]
    )
    assert [f.match for f in linter.check("It was your fault.").findings] == ["your fault"]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "    level: warning",
            "    levle: warning",
            4,
            "unknown key 'levle' in rule 'blame.test-rule'; did you mean 'level'?",
        ),
        (
            "    level: warning",
            "    level: fatal",
            4,
            "'level' must be one of suggestion, warning, error, not 'fatal'",
        ),
        ("    kind: phrase", "    kind: phrases", 3, "'kind' must be one of"),
        (
            '      suggest: ["Say what happened."]',
            '      fix: "{rewritten}"',
            8,
            "the 'en' section's fix uses {rewritten} but has no 'rewrite'",
        ),
        (
            "  - id: blame.test-rule",
            "  - id: blaim.test-rule",
            2,
            "unknown category 'blaim' in 'blaim.test-rule'; did you mean 'blame'?",
        ),
        (
            "  - id: blame.test-rule",
            "  - id: Blame_Test",
            2,
            "rule id 'Blame_Test' must be dotted lower-case words",
        ),
        ('    message: "“{match}” blames."\n', "", 2, "missing 'message'"),
        ('    message: "“{match}” blames."', '    message: "{match.__class__}"', 6, "stray '{'"),
        (
            '    message: "“{match}” blames."',
            '    message: "{value} blames"',
            6,
            "unknown field {value}",
        ),
        ('      suggest: ["Say what happened."]\n', "", 8, "needs 'suggest', 'fix' or 'rewrite'"),
        (
            '        flag: ["It was [your fault]."]',
            '        flag: ["It was your fault."]',
            12,
            "mark the text the rule flags with [brackets]",
        ),
        ('        pass: ["It was late."]\n', "", 11, "needs at least one 'pass' example"),
        (
            "      phrases: [your fault]",
            "      phrases: [your fault]\n      patterns: [[{LOWR: you}]]",
            10,
            "unknown key 'patterns' in the 'en' section",
        ),
        ("    en:", "    fr:", 8, "unknown key 'fr'"),
    ],
)
def test_broken_rules_name_the_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD_RULE
    error = pack_error(tmp_path, GOOD_RULE.replace(old, new))
    assert error.path.endswith("pack.yaml")
    assert error.line == line
    assert message in error.message
    assert str(error).startswith(f"{error.path}:{line}: ")


def test_invalid_token_patterns_are_refused_with_spacy_validation(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("kind: phrase", "kind: pattern").replace(
        "      phrases: [your fault]", "      patterns:\n        - [{LOWER: you}, {LOWR: fault}]"
    )
    error = pack_error(tmp_path, broken)
    assert error.line == 10
    assert "invalid pattern" in error.message and "LOWR" in error.message


def test_bad_regex_in_a_pattern_is_refused(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("kind: phrase", "kind: pattern").replace(
        "      phrases: [your fault]", '      patterns:\n        - [{TEXT: {REGEX: "(unclosed"}}]'
    )
    assert "bad REGEX" in pack_error(tmp_path, broken).message


def test_duplicate_ids_point_at_the_first_definition(tmp_path: Path) -> None:
    error = pack_error(tmp_path, GOOD_RULE + GOOD_RULE.split("rules:\n", 1)[1])
    assert error.line == 14
    assert "already defined at" in error.message and "pack.yaml:2" in error.message


def test_a_shipped_rule_id_cannot_be_redefined(tmp_path: Path) -> None:
    error = pack_error(tmp_path, GOOD_RULE.replace("blame.test-rule", "length.message-words"))
    assert "already defined" in error.message


def test_invalid_yaml_reports_its_line(tmp_path: Path) -> None:
    error = pack_error(tmp_path, GOOD_RULE + "  - id: [unclosed\n")
    assert error.line == 15 and "invalid YAML" in error.message


def test_yaml_aliases_are_refused_so_alias_bombs_cannot_expand(tmp_path: Path) -> None:
    names = "abcdefghij"
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{new}: &{new} [*{old}, *{old}, *{old}, *{old}]\n" for old, new in pairwise(names)
    )
    assert "aliases are not allowed" in pack_error(tmp_path, bomb).message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = "rules: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert "nested more than" in pack_error(tmp_path, deep).message


def test_python_tags_are_refused(tmp_path: Path) -> None:
    error = pack_error(tmp_path, "rules: !!python/object/apply:os.system ['echo hi']\n")
    assert "invalid YAML" in error.message


def test_lexicon_files_must_stay_inside_thewrite_pack(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("your fault\n", encoding="utf-8")
    text = GOOD_RULE.replace("      phrases: [your fault]", "      lexicon: ../outside.txt")
    assert "outside the rule pack folder" in pack_error(tmp_path, text).message


def test_lexicon_files_are_read_relative_to_the_rule_file(tmp_path: Path) -> None:
    folder = write_pack(
        tmp_path, GOOD_RULE.replace("      phrases: [your fault]", "      lexicon: words.txt")
    )
    (folder / "words.txt").write_text("# a comment\nyour fault\n", encoding="utf-8")
    linter = Linter(lang="en", rule_paths=[folder], select=["blame.test-rule"])
    assert [f.match for f in linter.check("Your fault.").findings] == ["Your fault"]


def test_unknown_intent_and_profile_references_are_errors(tmp_path: Path) -> None:
    text = GOOD_RULE.replace(
        "    explain: Because.", "    explain: Because.\n    when: {intent: firing}"
    )
    assert "unknown intent 'firing'" in pack_error(tmp_path, text).message
    profile = "profiles:\n  tiny:\n    description: x\n    limits:\n      length.nope: {max: 3}\n"
    assert "unknown rule 'length.nope'" in pack_error(tmp_path, profile).message


def test_metric_rules_need_their_limit(tmp_path: Path) -> None:
    metric = """\
    rules:
      - id: length.test-words
        kind: metric
        measure: words
        level: warning
        summary: Test.
        message: "{value}"
        explain: Because.
        en:
          suggest: [Cut.]
          examples: {flag: ["a b c"], pass: ["a"]}
    """
    assert "needs 'limits: {max: …}'" in pack_error(tmp_path, metric).message


def test_yes_no_on_and_off_are_words_not_booleans(tmp_path: Path) -> None:
    """YAML 1.1 would read `[on, no]` as `[true, false]` and the pattern would never match."""
    pack = GOOD_RULE.replace(
        "      phrases: [your fault]",
        "      phrases: [your fault, no, off]\n      exact: true",
    )
    linter = Linter(lang="en", rule_paths=[write_pack(tmp_path, pack)], select=["blame.test-rule"])
    found = linter.check("No. The deal is off, and not your fault.").findings
    assert [f.match for f in found] == ["No", "off", "your fault"]


def test_a_language_section_may_have_its_own_message(tmp_path: Path) -> None:
    pack = GOOD_RULE.replace("    en:\n", '    en:\n      message: "“{match}” scarica la colpa."\n')
    linter = Linter(lang="en", rule_paths=[write_pack(tmp_path, pack)], select=["blame.test-rule"])
    (finding,) = linter.check("It was your fault.").findings
    assert finding.message == "“your fault” scarica la colpa."
    broken = pack.replace("scarica la colpa", "{value} scarica la colpa")
    (tmp_path / "b").mkdir()
    assert "unknown field {value}" in pack_error(tmp_path / "b", broken).message
