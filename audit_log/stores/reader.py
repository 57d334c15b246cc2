"""The log reader: records by id and by query with opaque cursors, checkpoints and anchors.

Proofs (``audit_log.stores.proofs``) and verification (``audit_log.stores.verify``) read
through the same driver; none of them writes.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

from audit_log import errors
from audit_log.anchors.model import CheckpointAnchor
from audit_log.stores.driver import SqlDriver
from audit_log.stores.rows import (
    ANCHOR_COLUMNS,
    CHECKPOINT_COLUMNS,
    LIST_SEP,
    SELECT_RECORDS,
    Row,
    checkpoint_from_row,
    record_from_row,
    row_dict,
    utc_timestamp,
)
from audit_log.types import AuditPage, AuditQuery, AuditRecord, Checkpoint

_CURSOR_PREFIX = "c1."
_MAX_CURSOR_CHARS = 128
_MAX_SEQ = 2**63 - 1


def encode_cursor(last_seq: int, descending: bool) -> str:
    """Opaque cursor: position after which the next page starts."""
    raw = json.dumps({"s": last_seq, "d": descending}, separators=(",", ":")).encode()
    return _CURSOR_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, descending: bool) -> int:
    """Position stored in a cursor.

    Raises:
        InvalidCursorError: not a cursor of this store or of the other direction.
    """
    # Our cursors are short; a long one (e.g. JSON nested thousands deep) is refused unread.
    if not cursor.startswith(_CURSOR_PREFIX) or len(cursor) > _MAX_CURSOR_CHARS:
        raise errors.InvalidCursorError(errors.BAD_CURSOR)
    body = cursor[len(_CURSOR_PREFIX) :]
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, binascii.Error, RecursionError) as exc:
        raise errors.InvalidCursorError(errors.BAD_CURSOR) from exc
    if (
        not isinstance(data, dict)
        or type(data.get("s")) is not int
        or data.get("d") is not descending
        or not 0 <= data["s"] <= _MAX_SEQ  # SQLite and PostgreSQL integers are 64-bit
    ):
        raise errors.InvalidCursorError(errors.BAD_CURSOR)
    seq: int = data["s"]
    return seq


class LogReader:
    """Reads records, checkpoints and anchors through a storage driver."""

    def __init__(self, driver: SqlDriver) -> None:
        self._driver = driver

    async def _keys_for(self, key_ids: set[str]) -> dict[str, bytes | None]:
        if not key_ids:
            return {}
        marks = ", ".join("?" for _ in key_ids)
        rows = await self._driver.fetch(
            self._driver.sql(
                f"SELECT key_id, key_material FROM audit_subject_keys WHERE key_id IN ({marks})"  # noqa: S608 - constant column names
            ),
            sorted(key_ids),
        )
        return {r[0]: (bytes(r[1]) if r[1] is not None else None) for r in rows}

    async def _records(self, rows: Sequence[Row], include_personal: bool) -> list[AuditRecord]:
        dicts = [row_dict(row) for row in rows]
        keys: dict[str, bytes | None] = {}
        if include_personal:
            keys = await self._keys_for(
                {r["personal_key_id"] for r in dicts if r["personal_ct"] is not None}
            )
        return [record_from_row(r, keys if include_personal else None) for r in dicts]

    async def get(self, record_id: str, *, include_personal: bool = False) -> AuditRecord | None:
        """One record by id, or None."""
        rows = await self._driver.fetch(
            self._driver.sql(f"{SELECT_RECORDS} WHERE id = ?"), (record_id,)
        )
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
            clauses.append(self._driver.contains("reason_codes_idx"))
            params.append(LIST_SEP + query.reason_code + LIST_SEP)
        if query.pii_entity is not None:
            clauses.append(self._driver.contains("pii_types_idx"))
            params.append(LIST_SEP + query.pii_entity + LIST_SEP)
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
        sql = f"{SELECT_RECORDS}{where} ORDER BY seq {order} LIMIT ?"
        rows = await self._driver.fetch(self._driver.sql(sql), [*params, query.limit + 1])
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

    async def latest_checkpoint(self) -> Checkpoint | None:
        """Newest stored checkpoint."""
        rows = await self._driver.fetch(
            f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints "  # noqa: S608 - constant column names
            "ORDER BY tree_size DESC LIMIT 1"
        )
        return checkpoint_from_row(rows[0]) if rows else None

    async def checkpoints(self) -> tuple[Checkpoint, ...]:
        """All checkpoints, oldest first."""
        rows = await self._driver.fetch(
            f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints ORDER BY tree_size"  # noqa: S608 - constant column names
        )
        return tuple(checkpoint_from_row(r) for r in rows)

    async def anchors(self) -> tuple[CheckpointAnchor, ...]:
        """Every stored anchor, by tree size."""
        rows = await self._driver.fetch(
            f"SELECT {', '.join(ANCHOR_COLUMNS)} FROM audit_anchors "  # noqa: S608 - constant column names
            "ORDER BY tree_size, kind, source"
        )
        return tuple(
            CheckpointAnchor(
                tree_size=int(r[0]), kind=r[1], source=r[2], data=r[3], anchored_at=r[4]
            )
            for r in rows
        )


def _query_fields(query: AuditQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in AuditQuery.__dataclass_fields__}
