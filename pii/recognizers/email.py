"""EMAIL_ADDRESS: Presidio's recognizer, run only when an ``@`` occurs.

Obfuscated forms ("max [at] beispiel [punkt] de") become ``@`` addresses in
:mod:`pii.normalize` before this recognizer runs.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer

from pii.lexicon import is_listed_name, names_an_office
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


# Mailboxes of a role, not of a person: RFC 2142's names, their usual relatives and German
# counterparts. An office's own name ("sozialamt@", "poststelle@") counts by its form
# (pii.lexicon.names_an_office); a listed name never does ("max@", "koch@").
ROLE_MAILBOXES = frozenset(
    """
    info marketing sales support abuse noc security postmaster hostmaster usenet news
    webmaster www uucp ftp admin administrator help helpdesk service team office contact hello
    mail post press billing invoices accounts jobs careers hr privacy dpo legal noreply
    no-reply donotreply do-not-reply newsletter feedback enquiries inquiries reception
    kontakt presse buero büro empfang zentrale verwaltung rechnung rechnungen hilfe anfrage
    anfragen bewerbung bewerbungen datenschutz redaktion vertrieb kundenservice poststelle
    """.split()
)
_ROLE_LOCAL = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def is_role_mailbox(address: str) -> bool:
    """True when ``address``'s local part names a role or an office, not a person."""
    local = address.split("@", 1)[0].lower()
    if _ROLE_LOCAL.fullmatch(local) is None or is_listed_name(local):
        return False
    return local in ROLE_MAILBOXES or names_an_office(local)


class EmailRecognizer(Triggered, PresidioEmailRecognizer):
    """E-mail addresses."""

    # An "@" between word characters. Written from the "@" on, so the scan jumps from one "@"
    # to the next instead of trying "\w@\w" at every character (0.04 -> 0.003 ms per pair of
    # 1 KB texts); only the runs around the matches count (runs_around), which are the same.
    TRIGGER = re.compile(r"@(?<=\w@)(?=\w)")
    WITHIN_WORDS = True  # Presidio's e-mail pattern has no whitespace in it

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(patterns=[PATTERN], context=CONTEXT, supported_language=supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Public TLD: certain; unknown TLD (``.intern``, ``.example``): keep the pattern score;
        a role mailbox (``info@``, ``poststelle@``, ROLE_MAILBOXES): no personal data.

        Internal mail domains of an authority are personal data too, so an unknown top-level
        domain only lowers the confidence instead of dropping the address.
        """
        if is_role_mailbox(pattern_text):
            return False
        if super().validate_result(pattern_text):
            return True
        tld = pattern_text.rsplit(".", 1)[-1]
        return None if tld.isalpha() and len(tld) >= 2 else False
