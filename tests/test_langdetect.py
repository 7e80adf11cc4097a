"""Tests of tonecheck.langdetect: English/Italian detection for --lang auto."""

from __future__ import annotations

import dataclasses
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from tonecheck import langdetect
from tonecheck.langdetect import SUPPORTED, Guess, detect, detect_paragraphs

ENGLISH = [
    # formal client e-mail
    (
        "Dear Ms Carter, thank you for your patience. We have reviewed the invoice and found that "
        "the second payment was recorded twice, so we will issue a credit note by Friday."
    ),
    # friendly, with contractions
    (
        "Hi Tom, I'm afraid we won't be able to ship the new release this week. We'd rather fix "
        "the last two bugs first, and I'll send you an update on Monday."
    ),
    # blunt
    "You still haven't sent the signed contract. Without it we can't start the project.",
    # support reply
    (
        "Thanks for reaching out! Could you tell us which browser you are using when the page "
        "fails to load? That would help our team reproduce the issue."
    ),
]

ITALIAN = [
    # formal, Lei
    (
        "Gentile Dott.ssa Bianchi, La ringrazio per la Sua cortese risposta. Le invio in allegato "
        "la fattura aggiornata e resto a disposizione per qualsiasi chiarimento."
    ),
    # voi, with elision
    (
        "Buongiorno a tutti, vi scriviamo perché l'avete chiesto durante l'ultima riunione: "
        "dell'ufficio di Torino si occuperà un'altra persona a partire da lunedì."
    ),
    # tu, informal, with elision
    (
        "Ciao Marco, c'è un problema con l'ordine di ieri: non è ancora partito e il corriere "
        "non risponde. Ti faccio sapere appena ne so di più."
    ),
    # apostrophe used as an accent, as people type it
    (
        "Scusate il ritardo, e' colpa nostra perche' il preventivo era sbagliato: ve lo rimandiamo "
        "entro domani."
    ),
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_client_messages(text: str) -> None:
    guess = detect(text, default="it")
    assert guess == Guess("en", True, guess.scores)
    assert guess.scores["en"] > 3 * guess.scores["it"]


@pytest.mark.parametrize("text", ITALIAN)
def test_italian_client_messages(text: str) -> None:
    guess = detect(text, default="en")
    assert guess.lang == "it"
    assert guess.confident
    assert guess.scores["it"] > 3 * guess.scores["en"]


@pytest.mark.parametrize("word", ["l'avete", "dell'ufficio", "c'è", "un'altra", "l’hanno"])
def test_elisions_are_italian_evidence(word: str) -> None:
    scores = detect(word).scores
    assert scores["it"] >= 1.0
    assert scores["en"] == 0.0


@pytest.mark.parametrize("word", ["don't", "we're", "I'll", "client's", "I'm", "they’ve"])
def test_contractions_are_english_evidence(word: str) -> None:
    scores = detect(word).scores
    assert scores["en"] >= 1.0
    assert scores["it"] == 0.0


@pytest.mark.parametrize("default", SUPPORTED)
@pytest.mark.parametrize(
    "text",
    ["", "   \n", "OK", "Grazie!", "Thanks!", "Ciao Anna", "Hi Marco", "Re: fattura 2024/117"],
)
def test_short_texts_are_not_confident_and_fall_back(text: str, default: str) -> None:
    guess = detect(text, default=default)
    assert not guess.confident
    assert guess.lang == default


@pytest.mark.parametrize("default", SUPPORTED)
def test_urls_addresses_numbers_mentions_and_hashtags_count_for_nothing(default: str) -> None:
    text = (
        "https://example.com/the/invoice?id=42 www.esempio.it/della/fattura "
        "mario.rossi@example.it support@example.com @giulia_the_manager #ciao #thanks "
        "+39 02 1234 5678 2024-03-31 15:30 €1.250,00 example.org <br/>"
    )
    guess = detect(text, default=default)
    assert guess.scores == {"en": 0.0, "it": 0.0}
    assert not guess.confident
    assert guess.lang == default


def test_italian_with_english_loanwords() -> None:
    text = (
        "Ciao Giulia, il meeting con il team del brand è spostato a giovedì. Ti mando il file "
        "con la deadline aggiornata e il report sulla performance dei social."
    )
    guess = detect(text, default="en")
    assert guess.lang == "it"
    assert guess.confident


def test_english_with_italian_name_and_address() -> None:
    text = (
        "Dear Mr Rossi, please send the signed copy to our office at Via Giuseppe Garibaldi 12, "
        "20121 Milano, by Friday.\nKind regards,\nFrancesca Esposito, Studio Bellini e Associati"
    )
    guess = detect(text, default="it")
    assert guess.lang == "en"
    assert guess.confident


def test_half_and_half_text_is_not_confident() -> None:
    text = "Thank you for the files. Grazie per i file, li guardiamo subito."
    guess = detect(text, default="it")
    assert not guess.confident
    assert guess.lang == "it"


def test_guess_is_frozen_and_scores_read_only() -> None:
    guess = detect(ENGLISH[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        guess.lang = "it"  # type: ignore[misc]
    with pytest.raises(TypeError):
        guess.scores["en"] = 0.0  # type: ignore[index]
    assert set(guess.scores) == set(SUPPORTED)


def test_unsupported_default_is_rejected() -> None:
    with pytest.raises(ValueError, match="unsupported default"):
        detect("hello there", default="fr")


def _assert_covers(text: str, runs: list[tuple[int, int, str]]) -> None:
    """The runs tile [0, len(text)) without gaps or overlaps, and neighbours differ."""
    assert runs[0][0] == 0
    assert runs[-1][1] == len(text)
    for (_, end, lang), (start, _, next_lang) in itertools.pairwise(runs):
        assert end == start
        assert lang != next_lang
    assert all(start < end for start, end, _ in runs)


def test_detect_paragraphs_two_languages() -> None:
    english = (
        "Hi Sarah, as agreed on the phone, the new timeline is attached. We will deliver the "
        "first milestone on the 15th and the rest by the end of the month."
    )
    italian = (
        "Ciao Luca, come d'accordo al telefono ti allego la nuova tabella di marcia. "
        "Consegneremo la prima parte il 15 e il resto entro la fine del mese."
    )
    text = english + "\n\n" + italian + "\n"
    runs = detect_paragraphs(text)
    _assert_covers(text, runs)
    assert [lang for _, _, lang in runs] == ["en", "it"]
    assert runs[0] == (0, len(english) + 2, "en")
    assert text[runs[1][0] : runs[1][1]] == italian + "\n"


def test_detect_paragraphs_short_paragraphs_follow_their_neighbours() -> None:
    text = (
        "Buongiorno,\r\n\r\n"
        "le scrivo per confermare che il pagamento è stato ricevuto e che la pratica è chiusa.\r\n"
        "\r\n"
        "Cordiali saluti\r\n\r\n"
        "Please find the English version below.\n\n"
        "We confirm that the payment has been received and that the case is now closed.\n\n"
        "Best regards"
    )
    runs = detect_paragraphs(text, default="en")
    _assert_covers(text, runs)
    assert [lang for _, _, lang in runs] == ["it", "en"]
    assert text[runs[1][0] :].startswith("Please find")


def test_detect_paragraphs_unsure_between_two_languages_takes_the_whole_text() -> None:
    italian = (
        "Gentile cliente, le confermiamo che il rimborso è stato disposto oggi e che "
        "riceverà l'accredito entro cinque giorni lavorativi. Per qualsiasi domanda "
        "può scriverci a questo indirizzo."
    )
    english = "Thank you for your patience."
    text = f"{italian}\n\nOK\n\n{english}"
    runs = detect_paragraphs(text, default="en")
    _assert_covers(text, runs)
    assert [lang for _, _, lang in runs] == ["it", "en"]
    assert text[runs[1][0] :] == english  # "OK" went with the whole text, which is Italian


def test_detect_paragraphs_single_language_is_one_run() -> None:
    text = "Ciao,\n\nti confermo l'appuntamento di domani alle dieci.\n\nA presto"
    assert detect_paragraphs(text, default="en") == [(0, len(text), "it")]


@pytest.mark.parametrize("default", SUPPORTED)
def test_detect_paragraphs_nothing_to_tell(default: str) -> None:
    assert detect_paragraphs("", default=default) == []
    assert detect_paragraphs("OK\n\n\n", default=default) == [(0, 5, default)]


def test_prefilled_cache_agrees_with_scorer() -> None:
    for chunk, score in langdetect._SEED.items():
        assert langdetect._score_chunk(chunk) == score, chunk


def test_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(langdetect, "_CACHE_LIMIT", len(langdetect._SEED) + 10)
    for n in range(50):
        detect(f"parola{'x' * n} word{'y' * n} and the della")
    assert len(langdetect._chunk_cache) <= len(langdetect._SEED) + 10
    assert detect(ENGLISH[1]).lang == "en"


def test_module_is_standalone_and_does_not_import_spacy() -> None:
    path = Path(langdetect.__file__)
    probe = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('ld', sys.argv[1])\n"
        "module = sys.modules['ld'] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.detect('Grazie mille per la risposta veloce').lang == 'it'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'tonecheck'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
