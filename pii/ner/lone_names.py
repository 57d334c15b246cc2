"""A rare first name standing alone is a name ("cases to Sayed", "Hi Rasha,", "I'll collect
Caoimhe from school").

The person rules find a first name of the project's lists alone (pii/recognizers/
person.py); the name detector finds one it has seen in context. A first name of the extra
(Faker) or world (nam_dict) lists that neither knows passed when no surname, title or cue
stood beside it. Such a word is a name when it is rare as a word: below
``LONE_NAME_MAX_ZIPF`` in the German and the English frequency lists (not "Will", "Hope",
"Paris"), no German noun, place or function word, written capitalised (not in capitals,
an acronym), in a text written with capitals, and with no capitalised word or name
particle beside it (a capitalised neighbour makes it part of a longer proper noun, which
the pair rules and the models judge; a particle, a foreign phrase: "Ruta del Vino"; a
German article, a noun: "die Saken"). Known loss: a foreign noun phrase with a name in
it, "my carte Vitale" (issue-19 round 11 keep-string).
"""

from __future__ import annotations

from pii.ner.features import PARTICLES, Lexicons
from pii.word_frequency import zipf

LONE_NAME_MAX_ZIPF = 2.5
_GERMAN_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())


def mark_lone_first_names(
    words: list[str], names: list[bool], lexicons: Lexicons, first_names: frozenset[str]
) -> None:
    """Sets ``names[i]`` for rare first names of ``first_names`` standing alone."""
    last = len(words) - 1
    for i, word in enumerate(words):
        if names[i] or word not in first_names or word.isupper() or len(word) < 3:
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i < last else ""
        if (before[:1].isupper() and before.isalpha()) or after[:1].isupper():
            continue
        if before.lower() in PARTICLES or after.lower() in PARTICLES:
            continue  # a foreign phrase ("Ruta del Vino", "lex Iulia de maiestate")
        if before.lower() in _GERMAN_ARTICLES:
            continue  # a German noun ("die Saken": a people of antiquity)
        if (
            word in lexicons.nouns
            or word in lexicons.places
            or word in lexicons.function_words
            or zipf(word, "en") >= LONE_NAME_MAX_ZIPF
            or zipf(word, "de") >= LONE_NAME_MAX_ZIPF
        ):
            continue
        names[i] = True
