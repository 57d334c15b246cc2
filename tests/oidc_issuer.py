"""A local TEST ISSUER of OIDC tokens. Never use it outside tests.

``TestIssuer`` stands in for the identity provider (Keycloak, Entra ID, ...) that signs officer
tokens in production. It generates its own RSA and EC signing keys, publishes their public
halves as a JWKS (written to a file, or served over loopback HTTP), and mints tokens with any
claims -- including deliberately broken ones (expired, wrong audience, ``alg: none``, HMAC
signed with the public key, foreign key, tampered payload, ...) for the negative tests.

Typical use::

    issuer = TestIssuer()
    issuer.write_jwks(tmp_path / "jwks.json")
    token = issuer.mint(roles=["compliance-officer"], services=["wohngeld"])
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

TEST_ISSUER_URL = "https://test-issuer.leitplanke.invalid/realms/test"
TEST_AUDIENCE = "leitplanke-gateway"
KeyName = Literal["rsa", "ec"]
_ALG_FOR_KEY: dict[str, str] = {"rsa": "RS256", "ec": "ES256"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _json_segment(value: Mapping[str, Any]) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


class _SigningKey:
    def __init__(self, name: KeyName, kid: str) -> None:
        self.name = name
        self.kid = kid
        self.private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if name == "rsa"
            else ec.generate_private_key(ec.SECP256R1())
        )

    def public_jwk(self) -> dict[str, Any]:
        algorithm = (
            jwt.algorithms.RSAAlgorithm if self.name == "rsa" else jwt.algorithms.ECAlgorithm
        )
        jwk: dict[str, Any] = algorithm.to_jwk(self.private.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "alg": _ALG_FOR_KEY[self.name]})
        return jwk

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


class TestIssuer:
    """TEST ISSUER: signing keys, a JWKS and a token mint for tests."""

    __test__ = False  # not a pytest test class

    def __init__(
        self, *, issuer: str = TEST_ISSUER_URL, audience: str = TEST_AUDIENCE, kid_prefix: str = ""
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.keys: dict[KeyName, _SigningKey] = {
            "rsa": _SigningKey("rsa", f"{kid_prefix}test-rsa-1"),
            "ec": _SigningKey("ec", f"{kid_prefix}test-ec-1"),
        }
        self.jwks_requests = 0

    # ------------------------------------------------------------------ keys and JWKS

    def jwks(self) -> dict[str, Any]:
        """The public JWKS document of the current keys."""
        return {"keys": [key.public_jwk() for key in self.keys.values()]}

    def write_jwks(self, path: Path) -> Path:
        """Write the JWKS to ``path`` (atomically, so a reader never sees half a file)."""
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.jwks()), encoding="utf-8")
        tmp.replace(path)
        return path

    def rotate(self, name: KeyName = "rsa", *, kid: str) -> None:
        """Replace the ``name`` key by a fresh one with id ``kid`` (old tokens stop verifying)."""
        self.keys[name] = _SigningKey(name, kid)

    @contextmanager
    def serve_jwks(self) -> Iterator[str]:
        """Serve the (live) JWKS over loopback HTTP; yields its URL. Counts ``jwks_requests``."""
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                issuer.jwks_requests += 1
                body = json.dumps(issuer.jwks()).encode()
                self.send_response(200 if self.path == "/jwks" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/jwks"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

    # ------------------------------------------------------------------ tokens

    def claims(
        self,
        *,
        subject: str = "officer-7f3a",
        lifetime_s: int = 300,
        now: float | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A good claim set (an officer of ``demo-service``); ``extra`` overrides or adds claims,
        a value of ``None`` removes one."""
        issued = int(now if now is not None else time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": issued,
            "nbf": issued,
            "exp": issued + lifetime_s,
            "roles": ["compliance-officer"],
            "services": ["demo-service"],
        }
        claims.update(extra)
        return {name: value for name, value in claims.items() if value is not None}

    def mint(
        self,
        *,
        key: KeyName = "rsa",
        alg: str | None = None,
        headers: Mapping[str, Any] | None = None,
        kid: str | None = None,
        claims: Mapping[str, Any] | None = None,
        **claim_args: Any,
    ) -> str:
        """A token signed by this issuer's ``key``; ``claims`` replaces the default claim set,
        otherwise ``claim_args`` go to ``claims()``. ``kid=""`` omits the key id."""
        signing_key = self.keys[key]
        payload = dict(claims) if claims is not None else self.claims(**claim_args)
        header: dict[str, Any] = {"kid": signing_key.kid if kid is None else kid}
        if not header["kid"]:
            del header["kid"]
        header.update(headers or {})
        return jwt.encode(
            payload,
            signing_key.private,
            algorithm=alg or _ALG_FOR_KEY[key],
            headers=header,
        )

    def mint_unsigned(self, **claim_args: Any) -> str:
        """``alg: none`` with an empty signature (must be refused)."""
        header = {"alg": "none", "typ": "JWT", "kid": self.keys["rsa"].kid}
        return f"{_json_segment(header)}.{_json_segment(self.claims(**claim_args))}."

    def mint_hmac_with_public_key(self, key: KeyName = "rsa", **claim_args: Any) -> str:
        """HS256 keyed with the public key's PEM: the classic algorithm-confusion attack."""
        header = {"alg": "HS256", "typ": "JWT", "kid": self.keys[key].kid}
        signing_input = f"{_json_segment(header)}.{_json_segment(self.claims(**claim_args))}"
        mac = hmac.new(self.keys[key].public_pem(), signing_input.encode(), hashlib.sha256)
        return f"{signing_input}.{b64url(mac.digest())}"

    def mint_raw(
        self, header: Mapping[str, Any], payload_segment: str, key: KeyName = "rsa"
    ) -> str:
        """Sign an arbitrary (possibly non-JSON) payload segment with a real key."""
        signing_key = self.keys[key]
        full_header = {"alg": _ALG_FOR_KEY[key], "kid": signing_key.kid, **header}
        signing_input = f"{_json_segment(full_header)}.{payload_segment}"
        algorithm = jwt.algorithms.get_default_algorithms()[full_header["alg"]]
        signature = algorithm.sign(signing_input.encode(), signing_key.private)  # type: ignore[arg-type]
        return f"{signing_input}.{b64url(signature)}"


def tamper_payload(token: str, **changes: Any) -> str:
    """Re-encode the payload with ``changes`` but keep the original signature."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    return f"{header}.{_json_segment(claims)}.{signature}"
