"""A short-lived token that carries the citizen's access code from page to form.

After the citizen typed the access code once, the page's forms (review request, language
switch, back from the confirmation) carry this token in a hidden field instead of asking for
the code again. The token is the access code sealed with AES-256-GCM under a key derived from
the store secret, bound to the decision id and an expiry (associated data), so it

* never shows the code in the page source or the browser history,
* works only for this decision and only for :data:`FORM_TOKEN_TTL`,
* is unguessable and present only in the page served to the citizen, so it also serves as
  the form's CSRF token (a cross-site form cannot know it).

The gateway opens it back into the code and then checks the code exactly as before (rate
limit, constant time, expiry), so a token grants nothing the code would not.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORM_TOKEN_TTL = timedelta(minutes=60)
MAX_TOKEN_CHARS = 200


class CitizenFormTokens:
    """Seals and opens form tokens (see the module docstring)."""

    def __init__(self, secret: bytes, *, ttl: timedelta = FORM_TOKEN_TTL) -> None:
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None,
            info=b"leitplanke citizen form token v1",
        ).derive(secret)
        self._aead = AESGCM(key)
        self._ttl = ttl

    def issue(self, decision_id: str, access_code: str, *, now: datetime | None = None) -> str:
        """A token for ``decision_id`` carrying ``access_code``, valid for the TTL."""
        expires = int(((now or datetime.now(UTC)) + self._ttl).timestamp())
        head = struct.pack(">Q", expires)
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, access_code.encode(), head + decision_id.encode())
        return base64.urlsafe_b64encode(head + nonce + sealed).decode().rstrip("=")

    def open(self, decision_id: str, token: str, *, now: datetime | None = None) -> str | None:
        """The access code, or None if the token is malformed, forged, foreign or expired."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            return None
        if len(raw) < 8 + 12 + 16:
            return None
        head, nonce, sealed = raw[:8], raw[8:20], raw[20:]
        (expires,) = struct.unpack(">Q", head)
        if (now or datetime.now(UTC)).timestamp() >= expires:
            return None
        try:
            return self._aead.decrypt(nonce, sealed, head + decision_id.encode()).decode()
        except (InvalidTag, UnicodeDecodeError):
            return None
