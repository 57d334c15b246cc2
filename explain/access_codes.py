"""Citizen access codes: high entropy, human-typable, stored only as a keyed hash.

A code is 20 Crockford base32 characters (100 bits) shown as ``XXXXX-XXXXX-XXXXX-XXXXX``.
With that much entropy a slow password hash buys nothing, so codes are hashed with
HMAC-SHA256 under a server secret (bound to the decision id) and compared in constant time;
a leaked database alone does not allow checking guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from explain.errors import DecisionStoreError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
assert 256 % len(ALPHABET) == 0, "byte % len(ALPHABET) must stay uniform"
CODE_CHARS = 20
GROUP = 5
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
MIN_SECRET_BYTES = 32
# Long enough for objection and review periods after the written notice arrives.
DEFAULT_ACCESS_CODE_VALIDITY = timedelta(days=180)


def generate_access_code() -> str:
    """A new random access code, e.g. ``7KQ2M-X9D4P-...``.

    One read of the OS random source for all characters (``secrets.choice`` per character
    costs a system call each): 32 divides 256, so ``byte % 32`` is uniform over the alphabet.
    """
    chars = "".join(ALPHABET[byte % len(ALPHABET)] for byte in secrets.token_bytes(CODE_CHARS))
    return "-".join(chars[i : i + GROUP] for i in range(0, CODE_CHARS, GROUP))


def normalize_access_code(code: str) -> str:
    """Upper-case, drop spaces and dashes, map look-alike letters (I/L->1, O->0, U->V)."""
    return "".join(ch for ch in code.upper() if ch not in " -\t").translate(_CONFUSABLE)


class AccessCodeHasher:
    """HMAC-SHA256 of (decision id, normalised code) under a server secret."""

    def __init__(self, *, secret: bytes) -> None:
        if len(secret) < MIN_SECRET_BYTES:
            raise DecisionStoreError(f"access code secret needs at least {MIN_SECRET_BYTES} bytes")
        self._secret = secret

    def hash(self, decision_id: str, code: str) -> str:
        """Hex digest stored instead of the code."""
        message = f"{decision_id}\x00{normalize_access_code(code)}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def verify(self, decision_id: str, code: str, stored: str | None) -> bool:
        """Constant-time check; with ``stored`` None it still does the same work."""
        expected = self.hash(decision_id, code)
        return hmac.compare_digest(expected, stored if stored is not None else "0" * 64) and (
            stored is not None
        )
