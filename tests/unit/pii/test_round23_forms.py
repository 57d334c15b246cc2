"""Issue 19, round 23 (forms and tool calls): a date of birth with spaces between day, month
and year after its cue (pii/recognizers/date.py); numbered form items that are no table
aligned with spaces, and a reference key in a JSON object about a debt (pii/structured.py).
"""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.structured import keyed_entity, scan_structured


def _found(redactor: PresidioRedactor, text: str) -> set[tuple[str, str]]:
    return {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Geburtsdatum  04 09 1987", "04 09 1987"),
        ("geb. 27 01 1963 in Wismar", "27 01 1963"),
        ("geb. 03 11 88, ledig", "03 11 88"),
        ("5  Date of birth  30 12 2001\n6  Gender  F", "30 12 2001"),
        ("DOB  08  10  1979", "08  10  1979"),
        ("Date of birth 11 07 1990 as on the passport", "11 07 1990"),
    ],
)
def test_when_birth_date_has_spaces_between_boxes_then_redacted_as_birth_date(
    redactor: PresidioRedactor, text: str, value: str
) -> None:
    assert ("DATE_OF_BIRTH", value) in _found(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "3  Leaving date  14 03 2026",  # no birth cue: a case file's date
        "Date of birth 3 2 1995",  # one-digit day and month: counts, no boxes
        "geb. 12 7 1984",  # a one-digit month
        "Date of birth 04 13 1990",  # no month 13
    ],
)
def test_when_spaced_numbers_are_no_boxed_birth_date_then_no_date_found(
    redactor: PresidioRedactor, text: str
) -> None:
    assert not any(entity.startswith("DATE") for entity, _ in _found(redactor, text))


@pytest.mark.parametrize(
    "text",
    [
        "7  Home address  12 Carrick Street, Ayr KA7 1NP\n8  Date of birth  02 05 1984",
        "7  Home address  12 Carrick Street, Ayr KA7 1NP\n8  Start date  01 04 2026",
        "4.  Anschrift  Lindenweg 9, 04109 Leipzig\n5.  Familienstand  ledig",
    ],
)
def test_when_numbered_form_items_follow_then_next_label_is_no_table_value(
    text: str,
) -> None:
    second_line = text.split("\n")[1]

    assert not any(
        value in second_line for _, value in {(e, text[s:x]) for e, s, x in scan_structured(text)}
    )


def test_when_aligned_table_repeats_its_header_then_header_cells_are_no_values() -> None:
    text = (
        "Name          Wohnort     Telefon\n"
        "Edith Kranz   Celle       05141 22334\n"
        "Name          Wohnort     Telefon\n"
        "Olaf Reuter   Uelzen      0581 77889\n"
    )

    found = {(e, text[s:x]) for e, s, x in scan_structured(text)}

    assert {("PERSON", "Edith Kranz"), ("PERSON", "Olaf Reuter"), ("ADDRESS", "Uelzen")} <= found
    assert not any(value in {"Name", "Wohnort", "Telefon"} for _, value in found)


@pytest.mark.parametrize(
    ("key", "context"),
    [
        ("case_ref", "action\ncase_ref\nbailiff\nschedule_bailiff_visit"),
        ("yourReference", "creditor_name\nyourReference\namount\nArrears since March"),
        ("unser_zeichen", "absender\nunser_zeichen\nBetreff\nMahnung zur Forderung"),
        ("job/case_reference", "case_reference\ndebtor_name\nvisit_date"),
    ],
)
def test_when_reference_key_stands_in_object_about_a_debt_then_value_is_case_number(
    key: str, context: str
) -> None:
    assert keyed_entity(key, "BLT-25-118204", context) == "CASE_NUMBER"


@pytest.mark.parametrize(
    ("key", "value", "context"),
    [
        ("case_ref", "BLT-25-118204", ""),  # alone: any office's file
        ("case_ref", "BLT-25-118204", "case_ref\nyoung_person\nreferral_date\nYouth panel"),
        ("invoice_id", "BLT-25-118204", "invoice_id\ndebtor\narrears"),  # no reference key
        ("case_ref", "pending", "case_ref\ndebtor\narrears"),  # no number
    ],
)
def test_when_reference_has_no_debt_object_then_key_decides_nothing(
    key: str, value: str, context: str
) -> None:
    assert keyed_entity(key, value, context) is None
