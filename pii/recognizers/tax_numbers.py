"""A person's tax, VAT and account numbers at a tax office, an authority or a supplier.

* ``DE_TAX_NUMBER``: the Steuernummer of a Finanzamt in the Länder formats ("181/815/08155",
  "013 815 08153") and ELSTER's 13 digits ("9181081508155");
* ``VAT_ID``: a German USt-IdNr. ("DE 136 695 976", ISO 7064 mod 11,10) or a UK VAT
  registration number ("GB 980 7806 84", mod 97 or 9755);
* ``UK_UTR``: HMRC's Unique Taxpayer Reference (ten digits with a check digit, "98765 43215";
  a payment reference adds "K");
* ``ACCOUNT_NUMBER``: a person's account or reference at the Beitragsservice (the
  Beitragsnummer), a city's cash office (the Kassenzeichen), a council, a utility or a shop;
* ``CASE_NUMBER``: a letter's reference of the person's case ("Our ref: 1200 5521 0087",
  "case number" of the Child Maintenance Service).

A self-employed person's or a sole trader's tax and VAT numbers are personal data; so are
the numbers an authority or a supplier keeps a person's account under. Two kinds of rules:

* :data:`FORMATS`, scanned with the national identifiers (pii/recognizers/national_ids.py):
  a shape with its validator, which counts on its own where shape and check digit are
  specific (a slashed Steuernummer, a VAT number with its "DE"/"GB" prefix) and otherwise
  only with a cue word of :data:`CUES` in the characters before it ("UTR 98765 43215",
  "Steuernummer 5181081508155", "mein Beitragskonto hat die Nummer 304 118 276"). The
  Steuernummer's check digit differs by Land and is not checked (python-stdnum checks the
  Land's format), so its forms without slashes need the cue.
* :func:`find_account_numbers`: numbers without a format of their own, right after their
  cue word ("Kassenzeichen 6.1203.448812.3", "Vertragskonto 210447863", "Kundennr. 55 18 07
  42", "council tax account 30047712", "their ref 3310456627"). A Finanzamt's own number
  ("Finanzamt 2181") and a bank's sort code or BLZ have no such cue and stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum.de import stnr
from stdnum.de import vat as de_vat
from stdnum.gb import utr
from stdnum.gb import vat as gb_vat

from pii.lexicon import load_lexicon
from pii.recognizers.base import Hit, ScanRecognizer, cued_numbers
from pii.recognizers.id_format import IdFormat
from pii.recognizers.personal_context import is_personal

TAX_NUMBER = "DE_TAX_NUMBER"
VAT_ID = "VAT_ID"
UK_UTR = "UK_UTR"
ACCOUNT_NUMBER = "ACCOUNT_NUMBER"
CASE_NUMBER = "CASE_NUMBER"
WEAK = "WEAK"  # an account cue that needs a personal passage or one about a debt
SCORE = 0.85


def _de_vat(text: str) -> bool:
    """The USt-IdNr.'s check digit (ISO 7064 mod 11,10), with or without "DE"."""
    digits = re.sub(r"[^0-9]", "", text)
    return de_vat.is_valid("DE" + digits)


def _gb_vat(text: str) -> bool:
    """The UK VAT number's check (mod 97 or 9755), with or without "GB"."""
    digits = re.sub(r"[^0-9]", "", text)
    return gb_vat.is_valid("GB" + digits)


def _utr(text: str) -> bool:
    """Ten digits with HMRC's check digit; a payment reference adds "K"."""
    return utr.is_valid(re.sub(r"[^0-9]", "", text))


# fmt: off
FORMATS: tuple[IdFormat, ...] = (
    # Steuernummer: 2-3/3-4/4-5 digits with slashes (the formats of the Länder) count on
    # their own; 5/5, spaced groups ("013 815 08153", Hesse), the plain 10 or 11 digits and
    # ELSTER's 13 digits only after "Steuernummer" (no check digit python-stdnum knows).
    IdFormat(TAX_NUMBER, r"\d{2,3}/\d{3,4}/\d{4,5}", stnr.is_valid, needs_one_of="/"),
    IdFormat(TAX_NUMBER, r"\d{5}/\d{5}|\d{2,3} \d{3,4} \d{4,5}|\d{10,11}|\d{13}", stnr.is_valid,
             needs_cue=True),
    # VAT numbers with their country prefix and check digit; without it after "VAT"/"USt".
    IdFormat(VAT_ID, r"DE([ ]?)\d{3}\1\d{3}\1\d{3}", _de_vat, needs_one_of="D"),
    IdFormat(VAT_ID, r"GB([ ]?)\d{3}\1\d{4}\1\d{2}", _gb_vat, needs_one_of="G"),
    IdFormat(VAT_ID, r"\d{3} \d{4} \d{2}|\d{9}", _gb_vat, needs_cue=True),
    IdFormat(VAT_ID, r"\d{3} \d{3} \d{3}|\d{9}", _de_vat, needs_cue=True),
    # UTR: ten digits, also 5 + 5, a payment reference's "K" after them.
    IdFormat(UK_UTR, r"\d{5}([ ]?)\d{5}(?:[ ]?[Kk])?", _utr, needs_cue=True),
    # The Rundfunkbeitrag's Beitragsnummer: nine digits, after "Beitragsnummer" or
    # "Beitragskonto" (no check digit is published).
    IdFormat(ACCOUNT_NUMBER, r"\d{3}( ?)\d{3}\1\d{3}", lambda _: True, needs_cue=True),
)
CUES: dict[str, tuple[str, ...]] = {
    TAX_NUMBER: ("steuernummer", "steuer-nr", "steuer-nr.", "st.-nr", "st.-nr.", "stnr",
                 "st-nr", "st.nr", "finanzamt", "tax number"),
    VAT_ID: ("vat", "vat no", "vat number", "vat reg", "vat reg no", "vat registration number",
             "vat registration", "vat id", "ust-idnr", "ust-id", "ust-id-nr", "ustidnr",
             "ust-idnr.", "ust.-idnr", "ust.-idnr.", "umsatzsteuer-id",
             "umsatzsteuer-identifikationsnummer", "umsatzsteuer-identnummer"),
    UK_UTR: ("utr", "unique taxpayer reference", "taxpayer reference", "self assessment",
             "self-assessment", "hmrc", "tax reference", "sa reference", "sa ref"),
    ACCOUNT_NUMBER: ("beitragsnummer", "beitrags-nr", "beitragskonto", "beitragskontonummer",
                     "beitragsservice", "rundfunkbeitrag"),
}
# fmt: on

# Numbers right after their cue word: the cue, then maybe "is"/"ist"/"lautet"/"Nr."/"number",
# a colon, "#" or "=", blanks (a form's column gap), a JSON key's quotes.
_CUE_TAIL = (
    r"""(?:[ \t]+(?:is|ist|lautet|number|no\.?|nr\.?|nummer))?["']?[ \t]*[:#=]?[ \t]*["']?"""
)
_AFTER_CUES = {
    # A household's account at the Beitragsservice, a council or a benefits office.
    ACCOUNT_NUMBER: (
        r"beitragsnummer|beitrags-?nr\.?|beitragskonto(?:nummer)?"
        r"|(?:council[ \t]+tax|ct|benefits?|housing[ \t]+benefit)[ \t]+"
        r"(?:account|ref(?:erence)?)(?:[ \t]+(?:number|no\.?))?"
    ),
    # A customer's account at a cash office, a utility, a shop or a lender: the person's in a
    # personal passage or one about a debt (:data:`_DEBT`); "Bitte Kassenzeichen … angeben"
    # on an invoice names nobody.
    WEAK: (
        r"kassenzeichen|kassen-?nr\.?"
        r"|vertragskonto(?:nummer)?|vertragskonto-?nr\.?|vertragsnummer|vertrags-?nr\.?"
        r"|kundennummer|kunden-?nr\.?|kd\.?-?nr\.?"
        r"|customer[ \t]+(?:number|no\.?|ref(?:erence)?|account)"
        r"|acc(?:ount)?[ \t]+(?:no\.?|number)|acc\.?|a/c(?:[ \t]+no\.?)?"
    ),
    # A letter's reference of the person's case, a Child Maintenance Service case number.
    CASE_NUMBER: (
        r"(?:cms[ \t]+|child[ \t]+maintenance[ \t]+)?case[ \t]+(?:number|no\.?|ref(?:erence)?)"
        r"|(?:our|your|their)[ \t]+ref(?:erence)?\.?"
    ),
}
# The first letter of a cue is checked first, which the regex engine tries faster than the
# look-behind.
_AFTER_CUE = re.compile(
    r"(?i)(?=[abchkotvy])(?<![^\W_])(?:"
    + "|".join(f"(?P<{entity}>{words})" for entity, words in _AFTER_CUES.items())
    + rf")(?![^\W_]){_CUE_TAIL}"
)
# One to four groups of capitals and digits, one kind of separator between them ("5.0114.
# 228713.6", "77 41 90 28", "CTX 71004182"); a group after the first holds a digit, so a word
# after the number is no part of it.
_GROUP = r"[A-Z0-9]*\d[A-Z0-9]*"
NUMBER = re.compile(
    rf"[A-Z0-9]+(?:(?P<sep>[ \-/.]){_GROUP}(?:(?P=sep){_GROUP}){{0,3}})?(?![\w\-/]|[.,]\d)"
)
# Account numbers have six digits or more ("CT REF 4411" is a form's short reference), a
# case number seven; a tax year ("2025-26", "2024/25") and a date are neither.
MIN_DIGITS = {ACCOUNT_NUMBER: 6, CASE_NUMBER: 7}
MAX_CHARS = 24
_NOT_A_NUMBER = re.compile(
    r"(?:19|20)\d{2}[-/](?:19|20)?\d{2}|\d{1,2}([./\-])\d{1,2}\1(?:19|20)?\d{2}"
)


# Words of a debt's collection: a creditor's list, a reminder, enforcement.
_DEBT = re.compile(
    r"(?i)(?<!\w)(?:mahn|gemahnt|vollstreck|säumnis|pfänd|gläubiger|schuldner|forderung|inkasso"
    r"|rückstand|rückständ|creditor|debtor|debt|arrears|enforcement|bailiff|ow(?:e[sd]?|ing)(?!\w))"
)
_DEBT_BEFORE = 300
_DEBT_AFTER = 120


def _about_a_person_or_debt(text: str, start: int, end: int) -> bool:
    """True when the passage around a weakly cued number is personal or about a debt."""
    if _DEBT.search(text, max(0, start - _DEBT_BEFORE), min(len(text), end + _DEBT_AFTER)):
        return True
    return is_personal(text, start, end, load_lexicon())


def find_account_numbers(text: str) -> list[Hit]:
    """Account and case reference numbers right after their cue words."""
    hits: list[Hit] = []
    for cue, number in cued_numbers(text, _AFTER_CUE, NUMBER, max_chars=MAX_CHARS, min_digits=6):
        kind = next(name for name, found in cue.groupdict().items() if found is not None)
        entity = CASE_NUMBER if kind == CASE_NUMBER else ACCOUNT_NUMBER
        value = number.group()
        if sum(ch.isdigit() for ch in value) < MIN_DIGITS[entity]:
            continue
        if _NOT_A_NUMBER.fullmatch(value):
            continue
        if kind == WEAK and not _about_a_person_or_debt(text, number.start(), number.end()):
            continue
        hits.append((entity, number.start(), number.end(), SCORE))
    return hits


class AccountNumberRecognizer(ScanRecognizer):
    """Account and case reference numbers after their cue words."""

    ENTITIES = (ACCOUNT_NUMBER, CASE_NUMBER)

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields each cued number with :data:`SCORE`."""
        if not any(ch.isdigit() for ch in text):
            return []
        return find_account_numbers(text)
