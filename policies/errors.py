"""Errors of the policies package.

Hierarchy:
    PolicyError                 base of everything this package raises
    ├── PolicyCompileError      a bundle file does not parse or compile (file, line, message)
    └── PolicyUnavailableError  the engine cannot be reached or evaluation failed

``decide_*`` never raise these: they turn evaluation problems into a fail-closed
``PolicyDecision``. Building an engine and ``reload()`` raise ``PolicyCompileError``.
"""

from __future__ import annotations


class PolicyError(Exception):
    """Base class of all policy errors."""


class PolicyCompileError(PolicyError):
    """A policy or data file of the bundle does not compile.

    Attributes:
        file: bundle-relative path of the offending file ("" if unknown).
        line: 1-based line number (0 if unknown).
        message: the compiler's message without the location prefix.
    """

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        location = f"{file}:{line}: " if file else ""
        super().__init__(f"{location}{message}")


class PolicyUnavailableError(PolicyError):
    """The policy engine could not produce a decision (error, timeout, undefined)."""
