"""Issue 19, rounds 18 and 19: dates of birth in more notations and languages, Dutch, French,
Spanish and bare streets, numbers after account and passport cues, spoken pairs of digits,
phone numbers after a cue, and the dates that stay (today's date, a notice's effective date).
"""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from tests.unit.pii.conftest import redact_all


def _entities(redactor: PresidioRedactor, text: str) -> dict[str, str]:
    return {text[f.start : f.end]: f.entity_type for f in redactor.analyze(text)}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("- Malik Osei, * 4.7.2016", "4.7.2016"),  # a star after a comma
        ("**Patientin:** Edda Wollny, *22.11.1939", "22.11.1939"),
        ("ich bin Rieke Tammen, geb 7.3.1984, und arbeite", "7.3.1984"),  # "geb" without dot
        ("date of birth 1988.11.02 as printed on the card", "1988.11.02"),  # year first, dots
        ("surname Abernethy, dob 9th feb 87", "9th feb 87"),  # month name, two-digit year
        ("Enfant : Maëlys Girard, née le 14 juillet 2011", "14 juillet 2011"),
        ("mevrouw Ria Kuipers (geboren 3 maart 1951, BSN", "3 maart 1951"),
        ("testigo, nacida el 9 de octubre de 1979, con DNI", "9 de octubre de 1979"),
        ('{"naam": "Joost", "geboortedatum": "1979-02-11"}', "1979-02-11"),
    ],
)
def test_when_a_birth_date_has_a_cue_in_another_notation_then_it_is_redacted(
    redactor: PresidioRedactor, text: str, date: str
) -> None:
    assert _entities(redactor, text).get(date) == "DATE_OF_BIRTH"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Reicht die Frist, wenn ich heute (05.03.2025) abschicke?", "(05.03.2025)"),
        (
            "hiermit kündige ich, Ilka Brandt, den Vertrag fristgerecht zum 30. Juni 2027.",
            "30. Juni 2027",
        ),
        ("Termin: Geb 14 ist am 3. März 2026 gesperrt", "3. März 2026"),
    ],
)
def test_when_a_date_is_no_date_of_birth_then_it_stays(
    redactor: PresidioRedactor, text: str, kept: str
) -> None:
    assert kept not in _entities(redactor, text)


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("we pick her up at 22 Beechwood Lawn after school", "22 Beechwood Lawn"),
        ('"adres": "Keizersgracht 41-2, 1015 CJ Amsterdam"', "Keizersgracht 41-2"),
        ("Hij woont op Biltstraat 77 bis, 3572 AM Utrecht.", "Biltstraat 77 bis"),
        ("Père : Omar Haddad, 7 rue du Moulin, 68000 Colmar, tél.", "7 rue du Moulin"),
        ("testigo, c/ Serrano 41, 2º A, 28001 Madrid, móvil", "c/ Serrano 41"),
        ("Neue Anschrift laut Melderegister: Lerchenbühl 12, 87435 Kempten.", "Lerchenbühl 12"),
        ("📍 9 Briggate, Leeds LS1 6HD · 📞", "9 Briggate"),
        ("ich wohne jetzt in der holunderstr 17 und", "holunderstr 17"),
    ],
)
def test_when_a_street_is_written_in_another_form_then_it_is_an_address(
    redactor: PresidioRedactor, text: str, street: str
) -> None:
    found = [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "ADDRESS"]
    assert any(street in value for value in found), found


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Siehe Seite 4, 10115 Berlin hat geantwortet", "Seite 4"),
        ("Take 10 Place Settings to the hall", "10 Place"),
        ("Das Projekt Arkade 3 beginnt", "Arkade 3"),
    ],
)
def test_when_a_look_alike_is_no_street_then_it_is_no_address(
    redactor: PresidioRedactor, text: str, kept: str
) -> None:
    found = [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "ADDRESS"]
    assert not any(kept in value for value in found), found


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Paid to:   sort code 30-91-12   acct 41207765", "41207765"),
        ("12 Mar   TFR TO MS K ADEBAYO   60-83-71  28450913   REF RENT", "28450913"),
        ("(sort code 20-32-06, account 73391045)", "73391045"),
    ],
)
def test_when_eight_digits_follow_an_account_cue_or_sort_code_then_they_are_redacted(
    redactor: PresidioRedactor, text: str, number: str
) -> None:
    assert _entities(redactor, text).get(number) == "IBAN_CODE"


def test_when_a_card_is_split_over_two_quoted_lines_then_both_halves_are_redacted(
    redactor: PresidioRedactor,
) -> None:
    text = 'her card:\n"4111 1111"\n"1111 1111"\n"exp 09/28"'
    out = redact_all(redactor, [text])[0]
    assert "4111" not in out and "1111 1111" not in out


def test_when_two_lines_of_digits_fail_the_card_check_then_they_stay(
    redactor: PresidioRedactor,
) -> None:
    assert _entities(redactor, "Termine:\n4111 1111\n1111 1112") == {}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Mein Reisepass: my passport number is KT 518273.", "KT 518273"),
        ("Passport No: 802 114 965", "802 114 965"),
    ],
)
def test_when_a_foreign_passport_number_follows_its_cue_then_it_is_redacted(
    redactor: PresidioRedactor, text: str, number: str
) -> None:
    assert _entities(redactor, text).get(number) == "DE_PASSPORT"


def test_when_a_nino_in_lower_case_is_a_query_value_then_it_is_redacted(
    redactor: PresidioRedactor,
) -> None:
    text = "https://docs.example.org/slip.png?ni=jt482619b&page=2"
    assert _entities(redactor, text).get("jt482619b") == "UK_NINO"


def test_when_a_steuer_id_is_spoken_in_pairs_then_it_is_redacted(
    redactor: PresidioRedactor,
) -> None:
    # 86095742719 (a valid Steuer-ID) read in pairs: 86 09 57 42 71 9
    text = (
        "meine steuer id ist sechsundachtzig, null neun, siebenundfünfzig, zweiundvierzig,"
        " einundsiebzig, neun danke"
    )
    out = redact_all(redactor, [text])[0]
    assert "sechsundachtzig" not in out and "einundsiebzig" not in out


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("text my husband, cell 312-555-0199", "312-555-0199"),
        ("my brother's whatsapp 0044-7700-900-482, evenings", "0044-7700-900-482"),
    ],
)
def test_when_a_phone_cue_comes_before_a_foreign_number_then_it_is_redacted(
    redactor: PresidioRedactor, text: str, number: str
) -> None:
    assert _entities(redactor, text).get(number) == "PHONE_NUMBER"


def test_when_a_street_is_split_over_two_messages_then_both_parts_are_redacted(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(
        redactor, ["the landlord's address is 4410 W", "Fullerton Ave, Apt 3, Chicago"]
    )
    assert "4410" not in out[0] and "Fullerton" not in out[1]
