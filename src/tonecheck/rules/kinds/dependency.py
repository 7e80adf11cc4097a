"""`dependency`: spaCy DependencyMatcher patterns; they run only on a pipeline with a parser."""

from tonecheck.rules.kinds.base import SpanKind

KIND = SpanKind(name="dependency", lang_keys=frozenset({"patterns"}), dependency=True)
