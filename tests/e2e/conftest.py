"""Helpers to run the real ``leitplanke`` executable as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from audit_log.checkpoints import CheckpointSigner

LEITPLANKE = str(Path(sys.executable).with_name("leitplanke"))


def cli_env(config: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI or server process reading ``config``.

    ``serve`` refuses development secrets outside ``--demo``: secrets the config file does
    not set are supplied here (as an operator would, by environment), and the signing key
    it names is created if missing.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEITPLANKE_")}
    env.update({"LEITPLANKE_CONFIG": str(config), "PYTHONUNBUFFERED": "1"})
    env.update(production_secrets(config))
    env.update(extra)
    return env


def production_secrets(config: Path) -> dict[str, str]:
    raw = tomllib.loads(config.read_text(encoding="utf-8"))
    env = {}
    if not raw.get("auth", {}).get("key_pepper"):
        env["LEITPLANKE_AUTH__KEY_PEPPER"] = "e2e-test-pepper-not-the-development-default"
    if not raw.get("decisions", {}).get("access_code_secret"):
        env["LEITPLANKE_DECISIONS__ACCESS_CODE_SECRET"] = (
            "e2e-test-access-code-secret-of-32-bytes-or-more"
        )
    key_file = raw.get("audit", {}).get("signing_key_file") or str(
        config.parent / "e2e-signing-key.pem"
    )
    CheckpointSigner.generate_dev_key(key_file)
    env["LEITPLANKE_AUDIT__SIGNING_KEY_FILE"] = key_file
    return env


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LEITPLANKE, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def create_key(env: dict[str, str], name: str, role: str) -> str:
    """``leitplanke keys create``; returns the new key (the last line it prints)."""
    created = run_cli("keys", "create", "--name", name, "--role", role, env=env)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


@contextmanager
def server_process(
    *args: str,
    env: dict[str, str],
    port: int,
    log_path: Path,
    executable: str = LEITPLANKE,
    cwd: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``leitplanke serve`` and wait until /health/ready answers 200."""
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [executable, "serve", "--port", str(port), *args],
            env=env,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
                try:
                    if (
                        httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code
                        == 200
                    ):
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not ready in time:\n{log_path.read_text()}")
                time.sleep(0.2)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
