"""English name rules of the tenth session (branch en23), on values other than the tuning
sentences that prompted them: a span ending in the head word of a body, a place or an
event is no person (``pii.lexicon.INSTITUTION_HEADS``); a rank before a name is no part of
it (``pii.recognizers.name_detector_guard``); a rare pair after "between" or "undersigned"
is a name (``pii.recognizers.person.RARE_PAIR_CUES``)."""

from __future__ import annotations

from pii.engine import PresidioRedactor
from pii.lexicon import ends_in_institution


def persons(redactor: PresidioRedactor, text: str, language: str = "en") -> list[str]:
    """The PERSON values the redactor finds in ``text``."""
    return [
        text[e.start : e.end]
        for e in redactor.new_session().detect(text, language=language)
        if e.entity_type == "PERSON"
    ]


def test_ends_in_institution() -> None:
    assert ends_in_institution(["Adam", "Mickiewicz", "Theatre"])
    assert ends_in_institution(["Sokoto", "Province"])
    assert not ends_in_institution(["Theatre"])  # one word: the other rules decide
    assert not ends_in_institution(["Priya", "Shah"])


def test_a_body_named_after_a_person_is_no_person(redactor: PresidioRedactor) -> None:
    assert persons(redactor, "We visited the Adam Mickiewicz Theatre in Warsaw .") == []
    assert persons(redactor, "Karol Wojtyła Brewery") == []
    # the person beside it still is one
    assert "Ewa Nowak" in persons(redactor, "Ewa Nowak runs the Adam Mickiewicz Theatre now.")
    # a head word after the name on its line leaves the name alone
    assert persons(redactor, "Please ask Priya Shah. Council Tax will call back.") == ["Priya Shah"]


def test_rank_before_a_name_is_no_part_of_it(redactor: PresidioRedactor) -> None:
    assert persons(redactor, "Our new mayor is Mayor Halvorsen Tindra today.") == [
        "Halvorsen Tindra"
    ]
    assert persons(redactor, "Professor Adeyemi referred Jonas Berg to the clinic .") == [
        "Adeyemi",
        "Jonas Berg",
    ]
    # a rank alone is left to the other rules; the name after it stays redacted
    assert "Okonjo" in " ".join(persons(redactor, "Inspector Okonjo called ."))
    # a rank word before an ordinary word is a phrase of its own, vetoed whole
    assert persons(redactor, "Turnout fell in the last General Elections .") == []


def test_rare_pair_after_between(redactor: PresidioRedactor) -> None:
    text = "Mediation between Tsegereda Alemseged and the housing association failed ."
    assert persons(redactor, text) == ["Tsegereda Alemseged"]
