"""One set of spaCy matchers per language, shared by every rule, marker and condition.

Each rule registers its phrases and patterns under a key; one pass of each matcher over a Doc
then yields the token spans of every key at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tonecheck.nlp import LEMMATIZER, Pipeline
from tonecheck.rules.model import MatchSpec

if TYPE_CHECKING:
    from spacy.tokens import Doc

TokenSpan = tuple[int, int]


class PatternError(ValueError):
    """A token or dependency pattern that spaCy refuses; `index` is the pattern's position."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


class MatcherSet:
    def __init__(self, pipeline: Pipeline) -> None:
        from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher

        vocab = pipeline.nlp.vocab
        self._pipeline = pipeline
        self._strings = vocab.strings
        self._tokens = Matcher(vocab, validate=True)
        self._lemmas = PhraseMatcher(vocab, attr="LEMMA")
        self._lowers = PhraseMatcher(vocab, attr="LOWER")
        self._deps = DependencyMatcher(vocab, validate=True)
        self._used: list[Any] = []  # the matchers that hold at least one pattern, in order

    def _use(self, matcher: Any) -> None:
        if not any(m is matcher for m in self._used):
            self._used.append(matcher)

    def add(self, key: str, spec: MatchSpec, *, dependency: bool = False) -> None:
        """Register a key's phrases and patterns; raise PatternError for an invalid pattern."""
        if spec.phrases:
            self._add_phrases(key, spec.phrases, exact=spec.exact)
        for index, pattern in enumerate(spec.patterns):
            self._add_pattern(key, index, pattern, dependency=dependency)

    def _add_phrases(self, key: str, phrases: Iterable[str], *, exact: bool) -> None:
        nlp = self._pipeline.nlp
        docs = [nlp.make_doc(p) for p in phrases]
        if exact:
            self._lowers.add(key, docs)
            self._use(self._lowers)
        else:
            lemmatize = nlp.get_pipe(LEMMATIZER)
            self._lemmas.add(key, [lemmatize(d) for d in docs])
            self._use(self._lemmas)

    def _add_pattern(self, key: str, index: int, pattern: Any, *, dependency: bool) -> None:
        matcher = self._deps if dependency else self._tokens
        try:
            matcher.add(key, [pattern])
        except (ValueError, KeyError, TypeError) as exc:
            raise PatternError(index, _first_line(str(exc))) from None
        self._use(matcher)

    def run(self, doc: Doc) -> dict[str, list[TokenSpan]]:
        """Token spans per key, overlapping matches of one key reduced to the longest."""
        found: dict[str, list[TokenSpan]] = defaultdict(list)
        strings = self._strings
        for matcher in self._used:
            if matcher is not self._deps:
                for match_id, start, end in matcher(doc):
                    found[strings[match_id]].append((start, end))
            elif doc.has_annotation("DEP"):
                for match_id, token_ids in matcher(doc):
                    found[strings[match_id]].append((min(token_ids), max(token_ids) + 1))
        return {key: longest_first(spans) for key, spans in found.items()}


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
