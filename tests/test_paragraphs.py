"""Paragraphs for length rules: text between blank lines, without the greeting and sign-off
lines that messages written with single line breaks keep in the same block."""

from __future__ import annotations

import textwrap

from tonecheck import Linter

RULE = "length.paragraph-words"


def _body(words: int) -> str:
    return " ".join(["The migration plan covers every step."] * (words // 6))


def _paragraph_findings(text: str) -> list[str]:
    report = Linter(lang="en", select=[RULE]).check(text)
    return [f.match for f in report.findings]


def test_a_greeting_and_a_signature_on_their_own_lines_are_not_paragraph_text() -> None:
    body = _body(96)  # 96 words: under the 100-word limit on its own
    text = f"Dear Ms Ferri,\n{body}\nKind regards,\nAnna Bell\n"
    assert _paragraph_findings(text) == []


def test_a_long_body_is_reported_from_its_first_word_to_its_last() -> None:
    body = _body(120)
    text = f"Dear Ms Ferri,\n{body}\nKind regards,\nAnna Bell\n"
    assert _paragraph_findings(text) == [body]


def test_a_short_line_that_ends_a_sentence_stays_in_the_paragraph() -> None:
    body = textwrap.fill(_body(96), 60)  # hard-wrapped: lines of at most 60 characters
    text = f"{body}\nSee you Monday.\n"  # a sentence, not a sign-off: 99 words in all
    assert _paragraph_findings(text) == []
    text = f"{body}\nWe start on Monday at nine.\n"  # 102 words: over the limit
    assert _paragraph_findings(text) == [f"{body}\nWe start on Monday at nine."]


def test_a_single_line_break_after_a_long_line_that_ends_a_sentence_ends_the_paragraph() -> None:
    first, second = _body(60), _body(60)  # one line each, far longer than a wrapped line
    assert _paragraph_findings(f"{first}\n{second}\n") == []
    wrapped = textwrap.fill(f"{first} {second}", 70)  # the same words, hard-wrapped
    assert _paragraph_findings(f"{wrapped}\n") == [wrapped]
