"""Issue 19 (2): identifier formats with the separators people type, checked where a check
digit exists; e-mail after de-obfuscation; phone regions per deployment."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor, build_redactor
from pii.types import PiiConfig


def found(redactor: PresidioRedactor, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Steuer-ID 860 957 427 19", "DE_TAX_ID", "860 957 427 19"),
        ("IdNr. 86.095.742.719 laut Bescheid", "DE_TAX_ID", "86.095.742.719"),
        ("meine 860-957-427-19", "DE_TAX_ID", "860-957-427-19"),
        ("RV-Nummer 65 170839 J 00 3", "DE_SOCIAL_SECURITY", "65 170839 J 00 3"),
        ("SV 65-170839-J-003", "DE_SOCIAL_SECURITY", "65-170839-J-003"),
        ("IBAN DE89 37040044 0532013000", "IBAN_CODE", "DE89 37040044 0532013000"),
        ("IBAN DE89 370 400 440 532 013 000 bitte", "IBAN_CODE", "DE89 370 400 440 532 013 000"),
        ("Konto AT61 19043 00234 573201", "IBAN_CODE", "AT61 19043 00234 573201"),
        ("Visa 4241 5920 6611 2579 769", "CREDIT_CARD", "4241 5920 6611 2579 769"),
        ("Maestro-Karte 6759 5774 6372", "CREDIT_CARD", "6759 5774 6372"),
        ("Mastercard 2221 2415 9206 6111", "CREDIT_CARD", "2221 2415 9206 6111"),
        ("card 2720-2415-9206-6117", "CREDIT_CARD", "2720-2415-9206-6117"),
        ("JCB 3530 2415 9206 6115", "CREDIT_CARD", "3530 2415 9206 6115"),
        ("schreib an jana @ web . de", "EMAIL_ADDRESS", "jana @ web . de"),
        ("Mail: jana&#64;web.de", "EMAIL_ADDRESS", "jana&#64;web.de"),
        ("kontakt jana&commat;web&period;de bitte", "EMAIL_ADDRESS", "jana&commat;web&period;de"),
        ("Mail jana.k&#x40;gmx&#46;net", "EMAIL_ADDRESS", "jana.k&#x40;gmx&#46;net"),
        ("call me at +1 202 555 0143", "PHONE_NUMBER", "+1 202 555 0143"),
        ("London office 0044 20 7946 0958", "PHONE_NUMBER", "0044 20 7946 0958"),
        ("UK mobile +44 7911 123456", "PHONE_NUMBER", "+44 7911 123456"),
        # International form with a possible length, in a range phonenumbers does not know
        # to be assigned (Ofcom's drama range): still a phone number.
        ("ring +44 7700 900982 later", "PHONE_NUMBER", "+44 7700 900982"),
        # Amex 4-6-5 and Diners 4-6-4 groupings (15 and 14 digits, with a card cue).
        ("Amex 3782 822463 10005 please", "CREDIT_CARD", "3782 822463 10005"),
        ("Diners card 3056 930902 5904", "CREDIT_CARD", "3056 930902 5904"),
        # The issuer's own grouping with its prefix is a card without a cue word ("Diners
        # Club" has none of the old ones), and "diners" is a cue for other groupings.
        ("Diners Club 3056 930902 5904 - expiry 04/31", "CREDIT_CARD", "3056 930902 5904"),
        ("ref 3852 000002 3237 attached", "CREDIT_CARD", "3852 000002 3237"),
        ("paid with Diners 30569309025904", "CREDIT_CARD", "30569309025904"),
    ],
)
def test_when_format_typed_with_separators_then_value_found(
    redactor: PresidioRedactor, text: str, entity: str, value: str
) -> None:
    assert (entity, value) in found(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Steuer-ID 860 957 427 18",  # wrong check digit
        "Maestro-Karte 6759 5774 6373",  # wrong Luhn digit
        "Aktenzeichen 675957746372",  # a Luhn-valid 12-digit number without a card cue
        "Treffen @ Rathaus. Danach Kaffee",
        "a &amp; b &lt;c&gt;",
        "Summe 2.345.678.901 Euro",
        "Amex 3782 822463 10006",  # wrong Luhn digit
        "Vorgang 3056 930902 5905",  # Diners grouping, wrong Luhn digit
        "Vorgang 4056 930902 5902",  # Luhn-valid 4-6-4, not a Diners prefix, no cue
        "Kurs +12 345 678 Punkte",  # no country's numbers have that length
    ],
)
def test_when_look_alike_then_no_identifier_found(redactor: PresidioRedactor, text: str) -> None:
    types = {entity for entity, _ in found(redactor, text)}
    assert not types & {"DE_TAX_ID", "CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER"}


def test_when_us_region_configured_then_national_us_numbers_found(
    redactor: PresidioRedactor, nlp_cache_dir: str
) -> None:
    text = "Call (555) 123-4567 or 415-555-2671."
    assert found(redactor, text) == []  # the default regions (DE, AT, CH) add nothing US
    us = build_redactor(PiiConfig(nlp_cache_dir=nlp_cache_dir, phone_regions=("DE", "US")))
    assert found(us, text) == [
        ("PHONE_NUMBER", "(555) 123-4567"),
        ("PHONE_NUMBER", "415-555-2671"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("konto de89-3704-0044-0532-0130-00 bitte", "de89-3704-0044-0532-0130-00"),
        ("uk account gb82/west/1234/5698/7654/32.", "gb82/west/1234/5698/7654/32"),
        ("iban ch93.0076.2011.6238.5295.7 danke", "ch93.0076.2011.6238.5295.7"),
    ],
)
def test_when_a_lower_case_iban_has_dashes_dots_or_slashes_then_found(
    redactor: PresidioRedactor, text: str, value: str
) -> None:
    assert found(redactor, text) == [("IBAN_CODE", value)]


@pytest.mark.parametrize("space", [" ", "\u00a0"])
@pytest.mark.parametrize("cue", ["Steuer-ID", "Kunden ID", "IdNr"])
def test_when_a_tax_id_follows_two_capitals_then_it_is_not_joined_as_an_iban(
    redactor: PresidioRedactor, cue: str, space: str
) -> None:
    value = space.join(["71", "478", "793", "967"])
    text = f"Sie hat die {cue} {value} angegeben."

    assert found(redactor, text) == [("DE_TAX_ID", value)]


def test_when_a_lower_case_dashed_run_fails_mod_97_then_no_iban(
    redactor: PresidioRedactor,
) -> None:
    found_types = {entity for entity, _ in found(redactor, "ref de88-3704-0044-0532-0130-00")}
    assert "IBAN_CODE" not in found_types


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ring me at (646) 727-0391 after six", "(646) 727-0391"),
        ("Rückruf unter (213)484.5526 erbeten", "(213)484.5526"),
    ],
)
def test_when_a_us_number_is_written_with_its_area_code_in_brackets_then_found_anywhere(
    redactor: PresidioRedactor, text: str, value: str
) -> None:
    assert found(redactor, text) == [("PHONE_NUMBER", value)]


@pytest.mark.parametrize(
    "text", ["Seite (123) 456-7890", "Formel (512) 128-4096", "Vorwahl (199) 555-0100"]
)
def test_when_the_bracket_shape_breaks_the_plan_then_no_us_number(
    redactor: PresidioRedactor, text: str
) -> None:
    assert "PHONE_NUMBER" not in {entity for entity, _ in found(redactor, text)}


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://cdn.example.org/scan.png?owner=jana.kowalczyk%40web.de", "cdn.example.org"),
        ("https://files.example.org/u/bernd@t-online.de/a.jpg", "files.example.org/u/"),
        ("https://x.example.org/?to=jk@web.de&lang=de", "x.example.org/?to="),
    ],
)
def test_when_email_sits_in_a_url_then_only_the_address_is_redacted(
    redactor: PresidioRedactor, url: str, kept: str
) -> None:
    redacted = redactor.new_session().redact(url)
    assert kept in redacted and "<EMAIL_ADDRESS_1>" in redacted


@pytest.mark.parametrize(
    "address",
    ["support@stadtwerke.example", "poststelle@kreis.example", "buchhaltung@firma.de",
     "no-reply@portal.example", "jugendamt@stadt.example"],
)
def test_role_mailbox_is_no_personal_data(redactor: PresidioRedactor, address: str) -> None:
    assert found(redactor, f"Bitte an {address} schreiben") == []


@pytest.mark.parametrize(
    "address", ["lukas@web.de", "schneider@gmx.de", "wojtkowiak@posteo.de", "m.weber@firma.de"]
)
def test_personal_mailbox_stays_personal(redactor: PresidioRedactor, address: str) -> None:
    assert found(redactor, f"Bitte an {address} schreiben") == [("EMAIL_ADDRESS", address)]


def test_spelled_email_after_a_prose_at_is_read_from_the_second_at(
    redactor: PresidioRedactor,
) -> None:
    # The first "at" gives "us@liisa.kask", whose "kask" is no top-level domain.
    text = "you can reach us at liisa dot kask at neti dot ee tomorrow"
    assert found(redactor, text) == [("EMAIL_ADDRESS", "liisa dot kask at neti dot ee")]
