"""Analysis in worker processes: same results, sessions stay local, fails closed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pii.errors import PiiEngineError, TextTooLargeError
from pii.pool import PooledRedactor, build_pooled_redactor
from pii.types import PiiConfig

TEXT = "Mein Name ist Erika Mustermann, E-Mail erika.mustermann@example.de."


@pytest.fixture(scope="module")
def pooled(nlp_cache_dir: str) -> Iterator[PooledRedactor]:
    redactor = build_pooled_redactor(
        PiiConfig(nlp_cache_dir=nlp_cache_dir, max_text_chars=1000), workers=1
    )
    yield redactor
    redactor.close()


def test_when_pooled_then_same_redaction_and_local_restore(pooled: PooledRedactor) -> None:
    session = pooled.new_session()

    redacted = session.redact(TEXT)

    assert redacted == "Mein Name ist <PERSON_1>, E-Mail <EMAIL_ADDRESS_1>."
    assert session.restore(redacted) == TEXT
    assert pooled.ping() is True


def test_when_text_too_large_then_refused_before_worker(pooled: PooledRedactor) -> None:
    with pytest.raises(TextTooLargeError):
        pooled.new_session().redact("x" * 1001)


def test_when_pool_closed_then_engine_error_and_not_ready(nlp_cache_dir: str) -> None:
    redactor = PooledRedactor(config=PiiConfig(nlp_cache_dir=nlp_cache_dir), workers=1)
    redactor.close()

    with pytest.raises(PiiEngineError):
        redactor.new_session().redact(TEXT)
    assert redactor.ping() is False
