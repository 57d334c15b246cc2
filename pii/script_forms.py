"""A name written again in its own script, in brackets right after its romanised form.

"Zhang Weiling (张伟玲)", "Kim Min-jun (김민준)", "Sato Yuki（佐藤 ゆき）", "Olga Ivanova
(Ольга Иванова)", "Nikos Papadakis (Νίκος Παπαδάκης)", "Layla Haddad (ليلى حداد)": when the
name before the brackets is a PERSON, the bracketed form is the same person's name. Only
letters of non-Latin scripts count (a Latin remark in brackets, "(née Smith)", "(she/her)",
is read by the other rules); Han, Kana and Hangul words have 1-4 characters ("张伟玲", not a
sentence), a name has up to four words and two letters at least.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

_CJK = r"[\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}ー]"
_ALPHABETIC = r"[\p{Cyrillic}\p{Greek}\p{Arabic}\p{Hebrew}\p{Armenian}\p{Georgian}\p{Thai}]"
_WORD = rf"(?:{_CJK}{{1,4}}|{_ALPHABETIC}[\p{{L}}\p{{M}}'’-]{{0,24}})"
MIN_CHARS = 2
BRACKETED = regex.compile(
    rf"[ \t]*[(（][ \t]*(?P<name>{_WORD}(?:[ \t・·]{{1,2}}{_WORD}){{0,3}})[ \t]*[)）]"
)


def bracketed_script_names(
    text: str, names: Iterable[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """(start, end) of each bracketed other-script name right after one of ``names``."""
    for _, end in names:
        match = BRACKETED.match(text, end)
        if match is not None and len(match.group("name")) >= MIN_CHARS:
            yield match.start("name"), match.end("name")
