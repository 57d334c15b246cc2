"""Issue 19 (2), hold-out round 6: identifiers in the groupings people type, e-mail addresses
with disguised dots in the local part or "bei", dates of birth given in a reply, and JSON
lists of names. Each value has a look-alike (wrong check digit, wrong length, prose) that
must stay."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.structured import scan_structured
from tests.unit.pii.conftest import redact_all


def found(redactor: PresidioRedactor, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        # Steuer-ID 97371678684 in groupings of 1-4 digits after a cue word.
        ("Identifikationsnummer 9737 1678 684 siehe Bescheid", "DE_TAX_ID", "9737 1678 684"),
        ("Steuer-ID: 97.3716.7868.4", "DE_TAX_ID", "97.3716.7868.4"),
        ("meine IdNr 9-7371-6786-84", "DE_TAX_ID", "9-7371-6786-84"),
        # RV-Nummer 12150385M105 with spaces anywhere between its parts.
        ("RV-Nummer 12 15 03 85 M 105 bitte", "DE_SOCIAL_SECURITY", "12 15 03 85 M 105"),
        ("Versicherungsnummer 53 150385 S 10 1.", "DE_SOCIAL_SECURITY", "53 150385 S 10 1"),
        ("RV-Nr. 12 1503 85 M105", "DE_SOCIAL_SECURITY", "12 1503 85 M105"),
        # IBANs in any grouping, also with several spaces or a tab between groups.
        ("IBAN: DE1250 010517 064848 9890 (Bank)", "IBAN_CODE", "DE1250 010517 064848 9890"),
        ("Konto AT6119  04300 2345 73201, danke", "IBAN_CODE", "AT6119  04300 2345 73201"),
        ("IBAN NL91ABNA\t04171 64300 bitte", "IBAN_CODE", "NL91ABNA\t04171 64300"),
        # Payment cards with dots.
        ("Visa 4532.0151.1283.0366 bitte", "CREDIT_CARD", "4532.0151.1283.0366"),
        ("Mastercard 5255.0000.0000.0001", "CREDIT_CARD", "5255.0000.0000.0001"),
    ],
)
def test_when_identifier_typed_in_another_grouping_then_found(
    redactor: PresidioRedactor, text: str, entity: str, value: str
) -> None:
    assert (entity, value) in found(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Identifikationsnummer 9737 1678 685 siehe Bescheid",  # wrong check digit
        "Identifikationsnummer 9737 1678 6841 siehe Bescheid",  # twelve digits
        "Aktenzeichen 9737 1678 684 siehe Bescheid",  # no cue word for this grouping
        "RV-Nummer 12 15 03 85 M 106 bitte",  # wrong check digit
        "RV-Nummer 12 15 03 85 M 10 bitte",  # a digit short
        "IBAN DE1250 010517 064848 9891 (Bank)",  # mod 97 fails (with a colon the key decides)
        "IBAN DE1250 010517 064848 98901 (Bank)",  # one digit too many for DE
        "Visa 4532.0151.1283.0367 bitte",  # Luhn fails
        "Summe 453.201.511.283.036 Euro",  # groups of three: an amount
    ],
)
def test_when_look_alike_grouping_then_no_identifier_found(
    redactor: PresidioRedactor, text: str
) -> None:
    types = {entity for entity, _ in found(redactor, text)}
    assert not types & {"DE_TAX_ID", "DE_SOCIAL_SECURITY", "IBAN_CODE", "CREDIT_CARD"}


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Schreib an m punkt okonkwo bei web punkt de", "m punkt okonkwo bei web punkt de"),
        (
            "mail: lena [dot] vogt [at] posteo [dot] de thanks",
            "lena [dot] vogt [at] posteo [dot] de",
        ),
        ("kontakt: j (dot) berg (at) gmx (dot) net", "j (dot) berg (at) gmx (dot) net"),
        ("mail: tomas dot ilves at mail dot ee", "tomas dot ilves at mail dot ee"),
    ],
)
def test_when_email_disguised_in_local_part_then_whole_address_found(
    redactor: PresidioRedactor, text: str, address: str
) -> None:
    assert ("EMAIL_ADDRESS", address) in found(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Das liegt bei mir punkt de facto",  # "bei" in prose, a function word
        "Treffen bei Anna punkt um acht",  # no common top-level domain
        "Sie wohnt bei Familie Berg punkt Ende",
    ],
)
def test_when_bei_and_punkt_are_prose_then_no_email_found(
    redactor: PresidioRedactor, text: str
) -> None:
    assert "EMAIL_ADDRESS" not in {entity for entity, _ in found(redactor, text)}


@pytest.mark.parametrize(
    ("question", "reply", "date"),
    [
        (
            "Please give your full name and date of birth.",
            "Tarik Okafor, 9 June 1984",
            "9 June 1984",
        ),
        ("Name und Geburtsdatum bitte.", "Lea Sommer, 12. Mai 1979", "12. Mai 1979"),
        ("When were you born?", "June 9, 1984", "June 9, 1984"),
    ],
)
def test_when_reply_to_a_birth_date_request_holds_a_date_then_it_is_redacted(
    redactor: PresidioRedactor, question: str, reply: str, date: str
) -> None:
    out = redact_all(redactor, [question, reply])
    assert date not in out[1] and "<DATE_OF_BIRTH_" in out[1]


def test_when_reply_follows_another_question_then_its_date_stays(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["Wann wurde das Gesetz verkündet?", "Am 12. Mai 1979."])
    assert "12. Mai 1979" in out[1]


def test_when_json_lists_names_under_a_family_key_then_each_is_found() -> None:
    text = '{"parents": ["Mira Holt", "Jon Holt"], "kinder": ["Ida"], "tags": ["Mira Holt"]}'
    spans = [(entity, text[start:end]) for entity, start, end in scan_structured(text)]
    assert spans == [("PERSON", "Mira Holt"), ("PERSON", "Jon Holt"), ("PERSON", "Ida")]


def test_when_family_key_holds_a_number_then_nothing_is_found() -> None:
    assert scan_structured('{"kinder": 2, "children": ["3"]}\nKinder: 2') == []


def test_when_number_is_begun_and_ended_in_two_messages_then_both_parts_are_redacted(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(
        redactor, ["Meine Steuer-ID beginnt mit 97 371", "und endet mit 678 684, danke"]
    )
    assert "97 371" not in out[0] and "678 684" not in out[1]
    assert out[1].startswith("und endet mit <DE_TAX_ID_") and out[1].endswith(", danke")


@pytest.mark.parametrize(
    ("first", "question"),
    [
        ("Meine Steuer-ID fängt mit 9737 an", "Und wie geht sie weiter?"),
        ("my tax id starts with 9737", "And the rest?"),
    ],
)
def test_when_a_question_stands_between_two_parts_of_a_number_then_both_are_redacted(
    redactor: PresidioRedactor, first: str, question: str
) -> None:
    out = redact_all(redactor, [first, question, "1678684"])
    assert "9737" not in out[0] and "1678684" not in out[2]
    assert out[1] == question


def test_when_bridged_digits_form_no_identifier_then_they_stay(
    redactor: PresidioRedactor,
) -> None:
    texts = ["Meine Steuer-ID fängt mit 9737 an", "Und wie geht sie weiter?", "1678685"]
    assert redact_all(redactor, texts) == texts


@pytest.mark.parametrize(
    "texts",
    [
        ["Meine Steuer-ID beginnt mit 97 371", "und endet mit 678 685"],  # wrong check digit
        ["Wir haben 2024 12 Anträge", "und 3 Bescheide"],
    ],
)
def test_when_continued_digits_form_no_identifier_then_they_stay(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    assert redact_all(redactor, texts) == texts
