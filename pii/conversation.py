"""Conversation memory: a value found anywhere in one request is redacted wherever it recurs.

A request is read in two passes. :meth:`Conversation.collect` analyses every text once (the
findings are cached) and remembers each value found, with its parts: the surname and the
first name of a full name on their own. Values split over two adjacent texts are found by
analysing the joined seam ("… IBAN DE89 3704" + "0044 0532 0130 00"); identifier types count
there, where a check digit or a strict shape makes the joined value certain, and person
names whose words on both sides are letters and one of which is a known first name or
surname ("Mein Name ist Jana" + "Kowalczyk"). A number sent in up to four messages, the
ones between bare digits ("… Steuer-ID ist 21 794" + "943" + "317"), counts where its type
has a check digit, a phone number where only the whole is one.
:meth:`Conversation.redact` then rewrites each text with its own findings, the seams' parts
and every remembered value that recurs in it (case-insensitive, any separators inside an
identifier). A remembered name recurs in the forms people write it again in: with a
possessive or genitive ending ("Baumgärtners Antrag"), spelled out ("N-W-A-N-E-R-I"), with
its apostrophe or hyphen typed as another mark, a space or nothing ("O Shaughnessy"), with
its umlauts typed as "ae" or "a" and its diacritics dropped ("Oeztuerk", "Ozturk" for
"Öztürk", "Lukasz" for "Łukasz", and back), and in Greek or Cyrillic letters, compared by
sound after transliteration ("Χαραλαμπίδης").
Nothing is kept after the request: one instance per request, bound to its
:class:`~pii.engine.RedactionSession`.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

import phonenumbers

from pii.arabic_names import arabic_name_spans, latin_skeleton
from pii.code_names import participant_name_parts, person_name_in_code
from pii.engine import Finding, RedactionSession, resolve_overlaps
from pii.errors import ENGINE_FAILED, PiiEngineError
from pii.language import leaning
from pii.lexicon import (
    FUNCTION_WORDS,
    UNDECOMPOSED,
    Lexicon,
    has_known_name,
    is_ordinary_word,
    load_lexicon,
    names_an_office,
)
from pii.recognizers.date import DAY_MONTH, LONG_DATE, NUMERIC_DATE
from pii.recognizers.email import is_role_mailbox
from pii.recognizers.national_ids import ENTITY_TYPES as NATIONAL_ID_TYPES
from pii.recognizers.nicknames import MAX_NICKNAME_CHARS
from pii.recognizers.person import ends_with_cue
from pii.recognizers.phone import PHONE_CUE
from pii.recognizers.record_numbers import ENTITY_TYPES as RECORD_NUMBER_TYPES
from pii.recognizers.tax_numbers import ACCOUNT_NUMBER
from pii.spoken_numbers import read_spoken_dates
from pii.structured import (
    KEY_ENTITIES,
    KEYED_SCORE,
    entity_for_key,
    header_columns,
    is_value,
    keyed_entity,
    names_a_thing,
    normalize_key,
    scan_tables,
    table_cells,
)
from pii.word_frequency import is_common

MEMORY_SCORE = 0.95
# Identifier types whose joined form across a message boundary is trusted.
IDENTIFIER_TYPES = frozenset(
    {
        "IBAN_CODE",
        "CREDIT_CARD",
        "DE_TAX_ID",
        "DE_SOCIAL_SECURITY",
        "DE_HEALTH_INSURANCE",
        "DE_ID_CARD",
        "DE_PASSPORT",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
        "IP_ADDRESS",
        "UK_NINO",
        "CH_AHV",
        # Other countries' identifiers: each with a check digit or a strict shape (an account
        # number after its cue has neither: "Kundennummer 12 345" + "678" is no number).
        *(set(NATIONAL_ID_TYPES) - {ACCOUNT_NUMBER}),
        # Patients' and pupils' numbers: a strict shape right after their cue.
        *RECORD_NUMBER_TYPES,
    }
)
# Across a seam an address counts too: a street split over two messages ("… address is
# 5520 N" + "Kedzie Ave, Apt 2") is one only when joined.
SEAM_TYPES = IDENTIFIER_TYPES | {"ADDRESS"}
SEAM_CHARS = 48
# A question for a name: the short answer after it is a name, whatever it looks like.
NAME_QUESTION = re.compile(
    r"(?i)\b(?:wie\s+hei(?:ß|ss)(?:en|t)\s+(?:sie|du)|wer\s+(?:sind\s+sie|bist\s+du)|"
    r"what(?:'s|\s+is)\s+your\s+(?:full\s+)?name|who\s+are\s+you|your\s+name)\b[^?]*\?\s*$"
)
_LAST_QUESTION = re.compile(r"([^.!?\n]{0,80})\?\s*$")
# A message that asks for a date of birth ("Please give your full name and date of birth.",
# "Ihr Geburtsdatum?"): a date in the short reply after it is one.
BIRTH_ASKED = re.compile(
    r"(?i)\b(?:date\s+of\s+birth|birth\s*date|birthday|dob|born|geburtsdatum|geburtstag"
    r"|geboren|geb\.)(?!\w)[^\n]{0,80}$"
)
# A number given in two messages with words between the parts ("meine Steuer-ID beginnt mit
# 44 990" - "und endet mit 978 209"): the first text ends in digits, the second opens with
# a phrase that continues it and then digits.
# A German separable verb may close the first text after the digits ("fängt mit 41239 an").
_TRAILING_DIGITS = re.compile(r"\d(?:[ .\-/]?\d)*(?=(?:\s+an)?[\s.,…]*$)")
# The first text's last digits with words after them ("Krankenversichertennummer O1156 –
# der Rest kommt gleich"): read as a number's start only where the joined number has a
# check digit (``CHECKED_TYPES``).
_LAST_DIGITS = re.compile(r"\d(?:[ .\-/]?\d)*(?=[^\d]{0,80}$)")
# A short question between the two parts ("Und wie geht sie weiter?", "And the rest?"): the
# part after it continues the number the text before it began.
_BRIDGE_QUESTION = re.compile(r"^[^\d\n]{1,80}\?\s*$")
# Any other short text without digits between the parts (the assistant's "Yes, please send
# the rest of the number."): a bridge where the joined number has a check digit.
_BRIDGE_TEXT = re.compile(r"[^\d\n]{1,120}")
# A letter may close the last part (the suffix of a NINO: "the rest is 65 19 A"); the
# number is read with it first, then without (``_head_ends``).
_CLOSING_LETTER = r"(?:[ \t]?(?P<letter>[A-Za-z]))?"
_CONTINUED_DIGITS = re.compile(
    r"(?i)^\s*(?:(?:und|and|dann|then|danach)\s+)?"
    r"(?:(?:endet|ends|geht|goes|continues|der\s+rest|the\s+rest|rest)\s+)?"
    r"(?:(?:mit|with|weiter|on|is|ist|lautet)\s+)?:?\s*"
    r"(?P<digits>\d(?:[ .\-/]?\d)*)" + _CLOSING_LETTER + r"(?!\w)"
)
# The second text's first digits after continuation marks or a few words ("... 320 69",
# "no, the rest is 2735 6147"), or a capital letter and digits (the letter of an SV number:
# "A 322, steht so auf dem Ausweis"): a continuation where the joined number has a check
# digit.
# A part label may open it ("[SMS 2/2]", "Nachricht 2/2:", "Seite 2 (Fortsetzung):"): its
# digits count the messages and are none of the number's.
_PART_LABEL = (
    r"(?:[^\d\n]{0,30}?\d{1,2}[ \t]?/[ \t]?\d{1,2}\]?:?"
    r"|[^\d\n]{0,30}?(?i:seite|teil|part|page)[ \t]+\d{1,2}(?!\d)[^\d\n:]{0,30}:)?"
)
_LED_DIGITS = re.compile(
    r"^\s*" + _PART_LABEL + r"\s*(?:\.{2,}|…)?[^\d\n]{0,40}?(?<![^\W\d_])"
    r"(?P<digits>(?:[A-Z][ \t]?)?\d(?:[ .\-/]?\d)*)" + _CLOSING_LETTER + r"(?!\w)"
)
# A piece of a number sent as a message of its own ("943", "0532 01"): digits only.
_NUMBER_PIECE = re.compile(r"\s*(?P<digits>\d(?:[ .\-/]?\d)*)\s*[.,]?\s*")
MAX_PIECE_DIGITS = 12
# A number is read across at most this many adjacent texts (first, pieces, last).
MAX_RUN_TEXTS = 4
# Identifier types whose joined form across more than two texts is trusted: a check digit
# decides ("21 794" - "943" - "317" is a Steuer-ID; "3 Kinder" - "2 Zimmer" nothing).
CHECKED_TYPES = IDENTIFIER_TYPES - {"PHONE_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS"}
ASKED_TAIL_CHARS = 200
# A question for someone's address ("What is your name and address?", "Ihre Anschrift?").
ADDRESS_ASKED = re.compile(
    r"(?i)\b(?:address|adresse|anschrift|where\s+do\s+you\s+live|wo\s+wohnen)(?!\w)[^\n]{0,80}$"
)
# A house number and the street's words in a reply to it ("<name>, 4 Nettle Bank, and my
# NI is …"): the address recognizers need a street type they know ("Bank" is none).
_ANSWERED_STREET = re.compile(
    r"(?<![\w,.])\d{1,4}[a-zA-Z]?\s+[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,3}"
    r"(?=\s*(?:[,.;]|$|\band\b))"
)
BIRTH_REPLY_CHARS = 120
# A question addresses the reader or asks about a person named before ("And her surname?").
_ADDRESSED = frozenset(
    "ihr ihre ihren ihrem ihrer dein deine deinen deinem sein seine seinen seinem seiner "
    "your her his their".split()
)
# A lead-in before the answer itself ("same as mine, Agyemang-Boateng", "it's Nwosu",
# "wie meiner: Kowalczyk"): the value is what follows it.
_ANSWER_LEAD = re.compile(
    r"(?i)^(?:(?:the\s+)?same\s+as\s+(?:mine|my\s+own|me)|wie\s+(?:meiner|meine|mein|bei\s+mir)"
    r"|gleich\s+wie\s+(?:meiner|meine|mein)|it(?:'|’|\s+i)s|that(?:'|’|\s+i)s|this\s+is"
    r"|es\s+ist|das\s+ist|er\s+ist|sie\s+ist|der\s+ist|lautet|ist)\b\s*[,:;–—-]?\s*"
)
SHORT_ANSWER_WORDS = 5
SHORT_ANSWER_CHARS = 60
MIN_PART_CHARS = 3
# A remembered name this long also recurs after an initial in a handle ("jkowalczyk").
MIN_HANDLE_SURNAME_CHARS = 5
MIN_IDENTIFIER_CHARS = 5
# Particles of a surname ("van der Heijden", "de la Cruz", "Ní Dhomhnaill").
_SURNAME_PARTICLES = frozenset(
    "von van der den de del della di da du le la las los des dos das do und zu zur vom ten ter "
    "bin ibn al el mc ó ní nic mac ua uí mhic".split()
)
_NAME_PARTICLES = _SURNAME_PARTICLES | frozenset(
    "dr prof med frau herr herrn mr mrs ms miss".split()
)
# Between a particle and the next word of a name: a space, a mark or nothing ("van der
# Heijden", "Van-der-Heijden", "vanderheijden").
_AFTER_PARTICLE = r"[\s_.'’\-]*"
# Between two other words of a name: spaces, or one mark of a handle or code value
# ("jana.kowalczyk", "jana_kowalczyk", "jana-kowalczyk") or nothing ("janakowalczyk").
_NAME_GAP = r"(?:\s+|[_.'’\-]?)"
# Where a remembered value may start: not inside a word, an e-mail address or a domain.
_START = r"(?<![\w@.])"
# A name of several words also inside a code value or handle ("bildung-jana.kowalczyk",
# "team_ni_dhomhnaill_2024"): an underscore or dot beside it separates.
_CODE_START = r"(?<![^\W_])(?<!@)"
_CODE_END = r"(?![^\W_]|@)"
_FUNCTION_WORDS = frozenset(w.lower() for w in FUNCTION_WORDS)
# A word of an e-mail's local part this frequent (German or English) that is no known name
# names a role or an office ("housing", "repairs", "info", "kontakt"), or is a frequent word
# that is also a first name ("florence").
ROLE_WORD_ZIPF = 3.3
_CODE_NAME_SPLIT = re.compile(r"[_\-.\s/]+|(?<=[a-zäöüß])(?=[A-ZÄÖÜ])")
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Marks inside a name ("O'Rourke", "Bülow-Tannenberg"), which people also type as a space,
# another apostrophe or nothing ("O Rourke", "O’Rourke", "ORourke").
_NAME_MARKS = re.compile(r"['’‘`´-]")
_NAME_MARK_VARIANTS = r"['’‘`´\-\s]?"
# A name spelled out letter by letter: one separator between the letters ("N-W-A-N-E-R-I",
# "n w a n e r i", "N.W.A.N.E.R.I.").
_SPELLING_SEPARATOR = r"[\-.\s·]"
# What may follow a remembered name: a possessive or genitive ending ("Baumgärtners
# Antrag", "Nwaneri's file", "Kovács’"). A bare "s" counts after a capitalised name only
# (a remembered "Mark" is no reason to redact "marks").
_POSSESSIVE = r"(?:['’]s?|s)?"
# A word right before a remembered surname, which may be its first name (a double first
# name too: "Anca-Mirela").
_LOWER_WORD_BEFORE = re.compile(r"(?<![\w'’\-])([^\W\d_]+(?:-[^\W\d_]+)*)[ \t]+$")
MAX_FIRST_NAME_CHARS = 30
MIN_FIRST_NAME_CHARS = 2


def code_name_words(name: str) -> str:
    """``"Jana_Kowalczyk"``, ``"janaKowalczyk"`` -> ``"Jana Kowalczyk"``, ``"jana Kowalczyk"``."""
    return " ".join(part for part in _CODE_NAME_SPLIT.split(name) if part)


# Prepositions that put a person into a code name ("brief_an_…", "notify_for_…").
CODE_NAME_PREPOSITIONS = frozenset("an für fuer von to for of by".split())
# Shorter words after them are codes or formats ("to_csv", "by_id"), not names.
MIN_ADDRESSEE_CHARS = 5
_LETTERS = re.compile(r"[^\W\d_]+")


def addressee_in_code(words: str) -> bool:
    """True when a code name's words (``code_name_words``) hold a rare word right after a
    preposition ("brief an wojtkowiak", "notify for mbeki-okafor"): a letter *to*, a file
    *of* someone. Rare means no ordinary German or English word, German noun, compound of
    either or place (``pii.lexicon.is_ordinary_word``); "export to datev" counts too, so the
    rule only looks behind a preposition."""
    parts = words.split()
    lexicon = load_lexicon()
    for preposition, word in itertools.pairwise(parts):
        if (
            preposition.lower() in CODE_NAME_PREPOSITIONS
            and len(word) >= MIN_ADDRESSEE_CHARS
            and _LETTERS.fullmatch(word) is not None
            and word.capitalize() not in lexicon.places
            and not is_ordinary_word(word, lexicon)
        ):
            return True
    return False


def _role_word(word: str) -> bool:
    """True when ``word`` of an e-mail's local part is an ordinary word and no known name: a
    frequent word (ROLE_WORD_ZIPF), a German noun or a German office noun ("buergerbuero").
    Rare words ("tendai", "moyo", "achebe") are no role words; a frequent first name the
    lists lack ("florence") is one, so a local part counts as a role only when every part
    is. This answers "should the parts be remembered as a name?", not "is the address
    personal data?": ``pii.recognizers.email.is_role_mailbox`` answers that one more
    strictly, so "happy.hippo@gmx.de" stays redacted while its words seed no memory."""
    lexicon = load_lexicon()
    return not has_known_name(word) and (
        is_common(word, ROLE_WORD_ZIPF)
        or lexicon.is_plain_noun(word.capitalize())
        or names_an_office(word, lexicon)
    )


def _role_words(local: list[str]) -> bool:
    """True when every word of a local part is a role word (``_role_word``), the parts of a
    hyphenated one each ("jobcenter-mitte.beratung"; not "ogbonna-tewes")."""
    return all(_role_word(part) for word in local for part in word.split("-") if part)


def _asked_entity(words: list[str]) -> str | None:
    """What a question asks for: the longest key in it ("e mail adresse" over "adresse")."""
    for size in (3, 2, 1):
        kinds = {
            kind
            for i in range(len(words) - size + 1)
            if (kind := entity_for_key(" ".join(words[i : i + size]))) is not None
        }
        if len(kinds) == 1:
            return kinds.pop()
        if kinds:
            return None
    return None


def _leading_key(words: list[str]) -> str | None:
    """The entity a question's opening key names ("surname of the second parent"), unless a
    word of it names a thing ("name of the file")."""
    if names_a_thing(words):
        return None
    for size in (3, 2, 1):
        # The key itself, not a phrase holding one ("is the tenant" is no key).
        if len(words) >= size and (kind := KEY_ENTITIES.get(" ".join(words[:size]))):
            return kind
    return None


def _complete_on_one_side(findings: list[Finding], entity_type: str, start: int, end: int) -> bool:
    """True when ``[start, end)`` lies in one finding of ``entity_type`` made by a
    recognizer (not by a key): the value is complete on that side, not split."""
    return any(
        f.entity_type == entity_type
        and f.start <= start
        and f.end >= end
        and f.score != KEYED_SCORE
        for f in findings
    )


def _role_address_after_seam(entity_type: str, right: str) -> bool:
    """True when the part of a joined e-mail address after the seam is a whole role address
    (``is_role_mailbox``): the word before it ("to", a JSON key) does not make it a person's
    ("to" + "housing-options@council.example" is no "tohousing-options@")."""
    return entity_type == "EMAIL_ADDRESS" and "@" in right[1:] and is_role_mailbox(right)


def fold(text: str) -> str:
    """``text`` without diacritics, one character for one ("Wiśniewska" -> "Wisniewska",
    "Øztürk" -> "Ozturk"). "ß" stays: it is "ss" or "s" (``_name_alternatives``)."""
    return text if text.isascii() else "".join(_fold_char(ch) for ch in text)


# Letters Unicode does not decompose into a base letter and a diacritic (``UNDECOMPOSED``),
# as people type them without it. "æ" and "œ" become their first letter: the "e" after a
# vowel is optional in a remembered name anyway ("Næss" - "Naess").
_UNDECOMPOSED = str.maketrans({**UNDECOMPOSED, "æ": "a", "Æ": "A", "œ": "o", "Œ": "O"})


@functools.lru_cache(maxsize=2048)
def _fold_char(char: str) -> str:
    char = char.translate(_UNDECOMPOSED)
    base = unicodedata.normalize("NFKD", char)[:1]
    return base if base.isascii() and base.isalpha() else char


def _memory_key(entity_type: str, value: str) -> str:
    value = fold(value)
    if entity_type in IDENTIFIER_TYPES and entity_type != "EMAIL_ADDRESS":
        return "".join(ch for ch in value if ch.isalnum()).lower()
    return " ".join(value.split()).lower()


def redact_keyed(
    session: RedactionSession,
    key: str,
    value: str,
    *,
    context: str = "",
    redact: Callable[[str], str] | None = None,
) -> str:
    """A JSON string under ``key`` (a key path "a/b"; ``context``: its object's keys and
    other values): pseudonymized whole when the key names personal data and the value may be
    of it (``keyed_entity``: "Oldham Council" under "creditor/name" is none), else redacted
    as text (``redact``, default ``session.redact``)."""
    entity = keyed_entity(key, value, context)
    if entity is None:
        return (redact or session.redact)(value)
    return session.pseudonymize(entity, value)


MIN_COMMA_HEADER_CELLS = 3


class Conversation:
    """One request's memory of personal values (see the module docstring).

    Args:
        session: the request's redaction session (placeholders are shared with it).
        language: the texts' language; ``None`` detects it per text.
        across: read values split across adjacent texts and answers to a question in the
            next text (messages); off for the leaves of one JSON document (a card's expiry
            "04/29" and the next leaf are no phone number sent in two messages).
    """

    def __init__(
        self, session: RedactionSession, *, language: str | None = None, across: bool = True
    ) -> None:
        self._session = session
        self._across = across
        self._redactor = session.redactor
        self._language = language
        self._lock = threading.Lock()
        self._findings: dict[str, list[Finding]] = {}
        self._order: list[str] = []
        self._remembered: dict[str, str] = {}  # memory key -> entity type
        self._seams: dict[str, list[Finding]] = defaultdict(list)
        self._pattern: re.Pattern[str] | None = None
        self._compact: dict[str, str] = {}  # remembered keys without marks or spaces
        self._skeletons: dict[str, str] = {}  # remembered names' umlaut-free forms
        self._sounds: list[tuple[str, bool]] = []  # one-word names' sound keys, Latin or not
        self._consonants: set[str] = set()  # Latin names' consonants (pii.arabic_names)
        self._name_words: set[str] = set()  # remembered one-word names (shortened forms)
        self._loose: set[str] = set()  # Latin name words' loose keys (``loose_latin_key``)
        self._prepared = False
        self._leanings: Counter[str] = Counter()  # languages the request's texts lean to

    # -- pass 1 -------------------------------------------------------------------------

    def collect(self, text: str) -> str:
        """Analyses ``text`` and remembers its values; returns it unchanged.

        Raises:
            PiiError: analysis failed or the text is too large.
        """
        findings = self._analyze(text)
        for finding in findings:
            self._remember(finding.entity_type, text[finding.start : finding.end])
            if finding.score == KEYED_SCORE:
                self._collect_inside(text[finding.start : finding.end])
        with self._lock:
            self._order.append(text)
        return text

    def _collect_inside(self, value: str) -> None:
        """Remembers the values inside a keyed value ("Anschrift: Am Krähenberg 17, 53902
        Bad Münstereifel. Ich heiße Wendelin Schürholz."): a key's value runs to the end of
        its line, and the findings it covers are dropped from the text's own (overlaps), so
        a name in it would not be remembered and would recur unredacted ("Schürholz mit
        ü"). Its text is analysed alone; a place found there is not remembered (a town
        recurs in ordinary sentences about it), every other value is."""
        for inner in self._analyze(value):
            if inner.entity_type != "LOCATION":
                self._remember(inner.entity_type, value[inner.start : inner.end])

    def collect_keyed(self, key: str, value: str, context: str = "") -> str:
        """Like :meth:`collect`, for a JSON value under ``key`` (a personal key marks it;
        ``context``: its object's keys and other values, see ``keyed_entity``)."""
        entity = keyed_entity(key, value, context)
        if entity is None:
            return self.collect(value)
        self._remember(entity, value.strip())
        return value

    def collect_whole(self, entity_type: str, value: str) -> str:
        """Remembers a value known to be personal as a whole (a participant name).

        Its parts are remembered too when each reads as part of a person's name
        (``participant_name_parts``: "Eamon_Fitzgerald" -> "Eamon", "Fitzgerald"), as a
        name found in a text: the assistant answers "Possibly, Eamon.". A role's parts are
        not ("support_bot"): its words recur in tool names.
        """
        self._remember(entity_type, code_name_words(value), parts=False)
        if entity_type == "PERSON" and (parts := participant_name_parts(value)):
            self._remember(entity_type, " ".join(parts))
        return value

    # -- pass 2 -------------------------------------------------------------------------

    def redact(self, text: str) -> str:
        """``text`` with its findings, seam parts and remembered values replaced.

        Raises:
            PiiError: analysis failed; nothing may be forwarded.
        """
        self._prepare()
        analyzed = self._analyze(text)
        findings = [
            *analyzed,
            *self._seams.get(text, ()),
            *_outside_longer_names(self._recurring(text), analyzed),
        ]
        findings.extend(self._first_names_before(text, findings))
        try:
            kept = resolve_overlaps(findings)
            return self._session.apply(text, self._session.assign(text, kept))
        except Exception as exc:  # fail closed: never hand back a half-redacted text
            raise PiiEngineError(ENGINE_FAILED) from exc

    def redact_keyed(self, key: str, value: str, context: str = "") -> str:
        """A JSON value under ``key``: pseudonymized whole when the key names personal data."""
        return redact_keyed(self._session, key, value, context=context, redact=self.redact)

    def contains_personal_data(self, name: str) -> bool:
        """True when a code name (``Jana_Kowalczyk``) holds a personal value.

        Raises:
            PiiError: analysis failed.
        """
        self._prepare()
        words = code_name_words(name)
        findings = [
            *self._redactor.analyze(words, language=self._language),
            *self._recurring(words),
        ]
        if any(_personal_in_code(words, f) for f in findings):
            return True
        if addressee_in_code(words) or person_name_in_code(name):
            return True
        return any(_personal_in_code(name, f) for f in self._recurring(name))

    # -- internals ----------------------------------------------------------------------

    def _analyze(self, text: str) -> list[Finding]:
        with self._lock:
            cached = self._findings.get(text)
        if cached is not None:
            return cached
        findings = self._redactor.analyze(text, language=self._text_language(text))
        with self._lock:
            self._findings[text] = findings
        return findings

    def _text_language(self, text: str) -> str | None:
        """The language to read ``text`` in: the configured one, else the one its own words
        lean to, else the one most of the request's texts so far lean to (a stop sequence
        "Cheers, Kwame" in an English request is English; alone it has no function word)."""
        if self._language is not None:
            return self._language
        own = leaning(text)
        with self._lock:
            if own is not None:
                self._leanings[own] += 1
                return None
            common = self._leanings.most_common(2)
        if not common or (len(common) == 2 and common[0][1] == common[1][1]):
            return None
        return common[0][0]

    def _remember(self, entity_type: str, value: str, *, parts: bool = True) -> None:
        keys = {_memory_key(entity_type, value)}
        if entity_type == "EMAIL_ADDRESS" and parts:
            # "priya.raman@…": a first.last local part names a person (a "+tag" after it
            # is none of the name); a role address ("housing.repairs@",
            # "wohngeld.beratung@"), every part an ordinary word, names no one.
            local = _WORDS.findall(value.split("@", 1)[0].split("+", 1)[0])
            if (
                len(local) > 1
                and all(len(w) >= MIN_PART_CHARS for w in local)
                and not _role_words(local)
            ):
                self._remember("PERSON", " ".join(local))
        if entity_type == "ADDRESS" and parts and "," in value:
            # "7 Harcourt Ave, Leeds": the street and number recur without the town.
            street = value.split(",", 1)[0].strip()
            if any(ch.isdigit() for ch in street) and _WORDS.search(street):
                keys.add(_memory_key(entity_type, street))
        if entity_type == "PERSON" and parts:
            words = _WORDS.findall(_BRACKETED_NOTE.sub(_note_dropped, value))
            # The parts of a double-barrelled name recur alone too ("Bülow-Tannenberg" ->
            # "not Tannenberg"), the surname after a prefix too ("O'Rourke" -> "Rourke").
            parts_of = [part for w in words for part in (w, *_NAME_MARKS.split(w)) if part]
            if len(parts_of) > 1:
                keys.update(
                    fold(w).lower()
                    for w in parts_of
                    if len(w) >= MIN_PART_CHARS
                    and w.lower() not in _NAME_PARTICLES
                    and w.lower() not in _FUNCTION_WORDS
                )
            if surname := _surname_with_particles(words):
                keys.add(fold(surname).lower())
        with self._lock:
            for key in keys:
                long_enough = len(key) >= (
                    MIN_IDENTIFIER_CHARS if entity_type in IDENTIFIER_TYPES else MIN_PART_CHARS
                )
                if long_enough and key not in self._remembered:
                    self._remembered[key] = entity_type
                    self._pattern = None

    def _prepare(self) -> None:
        """Once, after pass 1: find values split across adjacent texts."""
        with self._lock:
            if self._prepared:
                return
            self._prepared = True
            order = list(self._order)
        self._names_of_addresses(order)
        self._rows_under_header(order)
        if not self._across:
            return
        for before, after in itertools.pairwise(order):
            self._name_continued(before, after)
            self._seam(before, after)
            self._answer(before, after)
        for size in range(2, MAX_RUN_TEXTS + 1):
            for start in range(len(order) - size + 1):
                self._number_across(order[start : start + size])

    def _rows_under_header(self, texts: list[str]) -> None:
        """A table's header line sent as a text of its own, its rows in the texts after it
        (an embeddings request's inputs, one row a message): each row is read under the
        header (``scan_tables``), as if they were one table. The rows run while the texts
        have the header's number of cells."""
        for index, header in enumerate(texts):
            columns = header_columns(header)
            if columns is None:
                continue
            delimiter, count = columns
            for row in texts[index + 1 :]:
                if not row.strip() or any(
                    len(table_cells(line, delimiter)) != count
                    for line in row.strip("\n").split("\n")
                ):
                    break
                joined = header.strip() + "\n" + row
                shift = len(header.strip()) + 1
                for entity, start, end in scan_tables(joined):
                    if start >= shift:
                        self._seams[row].append(
                            Finding(entity, start - shift, end - shift, MEMORY_SCORE)
                        )
                        self._remember(entity, joined[start:end])

    def _names_of_addresses(self, texts: list[str]) -> None:
        """A name written out where a remembered e-mail address abbreviates it: its first
        word begins with the local part's first word, its next words are the rest or have
        its letters as initials ("bart.amartey@" - "Bartholomew Amartey", "itziar.eg@" -
        "Itziar Etxeberria-Glanville", ``address_name``)."""
        with self._lock:
            addresses = [k for k, e in self._remembered.items() if e == "EMAIL_ADDRESS"]
        for address in addresses:
            local = _WORDS.findall(address.split("@", 1)[0].split("+", 1)[0])
            if len(local) < 2 or len(local[0]) < MIN_PART_CHARS or _role_words(local):
                continue
            for text in texts:
                for name in address_names(text, local[0], "".join(local[1:])):
                    self._remember("PERSON", name)

    def _answer(self, question: str, answer: str) -> None:
        """A short answer to a question for personal data ("Ihr Nachname?" - "Kowalczyk")."""
        self._birth_date_answer(question, answer)
        self._address_answer(question, answer)
        value = answer.strip().rstrip(".!")
        value = value[lead.end() :] if (lead := _ANSWER_LEAD.match(value)) else value
        if (
            not value
            or len(value) > SHORT_ANSWER_CHARS
            or len(value.split()) > SHORT_ANSWER_WORDS
            or "\n" in value
            or not is_value(value)
        ):
            return
        entity: str | None = "PERSON" if NAME_QUESTION.search(question) else None
        if entity is None:
            asked = _LAST_QUESTION.search(question)
            if asked is None:
                return
            # Words only: "And your first name, please?" asks for a "first name".
            words = normalize_key(" ".join(_WORDS.findall(asked.group(1)))).split()
            # A form's question opens with the key ("Surname of the second parent?",
            # "Vorname des Kindes?"); another question must address the reader ("Ihr
            # Nachname?"): "Gibt es eine Frage zur Adresse?" asks for nobody's data.
            entity = _leading_key(words)
            if entity is None and not _ADDRESSED.intersection(words):
                return
            entity = entity or _asked_entity(words)
            if entity is None:
                return
        start = answer.find(value)
        self._seams[answer].append(Finding(entity, start, start + len(value), MEMORY_SCORE))
        self._remember(entity, value)

    def _name_continued(self, before: str, after: str) -> None:
        """A name given as an answer and sent on in the next text ("Trương Thị" + "Bích
        Hường – sorry, Enter zu früh gedrückt"): the name-shaped words the next text opens
        with, up to a clause break, are the rest of the name when each is a known name or
        no ordinary word ("Danke", "Sorry" are)."""
        left = before.strip()
        answered = any(
            f.entity_type == "PERSON" and before[f.start : f.end].strip() == left
            for f in self._seams.get(before, ())
        )
        if not left or not answered:
            return
        match = _CONTINUED_NAME.match(after)
        if match is None:
            return
        words = match.group("name").split()
        if not all(w[0].isupper() for w in words) or any(
            is_ordinary_word(w) and not has_known_name(w) for w in words
        ):
            return
        self._seams[after].append(
            Finding("PERSON", match.start("name"), match.end("name"), MEMORY_SCORE)
        )
        self._remember("PERSON", f"{left} {match.group('name')}")

    def _birth_date_answer(self, question: str, answer: str) -> None:
        """The dates in a short reply to a request for a date of birth ("…and date of birth."
        - "Baek Ji-woo, 4 March 1990") are dates of birth, also a day and month without a
        year ("When was she born?" - "on the 29th of January") and dates spoken as words
        ("the twenty-ninth of January", "am dritten März")."""
        if len(answer) > BIRTH_REPLY_CHARS or not BIRTH_ASKED.search(question[-ASKED_TAIL_CHARS:]):
            return
        spans = [
            match.span()
            for pattern in (LONG_DATE, NUMERIC_DATE, DAY_MONTH)
            for match in pattern.finditer(answer)
        ]
        # A spoken date's written form names its month; a spoken house number is digits.
        spans += [
            (start, end)
            for written, start, end in read_spoken_dates(answer)
            if not written.isdigit()
        ]
        for start, end in spans:
            self._seams[answer].append(Finding("DATE_OF_BIRTH", start, end, MEMORY_SCORE))
            self._remember("DATE_OF_BIRTH", answer[start:end])

    def _address_answer(self, question: str, answer: str) -> None:
        """A house number and street in a short reply to a question for an address ("What
        is your name and address?" - "Priya Nair, 12 Willow Bank, and …")."""
        if len(answer) > BIRTH_REPLY_CHARS or not ADDRESS_ASKED.search(
            question[-ASKED_TAIL_CHARS:]
        ):
            return
        for match in _ANSWERED_STREET.finditer(answer):
            self._seams[answer].append(Finding("ADDRESS", match.start(), match.end(), MEMORY_SCORE))
            self._remember("ADDRESS", match.group())

    def _seam(self, before: str, after: str) -> None:
        left, right = before.rstrip(), after.lstrip()
        if not left or not right:
            return
        # An e-mail address may be split at its "@" ("ewa.szymanska" + "@onet.pl"), a
        # number after one of its separators ("(415) 555-" + "0187").
        split_number = left[-1] in "-./" and left[-2:-1].isdigit() and right[0].isdigit()
        joinable = (left[-1].isalnum() or left[-1] == "@") and (
            right[0].isalnum() or right[0] == "@"
        )
        if not (joinable or split_number):
            return
        tail = before[-SEAM_CHARS:]
        head = after[:SEAM_CHARS]
        # A name may continue across the seam when the first text ends in a name.
        named = any(f.entity_type == "PERSON" and f.end >= len(left) for f in self._analyze(before))
        # A cue closing the first text ("Hi, this is") announces a name that opens the next.
        cued = ends_with_cue(left)
        names = named or cued or _name_seam(left, right)
        for glue in ("", " "):
            window = tail + glue + head
            types = SEAM_TYPES if any(c.isdigit() or c == "@" for c in window) else None
            if glue and names:
                types = (types or frozenset()) | {"PERSON"}
            if types is None:
                if names:
                    continue  # a name needs the space between the two texts
                return
            seam = len(tail)
            found = self._redactor.analyze(window, language=self._language)
            if glue and cued:
                self._announced(after, found, seam + len(glue))
            hits = [
                f
                for f in found
                if f.entity_type in types
                and f.start < seam
                and f.end > seam + len(glue)
                and (
                    f.entity_type != "PERSON"
                    or _split_name(
                        window[f.start : seam], window[seam + len(glue) : f.end], named=named
                    )
                )
            ]
            # A value complete on one side (an e-mail address followed by a word) is that
            # side's own finding, not a split value. A name's first part is a name itself;
            # a phone number's first part may be one elsewhere ("0157 83" is in Vienna).
            hits = [
                h
                for h in hits
                if h.entity_type == "PERSON"
                or (
                    (
                        not _complete_on_one_side(
                            self._analyze(before),
                            h.entity_type,
                            len(before) - len(tail) + h.start,
                            len(before),
                        )
                        or (
                            h.entity_type == "PHONE_NUMBER"
                            and (
                                continues_number(
                                    [window[h.start : seam], window[seam + len(glue) : h.end]]
                                )
                                or cued_last_group(
                                    window[: h.start],
                                    window[h.start : seam],
                                    window[seam + len(glue) : h.end],
                                )
                            )
                        )
                    )
                    and not _role_address_after_seam(
                        h.entity_type, window[seam + len(glue) : h.end]
                    )
                    and (
                        not _complete_on_one_side(
                            self._analyze(after), h.entity_type, 0, h.end - seam - len(glue)
                        )
                        or (
                            h.entity_type == "PHONE_NUMBER"
                            and same_number(
                                window[seam + len(glue) : h.end], window[h.start : h.end]
                            )
                        )
                    )
                )
            ]
            # An address joins only two texts neither of which ends or starts in one of its
            # own ("… Lindenweg 4, 31134 Hildesheim" + "Das Bürgeramt Hildesheim …").
            if any(h.entity_type == "ADDRESS" for h in hits) and self._address_at_seam(
                before, after
            ):
                hits = [h for h in hits if h.entity_type != "ADDRESS"]
            for hit in hits:
                offset = len(before) - len(tail)
                self._seams[before].append(
                    Finding(hit.entity_type, offset + hit.start, len(before), MEMORY_SCORE)
                )
                self._seams[after].append(
                    Finding(hit.entity_type, 0, hit.end - seam - len(glue), MEMORY_SCORE)
                )
                self._remember(hit.entity_type, window[hit.start : hit.end])
            if hits:
                return

    def _address_at_seam(self, before: str, after: str) -> bool:
        """True when ``before`` ends in an address or ``after`` starts with one."""
        end = len(before.rstrip())
        start = len(after) - len(after.lstrip())
        return any(
            f.entity_type == "ADDRESS" and f.end >= end for f in self._analyze(before)
        ) or any(f.entity_type == "ADDRESS" and f.start <= start for f in self._analyze(after))

    def _number_across(self, texts: list[str]) -> None:
        """An identifier whose digits the first text begins and the last ends, with texts of
        nothing but digits (``_NUMBER_PIECE``) or short texts without digits
        (``_BRIDGE_TEXT``) between: read as one number after the first text's words, it
        counts when a recognizer finds it whole.

        The plain shape: the first text ends in the digits, the last continues them after a
        phrase ("… beginnt mit 44 990" - "und endet mit 978 209"; directly adjacent digits
        are the ordinary seam's), or after a short question between them ("… fängt mit
        41239 an" - "Und wie geht sie weiter?" - "710952"). Any other shape needs a type
        with a check digit (``CHECKED_TYPES``), which random numbers rarely pass: pieces
        between ("die Steuer-ID ist 21 794" - "943" - "317 glaub ich"), words after the
        first part ("O1156 – der Rest kommt gleich"), another text between ("Yes, please
        send the rest."), continuation marks or a few words before the last part ("... 320
        69", "no, the rest is 2735 6147 1401 94"); neither part may be a whole number of
        that type alone, nor the joined one be found by its key only. A phone number counts
        only when it continues up to its last piece (``continues_number``).
        """
        first, *between, last = texts
        middle = [_NUMBER_PIECE.fullmatch(text) for text in between]
        pieces = [(text, m) for text, m in zip(between, middle, strict=True) if m is not None]
        bridges = [text for text, m in zip(between, middle, strict=True) if m is None]
        if any(_BRIDGE_TEXT.fullmatch(text.strip()) is None for text in bridges):
            return
        scan = max(0, len(first) - SEAM_CHARS)
        tail = _TRAILING_DIGITS.search(first, scan)
        head = _CONTINUED_DIGITS.match(last)
        plain = (
            tail is not None
            and head is not None
            and not pieces
            and len(bridges) <= 1
            and all(_BRIDGE_QUESTION.match(text.strip()) for text in bridges)
        )
        if not plain:
            tail = tail or _LAST_DIGITS.search(first)
            head = head or _LED_DIGITS.match(last)
        if head is None or tail is None:
            return
        if not between and head.start("digits") == 0 and not first[tail.end() :].strip():
            return  # the ordinary seam's
        digits = [m.group("digits") for _, m in pieces]
        if any(sum(ch.isdigit() for ch in d) > MAX_PIECE_DIGITS for d in digits):
            return
        trusted = IDENTIFIER_TYPES if plain else CHECKED_TYPES
        offset = max(0, tail.end() - SEAM_CHARS)
        left = first[offset : tail.end()]
        # The parts are read as groups of one number ("97 371" "678 684") or, where that
        # grouping is no shape of the identifier, as one run of digits ("9737" "1678684").
        for end, glue in itertools.product(_head_ends(head), (" ", "")):
            rest = last[head.start("digits") : end]
            window = glue.join([left, *digits, rest])
            for hit in self._redactor.analyze(window, language=self._language):
                if hit.start > tail.start() - offset or hit.end != len(window):
                    continue
                kind = hit.entity_type
                if kind == "PHONE_NUMBER":
                    if not continues_number([window[hit.start : len(left)], *digits, rest]):
                        continue
                elif kind not in trusted or (
                    not plain
                    and (hit.score == KEYED_SCORE or self._whole_alone(kind, tail, head, end))
                ):
                    continue  # a key's value is no checked number
                self._seams[first].append(
                    Finding(kind, offset + hit.start, tail.end(), MEMORY_SCORE)
                )
                for piece, match in pieces:
                    self._seams[piece].append(
                        Finding(kind, match.start("digits"), match.end("digits"), MEMORY_SCORE)
                    )
                self._seams[last].append(Finding(kind, head.start("digits"), end, MEMORY_SCORE))
                self._remember(kind, window[hit.start :])
                return

    def _whole_alone(self, kind: str, tail: re.Match[str], head: re.Match[str], end: int) -> bool:
        """True when the first text's part or the last text's part (up to ``end``) is a
        whole ``kind`` already (a card number followed by a ticket number is no longer card
        number)."""
        return _complete_on_one_side(
            self._analyze(tail.string), kind, tail.start(), tail.end()
        ) or _complete_on_one_side(self._analyze(head.string), kind, head.start("digits"), end)

    def _announced(self, after: str, found: list[Finding], start: int) -> None:
        """A name the first text's closing cue announced, found at the start of ``after``
        when the two texts are read as one (``start``: where ``after`` begins in the
        window)."""
        for finding in found:
            if finding.entity_type == "PERSON" and finding.start == start:
                end = finding.end - start
                self._seams[after].append(Finding("PERSON", 0, end, MEMORY_SCORE))
                self._remember("PERSON", after[:end])

    def _memory_pattern(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is not None or not self._remembered:
                return self._pattern
            alternatives = []
            compact: dict[str, str] = {}
            skeletons: dict[str, str] = {}
            others: list[tuple[str, bool]] = []
            consonants: set[str] = set()
            name_words: set[str] = set()
            loose: set[str] = set()
            for key, entity in sorted(self._remembered.items(), key=lambda kv: -len(kv[0])):
                compact.setdefault(_compact(key), entity)
                if entity in IDENTIFIER_TYPES and entity != "EMAIL_ADDRESS":
                    alternatives.append(
                        _START + r"[\s.\-/]*".join(re.escape(ch) for ch in key) + r"(?![\w@])"
                    )
                elif entity == "PERSON":
                    skeletons.setdefault(umlaut_skeleton(key), entity)
                    alternatives.extend(_name_alternatives(key))
                    if " " not in key and len(key) >= MIN_SCRIPT_CHARS:
                        others.append((sound_key(transliterate(key)), _is_latin(key)))
                    if " " not in key and len(key) >= MIN_SHORTENED_OF:
                        name_words.add(key)
                    loose.update(
                        word_key
                        for word in key.split()
                        if len(word) >= MIN_LOOSE_CHARS
                        and _is_latin(word)
                        and len(word_key := loose_latin_key(word)) >= MIN_LOOSE_KEY
                    )
                    if key.isascii():
                        # The name and each run of its words ("Perveen Bibi" of "Perveen Bibi
                        # Bajwa"): a name is written again in parts.
                        words = key.split()
                        consonants.update(
                            latin_skeleton(" ".join(words[a:b]))
                            for a in range(len(words))
                            for b in range(a + 1, len(words) + 1)
                        )
                else:
                    if entity == "ADDRESS":
                        compact.setdefault(street_key(key), entity)
                    alternatives.append(
                        _START
                        + r"\s+".join(_address_word_pattern(w) for w in key.split())
                        + r"(?![\w@])"
                    )
            self._compact = compact
            self._skeletons = skeletons
            self._sounds = others
            self._consonants = consonants
            self._name_words = name_words
            self._loose = loose
            self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)
            return self._pattern

    def _recurring(self, text: str) -> list[Finding]:
        pattern = self._memory_pattern()
        if pattern is None:
            return []
        found = []
        folded = fold(text)  # same length: offsets hold
        for match in _overlapping(pattern, folded):
            value = match.group()
            entity = self._entity_of(value)
            if entity is None and (surname := initial_handle(value)) is not None:
                entity = "PERSON" if self._entity_of(surname) == "PERSON" else None
            if entity is None:
                continue
            if (
                entity == "PERSON"
                and folded[match.end() : match.end() + 1] in ("s", "S")
                and not value[:1].isupper()
                and is_ordinary_word(value)
            ):
                # A bare "s" after a lower-case name that is also a word is that word's
                # plural ("marks"); after a rare one it is the name's ("alle morgenroths").
                continue
            found.append(Finding(entity, match.start(), match.end(), MEMORY_SCORE))
        found.extend(self._in_other_script(text))
        found.extend(self._shortened_names(text))
        return found

    def _shortened_names(self, text: str) -> list[Finding]:
        """A remembered name shortened to its start or its end ("Adeolu" - "Deolu",
        "Toluwani" - "Tolu", "Olumide" - "Mide"): a capitalised word of at least
        MIN_SHORTENED_CHARS letters and half the name's, that is no ordinary word, function
        word or place ("Berg" of "Weinberg", "Ober" of "Oberdörfer" are words)."""
        with self._lock:
            names = set(self._name_words)
        if not names:
            return []
        lexicon = load_lexicon()
        found = []
        for word in _SHORTENED_CANDIDATE.finditer(text):
            value = word.group()
            key = fold(value).lower()
            if (
                not value[0].isupper()
                or key in names
                or not any(
                    (name.startswith(key) or name.endswith(key)) and 2 * len(key) >= len(name)
                    for name in names
                )
            ):
                continue
            if (
                value in lexicon.function_words
                or value in lexicon.places
                or is_ordinary_word(value, lexicon)
            ):
                continue
            found.append(Finding("PERSON", word.start(), word.end(), MEMORY_SCORE))
        return found

    def _entity_of(self, value: str) -> str | None:
        """The remembered type of a matched ``value`` in any of its remembered forms."""
        with self._lock:
            return (
                self._remembered.get(" ".join(value.split()).lower())
                or self._compact.get(_compact(value))
                or self._compact.get(street_key(value))
                or self._skeletons.get(umlaut_skeleton(value))
            )

    def _first_names_before(self, text: str, findings: list[Finding]) -> list[Finding]:
        """A first name right before a remembered surname ("its yaw kuffour" and later "Mr
        Kuffour", "A.-M. Vlădescu" and later "Anca-Mirela Vlădescu"): the word belongs to the
        name when it passes ``_first_name_word`` ("thanks kuffour", "mrs kuffour", "Termin
        Vlădescu" keep theirs)."""
        lexicon = load_lexicon()
        added = []
        for finding in findings:
            if finding.entity_type != "PERSON":
                continue
            with self._lock:
                remembered = self._remembered.get(fold(text[finding.start : finding.end]).lower())
            if remembered != "PERSON":
                continue
            head = text[max(0, finding.start - MAX_FIRST_NAME_CHARS) : finding.start]
            before = _LOWER_WORD_BEFORE.search(head)
            if before is None:
                continue
            word = before.group(1)
            if len(word) >= MIN_FIRST_NAME_CHARS and _first_name_word(word, lexicon):
                start = finding.start - len(head) + before.start(1)
                added.append(Finding("PERSON", start, finding.end, MEMORY_SCORE))
        return added

    def _in_other_script(self, text: str) -> list[Finding]:
        """A remembered name written again in another script ("Charalampidis" -
        "Χαραλαμπίδης", "Ivanova" - "Иванова"): both read in Latin letters (``transliterate``)
        and compared by sound (``same_sound``); or in another Latin transliteration, with
        an equal sound key ("Shevchuk" - "Schewtschuk", ``_other_latin_spelling``); or in
        Arabic letters, compared by consonants (``pii.arabic_names``: "Qusai" - "قصي")."""
        with self._lock:
            sounds = list(self._sounds)
            consonants = set(self._consonants)
            loose = set(self._loose)
        found = [
            Finding("PERSON", start, end, MEMORY_SCORE)
            for start, end in arabic_name_spans(text, consonants)
        ]
        found.extend(
            Finding("PERSON", word.start(), word.end(), MEMORY_SCORE)
            for word in (_SCRIPT_WORD.finditer(text) if loose else ())
            if len(word.group()) >= MIN_LOOSE_CHARS
            and _is_latin(word.group())
            and loose_latin_key(word.group()) in loose
            and _other_latin_spelling(word.group())
        )
        if not sounds:
            return found
        for word in _SCRIPT_WORD.finditer(text):
            value = word.group()
            if len(value) < MIN_SCRIPT_CHARS:
                continue
            latin = _is_latin(value)
            sound = sound_key(transliterate(value))
            if any(
                known_latin != latin and same_sound(sound, known) for known, known_latin in sounds
            ) or (
                latin
                and any(known_latin and sound == known for known, known_latin in sounds)
                and _other_latin_spelling(value)
            ):
                found.append(Finding("PERSON", word.start(), word.end(), MEMORY_SCORE))
        return found


# Regions in which a number's start and the whole number are compared (``continues_number``).
SPLIT_REGIONS = ("DE", "AT", "CH")


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match of ``pattern``, also those starting inside an earlier one: a handle holds
    a remembered "kita-lena" and a remembered "lena winter" ("kita-lena.winter"); the
    overlapping findings are joined (``resolve_overlaps``)."""
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        yield match
        pos = match.start() + 1


def _outside_longer_names(recurring: list[Finding], analyzed: list[Finding]) -> list[Finding]:
    """The remembered names of ``recurring`` that lie inside no longer PERSON of
    ``analyzed``: a remembered surname must not cut the name it is part of, leaving its
    first name in the text ("tuncay-yesilyurt" in a file name, "yesilyurt" remembered)."""
    longer = [f for f in analyzed if f.entity_type == "PERSON"]
    return [
        found
        for found in recurring
        if found.entity_type != "PERSON"
        or not any(
            other.start <= found.start
            and found.end <= other.end
            and other.end - other.start > found.end - found.start
            for other in longer
        )
    ]


def _head_ends(head: re.Match[str]) -> list[int]:
    """Where the last text's part of a number may end: after its closing letter, if it has
    one, else after its digits."""
    ends = [head.end("digits")]
    return [head.end("letter"), *ends] if head.group("letter") else ends


def continues_number(pieces: list[str]) -> bool:
    """True when the pieces of a phone number, joined, make a number valid in a region where
    none of its starts (the first piece, the first two, ...) is one already; a start that
    is no number at all ("+43", "0041") is none either. "0157 83" + "219406" (a Vienna
    number alone, no German one; the whole a German mobile number), "+43" + "662" +
    "8044610"; not "0171 2345678" + "3" or "0711" + "2345678" + "2" (complete before the
    last piece). A number sent in pieces is then one number, whatever its first pieces
    happen to be alone."""
    whole = " ".join(pieces)
    starts = [" ".join(pieces[:count]) for count in range(1, len(pieces))]
    return any(
        _valid_number(whole, region) and not any(_valid_number(s, region) for s in starts)
        for region in SPLIT_REGIONS
    )


_LAST_GROUP = re.compile(r"(\d+)\s*$")


def cued_last_group(lead: str, first: str, last: str) -> bool:
    """True when ``last`` is the last group of the grouped phone number ``first`` began
    after a phone cue (``lead``): "my mobile is 07621 940" - "318 sorry, hit enter too
    early". The first part may be a valid number alone (``continues_number`` stops
    there); the cue and a group as long as the first part's last one carry it on, the
    joined number valid in a region. "0171 2345678" - "3 Kinder" stays apart."""
    group = _LAST_GROUP.search(first)
    if PHONE_CUE.search(lead) is None or group is None or not last.isdigit():
        return False
    if len(last) != len(group.group(1)) or first.count(" ") == 0:
        return False
    return any(_valid_number(f"{first} {last}", region) for region in SPLIT_REGIONS)


def same_number(rest: str, whole: str) -> bool:
    """True when ``whole`` is the phone number ``rest`` already is, with a country code in
    front: "0043" + "0662 804461", "+41" + "044 668 18 00" (the trunk "0" dropped). A
    number before a complete one is no part of it ("2" + "0711 2345678" is no number of
    Stuttgart)."""
    for region in SPLIT_REGIONS:
        try:
            alone = phonenumbers.parse(rest, region)
            joined = phonenumbers.parse(whole, region)
        except phonenumbers.NumberParseException:
            continue
        if (
            phonenumbers.is_valid_number(alone)
            and phonenumbers.is_valid_number(joined)
            and joined.national_number == alone.national_number
        ):
            return True
    return False


def _valid_number(number: str, region: str) -> bool:
    """Whether ``number`` is a valid phone number read in ``region``; no number: False."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


# Street types and how addresses abbreviate them: a remembered address recurs abbreviated
# ("12 Fernbank Road" - "12 fernbank rd", "Lindenstraße 4" - "Lindenstr. 4").
_STREET_ABBREVIATIONS = {
    "road": "rd", "street": "st", "avenue": "ave", "lane": "ln", "drive": "dr",
    "crescent": "cres", "terrace": "terr", "place": "pl", "court": "ct", "square": "sq",
    "gardens": "gdns", "close": "cl", "grove": "gr",
}  # fmt: skip
_STREET_WORDS = {abbreviation: full for full, abbreviation in _STREET_ABBREVIATIONS.items()}
_STRASSE = re.compile(r"(?P<stem>\w+?)(?:straße|strasse|str\.?)$")


def street_key(value: str) -> str:
    """``value`` compacted (``_compact``) with its street type abbreviated, one key for an
    address written out or abbreviated."""
    words = []
    for word in value.lower().split():
        bare = word.rstrip(".")
        if bare in _STREET_ABBREVIATIONS or bare in _STREET_WORDS:
            words.append(_STREET_ABBREVIATIONS.get(bare, bare))
        elif (strasse := _STRASSE.fullmatch(word)) is not None:
            words.append(strasse.group("stem") + "str")
        else:
            words.append(word)
    return _compact(" ".join(words))


def _address_word_pattern(word: str) -> str:
    """A regex for one word of a remembered address (lower case): a street type written
    out or abbreviated ("road", "rd", "rd."), "…straße" also "…strasse", "…str.", "…str"."""
    bare = word.rstrip(".")
    full = _STREET_WORDS.get(bare, bare)
    if full in _STREET_ABBREVIATIONS:
        return f"(?:{full}|{_STREET_ABBREVIATIONS[full]}\\b\\.?)"
    strasse = _STRASSE.fullmatch(word)
    if strasse is not None:
        return re.escape(strasse.group("stem")) + r"(?:straße|strasse|str\b\.?)"
    return re.escape(word)


def _compact(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum()).lower()


_UMLAUT_SPELLING = re.compile(r"([aou])e")


def umlaut_skeleton(value: str) -> str:
    """One form for a name's umlaut spellings (``_umlaut_variants``): "Oeztuerk", "Öztürk"
    and "Ozturk" -> "ozturk", "Strauß", "Strauss" and "Straus" -> "straus"."""
    compact = _UMLAUT_SPELLING.sub(r"\1", _compact(fold(value)))
    return compact.replace("ß", "s").replace("ss", "s")


def _word_pattern(word: str) -> str:
    """A regex for one word of a remembered name (folded, lower case): a mark inside typed
    as another mark, a space or nothing ("O'Rourke", "O Rourke"), and the spellings people
    type for German umlauts and "ß": "ä", "ae" and "a" for one another ("Öztürk",
    "Oeztuerk", "Ozturk"), "ß", "ss" and "s" ("Strauß", "Strauss", "Straus"; a remembered
    "ss" only as "ß": "Rossi" is no "Rosi"). The text is folded before matching (``fold``),
    so an "ä" is an "a" there. Short words keep their vowels exact ("Zoe" is no "Zo")."""
    umlauts = len(_compact(_UMLAUT_SPELLING.sub(r"\1", word))) >= MIN_SCRIPT_CHARS
    out = []
    i = 0
    while i < len(word):
        ch, step = word[i], 1
        if _NAME_MARKS.fullmatch(ch):
            out.append(_NAME_MARK_VARIANTS)
        elif umlauts and ch in "aou":
            out.append(f"{ch}(?:e)?")
            step = 2 if word[i + 1 : i + 2] == "e" else 1
        elif ch == "ß":
            out.append("(?:ß|ss?)")
        elif word[i : i + 2] == "ss":
            out.append("(?:ss|ß)")
            step = 2
        else:
            out.append(re.escape(ch))
        i += step
    return "".join(out)


_INITIAL_HANDLE = re.compile(r"[^\W\d_][._\-]?(?P<name>[^\W\d_]+)")


def initial_handle(value: str) -> str | None:
    """The name in a handle of an initial and a name ("jkowalczyk", "j.kowalczyk" ->
    "kowalczyk"); None for anything else and for a handle that is a word itself ("trainer"
    is no "t" and "Rainer", "orange" no "o" and "Range")."""
    match = _INITIAL_HANDLE.fullmatch(value)
    if match is None or len(match.group("name")) < MIN_HANDLE_SURNAME_CHARS:
        return None
    if is_ordinary_word(value) or is_ordinary_word(_compact(value)):
        return None
    return match.group("name")


# A capitalised word (hyphenated parts too) and up to two more after it.
_CAPITALISED_RUN = re.compile(
    r"(?<![\w@.])(?P<first>[^\W\d_a-zß][^\W\d_]*)(?P<rest>(?:[ \t]+[^\W\d_a-zß][^\W\d_]*"
    r"(?:-[^\W\d_a-zß][^\W\d_]*)*){1,3})"
)

_WORD_START = re.compile(r"(?<![\w@.])\w")


def address_names(text: str, first: str, rest: str) -> list[str]:
    """The names in ``text`` an e-mail address's local part (``first``, ``rest``: "itziar",
    "eg") abbreviates: a capitalised word that begins with ``first`` and the fewest next
    capitalised words whose letters (joined) or initials (of their hyphenated parts) are
    ``rest``."""
    names = []
    folded = fold(text)  # same length: offsets hold
    for start in _WORD_START.finditer(folded):
        match = _CAPITALISED_RUN.match(folded, start.start())
        if match is None or not match.group("first").lower().startswith(first):
            continue
        following = list(re.finditer(r"\S+", match.group("rest")))
        for count in range(1, len(following) + 1):
            words = [w.group() for w in following[:count]]
            parts = [p for w in words for p in w.split("-")]
            if rest in ("".join(words).lower(), "".join(p[0] for p in parts).lower()):
                end = match.start("rest") + following[count - 1].end()
                names.append(text[match.start() : end])
                break
    return names


# One word in brackets after a name: a nickname ("Maria (Mia)") or a note on the record
# ("Ekström, Ylva (Auskunftssperre)", "(verstorben)").
_BRACKETED_NOTE = re.compile(r"\((?P<word>[^\W\d_]+)\)")


def _note_dropped(match: re.Match[str]) -> str:
    """The bracketed word without its brackets when it is a nickname, else nothing: a note
    is lower case, an ordinary word, or longer than nicknames are, and no known name."""
    word = match.group("word")
    note = not has_known_name(word) and (
        word.islower() or is_ordinary_word(word) or len(word) > MAX_NICKNAME_CHARS
    )
    return "" if note else word


def _first_name_word(word: str, lexicon: Lexicon) -> bool:
    """True when ``word`` before a remembered surname is its first name: in lower case a
    listed first name or no ordinary word ("yaw"); capitalised, each part of it ("Anca-Mirela")
    a listed first name or a rare word that is no place ("Termin", "Frau", "Berlin" are
    none)."""
    lowered = word.lower()
    if lowered in _NAME_PARTICLES or lowered in _FUNCTION_WORDS:
        return False
    if word.islower():
        return word.capitalize() in lexicon.first_names or not is_ordinary_word(word)
    if not word[0].isupper() or word.isupper():
        return False
    return all(
        part.capitalize() in lexicon.first_names
        or (part.capitalize() not in lexicon.places and not is_ordinary_word(part, lexicon))
        for part in word.split("-")
    )


def _surname_with_particles(words: list[str]) -> str | None:
    """The surname with its particles after a first name ("Joost van der Heijden" -> "van
    der Heijden"), which recurs alone and run together ("vanderheijden"); None without
    particles."""
    for index in range(1, len(words) - 1):
        if words[index].lower() in _SURNAME_PARTICLES:
            rest = words[index:]
            if rest[-1].lower() not in _SURNAME_PARTICLES:
                return " ".join(rest)
            return None
    return None


def _name_alternatives(key: str) -> list[str]:
    """Regex alternatives for a remembered name ``key``: its words as people type them again
    (``_word_pattern``; after a particle also run together or joined by a mark: "van der
    heijden" as "vanderheijden"), followed by an optional possessive; a single word also
    spelled out letter by letter. A name of several words also matches in the code-like
    spellings of handles and schema values (``_NAME_GAP``: "ni_dhomhnaill",
    "tariq.benali"), inside a longer code value too (``_CODE_START``)."""
    words = key.split()
    pattern = _word_pattern(words[0])
    for previous, word in itertools.pairwise(words):
        gap = _AFTER_PARTICLE if previous in _SURNAME_PARTICLES else _NAME_GAP
        pattern += gap + _word_pattern(word)
    letters = _compact(key)
    alternatives = []
    if len(letters) >= MIN_PART_CHARS and letters.isalpha():
        # Spelled out letter by letter, the words of a surname with its particle run
        # together ("O-T-O-O-L-E" for "O'Toole", "V-A-N-D-A-M" for "van Dam").
        alternatives.append(
            _START + _SPELLING_SEPARATOR.join(re.escape(ch) for ch in letters) + r"\.?(?![\w@])"
        )
    if len(words) > 1:
        return [rf"{_CODE_START}{pattern}(?={_POSSESSIVE}{_CODE_END})", *alternatives]
    if len(key) >= MIN_HANDLE_SURNAME_CHARS and key.isalpha():
        # A handle of an initial and the name ("jkowalczyk", "ctr-j.kowalczyk-1990"); the
        # match counts only where the handle is no word (``initial_handle``).
        alternatives.append(rf"{_CODE_START}[^\W\d_][._\-]?{pattern}{_CODE_END}")
    return [rf"{_START}{pattern}(?={_POSSESSIVE}(?![\w@]))", *alternatives]


# -- names in other scripts ------------------------------------------------------------

MIN_SCRIPT_CHARS = 4
# A shortened name ("Deolu" of "Adeolu") has this many letters at least, the name it
# shortens MIN_SHORTENED_OF.
MIN_SHORTENED_CHARS = 4
MIN_SHORTENED_OF = 6
_SHORTENED_CANDIDATE = re.compile(rf"(?<![\w'’-])[^\W\d_]{{{MIN_SHORTENED_CHARS},}}(?![\w'’-])")
# Sound keys this long may differ in one letter (two from LONG_SOUND_CHARS on): Greek and
# Cyrillic spellings have no single Latin form ("Χαραλαμπίδης" is "Charalampidis" or
# "Haralambidis").
FUZZY_SOUND_CHARS = 6
LONG_SOUND_CHARS = 9
_SCRIPT_WORD = re.compile(r"[^\W\d_]+")
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        "a v g d e z i th i k l m n x o p r s s t y f ch ps o".split(),
        strict=True,
    )
)
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґђјљњћџў",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g "
        "dj j lj nj c dz u".split(),
        strict=True,
    )
)
_TRANSLITERATION = str.maketrans(
    {ch: ("" if latin == "-" else latin) for ch, latin in {**_GREEK, **_CYRILLIC}.items()}
)
# Spellings of one sound in transliterations ("Kh"/"Ch"/"H", "Y"/"I"/"J", "Ph"/"F"); first
# the German and Polish spellings of Cyrillic letters ("Schewtschuk", "Szewczuk" for
# "Шевчук", English "Shevchuk": "tsch"/"cz" for "ch", "sch"/"sz" for "sh", "ss" for "s").
_SOUNDS = (
    ("schtsch", "shch"),
    ("szcz", "shch"),
    ("tsch", "ch"),
    ("sch", "sh"),
    ("cz", "ch"),
    ("sz", "sh"),
    ("ss", "s"),
    ("kh", "h"),
    ("ch", "h"),
    ("ph", "f"),
    ("th", "t"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
    ("ks", "x"),
)


def transliterate(word: str) -> str:
    """``word`` in lower-case Latin letters: Greek and Cyrillic letters by a table (a
    letter's accents dropped first), Latin ones without diacritics."""
    bare = "".join(
        ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch)
    )
    return fold(bare.replace("ου", "ou").translate(_TRANSLITERATION))


def sound_key(latin: str) -> str:
    """One spelling for letters transliterations render differently (_SOUNDS)."""
    for spelled, sound in _SOUNDS:
        latin = latin.replace(spelled, sound)
    return latin


def same_sound(one: str, other: str) -> bool:
    """Equal sound keys, or close ones when long (FUZZY_SOUND_CHARS, LONG_SOUND_CHARS)."""
    if one == other:
        return True
    shorter = min(len(one), len(other))
    allowed = 2 if shorter >= LONG_SOUND_CHARS else 1 if shorter >= FUZZY_SOUND_CHARS else 0
    return (
        allowed > 0 and abs(len(one) - len(other)) <= allowed and _distance(one, other) <= allowed
    )


def _distance(one: str, other: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        current = [i]
        for j, b in enumerate(other, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


# Another Latin transliteration of a remembered name word, read by its consonants: "Chehade",
# "Schehade", "Šiḥāda" for "Shehadeh" (French, German, scholarly), "Tekesti" for "Tekeste".
# The name word and the word compared have MIN_LOOSE_CHARS letters at least, the key
# MIN_LOOSE_KEY consonants.
MIN_LOOSE_CHARS = 5
MIN_LOOSE_KEY = 3
_LOOSE_SOUNDS = (("sch", "s"), ("sh", "s"), ("ch", "s"), ("kh", "h"), ("ph", "f"), ("th", "t"))
_LOOSE_VOWELS = str.maketrans(dict.fromkeys("aeiouy", ""))


def loose_latin_key(word: str) -> str:
    """The consonants of a Latin name word ("Shehadeh", "Chehade", "Šiḥāda": "shd"): marks
    dropped, one spelling for "sch"/"sh"/"ch" and other digraphs, a closing "h" after a
    vowel dropped, then the vowels; doubled letters once."""
    bare = "".join(
        ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch)
    )
    for spelled, sound in _LOOSE_SOUNDS:
        bare = bare.replace(spelled, sound)
    bare = re.sub(r"(?<=[aeiouy])h$", "", bare)
    return re.sub(r"(.)\1+", r"\1", bare.translate(_LOOSE_VOWELS))


def _other_latin_spelling(word: str) -> bool:
    """A Latin word read as another transliteration of a remembered name when its sound
    key equals the name's ("Schewtschuk" for "Shevchuk", "Szewczuk"): a capitalised word
    and no ordinary one ("Vagen" is no "Wagen")."""
    return word[:1].isupper() and not is_ordinary_word(word)


def _is_latin(word: str) -> bool:
    """True when no letter of ``word`` is Greek or Cyrillic."""
    return not any("\u0370" <= ch <= "\u04ff" or "\u1f00" <= ch <= "\u1fff" for ch in word)


_EDGE_WORD = re.compile(r"[^\W\d_]+")
# Up to three capitalised words opening a text and ending at a clause break or the text's end.
_CONTINUED_NAME = re.compile(
    r"[ \t]*(?P<name>[^\W\d_a-zß-ÿ][^\W\d_]*(?:[ \t]+[^\W\d_a-zß-ÿ][^\W\d_]*){0,2})"
    r"[ \t]*(?:$|[–—,.;:!?(]|-[ \t])"
)


# A code value or handle: words joined by "_" or "." ("lena_winter", "kita-lena.winter").
_CODE_TOKEN = re.compile(r"_|[^\W_]\.[^\W\d_]")


def _name_seam(left: str, right: str) -> bool:
    """Letters on both sides of the seam, one of the two words a known name; neither side a
    code value or handle ("lena_winter" - "unassigned": the values of a schema's list)."""
    if _CODE_TOKEN.search(left.rsplit(None, 1)[-1]) or _CODE_TOKEN.search(right.split(None, 1)[0]):
        return False
    last = _EDGE_WORD.findall(left[-40:])
    first = _EDGE_WORD.match(right)
    if not last or first is None or not left.endswith(last[-1]):
        return False
    return has_known_name(last[-1]) or has_known_name(first.group())


def _split_name(left: str, right: str, *, named: bool) -> bool:
    """Whether the two parts of a name found across a seam are both parts of a name.

    The first is the first text's own name finding (``named``) or a known name; the second
    is a known name, or, after a name, a word that is no function word, common noun or
    listed place ("Fairbanks", not "Tomorrow", "Termin" or "Beirut").
    """
    lexicon = load_lexicon()

    def plain(part: str) -> bool:
        return any(lexicon.is_plain_noun(w.capitalize()) for w in _EDGE_WORD.findall(part))

    def place(part: str) -> bool:
        words = _EDGE_WORD.findall(part)
        return bool(words) and all(w.capitalize() in lexicon.places for w in words)

    if not (named or (has_known_name(left) and not plain(left))):
        return False
    # A place opening the next text is no surname continued ("… geb. Qassab" + "Beirut", an
    # enum of embassies after a name's example).
    return has_known_name(right) or not (plain(right) or place(right))


def _personal_in_code(text: str, finding: Finding) -> bool:
    """Whether a finding in a code name is personal data (a PERSON needs a known name)."""
    return finding.entity_type != "PERSON" or has_known_name(text[finding.start : finding.end])
