"""``pip install leitplanke`` gives a working gateway: the built wheel in a clean venv.

The package comes from the wheel built here; the venv has no OPA Go engine (the state of a
plain ``pip install``, docs/decisions/0060). Its third-party dependencies are the ones
already installed for the suite, reached through a directory of links (installing ~150
packages from the registry would take minutes), without the editable checkout and without
``opa_bindings``: nothing of this source tree is importable from the venv.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import server_process
from tests.fakes import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
#: Our own packages and OPA's Go engine: never taken from the suite's environment.
EXCLUDED = (
    "opa_bindings",
    "opa_golib",
    "leitplanke",
    "__editable__",
    "app.py",
    "gateway",
    "pii",
    "policies",
    "explain",
    "fairness",
    "audit_log",
)


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=root,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("leitplanke-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    deps = root / "deps"
    deps.mkdir()
    for source in site.getsitepackages():
        for entry in Path(source).iterdir():
            if entry.name.startswith(EXCLUDED) or entry.suffix == ".pth":
                continue
            if not (deps / entry.name).exists():
                (deps / entry.name).symlink_to(entry)
    (purelib,) = (venv / "lib").glob("python3*/site-packages")
    (purelib / "_suite_dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    yield venv


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEITPLANKE_", "PYTHON"))}
    env.update(
        {
            "LEITPLANKE_DATABASE__URL": f"sqlite:///{tmp}/leitplanke.db",
            "LEITPLANKE_AUDIT__SIGNING_KEY_FILE": f"{tmp}/signing.pem",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


def _run(
    venv: Path, *args: str, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "leitplanke"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_when_the_wheel_is_installed_then_nothing_comes_from_the_checkout(
    wheel_venv: Path, tmp_path: Path
) -> None:
    probe = subprocess.run(
        [
            str(wheel_venv / "bin" / "python"),
            "-c",
            "import gateway, policies, importlib.util; print(gateway.__file__); "
            "print(importlib.util.find_spec('opa_bindings'))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    gateway_file, opa = probe.stdout.split()
    assert Path(gateway_file).is_relative_to(wheel_venv)
    assert opa == "None"


def test_when_the_wheel_is_installed_then_version_policy_test_and_check_config_work(
    wheel_venv: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    version = _run(wheel_venv, "--version", env=env, cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.split() == ["leitplanke", _project_version()]

    policy = _run(wheel_venv, "policy", "test", env=env, cwd=tmp_path)
    assert policy.returncode == 0, policy.stdout + policy.stderr
    assert policy.stdout.strip().splitlines()[-1].startswith("PASS: ")
    assert "FAIL" not in policy.stdout

    # Development secrets: check-config accepts them only with --demo (issue 18).
    check = _run(wheel_venv, "check-config", "--demo", env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "regorus" in check.stdout


def test_when_the_wheel_serves_the_demo_then_a_chat_request_is_answered(
    wheel_venv: Path, tmp_path: Path
) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with server_process(
        "--demo",
        env=_env(tmp_path),
        port=port,
        log_path=log,
        executable=str(wheel_venv / "bin" / "leitplanke"),
        cwd=tmp_path,
    ):
        ready = httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=10)
        key = next(
            line.split()[-1] for line in log.read_text().splitlines() if "service key" in line
        )
        answer = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            json={"model": "demo-model", "messages": [{"role": "user", "content": "Hallo"}]},
            headers={"Authorization": f"Bearer {key}", "X-Purpose": "demo"},
            timeout=60,
        )
    assert ready.status_code == 200
    assert answer.status_code == 200, answer.text
    assert answer.json()["choices"][0]["message"]["content"]
    notices = [line for line in log.read_text().splitlines() if "policy_opa_engine_absent" in line]
    assert notices, log.read_text()
    assert "regorus alone" in notices[0]


def _project_version() -> str:
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])
