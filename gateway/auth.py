"""Authentication, role guards and per-caller rate limits.

Credentials: ``Authorization: Bearer <token>``. A token shaped like a JWT is validated as an
OIDC bearer token (officers, admins, caseworkers) when OIDC is configured; anything else is an
API key resolved against the key store. Guards run before Litestar decodes the request body,
so unauthenticated or rate-limited callers cannot make the gateway do expensive work.

The time a guard takes (credential check, role, rate limit) is the request's ``auth`` stage:
``note_request_stage`` hands it to the stage histogram, ``Server-Timing`` and the trace.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any

import structlog
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from gateway.components import components_of
from gateway.errors import (
    AuthenticationError,
    ForbiddenError,
    RateLimitedError,
    ServiceUnavailableError,
)
from gateway.keys import ROLES, Identity, KeyStoreError, Role
from gateway.metrics import note_request_stage
from gateway.oidc import InvalidTokenError, JwksUnavailableError, OfficerIdentity, looks_like_jwt
from gateway.ratelimit import RateLimitStoreError

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Coroutine[Any, Any, None]]
INVALID_TOKEN = "invalid token"  # noqa: S105 - an error message, not a secret

log = structlog.get_logger("leitplanke.auth")


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The client's address as the server determined it (see ``server.forwarded_allow_ips``)."""
    return connection.client.host if connection.client else "unknown"


async def _identity_from_token(
    connection: ASGIConnection[Any, Any, Any, Any], token: str, wanted: tuple[Role, ...]
) -> Identity:
    components = components_of(connection)
    throttle = components.credential_throttle
    if throttle is None:
        return await _resolve(connection, token, wanted)
    address = client_address(connection)
    throttle.check(address)
    try:
        return await _resolve(connection, token, wanted)
    except AuthenticationError:
        try:
            await throttle.failed(address)
        except RateLimitStoreError:
            raise ServiceUnavailableError("rate-limit store unavailable") from None
        raise


async def _resolve(
    connection: ASGIConnection[Any, Any, Any, Any], token: str, wanted: tuple[Role, ...]
) -> Identity:
    components = components_of(connection)
    if components.oidc is not None and looks_like_jwt(token):
        try:
            officer: OfficerIdentity = await components.oidc.validate(token)
        except InvalidTokenError as exc:
            # The reason goes to the log only; the caller learns nothing beyond "invalid".
            log.info("auth.invalid_token", reason=exc.reason)
            raise AuthenticationError(INVALID_TOKEN) from None
        except JwksUnavailableError:
            raise ServiceUnavailableError("token signing keys unavailable") from None
        granted = [r for r in officer.roles if r in ROLES]
        if not granted:
            raise ForbiddenError("the token grants no Leitplanke role")
        role = next((r for r in granted if r in wanted), granted[0])
        connection.scope["state"]["officer"] = officer
        return Identity(
            key_id=f"oidc:{officer.subject}",
            name=officer.subject,
            role=role,
            services=officer.scopes,
        )
    try:
        identity: Identity | None = await components.keys.resolve(token)
    except KeyStoreError:
        raise ServiceUnavailableError("credential store unavailable") from None
    if identity is None:
        raise AuthenticationError()
    return identity


def require_role(*roles: Role) -> Guard:
    """A guard admitting authenticated callers with one of ``roles``, within their rate.

    The app-wide route rules (``gateway.authz``) normally admitted the caller already; then
    only the role is checked again (no second credential lookup, no second rate charge).
    """

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        admitted = connection.scope["state"].get("identity")
        if isinstance(admitted, Identity):
            if admitted.role not in roles:
                raise ForbiddenError(f"role {admitted.role!r} may not use this endpoint")
            return
        await admit(connection, roles)

    return guard


async def admit(connection: ASGIConnection[Any, Any, Any, Any], roles: tuple[Role, ...]) -> None:
    """Authenticate the caller, check the role and charge the rate limit (the ``auth`` stage)."""
    started = time.perf_counter()
    try:
        await _admit(connection, roles)
    finally:
        note_request_stage("auth", (time.perf_counter() - started) * 1000)


async def _admit(connection: ASGIConnection[Any, Any, Any, Any], roles: tuple[Role, ...]) -> None:
    token = bearer_token(connection)
    if token is None:
        raise AuthenticationError()
    identity = await _identity_from_token(connection, token, roles)
    connection.scope["state"]["identity"] = identity
    connection.scope["state"]["service_name"] = identity.name
    if identity.role not in roles:
        raise ForbiddenError(f"role {identity.role!r} may not use this endpoint")
    await enforce_rate_limit(connection, identity.role, identity.key_id)


async def enforce_rate_limit(
    connection: ASGIConnection[Any, Any, Any, Any], role: str, caller_key: str
) -> None:
    """Charge one request to the caller's bucket; 429 with Retry-After when it is empty."""
    components = components_of(connection)
    if not components.settings.rate_limit.enabled:
        return
    try:
        decision = await components.rate_limits.hit(role, caller_key)
    except RateLimitStoreError:
        raise ServiceUnavailableError("rate-limit store unavailable") from None
    if not decision.allowed:
        raise RateLimitedError("rate limit exceeded", headers=decision.headers())


def current_identity(connection: ASGIConnection[Any, Any, Any, Any]) -> Identity:
    identity = connection.scope["state"].get("identity")
    if not isinstance(identity, Identity):  # a route without a guard asked for it
        raise AuthenticationError()
    return identity


def visible_services(connection: ASGIConnection[Any, Any, Any, Any]) -> OfficerIdentity | None:
    """The officer's token (scopes) if the caller used OIDC; None means all services."""
    officer = connection.scope["state"].get("officer")
    return officer if isinstance(officer, OfficerIdentity) else None
