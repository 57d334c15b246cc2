"""A small base for recognizers that scan with their own regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

Hit = tuple[str, int, int, float]  # entity type, start, end, score


class ScanRecognizer(EntityRecognizer):
    """Presidio recognizer whose subclasses implement :meth:`scan`.

    Results are final (our scans check their own cue words), so Presidio's context
    enhancer is told not to boost them again.
    """

    ENTITIES: tuple[str, ...] = ()

    def __init__(self, *, supported_language: str = "de", context: list[str] | None = None):
        self._label = f"{type(self).__name__}_{supported_language}"
        super().__init__(
            supported_entities=list(self.ENTITIES),
            supported_language=supported_language,
            name=self._label,
            context=context or [],
        )

    def load(self) -> None:
        """Nothing to load."""

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields the hits in ``text``."""
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Runs :meth:`scan` for the requested entities."""
        wanted = set(entities)
        results = []
        for entity, start, end, score in self.scan(text):
            if entity in wanted:
                result = RecognizerResult(entity, start, end, score)
                result.recognition_metadata = {
                    RecognizerResult.RECOGNIZER_NAME_KEY: self._label,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                }
                results.append(result)
        return results


class Triggered:
    """Mixin for Presidio pattern recognizers: skip the text unless ``TRIGGER`` occurs.

    Presidio runs every pattern over every text; a cheap stdlib search for a character
    sequence every match must contain avoids that for texts without candidates.
    """

    TRIGGER: re.Pattern[str]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's analysis, only when the trigger occurs in ``text``."""
        if self.TRIGGER.search(text) is None:
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)  # type: ignore[misc,no-any-return]
