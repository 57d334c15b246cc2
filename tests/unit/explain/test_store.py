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
    DecisionStoreError,
    FeatureValidationError,
    LoadedModel,
    ModelRegistry,
    generate_access_code,
    new_decision_record,
    open_decision_store,
    validate_features,
)
from explain.errors import MSG_DECISION_NOT_FOUND
from explain.registry import demo_spec
from explain.store import MAX_REVIEW_MESSAGE_CHARS
from tests.unit.explain.conftest import STORE_SECRET, case

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _record(
    demo: LoadedModel, *, minutes: int = 0, service: str = "svc-a", income: float = 1500.0
) -> DecisionRecord:
    assessment = demo.assess(validate_features(demo.spec, case(monthly_net_income=income)))
    return new_decision_record(
        assessment=assessment,
        service=service,
        case_reference="AZ-2026-001",
        subject_pseudonym="psn_7f3a",
        purpose="wohngeld_antrag",
        protected_attributes={"gender": "female"},
        obligations=("human_review",),
        now=T0 + timedelta(minutes=minutes),
    )


async def test_when_saved_then_get_returns_equal_record(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record = _record(demo)
    await store.save(record, access_code=generate_access_code())
    assert await store.get(record.id) == record


async def test_when_id_saved_twice_then_store_error(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record = _record(demo)
    await store.save(record)
    with pytest.raises(DecisionStoreError, match="already stored"):
        await store.save(record)


async def test_when_citizen_gives_right_code_then_record_in_any_spelling(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record, code = _record(demo), generate_access_code()
    await store.save(record, access_code=code, access_code_expires_at=T0 + timedelta(days=30))
    for spelling in (code, code.lower(), code.replace("-", " "), code.replace("-", "")):
        assert await store.get_for_citizen(record.id, spelling, now=T0) == record


@pytest.mark.parametrize("case_name", ["unknown id", "wrong code", "expired", "no code stored"])
async def test_when_citizen_access_invalid_then_same_not_found(
    store: DecisionStore, demo: LoadedModel, case_name: str
) -> None:
    record, code = _record(demo), generate_access_code()
    expires = T0 + timedelta(days=30)
    await store.save(
        record,
        access_code=None if case_name == "no code stored" else code,
        access_code_expires_at=expires,
    )
    decision_id, given, now = record.id, code, T0
    if case_name == "unknown id":
        decision_id = "00000000-0000-4000-8000-000000000000"
    elif case_name == "wrong code":
        given = generate_access_code()
    elif case_name == "expired":
        now = expires
    with pytest.raises(DecisionNotFoundError) as info:
        await store.get_for_citizen(decision_id, given, now=now)
    assert str(info.value) == MSG_DECISION_NOT_FOUND
    with pytest.raises(DecisionNotFoundError):
        await store.add_review_request(decision_id, "bitte prüfen", access_code=given, now=now)


async def test_when_officer_gets_unknown_id_then_not_found(store: DecisionStore) -> None:
    with pytest.raises(DecisionNotFoundError):
        await store.get("missing")


async def test_when_outcome_set_then_record_carries_it(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record = _record(demo)
    await store.save(record)
    updated = await store.set_outcome(record.id, "denied", "human_review", now=T0)
    assert updated.final_outcome is not None
    assert (updated.final_outcome.outcome, updated.final_outcome.source) == (
        "denied",
        "human_review",
    )
    assert await store.get(record.id) == updated
    with pytest.raises(DecisionNotFoundError):
        await store.set_outcome("missing", "denied", "ground_truth")


async def test_when_review_requested_then_stored_and_listed(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record, code = _record(demo), generate_access_code()
    await store.save(record, access_code=code)
    request = await store.add_review_request(record.id, "Bitte prüfen.", access_code=code, now=T0)
    stored = await store.get(record.id)
    assert stored.review_requests == (request,)
    listed = await store.list(DecisionFilter(review_requested=True))
    assert [r.id for r in listed] == [record.id]
    assert await store.list(DecisionFilter(review_requested=False)) == ()


async def test_when_review_message_too_long_then_validation_error(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record, code = _record(demo), generate_access_code()
    await store.save(record, access_code=code)
    with pytest.raises(FeatureValidationError):
        await store.add_review_request(
            record.id, "x" * (MAX_REVIEW_MESSAGE_CHARS + 1), access_code=code
        )


async def test_when_listing_then_filters_order_and_pagination_apply(
    store: DecisionStore, demo: LoadedModel
) -> None:
    records = [
        _record(demo, minutes=2, service="svc-a", income=1500.0),
        _record(demo, minutes=0, service="svc-b", income=4000.0),
        _record(demo, minutes=1, service="svc-a", income=4500.0),
    ]
    for record in records:
        await store.save(record)
    by_time = [records[1].id, records[2].id, records[0].id]
    assert [r.id for r in await store.list()] == by_time
    assert [r.id for r in await store.list(DecisionFilter(service="svc-a"))] == by_time[1:]
    assert [r.id for r in await store.list(DecisionFilter(outcome="approved"))] == [records[0].id]
    window = DecisionFilter(since=T0 + timedelta(minutes=1), until=T0 + timedelta(minutes=2))
    assert [r.id for r in await store.list(window)] == [records[2].id]
    page = await store.list(DecisionFilter(limit=2))
    rest = await store.list(DecisionFilter(after_id=page[-1].id))
    assert [r.id for r in (*page, *rest)] == by_time
    await store.set_outcome(records[1].id, "denied", "ground_truth")
    done = await store.list(DecisionFilter(has_final_outcome=True))
    assert [r.id for r in done] == [records[1].id]
    assert await store.list(DecisionFilter(model_id="other")) == ()


async def test_when_pinged_then_ok_and_after_close_error(database_url: str) -> None:
    opened = await open_decision_store(database_url, access_code_secret=STORE_SECRET)
    await opened.ping()
    await opened.aclose()
    with pytest.raises(DecisionStoreError):
        await opened.ping()


async def test_when_reopened_then_migration_is_idempotent_and_data_kept(
    database_url: str, demo: LoadedModel
) -> None:
    record = _record(demo)
    first = await open_decision_store(database_url, access_code_secret=STORE_SECRET)
    await first.save(record)
    await first.aclose()
    second = await open_decision_store(database_url, access_code_secret=STORE_SECRET)
    try:
        assert await second.get(record.id) == record
    finally:
        await second.aclose()


async def test_when_code_stored_then_only_its_hash_is_in_the_database(
    tmp_path: object, demo: LoadedModel
) -> None:
    url = f"sqlite:///{tmp_path}/codes.db"
    store = await open_decision_store(url, access_code_secret=STORE_SECRET)
    record, code = _record(demo), generate_access_code()
    await store.save(record, access_code=code)
    await store.aclose()
    raw = (tmp_path / "codes.db").read_bytes()  # type: ignore[operator]
    with sqlite3.connect(f"{tmp_path}/codes.db") as conn:
        (stored_hash,) = conn.execute("SELECT access_code_hash FROM explain_decisions").fetchone()
    assert code.encode() not in raw and code.replace("-", "").encode() not in raw
    assert len(stored_hash) == 64


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://", "redis://localhost"])
async def test_when_url_unsupported_then_store_error(url: str) -> None:
    with pytest.raises(DecisionStoreError):
        await open_decision_store(url, access_code_secret=STORE_SECRET)


async def test_when_secret_too_short_then_store_error() -> None:
    with pytest.raises(DecisionStoreError, match="at least 32 bytes"):
        await open_decision_store("sqlite:///:memory:", access_code_secret=b"short")


async def test_when_record_replayed_then_explanation_identical(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record = _record(demo, income=1830.55)
    await store.save(record)
    stored = await store.get(record.id)
    fresh = ModelRegistry.from_config([demo_spec()])  # artifact loaded again from disk
    replayed = fresh.replay(stored.model_id, stored.model_version, stored.features)
    assert replayed == stored.explanation
    assert replayed.feature_hash == record.explanation.feature_hash


@pytest.mark.parametrize("include", [False, True])
def test_when_record_viewed_then_protected_attributes_only_on_request(
    demo: LoadedModel, include: bool
) -> None:
    from explain import record_view

    view = record_view(_record(demo), include_protected=include)
    assert ("protected_attributes" in view) is include
    assert view["explanation"]["model_version"] == "1.0.0"
    assert isinstance(view["created_at"], str)


async def test_when_decision_stored_then_database_holds_no_clear_personal_data(
    tmp_path: Any,
) -> None:
    from explain import open_decision_store
    from explain.records import new_decision_record
    from explain.registry import default_registry
    from tests.unit.explain.conftest import case

    url = f"sqlite:///{tmp_path}/d.db"
    store = await open_decision_store(url, access_code_secret=b"s" * 32)
    model = default_registry().get("wohngeld-demo")
    assessment = model.assess(model_features := case(monthly_net_income=1234.5))
    del model_features
    record = new_decision_record(
        assessment=assessment,
        service="svc",
        case_reference="WG-CANARY",
        subject_pseudonym="sp1_canary",
        purpose="demo",
        protected_attributes={"gender": "diverse"},
    )
    await store.save(record, access_code="AAAAA-BBBBB-CCCCC-DDDDD")
    await store.add_review_request(
        record.id, "Kanarienvogel-Nachricht", access_code="AAAAA-BBBBB-CCCCC-DDDDD"
    )
    assert (await store.get(record.id)).review_requests[0].message == "Kanarienvogel-Nachricht"
    await store.aclose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("d.db*"))
    for secret in (b"Kanarienvogel", b"1234.5", b"diverse", b"WG-CANARY"):
        assert secret not in raw


async def test_when_wrong_codes_are_counted_then_only_existing_decisions_and_reset_forgets(
    store: DecisionStore, demo: LoadedModel
) -> None:
    record = _record(demo)
    await store.save(record, access_code=generate_access_code())
    for _ in range(3):
        await store.add_code_failure(record.id)
    await store.add_code_failure("no-such-decision")  # guesses on unknown ids leave no row
    assert await store.code_failures(record.id) == 3
    assert await store.code_failures("no-such-decision") == 0
    await store.reset_code_failures(record.id)
    assert await store.code_failures(record.id) == 0
