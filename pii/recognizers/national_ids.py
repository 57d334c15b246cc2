"""National identifiers of other countries, each with its check digit (python-stdnum).

One entity type per identifier, named as Presidio names it where Presidio has one
(``US_SSN``, ``US_ITIN``, ``UK_NHS``, ``IT_FISCAL_CODE``, ``ES_NIF``, ``ES_NIE``,
``PL_PESEL``, ``FI_PERSONAL_IDENTITY_CODE``) and as ``<COUNTRY>_<NUMBER>`` otherwise, so
``entity_operators`` can treat each on its own (``US_SSN = "hash"``) and the placeholder tells
the model what was there (``<IE_PPSN_1>``):

=============================  ==============================================  =====================
entity type                    identifier                                      written as
=============================  ==============================================  =====================
US_SSN                         US Social Security number                       722-09-3302
US_ITIN                        US Individual Taxpayer Identification number    922-85-0690
UK_NHS                         NHS number (England, Wales, Isle of Man)        801 526 5142
IE_PPSN                        Irish Personal Public Service number            3274270WA
BE_NATIONAL_NUMBER             Belgian Rijksregisternummer / numéro national   58.05.19-305.87
NL_BSN                         Dutch Burgerservicenummer                       2765.62.197
PT_NIF                         Portuguese Número de Identificação Fiscal       196 728 827
PL_PESEL                       Polish PESEL                                    98122140788
CZ_BIRTH_NUMBER                Czech and Slovak rodné číslo                    675109/2623
FI_PERSONAL_IDENTITY_CODE      Finnish henkilötunnus                           070668-866U
SE_PERSONAL_IDENTITY_NUMBER    Swedish personnummer                            19890607-9549
IT_FISCAL_CODE                 Italian codice fiscale                          FRRBDT91C67A944T
ES_NIF                         Spanish DNI                                     24084681R, 86068137-K
ES_NIE                         Spanish NIE                                     Y8521431Z
AT_SOCIAL_SECURITY             Austrian Sozialversicherungsnummer              3651 280783
FR_NIR                         French numéro de sécurité sociale (NIR)         2 58 08 31 313 718 15
TR_TC_KIMLIK                   Turkish T.C. Kimlik No (identity number)        10000000146
UA_RNOKPP                      Ukrainian RNOKPP (individual tax number, ІПН)   9472836129
DE_BA_CUSTOMER_NUMBER          Kundennummer of the Bundesagentur für Arbeit    123D456789
DE_POSTNUMMER                  DHL Postnummer (Packstation customer)           817 364 529
=============================  ==============================================  =====================

The tax, VAT and account numbers (``DE_TAX_NUMBER``, ``VAT_ID``, ``UK_UTR``,
``ACCOUNT_NUMBER``) are listed in pii/recognizers/tax_numbers.py and scanned here.

Each format below has the notations people type (the separators of the printed form, or
none) and its validator. A shape distinctive enough with a valid check digit counts on its
own; a plain run of digits (nine digits that pass the Dutch 11-test, one in eleven of all
nine-digit numbers) counts only with a cue word of its identifier in the
:data:`CUE_REACH` characters before it ("BSN 244601483", ``"pesel": "59022898498"``). The US
numbers have no check digit: their shape with dashes and the issuing rules (no area 000,
666 or 9xx for an SSN; 9xx with group 50-65, 70-88, 90-92 or 94-99 for an ITIN) decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
from stdnum.us import itin, ssn

from pii.normalize import HOMOGLYPHS
from pii.recognizers import tax_numbers
from pii.recognizers.base import Hit, ScanRecognizer
from pii.recognizers.id_format import IdFormat, digits_only

SCORE = 0.85
# How far before a plain number its cue word may stand ("PESEL: ", a JSON key, "NHS no.").
CUE_REACH = 60
# Every identifier holds a run of three digits or two pairs ("71 34 25 90"); texts without
# one cost a single search.
TRIGGER = re.compile(r"\d{3}|\d\d[ \-]\d\d")
# Identifiers consist of digits, capitals and the separators below: the formats are tried
# only inside such runs that hold seven digits (a 1 KB prompt: ~0.1 ms instead of
# ~1 ms for every format over the whole text).
_RUN_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ./-+ ")
_DIGIT_RUN = re.compile(r"\d[0-9A-Z./\-+ ]*")
_LOOK_AHEAD = 2  # characters after a run that the formats' end checks look at
MIN_DIGITS = 7  # the fewest digits of a format (PPS, NIE, codice fiscale)
# Not inside a longer word, number or code ("GS-2026-00817", "ab1234567A", "4.12345678").
_START = r"(?<![^\W_]|[.,/\-+])"
_END = r"(?![^\W_]|[/\-+]\w|[.,]\d)"


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _austrian(text: str) -> bool:
    """Check digit (stdnum) and a birth date DDMMYY after the serial."""
    digits = re.sub(r"\s", "", text)
    if not vnr.is_valid(digits):
        return False
    day, month = int(digits[4:6]), int(digits[6:8])
    return 1 <= day <= 31 and 1 <= month <= 12


# fmt: off
FORMATS: tuple[IdFormat, ...] = (
    # US: dashes are the printed form; spaces, dots or none only after "SSN", "ITIN", "TIN".
    IdFormat("US_SSN", r"\d{3}-\d{2}-\d{4}", ssn.is_valid, needs_one_of="-"),
    IdFormat("US_SSN", r"\d{3}([ .]?)\d{2}\1\d{4}", digits_only(ssn.is_valid), needs_cue=True),
    IdFormat("US_ITIN", r"9\d{2}-\d{2}-\d{4}", itin.is_valid, needs_one_of="-"),
    IdFormat("US_ITIN", r"9\d{2}([ .]?)\d{2}\1\d{4}", digits_only(itin.is_valid),
             needs_cue=True),
    # NHS: 3-3-4 with spaces (mod 11); with dashes (US phone shape) or plain only after "NHS".
    IdFormat("UK_NHS", r"[1-9]\d{2} \d{3} \d{4}", digits_only(nhs.is_valid), needs_one_of=" "),
    IdFormat("UK_NHS", r"\d{3}-\d{3}-\d{4}|\d{10}", digits_only(nhs.is_valid), needs_cue=True),
    # PPS: seven digits, a check letter (mod 23), since 2013 a second letter.
    IdFormat("IE_PPSN", r"\d{7}[A-W][A-IW]?", pps.is_valid, needs_one_of=_LETTERS),
    # Belgium: YY.MM.DD-SSS.CC (mod 97 over the birth date and serial).
    IdFormat("BE_NATIONAL_NUMBER", r"\d{2}([. ]?)\d{2}\1\d{2}[ \-]?\d{3}[. \-]?\d{2}",
             digits_only(nn.is_valid)),
    IdFormat("BE_NATIONAL_NUMBER", r"\d{11}", nn.is_valid, needs_cue=True),
    # Netherlands: 1234.56.789 as printed on the ID card; plain or spaced after "BSN".
    IdFormat("NL_BSN", r"\d{4}\.\d{2}\.\d{3}", digits_only(bsn.is_valid), needs_one_of="."),
    IdFormat("NL_BSN", r"\d{4}([ .]?)\d{2}\1\d{3}|\d{3}([ .]?)\d{3}\2\d{3}",
             digits_only(bsn.is_valid), needs_cue=True),
    # Portugal: nine digits (mod 11), only after "NIF" or "contribuinte".
    IdFormat("PT_NIF", r"\d{3}([ .]?)\d{3}\1\d{3}", digits_only(nif.is_valid), needs_cue=True),
    # Poland: eleven digits with a birth date and a check digit, after "PESEL".
    IdFormat("PL_PESEL", r"\d{11}", pesel.is_valid, needs_cue=True),
    # Czechia/Slovakia: YYMMDD/SSSC (mod 11 and a birth date); plain or 9 digits after a cue.
    IdFormat("CZ_BIRTH_NUMBER", r"\d{6}/\d{4}", rc.is_valid, needs_one_of="/"),
    IdFormat("CZ_BIRTH_NUMBER", r"\d{6}[ /]?\d{3,4}", digits_only(rc.is_valid),
             needs_cue=True),
    # Finland: DDMMYY, century sign, serial, check character.
    IdFormat("FI_PERSONAL_IDENTITY_CODE", r"\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]", hetu.is_valid,
             needs_one_of="-+" + _LETTERS),
    # Sweden: (YY)YYMMDD-NNNC (Luhn, birth date); plain after "personnummer".
    IdFormat("SE_PERSONAL_IDENTITY_NUMBER", r"(?:19|20)?\d{6}[-+]\d{4}", personnummer.is_valid,
             needs_one_of="-+"),
    IdFormat("SE_PERSONAL_IDENTITY_NUMBER", r"(?:19|20)?\d{10}", personnummer.is_valid,
             needs_cue=True),
    # Italy: surname, name, birth date and place, check letter (digits may be letters).
    IdFormat("IT_FISCAL_CODE",
             r"[A-Z]{6}[\dLMNP-V]{2}[A-EHLMPR-T][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z]",
             codicefiscale.is_valid, needs_one_of=_LETTERS),
    # Spain: DNI eight digits and a check letter (mod 23), NIE X/Y/Z, seven digits, letter.
    IdFormat("ES_NIF", r"(?:\d{8}|\d{2}\.\d{3}\.\d{3})[ \-]?[A-Z]", digits_only(dni.is_valid),
             needs_one_of=_LETTERS),
    IdFormat("ES_NIE", r"[XYZ][ \-]?\d{7}[ \-]?[A-Z]", digits_only(nie.is_valid),
             needs_one_of="XYZ"),
    # Austria: serial with check digit, then the birth date DDMMYY ("3651 280783").
    IdFormat("AT_SOCIAL_SECURITY", r"[1-9]\d{3} \d{6}", _austrian, needs_one_of=" "),
    IdFormat("AT_SOCIAL_SECURITY", r"[1-9]\d{9}", _austrian, needs_cue=True),
    # France: sex, YY, MM, département, commune, serial, key (mod 97); one separator.
    IdFormat("FR_NIR", r"[12]([ .]?)\d{2}\1\d{2}\1(?:\d{2}|2[AB])\1\d{3}\1\d{3}\1?\d{2}",
             digits_only(nir.is_valid)),
    # Turkey: eleven digits, two check digits; plain digits only after "T.C. Kimlik No".
    IdFormat("TR_TC_KIMLIK", r"[1-9]\d{10}", tckimlik.is_valid, needs_cue=True),
    # Ukraine: ten digits (days since 1899-12-31, serial, check digit), after "RNOKPP"/"ІПН".
    IdFormat("UA_RNOKPP", r"\d{10}", rntrc.is_valid, needs_cue=True),
    # UK bank account: eight digits ("71342590", "71 34 25 90", "7134 2590"), only after
    # "account no." (its modulus check needs the bank's tables). Reported as IBAN_CODE, the
    # entity of an account under an "account number" key. The sort code beside it names a
    # bank branch, not a person, and stays.
    IdFormat("IBAN_CODE", r"\d{8}|\d{2}([ \-])\d{2}\1\d{2}\1\d{2}|\d{4}[ \-]\d{4}",
             lambda _: True, needs_cue=True),
    # Customer numbers that identify a person, not a purchase (no check digit; the cue and
    # the shape decide). The Bundesagentur für Arbeit and the Jobcenter: three digits, "D",
    # six digits, after "Kundennummer" (a shop's customer number has no "D" there).
    IdFormat("DE_BA_CUSTOMER_NUMBER", r"\d{3}D\d{6}", lambda _: True, needs_cue=True,
             needs_one_of="D"),
    # DHL's Postnummer of a Packstation customer: up to ten digits, after "Postnummer".
    IdFormat("DE_POSTNUMMER", r"\d{3}([ .]?)\d{3}\1\d{3}|\d{7,10}", lambda _: True,
             needs_cue=True),
    # Tax, VAT and account numbers (pii/recognizers/tax_numbers.py).
    *tax_numbers.FORMATS,
)
# Cue words of the identifiers that need one (whole words, any case).
CUES: dict[str, tuple[str, ...]] = {
    "US_SSN": ("ssn", "social security", "social security number", "sozialversicherungsnummer"),
    "US_ITIN": ("itin", "tin", "taxpayer identification number", "taxpayer id"),
    "UK_NHS": ("nhs", "nhs number", "nhs no", "chi number"),
    "BE_NATIONAL_NUMBER": (
        "rijksregisternummer", "rijksregister", "numéro national", "numéro de registre national",
        "registre national", "national number", "nationalnummer", "insz", "niss",
    ),
    "NL_BSN": ("bsn", "burgerservicenummer", "sofinummer", "sofi-nummer",
               "citizen service number"),
    "PT_NIF": ("nif", "contribuinte", "número de contribuinte", "numero de contribuinte"),
    "PL_PESEL": ("pesel",),
    "CZ_BIRTH_NUMBER": ("rodné číslo", "rodne cislo", "rč", "birth number", "geburtsnummer"),
    "SE_PERSONAL_IDENTITY_NUMBER": (
        "personnummer", "samordningsnummer", "personal identity number",
    ),
    "AT_SOCIAL_SECURITY": (
        "sv-nummer", "sv-nr", "svnr", "sozialversicherungsnummer", "versicherungsnummer",
        "e-card", "ögk",
    ),
    # "T.C." (Türkiye Cumhuriyeti) alone heads the number too ("T.C. 10000000146"), as the
    # card's front prints it.
    "TR_TC_KIMLIK": ("t.c. kimlik", "tc kimlik", "kimlik no", "kimlik", "tckn", "tc no",
                     "t.c. no", "t.c.", "turkish identity number", "türkische identitätsnummer"),
    "UA_RNOKPP": ("rnokpp", "рнокпп", "іпн", "ипн", "ukrainian tax number",
                  "ukrainische steuernummer", "identification code", "ідентифікаційний код",
                  "individual tax number"),
    "DE_BA_CUSTOMER_NUMBER": ("kundennummer", "kunden-nr", "kundennr", "kd.-nr", "kd-nr",
                              "customer number", "jobcenter", "bundesagentur für arbeit",
                              "agentur für arbeit", "arbeitsagentur"),
    "DE_POSTNUMMER": ("postnummer", "post-nummer", "dhl-postnummer", "dhl postnummer"),
    "IBAN_CODE": ("account no", "account no.", "account number", "acc no", "acct no",
                  "a/c no", "bank account number", "account", "acct", "acc", "a/c", "sort code"),
    **tax_numbers.CUES,
}
# Cues that are no words: a UK sort code right before the account number, as bank
# statements print a transfer ("TFR TO MR D SMITH   40-12-19  71839204"), or as the key
# before it in a query string or a form line ("?sort=20-32-06&acc=…", "sc=40-12-19;
# no=…": the sort code, a separator and one short key).
SHAPE_CUES: dict[str, str] = {
    "IBAN_CODE": r"(?<![\w-])\d{2}-\d{2}-\d{2}(?:[ \t]+|[&;,][ \t]*[A-Za-z_]{1,12}[=:][ \t]*)$"
}
# fmt: on


def _cue_forms(cue: str) -> set[str]:
    """A cue as written and as the analysed text has it after homoglyph folding
    (``pii.normalize.HOMOGLYPHS``): Cyrillic capitals that look Latin become Latin ("ІПН" is
    read as "IПH", "РНОКПП" as "PHOKПП")."""
    return {cue, cue.translate(HOMOGLYPHS), cue.upper().translate(HOMOGLYPHS)}


_CUE_PATTERNS = {
    entity: re.compile(
        # "_" separates too: "nhs_number", "pesel_nr".
        r"(?i)(?<![^\W_])(?:"
        + "|".join(
            re.escape(form)
            for form in sorted({f for cue in words for f in _cue_forms(cue)}, key=len, reverse=True)
        )
        + r")(?![^\W_])"
        + (f"|{SHAPE_CUES[entity]}" if entity in SHAPE_CUES else "")
    )
    for entity, words in CUES.items()
}
_COMPILED = tuple((fmt, re.compile(_START + f"(?:{fmt.shape})" + _END)) for fmt in FORMATS)
ENTITY_TYPES = tuple(sorted({fmt.entity for fmt in FORMATS}))


def has_cue(entity: str, text: str, start: int) -> bool:
    """True when a cue word of ``entity`` stands in the :data:`CUE_REACH` chars before."""
    pattern = _CUE_PATTERNS.get(entity)
    return (
        pattern is not None and pattern.search(text, max(0, start - CUE_REACH), start) is not None
    )


def _runs(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each run of identifier characters holding MIN_DIGITS digits.

    Found from its first digit (a scan from every capital letter would visit every word of
    prose), then stretched back over the capitals before it ("FRRBDT91…", "Y8521431Z").
    """
    for run in _DIGIT_RUN.finditer(text):
        if sum(ch.isdigit() for ch in run.group()) < MIN_DIGITS:
            continue
        start = run.start()
        while start > 0 and text[start - 1] in _RUN_CHARS:
            start -= 1
        yield start, run.end()


def find_national_ids(text: str) -> list[Hit]:
    """Every valid identifier of :data:`FORMATS` in ``text`` (overlaps are the engine's)."""
    if TRIGGER.search(text) is None:
        return []
    hits: list[Hit] = []
    for start, end in _runs(text):
        chars = set(text[start:end])
        for fmt, pattern in _COMPILED:
            if fmt.needs_one_of and chars.isdisjoint(fmt.needs_one_of):
                continue
            for match in pattern.finditer(text, start, end + _LOOK_AHEAD):
                if fmt.needs_cue and not has_cue(fmt.entity, text, match.start()):
                    continue
                if fmt.is_valid(match.group()):
                    hits.append((fmt.entity, match.start(), match.end(), SCORE))
    return hits


class NationalIdRecognizer(ScanRecognizer):
    """National identifiers of other countries (:data:`FORMATS`), validated."""

    ENTITIES = ENTITY_TYPES

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields each valid identifier with :data:`SCORE`."""
        return find_national_ids(text)
