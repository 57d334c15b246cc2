"""The officers' dashboard under ``/ui/``: server-rendered pages over the same stores and
checks as the JSON API.

* Login: OIDC authorization code flow with PKCE against the configured provider (tokens are
  validated by the gateway's ``TokenValidator``), or -- when ``ui.api_key_login`` is on -- a
  development login with an officer API key. A server-side session (``gateway.ui.session``)
  replaces the bearer token; the cookie holds only a random id.
* Every page of an officer is audited exactly like the JSON API (``record_query``), and OIDC
  scopes narrow what an officer sees (``scoped``).
* Every form carries the session's CSRF token; state-changing requests are POSTs only. The
  login forms use a double-submit token (cookie + field) since there is no session yet.
* The code flow is protected by ``state`` (single use, 10 minutes) and PKCE (S256); the access
  token is validated like any officer bearer token. A ``nonce`` is sent for providers that
  require one; it is not checked because no ID token is used.
* No inline scripts or styles: the pages work under the gateway's default CSP.

``ROUTES`` holds the router of the pages and the static files router.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import secrets
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping, MutableMapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlencode

import httpx
import structlog
from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request, Response, Router, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.enums import MediaType
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect, Stream
from litestar.static_files import create_static_files_router

from audit_log.errors import AuditError, InvalidCursorError
from audit_log.export import MEDIA_TYPES as EXPORT_MEDIA_TYPES
from audit_log.export import export_records
from audit_log.types import AuditQuery
from fairness.publish import disclosure
from gateway import authz
from gateway.audit_anchoring import TrustOptionError, verify_request
from gateway.auth import enforce_rate_limit
from gateway.errors import (
    BadRequestError,
    ForbiddenError,
    GatewayError,
    NotFoundError,
    RateLimitedError,
    ServiceUnavailableError,
)
from gateway.fairness_audits import audit_model, report_with_history
from gateway.fairness_gate import all_gates, gate_effect
from gateway.keys import Identity, KeyStoreError, Role
from gateway.oidc import (
    ALL_SERVICES,
    InvalidTokenError,
    JwksUnavailableError,
    OfficerIdentity,
)
from gateway.routes.audit import (
    FILTER_NAMES,
    OFFICER_ROLES,
    _filters_payload,
    audit_filters,
    hashed,
    record_query,
    scoped,
)
from gateway.security_headers import allow_inline_styles
from gateway.ui.charts import rate_bars, trend, waterfall
from gateway.ui.i18n import (
    LANG_COOKIE,
    LANG_PARAM,
    LANGUAGES,
    LOCAL_ZONE,
    Language,
    choose_language,
    known,
    language,
    local_time,
    translate,
)
from gateway.ui.i18n import install as install_i18n
from gateway.ui.session import LOGIN_COOKIE, SESSION_COOKIE, Session, new_token
from gateway.ui.session_stores import AsyncSessions, build_sessions
from gateway.ui.settings import UiSettings

PREFIX = "/ui"
STATIC_PATH = "/static/ui"
_HERE = Path(__file__).parent
_STATE_KEY = "leitplanke_ui"
_SETTINGS_KEY = "leitplanke_ui_settings"
REPORT_HISTORY = 30  # past audits shown in a report's trend
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
# Caseworkers log in for the review pages (gateway.ui.reviews) only; officer_session keeps
# every other page to compliance officers and admins.
LOGIN_ROLES: tuple[Role, ...] = (*OFFICER_ROLES, "caseworker")

ERR_CSRF = "the form expired or did not come from this site; reload the page and try again"
ERR_LOGIN = "login failed: unknown key, or the key has no officer role"
ERR_OIDC = "login with the identity provider failed; please try again"
ERR_OIDC_ROLE = "your account has no compliance-officer or admin role"
ERR_NOT_CONFIGURED = "{what} is not available on this gateway"

log = structlog.get_logger("leitplanke.ui")


class LoginRequiredError(Exception):
    """No (live) session: the browser is sent to the login page."""


@dataclasses.dataclass(kw_only=True)
class UiRuntime:
    """Per-app state of the dashboard, created on first use."""

    settings: UiSettings
    sessions: AsyncSessions
    templates: Environment


def configure_ui(app: Litestar, settings: UiSettings) -> None:
    """Use ``settings`` for this app's dashboard (wins over ``Settings.ui``)."""
    app.state[_SETTINGS_KEY] = settings
    app.state.pop(_STATE_KEY, None)


def ui_settings(connection: ASGIConnection[Any, Any, Any, Any]) -> UiSettings:
    """The dashboard settings: ``configure_ui``, else ``Settings.ui``, else the defaults."""
    chosen = connection.app.state.get(_SETTINGS_KEY)
    if isinstance(chosen, UiSettings):
        return chosen
    value = getattr(connection.app.state.components.settings, "ui", None)
    return value if isinstance(value, UiSettings) else UiSettings()


def runtime(connection: ASGIConnection[Any, Any, Any, Any]) -> UiRuntime:
    state = connection.app.state
    found = state.get(_STATE_KEY)
    if isinstance(found, UiRuntime):
        return found
    settings = ui_settings(connection)
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = STATIC_PATH
    install_i18n(env)
    components = state.get("components")
    created = UiRuntime(
        settings=settings,
        # In the store all workers and instances share (gateway/ui/session_stores.py).
        sessions=build_sessions(getattr(components, "settings", None), settings),
        templates=env,
    )
    state[_STATE_KEY] = created
    connection.app.on_shutdown.append(created.sessions.aclose)
    return created


# --------------------------------------------------------------------------- helpers


def _secure(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    return runtime(connection).settings.secure_cookies == "always" or (
        connection.scope.get("scheme") == "https"
    )


def _cookie_name(base: str, secure: bool) -> str:
    # __Host- cookies are bound to this host and path=/ by the browser; only over TLS.
    return f"__Host-{base}" if secure else base


def _cookie(
    connection: ASGIConnection[Any, Any, Any, Any],
    base: str,
    value: str,
    *,
    samesite: Literal["lax", "strict"],
    max_age: int | None,
) -> Cookie:
    secure = _secure(connection)
    return Cookie(
        key=_cookie_name(base, secure),
        value=value,
        path="/" if secure else PREFIX,
        httponly=True,
        secure=secure,
        samesite=samesite,
        max_age=max_age,
    )


def _session_cookie(
    connection: ASGIConnection[Any, Any, Any, Any], value: str, *, max_age: int | None = None
) -> Cookie:
    # lax: the OIDC callback is a top-level GET from the provider
    return _cookie(connection, SESSION_COOKIE, value, samesite="lax", max_age=max_age)


def _login_cookie(
    connection: ASGIConnection[Any, Any, Any, Any], value: str, *, max_age: int | None = None
) -> Cookie:
    return _cookie(connection, LOGIN_COOKIE, value, samesite="strict", max_age=max_age)


async def current_session(connection: ASGIConnection[Any, Any, Any, Any]) -> Session | None:
    name = _cookie_name(SESSION_COOKIE, _secure(connection))
    return await runtime(connection).sessions.get(connection.cookies.get(name))


def page(
    request: Request[Any, Any, Any],
    template: str,
    *,
    status: int = 200,
    cookies: list[Cookie] | None = None,
    **context: Any,
) -> Response[str]:
    """Render ``template`` as an HTML response in the officer's language (``gateway.ui.i18n``).

    ``title`` may be a catalogue key (filled with ``title_values``); a plain text is kept.
    """
    session = request.scope["state"].get("ui_session")
    lang = ui_language(request)
    query = {
        k: v for k, v in request.query_params.items() if isinstance(v, str) and k != LANG_PARAM
    }
    context["title"] = translate(
        lang, str(context.get("title", "")), **context.pop("title_values", {})
    )
    html = (
        runtime(request)
        .templates.get_template(template)
        .render(
            session=session if isinstance(session, Session) else None,
            path=request.url.path,
            ui_lang=lang,
            language_links={
                code: f"{request.url.path}?{urlencode({**query, LANG_PARAM: code})}"
                for code in LANGUAGES
            },
            **context,
        )
    )
    cookies = list(cookies or [])
    if language(request.query_params.get(LANG_PARAM)) is not None:  # remember it for a year
        cookies.append(_language_cookie(request, lang))
    return Response(content=html, media_type=MediaType.HTML, status_code=status, cookies=cookies)


def ui_language(connection: ASGIConnection[Any, Any, Any, Any]) -> Language:
    """The officer's language: ``?lang=``, else the cookie, else German."""
    return choose_language(connection.query_params, connection.cookies)


def _language_cookie(connection: ASGIConnection[Any, Any, Any, Any], lang: Language) -> Cookie:
    # not a secret and not security relevant: readable, lax, path of the dashboard
    return Cookie(
        key=LANG_COOKIE,
        value=lang,
        path=PREFIX,
        httponly=True,
        secure=_secure(connection),
        samesite="lax",
        max_age=365 * 24 * 3600,
    )


Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]


def session_guard(roles: Collection[Role], refusal: str) -> Guard:
    """A guard: a live dashboard session of one of ``roles``, set up like the JSON API's
    ``require_role`` would (identity, officer, rate limit).

    ``refusal`` is the 403 message, with ``{role}`` filled by the session's role.
    """

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        session = await current_session(connection)
        if session is None:
            raise LoginRequiredError()
        if session.identity.role not in roles:
            raise ForbiddenError(refusal.format(role=repr(session.identity.role)))
        state = connection.scope["state"]
        state["ui_session"] = session
        state["identity"] = session.identity
        state["service_name"] = session.identity.name
        if session.officer is not None:
            state["officer"] = session.officer
        await enforce_rate_limit(connection, session.identity.role, session.identity.key_id)

    return guard


ERR_ROLE_DASHBOARD = "role {role} may not use the dashboard"
#: Guard of every page but the review pages: compliance officers and admins.
officer_session = session_guard(OFFICER_ROLES, ERR_ROLE_DASHBOARD)
#: Guard of logging out: whoever may log in (caseworkers too, who see the logout button).
any_session = session_guard(LOGIN_ROLES, ERR_ROLE_DASHBOARD)


async def check_csrf(request: Request[Any, Any, Any]) -> Mapping[str, Any]:
    """The submitted form, after checking its CSRF token against the session's."""
    form = await request.form()
    session = request.scope["state"].get("ui_session")
    sent = str(form.get("_csrf", ""))
    if not isinstance(session, Session) or not secrets.compare_digest(
        sent.encode(), session.csrf_token.encode()
    ):
        raise ForbiddenError(ERR_CSRF)
    return form


def _components(request: Request[Any, Any, Any]) -> Any:
    return request.app.state.components


def _safe_next(value: str | None) -> str:
    """Only local dashboard paths are followed after login (no open redirect)."""
    if value and value.startswith(PREFIX) and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX


# --------------------------------------------------------------------------- errors


def _login_redirect(request: Request[Any, Any, Any], _: Exception) -> Response[Any]:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return Redirect(f"{PREFIX}/login?{urlencode({'next': target})}", status_code=303)


def _error_page(request: Request[Any, Any, Any], exc: GatewayError) -> Response[Any]:
    key = f"error_title.{exc.status}"
    title = key if known(ui_language(request), key) else exc.title
    response = page(request, "error.html", status=exc.status, title=title, detail=exc.detail)
    for name, value in exc.headers.items():
        response.headers[name] = value
    return response


# --------------------------------------------------------------------------- login


@get("/login", name="ui_login", include_in_schema=False)
async def login_page(
    request: Request[Any, Any, Any], next: str | None = None, error: str | None = None
) -> Response[str]:
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
        oidc_login=rt.settings.oidc_login and _components(request).oidc is not None,
        error=messages.get(error or ""),
        logged_out=error == "logout",
        cookies=[_login_cookie(request, token, max_age=1800)],
    )


def _check_login_csrf(request: Request[Any, Any, Any], form: Mapping[str, Any]) -> None:
    cookie = request.cookies.get(_cookie_name(LOGIN_COOKIE, _secure(request)), "")
    sent = str(form.get("_csrf", ""))
    if not cookie or not secrets.compare_digest(cookie.encode(), sent.encode()):
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
    try:
        identity = await _components(request).keys.resolve(str(form.get("api_key", "")).strip())
    except KeyStoreError:
        raise ServiceUnavailableError("credential store unavailable") from None
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
            oidc_login=rt.settings.oidc_login and _components(request).oidc is not None,
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
    if not rt.settings.oidc_login or _components(request).oidc is None:
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
    validator = _components(request).oidc
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
    except JwksUnavailableError:
        raise ServiceUnavailableError("token signing keys unavailable") from None
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


# --------------------------------------------------------------------------- overview


@get("/", guards=[officer_session], include_in_schema=False)
async def overview(request: Request[Any, Any, Any]) -> Response[str]:
    components = _components(request)
    try:
        checkpoint = await components.audit.latest_checkpoint()
    except AuditError:
        raise ServiceUnavailableError("audit store unavailable") from None
    statuses: list[tuple[str, str]] = []
    fairness = getattr(components, "fairness", None)
    if fairness is not None:
        gates = await all_gates(components.settings, fairness)
        statuses = [(model, gate.status) for model, gate in gates.items()]
    await record_query(request, "overview", {"via": "ui"})
    return page(
        request,
        "overview.html",
        title="title.overview",
        checkpoint=checkpoint,
        statuses=statuses,
        decisions_available=getattr(components, "decisions", None) is not None,
        fairness_available=fairness is not None,
    )


# --------------------------------------------------------------------------- audit


def _parse_time(raw: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise BadRequestError(f"{name} is not a date and time", field=name) from None
    # <input type="datetime-local"> sends no offset; the form asks for Berlin local time,
    # like every time the dashboard shows (zoneinfo resolves summer and winter time).
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_ZONE)


def ui_audit_query(
    params: Mapping[str, str], *, page_size: int
) -> tuple[AuditQuery, dict[str, str]]:
    """The ``AuditQuery`` of a search form (empty fields mean "any") and the filters as
    submitted (to refill the form and build links)."""
    chosen = {name: params[name].strip() for name in FILTER_NAMES if params.get(name, "").strip()}
    times = {
        name: _parse_time(params[name].strip(), name)
        for name in ("since", "until")
        if params.get(name, "").strip()
    }
    try:
        limit = int(params.get("limit", "") or page_size)
    except ValueError:
        raise BadRequestError("limit is not a number", field="limit") from None
    if not 1 <= limit <= 500:
        raise BadRequestError("limit must be between 1 and 500", field="limit")
    cursor = params.get("cursor", "").strip() or None
    query = audit_filters(**chosen, **times, cursor=cursor, limit=limit)  # type: ignore[arg-type]
    form = dict(chosen)
    form.update({name: params[name].strip() for name in ("since", "until") if name in times})
    if params.get("limit"):
        form["limit"] = str(limit)
    return dataclasses.replace(query, descending=True), form


@get("/audit", guards=[officer_session], include_in_schema=False)
async def audit_search(request: Request[Any, Any, Any]) -> Response[str]:
    params = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    query, form = ui_audit_query(params, page_size=runtime(request).settings.page_size)
    officer = request.scope["state"].get("officer")
    scopes = (
        [s for s in officer.scopes if s != ALL_SERVICES]
        if isinstance(officer, OfficerIdentity) and ALL_SERVICES not in officer.scopes
        else []
    )
    if len(scopes) > 1 and query.service is None:
        # Several scopes and no service chosen: ask for one instead of an error page.
        return page(
            request,
            "audit_search.html",
            title="title.audit",
            form=form,
            scopes=scopes,
            notice=translate(
                ui_language(request), "audit.choose_service", services=", ".join(scopes)
            ),
            records=[],
            next_link=None,
            first_link=None,
            export_jsonl=None,
            export_csv=None,
        )
    query = scoped(request, query)
    try:
        result = await _components(request).audit.query(query)
    except InvalidCursorError:
        raise BadRequestError("cursor is not valid for this query", field="cursor") from None
    except AuditError:
        raise ServiceUnavailableError("audit store unavailable") from None
    await record_query(request, "search", {"via": "ui", **_filters_payload(query)})
    base = urlencode(form)
    next_link = (
        f"{PREFIX}/audit?{urlencode({**form, 'cursor': result.next_cursor})}"
        if result.next_cursor
        else None
    )
    return page(
        request,
        "audit_search.html",
        title="title.audit",
        form=form,
        scopes=scopes,
        notice=None,
        records=[r.to_dict() for r in result.records],
        next_link=next_link,
        first_link=f"{PREFIX}/audit?{base}" if query.cursor else None,
        export_jsonl=f"{PREFIX}/audit/export?{urlencode({**form, 'format': 'jsonl'})}",
        export_csv=f"{PREFIX}/audit/export?{urlencode({**form, 'format': 'csv'})}",
    )


@get("/audit/events/{record_id:str}", guards=[officer_session], include_in_schema=False)
async def audit_event(request: Request[Any, Any, Any], record_id: str) -> Response[str]:
    try:
        record = await _components(request).audit.get(record_id)
    except AuditError:
        raise ServiceUnavailableError("audit store unavailable") from None
    if record is None or not _visible_service(request, record.event.service):
        raise NotFoundError("no audit record with this id", field="record_id")
    await record_query(request, "read", {"via": "ui", "record_id": record_id})
    view = record.to_dict()
    payload = view["event"].get("payload") or {}
    return page(
        request,
        "audit_event.html",
        title="title.event",
        title_values={"seq": record.seq},
        record=view,
        obligations=payload.get("obligations") or [],
        payload=payload,
        # what a data-protection officer looks for first goes to the top of the page
        special=list(payload.get("special_categories") or []),
        details=[(k, v) for k, v in payload.items() if k not in _EVENT_TOP_KEYS],
    )


_EVENT_TOP_KEYS = frozenset({"special_categories", "redaction", "obligations"})


@get("/audit/export", guards=[officer_session], include_in_schema=False)
async def audit_export(request: Request[Any, Any, Any]) -> Stream:
    params = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    fmt = params.get("format", "jsonl")
    if fmt not in EXPORT_MEDIA_TYPES:
        raise BadRequestError("format must be jsonl or csv", field="format")
    # The whole filter, not just the page on screen: no cursor; the export pages by itself.
    filters = {k: v for k, v in params.items() if k not in ("cursor", "limit", "format")}
    query, _ = ui_audit_query(filters, page_size=50)
    query = scoped(request, dataclasses.replace(query, descending=False))
    store = _components(request).audit
    export_format: Literal["jsonl", "csv"] = "csv" if fmt == "csv" else "jsonl"
    await record_query(
        request, "export", {"via": "ui", "format": export_format, **_filters_payload(query)}
    )

    async def lines() -> AsyncIterator[bytes]:
        async for line in export_records(store, query, fmt=export_format):
            yield line.encode()

    filename = f"leitplanke-audit-{uuid.uuid4().hex[:8]}.{export_format}"
    return Stream(
        lines(),
        media_type=EXPORT_MEDIA_TYPES[export_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@get("/audit/chain", guards=[officer_session], include_in_schema=False)
async def chain_status(request: Request[Any, Any, Any]) -> Response[str]:
    store = _components(request).audit
    try:
        checkpoint = await store.latest_checkpoint()
    except AuditError:
        raise ServiceUnavailableError("audit store unavailable") from None
    await record_query(request, "chain_status", {"via": "ui"})
    return page(
        request,
        "chain.html",
        title="title.chain",
        checkpoint=checkpoint,
        report=None,
        public_key=store.public_key_pem(),
    )


@post("/audit/chain/verify", guards=[officer_session], status_code=200, include_in_schema=False)
async def chain_verify(request: Request[Any, Any, Any]) -> Response[str]:
    await check_csrf(request)
    store = _components(request).audit
    try:
        # The same anchored verification as the CLI and GET /v1/audit/verify.
        report = await verify_request(
            store,
            _components(request).settings,
            checkpoint_notes=(),
            witnesses=(),
            tsa_cert_pems=(),
        )
        checkpoint = await store.latest_checkpoint()
    except (AuditError, TrustOptionError):
        raise ServiceUnavailableError("audit store unavailable") from None
    await record_query(request, "verify", {"via": "ui", "ok": report.ok})
    return page(
        request,
        "chain.html",
        title="title.chain",
        checkpoint=checkpoint,
        report=report,
        public_key=store.public_key_pem(),
    )


# --------------------------------------------------------------------------- decisions


def _decisions(request: Request[Any, Any, Any]) -> Any:
    store = getattr(_components(request), "decisions", None)
    if store is None:
        raise ServiceUnavailableError(ERR_NOT_CONFIGURED.format(what="the decision store"))
    return store


def _visible_service(request: Request[Any, Any, Any], service: str) -> bool:
    return authz.may_see(request.scope["state"]["identity"], service)


@get("/decisions", guards=[officer_session], include_in_schema=False)
async def decisions_list(
    request: Request[Any, Any, Any],
    model_id: str | None = None,
    outcome: str | None = None,
    review: str | None = None,
    after: str | None = None,
) -> Response[str]:
    from explain.errors import DecisionStoreError
    from explain.store import DecisionFilter

    store = _decisions(request)
    size = runtime(request).settings.page_size
    if outcome and outcome not in ("approved", "denied", "grey_zone"):
        raise BadRequestError("outcome must be approved, denied or grey_zone", field="outcome")
    filters = DecisionFilter(
        model_id=model_id or None,
        outcome=outcome or None,  # type: ignore[arg-type]
        review_requested=True if review == "yes" else None,
        after_id=after or None,
        limit=size + 1,
    )
    try:
        rows = await store.list(filters)
    except DecisionStoreError:
        raise ServiceUnavailableError("decision store unavailable") from None
    more = len(rows) > size
    rows = [r for r in rows[:size] if _visible_service(request, r.service)]
    form = {
        k: v for k, v in (("model_id", model_id), ("outcome", outcome), ("review", review)) if v
    }
    await record_query(request, "decisions.search", {"via": "ui", "filters_sha256": hashed(form)})
    next_link = (
        f"{PREFIX}/decisions?{urlencode({**form, 'after': rows[-1].id})}" if more and rows else None
    )
    return page(
        request,
        "decisions.html",
        title="title.decisions",
        rows=rows,
        form=form,
        next_link=next_link,
    )


@get("/decisions/{decision_id:str}", guards=[officer_session], include_in_schema=False)
async def decision_detail(request: Request[Any, Any, Any], decision_id: str) -> Response[str]:
    from explain.citizen import citizen_explanation, format_value
    from explain.errors import DecisionNotFoundError, DecisionStoreError, ModelNotFoundError

    store = _decisions(request)
    try:
        record = await store.get(decision_id)
    except DecisionNotFoundError:
        raise NotFoundError("no decision with this id", field="decision_id") from None
    except DecisionStoreError:
        raise ServiceUnavailableError("decision store unavailable") from None
    if not _visible_service(request, record.service):
        raise NotFoundError("no decision with this id", field="decision_id")
    language = ui_language(request)
    citizen = None
    labels: dict[str, tuple[str, str]] = {}
    registry = getattr(_components(request), "models", None)
    if registry is not None:
        try:
            spec = registry.get(record.model_id, record.model_version).spec
        except ModelNotFoundError:
            spec = None
        if spec is not None:
            citizen = citizen_explanation(record, spec, lang=language)
            for c in record.explanation.contributions:
                feature = spec.feature(c.name)
                labels[c.name] = (
                    feature.label.get(language),
                    format_value(feature, c.value, language),
                )
    expl = record.explanation
    chart = waterfall(
        expl.base_value,
        [(*labels.get(c.name, (c.name, str(c.value))), c.contribution) for c in expl.contributions],
        output_label=translate(language, f"chart.output_{expl.output_space}"),
        base_label=translate(language, "chart.base"),
        decimal_comma=language == "de",
    )
    await record_query(request, "decisions.read", {"via": "ui", "decision_id": decision_id})
    return page(
        request,
        "decision.html",
        title="title.decision",
        record=record,
        chart=chart,
        citizen=citizen,
        lang=language,
        labels=labels,
    )


# --------------------------------------------------------------------------- bias audits


def _fairness(request: Request[Any, Any, Any]) -> Any:
    store = getattr(_components(request), "fairness", None)
    if store is None:
        raise ServiceUnavailableError(ERR_NOT_CONFIGURED.format(what="the fairness store"))
    return store


def _worst_ratio(report: Any) -> float | None:
    ratios = [
        a.demographic_parity_ratio.value
        for a in report.attributes
        if a.demographic_parity_ratio is not None
    ]
    return min(ratios) if ratios else None


@get("/fairness", guards=[officer_session], include_in_schema=False)
async def fairness_overview(request: Request[Any, Any, Any]) -> Response[str]:
    from fairness.errors import FairnessError

    store = _fairness(request)
    try:
        models = await store.list_models()
        latest = [(m, await store.latest_report(m)) for m in models]
        recent = await store.list_reports(limit=20)
        gates = await all_gates(_components(request).settings, store)
    except FairnessError:
        raise ServiceUnavailableError("fairness store unavailable") from None
    await record_query(request, "fairness.list", {"via": "ui"})
    settings = _components(request).settings
    return page(
        request,
        "fairness.html",
        title="title.fairness",
        latest=latest,
        recent=recent,
        gates=gates,
        gate_window_days=settings.fairness.gate_window_days,
        gate_effect=lambda report: gate_effect(settings, report),
        worst_ratio=_worst_ratio,
        message=request.query_params.get("message"),
    )


@get("/fairness/reports/{report_id:str}", guards=[officer_session], include_in_schema=False)
async def fairness_report(request: Request[Any, Any, Any], report_id: str) -> Response[str]:
    report, history = await report_with_history(
        _fairness(request), report_id, history_limit=REPORT_HISTORY
    )
    charts = []
    minimum = report.thresholds.min_group_size
    for attribute in report.attributes:
        # groups below the minimum size are shown as "too small", never with a rate (0057)
        rules = disclosure(attribute, minimum)
        rows = [
            (
                g.group,
                g.selection_rate.value,
                g.selection_rate.ci_low,
                g.selection_rate.ci_high,
                g.group not in rules.too_small,
            )
            for g in attribute.groups
        ]
        tpr_rows = [
            (g.group, g.tpr.value, g.tpr.ci_low, g.tpr.ci_high, g.group not in rules.too_small)
            for g in attribute.groups
            if g.tpr is not None
        ]
        charts.append((attribute, rate_bars(rows), rate_bars(tpr_rows), rules))
    ordered = sorted(history, key=lambda r: r.created_at)
    language = ui_language(request)
    trend_points = [
        (local_time(r.created_at, language, seconds=False), ratio, r.status)
        for r in ordered
        if (ratio := _worst_ratio(r)) is not None
    ]
    points, threshold_y, polyline = trend(trend_points, threshold=report.thresholds.min_dp_ratio)
    await record_query(request, "fairness.read", {"via": "ui", "report_id": report_id})
    return page(
        request,
        "fairness_report.html",
        title="title.report",
        title_values={"model": report.model_id},
        report=report,
        charts=charts,
        trend_points=points,
        threshold_y=threshold_y,
        polyline=polyline,
        effect=gate_effect(_components(request).settings, report),
    )


@get("/fairness/reports/{report_id:str}/full", guards=[officer_session], include_in_schema=False)
async def fairness_report_full(request: Request[Any, Any, Any], report_id: str) -> Response[str]:
    """The self-contained report page of ``fairness.report_html`` (print / archive)."""
    from fairness.report_html import render_report_html

    report, history = await report_with_history(
        _fairness(request), report_id, history_limit=REPORT_HISTORY
    )
    await record_query(request, "fairness.read", {"via": "ui", "report_id": report_id})
    allow_inline_styles(cast(MutableMapping[str, Any], request.scope))  # own <style>, style=""
    return Response(
        content=render_report_html(report, history, lang=ui_language(request)),
        media_type=MediaType.HTML,
    )


async def run_audit_now(request: Request[Any, Any, Any], model_id: str) -> Any:
    """Run a bias audit of ``model_id`` now through the gateway's audit pipeline
    (``gateway.fairness_audits.audit_model``): thresholds from the policy data, the report
    stored (its status gates the decision policy) and recorded in the audit log."""
    components = _components(request)
    return await audit_model(
        settings=components.settings,
        fairness=_fairness(request),
        audit=components.audit,
        model_id=model_id,
        actor=request.scope["state"]["identity"].name,
        request_id=request.scope["state"]["request_id"],
    )


@post("/fairness/run", guards=[officer_session], status_code=303, include_in_schema=False)
async def fairness_run(request: Request[Any, Any, Any]) -> Response[Any]:
    from fairness.errors import (
        EmptyWindowError,
        FairnessError,
        InvalidThresholdsError,
        InvalidWindowError,
        UnknownModelError,
    )

    form = await check_csrf(request)
    model_id = str(form.get("model_id", "")).strip()
    if not model_id:
        raise BadRequestError("choose a model", field="model_id")
    await record_query(request, "fairness.run", {"via": "ui", "model_id": model_id})
    try:
        report = await run_audit_now(request, model_id)
    except UnknownModelError:
        raise NotFoundError("no decisions of this model were recorded", field="model_id") from None
    except (EmptyWindowError, InvalidWindowError) as exc:
        raise BadRequestError(str(exc), field="model_id") from None
    except InvalidThresholdsError:
        raise ServiceUnavailableError("fairness thresholds in the policy are invalid") from None
    except (FairnessError, AuditError):
        raise ServiceUnavailableError("the audit could not be run or recorded") from None
    return Redirect(f"{PREFIX}/fairness/reports/{report.report_id}", status_code=303)


# --------------------------------------------------------------------------- wiring

ui_router = Router(
    path=PREFIX,
    route_handlers=[
        login_page,
        login_with_key,
        login_oidc,
        login_callback,
        logout,
        overview,
        audit_search,
        audit_event,
        audit_export,
        chain_status,
        chain_verify,
        decisions_list,
        decision_detail,
        fairness_overview,
        fairness_report,
        fairness_report_full,
        fairness_run,
    ],
    exception_handlers={
        LoginRequiredError: _login_redirect,
        GatewayError: _error_page,
        RateLimitedError: _error_page,
    },
    include_in_schema=False,
)

static_router = create_static_files_router(
    path=STATIC_PATH,
    directories=[_HERE / "static"],
    name="ui_static",
    include_in_schema=False,
)

ROUTES = [ui_router, static_router]
