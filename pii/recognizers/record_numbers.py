"""Numbers a hospital or a school files a person under, right after their cue word.

A patient's number in the hospital information system ("Patienten-ID 31820574", "Pat.-Nr.:
2290413", "Hospital No: QW7 210 4471", "MRN ZK-55102938") and a pupil's number ("UPN:
A120456789012", "Schülernummer 2025-04711") identify the person across letters, wristbands,
registers and tool results, and link them to health or school records: the HIPAA Safe Harbor
list names medical record numbers among the identifiers to remove. Hospitals choose their
own formats without a check digit the gateway knows, and a UPN's check letter is not relied
on (one typed wrong is still the pupil's number), so they count only right after their cue,
which must end where the number begins. A key naming them in structured data
(``"patienten_id": "…"``) marks its value whatever it looks like (pii/structured.py); a
record's own database key after a role word ("client_id", "customer_uuid") is no such
number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.anchored_scan import AnchoredScan
from pii.recognizers.base import Hit, ScanRecognizer, cued_numbers

MEDICAL_RECORD = "MEDICAL_RECORD_NUMBER"
PUPIL = "PUPIL_NUMBER"
ENTITY_TYPES = (MEDICAL_RECORD, PUPIL)
SCORE = 0.85
# The cue, then maybe "is"/"ist"/"lautet", a colon, "#" or "=" and blanks (a printed form's
# column gap too: "Pat.-ID:     2290413"; a JSON key's quotes), ending where the number
# begins.
_CUE_TAIL = r"""(?:[ \t]+(?:is|ist|lautet))?["']?[ \t]*[:#=]?[ \t]*["']?"""
_CUES = {
    MEDICAL_RECORD: (
        r"patient(?:en)?[ \t]*[\-_]?[ \t]*(?:id|nr\.?|nummer|number|no\.?|\#)"
        r"|patientennummer|pat\.?[ \t]*[\-_]?[ \t]*(?:id|nr\.?)"
        r"|hospital[ \t]+(?:number|no\.?|\#)|krankenhausnummer|mrn"
        r"|medical[ \t]+record[ \t]+(?:number|no\.?)"
    ),
    PUPIL: (
        r"upn|unique[ \t]+pupil[ \t]+number|pupil[ \t]+(?:number|no\.?)"
        r"|schüler(?:innen)?nummer|schüler(?:innen)?[ \t]*[\-_]?[ \t]*(?:id|nr\.?)"
    ),
}
_CUE = re.compile(
    r"(?i)(?<![^\W_])(?:"
    + "|".join(f"(?P<{entity}>{words})" for entity, words in _CUES.items())
    + rf")(?![^\W_]){_CUE_TAIL}"
)
_CUE_SCAN = AnchoredScan(_CUE)  # tried only where a cue word's start stands
# One to four groups of capitals and digits, one kind of separator between them ("QW7 210
# 4471", "ZK-55102938", "A120456789012"); a group after the first holds a digit, so a word
# after the number is no part of it.
_GROUP = r"[A-Z0-9]*\d[A-Z0-9]*"
NUMBER = re.compile(
    rf"[A-Z0-9]+(?:(?P<sep>[ \-/.]){_GROUP}(?:(?P=sep){_GROUP}){{0,2}})?(?![\w\-/]|[.,]\d)"
)
MIN_DIGITS = 5
MAX_CHARS = 20


def find_record_numbers(text: str) -> list[Hit]:
    """Patients' and pupils' numbers right after their cue words."""
    hits: list[Hit] = []
    for cue, number in cued_numbers(
        text, _CUE_SCAN, NUMBER, max_chars=MAX_CHARS, min_digits=MIN_DIGITS
    ):
        entity = next(name for name, found in cue.groupdict().items() if found is not None)
        hits.append((entity, number.start(), number.end(), SCORE))
    return hits


class RecordNumberRecognizer(ScanRecognizer):
    """Patients' and pupils' numbers after their cue words."""

    ENTITIES = ENTITY_TYPES

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields each cued number with :data:`SCORE`."""
        if not any(ch.isdigit() for ch in text):
            return []
        return find_record_numbers(text)
