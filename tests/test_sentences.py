"""Where sentences start in a message: punctuation, and the layout that punctuation misses."""

from __future__ import annotations

import pytest

from tonecheck.nlp import load_pipeline


def _sentences(lang: str, text: str) -> list[str]:
    return [s.text.strip() for s in load_pipeline(lang).nlp(text).sents]


@pytest.mark.parametrize("dots", ["...", "…"])
def test_an_ellipsis_at_the_end_of_a_line_ends_the_sentence(dots: str) -> None:
    text = f"Vorrei non seguire più le foto dal prossimo mese{dots}\nSei una cliente meravigliosa."
    assert _sentences("it", text) == [
        f"Vorrei non seguire più le foto dal prossimo mese{dots}",
        "Sei una cliente meravigliosa.",
    ]


def test_an_ellipsis_inside_a_line_does_not() -> None:
    text = "I was thinking... maybe we could move the launch to June."
    assert _sentences("en", text) == [text]


def test_a_greeting_line_is_a_sentence_of_its_own() -> None:
    assert _sentences("en", "Hi Mark,\nthe files arrived today.") == [
        "Hi Mark,",
        "the files arrived today.",
    ]


@pytest.mark.parametrize("title", ["sig.", "Sig.", "dott.", "ing.", "geom."])
def test_an_italian_title_does_not_end_the_sentence(title: str) -> None:
    text = f"Ho girato la fattura al {title} Negro ieri sera. Le arriverà oggi."
    assert _sentences("it", text) == [
        f"Ho girato la fattura al {title} Negro ieri sera.",
        "Le arriverà oggi.",
    ]
