"""Bias audits gate the decision policy: failing audit -> human review, passing -> released.

History is imported with the real CLI (``leitplanke fairness import``) into the same database
the app uses; audits run through ``POST /v1/fairness/audits``.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import EXIT_FAILURE, EXIT_OK, main
from tests.integration.conftest import Gateway

MODEL = "wohngeld-demo"
FAVOURABLE_CASE = {
    "monthly_net_income": 900.0,
    "household_size": 4,
    "children": 2,
    "monthly_rent": 900.0,
    "rent_level": "V",
    "assets": 0.0,
    "receives_transfer_benefits": False,
}


def history(
    path: Path, *, start: datetime, female_rate: float, male_rate: float, per_group: int = 150
) -> Path:
    """Decisions with exact selection rates per gender (equal in every age group)."""
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["decided_at", "prediction", "outcome", "gender", "age_group", "nationality"]
        )
        minute = 0
        for gender, rate in (("female", female_rate), ("male", male_rate)):
            for age_group in ("30-49", "50-64"):
                selected = round(rate * per_group)
                for i in range(per_group):
                    prediction = int(i < selected)
                    writer.writerow(
                        [
                            (start + timedelta(minutes=minute)).isoformat(),
                            prediction,
                            prediction,
                            gender,
                            age_group,
                            "german",
                        ]
                    )
                    minute += 1
    return path


def cli(gw: Gateway, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("LEITPLANKE_DATABASE_URL", gw.settings.database.url)
    monkeypatch.setenv("LEITPLANKE_AUDIT__SIGNING_KEY_FILE", gw.settings.audit.signing_key_file)
    monkeypatch.setenv("LEITPLANKE_POLICY__BUNDLE_DIR", gw.settings.policy.bundle_dir)
    return main(list(args))


def audit(
    gw: Gateway, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"model_id": MODEL}
    if since is not None:
        body["since"] = since.isoformat()
    if until is not None:
        body["until"] = until.isoformat()
    response = gw.client.post(
        "/v1/fairness/audits", json=body, headers=gw.headers("compliance-officer")
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def decide(gw: Gateway) -> dict[str, Any]:
    response = gw.client.post(
        "/v1/decisions",
        json={
            "model_id": MODEL,
            "case_reference": "WG-7",
            "subject": "sp1_gating",
            "features": FAVOURABLE_CASE,
            "protected_attributes": {
                "gender": "male",
                "age_group": "30-49",
                "nationality": "german",
            },
        },
        headers=gw.headers(**{"X-Purpose": "demo"}),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def events(gw: Gateway, event_type: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = gw.client.get(
        "/v1/audit/events",
        params={"event_type": event_type},
        headers=gw.headers("compliance-officer"),
    ).json()["records"]
    return [r["event"] for r in records]


def gate(gw: Gateway) -> dict[str, Any]:
    listed = gw.client.get(
        "/v1/fairness/audits", params={"model_id": MODEL},
        headers=gw.headers("compliance-officer"),
    ).json()
    result: dict[str, Any] = listed["gates"][MODEL]
    assert listed["statuses"][MODEL] == result["status"]
    return result


def test_when_audits_run_then_only_full_window_audits_move_the_gate(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    now = datetime.now(UTC)

    def load(name: str, start: datetime, female: float, male: float, per_group: int) -> None:
        path = history(tmp_path / name, start=start, female_rate=female, male_rate=male,
                       per_group=per_group)
        assert cli(gateway, monkeypatch, "fairness", "import", str(path), "--model", MODEL) == 0

    # unknown -> passing: the first audit over the whole history
    load("fair1.csv", now - timedelta(days=80), 0.5, 0.5, 150)
    assert gate(gateway)["status"] == "unknown"
    passing = audit(gateway)
    assert passing["status"] == "passing", passing["reasons"]
    first = gate(gateway)
    assert (first["status"], first["report_id"]) == ("passing", passing["report_id"])
    assert decide(gateway)["human_review_required"] is False

    # passing -> failing: the full window now holds a biased month
    load("biased.csv", now - timedelta(days=40), 0.1, 0.6, 150)
    failing = audit(gateway)
    assert failing["status"] == "failing"
    why = gate(gateway)
    assert (why["status"], why["report_id"], why["metric"], why["attribute"], why["group"]) == (
        "failing", failing["report_id"], "demographic_parity_ratio", "gender", "female"
    )
    gated = decide(gateway)
    assert gated["human_review_required"] is True
    assert "fairness_audit_failed" in [r["code"] for r in gated["reasons"]]

    # failing stays failing: re-auditing only the last week passes, but it is a report only
    load("fair2.csv", now - timedelta(days=5), 0.5, 0.52, 150)
    narrow = audit(gateway, since=now - timedelta(days=7))
    assert narrow["status"] == "passing"
    assert gate(gateway)["report_id"] == failing["report_id"]
    assert "fairness_audit_failed" in [r["code"] for r in decide(gateway)["reasons"]]

    # failing stays failing: a window with too little data does not turn it into "unknown"
    load("tiny.csv", now - timedelta(hours=2), 0.5, 0.5, 3)
    thin = audit(gateway, since=now - timedelta(hours=3))
    assert thin["status"] == "insufficient_data"
    exported = gateway.client.get(
        f"/v1/fairness/audits/{thin['report_id']}", headers=gateway.headers("compliance-officer")
    ).json()
    groups = [g for a in exported["attributes"] for g in a["groups"]]
    assert groups and all(g["suppressed"] == "too_small" and "n" not in g for g in groups)
    assert all("selection_rate" not in g for a in thin["attributes"] for g in a["groups"])
    assert gate(gateway)["status"] == "failing"
    assert "fairness_audit_failed" in [r["code"] for r in decide(gateway)["reasons"]]

    # failing -> passing: enough fair decisions in the full window outweigh the biased month
    load("fair3.csv", now - timedelta(days=3), 0.55, 0.55, 1500)
    released = audit(gateway)
    assert released["status"] == "passing", released["reasons"]
    assert gate(gateway)["report_id"] == released["report_id"]
    assert decide(gateway)["human_review_required"] is False

    completed = events(gateway, "fairness.audit.completed")[-5:]
    assert [(e["outcome"], e["payload"]["gate"], e["payload"]["not_covering"]) for e in completed] \
        == [
            ("passing", "decides", None),
            ("failing", "decides", None),
            ("passing", "report_only", "narrower_window"),
            ("insufficient_data", "report_only", "narrower_window"),
            ("passing", "decides", None),
        ]
    changes = events(gateway, "fairness.gate.changed")
    assert [(e["payload"]["from_status"], e["outcome"]) for e in changes] == [
        ("unknown", "passing"), ("passing", "failing"), ("failing", "passing")
    ]
    assert changes[1]["payload"]["report_id"] == failing["report_id"]
    assert changes[1]["payload"]["metric"] == "demographic_parity_ratio"
    assert changes[1]["payload"]["group"] == "female"
    page = gateway.client.get(
        f"/v1/fairness/audits/{failing['report_id']}",
        params={"format": "html"},
        headers=gateway.headers("compliance-officer"),
    )
    assert page.status_code == 200 and "<svg" in page.text and "<script" not in page.text


def test_when_import_has_bad_rows_then_nothing_is_kept_unless_partial(
    gateway: Gateway,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "decided_at,prediction,outcome,gender\n"
        "2026-03-01T10:00:00+00:00,1,1,female\n"
        "yesterday,1,1,male\n"
        "2026-03-01T10:02:00+00:00,7,1,male\n"
    )
    assert (
        cli(gateway, monkeypatch, "fairness", "import", str(bad), "--model", "other")
        == EXIT_FAILURE
    )
    out = capsys.readouterr().out
    assert "line 3" in out and "line 4" in out and "nothing imported" in out
    assert (
        cli(gateway, monkeypatch, "fairness", "import", str(bad), "--model", "other", "--partial")
        == EXIT_OK
    )
    assert "1 imported" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"model_id": "never-seen"}, 404),
        (
            {
                "model_id": MODEL,
                "since": "2030-01-01T00:00:00+00:00",
                "until": "2030-01-02T00:00:00+00:00",
            },
            422,
        ),
        ({"model_id": MODEL, "since": "2030-01-01T00:00:00"}, 400),
    ],
)
def test_when_audit_request_is_unusable_then_clear_error_not_nan(
    gateway: Gateway, body: dict[str, Any], status: int
) -> None:
    response = gateway.client.post(
        "/v1/fairness/audits", json=body, headers=gateway.headers("compliance-officer")
    )
    assert response.status_code == status, response.text
    assert "NaN" not in response.text
