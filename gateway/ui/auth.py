"""Dashboard login and logout.

* OIDC authorization code flow with PKCE against the configured provider (the access token is
  validated by the gateway's ``TokenValidator`` like any officer bearer token), or -- when
  ``ui.api_key_login`` is on -- a development login with an officer API key.
* A server-side session (``gateway.ui.session``) replaces the bearer token; the cookie holds
  only a random id, renewed at every login (no session fixation).
* The login forms use a double-submit token (cookie + field) since there is no session yet.
* The code flow is protected by ``state`` (single use, 10 minutes) and PKCE (S256). A
  ``nonce`` is sent for providers that require one; it is not checked because no ID token is
  used.
* Login and logout are audited like the JSON API (``record_query``).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import httpx
import structlog
from litestar import Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from gateway.auth import enforce_rate_limit
from gateway.components import components_of
from gateway.errors import ForbiddenError, NotFoundError, ServiceUnavailableError
from gateway.keys import Identity
from gateway.oidc import InvalidTokenError, OfficerIdentity
from gateway.routes.audit import record_query
from gateway.ui.pages import (
    ERR_CSRF,
    ERR_NOT_CONFIGURED,
    LOGIN_ROLES,
    PREFIX,
    any_session,
    check_csrf,
    cookie,
    cookie_name,
    current_session,
    dashboard_router,
    page,
    runtime,
    secure_cookies,
)
from gateway.ui.session import LOGIN_COOKIE, SESSION_COOKIE, new_token

log = structlog.get_logger("leitplanke.ui")

_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})

ERR_LOGIN = "login failed: unknown key, or the key has no officer role"
ERR_OIDC = "login with the identity provider failed; please try again"
ERR_OIDC_ROLE = "your account has no compliance-officer or admin role"


def _session_cookie(
    connection: ASGIConnection[Any, Any, Any, Any], value: str, *, max_age: int | None = None
) -> Cookie:
    # lax: the OIDC callback is a top-level GET from the provider
    return cookie(connection, SESSION_COOKIE, value, samesite="lax", max_age=max_age)


def _login_cookie(
    connection: ASGIConnection[Any, Any, Any, Any], value: str, *, max_age: int | None = None
) -> Cookie:
    return cookie(connection, LOGIN_COOKIE, value, samesite="strict", max_age=max_age)


def _safe_next(value: str | None) -> str:
    """Only local dashboard paths are followed after login (no open redirect)."""
    if value and value.startswith(PREFIX) and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX


@get("/login", name="ui_login", include_in_schema=False)
async def login_page(
    request: Request[Any, Any, Any], next: str | None = None, error: str | None = None
) -> Template:
    rt = runtime(request)
    token = new_token()
    messages = {"oidc": ERR_OIDC, "role": ERR_OIDC_ROLE}
    return page(
        request,
        "login.html",
        title="title.login",
        login_csrf=token,
        next=_safe_next(next),
        api_key_login=rt.settings.api_key_login,
        oidc_login=rt.settings.oidc_login and components_of(request).oidc is not None,
        error=messages.get(error or ""),
        logged_out=error == "logout",
        cookies=[_login_cookie(request, token, max_age=1800)],
    )


def _check_login_csrf(request: Request[Any, Any, Any], form: Mapping[str, Any]) -> None:
    expected = request.cookies.get(cookie_name(LOGIN_COOKIE, secure_cookies(request)), "")
    sent = str(form.get("_csrf", ""))
    if not expected or not secrets.compare_digest(expected.encode(), sent.encode()):
        raise ForbiddenError(ERR_CSRF)


async def _start_session(
    request: Request[Any, Any, Any],
    identity: Identity,
    officer: OfficerIdentity | None,
    method: str,
    next_path: str,
) -> Response[Any]:
    sessions = runtime(request).sessions
    old = await current_session(request)
    if old is not None:  # a fresh id at every login (no session fixation)
        await sessions.delete(old.id)
    session = await sessions.create(identity, officer=officer, login_method=method)
    state = request.scope["state"]
    state["identity"] = identity
    if officer is not None:
        state["officer"] = officer
    await record_query(request, "login", {"via": "ui", "method": method})
    if identity.role == "caseworker" and next_path == PREFIX:
        next_path = f"{PREFIX}/reviews"
    return Redirect(
        next_path,
        status_code=303,
        cookies=[_session_cookie(request, session.id), _login_cookie(request, "", max_age=0)],
    )


@post("/login", status_code=303, include_in_schema=False)
async def login_with_key(request: Request[Any, Any, Any]) -> Response[Any]:
    rt = runtime(request)
    if not rt.settings.api_key_login:
        raise NotFoundError(ERR_NOT_CONFIGURED.format(what="API-key login"))
    form = await request.form()
    _check_login_csrf(request, form)
    client = request.client.host if request.client else "unknown"
    await enforce_rate_limit(request, "ui-login", client)
    identity = await components_of(request).keys.resolve(str(form.get("api_key", "")).strip())
    if identity is None or identity.role not in LOGIN_ROLES:
        log.info("ui.login_refused", method="api_key")
        return page(
            request,
            "login.html",
            status=401,
            title="title.login",
            login_csrf=str(form.get("_csrf", "")),
            next=_safe_next(str(form.get("next", ""))),
            api_key_login=True,
            oidc_login=rt.settings.oidc_login and components_of(request).oidc is not None,
            error=ERR_LOGIN,
        )
    return await _start_session(
        request, identity, None, "api_key", _safe_next(str(form.get("next", "")))
    )


def _redirect_uri(request: Request[Any, Any, Any]) -> str:
    configured = runtime(request).settings.oidc_redirect_uri
    return configured or str(request.base_url).rstrip("/") + f"{PREFIX}/login/callback"


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _allowed_endpoint(url: str) -> bool:
    parsed = httpx.URL(url)
    return parsed.scheme == "https" or (parsed.scheme == "http" and parsed.host in _LOOPBACK)


@get("/login/oidc", include_in_schema=False)
async def login_oidc(request: Request[Any, Any, Any], next: str | None = None) -> Response[Any]:
    rt = runtime(request)
    if not rt.settings.oidc_login or components_of(request).oidc is None:
        raise NotFoundError(ERR_NOT_CONFIGURED.format(what="OIDC login"))
    pending = await rt.sessions.begin_login(next_path=_safe_next(next))
    query = urlencode(
        {
            "response_type": "code",
            "client_id": rt.settings.oidc_client_id,
            "redirect_uri": _redirect_uri(request),
            "scope": rt.settings.oidc_scope,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": _pkce_challenge(pending.code_verifier),
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in rt.settings.oidc_authorization_endpoint else "?"
    return Redirect(f"{rt.settings.oidc_authorization_endpoint}{separator}{query}", status_code=303)


async def _exchange_code(request: Request[Any, Any, Any], code: str, verifier: str) -> str:
    settings = runtime(request).settings
    if not _allowed_endpoint(settings.oidc_token_endpoint):
        raise ServiceUnavailableError("token endpoint must use https")
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": _redirect_uri(request),
        "client_id": settings.oidc_client_id,
        "code_verifier": verifier,
    }
    auth = (
        httpx.BasicAuth(settings.oidc_client_id, settings.oidc_client_secret)
        if settings.oidc_client_secret
        else None
    )
    async with httpx.AsyncClient(
        timeout=settings.oidc_timeout_s, follow_redirects=False, auth=auth
    ) as c:
        try:
            answer = await c.post(
                settings.oidc_token_endpoint,
                data=form,
                headers={"Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            log.info("ui.oidc_token_unreachable", error=type(exc).__name__)
            raise LoginFailedError("token_unreachable") from None
    if answer.status_code != 200:
        log.info("ui.oidc_token_refused", status=answer.status_code)
        raise LoginFailedError("token_refused")
    try:
        token = answer.json().get("access_token")
    except ValueError:
        token = None
    if not isinstance(token, str) or not token:
        raise LoginFailedError("no_access_token")
    return token


class LoginFailedError(Exception):
    """The code exchange or the token failed; ``reason`` goes to the log only."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@get("/login/callback", include_in_schema=False)
async def login_callback(request: Request[Any, Any, Any]) -> Response[Any]:
    # ``state`` is a reserved parameter name in Litestar: read the query by hand.
    state = request.query_params.get("state")
    code = request.query_params.get("code")
    error = request.query_params.get("error")
    rt = runtime(request)
    validator = components_of(request).oidc
    pending = await rt.sessions.finish_login(state)
    failed = Redirect(f"{PREFIX}/login?error=oidc", status_code=303)
    if pending is None or validator is None or error or not code:
        log.info("ui.oidc_callback_refused", known_state=pending is not None, error=bool(error))
        return failed
    try:
        token = await _exchange_code(request, code, pending.code_verifier)
        officer: OfficerIdentity = await validator.validate(token)
    except LoginFailedError as exc:
        log.info("ui.oidc_login_failed", reason=exc.reason)
        return failed
    except InvalidTokenError as exc:
        log.info("ui.oidc_login_failed", reason=exc.reason)
        return failed
    role = next((r for r in LOGIN_ROLES if r in officer.roles), None)
    if role is None:
        log.info("ui.oidc_login_failed", reason="role")
        return Redirect(f"{PREFIX}/login?error=role", status_code=303)
    identity = Identity(
        key_id=f"oidc:{officer.subject}", name=officer.subject, role=role, services=officer.scopes
    )
    return await _start_session(request, identity, officer, "oidc", pending.next_path)


@post("/logout", guards=[any_session], status_code=303, include_in_schema=False)
async def logout(request: Request[Any, Any, Any]) -> Response[Any]:
    await check_csrf(request)
    session = request.scope["state"]["ui_session"]
    await record_query(request, "logout", {"via": "ui"})
    await runtime(request).sessions.delete(session.id)
    return Redirect(
        f"{PREFIX}/login?error=logout",
        status_code=303,
        cookies=[_session_cookie(request, "", max_age=0)],
    )


router = dashboard_router(login_page, login_with_key, login_oidc, login_callback, logout)
