"""The dashboard speaks German by default and English on request, from catalogues."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime

import pytest

from gateway.ui.charts import LABEL_LINE_CHARS, waterfall, wrap_label
from gateway.ui.i18n import (
    LANG_COOKIE,
    catalogue,
    choose_language,
    finding,
    local_date,
    local_time,
    readable,
)
from tests.unit.gateway.ui.conftest import Dashboard


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_when_catalogues_loaded_then_same_keys_and_placeholders_in_both_languages() -> None:
    de, en = catalogue("de"), catalogue("en")
    assert de.keys() == en.keys()
    for key in de:
        assert de[key].strip() and en[key].strip(), key
        assert _fields(de[key]) == _fields(en[key]), key


@pytest.mark.parametrize(
    ("moment", "lang", "shown"),
    [
        (datetime(2026, 12, 6, 15, 4, 5, 123456, tzinfo=UTC), "de", "06.12.2026, 16:04:05 MEZ"),
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "de", "02.07.2026, 00:30:00 MESZ"),
        (datetime(2026, 12, 6, 15, 4, 5, tzinfo=UTC), "en", "2026-12-06 16:04:05 CET"),
        ("2026-03-29T01:30:00.999999+00:00", "de", "29.03.2026, 03:30:00 MESZ"),
        ("2026-03-29T00:59:59", "en", "2026-03-29 01:59:59 CET"),  # naive = UTC
    ],
)
def test_when_time_shown_then_berlin_local_without_microseconds(
    moment: datetime | str, lang: str, shown: str
) -> None:
    assert local_time(moment, lang) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("moment", "lang", "shown"),
    [
        (datetime(2026, 12, 6, 23, 30, tzinfo=UTC), "de", "07.12.2026"),  # already the 7th
        (datetime(2026, 12, 6, 23, 30, tzinfo=UTC), "en", "2026-12-07"),
        ("2026-07-01T21:59:59", "de", "01.07.2026"),  # naive = UTC; 23:59 in summer
        (None, "de", "–"),
    ],
)
def test_when_due_date_shown_then_the_day_in_berlin(
    moment: datetime | str | None, lang: str, shown: str
) -> None:
    assert local_date(moment, lang) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (["health", "religion"], "de", "health, religion"),
        (False, "de", "Nein"),
        (True, "en", "Yes"),
        (None, "de", "–"),
        ([], "de", "–"),
        (0.25, "de", "0,25"),
        ({"code": "x", "ok": True}, "de", "code: x; ok: Ja"),
        ([{"code": "a"}, {"code": "b"}], "en", "code: a, code: b"),
    ],
)
def test_when_value_shown_then_words_not_python_notation(
    value: object, lang: str, shown: str
) -> None:
    assert readable(value, lang) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "cookies", "chosen"),
    [
        ({}, {}, "de"),
        ({"lang": "en"}, {}, "en"),
        ({}, {LANG_COOKIE: "en"}, "en"),
        ({"lang": "de"}, {LANG_COOKIE: "en"}, "de"),
        ({"lang": "fr"}, {LANG_COOKIE: "xx"}, "de"),
    ],
)
def test_when_language_chosen_then_query_beats_cookie_beats_german(
    query: dict[str, str], cookies: dict[str, str], chosen: str
) -> None:
    assert choose_language(query, cookies) == chosen


def test_when_label_too_long_then_wrapped_not_cut() -> None:
    label = "Bekommt Bürgergeld oder Grundsicherung: nein"
    lines = wrap_label(label)
    assert len(lines) == 2 and " ".join(lines) == label
    assert all(len(line) <= LABEL_LINE_CHARS for line in lines)
    chart = waterfall(
        0.1,
        [("Bekommt Bürgergeld oder Grundsicherung", "nein", -0.5)],
        output_label="Modellausgabe",
        base_label="Ausgangswert",
        decimal_comma=True,
    )
    assert chart.bars[1].label_lines == lines and chart.bars[1].value_text == "-0,500"
    assert wrap_label("x" * 100)[-1].endswith("…")


def test_when_officer_opens_pages_then_german_until_english_chosen(ui: Dashboard) -> None:
    ui.login_with_key()
    overview = ui.client.get("/ui")
    assert '<html lang="de">' in overview.text and "<h1>Übersicht</h1>" in overview.text
    english = ui.client.get("/ui", params={"lang": "en"})
    assert '<html lang="en">' in english.text and "<h1>Overview</h1>" in english.text
    assert LANG_COOKIE in english.headers["set-cookie"]
    again = ui.client.get("/ui/audit")  # the cookie remembers the choice
    assert '<html lang="en">' in again.text and "Records, newest first" in again.text
    back = ui.client.get("/ui/audit", params={"lang": "de", "service": "demo-service"})
    assert "Einträge, neueste zuerst" in back.text
    assert 'href="/ui/audit?service=demo-service&amp;lang=en"' in back.text  # filters kept


def test_when_event_has_special_categories_then_they_lead_the_page(ui: Dashboard) -> None:
    ui.login_with_key()
    page = ui.client.get(f"/ui/audit/events/{ui.data.audit_ids[0]}").text
    top = page.split('id="what"', 1)[0]
    assert "Besondere Kategorien (Art. 9 DSGVO)" in top
    assert "<strong>Gesundheit, Religion oder Weltanschauung</strong>" in top
    assert "Name: 1" in top and "IBAN: 1" in top
    assert "keine gespeichert (nur Arten und Anzahlen)" in top  # the log record itself
    assert "Personal data" not in page and ": none" not in page
    assert "[&#39;" not in page and "False" not in page and "True" not in page
    assert re.search(r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2} ME(S)?Z", page)
    visible = re.sub(r'datetime="[^"]*"', "", page)  # machine-readable ISO may keep them
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d{6}", visible)  # no microseconds
    listing = ui.client.get("/ui/audit", params={"limit": "50"}).text
    assert "Art. 9: Gesundheit, Religion oder Weltanschauung" in listing


def test_when_decision_opened_then_units_explained_and_labels_fit(ui: Dashboard) -> None:
    ui.login_with_key()
    decision_id = next(iter(ui.data.decision_codes))
    page = ui.client.get(f"/ui/decisions/{decision_id}").text
    assert "Log-Odds: dem Logarithmus der Chance" in page
    assert "log_odds" not in page
    labels = re.findall(r'<text class="label"[^>]*>(.*?)<title>', page)
    assert labels
    for label in labels:
        for line in re.findall(r"<tspan[^>]*>(.*?)</tspan>", label) or [label]:
            assert len(line) <= LABEL_LINE_CHARS and "…" not in line


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "gender: demographic parity ratio 0.877 is below the minimum 0.900",
            "Geschlecht: Verhältnis der Bewilligungsquoten 0,877 liegt unter dem Minimum 0,900",
        ),
        (
            "age_group × gender: equalized odds difference 0.213 exceeds the maximum 0.100",
            "Altersgruppe × Geschlecht: Differenz der Fehlerquoten 0,213 liegt über dem "
            "Maximum 0,100",
        ),
        (
            "gender: insufficient data (< 30 decisions) for 'diverse', 'female'",
            "Geschlecht: zu wenige Daten (weniger als 30 Entscheidungen) bei divers, weiblich",
        ),
        ("something new the package says", "something new the package says"),
    ],
)
def test_when_audit_finding_shown_then_in_german(text: str, shown: str) -> None:
    assert finding(text, "de") == shown


def test_when_search_form_gives_a_time_then_it_is_berlin_local() -> None:
    from gateway.ui.audit_pages import ui_audit_query

    summer, _ = ui_audit_query({"since": "2026-07-01T12:00:00"}, page_size=10)
    winter, _ = ui_audit_query({"until": "2026-12-01T12:00:00"}, page_size=10)
    assert summer.since == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert winter.until == datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
