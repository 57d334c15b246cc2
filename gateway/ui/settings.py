"""The ``[ui]`` configuration table of the officers' dashboard."""

from __future__ import annotations

from typing import Literal

import msgspec

from gateway.ui.session import DEFAULT_ABSOLUTE_TIMEOUT_S, DEFAULT_IDLE_TIMEOUT_S


class UiSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Dashboard settings (add as ``ui: UiSettings`` to ``gateway.settings.Settings``).

    Attributes:
        enabled: serve ``/ui/`` at all.
        api_key_login: offer the development login with an officer API key. Off by default:
            in production officers log in with OIDC.
        oidc_client_id: client id registered at the identity provider (authorization code
            flow with PKCE); empty disables the OIDC login button. Tokens are validated by
            the gateway's ``[oidc]`` settings (issuer, audience, JWKS).
        oidc_client_secret: client secret for a confidential client (empty: public client).
        oidc_client_secret_file: read the client secret from this file instead (a mounted
            container secret); wins if set.
        oidc_authorization_endpoint: the provider's authorization endpoint.
        oidc_token_endpoint: the provider's token endpoint (https, plain http only on
            loopback).
        oidc_scope: scopes requested.
        oidc_redirect_uri: the callback URL registered at the provider; empty derives
            ``<base URL>/ui/login/callback`` from the request.
        oidc_timeout_s: timeout of the token request.
        secure_cookies: ``auto`` marks cookies ``Secure`` when the request came over https
            (behind a TLS proxy run uvicorn with ``--proxy-headers``); ``always`` forces it.
        session_idle_timeout_s: a session unused this long ends.
        session_absolute_timeout_s: a session ends this long after login, used or not.
        page_size: default number of rows per page.
        session_store: where sessions and CSRF tokens live: ``auto`` (Redis when
            ``[rate_limit] store = "redis"``, else the database: PostgreSQL or the SQLite
            file), ``database``, ``redis``, or ``memory`` (one process only).
    """

    enabled: bool = True
    api_key_login: bool = False
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_client_secret_file: str = ""
    oidc_authorization_endpoint: str = ""
    oidc_token_endpoint: str = ""
    oidc_scope: str = "openid"
    oidc_redirect_uri: str = ""
    oidc_timeout_s: float = 5.0
    secure_cookies: Literal["auto", "always"] = "auto"
    session_idle_timeout_s: int = DEFAULT_IDLE_TIMEOUT_S
    session_absolute_timeout_s: int = DEFAULT_ABSOLUTE_TIMEOUT_S
    page_size: int = msgspec.field(default=50)
    session_store: Literal["auto", "database", "redis", "memory"] = "auto"

    @property
    def oidc_login(self) -> bool:
        """True if the OIDC login is configured."""
        return bool(
            self.oidc_client_id and self.oidc_authorization_endpoint and self.oidc_token_endpoint
        )
