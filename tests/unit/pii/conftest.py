"""Fixtures of the PII tests: one redactor per test session (building it takes ~1 s)."""

from __future__ import annotations

import dataclasses
import os

import pytest

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from pii.conversation import Conversation
from pii.engine import PresidioRedactor, build_redactor
from pii.lexicon import load_lexicon
from pii.recognizers.person import find_names
from pii.types import PiiConfig

TEST_SECRET = "test-secret-not-for-production"


@pytest.fixture(scope="session")
def nlp_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private directory for the saved blank spaCy pipelines."""
    return str(tmp_path_factory.mktemp("spacy"))


@pytest.fixture(scope="session")
def redactor(nlp_cache_dir: str) -> PresidioRedactor:
    """The default redactor (German first, English second)."""
    return build_redactor(PiiConfig(nlp_cache_dir=nlp_cache_dir, placeholder_salt=TEST_SECRET))


def redact_all(redactor: PresidioRedactor, texts: list[str]) -> list[str]:
    """Each text as the gateway redacts it within one conversation (one request)."""
    conversation = Conversation(redactor.new_session())
    for text in texts:
        conversation.collect(text)
    return [conversation.redact(text) for text in texts]


def rule_names(text: str, language: str = "de") -> list[str]:
    """The names ``find_names`` (the person rules) finds in ``text``, with the lexicon
    PersonRecognizer uses for ``language`` (German nouns say nothing about English words)."""
    lexicon = load_lexicon()
    if language != "de":
        lexicon = dataclasses.replace(lexicon, nouns=frozenset())
    return [text[s.start : s.end] for s in find_names(text, lexicon)]
