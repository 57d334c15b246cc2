"""A newcomer's first commands: keys for services the bundle does not know, services list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import cli_env, run_cli

pytestmark = pytest.mark.e2e


def _env(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "leitplanke.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/a.db"\n'
        f'[audit]\nsigning_key_file = "{tmp_path}/signing.pem"\n',
        encoding="utf-8",
    )
    return cli_env(config)


def test_when_a_key_is_created_for_an_unknown_service_then_it_warns_what_to_add(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path)
    unknown = run_cli("keys", "create", "--name", "wohngeld-bot", "--role", "ai-service", env=env)
    known = run_cli("keys", "create", "--name", "demo-service", "--role", "ai-service", env=env)
    officer = run_cli(
        "keys", "create", "--name", "officer-7", "--role", "compliance-officer", env=env
    )
    assert unknown.returncode == known.returncode == officer.returncode == 0
    assert unknown.stdout.strip().splitlines()[-1].startswith("lpk_")  # the key stays last
    assert "403 service_unknown" in unknown.stderr
    assert '"wohngeld-bot": {' in unknown.stderr and "governance.services" in unknown.stderr
    assert known.stderr == "" and officer.stderr == ""


def test_when_services_are_listed_then_models_and_purposes_of_the_bundle_show(
    tmp_path: Path,
) -> None:
    listed = run_cli("services", "list", env=_env(tmp_path))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("demo-service: ")
    assert "  demo-model: buergerservice, antragsbearbeitung, demo" in lines
    assert "  demo-model: statistik" in lines
