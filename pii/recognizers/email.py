"""EMAIL_ADDRESS: Presidio's recognizer (with TLD check), run only when an ``@`` occurs.

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

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)
