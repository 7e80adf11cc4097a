"""The shipped rule packs as a whole: coverage of every category in both languages, parity of
ids between English and Italian, and documentation of the category contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck.api import builtin_pack
from tonecheck.nlp import LANGUAGES
from tonecheck.report import CATEGORIES
from tonecheck.rules.model import Rule
from tonecheck.rules.schema import load_rulebook

BOOK = load_rulebook([builtin_pack()])
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_category_has_rules_in_every_language(category: str, lang: str) -> None:
    rules = [r for r in BOOK.rules if r.category == category and lang in r.langs]
    assert rules, f"no {lang} rule in category {category!r}"


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_a_rule_in_one_language_only_says_why(rule: Rule) -> None:
    if set(rule.langs) != set(LANGUAGES):
        assert rule.language_specific, (
            f"{rule.id} exists only in {', '.join(rule.langs)}: "
            "add the Italian/English section or `language_specific: <reason>`"
        )


@pytest.mark.parametrize("rule", [r for r in BOOK.rules if "it" in r.langs], ids=lambda r: r.id)
def test_italian_findings_speak_italian(rule: Rule) -> None:
    """The message of a finding in Italian text is written in Italian, with the same fields."""
    italian = rule.langs["it"].message
    assert italian is not None, f"{rule.id}: no Italian message"
    assert italian.source != rule.message.source
    assert italian.fields == rule.message.fields


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_every_rule_explains_itself(rule: Rule) -> None:
    assert len(rule.explain.split()) >= 12, f"{rule.id}: the explanation is too thin"


@pytest.mark.parametrize("rule", [r for r in BOOK.rules if "it" in r.langs], ids=lambda r: r.id)
def test_italian_sections_explain_in_italian(rule: Rule) -> None:
    italian = rule.langs["it"].explain
    assert italian is not None, f"{rule.id}: no Italian explanation"
    assert len(italian.split()) >= 12, f"{rule.id}: the Italian explanation is too thin"
    assert italian != rule.explain


def test_termination_rules_apply_only_to_termination_notices() -> None:
    for rule in BOOK.rules:
        if rule.category in ("channel", "checklist"):
            assert rule.when_intent == "termination", rule.id


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_is_documented_in_the_readme(category: str) -> None:
    assert f"| `{category}` |" in README


def test_the_shipped_profiles_exist() -> None:
    assert {"auto", "email", "chat", "letter", "termination"} <= set(BOOK.profiles)
