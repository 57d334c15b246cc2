"""Offline spaCy pipelines for Presidio's NLP engine.

No spaCy model can be downloaded here, so each language gets a *blank* pipeline
(tokenizer only) saved to disk once and loaded through Presidio's ``SpacyNlpEngine``.
Blank pipelines leave ``token.lemma_`` empty, which silently disables Presidio's
context words (the enhancer compares lemmas); the ``leitplanke_lemma`` component fills
the lemma with the lower-cased text so context words work.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc

LEMMA_COMPONENT = "leitplanke_lemma"
DEFAULT_CACHE_DIR = Path("~/.cache/leitplanke/spacy")
# Bump when the saved pipeline layout changes so stale caches are rebuilt.
PIPELINE_VERSION = "1"


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

