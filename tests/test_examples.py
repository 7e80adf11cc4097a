"""The shipped example drafts show what tonecheck catches; their rewrites pass clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck import Linter

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FIRST_FIVE = {"hostile", "blame", "sugarcoating", "length", "opinion"}


@pytest.mark.parametrize(
    ("name", "lang"),
    [("en/payment-reminder-draft.txt", "en"), ("it/sollecito-bozza.txt", "it")],
)
def test_a_bad_draft_shows_the_five_first_categories(linter: Linter, name: str, lang: str) -> None:
    result = linter.check_paths([str(EXAMPLES / name)]).files[0]
    assert result.language == lang
    assert {f.category for f in result.findings} >= FIRST_FIVE


@pytest.mark.parametrize("name", ["en/termination-notice-draft.txt", "it/disdetta-bozza.txt"])
def test_an_abrupt_termination_notice_misses_the_call_the_checklist_and_the_contract(
    linter: Linter, name: str
) -> None:
    result = linter.check_paths([str(EXAMPLES / name)]).files[0]
    assert result.intent == "termination"
    assert {"channel", "checklist", "contract"} <= {f.category for f in result.findings}


@pytest.mark.parametrize("name", ["en/payment-reminder-rewrite.txt", "it/sollecito-riscritto.txt"])
def test_the_rewrites_pass_clean(linter: Linter, name: str) -> None:
    result = linter.check_paths([str(EXAMPLES / name)]).files[0]
    assert result.findings == ()
