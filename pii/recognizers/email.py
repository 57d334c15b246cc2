"""EMAIL_ADDRESS: Presidio's recognizer, run only when an ``@`` occurs.

Obfuscated forms ("max [at] beispiel [punkt] de") become ``@`` addresses in
:mod:`pii.normalize` before this recognizer runs.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer

from pii.recognizers.base import Triggered

CONTEXT = ["email", "e-mail", "mail", "mailadresse", "e-mail-adresse", "kontakt", "schreiben"]
# Presidio's pattern without "/", "?", "=" and "&" in the local part: RFC 5322 allows them,
# addresses in use do not, and with them an address in a URL's query swallowed the URL
# before it ("cdn.example.org/scan.png?owner=jana@web.de" hid the host too).
_LOCAL = r"[!#$%'*+\-^_`{|}~\w]"
_LOCAL_INNER = r"[!#$%'*+\-^_`{|}~.\w]"
PATTERN = Pattern(
    "Email (Medium)",
    rf"\b(({_LOCAL}|{_LOCAL}{_LOCAL_INNER}*{_LOCAL})[@]\w+(?:-+\w+)*(?:\.\w+(?:-+\w+)*)+)\b",
    0.5,
)


class EmailRecognizer(Triggered, PresidioEmailRecognizer):
    """E-mail addresses."""

    TRIGGER = re.compile(r"\w@\w")
    WITHIN_WORDS = True  # Presidio's e-mail pattern has no whitespace in it

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(patterns=[PATTERN], context=CONTEXT, supported_language=supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Public TLD: certain; unknown TLD (``.intern``, ``.example``): keep the pattern score.

        Internal mail domains of an authority are personal data too, so an unknown top-level
        domain only lowers the confidence instead of dropping the address.
        """
        if super().validate_result(pattern_text):
            return True
        tld = pattern_text.rsplit(".", 1)[-1]
        return None if tld.isalpha() and len(tld) >= 2 else False
