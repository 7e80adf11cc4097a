"""Compiling the rules of one language for one pipeline: done once, reused for every message."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from tonecheck.errors import RuleError
from tonecheck.nlp import Pipeline
from tonecheck.report import SkippedRule
from tonecheck.rules.kinds import KINDS
from tonecheck.rules.kinds.base import Kind
from tonecheck.rules.kinds.checklist import marker_key
from tonecheck.rules.kinds.mixed import variant_key
from tonecheck.rules.matchers import MatcherSet, PatternError
from tonecheck.rules.model import Condition, LangSpec, Location, Marker, MatchSpec, Rule
from tonecheck.rules.tonemodel import ToneModel

NEED_REASONS = {
    "pos": "needs part-of-speech tags: run with --model and a trained spaCy pipeline",
    "dep": "needs a dependency parse: run with --model and a trained spaCy pipeline",
}


def unless_key(rule: Rule, index: int = 0) -> str:
    """The matcher key of a rule's `unless` condition (the first, or the one at `index`)."""
    return f"{rule.id}#unless{index or ''}"


def marker_unless_key(name: str, index: int = 0) -> str:
    return f"{marker_key(name)}#unless{index or ''}"


@dataclass(frozen=True)
class ActiveRule:
    rule: Rule
    spec: LangSpec
    kind: Kind


@dataclass(frozen=True)
class CompiledRules:
    lang: str
    pipeline: Pipeline
    active: tuple[ActiveRule, ...]
    skipped: tuple[SkippedRule, ...]
    matchers: MatcherSet
    intents: tuple[str, ...]
    intent_models: Mapping[str, ToneModel] = field(default_factory=dict)  # intent -> its model
    # intent -> the scope of each condition of its `unless`
    intent_unless: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def compile_rules(
    rules: Iterable[Rule], markers: Iterable[Marker], pipeline: Pipeline
) -> CompiledRules:
    """Register every rule and marker of the pipeline's language in one set of matchers."""
    lang = pipeline.lang
    matchers = MatcherSet(pipeline)
    intents, intent_models, intent_unless = [], {}, {}
    for marker in markers:
        if lang in marker.langs:
            key = marker_key(marker.name)
            if marker.intent:
                intents.append(marker.name)
                if lang in marker.models:
                    intent_models[marker.name] = marker.models[lang]
                conditions = marker.unless.get(lang, ())
                if conditions:
                    intent_unless[marker.name] = tuple(c.scope for c in conditions)
                keys = partial(marker_unless_key, marker.name)
                _add_unless(matchers, conditions, keys, marker.location)
            else:  # e.g. the sign-off: only a rule that places an insertion asks for it
                matchers.defer(key, key)
            _add(matchers, key, marker.langs[lang], marker.location)
    active, skipped = [], []
    for rule in rules:
        spec = rule.langs.get(lang)
        if spec is None:
            continue
        missing = sorted(need for need in rule.needs if not pipeline.provides(need))
        if missing:
            skipped.append(SkippedRule(rule.id, NEED_REASONS[missing[0]]))
            continue
        active.append(_activate(rule, spec, matchers))
    return CompiledRules(
        lang,
        pipeline,
        tuple(active),
        tuple(skipped),
        matchers,
        tuple(intents),
        intent_models,
        intent_unless,
    )


def _activate(rule: Rule, spec: LangSpec, matchers: MatcherSet) -> ActiveRule:
    kind = KINDS[rule.kind]
    if rule.when_intent is not None:  # asked for only when the message has the intent
        for key in (rule.id, *(variant_key(rule, name) for name in spec.variants)):
            matchers.defer(key, f"intent:{rule.when_intent}")
    try:
        kind.register(rule, spec, matchers)
    except PatternError as exc:
        raise _pattern_error(spec.match.location or rule.location, exc) from None
    _add_unless(matchers, spec.unless, partial(unless_key, rule), rule.location)
    return ActiveRule(rule, spec, kind)


def _add_unless(
    matchers: MatcherSet,
    conditions: Sequence[Condition],
    key: Callable[[int], str],
    where: Location,
) -> None:
    """Register each `unless` condition under its key, matched only when the engine asks (where
    the rule has hits or the intent has evidence)."""
    for i, condition in enumerate(conditions):
        matchers.defer(key(i), key(i))
        _add(matchers, key(i), condition.match, where)


def _add(matchers: MatcherSet, key: str, spec: MatchSpec, where: Location) -> None:
    try:
        matchers.add(key, spec)
    except PatternError as exc:
        raise _pattern_error(spec.location or where, exc) from None


def _pattern_error(where: Location, exc: PatternError) -> RuleError:
    return RuleError(where.path, where.line, f"pattern {exc.index + 1} is invalid: {exc}")
