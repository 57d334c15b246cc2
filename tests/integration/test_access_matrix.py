"""The access matrix, generated from the OpenAPI document: every route x every identity.

``gateway.authz.ROUTE_RULES`` is the one table of who may call what. This module reads the
operations from ``/schema/openapi.json`` (so a new route is tested without anyone adding it
here) and checks three things:

1. every documented operation and every JSON route of the app has a rule (a new route
   without a rule fails here, and is refused at run time);
2. role grants: anonymous, a guessed key and every role get 401/403 unless the rule admits
   them;
3. no cross-service leak: identities scoped to service A (service key, officer key bound to
   A, OIDC officer and admin scoped to A, caseworker bound to A, unbound caseworker) call
   every operation with B's ids (decision, audit record, bias-audit report, subject) and
   ``service=B`` filters; no answer may carry anything of B's, and B's decision is not
   changed. A citizen's access code of decision X never opens decision Y.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from app import create_app
from gateway.authz import ROUTE_RULES, UNRULED_PREFIXES, rule_key
from tests.fakes import recording_upstream
from tests.integration.conftest import bundle_with_test_models, issue_key, make_settings
from tests.oidc_issuer import TestIssuer
from tests.unit.explain.conftest import case

ISSUER = TestIssuer()
A, B = "demo-service", "service-b"
ROLES = ("ai-service", "compliance-officer", "admin", "caseworker")
PROTECTED = {"gender": "female", "age_group": "30-49", "nationality": "eu"}
SUBJECT_A = "sp1_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
SUBJECT_B = "sp1_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
CASE_B = "CASE-OF-SERVICE-B-7731"
NIL_ID = "00000000-0000-0000-0000-000000000000"


@dataclass
class World:
    client: TestClient[Any]
    headers: dict[str, dict[str, str]]  # identity label -> request headers
    ids: dict[str, dict[str, str]]  # "A"/"B" -> path parameter name -> id
    codes: dict[str, str]  # "A"/"B" -> citizen access code
    b_markers: tuple[str, ...]  # strings only B's resources contain


def _bundle(target: Path) -> Path:
    """The test bundle with a second service B that may use the same models as A."""
    bundle_with_test_models(target)
    data_file = target / "data.json"
    data = json.loads(data_file.read_text())
    governance = data["governance"]
    governance["services"][B] = json.loads(json.dumps(governance["services"][A]))
    decision_models = governance["automated_decisions"]["models"]
    decision_models["wohngeld-demo"]["services"].append(B)
    data_file.write_text(json.dumps(data))
    return target


def _decide(client: TestClient[Any], key: str, subject: str, reference: str) -> dict[str, Any]:
    response = client.post(
        "/v1/decisions",
        json={
            "model_id": "wohngeld-demo",
            "case_reference": reference,
            "subject": subject,
            "features": case(),
            "protected_attributes": PROTECTED,
        },
        headers={"Authorization": f"Bearer {key}", "X-Purpose": "demo"},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("matrix")
    jwks = ISSUER.write_jwks(tmp / "jwks.json")
    with recording_upstream() as upstream:
        settings = make_settings(
            tmp,
            upstream.base_url,
            oidc={
                "enabled": True,
                "issuer": ISSUER.issuer,
                "audience": ISSUER.audience,
                "jwks_file": str(jwks),
            },
        )
        shutil.rmtree(tmp / "bundle")
        _bundle(tmp / "bundle")
        keys = {
            "service-a": issue_key(settings, A, "ai-service"),
            "service-b": issue_key(settings, B, "ai-service"),
            "officer-a-key": issue_key(settings, "officer-a", "compliance-officer", (A,)),
            "officer-all": issue_key(settings, "officer-all", "compliance-officer"),
            "admin": issue_key(settings, "admin-all", "admin"),
            "caseworker-a": issue_key(settings, "caseworker-a", "caseworker", (A,)),
            "caseworker-unbound": issue_key(settings, "caseworker-x", "caseworker"),
        }
        tokens = {
            "officer-a-oidc": ISSUER.mint(lifetime_s=3600, services=[A]),
            "admin-a-oidc": ISSUER.mint(lifetime_s=3600, services=[A], roles=["admin"]),
        }
        headers = {
            label: {"Authorization": f"Bearer {secret}"}
            for label, secret in {**keys, **tokens}.items()
        }
        with TestClient(app=create_app(settings)) as client:
            made = {
                "A": _decide(client, keys["service-a"], SUBJECT_A, "CASE-OF-A"),
                "B": _decide(client, keys["service-b"], SUBJECT_B, CASE_B),
            }
            calls = {}
            for side, label in (("A", "service-a"), ("B", "service-b")):
                answer = client.post(
                    "/v1/chat/completions",
                    json={"model": "demo-model", "messages": [{"role": "user", "content": "Hi"}]},
                    headers={**headers[label], "X-Purpose": "demo"},
                )
                assert answer.status_code == 200, answer.text
                calls[side] = answer.headers["x-request-id"]
            record_ids = {}
            for side, request_id in calls.items():
                found = client.get(
                    "/v1/audit/events",
                    params={"request_id": request_id},
                    headers=headers["officer-all"],
                ).json()["records"]
                record_ids[side] = found[-1]["id"]
            client.get("/v1/audit/verify", headers=headers["officer-all"])  # a checkpoint
            report = client.post(
                "/v1/fairness/audits",
                json={"model_id": "wohngeld-demo"},
                headers=headers["officer-all"],
            )
            report_id = report.json()["report_id"] if report.status_code == 201 else NIL_ID
            ids = {
                side: {
                    "decision_id": made[side]["id"],
                    "record_id": record_ids[side],
                    "subject": SUBJECT_A if side == "A" else SUBJECT_B,
                    "report_id": report_id,
                    "kind": "ropa",  # records: the scope narrows the document, not the path
                }
                for side in ("A", "B")
            }
            markers = (made["B"]["id"], B, CASE_B, SUBJECT_B, record_ids["B"], calls["B"])
            if report.status_code == 201:  # a bias audit pooling A and B is B's data too
                markers = (*markers, report_id)
            yield World(
                client=client,
                headers=headers,
                ids=ids,
                codes={s: made[s]["citizen_access"]["access_code"] for s in made},
                b_markers=markers,
            )


def schema_operations(world: World) -> dict[tuple[str, str], dict[str, Any]]:
    document = world.client.get("/schema/openapi.json").json()
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }


def app_routes(world: World) -> set[str]:
    found = set()
    for route in world.client.app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(UNRULED_PREFIXES):
            continue
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        for method in route.methods - {"HEAD", "OPTIONS"}:
            found.add(rule_key(method, path))
    return found


def test_when_routes_listed_then_every_route_and_documented_operation_has_a_rule(
    world: World,
) -> None:
    documented = {rule_key(m, p) for m, p in schema_operations(world)}
    assert documented, "the OpenAPI document lists no operations"
    assert documented - set(ROUTE_RULES) == set(), "operations without an access rule"
    assert app_routes(world) == set(ROUTE_RULES), "routes and rules differ"


# Bodies good enough to get past validation, so the check is on authorization, not on 400s.
BODIES: dict[str, dict[str, Any]] = {
    "POST /v1/chat/completions": {
        "model": "demo-model",
        "messages": [{"role": "user", "content": "Hallo"}],
    },
    "POST /v1/embeddings": {"model": "demo-model", "input": "Hallo"},
    "POST /v1/decisions/{decision_id}/outcome": {"outcome": "denied", "source": "human_review"},
    "POST /v1/fairness/audits": {"model_id": "wohngeld-demo"},
    "POST /v1/citizen/decisions/{decision_id}/review-request": {"message": ""},
    "POST /v1/decisions/{decision_id}/review": {"action": "take"},
    "POST /v1/audit/holds": {"kind": "subject", "value": SUBJECT_B, "reason": "Klage"},
}
# Path parameters that name one service's resource: B's id must answer like a missing one.
RESOURCE_IDS = ("decision_id", "record_id", "report_id", "subject")


def request(
    world: World, key: str, side: str, headers: dict[str, str], query: dict[str, str]
) -> Any:
    method, template = key.split(" ", 1)
    path = re.sub(r"\{(\w+)\}", lambda m: world.ids[side].get(m.group(1), NIL_ID), template)
    headers = {**headers, "X-Purpose": "demo"}
    if method == "GET":
        return world.client.get(path, params=query, headers=headers)
    if template.startswith("/erklaerung/"):
        form = {"access_code": headers.get("X-Access-Code", ""), "message": "", "lang": "de"}
        return world.client.post(path, data=form, headers=headers)
    return world.client.post(path, json=BODIES.get(key, {}), params=query, headers=headers)


def role_cases() -> list[tuple[str, str]]:
    return [
        (key, who)
        for key, rule in sorted(ROUTE_RULES.items())
        if rule.access != "public"
        for who in ("anonymous", "bad-key", *ROLES)
    ]


ROLE_IDENTITY = {
    "ai-service": "service-a",
    "compliance-officer": "officer-all",
    "admin": "admin",
    "caseworker": "caseworker-a",
}


@pytest.mark.parametrize(("key", "who"), role_cases())
def test_when_caller_lacks_the_grant_then_refused_else_admitted(
    world: World, key: str, who: str
) -> None:
    rule = ROUTE_RULES[key]
    headers: dict[str, str] = {}
    if who == "bad-key":
        headers = {"Authorization": "Bearer lpk_guessed-key-0000"}
    elif who in ROLES:
        headers = world.headers[ROLE_IDENTITY[who]]
    status = request(world, key, "A", headers, {}).status_code
    if rule.access == "citizen":
        # Bearer credentials grant nothing here; without the access code: the uniform 404.
        assert status in (400, 404), status
    elif who in ("anonymous", "bad-key"):
        assert status == 401
    elif who in rule.roles:
        assert status not in (401, 403) or rule.scope == "all", status
    else:
        assert status == 403


SCOPED_TO_A = (
    "service-a",
    "officer-a-key",
    "officer-a-oidc",
    "admin-a-oidc",
    "caseworker-a",
    "caseworker-unbound",
)


def leak_cases() -> list[tuple[str, str]]:
    return [
        (key, who)
        for key, rule in sorted(ROUTE_RULES.items())
        if rule.access == "roles"
        for who in SCOPED_TO_A
    ]


@pytest.mark.parametrize(("key", "who"), leak_cases())
def test_when_identity_scoped_to_a_asks_for_b_then_nothing_of_b_is_answered(
    world: World, key: str, who: str
) -> None:
    queries: list[dict[str, str]] = [{}, {"service": B}]
    if "{" not in key and key.startswith("GET"):
        queries.append({"subject": SUBJECT_B})
    names_b_resource = any(f"{{{name}}}" in key for name in RESOURCE_IDS)
    for query in queries:
        response = request(world, key, "B", world.headers[who], query)
        assert response.status_code < 500, (key, who, response.text)
        if names_b_resource:
            # Not 2xx, and not 409/422 either: those would tell that B's id exists.
            assert response.status_code in (403, 404), (key, who, query, response.text)
        if response.status_code < 300:
            leaked = [m for m in world.b_markers if m in response.text]
            assert leaked == [], (key, who, query, response.status_code, leaked)
    b_decision = world.client.get(
        f"/v1/decisions/{world.ids['B']['decision_id']}", headers=world.headers["officer-all"]
    ).json()
    assert b_decision["final_outcome"] is None  # no scoped caller recorded B's outcome
    assert b_decision["review_steps"] == []  # nor took B's case for review


def test_when_scoped_identities_read_their_own_service_then_they_see_it(world: World) -> None:
    """The leak test above must not pass by refusing everything."""
    a_id, b_id = world.ids["A"]["decision_id"], world.ids["B"]["decision_id"]
    for who in ("service-a", "officer-a-key", "officer-a-oidc", "caseworker-a"):
        got = world.client.get(f"/v1/decisions/{a_id}", headers=world.headers[who])
        assert got.status_code == 200, (who, got.text)
        listed = world.client.get("/v1/decisions", headers=world.headers[who]).json()
        assert [d["id"] for d in listed["decisions"]] == [a_id], who
    for who in ("officer-all", "admin"):
        listed = world.client.get("/v1/decisions", headers=world.headers[who]).json()
        assert {a_id, b_id} <= {d["id"] for d in listed["decisions"]}, who
    events = world.client.get("/v1/audit/events", headers=world.headers["officer-a-key"])
    assert events.status_code == 200
    assert {r["event"]["service"] for r in events.json()["records"]} == {A}
    assert (
        world.client.get(
            f"/v1/decisions/{a_id}", headers=world.headers["caseworker-unbound"]
        ).status_code
        == 404
    )


def test_when_caseworker_reads_a_decision_then_protected_attributes_are_not_shown(
    world: World,
) -> None:
    a_id = world.ids["A"]["decision_id"]
    for who in ("caseworker-a", "officer-all", "service-a"):
        body = world.client.get(f"/v1/decisions/{a_id}", headers=world.headers[who]).text
        assert "protected_attributes" not in body and "age_group" not in body, who


@pytest.mark.parametrize(
    "path",
    [
        "/v1/citizen/decisions/{id}/explanation",
        "/v1/citizen/decisions/{id}/review-request",
    ],
)
def test_when_access_code_of_decision_x_is_used_on_decision_y_then_404(
    world: World, path: str
) -> None:
    b_id = world.ids["B"]["decision_id"]
    url = path.format(id=b_id)
    headers = {"X-Access-Code": world.codes["A"]}
    response = (
        world.client.get(url, headers=headers)
        if path.endswith("explanation")
        else world.client.post(url, json={"message": ""}, headers=headers)
    )
    assert response.status_code == 404
    assert CASE_B not in response.text and B not in response.text
    page = world.client.post(
        f"/erklaerung/{b_id}", data={"access_code": world.codes["A"], "lang": "de"}
    )
    assert page.status_code == 404


def test_when_policy_lets_caseworkers_see_protected_attributes_then_only_they_see_them(
    tmp_path: Path,
) -> None:
    """Field level: a caseworker gets what a review needs; protected attributes only by policy."""
    with recording_upstream() as upstream:
        settings = make_settings(tmp_path, upstream.base_url)
        data_file = tmp_path / "bundle" / "data.json"
        data = json.loads(data_file.read_text())
        data["governance"]["review"] = {"caseworkers_see_protected_attributes": True}
        data_file.write_text(json.dumps(data))
        keys = {
            "service": issue_key(settings, A, "ai-service"),
            "officer": issue_key(settings, "officer-all", "compliance-officer"),
            "caseworker": issue_key(settings, "caseworker-a", "caseworker", (A,)),
        }
        with TestClient(app=create_app(settings)) as client:
            made = _decide(client, keys["service"], SUBJECT_A, "CASE-OF-A")
            seen = {
                who: client.get(
                    f"/v1/decisions/{made['id']}", headers={"Authorization": f"Bearer {key}"}
                ).json()
                for who, key in keys.items()
            }
    caseworker = seen["caseworker"]
    assert caseworker["protected_attributes"] == PROTECTED
    assert caseworker["features"] == case()  # what the review needs: the case and its reasons
    assert caseworker["explanation"]["top_factors"]
    for who in ("service", "officer"):
        assert "protected_attributes" not in seen[who], who
        assert "age_group" not in json.dumps(seen[who]), who
