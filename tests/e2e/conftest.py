"""Helpers to run the real ``leitplanke`` executable as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

LEITPLANKE = str(Path(sys.executable).with_name("leitplanke"))


def cli_env(config: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEITPLANKE_")}
    env.update({"LEITPLANKE_CONFIG": str(config), "PYTHONUNBUFFERED": "1", **extra})
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
