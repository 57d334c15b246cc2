"""Issue 19, round 21 (care, health, schools): patients' and pupils' numbers after their cue
words and under their keys, a health insurance number with its check digit set apart, and a
T.C. Kimlik number after "T.C." alone.
"""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.recognizers.record_numbers import find_record_numbers
from pii.structured import entity_for_key


def _entities(redactor: PresidioRedactor, text: str) -> dict[str, str]:
    return {text[f.start : f.end]: f.entity_type for f in redactor.analyze(text)}


@pytest.mark.parametrize(
    ("text", "number", "entity"),
    [
        (
            "Arztbrief für Herrn X, Patienten-ID 31820574, Station 4",
            "31820574",
            "MEDICAL_RECORD_NUMBER",
        ),
        ("Pat.-Nr.:    2290413\nAufnahme: 01.03.2026", "2290413", "MEDICAL_RECORD_NUMBER"),
        ("DOB: 1.2.1950   Hospital No: QW7 210 4471\n", "QW7 210 4471", "MEDICAL_RECORD_NUMBER"),
        ("MRN ZK-55102938 seen in clinic", "ZK-55102938", "MEDICAL_RECORD_NUMBER"),
        ("the patient number is 7730192.", "7730192", "MEDICAL_RECORD_NUMBER"),
        ("UPN: A120456789012\nYear 6", "A120456789012", "PUPIL_NUMBER"),
        ("Schülernummer 2025-04711 (Klasse 3b)", "2025-04711", "PUPIL_NUMBER"),
    ],
)
def test_a_number_right_after_its_cue_is_found(text: str, number: str, entity: str) -> None:
    found = {text[start:end]: kind for kind, start, end, _ in find_record_numbers(text)}
    assert found == {number: entity}


@pytest.mark.parametrize(
    "text",
    [
        "Patient 31820574 ist entlassen",  # no cue word: "Patient" alone
        "Patienten-ID folgt, Zimmer 12345",  # the cue does not end where the number begins
        "Hospital No: 1234",  # too few digits
        "UPN: pending",
        "Station 7B, Bett 12",
    ],
)
def test_numbers_without_their_cue_stay(text: str) -> None:
    assert find_record_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ('{"patient_id": "PX-2201934", "station": "3"}', "PX-2201934", "MEDICAL_RECORD_NUMBER"),
        ('{"pupil": "x", "upn": "M301238765123"}', "M301238765123", "PUPIL_NUMBER"),
    ],
)
def test_a_patients_or_pupils_number_key_marks_its_value(
    redactor: PresidioRedactor, text: str, value: str, entity: str
) -> None:
    assert _entities(redactor, text).get(value) == entity


@pytest.mark.parametrize(
    ("key", "entity"),
    [
        ("patienten_id", "MEDICAL_RECORD_NUMBER"),
        ("Pat.-ID", "MEDICAL_RECORD_NUMBER"),
        ("Hospital No.", "MEDICAL_RECORD_NUMBER"),
        ("UPN", "PUPIL_NUMBER"),
        ("Schüler-Nr.", "PUPIL_NUMBER"),
        ("client_id", None),  # a role's record key stays none (test_round14_kept)
    ],
)
def test_record_number_keys(key: str, entity: str | None) -> None:
    assert entity_for_key(key) == entity


@pytest.mark.parametrize("number", ["T 81606790 8", "F66777563 4"])
def test_a_health_insurance_number_with_its_check_digit_apart_is_found(
    redactor: PresidioRedactor, number: str
) -> None:
    text = f"Meine Nummer ist {number}, Kasse IKK."
    assert _entities(redactor, text).get(number) == "DE_HEALTH_INSURANCE"


def test_a_wrong_check_digit_set_apart_stays(redactor: PresidioRedactor) -> None:
    text = "Meine Nummer ist T 81606790 3, Kasse IKK."
    assert "T 81606790 3" not in _entities(redactor, text)


@pytest.mark.parametrize("text", ["Babam: T.C. 38427519010", "T.C.: 47120395876 (nüfus)"])
def test_a_kimlik_number_after_tc_alone_is_found(redactor: PresidioRedactor, text: str) -> None:
    number = next(word.strip(",()") for word in text.split() if word[:1].isdigit())
    assert _entities(redactor, text).get(number) == "TR_TC_KIMLIK"


def test_eleven_digits_failing_the_kimlik_check_stay(redactor: PresidioRedactor) -> None:
    assert "38427519011" not in _entities(redactor, "T.C. 38427519011")
