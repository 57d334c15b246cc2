"""A caseworker works through the review queue in Chromium (axe, CSP, screenshots)."""

from __future__ import annotations

import pytest

from tests.e2e.browser.conftest import Tab

pytestmark = pytest.mark.e2e


def test_when_caseworker_reviews_a_case_then_each_step_is_accessible(tab: Tab) -> None:
    tab.goto("/ui/login?next=/ui")
    tab.page.fill("#api_key", tab.server.keys["caseworker"])
    tab.page.click("form[action='/ui/login'] button[type=submit]")
    tab.page.wait_for_url("**/ui/reviews")
    assert tab.page.locator("h1").inner_text() == "Prüfungen"
    tab.check("20-review-queue")
    tab.page.locator("#review-queue tbody a", has_text="WG-2026-0003").click()
    tab.page.wait_for_url("**/ui/reviews/*")
    assert tab.page.locator("#review-state").inner_text() == "vorläufig"
    tab.check("21-review-case")
    tab.page.click("#take-case")
    tab.page.wait_for_url("**?done=taken")
    assert tab.page.locator("#review-state").inner_text() == "in Prüfung"
    tab.page.check("#o-approved")
    tab.page.fill("#reason", "Einkommen nach Nachweis niedriger; Anspruch besteht.")
    tab.page.click("#save-review")
    tab.page.wait_for_url("**?done=decided")
    assert tab.page.locator("#final-outcome").inner_text().startswith("bewilligt")
    tab.check("22-review-decided")


def test_when_caseworker_switches_to_english_then_queue_and_form_are_english_and_accessible(
    tab: Tab,
) -> None:
    tab.goto("/ui/login?next=/ui/reviews")
    tab.page.fill("#api_key", tab.server.keys["caseworker"])
    tab.page.click("form[action='/ui/login'] button[type=submit]")
    tab.page.wait_for_url("**/ui/reviews")
    tab.page.locator(".language a[hreflang=en]").click()
    tab.page.wait_for_url("**/ui/reviews?lang=en")
    assert tab.page.locator("html").get_attribute("lang") == "en"
    assert tab.page.locator("h1").inner_text() == "Reviews"
    assert tab.page.locator("nav[aria-label='Main'] a[aria-current=page]").inner_text() == (
        "Reviews"
    )
    tab.check("23-review-queue-en")
    tab.page.locator("#review-queue tbody a", has_text="WG-2026-0001").click()
    tab.page.wait_for_url("**/ui/reviews/*")
    assert tab.page.locator("h1").inner_text() == "Review WG-2026-0001"
    assert tab.page.locator("#review-state").inner_text() == "under review"
    assert tab.page.locator("#save-review").inner_text() == "Record the outcome"
    assert "Bitte prüfen Sie meine Miete." in tab.page.locator("#requests + p").inner_text()
    tab.check("24-review-form-en")
