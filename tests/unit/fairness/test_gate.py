"""Which audit decides the fairness gate: one test per transition and per "report only" reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from fairness import AuditReport, FairnessThresholds, build_report
from fairness.gate import GateRule, gate_from_reports, not_covering
from tests.unit.fairness.data import count_table, decisions_from_counts

NOW = datetime(2026, 11, 30, tzinfo=UTC)
RULE = GateRule(production_version="2", window=timedelta(days=90))
FAIR = {"f": (40, 10, 40, 10, 0, 0), "m": (40, 10, 40, 10, 0, 0)}
BIASED = {"f": (10, 2, 70, 18, 0, 0), "m": (40, 10, 40, 10, 0, 0)}
THIN = {"f": (2, 0, 2, 0, 0, 0), "m": (2, 0, 2, 0, 0, 0)}


def report(
    groups: dict[str, tuple[int, int, int, int, int, int]],
    *,
    days: int | None = 90,
    version: str | None = "2",
    created: datetime = NOW,
    end: datetime | None = None,
) -> AuditReport:
    until = end or created
    built = build_report(
        count_table(decisions_from_counts(groups)),
        thresholds=FairnessThresholds(),
        since=None if days is None else until - timedelta(days=days),
        until=until,
        model_version=version,
        bootstrap_replicates=0,
        created_at=created,
    )
    return msgspec.structs.replace(built, model_id="wohngeld")


def newest_first(*reports: AuditReport) -> list[AuditReport]:
    return sorted(reports, key=lambda r: r.created_at, reverse=True)


def test_when_no_report_then_gate_unknown() -> None:
    gate = gate_from_reports("wohngeld", [], RULE)
    assert (gate.status, gate.reason, gate.report_id) == ("unknown", "no_covering_audit", None)


def test_when_first_full_audit_passes_then_unknown_to_passing() -> None:
    passing = report(FAIR)
    gate = gate_from_reports("wohngeld", [passing], RULE)
    assert (gate.status, gate.reason, gate.report_id) == ("passing", "audit_passed",
                                                          passing.report_id)


def test_when_full_audit_fails_then_passing_to_failing_naming_metric_and_group() -> None:
    passing = report(FAIR, created=NOW - timedelta(days=7))
    failing = report(BIASED)
    gate = gate_from_reports("wohngeld", newest_first(passing, failing), RULE)
    assert gate.status == "failing" and gate.report_id == failing.report_id
    assert (gate.attribute, gate.metric, gate.group) == ("sex", "demographic_parity_ratio", "f")
    assert gate.value is not None and gate.limit == 0.8 and gate.value < gate.limit


@pytest.mark.parametrize(
    ("later", "why"),
    [
        (lambda: report(FAIR, days=31), "narrower_window"),
        (lambda: report(FAIR, version="1"), "other_version"),
        (lambda: report(FAIR, end=NOW - timedelta(days=60)), "past_window"),
        (lambda: report(THIN), "insufficient_data"),
    ],
)
def test_when_later_report_does_not_cover_then_failing_stays_failing(
    later: object, why: str
) -> None:
    failing = report(BIASED, created=NOW - timedelta(days=1))
    newer = later()  # type: ignore[operator]
    assert not_covering(newer, RULE) == why
    gate = gate_from_reports("wohngeld", newest_first(failing, newer), RULE)
    assert (gate.status, gate.report_id) == ("failing", failing.report_id)


def test_when_full_audit_passes_again_then_failing_to_passing() -> None:
    failing = report(BIASED, created=NOW - timedelta(days=1))
    passing = report(FAIR)
    gate = gate_from_reports("wohngeld", newest_first(failing, passing), RULE)
    assert (gate.status, gate.report_id) == ("passing", passing.report_id)


def test_when_production_version_changes_then_passing_to_unknown() -> None:
    passing = report(FAIR, version="2")
    new_version = GateRule(production_version="3", window=timedelta(days=90))
    assert gate_from_reports("wohngeld", [passing], new_version).status == "unknown"


@pytest.mark.parametrize(("days", "version"), [(None, "2"), (120, "2"), (90, None)])
def test_when_report_spans_whole_history_or_more_or_all_versions_then_it_covers(
    days: int | None, version: str | None
) -> None:
    assert not_covering(report(FAIR, days=days, version=version), RULE) is None


def test_when_model_not_run_here_then_any_version_covers() -> None:
    imported = GateRule(production_version=None, window=timedelta(days=90))
    assert not_covering(report(FAIR, version="imported"), imported) is None
