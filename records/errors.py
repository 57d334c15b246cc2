"""Errors of the records package (hierarchy in ``records/__init__.py``)."""

from __future__ import annotations


class RecordsError(Exception):
    """Base of every error raised by ``records``."""


class UnknownModelError(RecordsError):
    """The model named for a FRIA or registration is not an automated-decision model."""

    def __init__(self, model_id: str) -> None:
        super().__init__(f"no automated-decision model {model_id!r} in the policy bundle")
        self.model_id = model_id
