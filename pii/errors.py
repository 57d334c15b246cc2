"""Errors of the PII package.

Hierarchy:
    PiiError                 base of everything this package raises
    ├── PiiEngineError       analyzer/anonymizer failed (callers fail closed, HTTP 503)
    ├── TextTooLargeError    a text exceeds ``PiiConfig.max_text_chars`` (HTTP 413)
    └── PiiConfigError       the configuration is invalid (start-up fails)
"""

from __future__ import annotations

ENGINE_FAILED = "personal-data filter failed; the text was not processed"
TEXT_TOO_LARGE = "text has {length} characters, the limit is {limit}"
UNKNOWN_OPERATOR = "unknown operator {operator!r} for entity {entity!r}"
UNKNOWN_LANGUAGE = "language {language!r} is not supported (supported: {supported})"
MAPPING_INVALID = "the exported placeholder mapping is not authentic"
MISSING_SECRET = "operator {operator!r} needs PiiConfig.placeholder_salt to be set"  # noqa: S105


class PiiError(Exception):
    """Base of every error raised by the ``pii`` package."""


class PiiEngineError(PiiError):
    """The analyzer or anonymizer failed; the caller must refuse the request."""


class TextTooLargeError(PiiError):
    """A text is longer than ``PiiConfig.max_text_chars``."""

    def __init__(self, *, length: int, limit: int) -> None:
        super().__init__(TEXT_TOO_LARGE.format(length=length, limit=limit))
        self.length = length
        self.limit = limit


class PiiConfigError(PiiError):
    """The PII configuration is invalid."""
