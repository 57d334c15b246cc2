"""Role x endpoint matrix over every route of the app: what is not granted is refused.

The table below is the access specification. A route missing from it fails the test, so a new
endpoint cannot ship without a decision on who may call it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.routes import HTTPRoute

from tests.integration.conftest import Gateway

PUBLIC = "public"  # no credentials needed
CITIZEN = "citizen"  # access code, no bearer credentials
SERVICE, OFFICER, ADMIN, CASEWORKER = "ai-service", "compliance-officer", "admin", "caseworker"
ROLES = (SERVICE, OFFICER, ADMIN, CASEWORKER)

ACCESS: dict[tuple[str, str], frozenset[str]] = {
    ("POST", "/v1/chat/completions"): frozenset({SERVICE}),
    ("POST", "/v1/embeddings"): frozenset({SERVICE}),
    ("GET", "/v1/models"): frozenset({SERVICE}),
    ("GET", "/health/live"): frozenset({PUBLIC}),
    ("GET", "/health/ready"): frozenset({PUBLIC}),
    ("GET", "/metrics"): frozenset({PUBLIC}),  # counts and durations only, no personal data
    ("GET", "/v1/audit/events"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/audit/events/{record_id}"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/audit/events/{record_id}/proof"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/audit/verify"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/audit/export"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/audit/subjects/{subject}/report"): frozenset({OFFICER, ADMIN}),
    ("POST", "/v1/audit/subjects/{subject}/erase"): frozenset({ADMIN}),
    ("GET", "/v1/audit/public-key"): frozenset({PUBLIC}),
    ("POST", "/v1/admin/policy/reload"): frozenset({ADMIN}),
    ("POST", "/v1/decisions"): frozenset({SERVICE}),
    ("GET", "/v1/decisions"): frozenset({SERVICE, OFFICER, ADMIN, CASEWORKER}),
    ("GET", "/v1/decisions/{decision_id}"): frozenset({SERVICE, OFFICER, ADMIN, CASEWORKER}),
    ("POST", "/v1/decisions/{decision_id}/outcome"): frozenset({SERVICE, CASEWORKER}),
    ("GET", "/v1/citizen/decisions/{decision_id}/explanation"): frozenset({CITIZEN}),
    ("POST", "/v1/citizen/decisions/{decision_id}/review-request"): frozenset({CITIZEN}),
    ("GET", "/erklaerung/{decision_id}"): frozenset({PUBLIC}),
    ("POST", "/erklaerung/{decision_id}"): frozenset({CITIZEN}),
    ("POST", "/erklaerung/{decision_id}/pruefung"): frozenset({CITIZEN}),
    ("POST", "/v1/fairness/audits"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/fairness/audits"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/fairness/audits/{report_id}"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/records/{kind}"): frozenset({OFFICER, ADMIN}),
    ("POST", "/v1/records/{kind}"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/records/{kind}/history"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/audit/retention"): frozenset({OFFICER, ADMIN}),
    ("GET", "/v1/audit/holds"): frozenset({OFFICER, ADMIN}),
    ("POST", "/v1/audit/holds"): frozenset({OFFICER, ADMIN}),
    ("POST", "/v1/audit/holds/{hold_id}/release"): frozenset({OFFICER, ADMIN}),
}
# Framework routes (OpenAPI documents) are public and carry no data. The officer dashboard
# (/ui) uses login sessions and redirects instead of bearer credentials; its own tests
# (tests/unit/gateway/ui) walk every /ui route and check that no page opens without a session.
IGNORED_PREFIXES = ("/schema", "/ui", "/static/ui")


def app_routes(gw: Gateway) -> set[tuple[str, str]]:
    found = set()
    for route in gw.client.app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(IGNORED_PREFIXES):
            continue
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        for method in route.methods - {"HEAD", "OPTIONS"}:
            found.add((method, path))
    return found


def call(gw: Gateway, method: str, path: str, headers: dict[str, str]) -> Any:
    url = re.sub(r"\{\w+\}", "00000000-0000-0000-0000-000000000000", path)
    if method == "GET":
        return gw.client.get(url, headers=headers)
    return gw.client.post(url, json={}, headers=headers)


def test_when_routes_listed_then_every_route_has_an_access_rule(gateway: Gateway) -> None:
    assert app_routes(gateway) == set(ACCESS)


CASES = [
    (m, p, who)
    for (m, p), allowed in ACCESS.items()
    if PUBLIC not in allowed
    for who in ("anonymous", "bad-key", *ROLES)
]


@pytest.mark.parametrize(("method", "path", "who"), CASES)
def test_when_caller_lacks_the_grant_then_refused_else_admitted(
    gateway: Gateway, method: str, path: str, who: str
) -> None:
    allowed = ACCESS[(method, path)]
    headers: dict[str, str] = {}
    if who == "bad-key":
        headers = {"Authorization": "Bearer lpk_guessed-key-0000"}
    elif who in ROLES:
        headers = gateway.headers(who)
    status = call(gateway, method, path, headers).status_code
    if CITIZEN in allowed:
        # Bearer credentials grant nothing here; without the right access code: the uniform 404
        # (or 400 for a malformed body), never data.
        assert status in (400, 404), status
    elif who in ("anonymous", "bad-key"):
        assert status == 401
    elif who in allowed:
        assert status not in (401, 403), status
    else:
        assert status == 403
