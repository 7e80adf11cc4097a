"""A token-pattern matcher for the patterns rules use, driven by an index of their words.

spaCy's Matcher starts every pattern at every token and runs predicates such as `IN` in Python,
so a rule pack of hundreds of patterns would cost many times the pipeline itself. Here each
pattern is compiled to small predicates over a row of token attributes, and filed under the words
of one token it requires exactly once (its anchor). A Doc is read once into rows of attribute
values; each token's words look up the patterns anchored on them, and only those are tried,
outwards from the anchor: the part of the pattern before it backwards, the part after it forwards.

Around each occurrence of an anchor, the longest match is reported: every match spaCy's Matcher
would find lies within one of them (tests/test_tokenmatch.py checks this against spaCy on random
patterns and texts). Patterns that use something not compiled here, or have no anchor, are left to
spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.strings import StringStore
    from spacy.tokens import Doc

Row = Sequence[int]
Check = Callable[[Row], bool]
INFINITE = 1 << 30

# Attributes read into each row; the string ones hold StringStore hashes.
STRING_ATTRS = ("ORTH", "LOWER", "LEMMA", "NORM", "SHAPE", "POS", "TAG", "DEP")
FLAG_ATTRS = (
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
    "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
    "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
)  # fmt: skip
ATTRS = (*STRING_ATTRS, *FLAG_ATTRS, "LENGTH", "SENT_START")
# The spaCy attribute behind each pattern key; a matcher reads only the attributes its patterns use.
SOURCE = {name: name for name in ATTRS} | {"TEXT": "ORTH", "IS_SENT_START": "SENT_START"}
ANCHOR_ATTRS = ("LOWER", "LEMMA", "ORTH", "TEXT", "NORM")
WORD_ATTRS = ("ORTH", "LOWER", "LEMMA", "NORM")
# Flags worth scanning for: rare enough that few tokens of a message have them. (In a row a set
# flag is 1, and so is SENT_START at the start of a sentence.)
_SCAN_FLAGS = ("IS_UPPER", "IS_SENT_START", "IS_TITLE", "LIKE_NUM", "IS_DIGIT", "LIKE_URL")
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}
_QUANTIFIER = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


@dataclass(frozen=True)
class Rows:
    """One Doc's token attributes: a row per token, a list per column, the words present."""

    rows: list[list[int]]
    columns: list[list[int]]
    present: set[int]
    # each column's distinct values, made on first use and shared by the matchers reading the rows
    distinct: dict[int, set[int]] = field(default_factory=dict)

    def values_in(self, column: int) -> set[int]:
        found = self.distinct.get(column)
        if found is None:
            found = self.distinct[column] = set(self.columns[column])
        return found


class Unsupported(ValueError):
    """A pattern this matcher does not compile; spaCy's Matcher runs it instead."""


@dataclass(frozen=True)
class Element:
    check: Check
    low: int
    high: int


@dataclass
class Compiled:
    key: str
    number: int  # its position among the matcher's patterns: an index into per-Doc memos
    before: tuple[Element, ...]  # the elements before the anchor, nearest first
    anchor: Check | None  # None: the index lookup already checked everything the anchor asks
    after: tuple[Element, ...]
    # For each other token the pattern requires, the words it may be: a Doc without one of them
    # cannot match, whatever the anchor. Hashed on first use (most patterns never get there).
    required_words: tuple[frozenset[str], ...]
    strings: StringStore
    _required: tuple[frozenset[int], ...] | None = None

    def possible(self, present: set[int]) -> bool:
        if self._required is None:
            add = self.strings.add
            self._required = tuple(frozenset(map(add, w)) for w in self.required_words)
        # A plain loop: this runs for every candidate pattern of every message.
        for words in self._required:  # noqa: SIM110
            if words.isdisjoint(present):
                return False
        return True


class TokenMatcher:
    """Compiled token patterns, looked up by the words of their anchors."""

    def __init__(
        self,
        strings: StringStore,
        rare: Callable[[str], bool],
        columns: dict[str, int] | None = None,
    ) -> None:
        self._strings = strings
        self._rare = rare  # words worth anchoring on in preference to others
        self._index: dict[int, dict[int, list[Compiled]]] = defaultdict(lambda: defaultdict(list))
        # Patterns without a word to anchor on: tried at every token where a flag their first
        # required token needs is set (or at every token when it needs none).
        self._scan: list[tuple[Compiled, int | None]] = []
        # spaCy attribute -> its position in a row; matchers that share it can share a Doc's rows
        self._columns: dict[str, int] = {"ORTH": 0} if columns is None else columns
        # Single words (most lexicon entries): column -> word hash -> keys, no pattern to try.
        self._words: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._count = 0  # compiled patterns
        self.size = 0

    @property
    def columns(self) -> dict[str, int]:
        return self._columns

    def _column(self, attr: str) -> int:
        """The row position of a pattern key's attribute, assigned on first use."""
        source = SOURCE[attr]
        if source not in self._columns:
            self._columns[source] = len(self._columns)
        return self._columns[source]

    def add_word(self, key: str, attr: str, word: str) -> None:
        """Match one token whose attribute (LOWER, LEMMA, ORTH) is this word."""
        self._words[self._column(attr)][self._strings.add(word)].append(key)
        self.size += 1

    def add(self, key: str, pattern: Sequence[Mapping[str, Any]]) -> None:
        """Compile a pattern; raise Unsupported when it must go to spaCy's Matcher."""
        elements = [self._element(token) for token in pattern]
        position, column, words = self._anchor(pattern)
        if position is None:
            raise Unsupported("no token is required")
        # An anchor token that says only which words it may be is checked by the index lookup.
        looked_up = bool(words) and len(pattern[position]) == 1
        required = tuple(
            found
            for i, token in enumerate(pattern)
            if i != position and "OP" not in token
            for found in [_token_words(token)]
            if found is not None
        )
        compiled = Compiled(
            key,
            self._count,
            tuple(reversed(elements[:position])),
            None if looked_up else elements[position].check,
            tuple(elements[position + 1 :]),
            required,
            self._strings,
        )
        self._count += 1
        if words and column is not None:
            for word in words:
                self._index[column][self._strings.add(word)].append(compiled)
        else:
            self._scan.append((compiled, column))
        self.size += 1

    def read(self, doc: Doc) -> Rows:
        """The Doc's token attributes as this matcher (and any sharing its columns) reads them."""
        from spacy import attrs

        table = doc.to_array([getattr(attrs, name) for name in self._columns])
        table = table.reshape(len(doc), len(self._columns))  # one attribute comes back flat
        words = [self._columns[a] for a in WORD_ATTRS if a in self._columns]
        return Rows(
            table.tolist(),  # type: ignore[arg-type]  # uint64 values
            table.T.tolist(),
            set(table[:, words].ravel().tolist()),
        )

    def __call__(self, doc: Doc, shared: Rows | None = None) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match in the Doc (read once with `read` if shared)."""
        if not self.size or not len(doc):
            return []
        read = self.read(doc) if shared is None else shared
        present = read.present
        found: set[tuple[str, int, int]] = set()
        for column, keys_of in self._words.items():
            values = read.columns[column]
            here = keys_of.keys() & read.values_in(column)
            for i, value in enumerate(values):
                if value in here:
                    found.update((key, i, i + 1) for key in keys_of[value])
        rows = read.rows
        # Whether each pattern's other required words are in the Doc: 0 not asked yet, 1 yes, 2 no.
        known = bytearray(self._count)
        for column, by_word in self._index.items():
            values = read.columns[column]
            candidates = {}  # each anchor word of the Doc -> its patterns that can match here
            for value in by_word.keys() & read.values_in(column):
                kept = [c for c in by_word[value] if _possible(c, present, known)]
                if kept:
                    candidates[value] = kept
            if not candidates:
                continue
            for i, value in enumerate(values):
                patterns = candidates.get(value)
                if patterns is None:
                    continue
                row = rows[i]
                for compiled in patterns:
                    if compiled.anchor is None or compiled.anchor(row):
                        match = _longest(compiled, rows, i)
                        if match is not None:
                            found.add(match)
        for compiled, flag in self._scan:
            if not compiled.possible(present):
                continue
            anchor = compiled.anchor or _anything
            for i, row in enumerate(rows):
                if (flag is None or row[flag] == 1) and anchor(row):
                    match = _longest(compiled, rows, i)
                    if match is not None:
                        found.add(match)
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    # -- compiling ------------------------------------------------------------------------------

    def _anchor(
        self, pattern: Sequence[Mapping[str, Any]]
    ) -> tuple[int | None, int | None, frozenset[str]]:
        """The required single token whose words are rarest, with its column and words; without
        one, the first required token, with a flag column it needs set (if any) and no words."""
        best: tuple[tuple[int, int], int, int, frozenset[str]] | None = None
        for position, token in enumerate(pattern):
            if "OP" in token:
                continue
            for attr in ANCHOR_ATTRS:
                words = _words(token[attr]) if attr in token else None
                if words is None:
                    continue
                cost = (sum(not self._rare(w) for w in words), len(words))
                if best is None or cost < best[0]:
                    best = (cost, position, self._column(attr), words)
        if best is not None:
            return best[1], best[2], best[3]
        required = [i for i, token in enumerate(pattern) if "OP" not in token]
        if not required:
            return None, None, frozenset()
        token = pattern[required[0]]
        flags = [a for a in _SCAN_FLAGS if token.get(a) is True]
        return required[0], self._column(flags[0]) if flags else None, frozenset()

    def _element(self, token: Mapping[str, Any]) -> Element:
        low, high = _quantity(token.get("OP"))
        checks = [self._check(attr, value) for attr, value in token.items() if attr != "OP"]
        check = _all(checks)
        if token.get("OP") == "!":
            check = _negate(check)
        return Element(check, low, high)

    def _check(self, attr: str, value: Any) -> Check:
        if attr not in SOURCE:
            raise Unsupported(f"attribute {attr}")
        column = self._column(attr)
        if attr in ("IS_SENT_START", "SENT_START"):
            return _sent_start(column, bool(value))
        if isinstance(value, Mapping):
            return _all([self._predicate(attr, column, op, arg) for op, arg in value.items()])
        return self._equals(attr, column, value)

    def _equals(self, attr: str, column: int, value: Any) -> Check:
        if attr in FLAG_ATTRS:
            if not isinstance(value, bool):
                raise Unsupported(f"{attr} {value!r}")
            return lambda row: bool(row[column]) is value
        if attr == "LENGTH":
            if isinstance(value, bool) or not isinstance(value, int):
                raise Unsupported(f"LENGTH {value!r}")
            return lambda row: row[column] == value
        if not isinstance(value, str):
            raise Unsupported(f"{attr} {value!r}")
        h = self._strings.add(value)
        return lambda row: row[column] == h

    def _predicate(self, attr: str, column: int, op: str, arg: Any) -> Check:
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and attr not in FLAG_ATTRS:
            if attr == "LENGTH":
                lengths = frozenset(self._value(attr, a) for a in arg)
                return lambda row: (row[column] in lengths) is (op == "IN")
            return _member(column, arg, self._strings, op == "IN")
        if op == "REGEX" and attr in (*STRING_ATTRS, "TEXT") and isinstance(arg, str):
            return _regex(column, arg, self._strings)
        if op in _COMPARE and attr == "LENGTH" and isinstance(arg, int):
            compare = _COMPARE[op]
            return lambda row: compare(row[column], arg)
        raise Unsupported(f"{attr} {op}")

    def _value(self, attr: str, value: Any) -> int:
        if attr == "LENGTH" and isinstance(value, int):
            return value
        if not isinstance(value, str):
            raise Unsupported(f"{attr} value {value!r}")
        return int(self._strings.add(value))


def _token_words(token: Mapping[str, Any]) -> frozenset[str] | None:
    """The smallest set of words one of the token's word constraints allows, if any."""
    sets = [w for w in (_words(token.get(attr)) for attr in ANCHOR_ATTRS) if w is not None]
    return min(sets, key=len) if sets else None


def _words(value: Any) -> frozenset[str] | None:
    if isinstance(value, str):
        return frozenset([value])
    # Values of the string attributes are text: the rule loader validated the pattern.
    listed = value.get("IN") if isinstance(value, Mapping) and len(value) == 1 else None
    return frozenset(listed) if isinstance(listed, list) and listed else None


def _quantity(op: Any) -> tuple[int, int]:
    if op is None or op == "!":
        return 1, 1
    simple = {"?": (0, 1), "*": (0, INFINITE), "+": (1, INFINITE)}
    if op in simple:
        return simple[op]
    m = _QUANTIFIER.match(str(op))
    if m is None or not (m.group(1) or m.group(3)):
        raise Unsupported(f"OP {op!r}")
    low = int(m.group(1) or 0)
    if not m.group(2):
        return low, low
    return low, int(m.group(3)) if m.group(3) else INFINITE


def _all(checks: list[Check]) -> Check:
    # Two or three checks (the common sizes) as plain `and`: no generator per token tried.
    if len(checks) == 1:
        return checks[0]
    if not checks:
        return lambda row: True
    if len(checks) == 2:
        first, second = checks
        return lambda row: first(row) and second(row)
    if len(checks) == 3:
        first, second, third = checks
        return lambda row: first(row) and second(row) and third(row)
    return lambda row: all(check(row) for check in checks)


def _member(column: int, words: list[str], strings: StringStore, wanted: bool) -> Check:
    """IN / NOT_IN over a string attribute; the words are hashed on first use."""
    hashes: frozenset[int] | None = None

    def check(row: Row) -> bool:
        nonlocal hashes
        if hashes is None:
            hashes = frozenset(map(strings.add, words))
        return (row[column] in hashes) is wanted

    return check


def _negate(check: Check) -> Check:
    return lambda row: not check(row)


def _sent_start(column: int, wanted: bool) -> Check:
    return lambda row: (row[column] == 1) is wanted


def _regex(column: int, regex: str, strings: StringStore) -> Check:
    """A regular expression over a string attribute, remembered per string: a word recurs
    across messages far more often than the expression changes. Compiled on first use: most
    patterns never get past their anchor word in a short message, and compiling every
    expression up front is a large part of a cold start."""
    results: dict[int, bool] = {}
    compiled: list[re.Pattern[str]] = []

    def check(row: Row) -> bool:
        value = row[column]
        found = results.get(value)
        if found is None:
            if not compiled:
                compiled.append(re.compile(regex))
            if len(results) > 100_000:
                results.clear()
            found = results[value] = compiled[0].search(strings[value]) is not None
        return found

    return check


# -- matching ----------------------------------------------------------------------------------


def _possible(compiled: Compiled, present: set[int], known: bytearray) -> bool:
    """compiled.possible(present), asked once per Doc (a pattern may be filed under many words)."""
    state = known[compiled.number]
    if not state:
        state = known[compiled.number] = 1 if compiled.possible(present) else 2
    return state == 1


def _anything(row: Row) -> bool:
    return True


def _longest(compiled: Compiled, rows: Sequence[Row], i: int) -> tuple[str, int, int] | None:
    """The longest match around the anchor at token i, or None.

    Every match around one anchor contains it, so they all overlap and only the longest can
    survive the engine's longest-first selection; the rest are never built. (The part before the
    anchor and the part after it match independently, so the widest of each side combine.)
    """
    back = _reach(compiled.before, rows, i - 1, -1) if compiled.before else 0
    if back < 0:
        return None
    ahead = _reach(compiled.after, rows, i + 1, 1) if compiled.after else 0
    if ahead < 0:
        return None
    return compiled.key, i - back, i + 1 + ahead


def _reach(elements: Sequence[Element], rows: Sequence[Row], start: int, step: int) -> int:
    """The most tokens the elements can consume from `start` in direction `step`; -1 if none."""
    fixed = 0  # elements that take exactly one token: walked straight, most tries stop here
    while fixed < len(elements) and elements[fixed].low == elements[fixed].high == 1:
        fixed += 1
    if _reach_fixed(elements[:fixed], rows, start, step) < 0:
        return -1
    if fixed == len(elements):
        return fixed
    rest = _reach_search(elements[fixed:], rows, start + fixed * step, step)
    return -1 if rest < 0 else fixed + rest


def _reach_fixed(elements: Sequence[Element], rows: Sequence[Row], start: int, step: int) -> int:
    """The common case of one token per element: a straight walk."""
    position = start
    for element in elements:
        if not 0 <= position < len(rows) or not element.check(rows[position]):
            return -1
        position += step
    return len(elements)


def _reach_search(elements: Sequence[Element], rows: Sequence[Row], start: int, step: int) -> int:
    """Quantifiers: try every count, remembering each (element, position) already explored."""
    limit = len(rows)
    last = len(elements)
    seen: dict[tuple[int, int], int] = {}

    def walk(index: int, position: int) -> int:
        if index == last:
            return abs(position - start)
        key = (index, position)
        if key in seen:
            return seen[key]
        element = elements[index]
        best = walk(index + 1, position) if element.low == 0 else -1
        count = 0
        while count < element.high and 0 <= position < limit and element.check(rows[position]):
            position += step
            count += 1
            if count >= element.low:
                best = max(best, walk(index + 1, position))
        seen[key] = best
        return best

    return walk(0, start)
