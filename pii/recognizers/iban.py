"""IBAN_CODE: Presidio's recognizer (ISO 13616 mod-97 check, all SEPA countries).

Spaced, dotted, dashed or lower-case IBANs are normalised in :mod:`pii.normalize` first.
"""

from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import IbanRecognizer as PresidioIbanRecognizer

from pii.recognizers.base import Triggered

CONTEXT = ["iban", "konto", "kontonummer", "bankverbindung", "überweisung", "account", "bank"]


class IbanRecognizer(Triggered, PresidioIbanRecognizer):
    """IBANs with a valid check sum."""

    TRIGGER = re.compile(r"[A-Z]{2}\d{2}")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)
