"""One set of matchers per language, shared by every rule, marker and condition.

Each rule registers its phrases and patterns under a key; one pass over a Doc yields the token
spans of every key at once. Phrases go to spaCy's PhraseMatchers (lemmas, lower-cased words,
exact text), which cost almost nothing per phrase. Token patterns go to tonecheck's indexed
TokenMatcher (see tokenmatch.py), and only the few it cannot compile to spaCy's Matcher, which
is validated and exact but slow with many patterns. Dependency patterns go to spaCy's
DependencyMatcher and run only on a parsed Doc.

A key may belong to a deferred group: its token patterns are matched only when a rule asks for
the key (see Matches). The termination checklist's evidence is needed only in termination
notices, and a rule's `unless` only where the rule has hits; most messages need neither, and
trying those patterns was most of the matching time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tonecheck.nlp import LEMMATIZER, Pipeline, lemma_function
from tonecheck.rules.model import MatchSpec
from tonecheck.rules.pieces import PieceFinder, expand
from tonecheck.rules.tokenmatch import Rows, TokenMatcher, Unsupported

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
        self._phrase_matchers = {
            attr: PhraseMatcher(vocab, attr=attr) for attr in ("LEMMA", "LOWER", "ORTH")
        }
        self._phrases: list[Any] = []  # the phrase matchers that hold at least one phrase
        stop_words = frozenset(pipeline.nlp.Defaults.stop_words)
        self._lemma = lemma_function(pipeline.lang)
        # The tokenizer's special cases ("gonna" -> "gon", "na"): words it splits all the same.
        rules = getattr(pipeline.nlp.tokenizer, "rules", None) or {}
        self._pieces = PieceFinder(pipeline.nlp.tokenizer, rules)
        self._rare = lambda w: _rare(w, stop_words)
        self._tokens = TokenMatcher(vocab.strings, rare=self._rare)
        self._deferred: dict[str, TokenMatcher] = {}  # group -> the token patterns of its keys
        self._group_of: dict[str, str] = {}  # key -> its deferred group
        # Patterns were validated with spaCy's own schema when the rules loaded; spaCy's Matcher
        # runs what TokenMatcher does not compile.
        self._fallback = Matcher(vocab, validate=True)
        self._has_fallback = False
        self._deps = DependencyMatcher(vocab, validate=True)
        self._has_deps = False

    def defer(self, key: str, group: str) -> None:
        """Put a key (before it is added) in a group whose token patterns run only on demand."""
        self._group_of[key] = group

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
        docs = []
        for phrase in phrases:
            if self._single_token(phrase):
                self._token_matcher(key).add_word(key, attr, self._form(phrase, attr))
            else:
                docs.append(nlp.make_doc(phrase))
        if not docs:
            return
        matcher = self._phrase_matchers[attr]
        if attr == "LEMMA":
            lemmatize = nlp.get_pipe(LEMMATIZER)
            docs = [lemmatize(d) for d in docs]
        matcher.add(key, docs)
        if not any(m is matcher for m in self._phrases):
            self._phrases.append(matcher)

    def _single_token(self, phrase: str) -> bool:
        """A plain word the tokenizer keeps whole (not a special case such as "gonna")."""
        return phrase.isalpha() and not self._pieces.is_special(phrase)

    def _form(self, word: str, attr: str) -> str:
        if attr == "LOWER":
            return word.lower()
        return self._lemma(word) if attr == "LEMMA" else word

    def _add_pattern(self, key: str, pattern: Any, *, dependency: bool) -> None:
        if dependency:
            self._deps.add(key, [pattern])
            self._has_deps = True
            return
        for variant in expand(pattern, self._pieces, self._lemma):
            try:
                self._token_matcher(key).add(key, variant)
            except Unsupported:
                self._fallback.add(key, [variant])
                self._has_fallback = True

    def _token_matcher(self, key: str) -> TokenMatcher:
        group = self._group_of.get(key)
        if group is None:
            return self._tokens
        if group not in self._deferred:
            # the same columns as the main matcher: a Doc is read into rows once for all
            self._deferred[group] = TokenMatcher(
                self._strings, rare=self._rare, columns=self._tokens.columns
            )
        return self._deferred[group]

    def run(self, doc: Doc) -> Matches:
        """Token spans per key, overlapping matches of one key reduced to the longest."""
        found: dict[str, list[TokenSpan]] = defaultdict(list)
        strings = self._strings
        for matcher in [*self._phrases, *([self._fallback] if self._has_fallback else [])]:
            for match_id, start, end in matcher(doc):
                found[strings[match_id]].append((start, end))
        rows = self._tokens.read(doc) if len(doc) else None
        for key, start, end in self._tokens(doc, rows):
            found[key].append((start, end))
        if self._has_deps and doc.has_annotation("DEP"):
            for match_id, token_ids in self._deps(doc):
                found[strings[match_id]].append((min(token_ids), max(token_ids) + 1))
        return Matches(doc, rows, found, dict(self._deferred), self._group_of)


class Matches:
    """The spans of each key in one Doc; a deferred group's patterns run on first request."""

    def __init__(
        self,
        doc: Doc,
        rows: Rows | None,
        found: dict[str, list[TokenSpan]],
        pending: dict[str, TokenMatcher],
        group_of: dict[str, str],
    ) -> None:
        self._doc = doc
        self._rows = rows
        self._found = found  # raw spans, overlaps not yet resolved
        self._pending = pending  # groups not run on this Doc yet
        self._group_of = group_of
        self._spans: dict[str, list[TokenSpan]] = {}

    def get(self, key: str, default: Iterable[TokenSpan] = ()) -> list[TokenSpan]:
        if key not in self._spans:
            group = self._group_of.get(key)
            if group in self._pending:
                for found_key, start, end in self._pending.pop(group)(self._doc, self._rows):
                    self._found[found_key].append((start, end))
            spans = self._found.get(key)
            self._spans[key] = longest_first(spans) if spans else []
        return self._spans[key] or list(default)

    def set(self, key: str, spans: Iterable[TokenSpan]) -> None:
        """The spans of a key as decided by other means than its patterns alone (an intent's
        matches less those its `unless` silences, or a model's sentences)."""
        self._spans[key] = longest_first(list(spans))


def _rare(word: str, stop_words: frozenset[str]) -> bool:
    """Not a stop word or punctuation: a word worth waiting for."""
    return word not in stop_words and any(ch.isalnum() for ch in word)


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
