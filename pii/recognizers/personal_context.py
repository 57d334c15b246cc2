"""Is a passage about a particular person? Shared by the date and place recognizers.

A date or a town says something about someone only in a personal context: the writer or the
addressee ("ich", "mein", "Ihr", "I", "my", "your"), a person addressed by title ("Herr
Klein", "Mrs Patel") or an event of someone's life ("geheiratet", "starb", "divorced"; not
words as often about institutions, such as "Unfall", "Klinik" or "Umzug").
Encyclopaedic or administrative text ("Am 3. Oktober 1990 trat die DDR bei", "Die Frist endet
am 31. März 2027") has none of these.
"""

from __future__ import annotations

import re

# Words are matched case-sensitively where the lower-case form is an ordinary word
# ("Ihr"/"ihr"): the capitalised polite forms address the reader; "I" only before a verb-like
# lower-case word ("I was", not "Wilhelm I." or "Teil I").
PERSONAL = re.compile(
    r"(?<![\w-])(?:"
    r"(?i:ich|mir|mich|mein|meine[mnrs]?|wir|uns|unser|unsere[mnrs]?)"
    r"|Ihr|Ihre[mnrs]?|Ihnen"
    r"|I(?=\s+[a-z])|I'm|I've|I'd|me|[Mm]y|[Mm]ine|[Ww]e|us|[Oo]urs?|[Yy]ou|[Yy]ours?"
    r"|(?:Herr|Herrn|Frau|Mr|Mrs|Ms|Miss|Mx)\.?\s+(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’-]*"
    r"|(?i:geheiratet|heiratete[n]?|verheiratet|Hochzeit|Heirat|Eheschließung|geschieden"
    r"|Scheidung|eingeschult|Einschulung|getauft|verstorben|gestorben|starb|Beerdigung"
    r"|Todestag|Sterbedatum|operiert|arbeitslos|gekündigt|married|wedding|divorced"
    r"|diagnosed|died|passed\s+away|funeral|unemployed)"
    r")(?![\w-])"
)
# How far around a value its context reaches (about a sentence either side).
BEFORE = 120
AFTER = 60


def is_personal(text: str, start: int, end: int) -> bool:
    """True when the passage around ``text[start:end]`` is about a particular person.

    The passage reaches ``BEFORE`` characters back and ``AFTER`` forward but not across a
    blank line (a new paragraph is a new context).
    """
    left = max(0, start - BEFORE)
    paragraph = text.rfind("\n\n", left, start)
    if paragraph != -1:
        left = paragraph + 2
    right = min(len(text), end + AFTER)
    paragraph = text.find("\n\n", end, right)
    if paragraph != -1:
        right = paragraph
    return PERSONAL.search(text, left, start) is not None or (
        PERSONAL.search(text, end, right) is not None
    )
