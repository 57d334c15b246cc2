"""CREDIT_CARD: Presidio's recognizer (Luhn check), run only on texts with a digit run."""

from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer as PresidioCreditCardRecognizer,
)

from pii.recognizers.base import Triggered

CONTEXT = ["kreditkarte", "karte", "kartennummer", "visa", "mastercard", "amex", "credit", "card"]


class CreditCardRecognizer(Triggered, PresidioCreditCardRecognizer):
    """Payment card numbers."""

    TRIGGER = re.compile(r"\d{4}[ -]?\d{4}[ -]?\d{4}")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)
