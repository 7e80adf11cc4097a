"""Deferred matching: keys whose token patterns run only when asked give the same spans."""

from __future__ import annotations

import pytest

from tonecheck.api import builtin_pack
from tonecheck.nlp import load_pipeline
from tonecheck.rules.compile import CompiledRules, compile_rules
from tonecheck.rules.matchers import MatcherSet
from tonecheck.rules.schema import load_rulebook

BOOK = load_rulebook([builtin_pack()])


def _compiled(lang: str, *, defer: bool, monkeypatch: pytest.MonkeyPatch) -> CompiledRules:
    with monkeypatch.context() as patch:
        if not defer:
            patch.setattr(MatcherSet, "defer", lambda self, key, group: None)
        return compile_rules(BOOK.rules, BOOK.markers.values(), load_pipeline(lang))


def _texts(lang: str) -> list[str]:
    """Every example of the shipped rules in the language: flagged and passing ones."""
    specs = [r.langs[lang] for r in BOOK.rules if lang in r.langs]
    return [e.text for s in specs for e in (*s.examples_flag, *s.examples_pass)]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_deferred_keys_match_as_if_every_pattern_ran(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lazy = _compiled(lang, defer=True, monkeypatch=monkeypatch)
    eager = _compiled(lang, defer=False, monkeypatch=monkeypatch)
    assert lazy.matchers._group_of, "nothing was deferred"
    keys = set(lazy.matchers._group_of) | {r.id for r in BOOK.rules}
    nlp = lazy.pipeline.nlp
    deferred = set(lazy.matchers._group_of)
    found = {"deferred": 0, "main": 0}
    for text in _texts(lang):
        doc = nlp(text)
        got, want = lazy.matchers.run(doc), eager.matchers.run(doc)
        for key in sorted(keys):
            assert got.get(key) == want.get(key), (key, text)
            if want.get(key):
                found["deferred" if key in deferred else "main"] += 1
    # the examples exercise many keys of both kinds (an unless key is found in pass examples)
    assert found["deferred"] > 50 and found["main"] > 100, found
