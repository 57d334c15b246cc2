"""A configured spaCy NER pipeline is used as an extra PERSON/LOCATION signal."""

from __future__ import annotations

from pathlib import Path

import spacy

from pii.engine import build_redactor
from pii.types import PiiConfig

TEXT = "Gestern kam Quxa Zorbanek vorbei."


def _ner_pipeline(directory: Path) -> str:
    # A rule-based "NER model": the same interface (doc.ents) as a trained one.
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Quxa Zorbanek"}])
    nlp.to_disk(directory)
    return str(directory)


def test_when_no_ner_model_then_unknown_name_without_cue_kept(nlp_cache_dir: str) -> None:
    redactor = build_redactor(
        PiiConfig(nlp_cache_dir=nlp_cache_dir, languages=("de",), name_detector=False)
    )

    assert redactor.new_session().redact(TEXT) == TEXT


def test_when_ner_model_configured_then_its_entities_redacted(
    nlp_cache_dir: str, tmp_path: Path
) -> None:
    model = _ner_pipeline(tmp_path / "ner")
    redactor = build_redactor(
        PiiConfig(
            nlp_cache_dir=nlp_cache_dir,
            languages=("de",),
            spacy_ner_model=model,
            name_detector=False,
        )
    )

    assert redactor.new_session().redact(TEXT) == "Gestern kam <PERSON_1> vorbei."
