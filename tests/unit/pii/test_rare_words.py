"""Rules built on rare words (issue 19): names after a preposition, in prose and code names.

The names here are made up for these tests; none is in the project's name lists or in
wordfreq's lists, which is what the rules rely on.
"""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from pii.code_names import code_name_parts, person_name_in_code
from pii.conversation import Conversation, addressee_in_code, code_name_words
from pii.engine import PresidioRedactor
from pii.lexicon import is_ordinary_word, load_lexicon
from pii.ner.model import build_lexicons
from pii.recognizers.name_detector_guard import (
    _extend_over_rare_surname,
    _trim_function_words,
    vetoed,
)
from pii.recognizers.person import find_names


def names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_names(text, load_lexicon())]


@pytest.mark.parametrize(
    "word",
    [
        "Gemeindeverwaltung",  # abstract noun ending, not in the noun list
        "Bewilligungsakte",  # compound ending in a file noun
        "kfzzulassungsstelle",  # compound ending in an office noun
        "wohngeldbehoerde",  # umlaut spelled in ASCII
        "Dropbox",  # two English words run together
        "Consulting",
    ],
)
def test_ordinary_words_include_compounds_and_ascii_spellings(word: str) -> None:
    assert is_ordinary_word(word)


@pytest.mark.parametrize("word", ["Thorvaldsen", "Vukašinović", "wojtkowiak", "Ifeoluwa"])
def test_rare_names_are_no_ordinary_words(word: str) -> None:
    assert not is_ordinary_word(word)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Complaint by Kwabena Asantewaa about the parking fine", "Kwabena Asantewaa"),
        ("We cannot release the records of Teodora Vukašinović today.", "Teodora Vukašinović"),
        ("Widerspruch von Eskil Thorvaldsen gegen den Bescheid", "Eskil Thorvaldsen"),
        ("Unterlagen für Ifeoluwa Oyelaran Hallgrimsson anbei", "Ifeoluwa Oyelaran Hallgrimsson"),
    ],
)
def test_two_rare_capitalised_words_after_a_preposition_are_a_name(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Backups go to Salesforce Dropbox nightly",  # ordinary English words run together
        "Zuständig ist das Amt für Gemeindeverwaltung Bewilligungsakte",  # German nouns
        "The office of Kwabena Asantewaa Consulting",  # an ordinary word closes it: a firm
        "Daten von Eskil",  # one rare word is not enough
    ],
)
def test_no_rare_pair_no_name(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the tenant, e.g. Ifeoma Nwachukwu-Adeyemi, signed on 3 May", "Ifeoma Nwachukwu-Adeyemi"),
        (
            "Name der Person, z. B. Radosława Kowalewska-Zielińska, bitte ausfüllen",
            "Radosława Kowalewska-Zielińska",
        ),
        ("Pflichtfeld, z.B. Oltjana Hoxhaj, bitte ausfüllen", "Oltjana Hoxhaj"),
        ("any applicant, for example Thandiwe Mahlangu, may apply", "Thandiwe Mahlangu"),
        ("carers such as Ngozika Eberechukwu", "Ngozika Eberechukwu"),
    ],
)
def test_two_rare_capitalised_words_after_an_example_marker_are_a_name(
    text: str, name: str
) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text", ["Tools, e.g. Microsoft Teams, are allowed", "Ämter, z. B. Finanzamt Köln, prüfen das"]
)
def test_ordinary_words_after_an_example_marker_are_no_name(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "code_name",
    ["schreiben_an_wojtkowiak", "notify_for_thorvaldsen", "akteVonHallgrimsson"],
)
def test_code_name_with_a_rare_word_after_a_preposition_is_personal(
    redactor: PresidioRedactor, code_name: str
) -> None:
    assert addressee_in_code(code_name_words(code_name))
    assert Conversation(redactor.new_session()).contains_personal_data(code_name)


@pytest.mark.parametrize(
    "code_name",
    [
        "get_user_by_id",  # short code word
        "sort_by_postcode",
        "mail_an_wohngeldbehoerde",
        "sync_to_salesforce",
        "export_for_accounting",
        "route_to_hamburg",  # a place
        "fetch_from_wojtkowiak_api",  # "from" names a source, not an addressee
    ],
)
def test_code_name_of_ordinary_words_is_no_person(
    redactor: PresidioRedactor, code_name: str
) -> None:
    assert not Conversation(redactor.new_session()).contains_personal_data(code_name)


@pytest.mark.parametrize(
    "code_name",
    [
        # A listed first name wordfreq knows ("aiden") after "of": the rare word is the
        # second after the preposition, which the addressee rule does not look at.
        "fetch_record_of_aiden_okonkwo",
        "open_file_of_declan_featherstonhaugh",
        "get_notes_of_kieran_vasquez_ortiz",
        "notify_siobhan_okonkwo",  # no preposition
        "remindAoifeDrummondHale",  # camelCase
        "NotifyTariqMahfouz",  # PascalCase
        "sendToKieranMcAllister",
        "escalate_priya3_ramaswamy",  # a digit between the words
    ],
)
def test_code_name_spelling_first_name_and_surname_is_personal(
    redactor: PresidioRedactor, code_name: str
) -> None:
    assert person_name_in_code(code_name)
    assert Conversation(redactor.new_session()).contains_personal_data(code_name)


@pytest.mark.parametrize(
    "code_name",
    [
        "get_payment",
        "fetch_file_of_applicant",
        "send_to_case_worker",
        "export_for_month",
        "register_birth",
        "notifyApplicant",
        "getCaseById",
        "sendToCaseWorker",
        "lookupCaseStatus",
        "skip_json",  # "Skip" is a listed first name, and an everyday word
        "validJsonSchema",
        "sort_by_case_uuid",  # a short code after a listed first name after "by"
        "sync_jira_zammad",  # two rare product names are no person
        "getHTTPResponse2",
    ],
)
def test_code_name_of_code_words_spells_no_person(
    redactor: PresidioRedactor, code_name: str
) -> None:
    assert not person_name_in_code(code_name)
    assert not Conversation(redactor.new_session()).contains_personal_data(code_name)


@pytest.mark.parametrize(
    "code_name",
    [
        # A listed first name that is an everyday word beside a part that can only be a
        # surname: a listed one, or one with a surname ending; either order.
        "remind_grace_nguyen",
        "brief_an_ernst_schulz",
        "escalateRoseWojcik",
        "bill_kaczmarczyk_reminder",  # "-czyk", in no list
        "notifyFrankPetrescu",  # "-escu"
        "april_yildirim_termin",
        "open_akte_hoffmann_heide",  # surname first
    ],
)
def test_code_name_of_a_first_name_that_is_a_word_and_a_surname_is_personal(
    redactor: PresidioRedactor, code_name: str
) -> None:
    assert person_name_in_code(code_name)
    assert Conversation(redactor.new_session()).contains_personal_data(code_name)


@pytest.mark.parametrize(
    "code_name",
    [
        "mark_green_status",  # "Green" is a listed surname, and an everyday English word
        "will_price_change",
        "rose_white_theme",
        "will_retry_later",
        "bill_payment_due",
        "grace_period_days",
        "april_release_notes",
        "heide_park_tickets",
        "mark_jira_done",  # a rare product name without a surname ending
        "will_kubectl_apply",
        "frank_feedback_form",
    ],
)
def test_code_name_of_a_first_name_that_is_a_word_and_code_words_spells_no_person(
    code_name: str,
) -> None:
    assert not person_name_in_code(code_name)


@pytest.mark.parametrize(
    "code_name",
    ["rose_garden_permit", "bill_to_customer", "april_release_notes", "will_retry_later"],
)
def test_code_name_of_a_first_name_that_is_a_word_and_ordinary_words_is_no_person(
    redactor: PresidioRedactor, code_name: str
) -> None:
    assert not person_name_in_code(code_name)
    assert not Conversation(redactor.new_session()).contains_personal_data(code_name)


def test_code_name_parts_split_humps_acronyms_and_digits() -> None:
    assert code_name_parts("notifyPriya2Venkatesh") == ["notify", "Priya", "Venkatesh"]
    assert code_name_parts("getHTTPResponse_v2") == ["get", "HTTP", "Response", "v"]
    assert code_name_parts("mail-an.jana_kowalczyk") == ["mail", "an", "jana", "kowalczyk"]


# -- ordinary words the name detectors took for names ---------------------------------------


def test_first_name_alone_that_is_a_state_word_is_no_name() -> None:
    # "Just" is a listed first name; alone and opening a reply it is the adverb.
    assert names("Just a moment, please") == []
    assert names("Just Oberhuber hat angerufen") == ["Just Oberhuber"]


def _guarded(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The detector span ``[start, end)`` after the guard: trimmed, or None when vetoed."""
    lexicon = load_lexicon()
    result = RecognizerResult("PERSON", start, end, 0.6)
    _trim_function_words(text, result, lexicon)
    if result.end <= result.start or vetoed(
        text, result.start, result.end, lexicon, build_lexicons("en")
    ):
        return None
    return result.start, result.end


def test_detector_span_ending_in_an_article_is_cut_and_a_common_opening_word_vetoed() -> None:
    assert _guarded("Schedule the meeting", 0, len("Schedule the")) is None
    assert _guarded("Note: Review the file", 6, len("Note: Review the")) is None


def test_detector_span_of_a_listed_or_rare_name_stays() -> None:
    text = "Anna and Oyelaran met"
    assert _guarded(text, 0, 4) == (0, 4)  # listed first name opening the sentence
    assert _guarded(text, 5, 17) == (9, 17)  # "and" cut off, the rare name stays
    assert _guarded("Then Review came", 5, 11) == (5, 11)  # not opening a sentence


def test_listed_name_typed_in_lower_case_opening_a_sentence_stays() -> None:
    assert _guarded("anna are you coming", 0, 4) == (0, 4)


@pytest.mark.parametrize(
    ("text", "word", "name"),
    [
        ("Treffer: Amaka Onwuachi, Akte 12", "Amaka", "Amaka Onwuachi"),
        ("Found Ifeoma Nwaubani.", "Ifeoma", "Ifeoma Nwaubani"),
        # an ordinary word, a word in capitals or no phrase end after it: no surname
        ("Match: Amaka Road, claim open", "Amaka", "Amaka"),
        ("Match: Amaka ONWUACHI, claim open", "Amaka", "Amaka"),
        ("Amaka Onwuachi hat angerufen", "Amaka", "Amaka"),
    ],
)
def test_when_a_rare_word_closes_the_phrase_after_one_name_word_then_the_span_takes_it(
    text: str, word: str, name: str
) -> None:
    start = text.index(word)
    result = RecognizerResult("PERSON", start, start + len(word), 0.6)

    _extend_over_rare_surname(text, result, load_lexicon())

    assert text[result.start : result.end] == name
