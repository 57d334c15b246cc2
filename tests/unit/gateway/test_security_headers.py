"""Security headers on a tiny Litestar app, installed as before_send hook and as middleware."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar, MediaType, Request, Response, get
from litestar.middleware import DefineMiddleware
from litestar.static_files import create_static_files_router
from litestar.testing import TestClient

from gateway.security_headers import (
    DEFAULT_API_CSP,
    DEFAULT_PAGE_CSP,
    DEFAULT_PAGE_CSP_INLINE_STYLES,
    INLINE_STYLES_FLAG,
    SecurityHeadersMiddleware,
    SecurityHeadersSettings,
    allow_inline_styles,
    security_headers_hook,
)

ALWAYS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


@get("/api/thing")
async def api_thing() -> dict[str, str]:
    return {"status": "ok"}


@get("/api/cacheable")
async def api_cacheable() -> Response[dict[str, str]]:
    # A data response may not opt into caching, nor weaken the CSP.
    return Response(
        {"a": "b"},
        headers={
            "Cache-Control": "public, max-age=3600",
            "Content-Security-Policy": "default-src *",
            "X-Frame-Options": "ALLOWALL",
        },
    )


@get("/page", media_type=MediaType.HTML)
async def page() -> str:
    return "<html><body><p>Bescheid</p></body></html>"


@get("/page/styled", media_type=MediaType.HTML)
async def styled_page(request: Request[Any, Any, Any]) -> str:
    allow_inline_styles(request.scope)  # type: ignore[arg-type]
    return '<html><body><p style="color: red">Bescheid</p></body></html>'


@get("/page/styled-route", media_type=MediaType.HTML, opt={INLINE_STYLES_FLAG: True})
async def styled_route() -> str:
    return "<html><body><style>p{}</style></body></html>"


@get("/page/cached", media_type=MediaType.HTML)
async def cached_page() -> Response[str]:
    return Response("<html></html>", headers={"Cache-Control": "max-age=60"})


@get("/events", media_type="text/event-stream")
async def events() -> str:
    return "data: 1\n\n"


@get("/boom")
async def boom() -> None:
    raise RuntimeError("boom")


HANDLERS = [api_thing, api_cacheable, page, styled_page, styled_route, cached_page, events, boom]


def build_app(mode: str, static_dir: Path, **settings: Any) -> Litestar:
    config = SecurityHeadersSettings(**settings)
    handlers: list[Any] = [
        *HANDLERS,
        create_static_files_router(path="/static", directories=[static_dir]),
    ]
    if mode == "hook":
        return Litestar(route_handlers=handlers, before_send=[security_headers_hook(config)])
    return Litestar(
        route_handlers=handlers,
        middleware=[DefineMiddleware(SecurityHeadersMiddleware, settings=config)],
    )


@pytest.fixture(params=["hook", "middleware"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient[Litestar]]:
    (tmp_path / "app.css").write_text("p { color: black }")
    with TestClient(build_app(request.param, tmp_path)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("path", "status", "csp", "cache_control"),
    [
        ("/api/thing", 200, DEFAULT_API_CSP, "no-store"),
        ("/api/cacheable", 200, DEFAULT_API_CSP, "no-store"),
        ("/page", 200, DEFAULT_PAGE_CSP, "no-store"),
        ("/page/styled", 200, DEFAULT_PAGE_CSP_INLINE_STYLES, "no-store"),
        ("/page/styled-route", 200, DEFAULT_PAGE_CSP_INLINE_STYLES, "no-store"),
        ("/page/cached", 200, DEFAULT_PAGE_CSP, "max-age=60"),
        ("/events", 200, DEFAULT_API_CSP, "no-store"),
        ("/boom", 500, DEFAULT_API_CSP, "no-store"),
        ("/static/app.css", 200, DEFAULT_API_CSP, None),
    ],
)
def test_when_response_is_sent_then_security_headers_fit_its_kind(
    client: TestClient[Litestar], path: str, status: int, csp: str, cache_control: str | None
) -> None:
    response = client.get(path)

    assert response.status_code == status
    for name, value in ALWAYS.items():
        assert response.headers.get_list(name) == [value], name
    assert response.headers.get_list("content-security-policy") == [csp]
    assert response.headers.get_list("cache-control") == ([cache_control] if cache_control else [])
    assert "permissions-policy" in response.headers
    assert "strict-transport-security" not in response.headers


@pytest.mark.parametrize("csp", [DEFAULT_PAGE_CSP, DEFAULT_API_CSP])
def test_when_csp_is_parsed_then_no_inline_scripts_and_no_framing(csp: str) -> None:
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["frame-ancestors"] == "'none'"
    script_src = directives.get("script-src", directives["default-src"])
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in directives.get("style-src", directives["default-src"])


def test_when_route_is_unknown_then_hook_still_adds_headers(tmp_path: Path) -> None:
    with TestClient(build_app("hook", tmp_path)) as test_client:
        response = test_client.get("/no/such/route")
    assert response.status_code == 404
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("mode", ["hook", "middleware"])
def test_when_hsts_is_configured_then_it_is_sent(mode: str, tmp_path: Path) -> None:
    with TestClient(build_app(mode, tmp_path, hsts_max_age_s=31536000)) as test_client:
        response = test_client.get("/api/thing")
    assert response.headers["strict-transport-security"] == "max-age=31536000"


@pytest.mark.parametrize(
    ("path", "csp"),
    [
        ("/page", "default-src 'self' https://cdn.example"),
        ("/page/styled", "style-src 'self'"),
        ("/api/thing", DEFAULT_API_CSP),
    ],
)
def test_when_path_has_csp_override_then_longest_prefix_wins(
    tmp_path: Path, path: str, csp: str
) -> None:
    overrides = {
        "/page": "default-src 'self' https://cdn.example",
        "/page/styled": "style-src 'self'",
    }
    with TestClient(build_app("hook", tmp_path, csp_path_overrides=overrides)) as test_client:
        response = test_client.get(path)
    assert response.headers["content-security-policy"] == csp


@pytest.mark.parametrize("mode", ["hook", "middleware"])
def test_when_disabled_then_no_headers_are_added(mode: str, tmp_path: Path) -> None:
    with TestClient(build_app(mode, tmp_path, enabled=False)) as test_client:
        response = test_client.get("/page")
    assert "content-security-policy" not in response.headers
    assert "x-frame-options" not in response.headers


def test_when_no_cors_is_configured_then_no_cross_origin_grant(
    client: TestClient[Litestar],
) -> None:
    response = client.get("/api/thing", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
