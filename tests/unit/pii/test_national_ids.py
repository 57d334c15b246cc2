"""National identifiers of other countries (pii/recognizers/national_ids.py).

The values are made up here: a prefix completed with the check character that the
identifier's validator accepts (python-stdnum), in each notation people type, the same with a
wrong check character (must stay), and ordinary numbers of the same shape (amounts, file
numbers, dates, phone numbers) that must not become identifiers.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable

import pytest
from stdnum.at import vnr
from stdnum.be import nn
from stdnum.cz import rc
from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.ie import pps
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.se import personnummer
from stdnum.tr import tckimlik
from stdnum.ua import rntrc

from pii.conversation import Conversation
from pii.engine import PresidioRedactor
from pii.normalize import collapse_spaced_runs
from pii.recognizers.national_ids import ENTITY_TYPES, find_national_ids
from pii.structured import entity_for_key

DIGITS = string.digits
LETTERS = string.ascii_uppercase


def complete(prefix: str, alphabet: Iterable[str], valid: Callable[[str], bool]) -> str:
    """``prefix`` with the first check suffix from ``alphabet`` that ``valid`` accepts."""
    for suffix in alphabet:
        if valid(prefix + suffix):
            return prefix + suffix
    raise AssertionError(f"no check suffix for {prefix}")


def wrong(prefix: str, alphabet: Iterable[str], valid: Callable[[str], bool]) -> str:
    """``prefix`` with a check suffix that ``valid`` rejects."""
    for suffix in alphabet:
        if not valid(prefix + suffix):
            return prefix + suffix
    raise AssertionError(f"every suffix valid for {prefix}")


TWO_DIGITS = [f"{n:02d}" for n in range(100)]
PPS_SUFFIXES = [a + b for a in LETTERS[:23] for b in ("", "A", "W")]


def group(digits: str, sizes: Iterable[int], sep: str) -> str:
    """``digits`` split into groups of ``sizes`` joined with ``sep``."""
    parts, at = [], 0
    for size in sizes:
        parts.append(digits[at : at + size])
        at += size
    return sep.join(parts)


def hits(text: str) -> set[tuple[str, str]]:
    return {(entity, text[start:end]) for entity, start, end, _ in find_national_ids(text)}


def entities(text: str) -> set[str]:
    return {entity for entity, *_ in find_national_ids(text)}


# -- valid values in each notation ----------------------------------------------------------

NHS_A = complete("943476591", DIGITS, nhs.is_valid)
NHS_B = complete("485777345", DIGITS, nhs.is_valid)
BSN_A = complete("11122233", DIGITS, bsn.is_valid)
BSN_B = complete("52376614", DIGITS, bsn.is_valid)
PESEL_A = complete("8507151234", DIGITS, pesel.is_valid)
PESEL_B = complete("0227030567", DIGITS, pesel.is_valid)  # born 2002 (month + 20)
BE_A = complete("850730033", TWO_DIGITS, nn.is_valid)
BE_B = complete("010203123", TWO_DIGITS, nn.is_valid)  # born 2001 (other check base)
CZ_A = complete("805512123", DIGITS, rc.is_valid)  # a woman (month + 50)
SE_A = complete("19811218987", DIGITS, lambda v: personnummer.is_valid(v[:8] + "-" + v[8:]))
FR_A = complete("1850575123456", TWO_DIGITS, nir.is_valid)
FR_B = complete("2930799352123", TWO_DIGITS, nir.is_valid)
PT_A = complete("12345678", DIGITS, nif.is_valid)
ES_DNI = "12345678" + dni.calc_check_digit("12345678")
ES_DNI_B = "50291873" + dni.calc_check_digit("50291873")
ES_NIE = "X1234567" + nie.calc_check_digit("X1234567")
IT_CF = complete("RSSMRA85T10A562", LETTERS, codicefiscale.is_valid)
IT_CF_WOMAN = complete("BNCLCU90A41F205", LETTERS, codicefiscale.is_valid)
FI_A = complete("311280-888", DIGITS + LETTERS, hetu.is_valid)
FI_B = complete("010203A123", DIGITS + LETTERS, hetu.is_valid)
PPS_OLD = complete("1234567", LETTERS[:23], pps.is_valid)
PPS_NEW = complete("8765432", PPS_SUFFIXES, pps.is_valid)
TR_A = complete("246813579", TWO_DIGITS, tckimlik.is_valid)
TR_B = complete("702151908", TWO_DIGITS, tckimlik.is_valid)
UA_A = complete("294071365", DIGITS, rntrc.is_valid)
UA_B = complete("358819204", DIGITS, rntrc.is_valid)


def _at_value() -> str:
    serial = "123"
    check = vnr.calc_check_digit(serial + "0" + "150380")
    return f"{serial}{check} 150380"


AT_SPACED = _at_value()
CZ_WRONG = wrong(CZ_A[:9], DIGITS, rc.is_valid)
SE_WRONG = wrong(SE_A[:11], DIGITS, lambda v: personnummer.is_valid(v[:8] + "-" + v[8:]))


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        # US: dashes on their own; other separators after a cue.
        ("SSN on file: 536-90-4399.", "US_SSN", "536-90-4399"),
        ("Roster row: Diaz, 212-44-1098, VITA", "US_SSN", "212-44-1098"),
        ("social security number 536 90 4399", "US_SSN", "536 90 4399"),
        ("SSN 536904399", "US_SSN", "536904399"),
        ("ITIN 912-70-1234 on the W-7", "US_ITIN", "912-70-1234"),
        ("default itin: 987-91-0042", "US_ITIN", "987-91-0042"),
        ("ITIN 912.70.1234", "US_ITIN", "912.70.1234"),
        # NHS: 3-3-4 spaced alone, plain or dashed after "NHS".
        (
            f"Patient {group(NHS_A, (3, 3, 4), ' ')} seen today",
            "UK_NHS",
            group(NHS_A, (3, 3, 4), " "),
        ),
        (f"NHS no. {NHS_B}", "UK_NHS", NHS_B),
        (f"nhs_number: {group(NHS_B, (3, 3, 4), '-')}", "UK_NHS", group(NHS_B, (3, 3, 4), "-")),
        # PPS numbers, old (one letter) and new (two letters).
        (f"PPS {PPS_OLD} on the form", "IE_PPSN", PPS_OLD),
        (f"My number is {PPS_NEW}.", "IE_PPSN", PPS_NEW),
        # Belgium: dotted and dashed, plain after a cue.
        (
            f"Rijksregisternummer {group(BE_A, (2, 2, 2), '.')}-{BE_A[6:9]}.{BE_A[9:]}",
            "BE_NATIONAL_NUMBER",
            f"{group(BE_A, (2, 2, 2), '.')}-{BE_A[6:9]}.{BE_A[9:]}",
        ),
        (
            f"| Jan | {BE_B[:6]}-{BE_B[6:9]}-{BE_B[9:]} |",
            "BE_NATIONAL_NUMBER",
            f"{BE_B[:6]}-{BE_B[6:9]}-{BE_B[9:]}",
        ),
        (f"numéro national: {BE_B}", "BE_NATIONAL_NUMBER", BE_B),
        # Netherlands: 4.2.3 dots alone; plain after "BSN".
        (f"ID-kaart {group(BSN_A, (4, 2, 3), '.')}", "NL_BSN", group(BSN_A, (4, 2, 3), ".")),
        (f'{{"bsn": "{BSN_B}"}}', "NL_BSN", BSN_B),
        (
            f"burgerservicenummer {group(BSN_B, (3, 3, 3), ' ')}",
            "NL_BSN",
            group(BSN_B, (3, 3, 3), " "),
        ),
        # Portugal, Poland: plain digits after their cue.
        (f"NIF {PT_A}", "PT_NIF", PT_A),
        (f"contribuinte n.º {group(PT_A, (3, 3, 3), ' ')}", "PT_NIF", group(PT_A, (3, 3, 3), " ")),
        (f"PESEL: {PESEL_A}", "PL_PESEL", PESEL_A),
        (f'{{"pesel": "{PESEL_B}"}}', "PL_PESEL", PESEL_B),
        # Czechia: YYMMDD/SSSC alone, plain after a cue.
        (f"Rodné číslo {CZ_A[:6]}/{CZ_A[6:]}", "CZ_BIRTH_NUMBER", f"{CZ_A[:6]}/{CZ_A[6:]}"),
        (f"ich habe {CZ_A[:6]}/{CZ_A[6:]} angegeben", "CZ_BIRTH_NUMBER", f"{CZ_A[:6]}/{CZ_A[6:]}"),
        (f"rodne cislo {CZ_A}", "CZ_BIRTH_NUMBER", CZ_A),
        # Finland, Sweden.
        (f"Henkilötunnus {FI_A}", "FI_PERSONAL_IDENTITY_CODE", FI_A),
        (f"born 2003: {FI_B}", "FI_PERSONAL_IDENTITY_CODE", FI_B),
        (
            f"{SE_A[:8]}-{SE_A[8:]} (Astrid)",
            "SE_PERSONAL_IDENTITY_NUMBER",
            f"{SE_A[:8]}-{SE_A[8:]}",
        ),
        (f"pnr {SE_A[2:8]}-{SE_A[8:]}", "SE_PERSONAL_IDENTITY_NUMBER", f"{SE_A[2:8]}-{SE_A[8:]}"),
        (f"personnummer {SE_A}", "SE_PERSONAL_IDENTITY_NUMBER", SE_A),
        # Italy, Spain.
        (f"Codice fiscale {IT_CF}", "IT_FISCAL_CODE", IT_CF),
        (f"CF: {IT_CF_WOMAN}.", "IT_FISCAL_CODE", IT_CF_WOMAN),
        (f"DNI {ES_DNI}", "ES_NIF", ES_DNI),
        (f"DNI {ES_DNI_B[:8]}-{ES_DNI_B[8]}", "ES_NIF", f"{ES_DNI_B[:8]}-{ES_DNI_B[8]}"),
        (
            f"DNI {ES_DNI_B[:2]}.{ES_DNI_B[2:5]}.{ES_DNI_B[5:8]}-{ES_DNI_B[8]}",
            "ES_NIF",
            f"{ES_DNI_B[:2]}.{ES_DNI_B[2:5]}.{ES_DNI_B[5:8]}-{ES_DNI_B[8]}",
        ),
        (f"NIE {ES_NIE}", "ES_NIE", ES_NIE),
        (
            f"NIE {ES_NIE[0]}-{ES_NIE[1:8]}-{ES_NIE[8]}",
            "ES_NIE",
            f"{ES_NIE[0]}-{ES_NIE[1:8]}-{ES_NIE[8]}",
        ),
        # Austria: spaced alone, plain after a cue.
        (f"SV-Nr. {AT_SPACED}", "AT_SOCIAL_SECURITY", AT_SPACED),
        (f"Versichert unter {AT_SPACED} bei der ÖGK", "AT_SOCIAL_SECURITY", AT_SPACED),
        (
            f"Sozialversicherungsnummer {AT_SPACED.replace(' ', '')}",
            "AT_SOCIAL_SECURITY",
            AT_SPACED.replace(" ", ""),
        ),
        # France: one separator throughout or none.
        (
            f"NIR {group(FR_A, (1, 2, 2, 2, 3, 3, 2), ' ')}",
            "FR_NIR",
            group(FR_A, (1, 2, 2, 2, 3, 3, 2), " "),
        ),
        (f"carte Vitale {FR_B}", "FR_NIR", FR_B),
        (
            f"n° {group(FR_B, (1, 2, 2, 2, 3, 3, 2), '.')}",
            "FR_NIR",
            group(FR_B, (1, 2, 2, 2, 3, 3, 2), "."),
        ),
        # Germany: Steuernummer of a Finanzamt with slashes; 5/5 and spaced after a cue.
        ("Steuernummer 181/815/08155", "DE_TAX_NUMBER", "181/815/08155"),
        ("StNr 21/815/08150 (Berlin)", "DE_TAX_NUMBER", "21/815/08150"),
        ("laut Bescheid 133/8150/8159", "DE_TAX_NUMBER", "133/8150/8159"),
        ("Steuernummer: 93815/08152", "DE_TAX_NUMBER", "93815/08152"),
        ("Steuernummer 013 815 08153", "DE_TAX_NUMBER", "013 815 08153"),
        # Turkey, Ukraine: plain digits after their cue.
        (f"T.C. Kimlik No: {TR_A} (Nüfus cüzdanı)", "TR_TC_KIMLIK", TR_A),
        (f"TCKN {TR_B}", "TR_TC_KIMLIK", TR_B),
        (f"meine Kimlik-Nummer ist {TR_A}", "TR_TC_KIMLIK", TR_A),
        (f"РНОКПП: {UA_A}", "UA_RNOKPP", UA_A),
        (f"ІПН {UA_B}", "UA_RNOKPP", UA_B),
        (f"her individual tax number (Ukraine) is {UA_A}", "UA_RNOKPP", UA_A),
        (f'{{"rnokpp": "{UA_B}"}}', "UA_RNOKPP", UA_B),
    ],
)
def test_finds_valid_identifiers(text: str, entity: str, value: str) -> None:
    assert (entity, value) in hits(text)


@pytest.mark.parametrize(
    "text",
    [
        # The same shapes with a wrong check character.
        f"Patient {group(wrong(NHS_A[:9], DIGITS, nhs.is_valid), (3, 3, 4), ' ')} seen",
        f"NHS no. {wrong(NHS_B[:9], DIGITS, nhs.is_valid)}",
        f"PPS {wrong('1234567', LETTERS[:23], pps.is_valid)}",
        f"Rijksregisternummer {wrong(BE_A[:9], TWO_DIGITS, nn.is_valid)}",
        f"BSN {wrong(BSN_A[:8], DIGITS, bsn.is_valid)}",
        f"NIF {wrong(PT_A[:8], DIGITS, nif.is_valid)}",
        f"PESEL {wrong(PESEL_A[:10], DIGITS, pesel.is_valid)}",
        f"Rodné číslo {CZ_WRONG[:6]}/{CZ_WRONG[6:]}",
        f"Henkilötunnus {wrong(FI_A[:10], DIGITS + LETTERS, hetu.is_valid)}",
        f"personnummer {SE_WRONG[:8]}-{SE_WRONG[8:]}",
        f"Codice fiscale {wrong(IT_CF[:15], LETTERS, codicefiscale.is_valid)}",
        f"DNI {wrong(ES_DNI[:8], LETTERS, dni.is_valid)}",
        f"NIE {wrong(ES_NIE[:8], LETTERS, nie.is_valid)}",
        f"SV-Nr. {AT_SPACED[:3]}{(int(AT_SPACED[3]) + 1) % 10}{AT_SPACED[4:]}",
        f"NIR {wrong(FR_A[:13], TWO_DIGITS, nir.is_valid)}",
        f"TCKN {wrong(TR_A[:9], TWO_DIGITS, tckimlik.is_valid)}",
        f"RNOKPP {wrong(UA_A[:9], DIGITS, rntrc.is_valid)}",
        # US numbers outside the issued ranges.
        "SSN 666-12-3456, 000-12-3456, 123-00-4567, 123-45-0000",
        "ITIN 912-93-1234 and 912-45-1234",
        # Plain digits without their cue.
        f"Bestellung {BSN_A} ist unterwegs",
        f"order {PT_A} shipped",
        f"Vorgang {PESEL_A} abgeschlossen",
        f"Ticket {NHS_B} closed",
        f"Vorgang {TR_A} abgeschlossen",
        f"Sendung {UA_B} zugestellt",
        f"Paket {group(NHS_B, (3, 3, 4), '-')} geliefert",
    ],
)
def test_ignores_wrong_check_digits_and_uncued_numbers(text: str) -> None:
    assert hits(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "AZ 2026/0412, Aktenzeichen 3 K 1234/25, GS-2026-00817",
        "Betrag 1.234.567,89 EUR, 12.345,00 €, USD 9,876,543.21",
        "am 12.05.2026, 2026-05-12, 12/05/2026, 05/12/26 um 09:30",
        "Rufnummer 030 12345678, +49 1512 8830417, 0171 2345678, (956) 555-0133",
        "call 212-555-0147 or 800 555 0199",
        "Rechnung 2026-00417, Kunden-Nr. 4711-0815, Vertrag 12345678",
        "ISBN 978-3-16-148410-0, DIN 18040-2, ISO 27001:2022",
        "Version 1.2.3, build 2026.05.12-1730",
        "Zimmer 3.104, Gebäude 12/4/2",
        "The meeting is 14:30-15:30 on 3 July, room 101, floor 2",
    ],
)
def test_ordinary_numbers_are_no_identifiers(text: str) -> None:
    assert hits(text) == set()


def test_texts_without_three_digits_cost_one_search() -> None:
    assert find_national_ids("Bitte rufen Sie mich an, Herr Meier, am 3. Mai.") == []


def test_every_format_has_its_own_entity_type() -> None:
    assert "US_SSN" in ENTITY_TYPES and "NL_BSN" in ENTITY_TYPES
    assert all(name.isupper() and " " not in name for name in ENTITY_TYPES)


# -- through the redactor (both languages) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Our client's SSN is 536-90-4399, please file the return.", "US_SSN"),
        (f"Die NIE des Antragstellers lautet {ES_NIE}.", "ES_NIE"),
        (f"Codice fiscale der Mutter: {IT_CF_WOMAN}", "IT_FISCAL_CODE"),
        (
            f"Rijksregisternummer {BE_B[:2]}.{BE_B[2:4]}.{BE_B[4:6]}-{BE_B[6:9]}.{BE_B[9:]}",
            "BE_NATIONAL_NUMBER",
        ),
        # A Cyrillic cue in capitals: the analysed text has its Latin-looking letters folded.
        (f"Дані отримувача: РНОКПП {UA_B}, дякую.", "UA_RNOKPP"),
        (f"ІНН / РНОКПП: {UA_A}", "UA_RNOKPP"),
    ],
)
def test_redactor_hides_national_ids(redactor: PresidioRedactor, text: str, entity: str) -> None:
    assert entity in {f.entity_type for f in redactor.analyze(text)}


def test_form_boxes_are_joined_like_spaced_digits() -> None:
    text = "Steuer-ID (Kästchen): |8|6|0|9|5|7|4|2|7|1|9| bitte prüfen"
    pieces = collapse_spaced_runs(text)
    assert [joined for joined, *_ in pieces] == ["86095742719"]


def test_steuer_id_typed_into_boxes_is_redacted(redactor: PresidioRedactor) -> None:
    text = "Steuer-ID aus dem Formular: | 8 | 6 | 0 | 9 | 5 | 7 | 4 | 2 | 7 | 1 | 9 | stimmt das?"
    redacted = redactor.new_session().redact(text)
    assert "8 | 6 | 0" not in redacted and "stimmt das?" in redacted


@pytest.mark.parametrize(
    ("key", "entity"),
    [
        ("nhs_number", "UK_NHS"),
        ("BSN", "NL_BSN"),
        ("pesel", "PL_PESEL"),
        ("ssn", "US_SSN"),
        ("Steuer-Nr.", "DE_TAX_NUMBER"),
        ("codice_fiscale", "IT_FISCAL_CODE"),
        ("ppsn", "IE_PPSN"),
        ("personnummer", "SE_PERSONAL_IDENTITY_NUMBER"),
        ("tc_kimlik_no", "TR_TC_KIMLIK"),
        ("RNOKPP", "UA_RNOKPP"),
    ],
)
def test_when_key_names_a_national_identifier_then_it_names_its_entity(
    key: str, entity: str
) -> None:
    assert entity_for_key(key) == entity


def test_when_value_stands_under_an_identifier_key_then_it_is_redacted_without_its_cue(
    redactor: PresidioRedactor,
) -> None:
    # A streamed tool argument arrives value by value: the key is not in the text.
    conversation = Conversation(redactor.new_session())
    conversation.collect_keyed("bsn", "111222333")
    assert conversation.redact_keyed("bsn", "111222333") == "<NL_BSN_1>"


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        (
            "Schreiben vom Jobcenter, Kundennummer: 937D220418, Termin",
            "DE_BA_CUSTOMER_NUMBER",
            "937D220418",
        ),
        ('{"kundennr": "105D774301"}', "DE_BA_CUSTOMER_NUMBER", "105D774301"),
        (
            "Abholung mit Postnummer 1234 5678 9? nein: Postnummer 402 118 736.",
            "DE_POSTNUMMER",
            "402 118 736",
        ),
        ("DHL Postnummer: 55320917", "DE_POSTNUMMER", "55320917"),
    ],
)
def test_personal_customer_number_after_its_cue_is_found(
    text: str, entity: str, value: str
) -> None:
    assert (entity, value) in hits(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kundennummer 402118736 (Online-Shop)",  # a shop's number: no "D" in the BA shape
        "Bestellnummer 937D220418",  # the BA shape without its cue
        "Sendungsnummer 402 118 736",  # digits without "Postnummer"
    ],
)
def test_customer_number_without_its_cue_or_shape_stays(text: str) -> None:
    assert not entities(text) & {"DE_BA_CUSTOMER_NUMBER", "DE_POSTNUMMER"}
