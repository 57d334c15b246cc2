"""The citizen's form token: round trip, binding to the decision, expiry, tampering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from explain.form_token import FORM_TOKEN_TTL, CitizenFormTokens

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
CODE = "7KQ2M-X9D4P-ABCDE-FGH12"


def test_when_token_issued_then_opens_to_the_code_and_hides_it() -> None:
    tokens = CitizenFormTokens(b"k" * 32)
    token = tokens.issue("dec-1", CODE, now=T0)
    assert CODE not in token and CODE.replace("-", "") not in token
    assert tokens.open("dec-1", token, now=T0 + FORM_TOKEN_TTL - timedelta(seconds=1)) == CODE


@pytest.mark.parametrize(
    ("decision_id", "moment", "secret"),
    [("dec-2", T0, b"k" * 32), ("dec-1", T0 + FORM_TOKEN_TTL, b"k" * 32),
     ("dec-1", T0, b"x" * 32)],
)
def test_when_other_decision_expired_or_other_secret_then_none(
    decision_id: str, moment: datetime, secret: bytes
) -> None:
    token = CitizenFormTokens(b"k" * 32).issue("dec-1", CODE, now=T0)
    assert CitizenFormTokens(secret).open(decision_id, token, now=moment) is None


@pytest.mark.parametrize("bad", ["", "abc", "!!!", "A" * 300])
def test_when_token_malformed_then_none(bad: str) -> None:
    assert CitizenFormTokens(b"k" * 32).open("dec-1", bad, now=T0) is None


def test_when_token_bit_flipped_then_none() -> None:
    tokens = CitizenFormTokens(b"k" * 32)
    token = tokens.issue("dec-1", CODE, now=T0)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert tokens.open("dec-1", flipped, now=T0) is None
