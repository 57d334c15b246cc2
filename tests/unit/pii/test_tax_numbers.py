"""Tax, VAT and account numbers (pii/recognizers/tax_numbers.py), issue 19 round 23.

The numbers are made up: a prefix completed with the check digits python-stdnum accepts, in
the notations people type; the same with a wrong check digit, and numbers of the same shape
without their cue (amounts, dates, phone numbers, order numbers, an office's own number)
must stay.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from stdnum.de import stnr
from stdnum.de import vat as de_vat
from stdnum.gb import utr
from stdnum.gb import vat as gb_vat

from pii.engine import PresidioRedactor
from pii.recognizers.national_ids import find_national_ids
from pii.recognizers.tax_numbers import find_account_numbers
from pii.structured import entity_for_key


def _complete(prefix: str, valid: Callable[[str], bool], width: int = 1) -> str:
    """``prefix`` with the first ``width`` check digits that ``valid`` accepts."""
    for n in range(10**width):
        candidate = prefix + f"{n:0{width}d}"
        if valid(candidate):
            return candidate
    raise AssertionError(prefix)


def _wrong(number: str) -> str:
    """``number`` with its last digit changed."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def _entities(redactor: PresidioRedactor, text: str) -> dict[str, str]:
    return {text[f.start : f.end]: f.entity_type for f in redactor.analyze(text)}


def _found(text: str) -> dict[str, str]:
    return {text[start:end]: entity for entity, start, end, _ in find_national_ids(text)}


DE_VAT = _complete("DE27104581", de_vat.is_valid)[2:]  # nine digits
GB_VAT = _complete("GB7310458", gb_vat.is_valid, width=2)[2:]
UTR = _complete("730418852", utr.is_valid)
DE_VAT_SPACED = f"{DE_VAT[:3]} {DE_VAT[3:6]} {DE_VAT[6:]}"
GB_VAT_SPACED = f"{GB_VAT[:3]} {GB_VAT[3:7]} {GB_VAT[7:]}"


def test_the_generated_numbers_are_valid() -> None:
    assert de_vat.is_valid("DE" + DE_VAT)
    assert gb_vat.is_valid("GB" + GB_VAT)
    assert utr.is_valid(UTR)
    assert stnr.is_valid("2893081508152")
    assert stnr.is_valid("2181508150")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (f"Rechnung, USt-IdNr. DE{DE_VAT}, zahlbar", f"DE{DE_VAT}"),
        (f"Rechnung, USt-IdNr.: DE {DE_VAT_SPACED}", f"DE {DE_VAT_SPACED}"),
        (f"Umsatzsteuer-Identifikationsnummer {DE_VAT}", DE_VAT),
        (f"VAT Reg No: GB {GB_VAT_SPACED}", f"GB {GB_VAT_SPACED}"),
        (f"our VAT number is GB{GB_VAT}.", f"GB{GB_VAT}"),
        (f"VAT registration number {GB_VAT_SPACED}", GB_VAT_SPACED),
    ],
)
def test_a_vat_number_with_its_check_digits_is_found(text: str, number: str) -> None:
    assert _found(text).get(number) == "VAT_ID"


def test_a_prefixed_vat_number_needs_no_cue() -> None:
    text = f"Lieferant: Holzbau Kern, DE{DE_VAT}, Zahlungsziel 14 Tage"
    assert _found(text).get(f"DE{DE_VAT}") == "VAT_ID"


@pytest.mark.parametrize(
    "text",
    [
        f"USt-IdNr. DE{_wrong(DE_VAT)}",  # wrong check digit
        f"VAT no. GB{_wrong(GB_VAT)}",
        f"Bestellung {DE_VAT} vom Montag",  # nine digits without a cue
        "VAT: 20% on 123 4567 89 units",  # not a valid VAT number
    ],
)
def test_numbers_that_are_no_vat_number_stay(text: str) -> None:
    assert "VAT_ID" not in _found(text).values()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (f"my UTR is {UTR[:5]} {UTR[5:]} and", f"{UTR[:5]} {UTR[5:]}"),
        (f"Unique Taxpayer Reference: {UTR}", UTR),
        (f"UTR:          {UTR}\nTax year: 2024-25", UTR),
        (f"paying HMRC by bank transfer, reference {UTR}K please", f"{UTR}K"),
        (f"Self Assessment for my client, his reference {UTR}", UTR),
    ],
)
def test_a_utr_after_its_cue_is_found(text: str, number: str) -> None:
    assert _found(text).get(number) == "UK_UTR"


@pytest.mark.parametrize(
    "text",
    [
        f"UTR {_wrong(UTR)}",  # wrong check digit
        f"order number {UTR}",  # no cue
        "Call HMRC on 0300 200 3310",  # a phone number
    ],
)
def test_numbers_that_are_no_utr_stay(text: str) -> None:
    assert "UK_UTR" not in _found(text).values()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Steuernummer 2893081508152 laut ELSTER", "2893081508152"),
        ("St.-Nr. 2181508150", "2181508150"),
        ("StNr: 013 815 08153", "013 815 08153"),
        ("Steuernummer 181/815/08155", "181/815/08155"),
    ],
)
def test_a_steuernummer_is_found(text: str, number: str) -> None:
    assert _found(text).get(number) == "DE_TAX_NUMBER"


@pytest.mark.parametrize(
    "text",
    [
        "Kontakt: 0221 2893081508",  # a phone number without a cue
        "Bestellnummer 2893081508152",  # thirteen digits without a cue
        "Finanzamt 2181 (Köln-Altstadt), BLZ 37050198",  # the office's own number, a BLZ
    ],
)
def test_numbers_that_are_no_steuernummer_stay(text: str) -> None:
    assert "DE_TAX_NUMBER" not in _found(text).values()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Beitragsnummer 304 118 276, bitte abmelden", "304 118 276"),
        ("mein Beitragskonto beim Beitragsservice hat die Nummer 733 029 115", "733 029 115"),
        ("Rundfunkbeitrag, Beitragsnummer: 902441873", "902441873"),
    ],
)
def test_a_beitragsnummer_is_found(text: str, number: str) -> None:
    assert _found(text).get(number) == "ACCOUNT_NUMBER"


def test_nine_digits_without_a_beitrag_cue_stay() -> None:
    assert "ACCOUNT_NUMBER" not in _found("Auftrag 304 118 276 ist versandt").values()


def _cued(text: str) -> dict[str, str]:
    return {text[start:end]: entity for entity, start, end, _ in find_account_numbers(text)}


@pytest.mark.parametrize(
    ("text", "number", "entity"),
    [
        (
            "ich soll unter Kassenzeichen 6.1203.448812.3 zahlen",
            "6.1203.448812.3",
            "ACCOUNT_NUMBER",
        ),
        (
            "Die Stadt vollstreckt, Kassenzeichen: 4410.2291.0073.18",
            "4410.2291.0073.18",
            "ACCOUNT_NUMBER",
        ),
        (
            "| Gläubiger | Zeichen |\n| Stadtwerke | Vertragskonto 210447863 |",
            "210447863",
            "ACCOUNT_NUMBER",
        ),
        ("Mahnung von Versand Süd, Kundennr. 55 18 07 42", "55 18 07 42", "ACCOUNT_NUMBER"),
        ("council tax account 30047712, arrears £820", "30047712", "ACCOUNT_NUMBER"),
        ("Creditors: Lakeland Loans (acc 771204385)", "771204385", "ACCOUNT_NUMBER"),
        ("my customer number is 4471203", "4471203", "ACCOUNT_NUMBER"),
        ("Housing benefit ref: 4471 2209", "4471 2209", "ACCOUNT_NUMBER"),
        ("Our ref: 1205 3301 7742\nDate: today", "1205 3301 7742", "CASE_NUMBER"),
        ("CMS case ref 1207 8810 0453", "1207 8810 0453", "CASE_NUMBER"),
        ("my case number is 1209 4420 1187.", "1209 4420 1187", "CASE_NUMBER"),
        ("Apex Enforcement, their ref 3310456627, want £200", "3310456627", "CASE_NUMBER"),
    ],
)
def test_an_account_or_case_reference_after_its_cue_is_found(
    text: str, number: str, entity: str
) -> None:
    assert _cued(text).get(number) == entity


@pytest.mark.parametrize(
    "text",
    [
        "CT REF 4411",  # a form's short reference
        "council tax account 2025-26",  # a tax year
        "Kundennummer 12.03.2024",  # a date
        "our ref 2024",  # a year
        "Bestellnummer 4410229100",  # an order number: no account cue
        "Finanzamt 2181, BLZ 37050198",
        "crime ref 14/88231/26",
        # a cash office's or a shop's number where nobody's debt is the subject
        "Die Rechnung ist am 15.11.2025 fällig. Bitte Kassenzeichen 3310.7702.2025 angeben.",
        "Bitte bei Rückfragen die Kundennummer 55180742 angeben.",
        "Owen's order: customer number 4471203",
    ],
)
def test_numbers_without_an_account_cue_stay(text: str) -> None:
    assert _cued(text) == {}


@pytest.mark.parametrize(
    ("key", "entity"),
    [
        ("vat_number", "VAT_ID"),
        ("USt-IdNr.", "VAT_ID"),
        ("utr", "UK_UTR"),
        ("beitragsnummer", "ACCOUNT_NUMBER"),
        ("Kassenzeichen", "ACCOUNT_NUMBER"),
        ("council_tax_account", "ACCOUNT_NUMBER"),
        ("vat", None),  # a rate or an amount
    ],
)
def test_tax_and_account_keys(key: str, entity: str | None) -> None:
    assert entity_for_key(key) == entity


def test_keyed_values_are_redacted_whatever_they_look_like(redactor: PresidioRedactor) -> None:
    text = '{"utr": "5531072460", "beitragsnummer": "118 204 337", "vat_number": "n/a"}'
    found = _entities(redactor, text)
    assert found.get("5531072460") == "UK_UTR"
    assert found.get("118 204 337") == "ACCOUNT_NUMBER"
    assert "n/a" not in found


def test_the_engine_redacts_them_and_keeps_the_office(redactor: PresidioRedactor) -> None:
    text = (
        f"Finanzamt Kassel, St.-Nr. 2181508150, USt-IdNr. DE{DE_VAT}; "
        "Mahnung zu Kassenzeichen 6.1203.448812.3; Betrag 1.204,50 € bis 31.03.2026"
    )
    found = _entities(redactor, text)
    assert found.get("2181508150") == "DE_TAX_NUMBER"
    assert found.get(f"DE{DE_VAT}") == "VAT_ID"
    assert found.get("6.1203.448812.3") == "ACCOUNT_NUMBER"
    assert "1.204,50" not in found and "Kassel" not in "".join(found)
