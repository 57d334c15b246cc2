"""Issue 19, hold-out round 23 (tax, customs, business, debts and enforcement): firms,
services and titles that were redacted as names. Other values than the round's cases;
people named beside them or inside them stay found."""

from __future__ import annotations

import json
from functools import cache

import pytest

from gateway.streaming import redact_arguments
from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.mail_headers import scan_mail_headers
from pii.ner.features import Lexicons
from pii.ner.model import build_lexicons
from pii.recognizers.name_detector_guard import vetoed
from pii.structured import keyed_entity, names_no_person


@cache
def _names() -> Lexicons:
    return build_lexicons("en")


def _vetoed(text: str, span: str) -> bool:
    start = text.index(span)
    return vetoed(text, start, start + len(span), load_lexicon(), _names())


def persons(redactor: PresidioRedactor, text: str, language: str) -> set[str]:
    return {
        text[f.start : f.end]
        for f in redactor.analyze(text, language=language)
        if f.entity_type == "PERSON"
    }


# -- a firm or an office under a name key of a tool call's arguments ------------------------


def test_office_and_firm_under_a_name_key_are_read_as_text(redactor: PresidioRedactor) -> None:
    raw = json.dumps(
        {
            "debtor": {"name": "Olamide Fairweather-Quist"},
            "creditors": [
                {"name": "Tameside Council", "type": "council tax"},
                {"name": "Northway Credit", "type": "credit card"},
            ],
        }
    )
    out = redact_arguments(redactor.new_session(), raw)
    for kept in ("Tameside Council", "council tax", "Northway Credit", "credit card"):
        assert kept in out
    assert "Olamide" not in out and "Fairweather-Quist" not in out


@pytest.mark.parametrize(
    ("key", "value", "entity"),
    [
        ("creditor/name", "Oldham Council", None),
        ("name", "Harbourside Lettings", None),
        ("name", "Ffion Gwilym", "PERSON"),
        ("creditor/name", "Tomasz Wierzbicki", "PERSON"),
    ],
)
def test_keyed_entity_drops_what_names_no_person(key: str, value: str, entity: str | None) -> None:
    assert keyed_entity(key, value) == entity


@pytest.mark.parametrize(
    "value", ["Greyfriars Recoveries", "Penlan Garden Care", "Ashdown Lending", "Calder Bailiffs"]
)
def test_a_firm_named_by_its_trade_is_no_person(value: str) -> None:
    assert names_no_person(value)


def test_a_person_before_a_trade_word_stays_a_person() -> None:
    assert not names_no_person("Megan Care")  # a listed first name


# -- a business's trading name --------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["trading_name", "businessName", "shop name", "brand_name", "Name des Betriebs"]
)
def test_a_trading_name_key_names_no_person(key: str) -> None:
    assert keyed_entity(key, "Llanberis Bike Hire") is None


def test_trading_name_is_kept_and_the_owner_found(redactor: PresidioRedactor) -> None:
    text = '{"trading_name": "Llanberis Bike Hire", "owner_name": "Gwenllian Pritchard"}'
    found = persons(redactor, text, "en")
    assert found == {"Gwenllian Pritchard"}


# -- a firm in a reply's attribution line ---------------------------------------------------


def test_firm_in_an_attribution_line_leaves_only_its_surname() -> None:
    text = "> On 14 Jan 2026, Hargreaves Enforcement wrote:\n> Our agent will call."
    assert [text[s:e] for _, s, e in scan_mail_headers(text)] == ["Hargreaves"]


def test_person_in_an_attribution_line_is_still_found() -> None:
    text = "> On 14 Jan 2026, Ruairi Mac Giolla wrote:\n> Our agent will call."
    assert [text[s:e] for _, s, e in scan_mail_headers(text)] == ["Ruairi Mac Giolla"]


# -- the detector's spans ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Student Finance asked for my payslips again.", "Student Finance"),
        ("I got a Notice of Appeal today.", "Notice of Appeal"),
        ("then Legal Aid refused it", "Legal Aid"),
    ],
)
def test_frequent_unlisted_words_name_no_person(text: str, span: str) -> None:
    assert _vetoed(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Joy Bird asked for my payslips again.", "Joy Bird"),  # both harvested names
        ("Rose Baker asked for my payslips.", "Rose Baker"),  # listed names
        ("spelt P for Papa, Golf K for Kilo", "Golf K"),  # a letter: the spelled name
    ],
)
def test_names_of_frequent_words_stay_names(text: str, span: str) -> None:
    assert not _vetoed(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Pension Service\nMail Handling Site A", "Service"),
        ("Disclosure and Barring Service\nPO Box 3961", "Barring Service"),
    ],
)
def test_office_line_with_words_before_the_span(text: str, span: str) -> None:
    assert _vetoed(text, span)


def test_name_on_a_line_before_an_office_word_stays() -> None:
    assert not _vetoed("Dear Gwenllian Pritchard\nHousing Service", "Gwenllian Pritchard")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Der Förderverein Lindenschule e.V. sammelt Spenden.", "V."),
        ("Schreinerei Holzwurm e.K.; Sitz Bonn", "K."),
    ],
)
def test_letter_of_a_legal_form_is_no_initial(text: str, span: str) -> None:
    assert _vetoed(text, span)


def test_initial_after_a_space_stays() -> None:
    assert not _vetoed("Inhaber: Torben K. Wessels", "K.")


def test_owner_of_a_sole_traders_firm_is_still_found(redactor: PresidioRedactor) -> None:
    text = "Firma: Bäckerei Henrike Ostendorp e.K., Sitz Münster"
    assert "Henrike Ostendorp" in persons(redactor, text, "de")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("MIA onboarding checklist\nsee attached", "MIA"),
        ("Re: ELI assessment – part 2", "ELI"),
    ],
)
def test_acronym_heading_is_no_name(text: str, span: str) -> None:
    assert _vetoed(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("TOM rang about the boiler.", "TOM"),
        ("EVA called yesterday about the flat.", "EVA"),
        ("IDA hat gestern angerufen.", "IDA"),
    ],
)
def test_name_in_capitals_before_its_verb_stays(text: str, span: str) -> None:
    assert not _vetoed(text, span)


# -- a spouse after a possessive and an adjective ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Das Konto lief auf meinen verstorbenen Mann Ortwin Haselhorst.", "Ortwin Haselhorst"),
        ("Es gehörte meiner geschiedenen Frau Annegret Wulfekamp.", "Annegret Wulfekamp"),
    ],
)
def test_spouse_noun_after_possessive_is_no_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert persons(redactor, text, "de") == {name}
