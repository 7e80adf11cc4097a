"""What every rule kind shares: the message being checked, the hits a kind returns, the protocol."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from tonecheck.quotes import QuotedRegions
from tonecheck.readability import score
from tonecheck.report import Insertion, Readability
from tonecheck.rules.matchers import TokenSpan
from tonecheck.rules.model import LangSpec, Rule
from tonecheck.rules.tonemodel import ToneModel, features, sentence_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from tonecheck.rules.matchers import MatcherSet, Matches

_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")


@dataclass(frozen=True)
class Hit:
    """A place a rule flags: [start, end) code points into the message, and template values."""

    start: int
    end: int
    fields: Mapping[str, object] = field(default_factory=dict)
    insert: Insertion | None = None


@dataclass
class Message:
    """One message under check: its Doc, the matches of every key, and derived facts."""

    doc: Doc
    lang: str
    matches: Matches
    intents: frozenset[str]
    limits: Mapping[str, Mapping[str, float]]  # rule id -> limits after the profile's overrides
    text: str  # the text the Doc was made from (Doc.text would join its tokens on every call)
    quoted: QuotedRegions = field(default_factory=lambda: QuotedRegions(""))
    _features: dict[frozenset[str], list[list[str]]] = field(default_factory=dict, repr=False)

    def spans(self, key: str) -> list[TokenSpan]:
        return self.matches.get(key, [])

    def unquoted(self, key: str) -> list[TokenSpan]:
        """The spans of a key that are not inside quotation marks."""
        return [s for s in self.spans(key) if not self.quoted.covers(*self.char_span(s))]

    def char_span(self, span: TokenSpan) -> tuple[int, int]:
        start, end = span
        return int(self.doc[start].idx), int(self.doc[end - 1].idx + len(self.doc[end - 1]))

    @cached_property
    def sentences(self) -> list[Span]:
        return word_sentences(self.doc, self.text)

    @cached_property
    def sentence_bounds(self) -> list[tuple[int, int]]:
        """[start, end) of each sentence, without surrounding whitespace."""
        return [self.bounds(s) for s in self.sentences]

    def bounds(self, sentence: Span) -> tuple[int, int]:
        """A sentence's [start, end) without surrounding whitespace (read from the text: a
        Span's own .text joins its tokens one by one)."""
        start = int(sentence.start_char)
        chunk = self.text[start : int(sentence.end_char)]
        return start + len(chunk) - len(chunk.lstrip()), start + len(chunk.rstrip())

    @cached_property
    def sentence_words(self) -> list[list[str]]:
        """Each sentence's words as a tone model reads them (see tonemodel.sentence_words)."""
        quoted = self.quoted or None
        return [sentence_words(s, quoted) for s in self.sentences]

    def sentence_features(self, common: frozenset[str]) -> list[list[str]]:
        """Each sentence's tone-model features; computed once for the models that share
        their common words (a language's hostile and blame models do)."""
        found = self._features.get(common)
        if found is None:
            found = self._features[common] = [features(w, common) for w in self.sentence_words]
        return found

    def flagged_sentences(self, model: ToneModel) -> list[int]:
        """The indices of the sentences a tone model flags (see ToneModel.flagged)."""
        scores = [
            model.weigh(found) if words and model.reads(words) else None
            for words, found in zip(
                self.sentence_words, self.sentence_features(model.common), strict=True
            )
        ]
        return [i for i, flag in enumerate(model.flagged(scores)) if flag]

    @cached_property
    def words(self) -> int:
        return count_words(self.text)

    @cached_property
    def readability(self) -> Readability | None:
        return score(self.text, self.lang, self.words)

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """[start, end) of each paragraph, trimmed of whitespace and of a greeting or sign-off
        line at its edges (see _body). Paragraphs end at blank lines, and at a line break after
        a long line that ends a sentence (see _blocks)."""
        text, bounds, start = self.text, [], 0
        for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
            end = len(text) if m is None else m.start()
            for block_start, block_end in _blocks(text, start, end):
                body = _body(text, block_start, block_end)
                if body is not None:
                    bounds.append(body)
            start = end if m is None else m.end()
        return bounds


_WORD = re.compile(r"\S*\w\S*")
_LINE = re.compile(r"[^\r\n]+")
_SENTENCE_END = (".", "!", "?", "…", '."', ".”", "!”", "?”", ".)", ".»")
_EDGE_WORDS = 6


def _edge_line(line: str) -> bool:
    """A greeting, sign-off or signature line: a few words that do not end a sentence."""
    stripped = line.strip()
    ends_sentence = stripped.endswith((".", "!", "?", ":", ";"))
    return bool(stripped) and count_words(stripped) <= _EDGE_WORDS and not ends_sentence


_SOFT_WRAP = 80  # hard-wrapped plain text keeps its lines at most this long


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The paragraphs of text between two blank lines, trimmed of whitespace. Many messages
    separate paragraphs with a single line break: a line longer than a hard-wrapped one
    (_SOFT_WRAP) that ends a sentence ends its paragraph; shorter lines are wrapped text."""
    lines = [m for m in _LINE.finditer(text, start, end) if m.group().strip()]
    blocks: list[tuple[int, int]] = []
    first = None
    for line in lines:
        if first is None:
            first = line.start() + len(line.group()) - len(line.group().lstrip())
        stripped = line.group().rstrip()
        if len(stripped.strip()) > _SOFT_WRAP and stripped.endswith(_SENTENCE_END):
            blocks.append((first, line.start() + len(stripped)))
            first = None
    if first is not None and lines:
        last = lines[-1]
        blocks.append((first, last.start() + len(last.group().rstrip())))
    return blocks


def _body(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A paragraph's bounds without the greeting or sign-off lines at its edges ("Dear Anna,"
    then the body on the next line, "Kind regards,\nAnna" under it): messages written with
    single line breaks keep them in one block, and they are not the paragraph's text."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, start, end) if m.group().strip()]
    if len(lines) < 2:
        return start, end
    first, last = 0, len(lines) - 1
    while first < last and _edge_line(text[lines[first][0] : lines[first][1]]):
        first += 1
    while last > first and _edge_line(text[lines[last][0] : lines[last][1]]):
        last -= 1
    if first == last and _edge_line(text[lines[first][0] : lines[first][1]]):
        return None  # only a greeting or a signature: no paragraph text
    return lines[first][0], lines[last][1]


_HAS_WORD = re.compile(r"\w")


def word_sentences(doc: Doc, text: str) -> list[Span]:
    """The sentences of a Doc (made from `text`) that hold a word: what rules and models read."""
    return [s for s in doc.sents if _HAS_WORD.search(text, s.start_char, s.end_char)]


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of non-space characters with a letter or digit
    ("don't", "l'ora", "kick-off" and "4,800" are one word each; a lone dash is none)."""
    return len(_WORD.findall(text))


def word_starts(text: str) -> list[int]:
    """The offset of each word of `text`, in the sense of count_words."""
    return [m.start() for m in _WORD.finditer(text)]


class KindError(ValueError):
    """A kind-specific rule key with a bad value."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


class Kind(Protocol):
    """A rule kind: which YAML keys it takes, how it registers patterns, how it finds hits."""

    @property
    def name(self) -> str: ...

    @property
    def rule_keys(self) -> frozenset[str]:
        """Keys a rule of this kind may carry besides the common ones."""
        ...

    @property
    def lang_keys(self) -> frozenset[str]:
        """Keys its language sections may carry besides the common ones."""
        ...

    @property
    def fields(self) -> frozenset[str]:
        """Template fields its hits fill."""
        ...

    @property
    def quote_sensitive(self) -> bool:
        """Whether hits inside quotation marks are dropped."""
        ...

    @property
    def unless_on_evidence(self) -> bool:
        """Whether an `unless` silences the rule's matches (the evidence it reads) rather than
        its hits: a checklist's hit is an element's absence, so what a condition can take away
        is a piece of evidence that the element is there."""
        ...

    def parse(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        """Check the kind's own rule keys; raise KindError naming the key at fault."""
        ...

    def register(self, rule: Rule, spec: LangSpec, matchers: MatcherSet) -> None: ...

    def find(self, rule: Rule, spec: LangSpec, message: Message) -> Iterable[Hit]: ...


@dataclass(frozen=True)
class SpanKind:
    """A kind whose hits are the spans its phrases or patterns match."""

    name: str
    lang_keys: frozenset[str]
    dependency: bool = False
    rule_keys: frozenset[str] = frozenset()
    # `rewritten`: the match with the section's `rewrite` applied (for a `fix` that is the rewrite)
    fields: frozenset[str] = frozenset({"match", "count", "rewritten"})
    quote_sensitive: bool = True
    unless_on_evidence: bool = False

    def parse(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return {}

    def register(self, rule: Rule, spec: LangSpec, matchers: MatcherSet) -> None:
        matchers.add(rule.id, spec.match, dependency=self.dependency)

    def find(self, rule: Rule, spec: LangSpec, message: Message) -> Iterable[Hit]:
        return [Hit(*message.char_span(span)) for span in message.spans(rule.id)]
