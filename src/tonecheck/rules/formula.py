"""Formulas of metric rules: arithmetic over named counts, such as `capitals / letters`.

A formula comes from a rule pack written by someone else, so it is never given to `eval`: it is
parsed with `ast` and only a whitelist of nodes is accepted (numbers, the known counts, `+ - * /`,
unary minus, parentheses), then walked by a small evaluator.
"""

from __future__ import annotations

import ast
import difflib
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

COUNTS = (
    "words",
    "sentences",
    "characters",
    "letters",
    "capitals",
    "exclamations",
    "questions",
    "hits",
)
_OPERATORS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
MAX_LENGTH = 200  # a formula is a short line; a longer one could nest deep enough to crash ast
_NODE_NAMES = {
    ast.Call: "a function call",
    ast.Attribute: "an attribute",
    ast.Subscript: "a subscript",
    ast.Compare: "a comparison",
    ast.BoolOp: "a logical operator",
    ast.IfExp: "a conditional",
    ast.Lambda: "a lambda",
}


class FormulaError(ValueError):
    """A formula that does not parse or uses something outside the whitelist."""


@dataclass(frozen=True)
class Formula:
    """A checked formula. Only the source is kept (the rule book is pickled to a cache); the
    tree is parsed again, once per process, when the formula is first evaluated."""

    source: str
    names: frozenset[str]

    def evaluate(self, counts: Mapping[str, float]) -> float | None:
        """The value for these counts; None when it divides by zero (the measure is undefined)."""
        try:
            return _evaluate(_tree(self.source), counts)
        except ZeroDivisionError:
            return None


def parse_formula(source: str) -> Formula:
    """Check a formula against the whitelist; FormulaError says what is wrong."""
    tree = _parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        _check(node, names)
    if not names:
        raise FormulaError(f"the formula {source!r} uses no count; use {', '.join(COUNTS)}")
    return Formula(source.strip(), frozenset(names))


def _parse(source: str) -> ast.Expression:
    if len(source) > MAX_LENGTH:
        raise FormulaError(f"a formula is at most {MAX_LENGTH} characters")
    try:
        return ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise FormulaError(f"the formula {source!r} is not valid: {exc.msg}{where}") from None


def _check(node: ast.AST, names: set[str]) -> None:
    if isinstance(node, (ast.Expression, ast.operator, ast.unaryop, ast.expr_context)):
        allowed = not isinstance(node, (ast.operator, ast.unaryop)) or isinstance(
            node, (*_OPERATORS, ast.USub)
        )
        if not allowed:
            raise FormulaError(f"the operator in a formula must be + - * /, not {_symbol(node)}")
        return
    if isinstance(node, ast.Name):
        if node.id not in COUNTS:
            close = difflib.get_close_matches(node.id, COUNTS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise FormulaError(
                f"unknown count {node.id!r} in a formula; known: {', '.join(COUNTS)}{hint}"
            )
        names.add(node.id)
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"a formula's constants are numbers, not {node.value!r}")
        return
    if not isinstance(node, (ast.BinOp, ast.UnaryOp)):
        what = _NODE_NAMES.get(type(node), type(node).__name__)
        raise FormulaError(f"{what} ({ast.unparse(node)}) is not allowed in a formula")


def _symbol(node: ast.AST) -> str:
    symbols = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.UAdd: "unary +"}
    return symbols.get(type(node), type(node).__name__)


@lru_cache(maxsize=256)
def _tree(source: str) -> ast.expr:
    return ast.parse(source, mode="eval").body


def _evaluate(node: ast.expr, counts: Mapping[str, float]) -> float:
    if isinstance(node, ast.BinOp):
        op = _OPERATORS[type(node.op)]
        return op(_evaluate(node.left, counts), _evaluate(node.right, counts))
    if isinstance(node, ast.UnaryOp):  # only unary minus passes the check
        return -_evaluate(node.operand, counts)
    if isinstance(node, ast.Name):
        return float(counts[node.id])
    assert isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
    return float(node.value)
