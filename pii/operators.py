"""Per-entity pseudonymization operators: replace, mask, hash, encrypt.

* ``replace`` (default): ``<PERSON_1>``; restorable within the session.
* ``mask``: every character replaced by ``*``; not restorable.
* ``hash``: ``<PERSON_h3f2a…>``, HMAC-SHA256 with the secret salt (stable across requests).
* ``encrypt``: ``<PERSON_e…>``, AES-GCM under a key derived from the secret; restorable by
  anyone holding the secret, so the mapping can be persisted without storing values.
* ``keep``: the type is not redacted at all (e.g. ``DATE_TIME`` where dates matter).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Literal, cast, get_args

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pii.errors import MISSING_SECRET, UNKNOWN_OPERATOR, PiiConfigError

OperatorName = Literal["replace", "mask", "hash", "encrypt", "keep"]
OPERATORS: tuple[str, ...] = get_args(OperatorName)
HASH_CHARS = 16


def parse_operators(entity_operators: dict[str, str], secret: str) -> dict[str, OperatorName]:
    """Validates ``PiiConfig.entity_operators``.

    Raises:
        PiiConfigError: unknown operator, or hash/encrypt without a secret.
    """
    parsed: dict[str, OperatorName] = {}
    for entity, operator in entity_operators.items():
        if operator not in OPERATORS:
            raise PiiConfigError(UNKNOWN_OPERATOR.format(operator=operator, entity=entity))
        if operator in ("hash", "encrypt") and not secret:
            raise PiiConfigError(MISSING_SECRET.format(operator=operator))
        parsed[entity] = cast(OperatorName, operator)
    return parsed


class Crypto:
    """Keyed hashing and authenticated encryption derived from one secret."""

    def __init__(self, secret: str) -> None:
        material = secret.encode("utf-8")
        self._hash_key = hmac.new(material, b"leitplanke-pii-hash", hashlib.sha256).digest()
        self._aead = AESGCM(hmac.new(material, b"leitplanke-pii-aead", hashlib.sha256).digest())

    def digest(self, entity: str, value: str) -> str:
        """Returns a short, stable keyed hash of ``value``."""
        mac = hmac.new(self._hash_key, f"{entity}\x00{value}".encode(), hashlib.sha256)
        return mac.hexdigest()[:HASH_CHARS]

    def encrypt(self, entity: str, value: str) -> str:
        """Encrypts ``value`` (entity type as associated data) into URL-safe text."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), entity.encode())
        return base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")

    def decrypt(self, entity: str, token: str) -> str | None:
        """Decrypts a token from :meth:`encrypt`; ``None`` if it is not authentic."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            return self._aead.decrypt(raw[:12], raw[12:], entity.encode()).decode("utf-8")
        except (ValueError, InvalidTag, UnicodeDecodeError):
            return None
