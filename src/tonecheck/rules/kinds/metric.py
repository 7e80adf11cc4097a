"""`metric`: a measure of the message (words, readability, a formula over counts) against a limit.

Each hit is placed where the writer should act: the sentence where a word budget runs out, the
sentence or paragraph that is too long, the longest sentence of a hard-to-read message. A formula
(`capitals / letters`, `exclamations`, `hits`) is computed for each unit of its scope, and each
unit whose value is outside the limits is a hit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tonecheck.rules.formula import Formula, FormulaError, parse_formula
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
# Each index is used in one language only (Gulpease is Italian), so its name is in that language.
INDEX_NAMES = {"flesch_reading_ease": "Flesch reading ease", "gulpease": "indice Gulpease"}
SCOPES = ("message", "paragraph", "sentence")
MATCH_KEYS = frozenset({"phrases", "lexicon", "patterns", "exact"})


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
    "words": (_words, SCOPES, "max"),
    "readability": (_readability, ("message",), "min"),
}


# -- formulas -------------------------------------------------------------------------------------


def text_counts(chunk: str) -> dict[str, int]:
    """The counts a formula reads from the text of one unit. `characters` leaves whitespace out,
    so that a line break counts the same in CRLF and LF text."""
    # map() keeps the per-character tests in C (a generator over characters cost ~10% of a check)
    return {
        "words": count_words(chunk),
        "characters": len(chunk) - sum(map(str.isspace, chunk)),
        "letters": sum(map(str.isalpha, chunk)),
        "capitals": sum(map(str.isupper, chunk)),
        "exclamations": chunk.count("!"),
        "questions": chunk.count("?"),
    }


def display_number(value: float) -> int | float:
    """A value for a message: an integer when integral, else two decimals (a ratio)."""
    return int(value) if float(value).is_integer() else round(value, 2)


def outside(value: float, limits: Mapping[str, float]) -> tuple[float, float] | None:
    """(the limit crossed, by how much) when value is above `max` or below `min`, else None."""
    if "max" in limits and value > limits["max"]:
        return limits["max"], value - limits["max"]
    if "min" in limits and value < limits["min"]:
        return limits["min"], limits["min"] - value
    return None


def _units(message: Message, scope: str) -> list[tuple[int, int]]:
    if scope == "sentence":
        return message.sentence_bounds
    if scope == "paragraph":
        return message.paragraphs
    text = message.text
    if not message.sentences:  # no word at all: nothing to measure
        return []
    return [(len(text) - len(text.lstrip()), len(text.rstrip()))]


def _formula(rule: Rule, message: Message, limits: Mapping[str, float]) -> list[Hit]:
    formula: Formula = rule.params["formula"]
    sentence_starts = [start for start, _ in message.sentence_bounds]
    match_starts = []
    if "hits" in formula.names:  # the client's words quoted back are not the writer's
        spans = message.spans(rule.id) if rule.quotes else message.unquoted(rule.id)
        match_starts = [message.char_span(span)[0] for span in spans]
    found = []
    for start, end in _units(message, rule.params["scope"]):
        counts = text_counts(message.text[start:end])
        if counts["words"] < rule.params["min_words"]:
            continue
        counts["sentences"] = sum(start <= s < end for s in sentence_starts)
        counts["hits"] = sum(start <= s < end for s in match_starts)
        fields = _outside_fields(formula.evaluate(counts), limits)
        if fields is not None:
            found.append(Hit(start, end, fields))
    return found


def _outside_fields(value: float | None, limits: Mapping[str, float]) -> dict[str, object] | None:
    """The template fields of a value outside the limits; None when it is inside or undefined."""
    crossed = None if value is None else outside(value, limits)
    if value is None or crossed is None:
        return None
    limit, over = crossed
    return {
        "value": display_number(value),
        "limit": display_number(limit),
        "over": display_number(over),
    }


def required_limits(params: Mapping[str, Any]) -> tuple[str, ...]:
    """The limits a rule needs, any one of them: a formula takes `max`, `min` or both."""
    if params["formula"] is not None:
        return ("max", "min")
    return (MEASURES[params["measure"]][2],)


def uses_hits(params: Mapping[str, Any]) -> bool:
    formula = params["formula"]
    return formula is not None and "hits" in formula.names


@dataclass(frozen=True)
class MetricKind:
    name: str = "metric"
    rule_keys: frozenset[str] = frozenset({"measure", "scope", "min_words"})
    lang_keys: frozenset[str] = MATCH_KEYS  # what `hits` counts
    fields: frozenset[str] = frozenset({"match", "value", "limit", "over", "index"})
    quote_sensitive: bool = False
    unless_on_evidence: bool = False

    def parse(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        measure = params.get("measure")
        if isinstance(measure, str) and measure in MEASURES:
            formula, scopes = None, MEASURES[measure][1]
        else:
            formula, scopes = self._formula(measure), SCOPES
        scope = params.get("scope", scopes[0])
        if scope not in scopes:
            raise KindError("scope", f"'scope' of {measure!r} must be one of {', '.join(scopes)}")
        min_words = params.get("min_words", 0)
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
            raise KindError("min_words", "'min_words' must be a whole number")
        return {"measure": measure, "formula": formula, "scope": scope, "min_words": min_words}

    @staticmethod
    def _formula(measure: object) -> Formula:
        if not isinstance(measure, str) or not measure.strip():
            names = ", ".join(MEASURES)
            raise KindError("measure", f"'measure' must be one of {names} or a formula over counts")
        try:
            return parse_formula(measure)
        except FormulaError as exc:
            raise KindError("measure", f"'measure': {exc}") from None

    def register(self, rule: Rule, spec: LangSpec, matchers: MatcherSet) -> None:
        if spec.match:  # the phrases and patterns that `hits` counts
            matchers.add(rule.id, spec.match)

    def find(self, rule: Rule, spec: LangSpec, message: Message) -> Iterable[Hit]:
        params, limits = rule.params, message.limits[rule.id]
        if params["formula"] is not None:  # min_words applies to each unit
            return _formula(rule, message, limits)
        if message.words < params["min_words"]:
            return []
        measure = MEASURES[params["measure"]][0]
        return measure(message, params["scope"], limits)


KIND = MetricKind()
