"""Issue 19, round 22 (migration, asylum, registration, legal aid): case numbers of the BAMF,
foreigners' authorities, courts, the Home Office and UKVI after their cues, under their keys
and in their own shapes; dates of birth in the Hijri, Solar Hijri and Ethiopian calendars,
and the same date written again in another calendar.
"""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.recognizers.case_numbers import find_case_numbers
from pii.recognizers.date import DateRecognizer
from pii.structured import entity_for_key


def _entities(redactor: PresidioRedactor, text: str) -> dict[str, str]:
    return {text[f.start : f.end]: f.entity_type for f in redactor.analyze(text)}


def _numbers(text: str) -> list[str]:
    return [text[s:e] for _, s, e, _ in find_case_numbers(text)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Bescheid für Herrn X, Gesch.-Z.: 7712034 - 318\n", "7712034 - 318"),
        ("BAMF Geschäftszeichen 6620419-163 vom Mai", "6620419-163"),
        ("Frau Y, geb. 02.05.1988, Aktenzeichen 41.3-2207/24, wohnt", "41.3-2207/24"),
        ("Herrn Z, geboren 1.1.1990, Az. 21.4-B-33019 beantragt", "21.4-B-33019"),
        ("Aktenzeichen ABH: 2.14-AE-77310\n", "2.14-AE-77310"),
        ("UK Visas and Immigration\nOur ref: R5540912\nPort ref: LHR/03/02/2025\n", "R5540912"),
        ("UK Visas and Immigration\nOur ref: R5540912\nPort ref: LHR/03/02/2025\n",
         "LHR/03/02/2025"),
        ("the Home Office ref Q3307815 – my status", "Q3307815"),
        ("the Home Office (ref Z7712049) refused", "Z7712049"),
        ("his UAN 7781-0043-2219-5507 and", "7781-0043-2219-5507"),
        ("ARC no. MNC 772014-31).", "MNC 772014-31"),
        ("Local authority ref: LA-UASC-9902\n", "LA-UASC-9902"),
        ("supervisor (SRA ID 705512).", "705512"),
        ("list: HU/03391/2024  Mr A", "HU/03391/2024"),
        ("EA/00412/2026 listed", "EA/00412/2026"),
        ("refs GWF058812337, IHS512290046", "GWF058812337"),
        ("refs GWF058812337, IHS512290046", "IHS512290046"),
        ("Klage 12 K 4471/24.A erhoben", "12 K 4471/24.A"),
        ("Betreff: BG-Nr. 44102//0063317\n", "44102//0063317"),
        ('{"az": "ABH-17-2209/26"}', "ABH-17-2209/26"),
    ],
)
def test_case_numbers_found(text: str, number: str) -> None:
    assert number in _numbers(text)


@pytest.mark.parametrize(
    "text",
    [
        "Betreff: Anhörung Hr. Ionescu (Az. 41.2-5580)",  # an authority's own file number
        "Your reference is INV-55012.",  # a company's, no Home Office letter
        "Our ref: K1234567 (Stadtwerke)",
        "our ref 2026 and",
        "im Aktenzeichen 12 O 44/21 des Landgerichts",
        "Bürgergeld (BG-Nummer WG-2024-55012)",
    ],
)
def test_no_case_numbers(text: str) -> None:
    assert _numbers(text) == []


@pytest.mark.parametrize(
    "key",
    ["ho_ref", "home_office_ref", "bamf_az", "sponsor_brp", "brp_number", "uan", "share_code"],
)
def test_case_number_keys(key: str) -> None:
    assert entity_for_key(key) == "CASE_NUMBER"


def test_generic_aktenzeichen_key_is_no_case_number() -> None:
    assert entity_for_key("aktenzeichen") != "CASE_NUMBER"


def _dates(text: str) -> dict[str, str]:
    return {text[s:e]: entity for entity, s, e, _ in DateRecognizer().scan(text)}


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("DOB 17 Rajab 1410 / 12 February 1990.", ["17 Rajab 1410", "12 February 1990"]),
        (
            "Geburtsdatum: 3. Dhu al-Qi'dah 1420 H, entspricht 09.02.2000",
            ["3. Dhu al-Qi'dah 1420 H", "09.02.2000"],
        ),
        ("geb.: 1369/05/02 (24.07.1990)", ["1369/05/02", "24.07.1990"]),
        (
            "his DOB is 1372/01/15 in the Afghan tazkira, 4 April 1993 on the BRP.",
            ["1372/01/15", "4 April 1993"],
        ),
        ("geb. laut Pass 5 Ramadan 1419 (= 24.12.1998)", ["5 Ramadan 1419", "24.12.1998"]),
        ("born 20 Sunbula 1375", ["20 Sunbula 1375"]),
        ("date of birth 12 Meskerem 1985 E.C.", ["12 Meskerem 1985 E.C."]),
        ("Date of birth on file: 3 March 1997", ["3 March 1997"]),
    ],
)
def test_other_calendar_birth_dates(text: str, dates: list[str]) -> None:
    found = _dates(text)
    for date in dates:
        assert found.get(date) == "DATE_OF_BIRTH", (date, found)


def test_date_after_birth_date_without_equivalence_stays_a_date() -> None:
    found = _dates("geb. 01.01.1990. Termin am 03.03.2026 beim Amt")
    assert "03.03.2026" not in found


def test_redactor_hides_case_number(redactor: PresidioRedactor) -> None:
    text = "Tribunal list: RP/00871/2025 Mr A, GWF ref GWF066120984."
    found = _entities(redactor, text)
    assert found.get("RP/00871/2025") == "CASE_NUMBER"
    assert found.get("GWF066120984") == "CASE_NUMBER"


def test_civil_register_entry_hidden_whole(redactor: PresidioRedactor) -> None:
    text = "Head of family: see above\nCivil registry: Hama / Al-Hader / 1093\nWife: see below"
    found = _entities(redactor, text)
    assert found.get("Hama / Al-Hader / 1093") == "CASE_NUMBER", found
