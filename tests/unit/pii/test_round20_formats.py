"""Issue 19, round 20 (machine formats and office paperwork): a CSV header sent as a text of
its own, HL7 v2 segments, dates of birth in records printed without column names, house
numbers and building names as an OCR scan reads them, a UK account number after the sort
code in a query string, and login names under their keys.
"""

from __future__ import annotations

from datetime import date

import pytest

from pii.engine import PresidioRedactor
from pii.structured import entity_for_key, header_columns, scan_structured
from pii.structured_records import scan_hl7, scan_record_birth_dates
from tests.unit.pii.conftest import redact_all


def _redact(redactor: PresidioRedactor, text: str) -> str:
    return redactor.new_session().redact(text)


def _entities(redactor: PresidioRedactor, text: str) -> dict[str, str]:
    return {text[f.start : f.end]: f.entity_type for f in redactor.analyze(text)}


# -- a header in one text, its rows in the next ones ---------------------------------------


def test_rows_after_a_header_sent_alone_are_read_under_it(redactor: PresidioRedactor) -> None:
    texts = [
        "Nachname;Vorname;Geburtsdatum;Ort",
        '"Kessler";"Brunhilde";"14.03.1947";"Passau"',
        '"Oyelaran";"Tobiloba";"02.11.1988";"Passau"',
    ]
    out = redact_all(redactor, texts)
    assert out[0] == texts[0]
    for secret in ("14.03.1947", "02.11.1988", "Oyelaran", "Tobiloba", "Kessler"):
        assert not any(secret in text for text in out[1:]), secret
    assert all("Passau" in text for text in out[1:])


def test_rows_end_where_a_text_has_another_number_of_cells(redactor: PresidioRedactor) -> None:
    texts = ["Nachname;Vorname;Ort;Telefon", "Status;offen"]
    assert redact_all(redactor, texts)[1] == texts[1]


@pytest.mark.parametrize(
    "line",
    [
        "Name, Adresse, Telefon bitte",  # prose with commas
        "Name;Ort",  # two cells
        "Vorname;Kommentar;Status",  # one personal column
    ],
)
def test_a_line_of_prose_or_a_short_header_heads_no_later_text(line: str) -> None:
    assert header_columns(line) is None


def test_a_header_line_names_its_delimiter_and_cells() -> None:
    assert header_columns("surname,forename,dob,postcode") == (",", 4)


# -- HL7 v2 ------------------------------------------------------------------------------

_HL7 = (
    "MSH|^~\\&|GPSYS|P81234|LAB|RX1|202603051022||ADT^A04|000123|P|2.4\r"
    "PID|1||9434765919^^^NHS^NH~M4410923^^^RX1^MR||OKONKWO^Chidi^Emeka^^Mr||19790523|M|||"
    "22 Fernbank Road^^Leeds^^LS6 1AB||07700900123\r"
    "NK1|1|OKONKWO^Adaeze|SPO|22 Fernbank Road^^Leeds^^LS6 1AB|07700900456\r"
    "PV1|1|O|||||G1234567^Haverstock^Miriam"
)


def test_hl7_fields_are_personal_by_their_position() -> None:
    found = {_HL7[start:end]: entity for entity, start, end in scan_hl7(_HL7)}
    assert found["9434765919"] == "UK_NHS"
    assert found["M4410923"] == "MEDICAL_RECORD_NUMBER"
    assert found["19790523"] == "DATE_OF_BIRTH"
    for name in ("OKONKWO", "Chidi", "Emeka", "Adaeze", "Haverstock", "Miriam"):
        assert found[name] == "PERSON"
    assert found["22 Fernbank Road"] == "ADDRESS"
    assert found["07700900456"] == "PHONE_NUMBER"
    for kept in ("GPSYS", "ADT", "Mr", "M", "SPO", "2.4"):
        assert kept not in found


def test_hl7_segment_in_a_message_is_redacted(redactor: PresidioRedactor) -> None:
    text = (
        "why does the import reject this?\n"
        "PID|1||K7719204^^^HOSP^MR||PRZYBYLSKA^Eulalia||19620817|F|||3 Elm Row^^Kendal"
    )
    out = _redact(redactor, text)
    for secret in ("K7719204", "PRZYBYLSKA", "Eulalia", "19620817", "3 Elm Row"):
        assert secret not in out
    assert "why does the import reject this?" in out


def test_hl7_separators_of_the_header_are_used() -> None:
    text = "MSH#*~\\&#APP\nPID#1##55120934*^^^MR##NOWAK*Teodor"
    found = {text[start:end] for _, start, end in scan_hl7(text)}
    assert {"55120934", "NOWAK", "Teodor"} <= found


def test_a_pipe_table_is_no_hl7_segment() -> None:
    assert list(scan_hl7("| PID | Name |\n|---|---|\n| 1 | x |")) == []


# -- a date of birth in a record without column names ------------------------------------

_TODAY = date(2026, 3, 5)


@pytest.mark.parametrize(
    ("text", "birth"),
    [
        (
            "INSERT INTO kunden VALUES (12,'Pfeiffer','Gundula','1961-07-23','Passau');",
            "1961-07-23",
        ),
        ("  Parameter: [Ostrowski, Bogumił, 1977-02-09, b.ostrowski@example.org]", "1977-02-09"),
        ('"Hartwig";"Erdmuthe Lore";"08.12.1939";"Am Anger 2"', "08.12.1939"),
        ("(7, 'Tobiloba Oyelaran', '1990-05-14', 'Leeds')", "1990-05-14"),
    ],
)
def test_a_date_after_a_name_in_a_record_is_a_birth_date(text: str, birth: str) -> None:
    found = {text[s:e]: entity for entity, s, e in scan_record_birth_dates(text, _TODAY)}
    assert found == {birth: "DATE_OF_BIRTH"}


@pytest.mark.parametrize(
    "text",
    [
        "INSERT INTO termine VALUES (5,'Meier','Anna','2026-02-10','10:00');",  # recent
        "INSERT INTO staedte VALUES (1,'Berlin','Hamburg','1990-10-03');",  # places
        "(3, 'Sitzung', 'Protokoll', '2019-04-01')",  # ordinary words
        "(3, 42, '1961-07-23')",  # no name before it
    ],
)
def test_other_dates_in_records_stay(text: str) -> None:
    assert list(scan_record_birth_dates(text, _TODAY)) == []


def test_a_record_birth_date_is_redacted(redactor: PresidioRedactor) -> None:
    text = "INSERT INTO mitglieder VALUES (9,'Pfeiffer','Gundula','1961-07-23','Passau');"
    assert "1961-07-23" not in _redact(redactor, text)


# -- OCR: letters for digits in a house number, digits for letters in a building's name ----


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Frau\nIlse Bauer\nLindenstr. 2O7\n80331 München", "Lindenstr. 2O7"),
        ("Herrn Jonas Gerke, Kapellenweg l5, 49074 Osnabrück", "Kapellenweg l5"),
    ],
)
def test_a_house_number_read_with_letters_is_an_address(
    redactor: PresidioRedactor, text: str, street: str
) -> None:
    out = _redact(redactor, text)
    assert street not in out
    assert street.split()[-1] not in out


@pytest.mark.parametrize(
    ("text", "building"),
    [
        ("Mrs Dilys Pryce\nFlat 4, Harrowby House\n17 Quarry Lane\nSheffield S10 2AB", "Harrowby"),
        ("Mr Oduya\nFlat 1O, Ha1lowby Court\n9 Mill Lane\nYork YO1 7HB", "Ha1lowby"),
        ("Thornleigh Cottage\n3 Brook Lane\nLudlow SY8 1AA", "Thornleigh"),
    ],
)
def test_a_building_name_before_a_street_is_part_of_the_address(
    redactor: PresidioRedactor, text: str, building: str
) -> None:
    assert building not in _redact(redactor, text)


@pytest.mark.parametrize(
    "text",
    ["We toured the White House yesterday.", "The Town Hall opens at nine."],
)
def test_a_building_without_a_unit_or_a_street_stays(redactor: PresidioRedactor, text: str) -> None:
    assert _redact(redactor, text) == text


# -- numbers and keys of machine formats ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("GET /pay?sc=30-91-47&acc=56120943 HTTP/1.1", "56120943"),
        ("payee sc=40-11-62;num=21837465", "21837465"),
        ("acc: 90417238 (Barclays)", "90417238"),
    ],
)
def test_an_account_number_after_its_sort_code_or_cue_is_redacted(
    redactor: PresidioRedactor, text: str, account: str
) -> None:
    assert _entities(redactor, text).get(account) == "IBAN_CODE"


@pytest.mark.parametrize(
    "text",
    [
        'WARN 2026-03-05T08:01:17 sess=91bd uid=m.kowalczyk77 msg="Login fehlgeschlagen"',
        "level=info user=m.kowalczyk77 action=logout",
        "Benutzername: anke.reuter1969",
    ],
)
def test_a_login_name_under_its_key_is_redacted(redactor: PresidioRedactor, text: str) -> None:
    out = _redact(redactor, text)
    assert "kowalczyk77" not in out
    assert "reuter1969" not in out


@pytest.mark.parametrize(("key", "entity"), [("user_name", "PERSON"), ("Benutzername", "PERSON")])
def test_login_keys_name_a_person(key: str, entity: str) -> None:
    assert entity_for_key(key) == entity


@pytest.mark.parametrize("text", ["uid: 4711", "user: Hallo, wie geht es?"])
def test_uid_and_user_outside_a_log_line_are_no_keys(text: str) -> None:
    assert scan_structured(text) == []


def test_a_numeric_uid_stays(redactor: PresidioRedactor) -> None:
    text = "ts=2026-03-05 uid=1000 gid=1000 cmd=backup"
    assert "uid=1000" in _redact(redactor, text)
