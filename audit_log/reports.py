"""Per-subject access report (GDPR Art. 15) for one subject pseudonym."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from audit_log.stores.base import AuditReader
from audit_log.stores.rows import utc_timestamp
from audit_log.types import AuditQuery, AuditRecord


@dataclass(frozen=True, kw_only=True)
class SubjectReport:
    """Everything the log holds about one data subject, personal fields decrypted if possible.

    Attributes:
        subject: The pseudonym the report is about.
        generated_at: When the report was produced.
        records: The subject's records in log order.
        event_counts: Number of records per event type.
        purposes: Processing purposes that occur, sorted.
        services: Services (recipients) that processed the subject's data, sorted.
        erased: True when at least one record's personal fields were crypto-erased.
    """

    subject: str
    generated_at: str
    records: tuple[AuditRecord, ...]
    event_counts: dict[str, int]
    purposes: tuple[str, ...]
    services: tuple[str, ...]
    erased: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "subject": self.subject,
            "generated_at": self.generated_at,
            "record_count": len(self.records),
            "first_seen": self.records[0].occurred_at if self.records else None,
            "last_seen": self.records[-1].occurred_at if self.records else None,
            "event_counts": dict(self.event_counts),
            "purposes": list(self.purposes),
            "services": list(self.services),
            "erased": self.erased,
            "records": [r.to_dict() for r in self.records],
        }


async def subject_report(store: AuditReader, subject: str) -> SubjectReport:
    """Collect the subject's records (with decrypted personal fields where keys remain)."""
    records = [
        r
        async for r in store.iter_records(
            AuditQuery(subject=subject, include_personal=True, limit=500)
        )
    ]
    return SubjectReport(
        subject=subject,
        generated_at=utc_timestamp(),
        records=tuple(records),
        event_counts=dict(Counter(r.event.event_type for r in records)),
        purposes=tuple(sorted({r.event.purpose for r in records if r.event.purpose})),
        services=tuple(sorted({r.event.service for r in records if r.event.service})),
        erased=any(r.personal_status == "erased" for r in records),
    )
