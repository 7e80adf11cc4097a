"""Where sentences and words start in a message: punctuation, and the layout it misses."""

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


@pytest.mark.parametrize("dots", ["...", "…"])
def test_an_ellipsis_before_a_capital_ends_the_sentence(dots: str) -> None:
    text = f"Mi dispiace moltissimo{dots} Lei è il cliente più gentile che abbia."
    assert _sentences("it", text) == [
        f"Mi dispiace moltissimo{dots}",
        "Lei è il cliente più gentile che abbia.",
    ]


@pytest.mark.parametrize(
    ("lang", "text", "first"),
    [
        ("it", "Abbiamo misurato 150 cm. Vi allego la conferma.", "Abbiamo misurato 150 cm."),
        ("it", "Servono foto, testi ecc. Il resto lo facciamo noi.", "Servono foto, testi ecc."),
        ("en", "We need photos, copy etc. The rest is on us.", "We need photos, copy etc."),
        ("en", "We act for Kemal Imports Ltd. Our firm is small.", "We act for Kemal Imports Ltd."),
    ],
)
def test_a_unit_or_an_abbreviation_before_a_capital_ends_the_sentence(
    lang: str, text: str, first: str
) -> None:
    assert _sentences(lang, text) == [first, text[len(first) :].strip()]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_etc_inside_a_sentence_does_not_end_it(lang: str) -> None:
    text = "Fonts, logos etc. and the brand book arrive today."
    assert _sentences(lang, text) == [text]


@pytest.mark.parametrize("prefix", ["Re", "RE", "Subject", "Oggetto", "Fwd"])
def test_a_subject_line_is_a_sentence_of_its_own(prefix: str) -> None:
    subject = f'{prefix}: Master Services Agreement dated 3 March 2021 (the "Agreement")'
    body = "Pursuant to clause 14.2 of the Agreement, we give notice that we will not renew it."
    assert _sentences("en", f"{subject}\n{body}") == [subject, body]


def test_a_long_line_without_a_subject_word_runs_on() -> None:
    text = "We have checked the staging server and the release notes\nbefore the call on Friday."
    assert _sentences("en", text) == [text]


@pytest.mark.parametrize("word", ["u'd", "u've", "U’ll", "u're"])
def test_chat_speak_u_splits_from_its_contraction_like_you(word: str) -> None:
    tokens = [t.text for t in load_pipeline("en").nlp(f"if {word} sent it")]
    assert tokens[1:3] == [word[0], word[1:]]
