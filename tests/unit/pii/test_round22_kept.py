"""Issue 19, hold-out round 22 (migration, asylum, registration, legal aid): ordinary text
that was redacted beside the personal data. Other values than the round's cases; personal
values of the same shapes stay found."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.sentence_openers import drop_german_imperatives
from tests.unit.pii.conftest import redact_all


def persons(redactor: PresidioRedactor, text: str, language: str) -> set[str]:
    return {
        text[f.start : f.end]
        for f in redactor.analyze(text, language=language)
        if f.entity_type == "PERSON"
    }


# -- "von der Mutter": the article particle before a frequent noun --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe gestern mit der Mutter telefoniert.",
        "Sie wohnt seit März bei der Mutter in Halle.",
        "Die Nachricht von der Mutter kam erst heute an.",
    ],
)
def test_weak_cue_and_article_before_a_frequent_noun_is_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text, "de") == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Post von der Heide kam gestern an.", "Heide"),  # a rarer noun: a surname
        ("Ich habe einen Brief von der Müller bekommen.", "Müller"),
        ("Der Termin mit Jana Wolf ist am Montag.", "Jana Wolf"),
    ],
)
def test_names_after_weak_cues_stay_found(redactor: PresidioRedactor, text: str, name: str) -> None:
    assert any(name in found for found in persons(redactor, text, "de"))


# -- German "-ier" imperatives opening a request ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Anonymisier den Text vor dem Versand.",
        "Tabellarisier die Angaben aus dem Bescheid.",
        "Rekonstruier aus den Unterlagen den Ablauf.",
    ],
)
def test_german_imperative_opening_a_request_is_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text, "de") == set()


def test_listed_first_name_or_other_word_opening_a_sentence_stays() -> None:
    words = ["Didier", "aus", "dem", "Team", ".", "Extrahier", "aus", "dem", "Bescheid"]
    names = [True, False, False, False, False, True, False, False, False]
    drop_german_imperatives(words, names, frozenset({"Didier"}))
    assert names[0] and not names[5]
    # Not at a sentence's start, or not before an article: left as it is.
    words = ["Frau", "Passier", "den", "Ausweis", "Passier", "kommt"]
    names = [False, True, False, False, True, False]
    drop_german_imperatives(words, names, frozenset())
    assert names[1] and names[4]


# -- a prison named after a place ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("He was held in Adi Quala prison for six weeks.", "Adi Quala"),
        ("I was kept at Wia Ghedem prison.", "Wia Ghedem"),
        ("She was held at Saba Gumar prison until 2020.", "Saba Gumar"),
        ("detained at Ali Abad jail for two weeks", "Ali Abad"),
    ],
)
def test_place_before_prison_is_no_person(
    redactor: PresidioRedactor, text: str, place: str
) -> None:
    assert not any(place in found for found in persons(redactor, text, "en"))


def test_person_visited_in_prison_stays_found(redactor: PresidioRedactor) -> None:
    assert "John Smith" in persons(redactor, "I visited John Smith in prison.", "en")


# -- a place opening the next text is no surname continued --------------------------------------


def test_place_after_a_name_across_texts_is_no_name(redactor: PresidioRedactor) -> None:
    name, istanbul, amman = redact_all(
        redactor, ["Beispiel: Lina Nassar geb. Haddad", "Istanbul", "Amman"]
    )
    assert "Lina" not in name and "Haddad" not in name
    assert istanbul == "Istanbul"
    assert amman == "Amman"


def test_name_continued_across_texts_stays_found(redactor: PresidioRedactor) -> None:
    first, second = redact_all(redactor, ["Mein Name ist Lina", "Haddad und ich wohne in Jena"])
    assert "Lina" not in first
    assert "Haddad" not in second
