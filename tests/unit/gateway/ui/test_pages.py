"""The dashboard's pages over HTTP: login, sessions, CSRF, scopes, audit trail of officers."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import httpx
import pytest

from audit_log.types import AuditQuery
from tests.unit.gateway.ui.conftest import Dashboard

PAGES = [
    "/ui",
    "/ui/audit",
    "/ui/audit/chain",
    "/ui/decisions",
    "/ui/fairness",
]


def _officer_actions(ui: Dashboard, action: str) -> list[dict[str, object]]:
    """``audit.query`` payloads with ``action`` written so far (read through the app)."""
    store = ui.client.app.state.components.audit
    page = ui.client.blocking_portal.call(
        store.query, AuditQuery(event_type="audit.query", limit=1000, descending=True)
    )
    return [dict(r.event.payload) for r in page.records if r.event.payload.get("action") == action]


@pytest.mark.parametrize("path", [*PAGES, "/ui/audit/export?format=csv"])
def test_when_not_logged_in_then_page_redirects_to_login(ui: Dashboard, path: str) -> None:
    response = ui.client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/ui/login?next=")


def test_when_officer_logs_in_with_key_then_cookie_is_httponly_lax_and_pages_load(
    ui: Dashboard,
) -> None:
    response = ui.login_with_key()
    assert response.status_code == 303
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and v.startswith("lp_ui_session=")
    )
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "samesite", "path"} <= attributes
    assert "samesite=lax" in cookie.lower()
    assert "secure" not in attributes  # plain http: a Secure cookie would never come back
    for path in PAGES:
        page = ui.client.get(path)
        assert page.status_code == 200, (path, page.text[:500])
        assert "Abmelden" in page.text


def test_when_served_over_tls_then_cookie_is_secure_with_host_prefix(ui: Dashboard) -> None:
    client = ui.client
    page = client.get("https://testserver.local/ui/login")
    token = ui.csrf(page.text)
    response = client.post(
        "https://testserver.local/ui/login",
        data={"_csrf": token, "api_key": ui.keys["compliance-officer"]},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    session_cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and v.startswith("__Host-lp_ui_session=")
    )
    assert "secure" in session_cookie.lower() and "path=/" in session_cookie.lower()


@pytest.mark.parametrize("role", ["ai-service", "unknown"])
def test_when_key_is_not_an_officer_key_then_login_is_refused(ui: Dashboard, role: str) -> None:
    page = ui.client.get("/ui/login")
    key = ui.keys.get(role, "lp_not_a_key")
    response = ui.client.post(
        "/ui/login", data={"_csrf": ui.csrf(page.text), "api_key": key}, follow_redirects=False
    )
    assert response.status_code == 401
    assert ui.client.get("/ui/audit", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_when_login_form_has_no_valid_csrf_then_it_is_refused(ui: Dashboard, token: str) -> None:
    ui.client.get("/ui/login")
    response = ui.client.post(
        "/ui/login",
        data={"_csrf": token, "api_key": ui.keys["compliance-officer"]},
        follow_redirects=False,
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("next_path", "expected"),
    [
        ("/ui/audit?service=demo-service", "/ui/audit?service=demo-service"),
        ("https://evil.example/ui", "/ui"),
        ("//evil.example/ui", "/ui"),
        ("/v1/audit/events", "/ui"),
    ],
)
def test_when_login_has_next_then_only_dashboard_paths_are_followed(
    ui: Dashboard, next_path: str, expected: str
) -> None:
    page = ui.client.get("/ui/login", params={"next": next_path})
    response = ui.client.post(
        "/ui/login",
        data={"_csrf": ui.csrf(page.text), "api_key": ui.keys["admin"], "next": next_path},
        follow_redirects=False,
    )
    assert response.headers["location"] == expected


def test_when_post_without_csrf_then_403_and_with_csrf_then_chain_verified(ui: Dashboard) -> None:
    ui.login_with_key()
    assert ui.client.post("/ui/audit/chain/verify", data={"_csrf": "nope"}).status_code == 403
    page = ui.client.get("/ui/audit/chain")
    response = ui.client.post("/ui/audit/chain/verify", data={"_csrf": ui.csrf(page.text)})
    assert response.status_code == 200
    assert 'id="verify-result" class="notice ok"' in response.text
    assert "Kette geprüft und unverändert" in response.text
    # No time-stamping authority or witness in this app: the page says what that means.
    assert 'id="not-anchored"' in response.text
    assert "Nicht außerhalb der Datenbank verankert" in response.text
    assert any(p.get("via") == "ui" and p.get("ok") is True for p in _officer_actions(ui, "verify"))


def test_when_searching_then_filters_apply_newest_first_and_search_is_audited(
    ui: Dashboard,
) -> None:
    ui.login_with_key()
    page = ui.client.get(
        "/ui/audit",
        params={"service": "other-service", "limit": "5", "event_type": "", "since": ""},
    )
    assert page.status_code == 200
    rows = re.findall(r"<td>(proxy\.call\.\w+)</td>\s*<td>([\w-]+)</td>", page.text)
    assert len(rows) == 5
    assert {service for _, service in rows} == {"other-service"}
    seqs = [int(s) for s in re.findall(r'aria-label="Eintrag (\d+) öffnen"', page.text)]
    assert seqs == sorted(seqs, reverse=True)
    assert 'rel="next"' in page.text
    searches = _officer_actions(ui, "search")
    assert searches[0] == {
        "action": "search",
        "role": "compliance-officer",
        "via": "ui",
        # Typed search values are recorded as hashes only.
        "filters_sha256": {"service": hashlib.sha256(b"other-service").hexdigest()},
    }


def test_when_following_next_page_then_older_records_without_overlap(ui: Dashboard) -> None:
    ui.login_with_key()
    first = ui.client.get("/ui/audit", params={"event_type": "proxy.call.completed", "limit": "4"})
    link = re.search(r'href="([^"]+)" rel="next"', first.text)
    assert link is not None
    second = ui.client.get(link.group(1).replace("&amp;", "&"))
    seqs_1 = [int(s) for s in re.findall(r'aria-label="Eintrag (\d+) öffnen"', first.text)]
    seqs_2 = [int(s) for s in re.findall(r'aria-label="Eintrag (\d+) öffnen"', second.text)]
    assert seqs_2 and max(seqs_2) < min(seqs_1)


@pytest.mark.parametrize("bad", [{"since": "yesterday"}, {"limit": "0"}, {"limit": "abc"}])
def test_when_filter_is_malformed_then_400_page(ui: Dashboard, bad: dict[str, str]) -> None:
    ui.login_with_key()
    response = ui.client.get("/ui/audit", params=bad)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")


def test_when_event_opened_then_policy_reasons_obligations_pii_and_hashes_shown(
    ui: Dashboard,
) -> None:
    ui.login_with_key()
    record_id = ui.data.audit_ids[0]  # denied, obligations, PII
    page = ui.client.get(f"/ui/audit/events/{record_id}")
    assert page.status_code == 200
    text = page.text
    assert "external_hosting_forbidden" in text
    assert "redact_pii" in text and "log_full" in text
    assert "Name: 1" in text and "IBAN: 1" in text
    record = ui.client.blocking_portal.call(ui.client.app.state.components.audit.get, record_id)
    assert record.hash in text and record.leaf_hash in text and record.prev_hash in text
    assert {
        "action": "read",
        "role": "compliance-officer",
        "via": "ui",
        "record_id": record_id,
    } in _officer_actions(ui, "read")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_when_exporting_then_every_record_of_the_filter_is_in_the_file(
    ui: Dashboard, fmt: str
) -> None:
    ui.login_with_key()
    page = ui.client.get("/ui/audit", params={"service": "demo-service", "limit": "3"})
    link = re.search(rf'id="export-{fmt}" href="([^"]+)"', page.text)
    assert link is not None
    response = ui.client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "jsonl":
        rows = [json.loads(line) for line in response.text.splitlines()]
        services = {row["event"]["service"] for row in rows}
    else:
        rows = list(csv.DictReader(io.StringIO(response.text)))
        services = {row["service"] for row in rows}
    assert services == {"demo-service"}
    assert len(rows) == len(ui.data.audit_ids) // 2  # all of them, not one page
    assert any(
        p.get("format") == fmt and p.get("via") == "ui" for p in _officer_actions(ui, "export")
    )


def test_when_export_format_unknown_then_400(ui: Dashboard) -> None:
    ui.login_with_key()
    assert ui.client.get("/ui/audit/export", params={"format": "xml"}).status_code == 400


def test_when_logged_out_then_the_old_session_cookie_is_dead(ui: Dashboard) -> None:
    ui.login_with_key()
    session_id = ui.client.cookies.get("lp_ui_session")
    page = ui.client.get("/ui")
    response = ui.client.post(
        "/ui/logout", data={"_csrf": ui.csrf(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303
    ui.client.cookies.clear()
    ui.client.cookies.set("lp_ui_session", session_id or "", path="/ui")
    assert ui.client.get("/ui/audit", follow_redirects=False).status_code == 303


def test_when_logging_in_again_then_the_session_id_changes(ui: Dashboard) -> None:
    ui.login_with_key()
    first = ui.client.cookies.get("lp_ui_session")
    ui.login_with_key("admin")
    second = ui.client.cookies.get("lp_ui_session")
    assert first and second and first != second
    ui.client.cookies.clear()
    ui.client.cookies.set("lp_ui_session", first, path="/ui")
    assert ui.client.get("/ui", follow_redirects=False).status_code == 303


# ----------------------------------------------------------------------------------- OIDC


def test_when_oidc_officer_with_one_scope_then_sees_only_that_service(ui: Dashboard) -> None:
    response = ui.login_with_oidc(
        roles=["compliance-officer"], services=["demo-service"], subject="officer-scope-1"
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/audit"
    page = ui.client.get("/ui/audit", params={"limit": "50"})
    services = set(re.findall(r"<td>proxy\.call\.\w+</td>\s*<td>([\w-]+)</td>", page.text))
    assert services == {"demo-service"}
    assert ui.client.get("/ui/audit", params={"service": "other-service"}).status_code == 404
    hidden = ui.data.audit_ids[1]  # other-service
    assert ui.client.get(f"/ui/audit/events/{hidden}").status_code == 404
    export = ui.client.get("/ui/audit/export", params={"format": "jsonl"})
    assert {json.loads(x)["event"]["service"] for x in export.text.splitlines()} == {"demo-service"}
    logins = _officer_actions(ui, "login")
    assert logins[0]["method"] == "oidc"


def test_when_oidc_flow_runs_then_pkce_and_state_are_used(ui: Dashboard) -> None:
    ui.login_with_oidc(roles=["admin"], services=["*"])
    authorize = ui.auth.authorize_requests[-1]
    token = ui.auth.token_requests[-1]
    assert authorize["code_challenge_method"] == "S256"
    assert len(authorize["state"]) >= 32 and len(token["code_verifier"]) >= 43
    assert authorize["redirect_uri"] == token["redirect_uri"]
    assert ui.client.get("/ui/fairness").status_code == 200


def test_when_oidc_account_has_no_officer_role_then_login_refused(ui: Dashboard) -> None:
    response = ui.login_with_oidc(roles=["ai-service"], services=["*"])
    assert response.headers["location"] == "/ui/login?error=role"
    assert ui.client.get("/ui", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("tamper", ["state", "code", "replay", "token_endpoint_fails"])
def test_when_callback_is_forged_or_replayed_then_login_fails(ui: Dashboard, tamper: str) -> None:
    ui.auth.next_claims = {"roles": ["compliance-officer"], "services": ["*"]}
    start = ui.client.get("/ui/login/oidc", follow_redirects=False)
    at_provider = httpx.get(start.headers["location"], follow_redirects=False)
    back = httpx.URL(at_provider.headers["location"])
    params = dict(back.params)
    if tamper == "state":
        params["state"] = "x" * 43
    elif tamper == "code":
        params["code"] = "not-the-code"
    elif tamper == "replay":
        ok = ui.client.get(back.path, params=params, follow_redirects=False)
        assert ok.headers["location"] == "/ui"
        ui.client.cookies.clear()
    ui.auth.fail_token_endpoint = tamper == "token_endpoint_fails"
    try:
        response = ui.client.get(back.path, params=params, follow_redirects=False)
    finally:
        ui.auth.fail_token_endpoint = False
    assert response.headers["location"] == "/ui/login?error=oidc"
    assert ui.client.get("/ui", follow_redirects=False).status_code == 303


# ------------------------------------------------------------------ decisions and bias audits


def test_when_decision_opened_then_waterfall_citizen_text_and_review_shown(ui: Dashboard) -> None:
    ui.login_with_key()
    decision_id = next(iter(ui.data.decision_codes))
    page = ui.client.get(f"/ui/decisions/{decision_id}")
    assert page.status_code == 200
    text = page.text
    assert text.count('class="bar ') == 7 + 2  # base, seven features, output
    assert "Bitte prüfen Sie meine Miete." in text
    assert 'lang="de"' in text and "Wohngeld" in text
    english = ui.client.get(f"/ui/decisions/{decision_id}", params={"lang": "en"})
    assert 'class="citizen" lang="en"' in english.text
    listing = ui.client.get("/ui/decisions", params={"review": "yes"})
    assert listing.text.count("/ui/decisions/") == 1
    assert any(p.get("decision_id") == decision_id for p in _officer_actions(ui, "decisions.read"))


def test_when_decision_is_unknown_then_404(ui: Dashboard) -> None:
    ui.login_with_key()
    assert ui.client.get("/ui/decisions/no-such-id").status_code == 404


def test_when_oidc_officer_scope_excludes_decision_service_then_404(ui: Dashboard) -> None:
    ui.login_with_oidc(roles=["compliance-officer"], services=["demo-service"])
    ids = list(ui.data.decision_codes)
    assert ui.client.get(f"/ui/decisions/{ids[0]}").status_code == 200  # demo-service
    assert ui.client.get(f"/ui/decisions/{ids[1]}").status_code == 404  # other-service


def test_when_bias_report_opened_then_groups_with_intervals_and_trend(ui: Dashboard) -> None:
    ui.login_with_key()
    overview = ui.client.get("/ui/fairness")
    assert "wohngeld-demo" in overview.text
    report_id = ui.data.report_ids[-1]
    page = ui.client.get(f"/ui/fairness/reports/{report_id}")
    assert page.status_code == 200
    assert page.text.count('class="ci"') >= 3 * 2  # whiskers for each group
    assert page.text.count('class="point ') == len(ui.data.report_ids)
    assert 'class="threshold"' in page.text
    full = ui.client.get(f"/ui/fairness/reports/{report_id}/full")
    assert "'unsafe-inline'" in full.headers["content-security-policy"]


def test_when_run_audit_now_then_a_new_report_is_shown(ui: Dashboard) -> None:
    ui.login_with_key()
    page = ui.client.get("/ui/fairness")
    response = ui.client.post(
        "/ui/fairness/run",
        data={"_csrf": ui.csrf(page.text), "model_id": "wohngeld-demo"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    report_id = response.headers["location"].rsplit("/", 1)[1]
    assert report_id not in ui.data.report_ids
    assert ui.client.get(response.headers["location"]).status_code == 200
    completed = ui.client.blocking_portal.call(
        ui.client.app.state.components.audit.query,
        AuditQuery(event_type="fairness.audit.completed", limit=100),
    )
    assert report_id in {r.event.payload["report_id"] for r in completed.records}
    assert {r.event.actor for r in completed.records} == {"compliance-officer-1"}
    unknown = ui.client.post(
        "/ui/fairness/run", data={"_csrf": ui.csrf(page.text), "model_id": "nope"}
    )
    assert unknown.status_code == 404


# ----------------------------------------------------------------------------- hardening


@pytest.mark.parametrize("path", PAGES)
def test_when_page_served_then_strict_csp_holds_without_inline_code(
    ui: Dashboard, path: str
) -> None:
    ui.login_with_key()
    page = ui.client.get(path)
    csp = page.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert page.headers["cache-control"] == "no-store"
    assert " style=" not in page.text and "<style" not in page.text
    assert re.search(r"<script(?![^>]*\bsrc=)", page.text) is None
    assert "http://" not in page.text.replace("http://www.w3.org", "")  # no CDN


def test_when_static_assets_requested_then_served_by_the_gateway(ui: Dashboard) -> None:
    for name, media in (("ui.css", "text/css"), ("ui.js", "javascript")):
        response = ui.client.get(f"/static/ui/{name}")
        assert response.status_code == 200 and media in response.headers["content-type"]


def test_when_oidc_officer_has_several_scopes_then_search_asks_for_one(ui: Dashboard) -> None:
    ui.login_with_oidc(roles=["compliance-officer"], services=["demo-service", "other-service"])
    page = ui.client.get("/ui/audit")
    assert page.status_code == 200
    assert "Wählen Sie eines Ihrer Fachverfahren: demo-service, other-service" in page.text
    assert 'aria-label="Eintrag ' not in page.text
    chosen = ui.client.get("/ui/audit", params={"service": "other-service"})
    assert set(re.findall(r"<td>proxy\.call\.\w+</td>\s*<td>([\w-]+)</td>", chosen.text)) == {
        "other-service"
    }


def test_when_logging_in_then_the_key_never_reaches_the_logs(ui: Dashboard) -> None:
    from structlog.testing import capture_logs

    with capture_logs() as logs:
        ui.login_with_key()
        page = ui.client.get("/ui/login")
        ui.client.post("/ui/login", data={"_csrf": ui.csrf(page.text), "api_key": "lp_canary"})
    text = repr(logs)
    assert ui.keys["compliance-officer"] not in text and "lp_canary" not in text


def test_when_a_record_holds_markup_then_the_page_shows_it_escaped(ui: Dashboard) -> None:
    from audit_log.types import AuditEvent

    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    store = ui.client.app.state.components.audit
    record = ui.client.blocking_portal.call(
        store.append,
        AuditEvent(
            event_type="proxy.call.completed",
            request_id="req-xss",
            actor="x",
            service="demo-service",
            purpose=evil,
            payload={"note": evil},
        ),
    )
    ui.login_with_key()
    page = ui.client.get(f"/ui/audit/events/{record.id}")
    assert evil not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


LOGIN_ROUTES = {
    ("GET", "/ui/login"),
    ("POST", "/ui/login"),
    ("GET", "/ui/login/oidc"),
    ("GET", "/ui/login/callback"),
}


def test_when_any_dashboard_route_is_called_without_session_then_login_is_required(
    ui: Dashboard,
) -> None:
    from litestar.routes import HTTPRoute

    checked = 0
    for route in ui.client.app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/ui"):
            continue
        url = re.sub(r"\{\w+:\w+\}", "00000000000000000000000000000000", route.path)
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            if (method, route.path) in LOGIN_ROUTES:
                continue
            response = ui.client.request(method, url, follow_redirects=False)
            assert response.status_code == 303, (method, route.path)
            assert response.headers["location"].startswith("/ui/login?next=")
            checked += 1
    # every page and action of the dashboard (3 of them review pages, 3 records pages)
    assert checked == 19
