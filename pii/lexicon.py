"""Word lists behind the name and place recognizers.

Sources:
    * ``german-nouns`` (Wiktionary DE, CC BY-SA 4.0, used as an installed package, not
      shipped): ~100,000 common nouns with their inflected forms, plus its first names
      (``Vorname``), surnames (``Nachname``) and place names (``Toponym``).
    * ``pii/conf/first_names.txt`` and ``pii/conf/surnames.txt``: common names compiled by
      the project (Apache-2.0) to cover frequent names Wiktionary lacks.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

CONF_DIR = Path(__file__).parent / "conf"

# Capitalised words that start sentences or are titles/pronouns; never part of a name.
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
    """.split()
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Frozen word sets used by the recognizers.

    Attributes:
        first_names: known first names (case-sensitive, capitalised).
        surnames: known surnames.
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
    first_names = _read_word_file("first_names.txt")
    surnames = _read_word_file("surnames.txt")
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
        first_names=frozenset(first_names - FUNCTION_WORDS),
        surnames=frozenset(surnames - FUNCTION_WORDS),
        places=frozenset(places),
        nouns=frozenset(nouns),
        function_words=FUNCTION_WORDS,
    )


_WORD = re.compile(r"[^\W\d_]+")


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
