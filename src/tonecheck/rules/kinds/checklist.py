"""`checklist`: an element a message of some intent must contain, reported where it belongs.

The rule's phrases and patterns are the evidence that the element is there. When none is found,
the hit sits at the place the element belongs and carries the text to insert.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tonecheck.report import Insertion
from tonecheck.rules.kinds.base import Hit, KindError, Message
from tonecheck.rules.matchers import MatcherSet
from tonecheck.rules.model import LangSpec, Rule

PLACES = ("after-intent", "before-closing", "end")
CLOSING = "marker:closing"


def marker_key(name: str) -> str:
    return f"marker:{name}"


@dataclass(frozen=True)
class ChecklistKind:
    name: str = "checklist"
    rule_keys: frozenset[str] = frozenset({"place"})
    lang_keys: frozenset[str] = frozenset({"phrases", "lexicon", "patterns", "exact", "insert"})
    fields: frozenset[str] = frozenset({"match"})
    quote_sensitive: bool = False
    unless_on_evidence: bool = True

    def parse(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        place = params.get("place", "end")
        if place not in PLACES:
            raise KindError("place", f"'place' must be one of {', '.join(PLACES)}")
        return {"place": place}

    def register(self, rule: Rule, spec: LangSpec, matchers: MatcherSet) -> None:
        matchers.add(rule.id, spec.match)

    def find(self, rule: Rule, spec: LangSpec, message: Message) -> Iterable[Hit]:
        if message.spans(rule.id) or not message.sentences or spec.insert is None:
            return []
        insert = spec.insert.render({})
        place = rule.params["place"]
        if place == "before-closing" and message.spans(CLOSING):
            start, end = _closing_line(message)
            return [Hit(start, end, insert=Insertion(start, insert + "\n\n"))]
        start, end = _anchor_sentence(message, rule, place)
        return [Hit(start, end, insert=Insertion(end, " " + insert))]


def _anchor_sentence(message: Message, rule: Rule, place: str) -> tuple[int, int]:
    """The sentence that states the intent (for after-intent), else the last sentence."""
    intent_spans = message.spans(marker_key(rule.when_intent or ""))
    if place == "after-intent" and intent_spans:
        sentence = message.doc[intent_spans[0][0]].sent
        return message.bounds(sentence)
    return message.sentence_bounds[-1]


def _closing_line(message: Message) -> tuple[int, int]:
    """From the last sign-off ("Best regards") to the end of its line."""
    start, _ = message.char_span(message.spans(CLOSING)[-1])
    text = message.text
    end = min(
        (i for i in (text.find("\n", start), text.find("\r", start)) if i >= 0), default=len(text)
    )
    return start, len(text[:end].rstrip())


KIND = ChecklistKind()
