"""Browser fixtures: Debian's Chromium driven by Playwright against the real server process.

Never downloads a browser (no ``playwright install``): Chromium comes from
``apt-get install chromium`` and is launched from ``/usr/bin/chromium``. Without Chromium,
Playwright or axe-core the tests are skipped with the reason -- unless
``LEITPLANKE_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns that into a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.browser.serve import SEED_OUT_ENV, UI_ENV
from tests.e2e.conftest import cli_env, create_key, run_cli
from tests.fakes import free_port
from tests.oidc_auth_server import TEST_CLIENT_ID, TestAuthServer
from tests.oidc_issuer import TEST_AUDIENCE, TEST_ISSUER_URL, TestIssuer

REQUIRE_BROWSER_ENV = "LEITPLANKE_REQUIRE_BROWSER"
CHROMIUM = Path(os.environ.get("LEITPLANKE_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[3]
AXE_JS = REPO / "tests" / "e2e" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "tests" / "e2e" / "screenshots"
TIMEOUT_MS = 10_000


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed (pip install playwright)"
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if not AXE_JS.is_file():
        return f"axe-core missing at {AXE_JS} (npm install --prefix tests/e2e/axe)"
    return None


@dataclass
class Server:
    """The running gateway and what the tests need to drive it."""

    base_url: str
    keys: dict[str, str]
    seed: dict[str, Any]
    auth: TestAuthServer

    def url(self, path: str) -> str:
        return self.base_url + path


def _write_config(tmp: Path, jwks_url: str) -> Path:
    config = tmp / "leitplanke.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{tmp}/gateway.db"

[audit]
signing_key_file = "{tmp}/signing.pem"
checkpoint_every = 10

# Chromium clicks faster than a person: a citizen's burst of 5 was spent within a
# second by the language switches of two tests (429 instead of the page). Limits
# themselves are tested in tests/unit/gateway/test_ratelimit.py and the e2e suites.
[rate_limit.default]
requests_per_minute = 600
burst = 120

[rate_limit.roles.citizen]
requests_per_minute = 600
burst = 60

[oidc]
enabled = true
issuer = "{TEST_ISSUER_URL}"
audience = "{TEST_AUDIENCE}"
jwks_url = "{jwks_url}"
""",
        encoding="utf-8",
    )
    return config


def _wait_ready(
    proc: subprocess.Popen[bytes], base_url: str, seed_file: Path, log_path: Path
) -> None:
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
        try:
            ready = httpx.get(f"{base_url}/health/ready", timeout=1).status_code == 200
        except httpx.HTTPError:
            ready = False
        if ready and seed_file.is_file():
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"server not ready in time:\n{log_path.read_text()}")
        time.sleep(0.2)


@pytest.fixture(scope="package")
def browser_required() -> None:
    reason = browser_unavailable()
    if reason is None:
        return
    if os.environ.get(REQUIRE_BROWSER_ENV, "") == "1":
        pytest.fail(f"browser tests cannot run: {reason}, but {REQUIRE_BROWSER_ENV}=1")
    pytest.skip(f"browser tests not run: {reason}")


@pytest.fixture(scope="package")
def server(browser_required: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("browser")
    with TestAuthServer(TestIssuer()) as auth:
        config = _write_config(tmp, auth.jwks_url)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        ui = {
            "api_key_login": True,
            "oidc_client_id": TEST_CLIENT_ID,
            "oidc_authorization_endpoint": auth.authorize_url,
            "oidc_token_endpoint": auth.token_url,
            "page_size": 10,
        }
        seed_file = tmp / "seed.json"
        env = cli_env(config, **{UI_ENV: json.dumps(ui), SEED_OUT_ENV: str(seed_file)})
        keys = {
            role: create_key(env, name, role)
            for name, role in (("officer-1", "compliance-officer"), ("demo-service", "ai-service"))
        }
        # caseworkers' keys are bound to the services they work for (gateway.authz)
        created = run_cli(
            "keys", "create", "--name", "caseworker-1", "--role", "caseworker",
            "--services", "demo-service,other-service", env=env,
        )
        assert created.returncode == 0, created.stderr
        keys["caseworker"] = created.stdout.strip().splitlines()[-1]
        log_path = tmp / "server.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "tests.e2e.browser.serve:create",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_ready(proc, base_url, seed_file, log_path)
                seed = json.loads(seed_file.read_text())
                yield Server(base_url=base_url, keys=keys, seed=seed, auth=auth)
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


@pytest.fixture(scope="package")
def browser(browser_required: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Tab:
    """A page plus the checks every test makes: CSP violations, axe, screenshots."""

    def __init__(self, page: Any, server: Server) -> None:
        self.page = page
        self.server = server
        self.csp_violations: list[str] = []
        page.set_default_timeout(TIMEOUT_MS)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.server.url(path), wait_until="domcontentloaded")

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def axe_serious(self) -> list[str]:
        """Serious or critical axe-core violations of the current page (ids and targets)."""
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # evaluate() runs through DevTools, so the page's CSP does not block the injection
            self.page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        return [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in result
            if v.get("impact") in ("serious", "critical")
        ]

    def check(self, name: str) -> None:
        """Screenshot, then assert no serious/critical axe finding and no CSP violation."""
        self.screenshot(name)
        assert self.axe_serious() == [], f"accessibility problems on {name}"
        assert self.csp_violations == [], f"CSP violations on {name}"


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Tab]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    try:
        yield Tab(context.new_page(), server)
    finally:
        context.close()


def login_with_key(tab: Tab, next_path: str = "/ui") -> None:
    tab.goto(f"/ui/login?next={next_path}")
    tab.page.fill("#api_key", tab.server.keys["compliance-officer"])
    tab.page.click("form[action='/ui/login'] button[type=submit]")
    tab.page.wait_for_url(f"**{next_path}")
