"""Issue 19, round 23 (debts and enforcement): the file numbers of a person's debt (a court's
enforcement and insolvency registers, a bailiff's Dienstregister, county court claims,
liability orders, references of collection agencies, enforcement agents and IVAs) by their
shapes, after their cues, in a text about a debt and under their keys; cited decisions and
court numbers without a debt stay; a phone number after "rang her on".
"""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.recognizers.case_numbers import find_case_numbers
from pii.recognizers.phone import PhoneRecognizer
from pii.structured import entity_for_key


def _numbers(text: str) -> list[str]:
    return [text[s:e] for _, s, e, _ in find_case_numbers(text)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # a court's enforcement and insolvency registers, anywhere
        ("Pfändungsbeschluss, Az. 318 M 2207/26, gegen mich", "318 M 2207/26"),
        ("Verbraucherinsolvenz 42 IK 87/23 am Amtsgericht Kiel", "42 IK 87/23"),
        ("das Verfahren 805b IN 1290/21 ist aufgehoben", "805b IN 1290/21"),
        ("Gerichtsvollzieherin Y\nDR I 4410/26\n", "DR I 4410/26"),
        ("ihr Zeichen war DR II 803/2025 glaube ich", "DR II 803/2025"),
        # any register of that shape in a text about a debt
        ("Gläubiger: Amtsgericht Hagen, 14 Cs 310/25, Geldstrafe 300 €", "14 Cs 310/25"),
        ("Forderung aus dem Urteil 9 C 4471/24 des AG Essen", "9 C 4471/24"),
        # English shapes
        ("my claim form says L4QZ7M2X", "L4QZ7M2X"),
        ("online claim 031MC508 was issued", "031MC508"),
        ("Liability order LO 26/00417 granted", "LO 26/00417"),
        ("see LO/2026/5521 attached", "LO/2026/5521"),
        ("The CCJ (court ref B7TX20K4) is on my file", "B7TX20K4"),
        # cues that name a debt's file by themselves
        ("the claim number is M3PL8Q2R, court fee paid", "M3PL8Q2R"),
        ("her IVA ref 0144207 and supervisor", "0144207"),
        ("DRO number 61730 was approved", "61730"),
        ("Forderungs-Nr. 2026-44107 offen", "2026-44107"),
        # a reference in a text about a debt
        ("Inkasso Nord GmbH, Unser Zeichen: 26/55102-HB, offene Forderung", "26/55102-HB"),
        ("Mahnung – Ihr Zeichen: NB-3318-2026-07", "NB-3318-2026-07"),
        ("Mahnbescheid beantragt, Az. VK-2026-118830", "VK-2026-118830"),
        ("bailiffs came round, their ref 7730154421", "7730154421"),
        ("Notice of enforcement – ref QX-5530172", "QX-5530172"),
        ("debt collection letter, our ref: TR/771043", "TR/771043"),
        ('{"debtor": "…", "case_ref": "EA-27-0031192"}', "EA-27-0031192"),
    ],
)
def test_debt_file_numbers_found(text: str, number: str) -> None:
    assert number in _numbers(text)


@pytest.mark.parametrize(
    "text",
    [
        # court numbers without a debt stay, as the project keeps them
        "die Betreuerin im Verfahren 22 XVII 418/25",
        "Amtsgericht Köln\nFamiliengericht\nAz.: 301 F 77/26\n",
        "im Aktenzeichen 7 O 212/22 des Landgerichts",
        # decisions cited as law, in a text about a debt
        "Zur Pfändung: BGH, Urteil vom 10.11.2021 – VII ZB 8/21.",
        "Inkassokosten: OLG Hamm 7 U 44/22 hält sie für zu hoch.",
        "Insolvenz: AG Göttingen, Beschluss vom 3.2.2020 – 74 IN 218/19",
        "Pfändung: LG Bonn, Beschl. v. 12.5.2021, Az. 4 T 112/21",
        # statute references, amounts, dates, phone numbers, postcodes
        "Pfändungsschutzkonto nach § 850k ZPO, Forderung 1.118,40 €, Tel. 0231 4471 20",
        "Schuldnerberatung am 12.03.2026, 44137 Dortmund",
        # references without a debt, a firm's invoice
        "Tenancy ref: TQ-55120, the flat is fine",
        "Rechnung Nr. 2026/5581 der Malerei Brandt, Ihr Zeichen MB-77",
        "Your reference is ORD-88120.",
        "invoice 4471 of 2026 for debt advice training",  # a count, no reference cue
    ],
)
def test_no_debt_file_numbers(text: str) -> None:
    assert _numbers(text) == []


@pytest.mark.parametrize(
    "key",
    [
        "enforcement_ref",
        "liabilityOrder",
        "iva_ref",
        "dro_number",
        "forderungsnummer",
        "creditors/ref",
        "glaeubiger/zeichen",
    ],
)
def test_debt_file_keys(key: str) -> None:
    assert entity_for_key(key) == "CASE_NUMBER"


@pytest.mark.parametrize(
    "key",
    ["ref", "reference", "orders/ref", "aktenzeichen", "case_ref", "claim_number", "employee_id"],
)
def test_other_reference_keys(key: str) -> None:
    assert entity_for_key(key) != "CASE_NUMBER"


def test_redactor_hides_debt_file_numbers(redactor: PresidioRedactor) -> None:
    text = "Insolvenzverfahren 55 IN 902/24, Treuhänder Kanzlei Ost; BGH IX ZB 11/22 dazu."
    found = {text[f.start : f.end]: f.entity_type for f in redactor.analyze(text)}
    assert found.get("55 IN 902/24") == "CASE_NUMBER"
    assert "IX ZB 11/22" not in found


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("the bailiffs rang him on 0161 496 0772 twice", "0161 496 0772"),
        ("they texted her at 0113 496 0144 about it", "0113 496 0144"),
    ],
)
def test_phone_after_a_verb_and_a_person(text: str, number: str) -> None:
    found = [text[s:e] for _, s, e, _ in PhoneRecognizer().scan(text)]
    assert number in found, found
