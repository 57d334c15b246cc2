"""Outside --demo, serve and check-config refuse development or missing secrets (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit_log.checkpoints import CheckpointSigner
from gateway.cli import EXIT_OK, EXIT_USAGE, main
from gateway.settings import ConfigError, load_settings


def write_config(tmp: Path, body: str) -> Path:
    config = tmp / "leitplanke.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp}/db.sqlite"\n{body}')
    return config


def good_secrets(tmp: Path) -> str:
    (tmp / "pepper").write_text("a-pepper-from-a-mounted-secret\n")
    (tmp / "code-secret").write_text("an-access-code-secret-from-a-mounted-file")
    key = tmp / "keys" / "signing.pem"
    CheckpointSigner.generate_dev_key(key)
    return (
        f'[auth]\nkey_pepper_file = "{tmp}/pepper"\n'
        f'[decisions]\naccess_code_secret_file = "{tmp}/code-secret"\n'
        f'[audit]\nsigning_key_file = "{key}"\n'
    )


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("", "auth.key_pepper is the published development default"),
        ("", "decisions.access_code_secret is the published development default"),
        ("", "audit.signing_key_file is not set"),
        ('[auth]\nkey_pepper = "short"\n', "auth.key_pepper is shorter than 16 bytes"),
        ('[audit]\nsigning_key_file = "/nonexistent/key.pem"\n', "does not exist"),
    ],
)
def test_when_secret_missing_or_default_then_serve_and_check_config_refuse_with_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    body: str,
    named: str,
) -> None:
    monkeypatch.setenv("LEITPLANKE_CONFIG", str(write_config(tmp_path, body)))
    assert main(["serve", "--port", "1"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("refusing to start: ") and err.count("\n") == 1
    assert named in err
    assert main(["check-config"]) == EXIT_USAGE
    assert named in capsys.readouterr().err
    assert not (tmp_path / "db.sqlite").exists()  # nothing was started or written


def test_when_secrets_come_from_files_then_check_config_ok_and_values_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "db-url").write_text(f"sqlite:///{tmp_path}/from-file.sqlite\n")
    (tmp_path / "client-secret").write_text("an-oidc-client-secret")
    more = (
        f'[ui]\noidc_client_secret_file = "{tmp_path}/client-secret"\n'
        f'[database]\nurl_file = "{tmp_path}/db-url"\n'
    )
    config = tmp_path / "leitplanke.toml"
    config.write_text(good_secrets(tmp_path) + more)
    monkeypatch.setenv("LEITPLANKE_CONFIG", str(config))
    assert main(["check-config"]) == EXIT_OK
    assert "configuration ok" in capsys.readouterr().out
    settings = load_settings({"LEITPLANKE_CONFIG": str(config)})
    assert settings.auth.key_pepper == "a-pepper-from-a-mounted-secret"
    assert settings.decisions.access_code_secret == "an-access-code-secret-from-a-mounted-file"
    assert settings.database.url == f"sqlite:///{tmp_path}/from-file.sqlite"
    assert settings.ui.oidc_client_secret == "an-oidc-client-secret"


def test_when_secret_file_unreadable_then_config_error_names_the_key(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[auth]\nkey_pepper_file = "/nonexistent/pepper"\n')
    with pytest.raises(ConfigError) as raised:
        load_settings({"LEITPLANKE_CONFIG": str(config)})
    assert raised.value.key == "auth.key_pepper_file"


def test_when_demo_then_development_secrets_are_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEITPLANKE_CONFIG", str(write_config(tmp_path, "")))
    assert main(["check-config", "--demo"]) == EXIT_OK


def test_when_no_signing_key_configured_then_the_development_key_is_not_beside_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gateway.audit_store import open_audit_store_for
    from gateway.secrets_check import DEMO_SIGNING_KEY

    monkeypatch.chdir(tmp_path)
    settings = load_settings({"LEITPLANKE_CONFIG": str(write_config(tmp_path, ""))})
    open_audit_store_for(settings)
    assert (tmp_path / DEMO_SIGNING_KEY).is_file()
    assert (tmp_path / DEMO_SIGNING_KEY).parent != tmp_path  # the database's directory
    assert not list(tmp_path.glob("*.pem"))


def test_when_signing_key_is_the_demo_key_then_serve_and_check_config_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pointing signing_key_file at the key serve --demo made is a development default too."""
    from gateway.secrets_check import DEMO_SIGNING_KEY

    monkeypatch.chdir(tmp_path)
    CheckpointSigner.generate_dev_key(tmp_path / DEMO_SIGNING_KEY)
    good = good_secrets(tmp_path).replace(
        str(tmp_path / "keys" / "signing.pem"), str(tmp_path / DEMO_SIGNING_KEY)
    )
    monkeypatch.setenv("LEITPLANKE_CONFIG", str(write_config(tmp_path, good)))
    assert main(["serve", "--port", "1"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is the development key of serve --demo" in err
    assert main(["check-config"]) == EXIT_USAGE
    assert "development key" in capsys.readouterr().err
