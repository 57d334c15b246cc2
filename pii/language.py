"""Cheap German/English detection from function words (no model, microseconds)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zäöüß']+")
_GERMAN = frozenset(
    "der die das und ist ich nicht ein eine einen mit für auf sie wir mein meine meinen bitte "
    "habe haben wurde wurden ihr ihre ihnen den dem des zu zum zur von vom im bei auch noch "
    "sehr geehrte geehrter damen herren grüßen grüße danke wie was wann warum kann können "
    "möchte würde mir mich sich aber oder wenn dass bis nach über unter beantragt antrag "
    "aus hat hatte sind war wird werden es er uns unser unsere ihm ihn nur schon kein keine "
    "nein ja man diese dieser dieses heute morgen gestern hier dort".split()
)
_ENGLISH = frozenset(
    "the and is i not a an with for on you we my please have has was were your to of in at "
    "also still very dear thanks thank how what when why can could would like me myself but or "
    "if that until after about under applied application this it be are am "
    "from by as will there their they he she his its our us no yes do does did been had "
    "which who where should must today tomorrow yesterday here".split()
)


def detect_language(text: str, supported: tuple[str, ...], default: str) -> str:
    """Returns ``"de"`` or ``"en"`` (if supported) by counting function words.

    Args:
        text: the message.
        supported: configured languages.
        default: answer for ties and texts without function words.

    Returns:
        A language code from ``supported``.
    """
    words = _WORD.findall(text[:2000].lower())
    german = sum(map(_GERMAN.__contains__, words))
    english = sum(map(_ENGLISH.__contains__, words))
    if english > german and "en" in supported:
        return "en"
    if german > english and "de" in supported:
        return "de"
    return default


def leaning(text: str) -> str | None:
    """``"de"`` or ``"en"`` when the function words of ``text`` lean to one, else None (a
    sign-off, a name, a stop sequence: "Cheers, Kwame", "Dr. Okafor")."""
    words = _WORD.findall(text[:2000].lower())
    german = sum(map(_GERMAN.__contains__, words))
    english = sum(map(_ENGLISH.__contains__, words))
    if english == german:
        return None
    return "en" if english > german else "de"
