"""Running compiled rules over a message: hits in, Findings out.

Rules only say where (a span and a few values). Everything else happens here, once for all kinds:
the rule's id, category and level, line and column, messages and suggestions from templates,
quoted text, `unless` conditions, `min_count`, and a rule that fails without stopping the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from tonecheck import limits
from tonecheck.positions import LineIndex
from tonecheck.quotes import QuotedRegions
from tonecheck.report import FileResult, Finding, Insertion, SkippedRule, Stats, SuppressionUse
from tonecheck.rules.compile import ActiveRule, CompiledRules, marker_unless_key, unless_key
from tonecheck.rules.kinds.base import Hit, Message
from tonecheck.rules.kinds.checklist import marker_key
from tonecheck.rules.model import Profile
from tonecheck.text import Suppression, Text

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tonecheck.rules.matchers import TokenSpan
    from tonecheck.rules.template import Template

T = TypeVar("T")


@dataclass(frozen=True)
class Engine:
    """The rules of one language under one profile, ready to check messages."""

    compiled: CompiledRules
    profile: Profile

    @property
    def lang(self) -> str:
        return self.compiled.lang

    def check(self, text: str | Text, path: str) -> FileResult:
        text = _as_text(text)
        return self.check_doc(limits.make_doc(self.compiled.pipeline.nlp, text.prose), path, text)

    def check_many(self, items: Iterable[tuple[str, str | Text]]) -> Iterator[FileResult]:
        """(path, text) pairs to results, batching the spaCy work."""
        nlp = self.compiled.pipeline.nlp
        texts = ((_as_text(text), path) for path, text in items)
        # A text too long for one piece skips the batch and is made whole by limits.make_doc.
        pairs = ((_short(text.prose), (path, text)) for text, path in texts)
        for doc, (path, text) in nlp.pipe(pairs, as_tuples=True):
            if _doc_length(doc) != len(text.prose):
                doc = limits.make_doc(nlp, text.prose)
            yield self.check_doc(doc, path, text)

    def check_doc(self, doc: Doc, path: str, text: Text) -> FileResult:
        quoted = QuotedRegions(text.prose)
        matches = self.compiled.matchers.run(doc)
        message = Message(
            doc=doc,
            lang=self.lang,
            matches=matches,
            intents=frozenset(),  # set below: an intent's model reads the message's sentences
            limits=self.limits,
            text=text.prose,
            quoted=quoted,
        )
        message.intents = self._intents(message)
        lines = LineIndex(text.source)
        findings: list[Finding] = []
        failed: list[SkippedRule] = []
        for active in self.compiled.active:
            try:
                hits, count = self._hits(active, message, quoted)
            except Exception as exc:  # one broken rule must not hide the others' findings
                failed.append(SkippedRule(active.rule.id, f"failed: {type(exc).__name__}: {exc}"))
                continue
            findings += (_finding(active, hit, count, text, lines) for hit in hits)
        findings, uses = _suppress(
            _distinct(findings, self.unit_rules, self.model_rules), text.suppressions
        )
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return FileResult(
            path=path,
            language=self.lang,
            pipeline=self.compiled.pipeline.name,
            stats=Stats(message.words, len(message.sentences), message.readability),
            findings=tuple(findings),
            skipped_rules=self.compiled.skipped + tuple(failed),
            intent=next(iter(sorted(message.intents)), None),
            suppressions=uses,
            note=text.note,
            source=text.source,
            protected=text.protected,
            suppressed=tuple((s.start, s.end) for s in text.suppressions),
        )

    def _intents(self, message: Message) -> frozenset[str]:
        mode = self.profile.intent
        if mode != "auto":
            return frozenset() if mode == "none" else frozenset({mode})
        found = set()
        for name in self.compiled.intents:
            spans = self._evidence(name, message, message.unquoted(marker_key(name)))
            model = self.compiled.intent_models.get(name)
            if not spans and model is not None:
                flagged = [message.sentences[i] for i in message.flagged_sentences(model)]
                spans = self._evidence(name, message, [(s.start, s.end) for s in flagged])
            # What is kept stands for the intent: `after-intent` places what follows after it.
            message.matches.set(marker_key(name), spans)
            if spans:
                found.add(name)
        return frozenset(found)

    def _evidence(self, name: str, message: Message, spans: list[TokenSpan]) -> list[TokenSpan]:
        """The spans stating an intent that its marker's `unless` leaves standing."""
        scopes = self.compiled.intent_unless.get(name, ())
        conditions = [(marker_unless_key(name, i), scope) for i, scope in enumerate(scopes)]
        return _standing_spans(spans, message, conditions)

    @cached_property
    def unit_rules(self) -> frozenset[str]:
        """Rules whose findings are units of the message rather than matched words."""
        return frozenset(
            a.rule.id for a in self.compiled.active if a.rule.kind in ("metric", "checklist")
        )

    @cached_property
    def model_rules(self) -> frozenset[str]:
        """Rules whose findings are whole sentences a tone model scored."""
        return frozenset(a.rule.id for a in self.compiled.active if a.rule.kind == "model")

    @cached_property
    def limits(self) -> dict[str, dict[str, float]]:
        """Each rule's limits: the rule's, then its language's, then the profile's."""
        limits = {}
        for active in self.compiled.active:
            rule = active.rule
            limits[rule.id] = {
                **rule.limits,
                **active.spec.limits,
                **self.profile.limits.get(rule.id, {}),
            }
        return limits

    def _hits(
        self, active: ActiveRule, message: Message, quoted: QuotedRegions
    ) -> tuple[list[Hit], int]:
        """The hits to report and how many the message has in all."""
        rule, spec, kind = active.rule, active.spec, active.kind
        if rule.when_intent is not None and rule.when_intent not in message.intents:
            return [], 0
        conditions = [(unless_key(rule, i), c.scope) for i, c in enumerate(spec.unless)]
        if kind.unless_on_evidence and conditions:
            evidence = _standing_spans(message.spans(rule.id), message, conditions)
            message.matches.set(rule.id, evidence)
        hits = list(kind.find(rule, spec, message))
        if quoted and kind.quote_sensitive and not rule.quotes:
            hits = [h for h in hits if not quoted.covers(h.start, h.end)]
        if not kind.unless_on_evidence:
            hits = _standing(hits, lambda hit: hit.start, message, conditions)
        if len(hits) < rule.min_count:
            return [], len(hits)
        return hits[rule.min_count - 1 :], len(hits)


def _standing(
    items: list[T], start: Callable[[T], int], message: Message, conditions: list[tuple[str, str]]
) -> list[T]:
    """The items (hits or spans, each starting at a character offset) that no `unless`
    condition (its matcher key and scope) silences; a condition is only matched while some
    item still stands."""
    for key, scope in conditions:
        if not items:
            break
        stands = _unsilenced(message, key, scope)
        items = [item for item in items if stands(start(item))]
    return items


def _standing_spans(
    spans: list[TokenSpan], message: Message, conditions: list[tuple[str, str]]
) -> list[TokenSpan]:
    """The token spans (an intent's or a checklist's evidence) that no `unless` silences."""
    return _standing(spans, lambda span: message.char_span(span)[0], message, conditions)


def _unsilenced(message: Message, key: str, scope: str) -> Callable[[int], bool]:
    """Whether what starts at a character offset stands, given the `unless` evidence of `key`
    in its sentence or (scope "message") anywhere."""
    evidence = [message.char_span(span) for span in message.spans(key)]
    if not evidence:
        return lambda offset: True
    if scope == "message":
        return lambda offset: False
    sentences = message.sentence_bounds

    def sentence_of(offset: int) -> tuple[int, int] | None:
        return next((b for b in sentences if b[0] <= offset < b[1]), None)

    silenced = {sentence_of(start) for start, _ in evidence}
    return lambda offset: sentence_of(offset) not in silenced


def _doc_length(doc: Doc) -> int:
    """The length of the text a Doc covers, without joining its tokens as Doc.text does."""
    if not len(doc):
        return 0
    last = doc[-1]
    return int(last.idx) + len(last.text_with_ws)


def _short(prose: str) -> str:
    return prose if len(prose) <= limits.CHUNK_CHARS else ""


def _as_text(text: str | Text) -> Text:
    return Text.plain(text) if isinstance(text, str) else text


def _distinct(
    findings: list[Finding], units: frozenset[str], models: frozenset[str] = frozenset()
) -> list[Finding]:
    """One finding per stretch of words and category.

    Two rules of a category flagging the same or overlapping words ("I really hate to do" and
    "hate to do this"; a token pattern and, with a parser, a dependency pattern) point at one
    problem: the finding kept is the one of the higher level, then one with a safe fix, then
    the longer match, then the earlier. Findings of the rules in `units` (metric and checklist
    rules) each make their own point, even inside another's span: a long sentence in a long
    paragraph, each missing element of a checklist with its own text to insert; only an
    identical one is dropped. A tone model's sentence (a rule in `models`) yields to a finding
    of the same level that names the words: that one says precisely what to change.
    """
    kept: list[Finding] = []
    seen: set[tuple[int, int, str]] = set()
    taken: dict[str, list[tuple[int, int]]] = {}
    order = sorted(
        findings,
        key=lambda f: (
            -f.level.rank,
            f.rule in models,
            f.fix is None,
            f.start - f.end,
            f.start,
            f.rule,
        ),
    )
    for f in order:
        if f.rule in units:
            key = (f.start, f.end, f.rule if f.insert is not None else f.category)
            if key not in seen:
                seen.add(key)
                kept.append(f)
            continue
        spans = taken.setdefault(f.category, [])
        if not any(f.start < end and start < f.end for start, end in spans):
            spans.append((f.start, f.end))
            kept.append(f)
    return kept


def _suppress(
    findings: list[Finding], suppressions: tuple[Suppression, ...]
) -> tuple[list[Finding], tuple[SuppressionUse, ...]]:
    """Drop the findings inline directives silence; count what each directive silenced."""
    if not suppressions:
        return findings, ()
    silenced = [0] * len(suppressions)
    kept = []
    for f in findings:
        hits = [i for i, s in enumerate(suppressions) if s.silences(f.rule, f.category, f.start)]
        for i in hits:
            silenced[i] += 1
        if not hits:
            kept.append(f)
    uses = tuple(
        SuppressionUse(s.line, tuple(sorted(s.names)), n)
        for s, n in zip(suppressions, silenced, strict=True)
    )
    return kept, uses


def _finding(active: ActiveRule, hit: Hit, count: int, text: Text, lines: LineIndex) -> Finding:
    rule, spec = active.rule, active.spec
    start, end = text.source_span(hit.start, hit.end)
    match = text.source[start:end]
    rewritten = rewrite(match, spec.rewrite) if spec.rewrite else None
    values = {"match": match, "count": count, "rewritten": rewritten or match, **hit.fields}
    line, column = lines.line_col(start)
    end_line, end_column = lines.line_col(end)
    insert = hit.insert
    if insert is not None and text.offsets is not None:
        insert = Insertion(text.offsets.to_source(insert.offset), insert.text)
    fix = _fix(spec.fix, values, rewritten)
    return Finding(
        rule=rule.id,
        category=rule.category,
        level=rule.level,
        message=(spec.message or rule.message).render(values),
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        match=match,
        suggestions=_suggestions(active, match, values, fix),
        fix=fix,
        insert=insert,
    )


def _fix(
    template: Template | None, values: Mapping[str, object], rewritten: str | None
) -> str | None:
    """The safe replacement; none when it is the rewrite and the rewrite has no word for the
    match (a stretched "pleeease" that no table can list)."""
    if template is None or ("rewritten" in template.fields and rewritten is None):
        return None
    return template.render(values)


def _suggestions(
    active: ActiveRule, match: str, values: Mapping[str, object], fix: str | None
) -> tuple[str, ...]:
    spec = active.spec
    candidates = [fix, rewrite(match, spec.rewrite), *(t.render(values) for t in spec.suggest)]
    out: list[str] = []
    for candidate in candidates:
        if candidate is not None and candidate != match and candidate not in out:
            out.append(candidate)
    return tuple(out)


def rewrite(match: str, pairs: Iterable[tuple[str, str]]) -> str | None:
    """Apply word replacements to the matched text, keeping a leading capital."""
    result = match
    for old, new in pairs:
        pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)", re.IGNORECASE)
        result = pattern.sub(_replacer(new), result)
    result = re.sub(r"\s{2,}", " ", result).strip()
    return None if result == match else result


def _replacer(new: str) -> Callable[[re.Match[str]], str]:
    return lambda m: _same_case(m.group(0), new)


def _same_case(original: str, replacement: str) -> str:
    if replacement and original[:1].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement
