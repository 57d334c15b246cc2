"""The leitplanke CLI: check-config and keys create share the server's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.cli import EXIT_OK, EXIT_USAGE, main
from gateway.keys import open_key_store

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "leitplanke.example.toml"


def test_when_example_config_checked_then_ok(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEITPLANKE_CONFIG", str(EXAMPLE))
    assert main(["check-config", "--demo"]) == EXIT_OK  # the example holds no real secrets
    assert "configuration ok" in capsys.readouterr().out


def test_when_config_invalid_then_exit_2_naming_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[server]\nport = "x"\n')
    monkeypatch.setenv("LEITPLANKE_CONFIG", str(config))
    assert main(["check-config"]) == EXIT_USAGE
    assert "server.port" in capsys.readouterr().err


async def _resolve(url: str, secret: str) -> str | None:
    store = open_key_store(url, pepper="leitplanke-development-pepper")
    await store.open()
    try:
        identity = await store.resolve(secret)
        return identity.role if identity else None
    finally:
        await store.aclose()


def test_when_key_created_then_last_line_is_a_working_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    url = f"sqlite:///{tmp_path}/keys.db"
    monkeypatch.setenv("LEITPLANKE_DATABASE_URL", url)
    monkeypatch.setenv("LEITPLANKE_AUDIT__SIGNING_KEY_FILE", str(tmp_path / "signing.pem"))
    assert main(["keys", "create", "--name", "bot", "--role", "ai-service"]) == EXIT_OK
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert asyncio.run(_resolve(url, secret)) == "ai-service"
    assert main(["keys", "revoke", "--name", "bot"]) == EXIT_OK
    assert asyncio.run(_resolve(url, secret)) is None


def test_when_policy_tests_run_then_opa_style_summary_and_exit_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEITPLANKE_CONFIG", raising=False)
    assert main(["policy", "test"]) == EXIT_OK
    assert "PASS: " in capsys.readouterr().out


@pytest.mark.parametrize(("purpose", "allowed"), [("demo", True), ("werbung", False)])
def test_when_policy_eval_then_decision_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], purpose: str, allowed: bool
) -> None:
    import json

    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "service": {"name": "demo-service", "role": "ai-service"},
                "model": {"name": "demo-model", "hosting": "internal", "upstream": "demo"},
                "purpose": purpose,
                "pii": {"entity_types": [], "count": 0, "special_categories": []},
                "request": {"kind": "chat.completions", "stream": False},
            }
        )
    )
    assert main(["policy", "eval", "--input", str(case)]) == EXIT_OK
    printed = json.loads(capsys.readouterr().out)
    assert printed["result"]["allow"] is allowed
    assert printed["revision"].startswith("sha256:")


def test_when_audit_verified_and_exported_then_records_of_key_changes_appear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    monkeypatch.setenv("LEITPLANKE_DATABASE_URL", f"sqlite:///{tmp_path}/a.db")
    monkeypatch.setenv("LEITPLANKE_AUDIT__SIGNING_KEY_FILE", str(tmp_path / "signing.pem"))
    assert main(["keys", "create", "--name", "bot", "--role", "ai-service"]) == EXIT_OK
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["audit", "checkpoint"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("leitplanke.local/audit\n1\n")
    assert main(["audit", "verify"]) == EXIT_OK
    verified = capsys.readouterr().out
    assert "audit log OK" in verified
    # Nothing outside the database is configured or given: verify says so instead of silence.
    assert "not anchored outside the database: " in verified
    output = tmp_path / "export.jsonl"
    assert main(["audit", "export", "--event-type", "key.created", "-o", str(output)]) == EXIT_OK
    rows = [json.loads(line) for line in output.read_text().splitlines()]
    assert [r["event"]["event_type"] for r in rows] == ["key.created"]
    assert secret not in output.read_text()


def test_when_key_rotated_then_old_key_fails_and_new_key_works_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    url = f"sqlite:///{tmp_path}/keys.db"
    monkeypatch.setenv("LEITPLANKE_DATABASE_URL", url)
    monkeypatch.setenv("LEITPLANKE_AUDIT__SIGNING_KEY_FILE", str(tmp_path / "signing.pem"))
    assert main(["keys", "create", "--name", "bot", "--role", "ai-service"]) == EXIT_OK
    old = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["keys", "rotate", "--name", "bot", "--role", "ai-service"]) == EXIT_OK
    out = capsys.readouterr().out
    new = out.strip().splitlines()[-1]
    assert "revoked 1 old key(s)" in out
    assert asyncio.run(_resolve(url, old)) is None
    assert asyncio.run(_resolve(url, new)) == "ai-service"
