"""`metric`: a measure of the message (words, readability) against a limit.

Each hit is placed where the writer should act: the sentence where a word budget runs out, the
sentence or paragraph that is too long, the longest sentence of a hard-to-read message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tonecheck.rules.kinds.base import (
    Hit,
    KindError,
    Message,
    count_words,
    word_starts,
)
from tonecheck.rules.matchers import MatcherSet
from tonecheck.rules.model import LangSpec, Rule

Measure = Callable[[Message, str, Mapping[str, float]], list[Hit]]
INDEX_NAMES = {"flesch_reading_ease": "Flesch reading ease", "gulpease": "Gulpease index"}


def _words(message: Message, scope: str, limits: Mapping[str, float]) -> list[Hit]:
    limit = int(limits["max"])
    if scope == "message":
        return _over_budget(message, limit)
    text = message.text
    bounds = message.sentence_bounds if scope == "sentence" else []
    units = [(s, e, count_words(text[s:e])) for s, e in bounds or message.paragraphs]
    hits = []
    for start, end, count in units:
        if count > limit:
            hits.append(Hit(start, end, {"value": count, "limit": limit, "over": count - limit}))
    return hits


def _over_budget(message: Message, limit: int) -> list[Hit]:
    """One hit at the sentence where the word budget runs out."""
    total = message.words
    if total <= limit:
        return []
    first_over = word_starts(message.text)[limit]
    sentence = next(s for s in message.sentences if first_over < s.end_char)
    start, end = message.bounds(sentence)
    return [Hit(start, end, {"value": total, "limit": limit, "over": total - limit})]


def _readability(message: Message, scope: str, limits: Mapping[str, float]) -> list[Hit]:
    readability = message.readability
    if readability is None or not message.sentences or readability.score >= limits["min"]:
        return []
    text = message.text
    start, end = max(message.sentence_bounds, key=lambda b: count_words(text[b[0] : b[1]]))
    fields = {
        "value": round(readability.score),
        "limit": int(limits["min"]),
        "index": INDEX_NAMES[readability.index],
    }
    return [Hit(start, end, fields)]


MEASURES: dict[str, tuple[Measure, tuple[str, ...], str]] = {
    # name: (function, scopes, the limit it needs)
    "words": (_words, ("message", "paragraph", "sentence"), "max"),
    "readability": (_readability, ("message",), "min"),
}


@dataclass(frozen=True)
class MetricKind:
    name: str = "metric"
    rule_keys: frozenset[str] = frozenset({"measure", "scope", "min_words"})
    lang_keys: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset({"match", "value", "limit", "over", "index"})
    quote_sensitive: bool = False

    def parse(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        measure = params.get("measure")
        if measure not in MEASURES:
            raise KindError("measure", f"'measure' must be one of {', '.join(MEASURES)}")
        scopes = MEASURES[measure][1]
        scope = params.get("scope", scopes[0])
        if scope not in scopes:
            raise KindError("scope", f"'scope' of {measure!r} must be one of {', '.join(scopes)}")
        min_words = params.get("min_words", 0)
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
            raise KindError("min_words", "'min_words' must be a whole number")
        return {"measure": measure, "scope": scope, "min_words": min_words}

    def register(self, rule: Rule, spec: LangSpec, matchers: MatcherSet) -> None:
        pass  # metrics read the Doc; nothing to match

    def find(self, rule: Rule, spec: LangSpec, message: Message) -> Iterable[Hit]:
        if message.words < rule.params["min_words"]:
            return []
        measure = MEASURES[rule.params["measure"]][0]
        return measure(message, rule.params["scope"], message.limits[rule.id])


KIND = MetricKind()
