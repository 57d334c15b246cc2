"""A gateway without decision and fairness stores: the audit pages work, the others say so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from gateway.settings import settings_from_mapping
from gateway.ui.settings import UiSettings
from tests.e2e.browser.seed import SeededData, build_ui_app
from tests.integration.conftest import issue_key
from tests.unit.gateway.ui.conftest import CSRF_RE, PEPPER


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient[Any], str]]:
    tmp = tmp_path_factory.mktemp("ui-bare")
    settings = settings_from_mapping(
        {
            "database": {"url": f"sqlite:///{tmp}/gateway.db"},
            "auth": {"key_pepper": PEPPER},
            "audit": {"signing_key_file": str(tmp / "signing.pem")},
            "rate_limit": {"roles": {}, "default": {"requests_per_minute": 60, "burst": 8}},
        }
    )
    key = issue_key(settings, "officer-bare", "compliance-officer")
    app = build_ui_app(
        settings,
        UiSettings(api_key_login=True),
        data=SeededData(),
        tmp_db_dir=str(tmp),
        with_domain=False,
    )
    with TestClient(app=app) as test_client:
        yield test_client, key


def _login(client: TestClient[Any], key: str) -> int:
    page = client.get("/ui/login")
    found = CSRF_RE.search(page.text)
    assert found is not None
    response = client.post(
        "/ui/login", data={"_csrf": found.group(1), "api_key": key}, follow_redirects=False
    )
    return response.status_code


@pytest.mark.parametrize(
    ("path", "status"),
    [("/ui", 200), ("/ui/audit", 200), ("/ui/decisions", 503), ("/ui/fairness", 503)],
)
def test_when_domain_stores_are_missing_then_only_their_pages_are_unavailable(
    client: tuple[TestClient[Any], str], path: str, status: int
) -> None:
    test_client, key = client
    test_client.cookies.clear()
    assert _login(test_client, key) == 303
    response = test_client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    if status == 503:
        assert "Nicht verfügbar" in response.text


def test_when_oidc_is_not_configured_then_no_single_sign_on_is_offered(
    client: tuple[TestClient[Any], str],
) -> None:
    test_client, _ = client
    test_client.cookies.clear()
    assert "single sign-on" not in test_client.get("/ui/login").text
    assert test_client.get("/ui/login/oidc").status_code == 404


def test_when_login_is_guessed_repeatedly_then_it_is_rate_limited(
    client: tuple[TestClient[Any], str],
) -> None:
    test_client, _ = client
    test_client.cookies.clear()
    statuses = [_login(test_client, f"lp_guess_{i}") for i in range(12)]
    assert statuses[0] == 401
    assert 429 in statuses
    assert statuses.index(429) <= 9  # burst of 8 (some used by the other tests' logins)
