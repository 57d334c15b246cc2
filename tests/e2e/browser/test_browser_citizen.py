"""A citizen reads the page in German, Leichte Sprache and English and asks for a review."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.browser.conftest import Tab
from tests.e2e.browser.seed import demo_case

pytestmark = pytest.mark.e2e


def _decide(tab: Tab, income: float, reference: str) -> dict[str, str]:
    made = httpx.post(
        tab.server.url("/v1/decisions"),
        headers={"Authorization": f"Bearer {tab.server.keys['ai-service']}"},
        json={
            "model_id": "wohngeld-demo",
            "case_reference": reference,
            "subject": "subj-e2e-2",
            "purpose": "antragsbearbeitung",
            "features": demo_case(monthly_net_income=income),
        },
        timeout=10,
    )
    assert made.status_code == 201, made.text
    access: dict[str, str] = made.json()["citizen_access"]
    return access


def _open(tab: Tab, access: dict[str, str]) -> None:
    tab.goto(access["page_url"])
    tab.page.fill("#access_code", access["access_code"])
    tab.page.click("button[type=submit]")
    tab.page.locator("#remedy").wait_for()


def test_when_refused_citizen_switches_to_easy_language_and_asks_for_review(tab: Tab) -> None:
    access = _decide(tab, 2300.0, "WG-E2E-0101")
    _open(tab, access)
    assert "Vorläufiges Ergebnis" in tab.page.locator("#result").inner_text()
    assert tab.page.locator("#change").inner_text() == "Was hätte zu einer Bewilligung geführt?"
    tab.check("30-citizen-refused-de")
    tab.page.click("button[value=ls]")
    tab.page.locator("#remedy").wait_for()
    assert tab.page.locator("#remedy").inner_text() == "So können Sie sich wehren"
    tab.check("31-citizen-refused-leichte-sprache")
    tab.page.fill("#message", "Mein Einkommen ist seit Mai niedriger.")
    tab.page.click("form[action$='/pruefung'] button[type=submit]")
    tab.page.locator("[role=status]").wait_for()
    assert "WG-E2E-0101" in tab.page.locator("dl").inner_text()
    tab.check("32-citizen-review-confirmed-leichte-sprache")
    tab.page.click("button[type=submit]")  # back to the explanation, no code needed
    tab.page.locator("#remedy").wait_for()
    assert "Ein Mensch prüft Ihren Antrag" in tab.page.locator("#result").inner_text()
    tab.check("33-citizen-under-review-leichte-sprache")


def test_when_approved_citizen_reads_english_page_then_no_refusal_counterfactual(
    tab: Tab,
) -> None:
    access = _decide(tab, 1500.0, "WG-E2E-0102")
    _open(tab, access)
    tab.page.click("button[value=en]")
    tab.page.locator("#remedy").wait_for()
    assert tab.page.locator("html").get_attribute("lang") == "en"
    assert tab.page.locator("#change").inner_text() == "What you need to do"
    tab.check("34-citizen-approved-en")
