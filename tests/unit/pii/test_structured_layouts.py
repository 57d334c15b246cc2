"""Key-aware reading of more layouts (pii/structured.py): tables aligned with spaces, tables
as JSON arrays, a date under a birth element, number-plate keys; and no location for a
country (pii/recognizers/location.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.structured import entity_for_key, scan_structured


def spans(text: str) -> set[tuple[str, str]]:
    return {(entity, text[start:end]) for entity, start, end in scan_structured(text)}


def test_when_table_aligned_with_spaces_then_cells_under_personal_headers_found() -> None:
    text = (
        "Nr   Vorname     Nachname      Geburtsdatum   Kfz-Kennzeichen\n"
        "1    Ingrid      Pohlmann      14.03.1948     HB-IP 204\n"
        "2    Dariusz     Nowicki-Berg  02.12.1990     WES-DN 88\n"
        "\n"
        "Bitte alphabetisch sortieren."
    )

    found = spans(text)

    assert {
        ("PERSON", "Ingrid"),
        ("PERSON", "Nowicki-Berg"),
        ("DATE_OF_BIRTH", "14.03.1948"),
        ("DATE_OF_BIRTH", "02.12.1990"),
        ("DE_KFZ", "HB-IP 204"),
        ("DE_KFZ", "WES-DN 88"),
    } <= found
    assert not any("sortieren" in value for _, value in found)


def test_when_aligned_table_lists_machines_then_no_person_found() -> None:
    text = (
        "NAME              READY   STATUS    AGE\n"
        "api-server        1/1     Running   3d\n"
        "worker_7f9c       0/1     Pending   1h\n"
    )

    assert not any(entity == "PERSON" for entity, _ in spans(text))


def test_when_prose_has_wide_gaps_but_no_personal_header_then_nothing_found() -> None:
    text = "Termin  Raum  Thema\n10:00  B12  Haushalt\n11:00  B14  Personal"

    assert spans(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        '[["Vorname", "Telefon"], ["Helga", "0171 2345678"], ["Björn", "040 123456"]]',
        "{'columns': ['vorname', 'telefon'], 'data': [['Helga', '0171 2345678'],"
        " ['Björn', '040 123456']]}",
    ],
)
def test_when_table_is_json_arrays_then_rows_read_under_header(text: str) -> None:
    found = spans(text)

    assert {
        ("PERSON", "Helga"),
        ("PERSON", "Björn"),
        ("PHONE_NUMBER", "0171 2345678"),
        ("PHONE_NUMBER", "040 123456"),
    } <= found


def test_when_json_arrays_have_no_personal_header_then_nothing_found() -> None:
    assert spans('[["id", "status"], [1, "ok"], [2, "failed"]]') == set()


def test_when_date_element_under_birth_element_then_date_of_birth() -> None:
    text = (
        "<person><birth><date>1958-07-19</date><place>Zwickau</place></birth>"
        "<order><date>2024-01-05</date></order></person>"
    )

    found = spans(text)

    assert ("DATE_OF_BIRTH", "1958-07-19") in found
    assert not any(value == "2024-01-05" for _, value in found)


@pytest.mark.parametrize(
    ("key", "entity"),
    [
        ("person/geburt/datum", "DATE_OF_BIRTH"),
        ("birth/date", "DATE_OF_BIRTH"),
        ("dob/value", "DATE_OF_BIRTH"),
        ("invoice/date", None),
        ("Kennzeichen", "DE_KFZ"),
        ("licence_plate", "DE_KFZ"),
    ],
)
def test_when_key_read_then_entity(key: str, entity: str | None) -> None:
    assert entity_for_key(key) == entity


def test_when_plate_key_holds_prose_then_only_the_plate_or_nothing() -> None:
    assert spans("Kennzeichen: M-XY 991 bitte ummelden") == {("DE_KFZ", "M-XY 991")}
    assert spans("Kennzeichen: beantragt") == set()


@pytest.mark.parametrize(
    "text",
    ["Ich bin aus Polen zugezogen.", "Wir leben in Deutschland seit 2015.", "born in Kenya"],
)
def test_when_country_follows_residence_cue_then_no_location(
    redactor: PresidioRedactor, text: str
) -> None:
    assert not any(f.entity_type == "LOCATION" for f in redactor.analyze(text))


def test_when_town_follows_residence_cue_then_location_still_found(
    redactor: PresidioRedactor,
) -> None:
    text = "Ich bin aus Polen zugezogen und wohne in Leipzig."

    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}

    assert ("LOCATION", "Leipzig") in found


def test_when_object_keys_are_inverted_names_then_keys_found() -> None:
    text = '{"offen": {"Brockmann, Ole": 2, "Yıldız, Ayşe Nur": 1}, "stand": "heute"}'

    assert spans(text) == {("PERSON", "Brockmann, Ole"), ("PERSON", "Yıldız, Ayşe Nur")}


def test_when_object_keys_are_places_or_unconfirmed_then_no_name() -> None:
    assert spans('{"Berlin, Germany": 3, "Paris, France": 1}') == set()
    assert spans('{"Alpha, Beta": 3}') == set()


def test_when_payment_party_has_name_then_name_and_address_found() -> None:
    text = (
        "<DrctDbtTxInf><Dbtr><Nm>Weißgerber, Jonas</Nm><PstlAdr><StrtNm>Am Hang</StrtNm>"
        "<TwnNm>Jena</TwnNm></PstlAdr></Dbtr><DbtrAgt><FinInstnId><Nm>Sparkasse Jena</Nm>"
        "</FinInstnId></DbtrAgt><UltmtCdtr><Nm>Ines Roth</Nm></UltmtCdtr></DrctDbtTxInf>"
    )

    found = spans(text)

    assert {
        ("PERSON", "Weißgerber, Jonas"),
        ("ADDRESS", "Am Hang"),
        ("PERSON", "Ines Roth"),
    } <= found
    assert ("PERSON", "Sparkasse Jena") not in found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Person(first_name='Olaf', dob=datetime.date(1958, 11, 23))",
            "datetime.date(1958, 11, 23)",
        ),
        (
            "{'nachname': 'Rau', 'geburtsdatum': datetime.date(2001, 1, 9)}",
            "datetime.date(2001, 1, 9)",
        ),
        ("birthDate = LocalDate.of(1990, 2, 3);", "LocalDate.of(1990, 2, 3)"),
    ],
)
def test_when_birth_date_is_a_date_call_then_whole_call_found(text: str, value: str) -> None:
    assert ("DATE_OF_BIRTH", value) in spans(text)


def test_when_form_uses_dotted_leaders_then_values_found() -> None:
    text = (
        "Nachname ........... Brandt\n"
        "Geb.-Datum . . . . . 3. Mai 1960\n"
        "Telefon ……… 0171 5550123\n"
        "Zweck .............. Ummeldung"
    )

    assert spans(text) == {
        ("PERSON", "Brandt"),
        ("DATE_OF_BIRTH", "3. Mai 1960"),
        ("PHONE_NUMBER", "0171 5550123"),
    }


def test_when_prose_has_an_ellipsis_after_a_name_word_then_nothing_found() -> None:
    assert spans("Der Name... war mir entfallen") == set()


@pytest.mark.parametrize(
    "text",
    [
        "+--------+------------+\n| Name   | DOB        |\n+--------+------------+\n"
        "| Lutz B | 1961-02-03 |\n| Ida S  | 1999-11-30 |\n+--------+------------+",
        " name   | dob\n--------+------------\n Lutz B | 1961-02-03\n"
        " Ida S  | 1999-11-30\n(2 rows)",
        "┌────────┬────────────┐\n│ Name   │ DOB        │\n├────────┼────────────┤\n"
        "│ Lutz B │ 1961-02-03 │\n│ Ida S  │ 1999-11-30 │\n└────────┴────────────┘",
    ],
)
def test_when_pipe_table_has_rule_lines_then_rows_read(text: str) -> None:
    assert {
        ("PERSON", "Lutz B"),
        ("PERSON", "Ida S"),
        ("DATE_OF_BIRTH", "1961-02-03"),
        ("DATE_OF_BIRTH", "1999-11-30"),
    } <= spans(text)


@pytest.mark.parametrize("key", ["GEBDAT", "BDATE", "GEBURTSDAT", "D.O.B.", "BIRTH_DT"])
def test_when_birth_date_key_is_abbreviated_then_date_of_birth(key: str) -> None:
    assert entity_for_key(key) == "DATE_OF_BIRTH"


@pytest.mark.parametrize(
    ("text", "value", "column"),
    [
        (
            "Kontoinhaberin: Doris Albrecht-Wenzel\tVerwendungszweck\tMiete",
            "Doris Albrecht-Wenzel",
            "Verwendungszweck",
        ),
        ("Account holder: Trevor Blackwood\tReference\tRent May", "Trevor Blackwood", "Reference"),
        (
            "Geburtsdatum: 09.11.1962\tStaatsangehörigkeit\tdeutsch",
            "09.11.1962",
            "Staatsangehörigkeit",
        ),
    ],
)
def test_when_a_tab_follows_a_keyed_value_then_the_next_column_stays(
    redactor: PresidioRedactor, text: str, value: str, column: str
) -> None:
    redacted = redactor.new_session().redact(text)

    assert value not in redacted
    assert f"\t{column}\t" in redacted
