"""A fleet: any worker or instance serves a logged-in officer; one audit chain; shared limits.

Real server processes on loopback: ``serve --workers 2`` on the single-node default (SQLite),
and two instances on one PostgreSQL and one Redis under a bounded load (40 calls, 8 at once).
Every dashboard request opens a new connection, so requests land on different workers.
"""

from __future__ import annotations

import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import cli_env, create_key, server_process
from tests.e2e.test_multi_process import assert_one_gapless_log, chat, config
from tests.fakes import free_port, recording_upstream
from tests.unit.gateway.conftest import RedisTarget, redis_target

__all__ = ["redis_target"]  # the fixture, shared with the unit tests

pytestmark = pytest.mark.e2e

SESSION_COOKIE = "lp_ui_session"
_CSRF = re.compile(r'name="_csrf" value="([^"]+)"')


def _fresh(base: str) -> httpx.Client:
    """A client with its own connection (a new TCP connection per request)."""
    return httpx.Client(base_url=base, timeout=30, follow_redirects=False)


def ui_login(base: str, officer_key: str) -> str:
    """Logs in with the API-key form; returns the session cookie's value."""
    with _fresh(base) as client:
        form = client.get("/ui/login")
        csrf = _CSRF.search(form.text)
        assert form.status_code == 200 and csrf, form.text[:500]
        done = client.post("/ui/login", data={"api_key": officer_key, "_csrf": csrf.group(1)})
        assert done.status_code == 303, done.text[:500]
        return str(done.cookies[SESSION_COOKIE])


def overview(base: str, session: str) -> httpx.Response:
    with _fresh(base) as client:
        client.cookies.set(SESSION_COOKIE, session)
        return client.get("/ui/")


def logout(base: str, session: str, csrf: str) -> int:
    with _fresh(base) as client:
        client.cookies.set(SESSION_COOKIE, session)
        return client.post("/ui/logout", data={"_csrf": csrf}).status_code


def _with_ui(path: Path, extra: str) -> Path:
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_when_two_workers_serve_the_dashboard_then_the_officer_stays_logged_in(
    tmp_path: Path,
) -> None:
    with recording_upstream() as upstream:
        cfg = config(tmp_path, f"sqlite:///{tmp_path}/audit.db", upstream.base_url)
        env = cli_env(_with_ui(cfg, "\n[ui]\napi_key_login = true\n"))
        officer = create_key(env, "officer-1", "compliance-officer")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with server_process("--workers", "2", env=env, port=port, log_path=tmp_path / "s.log"):
            session = ui_login(base, officer)
            pages = [overview(base, session) for _ in range(30)]
            csrf = _CSRF.search(pages[-1].text)
            assert csrf is not None
            assert logout(base, session, csrf.group(1)) == 303
            after = [overview(base, session) for _ in range(10)]
    assert [p.status_code for p in pages] == [200] * 30
    # logged out on whichever worker: every worker sends the browser to the login page
    assert {p.status_code for p in after} == {303}
    assert all("/ui/login" in p.headers["location"] for p in after)


def test_when_two_instances_share_postgresql_and_redis_then_sessions_limits_and_log_are_one(
    tmp_path: Path, postgres_url: str, redis_target: RedisTarget
) -> None:
    redis_url = redis_target.url
    prefix = f"leitplanke-test:{uuid.uuid4().hex[:12]}:rl:"
    with recording_upstream() as upstream:
        cfg = config(tmp_path, postgres_url, upstream.base_url)
        env = cli_env(
            _with_ui(
                cfg,
                f"""
[ui]
api_key_login = true

[rate_limit]
store = "redis"
redis_url = "{redis_url}"
key_prefix = "{prefix}"

[rate_limit.roles.ai-service]
requests_per_minute = 1
burst = 20
""",
            )
        )
        service = create_key(env, "demo-service", "ai-service")
        officer = create_key(env, "officer-1", "compliance-officer")
        ports = [free_port(), free_port()]
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        with (
            server_process(env=env, port=ports[0], log_path=tmp_path / "a.log"),
            server_process(env=env, port=ports[1], log_path=tmp_path / "b.log"),
            ThreadPoolExecutor(8) as pool,
        ):
            statuses = list(pool.map(lambda i: chat(ports[i % 2], service, i), range(40)))
            session = ui_login(bases[0], officer)
            pages = [overview(bases[i % 2], session) for i in range(10)]
            csrf = _CSRF.search(pages[-1].text)
            assert csrf is not None
            assert logout(bases[1], session, csrf.group(1)) == 303
            after = overview(bases[0], session)
    # one bucket of 20 for the service across both instances (separate buckets: 40 x 200)
    assert sorted(statuses) == [200] * 20 + [429] * 20
    assert [p.status_code for p in pages] == [200] * 10
    assert after.status_code == 303
    assert_one_gapless_log(env, tmp_path, 20)
