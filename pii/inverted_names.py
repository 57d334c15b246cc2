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
from pii.ner.model import MODEL_DIR, extra_first_names
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
# After a label or at a line's start ("Treffer: Bergqvist, Tove", "- Lindqvist, Sarah
# Marie"; a personal key's value is read in pii.structured) listed first names after the
# comma make the pair a name, when the surname is a listed one or rare, no place and no
# function word ("Berlin, Germany", "Moin, Anna", "Müller, Bäcker" are none), and the line,
# the clause or a lower-case word other than "und"/"and" follows ("Schmidt, Werner & Co.",
# "Weber, Daniel und Partner" name firms).
INVERTED_AFTER_LABEL = re.compile(
    rf"(?:^[ \t]*(?:[-*•][ \t]+)?|:[ \t]+)"
    rf"(?P<value>(?P<surname>{_WORD}(?:-{_WORD})*),[ \t](?P<given>{_WORD}(?:-{_WORD})?))"
    r"(?![\w-])",
    re.MULTILINE,
)
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)(?![\w-])")
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[,.;!?()])", re.MULTILINE)
_FIRM_JOINS = frozenset({"und", "and"})
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
    in_text: set[int] = set()
    for name in INVERTED_IN_TEXT.finditer(text):
        following = name.group("next")
        if following is not None and not following.islower():
            continue
        if _all_name_words(name.group("value"), in_text=True):
            in_text.add(name.start("value"))
            yield "PERSON", name.start("value"), name.end("value")
    for name in INVERTED_AFTER_LABEL.finditer(text):
        if name.start("value") in in_text:
            continue
        given = [name.group("given")]
        end = name.end("value")
        following = _NEXT_WORD.match(text, end)
        if following is not None and following.group(1)[:1].isupper():
            given.append(following.group(1))  # a second given name ("Sarah Marie")
            end = following.end(1)
            following = _NEXT_WORD.match(text, end)
        if following is None:
            if _CLAUSE_END.match(text, end) is None:
                continue
        elif not following.group(1).islower() or following.group(1) in _FIRM_JOINS:
            continue
        if _listed_given_names(name.group("surname"), given):
            yield "PERSON", name.start("value"), end


def _listed_given_names(surname: str, given: list[str]) -> bool:
    """Every given name (hyphen part) a listed first name written with a capital (the
    project's list, or the name detector's extra list when rare: "Tove"); every surname part
    listed or rare (``_name_word``), no place and no function word."""
    lexicon = load_lexicon()
    parts = surname.split("-")
    return all(
        word[:1].isupper()
        and word[1:].islower()
        and (
            word in lexicon.first_names
            or (word in extra_first_names(MODEL_DIR) and not is_common(word, MIN_COMMON_ZIPF))
        )
        for word in "-".join(given).split("-")
    ) and all(
        _name_word(part, ordinary_ok=False)
        and part.capitalize() not in lexicon.places
        and part.capitalize() not in lexicon.function_words
        for part in parts
    )


def _all_name_words(value: str, *, in_text: bool) -> bool:
    """Every word is name-shaped; in running text the given name is no ordinary word
    (surnames often are one: "Wirth", "Koch")."""
    *surnames, given = re.split(r"[ \t,-]+", value)
    return all(_name_word(word, ordinary_ok=True) for word in surnames) and _name_word(
        given, ordinary_ok=not in_text
    )
