"""`mixed`: two or more forms that should not meet in one message (Italian "tu" and "Lei").

Each variant is a named set of phrases and patterns. When a message uses more than one, the hit
is the first use of the variant that appears second: the place where the writer switched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tonecheck.rules.kinds.base import Hit, Message
from tonecheck.rules.matchers import MatcherSet
from tonecheck.rules.model import LangSpec, Rule


def variant_key(rule: Rule, name: str) -> str:
    return f"{rule.id}#{name}"


@dataclass(frozen=True)
class MixedKind:
    name: str = "mixed"
    rule_keys: frozenset[str] = frozenset()
    lang_keys: frozenset[str] = frozenset({"variants"})
    fields: frozenset[str] = frozenset({"match", "first", "then"})
    quote_sensitive: bool = True
    unless_on_evidence: bool = False

    def parse(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return {}

    def register(self, rule: Rule, spec: LangSpec, matchers: MatcherSet) -> None:
        for name, match in spec.variants.items():
            matchers.add(variant_key(rule, name), match)

    def find(self, rule: Rule, spec: LangSpec, message: Message) -> Iterable[Hit]:
        firsts = []
        for name in spec.variants:
            # A client's words quoted back are not the writer switching forms of address.
            spans = message.unquoted(variant_key(rule, name))
            if spans:
                firsts.append((message.char_span(spans[0]), name))
        if len(firsts) < 2:
            return []
        firsts.sort()
        (start, end), then = firsts[1]
        return [Hit(start, end, {"first": firsts[0][1], "then": then})]


KIND = MixedKind()
