"""Errors that end a run with a message for the user (exit code 2)."""

from __future__ import annotations


class TonecheckError(Exception):
    """A problem the user can fix: bad usage, configuration, rule file or input."""


class UsageError(TonecheckError):
    """An option or argument that tonecheck cannot act on."""


class RuleError(TonecheckError):
    """A rule file or rule pack that does not load; always names the file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class ModelError(TonecheckError):
    """A spaCy pipeline that cannot be loaded."""


class InputError(TonecheckError):
    """One input that cannot be linted; the run goes on with the others."""

    def __init__(self, path: str, code: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.code = code
        self.message = message
