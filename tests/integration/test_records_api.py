"""The deployer's records through the real app: versions in the audit log, formats, access.

``GET /v1/records/{kind}`` returns the newest recorded version (the first GET records one),
``POST`` records a new one, ``/history`` lists them; every version is an audit record.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import EXIT_OK, main
from tests.integration.conftest import Gateway

MODEL = "wohngeld-demo"
CASE = {
    "model_id": MODEL,
    "case_reference": "WG-2026-17",
    "subject": "sp1_records",
    "features": {
        "monthly_net_income": 1500,
        "household_size": 2,
        "children": 1,
        "monthly_rent": 700,
        "rent_level": "IV",
        "assets": 5000,
        "receives_transfer_benefits": False,
    },
    "protected_attributes": {"gender": "female", "age_group": "30-49", "nationality": "eu"},
}


@pytest.fixture(scope="module")
def settings_overrides() -> dict[str, Any]:
    return {
        "records": {
            "controller_name": "Stadt Musterstadt",
            "controller_address": "Markt 1, 12345 Musterstadt",
            "controller_contact": "buergeramt@musterstadt.example",
            "models": {MODEL: {"system_name": "Wohngeld-Vorprüfung"}},
        },
        "ui": {"api_key_login": True},
    }


def officer(gw: Gateway) -> dict[str, str]:
    return gw.headers("compliance-officer")


def events(gw: Gateway, event_type: str) -> list[dict[str, Any]]:
    response = gw.client.get(
        "/v1/audit/events",
        params={"event_type": event_type, "limit": "100"},
        headers=officer(gw),
    )
    assert response.status_code == 200, response.text
    return [{"seq": r["seq"], **r["event"]} for r in response.json()["records"]]


def test_when_officer_reads_the_ropa_then_it_is_generated_once_and_recorded(
    gateway: Gateway,
) -> None:
    first = gateway.client.get("/v1/records/ropa", headers=officer(gateway))
    assert first.status_code == 200, first.text
    body = first.json()
    assert {
        "controller",
        "purposes",
        "data_subjects",
        "data_categories",
        "recipients",
        "retention",
        "measures",
    } <= body.keys()
    assert body["controller"]["facts"]["name"] == "Stadt Musterstadt"
    assert [a["service"] for a in body["activities"]] == ["demo-service", "statistik-service"]
    assert "proxy.*" in body["retention"]["text"]["de"]
    again = gateway.client.get("/v1/records/ropa", headers=officer(gateway))
    assert again.json()["version"] == body["version"]
    recorded = events(gateway, "records.ropa.generated")
    assert [r["seq"] for r in recorded] == [body["version"]]
    assert recorded[0]["payload"]["sha256"] == body["sha256"]


def test_when_a_new_version_is_posted_then_history_lists_both_and_old_ones_stay_readable(
    gateway: Gateway,
) -> None:
    old = gateway.client.get("/v1/records/ropa", headers=officer(gateway)).json()
    new = gateway.client.post("/v1/records/ropa", headers=officer(gateway))
    assert new.status_code == 201, new.text
    assert new.json()["version"] > old["version"]
    history = gateway.client.get("/v1/records/ropa/history", headers=officer(gateway)).json()
    versions = [v["version"] for v in history["versions"]]
    assert versions[:2] == [new.json()["version"], old["version"]]
    back = gateway.client.get(
        "/v1/records/ropa", params={"version": str(old["version"])}, headers=officer(gateway)
    )
    assert back.status_code == 200 and back.json()["sha256"] == old["sha256"]


def test_when_decisions_exist_then_the_fria_states_their_volume_and_oversight(
    gateway: Gateway,
) -> None:
    made = gateway.client.post(
        "/v1/decisions", json=CASE, headers=gateway.headers(**{"X-Purpose": "demo"})
    )
    assert made.status_code == 201, made.text
    response = gateway.client.post(
        "/v1/records/fria", params={"model": MODEL}, headers=officer(gateway)
    )
    assert response.status_code == 201, response.text
    fria = response.json()
    for key in (
        "process",
        "period_and_frequency",
        "affected_groups",
        "risks_of_harm",
        "human_oversight",
        "measures",
    ):
        assert fria[key]["status"] in ("complete", "to_be_completed"), key
    assert fria["period_and_frequency"]["facts"]["decisions_total"] >= 1
    assert fria["human_oversight"]["facts"]["decisions_total"] >= 1
    assert "Wohngeld-Vorprüfung" in fria["process"]["text"]["de"]
    assert fria["affected_groups"]["facts"]["audited_attributes"] == [
        "gender",
        "age_group",
        "nationality",
    ]
    recorded = events(gateway, "records.fria.generated")[-1]
    assert recorded["model"] == MODEL and recorded["outcome"] == fria["status"]


def test_when_registration_is_read_then_it_summarises_the_latest_fria_version(
    gateway: Gateway,
) -> None:
    fria = gateway.client.post(
        "/v1/records/fria", params={"model": MODEL}, headers=officer(gateway)
    ).json()
    registration = gateway.client.post(
        "/v1/records/registration", params={"model": MODEL}, headers=officer(gateway)
    ).json()
    assert {"deployer", "system", "purpose", "fria_summary"} <= registration.keys()
    assert registration["fria_summary"]["facts"]["fria_version"] == fria["version"]
    entry = gateway.client.get(
        "/v1/records/registration",
        params={"model": MODEL, "format": "algoritmeregister", "lang": "en"},
        headers=officer(gateway),
    )
    assert entry.status_code == 200
    assert entry.json()["standard_version"] == "1.0"
    assert entry.json()["organization"] == "Stadt Musterstadt"


@pytest.mark.parametrize(
    ("fmt", "media", "start"),
    [("md", "text/markdown", b"# "), ("pdf", "application/pdf", b"%PDF-")],
)
def test_when_asked_for_markdown_or_pdf_then_the_document_comes_in_that_form(
    gateway: Gateway, fmt: str, media: str, start: bytes
) -> None:
    response = gateway.client.get(
        "/v1/records/fria", params={"model": MODEL, "format": fmt}, headers=officer(gateway)
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    assert response.content.startswith(start)
    assert response.headers["x-record-version"].isdigit()
    # ... and the OpenAPI document says so (schemathesis: "Undocumented Content-Type").
    paths = gateway.client.get("/schema/openapi.json").json()["paths"]["/v1/records/{kind}"]
    assert media in paths["get"]["responses"]["200"]["content"]
    assert media in paths["post"]["responses"]["201"]["content"]


@pytest.mark.parametrize("kind", ["ropa", "fria", "registration"])
def test_when_asked_in_english_then_every_document_is_english_with_iso_and_local_dates(
    gateway: Gateway, kind: str
) -> None:
    params = {"format": "md", "lang": "en", **({"model": MODEL} if kind != "ropa" else {})}
    english = gateway.client.get(f"/v1/records/{kind}", params=params, headers=officer(gateway))
    german = gateway.client.get(
        f"/v1/records/{kind}", params={**params, "lang": "de"}, headers=officer(gateway)
    )
    assert english.status_code == 200 and german.status_code == 200, english.text
    stamp = r"\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00\)"
    assert re.search(r"Generated: \d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T " + stamp, english.text)
    assert re.search(r"Erstellt: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr " + stamp, german.text)
    assert "Uhr" not in english.text and "vom Verantwortlichen" not in english.text


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/v1/records/fria", {}, 400, "model"),
        ("/v1/records/fria", {"model": "kindergeld"}, 404, "model"),
        ("/v1/records/ropa", {"model": MODEL}, 400, "model"),
        ("/v1/records/ropa", {"version": "999999"}, 404, "version"),
        ("/v1/records/ropa", {"format": "algoritmeregister"}, 400, "format"),
    ],
)
def test_when_the_request_is_wrong_then_a_problem_names_the_field(
    gateway: Gateway, path: str, params: dict[str, str], status: int, field: str
) -> None:
    response = gateway.client.get(path, params=params, headers=officer(gateway))
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text


@pytest.mark.parametrize("path", ["/v1/records/minutes", "/v1/records/ropa?version=abc"])
def test_when_kind_or_version_is_malformed_then_400_not_500(gateway: Gateway, path: str) -> None:
    response = gateway.client.get(path, headers=officer(gateway))
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("role", ["ai-service", "caseworker"])
def test_when_a_service_or_caseworker_asks_then_records_are_refused(
    gateway: Gateway, role: str
) -> None:
    for method in ("get", "post"):
        send = getattr(gateway.client, method)
        response = send("/v1/records/ropa", headers=gateway.headers(role))
        assert response.status_code == 403, (method, response.text)


def cli(gw: Gateway, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("LEITPLANKE_DATABASE_URL", gw.settings.database.url)
    monkeypatch.setenv("LEITPLANKE_AUDIT__SIGNING_KEY_FILE", gw.settings.audit.signing_key_file)
    monkeypatch.setenv("LEITPLANKE_POLICY__BUNDLE_DIR", gw.settings.policy.bundle_dir)
    monkeypatch.setenv("LEITPLANKE_AUTH__KEY_PEPPER", gw.settings.auth.key_pepper)
    return main(list(args))


def test_when_the_cli_writes_a_fria_then_it_is_recorded_like_the_api_does(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "fria.json"
    assert cli(gateway, monkeypatch, "records", "fria", "--model", MODEL, "-o", str(out)) == 0
    document = json.loads(out.read_text())
    assert document["kind"] == "fria" and document["model"] == MODEL
    newest = gateway.client.get(
        "/v1/records/fria/history", params={"model": MODEL}, headers=officer(gateway)
    ).json()["versions"][0]
    assert newest["actor"].startswith("cli:")
    assert cli(gateway, monkeypatch, "records", "fria") == 2  # --model is required
    pdf = tmp_path / "ropa.pdf"
    assert cli(gateway, monkeypatch, "records", "ropa", "--format", "pdf", "-o", str(pdf)) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_when_retention_runs_dry_from_the_cli_then_holds_are_listed_and_nothing_goes(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli(
            gateway,
            monkeypatch,
            "audit",
            "hold",
            "place",
            "--subject",
            "sp1_records",
            "--reason",
            "VG Musterstadt 1 K 12/26",
        )
        == EXIT_OK
    )
    hold_id = capsys.readouterr().out.split()[1]
    assert cli(gateway, monkeypatch, "audit", "retention", "--dry-run", "--json") == EXIT_OK
    plan = json.loads(capsys.readouterr().out)
    assert plan["dry_run"] is True and plan["would_remove"] == 0
    assert [h["hold_id"] for h in plan["active_holds"]] == [hold_id]
    placed = events(gateway, "audit.hold.placed")[-1]
    assert placed["subject"] == "sp1_records"
    assert "VG Musterstadt" not in json.dumps(placed)  # the reason stays out of the log
    assert cli(gateway, monkeypatch, "audit", "hold", "release", hold_id) == EXIT_OK
    assert cli(gateway, monkeypatch, "audit", "hold", "release", hold_id) == 1


# ---- the dashboard page "Nachweise" -------------------------------------------------------

CSRF = re.compile(r'name="_csrf" value="([^"]+)"')


def ui_login(gw: Gateway) -> None:
    gw.client.cookies.clear()
    page = gw.client.get("/ui/login")
    token = CSRF.search(page.text)
    assert token is not None
    response = gw.client.post(
        "/ui/login",
        data={"_csrf": token.group(1), "api_key": gw.keys["compliance-officer"], "next": "/ui"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def test_when_not_logged_in_then_the_records_page_sends_to_login(gateway: Gateway) -> None:
    gateway.client.cookies.clear()
    response = gateway.client.get("/ui/records", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/ui/login?next=")


def test_when_officer_creates_a_version_on_the_page_then_it_is_listed_and_downloadable(
    gateway: Gateway,
) -> None:
    ui_login(gateway)
    page = gateway.client.get("/ui/records")
    assert page.status_code == 200, page.text
    assert "<h1>Nachweise</h1>" in page.text
    assert f"Grundrechte-Folgenabschätzung (Art. 27 KI-VO): {MODEL}" in page.text
    token = CSRF.search(page.text)
    assert token is not None
    created = gateway.client.post(
        "/ui/records/fria/generate",
        data={"_csrf": token.group(1), "model": MODEL},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    version = re.search(r"\?created=(\d+)#fria-", created.headers["location"])
    assert version is not None
    listed = gateway.client.get(created.headers["location"])
    assert f"Aktuelle Version <strong>{version.group(1)}</strong> vom " in listed.text
    assert f"Version {version.group(1)} erstellt." in listed.text
    assert re.search(r"vom \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} ME(S)?Z", listed.text)  # Berlin
    registration_version = gateway.client.post(
        "/v1/records/registration", params={"model": MODEL}, headers=officer(gateway)
    ).json()["version"]
    english = gateway.client.get("/ui/records", params={"lang": "en", "created": "x<b>"})
    assert "<h1>Records</h1>" in english.text and "Current version <strong>" in english.text
    assert f"Fundamental rights impact assessment (Art. 27 AI Act): {MODEL}" in english.text
    assert "PDF (German)" in english.text
    assert "Algorithm register (JSON) (English)" in english.text
    register = gateway.client.get(
        "/ui/records/registration/download",
        params={"model": MODEL, "format": "algoritmeregister", "document_lang": "en",
                "version": str(registration_version)},
    )
    assert register.status_code == 200 and register.json()["lang"] == "en"
    assert re.search(r"recorded \d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T", english.text)
    assert "created." not in english.text and "<b>" not in english.text  # only a number is shown
    for german in ("Nachweise", "Aktuelle Version", "Herunterladen", "erstellen", "Versionen"):
        assert german not in english.text, german
    gateway.client.get("/ui/records", params={"lang": "de"})
    pdf = gateway.client.get(
        "/ui/records/fria/download",
        params={
            "version": version.group(1),
            "model": MODEL,
            "format": "pdf",
            "document_lang": "en",
        },
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-disposition"].endswith(f'-v{version.group(1)}-en.pdf"')
    missing = gateway.client.get(  # the document's language is not the page's
        "/ui/records/fria/download",
        params={"version": "999999", "model": MODEL, "document_lang": "en"},
    )
    assert missing.status_code == 404 and '<html lang="de">' in missing.text
    assert "set-cookie" not in missing.headers


def test_when_the_form_has_no_csrf_token_then_no_version_is_created(gateway: Gateway) -> None:
    ui_login(gateway)
    before = gateway.client.get("/v1/records/ropa/history", headers=officer(gateway)).json()[
        "versions"
    ]
    response = gateway.client.post(
        "/ui/records/ropa/generate", data={"model": ""}, follow_redirects=False
    )
    assert response.status_code == 403
    after = gateway.client.get("/v1/records/ropa/history", headers=officer(gateway)).json()[
        "versions"
    ]
    assert after == before


# ---- retention and legal holds over HTTP ----------------------------------------------------


def test_when_officer_places_and_releases_a_hold_then_retention_shows_it_meanwhile(
    gateway: Gateway,
) -> None:
    placed = gateway.client.post(
        "/v1/audit/holds",
        json={"kind": "decision", "value": "d-4711", "reason": "Widerspruch W-2026-88"},
        headers=officer(gateway),
    )
    assert placed.status_code == 201, placed.text
    hold_id = placed.json()["hold_id"]
    plan = gateway.client.get("/v1/audit/retention", headers=officer(gateway)).json()
    assert plan["dry_run"] is True
    assert hold_id in [h["hold_id"] for h in plan["active_holds"]]
    listed = gateway.client.get("/v1/audit/holds", headers=officer(gateway)).json()["holds"]
    assert {"hold_id": hold_id, "reason": "Widerspruch W-2026-88"}.items() <= next(
        h for h in listed if h["hold_id"] == hold_id
    ).items()
    recorded = events(gateway, "audit.hold.placed")[-1]
    assert recorded["payload"] == {"hold_id": hold_id, "kind": "decision", "decision_id": "d-4711"}
    ended = gateway.client.post(f"/v1/audit/holds/{hold_id}/release", headers=officer(gateway))
    assert ended.status_code == 200
    again = gateway.client.post(f"/v1/audit/holds/{hold_id}/release", headers=officer(gateway))
    assert again.status_code == 404
    assert events(gateway, "audit.hold.released")[-1]["payload"] == {"hold_id": hold_id}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "subject", "value": "Jana Kowalczyk", "reason": "x"}, "value"),
        ({"kind": "subject", "value": "sp1_x", "reason": " "}, "reason"),
        ({"kind": "subject", "value": "sp1_x", "reason": "x" * 501}, "reason"),
        ({"kind": "person", "value": "sp1_x", "reason": "x"}, "kind"),
    ],
)
def test_when_a_hold_request_is_bad_then_400_names_the_field(
    gateway: Gateway, body: dict[str, str], field: str
) -> None:
    response = gateway.client.post("/v1/audit/holds", json=body, headers=officer(gateway))
    assert response.status_code == 400, response.text
    assert field in response.text
    assert "Kowalczyk" not in response.text


@pytest.mark.parametrize("path", ["/v1/audit/holds", "/v1/audit/retention"])
def test_when_a_service_asks_for_holds_or_retention_then_403(gateway: Gateway, path: str) -> None:
    assert gateway.client.get(path, headers=gateway.headers("ai-service")).status_code == 403


def test_when_a_subject_is_under_a_hold_then_erasure_is_409_and_after_release_it_works(
    gateway: Gateway,
) -> None:
    placed = gateway.client.post(
        "/v1/audit/holds",
        json={"kind": "subject", "value": "sp1_erasehold", "reason": "Klage VG 2 K 3/26"},
        headers=officer(gateway),
    )
    assert placed.status_code == 201, placed.text
    refused = gateway.client.post(
        "/v1/audit/subjects/sp1_erasehold/erase", headers=gateway.headers("admin")
    )
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["field"] == "subject"
    assert "Klage" not in refused.text
    assert events(gateway, "subject.erasure_refused")[-1]["payload"] == {
        "holds": [placed.json()["hold_id"]]
    }
    released = gateway.client.post(
        f"/v1/audit/holds/{placed.json()['hold_id']}/release", headers=officer(gateway)
    )
    assert released.status_code == 200
    erased = gateway.client.post(
        "/v1/audit/subjects/sp1_erasehold/erase", headers=gateway.headers("admin")
    )
    assert erased.status_code == 200, erased.text


def test_when_the_cli_erases_a_held_subject_then_it_refuses_with_exit_1(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(gateway, monkeypatch, "audit", "hold", "place", "--subject", "sp1_clihold",
               "--reason", "Widerspruch") == EXIT_OK
    hold_id = capsys.readouterr().out.split()[1]
    assert cli(gateway, monkeypatch, "audit", "erase", "--subject", "sp1_clihold") == 1
    assert hold_id in capsys.readouterr().err
    assert cli(gateway, monkeypatch, "audit", "hold", "release", hold_id) == EXIT_OK
    assert cli(gateway, monkeypatch, "audit", "erase", "--subject", "sp1_clihold") == EXIT_OK
