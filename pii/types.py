"""Plain data types of the PII package (frozen, typed, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["de", "en"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PiiConfig:
    """Configuration of the personal-data filter.

    Attributes:
        languages: languages the analyzer supports; the first is the default.
        score_threshold: minimum recognizer score for an entity to be redacted.
        phone_regions: regions PhoneRecognizer tries (few regions keep it fast).
        max_text_chars: longest single text analysed; longer input is refused (413).
        nlp_cache_dir: where the blank spaCy pipelines are saved; empty = a per-user cache dir.
        spacy_ner_model: name of an installed spaCy NER package to use as an extra signal.
        name_detector: run the project's trained person-name detector (:mod:`pii.ner`).
        placeholder_salt: secret for the ``hash`` and ``encrypt`` operators and for
            ``RedactionSession.export_mapping`` (never logged).
        entity_operators: entity type -> ``replace`` (default), ``mask``, ``hash``,
            ``encrypt`` or ``keep`` (see :mod:`pii.operators`).
    """

    languages: tuple[Language, ...] = ("de", "en")
    score_threshold: float = 0.5
    phone_regions: tuple[str, ...] = ("DE", "AT", "CH")
    max_text_chars: int = 100_000
    nlp_cache_dir: str = ""
    spacy_ner_model: str = ""
    name_detector: bool = True
    placeholder_salt: str = ""
    entity_operators: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class DetectedEntity:
    """One personal value found in a text; offsets refer to the original text."""

    entity_type: str
    start: int
    end: int
    score: float
    placeholder: str
