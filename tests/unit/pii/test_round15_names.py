"""Names in running text of hold-out round 15's shapes, on other values: a rare noun as the
surname after a title and a first name, "Dr" without a dot, relatives by their everyday
word and at a sentence's start (pii/recognizers/person.py); a street typed in lower case
after a move (pii/recognizers/address_en.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from tests.unit.pii.conftest import rule_names as names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Die Mieterin Fr. Leyla Kürschner hat noch nicht bezahlt.", "Leyla Kürschner"),
        ("Gestern rief Herr Jakub Kantor an und bat um Rückruf.", "Jakub Kantor"),
        ("Frau Dr. Anna Wächter kommt am Montag.", "Anna Wächter"),
    ],
)
def test_rare_noun_after_title_and_first_name_is_the_surname(text: str, name: str) -> None:
    assert name in names(text)


def test_frequent_noun_after_title_and_first_name_goes_on_the_sentence() -> None:
    assert names("Bitte geben Sie Herrn Peter Bescheid wegen der Akte.") == ["Peter"]


@pytest.mark.parametrize(
    ("text", "name", "language"),
    [
        ("Attendees: Dr Obiora Nwankwo-Ezeh and the team", "Obiora Nwankwo-Ezeh", "en"),
        ("Bitte Rückruf an Prof Oyelaran Adeyemi heute", "Oyelaran Adeyemi", "de"),
    ],
)
def test_title_without_dot_announces_a_name(text: str, name: str, language: str) -> None:
    assert name in names(text, language)


@pytest.mark.parametrize(
    ("text", "name", "language"),
    [
        ("Caller said: my nan, Folasade, lives with her now.", "Folasade", "en"),
        ("Lives alone at home. Nephew Chidubem visits on Fridays.", "Chidubem", "en"),
        ("Wohnt allein. Enkelin Ayşenur kauft ein.", "Ayşenur", "de"),
        ("Ich komme mit meiner Tante Gülizar vorbei.", "Gülizar", "de"),
    ],
)
def test_relative_by_everyday_word_or_at_a_sentence_start_is_named(
    text: str, name: str, language: str
) -> None:
    assert name in names(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "It was cold. Father Christmas came early this year.",
        "We recycle. Mother Nature will thank us.",
    ],
)
def test_family_noun_before_a_frequent_word_names_nobody(text: str) -> None:
    assert names(text, "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "Best wishes,\nTomasz Nowak\nBenefit Enquiries",
        "Many thanks\nMaria Kovacs\nAdult Social Care",
    ],
)
def test_ordinary_words_closing_a_letter_are_a_team_not_a_signature(text: str) -> None:
    last_line = text.rsplit("\n", 1)[1]
    assert last_line not in names(text, "en")


def test_rare_words_closing_a_letter_are_still_a_signature() -> None:
    assert "Aisling Brennan-Mulcahy" in names("Thanks again\nAisling Brennan-Mulcahy", "en")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Can you book a Polish interpreter for Thursday's hearing?", "Thursday's"),
        ("Is Monday’s appointment still on?", "Monday’s"),
    ],
)
def test_weekday_with_possessive_is_no_name(
    redactor: PresidioRedactor, text: str, day: str
) -> None:
    assert day in redactor.new_session().redact(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("called mrs o'sullivan-brady about the boiler", "o'sullivan-brady"),
        ("left a voicemail for mr mcelhinney re the rent", "mcelhinney"),
    ],
)
def test_lower_case_prefixed_surname_after_a_title(text: str, name: str) -> None:
    assert name in names(text, "en")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hiya its aoibheann nic ghiolla, about the bins", "aoibheann nic ghiolla"),
        ("Reply from Caoimhe Ní hAodha about the grant", "Caoimhe Ní hAodha"),
        ("Signed: Donncha Mac an Bhaird", "Donncha Mac an Bhaird"),
    ],
)
def test_gaelic_surname_with_article_mutation_or_in_lower_case(text: str, name: str) -> None:
    assert name in names(text, "en")


@pytest.mark.parametrize(
    "text", ["my new mac ni hao sticker", "Apple Mac Pro and a Big Mac Meal", "the mac an item"]
)
def test_gaelic_particle_between_ordinary_words_names_nobody(text: str) -> None:
    assert names(text, "en") == []


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("ok so we moved to 27 larkfield grove in june", "27 larkfield grove"),
        ("she's now living at 4b mill lane with her sister", "4b mill lane"),
    ],
)
def test_lower_case_street_after_a_move_is_an_address(
    redactor: PresidioRedactor, text: str, street: str
) -> None:
    found = [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "ADDRESS"]
    assert street in found


@pytest.mark.parametrize(
    "text", ["we moved to 2 in the park last year", "they moved to 3 different places"]
)
def test_small_words_after_a_move_are_no_address(redactor: PresidioRedactor, text: str) -> None:
    assert [f for f in redactor.analyze(text) if f.entity_type == "ADDRESS"] == []


@pytest.mark.parametrize(
    ("text", "name", "language"),
    [
        ("Summary: Caseworker Hope rang back on Friday.", "Hope", "en"),
        ("Nurse Adeyemi-Cole changed the dressing at noon.", "Adeyemi-Cole", "en"),
        ("Die Sachbearbeiterin Wierzbicka hat uns angerufen.", "Wierzbicka", "de"),
    ],
)
def test_name_after_a_role_noun(text: str, name: str, language: str) -> None:
    assert name in names(text, language)


@pytest.mark.parametrize(
    "text", ["Officer Training starts on Monday.", "The Agent Portal is down again today."]
)
def test_ordinary_word_after_a_role_noun_is_no_name(text: str) -> None:
    assert names(text, "en") == []
