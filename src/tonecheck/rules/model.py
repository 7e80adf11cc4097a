"""Rules as loaded from YAML: plain, frozen values with the place they came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tonecheck.report import Level
from tonecheck.rules.template import Template
from tonecheck.rules.tonemodel import ToneModel


@dataclass(frozen=True)
class Location:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class MatchSpec:
    """Phrases and spaCy token patterns in one language.

    Phrases match on `attr`: LEMMA (so "your mistake" also finds "your mistakes"), LOWER (the
    words, in any case) or ORTH (the words exactly as written, e.g. capitals). Patterns are
    spaCy Matcher (or DependencyMatcher) patterns.
    """

    phrases: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()
    attr: str = "LEMMA"
    location: Location | None = None

    def __bool__(self) -> bool:
        return bool(self.phrases or self.patterns)


@dataclass(frozen=True)
class Condition:
    """Evidence that silences a rule when found in the same sentence or the whole message."""

    match: MatchSpec
    scope: str  # "sentence" | "message"


@dataclass(frozen=True)
class Example:
    """A text a rule must flag (with the text it flags) or must pass.

    `limits` scales a metric rule down so that its example can stay short.
    """

    text: str
    match: str | None = None  # None: the rule must not flag it, or the match is not checked
    limits: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LangSpec:
    """What a rule does in one language."""

    lang: str
    match: MatchSpec
    examples_flag: tuple[Example, ...]
    examples_pass: tuple[Example, ...]
    message: Template | None = None  # the rule's message in this language, when it has its own
    explain: str | None = None  # the rule's explanation in this language, when it has its own
    suggest: tuple[Template, ...] = ()
    fix: Template | None = None
    rewrite: tuple[tuple[str, str], ...] = ()
    unless: tuple[Condition, ...] = ()  # each silences the rule on its own evidence
    insert: Template | None = None
    limits: Mapping[str, float] = field(default_factory=dict)
    variants: Mapping[str, MatchSpec] = field(default_factory=dict)
    model: ToneModel | None = None  # a `model` rule's trained scorer
    location: Location | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    level: Level
    summary: str
    message: Template
    explain: str
    langs: Mapping[str, LangSpec]
    location: Location
    needs: frozenset[str] = frozenset()
    quotes: bool = False  # also flag text inside quotation marks
    enabled: bool = True  # false: opt-in, runs only when a configuration names its id
    min_count: int = 1
    when_intent: str | None = None
    language_specific: str | None = None
    limits: Mapping[str, float] = field(default_factory=dict)  # defaults; a language may override
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def category(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.langs)


@dataclass(frozen=True)
class Marker:
    """A named set of phrases and patterns that other rules refer to (an intent, a sign-off)."""

    name: str
    intent: bool
    langs: Mapping[str, MatchSpec]
    location: Location
    # An intent's trained scorer per language: it recognises the intent in words no phrase lists.
    models: Mapping[str, ToneModel] = field(default_factory=dict)
    # Per language, evidence that a sentence does not state the intent after all ("until ... is
    # settled": a pause, not an ending); it silences the phrases and the model alike.
    unless: Mapping[str, tuple[Condition, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    """A named set of defaults for a kind of message (email, chat, letter, termination notice)."""

    name: str
    description: str
    intent: str  # "auto", "none", or the name of an intent to assume
    limits: Mapping[str, Mapping[str, float]]  # rule id -> {"max": …} or {"min": …}
    location: Location


@dataclass(frozen=True)
class RuleBook:
    """Everything the rule packs define."""

    rules: tuple[Rule, ...]
    markers: Mapping[str, Marker]
    profiles: Mapping[str, Profile]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
