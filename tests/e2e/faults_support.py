"""Helpers for the fault-injection and canary e2e tests: config files, keys, an OPA process.

``OpaProcess`` runs the OPA-REST-compatible TEST SERVER (tests/unit/policies/opa_test_server.py,
OPA's Go engine behind OPA's REST API) as a separate OS process on a fixed loopback port, with
the bundle pre-loaded under the ids the gateway pushes (as after an earlier push), so a test
can freeze it (SIGSTOP: a hung, slow engine), kill it (SIGKILL: engine down) and start it
again on the same port.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from gateway.keys import Role, open_key_store

REPO_ROOT = Path(__file__).resolve().parents[2]
PEPPER = "faults-test-pepper"

_OPA_LAUNCHER = """
import sys, threading
from policies.engines import REMOTE_POLICY_PREFIX
from policies.loader import load_bundle
from tests.unit.policies.opa_test_server import OpaTestServer, _QuietServer, _handler

port, bundle_dir = int(sys.argv[1]), sys.argv[2]
bundle = load_bundle(bundle_dir)
state = OpaTestServer()
# The ids the gateway pushes under, so its push at start-up replaces them.
modules = {f"{REMOTE_POLICY_PREFIX}/{m.path}": m.source for m in bundle.policy_modules}
state.preload(modules, dict(bundle.data))
httpd = _QuietServer(("127.0.0.1", port), _handler(state))
state._httpd = httpd
print(state.url, flush=True)
httpd.serve_forever(poll_interval=0.05)
"""


def write_config(
    tmp: Path,
    *,
    upstream_url: str,
    database_url: str,
    bundle_dir: Path,
    opa_url: str = "",
    policy_timeout_ms: int = 1000,
    max_text_chars: int = 100_000,
    max_body_bytes: int = 1_048_576,
) -> Path:
    """A gateway config: the recording upstream serves demo/slow/broken models (0.5 s timeout)."""
    config = tmp / "leitplanke.toml"
    config.write_text(
        f"""
[server]
max_body_bytes = {max_body_bytes}

[database]
url = "{database_url}"

[policy]
opa_url = "{opa_url}"
bundle_dir = "{bundle_dir}"
timeout_ms = {policy_timeout_ms}

[pii]
max_text_chars = {max_text_chars}

[auth]
key_pepper = "{PEPPER}"

[audit]
signing_key_file = "{tmp}/signing.pem"

[rate_limit]
roles = {{}}
default = {{ requests_per_minute = 60000, burst = 10000 }}

[[upstreams]]
name = "recording"
base_url = "{upstream_url}"
models = ["demo-model", "slow-model", "broken-model"]
hosting = "internal"
timeout_s = 0.5
""",
        encoding="utf-8",
    )
    return config


def issue_keys(
    database_url: str, wanted: dict[str, tuple[str, Role] | tuple[str, Role, tuple[str, ...]]]
) -> dict[str, str]:
    """Creates keys directly in the key store (faster than one CLI process per key).

    A third item binds the key to services (``keys create --services``).
    """

    async def create() -> dict[str, str]:
        store = open_key_store(database_url, pepper=PEPPER)
        await store.open()
        try:
            return {
                label: (
                    await store.create(
                        name=spec[0], role=spec[1], services=spec[2] if len(spec) > 2 else None
                    )
                ).secret
                for label, spec in wanted.items()
            }
        finally:
            await store.aclose()

    return asyncio.run(create())


class Client:
    """Small HTTP client on a running gateway with the test's keys."""

    def __init__(self, port: int, keys: dict[str, str]) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.keys = keys
        self.http = httpx.Client(base_url=self.base, timeout=30)

    def auth(self, label: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[label]}", **extra}

    def chat(
        self,
        content: str,
        *,
        model: str = "demo-model",
        stream: bool = False,
        purpose: str = "demo",
    ) -> httpx.Response:
        body: dict[str, Any] = {
            "model": model,
            "messages": [{"role": "user", "content": content}],
            "stream": stream,
        }
        return self.http.post(
            "/v1/chat/completions",
            json=body,
            headers=self.auth("service", **{"X-Purpose": purpose}),
        )

    def audit_records(self, request_id: str) -> list[dict[str, Any]]:
        response = self.http.get(
            "/v1/audit/events", params={"request_id": request_id}, headers=self.auth("officer")
        )
        assert response.status_code == 200, response.text
        records: list[dict[str, Any]] = response.json()["records"]
        return records

    def count_records(self, event_type: str) -> int:
        """How many audit records of ``event_type`` exist (pages through the search)."""
        count, cursor = 0, None
        while True:
            params: dict[str, Any] = {"event_type": event_type, "limit": 1000}
            if cursor:
                params["cursor"] = cursor
            response = self.http.get(
                "/v1/audit/events", params=params, headers=self.auth("officer")
            )
            assert response.status_code == 200, response.text
            page = response.json()
            count += len(page["records"])
            cursor = page.get("next_cursor")
            if not cursor:
                return count

    def close(self) -> None:
        self.http.close()


class OpaProcess:
    """The OPA test server as a separate process on a fixed port (see module docstring)."""

    def __init__(self, *, port: int, bundle_dir: Path) -> None:
        self.port = port
        self.bundle_dir = bundle_dir
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _OPA_LAUNCHER, str(self.port), str(self.bundle_dir)],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if line != self.url:
            self.stop()
            raise RuntimeError(f"OPA test server did not start: {line!r}")
        deadline = time.monotonic() + 60  # a hang guard, not a speed target
        while httpx.get(f"{self.url}/health", timeout=2).status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("OPA test server not healthy")
            time.sleep(0.05)

    def freeze(self) -> None:
        """SIGSTOP: connections are accepted by the kernel but never answered (a hung engine)."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL: the engine is gone, its port refuses connections."""
        self.stop()

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGCONT)  # a frozen process cannot die cleanly otherwise
        self.proc.kill()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None


def wait_until(predicate: Any, *, timeout_s: float, interval_s: float = 0.2) -> bool:
    """Polls ``predicate`` until it returns true or the time is up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval_s)
    return bool(predicate())
