"""A TEST authorization server on loopback (OIDC authorization code flow with PKCE).

Never use it outside tests. It wraps a ``TestIssuer``: ``/authorize`` approves at once (no
login form) the person set in ``next_claims`` and redirects back with a one-time code;
``/token`` checks the code, client id, redirect URI and PKCE verifier and answers with an
access token minted by the issuer; ``/jwks`` publishes the issuer's keys.

Typical use::

    with TestAuthServer(TestIssuer()) as server:
        server.next_claims = {"roles": ["compliance-officer"], "services": ["*"]}
        ...  # configure the gateway with server.jwks_url, server.authorize_url, ...
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.oidc_issuer import TestIssuer

TEST_CLIENT_ID = "leitplanke-dashboard"


@dataclass(frozen=True)
class _Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    claims: dict[str, Any]


class TestAuthServer:
    """TEST authorization + token endpoint for one client; a context manager."""

    __test__ = False

    def __init__(self, issuer: TestIssuer, *, client_id: str = TEST_CLIENT_ID) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self.next_claims: dict[str, Any] = {}
        self.token_requests: list[dict[str, str]] = []
        self.authorize_requests: list[dict[str, str]] = []
        self.fail_token_endpoint = False
        self._grants: dict[str, _Grant] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def authorize_url(self) -> str:
        return f"{self.base_url}/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/token"

    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}/jwks"

    def __enter__(self) -> TestAuthServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(
                self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/jwks":
                    body = json.dumps(server.issuer.jwks()).encode()
                    self._send(200, body, {"Content-Type": "application/json"})
                elif url.path == "/authorize":
                    self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
                else:
                    self._send(404)

            def _authorize(self, params: dict[str, str]) -> None:
                server.authorize_requests.append(params)
                if (
                    params.get("client_id") != server.client_id
                    or params.get("response_type") != "code"
                    or params.get("code_challenge_method") != "S256"
                    or not params.get("code_challenge")
                    or not params.get("redirect_uri")
                ):
                    self._send(400, b"bad authorization request")
                    return
                code = secrets.token_urlsafe(16)
                server._grants[code] = _Grant(
                    client_id=params["client_id"],
                    redirect_uri=params["redirect_uri"],
                    challenge=params["code_challenge"],
                    claims=dict(server.next_claims),
                )
                target = (
                    params["redirect_uri"]
                    + "?"
                    + urlencode({"code": code, "state": params.get("state", "")})
                )
                self._send(302, headers={"Location": target})

            def do_POST(self) -> None:
                if urlsplit(self.path).path != "/token":
                    self._send(404)
                    return
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                server.token_requests.append(form)
                grant = server._grants.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = (
                    base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                    .rstrip(b"=")
                    .decode()
                )
                if (
                    server.fail_token_endpoint
                    or grant is None
                    or form.get("grant_type") != "authorization_code"
                    or form.get("client_id") != grant.client_id
                    or form.get("redirect_uri") != grant.redirect_uri
                    or challenge != grant.challenge
                ):
                    body = json.dumps({"error": "invalid_grant"}).encode()
                    self._send(400, body, {"Content-Type": "application/json"})
                    return
                token = server.issuer.mint(**grant.claims)
                body = json.dumps(
                    {"access_token": token, "token_type": "Bearer", "expires_in": 300}
                ).encode()
                self._send(200, body, {"Content-Type": "application/json"})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
