"""A person's name in the inverted form of registers and exports, filling a field of its own:
``"Nwaogwugwu-Rieck, Uchechi"`` in a CSV cell, ``'Haverbeck-Onyekachi, Amarachi'`` in an
error message, ``fachlich: "Ebersberger, Quirin"`` in YAML, ``?q=Lindgard, Somadina&…`` in a
URL's query (after ``pii.normalize`` decoded it).

The field has no key a recognizer could use; its shape is the cue: surname (double-barrelled
or not), comma, one or two given names, nothing else between the quotes (or between "=" and
"&"). Words in capitals count ("ØSTERGAARD, Frej"). Places and ordinary words take the same
shape ("Hamburg, Altona", "Error, Warning"), so every word must be rare (Zipf < 4 in the
German and English lists) or a listed first name or surname. A pure function over text;
:func:`pii.structured.scan_structured` runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pii.lexicon import is_ordinary_word, load_lexicon
from pii.word_frequency import is_common

Span = tuple[str, int, int]  # entity type, start, end

_WORD = r"[^\W\d_]{2,}"
INVERTED_FIELD = re.compile(
    rf"(?P<open>[\"'“„=])(?P<value>{_WORD}(?:-{_WORD})*,[ \t]?{_WORD}(?:[ -]{_WORD})?)"
    r"(?=(?P<close>[\"'”“&]|[ \t]*$))",
    re.MULTILINE,
)
# In running text the shape alone says less; a double-barrelled surname makes it a name
# ("Beispiel: Özdemiroğlu-Pichler, Ertuğrul stand hinter allen"), when a lower-case word or
# the clause's end follows the given name, and no word stands right before it
# ("gez. Wolfrun Pietzschke-Dogan, Amtsleitung" is a name in its usual order and a role).
INVERTED_IN_TEXT = re.compile(
    rf"(?<![\w,-])(?<![^\W\d_][ \t])(?P<value>{_WORD}-{_WORD},[ \t]{_WORD})"
    r"(?=[ \t]+(?P<next>[^\W\d_])|[.;:!?)]|$)",
    re.MULTILINE,
)
# The quote (or query separator) closing a field opened by each opening character.
_CLOSING = {'"': '"', "'": "'", "“": "”", "„": "“", "=": "&"}
# Words that rare but ordinary words share with names are common in one of the lists.
MIN_COMMON_ZIPF = 4.0


def _closes(opening: str, closing: str | None) -> bool:
    if opening == "=":
        return closing is not None  # "&" or the line's end
    return closing == _CLOSING[opening]


def _name_word(word: str, *, ordinary_ok: bool) -> bool:
    """A name-shaped word that is a listed name or rare, and (unless ``ordinary_ok``: a
    quoted field's given name may be a noun, "Saga", "Rune") no ordinary word."""
    if not word[0].isupper() or not (word[1:].islower() or word.isupper()):
        return False
    capitalised = word.capitalize()
    lexicon = load_lexicon()
    if capitalised in lexicon.first_names or capitalised in lexicon.surnames:
        return True
    if not ordinary_ok and is_ordinary_word(capitalised, lexicon):
        return False
    return not is_common(capitalised, MIN_COMMON_ZIPF)


def scan_inverted_names(text: str) -> Iterator[Span]:
    """Fields holding nothing but a name written "Surname, Given names"."""
    if "," not in text:
        return
    for field in INVERTED_FIELD.finditer(text):
        closing = field.group("close")
        if not _closes(field.group("open"), closing.strip() if closing else None):
            continue
        if _all_name_words(field.group("value"), in_text=False):
            yield "PERSON", field.start("value"), field.end("value")
    for name in INVERTED_IN_TEXT.finditer(text):
        following = name.group("next")
        if following is not None and not following.islower():
            continue
        if _all_name_words(name.group("value"), in_text=True):
            yield "PERSON", name.start("value"), name.end("value")


def _all_name_words(value: str, *, in_text: bool) -> bool:
    """Every word is name-shaped; in running text the given name is no ordinary word
    (surnames often are one: "Wirth", "Koch")."""
    *surnames, given = re.split(r"[ \t,-]+", value)
    return all(_name_word(word, ordinary_ok=True) for word in surnames) and _name_word(
        given, ordinary_ok=not in_text
    )
