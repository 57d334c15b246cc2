"""The SQL behind retention, crypto-erasure and legal holds, for both drivers.

The planning in :mod:`audit_log.retention` stays free of SQL; these are the only writes besides
appends and checkpoints, and none of them touches a hash: a payload set to NULL and a destroyed
subject key leave every record verifiable.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from audit_log.retention import (
    HOLD_KINDS,
    HoldKind,
    LegalHold,
    RetentionCandidate,
    decision_id_of,
)
from audit_log.stores.driver import SqlDriver
from audit_log.stores.rows import utc_timestamp
from audit_log.types import RetentionReport

HOLD_COLUMNS = (
    "hold_id",
    "kind",
    "value",
    "reason",
    "placed_by",
    "placed_at",
    "released_at",
    "released_by",
)
_REMOVE_CHUNK = 500


class RetentionQueries:
    """Reads candidates, clears payloads, destroys subject keys and keeps legal holds."""

    def __init__(self, driver: SqlDriver) -> None:
        self._driver = driver

    async def apply_retention(self, *, older_than: datetime) -> RetentionReport:
        """Drop payloads and personal ciphertext before ``older_than``; hashes stay.

        Records an active legal hold names (subject or decision) keep their content.
        Idempotent: a second run with the same cutoff changes nothing.
        """
        if older_than.tzinfo is None:
            raise ValueError("older_than must be timezone-aware")
        cutoff = utc_timestamp(older_than)
        holds = [h for h in await self.legal_holds() if h.active]
        if holds:
            return RetentionReport(
                cutoff=cutoff, payloads_removed=await self._remove_unheld(older_than, holds)
            )
        changed = await self._driver.execute(
            self._driver.sql(
                "UPDATE audit_records SET payload = NULL, personal_ct = NULL "
                "WHERE occurred_at < ? AND (payload IS NOT NULL OR personal_ct IS NOT NULL)"
            ),
            (cutoff,),
        )
        return RetentionReport(cutoff=cutoff, payloads_removed=changed)

    async def _remove_unheld(self, older_than: datetime, holds: Sequence[LegalHold]) -> int:
        subjects = {h.value for h in holds if h.kind == "subject"}
        decisions = {h.value for h in holds if h.kind == "decision"}
        removed, after = 0, 0
        while batch := await self.retention_candidates(older_than=older_than, after_seq=after):
            after = batch[-1].seq
            due = [
                c.seq
                for c in batch
                if c.subject not in subjects and c.decision_id not in decisions
            ]
            removed += await self.remove_payloads(due) if due else 0
        return removed

    async def erase_subject(self, subject: str) -> int:
        """Destroy a subject's keys (crypto-erasure); their records still verify."""
        return await self._driver.execute(
            self._driver.sql(
                "UPDATE audit_subject_keys SET key_material = NULL, destroyed_at = ? "
                "WHERE subject = ? AND key_material IS NOT NULL"
            ),
            (utc_timestamp(), subject),
        )

    async def destroy_spent_keys(self) -> int:
        """Destroy every subject key that no stored ciphertext needs any more.

        After retention has removed a subject's expired ciphertext, the key that sealed it
        is destroyed too (crypto-erasure: nothing it ever encrypted can be read again, also
        not from a backup of the database taken before). A key still sealing a record inside
        its period or under a legal hold stays; the subject's next record gets a new key.
        """
        return await self._driver.execute(
            self._driver.sql(
                "UPDATE audit_subject_keys SET key_material = NULL, destroyed_at = ? "
                "WHERE key_material IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_records r "
                "WHERE r.personal_key_id = audit_subject_keys.key_id "
                "AND r.personal_ct IS NOT NULL)"
            ),
            (utc_timestamp(),),
        )

    async def retention_candidates(
        self, *, older_than: datetime, after_seq: int = 0, limit: int = 1000
    ) -> list[RetentionCandidate]:
        """Records before ``older_than`` that still hold a payload or personal ciphertext."""
        rows = await self._driver.fetch(
            self._driver.sql(
                "SELECT seq, occurred_at, event_type, service, subject, payload "
                "FROM audit_records WHERE seq > ? AND occurred_at < ? "
                "AND (payload IS NOT NULL OR personal_ct IS NOT NULL) ORDER BY seq LIMIT ?"
            ),
            (after_seq, utc_timestamp(older_than), limit),
        )
        return [
            RetentionCandidate(
                seq=int(r[0]),
                occurred_at=str(r[1]),
                event_type=str(r[2]),
                service=str(r[3]),
                subject=str(r[4]),
                decision_id=decision_id_of(r[5]),
            )
            for r in rows
        ]

    async def remove_payloads(self, seqs: Sequence[int]) -> int:
        """Clear payload and personal ciphertext of these records; hashes stay."""
        removed = 0
        for start in range(0, len(seqs), _REMOVE_CHUNK):
            chunk = list(seqs[start : start + _REMOVE_CHUNK])
            marks = ", ".join("?" for _ in chunk)
            removed += await self._driver.execute(
                self._driver.sql(
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
        if kind not in HOLD_KINDS:
            raise ValueError(f"hold kind must be one of {HOLD_KINDS}")
        hold = LegalHold(
            hold_id=f"hold_{secrets.token_hex(8)}",
            kind=kind,
            value=value,
            reason=reason,
            placed_by=placed_by,
            placed_at=utc_timestamp(),
        )
        await self._driver.execute(
            self._driver.sql(
                f"INSERT INTO audit_legal_holds ({', '.join(HOLD_COLUMNS)}) "  # noqa: S608 - constant columns
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            (
                hold.hold_id,
                hold.kind,
                hold.value,
                hold.reason,
                hold.placed_by,
                hold.placed_at,
                None,
                None,
            ),
        )
        return hold

    async def release_hold(self, hold_id: str, *, released_by: str) -> bool:
        """End an active hold; False when there is no active hold of that id."""
        changed = await self._driver.execute(
            self._driver.sql(
                "UPDATE audit_legal_holds SET released_at = ?, released_by = ? "
                "WHERE hold_id = ? AND released_at IS NULL"
            ),
            (utc_timestamp(), released_by, hold_id),
        )
        return changed > 0

    async def legal_holds(self) -> tuple[LegalHold, ...]:
        """Every hold, active and released, oldest first."""
        rows = await self._driver.fetch(
            f"SELECT {', '.join(HOLD_COLUMNS)} FROM audit_legal_holds ORDER BY placed_at"  # noqa: S608 - constant columns
        )
        return tuple(
            LegalHold(
                hold_id=r[0],
                kind=r[1],
                value=r[2],
                reason=r[3],
                placed_by=r[4],
                placed_at=r[5],
                released_at=r[6],
                released_by=r[7],
            )
            for r in rows
        )
