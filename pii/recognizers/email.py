"""EMAIL_ADDRESS: Presidio's recognizer, run only when an ``@`` occurs.

Obfuscated forms ("max [at] beispiel [punkt] de") become ``@`` addresses in
:mod:`pii.normalize` before this recognizer runs.
"""

from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer

from pii.recognizers.base import Triggered

CONTEXT = ["email", "e-mail", "mail", "mailadresse", "e-mail-adresse", "kontakt", "schreiben"]


class EmailRecognizer(Triggered, PresidioEmailRecognizer):
    """E-mail addresses."""

    TRIGGER = re.compile(r"\w@\w")
    WITHIN_WORDS = True  # Presidio's e-mail pattern has no whitespace in it

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Public TLD: certain; unknown TLD (``.intern``, ``.example``): keep the pattern score.

        Internal mail domains of an authority are personal data too, so an unknown top-level
        domain only lowers the confidence instead of dropping the address.
        """
        if super().validate_result(pattern_text):
            return True
        tld = pattern_text.rsplit(".", 1)[-1]
        return None if tld.isalpha() and len(tld) >= 2 else False
