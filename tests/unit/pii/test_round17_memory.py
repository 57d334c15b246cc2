"""Issue 19, round 17: numbers split under part labels, names spelled out where an e-mail
address abbreviates them, notes in brackets after a name in a record."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from pii.chat_export import scan_chat_headers
from pii.conversation import Conversation, address_names
from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.recognizers.name_detector_guard import _extend_over_rare_surname
from tests.unit.pii.conftest import redact_all


@pytest.mark.parametrize(
    ("texts", "hidden"),
    [
        (["Teil 1: Meine IBAN ist DE89 3704 0044", "Teil 2 (Rest): 0532 0130 00"], "0532"),
        (["(1/2) my NI number is PR 61", "(2/2) 47 03 C cheers"], "47 03"),
        (["Page 1: NI number PR 61 47", "Page 2 (continued): 03 C"], "03 C"),
    ],
)
def test_when_the_rest_of_a_number_follows_a_part_label_then_it_is_redacted(
    redactor: PresidioRedactor, texts: list[str], hidden: str
) -> None:
    out = redact_all(redactor, texts)
    assert hidden not in out[1] and texts[0][-4:] not in out[0]
    assert out[1].startswith(texts[1].split()[0])


@pytest.mark.parametrize(
    ("text", "first", "rest", "name"),
    [
        ("cc Malin Okonkwo-Adeyemi, malin.oa@example.org", "malin", "oa", "Malin Okonkwo-Adeyemi"),
        ("From: Theodore Vance <theo.vance@x.org>", "theo", "vance", "Theodore Vance"),
        ("Ask Jun Park Lee at jun.pl@x.org", "jun", "pl", "Jun Park Lee"),
    ],
)
def test_address_names_finds_the_name_an_address_abbreviates(
    text: str, first: str, rest: str, name: str
) -> None:
    assert address_names(text, first, rest) == [name]


def test_address_names_needs_the_rest_to_match() -> None:
    assert address_names("cc Malin Okafor, malin.oa@example.org", "malin", "oa") == []


def test_when_an_address_abbreviates_a_name_then_the_name_is_redacted(
    redactor: PresidioRedactor,
) -> None:
    text = "yes, and cc her manager Ainhoa Urrutikoetxea-Bengoa, ainhoa.ub@example.org"
    out = redact_all(redactor, [text, "Is Bengoa in today?"])
    assert "Ainhoa" not in out[0] and "Urrutikoetxea" not in out[0]
    assert "Bengoa" not in out[1]


def test_when_a_record_name_has_a_note_in_brackets_then_the_note_is_no_name(
    redactor: PresidioRedactor,
) -> None:
    conversation = Conversation(redactor.new_session())
    conversation.collect_keyed("name", "Lindqvist, Maja (Übermittlungssperre)")
    conversation.collect("Ein Eintrag hat eine Übermittlungssperre.")
    assert conversation.redact("Ein Eintrag hat eine Übermittlungssperre.") == (
        "Ein Eintrag hat eine Übermittlungssperre."
    )
    assert "Maja" not in conversation.redact("Maja ist umgezogen.")


def test_when_a_record_name_has_a_nickname_in_brackets_then_it_is_a_name(
    redactor: PresidioRedactor,
) -> None:
    conversation = Conversation(redactor.new_session())
    conversation.collect_keyed("name", "Lindqvist, Margarethe (Greta)")
    conversation.collect("Greta ruft morgen an.")
    assert "Greta" not in conversation.redact("Greta ruft morgen an.")


def test_speakers_of_a_quoted_thread_confirm_each_other(redactor: PresidioRedactor) -> None:
    thread = (
        "bot: summarise this\n> *Gwenllian Price-Jones*: the boiler at no. 4 is broken\n"
        "> *Obinna Eze*: I'll send someone tomorrow"
    )
    out = redact_all(redactor, [thread])[0]
    assert "Obinna" not in out and "Eze" not in out and "Gwenllian" not in out
    assert out.endswith(": I'll send someone tomorrow")


def test_quoted_labels_without_a_known_name_are_no_speakers() -> None:
    thread = "> *Next Steps*: book the surveyor\n> *Open Points*: none"
    assert list(scan_chat_headers(thread)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("expiry 11/27, name on card MR P T HAZLEWOOD-ANKRAH", "HAZLEWOOD-ANKRAH"),
        ("name on card DR T QUIGLEY-ASANTE, please", "QUIGLEY-ASANTE"),
        ("name on card Ms R Blennerhassett-Oduro", "Blennerhassett-Oduro"),
    ],
)
def test_a_name_on_a_card_after_title_and_initials_is_found(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name not in redactor.new_session().redact(text)


def test_an_ordinary_word_in_capitals_after_a_name_field_is_no_name(
    redactor: PresidioRedactor,
) -> None:
    assert redactor.new_session().redact("surname is UNKNOWN") == "surname is UNKNOWN"


@pytest.mark.parametrize("text", ["cheers, Ye-jin Halloran", "thanks, Hyun-woo Cattermole."])
def test_a_detected_hyphenated_first_name_extends_over_the_rare_surname(text: str) -> None:
    first = text.split()[1]
    start = text.index(first)
    result = RecognizerResult("PERSON", start, start + len(first), 0.6)
    _extend_over_rare_surname(text, result, load_lexicon())
    assert text[result.start : result.end] == text.rstrip(".").split(", ")[1]
