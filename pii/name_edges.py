"""A found name's first name or middle initials left outside its span ("Ruaridh
[Pritchard]", "Gulistan [Dizayee]", "[Miles] G. Mason").

The detector and the rules may stop short of a name's edge: the first name before a
surname they found is a word they never saw; the surname after a first name comes after a
middle initial the cue rules do not read. Widened:

- to the left over one capitalised word right before the name (one space, also over a
  particle, "Roos de [Jong]") that is a listed first name and no frequent word (Zipf <
  ``MAX_FIRST_NAME_ZIPF``) or, in English text, a rare word (in neither word-frequency
  list and no ordinary word, ``pii.lexicon.is_ordinary_word``) that names no place; never a
  function word. German capitalises its nouns, and compounds the lists lack ("Arbeitsvermittlerin")
  are rare words too;
- to the right over middle initials and the capitalised word after them ("Miles G. Mason"),
  when that word is no function word or place and not a frequent word (Zipf <
  ``MAX_SURNAME_ZIPF``).

Cheap: a look at the few characters before and after each PERSON finding.
"""

from __future__ import annotations

import regex as re

from pii.lexicon import Lexicon, is_ordinary_word, load_lexicon
from pii.word_frequency import is_common

MAX_FIRST_NAME_ZIPF = 4.5
MAX_SURNAME_ZIPF = 4.5
_WINDOW = 48

_NAME_WORD = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*"
_PARTICLE = r"(?:van|von|de|der|den|da|di|del|du|la|le|el|al|bin|ben|ibn|dos|das)"
_BEFORE = re.compile(rf"(?r)(?<![\w'’.\-])(?P<word>{_NAME_WORD})[ ](?:{_PARTICLE}[ ])?\Z")
_AFTER = re.compile(rf"(?:[ ]\p{{Lu}}\.)+[ ](?P<word>{_NAME_WORD})(?![\w'’\-])")


def _first_name_before(word: str, lexicon: Lexicon, german: bool) -> bool:
    if word in lexicon.function_words:
        return False
    if word in lexicon.first_names:  # a first name that names a place too ("Ilse")
        return not is_common(word, MAX_FIRST_NAME_ZIPF)
    if word in lexicon.places:
        return False
    # German capitalises its nouns, and the lists lack many compounds ("Arbeitsvermittlerin
    # Roswitha Brauckmann"): there only a listed first name widens a name.
    return not german and not any(is_ordinary_word(part, lexicon) for part in word.split("-"))


def _surname_after(word: str, lexicon: Lexicon) -> bool:
    return (
        word not in lexicon.function_words
        and word not in lexicon.places
        and not is_common(word, MAX_SURNAME_ZIPF)
    )


def widened_names(
    text: str,
    persons: list[tuple[int, int, float]],
    taken: list[tuple[int, int]],
    language: str,
) -> list[tuple[int, int, float]]:
    """(start, end, score) spans that widen ``persons`` (PERSON findings) over the words
    described in the module docstring; none reaches into another finding of ``taken``."""
    lexicon = load_lexicon()
    german = language == "de"
    widened = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for start, end, score in persons:
        # cheap triggers: a word right before ("X Name"), an initial right after ("Name X.")
        word_before = start > 1 and text[start - 1] == " " and text[start - 2].isalpha()
        initial_after = text[end : end + 1] == " " and text[end + 2 : end + 3] == "."
        before = _BEFORE.search(text, max(0, start - _WINDOW), start) if word_before else None
        if (
            before is not None
            and free(before.start("word"), before.end("word"))
            and _first_name_before(before.group("word"), lexicon, german)
        ):
            widened.append((before.start("word"), end, score))
        after = _AFTER.match(text, end) if initial_after else None
        if (
            after is not None
            and free(end + 1, after.end("word"))
            and _surname_after(after.group("word"), lexicon)
        ):
            widened.append((start, after.end("word"), score))
    return widened
