"""Authentication and role guards.

``Authorization: Bearer <key>`` is resolved against the key store before the body is parsed
(Litestar runs guards before decoding request data), so unauthenticated callers cannot make
the gateway do any expensive work.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from gateway.errors import AuthenticationError, ForbiddenError, ServiceUnavailableError
from gateway.keys import Identity, KeyStoreError, Role

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Coroutine[Any, Any, None]]


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_role(*roles: Role) -> Guard:
    """A guard admitting callers whose key has one of ``roles``."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        token = bearer_token(connection)
        if token is None:
            raise AuthenticationError()
        components = connection.app.state.components
        try:
            identity = await components.keys.resolve(token)
        except KeyStoreError:
            raise ServiceUnavailableError("credential store unavailable") from None
        if identity is None:
            raise AuthenticationError()
        connection.scope["state"]["identity"] = identity
        connection.scope["state"]["service_name"] = identity.name
        if identity.role not in roles:
            raise ForbiddenError(f"role {identity.role!r} may not use this endpoint")

    return guard


def current_identity(connection: ASGIConnection[Any, Any, Any, Any]) -> Identity:
    identity = connection.scope["state"].get("identity")
    if not isinstance(identity, Identity):  # a route without a guard asked for it
        raise AuthenticationError()
    return identity
