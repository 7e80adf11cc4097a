"""`phrase`: words and phrases from a list or a lexicon file, matched on lemmas or exact words."""

from tonecheck.rules.kinds.base import SpanKind

KIND = SpanKind(name="phrase", lang_keys=frozenset({"phrases", "lexicon", "exact"}))
