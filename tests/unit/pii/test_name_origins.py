"""Names of origins the detector's training data rarely shows (issue 20; pii.ner.name_origins,
the English rare-surname pair rule in pii.ner.model)."""

from __future__ import annotations

import pytest

from pii.ner.model import load_model
from pii.ner.name_origins import (
    KOREAN_SYLLABLES,
    PINYIN_SYLLABLES,
    is_korean_given_name,
    is_pinyin_given_name,
)


def _found(language: str, text: str) -> list[str]:
    return [text[s.start : s.end] for s in load_model(language).find(text)]


# --- English: an extra (Faker) first name followed by a rare capitalised word ---------------


def test_english_pair_of_extra_first_name_and_rare_surname() -> None:
    text = "The key worker Ildikó Szalontai phoned the landlord today ."
    assert "Ildikó Szalontai" in _found("en", text)


@pytest.mark.parametrize(
    "text", ["The ferry to North Uist was cancelled .", "We met in French Guiana last year ."]
)
def test_english_pair_needs_a_rare_first_name(text: str) -> None:
    """Faker lists hold "North" and "French"; as common English words they open no pair."""
    assert _found("en", text) == []


# --- Korean given names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["Min-seo", "Ha-eun", "Seo-yeon", "Hyun-woo", "Kyung-soo", "Eun-ji", "JUN-HO"]
)
def test_korean_given_name_shapes(word: str) -> None:
    assert is_korean_given_name(word)


@pytest.mark.parametrize(
    "word", ["Top-up", "Pop-up", "No-go", "Yo-yo", "Ping-pong", "Check-in", "Semi-final", "hye-jin"]
)
def test_ordinary_hyphenated_words_are_no_korean_names(word: str) -> None:
    """Ordinary compounds and echo words; a lower-case one only in a text without capitals."""
    assert not is_korean_given_name(word)


def test_inventory_is_written_from_the_romanization_table() -> None:
    assert {"gyeong", "hwan", "seul", "byung", "yoon"} <= KOREAN_SYLLABLES
    assert not {"fi", "stop", "ix", "ck"} & KOREAN_SYLLABLES


def test_korean_given_name_in_running_text() -> None:
    assert "Min-seo" in _found("en", "Her brother Min-seo helps with the forms on Fridays .")


def test_korean_given_name_takes_its_surname() -> None:
    found = _found("en", "The tenant Ha-eun Baek paid the deposit in cash .")
    assert "Ha-eun Baek" in found


def test_korean_given_name_in_lower_case_chat() -> None:
    assert _found("en", "please ask hye-jin about the form") == ["hye-jin"]


def test_korean_given_name_in_german_text() -> None:
    text = "Die Betreuerin Hye-jin Moon hat den Antrag gestern abgegeben ."
    assert "Hye-jin Moon" in _found("de", text)


# --- Chinese given names in pinyin beside a common surname ----------------------------------


@pytest.mark.parametrize("word", ["Xiuying", "Jianguo", "Yuxuan", "Mingzhe", "Ruoxi"])
def test_pinyin_given_name_shapes(word: str) -> None:
    assert is_pinyin_given_name(word)


@pytest.mark.parametrize("word", ["Bingo", "Tango", "Banana", "Zhou", "London", "Xiuyingz"])
def test_words_that_are_no_pinyin_given_names(word: str) -> None:
    assert not is_pinyin_given_name(word)


def test_pinyin_inventory() -> None:
    assert {"zhuang", "xiong", "lve", "yue", "shui"} <= PINYIN_SYLLABLES
    assert not {"bong", "fi", "jan", "xa"} & PINYIN_SYLLABLES


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The night nurse Xiuying Zhou checked the medication .", "Xiuying Zhou"),
        ("The claim of Zhou Jianguo was approved .", "Zhou Jianguo"),
    ],
)
def test_pinyin_given_name_beside_chinese_surname(text: str, name: str) -> None:
    assert name in _found("en", text)


def test_pinyin_given_name_alone_is_left_to_the_model() -> None:
    assert _found("en", "The Jianguo Road depot is closed .") == []


# --- Central and Eastern European letters in English text -----------------------------------


def test_foreign_letters_pair_of_rare_words() -> None:
    text = "The volunteer Đorđe Marković fixed the fence ."
    assert "Đorđe Marković" in _found("en", text)


def test_foreign_letters_in_place_names_stay() -> None:
    """Two rare words with such letters that are no listed names: a place."""
    assert _found("en", "The school in Biała Podlaska closed early .") == []
