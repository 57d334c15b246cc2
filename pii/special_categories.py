"""Mentions of special categories of personal data (GDPR Art. 9) in German and English text.

This is a screening signal for the policy ("may this text go to an external model?"), not a
redaction: the words stay in the text. It errs on the side of flagging, because a false alarm
only keeps a request on an internal model, while a miss could send health or religion data
out of the house. Terms are word stems matched at word starts, case-insensitively.
"""

from __future__ import annotations

import re
import unicodedata

# Category -> stems. German first; English where citizen-service text uses it.
_STEMS: dict[str, tuple[str, ...]] = {
    "health": (
        "krank", "erkrank", "diagnos", "therapie", "behandlung", "arzt", "ärzt", "klinik",
        "krankenhaus", "medikament", "depress", "psych", "krebs", "tumor", "diabet", "hiv",
        "aids", "schwanger", "behinder", "schwerbehind", "pflegegrad", "pflegebedürft",
        "sucht", "alkoholabh", "reha", "operation", "chronisch", "allergi", "epilep",
        "demenz", "adhs", "autis", "illness", "disease", "diagnos", "pregnan", "disabilit",
        "medication", "cancer", "mental health",
    ),
    "religion": (
        "religi", "konfession", "katholi", "evangeli", "protestant", "muslim", "islam",
        "jüdisch", "judentum", "christ", "kirchenaustritt", "kirchensteuer", "moschee",
        "synagoge", "buddhis", "hindu", "atheis", "church", "jewish", "catholic",
    ),
    "ethnicity": (
        "ethni", "herkunft", "abstammung", "hautfarbe", "rassis", "sinti", "roma",
        "migrationshintergrund", "race", "racial",
    ),
    "political_opinion": (
        "partei", "parteimitglied", "politische überzeugung", "politische meinung", "wahlverhalten",
        "spd", "cdu", "csu", "fdp", "afd", "die linke", "grüne", "demonstr",
        "political opinion", "political party",
    ),
    "sexual_orientation": (
        "homosexu", "heterosexu", "bisexu", "schwul", "lesbi", "queer", "transgender",
        "transsexu", "sexuelle orientierung", "sexuelle identität", "sexual orientation",
        "gay", "lgbt",
    ),
    "biometric": (
        "biometri", "fingerabdr", "fingerprint", "gesichtserkenn", "iris", "face recognition",
    ),
    "genetic": ("genetisch", "gentest", "erbkrank", "dna", "genom", "genetic"),
    "trade_union": (
        "gewerkschaft", "verdi", "ver.di", "ig metall", "betriebsrat", "trade union",
        "union member",
    ),
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    category: re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(stem) for stem in sorted(stems, key=len,
                                                                       reverse=True)) + ")",
        re.IGNORECASE,
    )
    for category, stems in _STEMS.items()
}

CATEGORIES: tuple[str, ...] = tuple(_STEMS)


def special_categories(text: str) -> frozenset[str]:
    """The Art. 9 categories ``text`` appears to mention (empty when none)."""
    folded = unicodedata.normalize("NFKC", text)
    return frozenset(c for c, pattern in _PATTERNS.items() if pattern.search(folded))
