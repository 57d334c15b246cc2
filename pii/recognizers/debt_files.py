"""File numbers of a person's debt: court proceedings, enforcement, insolvency, collection.

A debt's file number points to one person. The insolvency courts publish each proceeding
with its file number and the debtor's name (insolvenzbekanntmachungen.de, the Individual
Insolvency Register), the debtors' register and a judgment register list a debtor by the
court's or the bailiff's number, and a collection agency, an enforcement agent or a council
keeps one file per debtor under its reference. Whoever's reference it is, it identifies the
debtor's file; a data-protection officer would treat it as the debtor's personal data. So:

* a German court's file number of a debt proceeding counts by its shape, "<Abteilung>
  <Registerzeichen> <Nummer>/<Jahr>" with the register of enforcement ("271 M 4418/25") or
  insolvency ("36 IN 211/25", "67c IN 411/22", "IK"), and a bailiff's Dienstregister number
  ("DR II 1187/26");
* any court file number of that shape ("712 Js 4471/24", "5 C 118/25") counts in a text
  about a debt (:func:`in_debt_context`); elsewhere it is kept, as the project keeps a court's
  or an authority's file number without a person's data next to it ("im Verfahren 17 XVII
  238/24", pii/recognizers/case_numbers.py);
* an English county court claim number counts by its shape: the County Court Business
  Centre's with "QZ" ("K9QZ4T1M"), the online civil money claim's ("025MC771"), a liability
  order's ("LO 25/10834", "LO/2025/88213"), and any eight capitals and digits mixed in a
  text about a county court claim or a CCJ;
* a decision cited as law stays, whatever its register: a higher court's abbreviation right
  before the number ("OLG Köln 16 U 3/21"), or any court with the decision's date ("AG
  Hamburg, Beschluss vom 12.01.2021 – 67c IN 411/20"); a federal court's number begins with
  its senate's Roman numeral ("BGH IX ZR 123/20") and has no such shape.

The references after their cue words (a collection agency's "Unser Zeichen", an
enforcement agent's "ref", an IVA's "IVA ref") are found in
pii/recognizers/case_numbers.py, which asks :func:`in_debt_context` and :func:`is_cited`.
"""

from __future__ import annotations

import re

from pii.recognizers.base import Hit

CASE_NUMBER = "CASE_NUMBER"
SCORE = 0.85
# Words of a debt, its enforcement and insolvency; German compounds end in their stem
# ("Privatinsolvenz", "Kontopfändung", "Zwangsvollstreckung").
DEBT_CONTEXT = re.compile(
    r"(?i)(?:(?<![^\W\d_])(?:inkasso|forderung|schuldner|gläubiger|glaeubiger|mahnung"
    r"|mahnverfahren|mahnbescheid|gerichtsvollzieher|vermögensauskunft|restschuld|debt"
    r"|creditor|arrears|enforcement|bailiff|county[ \t]+court|liability[ \t]+order"
    r"|bankrupt|insolven|statutory[ \t]+demand)"
    r"|vollstreckung|pfändung|insolvenz|\b(?:iva|dro|ccj)s?\b)"
)
CONTEXT_WINDOW = 600
_REGISTER = r"[A-Z][A-Za-z]{0,3}|[IVX]{1,5}"
# "<Abteilung> <Register> <Nummer>/<Jahr>" or a bailiff's "DR II <Nummer>/<Jahr>".
COURT_FILE = re.compile(
    rf"(?<![\w/.,])(?:\d{{1,4}}[a-z]?[ \t]+(?P<register>(?:{_REGISTER})(?:[ \t](?:{_REGISTER}))?)"
    r"|(?P<bailiff>DR[ \t]+I{1,2}))[ \t]+\d{1,6}/(?:\d{4}|\d{2})(?![\w/]|[.,]\d)"
)
# Registers of enforcement (M) and insolvency (IN, IK, IE) at a local court.
DEBT_REGISTERS = frozenset({"M", "IN", "IK", "IE"})
# English shapes: a CCBC claim ("K9QZ4T1M"), an online money claim ("025MC771"), a
# liability order ("LO 25/10834", "LO/2025/88213").
ENGLISH_SHAPE = re.compile(
    r"(?<![\w/-])(?:[A-Z0-9]{2}QZ[A-Z0-9]{4}|\d{3}MC\d{3}|LO[ \t/]\d{2}(?:\d{2})?/\d{3,7})"
    r"(?![\w/-])"
)
# Eight capitals and digits, two of each at least, in a text about a county court claim.
CLAIM_SHAPE = re.compile(r"(?<![\w/-])(?=(?:[A-Z]*\d){2})(?=(?:\d*[A-Z]){2})[A-Z0-9]{8}(?![\w/-])")
CLAIM_CONTEXT = re.compile(
    r"(?i)\b(?:ccjs?|county[ \t]+court|claim[ \t]+form|money[ \t]+claim|default[ \t]+judgment)\b"
)
# A decision cited as law: a higher court right before the number, or any court with the
# decision's kind and date ("BGH, Beschluss vom 12.1.2021 –", "LG Berlin, Urt. v. 3.3.2020,
# Az. …").
_HIGHER = r"BGH|BVerfG|BVerwG|BFH|BAG|BSG|EuGH|OLG|KG|OVG|VGH|LSG|LAG|BayObLG"
_ANY = rf"{_HIGHER}|LG|AG|FG|SG|VG|ArbG|Amtsgericht|Landgericht|Oberlandesgericht"
_PLACE = r"[A-ZÄÖÜ][\w.\-]*"
_DECISION = (
    r"(?:Urt(?:eil|\.)|Beschl(?:uss|\.)|Entsch(?:eidung|\.)|judgment|decision)[ \t]+"
    r"(?:vom|v\.|of)[ \t]+\d{1,2}\.?[ \t]*(?:\d{1,2}\.|[^\W\d_]+)[ \t]*\d{2,4}"
)
CITED_BEFORE = re.compile(
    rf"\b(?:(?P<higher>{_HIGHER})|{_ANY})\b(?:[ \t]+{_PLACE}){{0,2}}[ \t]*,?[ \t]*"
    rf"(?P<decision>{_DECISION})?[ \t,]*(?:[-–—:(][ \t]*)?(?:Az\.?[ \t]*:?[ \t]*)?$"
)
CITED_WINDOW = 90


def in_debt_context(text: str, start: int, end: int) -> bool:
    """True when words of a debt stand near ``text[start:end]``."""
    window = text[max(0, start - CONTEXT_WINDOW) : end + CONTEXT_WINDOW]
    return DEBT_CONTEXT.search(window) is not None


def is_cited(text: str, start: int) -> bool:
    """True when the number at ``start`` follows a court's name as a cited decision does."""
    line_start = text.rfind("\n", 0, start) + 1
    found = CITED_BEFORE.search(text[max(line_start, start - CITED_WINDOW) : start])
    return found is not None and (found.group("higher") or found.group("decision")) is not None


def find_debt_file_numbers(text: str) -> list[Hit]:
    """Court file numbers of a debt and claim numbers by their shapes."""
    hits: list[Hit] = []
    if "/" in text:
        for match in COURT_FILE.finditer(text):
            register = match.group("register")
            debt_register = register is None or register in DEBT_REGISTERS
            if not debt_register and not in_debt_context(text, match.start(), match.end()):
                continue
            if not is_cited(text, match.start()):
                hits.append((CASE_NUMBER, match.start(), match.end(), SCORE))
    for match in ENGLISH_SHAPE.finditer(text):
        hits.append((CASE_NUMBER, match.start(), match.end(), SCORE))
    if CLAIM_CONTEXT.search(text) is not None:
        for match in CLAIM_SHAPE.finditer(text):
            hits.append((CASE_NUMBER, match.start(), match.end(), SCORE))
    return hits
