"""Presidio's ``AnalyzerEngine`` and ``RecognizerRegistry`` without two per-call costs.

The results are exactly Presidio's; only work whose outcome is known is skipped:

* :class:`CachingRecognizerRegistry` remembers which recognizers serve a (language,
  entities) request. Presidio filters the whole registry on every call (~70 µs per text with
  32 recognizers); the answer changes only when the registry does, so the cache is keyed by
  the identities of the registered recognizers as well.
* :class:`LeanAnalyzerEngine` groups the raw results by recognizer once. Presidio builds two
  lists per recognizer over all results (recognizers × results comparisons, ~0.1 ms per 1 KB
  text) to call each recognizer's ``enhance_using_context``, which only a recognizer that
  overrides it can change. The document-level context enhancer still runs on every result.
* :func:`match_patterns_without_timeout` makes Presidio's pattern recognizers call the
  ``regex`` module without its timeout (see there).

tests/unit/pii/test_analyzer.py compares both with Presidio's own classes on the PII corpus.
"""

from __future__ import annotations

from typing import Any

import presidio_analyzer.pattern_recognizer
import presidio_analyzer.predefined_recognizers.generic.iban_recognizer
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_MODULES_WITH_REGEX_TIMEOUT = (
    presidio_analyzer.pattern_recognizer,
    presidio_analyzer.predefined_recognizers.generic.iban_recognizer,
)


def match_patterns_without_timeout() -> None:
    """Presidio's pattern matching without the ``regex`` module's timeout (process-wide).

    Presidio passes ``timeout=REGEX_TIMEOUT_SECONDS`` (60 s) to every ``finditer``; with a
    timeout the ``regex`` module checks the clock while matching, which makes a match about
    four times slower (~0.8 ms of the 1 KB prompt + answer, bench/RESULTS_PII.md). When the
    timeout expires, Presidio logs and skips the pattern: the value would pass in clear, so
    the timeout is no safety for a redactor anyway. What bounds the work is the text limit
    (``PiiConfig.max_text_chars``) and patterns without nested repetition. The matches are
    the same.
    """
    for module in _MODULES_WITH_REGEX_TIMEOUT:
        module.REGEX_TIMEOUT_SECONDS = None  # type: ignore[attr-defined]


class CachingRecognizerRegistry(RecognizerRegistry):
    """``get_recognizers`` answered from a cache while the registered recognizers stay."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._selection_cache: dict[tuple[Any, ...], list[EntityRecognizer]] = {}

    def get_recognizers(
        self,
        language: str,
        entities: list[str] | None = None,
        all_fields: bool = False,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
    ) -> list[EntityRecognizer]:
        """Presidio's selection; cached unless the call brings ad-hoc recognizers."""
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        key = (
            language,
            tuple(entities) if entities is not None else None,
            all_fields,
            tuple(map(id, self.recognizers)),
        )
        selected = self._selection_cache.get(key)
        if selected is None:
            selected = list(super().get_recognizers(language, entities, all_fields))
            if len(self._selection_cache) > 64:  # a changed registry leaves stale keys
                self._selection_cache.clear()
            self._selection_cache[key] = selected
        return list(selected)


def _overrides_enhancement(recognizer: EntityRecognizer) -> bool:
    method = type(recognizer).enhance_using_context
    return method is not EntityRecognizer.enhance_using_context


class LeanAnalyzerEngine(AnalyzerEngine):
    """``AnalyzerEngine`` whose context step groups results by recognizer in one pass."""

    def _enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Same results, in the same order, as Presidio's implementation."""
        by_recognizer: dict[str, list[RecognizerResult]] = {r.id: [] for r in recognizers}
        for result in raw_results:
            group = by_recognizer.get(result.recognition_metadata[_ID])
            if group is not None:  # Presidio drops results of recognizers not asked
                group.append(result)
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            own = by_recognizer[recognizer.id]
            if _overrides_enhancement(recognizer):
                own = recognizer.enhance_using_context(
                    text=text,
                    raw_recognizer_results=list(own),
                    other_raw_recognizer_results=[
                        r for r in raw_results if r.recognition_metadata[_ID] != recognizer.id
                    ],
                    nlp_artifacts=nlp_artifacts,
                    context=context,
                )
            results.extend(own)
        return self.context_aware_enhancer.enhance_using_context(
            text=text,
            raw_results=results,
            nlp_artifacts=nlp_artifacts,
            recognizers=recognizers,
            context=context,
        )
