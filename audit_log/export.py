"""Streaming export of audit records as JSON Lines or CSV.

The iterators yield text chunks (one line each) page by page, so a web framework can stream
them without holding the result in memory. CSV cells that a spreadsheet would run as a formula
are prefixed with an apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Literal

from audit_log.canonical import EVENT_FIELDS
from audit_log.stores.base import AuditReader
from audit_log.types import AuditQuery, AuditRecord

ExportFormat = Literal["jsonl", "csv"]
EXPORT_PAGE = 500
CSV_COLUMNS = (
    "seq",
    "id",
    "occurred_at",
    *EVENT_FIELDS,
    "payload",
    "payload_removed",
    "personal_status",
    "leaf_hash",
    "prev_hash",
    "hash",
)
MEDIA_TYPES: dict[str, str] = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(record: AuditRecord) -> list[str]:
    """One record as CSV cells in ``CSV_COLUMNS`` order."""
    event = record.to_dict()["event"]
    flat: dict[str, object] = {
        **event,
        "seq": str(record.seq),
        "id": record.id,
        "occurred_at": record.occurred_at,
        "payload_removed": "true" if record.payload_removed else "false",
        "personal_status": record.personal_status,
        "leaf_hash": record.leaf_hash,
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    }
    return [_cell(flat[c]) for c in CSV_COLUMNS]


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


async def export_records(
    store: AuditReader, query: AuditQuery, *, fmt: ExportFormat
) -> AsyncIterator[str]:
    """Every record matching ``query``'s filters as JSONL or CSV lines (CSV with header).

    ``query.cursor`` is honoured as the start position; ``query.limit`` is ignored in favour of
    an internal page size. Personal fields are exported only if ``query.include_personal``.
    """
    paged = AuditQuery(
        **{
            **{name: getattr(query, name) for name in AuditQuery.__dataclass_fields__},
            "limit": EXPORT_PAGE,
        }
    )
    if fmt == "csv":
        yield _csv_line(list(CSV_COLUMNS))
    async for record in store.iter_records(paged):
        if fmt == "jsonl":
            yield json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False) + "\n"
        else:
            yield _csv_line(csv_row(record))
