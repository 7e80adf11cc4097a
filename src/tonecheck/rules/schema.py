"""Loading rule packs: strict YAML to validated, located Rule values.

Every mistake is reported as `file:line: what is wrong` before any text is read: unknown keys
(with a "did you mean"), bad levels, kinds and ids, invalid spaCy patterns, unknown template
fields, missing messages, suggestions or examples.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tonecheck import yamlsafe
from tonecheck.errors import RuleError
from tonecheck.nlp import LANGUAGES
from tonecheck.report import CATEGORIES, Level
from tonecheck.rules import regexcheck
from tonecheck.rules.kinds import KINDS
from tonecheck.rules.kinds.base import Kind, KindError
from tonecheck.rules.kinds.metric import required_limits, uses_hits
from tonecheck.rules.model import (
    Condition,
    Example,
    LangSpec,
    Location,
    Marker,
    MatchSpec,
    Profile,
    Rule,
    RuleBook,
)
from tonecheck.rules.template import Template, TemplateError, parse
from tonecheck.rules.tonemodel import ModelError, ToneModel, load_model
from tonecheck.yamlsafe import LocDict, LocList

RULE_ID = re.compile(r"^[a-z]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$")
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
RULE_KEYS = frozenset(
    {
        "id",
        "kind",
        "level",
        "enabled",
        "summary",
        "message",
        "explain",
        "needs",
        "quotes",
        "min_count",
    }
    | {"when", "language_specific", "limits", *LANGUAGES}
)
LANG_KEYS = frozenset(
    {"message", "explain", "suggest", "fix", "rewrite", "unless", "examples", "limits"}
)
MATCH_KEYS = frozenset({"phrases", "lexicon", "patterns", "exact"})
# `exact`: false matches phrases on lemmas, true on lower-cased words, case on the exact text.
EXACT: dict[object, str] = {False: "LEMMA", True: "LOWER", "case": "ORTH"}
NEEDS = ("pos", "dep")
PROFILE_INTENTS = ("auto", "none")
MAX_LEXICON_BYTES = 2 * 1024 * 1024


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@dataclass
class _PackReader:
    """Reads one YAML file of a pack; every error names this file."""

    path: Path
    root: Path  # lexicon files must stay inside this folder
    shown: str  # the path as the user should see it
    owner: str = ""  # "rule 'id': " while a rule is read, so that a bad pattern names its rule

    def fail(self, line: int, message: str) -> RuleError:
        return RuleError(self.shown, line, message)

    def where(self, line: int) -> Location:
        return Location(self.shown, line)

    # -- generic value checks ------------------------------------------------------------------

    def mapping(self, value: Any, line: int, what: str) -> LocDict:
        if not isinstance(value, LocDict):
            raise self.fail(line, f"{what} must be a mapping")
        return value

    def seq(self, value: Any, line: int, what: str) -> LocList:
        if not isinstance(value, LocList):
            raise self.fail(line, f"{what} must be a list")
        return value

    def text(self, data: LocDict, key: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(data.line, f"missing {key!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(data.line_of(key), f"{key!r} must be non-empty text")
        return value.strip()

    def texts(self, data: LocDict, key: str) -> tuple[str, ...]:
        if key not in data:
            return ()
        items = self.seq(data[key], data.line_of(key), repr(key))
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(items.line_of(i), f"every item of {key!r} must be non-empty text")
        return tuple(item.strip() for item in items)

    def keys(self, data: LocDict, allowed: Iterable[str], what: str) -> None:
        allowed = frozenset(allowed)
        for key in data:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                raise self.fail(data.line_of(key), f"unknown key {key!r} in {what}{hint}")

    def choice(self, data: LocDict, key: str, choices: Iterable[str], default: str) -> str:
        value = data.get(key, default)
        choices = tuple(choices)
        if value not in choices:
            hint = did_you_mean(str(value), choices)
            raise self.fail(
                data.line_of(key),
                f"{key!r} must be one of {', '.join(choices)}, not {value!r}{hint}",
            )
        return str(value)

    def template(self, source: str, line: int, fields: frozenset[str]) -> Template:
        try:
            return parse(source, fields)
        except TemplateError as exc:
            raise self.fail(line, str(exc)) from None

    def number(self, data: LocDict, key: str) -> float:
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(data.line_of(key), f"{key!r} must be a number")
        return float(value)

    # -- matching --------------------------------------------------------------------------------

    def match_spec(self, data: LocDict, allowed: frozenset[str], *, dependency: bool) -> MatchSpec:
        phrases = self.texts(data, "phrases") if "phrases" in allowed else ()
        if "lexicon" in allowed and "lexicon" in data:
            phrases += self.lexicon(data)
        patterns = self.patterns(data, dependency) if "patterns" in allowed else ()
        exact = data.get("exact", False)
        if not isinstance(exact, (bool, str)) or exact not in EXACT:
            raise self.fail(data.line_of("exact"), "'exact' must be true, false or case")
        return MatchSpec(phrases, patterns, EXACT[exact], self.where(data.line))

    def conditions(self, data: LocDict) -> tuple[Condition, ...]:
        """A section's `unless`: evidence that silences it in a sentence or the message. One
        condition, or a list of them when some evidence counts in its sentence and some anywhere
        in the message."""
        if "unless" not in data:
            return ()
        value, line = data["unless"], data.line_of("unless")
        if isinstance(value, LocList):
            if not value:
                raise self.fail(line, "'unless' is an empty list")
            return tuple(
                self.condition(self.mapping(item, value.line_of(i), "an 'unless' condition"))
                for i, item in enumerate(value)
            )
        return (self.condition(self.mapping(value, line, "'unless'")),)

    def condition(self, cond: LocDict) -> Condition:
        self.keys(cond, MATCH_KEYS | {"scope"}, "'unless'")
        spec = self.match_spec(cond, MATCH_KEYS, dependency=False)
        if not spec:
            raise self.fail(cond.line, "'unless' has nothing to match")
        return Condition(spec, self.choice(cond, "scope", ("sentence", "message"), "sentence"))

    def lexicon(self, data: LocDict) -> tuple[str, ...]:
        line = data.line_of("lexicon")
        names = data["lexicon"]
        names = [names] if isinstance(names, str) else self.seq(names, line, "'lexicon'")
        return tuple(word for name in names for word in self.lexicon_file(str(name), line))

    def pack_file(self, name: str, line: int, what: str) -> Path:
        """A file a rule names (a lexicon, a model), relative to its YAML file, inside the pack."""
        file = (self.path.parent / name).resolve()
        if not file.is_relative_to(self.root.resolve()):
            raise self.fail(line, f"{what} {name!r} is outside the rule pack folder")
        if not file.is_file():
            raise self.fail(line, f"{what} {name!r} not found")
        return file

    def lexicon_file(self, name: str, line: int) -> list[str]:
        file = self.pack_file(name, line, "lexicon")
        if file.stat().st_size > MAX_LEXICON_BYTES:
            raise self.fail(line, f"lexicon {name!r} is larger than 2 MB")
        lines = file.read_text(encoding="utf-8").splitlines()
        return [w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#")]

    def model_file(self, data: LocDict, lang: str, category: str) -> ToneModel | None:
        """The tone model a `model` rule's section names, read and checked."""
        if "model" not in data:
            return None
        line = data.line_of("model")
        name = data["model"]
        if not isinstance(name, str) or not name.strip():
            raise self.fail(line, "'model' must be the path of a model file")
        file = self.pack_file(name, line, "model")
        try:
            return load_model(file, lang, category)
        except (OSError, ModelError) as exc:
            raise self.fail(line, f"model {name!r}: {exc}") from None

    def patterns(self, data: LocDict, dependency: bool) -> tuple[Any, ...]:
        if "patterns" not in data:
            return ()
        items = self.seq(data["patterns"], data.line_of("patterns"), "'patterns'")
        check = _dependency_problems if dependency else _token_problems
        for i, pattern in enumerate(items):
            problems = check(pattern)
            if problems:
                message = f"{self.owner}invalid pattern: {'; '.join(problems[:3])}"
                raise self.fail(items.line_of(i), message)
        return tuple(regexcheck.bounded_pattern(_plain(p)) for p in items)


def _token_problems(pattern: Any) -> list[str]:
    from spacy.schemas import validate_token_pattern

    if not isinstance(pattern, list) or not pattern:
        return ["a token pattern is a non-empty list of token descriptions"]
    problems = [str(p) for p in validate_token_pattern(_plain(pattern))]
    return problems or _regex_problems(pattern)


def _dependency_problems(pattern: Any) -> list[str]:
    if not isinstance(pattern, list) or not pattern:
        return ["a dependency pattern is a non-empty list of nodes"]
    problems: list[str] = []
    for i, node in enumerate(pattern):
        if not isinstance(node, dict) or "RIGHT_ID" not in node or "RIGHT_ATTRS" not in node:
            problems.append(f"node {i} needs RIGHT_ID and RIGHT_ATTRS")
        elif i and not {"LEFT_ID", "REL_OP"} <= set(node):
            problems.append(f"node {i} needs LEFT_ID and REL_OP")
        else:
            problems += _token_problems([node["RIGHT_ATTRS"]])
    return problems


def _regex_problems(pattern: list[Any]) -> list[str]:
    problems = []
    for regex in regexcheck.regexes(pattern):
        try:
            re.compile(regex)
        except re.error as exc:
            problems.append(f"bad REGEX {regex!r}: {exc}")
            continue
        slow = regexcheck.problem(regex)
        if slow is not None:
            problems.append(f"REGEX {regex!r} can take exponential time: {slow}; rewrite it")
    return problems


def _plain(value: Any) -> Any:
    """Located YAML containers to plain dicts and lists, as spaCy expects."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# -- rules ----------------------------------------------------------------------------------------


@dataclass
class _RuleParser:
    reader: _PackReader
    data: LocDict
    kind: Kind = field(init=False)
    category: str = field(init=False, default="")

    def parse(self) -> Rule:
        r, data = self.reader, self.data
        rule_id = self.rule_id()
        self.category = rule_id.split(".", 1)[0]
        r.owner = f"rule {rule_id!r}: "
        self.kind = KINDS[r.choice(data, "kind", KINDS, "")]
        r.keys(data, RULE_KEYS | self.kind.rule_keys, f"rule {rule_id!r}")
        message_fields = self.kind.fields
        langs = {lang: self.lang(lang) for lang in LANGUAGES if lang in data}
        if not langs:
            raise r.fail(data.line, f"rule {rule_id!r} has no language section (en: or it:)")
        params = self.params()
        limits = self.limits(data)
        self.check_limits(limits, langs, params)
        return Rule(
            id=rule_id,
            kind=self.kind.name,
            level=Level(r.choice(data, "level", [lv.value for lv in Level], "")),
            summary=self.summary(),
            message=r.template(
                str(r.text(data, "message")), data.line_of("message"), message_fields
            ),
            explain=str(r.text(data, "explain")),
            langs=langs,
            location=r.where(data.line),
            needs=self.needs(),
            quotes=self.flag("quotes", False),
            enabled=self.flag("enabled", True),
            min_count=self.min_count(),
            when_intent=self.when(),
            language_specific=self.language_specific(langs),
            limits=limits,
            params=params,
        )

    def rule_id(self) -> str:
        rule_id = self.reader.text(self.data, "id")
        line = self.data.line_of("id")
        if rule_id is None or not RULE_ID.match(rule_id):
            raise self.reader.fail(line, f"rule id {rule_id!r} must be dotted lower-case words")
        category = rule_id.split(".", 1)[0]
        if category not in CATEGORIES:
            hint = did_you_mean(category, CATEGORIES)
            raise self.reader.fail(line, f"unknown category {category!r} in {rule_id!r}{hint}")
        return rule_id

    def summary(self) -> str:
        summary = str(self.reader.text(self.data, "summary"))
        if "\n" in summary:
            raise self.reader.fail(self.data.line_of("summary"), "'summary' must be one line")
        return summary

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.reader.fail(self.data.line_of(key), f"{key!r} must be true or false")
        return value

    def min_count(self) -> int:
        value = self.data.get("min_count", 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.reader.fail(self.data.line_of("min_count"), "'min_count' must be 1 or more")
        return value

    def needs(self) -> frozenset[str]:
        needs = set(self.reader.texts(self.data, "needs"))
        for need in needs:
            if need not in NEEDS:
                raise self.reader.fail(
                    self.data.line_of("needs"), f"'needs' takes {' and '.join(NEEDS)}, not {need!r}"
                )
        if self.kind.name == "dependency":
            needs.add("dep")
        return frozenset(needs)

    def when(self) -> str | None:
        if "when" not in self.data:
            if self.kind.name == "checklist":
                raise self.reader.fail(self.data.line, "a checklist rule needs 'when: {intent: …}'")
            return None
        when = self.reader.mapping(self.data["when"], self.data.line_of("when"), "'when'")
        self.reader.keys(when, {"intent"}, "'when'")
        return self.reader.text(when, "intent")

    def language_specific(self, langs: Mapping[str, LangSpec]) -> str | None:
        reason = self.reader.text(self.data, "language_specific", required=False)
        if reason is not None and len(langs) != 1:
            raise self.reader.fail(
                self.data.line_of("language_specific"),
                "a language-specific rule has exactly one language section",
            )
        return reason

    def params(self) -> Mapping[str, Any]:
        params = {key: self.data[key] for key in self.kind.rule_keys if key in self.data}
        try:
            return self.kind.parse(params)
        except KindError as exc:
            raise self.reader.fail(self.data.line_of(exc.key), exc.message) from None

    # -- one language section ---------------------------------------------------------------------

    def lang(self, lang: str) -> LangSpec:
        r = self.reader
        data = r.mapping(self.data[lang], self.data.line_of(lang), f"{lang!r}")
        r.keys(data, LANG_KEYS | self.kind.lang_keys, f"the {lang!r} section")
        fields = self.kind.fields
        flag, passing = self.examples(data, lang)
        spec = LangSpec(
            lang=lang,
            match=r.match_spec(
                data, self.kind.lang_keys, dependency=self.kind.name == "dependency"
            ),
            examples_flag=tuple(flag),
            examples_pass=tuple(passing),
            suggest=tuple(
                r.template(s, data.line_of("suggest"), fields) for s in r.texts(data, "suggest")
            ),
            message=self._optional_template(data, "message", fields),
            explain=r.text(data, "explain", required=False),
            fix=self._optional_template(data, "fix", fields),
            rewrite=self.rewrite(data),
            unless=self.reader.conditions(data),
            insert=self._optional_template(data, "insert", frozenset()),
            limits=self.limits(data),
            variants=self.variants(data),
            model=r.model_file(data, lang, self.category),
            location=r.where(data.line),
        )
        self.check_lang(spec, self.data.line_of(lang), lang)
        return spec

    def _optional_template(
        self, data: LocDict, key: str, fields: frozenset[str]
    ) -> Template | None:
        """A template under key; a `fix` may be empty (it deletes the match)."""
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, str) or (key != "fix" and not value.strip()):
            raise self.reader.fail(data.line_of(key), f"{key!r} must be non-empty text")
        return self.reader.template(value.strip(), data.line_of(key), fields)

    def check_lang(self, spec: LangSpec, line: int, lang: str) -> None:
        r, name = self.reader, self.kind.name
        if name in ("phrase", "pattern", "dependency", "checklist") and not spec.match:
            raise r.fail(line, f"the {lang!r} section has nothing to match")
        if spec.fix is not None and "rewritten" in spec.fix.fields and not spec.rewrite:
            raise r.fail(
                line, f"the {lang!r} section's fix uses {{rewritten}} but has no 'rewrite'"
            )
        if name == "model" and spec.model is None:
            raise r.fail(line, f"the {lang!r} section of a model rule needs 'model'")
        if name == "mixed" and len(spec.variants) < 2:
            raise r.fail(line, f"the {lang!r} section needs two or more 'variants'")
        if name == "checklist" and spec.insert is None:
            raise r.fail(line, f"the {lang!r} section of a checklist rule needs 'insert'")
        if name != "checklist" and not (spec.suggest or spec.fix or spec.rewrite):
            raise r.fail(line, f"the {lang!r} section needs 'suggest', 'fix' or 'rewrite'")

    def check_limits(
        self, limits: Mapping[str, float], langs: Mapping[str, LangSpec], params: Mapping[str, Any]
    ) -> None:
        if self.kind.name != "metric":
            if limits or any(spec.limits for spec in langs.values()):
                raise self.reader.fail(self.data.line, "only metric rules take 'limits'")
            return
        needed = required_limits(params)
        for lang, spec in langs.items():
            if not set(needed) & {**limits, **spec.limits}.keys():
                wanted = " or ".join(f"'limits: {{{key}: …}}'" for key in needed)
                raise self.reader.fail(self.data.line, f"needs {wanted} for {lang!r}")
            self.check_hits(spec, lang, uses_hits(params))

    def check_hits(self, spec: LangSpec, lang: str, counted: bool) -> None:
        """A metric's phrases and patterns exist only to be counted by `hits`."""
        line = self.data.line_of(lang)
        if counted and not spec.match:
            raise self.reader.fail(
                line,
                f"the {lang!r} section has nothing to match: 'hits' counts its phrases or patterns",
            )
        if spec.match and not counted:
            raise self.reader.fail(
                line,
                f"the {lang!r} section has phrases or patterns; the measure does not use 'hits'",
            )

    def variants(self, data: LocDict) -> dict[str, MatchSpec]:
        if "variants" not in data:
            return {}
        r = self.reader
        variants = r.mapping(data["variants"], data.line_of("variants"), "'variants'")
        found = {}
        for name, body in variants.items():
            body = r.mapping(body, variants.line_of(name), f"variant {name!r}")
            r.keys(body, MATCH_KEYS, f"variant {name!r}")
            found[name] = r.match_spec(body, MATCH_KEYS, dependency=False)
            if not found[name]:
                raise r.fail(body.line, f"variant {name!r} has nothing to match")
        return found

    def rewrite(self, data: LocDict) -> tuple[tuple[str, str], ...]:
        if "rewrite" not in data:
            return ()
        mapping = self.reader.mapping(data["rewrite"], data.line_of("rewrite"), "'rewrite'")
        for key, value in mapping.items():
            if not isinstance(value, str):
                raise self.reader.fail(mapping.line_of(key), f"rewrite of {key!r} must be text")
        return tuple((k, v) for k, v in mapping.items())

    def limits(self, data: LocDict) -> dict[str, float]:
        if "limits" not in data:
            return {}
        return _limits(self.reader, data["limits"], data.line_of("limits"))

    def examples(self, data: LocDict, lang: str) -> tuple[list[Example], list[Example]]:
        r = self.reader
        if "examples" not in data:
            raise r.fail(data.line, f"the {lang!r} section needs 'examples' with 'flag' and 'pass'")
        ex = r.mapping(data["examples"], data.line_of("examples"), "'examples'")
        r.keys(ex, {"flag", "pass"}, "'examples'")
        found: dict[str, list[Example]] = {}
        for key in ("flag", "pass"):
            if not ex.get(key):
                line = data.line_of("examples")
                raise r.fail(line, f"'examples' needs at least one {key!r} example")
            items = r.seq(ex[key], ex.line_of(key), repr(key))
            found[key] = [self.example(items, i, flag=key == "flag") for i in range(len(items))]
        return found["flag"], found["pass"]

    def example(self, items: LocList, index: int, *, flag: bool) -> Example:
        r, item, line = self.reader, items[index], items.line_of(index)
        needs_match = flag and self.kind.name not in ("metric", "checklist", "mixed")
        if isinstance(item, str):
            return _bracketed(r, item.strip(), line, needs_match) if flag else Example(item.strip())
        if not isinstance(item, LocDict):
            raise r.fail(line, "an example is text or a mapping with 'text'")
        allowed = {"text", "match"} if flag else {"text"}
        r.keys(item, allowed | ({"limits"} if self.kind.name == "metric" else set()), "an example")
        text = str(r.text(item, "text"))
        match = r.text(item, "match", required=needs_match) if flag else None
        if match is not None and match not in text:
            raise r.fail(line, f"the expected match {match!r} is not in the text")
        limits = _limits(r, item["limits"], item.line_of("limits")) if "limits" in item else {}
        return Example(text, match, limits)


def _bracketed(r: _PackReader, item: str, line: int, needs_match: bool) -> Example:
    """'You [failed to] send it.' -> text without brackets, match 'failed to'."""
    if item.count("[") == 1 and item.count("]") == 1 and item.index("[") < item.index("]"):
        before, rest = item.split("[", 1)
        inside, after = rest.split("]", 1)
        return Example(before + inside + after, inside)
    if needs_match:
        raise r.fail(line, "mark the text the rule flags with [brackets] in each 'flag' example")
    return Example(item)


def _limits(r: _PackReader, value: Any, line: int) -> dict[str, float]:
    data = r.mapping(value, line, "'limits'")
    r.keys(data, {"max", "min"}, "'limits'")
    return {key: r.number(data, key) for key in data}


# -- markers and profiles -------------------------------------------------------------------------


def _markers(r: _PackReader, value: Any, line: int) -> Iterator[Marker]:
    data = r.mapping(value, line, "'markers'")
    for name, body in data.items():
        where = data.line_of(name)
        if not NAME.match(name):
            raise r.fail(where, f"marker name {name!r} must be lower-case words joined by '-'")
        body = r.mapping(body, where, f"marker {name!r}")
        r.keys(body, {"intent", *LANGUAGES}, f"marker {name!r}")
        intent = body.get("intent", False)
        if not isinstance(intent, bool):
            raise r.fail(body.line_of("intent"), "'intent' must be true or false")
        langs, models, unless = {}, {}, {}
        for lang in LANGUAGES:
            if lang in body:
                spec = r.mapping(body[lang], body.line_of(lang), f"{lang!r}")
                # Only an intent takes a model or an `unless`: a sign-off is a phrase and no more.
                allowed = MATCH_KEYS | {"model", "unless"} if intent else MATCH_KEYS
                r.keys(spec, allowed, f"the {lang!r} section of marker {name!r}")
                langs[lang] = r.match_spec(spec, MATCH_KEYS, dependency=False)
                model = r.model_file(spec, lang, name)
                if model is not None:
                    models[lang] = model
                conditions = r.conditions(spec)
                if conditions:
                    unless[lang] = conditions
        yield Marker(name, intent, langs, r.where(where), models, unless)


def _profiles(r: _PackReader, value: Any, line: int) -> Iterator[Profile]:
    data = r.mapping(value, line, "'profiles'")
    for name, body in data.items():
        where = data.line_of(name)
        body = r.mapping(body, where, f"profile {name!r}")
        r.keys(body, {"description", "intent", "limits"}, f"profile {name!r}")
        limits_data = r.mapping(body.get("limits", LocDict()), body.line_of("limits"), "'limits'")
        limits = {k: _limits(r, v, limits_data.line_of(k)) for k, v in limits_data.items()}
        intent = body.get("intent", "auto")
        if not isinstance(intent, str):
            raise r.fail(body.line_of("intent"), "'intent' must be text")
        description = str(r.text(body, "description"))
        yield Profile(name, description, intent, limits, r.where(where))


# -- packs ----------------------------------------------------------------------------------------


@dataclass
class _Pack:
    rules: list[Rule] = field(default_factory=list)
    markers: dict[str, Marker] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)


def _read_file(reader: _PackReader, pack: _Pack) -> None:
    try:
        if reader.path.stat().st_size > yamlsafe.MAX_BYTES:  # refused before it is read
            raise reader.fail(1, f"larger than {yamlsafe.MAX_BYTES // 1024**2} MB")
        text = reader.path.read_text(encoding="utf-8")
        data = yamlsafe.load(text)
    except yamlsafe.YamlError as exc:
        raise reader.fail(exc.line, exc.message) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise reader.fail(1, f"cannot read: {exc}") from None
    if data is None:
        return
    data = reader.mapping(data, 1, "a rule file")
    reader.keys(data, {"rules", "markers", "profiles"}, "a rule file")
    for i, item in enumerate(
        reader.seq(data.get("rules", LocList()), data.line_of("rules"), "'rules'")
    ):
        rule_data = reader.mapping(item, data["rules"].line_of(i), "a rule")
        pack.rules.append(_RuleParser(reader, rule_data).parse())
    reader.owner = ""
    for marker in _markers(reader, data.get("markers", LocDict()), data.line_of("markers")):
        _add_unique(pack.markers, marker.name, marker, marker.location, "marker")
    for profile in _profiles(reader, data.get("profiles", LocDict()), data.line_of("profiles")):
        _add_unique(pack.profiles, profile.name, profile, profile.location, "profile")


def _add_unique(table: dict[str, Any], name: str, value: Any, where: Location, what: str) -> None:
    if name in table:
        raise RuleError(
            where.path, where.line, f"{what} {name!r} already defined at {table[name].location}"
        )
    table[name] = value


def pack_files(path: Path) -> list[Path]:
    """The YAML files of a pack: a file, or the *.yaml files under a folder, in a stable order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise RuleError(str(path), 1, "rule pack not found (expected a folder or a .yaml file)")
    found = sorted(p for p in path.rglob("*.yaml") if not _hidden(p.relative_to(path)))
    root = path.resolve()
    for file in found:  # a link in a shared pack must not make tonecheck read a file elsewhere
        if not file.resolve().is_relative_to(root):
            raise RuleError(str(file), 1, "a link to a file outside the rule pack folder")
    return found


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def load_rulebook(packs: Iterable[Path], show: Callable[[Path], str] = str) -> RuleBook:
    """Load and cross-check every pack; the first problem raises RuleError."""
    merged = _Pack()
    for pack_path in packs:
        root = pack_path if pack_path.is_dir() else pack_path.parent
        for file in pack_files(pack_path):
            _read_file(_PackReader(file, root, show(file)), merged)
    _check_unique_ids(merged.rules)
    _check_references(merged)
    return RuleBook(tuple(merged.rules), dict(merged.markers), dict(merged.profiles))


def _check_unique_ids(rules: list[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            where = rule.location
            raise RuleError(
                where.path,
                where.line,
                f"rule id {rule.id!r} already defined at {seen[rule.id].location}",
            )
        seen[rule.id] = rule


def _check_references(pack: _Pack) -> None:
    intents = {m.name for m in pack.markers.values() if m.intent}
    rule_ids = {r.id for r in pack.rules}
    for rule in pack.rules:
        if rule.when_intent is not None and rule.when_intent not in intents:
            hint = did_you_mean(rule.when_intent, intents)
            raise RuleError(
                rule.location.path, rule.location.line, f"unknown intent {rule.when_intent!r}{hint}"
            )
    for profile in pack.profiles.values():
        where = profile.location
        if profile.intent not in (*PROFILE_INTENTS, *intents):
            raise RuleError(
                where.path,
                where.line,
                f"profile {profile.name!r}: unknown intent {profile.intent!r}",
            )
        for rule_id in profile.limits:
            if rule_id not in rule_ids:
                hint = did_you_mean(rule_id, rule_ids)
                raise RuleError(
                    where.path,
                    where.line,
                    f"profile {profile.name!r}: unknown rule {rule_id!r}{hint}",
                )
