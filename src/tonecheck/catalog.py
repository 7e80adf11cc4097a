"""Describing rules to people: `tonecheck rules` and `tonecheck explain`."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence

from tonecheck.rules.model import Example, LangSpec, Rule


def rules_table(rules: Sequence[Rule], dormant: Sequence[Rule] = ()) -> str:
    """The rules that run, then the opt-in rules that do not (level "off")."""
    rows = [("RULE", "CATEGORY", "LEVEL", "LANGS", "SUMMARY")]
    rows += [(r.id, r.category, r.level.value, ",".join(r.languages), r.summary) for r in rules]
    rows += [(r.id, r.category, "off", ",".join(r.languages), r.summary) for r in dormant]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    ]
    return "\n".join(lines) + f"\n\n{len(rules)} rules\n"


def _row(row: tuple[str, ...], widths: list[int]) -> str:
    cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
    return "  ".join([*cells, row[-1]])


def rules_json(rules: Iterable[Rule], dormant: Iterable[Rule] = ()) -> str:
    data = [_rule_json(r, "on") for r in rules] + [_rule_json(r, "off") for r in dormant]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _rule_json(rule: Rule, state: str) -> dict[str, object]:
    return {
        "id": rule.id,
        "category": rule.category,
        "kind": rule.kind,
        "level": rule.level.value if state == "on" else "off",
        "languages": list(rule.languages),
        "summary": rule.summary,
        "needs": sorted(rule.needs),
    }


def explain_rule(rule: Rule) -> str:
    out = [
        f"{rule.id}  ({rule.category}, {rule.level.value}, kind {rule.kind})",
        rule.summary,
        f"Message: {rule.message.source}",
        "",
        textwrap.fill(" ".join(rule.explain.split()), width=88),
    ]
    if rule.needs:
        out += ["", f"Needs a trained pipeline with: {', '.join(sorted(rule.needs))} (--model)."]
    if not rule.enabled:
        out += ["", f"Off by default: turn it on in a configuration ({rule.id}: on)."]
    if rule.language_specific:
        out += ["", f"Language-specific: {rule.language_specific}"]
    for spec in rule.langs.values():
        out += ["", *_language_section(spec)]
    return "\n".join(out) + "\n"


def _language_section(spec: LangSpec) -> list[str]:
    out = [f"[{spec.lang}]"]
    if spec.message is not None:  # this language's own wording of the rule's message
        out += [f"  Message: {spec.message.source}"]
    if spec.explain is not None:  # this language's own explanation
        why = " ".join(spec.explain.split())
        out += [textwrap.fill(why, 88, initial_indent="  ", subsequent_indent="  ")]
    out += ["  Flags:"] + [f"    ✗ {_shown(ex)}" for ex in spec.examples_flag]
    out += ["  Passes:"] + [f"    ✓ {_shown(ex)}" for ex in spec.examples_pass]
    suggestions = [t.source for t in (spec.fix, *spec.suggest) if t is not None]
    suggestions += [f"{old} → {new or '(delete)'}" for old, new in spec.rewrite]
    if spec.insert is not None:
        suggestions.append(f"insert: {spec.insert.source}")
    out += ["  Suggestions:"] + [f"    → {s}" for s in suggestions]
    return out


def _shown(example: Example) -> str:
    text = " ".join(example.text.split())
    if example.match and example.match in text:
        text = text.replace(example.match, f"[{example.match}]", 1)
    return textwrap.shorten(text, width=160, placeholder=" …")
