"""Round 18's remaining name leaks and a lost keep-string, fixed in general (other names and
values than the round's cases)."""

from __future__ import annotations

import pytest

from pii.chat_export import scan_chat_headers
from pii.code_names import slug_name_spans
from pii.engine import PresidioRedactor
from pii.ner.model import load_model
from pii.structured import scan_structured

from .conftest import redact_all, rule_names

# -- a person's name in a slug identifier (a cache key, a file or ticket name) --------------


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("akte-BY-25-1187-nowakowski-jadwiga", "nowakowski-jadwiga"),
        ("case_17_priya_venkatesh", "priya_venkatesh"),
    ],
)
def test_a_name_pair_in_a_slug_is_found(slug: str, name: str) -> None:
    assert [slug[a:b] for a, b in slug_name_spans(slug)] == [name]


@pytest.mark.parametrize(
    "slug", ["state-of-the-art", "build-2024-release-notes", "mark-green-price", "up-to-date"]
)
def test_a_slug_of_ordinary_words_holds_no_name(slug: str) -> None:
    assert slug_name_spans(slug) == []


def test_a_cache_key_slug_is_redacted(redactor: PresidioRedactor) -> None:
    out = redact_all(redactor, ["akte-NW-25-4410-kowalczyk-danuta"])[0]
    assert "kowalczyk" not in out
    assert "danuta" not in out


# -- "Surname, Given, geb. …" after a personal key; "Personalien" is one ---------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Patient: Þorvaldsdóttir, Ragnheiður, geb. 02.04.1948", "Þorvaldsdóttir, Ragnheiður"),
        (
            "Personalien: Sommerfeld, Hans-Jörg, geb. am 12.01.1971 in Zwickau",
            "Sommerfeld, Hans-Jörg",
        ),
    ],
)
def test_a_given_name_between_commas_belongs_to_the_name(text: str, name: str) -> None:
    assert ("PERSON", name) in [(e, text[a:b]) for e, a, b in scan_structured(text)]


@pytest.mark.parametrize(
    "text", ["Name: Meyer, Berlin, Tel. 030 1234", "Kunde: Schulz, Gartenbau, 2019"]
)
def test_a_place_or_word_between_commas_is_no_given_name(text: str) -> None:
    values = [text[a:b] for e, a, b in scan_structured(text) if e == "PERSON"]
    assert values == [text.split(": ")[1].split(",")[0]]


# -- a first name that is also a word, before a surname the detector found ------------------


@pytest.mark.parametrize("name", ["Joy Wanjiru", "Hope Lindqvist"])
def test_a_word_first_name_before_a_found_surname_joins_it(name: str) -> None:
    text = f"2. {name}, DOB 04.05.1980, 7946 1234"
    assert name in [text[s.start : s.end] for s in load_model("en").find(text)]


def test_a_common_word_before_a_place_stays() -> None:
    text = "He moved to North Carolina in 2010."
    assert load_model("en").find(text) == []


# -- "Example: patient First Surname", the surname a word -----------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Example: patient Oluwaseun Grace, DOB 01/02/1960", "Oluwaseun Grace"),
        ("Example: client Ngozi Hope.", "Ngozi Hope"),
    ],
)
def test_an_example_person_with_a_word_surname_is_found(text: str, name: str) -> None:
    assert name in rule_names(text, "en")


def test_an_example_without_a_name_stays() -> None:
    assert rule_names("Example: patient care is key", "en") == []


# -- the sender of a messenger export's line -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("[03/11/2025, 18:40] Tadhg: running late", "Tadhg"),
        ("03.11.25, 18:40 - Zsófia Kertész: bin gleich da", "Zsófia Kertész"),
        ("[03/11/2025, 18:40:12] Eilidh: ok", "Eilidh"),
    ],
)
def test_a_messenger_sender_is_found(line: str, name: str) -> None:
    assert [line[a:b] for _, a, b in scan_chat_headers(line)] == [name]


@pytest.mark.parametrize("line", ["[03/11/2025, 18:40] Mum: ok", "[03/11/2025, 18:40] Info: x"])
def test_a_messenger_sender_that_is_a_word_stays(line: str) -> None:
    assert list(scan_chat_headers(line)) == []


# -- "no fixed abode" in an address column is no address ------------------------------------


@pytest.mark.parametrize("cell", ["ohne festen Wohnsitz", "no fixed abode"])
def test_no_fixed_abode_is_no_address(cell: str) -> None:
    text = f"Name\tAnschrift\nJana Roth\t{cell}\n"
    assert cell not in [text[a:b] for _, a, b in scan_structured(text)]
