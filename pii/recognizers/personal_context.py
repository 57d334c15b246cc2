"""Is a passage about a particular person? Shared by the date and place recognizers.

A date or a town says something about someone only in a personal context: the writer or the
addressee ("ich", "mein", "Ihr", "I", "my", "your"), a person addressed by title ("Herr
Klein", "Mrs Patel") or by full name (a known first name before a surname or another word
that is no common noun: "Anna Müller", "John Smith"), or an event of someone's life
("geheiratet", "starb", "divorced"; not words as often about institutions, such as "Unfall",
"Klinik" or "Umzug").
Encyclopaedic or administrative text ("Am 3. Oktober 1990 trat die DDR bei", "Die Frist endet
am 31. März 2027") has none of these.
"""

from __future__ import annotations

import re

from pii.lexicon import Lexicon

# Words are compared case-sensitively where the lower-case form is an ordinary word
# ("Ihr"/"ihr"): the capitalised polite forms address the reader; "I" only before a lower-case
# word ("I was", not "Wilhelm I." or "Teil I"). Word sets instead of one regular expression:
# a window costs ~5 µs instead of ~40 µs.
ANY_CASE = frozenset(
    """
    ich mir mich mein meine meinem meinen meiner meines wir uns unser unsere unserem unseren
    unserer unseres geheiratet heiratete heirateten verheiratet hochzeit heirat eheschließung
    geschieden scheidung eingeschult einschulung getauft verstorben gestorben starb beerdigung
    todestag sterbedatum operiert arbeitslos gekündigt married wedding divorced diagnosed died
    funeral unemployed
    """.split()
)
EXACT = frozenset(
    "Ihr Ihre Ihrem Ihren Ihrer Ihres Ihnen I'm I've I'd I’m I’ve I’d me my My mine Mine we We "
    "us our Our ours Ours you You your Your yours Yours".split()
)
TITLES = frozenset("Herr Herrn Frau Mr Mrs Ms Miss Mx".split())
_TOKEN = re.compile(r"[\w'’-]+|\.")  # a dot on its own: "Magnus I. der Gute" is no "I"
# How far around a value its context reaches (about a sentence either side).
BEFORE = 120
AFTER = 60


def is_personal(text: str, start: int, end: int, lexicon: Lexicon | None = None) -> bool:
    """True when the passage around ``text[start:end]`` is about a particular person.

    The passage reaches ``BEFORE`` characters back and ``AFTER`` forward but not across a
    blank line (a new paragraph is a new context). Full names count only with a ``lexicon``.
    """
    left = max(0, start - BEFORE)
    paragraph = text.rfind("\n\n", left, start)
    if paragraph != -1:
        left = paragraph + 2
    right = min(len(text), end + AFTER)
    paragraph = text.find("\n\n", end, right)
    if paragraph != -1:
        right = paragraph
    return _mentions_person(_TOKEN.findall(text, left, start), lexicon) or _mentions_person(
        _TOKEN.findall(text, end, right), lexicon
    )


def _mentions_person(tokens: list[str], lexicon: Lexicon | None) -> bool:
    for i, word in enumerate(tokens):
        if word in EXACT or word.lower() in ANY_CASE:
            return True
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if word == "I" and following[:1].islower():
            return True
        if word in TITLES:
            rest = [t for t in tokens[i + 1 : i + 5] if t not in (".", "Dr")]
            if rest and rest[0][:1].isupper():
                return True
        if word.lower() == "passed" and following.lower() == "away":
            return True
        if lexicon is not None and word in lexicon.first_names and following[:1].isupper() and (
            following in lexicon.surnames or not lexicon.is_plain_noun(following)
        ):
            return True
    return False
