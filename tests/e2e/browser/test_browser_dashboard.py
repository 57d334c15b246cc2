"""As a person would: an officer and a citizen in Chromium against the real server process.

Every page visited is screenshotted to tests/e2e/screenshots/ and checked with axe-core
(no serious or critical violations) and for CSP violations in the console.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
import pytest

from tests.e2e.browser.conftest import Tab, login_with_key
from tests.e2e.browser.seed import demo_case

pytestmark = pytest.mark.e2e


def test_when_officer_logs_in_with_key_then_overview_is_shown(tab: Tab) -> None:
    tab.goto("/ui/audit")
    tab.page.wait_for_url("**/ui/login?next=*")
    tab.check("01-login")
    tab.page.fill("#api_key", tab.server.keys["compliance-officer"])
    tab.page.click("form[action='/ui/login'] button[type=submit]")
    tab.page.wait_for_url("**/ui/audit")
    tab.goto("/ui")
    assert tab.page.locator("h1").inner_text() == "Übersicht"
    assert tab.page.locator("text=officer-1 (Prüfung/Datenschutz)").is_visible()
    tab.check("02-overview")


def test_when_officer_searches_and_opens_an_event_then_details_are_shown(tab: Tab) -> None:
    login_with_key(tab, "/ui/audit")
    tab.page.fill("#f-service", "other-service")
    tab.page.fill("#f-event_type", "proxy.call.denied")
    tab.page.click("form.filters button[type=submit]")
    tab.page.wait_for_url(re.compile(r".*service=other-service.*"))
    rows = tab.page.locator("table.records tbody tr")
    rows.first.wait_for()
    texts = rows.all_inner_texts()
    assert texts and all("proxy.call.denied" in t and "other-service" in t for t in texts)
    tab.check("03-audit-search")
    tab.page.locator("table.records tbody a").first.click()
    tab.page.wait_for_url(re.compile(r".*/ui/audit/events/[0-9a-f]{32}$"))
    assert tab.page.locator("#reasons").inner_text().strip() == "external_hosting_forbidden"
    assert re.fullmatch(r"[0-9a-f]{64}", tab.page.locator("#chain-hash").inner_text())
    assert tab.page.locator("#policy-result").inner_text() == "verweigert"
    tab.check("04-audit-event")


def test_when_officer_verifies_the_chain_then_it_is_reported_intact(tab: Tab) -> None:
    login_with_key(tab, "/ui/audit/chain")
    tab.page.click("#verify-now")
    result = tab.page.locator("#verify-result")
    result.wait_for()
    assert "Kette geprüft und unverändert" in result.inner_text()
    tab.check("05-chain-verified")


def test_when_officer_exports_csv_then_the_file_holds_the_filtered_records(
    tab: Tab, tmp_path: Path
) -> None:
    login_with_key(tab, "/ui/audit?service=demo-service")
    with tab.page.expect_download() as info:
        tab.page.click("#export-csv")
    target = tmp_path / "export.csv"
    info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows and {row["service"] for row in rows} == {"demo-service"}


def test_when_officer_opens_a_bias_report_and_runs_an_audit_then_charts_are_shown(
    tab: Tab,
) -> None:
    login_with_key(tab, "/ui/fairness")
    tab.check("06-bias-overview")
    tab.page.locator("table a[href^='/ui/fairness/reports/']").first.click()
    tab.page.wait_for_url(re.compile(r".*/ui/fairness/reports/[\w-]+$"))
    assert tab.page.locator("svg.rates line.ci").count() >= 6
    assert tab.page.locator("svg.trend circle.point").count() >= 2
    tab.check("07-bias-report")
    before = tab.page.url
    tab.page.click("form[action='/ui/fairness/run'] button[type=submit]")
    tab.page.wait_for_url(lambda url: url != before and "/ui/fairness/reports/" in url)
    assert tab.page.locator("#report-status").is_visible()


def test_when_citizen_reads_the_explanation_and_asks_for_review_then_officer_sees_it(
    tab: Tab,
) -> None:
    made = httpx.post(  # the calling service makes the decision through the real API
        tab.server.url("/v1/decisions"),
        headers={"Authorization": f"Bearer {tab.server.keys['ai-service']}"},
        json={
            "model_id": "wohngeld-demo",
            "case_reference": "WG-E2E-0001",
            "subject": "subj-e2e",
            "purpose": "antragsbearbeitung",
            "features": demo_case(monthly_net_income=1700.0),
            "protected_attributes": {"gender": "diverse", "age_group": "30-49"},
        },
        timeout=10,
    )
    assert made.status_code == 201, made.text
    decision_id = made.json()["id"]
    code = made.json()["citizen_access"]["access_code"]
    tab.goto(made.json()["citizen_access"]["page_url"])
    tab.check("08-citizen-code")
    tab.page.fill("#access_code", "WRONG-CODE")
    tab.page.click("button[type=submit]")
    tab.page.locator("[role=alert]").wait_for()
    tab.page.fill("#access_code", code)
    tab.page.click("button[type=submit]")
    tab.page.locator("#factors").wait_for()
    assert tab.page.locator("html").get_attribute("lang") == "de"
    tab.check("09-citizen-explanation")
    tab.page.set_viewport_size({"width": 390, "height": 844})  # a phone
    tab.screenshot("10-citizen-explanation-mobile")
    assert tab.page.locator("#access_code").count() == 0  # the code carries over
    tab.page.fill("#message", "Meine Miete ist höher als angegeben.")
    tab.page.click("form[action$='/pruefung'] button[type=submit]")
    tab.page.locator("[role=status]").wait_for()
    tab.check("11-citizen-review-sent")

    tab.page.set_viewport_size({"width": 1280, "height": 900})
    login_with_key(tab, f"/ui/decisions/{decision_id}")
    assert (
        "Meine Miete ist höher als angegeben." in tab.page.locator("#review-requests").inner_text()
    )
    assert tab.page.locator("svg.waterfall rect.bar").count() >= 3
    tab.check("12-decision-detail")


def test_when_officer_uses_single_sign_on_then_scopes_limit_the_search(tab: Tab) -> None:
    tab.server.auth.next_claims = {
        "roles": ["compliance-officer"],
        "services": ["demo-service"],
        "sub": "officer-sso",
    }
    tab.goto("/ui/login?next=/ui/audit")
    tab.page.click("#sso-login")
    tab.page.wait_for_url("**/ui/audit")
    services = tab.page.locator("table.records tbody tr td:nth-child(4)").all_inner_texts()
    assert services and set(services) == {"demo-service"}
    tab.check("13-sso-audit-search")
    tab.page.click("text=Abmelden")
    tab.page.wait_for_url("**/ui/login?error=logout")
    tab.goto("/ui/audit")
    tab.page.wait_for_url("**/ui/login?next=*")
