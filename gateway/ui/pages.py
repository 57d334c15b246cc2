"""What every dashboard page shares: settings and runtime, rendering, session guards, CSRF,
and the error pages.

* ``runtime``: the dashboard's per-app state (settings, the session store), created on first
  use; ``configure_ui`` chooses the settings of an app.
* ``TEMPLATE_CONFIG`` / ``page``: the Jinja templates as litestar's ``TemplateConfig``; a page
  is a ``Template`` response in the officer's language (``gateway.ui.i18n``).
* ``session_guard`` / ``officer_session`` / ``any_session``: a live dashboard session of the
  right role, set up like the JSON API's ``require_role`` (identity, officer, rate limit).
* ``check_csrf``: every form carries the session's CSRF token; state changes are POSTs only.
* ``EXCEPTION_HANDLERS`` / ``dashboard_router``: no session -> the login page; a gateway error
  or a domain error (translated by ``gateway.error_map``, the JSON API's one table) -> the
  HTML error page. A page catches a domain error itself only where something must happen
  first.
* No inline scripts or styles: the pages work under the gateway's default CSP.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Awaitable, Callable, Collection, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request, Response, Router
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.enums import MediaType
from litestar.handlers.base import BaseRouteHandler
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.template.config import TemplateConfig
from litestar.types import ExceptionHandlersMap

from gateway import authz
from gateway.auth import enforce_rate_limit
from gateway.components import components_of
from gateway.error_map import DOMAIN_BASES, as_gateway_error
from gateway.errors import ForbiddenError, GatewayError, RateLimitedError
from gateway.keys import Role
from gateway.routes.audit import OFFICER_ROLES
from gateway.ui.i18n import (
    LANG_COOKIE,
    LANG_PARAM,
    LANGUAGES,
    Language,
    choose_language,
    known,
    language,
    translate,
)
from gateway.ui.i18n import install as install_i18n
from gateway.ui.session import SESSION_COOKIE, Session
from gateway.ui.session_stores import AsyncSessions, build_sessions
from gateway.ui.settings import UiSettings

PREFIX = "/ui"
STATIC_PATH = "/static/ui"
_HERE = Path(__file__).parent
_STATE_KEY = "leitplanke_ui"
_SETTINGS_KEY = "leitplanke_ui_settings"
# Caseworkers log in for the review pages (gateway.ui.reviews) only; officer_session keeps
# every other page to compliance officers and admins.
LOGIN_ROLES: tuple[Role, ...] = (*OFFICER_ROLES, "caseworker")

ERR_CSRF = "the form expired or did not come from this site; reload the page and try again"
ERR_NOT_CONFIGURED = "{what} is not available on this gateway"


class LoginRequiredError(Exception):
    """No (live) session: the browser is sent to the login page."""


@dataclasses.dataclass(kw_only=True)
class UiRuntime:
    """Per-app state of the dashboard, created on first use."""

    settings: UiSettings
    sessions: AsyncSessions


def _template_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = STATIC_PATH
    install_i18n(env)  # t(), term() and the filters read the page's language from the context
    return env


#: The dashboard's templates for ``Litestar(template_config=...)``: every app that registers
#: ``gateway.ui.routes.ROUTES`` passes it (``page`` answers with a litestar ``Template``).
TEMPLATE_CONFIG: TemplateConfig[JinjaTemplateEngine] = TemplateConfig(
    instance=JinjaTemplateEngine.from_environment(_template_environment())
)


def configure_ui(app: Litestar, settings: UiSettings) -> None:
    """Use ``settings`` for this app's dashboard (wins over ``Settings.ui``)."""
    app.state[_SETTINGS_KEY] = settings
    app.state.pop(_STATE_KEY, None)


def ui_settings(connection: ASGIConnection[Any, Any, Any, Any]) -> UiSettings:
    """The dashboard settings: ``configure_ui``, else ``Settings.ui``, else the defaults."""
    chosen = connection.app.state.get(_SETTINGS_KEY)
    if isinstance(chosen, UiSettings):
        return chosen
    value = getattr(components_of(connection).settings, "ui", None)
    return value if isinstance(value, UiSettings) else UiSettings()


def runtime(connection: ASGIConnection[Any, Any, Any, Any]) -> UiRuntime:
    state = connection.app.state
    found = state.get(_STATE_KEY)
    if isinstance(found, UiRuntime):
        return found
    settings = ui_settings(connection)
    created = UiRuntime(
        settings=settings,
        # In the store all workers and instances share (gateway/ui/session_stores.py).
        sessions=build_sessions(
            components_of(connection).settings,
            settings,
            database=components_of(connection).database,
        ),
    )
    state[_STATE_KEY] = created
    connection.app.on_shutdown.append(created.sessions.aclose)
    return created


# --------------------------------------------------------------------------- helpers


def secure_cookies(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    return runtime(connection).settings.secure_cookies == "always" or (
        connection.scope.get("scheme") == "https"
    )


def cookie_name(base: str, secure: bool) -> str:
    # __Host- cookies are bound to this host and path=/ by the browser; only over TLS.
    return f"__Host-{base}" if secure else base


def cookie(
    connection: ASGIConnection[Any, Any, Any, Any],
    base: str,
    value: str,
    *,
    samesite: Literal["lax", "strict"],
    max_age: int | None,
) -> Cookie:
    secure = secure_cookies(connection)
    return Cookie(
        key=cookie_name(base, secure),
        value=value,
        path="/" if secure else PREFIX,
        httponly=True,
        secure=secure,
        samesite=samesite,
        max_age=max_age,
    )


async def current_session(connection: ASGIConnection[Any, Any, Any, Any]) -> Session | None:
    name = cookie_name(SESSION_COOKIE, secure_cookies(connection))
    return await runtime(connection).sessions.get(connection.cookies.get(name))


def page(
    request: Request[Any, Any, Any],
    template: str,
    *,
    status: int = 200,
    cookies: list[Cookie] | None = None,
    **context: Any,
) -> Template:
    """``template`` as an HTML response in the officer's language (``gateway.ui.i18n``),
    rendered by the app's template engine (``TEMPLATE_CONFIG``).

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
    cookies = list(cookies or [])
    if language(request.query_params.get(LANG_PARAM)) is not None:  # remember it for a year
        cookies.append(_language_cookie(request, lang))
    return Template(
        template_name=template,
        context={
            "session": session if isinstance(session, Session) else None,
            "path": request.url.path,
            "ui_lang": lang,
            "language_links": {
                code: f"{request.url.path}?{urlencode({**query, LANG_PARAM: code})}"
                for code in LANGUAGES
            },
            **context,
        },
        media_type=MediaType.HTML,
        status_code=status,
        cookies=cookies,
    )


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
        secure=secure_cookies(connection),
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


# --------------------------------------------------------------------------- errors


def login_redirect(request: Request[Any, Any, Any], _: Exception) -> Response[Any]:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return Redirect(f"{PREFIX}/login?{urlencode({'next': target})}", status_code=303)


def error_page(request: Request[Any, Any, Any], exc: GatewayError) -> Response[Any]:
    key = f"error_title.{exc.status}"
    title = key if known(ui_language(request), key) else exc.title
    response = page(request, "error.html", status=exc.status, title=title, detail=exc.detail)
    for name, value in exc.headers.items():
        response.headers[name] = value
    return response


def domain_error_page(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A domain error as the HTML error page, translated by the JSON API's one table."""
    return error_page(request, as_gateway_error(exc))


#: The error handlers of every dashboard router: no session -> the login page; a gateway or
#: domain error -> the error page in the officer's language (``gateway.error_map`` decides the
#: status and detail, as for the JSON API). Router handlers win over the app's problem+json.
EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    LoginRequiredError: login_redirect,
    GatewayError: error_page,
    RateLimitedError: error_page,
    **dict.fromkeys(DOMAIN_BASES, domain_error_page),
}


def dashboard_router(*route_handlers: Any, path: str = PREFIX) -> Router:
    """A router of dashboard pages (under ``/ui``) with the dashboard's error pages."""
    return Router(
        path=path,
        route_handlers=list(route_handlers),
        exception_handlers=EXCEPTION_HANDLERS,
        include_in_schema=False,
    )


def visible_service(request: Request[Any, Any, Any], service: str) -> bool:
    """May the officer of this request see records of ``service`` (their OIDC scopes)?"""
    return authz.may_see(request.scope["state"]["identity"], service)
