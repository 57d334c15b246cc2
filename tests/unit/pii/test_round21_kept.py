"""Issue 19, hold-out round 21 (care, health, schools): ordinary text that was redacted beside
the personal data. Other values than the round's cases; personal values of the same shapes
stay found."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon, names_a_namesake
from pii.recognizers.double_barrelled import double_barrelled_names
from pii.recognizers.ordinary_phrases import capitals_heading
from tests.unit.pii.conftest import redact_all, rule_names


def persons(redactor: PresidioRedactor, text: str, language: str = "en") -> set[str]:
    return {
        text[f.start : f.end]
        for f in redactor.analyze(text, language=language)
        if f.entity_type == "PERSON"
    }


def dates(redactor: PresidioRedactor, text: str) -> set[str]:
    return {
        text[f.start : f.end]
        for f in redactor.analyze(text, language="en")
        if f.entity_type == "DATE_TIME"
    }


# -- schools, practices and homes named after someone --------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dear parents, pupils go to Ashworth Academy from May", "Ashworth"),  # a weak cue
        ("Registered with: Brackenfield Family Practice", "Brackenfield"),  # over two words
        ('{"school": "St Matthew C of E Primary"}', "Matthew"),  # a saint
        ('{"school": "St Bernadette Catholic Primary"}', "Bernadette"),
        ('{"einrichtung": "Haus Lindenhof"}', "Lindenhof"),  # a home's head before
    ],
)
def test_name_in_an_institutions_name_is_no_person(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert not any(name in found for found in persons(redactor, text))


def test_weak_cue_before_an_institution_finds_no_name() -> None:
    assert rule_names("Dear parents, pupils go to Ashworth Academy from May", "en") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I talked to John Lake yesterday", "John Lake"),  # a first name: "Lake" is a head too
        ("I gave it to Ashworth today", "Ashworth"),  # no head after the name
    ],
)
def test_weak_cue_before_a_person_still_finds_the_name(text: str, name: str) -> None:
    assert name in rule_names(text, "en")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("im Haus Maria getroffen", 8, 13),  # a listed name after a home's head
        ("Haus Maria", 0, 10),
        ("Kwame Asante said so", 0, 12),
        ("Peter went to the Clinic", 0, 5),  # lower-case words between
    ],
)
def test_no_namesake_without_an_institutions_shape(text: str, start: int, end: int) -> None:
    assert not names_a_namesake(text, start, end)


# -- ordinary words the name detector took for names ----------------------------------------


def test_family_noun_after_a_possessive_is_no_name(redactor: PresidioRedactor) -> None:
    assert persons(redactor, "his nan Sheila will pick him up") == {"Sheila"}


def test_family_noun_is_no_name_later_in_the_conversation(redactor: PresidioRedactor) -> None:
    out = redact_all(
        redactor, ["is Kayden in today? his nan is asking", "his nan Sheila is on the list"]
    )
    assert "his nan is asking" in out[0]
    assert "Sheila" not in out[1]


def test_medicine_before_its_dose_is_no_name(redactor: PresidioRedactor) -> None:
    text = (
        "The doctor, Dr Aled Rhys, thinks he has early Parkinson's disease. He has started "
        "Ropinirole 2 mg at night."
    )
    assert persons(redactor, text) == {"Aled Rhys"}


@pytest.mark.parametrize("heading", ["DAY HANDOVER", "BEDSIDE HANDOVER"])
def test_capitals_heading_of_compound_words_is_no_name(heading: str) -> None:
    assert capitals_heading(heading, load_lexicon())


@pytest.mark.parametrize("name", ["TREMAINE BASKERVILLE", "MARK WHITE", "JOHN FAIRWEATHER"])
def test_name_in_capitals_is_no_heading(name: str) -> None:
    assert not capitals_heading(name, load_lexicon())


def test_german_imperative_before_a_particle_is_no_name(redactor: PresidioRedactor) -> None:
    text = "sortier nur die liste nach datum, sonst nix"
    assert persons(redactor, text, "de") == set()


@pytest.mark.parametrize(
    "text", ["Nebivolol        Nebilet-Zok    5 mg   1  0  0", "Candesartan\tAtacand-Zok\t8 mg"]
)
def test_cells_of_a_printed_table_make_no_double_barrelled_name(text: str) -> None:
    assert list(double_barrelled_names(text, load_lexicon())) == []


def test_double_barrelled_name_after_one_space_stays_found() -> None:
    name = "Thaddeus Wetherall-Mensah"
    assert list(double_barrelled_names(name, load_lexicon())) == [("PERSON", 0, len(name), 0.75)]


# -- dates of a service's scheduled event -------------------------------------------------


def test_date_of_a_services_event_is_kept(redactor: PresidioRedactor) -> None:
    text = "Dear Ms Nwosu,\nFollowing the Case Review Hearing on 14 April 2026, your son stays."
    assert dates(redactor, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "My hearing on 3 May 2026 went badly.",  # the person's own event
        "Dear Ms Nwosu, your appointment is on 14 April 2026.",
        "Dear Ms Nwosu, we met on 14 April 2026.",
    ],
)
def test_personal_date_stays_personal(redactor: PresidioRedactor, text: str) -> None:
    assert dates(redactor, text) != set()
