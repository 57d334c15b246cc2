"""Names coordinated with a name already found ("Beaumont, Sherzad and Ostrowski", "Femi
Bello and Burkhard Dierksen", "Müller, Osei und Brandt").

Words joined to a person's name by a comma, "and", "or", "&" (German "und", "oder",
"sowie") name the same kind of thing: a list of people. A run of capitalised words there is
a name too when it has as many words as the name beside it (a place list beside a mistaken
"Helena Valley" rarely matches in shape: "Boya, Greenmount") and every word of it is a name
word: a listed first name or surname that is no very frequent word (``MAX_LISTED_ZIPF``),
or a word that is rare in German and English (Zipf < ``MAX_WORD_ZIPF``); never a function
word or a place (unless a listed first name), nor a German common noun in German text
unless listed as a name. The
new finding takes the lower of its neighbour's score and ``COORDINATED_SCORE``. Only the
names found by the recognizers are neighbours (no chains along a list: a place mistaken for
a name would take the whole list of places with it). A comma joins list items only in a list
closed by a conjunction ("A, B and C"; "Crucea, Constanța" is a place and its region); a
number after the words makes them a designation ("Frau Doski, Zimmer 3.112").

Cheap: one anchored match after and one short backward search before each PERSON finding.
"""

from __future__ import annotations

import regex as re

from pii.lexicon import Lexicon, load_lexicon
from pii.word_frequency import is_common, zipf

MAX_WORD_ZIPF = 3.5
# A listed name this frequent as a word is the word in a list ("May", "Long", "Will").
MAX_LISTED_ZIPF = 5.0
COORDINATED_SCORE = 0.6
_WINDOW = 80

_NAME_WORD = r"\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*"
_INITIAL = r"\p{Lu}\."
_PARTICLE = r"(?:van|von|de|der|den|da|di|del|du|la|le|el|al|bin|ben|ibn)"
_RUN = rf"{_NAME_WORD}(?:[ ](?:{_INITIAL}[ ])*(?:{_PARTICLE}[ ])*{_NAME_WORD}){{0,2}}"
_JOINER = (
    r"(?:[ \t]*[,;][ \t]*(?:(?:and|or|und|oder|sowie)[ \t]+)?"
    r"|[ \t]+(?:and|or|und|oder|sowie|&)[ \t]+)"
)
_JOINER_ONLY = re.compile(_JOINER)
_JOINER_END = re.compile(rf"(?r){_JOINER}\Z")
_CONJUNCTION = re.compile(r"(?:and|or|und|oder|sowie|&)[ \t]")
_AFTER = re.compile(rf"(?P<joiner>{_JOINER})(?P<run>{_RUN})(?![\w'’-]|[ ]\p{{Lu}}|[ \t]*\d)")
# searched backwards ("(?r)"): the match ends at the name, so the search starts there
_BEFORE = re.compile(rf"(?r)(?<![\w'’.-])(?P<run>{_RUN})(?P<joiner>{_JOINER})\Z")
# A list joined by commas closes with a conjunction ("A, B and C"); without one it is a
# place and its region ("Crucea, Constanța"), a publisher after an author, a table row.
_LIST_CLOSE = re.compile(
    rf"(?:[ \t]*[,;][ \t]*{_RUN})*[ \t]*,?[ \t]*(?:and|or|und|oder|sowie|&)[ \t]+\p{{Lu}}"
)
_WORDS = re.compile(_NAME_WORD)


def _name_words(value: str) -> list[str]:
    words: list[str] = _WORDS.findall(value)
    return words


def _name_word(word: str, lexicon: Lexicon, nouns: bool) -> bool:
    if word in lexicon.places or word in lexicon.function_words:
        return word in lexicon.first_names  # "Florence", not "Berlin" (a surname too)
    listed = word in lexicon.first_names or word in lexicon.surnames
    if listed or (nouns and word in lexicon.nouns):
        return listed and not is_common(word, MAX_LISTED_ZIPF)
    return all(
        zipf(part, "en") < MAX_WORD_ZIPF and zipf(part, "de") < MAX_WORD_ZIPF
        for part in word.split("-")
    )


def _accepted(run: str, anchor: str, lexicon: Lexicon, nouns: bool) -> bool:
    words = _name_words(run)
    return len(words) == len(_name_words(anchor)) and all(
        _name_word(w, lexicon, nouns) for w in words
    )


_DIGIT_AFTER = re.compile(r"[ \t]*\d")


def _listed(text: str, joiner: str, end: int) -> bool:
    """True when ``joiner`` holds a conjunction, or the list it joins closes with one
    after ``end`` (the later of the two items)."""
    return _CONJUNCTION.search(joiner) is not None or _LIST_CLOSE.match(text, end) is not None


def coordinated_names(
    text: str,
    persons: list[tuple[int, int, float]],
    taken: list[tuple[int, int]],
    language: str,
) -> list[tuple[int, int, float]]:
    """New (start, end, score) names coordinated with ``persons`` (PERSON findings as
    (start, end, score)); none overlaps ``taken`` (every finding's range) or another.
    German common nouns are no name words in German text only (English text capitalises
    no nouns: "Bello" is a surname there)."""
    if not persons:
        return []
    lexicon = load_lexicon()
    occupied = list(taken)
    found: list[tuple[int, int, float]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in occupied)

    for start, end, score in persons:
        anchor = text[start:end]
        candidates = []
        # cheap triggers first: a joiner right after or right before the name
        joined_after = _JOINER_ONLY.match(text, end) is not None
        joined_before = _JOINER_END.search(text, max(0, start - 12), start) is not None
        if not (joined_after or joined_before):
            continue
        after = _AFTER.match(text, end) if joined_after else None
        if after is not None and _listed(text, after.group("joiner"), after.end("run")):
            candidates.append((after.start("run"), after.end("run")))
        window_start = max(0, start - _WINDOW)
        before = _BEFORE.search(text, window_start, start) if joined_before else None
        if before is not None and _listed(text, before.group("joiner"), end):
            # the run may open with the sentence's first word ("Yesterday Sherzad and …"):
            # as many of its last words as the name has
            words = list(_WORDS.finditer(text, before.start("run"), before.end("run")))
            keep = len(_name_words(anchor))
            if 0 < keep < len(words):
                words = words[-keep:]
            candidates.append((words[0].start(), before.end("run")))
        for run_start, run_end in candidates:
            if _DIGIT_AFTER.match(text, run_end) is not None:
                continue  # "Frau Doski, Zimmer 3.112": a room, a ward, a gate
            if not free(run_start, run_end):
                continue
            if not _accepted(text[run_start:run_end], anchor, lexicon, language == "de"):
                continue
            new = (run_start, run_end, min(score, COORDINATED_SCORE))
            found.append(new)
            occupied.append((run_start, run_end))
    return found
