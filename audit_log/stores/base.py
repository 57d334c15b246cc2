"""The ``AuditStore`` protocol and the backend-independent part of both stores.

Writes go through one group-commit queue per process: ``append`` enqueues the event and waits;
a single writer task takes everything queued, commits it in one transaction and only then
resolves each waiter. Inside that transaction the writer takes the store-wide write lock
(SQLite ``BEGIN IMMEDIATE``, PostgreSQL advisory lock) and reads the chain head, so several
processes appending to one database still produce one gapless chain.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit_log import canonical, errors, merkle, subjects
from audit_log.anchors.model import Anchorer, CheckpointAnchor
from audit_log.checkpoints import CheckpointSigner, checkpoint_problem, public_key_pem
from audit_log.note import NoteVerifier
from audit_log.retention import HoldKind, LegalHold, RetentionCandidate
from audit_log.stores.anchor_rows import AnchorRows
from audit_log.stores.retention_queries import RetentionQueries
from audit_log.types import (
    AuditEvent,
    AuditPage,
    AuditQuery,
    AuditRecord,
    Checkpoint,
    ConsistencyProof,
    InclusionProof,
    PersonalStatus,
    RetentionReport,
    VerifyReport,
)

RECORD_COLUMNS = (
    "seq",
    "id",
    "occurred_at",
    *canonical.EVENT_FIELDS,
    "payload",
    "payload_sha256",
    "personal_key_id",
    "personal_ct",
    "personal_ct_sha256",
    "leaf_hash",
    "prev_hash",
    "hash",
)
INSERT_COLUMNS = (*RECORD_COLUMNS, "reason_codes_idx", "pii_types_idx")
CHECKPOINT_COLUMNS = (
    "tree_size",
    "root_hash",
    "head_hash",
    "created_at",
    "key_id",
    "statement",
    "signature",
    "compact_range",
)
_JSON_FIELDS = frozenset({"reason_codes", "pii_entities"})
_VERIFY_CHUNK = 2000
_BLOCK = 1024
_CURSOR_PREFIX = "c1."
_LIST_SEP = "\n"

Row = Sequence[Any]


def utc_timestamp(moment: datetime | None = None) -> str:
    """RFC 3339 UTC with microseconds; fixed width, so text order is time order."""
    value = (moment or datetime.now(UTC)).astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_record_id() -> str:
    """32 hex digits: 48-bit Unix milliseconds, then 80 random bits.

    Time-ordered ids keep the unique index append-mostly (cheaper inserts than uuid4) while
    staying unguessable.
    """
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


def _list_index(values: Sequence[str]) -> str:
    return _LIST_SEP + _LIST_SEP.join(values) + _LIST_SEP if values else ""


@runtime_checkable
class AuditStore(Protocol):
    """Append-only, hash-chained, checkpointed audit log."""

    async def open(self) -> None:
        """Connect and run migrations (idempotent)."""

    async def append(self, event: AuditEvent) -> AuditRecord:
        """Commit one event; returns only after the record is durable.

        Raises:
            InvalidEventError: the event holds floats or other unhashable content.
            AuditWriteError: the record was not committed (refuse the request).
        """
        ...

    async def get(self, record_id: str, *, include_personal: bool = False) -> AuditRecord | None:
        """One record by id, or None."""
        ...

    async def query(self, query: AuditQuery) -> AuditPage:
        """Filtered page in ``seq`` order with an opaque cursor."""
        ...

    async def verify(self, *, trusted_checkpoints: Sequence[Checkpoint] = ()) -> VerifyReport:
        """Check every record, the chain and every checkpoint."""
        ...

    async def ping(self) -> bool:
        """True when the database answers."""
        ...

    async def aclose(self) -> None:
        """Commit what is queued, then close connections."""

    async def checkpoint(self) -> Checkpoint | None:
        """Sign a checkpoint over all records now (None when the log is empty)."""
        ...

    async def latest_checkpoint(self) -> Checkpoint | None:
        """Newest stored checkpoint."""
        ...

    async def checkpoints(self) -> tuple[Checkpoint, ...]:
        """All stored checkpoints, oldest first."""
        ...

    async def proof(self, record_id: str) -> InclusionProof:
        """Inclusion proof of a record against the latest checkpoint."""
        ...

    async def consistency_proof(self, first_size: int, second_size: int) -> ConsistencyProof:
        """Proof that the log of ``first_size`` records is a prefix of ``second_size``."""
        ...

    async def apply_retention(self, *, older_than: datetime) -> RetentionReport:
        """Remove payloads and personal ciphertext of records before ``older_than``."""
        ...

    async def erase_subject(self, subject: str) -> int:
        """Destroy every encryption key of a subject pseudonym; returns keys destroyed."""
        ...

    async def retention_candidates(
        self, *, older_than: datetime, after_seq: int = 0, limit: int = 1000
    ) -> list[RetentionCandidate]:
        """Records before ``older_than`` that still hold content (``audit_log.retention``)."""
        ...

    async def remove_payloads(self, seqs: Sequence[int]) -> int:
        """Clear payload and personal ciphertext of these records; hashes stay."""
        ...

    async def place_hold(
        self, *, kind: HoldKind, value: str, reason: str, placed_by: str
    ) -> LegalHold:
        """Suspend retention for every record naming a subject or decision."""
        ...

    async def release_hold(self, hold_id: str, *, released_by: str) -> bool:
        """End an active hold."""
        ...

    async def legal_holds(self) -> tuple[LegalHold, ...]:
        """Every legal hold, oldest first."""
        ...

    def iter_records(self, query: AuditQuery) -> AsyncIterator[AuditRecord]:
        """Every record matching the query's filters, streamed page by page."""
        ...

    def public_key_pem(self) -> str | None:
        """PEM of the checkpoint verification key, if one is configured."""
        ...

    async def anchors(self) -> tuple[CheckpointAnchor, ...]:
        """Every anchor (time-stamp token, cosignature, publication) kept with a checkpoint."""
        ...

    async def anchor_pending(self, *, now: str) -> list[str]:
        """Anchor the newest checkpoint with every configured anchorer; returns failures."""
        ...


@dataclass(frozen=True, kw_only=True)
class StoreOptions:
    """Tuning and keys shared by both stores.

    Attributes:
        signer: Signs checkpoints; without it no checkpoints are written.
        verify_key: Public key for checking checkpoints (defaults to the signer's).
        verifiers: Further trusted log keys (rotated-out keys), as C2SP note verifiers.
        anchorers: Time-stamping authorities, witnesses, publication targets that anchor
            every checkpoint outside the database.
        checkpoint_every: Sign a checkpoint once this many records are not yet covered.
        checkpoint_interval_s: ...and at least this often while records keep arriving.
        max_batch: Most records committed in one transaction.
        append_timeout_s: An append not committed by then fails with ``AuditWriteError``.
        on_commit: Called after every committed batch with the transaction's duration in
            seconds and the number of records (for metrics). Runs on the writer task, so it
            must be quick; whatever it raises is ignored, a broken hook never fails an append.
    """

    signer: CheckpointSigner | None = None
    verify_key: Ed25519PublicKey | None = None
    verifiers: tuple[NoteVerifier, ...] = ()
    anchorers: tuple[Anchorer, ...] = ()
    checkpoint_every: int = 1000
    checkpoint_interval_s: float = 60.0
    max_batch: int = 1024
    append_timeout_s: float = 10.0
    on_commit: Callable[[float, int], None] | None = None


@dataclass(slots=True)
class PendingAppend:
    """An event waiting in the group-commit queue."""

    event: AuditEvent
    record_id: str
    future: asyncio.Future[AuditRecord]
    deadline: float = 0.0


@dataclass(frozen=True, slots=True)
class SubjectKey:
    """An active per-subject data key."""

    key_id: str
    key: bytes
    created: bool


def build_rows(
    *,
    head_seq: int,
    head_hash: str,
    batch: Sequence[PendingAppend],
    keys: Mapping[str, SubjectKey],
    occurred_at: str,
) -> tuple[list[tuple[Any, ...]], list[AuditRecord]]:
    """Assign seq and hashes to a batch after ``head``; returns insert rows and records."""
    rows: list[tuple[Any, ...]] = []
    records: list[AuditRecord] = []
    prev = head_hash
    for offset, item in enumerate(batch, start=1):
        event = item.event
        seq = head_seq + offset
        fields = canonical.event_fields(event)
        payload_json = canonical.canonical(dict(event.payload)).decode()
        payload_sha = canonical.sha256_hex(payload_json.encode())
        key_id = sealed = sealed_sha = None
        personal_status: PersonalStatus = "none"
        if event.personal:
            key = keys[event.subject]
            key_id = key.key_id
            sealed = subjects.seal(
                key=key.key,
                key_id=key.key_id,
                record_id=item.record_id,
                subject=event.subject,
                fields=event.personal,
            )
            sealed_sha = canonical.sha256_hex(sealed.encode())
            personal_status = "sealed"  # clear values only on explicit request
        content = canonical.record_content(
            record_id=item.record_id,
            seq=seq,
            occurred_at=occurred_at,
            fields=fields,
            payload_sha256=payload_sha,
            personal_key_id=key_id,
            personal_ct_sha256=sealed_sha,
        )
        leaf = canonical.leaf_hash(content)
        link = canonical.chain_hash(prev, leaf)
        stored = [
            canonical.canonical(fields[n]).decode() if n in _JSON_FIELDS else fields[n]
            for n in canonical.EVENT_FIELDS
        ]
        rows.append(
            (
                seq,
                item.record_id,
                occurred_at,
                *stored,
                payload_json,
                payload_sha,
                key_id,
                sealed,
                sealed_sha,
                leaf,
                prev,
                link,
                _list_index(event.reason_codes),
                _list_index(sorted(event.pii_entities)),
            )
        )
        records.append(
            AuditRecord(
                id=item.record_id,
                seq=seq,
                occurred_at=occurred_at,
                event=event,
                prev_hash=prev,
                hash=link,
                leaf_hash=leaf,
                payload_sha256=payload_sha,
                personal_status=personal_status,
            )
        )
        prev = link
    return rows, records


def _row_dict(row: Row) -> dict[str, Any]:
    return dict(zip(RECORD_COLUMNS, row, strict=True))


def _no_floats(text: str) -> Any:
    raise ValueError("float in stored audit content")


def _stored_fields(r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        n: json.loads(r[n], parse_float=_no_floats) if n in _JSON_FIELDS else r[n]
        for n in canonical.EVENT_FIELDS
    }


def _content_of(r: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    return canonical.record_content(
        record_id=r["id"],
        seq=r["seq"],
        occurred_at=r["occurred_at"],
        fields=fields,
        payload_sha256=r["payload_sha256"],
        personal_key_id=r["personal_key_id"],
        personal_ct_sha256=r["personal_ct_sha256"],
    )


def _event_from_storage(
    fields: Mapping[str, Any], payload: Any, personal: Mapping[str, str]
) -> AuditEvent:
    # Stored rows were validated when appended; rebuilding without validation keeps reads
    # working on a tampered database so that verify() can report what is wrong.
    event = object.__new__(AuditEvent)
    for name, value in fields.items():
        object.__setattr__(event, name, value)
    object.__setattr__(event, "reason_codes", tuple(fields["reason_codes"]))
    object.__setattr__(event, "pii_entities", dict(fields["pii_entities"]))
    object.__setattr__(event, "payload", payload if isinstance(payload, dict) else {})
    object.__setattr__(event, "personal", dict(personal))
    return event


def encode_cursor(last_seq: int, descending: bool) -> str:
    """Opaque cursor: position after which the next page starts."""
    raw = json.dumps({"s": last_seq, "d": descending}, separators=(",", ":")).encode()
    return _CURSOR_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, descending: bool) -> int:
    """Position stored in a cursor.

    Raises:
        InvalidCursorError: not a cursor of this store or of the other direction.
    """
    if not cursor.startswith(_CURSOR_PREFIX):
        raise errors.InvalidCursorError(errors.BAD_CURSOR)
    body = cursor[len(_CURSOR_PREFIX) :]
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, binascii.Error) as exc:
        raise errors.InvalidCursorError(errors.BAD_CURSOR) from exc
    if (
        not isinstance(data, dict)
        or type(data.get("s")) is not int
        or data.get("d") is not descending
        or data["s"] < 0
    ):
        raise errors.InvalidCursorError(errors.BAD_CURSOR)
    seq: int = data["s"]
    return seq


def _checkpoint_from_row(row: Row) -> Checkpoint:
    return Checkpoint(
        tree_size=int(row[0]),
        root_hash=row[1],
        head_hash=row[2],
        created_at=row[3],
        key_id=row[4],
        statement=row[5],
        signature=row[6],
    )


class BaseAuditStore(AnchorRows, RetentionQueries, ABC):
    """Group commit, queries, checkpoints, proofs and verification over a small SQL driver."""

    placeholder = "?"

    def __init__(self, *, options: StoreOptions) -> None:
        self._options = options
        self._verify_key = options.verify_key or (
            options.signer.public_key if options.signer else None
        )
        self._queue: asyncio.Queue[PendingAppend | None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._checkpointer: asyncio.Task[None] | None = None
        self._checkpoint_wanted: asyncio.Event | None = None
        self._appended_since_checkpoint = 0
        self._closed = False
        self._block_roots: dict[int, bytes] = {}
        self._inflight: dict[str, PendingAppend] = {}
        self._watchdog_task: asyncio.Task[None] | None = None
        own = [options.signer.verifier] if options.signer else []
        self._log_keys = (*own, *options.verifiers)

    def _anchorers(self) -> Sequence[Anchorer]:
        return self._options.anchorers

    def _checkpoint_keys(self) -> Ed25519PublicKey | Sequence[NoteVerifier] | None:
        if self._log_keys:
            return self._log_keys
        return self._verify_key

    # ---- driver hooks -------------------------------------------------------------------

    @abstractmethod
    async def _connect(self) -> None:
        """Open connections and migrate."""

    @abstractmethod
    async def _disconnect(self) -> None:
        """Close connections."""

    @abstractmethod
    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a read-only statement."""

    @abstractmethod
    async def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement in its own transaction; returns the row count."""

    @abstractmethod
    async def _commit_batch(self, batch: Sequence[PendingAppend]) -> list[AuditRecord]:
        """Lock, read the head, insert the batch, commit; returns the committed records."""

    @abstractmethod
    def _contains(self, column: str) -> str:
        """SQL testing whether ``column`` contains the (placeholder) substring."""

    def _sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    # ---- lifecycle ----------------------------------------------------------------------

    async def open(self) -> None:
        """Connect, migrate and start the writer (and the checkpointer when signing)."""
        if self._writer is not None:
            return
        try:
            await self._connect()
        except errors.AuditError:
            raise
        except Exception as exc:
            # The URL may hold a password: name only the kind of failure.
            raise errors.AuditError(errors.OPEN_FAILED.format(cause=type(exc).__name__)) from exc
        self._queue = asyncio.Queue()
        self._writer = asyncio.create_task(self._write_loop(), name="audit-writer")
        self._watchdog_task = asyncio.create_task(self._watchdog(), name="audit-watchdog")
        if self._options.signer is not None:
            self._checkpoint_wanted = asyncio.Event()
            self._checkpointer = asyncio.create_task(
                self._checkpoint_loop(), name="audit-checkpointer"
            )

    async def aclose(self) -> None:
        """Drain the queue, write a final checkpoint, close."""
        if self._closed:
            return
        self._closed = True
        if self._queue is not None and self._writer is not None:
            await self._queue.put(None)
            with contextlib.suppress(Exception):
                await self._writer
        if self._watchdog_task is not None:
            self._watchdog_task.cancel()
            with contextlib.suppress(BaseException):
                await self._watchdog_task
        if self._checkpointer is not None:
            self._checkpointer.cancel()
            with contextlib.suppress(BaseException):
                await self._checkpointer
            if self._appended_since_checkpoint:
                with contextlib.suppress(errors.AuditError):
                    await self.checkpoint()
            with contextlib.suppress(Exception):
                await self.anchor_pending(now=utc_timestamp())
        await self._disconnect()

    async def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            rows = await self._fetch("SELECT 1")
        except Exception:
            return False
        return bool(rows) and rows[0][0] == 1

    def public_key_pem(self) -> str | None:
        """PEM of the checkpoint verification key, if configured."""
        return public_key_pem(self._verify_key) if self._verify_key else None

    # ---- appends ------------------------------------------------------------------------

    async def append(self, event: AuditEvent) -> AuditRecord:
        """Enqueue for group commit and wait until the record is durable."""
        canonical.check_event(event)
        if self._closed:
            raise errors.AuditWriteError(errors.STORE_CLOSED)
        if self._queue is None or self._writer is None or self._writer.done():
            raise errors.AuditWriteError(errors.STORE_NOT_OPEN)
        loop = asyncio.get_running_loop()
        pending = PendingAppend(
            event=event,
            record_id=new_record_id(),
            future=loop.create_future(),
            deadline=loop.time() + self._options.append_timeout_s,
        )
        self._inflight[pending.record_id] = pending
        self._queue.put_nowait(pending)
        try:
            return await pending.future
        finally:
            del self._inflight[pending.record_id]

    async def _watchdog(self) -> None:
        # One timer for all waiters instead of one per append (timer heaps are costly at
        # thousands of appends per second). Fails appends whose deadline passed; the writer
        # skips futures that are already done, and a late commit only adds an unacknowledged
        # record, never loses an acknowledged one.
        loop = asyncio.get_running_loop()
        tick = min(1.0, max(0.01, self._options.append_timeout_s / 10))
        while True:
            await asyncio.sleep(tick)
            now = loop.time()
            for pending in list(self._inflight.values()):
                if pending.deadline <= now and not pending.future.done():
                    pending.future.set_exception(errors.AuditWriteError(errors.WRITE_FAILED))

    async def _write_loop(self) -> None:
        assert self._queue is not None
        stopping = False
        while not stopping:
            first = await self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < self._options.max_batch:
                try:
                    item = self._queue.get_nowait()
                except asyncio.QueueEmpty:
                    break
                if item is None:
                    stopping = True
                    break
                batch.append(item)
            started = time.perf_counter()
            try:
                records = await self._commit_batch(batch)
            except Exception as exc:
                failure = errors.AuditWriteError(errors.WRITE_FAILED)
                failure.__cause__ = exc
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(failure)
                continue
            self._report_commit(time.perf_counter() - started, len(records))
            for item, record in zip(batch, records, strict=True):
                if not item.future.done():
                    item.future.set_result(record)
            self._note_appended(len(records))

    def _report_commit(self, duration_s: float, batch_size: int) -> None:
        hook = self._options.on_commit
        if hook is None:
            return
        # Observability must never break the log: a failing hook is ignored.
        with contextlib.suppress(Exception):
            hook(duration_s, batch_size)

    def _note_appended(self, count: int) -> None:
        self._appended_since_checkpoint += count
        if (
            self._checkpoint_wanted is not None
            and self._appended_since_checkpoint >= self._options.checkpoint_every
        ):
            self._checkpoint_wanted.set()

    async def _checkpoint_loop(self) -> None:
        assert self._checkpoint_wanted is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._checkpoint_wanted.wait(), self._options.checkpoint_interval_s
                )
            self._checkpoint_wanted.clear()
            if self._appended_since_checkpoint:
                # A failed checkpoint is retried on the next tick; verify() reports gaps.
                with contextlib.suppress(Exception):
                    await self.checkpoint()
            # Anchors (TSA, witnesses) are retried on every tick until they succeed.
            with contextlib.suppress(Exception):
                await self.anchor_pending(now=utc_timestamp())

    # ---- reads --------------------------------------------------------------------------

    def _select(self) -> str:
        return f"SELECT {', '.join(RECORD_COLUMNS)} FROM audit_records"  # noqa: S608 - constant column names

    async def _keys_for(self, key_ids: set[str]) -> dict[str, bytes | None]:
        if not key_ids:
            return {}
        marks = ", ".join("?" for _ in key_ids)
        rows = await self._fetch(
            self._sql(
                f"SELECT key_id, key_material FROM audit_subject_keys WHERE key_id IN ({marks})"  # noqa: S608 - constant column names
            ),
            sorted(key_ids),
        )
        return {r[0]: (bytes(r[1]) if r[1] is not None else None) for r in rows}

    async def _records(self, rows: Sequence[Row], include_personal: bool) -> list[AuditRecord]:
        dicts = [_row_dict(row) for row in rows]
        keys: dict[str, bytes | None] = {}
        if include_personal:
            keys = await self._keys_for(
                {r["personal_key_id"] for r in dicts if r["personal_ct"] is not None}
            )
        return [self._record(r, keys if include_personal else None) for r in dicts]

    def _record(self, r: Mapping[str, Any], keys: Mapping[str, bytes | None] | None) -> AuditRecord:
        fields = _stored_fields(r)
        personal: dict[str, str] = {}
        status: PersonalStatus = "none"
        if r["personal_key_id"] is not None:
            if r["personal_ct"] is None:
                status = "expired"
            elif keys is None:
                status = "sealed"
            elif keys.get(r["personal_key_id"]) is None:
                status = "erased"
            else:
                key = keys[r["personal_key_id"]]
                assert key is not None
                personal = subjects.unseal(
                    key=key,
                    key_id=r["personal_key_id"],
                    record_id=r["id"],
                    subject=fields["subject"],
                    sealed=r["personal_ct"],
                )
                status = "decrypted"
        payload = json.loads(r["payload"]) if r["payload"] is not None else {}
        return AuditRecord(
            id=r["id"],
            seq=int(r["seq"]),
            occurred_at=r["occurred_at"],
            event=_event_from_storage(fields, payload, personal),
            prev_hash=r["prev_hash"],
            hash=r["hash"],
            leaf_hash=r["leaf_hash"],
            payload_sha256=r["payload_sha256"],
            payload_removed=r["payload"] is None,
            personal_status=status,
        )

    async def get(self, record_id: str, *, include_personal: bool = False) -> AuditRecord | None:
        """One record by id, or None."""
        rows = await self._fetch(self._sql(f"{self._select()} WHERE id = ?"), (record_id,))
        if not rows:
            return None
        return (await self._records(rows, include_personal))[0]

    def _where(self, query: AuditQuery) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for name in (
            "event_type",
            "actor",
            "service",
            "model",
            "purpose",
            "policy_result",
            "outcome",
            "request_id",
            "subject",
        ):
            value = getattr(query, name)
            if value is not None:
                clauses.append(f"{name} = ?")
                params.append(value)
        if query.reason_code is not None:
            clauses.append(self._contains("reason_codes_idx"))
            params.append(_LIST_SEP + query.reason_code + _LIST_SEP)
        if query.pii_entity is not None:
            clauses.append(self._contains("pii_types_idx"))
            params.append(_LIST_SEP + query.pii_entity + _LIST_SEP)
        if query.since is not None:
            clauses.append("occurred_at >= ?")
            params.append(utc_timestamp(query.since))
        if query.until is not None:
            clauses.append("occurred_at < ?")
            params.append(utc_timestamp(query.until))
        return clauses, params

    async def query(self, query: AuditQuery) -> AuditPage:
        """Filtered page in stable ``seq`` order."""
        clauses, params = self._where(query)
        if query.cursor is not None:
            after = decode_cursor(query.cursor, query.descending)
            clauses.append("seq < ?" if query.descending else "seq > ?")
            params.append(after)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        order = "DESC" if query.descending else "ASC"
        sql = f"{self._select()}{where} ORDER BY seq {order} LIMIT ?"
        rows = await self._fetch(self._sql(sql), [*params, query.limit + 1])
        more = len(rows) > query.limit
        records = await self._records(rows[: query.limit], query.include_personal)
        cursor = encode_cursor(records[-1].seq, query.descending) if more and records else None
        return AuditPage(records=tuple(records), next_cursor=cursor)

    async def iter_records(self, query: AuditQuery) -> AsyncIterator[AuditRecord]:
        """Every matching record, page by page (``query.limit`` is the page size)."""
        current = query
        while True:
            page = await self.query(current)
            for record in page.records:
                yield record
            if page.next_cursor is None:
                return
            current = AuditQuery(**{**_query_fields(current), "cursor": page.next_cursor})

    # ---- retention and erasure ------------------------------------------------------------

    async def apply_retention(self, *, older_than: datetime) -> RetentionReport:
        """Drop payloads and personal ciphertext before ``older_than``; hashes stay.

        Idempotent: a second run with the same cutoff changes nothing.
        """
        if older_than.tzinfo is None:
            raise ValueError("older_than must be timezone-aware")
        cutoff = utc_timestamp(older_than)
        changed = await self._execute(
            self._sql(
                "UPDATE audit_records SET payload = NULL, personal_ct = NULL "
                "WHERE occurred_at < ? AND (payload IS NOT NULL OR personal_ct IS NOT NULL)"
            ),
            (cutoff,),
        )
        return RetentionReport(cutoff=cutoff, payloads_removed=changed)

    async def erase_subject(self, subject: str) -> int:
        """Destroy a subject's keys (crypto-erasure); their records still verify."""
        return await self._execute(
            self._sql(
                "UPDATE audit_subject_keys SET key_material = NULL, destroyed_at = ? "
                "WHERE subject = ? AND key_material IS NOT NULL"
            ),
            (utc_timestamp(), subject),
        )

    # ---- checkpoints and proofs -----------------------------------------------------------

    async def latest_checkpoint(self) -> Checkpoint | None:
        """Newest stored checkpoint."""
        rows = await self._fetch(
            f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints "  # noqa: S608 - constant column names
            "ORDER BY tree_size DESC LIMIT 1"
        )
        return _checkpoint_from_row(rows[0]) if rows else None

    async def checkpoints(self) -> tuple[Checkpoint, ...]:
        """All checkpoints, oldest first."""
        rows = await self._fetch(
            f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints ORDER BY tree_size"  # noqa: S608 - constant column names
        )
        return tuple(_checkpoint_from_row(r) for r in rows)

    async def checkpoint(self) -> Checkpoint | None:
        """Sign a checkpoint covering every committed record.

        Re-checks the chain links of the records added since the previous checkpoint before
        signing, so a broken chain is never signed.

        Raises:
            CheckpointError: no signing key configured.
            AuditIntegrityError: the chain since the previous checkpoint is broken.
        """
        signer = self._options.signer
        if signer is None:
            raise errors.CheckpointError(errors.NO_SIGNING_KEY)
        self._appended_since_checkpoint = 0
        rows = await self._fetch(
            f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints "  # noqa: S608 - constant column names
            "ORDER BY tree_size DESC LIMIT 1"
        )
        if rows:
            last = _checkpoint_from_row(rows[0])
            compact = merkle.CompactRange(
                size=last.tree_size, hashes=[bytes.fromhex(h) for h in json.loads(rows[0][7])]
            )
            prev = last.head_hash
        else:
            last = None
            compact = merkle.CompactRange()
            prev = canonical.GENESIS_HASH
        head = await self._fetch("SELECT MAX(seq) FROM audit_records")
        head_seq = int(head[0][0] or 0)
        if head_seq == 0:
            return None
        if last is not None and head_seq <= last.tree_size:
            return last
        while compact.size < head_seq:
            chunk = await self._fetch(
                self._sql(
                    "SELECT seq, leaf_hash, prev_hash, hash FROM audit_records "
                    "WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?"
                ),
                (compact.size, head_seq, _VERIFY_CHUNK),
            )
            if not chunk:
                raise errors.AuditIntegrityError(f"record seq {compact.size + 1} is missing")
            for seq, leaf, prev_hash, link in chunk:
                if int(seq) != compact.size + 1:
                    raise errors.AuditIntegrityError(f"record seq {compact.size + 1} is missing")
                if prev_hash != prev or canonical.chain_hash(prev, leaf) != link:
                    raise errors.AuditIntegrityError(f"hash chain broken at seq {seq}")
                compact.append(bytes.fromhex(leaf))
                prev = link
        cp = signer.sign(
            tree_size=head_seq,
            root_hash=compact.root().hex(),
            head_hash=prev,
            created_at=utc_timestamp(),
        )
        await self._execute(
            self._sql(
                f"INSERT INTO audit_checkpoints ({', '.join(CHECKPOINT_COLUMNS)}) "  # noqa: S608 - constant column names
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING"
            ),
            (
                cp.tree_size,
                cp.root_hash,
                cp.head_hash,
                cp.created_at,
                cp.key_id,
                cp.statement,
                cp.signature,
                json.dumps([h.hex() for h in compact.hashes]),
            ),
        )
        stored = await self._fetch(
            self._sql(
                f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints "  # noqa: S608 - constant column names
                "WHERE tree_size = ?"
            ),
            (head_seq,),
        )
        # Another process may have won the race for this size; its checkpoint is as good.
        return _checkpoint_from_row(stored[0])

    async def _leaf_range(self, start: int, end: int) -> list[bytes]:
        """Leaf hashes of records ``start + 1 .. end`` (0-based half-open leaf range)."""
        leaves: list[bytes] = []
        while start + len(leaves) < end:
            first = start + len(leaves)
            chunk = await self._fetch(
                self._sql(
                    "SELECT seq, leaf_hash FROM audit_records WHERE seq > ? AND seq <= ? "
                    "ORDER BY seq LIMIT ?"
                ),
                (first, end, _VERIFY_CHUNK * 5),
            )
            if not chunk:
                raise errors.AuditIntegrityError(f"record seq {first + 1} is missing")
            for seq, leaf in chunk:
                if int(seq) != start + len(leaves) + 1:
                    raise errors.AuditIntegrityError(
                        f"record seq {start + len(leaves) + 1} is missing"
                    )
                leaves.append(bytes.fromhex(leaf))
        return leaves

    async def _inclusion_path(self, index: int, size: int) -> list[bytes]:
        """Audit path using cached roots of full, aligned blocks of leaves.

        In an append-only log a full block never changes, so after the first proof a proof
        reads one block of leaves instead of the whole tree. The bottom-up RFC 6962 tree never
        pairs across aligned power-of-two blocks, so the path is the path inside the block
        followed by the path of the block's root among all block roots.
        """
        full = size // _BLOCK
        missing = [b for b in range(full) if b not in self._block_roots]
        run_start = 0
        while run_start < len(missing):
            run_end = run_start
            while run_end + 1 < len(missing) and missing[run_end + 1] == missing[run_end] + 1:
                run_end += 1
            first, last = missing[run_start], missing[run_end]
            leaves = await self._leaf_range(first * _BLOCK, (last + 1) * _BLOCK)
            for b in range(first, last + 1):
                offset = (b - first) * _BLOCK
                self._block_roots[b] = merkle.root(leaves[offset : offset + _BLOCK])
            run_start = run_end + 1
        block = index // _BLOCK
        block_leaves = await self._leaf_range(block * _BLOCK, min((block + 1) * _BLOCK, size))
        tops = [self._block_roots[b] for b in range(full)]
        if size % _BLOCK:
            tail = block_leaves if block == full else await self._leaf_range(full * _BLOCK, size)
            tops.append(merkle.root(tail))
        inner = merkle.inclusion_path(index - block * _BLOCK, block_leaves)
        return inner + merkle.inclusion_path(block, tops)

    async def proof(self, record_id: str) -> InclusionProof:
        """Inclusion proof of ``record_id`` against the latest checkpoint.

        Signs a new checkpoint first when the record is newer than the latest one and a
        signing key is configured. The proof is checked before it is returned.

        Raises:
            RecordNotFoundError: unknown id.
            CheckpointError: no checkpoint covers the record and none can be signed.
            AuditIntegrityError: the stored record or tree does not match the checkpoint.
        """
        rows = await self._fetch(self._sql(f"{self._select()} WHERE id = ?"), (record_id,))
        if not rows:
            raise errors.RecordNotFoundError(errors.RECORD_NOT_FOUND)
        r = _row_dict(rows[0])
        seq = int(r["seq"])
        cp = await self.latest_checkpoint()
        if cp is None or cp.tree_size < seq:
            if self._options.signer is None:
                raise errors.CheckpointError(errors.NO_CHECKPOINT)
            cp = await self.checkpoint()
        assert cp is not None and cp.tree_size >= seq
        content = _content_of(r, _stored_fields(r))
        leaf_hex = canonical.leaf_hash(content)
        if leaf_hex != r["leaf_hash"]:
            raise errors.AuditIntegrityError(f"record seq {seq} does not match its leaf hash")
        path = await self._inclusion_path(seq - 1, cp.tree_size)
        root = bytes.fromhex(cp.root_hash)
        if not merkle.verify_inclusion(seq - 1, cp.tree_size, bytes.fromhex(leaf_hex), path, root):
            raise errors.AuditIntegrityError(
                f"tree of size {cp.tree_size} does not match its checkpoint"
            )
        return InclusionProof(
            record_id=record_id,
            leaf_index=seq - 1,
            tree_size=cp.tree_size,
            leaf_hash=leaf_hex,
            audit_path=tuple(p.hex() for p in path),
            leaf_input=content,
            checkpoint=cp,
        )

    async def consistency_proof(self, first_size: int, second_size: int) -> ConsistencyProof:
        """RFC 6962 consistency proof between two tree sizes (e.g. two checkpoints).

        From a checkpoint size it reads only the leaves after it (plus the stored compact
        range); from any other size every leaf up to ``second_size``.

        Raises:
            ValueError: sizes not ``0 < first_size <= second_size``.
            AuditIntegrityError: records up to ``second_size`` are missing.
        """
        if not 0 < first_size <= second_size:
            raise ValueError("need 0 < first_size <= second_size")
        stored = await self._fetch(
            self._sql("SELECT compact_range FROM audit_checkpoints WHERE tree_size = ?"),
            (first_size,),
        )
        if stored:
            # From a checkpoint (what witnesses ask for): its compact range + the new leaves.
            first_range = [bytes.fromhex(h) for h in json.loads(stored[0][0])]
            tail = await self._leaf_range(first_size, second_size)
            path = merkle.consistency_path_from_range(first_size, first_range, tail)
        else:
            leaves = await self._leaf_range(0, second_size)
            path = merkle.consistency_path(first_size, leaves)
        return ConsistencyProof(
            first_size=first_size, second_size=second_size, path=tuple(p.hex() for p in path)
        )

    # ---- verification ---------------------------------------------------------------------

    async def verify(self, *, trusted_checkpoints: Sequence[Checkpoint] = ()) -> VerifyReport:
        """Recompute every leaf, the chain and every checkpoint root; report the first problem.

        Args:
            trusted_checkpoints: Checkpoints kept outside the database (e.g. published or
                exported earlier). They catch truncation even if checkpoint rows were deleted.
        """
        stored = await self.checkpoints()
        all_cps = sorted([*stored, *trusted_checkpoints], key=lambda c: c.tree_size)
        latest = all_cps[-1].tree_size if all_cps else None
        checked_cps = 0

        def report(checked: int, bad: int | None, problem: str) -> VerifyReport:
            return VerifyReport(
                ok=not problem,
                records_checked=checked,
                first_bad_seq=bad,
                problem=problem,
                checkpoints_checked=checked_cps,
                latest_checkpoint_size=latest,
            )

        keys = self._checkpoint_keys()
        for cp in all_cps:
            if keys is None:
                return report(0, None, "checkpoints present but no verification key configured")
            problem = checkpoint_problem(cp, keys)
            if problem:
                return report(0, None, problem)
        compact = merkle.CompactRange()
        prev = canonical.GENESIS_HASH
        cp_index = 0
        last_good_cp = 0
        while True:
            rows = await self._fetch(
                self._sql(f"{self._select()} WHERE seq > ? ORDER BY seq LIMIT ?"),
                (compact.size, _VERIFY_CHUNK),
            )
            if not rows:
                break
            for row in rows:
                r = _row_dict(row)
                expected = compact.size + 1
                seq = int(r["seq"])
                if seq != expected:
                    return report(
                        compact.size,
                        expected,
                        f"records {expected}..{seq - 1} are missing (deleted) before seq {seq}",
                    )
                problem = _record_problem(r, prev)
                if problem:
                    return report(compact.size, seq, problem)
                compact.append(bytes.fromhex(r["leaf_hash"]))
                prev = r["hash"]
                while cp_index < len(all_cps) and all_cps[cp_index].tree_size == compact.size:
                    cp = all_cps[cp_index]
                    # Checkpoints read from notes carry no (unsigned) head hash.
                    head_differs = bool(cp.head_hash) and cp.head_hash != prev
                    if cp.root_hash != compact.root().hex() or head_differs:
                        # Two checkpoints of one size that disagree localise nothing.
                        start = last_good_cp + 1 if last_good_cp < cp.tree_size else 1
                        return report(
                            compact.size,
                            start,
                            f"records {start}..{cp.tree_size} do not match the "
                            f"signed checkpoint at tree size {cp.tree_size} (history rewritten)",
                        )
                    checked_cps += 1
                    last_good_cp = cp.tree_size
                    cp_index += 1
        if cp_index < len(all_cps):
            size = all_cps[-1].tree_size
            return report(
                compact.size,
                compact.size + 1,
                f"log truncated: the checkpoint at tree size {size} covers {size} records "
                f"but only {compact.size} are present",
            )
        return report(compact.size, None, "")


def _record_problem(r: Mapping[str, Any], prev: str) -> str:
    seq = r["seq"]
    try:
        fields = _stored_fields(r)
        content = _content_of(r, fields)
        leaf = canonical.leaf_hash(content)
    except (ValueError, TypeError, KeyError) as exc:
        return f"record seq {seq} cannot be canonicalized ({exc.__class__.__name__})"
    if leaf != r["leaf_hash"]:
        return f"record seq {seq} (id {r['id']}) was edited: content does not match its leaf hash"
    if (
        r["payload"] is not None
        and canonical.sha256_hex(r["payload"].encode()) != r["payload_sha256"]
    ):
        return f"record seq {seq} (id {r['id']}) payload was edited"
    if (
        r["personal_ct"] is not None
        and canonical.sha256_hex(r["personal_ct"].encode()) != r["personal_ct_sha256"]
    ):
        return f"record seq {seq} (id {r['id']}) encrypted personal fields were edited"
    if r["prev_hash"] != prev:
        return f"hash chain broken at seq {seq}: prev_hash is not the hash of seq {seq - 1}"
    if canonical.chain_hash(prev, leaf) != r["hash"]:
        return f"hash chain broken at seq {seq}: hash does not match prev_hash and leaf"
    return ""


def _query_fields(query: AuditQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in AuditQuery.__dataclass_fields__}
