"""Person names spelled in code names: tool, function and schema names.

A code name is no prose. In ``fetch_file_of_declan_mcgettigan`` or ``notifyPriyaVenkatesh``
the name has no capitals or no context a name recognizer reads, and the first name need not
be in the project's lists; the statistical detector's guess alone is not enough either, or
``lookupCaseStatus`` would be refused. So a code name holds a person when two adjacent
words read as first name and surname: a listed first name (the project's or the name
detector's extra, Faker, lists) that is no everyday word, followed by an uncommon word
written like a surname.

Many listed first names are everyday words too ("case", "mark", "will", "server", "skip"),
hence the frequency limit NAME_MAX_ZIPF ("declan", "priya": 0): ``skip_json`` is no
person. Plain code names keep every word ordinary ("get_payment", "send_to_case_worker")
and pass. Two rare words alone are no name here: product names run in pairs as often
("sync_jira_zammad"); one rare word right after a preposition is the addressee rule of
``pii.conversation``.

A listed first name that is an everyday word ("mark", "will", "rose", "frank", "heide") is
a first name only beside a part that can be nothing but a surname, in either order
(``notify_will_nowakowski``, ``akte_schulz_heide``): a listed surname that is no place,
German noun or English everyday word ("schulz", "kowalczyk"; not "green", "price", "park"),
or an uncommon word with a surname ending (SURNAME_ENDINGS: "wojtkowiak", "petrescu"). A
rare word alone is not enough beside an everyday word: ``mark_jira_done`` is no person.
"""

from __future__ import annotations

import functools
import itertools
import re

from pii.lexicon import Lexicon, is_listed_name, is_ordinary_word, load_lexicon, spellings
from pii.ner.model import EXTRA_SURNAMES_FILE, MODEL_DIR, extra_first_names, read_words
from pii.word_frequency import is_common

# Words of a code name: separators, camelCase and PascalCase humps ("notifyPriya", also after
# an acronym: "getHTTPResponse"), and digits ("priya2venkatesh") part them.
_PARTS = re.compile(
    r"[\W_]+|(?<=[a-zäöüß])(?=[A-ZÄÖÜ])|(?<=[A-ZÄÖÜ])(?=[A-ZÄÖÜ][a-zäöüß])"
    r"|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])"
)
_LETTERS = re.compile(r"[^\W\d_]+")
# Prefixes written as one word with the surname ("McAllister", "MacLeod", "FitzGerald").
SURNAME_PREFIXES = frozenset({"mc", "mac", "fitz"})
# A word this frequent (Zipf, German or English) is an everyday word in a code name, whatever
# name lists hold it ("dev" 3.8, "skip" 4.2, "case" 5.6); "declan", "priya": 0,
# "mcallister" 3.0, "drummond" 3.2.
NAME_MAX_ZIPF = 3.5
MIN_FIRST_NAME_CHARS = 3
# Shorter rare words are codes and formats ("json", "uuid", "xlsx") as often as surnames.
MIN_SURNAME_CHARS = 4
# A listed surname this frequent in English (Zipf) is an everyday word beside a first name
# that is one too ("mark_green", "will_price": 5.1, 5.2); "schmidt" 3.7, "lang" 3.9.
SURNAME_MAX_ENGLISH_ZIPF = 4.0
# Endings that make a rare word a surname of its own: Polish, Ukrainian, Turkish,
# Romanian, South Slavic, Armenian, Georgian and Greek surnames. Product names and codes
# ("jira", "zammad", "kubectl") have none of them.
SURNAME_ENDINGS = (
    "czyk", "czak", "wicz", "iak", "ski", "ska", "cki", "cka",
    "enko", "chuk", "yuk", "demir", "oglu", "escu", "eanu", "ovic", "evic",
    "yan", "shvili", "dze", "poulos", "akis", "idis",
)  # fmt: skip


def code_name_parts(name: str) -> list[str]:
    """The letter words of a code name: ``"notifyPriya2Venkatesh"`` -> ``["notify", "Priya",
    "Venkatesh"]``; digits part words and are dropped."""
    return [part for part in _PARTS.split(name) if _LETTERS.fullmatch(part)]


def person_name_in_code(name: str) -> bool:
    """True when two adjacent words of the code name ``name`` read as first name and
    surname (see the module docstring): ``fetch_file_of_declan_mcgettigan``,
    ``notifyPriyaVenkatesh``; not ``fetch_file_of_applicant`` or ``getCaseById``."""
    parts = _join_surname_prefixes(code_name_parts(name))
    lexicon = load_lexicon()
    return any(
        _reads_as_name(first, second, lexicon) for first, second in itertools.pairwise(parts)
    )


def _reads_as_name(first: str, second: str, lexicon: Lexicon) -> bool:
    """Two adjacent code-name words read as first name and surname, or as a surname that
    can be nothing else before an everyday first name."""
    return (
        (_is_first_name(first, lexicon) and _is_surname_shaped(second, lexicon))
        or _is_word_first_name_and_surname(first, second, lexicon)
        or _is_word_first_name_and_surname(second, first, lexicon)
    )


# A slug: an identifier of three words or more joined by hyphens or underscores, standing
# alone ("akte-2026-0933-nowak-jadwiga", "case_17_priya_venkatesh"), as in a cache key, a
# file or ticket name. Its lower-case words have no capitals to tell a name by.
_SLUG = re.compile(r"(?<![\w\-./@])\w+(?:[\-_]\w+){2,}(?![\w\-@]|[./]\w)")
_SLUG_WORD = re.compile(r"[^\W\d_]+")
_SLUG_JOINT = re.compile(r"\w[\-_]\w[\w\-_]*[\-_]\w")


def slug_name_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each pair of adjacent lower-case words of a slug in ``text`` that
    reads as a person's name (``person_name_in_code``'s pair rule, in either order):
    ``"akte-26-0933-nowakowski-jadwiga"`` -> the span of ``"nowakowski-jadwiga"``; not
    ``"state-of-the-art"`` or ``"build-2024-release-notes"``."""
    if _SLUG_JOINT.search(text) is None:
        return []
    lexicon = load_lexicon()
    spans: list[tuple[int, int]] = []
    for slug in _SLUG.finditer(text):
        words = [
            word
            for word in re.finditer(r"[^\-_]+", slug.group())
            if _SLUG_WORD.fullmatch(word.group()) and word.group().islower()
        ]
        for first, second in itertools.pairwise(words):
            if first.end() + 1 == second.start() and _reads_as_name(
                first.group(), second.group(), lexicon
            ):
                spans.append((slug.start() + first.start(), slug.start() + second.end()))
    return spans


def person_name_in_handle(first: str, last: str) -> bool:
    """True when a user handle ``first.last`` ("detlef.brunsmann", "jana.kowalczyk") reads
    as first name and surname, as an e-mail address's local part does: a listed first name
    that is no function word, German noun or English everyday word (in German prose a name
    like "Detlef" may be frequent), then a surname-shaped word (``_is_surname_shaped``); or
    an everyday first name beside a word that can only be a surname ("mark.nowakowski")."""
    capitalised = first.capitalize()
    first_name = (
        len(first) >= MIN_FIRST_NAME_CHARS
        and capitalised in _first_names()
        and capitalised not in load_lexicon().function_words
        and capitalised not in load_lexicon().nouns
        and not is_common(first, min_zipf=NAME_MAX_ZIPF, languages=("en",))
    )
    lexicon = load_lexicon()
    return (first_name and _is_surname_shaped(last, lexicon)) or _is_word_first_name_and_surname(
        first, last, lexicon
    )


def _is_word_first_name_and_surname(first: str, surname: str, lexicon: Lexicon) -> bool:
    """A listed first name of any frequency ("mark", "will") beside a part that can be
    nothing but a surname (``_is_surname_only``)."""
    return (
        len(first) >= MIN_FIRST_NAME_CHARS
        and first.capitalize() in _first_names()
        and _is_surname_only(surname, lexicon)
    )


def _is_surname_only(word: str, lexicon: Lexicon) -> bool:
    """A listed surname that is no place, German noun, function word or English everyday
    word ("schulz", "nguyen"), or a surname-shaped word (``_is_surname_shaped``) with a
    surname ending ("wojtkowiak", "oezdemir")."""
    capitalised = word.capitalize()
    if (
        len(word) < MIN_SURNAME_CHARS
        or capitalised in lexicon.places
        or capitalised in lexicon.nouns
        or capitalised in lexicon.function_words
    ):
        return False
    if _is_listed_surname(word, lexicon):
        return not is_common(word, min_zipf=SURNAME_MAX_ENGLISH_ZIPF, languages=("en",))
    return word.lower().endswith(SURNAME_ENDINGS) and _is_surname_shaped(word, lexicon)


# A participant name of more words is a role or a tool as often ("support_bot_v2").
MAX_NAME_PARTS = 3
# A word this frequent (Zipf) is no unlisted name part in a participant name ("bot" 4.6,
# "desk" 4.4, "guard" 4.7); surnames famous enough to be frequent stay below
# ("fitzgerald" 3.6).
PARTICIPANT_MAX_ZIPF = 4.0
_NAME_SEPARATORS = re.compile(r"[\W_\d]+")


def participant_name_parts(name: str) -> list[str]:
    """The words of a participant name (a message's ``name``) when each reads as part of a
    person's name: ``"Eamon_Fitzgerald"``, ``"DeShawna.Prewitt"``, ``"annaSchmidt"`` -> both
    words; ``"support_bot"``, ``"Llama_Guard"``, ``"gpt_router"`` -> none.

    Each word of a person's name may recur alone in the messages ("Possibly, Eamon."); a
    role's words recur in tool names and prose and must not be redacted there. A word reads
    as a name part when it is a listed first name, a listed surname that is no place, or an
    unlisted word of four letters or more that is no German noun, no place and not frequent
    (PARTICIPANT_MAX_ZIPF); one word at least must be listed or rare (no ordinary word).
    Words are parted at separators; camel humps part them only when there is none
    ("annaSchmidt"), as they belong to a name in "DeShawna" or "McAllister".
    """
    parts = [part for part in _NAME_SEPARATORS.split(name) if part]
    if len(parts) == 1:
        parts = _join_surname_prefixes(code_name_parts(name))
    if not 1 < len(parts) <= MAX_NAME_PARTS:
        return []
    lexicon = load_lexicon()

    def listed(word: str) -> bool:
        return word.capitalize() not in lexicon.places and is_listed_name(word, lexicon)

    def name_part(word: str) -> bool:
        capitalised = word.capitalize()
        if capitalised in lexicon.function_words:
            return False
        return (
            capitalised in lexicon.first_names
            or listed(word)
            or (
                len(word) >= MIN_SURNAME_CHARS
                and capitalised not in lexicon.places
                and capitalised not in lexicon.nouns
                and not is_common(word, min_zipf=PARTICIPANT_MAX_ZIPF)
            )
        )

    if not all(name_part(part) for part in parts):
        return []
    if not any(listed(part) or not is_ordinary_word(part, lexicon) for part in parts):
        return []
    return parts


def _join_surname_prefixes(parts: list[str]) -> list[str]:
    """``["Kieran", "Mc", "Allister"]`` -> ``["Kieran", "McAllister"]``: camelCase splits a
    surname after its prefix."""
    joined: list[str] = []
    for part in parts:
        if joined and joined[-1].lower() in SURNAME_PREFIXES and part[:1].isupper():
            joined[-1] += part
        else:
            joined.append(part)
    return joined


@functools.cache
def _first_names() -> frozenset[str]:
    """Listed first names, capitalised: the project's and the name detector's extra lists."""
    return load_lexicon().first_names | extra_first_names(MODEL_DIR)


@functools.cache
def _extra_surnames() -> frozenset[str]:
    """The name detector's extra surname list, capitalised."""
    return read_words(MODEL_DIR / EXTRA_SURNAMES_FILE)


def _is_listed_surname(word: str, lexicon: Lexicon) -> bool:
    """In the project's or the name detector's extra surname list, in any spelling
    ("oezdemir")."""
    return any(
        form.capitalize() in lexicon.surnames or form.capitalize() in _extra_surnames()
        for form in spellings(word)
    )


def _is_first_name(word: str, lexicon: Lexicon) -> bool:
    """A listed first name that is no function word, German noun or everyday word."""
    capitalised = word.capitalize()
    return (
        len(word) >= MIN_FIRST_NAME_CHARS
        and capitalised in _first_names()
        and capitalised not in lexicon.function_words
        and capitalised not in lexicon.nouns
        and not is_common(word, min_zipf=NAME_MAX_ZIPF)
    )


def _is_surname_shaped(word: str, lexicon: Lexicon) -> bool:
    """Long enough for a name, no place, and rare (no ``is_ordinary_word``) or a word
    wordfreq knows but seldom sees and no German noun ("McAllister", "Drummond")."""
    capitalised = word.capitalize()
    if len(word) < MIN_SURNAME_CHARS or capitalised in lexicon.places:
        return False
    if not is_ordinary_word(word, lexicon):
        return True
    return capitalised not in lexicon.nouns and not is_common(word, min_zipf=NAME_MAX_ZIPF)
