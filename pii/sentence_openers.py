"""Ordinary words that open an English sentence and only look like names there.

"Cook and eat sessions start in April", "Ward 7 has no visiting", "Mark the form with your
reference", "Holly and ivy wreaths": the first word is a name elsewhere ("Mark", "Holly",
"Ward") and is written with a capital only because it opens the sentence. The name detector
and the first-name rule took each of these for a name (English tuning split
``tests/pii/names2/tune_en.conll``).

A one-word name at the start of a sentence whose lower-case form is a common English word
(Zipf >= ``OPENER_MIN_ZIPF``) is the word, not a name, when what follows reads as its
ordinary use (``ordinary_continuation``):

- a number ("Ward 7", "Room 4"),
- an article, a possessive or an object pronoun: an imperative ("Mark the form", "Sue the
  landlord"; ``IMPERATIVE_OBJECTS``),
- "and"/"or" and a lower-case word that is no function word ("Holly and ivy", "Cook and
  eat"); the lower-case word after it is then no name either. With a capitalised word or a
  pronoun after "and" it stays a name ("Holly and Tom", "Mark and his wife").

The patterns are English; a German sentence ("Rose und Tulpe") matches none of them.
"""

from __future__ import annotations

import re

from pii.word_frequency import zipf

OPENER_MIN_ZIPF = 3.5
# Words that, after a sentence's first word, make it an imperative ("Transcribe the
# voicemail", "Forward our invoice").
IMPERATIVE_OBJECTS = frozenset(
    "the a an this that these those my your our his her their its me us him them it".split()
)
# Tokens after which the next word opens a sentence, a quotation or a bracket: sentence
# marks, dashes, brackets and the quotes of both languages ("„…“", "“…”", "«…»"). The name
# detector (pii.ner.model) reads a word after one of them as a sentence's first word too.
SENTENCE_MARKS = frozenset('.!?:;"„“”»«()[]–-')
_CONJUNCTIONS = frozenset({"and", "or", "&"})
_OPENED_BEFORE = re.compile(r"(?:^|[.!?:;\n])[ \t\"'(\[“„«*•-]*$")
_NEXT_WORDS = re.compile(r"[ \t]+([\w&]+)(?:[ \t]+([\w&]+))?")


def ordinary_continuation(word: str, following: list[str], function_words: frozenset[str]) -> bool:
    """True when the one or two words after a sentence-opening ``word`` read as its ordinary
    use (module docstring). ``function_words`` are capitalised, as the lexicon keeps them."""
    if not following or zipf(word.lower(), "en") < OPENER_MIN_ZIPF:
        return False
    after = following[0]
    if after[:1].isdigit() or after in IMPERATIVE_OBJECTS:
        return True
    if after.lower() not in _CONJUNCTIONS or len(following) < 2:
        return False
    other = following[1]
    return (
        other.isalpha()
        and other.islower()
        and other not in IMPERATIVE_OBJECTS
        and other.capitalize() not in function_words
    )


def opens_sentence(text: str, start: int) -> bool:
    """True when ``text[start:]`` opens a sentence: the text's start or a sentence mark before
    it, with spaces, quotes, brackets or a list bullet between."""
    return _OPENED_BEFORE.search(text[max(0, start - 8) : start]) is not None


def opens_as_ordinary_word(text: str, start: int, end: int, function_words: frozenset[str]) -> bool:
    """``text[start:end]`` opens a sentence and is used as an ordinary word there."""
    if not opens_sentence(text, start):
        return False
    following = _NEXT_WORDS.match(text, end)
    if following is None:
        return False
    words = [w for w in following.groups() if w is not None]
    return ordinary_continuation(text[start:end], words, function_words)


def drop_ordinary_openers(
    words: list[str], names: list[bool], function_words: frozenset[str]
) -> None:
    """Clears ``names[i]`` of one-word names opening a sentence that are used as ordinary
    words, and of the lower-case word joined to them by "and" (module docstring)."""
    last = len(words) - 1
    for i, word in enumerate(words):
        if not names[i] or i == last or not word[:1].isupper() or word[1:2].isupper():
            continue
        if i and (words[i - 1] not in SENTENCE_MARKS or names[i - 1]):
            continue
        if names[i + 1] and words[i + 1][:1].isupper():
            continue  # part of a longer name
        if ordinary_continuation(word, words[i + 1 : i + 3], function_words):
            names[i] = False
            if words[i + 1].lower() in _CONJUNCTIONS:
                names[i + 2] = False


# German imperatives of "-ieren" verbs open a request with the bare stem, capitalised only
# because it opens the sentence ("Extrahier aus dem Bescheid ...", "Formulier den Brief",
# "Sortier mir die Liste"); the stem is too rare a word for the lists, so the name detector
# took it for a name. Followed by an article, a pronoun or a particle it is the verb.
GERMAN_IMPERATIVE_FOLLOWERS = frozenset(
    "den die das dem der des ein eine einen einem einer mir uns ihm ihr ihnen bitte mal"
    " aus alle alles daraus hieraus davon".split()
)
_GERMAN_VERB_STEM_END = "ier"
_GERMAN_VERB_STEM_MIN = 6


def drop_german_imperatives(
    words: list[str], names: list[bool], first_names: frozenset[str]
) -> None:
    """Clears ``names[i]`` of a sentence-opening "-ier" verb stem that is no listed first
    name and is followed by an article, a pronoun or a particle (comment above)."""
    last = len(words) - 1
    for i, word in enumerate(words):
        if not names[i] or i == last or not word[:1].isupper() or word[1:2].isupper():
            continue
        if i and words[i - 1] not in SENTENCE_MARKS:
            continue
        if len(word) < _GERMAN_VERB_STEM_MIN or not word.endswith(_GERMAN_VERB_STEM_END):
            continue
        if word in first_names or words[i + 1] not in GERMAN_IMPERATIVE_FOLLOWERS:
            continue
        names[i] = False
