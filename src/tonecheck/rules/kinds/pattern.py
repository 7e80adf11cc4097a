"""`pattern`: spaCy Matcher token patterns (text, lemma, shape, and POS with a trained pipeline)."""

from tonecheck.rules.kinds.base import SpanKind

KIND = SpanKind(name="pattern", lang_keys=frozenset({"patterns"}))
