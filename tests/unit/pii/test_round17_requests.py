"""Request shapes of hold-out round 17, on other values: keys naming who made, changed or
leads a record ("erstelltVon", "leitung", "displayName", pii/structured.py); a CSV cell in
quotes that holds a line break (pii/structured.py); a street named "-gang"
(pii/recognizers/address.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.structured import entity_for_key, scan_structured, scan_tables


@pytest.mark.parametrize(
    "key",
    ["erstelltVon", "created_by", "modifiedBy", "author", "Bearbeiterin", "leitung",
     "Stellvertretung", "anzeigename", "displayName"],
)  # fmt: skip
def test_key_naming_who_made_or_leads_a_record_is_a_person_key(key: str) -> None:
    assert entity_for_key(key) == "PERSON"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"status": "neu", "geaendertVon": "t.quandtmeyer"}', "t.quandtmeyer"),
        ('abteilung:\n  leitung: "Šindelář, Květa"\n', "Šindelář, Květa"),
        ('{"displayName": "PROF. KRAWIETZ-OYELARAN, EDDA"}', "PROF. KRAWIETZ-OYELARAN, EDDA"),
    ],
)
def test_value_under_a_record_role_key_is_found_whole(text: str, value: str) -> None:
    found = [text[start:end] for entity, start, end in scan_structured(text) if entity == "PERSON"]
    assert value in found


def test_csv_record_with_a_line_break_in_quotes_keeps_its_columns() -> None:
    text = (
        "nr;name;anschrift;geburtsdatum\n"
        '7;"Lindqvist-Tau, Aino";"Am Hang 3\n12345 Dorf";02.04.1979\n'
        '8;"Okonjo, Ifeoma";"Uferweg 9";30.01.1988\n'
    )
    found = {text[start:end] for _, start, end in scan_tables(text)}
    assert {"Lindqvist-Tau, Aino", "02.04.1979", "Okonjo, Ifeoma", "30.01.1988"} <= found


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Beschwerde von Frau Lena Voss, Fischergang 12.", "Fischergang 12"),
        ("Sie wohnt im Bäckergang 4a.", "Bäckergang 4a"),
        ("Zustellung an Kattrepelsgang 7, 20095 Hamburg", "Kattrepelsgang 7"),
    ],
)
def test_street_named_gang_is_an_address(
    redactor: PresidioRedactor, text: str, street: str
) -> None:
    start = text.index(street)
    assert any(
        f.entity_type == "ADDRESS" and f.start <= start and f.end >= start + len(street)
        for f in redactor.analyze(text)
    )


@pytest.mark.parametrize(
    "text",
    ["Vorgang 4711 ist offen.", "Der Seitengang 2 ist gesperrt.", "Waschgang 3 starten."],
)
def test_gang_of_a_process_or_passage_is_no_address(redactor: PresidioRedactor, text: str) -> None:
    assert "ADDRESS" not in {f.entity_type for f in redactor.analyze(text)}
