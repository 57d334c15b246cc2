"""Audit behaviour: judging against thresholds, bad input, progress, report shape."""

from __future__ import annotations

from datetime import timedelta

import msgspec
import pytest

from fairness import (
    AuditReport,
    EmptyWindowError,
    FairnessStore,
    FairnessThresholds,
    InvalidAuditOptionsError,
    InvalidWindowError,
    UnknownModelError,
    build_report,
    model_statuses,
    report_from_json,
    report_to_dict,
    report_to_json,
    run_audit,
)
from fairness.errors import EMPTY_WINDOW, INVALID_WINDOW, UNKNOWN_MODEL

from .data import T0, count_table, decisions_from_counts

UNTIL = T0 + timedelta(days=30)
THRESHOLDS = FairnessThresholds(
    min_dp_ratio=0.8, max_equalized_odds_difference=0.1, min_group_size=20
)


async def _audit(
    store: FairnessStore, groups: dict[str, tuple[int, ...]], **kw: object
) -> AuditReport:
    await store.record_decisions(decisions_from_counts(groups))  # type: ignore[arg-type]
    options: dict[str, object] = {
        "thresholds": THRESHOLDS,
        "until": UNTIL,
        "bootstrap_replicates": 100,
        "seed": 3,
        **kw,
    }
    return await run_audit(store, model_id="wohngeld", **options)  # type: ignore[arg-type]


# (TP, FP, TN, FN, selected without outcome, rejected without outcome)
@pytest.mark.parametrize(
    ("groups", "status", "reason_part"),
    [
        # equal rates everywhere
        ({"f": (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0)}, "passing", None),
        # selection 0.5 vs 0.36 -> ratio 0.72 < 0.8
        (
            {"f": (0, 0, 0, 0, 50, 50), "m": (0, 0, 0, 0, 36, 64)},
            "failing",
            "demographic parity ratio 0.720 is below the minimum 0.800",
        ),
        # selection 0.5 vs 0.42 -> ratio 0.84 passes; no ground truth -> EO not assessed
        ({"f": (0, 0, 0, 0, 50, 50), "m": (0, 0, 0, 0, 42, 58)}, "passing", None),
        # same selection rate, TPR 0.8 vs 0.6 -> EO difference 0.2
        (
            {"f": (40, 10, 40, 10, 0, 0), "m": (30, 20, 30, 20, 0, 0)},
            "failing",
            "equalized odds difference 0.200 exceeds the maximum 0.100",
        ),
        # extreme disparity only in a group below the minimum size -> not a disparity
        (
            {"f": (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0), "d": (0, 0, 5, 5, 0, 0)},
            "passing",
            None,
        ),
        # every group too small
        ({"f": (3, 3, 3, 3, 0, 0), "m": (5, 0, 5, 0, 0, 0)}, "insufficient_data", None),
    ],
)
async def test_when_audited_then_status_follows_thresholds(
    sqlite_store: FairnessStore,
    groups: dict[str, tuple[int, ...]],
    status: str,
    reason_part: str | None,
) -> None:
    report = await _audit(sqlite_store, groups)

    assert report.status == status
    assert (await sqlite_store.latest_status("wohngeld")) == (
        status if status != "insufficient_data" else "unknown"
    )
    assert report.reasons == tuple(v for a in report.attributes for v in a.violations) or (
        status == "insufficient_data"
    )
    if reason_part is not None:
        assert any(reason_part in r for r in report.reasons)
    if status == "passing":
        assert report.reasons == ()


async def test_when_group_below_minimum_then_it_is_marked_and_excluded(
    sqlite_store: FairnessStore,
) -> None:
    report = await _audit(
        sqlite_store,
        {"f": (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0), "d": (0, 0, 5, 5, 0, 0)},
    )

    sex = report.attributes[0]
    assert {g.group: g.sufficient for g in sex.groups} == {"d": False, "f": True, "m": True}
    assert sex.demographic_parity_ratio is not None
    assert sex.demographic_parity_ratio.value == 1.0
    assert any("insufficient data" in r and "'d'" in r for r in sex.reasons)


async def test_when_attribute_has_one_group_then_not_auditable(sqlite_store: FairnessStore) -> None:
    records = decisions_from_counts(
        {"f": (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0)}, extra={"region": "nord"}
    )
    await sqlite_store.record_decisions(records)

    report = await run_audit(
        sqlite_store,
        model_id="wohngeld",
        thresholds=THRESHOLDS,
        until=UNTIL,
        bootstrap_replicates=0,
    )

    by_name = {a.attribute: a for a in report.attributes}
    assert by_name["region"].status == "not_auditable"
    assert by_name["region"].reasons == (
        "region: only one group ('nord') present; nothing to compare",
    )
    assert by_name["sex"].status == "passing"
    assert report.status == "passing"


async def test_when_no_ground_truth_then_error_rates_are_absent_not_zero(
    sqlite_store: FairnessStore,
) -> None:
    report = await _audit(sqlite_store, {"f": (0, 0, 0, 0, 50, 50), "m": (0, 0, 0, 0, 45, 55)})

    sex = report.attributes[0]
    assert sex.equalized_odds_difference is None
    assert all(g.tpr is None and g.fpr is None and g.fnr is None for g in sex.groups)
    assert any("equalized odds not assessed" in r for r in sex.reasons)


async def test_when_model_unknown_then_unknown_model_error(store: FairnessStore) -> None:
    with pytest.raises(UnknownModelError) as caught:
        await run_audit(store, model_id="ghost", thresholds=THRESHOLDS)
    assert str(caught.value) == UNKNOWN_MODEL.format(model_id="ghost")


async def test_when_window_has_no_decisions_then_empty_window_error(
    store: FairnessStore,
) -> None:
    await store.record_decisions(decisions_from_counts({"f": (1, 1, 1, 1, 0, 0)}))

    with pytest.raises(EmptyWindowError) as caught:
        await run_audit(
            store,
            model_id="wohngeld",
            thresholds=THRESHOLDS,
            since=T0 + timedelta(days=1),
            until=T0 + timedelta(days=2),
        )
    assert str(caught.value) == EMPTY_WINDOW.format(model_id="wohngeld")
    assert await store.list_reports() == []


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (T0, T0),
        (T0 + timedelta(days=1), T0),
        (T0.replace(tzinfo=None), T0 + timedelta(days=1)),
        (None, T0.replace(tzinfo=None)),
    ],
)
async def test_when_window_malformed_then_invalid_window(
    sqlite_store: FairnessStore, since: object, until: object
) -> None:
    await sqlite_store.record_decisions(decisions_from_counts({"f": (1, 1, 1, 1, 0, 0)}))
    with pytest.raises(InvalidWindowError):
        await run_audit(
            sqlite_store,
            model_id="wohngeld",
            thresholds=THRESHOLDS,
            since=since,  # type: ignore[arg-type]
            until=until,  # type: ignore[arg-type]
        )


def test_when_window_inverted_then_message_is_the_constant() -> None:
    from fairness.store import check_window

    with pytest.raises(InvalidWindowError) as caught:
        check_window(T0, T0)
    assert str(caught.value) == INVALID_WINDOW


async def test_when_audit_runs_then_progress_reports_each_stage(
    sqlite_store: FairnessStore,
) -> None:
    calls: list[tuple[str, int, int | None]] = []

    await _audit(
        sqlite_store,
        {"f": (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0)},
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )

    assert calls == [("query", 0, 3), ("metrics", 1, 3), ("store", 2, 3), ("done", 3, 3)]


async def test_when_save_false_then_report_is_not_stored(sqlite_store: FairnessStore) -> None:
    report = await _audit(
        sqlite_store, {"f": (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0)}, save=False
    )

    assert report.status == "passing"
    assert await sqlite_store.list_reports() == []
    assert await sqlite_store.latest_status("wohngeld") == "unknown"


async def test_when_report_serialised_then_json_round_trips_and_report_is_frozen(
    sqlite_store: FairnessStore,
) -> None:
    report = await _audit(sqlite_store, {"f": (40, 10, 40, 10, 5, 5), "m": (30, 20, 30, 20, 5, 5)})

    assert report_from_json(report_to_json(report)) == report
    as_dict = report_to_dict(report)
    assert as_dict["status"] == "failing"
    assert msgspec.json.decode(msgspec.json.encode(as_dict))["report_id"] == report.report_id
    with pytest.raises(AttributeError):
        report.status = "passing"  # type: ignore[misc]
    assert report.n_decisions == 220
    assert report.n_labeled == 200


async def test_when_failing_then_passing_audit_then_model_is_released(
    store: FairnessStore,
) -> None:
    await store.record_decisions(decisions_from_counts({"f": (0, 0, 0, 0, 50, 50)}))
    await store.record_decisions(
        decisions_from_counts({"m": (0, 0, 0, 0, 30, 70)}, start=T0 + timedelta(hours=1))
    )
    await run_audit(store, model_id="wohngeld", thresholds=THRESHOLDS, until=UNTIL)
    assert await store.latest_status("wohngeld") == "failing"

    # The model is fixed: later decisions treat both groups alike.
    later = T0 + timedelta(days=40)
    await store.record_decisions(
        decisions_from_counts({"f": (0, 0, 0, 0, 50, 50), "m": (0, 0, 0, 0, 48, 52)}, start=later)
    )
    await run_audit(
        store,
        model_id="wohngeld",
        thresholds=THRESHOLDS,
        since=later,
        until=later + timedelta(days=1),
    )
    assert await store.latest_status("wohngeld") == "passing"


async def test_when_models_audited_then_model_statuses_lists_each_latest_status(
    sqlite_store: FairnessStore,
) -> None:
    await sqlite_store.record_decisions(
        decisions_from_counts({"f": (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0)}, model_id="ok")
    )
    await sqlite_store.record_decisions(
        decisions_from_counts(
            {"f": (0, 0, 0, 0, 50, 50), "m": (0, 0, 0, 0, 20, 80)}, model_id="bad"
        )
    )
    await sqlite_store.record_decisions(
        decisions_from_counts({"f": (1, 1, 1, 1, 0, 0)}, model_id="new")
    )
    for model in ("ok", "bad"):
        await run_audit(sqlite_store, model_id=model, thresholds=THRESHOLDS, until=UNTIL)

    assert await model_statuses(sqlite_store) == {
        "bad": "failing",
        "new": "unknown",
        "ok": "passing",
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"confidence": 1.0}, "confidence must be within"),
        ({"confidence": 0.2}, "confidence must be within"),
        ({"bootstrap_replicates": -1}, "bootstrap_replicates must be within"),
        ({"bootstrap_replicates": 1_000_000}, "bootstrap_replicates must be within"),
    ],
)
def test_when_audit_options_out_of_range_then_invalid_options(
    options: dict[str, object], message: str
) -> None:
    table = count_table(decisions_from_counts({"f": (1, 1, 1, 1, 0, 0)}))
    with pytest.raises(InvalidAuditOptionsError, match=message):
        build_report(table, thresholds=THRESHOLDS, since=None, until=UNTIL, **options)  # type: ignore[arg-type]
