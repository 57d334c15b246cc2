"""Names after a role noun or a rank (pii/recognizers/person.py ``_ROLE_NAME``): role nouns
in either case ("our caretaker …"), ranks and titles as capital abbreviations ("DC", "Mx",
"Cllr"), and a rare surname after the first name."""

from __future__ import annotations

import pytest

from tests.unit.pii.conftest import rule_names as names


@pytest.mark.parametrize(
    ("text", "name", "language"),
    [
        ("Thanks to caretaker Tesfay Ghebremariam.", "Tesfay Ghebremariam", "en"),
        ("Sergeant Wiremu Tawhiri will call you back.", "Wiremu Tawhiri", "en"),
        ("DS Papadakis took the statement.", "Papadakis", "en"),
        ("Please reply to Mx Okonjo by Friday.", "Okonjo", "en"),
        ("Cllr Wojcik-Nwosu chaired the meeting.", "Wojcik-Nwosu", "en"),
        ("Unser Hausmeister Dragan Petrović kommt morgen.", "Dragan Petrović", "de"),
        ("Die Dolmetscherin Rukhsana Qureshi war dabei.", "Rukhsana Qureshi", "de"),
    ],
)
def test_name_after_a_role_or_rank_is_found_with_its_surname(
    text: str, name: str, language: str
) -> None:
    assert name in names(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "The PC Monitor on the desk is broken.",
        "Our teacher Training day is on Monday.",
        "Ask the interpreter Service for a booking.",
    ],
)
def test_ordinary_word_after_a_role_or_rank_is_no_name(text: str) -> None:
    assert names(text, "en") == []
