"""Issue 19, hold-out round 15 (seen), format and normalisation leaks: values in a form's
underscore blanks, letter-spaced OCR lines, a date-format hint after a birth cue. Other
values than the round's cases, with look-alikes that must stay."""

from __future__ import annotations

from pii.engine import PresidioRedactor
from pii.normalize import blank_underscore_runs, join_letter_spaced_lines, normalize


def found(redactor: PresidioRedactor, text: str) -> set[tuple[str, str]]:
    return {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}


def test_underscore_runs_read_as_blanks() -> None:
    text = "Name ___Ode Quist___ ok__x"
    assert normalize(text, (blank_underscore_runs,)).text == "Name Ode Quist ok x"
    assert blank_underscore_runs("snake_case and _one_") == []


def test_values_in_underscore_blanks_are_found(redactor: PresidioRedactor) -> None:
    text = (
        "Given name ____Oluwaseun____\n"
        "Date of birth __03/11/1972__\n"
        "Address ___41 Mill Lane, Dundee DD2 4TP___\n"
        "National Insurance number ___PR 61 43 27 C___"
    )
    hits = found(redactor, text)
    assert ("DATE_OF_BIRTH", "03/11/1972") in hits
    assert ("UK_NINO", "PR 61 43 27 C") in hits
    assert any(e == "ADDRESS" and "41 Mill Lane" in v for e, v in hits)


def test_date_format_hint_after_a_birth_cue(redactor: PresidioRedactor) -> None:
    assert ("DATE_OF_BIRTH", "05.08.1961") in found(
        redactor, "Geburtsdatum (TT.MM.JJJJ): 05.08.1961"
    )
    assert ("DATE_OF_BIRTH", "30/01/1958") in found(
        redactor, "Date of birth (DD/MM/YYYY) 30/01/1958"
    )
    assert found(redactor, "Frist (TT.MM.JJJJ): 05.08.2026") == set()


def test_letter_spaced_line_is_joined_with_its_key() -> None:
    text = "L A S T  N A M E   O k o n k w o\nprose a b c here"
    assert normalize(text, (join_letter_spaced_lines,)).text == (
        "LAST NAME: Okonkwo\nprose a b c here"
    )


def test_values_in_letter_spaced_ocr_are_found(redactor: PresidioRedactor) -> None:
    text = (
        "Scan:\nF I R S T  N A M E   T a d h g\nS U R N A M E   Ó  B r i a i n\n"
        "D A T E  O F  B I R T H   0 2 / 1 2 / 1 9 7 1"
    )
    hits = found(redactor, text)
    assert ("PERSON", "T a d h g") in hits
    assert ("DATE_OF_BIRTH", "0 2 / 1 2 / 1 9 7 1") in hits
    assert any(e == "PERSON" and "B r i a i n" in v for e, v in hits)


def test_tax_id_in_odd_groups_after_its_cue(redactor: PresidioRedactor) -> None:
    assert ("DE_TAX_ID", "418 365250 55") in found(
        redactor, "Meine Steuer-ID laut Bescheid: 418 365250 55 – stimmt die?"
    )
    assert found(redactor, "Bestellung 418 365250 55 ist unterwegs") == set()


def test_date_with_an_apostrophe_year_after_a_birth_cue(redactor: PresidioRedactor) -> None:
    assert ("DATE_OF_BIRTH", "21st Nov '79") in found(redactor, "DOB 21st Nov '79, thanks")


def test_a_birth_date_written_again_in_another_notation(redactor: PresidioRedactor) -> None:
    text = "Date of birth: 3 March 1969. The portal wants numbers: 03/03/1969, right?"
    assert ("DATE_OF_BIRTH", "03/03/1969") in found(redactor, text)
    other = "Date of birth: 3 March 1969. The appointment is on 03/03/2026."
    assert all(v != "03/03/2026" for _, v in found(redactor, other))


def test_gb_plate_in_the_current_format(redactor: PresidioRedactor) -> None:
    assert ("DE_KFZ", "LD21 WPN") in found(redactor, "the car is LD21 WPN, a blue Corsa")
    assert ("DE_KFZ", "BX68 FHK") in found(redactor, "Reg BX68 FHK")
    for prose in ("Postcode LS6 2AB", "Office SW1A 2AA", "THE EU27 AND UK", "Code AB10 XYZ"):
        assert all(e != "DE_KFZ" for e, _ in found(redactor, prose)), prose


def test_tab_separated_header_row_of_keys_stays(redactor: PresidioRedactor) -> None:
    text = "Family name\tForename\tTown\tMobile\nAdebayo\tFunmi\tLeeds\t07700 900461"
    hits = found(redactor, text)
    assert all("name" not in v and "Town" not in v for _, v in hits), hits
    assert any(e == "PERSON" and "Adebayo" in v for e, v in hits)
