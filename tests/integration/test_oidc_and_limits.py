"""Officers with OIDC tokens (local test issuer), scopes, security headers and rate limits."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Gateway
from tests.oidc_issuer import TestIssuer, tamper_payload

ISSUER = TestIssuer()


@pytest.fixture(scope="module")
def settings_overrides(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    jwks = ISSUER.write_jwks(tmp_path_factory.mktemp("oidc") / "jwks.json")
    return {
        "oidc": {
            "enabled": True,
            "issuer": ISSUER.issuer,
            "audience": ISSUER.audience,
            "jwks_file": str(jwks),
        },
        "server": {"max_body_bytes": 64_000, "server_timing": True},
        "rate_limit": {
            "roles": {"ai-service": {"requests_per_minute": 60, "burst": 3}},
            "default": {"requests_per_minute": 60_000, "burst": 10_000},
        },
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_when_officer_token_valid_then_audit_search_is_scoped_to_their_service(
    gateway: Gateway,
) -> None:
    gateway.client.post(
        "/v1/chat/completions",
        json={"model": "demo-model", "messages": [{"role": "user", "content": "Hallo"}]},
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )
    response = gateway.client.get("/v1/audit/events", headers=bearer(ISSUER.mint()))
    assert response.status_code == 200, response.text
    records = response.json()["records"]
    assert records and all(r["event"]["service"] == "demo-service" for r in records)
    other = gateway.client.get(
        "/v1/audit/events", params={"service": "other-service"}, headers=bearer(ISSUER.mint())
    )
    assert other.status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        ISSUER.mint(lifetime_s=-120),  # expired beyond leeway
        ISSUER.mint(aud="someone-else"),
        ISSUER.mint(iss="https://evil.example"),
        ISSUER.mint_unsigned(),
        ISSUER.mint_hmac_with_public_key(),
        tamper_payload(ISSUER.mint(), roles=["admin"]),
        TestIssuer(kid_prefix="x-").mint(),  # signed by a key the JWKS does not hold
        "a.b.c",
    ],
)
def test_when_token_is_bad_then_401_invalid_token_without_why(gateway: Gateway, token: str) -> None:
    response = gateway.client.get("/v1/audit/events", headers=bearer(token))
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "invalid token"


def test_when_token_grants_no_leitplanke_role_then_403(gateway: Gateway) -> None:
    response = gateway.client.get(
        "/v1/audit/events", headers=bearer(ISSUER.mint(roles=["kantine"]))
    )
    assert response.status_code == 403


def test_when_officer_token_calls_proxy_then_403(gateway: Gateway) -> None:
    response = gateway.client.post(
        "/v1/chat/completions",
        json={"model": "demo-model", "messages": [{"role": "user", "content": "x"}]},
        headers=bearer(ISSUER.mint()),
    )
    assert response.status_code == 403


def test_when_any_response_then_security_headers_present(gateway: Gateway) -> None:
    for response in (
        gateway.client.get("/health/live"),
        gateway.client.get("/nothing-here"),
        gateway.client.get("/v1/audit/events", headers=bearer(ISSUER.mint())),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "access-control-allow-origin" not in response.headers


def test_when_service_exceeds_its_burst_then_429_with_retry_after(gateway: Gateway) -> None:
    statuses = []
    for _ in range(6):
        response = gateway.client.post(
            "/v1/chat/completions",
            json={"model": "demo-model", "messages": [{"role": "user", "content": "Hallo"}]},
            headers=gateway.headers(**{"X-Purpose": "demo"}),
        )
        statuses.append(response.status_code)
        if response.status_code == 200:  # server_timing is on in this module
            timing = response.headers["server-timing"]
            for stage in ("pii_request", "policy", "upstream", "pii_response", "audit"):
                assert f"{stage};dur=" in timing
        if response.status_code == 429:
            assert int(response.headers["retry-after"]) >= 1
            assert response.json()["code"] == "rate_limited"
    assert 429 in statuses
    assert 1 <= statuses.count(200) <= 3
