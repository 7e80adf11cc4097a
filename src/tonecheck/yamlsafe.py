"""Strict, located YAML for rule packs and configuration.

Rule packs and configuration files travel between teams, so loading one must never run code or
exhaust memory: only YAML's safe types are built, anchors and aliases are refused (they are how a
"billion laughs" file multiplies), and size and depth are bounded. Every mapping and list remembers
the line of each of its entries, so that a mistake can be reported as `file:line`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(Exception):
    """A YAML text that cannot be accepted; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class LocDict(dict[str, Any]):
    """A mapping that knows its own line and the line of each key."""

    line: int = 1
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocList(list[Any]):
    """A list that knows its own line and the line of each item."""

    line: int = 1
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlError(_line(node), "anchors and aliases are not allowed")
        return super().construct_object(node, deep=True)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LocDict:
    result = LocDict()
    result.line, result.key_lines = _line(node), {}
    with _Nested(loader, node):
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                raise YamlError(_line(key_node), f"keys must be text, not {key!r}")
            if key in result:
                raise YamlError(_line(key_node), f"duplicate key {key!r}")
            result.key_lines[key] = _line(key_node)
            result[key] = loader.construct_object(value_node)
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LocList:
    result = LocList()
    result.line, result.item_lines = _line(node), []
    with _Nested(loader, node):
        for item in node.value:
            result.item_lines.append(_line(item))
            result.append(loader.construct_object(item))
    return result


class _Nested:
    """Counts nesting while a mapping or list is built, and refuses documents nested too deep."""

    def __init__(self, loader: _Loader, node: yaml.Node) -> None:
        self.loader, self.node = loader, node

    def __enter__(self) -> None:
        self.loader.depth += 1
        if self.loader.depth > MAX_DEPTH:
            raise YamlError(_line(self.node), f"nested more than {MAX_DEPTH} levels deep")

    def __exit__(self, *exc: object) -> None:
        self.loader.depth -= 1


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)

# YAML 1.1 reads yes, no, on, off, y and n as booleans, which silently turns the words of a
# pattern (`{LOWER: {IN: [on, off, no]}}`) into true and false. As in YAML 1.2, only true and
# false are booleans here; every other word stays text.
_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(text: str) -> Any:
    """Parse one YAML document strictly; raise YamlError with a line on any problem."""
    if len(text) > MAX_BYTES:
        raise YamlError(1, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        raise YamlError(line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(1, "nested too deep") from None
