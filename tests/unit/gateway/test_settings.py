"""Configuration: TOML file + LEITPLANKE_* overrides, validated with the bad key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.settings import ConfigError, load_settings


def write(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "leitplanke.toml"
    path.write_text(text, encoding="utf-8")
    return {"LEITPLANKE_CONFIG": str(path)}


def test_when_nothing_is_configured_then_embedded_defaults() -> None:
    settings = load_settings({})
    assert (settings.server.host, settings.server.port) == ("127.0.0.1", 8080)
    assert settings.database.url == "sqlite:///var/leitplanke.db"
    assert settings.policy.opa_url == ""
    assert settings.upstream_for_model("demo-model") is not None


def test_when_toml_file_given_then_its_values_are_used(tmp_path: Path) -> None:
    env = write(
        tmp_path,
        """
[server]
port = 9000
[[upstreams]]
name = "vllm"
base_url = "http://127.0.0.1:9001/v1"
models = ["llama"]
hosting = "external"
timeout_s = 5
""",
    )
    settings = load_settings(env)
    assert settings.server.port == 9000
    upstream = settings.upstream_for_model("llama")
    assert upstream is not None and upstream.hosting == "external"
    assert settings.upstream_for_model("demo-model") is None


@pytest.mark.parametrize(
    ("env", "attribute", "expected"),
    [
        ({"LEITPLANKE_SERVER__PORT": "9090"}, ("server", "port"), 9090),
        (
            {"LEITPLANKE_DATABASE_URL": "postgresql://p@h/db"},
            ("database", "url"),
            "postgresql://p@h/db",
        ),
        ({"LEITPLANKE_DATABASE__URL": "sqlite:///x.db"}, ("database", "url"), "sqlite:///x.db"),
        (
            {"LEITPLANKE_OPA_URL": "http://127.0.0.1:8181"},
            ("policy", "opa_url"),
            "http://127.0.0.1:8181",
        ),
        ({"LEITPLANKE_POLICY__TIMEOUT_MS": "20"}, ("policy", "timeout_ms"), 20),
    ],
)
def test_when_env_overrides_then_env_wins(
    tmp_path: Path, env: dict[str, str], attribute: tuple[str, str], expected: object
) -> None:
    base = write(tmp_path, "[server]\nport = 1234\n[policy]\ntimeout_ms = 70\n")
    settings = load_settings({**base, **env})
    assert getattr(getattr(settings, attribute[0]), attribute[1]) == expected


@pytest.mark.parametrize(
    ("toml", "env", "key"),
    [
        ('[server]\nport = "eighty"\n', {}, "server.port"),
        ("[server]\nprot = 80\n", {}, "server.prot"),
        ('[databse]\nurl = "x"\n', {}, "databse"),
        ("", {"LEITPLANKE_SERVER__PORT": "abc"}, "server.port"),
        ("", {"LEITPLANKE_NOPE__X": "1"}, "LEITPLANKE_NOPE__X"),
        (
            '[[upstreams]]\nname = "a"\nbase_url = "b"\nmodels = ["m"]\nhosting = "cloud"\n',
            {},
            "upstreams[0].hosting",
        ),
    ],
)
def test_when_config_is_invalid_then_error_names_the_key(
    tmp_path: Path, toml: str, env: dict[str, str], key: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({**write(tmp_path, toml), **env})
    assert info.value.key == key
    assert key in str(info.value)


def test_when_config_file_missing_then_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({"LEITPLANKE_CONFIG": str(tmp_path / "missing.toml")})


def test_when_config_file_is_not_toml_then_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write(tmp_path, "[server\nport=1"))


def test_when_any_proxy_is_trusted_then_config_error_names_forwarded_allow_ips(
    tmp_path: Path,
) -> None:
    """uvicorn with "*" takes the left-most X-Forwarded-For entry: the caller's own."""
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, '[server]\nforwarded_allow_ips = ["10.0.8.0/24", "*"]\n'))
    assert info.value.key == "server.forwarded_allow_ips"
    allowed = load_settings(write(tmp_path, '[server]\nforwarded_allow_ips = ["10.0.8.0/24"]\n'))
    assert allowed.server.forwarded_allow_ips == ["10.0.8.0/24"]
