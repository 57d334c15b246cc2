"""OpenTelemetry tracing: spans reach a real OTLP/HTTP receiver, carry no personal data, and
nothing is sent (or even imported) when tracing is off, which is the default."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from app import create_app
from gateway.keys import Identity
from gateway.metrics import RequestStages
from gateway.settings import ConfigError, Settings, load_settings
from gateway.tracing import span_attributes
from tests.fakes import RecordingUpstream, free_port, recording_upstream
from tests.integration.conftest import issue_key, make_settings
from tests.otlp_collector_double import ReceivedSpan, otlp_collector_double

ROOT = Path(__file__).resolve().parents[3]
CANARY_NAME = "Erika Mustermann"
CANARY_MAIL = "erika.canary@example.de"
REQUEST_ID = "7ace7e57-0000-0001"
CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{CALLER_TRACE_ID}-00f067aa0ba902b7-01"
PIPELINE_STAGES = ("auth", "pii_request", "policy", "upstream", "pii_response", "audit")


@pytest.fixture
def upstream() -> Iterator[RecordingUpstream]:
    with recording_upstream() as double:
        yield double


def traced_settings(tmp_path: Path, upstream_url: str, **tracing: Any) -> Settings:
    return make_settings(tmp_path, upstream_url, tracing={"enabled": True, **tracing})


def chat(client: TestClient[Any], key: str, content: str, **headers: str) -> Any:
    return client.post(
        "/v1/chat/completions",
        json={"model": "demo-model", "messages": [{"role": "user", "content": content}]},
        headers={"Authorization": f"Bearer {key}", "X-Purpose": "demo", **headers},
    )


def by_name(spans: list[ReceivedSpan]) -> dict[str, ReceivedSpan]:
    return {span.name: span for span in spans}


def test_when_tracing_enabled_then_collector_gets_request_span_with_a_child_per_stage(
    tmp_path: Path, upstream: RecordingUpstream
) -> None:
    with otlp_collector_double() as collector:
        settings = traced_settings(
            tmp_path, upstream.base_url, otlp_endpoint=collector.endpoint, service_name="lp-test"
        )
        key = issue_key(settings, "demo-service", "ai-service")
        with TestClient(app=create_app(settings)) as client:
            response = chat(
                client,
                key,
                f"Bescheid für {CANARY_NAME}, Mail {CANARY_MAIL}",
                **{"X-Request-ID": REQUEST_ID, "traceparent": TRACEPARENT},
            )
            assert response.status_code == 200, response.text
            assert client.get("/metrics").status_code == 200
        # Leaving the client ran the lifespan shutdown, which flushes the batch processor.
        spans = collector.spans()
        raw = b"".join(collector.raw_bodies)

    assert set(collector.paths) == {"/v1/traces"}
    named = by_name(spans)
    root = named["POST /v1/chat/completions"]
    assert root.trace_id == CALLER_TRACE_ID  # joined the caller's trace
    assert root.parent_span_id == "00f067aa0ba902b7"
    assert root.resource["service.name"] == "lp-test"
    assert root.attributes["http.route"] == "/v1/chat/completions"
    assert root.attributes["http.request.method"] == "POST"
    assert root.attributes["http.response.status_code"] == 200
    assert root.attributes["leitplanke.request_id"] == REQUEST_ID
    assert root.attributes["leitplanke.model"] == "demo-model"
    assert root.attributes["leitplanke.policy_result"] == "allowed"
    assert root.attributes["leitplanke.outcome"] == "ok"
    assert root.attributes["leitplanke.service"] == "demo-service"
    for stage in PIPELINE_STAGES:
        child = named[stage]
        assert child.parent_span_id == root.span_id
        assert child.trace_id == root.trace_id
        assert root.start_ns <= child.start_ns <= child.end_ns <= root.end_ns
        assert child.attributes["leitplanke.duration_ms"] == pytest.approx(
            root.attributes[f"leitplanke.stage.{stage}_ms"], abs=0.001
        )
    # Stages ran in pipeline order.
    starts = [named[stage].start_ns for stage in PIPELINE_STAGES]
    assert starts == sorted(starts)
    assert not any(s.name.endswith("/metrics") for s in spans)  # scrapes are not traced
    # Nothing from the prompt, the answer or the credentials left with the spans.
    for secret in (CANARY_NAME, "Mustermann", CANARY_MAIL, "erika", key):
        assert secret.encode() not in raw


def test_when_upstream_fails_then_the_request_span_is_marked_as_error(
    tmp_path: Path, upstream: RecordingUpstream
) -> None:
    with otlp_collector_double() as collector:
        settings = traced_settings(tmp_path, upstream.base_url, otlp_endpoint=collector.endpoint)
        key = issue_key(settings, "demo-service", "ai-service")
        with TestClient(app=create_app(settings)) as client:
            response = client.post(
                "/v1/chat/completions",
                json={"model": "broken-model", "messages": [{"role": "user", "content": "Hi"}]},
                headers={"Authorization": f"Bearer {key}", "X-Purpose": "demo"},
            )
            assert response.status_code == 502
        root = by_name(collector.spans())["POST /v1/chat/completions"]

    assert root.attributes["http.response.status_code"] == 502
    assert root.attributes["leitplanke.outcome"] == "upstream_error"
    assert root.status_code == 2  # STATUS_CODE_ERROR


def test_when_collector_is_unreachable_then_calls_still_succeed(
    tmp_path: Path, upstream: RecordingUpstream
) -> None:
    settings = traced_settings(
        tmp_path,
        upstream.base_url,
        otlp_endpoint=f"http://127.0.0.1:{free_port()}/v1/traces",
        export_timeout_s=1,
    )
    key = issue_key(settings, "demo-service", "ai-service")
    with TestClient(app=create_app(settings)) as client:
        assert chat(client, key, "Hallo").status_code == 200


def test_when_tracing_not_configured_then_nothing_is_sent(
    tmp_path: Path, upstream: RecordingUpstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    with otlp_collector_double() as collector:
        # Even the standard OTel variable pointing at a live collector sends nothing while off.
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.endpoint)
        settings = make_settings(tmp_path, upstream.base_url)
        assert settings.tracing.enabled is False
        key = issue_key(settings, "demo-service", "ai-service")
        with TestClient(app=create_app(settings)) as client:
            assert chat(client, key, f"Mail {CANARY_MAIL}").status_code == 200

        assert collector.raw_bodies == []


NO_OTEL_IMPORT = """
import sys
from litestar.testing import TestClient
from app import create_app
from gateway.settings import settings_from_mapping

settings = settings_from_mapping({{
    "database": {{"url": "sqlite:///{tmp}/lp.db"}},
    "audit": {{"signing_key_file": "{tmp}/key.pem"}},
}})
with TestClient(app=create_app(settings)) as client:
    assert client.get("/health/ready").status_code == 200
    assert client.get("/metrics").status_code == 200
# Litestar itself peeks at the opentelemetry package and its semconv names when an app is
# built (to find its own OTel plugin); the SDK, the exporter and the trace API are ours to load.
ours = ("opentelemetry.sdk", "opentelemetry.exporter", "opentelemetry.trace", "opentelemetry.proto")
loaded = sorted(m for m in sys.modules if m.startswith(ours))
assert not loaded, loaded
"""


def test_when_tracing_disabled_then_opentelemetry_is_never_imported(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_OTEL_IMPORT.format(tmp=tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize(
    ("role", "name", "expected"),
    [
        ("ai-service", "svc-bescheid", "svc-bescheid"),
        ("compliance-officer", CANARY_NAME, None),  # people's names never enter spans
        ("caseworker", CANARY_NAME, None),
    ],
)
def test_when_span_attributes_built_then_only_service_callers_are_named(
    role: str, name: str, expected: str | None
) -> None:
    stages = RequestStages()
    stages["auth"] = 0.5
    scope: Any = {
        "type": "http",
        "method": "GET",
        "path": f"/v1/decisions/{CANARY_NAME}",
        "path_template": "/v1/decisions/{decision_id}",
        "state": {
            "request_id": "r1",
            "identity": Identity(key_id="k1", name=name, role=role),  # type: ignore[arg-type]
        },
    }
    attributes = span_attributes(scope, status=200, stages=stages)

    assert attributes.get("leitplanke.service") == expected
    assert attributes["http.route"] == "/v1/decisions/{decision_id}"  # template, not the path
    assert attributes["leitplanke.stage.auth_ms"] == 0.5
    if expected is None:
        assert all(CANARY_NAME not in str(v) for v in attributes.values())


def test_when_tracing_env_vars_set_then_settings_follow_them() -> None:
    settings = load_settings(
        {
            "LEITPLANKE_TRACING__ENABLED": "true",
            "LEITPLANKE_TRACING__OTLP_ENDPOINT": "http://collector:4318/v1/traces",
            "LEITPLANKE_TRACING__SERVICE_NAME": "leitplanke-prod",
        }
    )
    assert settings.tracing.enabled is True
    assert settings.tracing.otlp_endpoint == "http://collector:4318/v1/traces"
    assert settings.tracing.service_name == "leitplanke-prod"
    assert load_settings({}).tracing.enabled is False


def test_when_otlp_endpoint_is_not_http_then_config_error_names_the_key() -> None:
    with pytest.raises(ConfigError) as excinfo:
        load_settings({"LEITPLANKE_TRACING__OTLP_ENDPOINT": "collector:4318"})
    assert excinfo.value.key == "tracing.otlp_endpoint"
