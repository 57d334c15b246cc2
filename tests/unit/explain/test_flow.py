"""The decision flow as the gateway runs it, through the package's public names only."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from explain import (
    DEFAULT_ACCESS_CODE_VALIDITY,
    DecisionNotFoundError,
    ModelRegistry,
    citizen_explanation,
    generate_access_code,
    new_decision_record,
    open_decision_store,
    record_view,
    render_citizen_page,
    validate_features,
    validate_protected_attributes,
)
from tests.unit.explain.conftest import case


async def test_when_decision_made_then_citizen_can_read_and_request_review(
    registry: ModelRegistry, database_url: str
) -> None:
    now = datetime(2026, 5, 4, 8, 30, tzinfo=UTC)
    store = await open_decision_store(database_url, access_code_secret=b"0" * 32)
    try:
        model = registry.get("wohngeld-demo")
        features = validate_features(model.spec, case(monthly_net_income=2100.0, children=0))
        protected = validate_protected_attributes(model.spec, {"gender": "female"})
        assessment = await asyncio.to_thread(model.assess, features)
        record = new_decision_record(
            assessment=assessment,
            service="ai-svc",
            case_reference="WG-1",
            subject_pseudonym="psn_1",
            purpose="wohngeld",
            protected_attributes=protected,
            obligations=("human_review",),
            now=now,
        )
        code = generate_access_code()
        await store.save(
            record, access_code=code, access_code_expires_at=now + DEFAULT_ACCESS_CODE_VALIDITY
        )

        seen = await store.get_for_citizen(record.id, code, now=now + timedelta(days=3))
        text = citizen_explanation(seen, registry.get(seen.model_id, seen.model_version).spec)
        assert text.outcome == "denied"
        assert "Ihr Antrag" in render_citizen_page(text)
        json = msgspec.json.encode(record_view(seen))
        assert b"female" not in json and code.encode() not in json

        await store.add_review_request(
            record.id, "Bitte prüfen", access_code=code, now=now + timedelta(days=4)
        )
        reviewed = await store.set_outcome(
            record.id, "approved", "human_review", now=now + timedelta(days=9)
        )
        final = citizen_explanation(reviewed, model.spec)
        assert final.outcome == "approved" and final.review_requested

        with pytest.raises(DecisionNotFoundError):
            await store.get_for_citizen(record.id, code, now=now + timedelta(days=181))
    finally:
        await store.aclose()
