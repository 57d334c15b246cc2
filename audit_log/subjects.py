"""Data-subject pseudonyms and per-subject encryption of personal fields.

Pseudonyms are keyed HMAC-SHA-256 values: stable for one key, useless without it. Personal
fields are sealed with AES-256-GCM under a random key per subject; destroying that key
(``AuditStore.erase_subject``) makes the ciphertext unreadable while the hash chain, which
covers only the ciphertext's digest, still verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from audit_log import errors

PSEUDONYM_PREFIX = "sp1_"
KEY_TOO_SHORT = "pseudonym key must be at least 32 bytes"
CIPHERTEXT_INVALID = "personal fields could not be decrypted"


class SubjectPseudonymizer:
    """Turns a subject identifier (e.g. a case or citizen id) into a stable pseudonym."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise errors.AuditError(KEY_TOO_SHORT)
        self._key = key

    def pseudonym(self, subject_id: str, *, domain: str = "subject") -> str:
        """``sp1_`` + 32 hex digits of HMAC-SHA-256(key, domain || 0x00 || subject_id)."""
        mac = hmac.new(self._key, domain.encode() + b"\x00" + subject_id.encode(), hashlib.sha256)
        return PSEUDONYM_PREFIX + mac.hexdigest()[:32]


def new_subject_key() -> bytes:
    """Fresh random AES-256 key."""
    return AESGCM.generate_key(bit_length=256)


def _aad(record_id: str, subject: str, key_id: str) -> bytes:
    return f"leitplanke-audit-personal/v1|{record_id}|{subject}|{key_id}".encode()


def seal(
    *, key: bytes, key_id: str, record_id: str, subject: str, fields: Mapping[str, str]
) -> str:
    """Encrypt personal fields; base64(nonce || ciphertext), bound to record and subject."""
    nonce = os.urandom(12)
    plaintext = json.dumps(dict(fields), sort_keys=True, separators=(",", ":")).encode()
    ct = AESGCM(key).encrypt(nonce, plaintext, _aad(record_id, subject, key_id))
    return base64.b64encode(nonce + ct).decode()


def unseal(*, key: bytes, key_id: str, record_id: str, subject: str, sealed: str) -> dict[str, str]:
    """Decrypt what ``seal`` produced.

    Raises:
        AuditIntegrityError: the ciphertext or its binding was altered.
    """
    raw = base64.b64decode(sealed)
    try:
        plaintext = AESGCM(key).decrypt(raw[:12], raw[12:], _aad(record_id, subject, key_id))
    except InvalidTag as exc:
        raise errors.AuditIntegrityError(CIPHERTEXT_INVALID) from exc
    fields: dict[str, str] = json.loads(plaintext)
    return fields
