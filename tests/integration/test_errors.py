"""Every failure is RFC 9457 problem+json with the right status; controls fail closed."""

from __future__ import annotations

from typing import Any

import pytest

from audit_log.errors import AuditWriteError
from pii.errors import PiiEngineError
from tests.integration.conftest import Gateway

PROBLEM = "application/problem+json"
EMAIL = "erika.mustermann@example.de"


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    assert "Traceback" not in response.text
    if code is not None:
        assert body["code"] == code
    return body


def post(
    gw: Gateway, body: Any, *, headers: dict[str, str] | None = None, raw: bytes | None = None
) -> Any:
    hdrs = headers if headers is not None else gw.headers(**{"X-Purpose": "demo"})
    if raw is not None:
        return gw.client.post(
            "/v1/chat/completions",
            content=raw,
            headers={**hdrs, "Content-Type": "application/json"},
        )
    return gw.client.post("/v1/chat/completions", json=body, headers=hdrs)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"messages": [{"role": "user", "content": "x"}]}, "model"),
        ({"model": "demo-model"}, "messages"),
        ({"model": 7, "messages": [{"role": "user", "content": "x"}]}, "model"),
        (
            {"model": "demo-model", "messages": [{"role": "wizard", "content": "x"}]},
            "messages[0].role",
        ),
        ({"model": "demo-model", "messages": []}, "messages"),
    ],
)
def test_when_body_violates_schema_then_400_names_the_field(
    gateway: Gateway, body: dict[str, Any], field: str
) -> None:
    problem = assert_problem(post(gateway, body), 400)
    assert problem["field"] == field


def test_when_body_is_not_json_then_400(gateway: Gateway) -> None:
    assert_problem(post(gateway, None, raw=b"{not json"), 400)


def test_when_no_key_then_401(gateway: Gateway) -> None:
    response = post(gateway, {"model": "demo-model", "messages": []}, headers={})
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_when_unknown_key_then_401(gateway: Gateway) -> None:
    response = post(
        gateway,
        {"model": "demo-model", "messages": [{"role": "user", "content": "x"}]},
        headers={"Authorization": "Bearer lpk_not-a-real-key"},
    )
    assert_problem(response, 401)


def test_when_officer_key_calls_proxy_then_403(gateway: Gateway) -> None:
    response = post(
        gateway,
        {"model": "demo-model", "messages": [{"role": "user", "content": "x"}]},
        headers=gateway.headers("compliance-officer"),
    )
    assert_problem(response, 403, "forbidden")


def test_when_service_key_reads_audit_then_403(gateway: Gateway) -> None:
    assert_problem(gateway.client.get("/v1/audit/events", headers=gateway.headers()), 403)


@pytest.mark.parametrize(
    ("key", "purpose", "reason"),
    [
        ("ai-service", "statistik", "purpose_not_allowed"),
        ("ai-service", "werbung", "purpose_unknown"),
        ("ai-service", "", "purpose_missing"),
        ("unknown-service", "demo", "service_unknown"),
    ],
)
def test_when_policy_denies_then_403_with_reasons_and_nothing_forwarded(
    gateway: Gateway, key: str, purpose: str, reason: str
) -> None:
    before = len(gateway.upstream.received)
    headers = gateway.headers(key)
    if purpose:
        headers["X-Purpose"] = purpose
    response = post(
        gateway,
        {"model": "demo-model", "messages": [{"role": "user", "content": "x"}]},
        headers=headers,
    )
    problem = assert_problem(response, 403, "policy_denied")
    assert reason in [r["code"] for r in problem["reasons"]]
    assert len(gateway.upstream.received) == before
    records = gateway.client.get(
        "/v1/audit/events",
        params={"request_id": response.headers["x-request-id"]},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    assert [r["event"]["event_type"] for r in records] == ["proxy.call.denied"]
    assert reason in records[0]["event"]["reason_codes"]


def test_when_model_unknown_then_404(gateway: Gateway) -> None:
    problem = assert_problem(
        post(gateway, {"model": "gpt-unknown", "messages": [{"role": "user", "content": "x"}]}),
        404,
    )
    assert problem["field"] == "model"


def test_when_body_too_large_then_413(gateway: Gateway) -> None:
    big = "a" * 70_000
    assert_problem(
        post(gateway, {"model": "demo-model", "messages": [{"role": "user", "content": big}]}),
        413,
    )


def test_when_upstream_times_out_then_504_and_audited(gateway: Gateway) -> None:
    response = post(
        gateway, {"model": "slow-model", "messages": [{"role": "user", "content": "x"}]}
    )
    assert_problem(response, 504, "upstream_timeout")
    records = gateway.client.get(
        "/v1/audit/events",
        params={"request_id": response.headers["x-request-id"]},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    assert records[-1]["event"]["outcome"] == "upstream_timeout"


def test_when_upstream_fails_then_502(gateway: Gateway) -> None:
    assert_problem(
        post(gateway, {"model": "broken-model", "messages": [{"role": "user", "content": "x"}]}),
        502,
        "upstream_error",
    )


def test_when_route_unknown_then_404_problem(gateway: Gateway) -> None:
    assert_problem(gateway.client.get("/v1/nothing-here"), 404)


def test_when_audit_record_unknown_then_404(gateway: Gateway) -> None:
    assert_problem(
        gateway.client.get("/v1/audit/events/abc", headers=gateway.headers("compliance-officer")),
        404,
    )


class _FailingAudit:
    """Wraps the real store; every append fails as if the database were gone."""

    def __init__(self, real: Any) -> None:
        self._real = real

    async def append(self, event: Any, *, writes: Any = None) -> Any:
        raise AuditWriteError("disk gone")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _FailingAnalyzer:
    def analyze(self, text: str, **_: Any) -> Any:
        raise PiiEngineError("analyzer crashed")


class _FailingSession:
    redactor = _FailingAnalyzer()

    def redact(self, text: str, *, language: str | None = None) -> str:
        raise PiiEngineError("analyzer crashed")

    def restore(self, text: str) -> str:
        raise AssertionError("must not be called")

    entity_counts: dict[str, int] = {}  # noqa: RUF012


class _FailingRedactor:
    def __init__(self, real: Any) -> None:
        self._real = real

    def new_session(self) -> _FailingSession:
        return _FailingSession()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def test_when_audit_write_fails_then_503_and_no_answer(gateway: Gateway) -> None:
    components = gateway.client.app.state.components
    real = components.audit
    components.audit = _FailingAudit(real)
    try:
        response = gateway.chat(f"Mail {EMAIL}")
    finally:
        components.audit = real
    body = assert_problem(response, 503)
    assert "echo" not in str(body)


def test_when_pii_engine_fails_then_503_and_nothing_forwarded(gateway: Gateway) -> None:
    components = gateway.client.app.state.components
    real = components.redactor
    before = len(gateway.upstream.received)
    components.redactor = _FailingRedactor(real)
    try:
        response = gateway.chat(f"Mail {EMAIL}")
    finally:
        components.redactor = real
    assert_problem(response, 503)
    assert len(gateway.upstream.received) == before


def test_when_policy_engine_unavailable_then_503_and_nothing_forwarded(gateway: Gateway) -> None:
    components = gateway.client.app.state.components
    real = components.policy

    class Broken:
        revision = "broken"

        async def decide_access(self, _: Any) -> Any:
            from policies.types import POLICY_UNAVAILABLE, PolicyDecision, Reason

            return PolicyDecision(
                allow=False,
                reasons=(Reason(code=POLICY_UNAVAILABLE, message="engine down"),),
                obligations=(),
                revision="broken",
            )

    before = len(gateway.upstream.received)
    components.policy = Broken()
    try:
        response = gateway.chat("Hallo")
    finally:
        components.policy = real
    assert_problem(response, 503)
    assert len(gateway.upstream.received) == before


def test_when_health_checked_then_live_and_ready(gateway: Gateway) -> None:
    assert gateway.client.get("/health/live").json() == {"status": "ok"}
    ready = gateway.client.get("/health/ready")
    assert ready.status_code == 200
    assert all(ready.json()["checks"].values())


def test_when_schema_requested_then_openapi_lists_proxy(gateway: Gateway) -> None:
    schema = gateway.client.get("/schema/openapi.json").json()
    assert "/v1/chat/completions" in schema["paths"]


def test_when_body_bytes_are_not_utf8_then_400(gateway: Gateway) -> None:
    raw = b'{"model": "demo-model", "messages": [{"role": "user", "content": "\xff\xfe"}]}'
    assert_problem(post(gateway, None, raw=raw), 400)
