"""An employee's payroll or personnel number under its key ("payroll_id", "Personalnummer")
is an EMPLOYEE_NUMBER of its own, no case's file number; a role's database key
("employee_id") names none, and a value without a digit is no number."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.structured import entity_for_key, keyed_entity


@pytest.mark.parametrize(
    "key",
    [
        "payrollId",
        "payroll_number",
        "Payroll No.",
        "EmployeeNumber",
        "employee_no",
        "personnel_number",
        "Personalnummer",
        "Personal-Nr",
        "mitarbeiter/personalnummer",
    ],
)
def test_payroll_and_personnel_keys_name_an_employee_number(key: str) -> None:
    assert entity_for_key(key) == "EMPLOYEE_NUMBER"


@pytest.mark.parametrize("key", ["employee_id", "employee", "payroll", "case_ref"])
def test_other_keys_name_no_employee_number(key: str) -> None:
    assert entity_for_key(key) != "EMPLOYEE_NUMBER"


@pytest.mark.parametrize("value", ["folgt", "siehe Lohnabrechnung", "n/a"])
def test_a_value_without_a_digit_is_no_employee_number(value: str) -> None:
    assert keyed_entity("personalnummer", value) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ('{"payroll_no": "PR-448812", "dept": "Lager"}', "PR-448812"),
        ('{"name": "x", "personnelNumber": "0093-2217"}', "0093-2217"),
        ("Personalnummer: 7730 1185\nKostenstelle: Lager", "7730 1185"),
    ],
)
def test_redactor_reports_employee_numbers(
    redactor: PresidioRedactor, text: str, number: str
) -> None:
    found = {text[f.start : f.end]: f.entity_type for f in redactor.analyze(text)}
    assert found.get(number) == "EMPLOYEE_NUMBER"
