"""The audit tables' row layout: columns, building insert rows, reading records back.

Shared by the storage drivers (they insert what ``build_rows`` returns inside their write
transaction) and the log reader and verifier (they rebuild records and leaf content from rows).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from audit_log import canonical, subjects
from audit_log.types import AuditEvent, AuditRecord, Checkpoint, PersonalStatus
from storage.writes import Writes

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
ANCHOR_COLUMNS = ("tree_size", "kind", "source", "data", "anchored_at")
SELECT_RECORDS = f"SELECT {', '.join(RECORD_COLUMNS)} FROM audit_records"  # noqa: S608 - constant column names
CHAIN_CHUNK = 2000  # records read per statement when walking the chain
JSON_FIELDS = frozenset({"reason_codes", "pii_entities"})
LIST_SEP = "\n"

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


def list_index(values: Sequence[str]) -> str:
    """A list as text with a separator around every value (exact-value substring search)."""
    return LIST_SEP + LIST_SEP.join(values) + LIST_SEP if values else ""


@dataclass(slots=True)
class PendingAppend:
    """An event waiting in the group-commit queue."""

    event: AuditEvent
    record_id: str
    future: asyncio.Future[AuditRecord]
    deadline: float = 0.0
    # Rows of other stores that commit with this record or not at all (storage.writes).
    writes: Writes | None = None


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
            canonical.canonical(fields[n]).decode() if n in JSON_FIELDS else fields[n]
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
                list_index(event.reason_codes),
                list_index(sorted(event.pii_entities)),
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


def row_dict(row: Row) -> dict[str, Any]:
    """A row of ``RECORD_COLUMNS`` by column name."""
    return dict(zip(RECORD_COLUMNS, row, strict=True))


def _no_floats(text: str) -> Any:
    raise ValueError("float in stored audit content")


def stored_fields(r: Mapping[str, Any]) -> dict[str, Any]:
    """The event fields of a row (JSON columns parsed; floats refused)."""
    return {
        n: json.loads(r[n], parse_float=_no_floats) if n in JSON_FIELDS else r[n]
        for n in canonical.EVENT_FIELDS
    }


def content_of(r: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical content object of a row, whose hash is its leaf."""
    return canonical.record_content(
        record_id=r["id"],
        seq=r["seq"],
        occurred_at=r["occurred_at"],
        fields=fields,
        payload_sha256=r["payload_sha256"],
        personal_key_id=r["personal_key_id"],
        personal_ct_sha256=r["personal_ct_sha256"],
    )


def event_from_storage(
    fields: Mapping[str, Any], payload: Any, personal: Mapping[str, str]
) -> AuditEvent:
    """The event of a stored row."""
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


def checkpoint_from_row(row: Row) -> Checkpoint:
    """A checkpoint from a row of ``CHECKPOINT_COLUMNS``."""
    return Checkpoint(
        tree_size=int(row[0]),
        root_hash=row[1],
        head_hash=row[2],
        created_at=row[3],
        key_id=row[4],
        statement=row[5],
        signature=row[6],
    )


def record_from_row(r: Mapping[str, Any], keys: Mapping[str, bytes | None] | None) -> AuditRecord:
    """The record of a stored row.

    ``keys`` (key id -> key, None once destroyed) unseal the personal fields; without ``keys``
    they stay sealed.
    """
    fields = stored_fields(r)
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
        event=event_from_storage(fields, payload, personal),
        prev_hash=r["prev_hash"],
        hash=r["hash"],
        leaf_hash=r["leaf_hash"],
        payload_sha256=r["payload_sha256"],
        payload_removed=r["payload"] is None,
        personal_status=status,
    )
