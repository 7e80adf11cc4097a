"""The REGEX of a token pattern: refused when it can backtrack catastrophically, and bounded to the
length of a word when it runs.

spaCy gives a REGEX to Python's `re`, a backtracking engine, once per token. Rule packs come from
other teams, so two defences keep one rule from hanging a run:

* At load, `problem` refuses the shapes that take exponential time: a variable quantifier inside
  a repeated group (`(a+)+`, `(a*)*`, `(\\w+\\s?)+`, `(a{2,3})+`) and a repeated alternation
  whose branches can begin with the same character or match nothing (`(a|a)*`, `(a|aa)+`). The
  check is conservative: it also refuses some harmless expressions, such as `(ab?)+`, which can
  always be written without the nesting (a token is one word).
* At run time, `bounded` makes a REGEX see a token of at most MAX_TOKEN characters: a longer token
  (a URL, a run of base64) never matches. What remains is polynomial backtracking (`\\w+ing`
  under `re.search` is quadratic in the token's length), which the bound keeps small.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from typing import Any

MAX_TOKEN = 100  # characters; the longest words of English and Italian are under 50

# Python 3.11 renamed sre_parse to re._parser (the old name warns).
_sre: Any = importlib.import_module("re._parser" if hasattr(re, "_parser") else "sre_parse")
_GLOBAL_FLAGS = re.compile(r"\A(?:\(\?[aiLmsux]+\))+")
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT"})
_FRESH = frozenset({"ATOMIC_GROUP", "POSSESSIVE_REPEAT"})  # no backtracking into what they match

# The first character an alternative can start with: a set of characters, or a test for one.
First = frozenset[str] | Callable[[str], bool]
_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit,
    "CATEGORY_NOT_DIGIT": lambda c: not c.isdigit(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
}


def _anything(c: str) -> bool:
    return True


def problem(regex: str) -> str | None:
    """Why a REGEX can take exponential time, or None."""
    try:
        tree = _sre.parse(regex)
    except re.error as exc:
        return f"invalid: {exc}"
    return _scan(tree.data, repeated=False)


def _scan(items: Iterable[tuple[Any, Any]], *, repeated: bool) -> str | None:
    """`repeated`: inside a group that a quantifier repeats, with backtracking between rounds."""
    for op, av in items:
        name = str(op)
        found = None
        if name in _REPEATS:
            low, high, body = av
            if repeated and low != high:
                return "a quantifier inside a repeated group, as in (a+)+"
            found = _scan(body.data, repeated=repeated or high > 1)
        elif name == "BRANCH":
            if repeated and _overlap(av[1]):
                return "repeated alternatives that can match the same text, as in (a|ab)+"
            found = next((p for p in (_scan(b.data, repeated=repeated) for b in av[1]) if p), None)
        elif name in _FRESH:
            found = _scan((av[2] if name == "POSSESSIVE_REPEAT" else av).data, repeated=False)
        elif name in ("SUBPATTERN", "ASSERT", "ASSERT_NOT"):
            found = _scan(av[-1].data, repeated=repeated)
        elif name == "GROUPREF_EXISTS":
            parts = (_scan(b.data, repeated=repeated) for b in av[1:] if b is not None)
            found = next((p for p in parts if p), None)
        if found:
            return found
    return None


def _overlap(branches: list[Any]) -> bool:
    """Whether two alternatives can begin with the same character (or one can match nothing)."""
    firsts = []
    for branch in branches:
        first, empty = _first(branch.data)
        if empty:
            return True
        firsts.append(first)
    return any(_meet(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1 :])


def _meet(a: list[First], b: list[First]) -> bool:
    for x in a:
        for y in b:
            if isinstance(x, frozenset) and any(_holds(y, c) for c in x):
                return True
            if isinstance(y, frozenset) and any(_holds(x, c) for c in y):
                return True
            if not isinstance(x, frozenset) and not isinstance(y, frozenset):
                return True  # two open classes: assume they share a character
    return False


def _holds(first: First, c: str) -> bool:
    return c in first if isinstance(first, frozenset) else first(c)


def _first(items: list[tuple[Any, Any]]) -> tuple[list[First], bool]:
    """What the sequence can start with, and whether it can match the empty string."""
    found: list[First] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            c = chr(av)
            return [*found, frozenset({c, c.lower(), c.upper()})], False
        if name == "IN":
            return [*found, _class(av)], False
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width
        if name in ("SUBPATTERN", "ATOMIC_GROUP", "BRANCH") or name in _REPEATS:
            inner, empty = _first_of(name, av)
            found += inner
            if not empty:
                return found, False
            continue
        return [*found, _anything], False  # ANY, NOT_LITERAL, a back-reference…
    return found, True


def _first_of(name: str, av: Any) -> tuple[list[First], bool]:
    if name == "BRANCH":
        parts = [_first(b.data) for b in av[1]]
        return [f for first, _ in parts for f in first], any(empty for _, empty in parts)
    if name in _REPEATS:
        first, empty = _first(av[2].data)
        return first, empty or av[0] == 0
    body = av if name == "ATOMIC_GROUP" else av[-1]
    return _first(body.data)


def _class(items: list[tuple[Any, Any]]) -> First:
    """A character class as a set (small and positive) or a test."""
    chars: set[str] = set()
    tests: list[Callable[[str], bool]] = []
    negate = False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars |= {chr(av), chr(av).lower(), chr(av).upper()}
        elif name == "RANGE" and av[1] - av[0] < 256:
            chars |= {chr(c) for c in range(av[0], av[1] + 1)}
        else:
            tests.append(_CATEGORIES.get(str(av), _anything))
    if not negate and not tests:
        return frozenset(chars)
    fixed = frozenset(chars)

    def member(c: str) -> bool:
        return (c in fixed or any(t(c) for t in tests)) != negate

    return member


def bounded(regex: str) -> str:
    """The REGEX as one that never matches a token longer than MAX_TOKEN characters and matches
    a shorter one exactly when the original does (under `re.search`, as spaCy uses it)."""
    flags = _GLOBAL_FLAGS.match(regex)
    head = flags.group() if flags else ""
    body = regex[len(head) :]
    close = "\n)" if "x" in head else ")"  # a verbose expression may end in a comment
    return rf"{head}\A(?=[\s\S]{{0,{MAX_TOKEN}}}\Z)[\s\S]*?(?:{body}{close}"


def bounded_pattern(value: Any) -> Any:
    """A token pattern (or any part of one) with every REGEX made `bounded`."""
    if isinstance(value, list):
        return [bounded_pattern(v) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: _bounded_regex(v) if k == "REGEX" else bounded_pattern(v) for k, v in value.items()}


def _bounded_regex(value: Any) -> Any:
    if isinstance(value, str):
        return bounded(value)
    if isinstance(value, dict):  # {REGEX: {IN: [...]}}
        return {
            k: [bounded(v) for v in vs] if isinstance(vs, list) else vs for k, vs in value.items()
        }
    return value


def regexes(value: Any) -> Iterable[str]:
    """Every REGEX string in a token pattern (or any part of one)."""
    if isinstance(value, list):
        for v in value:
            yield from regexes(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k == "REGEX" and isinstance(v, str):
                yield v
            elif k == "REGEX" and isinstance(v, dict):
                yield from (s for vs in v.values() if isinstance(vs, list) for s in vs)
            else:
                yield from regexes(v)
