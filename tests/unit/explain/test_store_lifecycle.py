"""Lifecycle columns of the decision store on SQLite and PostgreSQL, and their migration."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from explain import (
    DecisionFilter,
    DecisionNotFoundError,
    DecisionRecord,
    DecisionStore,
    LifecycleError,
    LoadedModel,
    generate_access_code,
    new_decision_record,
    open_decision_store,
    record_review,
    take,
    validate_features,
)
from explain.records import RecordCipher
from explain.store import DECISIONS_SCHEMA
from tests.unit.explain.conftest import STORE_SECRET, case

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _record(
    demo: LoadedModel, *, days: int = 0, service: str = "svc-a", review: bool = True
) -> DecisionRecord:
    return new_decision_record(
        assessment=demo.assess(validate_features(demo.spec, case())),
        service=service,
        case_reference="AZ-2026-001",
        subject_pseudonym="psn_7f3a",
        purpose="wohngeld_antrag",
        obligations=("explain", "human_review") if review else ("explain",),
        now=T0 + timedelta(days=days),
        review_deadline=timedelta(days=10),
    )


def _ids(records: tuple[DecisionRecord, ...]) -> list[str]:
    return [r.id for r in records]


async def test_when_queue_listed_then_filtered_by_state_service_due_and_ordered_by_due(
    store: DecisionStore, demo: LoadedModel
) -> None:
    late = _record(demo, days=0)                          # due T0 + 10
    early_other = _record(demo, days=-5, service="svc-b")  # due T0 + 5
    automated = _record(demo, days=1, review=False)
    for record in (late, early_other, automated):
        await store.save(record)
    queue = DecisionFilter(states=("provisional", "under_review"), order="due")
    assert _ids(await store.list(queue)) == [early_other.id, late.id]
    scoped = DecisionFilter(states=("provisional",), services=("svc-a",), order="due")
    assert _ids(await store.list(scoped)) == [late.id]
    assert await store.list(DecisionFilter(services=())) == ()
    due_soon = DecisionFilter(states=("provisional",), due_before=T0 + timedelta(days=6))
    assert _ids(await store.list(due_soon)) == [early_other.id]
    first = await store.list(DecisionFilter(states=("provisional",), order="due", limit=1))
    rest = await store.list(
        DecisionFilter(states=("provisional",), order="due", after_id=first[0].id)
    )
    assert _ids(first + rest) == [early_other.id, late.id]
    assert _ids(await store.list(DecisionFilter(states=("automated_final",)))) == [automated.id]


async def test_when_citizen_asks_then_automated_decision_enters_queue_due_from_request(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record, code = _record(demo, review=False), generate_access_code()
    await store.save(record, access_code=code)
    asked = T0 + timedelta(days=2)
    await store.add_review_request(
        record.id, "Bitte prüfen", access_code=code, now=asked, review_deadline=timedelta(days=7)
    )
    stored = await store.get(record.id)
    assert stored.state == "under_review" and stored.review_due_at == asked + timedelta(days=7)
    queued = await store.list(DecisionFilter(states=("under_review",)))
    assert _ids(queued) == [record.id]


async def test_when_review_applied_then_state_final_and_refused_change_leaves_record(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record, code = _record(demo), generate_access_code()
    await store.save(record, access_code=code)
    await store.apply(record.id, lambda r: take(r, reviewer="cw-1", now=T0))
    final = await store.apply(
        record.id,
        lambda r: record_review(r, reviewer="cw-1", outcome="denied", reason="Belege fehlen",
                                now=T0, four_eyes=False),
    )
    assert final.state == "final" and await store.get(record.id) == final
    assert _ids(await store.list(DecisionFilter(states=("final",)))) == [record.id]
    with pytest.raises(LifecycleError):
        await store.apply(record.id, lambda r: take(r, reviewer="cw-2", now=T0))
    with pytest.raises(LifecycleError):
        await store.add_review_request(record.id, "", access_code=code, now=T0)
    assert await store.get(record.id) == final
    with pytest.raises(DecisionNotFoundError):
        await store.apply("missing", lambda r: r)


async def test_when_outcome_from_human_review_then_final_but_ground_truth_keeps_state(
    store: DecisionStore, demo: LoadedModel
) -> None:
    a, b = _record(demo), _record(demo, days=1)
    await store.save(a)
    await store.save(b)
    assert (await store.set_outcome(a.id, "approved", "ground_truth")).state == "provisional"
    assert (await store.set_outcome(b.id, "approved", "human_review")).state == "final"


def _legacy_row(record: DecisionRecord) -> tuple[Any, ...]:
    import dataclasses

    legacy = dataclasses.replace(record, state=None, review_due_at=None)
    return (
        record.id, record.created_at, record.service, record.model_id, record.model_version,
        record.decision.outcome, None, False, None, None, RecordCipher(STORE_SECRET).seal(legacy),
    )


async def test_when_database_predates_lifecycle_then_columns_added_and_states_backfilled(
    database_url: str, demo: LoadedModel
) -> None:
    needs_review, automated = _record(demo), _record(demo, days=1, review=False)
    rows = [_legacy_row(needs_review), _legacy_row(automated)]
    insert = (
        "INSERT INTO explain_decisions (id, created_at, service, model_id, model_version,"
        " outcome, final_outcome, review_requested, access_code_hash, access_code_expires_at,"
        " record) VALUES ({})"
    )
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            for statement in DECISIONS_SCHEMA.migrations[0].sqlite:  # the schema of 0.3
                conn.execute(str(statement))
            for row in rows:
                conn.execute(insert.format(", ".join("?" * 11)),
                             (*row[:1], row[1].isoformat(), *row[2:7], int(row[7]), *row[8:]))
    else:
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as conn:
            for statement in DECISIONS_SCHEMA.migrations[0].postgres:
                conn.execute(str(statement))
            for row in rows:
                conn.execute(insert.format(", ".join(["%s"] * 11)), row)
    opened = await open_decision_store(database_url, access_code_secret=STORE_SECRET)
    try:
        provisional = await opened.list(DecisionFilter(states=("provisional",)))
        automated_rows = await opened.list(DecisionFilter(states=("automated_final",)))
        assert _ids(provisional) == [needs_review.id]
        assert _ids(automated_rows) == [automated.id]
    finally:
        await opened.aclose()
    again = await open_decision_store(database_url, access_code_secret=STORE_SECRET)
    await again.aclose()
