"""Pattern words the tokenizer splits ("no-one", "don't", "c'era"): matched, or refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from multifile import GOOD_RULE, write_pack
from tonecheck import Linter
from tonecheck.errors import RuleError
from tonecheck.nlp import load_pipeline
from tonecheck.rules.matchers import MatcherSet, PatternError
from tonecheck.rules.model import MatchSpec


def _matched(lang: str, pattern: str, text: str) -> list[str]:
    """The spans a token pattern (written as in a rule file) finds in the text."""
    pipeline = load_pipeline(lang)
    matchers = MatcherSet(pipeline)
    matchers.add("key", MatchSpec(patterns=(yaml.safe_load(pattern),)))
    doc = pipeline.nlp(text)
    return [doc[start:end].text for start, end in matchers.run(doc).get("key")]


@pytest.mark.parametrize(
    ("lang", "pattern", "text", "found"),
    [
        # hyphenated words, which the tokenizer splits at the hyphen
        (
            "en",
            "[{LOWER: {IN: [a, half-baked]}}, {LOWER: plan}]",
            "Another half-baked plan.",
            ["half-baked plan"],
        ),
        (
            "en",
            "[{LOWER: {IN: [nobody, no-one]}}, {LOWER: told}]",
            "No-one told us; nobody told them.",
            ["No-one told", "nobody told"],
        ),
        # contractions and the tokenizer's special cases, in any case
        (
            "en",
            '[{LOWER: we}, {LOWER: {IN: [cannot, "won\'t"]}}, {LOWER: help}]',
            "WE CANNOT HELP. We won't help.",
            ["WE CANNOT HELP", "We won't help"],
        ),
        ("en", "[{LOWER: you}, {LOWER: gotta}]", "You gotta be kidding.", ["You gotta"]),
        # exact text: stacked punctuation is one token per mark
        ("en", '[{ORTH: {IN: ["?!", "!!"]}}]', "Why?! Now!!", ["?!", "!!"]),
        # lemmas are compared piece by piece: "follow-ups" is follow / - / up(s)
        ("en", "[{LEMMA: follow-up}]", "Three follow-ups later.", ["follow-ups"]),
        # an optional split word may be absent
        (
            "en",
            '[{LOWER: last-minute, OP: "?"}, {LOWER: changes}]',
            "No changes, then last-minute changes.",
            ["changes", "last-minute changes"],
        ),
        # Italian: "c'era" is c' / era
        (
            "it",
            '[{LOWER: non}, {LOWER: {IN: ["c\'era", esisteva]}}, {LOWER: tempo}]',
            "Non c'era tempo.",
            ["Non c'era tempo"],
        ),
        ("it", "[{LOWER: {IN: [stand-by]}}]", "Il progetto resta in stand-by.", ["stand-by"]),
    ],
)
def test_a_split_word_matches_as_written(
    lang: str, pattern: str, text: str, found: list[str]
) -> None:
    assert _matched(lang, pattern, text) == found


@pytest.mark.parametrize(
    ("lang", "pattern", "text"),
    [
        # a clitic is one token after its host, and is compared as it is
        ("en", '[{LOWER: we}, {LOWER: {IN: ["\'ve", have]}}, {LOWER: tried}]', "We've tried."),
        ("en", '[{LOWER: team}, {LOWER: "\'s"}]', "Your team's call."),
        # an Italian elision is one token before its word
        ("it", '[{LOWER: {IN: ["l\'", lo]}}, {LOWER: avete}]', "Non l'avete letto."),
        ("it", '[{LOWER: "dell\'"}, {LOWER: anno}]', "La fine dell'anno."),
    ],
)
def test_a_word_the_tokenizer_keeps_whole_in_context_is_left_alone(
    lang: str, pattern: str, text: str
) -> None:
    matched = _matched(lang, pattern, text)
    assert len(matched) == 1 and matched[0] in text


def test_a_contraction_kept_whole_in_capitals_still_matches_in_a_token_with_conditions() -> None:
    # the tokenizer splits "cannot" but keeps "CANNOT" whole: no sequence is needed in capitals
    pattern = "[{IS_UPPER: true, LOWER: {IN: [cannot, never]}}]"
    assert _matched("en", pattern, "WE CANNOT WAIT. We cannot wait.") == ["CANNOT"]


def test_an_expanded_pattern_does_not_match_the_pieces_in_another_order() -> None:
    pattern = "[{LOWER: {IN: [no-one]}}, {LOWER: came}]"
    assert _matched("en", pattern, "One - no, one came.") == []


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (
            {"LOWER": {"NOT_IN": ["we", "no-one"]}},
            '"no-one" is several tokens (no / - / one): NOT_IN',
        ),
        ({"LOWER": {"IN": ["team", "team's"]}, "OP": "{0,2}"}, 'OP "{0,2}" cannot stand for them'),
        ({"LOWER": "no-one", "OP": "!"}, 'OP "!" cannot stand for them'),
        ({"LOWER": "half-baked", "IS_SENT_START": True}, "other conditions (IS_SENT_START)"),
    ],
)
def test_a_split_word_that_cannot_become_a_sequence_is_refused(
    token: dict[str, Any], message: str
) -> None:
    matchers = MatcherSet(load_pipeline("en"))
    with pytest.raises(PatternError) as caught:
        matchers.add("key", MatchSpec(patterns=([token, {"LOWER": "fault"}],)))
    assert message in str(caught.value)


PACK = GOOD_RULE.replace("kind: phrase", "kind: pattern").replace(
    "      phrases: [your fault]",
    '      patterns:\n        - [{LOWER: {NOT_IN: [we, "no-one"]}}, {LOWER: fault}]',
)


def test_a_refused_split_word_stops_the_run_with_the_rule_file_and_line(tmp_path: Path) -> None:
    linter = Linter(lang="en", rule_paths=[write_pack(tmp_path, PACK)])
    with pytest.raises(RuleError) as caught:
        linter.check("It was your fault.")
    error = caught.value
    assert error.path.endswith("pack.yaml") and error.line == 9
    assert "pattern 1 is invalid" in error.message and "no / - / one" in error.message
