"""Every rule's examples are its tests: each `flag` example yields the rule with the marked match,
each `pass` example does not yield the rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tonecheck import Linter
from tonecheck.api import builtin_pack
from tonecheck.engine import Engine
from tonecheck.report import FileResult
from tonecheck.rules.compile import compile_rules
from tonecheck.rules.model import Example, Rule
from tonecheck.rules.schema import load_rulebook

BOOK = load_rulebook([builtin_pack()])


def _cases(flag: bool) -> list[object]:
    cases: list[object] = []
    for rule in BOOK.rules:
        for lang, spec in rule.langs.items():
            examples = spec.examples_flag if flag else spec.examples_pass
            for i, example in enumerate(examples):
                cases.append(pytest.param(rule, lang, example, id=f"{rule.id}-{lang}-{i + 1}"))
    return cases


_ENGINES: dict[tuple[str, str], Engine] = {}


def _engine_for(rule: Rule, lang: str, linter: Linter, request: pytest.FixtureRequest) -> Engine:
    """The rule alone, so that no other rule's finding on the same words stands in for it, on
    the blank pipeline, or a trained one for rules that need POS tags or a parse."""
    if rule.needs and lang != "en":
        pytest.skip(f"no trained {lang} pipeline to run {rule.id}")
    if (rule.id, lang) not in _ENGINES:
        base = request.getfixturevalue("trained_en") if rule.needs else linter
        pipeline = base.engine(lang).compiled.pipeline
        compiled = compile_rules([rule], BOOK.markers.values(), pipeline)
        _ENGINES[rule.id, lang] = Engine(compiled, base.profile)
    return _ENGINES[rule.id, lang]


def _check(engine: Engine, rule: Rule, example: Example) -> FileResult:
    if example.limits:
        limits = {**engine.profile.limits, rule.id: example.limits}
        engine = Engine(engine.compiled, replace(engine.profile, limits=limits))
    return engine.check(example.text, "<example>")


@pytest.mark.parametrize(("rule", "lang", "example"), _cases(flag=True))
def test_flag_example(
    linter: Linter, rule: Rule, lang: str, example: Example, request: pytest.FixtureRequest
) -> None:
    result = _check(_engine_for(rule, lang, linter, request), rule, example)
    matches = [f.match for f in result.findings if f.rule == rule.id]
    assert matches, f"{rule.id} did not flag: {example.text!r}"
    if example.match is not None:
        assert example.match in matches, f"{rule.id} flagged {matches}, expected {example.match!r}"


@pytest.mark.parametrize(("rule", "lang", "example"), _cases(flag=False))
def test_pass_example(
    linter: Linter, rule: Rule, lang: str, example: Example, request: pytest.FixtureRequest
) -> None:
    result = _check(_engine_for(rule, lang, linter, request), rule, example)
    flagged = [f.match for f in result.findings if f.rule == rule.id]
    assert not flagged, f"{rule.id} flagged {flagged} in a pass example: {example.text!r}"
