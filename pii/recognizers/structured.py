"""Values under a personal key or column header (see :mod:`pii.structured`)."""

from __future__ import annotations

from collections.abc import Iterable

from pii.recognizers.base import Hit, ScanRecognizer
from pii.structured import KEY_ENTITIES, KEYED_SCORE, scan_structured

# Identifiers with a check digit are left to their own recognizers (the key is one of their
# context words): in prose, "Steuer-ID: 86095742718" with a wrong check digit is a typo or
# a different number, and reporting it would undo the check digit's precision.
CHECKED_TYPES = frozenset(
    {"DE_TAX_ID", "IBAN_CODE", "CREDIT_CARD", "DE_SOCIAL_SECURITY", "DE_HEALTH_INSURANCE"}
)


class StructuredKeyRecognizer(ScanRecognizer):
    """JSON pairs, ``Key: value`` lines and table columns whose key names personal data."""

    ENTITIES = tuple(sorted(set(KEY_ENTITIES.values()) - CHECKED_TYPES))

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields each keyed value with :data:`pii.structured.KEYED_SCORE`."""
        for entity, start, end in scan_structured(text):
            if entity not in CHECKED_TYPES:
                yield entity, start, end, KEYED_SCORE
