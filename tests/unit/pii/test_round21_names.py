"""Names of hold-out round 21's shapes (care, health, schools), on other values: relatives
listed after a plural noun, with ages in brackets, a nursing title, a kin word with a gloss
in brackets and Welsh kin words (pii/recognizers/person.py), a nickname in brackets after a
name and the names around "(we call him …)" (pii/recognizers/nicknames.py, pii/engine.py),
a form's field typed letter-spaced after its key (pii/normalize.py), a name written again in
Arabic letters (pii/arabic_names.py) and a name recurring in a tool call's arguments
(gateway/streaming.py)."""

from __future__ import annotations

import json

from gateway.streaming import redact_arguments
from pii.arabic_names import arabic_name_spans, arabic_skeleton, latin_skeleton
from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.normalize import normalize
from pii.recognizers.nicknames import bracketed_called_names
from tests.unit.pii.conftest import redact_all
from tests.unit.pii.conftest import rule_names as names


def test_relatives_after_a_plural_noun() -> None:
    assert names("I live with my little brothers Tinashe and Kudzai in Leeds.", "en") == [
        "Tinashe",
        "Kudzai",
    ]
    assert names("Anwesend: die Kinder Jonte (7) und Malea (4).") == ["Jonte", "Malea"]
    assert names("the girls Bake and Sell on Friday", "en") == []


def test_nursing_title() -> None:
    assert names("please ask for Sister Patience on the stroke unit", "en") == ["Patience"]
    assert names("we watched Sister Act again", "en") == []


def test_kin_word_with_a_gloss_and_welsh_kin() -> None:
    assert names("my taid (grandad) Emrys Pugh-Llewelyn is in Glan Clwyd", "en") == [
        "Emrys Pugh-Llewelyn"
    ]


def test_nickname_in_brackets_after_a_name(redactor: PresidioRedactor) -> None:
    redacted = redactor.new_session().redact("Dear Mr Okonkwo (Nonso), thanks", language="en")
    assert "Nonso" not in redacted
    kept = redactor.new_session().redact("Frau Dr. Vogelsang (Hausärztin) sagt das auch")
    assert "Hausärztin" in kept


def test_names_around_a_bracketed_call() -> None:
    text = "Notes: Ifeanyichukwu (we call him Ify) Nwachukwu-Eze, Year 5, lovely"
    found = [text[s:e] for _, s, e, _ in bracketed_called_names(text, load_lexicon())]
    assert found == ["Ifeanyichukwu", "Nwachukwu-Eze"]


def test_letter_spaced_value_after_a_key(redactor: PresidioRedactor) -> None:
    text = "Name, Vorname        K O W A L C Z Y K ,  B O G U M I Ł A\nGeburtsdatum  01.02.1965"
    assert "KOWALCZYK, BOGUMIŁA" in normalize(text).text
    redacted = redactor.new_session().redact(text, language="de")
    assert "B O G U M I Ł A" not in redacted and "K O W A L" not in redacted
    assert normalize("Optionen:  a b c").text == "Optionen:  a b c"  # too short for a name


def test_consonants_of_latin_and_arabic_names() -> None:
    assert latin_skeleton("Nasreen Akhtar") == "nsrnhtr"
    assert "".join(arabic_skeleton(w) for w in "نسرین اختر".split()) == "nsrnhtr"
    assert latin_skeleton("Muhammad") == latin_skeleton("Mohammed") == arabic_skeleton("محمد")


def test_name_written_again_in_arabic_letters(redactor: PresidioRedactor) -> None:
    texts = ["her name is Nasreen Akhtar, she is 80", "نسرین اختر is how she writes it"]
    assert "نسرین" not in redact_all(redactor, texts)[1]
    cued = ["mein Bruder heißt Yousef", "مرحبا، اخي يوسف عنده موعد"]
    assert "يوسف" not in redact_all(redactor, cued)[1]
    # "ابني" (my son) has the consonants of "Ben": too few without a cue before it.
    assert list(arabic_name_spans("ابني مريض", {latin_skeleton("Ben")})) == []


def test_known_as_recurs_in_a_tool_calls_arguments(redactor: PresidioRedactor) -> None:
    arguments = json.dumps(
        {
            "child": {"name": "Ruaridh Macphail", "known_as": "Tiggy"},
            "present": ["dad Ruaridh Macphail", "Ruaridh's sister"],
            "notes": "Tiggy asleep on the sofa",
            "card_expiry": "11/28",
            "ref": "CL-2027-118822",
        }
    )
    redacted = redact_arguments(redactor.new_session(), arguments)
    assert "Tiggy" not in redacted and "Ruaridh" not in redacted
    assert "11/28" in redacted and "CL-2027-118822" in redacted  # leaves are no messages


def test_a_long_word_in_brackets_after_a_name_is_a_note_not_a_nickname(
    redactor: PresidioRedactor,
) -> None:
    text = "Gefunden: Haugland, Sunniva (Übermittlungssperre)."
    redacted = redactor.new_session().redact(text, language="de")
    assert "Übermittlungssperre" in redacted
