"""Compliance officers' audit API: search, read, proof, verify, export, subject report."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import Gateway

VERIFY_SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "verify_proof.py"


def officer_get(gw: Gateway, path: str, **params: Any) -> Any:
    return gw.client.get(path, params=params, headers=gw.headers("compliance-officer"))


@pytest.fixture(scope="module")
def calls(gateway: Gateway) -> list[str]:
    """A few proxied calls; returns their request ids."""
    ids = []
    for purpose in ("demo", "demo", "werbung"):
        response = gateway.chat("Mail an anna.schmidt@example.de", purpose=purpose)
        ids.append(response.headers["x-request-id"])
    return ids


def test_when_paging_then_cursor_gives_every_record_once_in_order(
    gateway: Gateway, calls: list[str]
) -> None:
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = officer_get(gateway, "/v1/audit/events", **params).json()
        seen.extend(r["seq"] for r in page["records"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen))
    assert seen[0] == 1


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"policy_result": "denied"}, lambda e: e["policy_result"] == "denied"),
        (
            {"reason_code": "purpose_not_allowed"},
            lambda e: "purpose_not_allowed" in e["reason_codes"],
        ),
        ({"pii_entity": "EMAIL_ADDRESS"}, lambda e: "EMAIL_ADDRESS" in e["pii_entities"]),
        (
            {"service": "demo-service", "event_type": "proxy.call.completed"},
            lambda e: e["service"] == "demo-service" and e["event_type"] == "proxy.call.completed",
        ),
    ],
)
def test_when_filtering_then_only_matching_records(
    gateway: Gateway, calls: list[str], params: dict[str, str], check: Any
) -> None:
    records = officer_get(gateway, "/v1/audit/events", **params).json()["records"]
    assert records
    assert all(check(r["event"]) for r in records)


def test_when_cursor_is_garbage_then_400(gateway: Gateway) -> None:
    response = officer_get(gateway, "/v1/audit/events", cursor="not-a-cursor")
    assert response.status_code == 400
    assert response.json()["field"] == "cursor"


def test_when_since_has_no_timezone_then_400(gateway: Gateway) -> None:
    response = officer_get(gateway, "/v1/audit/events", since="2026-01-01T00:00:00")
    assert response.status_code == 400
    assert response.json()["field"] == "since"


def test_when_officer_queries_then_the_query_itself_is_recorded(
    gateway: Gateway, calls: list[str]
) -> None:
    response = officer_get(gateway, "/v1/audit/events", request_id=calls[0])
    own_id = response.headers["x-request-id"]
    records = officer_get(gateway, "/v1/audit/events", request_id=own_id).json()["records"]
    assert [r["event"]["event_type"] for r in records] == ["audit.query"]
    assert records[0]["event"]["actor"] == "officer-1"
    assert records[0]["event"]["payload"]["request_id"] == calls[0]


def test_when_chain_verified_then_ok(gateway: Gateway, calls: list[str]) -> None:
    report = officer_get(gateway, "/v1/audit/verify").json()
    assert report["ok"] is True, report
    assert report["records_checked"] >= len(calls)


def test_when_proof_requested_then_third_party_script_accepts_it(
    gateway: Gateway, calls: list[str], tmp_path: Path
) -> None:
    record = officer_get(gateway, "/v1/audit/events", request_id=calls[1]).json()["records"][0]
    proof = officer_get(gateway, f"/v1/audit/events/{record['id']}/proof").json()
    (tmp_path / "proof.json").write_text(json.dumps(proof))
    (tmp_path / "key.pem").write_text(proof["public_key_pem"])
    (tmp_path / "record.json").write_text(json.dumps(record))
    ok = subprocess.run(
        [
            sys.executable,
            str(VERIFY_SCRIPT),
            str(tmp_path / "proof.json"),
            str(tmp_path / "key.pem"),
            "--record",
            str(tmp_path / "record.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    record["event"]["outcome"] = "tampered"
    (tmp_path / "record.json").write_text(json.dumps(record))
    bad = subprocess.run(
        [
            sys.executable,
            str(VERIFY_SCRIPT),
            str(tmp_path / "proof.json"),
            str(tmp_path / "key.pem"),
            "--record",
            str(tmp_path / "record.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1


def test_when_proof_for_unknown_id_then_404(gateway: Gateway) -> None:
    assert officer_get(gateway, "/v1/audit/events/nope/proof").status_code == 404


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_when_exporting_then_every_filtered_record_is_streamed(
    gateway: Gateway, calls: list[str], fmt: str
) -> None:
    response = officer_get(
        gateway, "/v1/audit/export", format=fmt, event_type="proxy.call.completed"
    )
    assert response.status_code == 200
    listed = officer_get(
        gateway, "/v1/audit/events", event_type="proxy.call.completed", limit=1000
    ).json()["records"]
    if fmt == "jsonl":
        rows = [json.loads(line) for line in response.text.splitlines()]
        assert [r["id"] for r in rows] == [r["id"] for r in listed]
    else:
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == len(listed)
    assert "anna.schmidt" not in response.text


def test_when_export_format_unknown_then_400(gateway: Gateway) -> None:
    assert officer_get(gateway, "/v1/audit/export", format="xml").status_code == 400


def test_when_public_key_requested_then_pem(gateway: Gateway) -> None:
    pem = gateway.client.get("/v1/audit/public-key").json()["public_key_pem"]
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")


def test_when_verified_against_a_saved_checkpoint_then_ok_with_the_tail_stated(
    gateway: Gateway, calls: list[str]
) -> None:
    record = officer_get(gateway, "/v1/audit/events", request_id=calls[0]).json()["records"][0]
    note = officer_get(gateway, f"/v1/audit/events/{record['id']}/proof").json()["checkpoint"][
        "note"
    ]

    report = officer_get(gateway, "/v1/audit/verify", trusted_checkpoint=note).json()

    assert report["ok"] is True, report
    assert report["anchored_by"] == ["trusted checkpoint"]
    assert report["last_anchored_size"] is not None
    assert report["unanchored_records"] == report["records_checked"] - report["last_anchored_size"]
    assert "60 s" in report["tail_bound"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"witness": "http://127.0.0.1:1 w+00000000+AAAA"}, "witness"),
        ({"witness": "http://127.0.0.1:1"}, "witness"),
        ({"tsa_cert": "not a pem"}, "tsa_cert"),
    ],
)
def test_when_verify_option_is_unusable_then_400_naming_it(
    gateway: Gateway, params: dict[str, str], field: str
) -> None:
    response = officer_get(gateway, "/v1/audit/verify", **params)

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


def test_when_trusted_checkpoint_is_forged_then_verify_reports_failure(
    gateway: Gateway, calls: list[str]
) -> None:
    forged = "leitplanke.local/audit\n1\n" + "A" * 43 + "=\n\n— leitplanke.local/audit AAAAAAAA\n"

    report = officer_get(gateway, "/v1/audit/verify", trusted_checkpoint=forged).json()

    assert report["ok"] is False
    assert "trusted checkpoint #1 does not verify" in report["problem"]
