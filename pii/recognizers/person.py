"""PERSON without an NER model: German/English cues plus first-name/surname gazetteers.

A capitalised word counts as part of a name when a cue announces it ("Mein Name ist",
"Herr", "Name:", a letter's sign-off) or when it follows a known first name, unless the
German noun lexicon says it is an ordinary noun ("Antrag", "Bescheid").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pii.lexicon import Lexicon, load_lexicon

ENTITY = "PERSON"
_LOWER = "a-zäöüßéèêáàâíìóòôúùûçñğışłńśźżøåæ'"
_UPPER = "A-ZÄÖÜÉÈÁÀÍÓÚÇÑĞİŞŁŃŚŹŻØÅÆ"
NAME_TOKEN = re.compile(rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?")
# Lower-case particles inside surnames: "von der Heide", "van Dijk", "de Souza".
PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "vom", "ten", "ter", "al", "el",
                       "da", "di", "del", "dos", "bin", "ibn"})
_GAP = re.compile(r"[ \t]+")

# A cue announcing a name; the name itself must follow immediately.
_STRONG_CUES_DE = (
    r"mein\s+name\s+(?:ist|lautet)|ich\s+hei(?:ß|ss)e|hier\s+(?:spricht|schreibt)"
    r"|mit\s+freundlichen\s+gr(?:ü|ue)(?:ß|ss)en|mit\s+freundlichem\s+gru(?:ß|ss)"
    r"|(?:viele|beste|liebe|freundliche|herzliche|sonnige)\s+gr(?:ü|ue)(?:ß|ss)e|mfg|lg"
    r"|herrn?|frau|hr\.|fr\.|familie|eheleute|geb\.|geborene?|verw\.|verwitwete"
    r"|(?:vor|nach|familien|geburts|ruf)?name|antragstell(?:er|erin)|kontoinhaber(?:in)?"
    r"|ansprechpartner(?:in)?|versicherte[rn]?|ehe(?:mann|frau|partner|partnerin)"
    r"|vertreten\s+durch|bevollmächtigte[rn]?|unterschrift|empfänger(?:in)?"
)
_STRONG_CUES_EN = (
    r"my\s+name\s+is|(?:kind|best|warm)\s+regards|regards|sincerely|yours\s+(?:truly|faithfully)"
    r"|best\s+wishes|mr\.?|mrs\.?|ms\.?|miss|(?:first|last|full|sur)?\s?name|applicant"
    r"|account\s+holder|signed|this\s+is"
)
_WEAK_CUES = r"ich\s+bin|i\s+am|i'm|sohn|tochter|kinder?|mutter|vater|bruder|schwester|dear"
_TITLES = re.compile(r"(?:(?:Dr|Prof|Dipl|Ing|med|rer|nat|phil|jur)\.(?:-\w+\.)?\s*)+")
CUE = re.compile(
    rf"(?<![\w-])(?i:(?P<strong>{_STRONG_CUES_DE}|{_STRONG_CUES_EN})|(?P<weak>{_WEAK_CUES})"
    rf"|(?P<title>dr\.|prof\.))(?:\s*[:,])?\s+"
)

CUE_SCORE = 0.85
WEAK_CUE_SCORE = 0.7
FULL_NAME_SCORE = 0.8
FIRST_NAME_SCORE = 0.6
MAX_TOKENS = 4


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name found in a text."""

    start: int
    end: int
    score: float


def _tokens_from(text: str, pos: int) -> list[re.Match[str]]:
    """Name-shaped tokens (and particles) starting exactly at ``pos``, single-line."""
    tokens: list[re.Match[str]] = []
    while len(tokens) < MAX_TOKENS + 2:
        match = NAME_TOKEN.match(text, pos)
        if match is None:
            particle = re.compile(r"[a-z]+").match(text, pos)
            if particle is None or particle.group() not in PARTICLES or not tokens:
                break
            match = particle
        tokens.append(match)
        gap = _GAP.match(text, match.end())
        if gap is None:
            break
        pos = gap.end()
    while tokens and tokens[-1].group() in PARTICLES:
        tokens.pop()
    return tokens


def _accept_cued(tokens: list[re.Match[str]], lexicon: Lexicon, *, weak: bool) -> int:
    """How many leading tokens after a cue form the name (0 = none)."""
    if not tokens:
        return 0
    first = tokens[0].group()
    if first in lexicon.function_words:
        return 0
    known = first in lexicon.first_names or first in lexicon.surnames
    if weak and not known:
        return 0
    if not known and lexicon.is_plain_noun(first):
        return 0
    count = 1
    for token in tokens[1:MAX_TOKENS]:
        word = token.group()
        if word in PARTICLES:
            count += 1
            continue
        if word in lexicon.function_words or lexicon.is_plain_noun(word):
            break
        count += 1
    while count > 1 and tokens[count - 1].group() in PARTICLES:
        count -= 1
    return count


def _extend_from_first_name(tokens: list[re.Match[str]], lexicon: Lexicon) -> int:
    count = 1
    for token in tokens[1:MAX_TOKENS]:
        word = token.group()
        if word in PARTICLES:
            count += 1
            continue
        if word in lexicon.surnames or word in lexicon.first_names:
            count += 1
            continue
        if word in lexicon.function_words or lexicon.is_plain_noun(word):
            break
        count += 1
    while count > 1 and tokens[count - 1].group() in PARTICLES:
        count -= 1
    return count


def find_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """Finds person names in ``text``.

    Args:
        text: the text to scan.
        lexicon: gazetteers and noun lexicon.

    Returns:
        Non-overlapping spans, ordered by start.
    """
    spans: list[NameSpan] = []
    for cue in CUE.finditer(text):
        pos = cue.end()
        title = _TITLES.match(text, pos)
        if title is not None:
            pos = title.end()
        tokens = _tokens_from(text, pos)
        weak = cue.group("weak") is not None
        count = _accept_cued(tokens, lexicon, weak=weak)
        if count:
            score = WEAK_CUE_SCORE if weak else CUE_SCORE
            spans.append(NameSpan(tokens[0].start(), tokens[count - 1].end(), score))
    for match in NAME_TOKEN.finditer(text):
        word = match.group()
        if word not in lexicon.first_names or word in lexicon.function_words:
            continue
        if match.start() > 0 and (text[match.start() - 1].isalnum() or text[match.start() - 1] in "-@."):
            continue
        tokens = _tokens_from(text, match.start())
        count = _extend_from_first_name(tokens, lexicon)
        if count > 1:
            spans.append(NameSpan(match.start(), tokens[count - 1].end(), FULL_NAME_SCORE))
        elif not lexicon.is_plain_noun(word) and word not in lexicon.places:
            spans.append(NameSpan(match.start(), match.end(), FIRST_NAME_SCORE))
    return _merge(spans)


def _merge(spans: list[NameSpan]) -> list[NameSpan]:
    merged: list[NameSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = NameSpan(last.start, max(last.end, span.end), max(last.score, span.score))
        else:
            merged.append(span)
    return merged


class PersonRecognizer(EntityRecognizer):
    """Presidio recognizer for PERSON based on cues and gazetteers (no NER)."""

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon or load_lexicon()
        super().__init__(
            supported_entities=[ENTITY],
            supported_language=supported_language,
            name=f"LeitplankePersonRecognizer_{supported_language}",
            context=[],
        )

    def load(self) -> None:
        """Nothing to load: the lexicon is passed in or loaded lazily."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Returns PERSON results for ``text``."""
        if ENTITY not in entities:
            return []
        return [
            RecognizerResult(ENTITY, span.start, span.end, span.score)
            for span in find_names(text, self._lexicon)
        ]
