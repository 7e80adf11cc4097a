"""Message and suggestion templates: `{field}` holes filled with plain text, nothing else.

Templates come from rule packs written by other people, so they are never given to `str.format`
(which would let `{match.__class__}` reach Python objects). A hole is a bare field name; `{{` and
`}}` stand for literal braces; anything else is an error at load time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}|[{}]")


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class Template:
    """A parsed template: literal text and field names, alternating."""

    source: str
    parts: tuple[str, ...]  # even indexes: literal text; odd indexes: field names

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.parts[1::2])

    def render(self, values: Mapping[str, object]) -> str:
        out = list(self.parts)
        for i in range(1, len(out), 2):
            out[i] = str(values.get(out[i], ""))
        return "".join(out)


def parse(source: str, allowed: frozenset[str]) -> Template:
    """Parse a template, refusing unknown fields and stray braces."""
    parts: list[str] = []
    literal: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(source):
        literal.append(source[pos : m.start()])
        pos = m.end()
        token = m.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
        elif m.group(1) is None:
            raise TemplateError(
                f"stray {token!r} in template {source!r}; write {token * 2} for a brace"
            )
        elif m.group(1) not in allowed:
            known = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
            raise TemplateError(f"unknown field {{{m.group(1)}}} in {source!r} (known: {known})")
        else:
            parts += ["".join(literal), m.group(1)]
            literal = []
    literal.append(source[pos:])
    parts.append("".join(literal))
    return Template(source=source, parts=tuple(parts))
