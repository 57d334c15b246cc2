"""Presidio recognizer around the shipped name detector (PERSON, beside the cue recognizer)."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pii import word_frequency
from pii.ner.model import LANGUAGES, NameModel, load_model

ENTITY = "PERSON"


class NameDetectorRecognizer(EntityRecognizer):
    """PERSON from the CRF name detector of the recognizer's language.

    The model (and the word-frequency lists) are loaded in the constructor (start-up), not
    at the first request, so a missing or unreadable weights file fails the start and
    ``/health/ready`` is warm.
    """

    def __init__(self, *, supported_language: str = "de", model: NameModel | None = None) -> None:
        language = supported_language if supported_language in LANGUAGES else "en"
        self._model = model or load_model(language)
        # The decoding rules and the guard look words up in the frequency lists.
        word_frequency.warm()
        super().__init__(
            supported_entities=[ENTITY],
            supported_language=supported_language,
            name=f"LeitplankeNameDetector_{supported_language}",
            context=[],
        )

    def load(self) -> None:
        """Nothing to do: the weights are loaded in the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Returns PERSON results for ``text``."""
        if ENTITY not in entities:
            return []
        return [
            RecognizerResult(ENTITY, span.start, span.end, span.score)
            for span in self._model.find(text)
        ]
