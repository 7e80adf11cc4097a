"""`model`: each sentence scored by a trained tone model (see tonecheck.rules.tonemodel).

A sentence that scores above the model's threshold is a hit, and so are two or more that score
above its pair threshold, when it has one; its fields name the words that weighed most, so the
writer sees why. Words inside quotation marks do not count: a client's words
quoted back are not the writer's tone. The engine lets these hits yield to an overlapping finding
of the same category from a rule that names the words (that one carries the precise suggestion).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tonecheck.rules.kinds.base import Hit, Message
from tonecheck.rules.matchers import MatcherSet
from tonecheck.rules.model import LangSpec, Rule


@dataclass(frozen=True)
class ModelKind:
    name: str = "model"
    rule_keys: frozenset[str] = frozenset()
    lang_keys: frozenset[str] = frozenset({"model"})
    fields: frozenset[str] = frozenset({"match", "words"})
    quote_sensitive: bool = True
    unless_on_evidence: bool = False

    def parse(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return {}

    def register(self, rule: Rule, spec: LangSpec, matchers: MatcherSet) -> None:
        pass  # a model reads the sentences themselves, no phrase or pattern

    def find(self, rule: Rule, spec: LangSpec, message: Message) -> Iterable[Hit]:
        model = spec.model
        if model is None:
            return []
        hits = []
        for i in message.flagged_sentences(model):
            reasons = ", ".join(f"“{r}”" for r in model.reasons(message.sentence_words[i]))
            hits.append(Hit(*message.bounds(message.sentences[i]), {"words": reasons}))
        return hits


KIND = ModelKind()
