"""As an officer would: the page "Nachweise" in Chromium against the real server process."""

from __future__ import annotations

import pytest

from tests.e2e.browser.conftest import Tab, login_with_key

pytestmark = pytest.mark.e2e


def test_when_officer_creates_a_fria_on_the_records_page_then_it_is_shown_with_downloads(
    tab: Tab,
) -> None:
    login_with_key(tab, "/ui/records")
    assert tab.page.locator("h1").inner_text() == "Nachweise"
    tab.check("20-records-empty")
    section = tab.page.locator("section.record", has_text="Grundrechte-Folgenabschätzung").first
    section.locator("button[type=submit]").click()
    tab.page.wait_for_url("**/ui/records?created=*")
    section = tab.page.locator("section.record", has_text="Grundrechte-Folgenabschätzung").first
    assert "Aktuelle Version" in section.inner_text()
    section.locator("summary").click()
    assert "records.models." in section.inner_text()  # what the authority still has to supply
    with tab.page.expect_download() as download:
        section.locator("a", has_text="PDF (deutsch)").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    tab.check("21-records-fria")


def test_when_officer_reads_the_records_page_in_english_then_it_is_english_and_accessible(
    tab: Tab,
) -> None:
    login_with_key(tab, "/ui/records")
    tab.goto("/ui/records?lang=en")
    assert tab.page.locator("html").get_attribute("lang") == "en"
    assert tab.page.locator("h1").inner_text() == "Records"
    section = tab.page.locator(
        "section.record", has_text="Record of processing activities (Art. 30 GDPR)"
    ).first
    section.locator("button[type=submit]", has_text="Create a new version").click()
    tab.page.wait_for_url("**/ui/records?created=*")
    assert tab.page.locator("[role=status]").inner_text().endswith("created.")
    section = tab.page.locator("section.record", has_text="Record of processing activities").first
    assert "Current version" in section.inner_text()
    assert section.locator("a", has_text="PDF (German)").count() == 1
    assert "Aktuelle Version" not in tab.page.locator("main").inner_text()
    tab.check("22-records-en")
