"""Offline spaCy pipelines for Presidio's NLP engine.

No spaCy model can be downloaded here, so each language gets a *blank* pipeline
(tokenizer only) saved to disk once and loaded through Presidio's ``SpacyNlpEngine``.
Blank pipelines leave ``token.lemma_`` empty, which silently disables Presidio's
context words (the enhancer compares lemmas); the ``leitplanke_lemma`` component fills
the lemma with the lower-cased text so context words work.

:class:`ArrayNlpEngine` is Presidio's ``SpacyNlpEngine`` with the same ``NlpArtifacts``,
built from spaCy's token arrays instead of one Python token object (and two vocabulary
lookups for the keywords) per token; that was a quarter of an analysis.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc

LEMMA_COMPONENT = "leitplanke_lemma"
DEFAULT_CACHE_DIR = Path("~/.cache/leitplanke/spacy")
# Bump when the saved pipeline layout changes so stale caches are rebuilt.
PIPELINE_VERSION = "1"
# Keyword cache entries per language before it is emptied (bounds memory on odd input).
KEYWORD_CACHE_LIMIT = 100_000
# Presidio's NlpArtifacts.set_keywords drops these lemmas besides stop words and punctuation.
_NOT_KEYWORDS = ("-PRON-", "be")


@Language.component(LEMMA_COMPONENT)
def lower_case_lemma(doc: Doc) -> Doc:
    """Sets every token's lemma to its lower-cased text (blank pipelines have none)."""
    if len(doc):
        # One vectorised copy of the LOWER hash ids into LEMMA (no Python loop per token).
        lower: Any = doc.to_array([LOWER]).reshape(-1, 1)
        doc.from_array([LEMMA], lower)
    return doc


def cache_dir(configured: str) -> Path:
    """Returns the directory holding the saved blank pipelines."""
    return Path(configured).expanduser() if configured else DEFAULT_CACHE_DIR.expanduser()


def blank_pipeline_path(language: str, configured_dir: str) -> Path:
    """Saves (once) and returns the path of the blank pipeline for ``language``.

    Args:
        language: ISO code such as ``"de"``.
        configured_dir: ``PiiConfig.nlp_cache_dir``; empty means the per-user default.

    Returns:
        A directory ``spacy.load`` accepts.
    """
    target = cache_dir(configured_dir) / f"blank_{language}_v{PIPELINE_VERSION}"
    if (target / "config.cfg").exists():
        return target
    nlp = spacy.blank(language)
    nlp.add_pipe(LEMMA_COMPONENT)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary directory and rename, so concurrent starts never see half a pipeline.
    tmp = target.with_name(f"{target.name}.tmp{os.getpid()}")
    nlp.to_disk(tmp)
    try:
        tmp.rename(target)
    except OSError:
        if not (target / "config.cfg").exists():
            raise
    return target


def ner_pipeline_path(model: str, configured_dir: str) -> Path:
    """Saves (once) a copy of an installed NER pipeline with lemmas guaranteed.

    Args:
        model: an installed spaCy package name or a pipeline directory.
        configured_dir: ``PiiConfig.nlp_cache_dir``.

    Returns:
        A directory ``spacy.load`` accepts; the original if it already lemmatizes.
    """
    nlp = spacy.load(model)
    if "lemmatizer" in nlp.pipe_names:
        return Path(model)
    safe = "".join(ch if ch.isalnum() else "_" for ch in model)[-80:]
    target = cache_dir(configured_dir) / f"ner_{safe}_v{PIPELINE_VERSION}"
    if (target / "config.cfg").exists():
        return target
    nlp.add_pipe(LEMMA_COMPONENT, last=True)
    tmp = target.with_name(f"{target.name}.tmp{os.getpid()}")
    nlp.to_disk(tmp)
    try:
        tmp.rename(target)
    except OSError:
        if not (target / "config.cfg").exists():
            raise
    return target


def nlp_engine_configuration(
    languages: tuple[str, ...], configured_dir: str, ner_model: str = ""
) -> dict[str, object]:
    """Builds the ``NlpEngineProvider`` configuration for the given languages.

    Args:
        languages: language codes to load.
        configured_dir: ``PiiConfig.nlp_cache_dir``.
        ner_model: an installed spaCy package used instead of the blank German pipeline.

    Returns:
        A dict for ``NlpEngineProvider(nlp_configuration=...)``.
    """
    models = []
    for language in languages:
        if ner_model and language == "de":
            name = str(ner_pipeline_path(ner_model, configured_dir))
        else:
            name = str(blank_pipeline_path(language, configured_dir))
        models.append({"lang_code": language, "model_name": name})
    return {
        "nlp_engine_name": "spacy",
        "models": models,
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": {
                "PER": "PERSON",
                "PERSON": "PERSON",
                "LOC": "LOCATION",
                "GPE": "LOCATION",
            },
            "low_confidence_score_multiplier": 0.4,
            "low_score_entity_names": [],
            "labels_to_ignore": ["MISC", "ORG", "O"],
        },
    }


class ArrayNlpEngine(SpacyNlpEngine):
    """``SpacyNlpEngine`` whose artifacts are built from token arrays, with cached keywords.

    Produces the same ``NlpArtifacts`` (entities, scores, token offsets, lemmas, keywords)
    as Presidio's engine; ``tests/unit/pii/test_nlp.py`` compares the two on the corpus.
    """

    def __init__(
        self,
        models: list[dict[str, str]],
        ner_model_configuration: NerModelConfiguration | None = None,
    ) -> None:
        super().__init__(models=models, ner_model_configuration=ner_model_configuration)
        # language -> lemma -> its keyword parts (empty when it is no keyword)
        self._keyword_parts: dict[str, dict[str, tuple[str, ...]]] = {}

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        columns = doc.to_array([IDX, LEMMA]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        lemmas = [strings[lemma] for _, lemma in columns]
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        artifacts = NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[idx for idx, _ in columns],
            lemmas=lemmas,
            nlp_engine=None,  # no engine: Presidio's per-token keyword pass is skipped ...
            language=language,
            scores=scores,
        )
        artifacts.keywords = self._keywords(lemmas, language)  # ... and done here, cached
        artifacts.nlp_engine = self
        return artifacts

    def _keywords(self, lemmas: list[str], language: str) -> list[str]:
        """Presidio's ``NlpArtifacts.set_keywords`` with a per-lemma cache."""
        cache = self._keyword_parts.setdefault(language, {})
        if len(cache) > KEYWORD_CACHE_LIMIT:
            cache.clear()
        keywords: list[str] = []
        for lemma in lemmas:
            parts = cache.get(lemma)
            if parts is None:
                lexeme = self.nlp[language].vocab[lemma]  # type: ignore[index]
                keep = not lexeme.is_stop and not lexeme.is_punct and lemma not in _NOT_KEYWORDS
                parts = tuple(lemma.lower().split(":")) if keep else ()
                cache[lemma] = parts
            keywords.extend(parts)
        return keywords


def build_nlp_engine(
    languages: tuple[str, ...], configured_dir: str, ner_model: str = ""
) -> ArrayNlpEngine:
    """The loaded NLP engine for ``languages`` (see :func:`nlp_engine_configuration`)."""
    configuration = nlp_engine_configuration(languages, configured_dir, ner_model)
    engine = ArrayNlpEngine(
        models=configuration["models"],  # type: ignore[arg-type]
        ner_model_configuration=NerModelConfiguration.from_dict(
            configuration["ner_model_configuration"]  # type: ignore[arg-type]
        ),
    )
    engine.load()
    return engine
