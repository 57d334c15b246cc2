"""CREDIT_CARD: payment card numbers with a Luhn check, run only on texts with a digit run.

Presidio's pattern covers 13-16 digit cards of the classic ranges. Cards people actually
hold also come as 19-digit Visa (4 + 18), 2-series Mastercard (2221-2720), JCB (35) and
Maestro with 12-19 digits (50, 56-69). A Luhn-valid number of 16 or more digits in those
ranges is certain; a shorter one (12-15 digits, e.g. Maestro or Amex) is only a card with a
cue word such as "Karte" or "Maestro" nearby, because Luhn passes one number in ten and
12-digit case numbers are common.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer as PresidioCreditCardRecognizer,
)

from pii.recognizers.base import Triggered

CONTEXT = [
    "kreditkarte", "karte", "kartennummer", "visa", "mastercard", "amex", "credit", "card",
    "maestro", "jcb", "girocard", "debitkarte", "ec-karte", "zahlungskarte", "diners",
    "discover", "unionpay", "kreditkartennummer", "cardholder", "karteninhaber",
]
# Issuer prefixes: Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Diners 36/38/30,
# JCB 35, Discover/Maestro 6, Maestro 50/56-58. Groups of 2-6 digits, space or dash.
_PREFIX = r"(?:4\d|5[0-8]|2[2-7]|3[0-8]|6\d)"
PATTERNS = [
    Pattern("Payment card", rf"\b{_PREFIX}\d{{0,4}}(?:[ -]?\d{{2,6}}){{2,5}}\b", 0.3),
    # Dotted ("4851.8425.2128.0120"): groups of four only, so amounts and version numbers
    # (groups of three or fewer) are not read as cards.
    Pattern("Payment card (dots)", rf"\b{_PREFIX}\d\d(?:\.\d{{4}}){{2,3}}(?:\.\d{{1,4}})?\b", 0.3),
    # Split over two lines, maybe each quoted, as a messenger forwards it in two bubbles
    # ('"4111 1111"\n"1111 1111"'): four groups of four, two on each line.
    Pattern(
        "Payment card (two lines)",
        rf"\b{_PREFIX}\d\d[ -]?\d{{4}}[\"'”]?[ \t]*\r?\n[ \t]*[\"'“]?\d{{4}}[ -]?\d{{4}}\b",
        0.3,
    ),
]
MIN_DIGITS = 12
MAX_DIGITS = 19
CERTAIN_DIGITS = 16
_MASTERCARD_2 = re.compile(r"^2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)")
# The grouping printed on Diners (30/36/38, 4-6-4) and Amex (34/37, 4-6-5) cards: with the
# issuer prefix and Luhn this shape is a card even without a cue word (a case or order
# number is not written in that grouping).
_ISSUER_GROUPING = re.compile(r"^(?:3[068]\d\d[ -]\d{6}[ -]\d{4}|3[47]\d\d[ -]\d{6}[ -]\d{5})$")


class CreditCardRecognizer(Triggered, PresidioCreditCardRecognizer):
    """Payment card numbers (Luhn)."""

    # Twelve digits with at most one separator (space, dash, dot) between any two:
    # "1234 5678 9012", "4851.8425.2128.0120" and the
    # 4-6-5 grouping of Amex ("3717 212881 67655") or 4-6-4 of Diners; or eight digits ending
    # a line (the first half of a card split over two lines).
    TRIGGER = re.compile(r"\d(?:[ .\-]?\d){11}|\d{4}[ -]?\d{4}[\"'”]?[ \t]*\r?\n")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(
            patterns=PATTERNS, context=CONTEXT, supported_language=supported_language
        )

    def validate_result(self, pattern_text: str) -> bool | None:  # type: ignore[override]
        """Luhn on the digits; certain from 16 digits, else only with a cue word (None)."""
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or not _luhn(digits):
            return False
        if digits.startswith("2") and not _MASTERCARD_2.match(digits):
            return False
        if len(digits) >= CERTAIN_DIGITS or _ISSUER_GROUPING.match(pattern_text.strip()):
            return True
        return None


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char)
        if i % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
