"""Word lists behind the name and place recognizers.

Sources:
    * ``german-nouns`` (Wiktionary DE, CC BY-SA 4.0, used as an installed package, not
      shipped): ~100,000 common nouns with their inflected forms, plus its first names
      (``Vorname``), surnames (``Nachname``) and place names (``Toponym``).
    * ``pii/conf/first_names.txt`` and ``pii/conf/surnames.txt``: common names compiled by
      the project (Apache-2.0) to cover frequent names Wiktionary lacks.
    * ``pii/conf/census_first_names.txt`` and ``pii/conf/census_surnames.txt``: first names
      and frequent surnames of the 1990 US Census (public domain), minus ordinary words;
      written by ``bench/census_name_lists.py``.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pii.word_frequency import is_known, zipf

CONF_DIR = Path(__file__).parent / "conf"

# Capitalised words that start sentences or are titles/pronouns, greetings too (regional ones:
# "Servus", "Moin", "Grüezi"); never part of a name.
FUNCTION_WORDS = frozenset(
    """
    Ich Sie Ihr Ihre Ihren Ihrem Ihrer Ihnen Wir Du Er Es Man Mein Meine Meinen Meinem Meiner
    Unser Unsere Der Die Das Den Dem Des Ein Eine Einen Einem Einer Dies Diese Dieser Dieses
    Mit Und Oder Aber Am Im In An Auf Aus Bei Für Von Vom Zu Zum Zur Nach Vor Über Unter Seit
    Wenn Weil Dass Ob Als Wie Was Wer Wo Wann Warum Welche Welcher Bitte Danke Hallo Guten Tag
    Sehr Liebe Lieber Geehrte Geehrter Viele Beste Freundliche Herzliche Grüße Gruß Hiermit
    Anbei Leider Vielen Dank Ja Nein Nicht Kein Keine Auch Noch Schon Jetzt Heute Morgen
    Gestern Hier Dort Da So Nun Also Doch Herr Herrn Frau Dr Prof Familie Name Vorname
    Nachname Straße Str Telefon Tel Mobil Handy Fax Mail Email E-Mail Adresse Anschrift
    IBAN BIC Konto Steuer Geburtsdatum Geboren Geb
    The A An I You He She We They It My Your Our His Her Their This That These Those And Or
    But If When Because Please Thanks Thank Hello Hi Dear Best Kind Regards Sincerely Yours
    Mr Mrs Ms Miss Dear Name Phone Email Address Street Date Birth Born Yes No Not Also
    Today Tomorrow Yesterday Here There Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November
    December Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März
    Mai Juni Juli Oktober Dezember Deutschland Germany
    Servus Servas Moin Moinsen Grüezi Griaß Grüß Pfiat Tschüss Tschau Ciao Salü Hey
    """.split()
)


# Letters Unicode does not decompose into a base letter and a mark ("ł" is no "l" with a
# mark to Unicode), with the letter people type for them.
UNDECOMPOSED = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i"}
UNDECOMPOSED |= {"ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"}
_UNDECOMPOSED = str.maketrans(UNDECOMPOSED)
# German's own letters: a German word keeps them ("Bücher" is no "Bucher").
_GERMAN_LETTERS = frozenset("äöüÄÖÜß")


@functools.lru_cache(maxsize=4096)
def plain_spelling(word: str) -> str:
    """``word`` without the diacritics of other languages ("Grażyna" -> "Grazyna", "Łukasz"
    -> "Lukasz", "José" -> "Jose"); German umlauts and "ß" stay."""
    out = []
    for char in word:
        if char in _GERMAN_LETTERS:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char.translate(_UNDECOMPOSED))[:1]
        out.append(base if base.isascii() and base.isalpha() else char)
    return "".join(out)


class NameSet(frozenset[str]):
    """Known names. A name is also known in a spelling with diacritics the list lacks:
    "Grażyna" as "Grazyna", "Ramón" as "Ramon" (the lists hold many names only without
    them; people write them with). German umlauts are no such diacritic: "Bücher" is no
    "Bucher"."""

    def __contains__(self, word: object) -> bool:
        if frozenset.__contains__(self, word):
            return True
        if not isinstance(word, str) or word.isascii():
            return False
        plain = plain_spelling(word)
        return plain != word and frozenset.__contains__(self, plain)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Frozen word sets used by the recognizers.

    Attributes:
        first_names: known first names (case-sensitive, capitalised; ``NameSet``).
        surnames: known surnames (``NameSet``).
        places: known place names (cities, regions, countries).
        nouns: every form of a common German noun (capitalised).
        function_words: capitalised words never part of a name.
    """

    first_names: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]
    nouns: frozenset[str]
    function_words: frozenset[str]

    def is_plain_noun(self, word: str) -> bool:
        """True when ``word`` is a common noun (or function word) and no known name."""
        if word in self.function_words:
            return True
        return word in self.nouns and word not in self.first_names and word not in self.surnames


def _read_word_file(name: str) -> set[str]:
    words: set[str] = set()
    for line in (CONF_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return words


def _german_nouns_csv() -> Path | None:
    try:
        from german_nouns.config import CSV_FILE_PATH
    except ImportError:  # the lexicon degrades to the shipped lists
        return None
    path = Path(CSV_FILE_PATH)
    return path if path.exists() else None


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Loads the word lists once per process (about 0.5 s)."""
    first_names = _read_word_file("first_names.txt") | _read_word_file("census_first_names.txt")
    surnames = _read_word_file("surnames.txt") | _read_word_file("census_surnames.txt")
    places: set[str] = set()
    nouns: set[str] = set()
    csv_path = _german_nouns_csv()
    if csv_path is not None:
        with csv_path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            for row in reader:
                lemma, kinds = row[0], set(row[1].split(","))
                if not lemma[:1].isupper() or " " in lemma:
                    continue
                if "Vorname" in kinds:
                    first_names.add(lemma)
                elif "Nachname" in kinds:
                    surnames.add(lemma)
                elif "Toponym" in kinds:
                    places.add(lemma)
                elif kinds <= {"Substantiv", "adjektivische Deklination", "Abkürzung"}:
                    nouns.add(lemma)
                    nouns.update(form for form in row[7:] if form and " " not in form)
    return Lexicon(
        first_names=NameSet(first_names - FUNCTION_WORDS),
        surnames=NameSet(surnames - FUNCTION_WORDS),
        places=frozenset(places),
        nouns=frozenset(nouns),
        function_words=FUNCTION_WORDS,
    )


_WORD = re.compile(r"[^\W\d_]+")

# Head words that make the name before them part of a proper noun ("Wayne County"). No word
# that is also a frequent surname ("Hall", "House", "Park", "Church" stay out).
NAMESAKE_HEADS = frozenset(
    """
    County Township Borough Parish District Island Islands Peninsula Bay Lake River Valley
    Mountain Mountains Airport Station Bridge Tunnel Square Avenue Boulevard Highway Arena
    Stadium Center Centre Memorial Museum Library Cathedral Chapel Institute Foundation
    University College Academy School Hospital Clinic Building Tower Estate Award Awards Prize
    Trophy Cup Show Band Orchestra Quartet Trio Company Corporation Inc Ltd Group Brothers
    Doctrine Theorem Effect Syndrome Disease Rule Act
    Prison Jail Gaol prison jail gaol Gefängnis Justizvollzugsanstalt
    Stiftung Straße Strasse Allee Platz Weg Ring Brücke Gymnasium Realschule Grundschule
    Gesamtschule Oberschule Schule Universität Hochschule Klinik Klinikum Krankenhaus Kaserne
    Stadion Halle Bibliothek Kirche Preis Medaille Gesellschaft Institut Haus
    Nursery Nurseries Preschool Playgroup Daycare Creche Crèche Kindergarten Kita Krippe
    Kinderkrippe Kindertagesstätte Kinderhaus Pharmacy Apotheke
    AG GmbH mbH KG OHG KGaA SE eG LLC LLP PLC plc Corp
    """.split()
) | frozenset(
    # Last words of a practice's, school's or firm's name ("Cairnhill Medical Practice",
    # "St Barnabas C of E Primary", "Harlow Surgery"), none a name of the lists either.
    "Practice Surgery Primary Partnership Associates Solicitors Hospice Praxis".split()
)
# Last words of a firm's name that say its trade ("Marlowe Enforcement", "Brightline
# Credit", "Cwm Garden Care"); none a name of the lists.
TRADE_HEADS = frozenset(
    """
    Enforcement Recovery Recoveries Collections Credit Finance Lending Loans Insurance
    Bailiffs Lettings Estates Care Cleaning Plumbing Roofing Builders Haulage Logistics
    Consulting Consultancy Accountants Accountancy Practitioners
    """.split()
)
# Last words of an organisation's name: a value under a name key ending so is a firm, a
# school or a practice, not a person ("Name: Lakeside Dental Group", "[employer] name =
# …"). NAMESAKE_HEADS without the heads of places and works ("Lake", "Cup", "Act"), which
# surnames or nicknames may be; with TRADE_HEADS.
ORGANISATION_HEADS = TRADE_HEADS | frozenset(
    """
    Group Practice Surgery Primary Academy School College University Hospital Clinic Company
    Corporation Foundation Stiftung Partnership Associates Solicitors Nursery Kita
    Kindergarten Pharmacy Apotheke Praxis Klinik Klinikum Krankenhaus Gymnasium Realschule
    Grundschule Gesamtschule Oberschule Schule Hochschule Universität Institut Institute
    Gesellschaft Hospice Inc Ltd AG GmbH mbH KG OHG KGaA eG LLC LLP PLC plc Corp
    """.split()
)
# Last words of the name of a place, a body, an event or a work that no person's name ends
# in, none a surname ("Lviv Bus Factory", "Norwegian Parliament", "El Oued Province",
# "Tyler Perry Studios"): a span of two or more words ending so is no person's name. Only
# the span's own last word counts (a name followed by "Council" on its line is still a
# name: "ask Priya Shah Council Tax ..." must stay redacted); see ``ends_in_institution``.
INSTITUTION_HEADS = frozenset(
    """
    Factory Brewery Distillery Laboratory Studios Theatre Theater Cinema Parliament
    Elections Election Diocese Archdiocese Province Prefecture Municipality Oblast
    Governorate Emirate Sultanate Caliphate Duchy Principality Kingdom Republic Empire
    Dynasty Railway Railways Airlines Airways Expressway Motorway Freeway Reservoir Canal
    Barrage Dam Glacier Creek Harbour Harbor Palace Mosque Synagogue Monastery Pagoda
    Basilica Cemetery Monument Plantation Gardens Exhibition Festival Championship
    Championships Tournament Olympics Chorus Choir Quintet Ensemble Regiment Brigade
    Police Ministry Senate Congress Assembly Commission Federation Association Society
    League Records Productions Publishing Magazine Megazine Gazette Broadcasters
    Treaty Declaration Rebellion Uprising Massacre
    Fabrik Brauerei Partei Verein Verlag Stadtwerke Festspiele Landtag
    """.split()
)
# "Yours sincerely, Housing Adaptations Team", "Kind regards, Parking Services Office": a
# team, service or office signs or is named, not a person (German offices: names_an_office).
OFFICE_HEADS = frozenset(
    """
    Team Teams Service Services Department Office Unit Division Section Desk Centre Center
    Board Council Committee Agency Authority Helpdesk Support Abteilung Amt Stelle Referat
    Büro Bürgerbüro Dezernat Fachbereich Fachdienst Sachgebiet Dienst Geschäftsstelle
    """.split()
)


def ends_in_institution(words: list[str]) -> bool:
    """True when ``words`` (two or more) end in a word of ``INSTITUTION_HEADS``."""
    return len(words) > 1 and words[-1] in INSTITUTION_HEADS


_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
# Up to two capitalised words between a name and its head ("Cairnhill Medical Practice",
# "Lakeside Dental Group", "Greenfield Primary School").
_WORDS_TO_HEAD = re.compile(r"((?:[ \t]+[A-ZÄÖÜ][a-zäöüß]+){1,2})[ \t]+(\w+)")
# A saint before the name ("St Barnabas C of E Primary", "St. Mary's", "Sankt Georg"): a
# church, a school or a hospital named after the saint.
_SAINT_BEFORE = re.compile(r"(?<![\w.])(?:St\.?|Saint|Sankt|Ste\.?)[ \t]$")
# Heads written before a name: a care home, a hotel or a hospice ("Haus Abendsonne").
LEADING_HEADS = frozenset("Haus House Hotel Hospiz Hospice".split())


def names_a_namesake(text: str, start: int, end: int) -> bool:
    """True when the name ``text[start:end]`` is part of a proper noun: it ends in or is
    followed by a word of ``NAMESAKE_HEADS`` ("Wayne County", "Joe Louis Arena"), or ends in
    one of ``INSTITUTION_HEADS`` ("Juliusz Słowacki Theatre"), also over
    up to two capitalised ordinary words that are no listed names ("Cairnhill Medical
    Practice"); a saint precedes it ("St Barnabas"); or a LEADING_HEADS word opens it or
    precedes it and no word of it is a listed name ("Haus Abendsonne"; not "Haus Maria")."""
    words = text[start:end].split()
    if (words and words[-1] in NAMESAKE_HEADS) or ends_in_institution(words):
        return True
    match = _NEXT_WORD.match(text, end)
    if match is not None and match.group(1) in NAMESAKE_HEADS:
        return True
    if _SAINT_BEFORE.search(text, max(0, start - 7), start) is not None:
        return True
    lexicon = load_lexicon()
    between = _WORDS_TO_HEAD.match(text, end)
    if between is not None and between.group(2) in NAMESAKE_HEADS:
        if all(
            is_ordinary_word(w, lexicon) and not is_listed_name(w, lexicon)
            for w in between.group(1).split()
        ):
            return True
    leading = words[:1] if words and words[0] in LEADING_HEADS else []
    if not leading:
        before = text[max(0, start - 12) : start].rsplit(None, 1)
        if before and before[-1] in LEADING_HEADS and text[start - 1 : start] in (" ", "\t"):
            leading = before[-1:]
    rest = words[1:] if words and words[0] in LEADING_HEADS else words
    return bool(leading) and bool(rest) and not any(is_listed_name(w, lexicon) for w in rest)


def has_known_name(text: str) -> bool:
    """True when a word of ``text`` (in any case) is a known first name or surname.

    Identifiers and code names are not prose: there a PERSON finding counts only with such a
    word ("jana_kowalczyk"), not on the statistical detector's guess alone ("case:2024:1").
    """
    lexicon = load_lexicon()
    return any(
        w.capitalize() in lexicon.first_names or w.capitalize() in lexicon.surnames
        for w in _WORD.findall(text)
    )


# Endings of German abstract and collective nouns ("Fachabteilung", "Zuständigkeit"), which
# the noun lexicon lists only in part; no common surname ends so and is unlisted.
NOUN_SUFFIXES = (
    "ung",
    "ungen",
    "heit",
    "heiten",
    "keit",
    "keiten",
    "schaft",
    "schaften",
    "tion",
    "tionen",
    "ität",
    "itäten",
    "ismus",
)
# Last parts of German compounds that name an office, a file or a form ("Meldebehörde",
# "Elterngeldakte", "Poststelle"): a compound ending so is a thing, not a name. Surnames are
# compounds too ("Rosenbaum", "Weinberg"), so an arbitrary noun at the end proves nothing.
COMPOUND_TAILS = frozenset(
    """
    amt ämter akte akten stelle stellen behörde behörden kasse kassen kanzlei büro büros
    zentrale antrag anträge bescheid bescheide formular formulare liste listen gericht
    gerichte vertrag verträge nummer nummern daten konto konten dienst dienste
    beirat beiräte
    """.split()
)
_LINKS = ("", "s", "n", "en", "es", "er", "e")
_SPELLED = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))
MIN_PART = 3
# Zipf frequency an English word needs to count as one part of an English compound
# ("salesforce", "dropbox"): ordinary words, not rare ones.
ENGLISH_PART_ZIPF = 3.0


def spellings(word: str) -> set[str]:
    """``word`` lower-cased and, for code names written in ASCII, its umlaut spelling
    ("meldebehoerde" -> "meldebehörde")."""
    lowered = word.lower()
    forms = {lowered}
    if lowered.isascii():
        spelled = lowered
        for ascii_form, umlaut in _SPELLED:
            spelled = spelled.replace(ascii_form, umlaut)
        forms.add(spelled)
    return forms


def _is_listed_word(word: str, lexicon: Lexicon) -> bool:
    return is_known(word) or word.capitalize() in lexicon.nouns


def _is_german_noun(word: str, lexicon: Lexicon) -> bool:
    """Listed, or an abstract noun by its ending (``word`` lower case)."""
    return _is_listed_word(word, lexicon) or (len(word) >= 6 and word.endswith(NOUN_SUFFIXES))


def _german_compound(word: str, lexicon: Lexicon) -> bool:
    """A known word (with a linking -s-, -n-, -en-, ...) followed by a COMPOUND_TAILS noun."""
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        if word[cut:] not in COMPOUND_TAILS:
            continue
        head = word[:cut]
        for link in _LINKS:
            stem = head[: len(head) - len(link)] if link else head
            if head.endswith(link) and len(stem) >= MIN_PART and _is_german_noun(stem, lexicon):
                return True
    return False


def names_an_office(word: str, lexicon: Lexicon | None = None) -> bool:
    """True when ``word`` (any case, ASCII umlauts too) is a German noun for an office or a
    function by its form: an abstract noun (NOUN_SUFFIXES: "buchhaltung") or a compound
    ending in an office, file or form noun (COMPOUND_TAILS: "sozialamt", "poststelle")."""
    lexicon = lexicon or load_lexicon()
    return any(
        (len(form) >= 6 and form.endswith(NOUN_SUFFIXES)) or _german_compound(form, lexicon)
        for form in spellings(word)
    )


def names_an_office_word(word: str, lexicon: Lexicon | None = None) -> bool:
    """True when ``word`` is an office head ("Team", "Sachgebiet", OFFICE_HEADS, in any case)
    or a German noun for an office or a function (``names_an_office``: "Wohngeldstelle")."""
    return word.capitalize() in OFFICE_HEADS or names_an_office(word, lexicon)


def is_listed_name(word: str, lexicon: Lexicon | None = None) -> bool:
    """True when ``word`` (any case, ASCII umlauts too: "mueller") is a listed first name or
    surname."""
    lexicon = lexicon or load_lexicon()
    return any(
        form.capitalize() in lexicon.first_names or form.capitalize() in lexicon.surnames
        for form in spellings(word)
    )


def _english_compound(word: str) -> bool:
    """Two ordinary English words run together ("salesforce", "dropbox", "workday")."""
    return any(
        zipf(word[:cut], "en") >= ENGLISH_PART_ZIPF and zipf(word[cut:], "en") >= ENGLISH_PART_ZIPF
        for cut in range(MIN_PART, len(word) - MIN_PART + 1)
    )


def is_ordinary_word(word: str, lexicon: Lexicon | None = None) -> bool:
    """True when ``word`` (any case) is an ordinary German or English word, not a rare one.

    Ordinary: listed by wordfreq (``pii.word_frequency.is_known``) or the German noun
    lexicon, in its own or its umlaut spelling ("meldebehoerde"); a German abstract noun by
    its ending (NOUN_SUFFIXES); a compound of a known word and a noun naming an office, file
    or form (COMPOUND_TAILS, "Elterngeldakte"); or two ordinary English words run together
    ("sharepoint"). A word that is none of these is rare: a name, a code, a brand, or a
    compound the lists lack.
    """
    lexicon = lexicon or load_lexicon()
    return any(
        _is_german_noun(form, lexicon) or _german_compound(form, lexicon) or _english_compound(form)
        for form in spellings(word)
    )
