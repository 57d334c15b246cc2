"""How common a word is in German or English, from the ``wordfreq`` package.

Rules that decide whether an unknown word is a name ("brief_an_eichelkraut", "von Hańža
Šołćic") need to know whether the word is an ordinary word at all. ``wordfreq``'s small
lists (about 39,000 German and 29,000 English words, frequency >= 1 per million words) say
so without tokenising: a word absent from both is rare. Frequent surnames (Müller, Merkel)
are in the lists too, so absence is evidence of a rare word, never of an ordinary one.

The lists load once per process (~0.3 s), on first use or from ``warm()`` at start-up.
Source: wordfreq (Apache-2.0 code, CC BY-SA 4.0 data), an installed dependency; NOTICE.
"""

from __future__ import annotations

import functools
import math

LANGUAGES = ("de", "en")


@functools.cache
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang, "small")


def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 of uses per billion words) of ``word`` in ``lang``; 0.0 if absent.

    The look-up is by the lower-cased word as written (no tokenising, no folding), so it
    costs one dict access. The name detector's features (``pii.ner.features``) bin this
    value as it was trained with, so a word with "ß" stays absent here ("heißt"; wordfreq
    lists it case-folded, "heisst"); ``is_known`` finds it.
    """
    frequency = _frequencies(lang).get(word.lower())
    if not frequency:
        return 0.0
    return round(math.log10(frequency) + 9.0, 2)


def is_common(word: str, min_zipf: float = 3.0, languages: tuple[str, ...] = LANGUAGES) -> bool:
    """True when ``word`` is at least as frequent as ``min_zipf`` in any of ``languages``."""
    return any(zipf(word, lang) >= min_zipf for lang in languages)


def is_known(word: str, languages: tuple[str, ...] = LANGUAGES) -> bool:
    """True when ``word`` is in the small list of any of ``languages`` (>= 1 per million)."""
    folded = word.casefold()  # wordfreq keys are case-folded: "ß" is listed as "ss"
    return any(folded in _frequencies(lang) for lang in languages)


def warm() -> None:
    """Load the lists now (start-up), not in the first request."""
    for lang in LANGUAGES:
        _frequencies(lang)
