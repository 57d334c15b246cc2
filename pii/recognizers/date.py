"""DATE_OF_BIRTH and personal DATE_TIME: dates that say something about a person.

A date is redacted when it is personal, whatever its notation:
    * after or before a birth cue ("geboren am 14.02.1987", "geb. 14. Februar 1987",
      "Geburtsdatum: 1987-02-14", "DOB 02/14/1987", "* 3. Mai 1901", "Leon wurde am
      10. April 2026 geboren"): DATE_OF_BIRTH, also as month and year or year alone
      ("born in May 1987", "Jahrgang 1987");
    * next to a death cue ("verstorben am", "† 3. Mai 1990", "died on"): DATE_TIME;
    * written out, in a personal context (pii/recognizers/personal_context.py: the writer, the
      addressee, a person by title or full name, an event of someone's life): DATE_TIME ("Ich
      habe am 14. Februar 2024 einen Antrag gestellt", "Herr Klein war am 12. Oktober 2024
      unfreundlich", "Anna Müller kam am 3. Mai 2024"). Short numeric dates need a birth or
      death cue, as before.
Notations: numeric dates with a Roman month ("3.IV.1961", as Polish and Italian forms write
them), a month abbreviation between dashes or slashes ("04-Jan-1988", "02/OCT/1966", as forms
and passports print them), compact ISO dates after a birth cue ("geb. 19830612"), and dates
an OCR scan spelled with letters for digits ("14/O2/1951", "3O.l1.1949": O
for 0, l or I for 1, read as digits only inside a token shaped like a date). Birth cues also
include the genealogical star written against the date or after a word ("Anna *17.09.1964",
"meine Frau * 17.09.1964"; a star opening a line is a list item, a date between stars is
emphasis), a plural label whose line lists dates of birth ("Geburtsdaten: ich 3.IV.1961,
meine Frau …", "Dates of birth: …"), and a relative named after a date of birth in the same
sentence ("geb. 3.2.79, meine Frau 19830612", "DOB 04-Jan-1988, my son's is 11th Sept 2015").
Kept: dates in ordinary text ("Am 3. Oktober 1990 trat die DDR bei"), deadlines and dates of
documents or rules even in a personal message ("bis zum 31. März 2027 einreichen", "der
Bescheid vom 03.04.2024", "gilt ab 1. Juli 2025"), dates of a service's scheduled events
that are nobody's own ("Following the Child Protection Conference on 26 February 2026"; not
"Mein Termin ist am …"), month names and years ("im Mai", "Im Jahr 1536").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.lexicon import Lexicon, load_lexicon
from pii.recognizers.base import Hit, ScanRecognizer
from pii.recognizers.personal_context import is_personal

BIRTH = "DATE_OF_BIRTH"
DATE = "DATE_TIME"
_MONTHS_DE = (
    r"Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember|Jan\.|Feb\.|Mär\.|Apr\.|Jun\.|Jul\.|Aug\.|Sep\.|Sept\.|Okt\.|Nov\.|Dez\."
)
_MONTHS_EN = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# French, Dutch and Spanish month names, as letters from partner agencies and municipalities
# write a date ("né le 3 mai 2014", "geboren 8 augustus 1940", "22 de febrero de 1975").
_MONTHS_FR = (
    r"janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre"
    r"|décembre|decembre"
)
_MONTHS_NL = r"januari|februari|maart|mei|augustus"
_MONTHS_ES = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre"
    r"|diciembre"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19|20)\d{2}"
# Month abbreviations between dashes, slashes or dots, as forms and passports print them
# ("04-Jan-1988", "12/MAR/1975", "3.Okt.1990").
_MONTH_ABBREVIATIONS = (
    r"Jan|Feb|Mar|Mär|Apr|May|Mai|Jun|Jul|Aug|Sep|Sept|Oct|Okt|Nov|Dec|Dez"
    r"|JAN|FEB|MAR|MÄR|APR|MAY|MAI|JUN|JUL|AUG|SEP|SEPT|OCT|OKT|NOV|DEC|DEZ"
)
# Both scans first check the character a date must start with (a day, a year or an English
# month), which the regex engine tries faster than the look-behind. Month names are also
# read in lower case, as chats write them ("30th jan 1980").
LONG_DATE = re.compile(
    rf"(?=[\dJFMASONDjfmasond])(?<!\w)(?:{_DAY}\.?\s*(?i:{_MONTHS_DE})\s*{_YEAR}"
    rf"|{_DAY}(?:er)?\s+(?i:{_MONTHS_FR}|{_MONTHS_NL})\s+{_YEAR}"
    rf"|{_DAY}\s+de\s+(?i:{_MONTHS_ES})\s+(?:de\s+|del\s+)?{_YEAR}"
    # an English date may give its year as "'84" ("7th Feb '84", "Mar 3rd, ’91")
    rf"|{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:{_MONTHS_EN})\.?,?\s+(?:{_YEAR}|['’]\d{{2}})"
    rf"|(?i:{_MONTHS_EN})\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+(?:{_YEAR}|['’]\d{{2}})"
    rf"|{_DAY}([-/.])(?:{_MONTH_ABBREVIATIONS})\1(?:{_YEAR}|\d{{2}}))(?!\w)"
)
# A day and month without a year ("29th of January", "3. März", "July 4th"): no personal
# date on its own, but a birthday in a reply to a question for a date of birth
# (pii.conversation).
DAY_MONTH = re.compile(
    rf"(?<!\w)(?:{_DAY}\.?\s*(?i:{_MONTHS_DE})"
    rf"|{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:{_MONTHS_EN})\.?"
    rf"|(?i:{_MONTHS_EN})\.?\s+{_DAY}(?:st|nd|rd|th)?)(?!\w)"
)
_ROMAN_MONTH = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
NUMERIC_DATE = re.compile(
    rf"(?=\d)(?<![\w.])(?:{_DAY}\s?[./-]\s?(?:0?[1-9]|1[0-2])\s?[./-]\s?(?:{_YEAR}|\d{{2}})"
    rf"|{_DAY}\.\s?{_ROMAN_MONTH}\.\s?{_YEAR}"  # Roman month: "3.IV.1961", "3. XII. 1961"
    # spaces between two-digit day and month, as a form's boxes print it ("19 06 1995",
    # "03 11 88"); "3 2 1995" is no date but counts
    rf"|(?:0[1-9]|[12]\d|3[01])(?P<sp>[ ]{{1,2}})(?:0[1-9]|1[0-2])(?P=sp)(?:{_YEAR}|\d{{2}})"
    rf"|(?:0?[1-9]|1[0-2])/{_DAY}/{_YEAR}"  # US month-first
    # year first, month and day padded or not ("1990-03-14", "2012-7-9", "2012/7/9", and
    # with dots as Korean, Chinese and Hungarian documents write it: "1995.08.14")
    rf"|{_YEAR}(?P<ymd>[-/.])(?:0?[1-9]|1[0-2])(?P=ymd){_DAY}"
    # a month's name with a two-digit year, as chats shorten a date of birth ("dob 3rd jan
    # 95", "geb. 4. Mai 81"): only after a cue, like every date of this pattern
    rf"|{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:{_MONTHS_EN})\.?,?\s+\d{{2}}"
    rf"|{_DAY}\.?\s*(?i:{_MONTHS_DE})\s*\d{{2}}"
    # compact ISO, as forms and registers write it ("19830612"): only after a birth cue
    rf"|{_YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?![\w])"
)
# Dates of other calendars, as documents of migrants and refugees give a date of birth: the
# Islamic (Hijri: "1 Ramadan 1412", "12. Rabi' al-awwal 1433 H"), the Solar Hijri of Iran and
# Afghanistan ("15 Hamal 1381", "3 Mehr 1364", year first in numbers: "1364/07/20") and the
# Ethiopian calendar ("12 Meskerem 1990 E.C."). Read like dates with a month's name.
_MONTHS_HIJRI = (
    r"Muharram|Moharram|Safar|Rabi['’ʿ]?[ -]?(?:al|ul|el)[ -]?(?:awwal|Awwal|thani|Thani|akhir"
    r"|Akhir|Aakhir)|Rabi(?:ʿ|['’])?[ ]?(?:I|II)|Jumad[ai][ -]?(?:al|ul|el)[ -]?(?:ula|Ula|awwal"
    r"|Awwal|akhira|Akhira|thani|Thani|ukhra|Ukhra)|Jumad[ai][ ]?(?:I|II)|Rajab|Sha['’ʿ]?ban"
    r"|Ramadan|Ramadhan|Ramazan|Shawwal|Shawal|Dhu[ -]?al[ -]?Qi['’ʿ]?dah"
    r"|Dhu[ -]?al[ -]?Qa['’ʿ]?dah"
    r"|Dhul[ -]?Qi['’ʿ]?dah|Dhu[ -]?al[ -]?Hijjah|Dhul[ -]?Hijjah|Zul[ -]?Hijjah"
)
_MONTHS_SOLAR = (
    r"Hamal|Sawr|Saur|Jawza|Jauza|Saratan|Asad|Sunbula|Sonbola|Mizan|Aqrab|Qaws|Qaus|Jadi"
    r"|Dalw|Hoot|Hut|Farvardin|Ordibehesht|Khordad|Mordad|Amordad|Shahrivar|Mehr|Aban"
    r"|Azar|Bahman|Esfand"
)
_MONTHS_ETHIOPIAN = (
    r"Meskerem|Tikimt|Tekemt|Tikemt|Hidar|Hedar|Tahsas|Tahesas|Tir|Ter|Yekatit|Yakatit|Megabit"
    r"|Miyazya|Miazia|Ginbot|Genbot|Sene|Hamle|Nehase|Nehasse|Pagume|Pagumen"
)
OTHER_CALENDAR_DATE = re.compile(
    rf"(?<![\w/.])(?:{_DAY}\.?\s*(?:{_MONTHS_HIJRI}|{_MONTHS_SOLAR}|{_MONTHS_ETHIOPIAN})"
    r"\s*(?:1[2-4]\d{2}(?:\s?(?:A\.?H\.?|H\.?|SH|S\.H\.|HS)(?![\w]))?|(?:19|20)\d{2}(?:\s?E\.?C\.?)?)"
    # the Solar Hijri year first in numbers ("1364/07/20", "1378.10.11")
    r"|1[34]\d{2}(?P<sh>[/.-])(?:0?[1-9]|1[0-2])(?P=sh)(?:0?[1-9]|[12]\d|3[01]))(?![\w/])"
)
# Between a date of birth and the same date in another calendar or notation: "1 Shawwal
# 1415 (= 02.03.1995)", "12. Rabi' al-awwal 1433 H, entspricht 04.02.2012", "1364/07/20 in
# the Iranian documents, 12 October 1985", "1 Ramadan 1412 / 5 March 1992".
EQUIVALENT_GAP = re.compile(
    r"(?i)[ \t]*(?:(?:in|im|on|per|laut|nach|according[ \t]+to)[ \t][^,;()/=\n\d.!?]{1,40})?"
    r"[ \t]*(?:[,;/=]|\(|\((?=[ \t]*=)|entspricht|equals|corresponds[ \t]+to|equivalent[ \t]+to"
    r"|i\.[ \t]?e\.|d\.[ \t]?h\.|bzw\.|or|oder)"
    r"[ \t]*=?[ \t]*(?:(?:entspricht|corresponds[ \t]+to|i\.[ \t]?e\.|gregorian|greg\.|:)[ \t]*)*$"
)
MAX_EQUIVALENT_GAP = 50
BIRTH_CUE = re.compile(
    r"(?i)(?:geboren|geb\.|geburtsdatum|geburtstag|geb\.-datum|geb\.\s*am|date\s+of\s+birth"
    r"|dob|d\.o\.b\.|born|birthday|birth\s+date"
    # "geb 2.2.1981": the abbreviation typed without its dot
    r"|(?<!\w)geb(?=[ \t])"
    # French, Dutch, Spanish, Italian: "né le", "date de naissance", "geboortedatum",
    # "geboren op", "nacida el", "fecha de nacimiento", "nato il", "data di nascita"
    r"|(?<!\w)(?:née?|né\(e\))(?=\s+(?:le|en)\s)|date\s+de\s+naissance|geboortedatum"
    r"|nacid[oa]|fecha\s+de\s+nacimiento|(?<!\w)nat[oa](?=\s+il\s)|data\s+di\s+nascita)"
    r"(?:\s+(?:des|der|meines|meiner|von|of|my|the)\s+\w+)?"
    # the source of a transcript's or a form's value ("DOB per the transcript:", "Geburtsdatum
    # laut Ausweis", "date of birth according to the passport")
    r"(?:\s+(?:laut|gemäß|per|as\s+per|according\s+to)\s+(?:the\s+|dem\s+|der\s+)?\w+"
    r"|\s+on\s+(?:file|record))?"
    # a format hint of a form ("Date of birth (DD/MM/YYYY)", "Geburtsdatum (TT.MM.JJJJ)")
    r"(?:\s*\((?=[^)]*[DdTt])[DMYTJdmytj]{1,4}(?:[./-][DMYTJdmytj]{1,4}){2}\))?"
    r"(?:\W{0,4}(?:(?:is|was|lautet|ist)\s+)?(?:am|on|den|le|en|op|el|il|:)?\s*(?:den\s+|the\s+)?"
    # the reply on the next line of a transcript ("and date of birth\n**Caller:** um …")
    r"|\?*[ \t]*\n[ \t*]*[^\W\d_][\w ]{0,20}\**:\**[ \t]*(?:(?:um|uh|er|erm|äh|ähm)[ \t,]+)*)$"
    r"|\(\s*\*\s*$"  # "(* 3. Mai 1901)"; a "*" alone starts a list item
    # "Anna *17.09.1964", "meine Frau * 17.09.1964": a single star after a word on the same
    # line ("**Frist:** 17.09." is bold, "*Frist:* …" italic: no space before the star).
    # A comma may come between the word and the star ("Trần Văn Phúc, *15.05.1944").
    r"|[^\W_],?[ \t]+\*[ \t]?$"
)
# "Leon wurde am 10. April 2026 geboren", "am 3. Mai 1950 in Köln geboren".
BIRTH_AFTER = re.compile(
    r"\s*(?:in\s+[A-ZÄÖÜ][\w-]+(?:\s+(?:am|an\s+der|im)\s+[A-ZÄÖÜ][\w-]+)?\s+)?"
    r"(?:geboren|zur\s+Welt\s+gekommen)(?![\w])"
)
DEATH_CUE = re.compile(
    r"(?i)(?:gestorben|verstorben|verstarb|starb|gest\.|sterbedatum|todestag|todesdatum"
    r"|died|passed\s+away|date\s+of\s+death|deceased)\W{0,4}(?:am|on|den|:)?\s*(?:den\s+)?$"
    r"|†\s*$"
)
DEATH_AFTER = re.compile(
    r"\s*(?:in\s+[A-ZÄÖÜ][\w-]+\s+)?(?:gestorben|verstorben|verschieden)(?![\w])"
)
# "Geburtsdaten: ich 3.IV.1961 in Gliwice, meine Ehefrau 17.09.1964": a plural label makes
# every date up to the end of its line a date of birth.
BIRTH_LIST_LABEL = re.compile(
    r"(?i)(?<!\w)(?:geburtsdaten|geburtstage|dates\s+of\s+birth|birth\s*dates|birthdays|dobs)"
    r"[ \t]*:"
)
_BIRTH_LIST_STEMS = ("geburtsdaten", "geburtstage", "birth", "dobs")
MAX_BIRTH_LIST_CHARS = 200
# "geb. 3.2.79 in Gelsenkirchen, meine Frau 19830612", "DOB 04-Jan-1988, my son's is 11th
# Sept 2015": after a date of birth, a date that a relative's noun comes before, in the same
# sentence and within MAX_RELATIVE_GAP characters of the previous date, is the relative's.
RELATIVE = re.compile(
    r"(?i)(?<!\w)(?:wife|husband|son|daughter|child|partner|spouse|brother|sister|mother|father"
    r"|frau|mann|ehefrau|ehemann|sohn|tochter|kind|partnerin|bruder|schwester|mutter|vater)"
    r"(?:['’]?s)?(?!\w)"  # "my son's", and as chats write it: "my partners is …"
)
_SENTENCE_END = re.compile(r"\n|[.!?](?=\s|$)")
MAX_RELATIVE_GAP = 40
# OCR misreadings inside a token shaped like a numeric date: O/o for 0, l/I for 1.
_OCR_DATE = re.compile(r"(?<![\w.])[\dOoIl]{1,2}[./-][\dOoIl]{1,2}[./-][\dOoIl]{2,4}(?![\w])")
_OCR_DIGITS = str.maketrans("OoIl", "0011")
# Deadlines and dates of documents or rules: about a procedure, not about the person, even
# in a personal message ("Bitte senden Sie mir die Unterlagen bis zum 17. November 2026").
NOT_PERSONAL_CUE = re.compile(
    r"(?i)(?:bis\s+(?:zum|spätestens|einschließlich)|spätestens(?:\s+(?:am|zum|bis))?"
    r"|frist(?:ende|ablauf)?(?:\s+(?:ist|endet|läuft))?(?:\s+(?:am|zum|bis))?|stichtag"
    # "kündige ich fristgerecht zum 31. Mai 2026": the date a notice takes effect
    r"|(?:fristgerecht|fristgemäß|ordentlich|fristlos)\s+(?:zum|bis\s+zum|am)"
    r"|gültig\s+(?:ab|bis)|gilt\s+(?:ab|bis)|in\s+kraft\s+(?:ab|seit)?"
    r"|(?:bescheid|bescheids|schreiben|schreibens|brief|briefes|rechnung|urteil|urteils"
    r"|beschluss|beschlusses|gesetz|gesetzes|verordnung|fassung|stand|mitteilung|vertrag"
    r"|vertrages|bekanntmachung|erlass|richtlinie|satzung|e-mail|nachricht)\s+vom"
    r"|until|no\s+later\s+than|deadline(?:\s+is)?|due(?:\s+(?:on|by))?|by|effective(?:\s+(?:from|on))?"
    r"|dated|as\s+of|(?:letter|notice|decision|act|regulation|email)\s+of)"
    r"\W{0,3}(?:dem|den|the)?\s*$"
)
# The date of a scheduled event of a service, named in the same sentence before it and not
# as someone's own ("Following the Child Protection Conference on 26 February 2026", "the
# hearing on 12 May 2026", "die Sitzung des Ausschusses am 3. März 2026"): when a procedure
# takes place, which the model needs like a deadline. "Mein Termin ist am …", "your
# appointment … is on …" stay personal: a possessive makes the event the person's.
SCHEDULED_CUE = re.compile(
    r"(?i)(?<!\w)(?P<event>appointment|conference|hearing|meeting|consultation|interview|review"
    r"|termin|anhörung|sitzung|verhandlung|konferenz|besprechung|sprechstunde)"
    r"(?!\w)[^.!?\n]{0,50}?(?<!\w)(?:on|is|for|am|ist|zum|:)\W{0,3}(?:the|dem|den)?\s*$"
)
_SCHEDULED_WINDOW = 80
_OWNER_WORDS = frozenset(
    """
    my your his her our their mein meine meinen meinem meiner dein deine deinen deinem
    deiner ihr ihre ihren ihrem ihrer sein seine seinen seinem seiner unser unsere unseren
    unserem unserer euer eure
    """.split()
)
_WORDS_BEFORE_EVENT = 4


def _scheduled_event_date(text: str, start: int) -> bool:
    """True when a service's scheduled event that is nobody's own names the date at
    ``start`` (SCHEDULED_CUE)."""
    cue = SCHEDULED_CUE.search(text, max(0, start - _SCHEDULED_WINDOW), start)
    if cue is None:
        return False
    line_start = text.rfind("\n", 0, cue.start("event")) + 1
    lead = re.split(r"[.!?;:]", text[line_start : cue.start("event")])[-1]
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", lead)][-_WORDS_BEFORE_EVENT:]
    return _OWNER_WORDS.isdisjoint(words)


# A year or month and year is only personal right after a birth cue ("born in May 1987",
# "Jahrgang 1987", "geb. 1987"); elsewhere "im Mai" or "1536" is no one's data.
BIRTH_YEAR = re.compile(
    r"(?i)(?=[gbjyd])(?<!\w)(?:geboren|geb\.|geb(?=\s)|born|jahrgang|geburtsjahr|year\s+of\s+birth"
    r"|dob)\W{0,3}"
    rf"(?:(?:am|im|in|on|:)\s+)?(?P<date>(?-i:(?:{_MONTHS_DE}|{_MONTHS_EN})\.?\s+)?{_YEAR})"
    r"(?![-./]?\d)(?!\w)"
)
# "Kinder, die nach dem 31. Dezember 2019 geboren sind": a rule about a group of people.
GROUP_BEFORE = re.compile(r"(?i)(?:nach|vor|ab|seit|zwischen|before|after|since)\s+(?:dem\s+)?$")
_CUE_WINDOW = 40
_AFTER_WINDOW = 60
_BIRTH_STEMS = (
    "geb", "birth", "born", "dob", "d.o.b", "*", "né", "naiss", "nacid", "nacim", "nat", "nasc",
)  # fmt: skip
_BIRTH_YEAR_STEMS = ("geb", "born", "jahrgang", "dob", "year of birth")
_DEATH_STEMS = (
    "gest",
    "verst",
    "starb",
    "sterbe",
    "todes",
    "died",
    "passed",
    "death",
    "deceased",
    "†",
)
BIRTH_SCORE = 0.95
DEATH_SCORE = 0.9
PERSONAL_SCORE = 0.6


class DateRecognizer(ScanRecognizer):
    """Finds dates of birth and other personal dates."""

    ENTITIES = (BIRTH, DATE)

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language, context=["geboren", "born"])
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields personal dates; a birth cue before or after makes a date of birth."""
        found: list[Hit] = []
        numeric = fold_ocr_dates(text)
        for pattern in (LONG_DATE, NUMERIC_DATE, OTHER_CALENDAR_DATE):
            scanned = numeric if pattern is NUMERIC_DATE else text
            for match in pattern.finditer(scanned):
                hit = _classify(
                    text,
                    match.start(),
                    match.end(),
                    long=pattern is not NUMERIC_DATE,
                    lexicon=self._lexicon,
                )
                if hit is not None:
                    found.append(hit)
        found = _equivalent_birth_dates(text, numeric, found)
        found.extend(_listed_birth_dates(text, numeric, found))
        found.extend(_relatives_birth_dates(text, numeric, found))
        found = _same_birth_dates(text, numeric, found)
        lower = text.lower()
        if not any(stem in lower for stem in _BIRTH_YEAR_STEMS):
            return found
        for match in BIRTH_YEAR.finditer(text):
            start, end = match.span("date")
            if all(end <= s or start >= e for _, s, e, _ in found):
                found.append((BIRTH, start, end, BIRTH_SCORE))
        return found


def _equivalent_birth_dates(text: str, numeric: str, found: list[Hit]) -> list[Hit]:
    """A date right after a date of birth, the same date in another calendar or notation
    (EQUIVALENT_GAP), is the date of birth too; one found as a mere personal date is
    replaced."""
    if not any(entity == BIRTH for entity, *_ in found):
        return found
    dates = sorted(
        match.span()
        for pattern, scanned in (
            (LONG_DATE, text),
            (NUMERIC_DATE, numeric),
            (OTHER_CALENDAR_DATE, text),
        )
        for match in pattern.finditer(scanned)
    )
    births = sorted((s, e) for entity, s, e, _ in found if entity == BIRTH)
    added: list[tuple[int, int]] = []
    for start, end in dates:
        if any(s < end and start < e for s, e in births + added):
            continue
        before = [e for _, e in births + added if e <= start]
        if not before:
            continue
        gap = text[max(before) : start]
        if len(gap) <= MAX_EQUIVALENT_GAP and EQUIVALENT_GAP.match(gap):
            added.append((start, end))
    if not added:
        return found
    kept = [h for h in found if all(h[2] <= s or h[1] >= e for s, e in added)]
    return kept + [(BIRTH, s, e, BIRTH_SCORE) for s, e in added]


def fold_ocr_dates(text: str) -> str:
    """``text`` with the letters an OCR scan reads for digits (O for 0, l/I for 1) turned
    into digits inside date-shaped tokens with at least one real digit; same length, so the
    offsets stay those of ``text``."""
    if not any(ch in text for ch in "OoIl"):
        return text
    folded = text
    for match in _OCR_DATE.finditer(text):
        token = match.group()
        if any(ch.isdigit() for ch in token) and not token.isdigit():
            start, end = match.span()
            folded = folded[:start] + token.translate(_OCR_DIGITS) + folded[end:]
    return folded


def _listed_birth_dates(text: str, numeric: str, found: list[Hit]) -> list[Hit]:
    """Dates on the line of a plural birth label ("Geburtsdaten: …") not found already."""
    lower = text.lower()
    if not any(stem in lower for stem in _BIRTH_LIST_STEMS):
        return []
    listed: list[Hit] = []
    for label in BIRTH_LIST_LABEL.finditer(text):
        line_end = text.find("\n", label.end())
        end = min(len(text) if line_end == -1 else line_end, label.end() + MAX_BIRTH_LIST_CHARS)
        for pattern, scanned in ((LONG_DATE, text), (NUMERIC_DATE, numeric)):
            for match in pattern.finditer(scanned, label.end(), end):
                span = match.span()
                if all(span[1] <= s or span[0] >= e for _, s, e, _ in found + listed):
                    listed.append((BIRTH, *span, BIRTH_SCORE))
    return listed


def _relatives_birth_dates(text: str, numeric: str, found: list[Hit]) -> list[Hit]:
    """Dates of birth of relatives named after a date of birth (RELATIVE), not found
    already or found as a mere personal date."""
    births = [(s, e) for entity, s, e, _ in found if entity == BIRTH]
    if not births:
        return []
    first = min(s for s, _ in births)
    dates = sorted(
        match.span()
        for pattern, scanned in ((LONG_DATE, text), (NUMERIC_DATE, numeric))
        for match in pattern.finditer(scanned, first)
    )
    added: list[Hit] = []
    chain_end: int | None = None  # end of the last date of birth of the chain
    for start, end in dates:
        if any(s < end and start < e for s, e in births):
            chain_end = end
            continue
        if chain_end is None or start < chain_end:
            continue
        gap = text[chain_end:start]
        if (
            len(gap) <= MAX_RELATIVE_GAP
            and _SENTENCE_END.search(gap) is None
            and RELATIVE.search(gap) is not None
            and NOT_PERSONAL_CUE.search(gap) is None
        ):
            added.append((BIRTH, start, end, BIRTH_SCORE))
            chain_end = end
        else:
            chain_end = None
    return added


# A month's number by the first three letters of its German or English name.
_MONTH_STEMS = {
    stem: number
    for number, stems in enumerate(
        ("jan", "feb", "mar mär mae", "apr", "may mai", "jun", "jul", "aug", "sep",
         "oct okt", "nov", "dec dez"),
        start=1,
    )
    for stem in stems.split()
}  # fmt: skip
_DATE_PARTS = re.compile(r"\d+|[^\W\d_]+")
_ORDINALS = frozenset({"st", "nd", "rd", "th", "of"})


_MONTH_STEMS.update({"fév": 2, "fev": 2, "avr": 4, "aoû": 8, "aou": 8, "maa": 3, "mei": 5})
_MONTH_STEMS.update({"ene": 1, "abr": 4, "ago": 8, "set": 9, "dic": 12})


def _month_number(word: str) -> int | None:
    lower = word.lower()
    if lower.startswith(("juin", "juil")):  # French: June and July share "jui"
        return 6 if lower.startswith("juin") else 7
    return _MONTH_STEMS.get(lower[:3]) if len(word) >= 3 else None


def date_key(value: str) -> tuple[int, int, int] | None:
    """(day, month, year as written: "'84" is 84) of a date in a notation of LONG_DATE or
    NUMERIC_DATE read day first (year first when it leads), None when it does not read so."""
    parts = [p for p in _DATE_PARTS.findall(value) if p.lower() not in _ORDINALS]
    numbers: list[int] = []
    month: int | None = None
    for part in parts:
        if part.isdigit():
            numbers.append(int(part))
        elif (number := _month_number(part)) is not None:
            month = number
        else:
            return None
    if month is not None and len(numbers) == 2:
        day, year = numbers
    elif month is None and len(numbers) == 3:
        if numbers[0] > 31:
            year, month, day = numbers
        else:
            day, month, year = numbers
    else:
        return None
    return day, month, year


def _same_date(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Same day and month, and the same year, or a two-digit year its last two digits."""
    if a[:2] != b[:2]:
        return False
    return a[2] == b[2] or (min(a[2], b[2]) < 100 and a[2] % 100 == b[2] % 100)


def _same_birth_dates(text: str, numeric: str, found: list[Hit]) -> list[Hit]:
    """A date written again in the same text, in another notation ("D.O.B. 7th Feb '84 …
    so is it 07/02/1984?"), is the date of birth too; a date found as a mere personal date
    is replaced."""
    keys = [key for entity, s, e, _ in found if entity == BIRTH and (key := date_key(text[s:e]))]
    if not keys:
        return found
    births = [(s, e) for entity, s, e, _ in found if entity == BIRTH]
    same: list[tuple[int, int]] = []
    for pattern, scanned in ((LONG_DATE, text), (NUMERIC_DATE, numeric)):
        for match in pattern.finditer(scanned):
            start, end = match.span()
            key = date_key(scanned[start:end])
            if (
                key
                and any(_same_date(key, k) for k in keys)
                and all(end <= s or start >= e for s, e in births)
            ):
                same.append((start, end))
    if not same:
        return found
    kept = [h for h in found if all(h[2] <= s or h[1] >= e for s, e in same)]
    return kept + [(BIRTH, s, e, BIRTH_SCORE) for s, e in same]


def _classify(text: str, start: int, end: int, *, long: bool, lexicon: Lexicon) -> Hit | None:
    """The entity and score of the date at ``text[start:end]``, None when not personal.

    Numeric dates count only with a birth or death cue: "Bescheid BG 994059 vom 24.02.2022",
    "Die Familienkasse hat mir am 01.09.2023 geschrieben" are case-file dates the model needs
    (docs/decisions/0035-personal-dates-and-whole-addresses.md).
    """
    before = text[max(0, start - _CUE_WINDOW) : start]
    # Substrings every cue contains: most dates have none, and the regular expressions
    # below cost ~10 µs per date each.
    lower = before.lower()
    after = text[end : end + _AFTER_WINDOW].lower()
    birth_before = any(stem in lower for stem in _BIRTH_STEMS)
    cue = BIRTH_CUE.search(before) if birth_before else None
    if cue is not None and not (cue.group().rstrip().endswith("*") and text[end : end + 1] == "*"):
        return BIRTH, start, end, BIRTH_SCORE  # (a date between stars is emphasis)
    if "geboren" in after or "zur welt" in after:
        if BIRTH_AFTER.match(text, end) is not None and GROUP_BEFORE.search(before) is None:
            return BIRTH, start, end, BIRTH_SCORE
    if any(stem in lower for stem in _DEATH_STEMS) and DEATH_CUE.search(before) is not None:
        return DATE, start, end, DEATH_SCORE
    if ("storben" in after or "verschieden" in after) and DEATH_AFTER.match(text, end):
        return DATE, start, end, DEATH_SCORE
    if not long or NOT_PERSONAL_CUE.search(before) is not None:
        return None
    if _scheduled_event_date(text, start):
        return None
    if is_personal(text, start, end, lexicon):
        return DATE, start, end, PERSONAL_SCORE
    return None
