"""Start-up checks: every failure becomes one line naming the configuration key at fault.

``leitplanke serve`` runs ``preflight`` before the server (and its workers) start, so an
unreachable or missing database, an unknown URL scheme, an unreadable policy bundle, a
missing signing key or an unreachable upstream stops start-up with exit code 2 and one
line on stderr, instead of driver warnings, pool time-outs or tracebacks from inside the
application. ``leitplanke check-config --probe`` runs the same probes and prints one line
per dependency (database, Redis, OPA, every upstream).

Each check returns a ``Finding``; probes never raise. A driver's message is reduced to its
first line without credentials (psycopg's messages carry host and port, never a password).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gateway.settings import BUILTIN_DEMO_URL, CONFIG_PATH_ENV, Settings, UpstreamSettings

#: Exit status of a start-up failure (the same as a configuration error).
EXIT_STARTUP = 2
PROBE_TIMEOUT_S = 5.0

MESSAGE_UNKNOWN_SCHEME = (
    "unknown scheme {scheme!r}: use sqlite:///PATH or postgresql://USER@HOST:PORT/DB"
)
MESSAGE_NO_UPSTREAMS = (
    "no [[upstreams]] configured: add one (docs/leitplanke.example.toml); the built-in demo "
    "model is served only by `leitplanke serve --demo`"
)
MESSAGE_SIGNING_KEY_MISSING = "{path} is not readable and audit.generate_dev_key is false"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """The result of one check.

    Attributes:
        key: the configuration key the check is about (e.g. ``database.url``).
        target: what was checked, without credentials (``127.0.0.1:5432/test``).
        ok: the check passed.
        detail: why it failed, or what was found.
    """

    key: str
    target: str
    ok: bool
    detail: str

    def failure_line(self) -> str:
        """The one line ``serve`` prints when this check stops start-up."""
        return f"leitplanke: cannot start: {self.key}: {self.detail}"

    def report_line(self) -> str:
        """The line ``check-config --probe`` prints."""
        status = "ok  " if self.ok else "FAIL"
        return f"  {status} {self.key:<28} {self.target}: {self.detail}"


def database_target(url: str) -> str:
    """The database URL without user and password."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return url.partition("://")[2].removeprefix("/") or ":memory:"
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path}"


def first_line(message: str) -> str:
    """A driver message as one line: first line, whitespace collapsed, known prefixes cut."""
    line = message.strip().splitlines()[0] if message.strip() else ""
    line = line.removeprefix("connection failed: ")
    return " ".join(line.split())


async def probe_database(url: str, *, timeout_s: float = PROBE_TIMEOUT_S) -> Finding:
    """Connects once to the database (no pool, so no pool warnings) and runs ``SELECT 1``."""
    key, target = "database.url", database_target(url)
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme == "sqlite":
        return await asyncio.to_thread(_probe_sqlite, key, target)
    if scheme not in ("postgresql", "postgres"):
        return Finding(
            key=key,
            target=target,
            ok=False,
            detail=MESSAGE_UNKNOWN_SCHEME.format(scheme=scheme or url),
        )
    import psycopg

    try:
        connection = await psycopg.AsyncConnection.connect(
            url, connect_timeout=max(1, int(timeout_s))
        )
        try:
            await connection.execute("SELECT 1")
        finally:
            await connection.close()
    except (psycopg.Error, OSError) as exc:
        return Finding(key=key, target=target, ok=False, detail=first_line(str(exc)))
    return Finding(key=key, target=target, ok=True, detail="PostgreSQL reachable")


def _probe_sqlite(key: str, target: str) -> Finding:
    if target == ":memory:":
        return Finding(key=key, target=target, ok=True, detail="in-memory SQLite")
    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(path).close()  # creates the file as the server would
    except (OSError, sqlite3.Error) as exc:
        return Finding(key=key, target=target, ok=False, detail=first_line(str(exc)))
    if not os.access(path, os.W_OK):
        return Finding(key=key, target=target, ok=False, detail="the file is not writable")
    return Finding(key=key, target=target, ok=True, detail="SQLite file writable")


async def probe_redis(url: str, *, key: str, timeout_s: float = PROBE_TIMEOUT_S) -> Finding:
    """``PING`` on a fresh connection."""
    import redis.asyncio as redis_asyncio
    from redis.exceptions import RedisError

    parts = urlsplit(url)
    target = f"{parts.hostname or ''}:{parts.port or 6379}{parts.path}"
    client: Any = redis_asyncio.Redis.from_url(
        url, socket_connect_timeout=timeout_s, socket_timeout=timeout_s
    )
    try:
        await client.ping()
    except (RedisError, OSError, ValueError) as exc:
        return Finding(key=key, target=target, ok=False, detail=first_line(str(exc)))
    finally:
        await client.aclose()
    return Finding(key=key, target=target, ok=True, detail="Redis answers PING")


async def probe_http(
    url: str, *, key: str, path: str, timeout_s: float = PROBE_TIMEOUT_S
) -> Finding:
    """A GET on ``url + path``: any HTTP answer means reachable (its status is reported)."""
    import httpx

    parts = urlsplit(url)
    target = f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
    try:
        async with httpx.AsyncClient(timeout=timeout_s) as client:
            response = await client.get(url.rstrip("/") + path)
    except httpx.HTTPError as exc:
        detail = first_line(str(exc)) or type(exc).__name__
        return Finding(key=key, target=target, ok=False, detail=f"unreachable ({detail})")
    return Finding(
        key=key, target=target, ok=True, detail=f"reachable (HTTP {response.status_code})"
    )


async def probe_upstream(upstream: UpstreamSettings, index: int) -> Finding:
    """Reachability of one upstream (``GET <base_url>/models``; no key is sent)."""
    key = f"upstreams[{index}].base_url"
    if upstream.base_url == BUILTIN_DEMO_URL:
        return Finding(key=key, target=upstream.name, ok=True, detail="built-in demo model")
    return await probe_http(
        upstream.base_url,
        key=key,
        path="/models",
        timeout_s=min(PROBE_TIMEOUT_S, upstream.timeout_s),
    )


def check_policy_bundle(settings: Settings) -> Finding:
    """Reads and compiles the bundle (OPA's compiler when installed, else regorus)."""
    from policies.engines import check_bundle
    from policies.errors import PolicyError
    from policies.loader import load_bundle, resolve_bundle_dir

    key = "policy.bundle_dir"
    target = str(resolve_bundle_dir(settings.policy.bundle_dir))
    try:
        engine = check_bundle(load_bundle(settings.policy.bundle_dir))
    except (PolicyError, OSError, ValueError) as exc:
        return Finding(key=key, target=target, ok=False, detail=first_line(str(exc)))
    detail = f"compiles ({'OPA compiler' if engine == 'opa' else 'regorus only, no OPA Go engine'})"
    return Finding(key=key, target=target, ok=True, detail=detail)


def check_signing_key(settings: Settings) -> Finding:
    """The checkpoint signing key is readable, or will be generated (development)."""
    from gateway.audit_store import KEY_BESIDE_DATABASE, _beside_database
    from gateway.secrets_check import DEMO_SIGNING_KEY

    key = "audit.signing_key_file"
    path = Path(settings.audit.signing_key_file or DEMO_SIGNING_KEY)
    if not settings.audit.generate_dev_key and _beside_database(
        str(path), settings.database.url
    ):
        return Finding(
            key=key, target=str(path), ok=False,
            detail=KEY_BESIDE_DATABASE.format(path=str(path)),
        )
    if path.is_file() and os.access(path, os.R_OK):
        return Finding(key=key, target=str(path), ok=True, detail="readable")
    if settings.audit.generate_dev_key:
        return Finding(
            key=key, target=str(path), ok=True, detail="missing: a development key is generated"
        )
    return Finding(
        key=key,
        target=str(path),
        ok=False,
        detail=MESSAGE_SIGNING_KEY_MISSING.format(path=path),
    )


def upstreams_configured(environ: Mapping[str, str]) -> bool:
    """True when the operator configured ``[[upstreams]]`` (file or environment).

    Without them the settings fall back to the built-in demo model, which only
    ``serve --demo`` may serve: a production config must never answer with it silently.
    """
    if any(name.startswith("LEITPLANKE_UPSTREAMS") for name in environ):
        return True
    config = environ.get(CONFIG_PATH_ENV, "")
    if not config:
        return False
    try:
        raw = tomllib.loads(Path(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False  # load_settings reported it already
    return "upstreams" in raw


def check_upstreams_configured(environ: Mapping[str, str], *, demo: bool) -> Finding:
    ok = demo or upstreams_configured(environ)
    return Finding(
        key="upstreams",
        target="[[upstreams]]",
        ok=ok,
        detail="configured" if ok else MESSAGE_NO_UPSTREAMS,
    )


def redis_urls(settings: Settings) -> dict[str, str]:
    """Configuration key -> Redis URL of every Redis the configuration uses."""
    urls: dict[str, str] = {}
    if settings.rate_limit.enabled and settings.rate_limit.store == "redis":
        urls["rate_limit.redis_url"] = settings.rate_limit.redis_url
    return urls


async def probe_dependencies(settings: Settings, *, upstreams: bool = True) -> list[Finding]:
    """Database, every Redis, OPA and (optionally) every upstream, probed concurrently."""
    probes = [probe_database(settings.database.url)]
    probes += [probe_redis(url, key=key) for key, url in redis_urls(settings).items()]
    if settings.policy.opa_url:
        probes.append(probe_http(settings.policy.opa_url, key="policy.opa_url", path="/health"))
    if upstreams:
        probes += [probe_upstream(u, i) for i, u in enumerate(settings.upstreams)]
    return list(await asyncio.gather(*probes))


async def preflight(
    settings: Settings,
    environ: Mapping[str, str],
    *,
    demo: bool = False,
    check_upstreams: bool = True,
) -> list[Finding]:
    """Every check ``serve`` needs to pass before it starts; the failures come first."""
    findings = [check_upstreams_configured(environ, demo=demo), check_signing_key(settings)]
    findings.append(await asyncio.to_thread(check_policy_bundle, settings))
    findings += await probe_dependencies(settings, upstreams=check_upstreams)
    return sorted(findings, key=lambda f: f.ok)


def first_failure(findings: list[Finding]) -> Finding | None:
    return next((f for f in findings if not f.ok), None)


class OneLineStartupErrors(logging.Filter):
    """Turns uvicorn's report of a failed application start-up into one line.

    The preflight catches what it can foresee; anything else that fails while the app
    builds its components reaches uvicorn's error logger as a traceback text. This
    filter keeps the traceback's last line (``Type: message``) and drops the rest.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        message = record.getMessage()
        if message.startswith("Application startup failed"):
            return False
        if record.exc_info or "Traceback (most recent call last)" in message:
            exc = record.exc_info[1] if record.exc_info else None
            last = (
                f"{type(exc).__name__}: {exc}"
                if exc is not None
                else next((x for x in reversed(message.splitlines()) if x.strip()), message)
            )
            record.msg, record.args = f"leitplanke: cannot start: {first_line(last)}", ()
            record.exc_info, record.exc_text = None, None
        return True


def install_one_line_startup_errors() -> None:
    """Attaches ``OneLineStartupErrors`` to uvicorn's error logger (after uvicorn's config)."""
    logging.getLogger("uvicorn.error").addFilter(OneLineStartupErrors())
