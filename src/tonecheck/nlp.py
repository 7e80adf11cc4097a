"""spaCy pipelines: the only module that knows how models are built or loaded.

The default pipeline of a language is blank: tokenizer, sentencizer and a lookup lemmatizer whose
table comes from spacy-lookups-data. It needs no download and runs anywhere. A trained pipeline
named with `model` adds POS tags and a parse; tonecheck's lemmatizer still runs last, so every
rule sees the same lemmas whichever pipeline is used.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tonecheck.errors import ModelError, UsageError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

LANGUAGES: tuple[str, ...] = ("en", "it")
BLANK = "blank"
LEMMATIZER = "tonecheck_lemmatizer"
LINES = "tonecheck_lines"
# A line of at most this many words is a line of its own (a greeting, a sign-off, a name),
# not part of a hard-wrapped paragraph.
SHORT_LINE_WORDS = 5
# Tokens the sentencizer does not take for a full stop, though before a capital they end a sentence
# more often than not ("… for Kemal Imports Ltd. Our firm is …").
_STOPS_BEFORE_CAPITAL = frozenset(
    {"...", "…", "cm.", "mm.", "km.", "kg.", "ecc.", "etc.", "ltd.", "inc."}
)
# The first word of a subject line ("Re: Invoice 2291"), which is a line of its own.
_SUBJECT_WORDS = frozenset({"re", "subject", "oggetto", "fwd", "fw", "rif", "ref"})
_BULLET = re.compile(r"^(?:[-*•–·+▪◦]|\d{1,2}[.)])$")
# Abbreviations that spaCy's blank tokenizer splits from their dot ("sig" + "."), which would end
# a sentence before the name that follows. English has its own exceptions ("Mr.", "Dr."), but not
# these two, which mostly sit inside a sentence ("files, fonts etc. and the logo").
ABBREVIATIONS: Mapping[str, tuple[str, ...]] = {
    "en": ("etc.", "approx."),
    "it": (
        "sig.",
        "dott.",
        "ing.",
        "geom.",
        "arch.",
        "rag.",
        "egr.",
        "gent.",
        "spett.",
        "es.",
        "p.es.",
        "cfr.",
        "sigg.",
        "dott.ri",
        "ill.mo",
    ),
}

# Italian attaches unstressed pronouns to infinitives, gerunds and imperatives ("inviarcelo",
# "arrangiatevi", "scusami"). When a word is not in the lookup table, strip them and retry.
_IT_CLITICS = re.compile(
    r"(?:glie(?:lo|la|li|le|ne)|(?:me|te|se|ce|ve)(?:lo|la|li|le|ne)|mi|ti|si|ci|vi|lo|la|li|le|ne|gli)$"
)


@dataclass(frozen=True)
class Pipeline:
    """A loaded spaCy pipeline and what its annotations allow."""

    nlp: Language
    lang: str
    name: str

    @property
    def has_pos(self) -> bool:
        return any(p in self.nlp.pipe_names for p in ("tagger", "morphologizer"))

    @property
    def has_dep(self) -> bool:
        return "parser" in self.nlp.pipe_names

    def provides(self, need: str) -> bool:
        return {"pos": self.has_pos, "dep": self.has_dep}[need]


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)} or auto")
    return lang


def load_pipeline(lang: str, model: str | None = None) -> Pipeline:
    """Build (once per process) the pipeline for a language, blank or from an installed model."""
    return _load_pipeline(lang, model or BLANK)


@lru_cache(maxsize=8)
def _load_pipeline(lang: str, model: str) -> Pipeline:
    check_language(lang)
    _register_lemmatizer()
    nlp = _blank(lang) if model == BLANK else _trained(lang, model)
    nlp.add_pipe(LEMMATIZER, last=True, config={"lang": lang})
    return Pipeline(nlp=nlp, lang=lang, name=model)


def _blank(lang: str) -> Language:
    import spacy

    nlp = spacy.blank(lang)
    _keep_abbreviations(nlp, ABBREVIATIONS.get(lang, ()))
    if lang == "en":
        _split_chat_contractions(nlp)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(LINES)
    return nlp


def _keep_abbreviations(nlp: Language, abbreviations: Iterable[str]) -> None:
    """Keep "sig." one token, so that the sentencizer does not end a sentence at its dot."""
    from spacy.symbols import ORTH

    for word in abbreviations:
        for form in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])  # type: ignore[union-attr]


def _split_chat_contractions(nlp: Language) -> None:
    """Split "u'd", "u've" like "you'd": the rules read chat-speak "u" as "you", but spaCy keeps
    these whole, as it does every word before an apostrophe it has no exception for."""
    from spacy.symbols import ORTH

    for head in ("u", "U"):
        for apostrophe in ("'", "’"):
            for tail in ("d", "ve", "ll", "re"):
                special = [{ORTH: head}, {ORTH: apostrophe + tail}]
                nlp.tokenizer.add_special_case(head + apostrophe + tail, special)  # type: ignore[union-attr]


@lru_cache(maxsize=8)
def model_language(model: str) -> str:
    """The language of an installed spaCy pipeline, from its meta.json (without loading it)."""
    from spacy.util import get_package_path, load_meta

    _check_installed(model)
    try:
        meta = load_meta(get_package_path(model) / "meta.json")
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot read spaCy pipeline {model!r}: {exc}") from exc
    return str(meta.get("lang", ""))


def _check_installed(model: str) -> None:
    if importlib.util.find_spec(model) is None:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed; install it with "
            f"`pip install {model}` (or the wheel your team provides), or drop --model "
            f"to use the built-in blank pipeline"
        )


def _trained(lang: str, model: str) -> Language:
    import spacy

    _check_installed(model)
    try:
        nlp = spacy.load(model, exclude=["lemmatizer", "ner"])
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: {exc}") from exc
    if nlp.lang != lang:
        raise ModelError(f"spaCy pipeline {model!r} is for {nlp.lang!r}, not {lang!r}")
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=4)
def _lemma_table(lang: str) -> Mapping[str, str]:
    """spaCy's lookup Table: keyed by string hashes, so look words up with `.get(word)`."""
    from spacy.lookups import load_lookups

    table: Mapping[str, str] = load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
    return table


def lemma_function(lang: str) -> Callable[[str], str]:
    """The lemma of one word form, lower-cased, from the lookup table of a language."""
    table = _lemma_table(lang)

    def lemma(word: str) -> str:
        lower = word.lower()
        found = table.get(word) or table.get(lower)
        if found is None and lang == "it":
            found = _italian_without_clitics(lower, table)
        return (found or lower).lower()

    return lemma


def _italian_without_clitics(word: str, table: Mapping[str, str]) -> str | None:
    stem = _IT_CLITICS.sub("", word)
    if stem == word or len(stem) < 3:
        return None
    found = table.get(stem)
    if found is not None:
        return found
    if stem.endswith(("ar", "er", "ir")):  # infinitive that lost its final -e: inviar(celo)
        return stem + "e"
    return None


class LookupLemmatizer:
    """Sets `lemma` from the lookup table, caching each word form's lemma hash."""

    def __init__(self, lang: str) -> None:
        self._lemma = lemma_function(lang)
        self._cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        cache = self._cache
        strings = doc.vocab.strings
        for token in doc:
            lemma = cache.get(token.orth)
            if lemma is None:
                lemma = cache[token.orth] = strings.add(self._lemma(token.text))
            token.lemma = lemma
        return doc


def split_lines(doc: Doc) -> Doc:
    """Start a sentence where the layout does, which punctuation alone misses in messages:
    after a blank line, before a list item, after a short line such as a greeting
    ("Hi Mark,"), a sign-off or a line ending in ":", and after a subject line ("Re: …").
    Within a line, an ellipsis or a unit's dot ("150 cm.") before a capital ends a sentence
    too: the sentencizer reads neither token as a full stop."""
    from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER

    stops = _stop_hashes()
    words_on_line = 0
    line_start = 0
    flags = doc.to_array([IS_SPACE, IS_PUNCT, LOWER]).tolist()
    for i, (space, punct, lower) in enumerate(flags[:-1]):
        if not space:
            words_on_line += not punct
            if lower in stops and doc[i + 1].text[:1].isupper():
                doc[i + 1].is_sent_start = True
            continue
        text = doc[i].text
        if "\n" not in text:
            continue
        following = doc[i + 1]
        if (
            text.count("\n") > 1
            or _BULLET.match(following.text)
            or 0 < words_on_line <= SHORT_LINE_WORDS
            or (i and doc[i - 1].text in (":", "...", "…"))
            or _is_subject_line(doc, line_start, i)
        ):
            following.is_sent_start = True
        words_on_line = 0
        line_start = i + 1
    return doc


@lru_cache(maxsize=1)
def _stop_hashes() -> frozenset[int]:
    """The LOWER hashes of _STOPS_BEFORE_CAPITAL, as doc.to_array gives them."""
    from spacy.strings import StringStore

    strings = StringStore()  # a string's hash is the same in every store
    return frozenset(strings.add(word) for word in _STOPS_BEFORE_CAPITAL)


def _is_subject_line(doc: Doc, start: int, end: int) -> bool:
    return end - start > 2 and doc[start].lower_ in _SUBJECT_WORDS and doc[start + 1].text == ":"


def _register_lemmatizer() -> None:
    from spacy.language import Language

    if not Language.has_factory(LEMMATIZER):
        Language.factory(LEMMATIZER, default_config={"lang": "en"})(_make_lemmatizer)
    if not Language.has_factory(LINES):
        Language.component(LINES)(split_lines)


def _make_lemmatizer(nlp: Language, name: str, lang: str) -> LookupLemmatizer:
    return LookupLemmatizer(lang)
