"""Every start-up failure is one line on stderr naming the key at fault, and exit code 2.

The real ``leitplanke serve`` process; no traceback, no driver warnings, no pool time-outs.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.e2e.conftest import LEITPLANKE, cli_env, run_cli
from tests.fakes import free_port, recording_upstream

pytestmark = pytest.mark.e2e


def _config(tmp: Path, *, database_url: str, upstream_url: str, extra: str = "") -> Path:
    path = tmp / "leitplanke.toml"
    path.write_text(
        f"""
[database]
url = "{database_url}"

[audit]
signing_key_file = "{tmp}/signing.pem"
{extra}
[[upstreams]]
name = "llm"
base_url = "{upstream_url}"
models = ["demo-model"]
""",
        encoding="utf-8",
    )
    return path


def _serve(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LEITPLANKE, "serve", "--port", str(free_port()), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _assert_one_line(result: subprocess.CompletedProcess[str], key: str, words: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"leitplanke: cannot start: {key}: "), lines[0]
    assert words in lines[0], lines[0]
    for noise in ("Traceback", "PoolTimeout", "ExceptionGroup", "unsendable", "WARNING"):
        assert noise not in result.stderr + result.stdout
    assert "Serving on" not in result.stdout


@pytest.fixture
def upstream_url() -> Iterator[str]:
    with recording_upstream() as upstream:
        yield upstream.base_url


@pytest.mark.parametrize(
    ("database", "words"),
    [
        ("mysql://leitplanke@127.0.0.1:3306/leitplanke", "unknown scheme 'mysql'"),
        ("postgresql://postgres@127.0.0.1:{dead}/test", "Connection refused"),
        ("sqlite:////proc/leitplanke/audit.db", "/proc/leitplanke"),
    ],
)
def test_when_the_database_is_unusable_then_one_line_and_exit_2(
    tmp_path: Path, upstream_url: str, database: str, words: str
) -> None:
    url = database.format(dead=free_port())
    env = cli_env(_config(tmp_path, database_url=url, upstream_url=upstream_url))
    _assert_one_line(_serve(env), "database.url", words)


def test_when_the_postgres_database_does_not_exist_then_one_line_and_exit_2(
    tmp_path: Path, upstream_url: str, postgres_url: str
) -> None:
    parts = urlsplit(postgres_url)
    missing = urlunsplit(parts._replace(path="/leitplanke_no_such_db", query=""))
    env = cli_env(_config(tmp_path, database_url=missing, upstream_url=upstream_url))
    _assert_one_line(_serve(env), "database.url", 'database "leitplanke_no_such_db" does not exist')


def test_when_the_bundle_is_unreadable_then_one_line_and_exit_2(
    tmp_path: Path, upstream_url: str
) -> None:
    broken = tmp_path / "bundle"
    broken.mkdir()
    (broken / "access.rego").write_text("package leitplanke.access\n\ndecision := {\n", "utf-8")
    env = cli_env(
        _config(
            tmp_path,
            database_url=f"sqlite:///{tmp_path}/a.db",
            upstream_url=upstream_url,
            extra=f'[policy]\nbundle_dir = "{broken}"\n',
        )
    )
    _assert_one_line(_serve(env), "policy.bundle_dir", "access.rego")
    missing = cli_env(
        _config(
            tmp_path,
            database_url=f"sqlite:///{tmp_path}/a.db",
            upstream_url=upstream_url,
            extra=f'[policy]\nbundle_dir = "{tmp_path}/nothing"\n',
        )
    )
    _assert_one_line(_serve(missing), "policy.bundle_dir", "does not exist")


def test_when_the_signing_key_is_missing_then_one_line_and_exit_2(
    tmp_path: Path, upstream_url: str
) -> None:
    database = tmp_path / "db"
    database.mkdir()
    env = cli_env(
        _config(tmp_path, database_url=f"sqlite:///{database}/a.db", upstream_url=upstream_url),
        LEITPLANKE_AUDIT__GENERATE_DEV_KEY="false",
    )
    Path(env["LEITPLANKE_AUDIT__SIGNING_KEY_FILE"]).unlink()  # cli_env created it
    result = _serve(env)
    # The secrets check (issue 18) names the missing key before the start-up preflight runs.
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "audit.signing_key_file" in result.stderr and "signing.pem" in result.stderr


def test_when_the_signing_key_lies_beside_the_database_then_one_line_and_exit_2(
    tmp_path: Path, upstream_url: str
) -> None:
    env = cli_env(
        _config(tmp_path, database_url=f"sqlite:///{tmp_path}/a.db", upstream_url=upstream_url),
        LEITPLANKE_AUDIT__GENERATE_DEV_KEY="false",
    )
    _assert_one_line(_serve(env), "audit.signing_key_file", "lies in the SQLite database's")


def test_when_an_upstream_is_unreachable_at_start_then_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"
    env = cli_env(_config(tmp_path, database_url=f"sqlite:///{tmp_path}/a.db", upstream_url=dead))
    _assert_one_line(_serve(env), "upstreams[0].base_url", "unreachable")


def test_when_no_upstream_is_configured_then_serve_refuses_the_demo_model_without_demo(
    tmp_path: Path,
) -> None:
    config = tmp_path / "leitplanke.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path}/a.db"\n', encoding="utf-8")
    _assert_one_line(_serve(cli_env(config)), "upstreams", "serve --demo")


def test_when_probing_then_each_dependency_is_reported(tmp_path: Path, upstream_url: str) -> None:
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"
    env = cli_env(
        _config(
            tmp_path,
            database_url=f"sqlite:///{tmp_path}/a.db",
            upstream_url=upstream_url,
            extra=f'[rate_limit]\nstore = "redis"\nredis_url = "{dead_redis}"\n'
            f'[policy]\nopa_url = "http://127.0.0.1:{free_port()}"\n',
        )
    )
    probed = run_cli("check-config", "--probe", env=env)
    assert probed.returncode == 1, probed.stdout + probed.stderr
    report = probed.stdout.split("probes:\n", 1)[1].splitlines()
    lines = {line.split()[1]: line.split()[0] for line in report}
    assert lines == {
        "audit.signing_key_file": "ok",
        "database.url": "ok",
        "rate_limit.redis_url": "FAIL",
        "policy.opa_url": "FAIL",
        "upstreams[0].base_url": "ok",
    }, probed.stdout
