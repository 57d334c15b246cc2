"""Fields named by position or tag (pii/structured_records.py): GEDCOM family trees and the
machine-readable zones of ID cards and passports (ICAO 9303)."""

from __future__ import annotations

from pii.engine import PresidioRedactor
from pii.structured import scan_structured


def spans(text: str) -> set[tuple[str, str]]:
    return {(entity, text[start:end]) for entity, start, end in scan_structured(text)}


GEDCOM = (
    "0 HEAD\n"
    "0 @P3@ INDI\n"
    "1 NAME Mary Ellen /Quigley/\n"
    "2 GIVN Mary Ellen\n"
    "1 SEX F\n"
    "1 BIRT\n"
    "2 DATE ABT 1880\n"
    "2 PLAC Cork\n"
    "1 DEAT\n"
    "2 DATE 5 JAN 1951\n"
    "1 CHAN\n"
    "2 DATE 1 JAN 2020\n"
    "0 TRLR"
)


def test_when_gedcom_then_names_and_life_event_dates_found() -> None:
    found = spans(GEDCOM)

    assert {
        ("PERSON", "Mary Ellen"),
        ("PERSON", "Quigley"),
        ("DATE_OF_BIRTH", "ABT 1880"),
        ("DATE_TIME", "5 JAN 1951"),
    } <= found
    # The date a record was changed is nobody's; the tags and the place name stay.
    assert not any(value in {"1 JAN 2020", "CHAN", "SEX", "F"} for _, value in found)


def test_when_level_lines_are_no_gedcom_file_then_nothing_found() -> None:
    assert spans("1 NAME Mary\n2 DATE 5 JAN 1951") == set()


# ICAO 9303 specimens (check digits valid): TD1 identity card, TD3 passport.
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def test_when_id_card_mrz_then_number_name_and_dates_found() -> None:
    found = spans(f"Scan der Rückseite:\n{TD1}\nWas steht da?")

    assert found == {
        ("DE_ID_CARD", "D231458907"),
        ("DATE_OF_BIRTH", "7408122"),
        ("DATE_TIME", "1204159"),
        ("PERSON", "ERIKSSON<<ANNA<MARIA"),
    }


def test_when_passport_mrz_then_number_name_dates_and_personal_number_found() -> None:
    found = spans(TD3)

    assert {
        ("DE_PASSPORT", "L898902C36"),
        ("DATE_OF_BIRTH", "7408122"),
        ("DATE_TIME", "1204159"),
        ("DE_PASSPORT", "ZE184226B<<<<<1"),
        ("PERSON", "ERIKSSON<<ANNA<MARIA"),
    } <= found
    assert not any("UTO" in value for _, value in found)


def test_when_mrz_shaped_lines_fail_every_check_digit_then_nothing_found() -> None:
    text = TD1.replace("D231458907", "D231458901").replace("7408122", "7408125")

    assert spans(text) == set()


def test_when_mrz_analyzed_then_expiry_reaches_the_redactor(redactor: PresidioRedactor) -> None:
    found = {(f.entity_type, TD1[f.start : f.end]) for f in redactor.analyze(TD1)}

    assert ("DATE_TIME", "1204159") in found
    assert ("DATE_OF_BIRTH", "7408122") in found


def test_when_icalendar_attendee_or_organizer_then_common_name_found() -> None:
    text = (
        "BEGIN:VEVENT\n"
        'ORGANIZER;CN="Kmetova, Radoslava":mailto:office@example.org\n'
        "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Teodor Vasilescu:mailto:tv@example.org\n"
        "SUMMARY:Planning\n"
        "END:VEVENT"
    )

    found = spans(text)

    assert {("PERSON", "Kmetova, Radoslava"), ("PERSON", "Teodor Vasilescu")} <= found
    assert not any(value == "Planning" for _, value in found)


def test_when_name_parts_under_a_person_key_then_given_and_family_found() -> None:
    # FHIR HumanName: "given" is a list, "prefix" a title.
    text = (
        '{"resourceType": "Patient", "name": [{"use": "official", "family": "Ferreira",'
        ' "given": ["Ingrid", "Marta"], "prefix": ["Mrs"]}]}'
    )

    found = spans(text)

    assert {("PERSON", "Ferreira"), ("PERSON", "Ingrid"), ("PERSON", "Marta")} <= found
    assert not any(value in {"Mrs", "official"} for _, value in found)


def test_when_name_part_keys_under_other_keys_then_nothing_found() -> None:
    text = '{"font": {"family": "Arial"}, "given": "a valid token", "net": {"family": "ipv4"}}'

    assert spans(text) == set()
