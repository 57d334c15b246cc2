"""Values under a personal key or column header (see :mod:`pii.structured`)."""

from __future__ import annotations

from collections.abc import Iterable

from pii.recognizers.base import Hit, ScanRecognizer
from pii.structured import KEY_ENTITIES, KEYED_SCORE, scan_structured


class StructuredKeyRecognizer(ScanRecognizer):
    """JSON pairs, ``Key: value`` lines and table columns whose key names personal data.

    The key decides, whatever the value looks like: an identifier under its key with a wrong
    check digit ("RV-Nr.: 23 070845 K 127", a typo or an old number) is still the person's
    number, so it is redacted too (its own recognizer, which needs the check digit, is not
    asked).
    """

    # DATE_TIME: a GEDCOM death or marriage date, an MRZ's expiry date.
    ENTITIES = tuple(sorted({*KEY_ENTITIES.values(), "DATE_TIME"}))

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields each keyed value with :data:`pii.structured.KEYED_SCORE`."""
        for entity, start, end in scan_structured(text):
            yield entity, start, end, KEYED_SCORE
