"""PERSON: a name in apposition to a German role noun ("der CSU-Politiker Straubinger",
"Bundesinnenminister Wolfgang Schäuble", "die Anime-Regisseurin Naoko Yamada", "seiner
Tante Şirîn Ekinci").

German news and encyclopaedic text introduce a person by role or profession: a role noun,
alone or as the last part of a compound ("Politiker", "CSU-Politiker", "Fraktionschef",
"Bundesinnenminister", "Anime-Regisseur"), then the name. The name is often one nobody has
listed (a foreign or regional surname), so the name detector misses it. Here the
capitalised word right after such a noun is a name when it is a known name, a rare word (no
ordinary German or English word: "Miyazaki") or a word wordfreq lists but rarely that is no
German noun (``_famous_name``: "Nagelsmann", "Ribéry": the news name them often); no
function word, no place. Up to two more words join it (``_name_end``: "Hayao Miyazaki",
"George W. Bush", "Ole von Beust"). An ordinary word after the noun is its complement or a
new phrase ("der Minister Wohnungsbau", "die Sprecherin Frankreichs"): nothing is found.

Role nouns are recognised by their last part (``ROLE_HEADS``: agent and office nouns of
politics, law, business, sport, the arts, science, religion and the military; KIN_FORMS:
relatives, friends, neighbours), with its German inflections (``role_noun``:
"Politikerin", "Präsidenten", "Abgeordneter", "Anwältinnen"). A compound ending in a thing
of the same spelling is none (NOT_ROLES: "Lautsprecher", "Halbleiter", "Tabellenführer"),
nor a word that only ends like a short head ("Thomas", "Europa", "Privater").
"""

from __future__ import annotations

import functools
import re as _std_re
from collections.abc import Iterable

import regex as re

from pii import role_nouns
from pii.lexicon import (
    Lexicon,
    is_ordinary_word,
    load_lexicon,
    names_a_namesake,
    names_an_office,
)
from pii.recognizers.base import Hit, ScanRecognizer
from pii.recognizers.person import is_first_name, is_known_name
from pii.word_frequency import zipf

SCORE = 0.75
# Last parts of German role and profession nouns (role_nouns.APPOSITION_HEADS): a compound
# ending in one of them names a role too ("fraktionschef", "bundesinnenminister",
# "nationalspieler"); relatives, friends and neighbours in all their forms (KIN_FORMS).
ROLE_HEADS = role_nouns.APPOSITION_HEADS["de"]
KIN_FORMS = role_nouns.KIN_FORMS["de"]
# Forms that are a role only as a word of their own or after a hyphen ("Oma", "Ur-Oma"): as
# the end of a longer word they are most often none ("Thomas", "Europa", "Oklahoma").
WHOLE_WORD_FORMS = frozenset({"oma", "omas", "opa", "opas"})
# Compounds ending in a head that name a thing or a team, not a person ("Lautsprecher",
# "Tabellenführer": a club), and a head inside a longer word ("Amboss").
NOT_ROLES = (
    "lautsprecher", "fernsprecher", "versprecher", "halbleiter", "supraleiter", "tonleiter",
    "ableiter", "plattenspieler", "cd-spieler", "dvd-spieler", "crosstrainer", "reiseführer",
    "sprachführer", "hotelführer", "marktführer", "tabellenführer", "titelverteidiger",
    "amboss",
)  # fmt: skip
# Shortest first part of a compound before a head ("Vizekanzler", "Zahnarzt"; "Co-Trainer"
# is split at the hyphen).
MIN_COMPOUND_PART = 3
# A word rarer than this in German and in English (Zipf) that is no German noun and no
# place is a name after a role noun even when wordfreq lists it ("Löw", "Ribéry": the news
# name them often; "Packet", "Abgeltung" are none: too common, a noun by its form).
FAMOUS_NAME_MAX_ZIPF = {"de": 4.0, "en": 4.0}
# Endings of learned German nouns ("Oralchirurgie", "Kardiologie", "Fahrzeugtechnik"): a
# word ending so is a noun the lexicon lacks, no name.
LEARNED_NOUN_ENDINGS = (
    "logie", "grafie", "graphie", "therapie", "chirurgie", "nomie", "sophie", "pathie",
    "metrie", "skopie", "technik", "matik", "istik",
)  # fmt: skip
# Heads that end other words ("Normaler", "Privater", "Überzeugen", "Mendelssohn",
# "Battlestar"): as the last part of a longer word a role only when that is a listed German
# noun ("Popstar", "Großvater").
LISTED_COMPOUND_HEADS = frozenset({"star", "maler", "zeuge", "oberst", "legende"})
# Heads that are English words ("Red Star", "Star Trek"): a role only after a hyphen
# ("Hollywood-Star") or as the end of a listed German noun.
ENGLISH_HEADS = frozenset({"star"})
LISTED_COMPOUND_KIN = frozenset(
    "vater vaters tante tanten nichte nichten sohn sohns sohnes".split()
)


def _forms(head: str) -> set[str]:
    """``head`` with its German inflections: genitive, dative and plural endings, the
    feminine "-in"/"-innen", and for an adjectival or weak noun in "-e" the "-r"/"-n"."""
    if head.endswith("e"):
        stem = head[:-1]
        return {head, head + "n", head + "r", stem + "in", stem + "innen"}
    return {head + ending for ending in ("", "s", "es", "n", "en", "e", "in", "innen")}


ROLE_FORMS = frozenset(form for head in ROLE_HEADS for form in _forms(head)) | KIN_FORMS
_MIN_FORM = min(len(form) for form in ROLE_FORMS)
_FORM_ENDINGS = frozenset(form[-3:] for form in ROLE_FORMS)  # a quick test first
_ENGLISH_FORMS = frozenset(form for head in ENGLISH_HEADS for form in _forms(head))
_LISTED_COMPOUND_FORMS = (
    frozenset(form for head in LISTED_COMPOUND_HEADS for form in _forms(head)) | LISTED_COMPOUND_KIN
)


@functools.lru_cache(maxsize=8192)
def role_noun(word: str) -> bool:
    """True when ``word`` (a capitalised token; a leading hyphen of a split compound aside:
    "-Regisseur") is a role noun: its last hyphen part is an inflected form of ROLE_HEADS
    or a compound ending in one ("Fraktionschef", "Bundesinnenministerin")."""
    last = word.rsplit("-", 1)[-1]
    if not last[:1].isupper() and not word[:1].isupper():
        return False
    part = last.lower()
    if part[-3:] not in _FORM_ENDINGS or word.lower().endswith(NOT_ROLES):
        return False
    for cut in range(len(part) - _MIN_FORM + 1):
        if (cut == 0 or cut >= MIN_COMPOUND_PART) and part[cut:] in ROLE_FORMS:
            form = part[cut:]
            if cut == 0:
                return form not in _ENGLISH_FORMS or "-" in word
            return form not in WHOLE_WORD_FORMS and (
                form not in _LISTED_COMPOUND_FORMS or last in load_lexicon().nouns
            )
    return False


def _place(word: str, lexicon: Lexicon) -> bool:
    """A place, also in the genitive ("Frankreichs", "Berlins")."""
    return word in lexicon.places or (word.endswith("s") and word[:-1] in lexicon.places)


def _famous_name(word: str, lexicon: Lexicon) -> bool:
    """A capitalised word wordfreq lists but rarely (FAMOUS_NAME_MAX_ZIPF), written like a
    surname, that is no German noun, listed or by its form (``names_an_office``:
    "Abgeltung"): in the news a surname."""
    return (
        word[1:].islower()
        and word.isalpha()
        and word not in lexicon.nouns
        and all(zipf(word, lang) < limit for lang, limit in FAMOUS_NAME_MAX_ZIPF.items())
        and not names_an_office(word, lexicon)
    )


def _learned_noun(word: str) -> bool:
    """A word ending like a learned German noun (LEARNED_NOUN_ENDINGS: "Oralchirurgie")."""
    lowered = word.lower()
    return len(lowered) >= MIN_COMPOUND_PART + 5 and lowered.endswith(LEARNED_NOUN_ENDINGS)


def _name_part(part: str, lexicon: Lexicon) -> bool:
    """A known name (``is_known_name``: listed, or a prefixed surname: "McCain"), or a rare
    word (no ordinary word) or a famous name (``_famous_name``) that does not end like a
    learned noun."""
    if is_known_name(part, lexicon):
        return True
    if _learned_noun(part):
        return False
    return not is_ordinary_word(part, lexicon) or _famous_name(part, lexicon)


def _name_word(word: str, lexicon: Lexicon) -> bool:
    """A name word: each part of a hyphenated one ("Oyelaran-Brandt") is one
    (``_name_part``); no function word and no place."""
    if word in lexicon.function_words or _place(word, lexicon):
        return False
    return all(_name_part(part, lexicon) for part in word.split("-"))


# Particles between a first name and the surname; no German article ("der", "den", "das":
# "dankte Trainer Peter den Fans").
_PARTICLES = frozenset(
    "von van de da di del della du la le zu ten ter dos do al el bin ibn Ó Ní".split()
)
_NAME_WORD = r"(?:O['’]|Mc|Mac)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*"
# A word with a capitalised word after it (a role noun candidate), and the name-shaped word
# after a role noun.
_CANDIDATE = _std_re.compile(r"(?<![\w'’-])-?(?:\w+-)*\w+(?=[ \t]+[^\W\d_])")
_FIRST_NAME_WORD = re.compile(rf"[ \t]+(?P<word>{_NAME_WORD})(?![\w'’-])")
# The next word of the name: a capitalised word, after a middle initial ("George W. Bush")
# or particles ("Ole von Beust", "Fernando Collor de Mello") if there are any.
_NEXT_NAME_WORD = re.compile(
    rf"[ \t]+(?P<between>(?:\p{{Lu}}\.[ \t]+|(?:{'|'.join(sorted(_PARTICLES))})[ \t]+){{0,2}})"
    rf"(?P<word>{_NAME_WORD})(?![\w'’-])"
)
MAX_NAME_WORDS = 3


def _name_end(text: str, first: str, end: int, lexicon: Lexicon) -> int:
    """The end of the name that starts with the name word ``first``: up to MAX_NAME_WORDS
    words, each a name word (``_name_word``); after first names only ("Hans", "Franz
    Josef") any capitalised word that is no function word, role noun or place (a listed
    surname that is a place too is one: "Otto Hahn") is the surname, an ordinary word too
    ("Hans Eichel", "Heiner Brand"), but no common noun after a particle ("Peter zu
    Hause")."""
    first_names_only = is_first_name(first, lexicon)
    for _ in range(MAX_NAME_WORDS - 1):
        following = _NEXT_NAME_WORD.match(text, end)
        if following is None:
            break
        word = following.group("word")
        if word in lexicon.function_words or role_noun(word):
            break
        if _place(word, lexicon) and not (first_names_only and word in lexicon.surnames):
            break  # a place, unless a surname too after a first name ("Otto Hahn")
        if not (first_names_only or _name_word(word, lexicon)):
            break
        if following.group("between") and not (
            first_names_only and (word not in lexicon.nouns or is_known_name(word, lexicon))
        ):
            break  # an initial or a particle follows a first name, and a surname them
        end = following.end()
        first_names_only = first_names_only and is_first_name(word, lexicon)
    return end


def role_apposition_names(text: str, lexicon: Lexicon) -> Iterable[Hit]:
    """Names after a role noun (module docstring)."""
    resume = 0
    for candidate in _CANDIDATE.finditer(text):
        word = candidate.group()
        if candidate.start() < resume or not (word[0].isupper() or "-" in word):
            continue
        if not role_noun(word):
            continue
        match = _FIRST_NAME_WORD.match(text, candidate.end())
        if match is None:
            continue
        first = match.group("word")
        if role_noun(first) or not _name_word(first, lexicon):
            continue
        start = match.start("word")
        end = _name_end(text, first, match.end(), lexicon)
        if names_a_namesake(text, start, end):
            continue  # "Imam Husayn Shrine", "Kaiser Wilhelm Memorial"
        yield "PERSON", start, end, SCORE
        resume = end


class RoleAppositionRecognizer(ScanRecognizer):
    """Names after a German role noun (module docstring)."""

    ENTITIES = ("PERSON",)

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language)
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields the names in ``text``."""
        yield from role_apposition_names(text, self._lexicon)
