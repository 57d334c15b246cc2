"""The labelled PII corpus (tests/pii/corpus/*.jsonl), for tests that compare two scans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pii.normalize import normalize

CORPUS = Path(__file__).resolve().parents[2] / "pii" / "corpus"


def corpus_samples() -> list[dict[str, Any]]:
    """Every labelled message (``text``, ``lang``, ``spans``) of every corpus file."""
    return [
        json.loads(line)
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def corpus_texts(*, normalized: bool) -> list[str]:
    """The corpus messages, as written or as the analyzer sees them after normalisation."""
    texts = [sample["text"] for sample in corpus_samples()]
    return [normalize(text).text for text in texts] if normalized else texts
