"""Fuzzing (issue 8): schemathesis against the app's own OpenAPI, once per role.

The schema is the one the app serves at ``/schema/openapi.json``. For every operation in it,
schemathesis generates requests (bounded, derandomized, no shrinking) that are sent through the
in-process app (``create_app()`` with real engines, the Litestar ``TestClient``) with the
credentials of one role. Each response is checked with schemathesis' checks:

* ``not_a_server_error``: no 5xx;
* ``response_schema_conformance``: a documented status code's body matches its schema;
* ``content_type_conformance``: a documented status code's media type matches.

Undocumented status codes (401/403/404/413/429/503 problem documents, not declared by the
route handlers' generated OpenAPI) are not a schema violation here; every one of them is
problem+json, which is checked separately. No operation is excluded. Failures are collected
with a curl reproduction and reported together.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.integration.conftest import Gateway

BASE_URL = "http://testserver.local"
# CI keeps it small; the red-team run in docs/security.md sets LEITPLANKE_TEST_FUZZ_EXAMPLES.
MAX_EXAMPLES = int(os.environ.get("LEITPLANKE_TEST_FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
ROLES = ("anonymous", "ai-service", "compliance-officer", "admin", "caseworker")
PROBLEM_JSON = "application/problem+json"
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def api_schema(gateway: Gateway) -> Any:
    response = gateway.client.get("/schema/openapi.json")
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())


def send(gateway: Gateway, case: Any, headers: dict[str, str]) -> httpx.Response:
    """Sends a schemathesis case through the in-process app."""
    kwargs = case.as_transport_kwargs(base_url=BASE_URL, headers=headers)
    request: dict[str, Any] = {
        "method": kwargs["method"],
        "url": kwargs["url"],
        "headers": kwargs["headers"],
        "params": kwargs.get("params") or None,
    }
    if kwargs.get("cookies"):
        request["headers"]["Cookie"] = "; ".join(f"{k}={v}" for k, v in kwargs["cookies"].items())
    if "json" in kwargs:
        request["json"] = kwargs["json"]
    elif isinstance(kwargs.get("data"), (bytes, str)):
        request["content"] = kwargs["data"]
    elif kwargs.get("data") is not None:
        request["data"] = kwargs["data"]
    return gateway.client.request(**request)


def fuzz_operation(gateway: Gateway, operation: Any, headers: dict[str, str]) -> list[str]:
    """Runs the bounded examples of one operation; returns the failures (with reproduction)."""
    failures: list[str] = []
    seen: set[tuple[int, tuple[str, ...]]] = set()

    def report(case: Any, status: int, titles: list[str], body: str) -> None:
        if (status, tuple(titles)) in seen:  # one reproduction per distinct failure
            return
        seen.add((status, tuple(titles)))
        failures.append(
            f"{operation.label} -> {status} {titles}\n"
            f"    {case.as_curl_command(headers=headers)}\n"
            f"    response: {body[:300]}"
        )

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        try:
            response = send(gateway, case, headers)
        except Exception as exc:  # the app raised through the test client: a server error
            report(case, 500, [f"{type(exc).__name__}: {exc}"], "")
            return
        problem = response.status_code >= 400 and not response.headers.get(
            "content-type", ""
        ).startswith(PROBLEM_JSON)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
            assert not problem, f"error {response.status_code} is not problem+json"
        except (AssertionError, BaseExceptionGroup) as exc:  # collect, keep fuzzing
            found = exc.exceptions if isinstance(exc, BaseExceptionGroup) else (exc,)
            titles = sorted({str(e).splitlines()[0] for e in found})
            report(case, response.status_code, titles, response.text)

    run()
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_when_every_operation_is_fuzzed_as_role_then_no_5xx_and_no_schema_violation(
    gateway: Gateway, api_schema: Any, role: str
) -> None:
    headers = {} if role == "anonymous" else gateway.headers(role)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20  # the whole API, nothing filtered out
    failures: list[str] = []
    for operation in operations:
        failures += fuzz_operation(gateway, operation, headers)
    assert failures == [], "\n".join(failures)
