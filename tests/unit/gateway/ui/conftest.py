"""Fixtures of the dashboard tests: a light app over seeded SQLite stores, a TEST
authorization server, and keys for each role."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from gateway.settings import Settings, settings_from_mapping
from gateway.ui import i18n
from gateway.ui.settings import UiSettings
from tests.e2e.browser.seed import SeededData, build_ui_app
from tests.integration.conftest import issue_key
from tests.oidc_auth_server import TEST_CLIENT_ID, TestAuthServer
from tests.oidc_issuer import TEST_AUDIENCE, TEST_ISSUER_URL, TestIssuer

PEPPER = "ui-test-pepper"
CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')


def ui_test_settings(tmp: Path, jwks_url: str) -> Settings:
    return settings_from_mapping(
        {
            "database": {"url": f"sqlite:///{tmp}/gateway.db"},
            "auth": {"key_pepper": PEPPER},
            "audit": {"signing_key_file": str(tmp / "signing.pem"), "checkpoint_every": 10},
            "rate_limit": {
                "roles": {},
                "default": {"requests_per_minute": 60_000, "burst": 10_000},
            },
            "oidc": {
                "enabled": True,
                "issuer": TEST_ISSUER_URL,
                "audience": TEST_AUDIENCE,
                "jwks_url": jwks_url,
            },
            "reviews": {"services": {"demo-service": {"four_eyes": True}}},
        }
    )


def ui_test_ui_settings(auth: TestAuthServer) -> UiSettings:
    return UiSettings(
        api_key_login=True,
        oidc_client_id=TEST_CLIENT_ID,
        oidc_authorization_endpoint=auth.authorize_url,
        oidc_token_endpoint=auth.token_url,
        page_size=10,
    )


@dataclass
class Dashboard:
    client: TestClient[Any]
    keys: dict[str, str]
    data: SeededData
    auth: TestAuthServer

    def csrf(self, html: str) -> str:
        found = CSRF_RE.search(html)
        assert found is not None, "no CSRF field on the page"
        return found.group(1)

    def login_with_key(self, role: str = "compliance-officer") -> httpx.Response:
        page = self.client.get("/ui/login")
        return self.client.post(
            "/ui/login",
            data={"_csrf": self.csrf(page.text), "api_key": self.keys[role], "next": "/ui"},
            follow_redirects=False,
        )

    def login_with_oidc(self, **claims: Any) -> httpx.Response:
        """Run the code flow by hand: the TestClient only reaches the app, so the hop to the
        authorization server goes over real loopback HTTP."""
        self.auth.next_claims = claims
        start = self.client.get("/ui/login/oidc?next=/ui/audit", follow_redirects=False)
        assert start.status_code == 303, start.text
        at_provider = httpx.get(start.headers["location"], follow_redirects=False)
        assert at_provider.status_code == 302, at_provider.text
        back = httpx.URL(at_provider.headers["location"])
        return self.client.get(f"{back.path}?{back.query.decode()}", follow_redirects=False)

    def logout(self) -> None:
        page = self.client.get("/ui")
        if page.status_code == 200 and "_csrf" in page.text:
            self.client.post(
                "/ui/logout", data={"_csrf": self.csrf(page.text)}, follow_redirects=False
            )
        self.client.cookies.clear()


class _Spied(dict[str, str]):
    """A catalogue that notes every key it is asked for and does not have."""

    def __init__(self, lang: str, texts: Mapping[str, str], misses: list[str]) -> None:
        super().__init__(texts)
        self.lang, self.misses = lang, misses

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        if key not in self:
            self.misses.append(f"{self.lang}:{key}")
        return super().get(key, default)


@contextmanager
def catalogue_misses() -> Iterator[list[str]]:
    """While open, every lookup of a key a catalogue lacks (``t``, ``term``, titles) is
    listed as ``lang:key``; the pages still render as in production (the fallback)."""
    misses: list[str] = []
    original = i18n.catalogue
    spied = {lang: _Spied(lang, original(lang), misses) for lang in i18n.LANGUAGES}
    i18n.catalogue = spied.__getitem__  # type: ignore[assignment]
    try:
        yield misses
    finally:
        i18n.catalogue = original  # type: ignore[assignment]


@pytest.fixture(scope="package")
def auth_server() -> Iterator[TestAuthServer]:
    with TestAuthServer(TestIssuer()) as server:
        yield server


@pytest.fixture(scope="package")
def dashboard(
    tmp_path_factory: pytest.TempPathFactory, auth_server: TestAuthServer
) -> Iterator[Dashboard]:
    tmp = tmp_path_factory.mktemp("ui")
    settings = ui_test_settings(tmp, auth_server.jwks_url)
    keys = {
        role: issue_key(settings, f"{role}-1", role)
        for role in ("compliance-officer", "admin", "ai-service", "caseworker")
    }
    # caseworkers' keys are bound to services (gateway.authz); a second one for four-eyes
    both = ("demo-service", "other-service")
    keys["caseworker"] = issue_key(settings, "caseworker-1", "caseworker", services=both)
    keys["caseworker-2"] = issue_key(settings, "caseworker-2", "caseworker", services=both)
    data = SeededData()
    app = build_ui_app(settings, ui_test_ui_settings(auth_server), data=data, tmp_db_dir=str(tmp))
    with TestClient(app=app) as client:
        yield Dashboard(client=client, keys=keys, data=data, auth=auth_server)


@pytest.fixture
def ui(dashboard: Dashboard) -> Iterator[Dashboard]:
    """The dashboard with a fresh cookie jar (logged out) for each test."""
    dashboard.client.cookies.clear()
    yield dashboard
    dashboard.logout()
