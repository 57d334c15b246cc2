"""A small base for recognizers that scan with their own regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pii.anchored_scan import AnchoredScan

Hit = tuple[str, int, int, float]  # entity type, start, end, score
_NON_SPACE_RUN = re.compile(r"\S+")


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

    ``WITHIN_WORDS`` is for recognizers whose patterns cannot match whitespace: Presidio
    then scans only the whitespace-free runs that contain a trigger instead of the whole
    text. The results are the same (a match lies inside one run, and a run's edges are word
    boundaries in the text as in the run); for e-mail addresses this cut the recognizer from
    about 0.3 ms to 0.05 ms per 1 KB text (bench/RESULTS_PII.md).
    """

    TRIGGER: re.Pattern[str]
    WITHIN_WORDS: bool = False

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's analysis, only when the trigger occurs in ``text``."""
        analyze = super().analyze  # type: ignore[misc]
        if not self.WITHIN_WORDS:
            if self.TRIGGER.search(text) is None:
                return []
            return analyze(text, entities, nlp_artifacts, regex_flags)  # type: ignore[no-any-return]
        results: list[RecognizerResult] = []
        for start, end in runs_around(text, self.TRIGGER):
            for result in analyze(text[start:end], entities, nlp_artifacts, regex_flags):
                result.start += start
                result.end += start
                results.append(result)
        return results


def runs_around(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of each whitespace-free run of ``text`` that holds a ``trigger`` match."""
    runs: list[tuple[int, int]] = []
    end = 0
    for match in trigger.finditer(text):
        if match.start() < end:
            continue  # inside the run found last
        start = match.start()
        while start > end and not text[start - 1].isspace():
            start -= 1
        run = _NON_SPACE_RUN.match(text, match.start())
        end = run.end() if run else match.end()
        runs.append((start, end))
    return runs


def cued_numbers(
    text: str,
    cue: re.Pattern[str] | AnchoredScan,
    number: re.Pattern[str],
    *,
    max_chars: int,
    min_digits: int,
) -> Iterator[tuple[re.Match[str], re.Match[str]]]:
    """Each ``cue`` match in ``text`` with the ``number`` match that begins where the cue
    ends, when that number has at most ``max_chars`` characters and at least ``min_digits``
    digits (the case, patient and pupil numbers after their cue words)."""
    for found in cue.finditer(text):
        value = number.match(text, found.end())
        if value is None:
            continue
        digits = sum(ch.isdigit() for ch in value.group())
        if len(value.group()) <= max_chars and digits >= min_digits:
            yield found, value
