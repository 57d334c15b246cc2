"""The world first-name list (nam_dict.txt, GFDL; bench/ner_world_names.py) in the name
detector's pair rule of first name + rare surname (issue 20), and the rule's shapes: a middle
initial, a particle joined by a hyphen, a possessive, capitals, a middle name, a namesake."""

from __future__ import annotations

import pytest

from pii.lexicon import FUNCTION_WORDS, load_lexicon
from pii.ner.model import MODEL_DIR, WORLD_FIRST_NAMES_FILE, load_model, read_words
from pii.word_frequency import zipf


def _found(language: str, text: str) -> list[str]:
    return [text[s.start : s.end] for s in load_model(language).find(text)]


def _marked(
    language: str, words: list[str], line_starts: frozenset[int] = frozenset()
) -> list[str]:
    names = [False] * len(words)
    load_model(language)._rare_surnames(words, names, line_starts)
    return [w for w, name in zip(words, names, strict=True) if name]


# --- the shipped list -------------------------------------------------------------------------


def test_world_list_ships_with_its_gfdl_notice_and_licence() -> None:
    text = (MODEL_DIR / WORLD_FIRST_NAMES_FILE).read_text(encoding="utf-8")

    assert "GNU Free Documentation License" in text.split("\n\n")[0]
    assert "Jörg Michael" in text
    assert "GNU Free Documentation License" in (MODEL_DIR / "GFDL-1.2.txt").read_text()


def test_world_list_holds_names_of_many_origins_and_no_ordinary_words() -> None:
    world = read_words(MODEL_DIR / WORLD_FIRST_NAMES_FILE)
    lexicon = load_lexicon()

    assert len(world) > 30_000
    assert {"Farshid", "Chrysoula", "Dauren", "Zabihullah", "Gulnara"} <= world
    assert not {"Will", "Hope", "Summer", "Rose", "Paris", "Arcade", "Brand"} & world
    assert not world & FUNCTION_WORDS
    assert all(len(w) >= 3 for w in world)
    frequent = {
        w
        for w in world
        if (zipf(w, "en") >= 3.0 or zipf(w, "de") >= 3.0) and w not in lexicon.first_names
    }
    assert not frequent


# --- a world first name before a rare surname -------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        (
            "en",
            "I spoke to Chrysoula Karamanlidou about the rent arrears .",
            "Chrysoula Karamanlidou",
        ),
        (
            "de",
            "Gestern hat Chrysoula Karamanlidou den Antrag abgegeben .",
            "Chrysoula Karamanlidou",
        ),
        ("de", "Der Antrag von Farshid Kazemzadeh liegt vor .", "Farshid Kazemzadeh"),
        (
            "en",
            "The school nurse Gulnara Aisulu Zhumabekova will call .",
            "Gulnara Aisulu Zhumabekova",
        ),
    ],
)
def test_world_first_name_and_rare_surname_are_a_name(language: str, text: str, name: str) -> None:
    assert name in _found(language, text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We visited the Arcade Fennimoreland yesterday ."),
        ("en", "The Brand Kurzweilstein was sold ."),
        ("de", "Wir besuchten die Arcade Fennimoreland gestern ."),
    ],
)
def test_ordinary_word_listed_as_a_name_in_nam_dict_opens_no_pair(language: str, text: str) -> None:
    """nam_dict.txt lists "Arcade" and "Brand" as first names; the list leaves them out."""
    assert _found(language, text) == []


# --- shapes of the pair ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words", "expected"),
    [
        # a middle initial
        ("en", ["by", "Behrouz", "T.", "Ghaffarian", "yesterday"], ["Behrouz", "T.", "Ghaffarian"]),
        (
            "de",
            ["hat", "Mojtaba", "K.", "Tavakkoli", "unterschrieben"],
            ["Mojtaba", "K.", "Tavakkoli"],
        ),
        # a particle joined by a hyphen
        ("en", ["Yesterday", "Shahram", "al-Dulaimi", "reported"], ["Shahram", "al-Dulaimi"]),
        # a possessive
        ("en", ["received", "Mojtaba", "Tavakkoli's", "appeal"], ["Mojtaba", "Tavakkoli's"]),
        # capitals
        ("en", ["NAME", ":", "DAUREN", "ABDRAKHMANOV"], ["DAUREN", "ABDRAKHMANOV"]),
        # a middle name after the pair
        (
            "en",
            ["nurse", "Gulnara", "Aisulu", "Zhumabekova", "called"],
            ["Gulnara", "Aisulu", "Zhumabekova"],
        ),
    ],
)
def test_pair_rule_shapes(language: str, words: list[str], expected: list[str]) -> None:
    assert _marked(language, words) == expected


@pytest.mark.parametrize(
    "words",
    [
        ["by", "Behrouz", "T.", "the", "clerk"],  # no surname after the initial
        ["NAME", ":", "DAUREN", "Abdrakhmanov"],  # capitals and mixed case are no pair
        ["the", "Shahram", "al-qaida"],  # not written like a surname
    ],
)
def test_pair_rule_shapes_that_are_no_name(words: list[str]) -> None:
    assert _marked("en", words) == []


def test_pair_followed_by_a_namesake_word_names_a_place() -> None:
    # "Ildikó" is a first name of the extra (Faker) lists.
    assert _found("en", "Walk-in appointments at Ildikó Szalontai House are suspended .") == []
    assert _marked("en", ["at", "Kourosh", "Tavakkoli", "Academy", "today"]) == []


def test_namesake_word_on_the_next_line_is_a_job_title() -> None:
    words = ["regards", "Kourosh", "Tavakkoli", "Housing", "Officer"]

    assert _marked("en", words) == []
    assert _marked("en", words, frozenset({1, 3})) == ["Kourosh", "Tavakkoli"]
    assert "Kourosh Tavakkoli" in " ".join(
        _found("en", "Kind regards\nKourosh Tavakkoli\nHousing Officer")
    )


def test_world_name_with_a_foreign_letter_takes_the_rare_word_before_it() -> None:
    """pii.ner.name_origins (English): a rare word with a Czech letter that is a world first
    name beside a rare capitalised word, the surname written first."""
    text = "The file of Vondráček Čestmír was closed last week ."

    assert "Vondráček Čestmír" in _found("en", text)
