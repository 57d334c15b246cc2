from __future__ import annotations

import re
from collections import Counter

import pytest

from explain import AccessCodeHasher, DecisionStoreError, generate_access_code
from explain.access_codes import ALPHABET, normalize_access_code

HASHER = AccessCodeHasher(secret=b"k" * 32)


def test_when_generated_then_grouped_crockford_with_100_bits() -> None:
    codes = {generate_access_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}", code)
    assert len(ALPHABET) == 32  # 20 chars x 5 bits


def test_when_many_codes_are_generated_then_every_character_is_about_equally_likely() -> None:
    # 2,000 codes x 20 characters = 40,000 draws, 1,250 expected per character. A biased
    # mapping (e.g. a modulo that does not divide 256) skews or skips characters.
    counts = Counter(ch for _ in range(2000) for ch in generate_access_code().replace("-", ""))
    assert set(counts) == set(ALPHABET)
    assert all(1070 <= n <= 1430 for n in counts.values()), counts  # ±5 sigma


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("abcde-fghjk", "ABCDEFGHJK"),
        (" 0o1il u ", "00111V"),
        ("7KQ2M X9D4P", "7KQ2MX9D4P"),
    ],
)
def test_when_code_typed_loosely_then_normalized(typed: str, normalized: str) -> None:
    assert normalize_access_code(typed) == normalized


@pytest.mark.parametrize(
    ("decision_id", "code", "stored_for", "ok"),
    [
        ("d1", "ABCDE-00000", ("d1", "ABCDE-00000"), True),
        ("d1", "abcde 0oooo", ("d1", "ABCDE-00000"), True),
        ("d1", "ABCDE-00001", ("d1", "ABCDE-00000"), False),
        ("d2", "ABCDE-00000", ("d1", "ABCDE-00000"), False),  # bound to the decision id
        ("d1", "ABCDE-00000", None, False),
    ],
)
def test_when_verified_then_only_the_right_code_for_that_decision(
    decision_id: str, code: str, stored_for: tuple[str, str] | None, ok: bool
) -> None:
    stored = None if stored_for is None else HASHER.hash(*stored_for)
    assert HASHER.verify(decision_id, code, stored) is ok


def test_when_other_secret_then_hash_differs() -> None:
    other = AccessCodeHasher(secret=b"x" * 32)
    assert other.hash("d1", "ABCDE") != HASHER.hash("d1", "ABCDE")
    assert "ABCDE" not in HASHER.hash("d1", "ABCDE")


def test_when_secret_short_then_refused() -> None:
    with pytest.raises(DecisionStoreError):
        AccessCodeHasher(secret=b"x" * 31)
