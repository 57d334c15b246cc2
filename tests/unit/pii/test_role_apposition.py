"""Names in apposition to a German role noun (pii/recognizers/role_apposition.py): a role or
profession noun, alone or as the end of a compound, with one to three name words after it;
an ordinary word, a place or a function word after the noun is no name."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.recognizers.role_apposition import role_apposition_names, role_noun

LEXICON = load_lexicon()


def _found(text: str) -> list[str]:
    return [text[start:end] for _, start, end, _ in role_apposition_names(text, LEXICON)]


def _persons(redactor: PresidioRedactor, text: str) -> list[str]:
    session = redactor.new_session()
    return [
        text[e.start : e.end]
        for e in session.detect(text, language="de")
        if e.entity_type == "PERSON"
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a hyphenated name after a compound ending in a feminine role
        ("Am Abend sprach Fraktionschefin Oyelaran-Brandt im Landtag.", "Oyelaran-Brandt"),
        # a surname wordfreq lists (the news name him), no German noun
        ("Laut Bundestrainer Nagelsmann ist die Lage ernst.", "Nagelsmann"),
        # a role after an adjectival role noun
        ("Der Vorsitzende Richter Trebeljahr verkündete das Urteil.", "Trebeljahr"),
        ("Die Spielerin Oberdorf fehlt verletzt.", "Oberdorf"),
        ("Der Staatsanwalt Ibrahimović-Kuhn erhob Anklage.", "Ibrahimović-Kuhn"),
        # a relative
        ("Er wohnt bei seiner Tante Şirîn Ekinci in Köln.", "Şirîn Ekinci"),
    ],
)
def test_name_after_a_role_noun_is_redacted(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in _persons(redactor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Das sagte der FDP-Politiker Wendelberger am Montag.", "Wendelberger"),
        ("Die Manga -Zeichnerin Rumiko Takahashi stellte ihr Werk vor.", "Rumiko Takahashi"),
        ("Der Kommissar Zbigniew Wróblewski ermittelt.", "Zbigniew Wróblewski"),
        ("Nach Angaben des Polizeisprechers Grzegorczyk blieb es ruhig.", "Grzegorczyk"),
        ("Unternehmenssprecher Tjark Habenicht sagte das.", "Tjark Habenicht"),
        ("Der Oberbürgermeister Kwabena Osei-Mensah kam.", "Kwabena Osei-Mensah"),
        ("Die Abgeordneten Nováček und Lindqvist stimmten dagegen.", "Nováček"),
        # after first names any surname, an ordinary word too; initials and particles
        ("Finanzminister Otto Hahn sprach.", "Otto Hahn"),
        ("Der Präsident Harry S. Truman entschied.", "Harry S. Truman"),
        ("Der Diplomat Richard von Weizsäcker sprach.", "Richard von Weizsäcker"),
    ],
)
def test_rule_finds_the_name_after_a_role_noun(text: str, name: str) -> None:
    assert _found(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Der Bundesminister Wohnungsbau und Verkehr tagte.",  # an ordinary noun
        "Die Sprecherin Frankreichs betonte die Einigkeit.",  # a place, in the genitive
        "Der Trainer Bayerns war zufrieden.",
        "Der Lautsprecher Xylomar ist laut.",  # a thing, not a role
        "Der Tabellenführer Borkenau verlor.",  # a club
        "Thomas Brandt kam spät.",  # a first name ending like a role ("Omas")
        "Oklahoma Sooners gewannen.",
        "Der Spieler Sie kennen.",  # a function word
        "Red Star Belgrade won the cup.",  # an English word, not a German role
        "Die Klägerin Abgeltung verlangte mehr.",  # a German noun by its form
        "Gebiet: Fachzahnarzt Parodontologie und Implantologie",  # a learned noun
    ],
)
def test_no_name_after_a_role_noun_without_a_name_word(text: str) -> None:
    assert _found(text) == []


def test_surname_after_a_first_name_stops_before_an_article_or_a_noun_after_a_particle() -> None:
    assert _found("Dank an Trainer Gregor den Fans.") == ["Gregor"]
    assert _found("Der Trainer Gregor zu Hause.") == ["Gregor"]


@pytest.mark.parametrize(
    "word",
    [
        "CSU-Politiker",
        "Bundesinnenministerin",
        "-Regisseur",
        "Abgeordneter",
        "Anwältinnen",
        "Fraktionschef",
        "Präsidenten",
        "Hollywood-Star",
        "Großvater",
        "Oma",
    ],
)
def test_role_nouns_by_their_last_part(word: str) -> None:
    assert role_noun(word)


@pytest.mark.parametrize(
    "word",
    [
        "Lautsprecher",
        "Halbleiter",
        "Plattenspieler",
        "Thomas",
        "Konstantin",
        "Europa",
        "Normaler",
        "Privater",
        "Star",
        "Mendelssohn",
        "Sommer",
    ],
)
def test_no_role_nouns(word: str) -> None:
    assert not role_noun(word)
