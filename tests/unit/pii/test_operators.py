"""Per-entity operators: replace (default), mask, hash with a secret salt, encrypt."""

from __future__ import annotations

import re

import pytest

from pii.engine import PresidioRedactor, build_redactor
from pii.errors import MAPPING_INVALID, MISSING_SECRET, UNKNOWN_OPERATOR, PiiConfigError, PiiError
from pii.types import PiiConfig

TEXT = "Mail an erika.mustermann@example.de, Tel. +49 170 1234567."
EMAIL = "erika.mustermann@example.de"


@pytest.fixture(scope="module")
def configured(nlp_cache_dir: str) -> PresidioRedactor:
    return build_redactor(
        PiiConfig(
            nlp_cache_dir=nlp_cache_dir,
            placeholder_salt="secret-one",
            entity_operators={"EMAIL_ADDRESS": "hash", "PHONE_NUMBER": "mask", "PERSON": "encrypt"},
        )
    )


def test_when_mask_then_every_character_starred(configured: PresidioRedactor) -> None:
    redacted = configured.new_session().redact(TEXT)

    assert "Tel. " + "*" * len("+49 170 1234567") + "." in redacted


def test_when_hash_then_stable_across_sessions_and_not_the_value(
    configured: PresidioRedactor,
) -> None:
    first = configured.new_session().redact(TEXT)
    second = configured.new_session().redact(TEXT)

    token = re.search(r"<EMAIL_ADDRESS_h[0-9a-f]{16}>", first)
    assert token is not None
    assert token.group() in second
    assert EMAIL not in first


def test_when_hash_secret_differs_then_hash_differs(
    configured: PresidioRedactor, nlp_cache_dir: str
) -> None:
    other = build_redactor(
        PiiConfig(
            nlp_cache_dir=nlp_cache_dir,
            placeholder_salt="secret-two",
            entity_operators={"EMAIL_ADDRESS": "hash"},
        )
    )

    assert configured.new_session().redact(TEXT) != other.new_session().redact(TEXT)


def test_when_encrypted_then_any_session_with_secret_restores(
    configured: PresidioRedactor,
) -> None:
    redacted = configured.new_session().redact("Mein Name ist Erika Mustermann.")

    assert "Erika" not in redacted
    assert configured.new_session().restore(redacted) == "Mein Name ist Erika Mustermann."


def test_when_encrypted_token_tampered_then_not_restored(configured: PresidioRedactor) -> None:
    redacted = configured.new_session().redact("Mein Name ist Erika Mustermann.")
    token = re.search(r"<PERSON_e([A-Za-z0-9_-]+)>", redacted)
    assert token is not None
    tampered = redacted.replace(token.group(1), token.group(1)[:-2] + "AA")

    assert configured.new_session().restore(tampered) == tampered


@pytest.mark.parametrize(
    ("operators", "secret", "message"),
    [
        ({"PERSON": "shred"}, "s", UNKNOWN_OPERATOR.format(operator="shred", entity="PERSON")),
        ({"PERSON": "hash"}, "", MISSING_SECRET.format(operator="hash")),
        ({"PERSON": "encrypt"}, "", MISSING_SECRET.format(operator="encrypt")),
    ],
)
def test_when_operator_config_invalid_then_config_error(
    nlp_cache_dir: str, operators: dict[str, str], secret: str, message: str
) -> None:
    config = PiiConfig(
        nlp_cache_dir=nlp_cache_dir, placeholder_salt=secret, entity_operators=operators
    )

    with pytest.raises(PiiConfigError, match=re.escape(message)):
        build_redactor(config)


def test_when_mapping_exported_then_resumed_session_restores(
    redactor: PresidioRedactor,
) -> None:
    session = redactor.new_session()
    redacted = session.redact("Mein Name ist Erika Mustermann.")

    exported = session.export_mapping()
    resumed = redactor.resume_session(exported)

    assert "Erika" not in exported
    assert resumed.restore(redacted) == "Mein Name ist Erika Mustermann."
    assert resumed.redact("Frau Max Müller") == "Frau <PERSON_2>"


def test_when_export_tampered_then_resume_refused(redactor: PresidioRedactor) -> None:
    session = redactor.new_session()
    session.redact("Mein Name ist Erika Mustermann.")
    exported = session.export_mapping()

    with pytest.raises(PiiError, match=re.escape(MAPPING_INVALID)):
        redactor.resume_session(exported[:-4] + "AAAA")


def test_when_operator_keep_then_type_not_redacted(nlp_cache_dir: str) -> None:
    redactor = build_redactor(
        PiiConfig(nlp_cache_dir=nlp_cache_dir, entity_operators={"DATE_TIME": "keep"})
    )
    text = "Seit dem 1. Januar 2025 wohne ich hier, Mail max@example.org."

    assert redactor.new_session().redact(text) == (
        "Seit dem 1. Januar 2025 wohne ich hier, Mail <EMAIL_ADDRESS_1>."
    )
