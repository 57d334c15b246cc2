"""Phrases of ordinary words that the statistical name detector (pii/ner) takes for names.

Vetoes of :mod:`pii.recognizers.name_detector_guard`, each for a shape where the words are
read as the ordinary words they also are:

- a heading in capitals of two words or more, each a common German or English word (Zipf
  >= 4), two such words run together ("HANDOVER", "WORKPLACE") or a function word, and none
  a listed first name or surname ("LIMITED POWER OF ATTORNEY", "NOTICE OF APPEAL", "NIGHT
  HANDOVER"): a title, not a person ("MARK WHITE" is listed);
- one word after an English article ("the Bill is due", "a Rose for her") that is a common
  English word: an article goes before a noun, not before a person's name ("the Smiths" is
  a family, and no common word);
- one lower-case word joined by "und"/"and"/"or"/"oder" to a lower-case common word that is
  no listed first name and no function word ("frank und frei", "rich and famous"): a fixed
  pair of ordinary words; a name is paired with another name or a pronoun ("ich und
  frank", "frank und maria").
"""

from __future__ import annotations

import regex as re

from pii.lexicon import Lexicon, is_listed_name
from pii.word_frequency import is_common, zipf

COMMON_ZIPF = 4.0
_HEADING_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_HEADING_WORDS = 2
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(?:the|The|a|A|an|An)[ \t]+$")
_PAIRED_AFTER = re.compile(r"[ \t]+(?:und|and|or|oder)[ \t]+(?P<word>\p{Ll}+)(?![\w'’-])")
_PAIRED_BEFORE = re.compile(r"(?<![\w'’-])(?P<word>[a-zäöüß]+)[ \t]+(?:und|and|or|oder)[ \t]+$")


def _function_word(word: str, lexicon: Lexicon) -> bool:
    """A function word in any case (the lexicon lists them capitalised: "Ich", "The")."""
    return word.capitalize() in lexicon.function_words or word in lexicon.function_words


def capitals_heading(span: str, lexicon: Lexicon) -> bool:
    """True for a span in capitals made of common words only (see the module docstring)."""
    words = _HEADING_WORD.findall(span)
    if len(words) < MIN_HEADING_WORDS or not span.isupper():
        return False
    if any(len(w) < 2 for w in words):
        return False  # initials ("C. B.", "E. K."): a person written short, no heading
    return all(
        (_function_word(w, lexicon) or is_common(w, COMMON_ZIPF) or _common_compound(w))
        and not is_listed_name(w, lexicon)
        for w in words
    )


MIN_COMPOUND_PART = 3


def _common_compound(word: str) -> bool:
    """Two common words (Zipf >= 4) run together ("handover", "workplace")."""
    lowered = word.lower()
    return any(
        is_common(lowered[:cut], COMMON_ZIPF) and is_common(lowered[cut:], COMMON_ZIPF)
        for cut in range(MIN_COMPOUND_PART, len(lowered) - MIN_COMPOUND_PART + 1)
    )


def noun_after_article(text: str, start: int, end: int) -> bool:
    """True for one word after "the"/"a"/"an" that is a common English word."""
    word = text[start:end]
    return (
        word.isalpha()
        and zipf(word, "en") >= COMMON_ZIPF
        and _ARTICLE_BEFORE.search(text, max(0, start - 4), start) is not None
    )


def paired_ordinary_word(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """True for a lower-case word paired with a lower-case common word that is no name."""
    word = text[start:end]
    if not word.isalpha() or not word.islower() or not is_common(word, COMMON_ZIPF):
        return False
    after = _PAIRED_AFTER.match(text, end)
    before = _PAIRED_BEFORE.search(text, max(0, start - 30), start)
    partner = after or before
    if partner is None:
        return False
    other = partner.group("word")
    return (
        is_common(other, COMMON_ZIPF)
        and not _function_word(other, lexicon)
        and other.capitalize() not in lexicon.first_names
    )
