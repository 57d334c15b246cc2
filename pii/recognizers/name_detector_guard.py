"""Shapes the statistical name detector (pii/ner) takes for names, vetoed or cut after it.

The CRF sees a capitalised word without context as a name more often than not. These shapes
are ordinary words far more often than names, whatever the detector's weights say:

- a span of function words only (``pii.lexicon.FUNCTION_WORDS``, "never part of a name":
  "Tomorrow", "Hello"), also with a possessive ending ("Tuesday's appointment"), which the
  German model meets in English text;
- a text that is one ordinary word and nothing else: an instruction ("Classify",
  "Translate", "Explain") or a heading, typed as the whole message. Ordinary means in the
  German or English word-frequency lists (``pii.word_frequency``) or a German common noun;
  a rare capitalised word alone is let through, as a form field or a signature line of
  a court decision holds a bare surname ("Mattausch", "Brühler");
- a text that is one short word in capitals and nothing else, unless the word is a listed
  name in any case ("LIHEAP", "WIC", "CSV", a programme or format under a tool argument such
  as ``"program"``): an acronym; a surname in capitals alone is a listed one ("NWOSU") or
  longer than an acronym ("MATTAUSCH");
- a span that runs over a line break is cut there (a name is written on one line; the next
  line is a new field, "Amount: 250 EUR");
- a hyphenated compound whose last part is a German common noun ("Maestro-Karte",
  "Kindergeld-Antrag"): German spells compound nouns that way, double names never end in a
  common noun that is no name ("Obermaier-Stahl": Stahl is a listed surname);
- lower-case function words at either end of a span are cut off ("Draft the" -> "Draft"):
  "the", "and", "und" end no name (particles such as "van der" are no function words here);
- one word followed by a number that closes its cell, line or clause ("Ward 4", "Gate 12"):
  a designation, unless the word is a listed first name;
- a span ending in or followed by the head word of a place, building, institution or work
  named after a person ("Wayne County", "Joe Louis Arena", "Konrad Adenauer Stiftung"): the
  name is part of a proper noun, not a person talked about (``pii.lexicon.NAMESAKE_HEADS``);
- one word opening a sentence that is a common German or English word (Zipf >= 4, from
  ``pii.word_frequency``) and no listed name ("Draft the letter", "Update: ..."): English
  capitalises every sentence's first word, so its capital says nothing; the same for a
  word shaped like an instruction verb ("Summarise", "Extrahiere den Absender");
- lower-case words only, each a common word (Zipf >= 4) and no listed name ("pressed enter
  too early", "calling about"): in chat typed in lower case the detector takes such words
  for names;
- a label naming a person, followed by its colon ("Payer: …", "Mieterin: …"; a key of
  ``pii.structured``): the name is the value after it, which the key recognizer marks.
- ordinary words on a line that holds an office noun and no known name ("Council Tax Team",
  "Bürgerbüro Mitte", "Licensing" before "Support Desk", "Maintenance Service" after
  "Child"): an office signs or is named;
- two frequent words or more, none in a name list of the project or the detector, one in
  no name list at all ("Child Maintenance asked …", "Notice of Appeal"): a service's, a
  document's or a programme's name;
- a capital letter glued to a lower-case letter and dot before it ("e.K.", "e.V."): a legal
  form's abbreviation, no initial;
- a word in capitals of three or four letters, listed as a first name only, opening a
  sentence or line before a lower-case word that is no verb ("IVA annual review"): an
  acronym;
- a whole cell of a pipe table's header row (above its rule line) of ordinary words that are
  no names of the project's lists ("| Child | DOB | School |"): a column's name;
- one frequent German word after a possessive that is no listed first name ("mei Hund",
  "unser Vogel"): the owned animal or thing;
- a word in capitals of three or four letters that is no name of the project's lists ("DTM",
  "IV SGB I") in a text that is not written in capitals: an acronym, alone or as a part of
  the span (the harvested list is no help here, it holds "Dtm"); a surname in capitals on
  a form is longer or listed ("MÜLLER", "KIM"), and a text typed in capitals keeps its
  names;
- one word opening a German sentence shaped like a present participle ("Bezugnehmend auf
  Ihr Schreiben", "Abschließend möchte ich"): eight letters or more ending in "end", a
  lower-case word after it;
- one word opening a German sentence that is a verb's imperative, its object or a particle
  after it ("Mach aus dem Text einen Absatz", "Korrigier den Brief", "korrigier nur die
  kommas"): the stem's infinitive (-en) and third person (-t) are both frequent words, and
  the word is no name of the project's lists (the harvested list holds "Mach"); a subject
  name is followed by its verb ("Kehr hat angerufen");
- a family noun after a possessive opening a span is cut off ("her nan Maureen" ->
  "Maureen", "her nan is asking" -> nothing, "meinen verstorbenen Mann" -> nothing): the
  relation, which the detector reads as a name ("Nan", "Mann");
- one word, no listed name, followed by a dose ("Donepezil 5 mg at night", "Ramipril 2,5
  mg"): a medicine;
- a word of a code token, glued to a "/" (a path segment, "POST /api/permits"; a media
  type, "text/plain"; a protocol, "HTTP/1.1"), that is an ordinary word and no name of the
  project's first-name or surname lists: the detector's harvested list holds such words
  ("Api", "Plain"), but in a path they are the path's words (the same for words joined by
  "_" into an identifier, "HOUSING_REGISTER", "ANNUAL_FEE": an enum value, no name); a
  rare or listed name there ("/home/jana/", "/claims/okafor/") stays a name. Such a word
  at either end of a longer span is cut off ("GET /users/jana HTTP/1.1": "jana", not "jana HTTP").

Apart from a label, a word that is a listed first name or surname (the project's lists or
the detector's harvested list) is never vetoed, and other recognizers (cues, conversation
memory, a question that asked for a name) still find a name of these shapes.
"""

from __future__ import annotations

import re
from functools import cached_property
from itertools import pairwise

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pii.lexicon import OFFICE_HEADS, Lexicon, is_ordinary_word, load_lexicon, names_a_namesake
from pii.lexicon import is_listed_name as is_listed_lexicon_name
from pii.ner.features import Lexicons, capitalised
from pii.ner.model import is_listed_name
from pii.ner.recognizer import NameDetectorRecognizer
from pii.recognizers.ordinary_phrases import (
    capitals_heading,
    noun_after_article,
    paired_ordinary_word,
)
from pii.recognizers.other_script_names import is_other_script_greeting
from pii.recognizers.person import (
    PARTICLES,
    SENTENCE_OPENING_WORDS,
    is_family_noun,
    is_prefixed_surname,
    names_an_office_line,
    opens_sentence_alone,
)
from pii.structured import entity_for_key, is_rule_line
from pii.structured_records import in_gedcom_tag
from pii.word_frequency import is_common, is_known, zipf

# A lone rare capitalised word is let through (chosen on the LER-dev tuning split: recall
# 0.511 -> 0.573, over-redaction unchanged; bench/ner_tune_precision.py --guard); False
# vetoes every unlisted lone word as before.
LONE_RARE_WORDS_ARE_NAMES = True

_SURROUNDING = " \t\r\n.,;:!?\"'()[]{}“”„«»"
# A sentence starts at the text's start or after these (and spaces, quotes, brackets).
_SPAN_WORD = re.compile(r"\S+")
_SENTENCE_END = ".!?:;\n"
_OPENING = " \t\r\"'([“„«-*•"
SENTENCE_WORD_ZIPF = 4.0  # 3.5 ("Refund for …", 3.94) lost a name on GermEval tune
# Acronyms are short ("WIC", "TANF", "LIHEAP"); a longer word in capitals alone is as often
# a surname typed in capitals on a form.
MAX_ACRONYM_LETTERS = 6


def vetoed(text: str, start: int, end: int, lexicon: Lexicon, names: Lexicons) -> bool:
    """True when the detector's span ``text[start:end]`` has one of the ordinary shapes."""
    word = text[start:end]
    if all(_without_possessive(w) in lexicon.function_words for w in word.split()):
        return True
    if is_other_script_greeting(word):
        return True  # "السلام عليكم", "Спасибо" (pii.recognizers.other_script_names)
    if _is_label(text, end, word) or names_a_namesake(text, start, end):
        return True
    if _in_code_token(text, start, end, lexicon) or in_gedcom_tag(text, start, end):
        return True
    if _has_short_acronym(text, word, lexicon):
        return True
    if _office_line(text, start, end, lexicon):
        return True
    if _common_words_only(word, lexicon, names) or _legal_form_letter(text, start, word):
        return True
    if _acronym_heading(text, start, end, word, lexicon):
        return True
    if _header_cell(text, start, end, lexicon):
        return True
    if capitals_heading(word, lexicon):
        return True  # "LIMITED POWER OF ATTORNEY" (pii.recognizers.ordinary_phrases)
    if all(_lower_common_word(w, lexicon) for w in word.split()):
        return True
    if any(c.isspace() for c in word):
        return False
    if _opens_with_participle(text, start, end, word):
        return True
    if _bracketed_abbreviation(text, start, end, word, names):
        return True
    if word in SENTENCE_OPENING_WORDS and opens_sentence_alone(text, start, end):
        return True  # "Nur in dem Moment", "Per post is fine": the adverb, not the name
    if _designation(text, end) and capitalised(word) not in lexicon.first_names:
        return True
    if _owned_noun(text, start, word, lexicon):
        return True
    if noun_after_article(text, start, end) or paired_ordinary_word(text, start, end, lexicon):
        return True  # "the Bill is due", "frank und frei" (pii.recognizers.ordinary_phrases)
    if _opens_with_imperative(text, start, end, word, lexicon):
        return True
    parts = word.split("-")
    if all(is_listed_name(p, names) or is_prefixed_surname(p) for p in parts):
        return False
    if _DOSE_AFTER.match(text, end) is not None:
        return True  # "Donepezil 5 mg at night": a medicine
    if len(parts) > 1 and lexicon.is_plain_noun(parts[-1]):
        return True
    if text.strip(_SURROUNDING) == word:
        return _acronym(word, names) or _ordinary(word, lexicon) or _verb_shaped(word)
    return (
        _opens_sentence(text, start)
        and not is_listed_name(word.capitalize(), names)  # typed in lower case: "alex …"
        and (is_common(word, SENTENCE_WORD_ZIPF) or _verb_shaped(word))
    )


_POSSESSIVE_ENDING = re.compile(r"['’]s?$")


def _without_possessive(word: str) -> str:
    """``word`` without an English possessive ending ("Tuesday's" -> "Tuesday")."""
    return _POSSESSIVE_ENDING.sub("", word)


# The rest of a line that is a name or title: up to three capitalised words, then its end.
_REST_OF_TITLE_LINE = re.compile(r"((?:[ \t]+[A-ZÄÖÜ][\w\-]*){0,3})[ \t]*(?:\n|$)")
_LINE_OPENING = re.compile(r"(?:^|\n)[ \t]*$")
# The start of a line up to a span: up to three capitalised words before it, joined by
# "and" or "of" too ("Disclosure and Barring Service").
_TITLE_LINE_HEAD = re.compile(
    r"(?:^|(?<=\n))[ \t]*((?:(?:[A-ZÄÖÜ][\w\-]*|and|of|for|und|für)[ \t]+){0,4})$"
)


def _office_line(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """A line of its own, of capitalised ordinary words, that names an office ("Council Tax
    Team", "Licensing" before "Support Desk", "Maintenance Service" after "Child"); see
    ``pii.lexicon.OFFICE_HEADS``. Prose after a name ("Frau Jing LEE wegen der Wohnung")
    is no such line."""
    rest = _REST_OF_TITLE_LINE.match(text, end)
    head = _TITLE_LINE_HEAD.search(text, max(0, start - 80), start)
    if rest is None or head is None:
        return False
    span = head.group(1).split() + text[start:end].split()
    ordinary = all(is_ordinary_word(w, lexicon) or w in OFFICE_HEADS for w in span)
    return ordinary and names_an_office_line(span + rest.group(1).split(), lexicon)


# Lower-case words joining the words of a title ("Notice of Seizure", "Disclosure and
# Barring Service").
_TITLE_JOINERS = frozenset("of and for the und für der des".split())
# A word this frequent in English or German is an ordinary word ("Child", "Maintenance").
COMMON_WORD_ZIPF = 4.0
# A letter is no word of a title ("Mike B" spelling a name).
MIN_TITLE_WORD_LETTERS = 3


def _common_words_only(span: str, lexicon: Lexicon, names: Lexicons) -> bool:
    """Two capitalised words or more, each a frequent English or German word of three
    letters or more and none a first name or surname of the project's or the detector's
    lists, one of them in no name list at all, the detector's harvested one included
    ("Child Maintenance asked …", "Notice of Seizure"): the name of a service, a document
    or a programme; the lists hold the names made of such words ("Rose Baker", "Will
    Power"), the harvested one those of nicknames and rarer names ("Joy Bird"); a letter
    is no word ("G for Golf K for Kilo": the spelled name)."""
    words = [w for w in span.split() if w not in _TITLE_JOINERS]
    return (
        len(span.split()) >= 2
        and len(words) >= 2
        and all(
            w[:1].isupper()
            and w.isalpha()
            and len(w) >= MIN_TITLE_WORD_LETTERS
            and is_common(w, COMMON_WORD_ZIPF)
            and not is_listed_lexicon_name(w, lexicon)
            and w not in names.first_names
            and w not in names.surnames
            for w in words
        )
        and not all(is_listed_name(w, names) for w in words)
    )


# A lower-case letter and its dot glued before: "e.K.", "e.V.", "i.A." are abbreviations.
_ABBREVIATION_BEFORE = re.compile(r"(?<![\w.])[a-zäöü]\.$")


def _legal_form_letter(text: str, start: int, word: str) -> bool:
    """A capital letter (with its dot) glued to a lower-case letter and dot before it: the end
    of a legal form or an abbreviation ("Kaffeerösterei e.K.", "Förderverein e.V."), not an
    initial (an initial follows a space or another capital's dot: "J.K. Rowling")."""
    return (
        re.fullmatch(r"[A-ZÄÖÜ]\.?", word) is not None
        and _ABBREVIATION_BEFORE.search(text, max(0, start - 3), start) is not None
    )


def _acronym_heading(text: str, start: int, end: int, word: str, lexicon: Lexicon) -> bool:
    """A word in capitals of three or four letters that is listed as a first name only,
    opening a sentence or line and followed by a lower-case word that is no verb's form, in
    a text not written in capitals ("IVA annual review", "Re: EVA rollout"): an acronym
    naming a thing; a name in capitals on a form is a surname ("LEE said"), written beside
    the given name, and a person's name is followed by its verb ("KIM called", "TOM says",
    "EVA hat angerufen")."""
    low, high = RUNNING_ACRONYM_LETTERS
    if not (word.isalpha() and word.isupper() and low <= len(word) <= high):
        return False
    if capitalised(word) in lexicon.surnames or not any(c.islower() for c in text):
        return False
    following = _LOWER_WORD_AFTER.match(text, end)
    if following is None or not _opens_sentence(text, start):
        return False
    after = following.group(1)
    return after not in _AUXILIARIES and not after.endswith(("ed", "s"))


_LOWER_WORD_AFTER = re.compile(r"[ \t]+([a-zäöüß]+)\b")
# Verbs a name in capitals is followed by that end in neither "-ed" nor "-s".
_AUXILIARIES = frozenset(
    """
    is was has had will would can could did does may might must should shall rang said told
    wrote sent paid got went came left ist war hat hatte wird kann will muss soll darf kommt
    kam ruft rief sagt sagte schreibt schrieb zahlt zahlte geht ging
    """.split()
)


# German possessives, with the dialect forms ("mei Hund", "dei Auto", "sei Katz").
_POSSESSIVE_BEFORE = re.compile(
    r"(?<!\w)(?i:(?:mein|dein|sein|unser|eur|euer)(?:e|en|em|er|es)?|mei|dei|sei|meim)[ \t]+$"
)
MIN_OWNED_NOUN_ZIPF = 3.0


def _owned_noun(text: str, start: int, word: str, lexicon: Lexicon) -> bool:
    """A frequent German word after a possessive that is no listed first name ("mei Hund is
    vom Hof weg", "unser Vogel"): the owned thing or animal; a surname in the lists ("Hund",
    "Vogel") is not named so, a first name may be ("mein Xaver")."""
    return (
        _POSSESSIVE_BEFORE.search(text, max(0, start - 10), start) is not None
        and capitalised(word) not in lexicon.first_names
        and zipf(word, "de") >= MIN_OWNED_NOUN_ZIPF
    )


# German articles, with the Bavarian ones ("da Hund", "de Katz").
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(?i:der|die|das|den|dem|des|da|de)[ \t]+$")
MAX_ENGLISH_ZIPF_OF_GERMAN_NOUN = 2.0


def _german_noun_after_article(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """In a text read as English (dialect German is often taken for it: "da Hund hoaßt
    Bello"), one frequent German word no English text uses, after a German article, that is
    no listed first name: the English model takes each capitalised German noun for a name."""
    word = text[start:end]
    return (
        word.isalpha()
        and _ARTICLE_BEFORE.search(text, max(0, start - 6), start) is not None
        and capitalised(word) not in lexicon.first_names
        and zipf(word, "de") >= MIN_OWNED_NOUN_ZIPF
        and zipf(word, "en") < MAX_ENGLISH_ZIPF_OF_GERMAN_NOUN
    )


_CELL_EDGE = frozenset("|│")


def _header_cell(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """A whole cell of a pipe table's header row (the line above its rule line: "| Child |
    DOB |") made of ordinary words that are no names of the project's lists (the detector's
    harvested list holds "Child"): the header names a column. The same for a tab-separated
    header row (_tab_header_cell)."""
    line_end = text.find("\n", end)
    if line_end == -1:
        return False
    if _tab_header_cell(text, start, end, line_end, lexicon):
        return True
    next_end = text.find("\n", line_end + 1)
    if not is_rule_line(text[line_end + 1 : None if next_end == -1 else next_end]):
        return False
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip(" \t")
    after = text[end:line_end].lstrip(" \t")
    if not (before[-1:] in _CELL_EDGE and after[:1] in _CELL_EDGE):
        return False
    return all(
        is_ordinary_word(w, lexicon) and not is_listed_lexicon_name(w, lexicon)
        for w in text[start:end].split()
    )


def _tab_header_cell(text: str, start: int, end: int, line_end: int, lexicon: Lexicon) -> bool:
    """Whole cells of a tab-separated row whose cells are personal keys or ordinary words
    that are no listed names, one a key at least ("Surname\tForename\tPostcode\tPhone"),
    above a row with as many cells: the columns' names."""
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start:line_end]
    if "\t" not in line or text[start - 1 : start] not in ("", "\t", "\n"):
        return False
    if text[end : end + 1] not in ("\t", "\n", "\r"):
        return False
    next_end = text.find("\n", line_end + 1)
    row = text[line_end + 1 : None if next_end == -1 else next_end]
    cells = [cell.strip() for cell in line.rstrip("\r").split("\t")]
    keys = [entity_for_key(cell) is not None for cell in cells]
    return (
        row.count("\t") == line.count("\t")
        and any(keys)
        and all(
            key or (is_ordinary_word(cell, lexicon) and not is_listed_lexicon_name(cell, lexicon))
            for cell, key in zip(cells, keys, strict=True)
        )
    )


# Verb endings of instructions typed at the start of a prompt ("Summarise", "Anonymise",
# "Extrahiere den Absender", "Umformulieren", "Itemize"): rare as words, so the frequency
# rule above misses them, and no name that is not listed ends like this.
_VERB_ENDINGS = ("ise", "ize", "ify", "iere", "ieren")


def _verb_shaped(word: str) -> bool:
    return len(word) > 5 and word.lower().endswith(_VERB_ENDINGS)


# A possessive before a family noun ("her nan", "my Gran", "meine Oma").
# Up to two adjectives may follow it: an inflected German one ("meinen verstorbenen Mann")
# or an English one of _KIN_ADJECTIVES ("my late husband").
_KIN_ADJECTIVES = "late|dear|former|ex|eldest|oldest|youngest|older|younger|little|big"
_POSSESSIVE_BEFORE_KIN = re.compile(
    r"(?<![\w'’-])(?i:my|her|his|our|your|their|mein(?:e|en|em|er)?|unser(?:e|en|em|er)?"
    r"|ihr(?:e|en|em|er)?|sein(?:e|en|em|er)?|dein(?:e|en|em|er)?)"
    rf"(?:[ \t]+(?:[a-zäöüß]{{3,}}(?:e|en|em|er|es)|{_KIN_ADJECTIVES})){{0,2}}[ \t]+$"
)
# "Mann" and "Frau" name the spouse after a possessive ("meine Frau"), no family noun alone
# (a surname, a title).
_SPOUSE_NOUNS = frozenset({"mann", "frau"})
# A dose after a word: a number and a unit of strength or amount ("5 mg", "2,5 mg", "100
# Mikrogramm", "10 IE", "2 puffs").
_DOSE_AFTER = re.compile(
    r"[ \t]+\d+(?:[.,]\d+)?[ \t]?(?:mg|mcg|µg|ug|g|ml|mL|IE|IU|mmol|Mikrogramm|Milligramm"
    r"|units?|Einheiten|puffs?|Hübe|Hub|tablets?|Tabletten?)(?![\w])"
)
_LABEL_COLON = re.compile(r"[ \t]*:")
# A number closing a cell, a line or a clause right after the word: "Ward 4", "Gate 12",
# "Zimmer 3b," name a place or a thing ("3 Kinder" goes on, so "Lehmann 3 Kinder" is no
# designation).
_DESIGNATION_NUMBER = re.compile(r"[ \t]+\d{1,4}[a-z]?[ \t]*(?:$|[,;.)\n\t])")


def _designation(text: str, end: int) -> bool:
    """True when the span is followed by a number that ends its cell or clause."""
    return _DESIGNATION_NUMBER.match(text, end) is not None


_CODE_PART = re.compile(r"[^\W\d_]+")


def _in_code_token(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """True for an ordinary, unlisted word glued to a "/" ("api" in "/api/permits"), or
    words of an identifier joined by "_" ("HOUSING_REGISTER", an enum value or constant)."""
    word = text[start:end]
    glue = ("/", "_")
    glued = text[start - 1 : start] in glue or text[end : end + 1] in glue or "_" in word
    if not glued or any(c.isspace() for c in word):
        return False
    parts = _CODE_PART.findall(word)
    return bool(parts) and all(
        is_ordinary_word(p, lexicon) and not is_listed_lexicon_name(p, lexicon) for p in parts
    )


def _is_label(text: str, end: int, word: str) -> bool:
    """True when ``word`` is a key naming personal data, followed by its colon ("Payer:";
    "Payer" is a listed surname too), or, colon or not, a key naming a value other than a
    name that is no name of the project's first-name or surname lists ("dob 5/9/77", "tel
    0171 …"; the detector's harvested list holds "Dob"): the label of the value after it,
    abbreviated or not, as "geb." is."""
    entity = entity_for_key(word)
    if entity is None:
        return False
    if _LABEL_COLON.match(text, end) is not None:
        return True
    return entity != "PERSON" and " " not in word and not is_listed_lexicon_name(word)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENING)
    return not before or before[-1] in _SENTENCE_END


def _acronym(word: str, names: Lexicons) -> bool:
    """A short word in capitals that is no listed name in any case ("LIHEAP", not "NWOSU")."""
    letters = [c for c in word if c.isalpha()]
    return (
        len(letters) == len(word.replace("-", ""))
        and 2 <= len(letters) <= MAX_ACRONYM_LETTERS
        and word.isupper()
        and not any(is_listed_name(p.capitalize(), names) for p in word.split("-") if p)
    )


# In running text a word in capitals this short is an acronym ("DTM", "SGB"); roman numerals
# are left to the rest of the span ("Ludwig XIV"), two letters are too often a surname
# ("NG", "WU").
RUNNING_ACRONYM_LETTERS = (3, 4)
_ROMAN = re.compile(r"[IVXLCDM]+")


def _has_short_acronym(text: str, span: str, lexicon: Lexicon) -> bool:
    """True when a word of ``span`` is a short unlisted acronym and ``text`` is not in capitals."""
    low, high = RUNNING_ACRONYM_LETTERS
    return any(c.islower() for c in text) and any(
        word.isalpha()
        and word.isupper()
        and low <= len(word) <= high
        and _ROMAN.fullmatch(word) is None
        and not is_listed_lexicon_name(word, lexicon)
        for word in span.split()
    )


# "the municipal letter (Wmo)", "nach dem Gesetz (BtG)": a short word alone in brackets right
# after a lower-case word, opening with two consonants no name opens with, abbreviates what
# it follows; a name in brackets there is listed ("my son (Leo)") or speakable ("(Jyn)").
MAX_BRACKETED_ABBREVIATION_LETTERS = 4


def _bracketed_abbreviation(text: str, start: int, end: int, word: str, names: Lexicons) -> bool:
    return (
        word.isalpha()
        and 2 <= len(word) <= MAX_BRACKETED_ABBREVIATION_LETTERS
        and text[end : end + 1] == ")"
        and text[max(0, start - 1) : start] == "("
        and text[:start - 1].rstrip(" \t")[-1:].islower()
        and not is_listed_name(word.capitalize(), names)
        and not is_listed_name(word, names)
        and _unspoken_onset(word)
    )


# Two consonants that open names and words ("Bryn", "Chen", "Stig"); an abbreviation opens
# with any two ("Wmo", "Kfz", "Bgb").
_NAME_ONSETS = frozenset(
    "bh bl br ch cl cr dh dj dr dw dz fl fr gh gl gn gr gw jh kh kl kn kr kw ph pl pr ps rh sc"
    " sh sk sl sm sn sp st sv sw sz th tj tr ts tw tz vl vr wh wr zh zw".split()
)
_VOWELS = frozenset("aeiouyäöüáéíóúàèìòùâêîôûåæø")


def _unspoken_onset(word: str) -> bool:
    """True when the word opens with two consonants that open no name ("Wmo", "Kfz")."""
    head = word[:2].lower()
    return (
        len(head) == 2
        and not any(c in _VOWELS for c in head)
        and head not in _NAME_ONSETS
    )


_PARTICIPLE = re.compile(r"[A-ZÄÖÜ][a-zäöüß]{4,}end")
_LOWER_WORD_NEXT = re.compile(r"[ \t]+[a-zäöüß]")


def _opens_with_participle(text: str, start: int, end: int, word: str) -> bool:
    """True for "Bezugnehmend auf …": a German present participle opening a sentence."""
    return (
        _PARTICIPLE.fullmatch(word) is not None
        and _opens_sentence(text, start)
        and _LOWER_WORD_NEXT.match(text, end) is not None
    )


# What follows a German imperative opening an instruction: an article, a demonstrative or
# possessive, a pronoun as its object, "bitte"/"mal", or "aus"/"daraus" ("Mach aus dem Text
# einen Absatz"). A subject name is followed by its verb ("Kehr hat angerufen").
_IMPERATIVE_OBJECT_NEXT = re.compile(
    r"[ \t]+(?:d(?:er|ie|as|en|em|es)|ein(?:e|en|em|er|es)?|dies(?:e|en|em|er|es)"
    r"|(?:mein|dein|sein|ihr|unser|euer|eur)(?:e|en|em|er|es)?|mir|mich|dir|dich|uns|euch|ihm"
    r"|ihn|ihnen|es|bitte|mal|aus|daraus|davon|alle|alles"
    # a particle before the object ("korrigier nur die Kommas", "Fass kurz zusammen")
    r"|nur|noch|nochmal|nochmals|kurz|einfach|schnell|gleich|auch|jetzt)(?![\w-])"
)
# A German verb's stem: with -en its infinitive, with -t its third person ("mach": "machen",
# "macht"; "sortier": "sortieren", "sortiert"), both at least this frequent. Adjectives
# that are surnames fail the -t form ("Klein": "kleinen", no "kleint").
MIN_VERB_FORM_ZIPF = 3.5


def _opens_with_imperative(text: str, start: int, end: int, word: str, lexicon: Lexicon) -> bool:
    """True for "Mach aus dem Text …", "Korrigier den Absatz": a German verb's imperative
    opening a sentence, an object after it, that is no first name or surname of the
    project's lists ("Koch den Reis" stays a name's shape: Koch is a listed surname)."""
    stem = word.lower().removesuffix("e") if word.endswith("e") else word.lower()
    return (
        word.isalpha()
        and _opens_sentence(text, start)
        and _IMPERATIVE_OBJECT_NEXT.match(text, end) is not None
        and not is_listed_lexicon_name(word, lexicon)
        and zipf(stem + "en", "de") >= MIN_VERB_FORM_ZIPF
        and zipf(stem + "t", "de") >= MIN_VERB_FORM_ZIPF
    )


def _lower_common_word(word: str, lexicon: Lexicon) -> bool:
    """A lower-case word that is a common word and no name of the project's lists ("pressed
    enter too early"): the detector's lower-case reading takes such words for names in chat
    text. The harvested list is no help here, it holds words such as "Too"."""
    return (
        word.isalpha()
        and word.islower()
        and is_common(word, SENTENCE_WORD_ZIPF)
        and not is_listed_lexicon_name(word, lexicon)
    )


def _ordinary(word: str, lexicon: Lexicon) -> bool:
    """A word of the frequency lists, a German common noun, or not capitalised."""
    if not LONE_RARE_WORDS_ARE_NAMES:
        return True
    return not word[:1].isupper() or is_known(word) or lexicon.is_plain_noun(capitalised(word))


class GuardedNameDetector(NameDetectorRecognizer):
    """The name detector with the vetoes of this module's docstring."""

    @cached_property
    def _lexicons(self) -> tuple[Lexicon, Lexicons]:
        # The model's own word lists: building them again would read the name lists and
        # the cluster table a second time per process.
        return load_lexicon(), self._model.featurizer.lexicons

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """The detector's PERSON results without the vetoed ones."""
        lexicon, names = self._lexicons
        results = []
        for result in super().analyze(text, entities, nlp_artifacts):
            _first_line(text, result)
            _trim_function_words(text, result, lexicon)
            _trim_leading_rank(text, result, names)
            _trim_family_noun(text, result)
            _trim_code_words(text, result, lexicon)
            _cut_at_prose(text, result, names)
            _cut_uncased_at_function_word(text, result, lexicon)
            _cut_at_lower_word(text, result, lexicon)
            _extend_over_rare_surname(text, result, lexicon)
            if result.end <= result.start or vetoed(text, result.start, result.end, lexicon, names):
                continue
            if self.supported_language == "en" and _german_noun_after_article(
                text, result.start, result.end, lexicon
            ):
                continue
            results.append(result)
        return results


# A capitalised word after a one-word span, closing its phrase ("Obiageli Nwachukwu, 12
# Fernbank Road"): read as the name's surname when it is no word of the frequency lists.
_NEXT_CLOSING_WORD = re.compile(
    r"[ \t](?P<word>[^\W\d_][^\W\d_'’\-]{3,})(?=[ \t]*(?:[,.;:!?)\n]|$))"
)

# One word, its parts joined by a hyphen or an apostrophe too ("Seung-hwa", "D'Arcy").
_ONE_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _extend_over_rare_surname(text: str, result: RecognizerResult, lexicon: Lexicon) -> None:
    """Extends a one-word span (a hyphenated one too: "Seung-hwa") over the rare capitalised
    word right after it that closes the phrase: the detector (the German one in short
    English lines above all) may stop before a surname it has never seen ("Obiageli" of
    "Match: Obiageli Nwachukwu, …"). A word of the frequency lists or the noun lexicon is
    left out ("Anna Road,")."""
    if result.end <= result.start or not _ONE_WORD.fullmatch(text[result.start : result.end]):
        return
    following = _NEXT_CLOSING_WORD.match(text, result.end)
    if following is None:
        return
    word = following.group("word")
    if not word[0].isupper() or word.isupper() or is_known(word) or is_ordinary_word(word, lexicon):
        return
    result.end = following.end("word")


def _first_line(text: str, result: RecognizerResult) -> None:
    """Cuts a span at its first line break: a name does not go on in the next line
    ("tran minh duc" + "\nAmount: 250 EUR", a ``Key: value`` line after it)."""
    cut = text.find("\n", result.start, result.end)
    if cut != -1:
        result.end = len(text[result.start : cut].rstrip()) + result.start


def _cut_at_lower_word(text: str, result: RecognizerResult, lexicon: Lexicon) -> None:
    """Ends a span before a lower-case function word inside it that is no particle: a name
    holds none ("Beate vom Mieterverein" -> "Beate"; "Ursula von der Leyen" stays whole,
    and so does a name typed in lower case, "anna schmidt")."""
    words = list(_SPAN_WORD.finditer(text, result.start, result.end))
    for previous, word in pairwise(words):
        form = word.group()
        if (
            form.islower()
            and form.capitalize() in lexicon.function_words
            and form not in PARTICLES
            and form not in _JOINING_WORDS
        ):
            result.end = previous.end()
            return


# "Karl-Theodor zu Guttenberg" has a particle; "und" joins two of them ("von und zu").
_JOINING_WORDS = frozenset({"und"})


def _trim_function_words(text: str, result: RecognizerResult, lexicon: Lexicon) -> None:
    """Cuts function words off both ends of a span: lower-case ones ("the", "und") and
    capitalised salutations and titles ("Dear Mr", "Sehr geehrte Frau"), which open a
    name but are none of it; particles stay ("Von der Leyen")."""
    words = list(_SPAN_WORD.finditer(text, result.start, result.end))
    while words and _function_word(words[-1].group(), lexicon):
        words.pop()
    while words and _function_word(words[0].group(), lexicon):
        words.pop(0)
    if not words:
        result.end = result.start
        return
    result.start, result.end = words[0].start(), words[-1].end()


# Ranks, offices and religious titles written before a name ("Mayor Holly Bird", "Sergeant
# Ana Lima", "Professor Okafor"): the detector takes them into the span, but they are no
# part of the name, and a placeholder for "Mayor X" would differ from the one for "X". No
# word here is a common first name ("Dean", "Justice" stay out).
_LEADING_RANKS = frozenset(
    """
    Mayor Professor Doctor Sergeant Sgt Captain Capt Inspector Insp Constable Detective
    Officer Councillor Cllr Judge Reverend Rev Revd Father Sister Brother Nurse Matron Dame
    Lord Lady President Senator Governor Minister Chancellor Principal Headteacher Chief
    Colonel Col General Gen Major Lieutenant Lt Corporal Cpl Admiral Commander Deputy
    Bishop Archbishop Pastor Imam Rabbi Canon
    Bürgermeister Bürgermeisterin Professorin Doktor Pfarrer Pfarrerin Richter Richterin
    Kommissar Kommissarin Pater
    """.split()
)


def _trim_leading_rank(text: str, result: RecognizerResult, names: Lexicons) -> None:
    """Cuts ranks and titles (``_LEADING_RANKS``) off the start of a span when a name-like
    word follows them: a listed name or a word that is no frequent one ("Mayor Holly Bird"
    -> "Holly Bird"; "General Elections" and "Major" alone stay for the vetoes)."""
    words = list(_SPAN_WORD.finditer(text, result.start, result.end))
    while (
        len(words) > 1
        and words[0].group().rstrip(".") in _LEADING_RANKS
        and (
            is_listed_name(capitalised(words[1].group()), names)
            or not is_common(words[1].group(), SENTENCE_WORD_ZIPF)
        )
    ):
        words.pop(0)
    if words:
        result.start = words[0].start()


def _trim_family_noun(text: str, result: RecognizerResult) -> None:
    """Cuts a family noun after a possessive off the start of a span ("her nan Maureen" ->
    "Maureen", "her nan is asking" -> nothing, "meinen verstorbenen Mann Detlef" ->
    "Detlef"): the relation, which the detector reads as a name ("Nan", "Mann"); an
    adjective may stand between ("my late husband", "meiner geschiedenen Frau")."""
    first = _SPAN_WORD.match(text, result.start)
    if first is None or first.end() > result.end:
        return
    noun = first.group()
    if not (is_family_noun(noun) or noun.lower() in _SPOUSE_NOUNS):
        return
    if _POSSESSIVE_BEFORE_KIN.search(text, max(0, result.start - 48), result.start) is None:
        return
    following = _SPAN_WORD.search(text, first.end(), result.end)
    result.start = following.start() if following is not None else result.end


def _trim_code_words(text: str, result: RecognizerResult, lexicon: Lexicon) -> None:
    """Cuts a code token's word off either end of a span ("HTTP" in "jana HTTP/1.1"): an
    ordinary, unlisted word glued to a "/" on its outer side (``_in_code_token``)."""
    words = list(_SPAN_WORD.finditer(text, result.start, result.end))
    while len(words) > 1 and _in_code_token(text, words[-1].start(), words[-1].end(), lexicon):
        words.pop()
    while len(words) > 1 and _in_code_token(text, words[0].start(), words[0].end(), lexicon):
        words.pop(0)
    if words:
        result.start, result.end = words[0].start(), words[-1].end()


# Salutations and titles before a name; a month or a pronoun among the function words may be
# a first name ("April Day", "May Chen"), these never are.
_SALUTATIONS = frozenset(
    """
    Dear Hello Hi Mr Mrs Ms Miss Mx Dr Prof Sir Madam Liebe Lieber Hallo Sehr Geehrte
    Geehrter Herr Herrn Frau Familie Lg Vg Mfg Lgs
    """.split()
)


def _function_word(word: str, lexicon: Lexicon) -> bool:
    if word.islower():
        if word in PARTICLES:
            return False
        # "will", "nur", "per" in lower case are the auxiliary or adverb ("will retry later")
        capital = word.capitalize()
        return (
            capital in lexicon.function_words
            or capital in _SALUTATIONS
            or capital in SENTENCE_OPENING_WORDS
        )
    return word.rstrip(".,") in _SALUTATIONS


# Lower-case common words a name may hold once ("Catherine of Aragon", "Edward the
# Confessor"); two of them make the span a sentence ("Fix the grammar in this letter").
MAX_PROSE_WORDS_IN_NAME = 1


def _cut_at_prose(text: str, result: RecognizerResult, names: Lexicons) -> None:
    """Cuts a span holding MAX_PROSE_WORDS_IN_NAME + 1 or more lower-case common words
    (no particle, no listed name) before the first of them: the detector ran on through a
    sentence. Only in a text written with capitals, where a name is capitalised. One
    unlisted word left at a sentence's start is that sentence's first word ("Rewrite the
    opening of this letter"), dropped too."""
    if not any(c.isupper() for c in text):
        return
    words = list(_SPAN_WORD.finditer(text, result.start, result.end))
    prose = [
        i
        for i, match in enumerate(words)
        if (word := match.group().strip(_SURROUNDING)).islower()
        and word not in PARTICLES
        and word in names.common
        and not is_listed_name(capitalised(word), names)
    ]
    if len(prose) <= MAX_PROSE_WORDS_IN_NAME:
        return
    kept = words[: prose[0]]
    if not kept or (
        len(kept) == 1
        and _opens_sentence(text, result.start)
        and not is_listed_name(capitalised(kept[0].group().strip(_SURROUNDING)), names)
    ):
        result.end = result.start
        return
    last = kept[-1]
    result.end = last.start() + len(last.group().rstrip(_SURROUNDING))



def _cut_uncased_at_function_word(text: str, result: RecognizerResult, lexicon: Lexicon) -> None:
    """In a text without capitals, ends a span before a function word after its first word:
    the detector runs on from a name into the chat around it ("danke matthias du bist
    spitze" -> "matthias"). A particle ends it only when no name-like word follows it (the
    end of the span, a function word or a common word: "du bist"); "jean du pont" stays.
    Common words that are no function words stay: in lower case a surname is often one
    ("elton brand", "grant hill")."""
    if any(c.isupper() for c in text):
        return
    matches = list(_SPAN_WORD.finditer(text, result.start, result.end))
    words = [match.group().strip(_SURROUNDING) for match in matches]
    starts = [match.start() for match in matches]
    for i in range(1, len(words)):
        word = words[i]
        if word.capitalize() not in lexicon.function_words:
            continue
        if word in PARTICLES:
            following = words[i + 1] if i + 1 < len(words) else ""
            if following and not (
                following.capitalize() in lexicon.function_words
                or is_common(following, SENTENCE_WORD_ZIPF)
            ):
                continue
        result.end = starts[i - 1] + len(text[starts[i - 1] : starts[i]].rstrip(_SURROUNDING))
        return
