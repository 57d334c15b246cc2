"""The fairness store on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import msgspec
import pytest

from fairness import (
    DecisionNotFoundError,
    DecisionRecord,
    FairnessStore,
    FairnessStoreError,
    FairnessThresholds,
    InvalidDecisionError,
    ReportNotFoundError,
    build_report,
    open_fairness_store,
)
from fairness.errors import DECISION_NOT_FOUND, REPORT_NOT_FOUND
from fairness.types import AuditReport

from .data import T0, count_table, decisions_from_counts, random_decisions


def _record(decision_id: str = "d-1", **changes: object) -> DecisionRecord:
    base = DecisionRecord(
        model_id="wohngeld",
        model_version="1",
        decision_id=decision_id,
        decided_at=T0,
        prediction=1,
        score=0.7,
        attributes={"sex": "f", "age_band": "30-44"},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _report(model_id: str, status_groups: dict[str, tuple[int, ...]], minute: int) -> AuditReport:
    records = decisions_from_counts(status_groups, model_id=model_id)  # type: ignore[arg-type]
    return build_report(
        count_table(records, model_id),
        thresholds=FairnessThresholds(min_group_size=10),
        since=None,
        until=T0 + timedelta(days=1),
        bootstrap_replicates=20,
        seed=1,
        created_at=T0 + timedelta(minutes=minute),
    )


PASSING = {"f": (10, 0, 10, 0, 0, 0), "m": (10, 0, 10, 0, 0, 0)}
FAILING = {"f": (10, 0, 10, 0, 0, 0), "m": (2, 0, 10, 8, 0, 0)}
INSUFFICIENT = {"f": (2, 0, 2, 0, 0, 0), "m": (10, 0, 10, 0, 0, 0)}


async def test_when_opened_twice_then_migrations_are_idempotent_and_data_kept(
    database_url: str,
) -> None:
    first = await open_fairness_store(database_url)
    await first.record_decision(_record())
    await first.close()

    second = await open_fairness_store(database_url)
    try:
        assert await second.has_model("wohngeld")
        table = await second.confusion_counts("wohngeld", since=None, until=T0 + timedelta(1))
        assert table.total == 1
    finally:
        await second.close()


async def test_when_decision_id_repeats_then_first_row_is_kept(store: FairnessStore) -> None:
    assert await store.record_decision(_record(prediction=1)) is True
    assert await store.record_decision(_record(prediction=0)) is False

    table = await store.confusion_counts("wohngeld", since=None, until=T0 + timedelta(days=1))
    assert [(c.prediction, c.n) for c in table.cells] == [(1, 1)]


async def test_when_outcome_recorded_then_counts_move_from_unknown_to_labeled(
    store: FairnessStore,
) -> None:
    await store.record_decision(_record())
    await store.record_outcome("d-1", 0)
    await store.record_outcome("d-1", 1)  # a later review corrects the ground truth

    table = await store.confusion_counts("wohngeld", since=None, until=T0 + timedelta(days=1))
    assert [(c.prediction, c.outcome, c.n) for c in table.cells] == [(1, 1, 1)]
    assert table.cells[0].attributes == (("age_band", "30-44"), ("sex", "f"))


async def test_when_outcome_for_unknown_decision_then_not_found(store: FairnessStore) -> None:
    with pytest.raises(DecisionNotFoundError) as caught:
        await store.record_outcome("nope", 1)
    assert str(caught.value) == DECISION_NOT_FOUND.format(decision_id="nope")


@pytest.mark.parametrize("outcome", [2, -1, True])
async def test_when_outcome_is_not_binary_then_rejected(
    sqlite_store: FairnessStore, outcome: int
) -> None:
    await sqlite_store.record_decision(_record())
    with pytest.raises(InvalidDecisionError):
        await sqlite_store.record_outcome("d-1", outcome)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"prediction": 2}, "prediction must be 0 or 1"),
        ({"outcome": 5}, "outcome must be 0, 1 or None"),
        ({"decided_at": T0.replace(tzinfo=None)}, "decided_at must be timezone-aware"),
        ({"decision_id": ""}, "decision_id must be a non-empty string"),
        ({"attributes": {"sex": ""}}, "attribute 'sex' must be a non-empty string"),
        ({"score": float("nan")}, "score must not be NaN"),
    ],
)
def test_when_record_is_invalid_then_construction_fails(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidDecisionError, match=message):
        _record(**changes)


async def test_when_bulk_insert_fails_midway_then_nothing_is_stored(
    store: FairnessStore,
) -> None:
    records: list[object] = [*random_decisions(1, 20), "not a record"]

    with pytest.raises(InvalidDecisionError):
        await store.record_decisions(records)  # type: ignore[arg-type]

    assert not await store.has_model("wohngeld")
    assert await store.record_decisions(random_decisions(1, 20)) == 20


async def test_when_models_recorded_then_listed_sorted(store: FairnessStore) -> None:
    for model in ("zeta", "alpha", "mid"):
        await store.record_decision(_record(f"{model}-1", model_id=model))

    assert await store.list_models() == ["alpha", "mid", "zeta"]
    assert await store.has_model("mid")
    assert not await store.has_model("other")


async def test_when_reports_saved_then_listed_newest_first_and_round_trip(
    store: FairnessStore,
) -> None:
    older = _report("a", PASSING, minute=1)
    newer = _report("a", FAILING, minute=2)
    other = _report("b", PASSING, minute=3)
    for report in (older, other, newer):
        await store.save_report(report)

    assert await store.get_report(newer.report_id) == newer
    assert [r.report_id for r in await store.list_reports(model_id="a")] == [
        newer.report_id,
        older.report_id,
    ]
    assert [r.report_id for r in await store.list_reports(limit=2)] == [
        other.report_id,
        newer.report_id,
    ]
    assert msgspec.json.decode(msgspec.json.encode(newer), type=AuditReport) == newer


async def test_when_report_id_unknown_then_not_found(store: FairnessStore) -> None:
    with pytest.raises(ReportNotFoundError) as caught:
        await store.get_report("fa_missing")
    assert str(caught.value) == REPORT_NOT_FOUND.format(report_id="fa_missing")


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        ((), "unknown"),
        ((PASSING,), "passing"),
        ((FAILING,), "failing"),
        ((PASSING, FAILING), "failing"),
        ((FAILING, PASSING), "passing"),
        ((FAILING, INSUFFICIENT), "unknown"),
    ],
)
async def test_when_audits_stored_then_latest_status_follows_the_newest(
    store: FairnessStore, sequence: tuple[dict[str, tuple[int, ...]], ...], expected: str
) -> None:
    for minute, groups in enumerate(sequence):
        await store.save_report(_report("m", groups, minute))

    assert await store.latest_status("m") == expected


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite3:///x.db", ""])
async def test_when_url_scheme_unsupported_then_store_error(url: str) -> None:
    with pytest.raises(FairnessStoreError, match="unsupported fairness store URL"):
        await open_fairness_store(url)


async def test_when_sqlite_path_is_a_directory_then_store_error(tmp_path: object) -> None:
    with pytest.raises(FairnessStoreError, match="cannot open the fairness store"):
        await open_fairness_store(f"sqlite:///{tmp_path}")


async def test_when_opened_concurrently_then_migrations_do_not_collide(
    database_url: str,
) -> None:
    stores = await asyncio.gather(*(open_fairness_store(database_url) for _ in range(3)))
    try:
        for opened in stores:
            assert isinstance(opened, FairnessStore)
        assert await stores[0].record_decision(_record()) is True
        assert await stores[2].has_model("wohngeld")
    finally:
        for opened in stores:
            await opened.close()
