"""The audit store: its protocol (appender + reader) and the one class both drivers share.

The parts, along the lines of transparency-dev's tessera:

* the storage driver (``driver``; ``sqlite``, ``postgres``) runs SQL in its dialect and commits
  one batch under the store-wide write lock;
* the appender (``appender``) group-commits appends, fails late ones and keeps the checkpoint
  cadence; ``checkpointer`` signs checkpoints and stores their anchors;
* the log reader (``reader``) answers queries with cursors, ``proofs`` builds inclusion and
  consistency proofs, ``verify`` checks the whole log;
* ``retention_queries`` clears payloads, destroys subject keys and keeps legal holds;
* ``rows`` is the table layout all of them share.

``BaseAuditStore`` wires them to one driver and is what ``open_audit_store`` returns.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from audit_log import errors
from audit_log.anchors.model import CheckpointAnchor
from audit_log.checkpoints import public_key_pem
from audit_log.retention import HoldKind, LegalHold, RetentionCandidate
from audit_log.stores.appender import Appender
from audit_log.stores.checkpointer import CheckpointWriter
from audit_log.stores.driver import SqlDriver
from audit_log.stores.options import StoreOptions
from audit_log.stores.proofs import Proofs
from audit_log.stores.reader import LogReader
from audit_log.stores.retention_queries import RetentionQueries
from audit_log.stores.rows import utc_timestamp
from audit_log.stores.verify import LogKeys, verify_log
from audit_log.types import (
    AuditEvent,
    AuditPage,
    AuditQuery,
    AuditRecord,
    Checkpoint,
    ConsistencyProof,
    InclusionProof,
    RetentionReport,
    VerifyReport,
)
from storage.migrations import SchemaTooNewError
from storage.writes import Writes


@runtime_checkable
class AuditAppender(Protocol):
    """The writing side: appends, checkpoints and their anchors, retention and erasure."""

    async def append(self, event: AuditEvent, *, writes: Writes | None = None) -> AuditRecord:
        """Commit one event; returns only after the record is durable.

        ``writes`` (rows of other stores in the same database, e.g. a decision and its
        fairness observation) commit in the same transaction as the record, or neither does.

        Raises:
            InvalidEventError: the event holds floats or other unhashable content.
            CoupledWriteError: ``writes`` failed or are for another database; nothing committed.
            AuditWriteError: the record was not committed (refuse the request).
        """
        ...

    async def checkpoint(self) -> Checkpoint | None:
        """Sign a checkpoint over all records now (None when the log is empty)."""
        ...

    async def anchor_pending(self, *, now: str) -> list[str]:
        """Anchor the newest checkpoint with every configured anchorer; returns failures."""
        ...

    async def apply_retention(self, *, older_than: datetime) -> RetentionReport:
        """Remove payloads and personal ciphertext of records before ``older_than``."""
        ...

    async def erase_subject(self, subject: str) -> int:
        """Destroy every encryption key of a subject pseudonym; returns keys destroyed."""
        ...

    async def remove_payloads(self, seqs: Sequence[int]) -> int:
        """Clear payload and personal ciphertext of these records; hashes stay."""
        ...

    async def destroy_spent_keys(self) -> int:
        """Destroy subject keys that no stored ciphertext needs any more; returns how many."""
        ...

    async def place_hold(
        self, *, kind: HoldKind, value: str, reason: str, placed_by: str
    ) -> LegalHold:
        """Suspend retention for every record naming a subject or decision."""
        ...

    async def release_hold(self, hold_id: str, *, released_by: str) -> bool:
        """End an active hold."""
        ...


@runtime_checkable
class AuditReader(Protocol):
    """The reading side: records, checkpoints, anchors, proofs and verification."""

    async def get(self, record_id: str, *, include_personal: bool = False) -> AuditRecord | None:
        """One record by id, or None."""
        ...

    async def query(self, query: AuditQuery) -> AuditPage:
        """Filtered page in ``seq`` order with an opaque cursor."""
        ...

    def iter_records(self, query: AuditQuery) -> AsyncIterator[AuditRecord]:
        """Every record matching the query's filters, streamed page by page."""
        ...

    async def latest_checkpoint(self) -> Checkpoint | None:
        """Newest stored checkpoint."""
        ...

    async def checkpoints(self) -> tuple[Checkpoint, ...]:
        """All stored checkpoints, oldest first."""
        ...

    async def anchors(self) -> tuple[CheckpointAnchor, ...]:
        """Every anchor (time-stamp token, cosignature, publication) kept with a checkpoint."""
        ...

    async def proof(self, record_id: str) -> InclusionProof:
        """Inclusion proof of a record against the latest checkpoint."""
        ...

    async def consistency_proof(self, first_size: int, second_size: int) -> ConsistencyProof:
        """Proof that the log of ``first_size`` records is a prefix of ``second_size``."""
        ...

    async def verify(self, *, trusted_checkpoints: Sequence[Checkpoint] = ()) -> VerifyReport:
        """Check every record, the chain and every checkpoint."""
        ...

    async def retention_candidates(
        self, *, older_than: datetime, after_seq: int = 0, limit: int = 1000
    ) -> list[RetentionCandidate]:
        """Records before ``older_than`` that still hold content (``audit_log.retention``)."""
        ...

    async def legal_holds(self) -> tuple[LegalHold, ...]:
        """Every legal hold, oldest first."""
        ...

    def public_key_pem(self) -> str | None:
        """PEM of the checkpoint verification key, if one is configured."""
        ...


@runtime_checkable
class AuditStore(AuditAppender, AuditReader, Protocol):
    """Append-only, hash-chained, checkpointed audit log: appender + reader, opened once."""

    async def open(self) -> None:
        """Connect and run migrations (idempotent)."""

    async def ping(self) -> bool:
        """True when the database answers."""
        ...

    async def aclose(self) -> None:
        """Commit what is queued, then close connections."""


class BaseAuditStore:
    """The audit store over one storage driver: appender, reader, proofs, verify, retention."""

    def __init__(self, *, driver: SqlDriver, options: StoreOptions) -> None:
        self.driver = driver
        self._options = options
        self._verify_key = options.verify_key or (
            options.signer.public_key if options.signer else None
        )
        own = [options.signer.verifier] if options.signer else []
        self._log_keys = (*own, *options.verifiers)
        self.reader = LogReader(driver)
        self._proofs = Proofs(driver, self.reader)
        self._checkpoints = CheckpointWriter(driver, options.signer, options.anchorers)
        self._retention = RetentionQueries(driver)
        self.appender = Appender(
            driver,
            options,
            checkpoint=self.checkpoint,
            anchor=lambda: self.anchor_pending(now=utc_timestamp()),
        )

    def _checkpoint_keys(self) -> LogKeys:
        if self._log_keys:
            return self._log_keys
        return self._verify_key

    # ---- lifecycle ----------------------------------------------------------------------

    async def open(self) -> None:
        """Connect, migrate and start the appender (and the checkpoint cadence when signing)."""
        if self.appender.started:
            return
        try:
            await self.driver.connect()
        except errors.AuditError:
            raise
        except SchemaTooNewError as exc:
            # Names the store and both versions; fail closed rather than downgrade.
            raise errors.AuditError(str(exc)) from exc
        except Exception as exc:
            # The URL may hold a password: name only the kind of failure.
            raise errors.AuditError(errors.OPEN_FAILED.format(cause=type(exc).__name__)) from exc
        self.appender.start()

    async def aclose(self) -> None:
        """Drain the queue, write a final checkpoint, close."""
        if await self.appender.close():
            await self.driver.disconnect()

    async def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            rows = await self.driver.fetch("SELECT 1")
        except Exception:
            return False
        return bool(rows) and rows[0][0] == 1

    def public_key_pem(self) -> str | None:
        """PEM of the checkpoint verification key, if configured."""
        return public_key_pem(self._verify_key) if self._verify_key else None

    # ---- the appender -------------------------------------------------------------------

    async def append(self, event: AuditEvent, *, writes: Writes | None = None) -> AuditRecord:
        """Enqueue for group commit and wait until the record (and ``writes``) is durable."""
        return await self.appender.append(event, writes=writes)

    async def checkpoint(self) -> Checkpoint | None:
        """Sign a checkpoint covering every committed record (``CheckpointWriter.sign``)."""
        self.appender.checkpoint_taken()
        return await self._checkpoints.sign()

    async def add_anchor(self, anchor: CheckpointAnchor, *, anchored_at: str) -> None:
        """Keep an anchor (a second one from the same source for the same size is ignored)."""
        await self._checkpoints.add_anchor(anchor, anchored_at=anchored_at)

    async def anchor_pending(self, *, now: str) -> list[str]:
        """Anchor the newest checkpoint with every anchorer that has not yet; returns failures."""
        return await self._checkpoints.anchor_pending(self, now=now)

    async def apply_retention(self, *, older_than: datetime) -> RetentionReport:
        """Drop payloads and personal ciphertext before ``older_than``; hashes stay."""
        return await self._retention.apply_retention(older_than=older_than)

    async def erase_subject(self, subject: str) -> int:
        """Destroy a subject's keys (crypto-erasure); their records still verify."""
        return await self._retention.erase_subject(subject)

    async def remove_payloads(self, seqs: Sequence[int]) -> int:
        """Clear payload and personal ciphertext of these records; hashes stay."""
        return await self._retention.remove_payloads(seqs)

    async def destroy_spent_keys(self) -> int:
        """Crypto-erasure after retention: keys whose ciphertext is all gone."""
        return await self._retention.destroy_spent_keys()

    async def place_hold(
        self, *, kind: HoldKind, value: str, reason: str, placed_by: str
    ) -> LegalHold:
        """Suspend retention for every record naming this subject or decision."""
        return await self._retention.place_hold(
            kind=kind, value=value, reason=reason, placed_by=placed_by
        )

    async def release_hold(self, hold_id: str, *, released_by: str) -> bool:
        """End an active hold; False when there is no active hold of that id."""
        return await self._retention.release_hold(hold_id, released_by=released_by)

    # ---- the reader ---------------------------------------------------------------------

    async def get(self, record_id: str, *, include_personal: bool = False) -> AuditRecord | None:
        """One record by id, or None."""
        return await self.reader.get(record_id, include_personal=include_personal)

    async def query(self, query: AuditQuery) -> AuditPage:
        """Filtered page in stable ``seq`` order."""
        return await self.reader.query(query)

    def iter_records(self, query: AuditQuery) -> AsyncIterator[AuditRecord]:
        """Every matching record, page by page (``query.limit`` is the page size)."""
        return self.reader.iter_records(query)

    async def latest_checkpoint(self) -> Checkpoint | None:
        """Newest stored checkpoint."""
        return await self.reader.latest_checkpoint()

    async def checkpoints(self) -> tuple[Checkpoint, ...]:
        """All checkpoints, oldest first."""
        return await self.reader.checkpoints()

    async def anchors(self) -> tuple[CheckpointAnchor, ...]:
        """Every stored anchor, by tree size."""
        return await self.reader.anchors()

    async def proof(self, record_id: str) -> InclusionProof:
        """Inclusion proof against the latest checkpoint, signing one first if needed."""
        sign = self.checkpoint if self._options.signer is not None else None
        return await self._proofs.proof(record_id, sign=sign)

    async def consistency_proof(self, first_size: int, second_size: int) -> ConsistencyProof:
        """RFC 6962 consistency proof between two tree sizes (e.g. two checkpoints)."""
        return await self._proofs.consistency_proof(first_size, second_size)

    async def verify(self, *, trusted_checkpoints: Sequence[Checkpoint] = ()) -> VerifyReport:
        """Recompute every leaf, the chain and every checkpoint root; report the first problem."""
        return await verify_log(
            self.driver,
            self.reader,
            self._checkpoint_keys(),
            trusted_checkpoints=trusted_checkpoints,
        )

    async def retention_candidates(
        self, *, older_than: datetime, after_seq: int = 0, limit: int = 1000
    ) -> list[RetentionCandidate]:
        """Records before ``older_than`` that still hold a payload or personal ciphertext."""
        return await self._retention.retention_candidates(
            older_than=older_than, after_seq=after_seq, limit=limit
        )

    async def legal_holds(self) -> tuple[LegalHold, ...]:
        """Every hold, active and released, oldest first."""
        return await self._retention.legal_holds()
