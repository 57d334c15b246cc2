"""Issue 19, hold-out round 14 (seen): ordinary text that was redacted with the personal data
beside it. Other values than the round's cases; the personal values stay found."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.structured import entity_for_key, scan_key_value_lines


def keyed(text: str) -> set[tuple[str, str]]:
    return {(entity, text[start:end]) for entity, start, end in scan_key_value_lines(text)}


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Adresse: Lindenweg 7, 04109 Leipzig, unbekannt verzogen", "Lindenweg 7, 04109 Leipzig"),
        ("Anschrift: Am Anger 3, 01796 Pirna, wohnhaft seit 2020", "Am Anger 3, 01796 Pirna"),
    ],
)
def test_address_value_ends_before_a_lower_case_german_clause(text: str, address: str) -> None:
    assert keyed(text) == {("ADDRESS", address)}


@pytest.mark.parametrize(
    "text",
    [
        "Address: 12 oak road, leeds ls6 2ab",  # a lower-case town stays in the address
        "Anschrift: Ringstraße 4, bei Özdemir, 04109 Leipzig",  # "bei" goes on with it
        "Anschrift: Ringstraße 4, 01796 pirna",  # a known place, written lower-case
    ],
)
def test_address_value_keeps_its_lower_case_parts(text: str) -> None:
    assert keyed(text) == {("ADDRESS", text.split(": ", 1)[1])}


def persons(redactor: PresidioRedactor, text: str) -> set[str]:
    return {text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "PERSON"}


@pytest.mark.parametrize(
    "office",
    ["Parking Services Office", "Council Tax Team", "Street Lighting Unit"],
)
def test_office_signing_after_a_sign_off_is_no_name(
    redactor: PresidioRedactor, office: str
) -> None:
    text = f"Dear Mr Oyelaran Adewale,\n\nWe have received your form.\n\nKind regards,\n{office}"
    assert persons(redactor, text) == {"Oyelaran Adewale"}


def test_office_noun_beside_a_known_name_still_signs_a_person(redactor: PresidioRedactor) -> None:
    assert "Priya Office" in persons(
        redactor, "Thanks for checking.\n\nKind regards,\nPriya Office"
    )


@pytest.mark.parametrize("office", ["Bürgerbüro Mitte", "Fachdienst Wohngeld", "Referat Soziales"])
def test_german_office_after_a_sign_off_is_no_name(redactor: PresidioRedactor, office: str) -> None:
    text = (
        f"Sehr geehrte Frau Wozniak,\n\nIhr Antrag liegt vor.\n\nMit freundlichen Grüßen\n{office}"
    )
    assert persons(redactor, text) == {"Wozniak"}


@pytest.mark.parametrize("key", ["client_id", "applicantId", "customer_uuid", "tenant id"])
def test_record_id_after_a_role_word_names_no_personal_data(key: str) -> None:
    assert entity_for_key(key) is None


@pytest.mark.parametrize(
    ("key", "entity"),
    [("client_name", "PERSON"), ("tenant", "PERSON"), ("tax_id", "DE_TAX_ID")],
)
def test_role_and_identifier_keys_stay_personal(key: str, entity: str) -> None:
    assert entity_for_key(key) == entity


def test_header_cell_of_a_pipe_table_is_a_column_name(redactor: PresidioRedactor) -> None:
    text = (
        "| Parent | DOB | Club |\n|---|---|---|\n"
        "| Oskar Wrona | 2016-03-02 | Chess |\n| Zofia Wrona | 2018-11-20 | Chess |"
    )
    assert persons(redactor, text) == {"Oskar Wrona", "Zofia Wrona"}


@pytest.mark.parametrize(
    ("text", "owned"),
    [
        ("Servus, i bin da Sepp Wimmer, mei Katz is weg", "Katz"),
        ("Grias di, mei Hund is krank", "Hund"),
        ("i bin da Sepp Wimmer, unser Hof is abbrannt", "Hof"),
    ],
)
def test_owned_noun_after_a_possessive_is_no_name(
    redactor: PresidioRedactor, text: str, owned: str
) -> None:
    assert owned not in persons(redactor, text)


def test_first_name_after_a_possessive_stays_a_name(redactor: PresidioRedactor) -> None:
    assert "Xaver" in persons(redactor, "Hallo, mein Xaver ist krank")


def test_german_noun_after_a_dialect_article_is_no_name(redactor: PresidioRedactor) -> None:
    assert persons(redactor, "da Ochs is weg, is gechipt") == set()
