"""Retention as policy: periods per event type and service, legal holds, dry runs.

Store tests run on SQLite and PostgreSQL (``database_url``); records are back-dated by
appending them with a patched clock, so nothing but the policy decides what goes.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest

from audit_log import AuditStore
from audit_log.retention import (
    MIN_AI_LOG_DAYS,
    RetentionCandidate,
    RetentionPolicy,
    RetentionPolicyError,
    RetentionRule,
    plan_batch,
    run_retention,
)
from audit_log.stores import utc_timestamp
from tests.unit.audit_log.conftest import make_event

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
POLICY = RetentionPolicy(
    rules=(
        RetentionRule(event_type="proxy.*", days=200, basis="Art. 26(6)"),
        RetentionRule(event_type="decision.*", service="statistik", days=300),
        RetentionRule(event_type="records.*", days=0, basis="keep"),
    ),
    default_days=400,
)


# ---- the policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "service", "days"),
    [
        ("proxy.call.completed", "wohngeld", 200),
        ("decision.made", "statistik", 300),
        ("decision.made", "wohngeld", 400),
        ("records.fria.generated", "", 0),
        ("audit.query", "", 400),
    ],
)
def test_when_rules_overlap_then_the_first_match_decides(
    event_type: str, service: str, days: int
) -> None:
    assert POLICY.rule_for(event_type, service).days == days


@pytest.mark.parametrize(
    "data",
    [
        {"rules": [{"event_type": "proxy.*", "days": 90}]},
        {"rules": [{"event_type": "proxy.call.completed", "service": "x", "days": 183}]},
        {"rules": [{"event_type": "decision.*", "service": "wohngeld", "days": 90}]},
        {"rules": [{"event_type": "decision.made", "days": 183}]},
        {"default_days": 100, "rules": [{"event_type": "proxy.*", "days": 365}]},
        {"rules": [{"event_type": "*", "days": 30}]},
        {"default_days": 100},
    ],
)
def test_when_ai_call_logs_would_go_before_six_months_then_the_policy_is_refused(
    data: dict[str, object],
) -> None:
    with pytest.raises(RetentionPolicyError, match=r"Art\. 26"):
        RetentionPolicy.from_mapping(data)


def test_when_ai_call_and_decision_logs_have_longer_rules_then_a_short_default_is_fine() -> None:
    policy = RetentionPolicy.from_mapping(
        {"default_days": 30, "rules": [
            {"event_type": "proxy.*", "days": MIN_AI_LOG_DAYS},
            {"event_type": "decision.*", "days": 3 * 365, "basis": "§ 84 SGB X"},
        ]}
    )
    assert policy.rule_for("audit.query", "").days == 30
    assert policy.rule_for("decision.made", "wohngeld").days == 3 * 365


def _plus_six_months(start: date) -> date:
    month = start.month + 6
    year, month = start.year + (month - 1) // 12, (month - 1) % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, monthrange(year, month)[1]))


def test_when_the_minimum_is_applied_then_no_record_goes_before_six_calendar_months() -> None:
    starts = [date(2024, 1, 1) + timedelta(days=n) for n in range(4 * 366)]
    longest = max((_plus_six_months(d) - d).days for d in starts)
    assert longest == 184  # e.g. 1 July to 1 January
    assert MIN_AI_LOG_DAYS >= longest


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": [{"event_type": "proxy.*", "days": "365"}]}, "whole number"),
        ({"rules": [{"event_type": "proxy.*", "days": 365, "dayz": 1}]}, "unknown keys"),
        ({"rules": "proxy"}, "must be a list"),
        ({"default_days": -1}, "0 or positive"),
    ],
)
def test_when_the_policy_is_malformed_then_the_error_names_the_rule(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(RetentionPolicyError, match=message):
        RetentionPolicy.from_mapping(data)


def test_when_no_policy_is_given_then_the_legacy_setting_is_the_default() -> None:
    assert RetentionPolicy.from_mapping({}, fallback_days=400).default_days == 400
    assert not RetentionPolicy.from_mapping({}).removes_anything


def test_when_held_then_due_records_are_counted_but_not_planned() -> None:
    from audit_log.retention import LegalHold

    old = (NOW - timedelta(days=500)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    candidates = [
        RetentionCandidate(seq=1, occurred_at=old, event_type="decision.made", service="w",
                           subject="sp1_a", decision_id="d1"),
        RetentionCandidate(seq=2, occurred_at=old, event_type="decision.made", service="w",
                           subject="sp1_b", decision_id="d2"),
        RetentionCandidate(seq=3, occurred_at=old, event_type="decision.made", service="w",
                           subject="sp1_c", decision_id="d3"),
    ]
    holds = [
        LegalHold(hold_id="h1", kind="subject", value="sp1_a", reason="", placed_by="",
                  placed_at=""),
        LegalHold(hold_id="h2", kind="decision", value="d3", reason="", placed_by="",
                  placed_at=""),
        LegalHold(hold_id="h3", kind="subject", value="sp1_b", reason="", placed_by="",
                  placed_at="", released_at="2026-01-01"),
    ]
    due, due_counts, held_counts = plan_batch(candidates, POLICY, holds, NOW)
    assert due == [2]
    assert sum(held_counts.values()) == 2 and sum(due_counts.values()) == 1


# ---- on a real store ------------------------------------------------------------------------


async def append_at(store: AuditStore, moment: datetime, i: int, **fields: object) -> int:
    """Append as if at ``moment`` (the drivers stamp records with ``utc_timestamp()``)."""
    stamp = utc_timestamp(moment)
    with (
        mock.patch("audit_log.stores.sqlite.utc_timestamp", return_value=stamp),
        mock.patch("audit_log.stores.postgres.utc_timestamp", return_value=stamp),
    ):
        record = await store.append(make_event(i, **fields))
    return record.seq


async def seed(store: AuditStore) -> dict[str, int]:
    """Records of several types and ages; returns seq by name."""
    return {
        "old_proxy": await append_at(store, NOW - timedelta(days=300), 1),
        "young_proxy": await append_at(store, NOW - timedelta(days=100), 2),
        "old_decision_held_subject": await append_at(
            store, NOW - timedelta(days=500), 3, event_type="decision.made",
            subject="sp1_heldsubject", payload={"decision_id": "d-free"},
        ),
        "old_decision_held_case": await append_at(
            store, NOW - timedelta(days=500), 4, event_type="decision.made",
            subject="sp1_other", payload={"decision_id": "d-held"},
        ),
        "old_decision_free": await append_at(
            store, NOW - timedelta(days=500), 5, event_type="decision.made",
            subject="sp1_free", payload={"decision_id": "d-free-2"},
        ),
        "old_record": await append_at(
            store, NOW - timedelta(days=900), 6, event_type="records.fria.generated",
        ),
    }


async def payload_of(store: AuditStore, seq: int) -> bool:
    """True while the record at ``seq`` still holds its payload."""
    driver = store.driver  # type: ignore[attr-defined]
    rows = await driver.fetch(driver.sql("SELECT payload FROM audit_records WHERE seq = ?"), (seq,))
    return rows[0][0] is not None


async def test_when_dry_run_then_the_plan_says_what_would_go_and_nothing_changes(
    store: AuditStore,
) -> None:
    seqs = await seed(store)
    await store.place_hold(kind="subject", value="sp1_heldsubject", reason="VG 1 K 1/26",
                           placed_by="officer")
    plan = await run_retention(store, POLICY, now=NOW, dry_run=True)
    assert plan.removed == 3  # the old proxy call and the two unheld old decisions
    assert plan.held == 1
    assert set(plan.due_seqs) == {
        seqs["old_proxy"], seqs["old_decision_held_case"], seqs["old_decision_free"]
    }
    for seq in seqs.values():
        assert await payload_of(store, seq)


async def test_when_applied_then_only_due_unheld_records_lose_content_and_the_chain_holds(
    store: AuditStore,
) -> None:
    seqs = await seed(store)
    await store.checkpoint()
    await store.place_hold(kind="subject", value="sp1_heldsubject", reason="court",
                           placed_by="officer")
    await store.place_hold(kind="decision", value="d-held", reason="objection",
                           placed_by="officer")
    plan = await run_retention(store, POLICY, now=NOW, dry_run=False)
    assert plan.removed == 2 and plan.held == 2
    kept = {"young_proxy", "old_decision_held_subject", "old_decision_held_case", "old_record"}
    for name, seq in seqs.items():
        assert await payload_of(store, seq) is (name in kept), name
    report = await store.verify()
    assert report.ok, report.problem
    again = await run_retention(store, POLICY, now=NOW, dry_run=False)
    assert again.removed == 0  # idempotent


async def test_when_a_hold_is_released_then_the_next_run_removes_what_it_kept(
    store: AuditStore,
) -> None:
    seqs = await seed(store)
    hold = await store.place_hold(kind="decision", value="d-held", reason="objection",
                                  placed_by="officer")
    await run_retention(store, POLICY, now=NOW, dry_run=False)
    assert await payload_of(store, seqs["old_decision_held_case"])
    assert await store.release_hold(hold.hold_id, released_by="officer")
    assert not await store.release_hold(hold.hold_id, released_by="officer")
    await run_retention(store, POLICY, now=NOW, dry_run=False)
    assert not await payload_of(store, seqs["old_decision_held_case"])
    holds = await store.legal_holds()
    assert [(h.hold_id, h.active, h.released_by) for h in holds] == [
        (hold.hold_id, False, "officer")
    ]


async def test_when_within_the_period_then_nothing_is_erased_even_one_day_before(
    store: AuditStore,
) -> None:
    seq = await append_at(store, NOW - timedelta(days=199), 1)
    plan = await run_retention(store, POLICY, now=NOW, dry_run=False)
    assert plan.removed == 0
    assert await payload_of(store, seq)


# ---- holds suspend crypto-erasure too ---------------------------------------------------------


async def test_when_a_subject_or_one_of_their_decisions_is_held_then_the_hold_covers_them(
    store: AuditStore,
) -> None:
    from audit_log.retention import holds_covering_subject

    await store.append(make_event(1, event_type="decision.made", subject="sp1_anna",
                                  payload={"decision_id": "d-anna"}))
    await store.append(make_event(2, event_type="decision.made", subject="sp1_ben",
                                  payload={"decision_id": "d-ben"}))
    assert await holds_covering_subject(store, "sp1_anna") == ()
    on_case = await store.place_hold(kind="decision", value="d-anna", reason="objection",
                                     placed_by="officer")
    on_person = await store.place_hold(kind="subject", value="sp1_ben", reason="court",
                                       placed_by="officer")
    assert [h.hold_id for h in await holds_covering_subject(store, "sp1_anna")] == [
        on_case.hold_id
    ]
    assert [h.hold_id for h in await holds_covering_subject(store, "sp1_ben")] == [
        on_person.hold_id
    ]
    await store.release_hold(on_case.hold_id, released_by="officer")
    assert await holds_covering_subject(store, "sp1_anna") == ()


async def _key_destroyed(store: AuditStore, subject: str) -> list[bool]:
    """Per key of ``subject`` (oldest first): True once its material is destroyed."""
    driver = store.driver  # type: ignore[attr-defined]
    rows = await driver.fetch(
        driver.sql(
            "SELECT key_material IS NULL FROM audit_subject_keys WHERE subject = ? "
            "ORDER BY created_at"
        ),
        (subject,),
    )
    return [bool(r[0]) for r in rows]


async def test_when_retention_removed_all_ciphertext_of_a_key_then_the_key_is_destroyed(
    store: AuditStore,
) -> None:
    """Crypto-erasure after retention: a key is destroyed once none of its ciphertext is
    kept; a key still sealing a record inside its period or under a hold stays."""
    personal = {"name": "Jana Kowalczyk"}
    await append_at(store, NOW - timedelta(days=300), 1, subject="sp1_gone", personal=personal)
    await append_at(store, NOW - timedelta(days=300), 2, subject="sp1_mixed", personal=personal)
    await append_at(store, NOW - timedelta(days=10), 3, subject="sp1_mixed", personal=personal)
    await append_at(store, NOW - timedelta(days=300), 4, subject="sp1_held", personal=personal)
    await store.place_hold(kind="subject", value="sp1_held", reason="court", placed_by="officer")

    plan = await run_retention(store, POLICY, now=NOW, dry_run=False)

    assert plan.removed == 2 and plan.keys_destroyed == 1
    assert plan.to_dict()["keys_destroyed"] == 1
    assert await _key_destroyed(store, "sp1_gone") == [True]
    assert await _key_destroyed(store, "sp1_mixed") == [False]  # its young record needs it
    assert await _key_destroyed(store, "sp1_held") == [False]
    report = await store.verify()
    assert report.ok, report.problem
    # The subject's next record is sealed with a new key.
    await append_at(store, NOW, 5, subject="sp1_gone", personal=personal)
    assert await _key_destroyed(store, "sp1_gone") == [True, False]
    again = await run_retention(store, POLICY, now=NOW, dry_run=False)
    assert again.removed == 0 and again.keys_destroyed == 0
