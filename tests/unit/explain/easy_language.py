"""A rule checker for Leichte Sprache (BITV 2.0 Anlage 2 Teil 2; Netzwerk Leichte Sprache).

It checks what a program can check reliably and is applied to every Leichte-Sprache text the
citizen sees (tests/unit/explain/test_easy_language.py):

* sentence length: at most ``MAX_WORDS`` words per sentence;
* one statement per sentence: no subordinate clauses (subordinating conjunctions, relative
  pronouns after a comma);
* no passive voice: no form of "werden" (also rules out the future tense, which Leichte
  Sprache avoids as well);
* no negation: "nicht", "kein…", "nie", "nichts", "niemand" (the guidelines say "where
  avoidable"; these texts avoid it everywhere);
* no genitive: genitive articles and prepositions ("des", "eines", "wegen", "statt", …). The
  genitive after feminine and plural "der" ("die Zahl der Personen") is not detectable
  from markers alone; those texts are reviewed by hand;
* difficult words explained: each word of ``HARD_WORDS`` that occurs needs a sentence
  "<Wort> bedeutet: …" in the same text;
* long words split: words of more than ``MAX_WORD_CHARS`` letters need a hyphen.

``problems(text)`` returns the findings as readable strings (empty list: the text passes).
"""

from __future__ import annotations

import re

MAX_WORDS = 15
MAX_WORD_CHARS = 16
SUBORDINATORS = frozenset({
    "dass", "weil", "obwohl", "nachdem", "sodass", "indem", "während", "falls", "sofern",
    "damit", "bevor", "seitdem", "ob", "welche", "welcher", "welches", "deren", "dessen",
})
PASSIVE = frozenset({"wird", "werden", "wurde", "wurden", "worden", "würde", "würden"})
NEGATION = frozenset({
    "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals",
    "nichts", "niemand", "weder",
})
GENITIVE = frozenset({
    "des", "eines", "wegen", "trotz", "statt", "anstatt", "innerhalb", "außerhalb",
    "aufgrund", "anhand", "bezüglich", "mittels", "laut", "infolge", "zwecks",
})
HARD_WORDS = (
    "Widerspruch", "Klage", "Zugangs-Code", "Aktenzeichen", "Vorläufig",
    "Datenschutz-Grund-Verordnung", "KI-Verordnung",
)
_KEEP = "\u2063"  # invisible separator: stands in for ". " after a number while splitting
_DAY = re.compile(
    r"\b(\d{1,2})\.\s(?=(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober"
    r"|November|Dezember)\b)"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[\wÄÖÜäöüß-]+")
_RELATIVE = re.compile(r",\s+(der|die|das|den|dem)\s+\w+\s+\w+", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (split after . ! ?; numbers like "4. Juni" stay whole)."""
    joined = _DAY.sub("\\1" + _KEEP, text)  # keep "4. Juni 2027" whole
    return [s.replace(_KEEP, ". ") for s in _SENTENCE_END.split(joined.strip()) if s]


def problems(text: str) -> list[str]:
    """Every rule violation found in ``text``."""
    found: list[str] = []
    for sentence in sentences(text):
        words = _WORD.findall(sentence)
        lower = [w.lower() for w in words]
        if len(words) > MAX_WORDS:
            found.append(f"too long ({len(words)} words): {sentence}")
        for marker, kind in (
            (SUBORDINATORS, "subordinate clause"),
            (PASSIVE, "passive"),
            (NEGATION, "negation"),
            (GENITIVE, "genitive"),
        ):
            hits = sorted(set(lower) & marker)
            if hits:
                found.append(f"{kind} ({', '.join(hits)}): {sentence}")
        if _RELATIVE.search(sentence):
            found.append(f"relative clause: {sentence}")
        for word in words:
            if len(word) > MAX_WORD_CHARS and "-" not in word:
                found.append(f"long word without hyphen ({word}): {sentence}")
    for hard in HARD_WORDS:
        if re.search(rf"\b{re.escape(hard)}\b", text, re.IGNORECASE) and not re.search(
            rf"\b{re.escape(hard)} bedeutet:", text, re.IGNORECASE
        ):
            found.append(f"difficult word not explained: {hard}")
    return found
