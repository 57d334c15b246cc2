"""Security headers on every HTTP response.

Two ways to install the same logic:

* ``security_headers_hook(settings)`` as a Litestar ``before_send`` hook (recommended): it sees
  every response, including 404/405 answers of the router and error responses;
* ``SecurityHeadersMiddleware`` as plain ASGI middleware (wraps any ASGI app).

What is set:

* ``Content-Security-Policy``: HTML pages get ``settings.page_csp`` (``default-src 'self'``,
  no inline scripts, ``frame-ancestors 'none'``). A page that really needs inline styles opts
  in per response with ``allow_inline_styles(scope)`` or per route with
  ``opt={INLINE_STYLES_FLAG: True}``, and gets ``settings.page_csp_inline_styles``. Everything
  else (JSON, SSE, CSV...) gets the stricter ``settings.api_csp`` (``default-src 'none'``).
* ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``, ``Referrer-Policy``,
  ``Permissions-Policy``, ``Cross-Origin-Opener-Policy``, ``Cross-Origin-Resource-Policy``,
  and ``Strict-Transport-Security`` when ``hsts_max_age_s > 0`` (behind TLS only).
* ``csp_path_overrides`` replaces the CSP under chosen path prefixes (an API docs UI).
* ``Cache-Control: no-store``: forced on data responses (JSON, problem+json, SSE, NDJSON,
  CSV), set on every other response that has none, never added under ``static_path_prefixes``.

Handlers cannot weaken these headers: values they set are replaced (except an explicit
``Cache-Control`` on a non-data response).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

import msgspec

INLINE_STYLES_FLAG = "leitplanke.csp_inline_styles"

DEFAULT_PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DEFAULT_PAGE_CSP_INLINE_STYLES = DEFAULT_PAGE_CSP.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
DEFAULT_API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Responses that carry data (possibly personal): never cached by browsers or proxies.
_DATA_MEDIA_TYPES = (
    "application/json",
    "application/problem+json",
    "application/x-ndjson",
    "application/jsonl",
    "text/event-stream",
    "text/csv",
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]


class SecurityHeadersSettings(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True
):
    """The ``[security_headers]`` configuration table (defaults are the secure choice)."""

    enabled: bool = True
    page_csp: str = DEFAULT_PAGE_CSP
    page_csp_inline_styles: str = DEFAULT_PAGE_CSP_INLINE_STYLES
    api_csp: str = DEFAULT_API_CSP
    referrer_policy: str = "no-referrer"
    permissions_policy: str = DEFAULT_PERMISSIONS_POLICY
    hsts_max_age_s: int = 0
    static_path_prefixes: list[str] = msgspec.field(default_factory=lambda: ["/static/"])
    # Path prefix -> CSP for pages that cannot live with the default (e.g. an API docs UI
    # loading scripts from a CDN). The longest matching prefix wins. Empty: none.
    csp_path_overrides: dict[str, str] = msgspec.field(default_factory=dict)


def allow_inline_styles(scope: Scope) -> None:
    """Let this one response's HTML use inline ``style`` (CSP ``'unsafe-inline'`` styles)."""
    scope.setdefault("state", {})[INLINE_STYLES_FLAG] = True


class SecurityHeaders:
    """Computes and applies the headers; shared by the hook and the middleware."""

    def __init__(self, settings: SecurityHeadersSettings | None = None) -> None:
        self.settings = settings or SecurityHeadersSettings()
        s = self.settings
        fixed = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", s.referrer_policy.encode("latin-1")),
            (b"permissions-policy", s.permissions_policy.encode("latin-1")),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
        ]
        if s.hsts_max_age_s > 0:
            fixed.append(
                (b"strict-transport-security", f"max-age={s.hsts_max_age_s}".encode("latin-1"))
            )
        self._fixed = fixed
        self._replaced = {name for name, _ in fixed} | {b"content-security-policy"}
        self._static = tuple(s.static_path_prefixes)
        self._overrides = sorted(s.csp_path_overrides.items(), key=lambda kv: -len(kv[0]))

    def apply(self, message: Message, scope: Scope) -> None:
        """Rewrite the headers of an ``http.response.start`` message in place."""
        if message.get("type") != "http.response.start" or not self.settings.enabled:
            return
        headers: list[tuple[bytes, bytes]] = [
            (bytes(name).lower(), bytes(value)) for name, value in message.get("headers") or ()
        ]
        media_type = _header(headers, b"content-type").split(";", 1)[0].strip().lower()
        kept = [(name, value) for name, value in headers if name not in self._replaced]
        kept.extend(self._fixed)
        kept.append((b"content-security-policy", self._csp(media_type, scope).encode("latin-1")))
        is_data = media_type in _DATA_MEDIA_TYPES or media_type.endswith("+json")
        if is_data:
            kept = [(name, value) for name, value in kept if name != b"cache-control"]
            kept.append((b"cache-control", b"no-store"))
        elif not str(scope.get("path", "")).startswith(self._static) and not _header(
            kept, b"cache-control"
        ):
            kept.append((b"cache-control", b"no-store"))
        message["headers"] = kept

    def _csp(self, media_type: str, scope: Scope) -> str:
        path = str(scope.get("path", ""))
        for prefix, csp in self._overrides:
            if path.startswith(prefix):
                return csp
        if media_type != "text/html":
            return self.settings.api_csp
        if _inline_styles_requested(scope):
            return self.settings.page_csp_inline_styles
        return self.settings.page_csp


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return ""


def _inline_styles_requested(scope: Scope) -> bool:
    state = scope.get("state")
    if isinstance(state, MutableMapping) and state.get(INLINE_STYLES_FLAG) is True:
        return True
    handler = scope.get("route_handler")
    opt = getattr(handler, "opt", None)
    return isinstance(opt, MutableMapping) and opt.get(INLINE_STYLES_FLAG) is True


def security_headers_hook(
    settings: SecurityHeadersSettings | None = None,
) -> Callable[[Message, Scope], Awaitable[None]]:
    """A Litestar ``before_send`` hook adding the headers to every response."""
    headers = SecurityHeaders(settings)

    async def before_send(message: Message, scope: Scope) -> None:
        headers.apply(message, scope)

    return before_send


class SecurityHeadersMiddleware:
    """ASGI middleware adding the headers to every HTTP response of ``app``."""

    def __init__(self, app: ASGIApp, settings: SecurityHeadersSettings | None = None) -> None:
        self.app = app
        self._headers = SecurityHeaders(settings)

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            self._headers.apply(message, scope)
            await send(message)

        await self.app(scope, receive, send_with_headers)
