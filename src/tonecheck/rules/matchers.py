"""One set of spaCy matchers per language, shared by every rule, marker and condition.

Each rule registers its phrases and patterns under a key; one pass over a Doc yields the token
spans of every key at once.

Phrases go to two PhraseMatchers (lemmas, lower-cased words), which cost almost nothing per
pattern. Token patterns are another matter: spaCy's Matcher starts every pattern at every token
and evaluates predicates such as `IN` in Python, so hundreds of patterns over whole messages
would cost many times the pipeline itself. So each token pattern gets an anchor: the words one
of its required tokens must have (its `LOWER`/`LEMMA`/`ORTH` values), preferring rare words to
stop words. A pattern runs only where one of its anchor words occurs, over a window around it:
as far as the pattern can reach, or the anchor's sentence when the pattern has an unbounded
wildcard. Patterns without an anchor (shapes, capitals) run over the whole Doc.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from tonecheck.nlp import LEMMATIZER, Pipeline
from tonecheck.rules.model import MatchSpec

if TYPE_CHECKING:
    from spacy.tokens import Doc

TokenSpan = tuple[int, int]

# Quantifiers that still require the token: none, "+", "{n}", "{n,}", "{n,m}" with n >= 1.
_REQUIRED_OP = re.compile(r"^(?:\+|\{[1-9]\d*(?:,\d*)?\})$")
_BOUNDED_OP = re.compile(r"^\{(?:\d*,)?(\d+)\}$")  # "{n}", "{n,m}", "{,m}": at most m tokens


class PatternError(ValueError):
    """A token or dependency pattern that spaCy refuses; `index` is the pattern's position."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


class MatcherSet:
    def __init__(self, pipeline: Pipeline) -> None:
        from spacy.matcher import DependencyMatcher, PhraseMatcher

        vocab = pipeline.nlp.vocab
        self._pipeline = pipeline
        self._strings = vocab.strings
        self._phrase_matchers = {
            attr: PhraseMatcher(vocab, attr=attr) for attr in ("LEMMA", "LOWER", "ORTH")
        }
        self._deps = DependencyMatcher(vocab, validate=True)
        self._phrases: list[Any] = []  # the phrase matchers that hold at least one phrase
        self._has_deps = False
        self._always = self._matcher()  # token patterns without an anchor
        self._has_always = False
        self._anchored: list[tuple[Any, int | None]] = []  # (Matcher, reach) per anchored pattern
        self._by_word: dict[int, list[int]] = defaultdict(list)  # word hash -> pattern numbers
        self._stop_words = frozenset(pipeline.nlp.Defaults.stop_words)

    def _matcher(self) -> Any:
        from spacy.matcher import Matcher

        return Matcher(self._pipeline.nlp.vocab, validate=True)

    def add(self, key: str, spec: MatchSpec, *, dependency: bool = False) -> None:
        """Register a key's phrases and patterns; raise PatternError for an invalid pattern."""
        if spec.phrases:
            self._add_phrases(key, spec.phrases, attr=spec.attr)
        for index, pattern in enumerate(spec.patterns):
            try:
                self._add_pattern(key, pattern, dependency=dependency)
            except (ValueError, KeyError, TypeError) as exc:
                raise PatternError(index, _first_line(str(exc))) from None

    def _add_phrases(self, key: str, phrases: Iterable[str], *, attr: str) -> None:
        nlp = self._pipeline.nlp
        docs = [nlp.make_doc(p) for p in phrases]
        matcher = self._phrase_matchers[attr]
        if attr == "LEMMA":
            lemmatize = nlp.get_pipe(LEMMATIZER)
            docs = [lemmatize(d) for d in docs]
        matcher.add(key, docs)
        if not any(m is matcher for m in self._phrases):
            self._phrases.append(matcher)

    def _add_pattern(self, key: str, pattern: Any, *, dependency: bool) -> None:
        if dependency:
            self._deps.add(key, [pattern])
            self._has_deps = True
            return
        words = anchor(pattern, self._stop_words)
        variants = expand_first(pattern)
        if words is None or any(_common(w, self._stop_words) for w in words):
            # Without a rare word to wait for, the pattern would run almost everywhere: it is
            # cheaper in the one Matcher that runs over every Doc.
            self._always.add(key, variants)
            self._has_always = True
            return
        matcher = self._matcher()
        matcher.add(key, variants)
        number = len(self._anchored)
        self._anchored.append((matcher, reach(pattern)))
        for word in words:
            self._by_word[self._strings.add(word)].append(number)

    def run(self, doc: Doc) -> dict[str, list[TokenSpan]]:
        """Token spans per key, overlapping matches of one key reduced to the longest."""
        found: dict[str, list[TokenSpan]] = defaultdict(list)
        strings = self._strings
        whole = [*self._phrases, *([self._always] if self._has_always else [])]
        for matcher in whole:
            for match_id, start, end in matcher(doc):
                found[strings[match_id]].append((start, end))
        for matcher, offset, span in self._windows(doc):
            for match_id, start, end in matcher(span):
                found[strings[match_id]].append((start + offset, end + offset))
        if self._has_deps and doc.has_annotation("DEP"):
            for match_id, token_ids in self._deps(doc):
                found[strings[match_id]].append((min(token_ids), max(token_ids) + 1))
        return {key: longest_first(spans) for key, spans in found.items()}

    def _windows(self, doc: Doc) -> Iterator[tuple[Any, int, Any]]:
        """(matcher, offset, span) for each anchored pattern whose anchor words occur in doc."""
        if not self._anchored or not len(doc):
            return
        from spacy.attrs import LEMMA, LOWER

        positions: dict[int, list[int]] = defaultdict(list)
        for i, (lower, lemma) in enumerate(doc.to_array([LOWER, LEMMA]).tolist()):
            positions[lower].append(i)
            if lemma != lower:
                positions[lemma].append(i)
        hits: dict[int, set[int]] = defaultdict(set)
        for word, where in positions.items():
            for number in self._by_word.get(word, ()):
                hits[number].update(where)
        sentences = _SentenceIndex(doc)
        for number in sorted(hits):
            matcher, pattern_reach = self._anchored[number]
            for start, end in _merge(
                _window(i, pattern_reach, sentences, len(doc)) for i in hits[number]
            ):
                yield matcher, start, doc[start:end]


class _SentenceIndex:
    """The sentence bounds of a Doc, for quick lookup of the sentence around a token."""

    def __init__(self, doc: Doc) -> None:
        self._starts = [s.start for s in doc.sents]
        self._length = len(doc)

    def around(self, i: int) -> tuple[int, int]:
        k = bisect_right(self._starts, i) - 1
        end = self._starts[k + 1] if k + 1 < len(self._starts) else self._length
        return self._starts[k], end


def _window(i: int, pattern_reach: int | None, sentences: _SentenceIndex, length: int) -> TokenSpan:
    if pattern_reach is None:
        return sentences.around(i)
    return max(0, i - pattern_reach + 1), min(length, i + pattern_reach)


def _merge(windows: Iterable[TokenSpan]) -> list[TokenSpan]:
    merged: list[TokenSpan] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def expand_first(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One pattern per word of a leading `{LOWER: {IN: [...]}}`-style token.

    The Matcher tries a pattern's first token at every position of a Doc; a plain word is
    compared in compiled code, while `IN` calls back into Python each time.
    """
    first, rest = pattern[0], pattern[1:]
    for attr in ("LOWER", "LEMMA", "ORTH", "TEXT"):
        value = first.get(attr)
        if isinstance(value, Mapping) and set(value) == {"IN"} and len(value["IN"]) <= 64:
            return [[{**first, attr: word}, *rest] for word in dict.fromkeys(value["IN"])]
    return [pattern]


def reach(pattern: list[Mapping[str, Any]]) -> int | None:
    """The most tokens a pattern can span; None when a wildcard makes it unbounded."""
    total = 0
    for token in pattern:
        op = token.get("OP")
        if op in (None, "?", "!"):
            total += 0 if op == "!" else 1
            continue
        bounded = _BOUNDED_OP.match(str(op))
        if bounded is None:
            return None  # "*", "+", "{n,}"
        total += int(bounded.group(1))
    return total


def anchor(pattern: list[Mapping[str, Any]], stop_words: frozenset[str]) -> frozenset[str] | None:
    """The words (lower-cased forms or lemmas) one required token must be: the set with the
    fewest stop words, then the smallest; None when no required token names its words."""
    best: frozenset[str] | None = None
    for token in pattern:
        op = token.get("OP")
        if op is not None and not _REQUIRED_OP.match(str(op)):
            continue  # an optional or negated token cannot anchor the pattern
        words = _token_words(token)
        if words is not None and (
            best is None or _cost(words, stop_words) < _cost(best, stop_words)
        ):
            best = words
    return best


def _cost(words: frozenset[str], stop_words: frozenset[str]) -> tuple[int, int]:
    return sum(_common(w, stop_words) for w in words), len(words)


def _common(word: str, stop_words: frozenset[str]) -> bool:
    """A stop word or punctuation: found in almost every message."""
    return word in stop_words or not any(ch.isalnum() for ch in word)


def _token_words(token: Mapping[str, Any]) -> frozenset[str] | None:
    """The words a token description allows, from its LOWER, LEMMA, ORTH or TEXT constraint."""
    candidates = []
    for attr in ("LOWER", "LEMMA", "ORTH", "TEXT"):
        value = token.get(attr)
        if isinstance(value, str):
            values = [value]
        elif isinstance(value, Mapping) and set(value) == {"IN"}:
            values = [str(v) for v in value["IN"]]
        else:
            continue
        # ORTH and TEXT are case-sensitive; their lower-cased form is also a LOWER value in the
        # Doc, so it is a safe (wider) anchor.
        candidates.append(frozenset(v if attr in ("LOWER", "LEMMA") else v.lower() for v in values))
    return min(candidates, key=len) if candidates else None


def longest_first(spans: list[TokenSpan]) -> list[TokenSpan]:
    """Drop spans that overlap a longer (or earlier, when as long) one; return them in order."""
    kept: list[TokenSpan] = []
    taken: set[int] = set()
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if not taken.intersection(range(start, end)):
            kept.append((start, end))
            taken.update(range(start, end))
    return sorted(kept)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # spaCy's validation errors put the useful part after a header line.
    detail = [line for line in lines if not line.startswith("[E")]
    return "; ".join(detail[:3]) if detail else (lines[0] if lines else "invalid pattern")
