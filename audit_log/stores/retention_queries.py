"""The SQL behind retention and legal holds, shared by the SQLite and PostgreSQL stores.

A mixin over the driver hooks of ``BaseAuditStore`` (``_fetch``, ``_execute``, ``_sql``), so
that the planning in :mod:`audit_log.retention` stays free of SQL.
"""

from __future__ import annotations

import secrets
from abc import abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from audit_log.retention import (
    HOLD_KINDS,
    HoldKind,
    LegalHold,
    RetentionCandidate,
    decision_id_of,
)

HOLD_COLUMNS = (
    "hold_id", "kind", "value", "reason", "placed_by", "placed_at", "released_at", "released_by"
)
_REMOVE_CHUNK = 500


class RetentionQueries:
    """Reads candidates, clears payloads and keeps legal holds."""

    @abstractmethod
    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Sequence[Any]]: ...

    @abstractmethod
    async def _execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    @abstractmethod
    def _sql(self, text: str) -> str: ...

    async def retention_candidates(
        self, *, older_than: datetime, after_seq: int = 0, limit: int = 1000
    ) -> list[RetentionCandidate]:
        """Records before ``older_than`` that still hold a payload or personal ciphertext."""
        from audit_log.stores.base import utc_timestamp

        rows = await self._fetch(
            self._sql(
                "SELECT seq, occurred_at, event_type, service, subject, payload "
                "FROM audit_records WHERE seq > ? AND occurred_at < ? "
                "AND (payload IS NOT NULL OR personal_ct IS NOT NULL) ORDER BY seq LIMIT ?"
            ),
            (after_seq, utc_timestamp(older_than), limit),
        )
        return [
            RetentionCandidate(
                seq=int(r[0]), occurred_at=str(r[1]), event_type=str(r[2]),
                service=str(r[3]), subject=str(r[4]), decision_id=decision_id_of(r[5]),
            )
            for r in rows
        ]

    async def remove_payloads(self, seqs: Sequence[int]) -> int:
        """Clear payload and personal ciphertext of these records; hashes stay."""
        removed = 0
        for start in range(0, len(seqs), _REMOVE_CHUNK):
            chunk = list(seqs[start : start + _REMOVE_CHUNK])
            marks = ", ".join("?" for _ in chunk)
            removed += await self._execute(
                self._sql(
                    "UPDATE audit_records SET payload = NULL, personal_ct = NULL "  # noqa: S608 - placeholders only
                    f"WHERE seq IN ({marks}) AND (payload IS NOT NULL OR personal_ct IS NOT NULL)"
                ),
                chunk,
            )
        return removed

    async def place_hold(
        self, *, kind: HoldKind, value: str, reason: str, placed_by: str
    ) -> LegalHold:
        """Suspend retention for every record naming this subject or decision."""
        from audit_log.stores.base import utc_timestamp

        if kind not in HOLD_KINDS:
            raise ValueError(f"hold kind must be one of {HOLD_KINDS}")
        hold = LegalHold(
            hold_id=f"hold_{secrets.token_hex(8)}", kind=kind, value=value, reason=reason,
            placed_by=placed_by, placed_at=utc_timestamp(),
        )
        await self._execute(
            self._sql(
                f"INSERT INTO audit_legal_holds ({', '.join(HOLD_COLUMNS)}) "  # noqa: S608 - constant columns
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            (hold.hold_id, hold.kind, hold.value, hold.reason, hold.placed_by, hold.placed_at,
             None, None),
        )
        return hold

    async def release_hold(self, hold_id: str, *, released_by: str) -> bool:
        """End an active hold; False when there is no active hold of that id."""
        from audit_log.stores.base import utc_timestamp

        changed = await self._execute(
            self._sql(
                "UPDATE audit_legal_holds SET released_at = ?, released_by = ? "
                "WHERE hold_id = ? AND released_at IS NULL"
            ),
            (utc_timestamp(), released_by, hold_id),
        )
        return changed > 0

    async def legal_holds(self) -> tuple[LegalHold, ...]:
        """Every hold, active and released, oldest first."""
        rows = await self._fetch(
            f"SELECT {', '.join(HOLD_COLUMNS)} FROM audit_legal_holds ORDER BY placed_at"  # noqa: S608 - constant columns
        )
        return tuple(
            LegalHold(
                hold_id=r[0], kind=r[1], value=r[2], reason=r[3], placed_by=r[4],
                placed_at=r[5], released_at=r[6], released_by=r[7],
            )
            for r in rows
        )
