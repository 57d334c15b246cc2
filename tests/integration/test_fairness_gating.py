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
T0 = datetime(2026, 1, 1, tzinfo=UTC)


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


def audit(gw: Gateway, since: datetime, until: datetime) -> dict[str, Any]:
    response = gw.client.post(
        "/v1/fairness/audits",
        json={"model_id": MODEL, "since": since.isoformat(), "until": until.isoformat()},
        headers=gw.headers("compliance-officer"),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


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


def test_when_audit_fails_then_decisions_go_to_human_review_until_a_passing_audit(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fair_1 = history(tmp_path / "fair1.csv", start=T0, female_rate=0.5, male_rate=0.5)
    biased = history(
        tmp_path / "biased.csv",
        start=T0 + timedelta(days=10),
        female_rate=0.1,
        male_rate=0.6,
    )
    fair_2 = history(
        tmp_path / "fair2.csv",
        start=T0 + timedelta(days=20),
        female_rate=0.5,
        male_rate=0.52,
    )
    for path in (fair_1, biased, fair_2):
        assert (
            cli(gateway, monkeypatch, "fairness", "import", str(path), "--model", MODEL) == EXIT_OK
        )

    passing = audit(gateway, T0, T0 + timedelta(days=1))
    assert passing["status"] == "passing", passing["reasons"]
    assert decide(gateway)["human_review_required"] is False

    failing = audit(gateway, T0 + timedelta(days=10), T0 + timedelta(days=11))
    assert failing["status"] == "failing"
    gated = decide(gateway)
    assert gated["human_review_required"] is True
    assert "fairness_audit_failed" in [r["code"] for r in gated["reasons"]]

    released = audit(gateway, T0 + timedelta(days=20), T0 + timedelta(days=21))
    assert released["status"] == "passing", released["reasons"]
    assert decide(gateway)["human_review_required"] is False

    listed = gateway.client.get(
        "/v1/fairness/audits",
        params={"model_id": MODEL},
        headers=gateway.headers("compliance-officer"),
    ).json()
    assert [r["report_id"] for r in listed["reports"]][:3] == [
        released["report_id"],
        failing["report_id"],
        passing["report_id"],
    ]
    page = gateway.client.get(
        f"/v1/fairness/audits/{failing['report_id']}",
        params={"format": "html"},
        headers=gateway.headers("compliance-officer"),
    )
    assert page.status_code == 200 and "<svg" in page.text and "<script" not in page.text
    events = gateway.client.get(
        "/v1/audit/events",
        params={"event_type": "fairness.audit.completed"},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    assert [e["event"]["outcome"] for e in events][-3:] == ["passing", "failing", "passing"]


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
