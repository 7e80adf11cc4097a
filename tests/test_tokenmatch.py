"""TokenMatcher against spaCy's Matcher, on random patterns and random texts.

Around each anchor, TokenMatcher reports the longest match: so every span it reports must be one
spaCy's Matcher finds, and every span spaCy finds must lie inside one it reports.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck.nlp import load_pipeline
from tonecheck.rules.tokenmatch import TokenMatcher, Unsupported

WORDS = ["you", "failed", "to", "send", "the", "files", "we", "never", "Files", "NOT", "late"]
PUNCT = [".", ",", "!", "?"]
OPS = [None, None, None, "?", "*", "+", "!", "{0,2}", "{1,2}", "{2}", "{,2}", "{1,}"]


def _token() -> st.SearchStrategy[dict[str, Any]]:
    lexical = st.one_of(
        st.builds(lambda w: {"LOWER": w.lower()}, st.sampled_from(WORDS)),
        st.builds(lambda w: {"ORTH": w}, st.sampled_from(WORDS + PUNCT)),
        st.builds(
            lambda ws: {"LOWER": {"IN": sorted({w.lower() for w in ws})}},
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        ),
        st.builds(
            lambda ws: {"LOWER": {"NOT_IN": sorted({w.lower() for w in ws})}},
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=2),
        ),
        st.builds(lambda w: {"LEMMA": w}, st.sampled_from(["file", "fail", "send", "you"])),
        st.builds(
            lambda f, v: {f: v},
            st.sampled_from(["IS_PUNCT", "IS_UPPER", "IS_ALPHA"]),
            st.booleans(),
        ),
        st.builds(lambda n: {"LENGTH": {">=": n}}, st.integers(1, 5)),
        st.builds(
            lambda r: {"LOWER": {"REGEX": r}}, st.sampled_from(["^f", "e$", "[aeiou]{2}", "^.$"])
        ),
        st.just({}),
    )
    return st.builds(lambda t, op: {**t, "OP": op} if op else t, lexical, st.sampled_from(OPS))


def _anchored(pattern: list[dict[str, Any]]) -> bool:
    """At least one token required exactly once (with or without a word to anchor on)."""
    return any("OP" not in t for t in pattern)


PATTERNS = st.lists(_token(), min_size=1, max_size=5).filter(_anchored)
TEXTS = st.lists(st.sampled_from([*WORDS, *PUNCT, "You"]), min_size=1, max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(pattern=PATTERNS, text=TEXTS)
def test_same_matches_as_spacy(pattern: list[dict[str, Any]], text: str) -> None:
    from spacy.matcher import Matcher

    nlp = load_pipeline("en").nlp
    doc = nlp(text)
    spacy_matcher = Matcher(nlp.vocab)
    spacy_matcher.add("p", [pattern])
    expected = {(s, e) for _, s, e in spacy_matcher(doc)}
    ours = TokenMatcher(nlp.vocab.strings, rare=lambda w: True)
    try:
        ours.add("p", pattern)
    except Unsupported as exc:
        raise AssertionError(f"every generated pattern is in the subset: {exc}") from None
    found = {(s, e) for _, s, e in ours(doc)}
    assert found <= expected
    for start, end in expected:
        assert any(s <= start and end <= e for s, e in found), (start, end, found)


def test_patterns_it_cannot_compile_are_refused() -> None:
    nlp = load_pipeline("en").nlp
    matcher = TokenMatcher(nlp.vocab.strings, rare=lambda w: True)
    with pytest.raises(Unsupported):
        matcher.add("p", [{"IS_UPPER": True, "OP": "+"}])  # no word to anchor on
    with pytest.raises(Unsupported):
        matcher.add("p", [{"LOWER": "you"}, {"_": {"custom": True}}])
