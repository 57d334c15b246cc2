"""Dates and house numbers spoken as words (speech-to-text transcripts), read as digits.

"am dritten märz neunzehnhundertachtundsiebzig", "elften elften zweitausendzwölf", "the
fourteenth of February nineteen seventy-two", "twenty third of June nineteen ninety" read
"3. März 1978", "11. November 2012", "14 February 1972", "23 June 1990": the date recognizer
then sees a written-out date and keeps its own rules on which dates are personal. A number
word after a street ("Ahornstraße elf") reads as the house number ("Ahornstraße 11").
Only a day's ordinal word followed by a month (or a month followed by one) counts as a
date: "zwei Kinder", "the second of two letters" stay as they are. Used by
``pii.normalize`` (the replacement maps back to the whole spoken phrase).
"""

from __future__ import annotations

import re

Piece = tuple[str, int, int]

# German cardinals 1..99: "ein", "zwölf", "achtundsiebzig", "dreißig".
_DE_UNITS = {
    "ein": 1, "eins": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9,
}  # fmt: skip
_DE_TEENS = {
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}  # fmt: skip
_DE_TENS = {
    "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}  # fmt: skip
DE_CARDINALS: dict[str, int] = {**_DE_UNITS, **_DE_TEENS, **_DE_TENS}
DE_CARDINALS.update(
    {
        f"{unit}und{tens}": u + t
        for unit, u in _DE_UNITS.items()
        if unit not in ("eins", "zwo")
        for tens, t in _DE_TENS.items()
    }
)
# German ordinal stems 1..31 ("dritt-", "elft-", "zwanzigst-") with their endings.
_DE_ORDINAL_STEMS = {"erst": 1, "dritt": 3, "sieb": 7, "siebent": 7, "acht": 8}
for _word, _n in DE_CARDINALS.items():
    if _n <= 31 and _word not in ("ein", "eins", "zwo", "drei", "sieben", "acht"):
        _DE_ORDINAL_STEMS[_word + ("t" if _n < 20 else "st")] = _n
_DE_ORDINAL_STEMS["zwot"] = 2
DE_ORDINALS = {
    stem + ending: n
    for stem, n in _DE_ORDINAL_STEMS.items()
    for ending in ("e", "en", "er", "es", "em")
}
DE_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)  # fmt: skip
_DE_MONTH_WORDS = {name.lower(): i for i, name in enumerate(DE_MONTHS, start=1)}
_DE_MONTH_WORDS.update({"jänner": 1, "maerz": 3})

# English: "first" .. "thirty-first", cardinals 1..99 ("seventy-two", "twenty seventeen").
_EN_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
_EN_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_UNIT_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
_EN_ORDINALS = {
    **_EN_UNIT_ORDINALS, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_EN_MONTH_WORDS = {name.lower(): i for i, name in enumerate(EN_MONTHS, start=1)}
_EN_MONTH_WORDS.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
     "sept": 9, "oct": 10, "nov": 11, "dec": 12}
)  # fmt: skip


def _alternatives(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[call-overload]


_DE_CARD = _alternatives(DE_CARDINALS)
# "neunzehnhundertachtundsiebzig", "zweitausendzwölf", "neunzehn hundert neunzig".
_DE_YEAR = (
    rf"(?P<century>neunzehn|achtzehn)[ \t]?hundert(?:[ \t]?(?:und[ \t]?)?(?P<rest>{_DE_CARD}))?"
    rf"|(?P<millennium>zweitausend)(?:[ \t]?(?:und[ \t]?)?(?P<rest2>{_DE_CARD}))?"
)
_DE_DAY = _alternatives(DE_ORDINALS)
_DE_MONTH = rf"{_alternatives(_DE_MONTH_WORDS)}|{_DE_DAY}"
DE_SPOKEN_DATE = re.compile(
    rf"(?i)(?<![\w-])(?P<day>{_DE_DAY})[ \t]+(?:des[ \t]+)?(?P<month>{_DE_MONTH})"
    rf"(?:,?[ \t]+(?P<year>{_DE_YEAR}))?(?![\w-])"
)

_EN_CARD_1_99 = (
    rf"(?:{_alternatives(_EN_TENS)})(?:[- ](?:{_alternatives(_EN_UNITS)}))?"
    rf"|{_alternatives(_EN_TEENS)}|{_alternatives(_EN_UNITS)}"
)
_EN_DAY = (
    rf"(?:twenty|thirty)[- ](?:{_alternatives(_EN_UNIT_ORDINALS)})|{_alternatives(_EN_ORDINALS)}"
)
# "nineteen seventy-two", "nineteen oh five", "twenty seventeen", "two thousand and twelve".
_EN_YEAR = (
    r"(?:eighteen|nineteen|twenty)[ \t]+(?:hundred|(?:oh|o)[ \t]+"
    rf"(?:{_alternatives(_EN_UNITS)})|{_EN_CARD_1_99})"
    rf"|two[ \t]+thousand(?:[ \t]+(?:and[ \t]+)?(?:{_EN_CARD_1_99}))?"
)
_EN_MONTH = _alternatives(_EN_MONTH_WORDS)
EN_SPOKEN_DATE = re.compile(
    rf"(?i)(?<![\w-])(?:(?P<day>{_EN_DAY})[ \t]+(?:of[ \t]+)?(?P<month>{_EN_MONTH})\.?"
    rf"|(?P<month2>{_EN_MONTH})\.?[ \t]+(?:the[ \t]+)?(?P<day2>{_EN_DAY}))"
    rf"(?:,?[ \t]+(?P<year>{_EN_YEAR}))?(?![\w-])"
)
# "Ahornstraße elf", "kranichweg vierzehn": a German number word right after a street.
# Only the street words no ordinary verb or noun ends in ("Bring zwei mit" is no "-ring").
STREET_ENDS = ("straße", "strasse", "str", "weg", "gasse", "allee", "platz", "damm", "chaussee")
SPOKEN_HOUSE_NUMBER = re.compile(rf"(?i)\.?[ \t]+(?P<number>{_DE_CARD})(?![\w-])")


def _en_number(words: str) -> int:
    total = 0
    for word in re.split(r"[- \t]+", words.lower()):
        total += _EN_UNITS.get(word, 0) + _EN_TEENS.get(word, 0) + _EN_TENS.get(word, 0)
    return total


def _en_day(words: str) -> int:
    parts = re.split(r"[- \t]+", words.lower())
    return _EN_TENS.get(parts[0], 0) + _EN_ORDINALS.get(parts[-1], 0)


def _en_year(words: str) -> int | None:
    parts = re.split(r"[ \t]+", words.lower(), maxsplit=1)
    if parts[0] == "two":  # "two thousand (and) twelve"
        rest = re.sub(r"^thousand(?:[ \t]+and)?", "", parts[1]).strip()
        return 2000 + (_en_number(rest) if rest else 0)
    century = _EN_TEENS.get(parts[0]) or _EN_TENS[parts[0]]
    rest = parts[1]
    if rest == "hundred":
        return century * 100
    if rest.startswith(("oh", "o ")):
        rest = rest.split(None, 1)[1]
    return century * 100 + _en_number(rest)


def _de_year(match: re.Match[str]) -> int:
    if match.group("century"):
        base = DE_CARDINALS[match.group("century").lower()] * 100
        rest = match.group("rest")
    else:
        base, rest = 2000, match.group("rest2")
    return base + (DE_CARDINALS[rest.lower()] if rest else 0)


_DE_YEAR_RE = re.compile(rf"(?i){_DE_YEAR}")


def _de_month(word: str) -> int | None:
    lower = word.lower()
    month = _DE_MONTH_WORDS.get(lower) or DE_ORDINALS.get(lower)
    return month if month is not None and month <= 12 else None


# Every spoken date holds a month's name or a year's "hundert"/"tausend" (a German month said
# as an ordinal needs a year): a text with none of these holds no spoken date.
_DATE_STEMS = (
    "jan", "feb", "mär", "maer", "mar", "apr", "mai", "may", "jun", "jul", "aug", "sep",
    "okt", "oct", "nov", "dez", "dec", "hundert", "tausend",
)  # fmt: skip
# A spoken date starts with one of these words: the patterns (hundreds of alternatives) are
# tried only where one stands (~10x faster on ordinary prose than a scan of every position).
_START_WORDS = frozenset(
    [*DE_ORDINALS, *(w.lower() for w in _EN_ORDINALS), *_EN_MONTH_WORDS, "twenty", "thirty"]
)
_WORD = re.compile(r"[^\W\d_]{3,}")


def read_spoken_dates(text: str) -> list[Piece]:
    """Replaces a date spoken as words by its written-out form ("3. März 1978") and a
    house number spoken after a street by its digits."""
    lower = text.lower()
    dates = any(stem in lower for stem in _DATE_STEMS)
    streets = any(end in lower for end in STREET_ENDS)
    if not dates and not streets:
        return []
    pieces: list[Piece] = []
    taken = 0
    for word in _WORD.finditer(text):
        if word.start() < taken:
            continue
        lowered = word.group().lower()
        piece = None
        if dates and lowered in _START_WORDS:
            piece = _german_date(text, word.start()) or _english_date(text, word.start())
        if piece is None and streets and lowered.endswith(STREET_ENDS):
            piece = _house_number(text, word.end(), lowered)
        if piece is not None:
            pieces.append(piece)
            taken = piece[2]
    return pieces


def _german_date(text: str, start: int) -> Piece | None:
    match = DE_SPOKEN_DATE.match(text, start)
    if match is None:
        return None
    month = _de_month(match.group("month"))
    day = DE_ORDINALS[match.group("day").lower()]
    if month is None or (match.group("month").lower() in DE_ORDINALS and not match.group("year")):
        return None  # "am dritten vierten" without a year is no date one can tell
    written = f"{day}. {DE_MONTHS[month - 1]}"
    if match.group("year") and (year := _DE_YEAR_RE.fullmatch(match.group("year"))):
        written += f" {_de_year(year)}"
    return written, match.start(), match.end()


def _english_date(text: str, start: int) -> Piece | None:
    match = EN_SPOKEN_DATE.match(text, start)
    if match is None:
        return None
    month_word = match.group("month") or match.group("month2")
    if month_word == "may" and not match.group("year"):
        return None  # "the second of may be …": the verb, unless a year follows
    day = _en_day(match.group("day") or match.group("day2"))
    if day > 31:
        return None  # "thirty-ninth of …"
    written = f"{day} {EN_MONTHS[_EN_MONTH_WORDS[month_word.lower()] - 1]}"
    if match.group("year") and (year := _en_year(match.group("year"))) is not None:
        written += f" {year}"
    return written, match.start(), match.end()


def _house_number(text: str, street_end: int, street: str) -> Piece | None:
    """ "Ahornstraße elf": the number word after a street's name (not a bare "weg")."""
    if any(street == end for end in STREET_ENDS):
        return None
    match = SPOKEN_HOUSE_NUMBER.match(text, street_end)
    if match is None:
        return None
    return str(DE_CARDINALS[match.group("number").lower()]), *match.span("number")
