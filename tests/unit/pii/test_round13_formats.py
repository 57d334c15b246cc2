"""Issue 19, hold-out round 13 (seen): Unicode dashes between the groups of an identifier,
a KVNR with hyphens, year-first dates without zero padding, an ID-card number typed in two
groups, and a UK account number after "account no.". Other values than the round's cases,
with look-alikes that must stay."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.normalize import normalize
from pii.recognizers.grouped_document import icao_check_digit_ok
from pii.structured import entity_for_key


def found(redactor: PresidioRedactor, text: str) -> set[tuple[str, str]]:
    return {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}


def types(redactor: PresidioRedactor, text: str) -> set[str]:
    return {f.entity_type for f in redactor.analyze(text)}


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"])
def test_unicode_dash_between_digits_reads_as_hyphen(dash: str) -> None:
    assert normalize(f"Nr. 12{dash}34").text == "Nr. 12-34"


def test_unicode_dash_with_spaces_around_stays_punctuation() -> None:
    assert normalize("Reisepass X \u2013 was nun").text == "Reisepass X \u2013 was nun"


def test_when_tax_id_has_en_dashes_then_found(redactor: PresidioRedactor) -> None:
    text = "Meine Steuer-ID ist 86\u2013095\u2013742\u2013719, bitte eintragen"
    assert ("DE_TAX_ID", "86\u2013095\u2013742\u2013719") in found(redactor, text)


@pytest.mark.parametrize("value", ["A123-456-780", "A123.456.780", "A-123-456-780"])
def test_when_kvnr_has_hyphens_or_dots_then_found(redactor: PresidioRedactor, value: str) -> None:
    assert ("DE_HEALTH_INSURANCE", value) in found(redactor, f"Versichertennummer {value} bitte")


def test_kvnr_with_wrong_check_digit_stays(redactor: PresidioRedactor) -> None:
    assert "DE_HEALTH_INSURANCE" not in types(redactor, "Artikel A123-456-781 bestellt")


@pytest.mark.parametrize("key", ["KV-Nummer", "KV-Nr.", "kv_nummer"])
def test_kv_nummer_key_names_health_insurance_number(key: str) -> None:
    assert entity_for_key(key) == "DE_HEALTH_INSURANCE"


@pytest.mark.parametrize("value", ["1985-3-7", "2019-11-4", "2001/2/28"])
def test_when_unpadded_year_first_date_after_birth_cue_then_birth_date(
    redactor: PresidioRedactor, value: str
) -> None:
    assert ("DATE_OF_BIRTH", value) in found(redactor, f"geboren am {value} in Kiel")


def test_relatives_unpadded_year_first_date_is_birth_date(redactor: PresidioRedactor) -> None:
    text = "DOB 21/06/1979, my son's is 2015-4-3 for the club form"
    assert ("DATE_OF_BIRTH", "2015-4-3") in found(redactor, text)


def test_unpadded_year_first_date_without_cue_stays(redactor: PresidioRedactor) -> None:
    assert "DATE_OF_BIRTH" not in types(redactor, "Release 2019-11-4 fixed the login bug")


@pytest.mark.parametrize(("code", "valid"), [("L01X00T44", True), ("L01X00T48", False)])
def test_icao_check_digit(code: str, valid: bool) -> None:
    assert icao_check_digit_ok(code) is valid


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Ausweisnummer L01X 00T44, gültig bis 2030", "DE_ID_CARD", "L01X 00T44"),
        ("Personalausweis: L01-X00-T44", "DE_ID_CARD", "L01-X00-T44"),
        ("Reisepassnummer C01X0 0T41 verloren", "DE_PASSPORT", "C01X0 0T41"),
    ],
)
def test_when_document_number_typed_in_groups_after_cue_then_found(
    redactor: PresidioRedactor, text: str, entity: str, value: str
) -> None:
    assert (entity, value) in found(redactor, text)


def test_grouped_code_without_cue_stays(redactor: PresidioRedactor) -> None:
    found_types = types(redactor, "Bestellung L01X 00T44 ist unterwegs")
    assert not {"DE_ID_CARD", "DE_PASSPORT"} & found_types


@pytest.mark.parametrize("value", ["55 77 31 02", "55773102", "5577-3102"])
def test_when_uk_account_number_after_cue_then_found(
    redactor: PresidioRedactor, value: str
) -> None:
    text = f"Sort code 20-00-00, account number {value}, thanks"
    assert ("IBAN_CODE", value) in found(redactor, text)


def test_eight_digits_without_account_cue_stay(redactor: PresidioRedactor) -> None:
    assert "IBAN_CODE" not in types(redactor, "Reference 55 77 31 02 on the council tax bill")


# -- dates beside a name in a file name or URL path ----------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("https://files.example.org/scans/okafor_chidinma_1979-11-23_back.png", "1979-11-23"),
        ("Anhang: Wojtkowiak-Agnieszka-23.11.1979-Reisepass.pdf", "23.11.1979"),
        ("see /uploads/19791123_chidinma_okafor.jpg please", "19791123"),
    ],
)
def test_when_date_beside_name_in_path_then_redacted(
    redactor: PresidioRedactor, text: str, date: str
) -> None:
    assert date in {text[f.start : f.end] for f in redactor.analyze(text)}


@pytest.mark.parametrize(
    "text",
    [
        "https://www.example.org/news/2026/05/annual-report-2025-03-01.pdf",
        "Datei quarterly_report_2025-03-01.xlsx anbei",
        "https://example.org/okafor_chidinma/2025-03-01/notes.txt",
    ],
)
def test_date_in_path_without_name_in_its_segment_stays(
    redactor: PresidioRedactor, text: str
) -> None:
    redacted = {text[f.start : f.end] for f in redactor.analyze(text)}
    assert "2025-03-01" not in redacted


# -- user handles first.last ------------------------------------------------------------------


@pytest.mark.parametrize("handle", ["gunnar.oestreicher", "Wiebke.Tjarksen", "ingrid_haversath"])
def test_when_handle_spells_first_name_and_surname_then_person(
    redactor: PresidioRedactor, handle: str
) -> None:
    text = f"Der Zugang {handle} ist gesperrt"
    start = text.index(handle)
    assert any(
        f.entity_type == "PERSON" and f.start <= start and start + len(handle) <= f.end
        for f in redactor.analyze(text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "call os.path.join and self.assertEqual",
        "open config.yaml and sophie.json",
        "mail gunnar.oestreicher@example.org",
        "pip install django.contrib",
    ],
)
def test_code_and_addresses_are_no_handles(redactor: PresidioRedactor, text: str) -> None:
    from pii.recognizers.person import _handle_names

    assert _handle_names(text) == []
