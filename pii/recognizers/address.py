"""ADDRESS: a postal address as one entity, German and English.

German: "Musterstraße 12a, 10115 Berlin", "Hauptstr. 5", "Berliner Allee 3-5", "Am Markt 1",
"Platz der Republik 1", "Straße des 17. Juni 135", "Postfach 12 34 56, 10117 Berlin", and a
PLZ with its town ("12345 Musterstadt"); as OCR splits them, "Kirch gasse 5" and "Brückenstr
aße 7, 8 6 1 5 0 Augsburg" too (a capitalised word and a lower-case one that joined end like
a street, a PLZ spaced out after a street).
English: "221B Baker Street", "1600 Pennsylvania Ave NW, Washington, DC 20500",
"Apt 4, 12 Oak Road, Leeds LS6 2AB", "P.O. Box 1234, Springfield, IL 62704", and a town with
its state and ZIP or UK postcode ("Springfield, IL 62704", "Leeds LS6 2AB").

Parts of one address that follow each other (separated only by commas or line breaks, as on
an envelope) are merged into one finding, so the whole address becomes one placeholder.
Look-alikes that stay: "Im Jahr 1536", "In der Saison 1953/54", "Kurator 159", "auf Platz 1"
(a time or ranking noun, a year or a leading zero where a house number would be).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.lexicon import Lexicon, load_lexicon
from pii.recognizers.address_en import TOWN_LINE, english_addresses
from pii.recognizers.address_intl import (
    NL_POSTCODE_TOWN,
    foreign_addresses,
    streets_before_towns,
)
from pii.recognizers.base import Hit, ScanRecognizer
from pii.word_frequency import is_common, is_known

ENTITY = "ADDRESS"
_U = "A-ZÄÖÜ"
_L = "a-zäöüß"
_WORD = rf"[{_U}][{_L}]+(?:-[{_U}]?[{_L}]+)*"
# The hyphenated parts before a street's last word ("Karl-Marx-", "Hans-von-"), written
# so that a text splits into them one way only: "(?:{_HYPHEN_PARTS})?" nests two repeats over the
# same hyphens and backtracked exponentially on a long hyphen chain (100 chars: 76 ms,
# 140: 10 s; tests/unit/pii/test_fast_scans.py).
_HYPHEN_PARTS = rf"[{_U}][{_L}]+-(?:[{_U}]?[{_L}]+-)*"
_SUFFIX = (
    r"straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt"
    r"|graben|kamp|stieg|wall|zeile|promenade|steinweg|berg|feld|hof|anger|brücke|höhe"
    r"|gang"
)
# "-gang" names a street in northern towns ("Heringsgang", "Fischergang"), but far more often
# a process or a passage ("Vorgang 4711", "Eingang 3", "Jahrgang 2019", "Mittelgang 2"):
# such a compound is a street only when it is no word of the frequency lists and an address
# is meant: a town follows, a cue of residence precedes ("wohnt", "Anschrift") or it stands
# in apposition after a name ("Herr Jan Ohm, Heringsgang 5"; "Mittelgang 2 ist gesperrt").
_RARE_SUFFIX = ("gang",)
_APPOSITION_BEFORE = re.compile(r"[^\W\d_]{2,},[ \t]*$")
# Written apart, a street word alone is a street only after a name or a place adjective
# ("Berliner Straße", "Alte Gasse"); the weak ones ("Platz", "Ring", "Markt") only after an
# adjective ending in -e/-er ("Neuer Markt", "Hohe Weg"), not after any capitalised word
# ("Brasilien Platz 1", "Deutschland Ring 3").
_SEPARATE = r"Straße|Strasse|Str\.|Allee|Gasse|Chaussee|Promenade"
_SEPARATE_WEAK = r"Weg|Platz|Ring|Damm|Ufer|Steig|Pfad|Markt|Graben|Kamp|Stieg|Wall|Zeile"
_PREFIX = (
    r"(?:Am|An\s+der|An\s+den|Auf\s+dem|Auf\s+der|Im|In\s+der|In\s+den|Zum|Zur|Unter\s+den"
    r"|Hinter\s+der|Vor\s+dem)"
)
_STREET = (
    rf"(?:{_HYPHEN_PARTS})?[{_U}][{_L}]*(?:{_SUFFIX})"  # Musterstraße, Goethe-Allee, Hauptstr.
    rf"|{_HYPHEN_PARTS}(?:{_SEPARATE}|{_SEPARATE_WEAK})"  # Karl-Marx-Allee, Karl-Liebknecht-Str.
    # Berliner Straße, Alte Gasse, Neuer Markt (a weak one only after -e/-er/-es: checked in
    # _german_street; one alternative for both is ~20 % faster than two)
    rf"|(?:{_WORD}\s+){{1,2}}(?:{_SEPARATE}|{_SEPARATE_WEAK})"
    rf"|(?:Straße|Platz)\s+(?:des|der)\s+[\w.]+(?:\s+[\w.]+)?"  # Straße des 17. Juni
    rf"|{_PREFIX}\s+{_WORD}(?:\s+{_WORD})?"  # Am Markt, An der Kirche
)
# House numbers never start with 0 ("Handy-Markt 07" is no address).
_NUMBER = r"[1-9]\d{0,3}(?:\s?[a-zA-Z])?(?:\s?[-/+]\s?\d{1,4}(?:\s?[a-zA-Z])?)?(?![\w])"
_UNIT_DE = (
    r",?\s*(?:(?:Whg\.|Wohnung|App\.|Apt\.|Zi\.|Zimmer)\s*(?:Nr\.\s*)?\d{1,4}[a-z]?"
    r"|\d{1,2}\.\s*(?:OG|Obergeschoss|Stock|Etage)|(?:EG|DG|Erdgeschoss|Dachgeschoss)"
    r"|(?:Vorderhaus|Hinterhaus|Seitenflügel|VH|HH)(?:\s*,?\s*\d{1,2}\.\s*(?:OG|Stock|Etage))?)"
    r"(?![\w])"
)
# Town names of two words begin with one of these ("Bad Mergentheim", "Schwäbisch Gmünd").
_TOWN_FIRST = (
    r"Bad|Sankt|St\.|Groß|Klein|Neu|Alt|Hohen|Königs|Schwäbisch|Bergisch|Lutherstadt"
    r"|Hansestadt|Markt|Ostseebad|Nordseebad|Seebad|Wendisch|Märkisch|Deutsch|Hann\."
)
_TOWN = (
    rf"(?:(?:{_TOWN_FIRST})\s)?"
    rf"{_WORD}(?:\s(?:am|an\s+der|im|in|ob\s+der|bei|vor\s+der)\s{_WORD}"
    rf"|\s\({_WORD}\)|/\s?{_WORD})?"
)
_PLZ = r"(?:D-)?(?:0[1-9]|[1-9]\d)\d{3}"
# After a street, a PLZ may be spaced out digit by digit, as OCR reads it ("8 6 1 5 0").
_PLZ_AFTER_STREET = rf"(?:{_PLZ}|(?:0 [1-9]|[1-9] \d)(?: \d){{3}})"
_TOWN_AFTER_STREET = rf"(?P<town>(?:,\s*|\s+|\s+in\s+){_PLZ_AFTER_STREET}\s+{_TOWN})?"
# Each scan first checks the character a match must start with: the regex engine tries that
# lookahead faster than the look-behind (15-25 % less time per scan; the results are equal,
# tests/unit/pii/test_fast_scans.py).
STREET = re.compile(
    rf"(?=[{_U}])(?<![\w-])(?P<street>{_STREET})\s+(?P<number>{_NUMBER})(?:{_UNIT_DE})?"
    + _TOWN_AFTER_STREET
)
# A transcript writes a street in lower case ("ich wohn in der äh kranichweg 14"): a compound
# ending in a street word, with a house number, is a street only after a cue of residence
# within LOWER_STREET_CUE_WINDOW characters ("wohne", "wohnt", "adresse", "anschrift").
LOWER_STREET = re.compile(
    rf"(?<![\w-])(?P<street>[{_L}]{{3,}}(?:straße|strasse|str\.?|weg|gasse|allee|chaussee))"
    rf"\s+(?P<number>{_NUMBER})"
)
LOWER_STREET_CUE = re.compile(
    r"(?i)(?<!\w)(?:wohn|wohne|wohnt|wohnen|wohnhaft|wohnort|adresse|anschrift)(?!\w)"
)
LOWER_STREET_CUE_WINDOW = 60
# A street's name split in two by OCR, the second part in lower case ("Kirch gasse 5",
# "Brückenstr aße 7"): a street when both parts joined are one (SPLIT_JOINED).
SPLIT_STREET = re.compile(
    rf"(?=[{_U}])(?<![\w-])(?P<street>(?:{_HYPHEN_PARTS})?[{_U}][{_L}]+ [{_L}]+\.?)"
    rf"\s+(?P<number>{_NUMBER})(?:{_UNIT_DE})?" + _TOWN_AFTER_STREET
)
SPLIT_JOINED = re.compile(rf"(?:{_HYPHEN_PARTS})?[{_U}][{_L}]*(?:{_SUFFIX})")
SPLIT_TAIL_SUFFIX = re.compile(_SUFFIX)
# The lower-case part is a piece of the street word ("aße", "gasse"), not a frequent word of
# its own ("Pugh of 23 Heol y Coed": "Pughof" ends like a street, "of" is a word).
SPLIT_TAIL_MAX_ZIPF = 4.0
PREFIX = re.compile(_PREFIX)
_WEAK = re.compile(_SEPARATE_WEAK)
OF_STREET = re.compile(r"Straße|Strasse|Platz")  # "Straße des 17. Juni", "Platz der Republik"
PLZ_TOWN = re.compile(rf"(?=[D\d])(?<![\w-]){_PLZ}\s+(?P<town>{_TOWN})")
POSTFACH = re.compile(
    rf"(?=P)(?<![\w-])Postfach\s+\d{{1,3}}(?:\s?\d{{2,3}}){{0,3}}(?![\w])"
    rf"(?:,?\s+{_PLZ}\s+{_TOWN})?"
)
# A town named right after a street without PLZ ("Hauptstr. 5, Leipzig") when it is known.
TOWN_AFTER = re.compile(rf",?\s*(?:in\s+)?(?P<town>{_TOWN})")
# Nouns of time, order and counting that follow "Im"/"In der"/"Am" with a number and are no
# street: "Im Jahr 1536", "In der Saison 1953/54", "Am Tag 3", "Im Kapitel 4".
NOT_STREET_NOUNS = frozenset(
    """
    Jahr Jahre Jahres Jahren Jahrgang Jahrhundert Jahrzehnt Jahrtausend Monat Monaten Woche
    Wochen Tag Tage Tagen Stunde Stunden Minute Minuten Sekunde Quartal Halbjahr Frühjahr
    Frühling Sommer Herbst Winter Saison Spielzeit Spielzeiten Semester Schuljahr Zeitraum
    Zeit Zeitpunkt Alter Vorjahr Verlauf Laufe Vergleich Durchschnitt Schnitt Gesamtjahr
    Geschäftsjahr Haushaltsjahr Kalenderjahr Wintersemester Sommersemester Rahmen Kapitel
    Abschnitt Absatz Artikel Paragraf Paragraph Band Heft Teil Anhang Anlage Nummer Runde
    Spiel Spielen Finale Halbfinale Viertelfinale Rennen Durchgang Wahlgang Rang Platz
    Ranking Vorfeld Endspiel Olympischen Spielen Weltkrieg Krieg Dezember Januar Februar März
    April Mai Juni Juli August September Oktober November Montag Dienstag Mittwoch Donnerstag
    Freitag Samstag Sonntag Umfang Bereich Gegensatz Folgejahr Vormonat
    """.split()
)
_YEAR_LIKE = re.compile(r"(?:1[5-9]|20)\d\d(?:\s?/\s?\d{2,4})?")

_JOIN = re.compile(r"[\s,;]{0,4}")
STREET_SCORE = 0.85
FULL_ADDRESS_SCORE = 0.9
POSTFACH_SCORE = 0.7
# Words that introduce an address and may be swallowed by "<Word> <Word> Straße".
LABELS = frozenset(
    "Adresse Anschrift Wohnort Wohnsitz Wohnung Meldeadresse Postanschrift Lieferadresse "
    "Halter Halterin Hausnummer Address".split()
)
# Compounds of them: "Rechnungsadresse", "Postanschrift", "Zustelladresse".
LABEL_ENDINGS = ("adresse", "anschrift")
PLZ_KNOWN_TOWN_SCORE = 0.8
PLZ_UNKNOWN_TOWN_SCORE = 0.6


class AddressRecognizer(ScanRecognizer):
    """Finds postal addresses; adjacent parts of one address become one finding."""

    ENTITIES = (ENTITY,)

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language, context=["adresse", "anschrift"])
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields each address once, its parts merged (house numbers an OCR scan spelled
        with letters read as digits: ``fold_ocr_numbers``)."""
        text = fold_ocr_numbers(text)
        spans = [
            *self._german(text),
            *english_addresses(text, self._lexicon),
            *foreign_addresses(text, self._lexicon),
        ]
        towns = [
            span
            for span in spans
            if any(p.match(text, span[0]) for p in (PLZ_TOWN, TOWN_LINE, NL_POSTCODE_TOWN))
        ]
        spans.extend(streets_before_towns(text, towns, self._lexicon))
        return [(ENTITY, start, end, score) for start, end, score in _merge(text, spans)]

    def _german(self, text: str) -> Iterable[tuple[int, int, float]]:
        for match in STREET.finditer(text):
            span = self._german_street(text, match)
            if span is not None:
                yield span
        for match in SPLIT_STREET.finditer(text):
            if _split_street(match.group("street")):
                span = self._german_street(text, match)
                if span is not None:
                    yield span
        for match in LOWER_STREET.finditer(text):
            before = text[max(0, match.start() - LOWER_STREET_CUE_WINDOW) : match.start()]
            number = match.group("number").strip()
            if LOWER_STREET_CUE.search(before) and not _YEAR_LIKE.fullmatch(number):
                yield match.start(), match.end(), STREET_SCORE
        for match in PLZ_TOWN.finditer(text):
            town = match.group("town").split()[0]
            if town in self._lexicon.places:
                yield match.start(), match.end(), PLZ_KNOWN_TOWN_SCORE
            elif not self._lexicon.is_plain_noun(town) and "\n" not in text[
                match.start() : match.start("town")
            ]:
                # an unknown town is on the postcode's line: after a line break the next
                # paragraph starts ("… 78201\n\nWhich of these …")
                yield match.start(), match.end(), PLZ_UNKNOWN_TOWN_SCORE
        for match in POSTFACH.finditer(text):
            yield match.start(), match.end(), POSTFACH_SCORE

    def _german_street(self, text: str, match: re.Match[str]) -> tuple[int, int, float] | None:
        words = match.group("street").split()
        prefixed = PREFIX.fullmatch(" ".join(words[:-1])) is not None
        if prefixed and words[-1] in self._lexicon.function_words:
            return None  # "Am Montag 5" is a date, not a street
        prefix = PREFIX.match(match.group("street"))
        if prefix is not None and any(
            word in NOT_STREET_NOUNS for word in match.group("street")[prefix.end() :].split()
        ):
            return None  # "Im Jahr 1536", "In den Olympischen Spielen 2004"
        if match.group("town") is None and _YEAR_LIKE.fullmatch(match.group("number").strip()):
            return None  # a year where the house number would be
        if (
            len(words) > 1
            and _WEAK.fullmatch(words[-1])
            and prefix is None
            and "-" not in words[-2]
            and not words[-2].endswith(("e", "er", "es"))
        ):
            return None  # "Brasilien Platz 1", "Deutschland Ring 3"
        if words[-1].endswith(_RARE_SUFFIX) and not _rare_street(text, match, words[-1]):
            return None  # "Vorgang 4711", "Mittelgang 2"
        start = match.start()
        # "Anschrift Kleiner Ring 50", "Rechnungsadresse Neue Straße 12": the label goes.
        while (
            len(words) > 2
            and not _keeps_first_word(words)
            and (
                words[0] in LABELS
                or words[0] in self._lexicon.function_words
                or words[0].lower().endswith(LABEL_ENDINGS)
            )
        ):
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        if (
            len(words) > 1
            and words[0] in self._lexicon.function_words
            and (not _keeps_first_word(words) and words[-1] not in ("Straße", "Strasse", "Str."))
        ):
            return None  # "Der Ring 3"
        end = match.end()
        if match.group("town") is not None:
            return start, end, FULL_ADDRESS_SCORE
        town = TOWN_AFTER.match(text, end)
        if town is not None and town.group("town").split()[0] in self._lexicon.places:
            return start, town.end(), FULL_ADDRESS_SCORE
        return start, end, STREET_SCORE


# OCR misreadings in a number: O/o for 0, l/I for 1 ("Lindenstr. 2O7", "Flat 1O",
# "Kapellenweg l5"): a token of digits and these letters, at least one of each.
_OCR_NUMBER = re.compile(r"(?<![\w.,-])(?=[OoIl]*\d)(?=\d*[OoIl])[\dOoIl]+(?![\w])")
_OCR_DIGITS = str.maketrans("OoIl", "0011")


def fold_ocr_numbers(text: str) -> str:
    """``text`` with the letters an OCR scan reads for digits turned into digits inside a
    token of digits and such letters; same length, so the offsets stay those of ``text``."""
    if not any(ch in text for ch in "OoIl"):
        return text
    return _OCR_NUMBER.sub(lambda m: m.group().translate(_OCR_DIGITS), text)


def _split_street(street: str) -> bool:
    """True for "Kirch gasse", "Brückenstr aße": joined a street's name, the lower-case part
    a street word ("gasse", "weg") or a piece of one that is no frequent word ("Pugh of")."""
    tail = street.rsplit(" ", 1)[1]
    return SPLIT_JOINED.fullmatch(street.replace(" ", "")) is not None and (
        SPLIT_TAIL_SUFFIX.fullmatch(tail) is not None
        or not is_common(tail.rstrip("."), SPLIT_TAIL_MAX_ZIPF)
    )


def _rare_street(text: str, match: re.Match[str], word: str) -> bool:
    """True for a street with a rare street word (``_RARE_SUFFIX``) meant as an address."""
    if is_known(word):
        return False
    before = text[max(0, match.start() - LOWER_STREET_CUE_WINDOW) : match.start()]
    return (
        match.group("town") is not None
        or LOWER_STREET_CUE.search(before) is not None
        or _APPOSITION_BEFORE.search(before) is not None
    )


def _keeps_first_word(words: list[str]) -> bool:
    """True for "Am Markt", "An der Kirche", "Straße des 17. Juni", "Platz der Republik"."""
    return PREFIX.match(" ".join(words)) is not None or OF_STREET.fullmatch(words[0]) is not None


def _merge(text: str, spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Joins overlapping spans and spans separated only by commas and line breaks."""
    merged: list[tuple[int, int, float]] = []
    for start, end, score in sorted(spans):
        if merged:
            last_start, last_end, last_score = merged[-1]
            if start <= last_end or _JOIN.fullmatch(text, last_end, start) is not None:
                merged[-1] = (last_start, max(last_end, end), max(last_score, score))
                continue
        merged.append((start, end, score))
    return merged
