"""Self-introductions (issue 19, round-3 leak class): a name nobody listed after "this is",
"I'm", "ich bin", "hier ist" at the start of a clause, when the introduction visibly ends
after it; and a name announced at the end of one message and given in the next."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.recognizers.person import find_names
from tests.unit.pii.conftest import redact_all


def persons(redactor: PresidioRedactor, text: str) -> list[str]:
    return [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi, this is Gwendolyn", "Gwendolyn"),
        ("Hi, this is Gwendolyn Harrow-Price, calling about my claim", "Gwendolyn Harrow-Price"),
        ("this is Radomir speaking", "Radomir"),
        ("Hello, I'm Thandiwe and I need help", "Thandiwe"),
        ("Hallo, ich bin Leokadia und habe eine Frage", "Leokadia"),
        ("Guten Tag, hier ist Ortwinus Prätorius.", "Ortwinus Prätorius"),
    ],
)
def test_when_unlisted_name_closes_an_introduction_then_it_is_a_person(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "This is Important: read the terms",
        "I'm Happy to help you",
        "I'm Sorry for the delay.",
        "Ich bin Rentner und wohne in Köln",
        "This is Berlin calling",
        "Hi, I'm German and work in Köln",
        "He said this is Ridiculous.",
        "Ich bin Neu hier",
    ],
)
def test_when_ordinary_word_follows_an_introduction_then_it_is_not_a_person(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    ("texts", "hidden"),
    [
        (["Hi, this is Gwendolyn", "Harrow-Price, calling"], ["Gwendolyn", "Harrow"]),
        (["Hi, this is", "Gwendolyn Harrow-Price, calling"], ["Gwendolyn", "Harrow"]),
        (["Hallo, ich bin", "Leokadia und habe eine Frage"], ["Leokadia"]),
    ],
)
def test_when_introduction_and_name_are_split_over_two_messages_then_both_are_hidden(
    redactor: PresidioRedactor, texts: list[str], hidden: list[str]
) -> None:
    out = " | ".join(redact_all(redactor, [*texts, "Gwendolyn and Leokadia again"]))
    assert [word for word in hidden if word in out] == []


@pytest.mark.parametrize(
    "texts",
    [
        ["Thanks, this is", "Important for the tenant"],
        ["Ich bin", "Rentner seit 2019"],
    ],
)
def test_when_next_message_after_a_cue_is_ordinary_text_then_it_stays(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    assert redact_all(redactor, texts) == texts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi, I'm Szabó Ildikó – Hungarian order, as on my passport.", "Szabó Ildikó"),
        ("hallo, ich bin Ferencziné Tünde - die Mutter von Bence.", "Ferencziné Tünde"),
    ],
)
def test_when_dash_follows_an_introduced_name_then_it_closes_the_introduction(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hungarian order: Horváthné is the family name.", "Horváthné"),
        ("Also, Wróblewska ist mein Nachname.", "Wróblewska"),
        ("Nagy-Baloghné is my surname", "Nagy-Baloghné"),
        ("My surname is Oyelaran-Bakare, I'm calling about the school place", "Oyelaran-Bakare"),
        ("mein nachname ist Jędrzejczyk, bitte notieren.", "Jędrzejczyk"),
    ],
)
def test_when_a_word_is_said_to_be_a_surname_then_it_is_a_name(text: str, name: str) -> None:
    assert name in [text[s.start : s.end] for s in find_names(text, load_lexicon())]


@pytest.mark.parametrize(
    "text", ["What is the surname?", "This is the surname field.", "Which is your first name?"]
)
def test_when_no_name_is_said_to_be_a_surname_then_nothing_is_found(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Die Mandantin heißt nur Letebrhan, ein Nachname ist nicht bekannt.", "Letebrhan"),
        ("Ihr Sohn heisst einfach nur Ghirmay.", "Ghirmay"),
        ("Mein Klient hat nur einen Namen: Weldemichael.", "Weldemichael"),
        ("The claimant is only called Habtezghi, nothing else.", "Habtezghi"),
        ("Her father was only called Berhane by everyone.", "Berhane"),
        ("Her mother has only one name: Tsegereda.", "Tsegereda"),
    ],
)
def test_when_a_person_is_said_to_have_one_name_only_then_it_is_a_name(
    text: str, name: str
) -> None:
    assert name in [text[s.start : s.end] for s in find_names(text, load_lexicon())]


@pytest.mark.parametrize(
    "text",
    [
        "Das heißt nur, dass wir warten müssen.",
        "Die Datei heißt nur Bericht.",
        "Er hat nur einen Namen genannt.",
        "That is only called for in rare cases.",
    ],
)
def test_when_no_name_follows_a_one_name_phrase_then_nothing_is_found(text: str) -> None:
    assert find_names(text, load_lexicon()) == []
