"""The closed set of rule kinds: adding a kind is adding a module and a line here."""

from tonecheck.rules.kinds import checklist, dependency, metric, mixed, model, pattern, phrase
from tonecheck.rules.kinds.base import Kind

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        phrase.KIND,
        pattern.KIND,
        dependency.KIND,
        metric.KIND,
        checklist.KIND,
        mixed.KIND,
        model.KIND,
    )
}
