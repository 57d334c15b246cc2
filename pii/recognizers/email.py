"""EMAIL_ADDRESS: Presidio's recognizer, run only when an ``@`` occurs.

Obfuscated forms ("max [at] beispiel [punkt] de") become ``@`` addresses in
:mod:`pii.normalize` before this recognizer runs.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer

from pii.lexicon import (
    Lexicon,
    has_known_name,
    is_listed_name,
    load_lexicon,
    names_an_office,
    names_an_office_word,
    spellings,
)
from pii.recognizers.base import Triggered
from pii.word_frequency import is_common

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


# Mailboxes of a role, not of a person: RFC 2142's names, their usual relatives, German
# counterparts and the services of councils, schools, health and care providers ("housing@",
# "admissions@", "dsl@": the designated safeguarding lead, "senco@": the special educational
# needs co-ordinator). An office's own name ("sozialamt@", "poststelle@", "elternbeirat@")
# counts by its form (pii.lexicon.names_an_office); a listed name never does ("max@",
# "koch@").
ROLE_MAILBOXES = frozenset(
    """
    info marketing sales support abuse noc security postmaster hostmaster usenet news
    webmaster www uucp ftp admin administrator help helpdesk service team office contact hello
    mail post press billing invoices accounts jobs careers hr privacy dpo legal noreply
    no-reply donotreply do-not-reply newsletter feedback enquiries inquiries reception
    kontakt presse buero büro empfang zentrale verwaltung rechnung rechnungen hilfe anfrage
    anfragen bewerbung bewerbungen datenschutz redaktion vertrieb kundenservice poststelle
    housing benefits repairs admissions safeguarding dsl senco sendco attendance licensing
    planning parking revenues appointments referrals complaints bookings payroll finance
    sekretariat
    """.split()
)
_ROLE_LOCAL = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A local part of several words ("jobcenter-mitte.beratung"), and the words of a name.
_WORDS_LOCAL = re.compile(r"[^\W\d_]+(?:[._-][^\W\d_]+)+")
_LOCAL_WORDS = re.compile(r"[^\W\d_]+")
_LOCAL_SEPARATORS = re.compile(r"[._-]")
# How frequent (Zipf, German or English) an ordinary word of a role address is at least
# ("mitte", "options"); a German common noun counts too ("Aufenthalt").
ORDINARY_MAILBOX_WORD_ZIPF = 3.3
MIN_ORDINARY_MAILBOX_WORD = 3


def _role_word(word: str, lexicon: Lexicon) -> bool:
    """A role mailbox's name (ROLE_MAILBOXES) or an office noun ("beratung", "team")."""
    return word in ROLE_MAILBOXES or names_an_office_word(word, lexicon)


def _ordinary_word(word: str, lexicon: Lexicon) -> bool:
    """A frequent word or a German common noun of MIN_ORDINARY_MAILBOX_WORD letters or more
    ("mitte", "options", "aufenthalt"); a rare word ("tewes") or an initial is none."""
    return len(word) >= MIN_ORDINARY_MAILBOX_WORD and (
        is_common(word, ORDINARY_MAILBOX_WORD_ZIPF) or lexicon.is_plain_noun(word.capitalize())
    )


def _names_someone(word: str, lexicon: Lexicon) -> bool:
    return is_listed_name(word, lexicon) or has_known_name(word)


def is_role_mailbox(address: str) -> bool:
    """True when ``address``'s local part names a role or an office, not a person: a role
    mailbox's name or an office noun alone ("info@", "poststelle@"), or words of which one
    is such a role word and every other one an ordinary word ("jobcenter-mitte.beratung@",
    "housing-options@", "support.team@"), none a known name. Ordinary words alone name a
    person as often ("happy.hippo@", "lily.stone@": nicknames and names the lists lack), and
    so does a known name beside a role word ("greta.support@")."""
    local = address.split("@", 1)[0].lower()
    lexicon = load_lexicon()
    if _ROLE_LOCAL.fullmatch(local) is not None and not is_listed_name(local, lexicon):
        if local in ROLE_MAILBOXES or names_an_office(local, lexicon):
            return True
    if _WORDS_LOCAL.fullmatch(local) is None:
        return False  # one word, digits, "+tags" and other marks: no role's plain name
    words = _LOCAL_SEPARATORS.split(local)
    if any(_names_someone(w, lexicon) for w in words):
        return False
    return any(_role_word(w, lexicon) for w in words) and all(
        _role_word(w, lexicon) or _ordinary_word(w, lexicon) for w in words
    )


# The name an address is given in a header ("From: Housing Benefit <hb@…>", "Cc:
# "Elternbeirat" <…>") or in an iCalendar property ("ORGANIZER;CN=Sachgebiet 32:mailto:…"),
# read back from the address's start.
_DISPLAY_NAME = re.compile(
    r"(?:^|[\n:,;>])[ \t]*\"?(?P<name>[^\n<>\":;,@]{1,80}?)\"?[ \t]*<[ \t]*\Z"
)
_ICAL_NAME = re.compile(
    r"(?i:CN=)\"?(?P<name>[^\n;:\"]{1,80}?)\"?(?:;[^\n:]{0,200})?:(?i:mailto:)\Z"
)
_DISPLAY_REACH = 300
# The ends both patterns need: tried first, as the searches try every position before.
_MAILTO_END = re.compile(r"(?i:mailto:)\Z")


def display_name(text: str, start: int) -> str | None:
    """The display name written right before the address at ``text[start:]``, if any."""
    before = text[max(0, start - _DISPLAY_REACH) : start]
    match = _DISPLAY_NAME.search(before) if before.rstrip(" \t").endswith("<") else None
    if match is None and _MAILTO_END.search(before, max(0, len(before) - 7)) is not None:
        match = _ICAL_NAME.search(before)
    return match.group("name").strip() if match is not None else None


def is_role_by_display_name(address: str, name: str) -> bool:
    """True when ``name``, the display name given to ``address``, names an office or a
    service (a role word, "Sachgebiet Aufenthalt", "Housing Benefit", every other word an
    ordinary one, none a known name) and the local part is made of its words or their
    initials ("aufenthalt@", "hb@"). "Happy Hippo <hh@…>" names no office."""
    lexicon = load_lexicon()
    words = [w.lower() for w in _LOCAL_WORDS.findall(name)]
    if not words or any(_names_someone(w, lexicon) for w in words):
        return False
    if not any(_role_word(w, lexicon) for w in words) or not all(
        _role_word(w, lexicon) or _ordinary_word(w, lexicon) for w in words
    ):
        return False
    local = address.split("@", 1)[0].lower()
    own = {form for w in words for form in spellings(w)}
    parts = [p for p in _LOCAL_SEPARATORS.split(local) if p]
    if parts and all(spellings(p) & own for p in parts):
        return True
    return len(words) >= 2 and local == "".join(w[0] for w in words)


class EmailRecognizer(Triggered, PresidioEmailRecognizer):
    """E-mail addresses."""

    # An "@" between word characters. Written from the "@" on, so the scan jumps from one "@"
    # to the next instead of trying "\w@\w" at every character (0.04 -> 0.003 ms per pair of
    # 1 KB texts); only the runs around the matches count (runs_around), which are the same.
    TRIGGER = re.compile(r"@(?<=\w@)(?=\w)")
    WITHIN_WORDS = True  # Presidio's e-mail pattern has no whitespace in it

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(patterns=[PATTERN], context=CONTEXT, supported_language=supported_language)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's addresses, without those an office's display name makes a role's
        (``is_role_by_display_name``: "From: Housing Benefit <hb@council.example>")."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for result in results:
            name = display_name(text, result.start)
            if name is None or not is_role_by_display_name(text[result.start : result.end], name):
                kept.append(result)
        return kept

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
