"""Streaming export (JSONL, CSV) and the per-subject report."""

from __future__ import annotations

import csv
import io
import json

from audit_log import AuditQuery, AuditStore, export_records, subject_report
from audit_log.export import CSV_COLUMNS
from tests.unit.audit_log.conftest import make_event


async def test_when_exporting_jsonl_then_each_matching_record_is_one_line(
    store: AuditStore,
) -> None:
    for i in range(7):
        await store.append(make_event(i, service="svc-a" if i % 2 else "svc-b"))

    query = AuditQuery(service="svc-a", limit=2)
    lines = [c async for c in export_records(store, query, fmt="jsonl")]

    docs = [json.loads(line) for line in lines]
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [d["seq"] for d in docs] == [2, 4, 6]
    assert {d["event"]["service"] for d in docs} == {"svc-a"}


async def test_when_exporting_csv_then_header_rows_and_formula_cells_are_defused(
    store: AuditStore,
) -> None:
    await store.append(make_event(0, actor="=HYPERLINK(1)", purpose="a,b\nc"))
    await store.append(make_event(1))

    text = "".join([c async for c in export_records(store, AuditQuery(), fmt="csv")])

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 3
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["actor"] == "'=HYPERLINK(1)"
    assert first["purpose"] == "a,b\nc"
    assert json.loads(first["reason_codes"]) == ["pii.redacted"]
    assert first["seq"] == "1"


async def test_when_reporting_on_a_subject_then_only_their_records_with_personal_fields(
    store: AuditStore,
) -> None:
    await store.append(make_event(0, subject="sp1_me", personal={"name": "Max"}, purpose="p1"))
    await store.append(make_event(1, subject="sp1_other", personal={"name": "Eva"}))
    await store.append(
        make_event(2, subject="sp1_me", event_type="decision.made", service="svc-z", purpose="p2")
    )

    report = await subject_report(store, "sp1_me")

    data = report.to_dict()
    assert data["record_count"] == 2
    assert data["event_counts"] == {"proxy.call.completed": 1, "decision.made": 1}
    assert data["purposes"] == ["p1", "p2"]
    assert data["services"] == ["svc-bescheid", "svc-z"]
    assert data["records"][0]["event"]["personal"] == {"name": "Max"}
    assert not data["erased"]
    await store.erase_subject("sp1_me")
    assert (await subject_report(store, "sp1_me")).erased
