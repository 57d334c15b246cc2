"""Policy reload without restart: the revision in audit records follows the bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.integration.conftest import Gateway


def reload(gw: Gateway, role: str = "admin") -> Any:
    return gw.client.post("/v1/admin/policy/reload", headers=gw.headers(role))


def last_revision(gw: Gateway, request_id: str) -> str:
    records = gw.client.get(
        "/v1/audit/events",
        params={"request_id": request_id},
        headers=gw.headers("compliance-officer"),
    ).json()["records"]
    return str(records[-1]["event"]["policy_revision"])


def test_when_bundle_changes_and_is_reloaded_then_decisions_and_revision_follow(
    gateway: Gateway,
) -> None:
    bundle = Path(gateway.settings.policy.bundle_dir)
    data_file = bundle / "data.json"
    original = data_file.read_text()
    before = gateway.chat("Hallo", purpose="demo")
    assert before.status_code == 200
    old_revision = last_revision(gateway, before.headers["x-request-id"])

    data = json.loads(original)
    models = data["governance"]["services"]["demo-service"]["models"]["demo-model"]
    models["purposes"] = [p for p in models["purposes"] if p != "demo"]
    data_file.write_text(json.dumps(data))
    try:
        response = reload(gateway)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["previous_revision"] == old_revision
        assert body["revision"] != old_revision
        denied = gateway.chat("Hallo", purpose="demo")
        assert denied.status_code == 403
        assert last_revision(gateway, denied.headers["x-request-id"]) == body["revision"]
    finally:
        data_file.write_text(original)
        assert reload(gateway).status_code == 200
    assert gateway.chat("Hallo", purpose="demo").status_code == 200


def test_when_new_bundle_does_not_compile_then_422_and_previous_stays(gateway: Gateway) -> None:
    broken = Path(gateway.settings.policy.bundle_dir) / "broken.rego"
    broken.write_text("package leitplanke.broken\n\nallow if {\n")
    try:
        response = reload(gateway)
    finally:
        broken.unlink()
    assert response.status_code == 422
    problem = response.json()
    assert problem["file"] == "broken.rego"
    assert problem["line"] >= 1
    assert gateway.chat("Hallo", purpose="demo").status_code == 200
    events = gateway.client.get(
        "/v1/audit/events",
        params={"event_type": "policy.reload.failed"},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    assert events and events[-1]["event"]["payload"]["file"] == "broken.rego"


def test_when_non_admin_reloads_then_403(gateway: Gateway) -> None:
    assert reload(gateway, "compliance-officer").status_code == 403
    assert reload(gateway, "ai-service").status_code == 403
