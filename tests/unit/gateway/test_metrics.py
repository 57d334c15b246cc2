"""Prometheus metrics: what observe_* records, bounded labels, /metrics, multi-process sums."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.middleware import DefineMiddleware
from litestar.response import Stream
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families

from gateway.metrics import (
    ERR_MULTIPROC_NOT_ACTIVE,
    MULTIPROC_ENV,
    OTHER,
    UNMATCHED_ROUTE,
    GatewayMetrics,
    MetricsError,
    MetricsMiddleware,
    metrics_endpoint,
    prepare_multiprocess_dir,
    render_multiprocess,
    server_timing_header,
)

ROOT = Path(__file__).resolve().parents[3]
CANARY_NAME = "Erika Mustermann"


def value(metrics: GatewayMetrics, name: str, **labels: str) -> float:
    found = metrics.registry.get_sample_value(f"leitplanke_{name}", labels)
    return 0.0 if found is None else found


def observe(metrics: GatewayMetrics, **overrides: Any) -> None:
    call: dict[str, Any] = {
        "stages_ms": {},
        "pii_entities": {},
        "policy_result": "allowed",
        "outcome": "ok",
    }
    call.update(overrides)
    metrics.observe_call(**call)


@pytest.mark.parametrize(
    ("stage", "ms", "label", "bucket_le"),
    [
        ("pii_request", 3.0, "pii_request", "0.005"),
        ("policy", 0.4, "policy", "0.0005"),
        ("upstream", 120.0, "upstream", "0.25"),
        ("audit", 8.0, "audit", "0.01"),
        ("made_up_stage", 1.0, OTHER, "0.001"),
    ],
)
def test_when_call_observed_then_stage_histogram_has_the_duration_in_seconds(
    stage: str, ms: float, label: str, bucket_le: str
) -> None:
    metrics = GatewayMetrics()
    observe(metrics, stages_ms={stage: ms})
    assert value(metrics, "stage_duration_seconds_count", stage=label) == 1
    assert value(metrics, "stage_duration_seconds_sum", stage=label) == pytest.approx(ms / 1000)
    assert value(metrics, "stage_duration_seconds_bucket", stage=label, le=bucket_le) == 1


@pytest.mark.parametrize(
    ("policy_result", "label"),
    [
        ("allowed", "allowed"),
        ("denied", "denied"),
        ("unavailable", "policy_unavailable"),
        ("policy_unavailable", "policy_unavailable"),
        ("surprise", OTHER),
    ],
)
def test_when_policy_result_observed_then_it_is_counted_under_its_own_label(
    policy_result: str, label: str
) -> None:
    metrics = GatewayMetrics()
    observe(metrics, policy_result=policy_result)
    observe(metrics, policy_result=policy_result)
    assert value(metrics, "policy_decisions_total", result=label) == 2
    others = {"allowed", "denied", "policy_unavailable", OTHER} - {label}
    assert all(value(metrics, "policy_decisions_total", result=o) == 0 for o in others)


def test_when_policy_was_not_asked_then_no_decision_is_counted() -> None:
    metrics = GatewayMetrics()
    observe(metrics, policy_result="", outcome="pii_unavailable")
    families = {f.name: f for f in text_string_to_metric_families(metrics.render().decode())}
    assert sum(s.value for s in families["leitplanke_policy_decisions"].samples) == 0
    assert value(metrics, "proxy_calls_total", outcome="pii_unavailable") == 1


@pytest.mark.parametrize(
    ("entity_type", "label"),
    [
        ("PERSON", "PERSON"),
        ("DE_TAX_ID", "DE_TAX_ID"),
        ("IBAN_CODE", "IBAN_CODE"),
        (CANARY_NAME, OTHER),
        ("person", OTHER),
        ("", OTHER),
        ("A" * 41, OTHER),
        ("1ABC", OTHER),
        ("ÄRZTIN", OTHER),
    ],
)
def test_when_pii_entities_observed_then_counted_by_bounded_type_label(
    entity_type: str, label: str
) -> None:
    metrics = GatewayMetrics()
    observe(metrics, pii_entities={entity_type: 3})
    assert value(metrics, "pii_entities_total", entity_type=label) == 3


def test_when_entity_text_is_not_a_type_name_then_it_never_reaches_the_exposition() -> None:
    metrics = GatewayMetrics()
    observe(metrics, pii_entities={CANARY_NAME: 1, "PERSON": 2})
    text = metrics.render().decode()
    assert CANARY_NAME not in text
    assert 'leitplanke_pii_entities_total{entity_type="PERSON"} 2.0' in text


@pytest.mark.parametrize(
    ("outcome", "label"),
    [("ok", "ok"), ("denied", "denied"), ("bad_gateway", "bad_gateway"), ("weird", OTHER)],
)
def test_when_outcome_observed_then_calls_are_counted_by_outcome(outcome: str, label: str) -> None:
    metrics = GatewayMetrics()
    observe(metrics, outcome=outcome)
    assert value(metrics, "proxy_calls_total", outcome=label) == 1


def test_when_audit_commit_observed_then_latency_and_batch_size_are_recorded() -> None:
    metrics = GatewayMetrics()
    metrics.observe_audit_commit(duration_s=0.004, batch_size=17)
    metrics.observe_audit_commit(duration_s=0.002, batch_size=1)
    assert value(metrics, "audit_commit_duration_seconds_count") == 2
    assert value(metrics, "audit_commit_duration_seconds_sum") == pytest.approx(0.006)
    assert value(metrics, "audit_batch_size_bucket", le="1.0") == 1
    assert value(metrics, "audit_batch_size_bucket", le="32.0") == 2
    assert value(metrics, "audit_batch_size_sum") == 18


def test_when_upstream_fails_then_error_is_counted_by_upstream_and_code() -> None:
    metrics = GatewayMetrics()
    metrics.observe_upstream_error(upstream="vllm", code="upstream_timeout")
    metrics.observe_upstream_error(upstream="vllm", code="upstream_timeout")
    metrics.observe_upstream_error(upstream="vllm", code="bad_gateway")
    assert value(metrics, "upstream_errors_total", upstream="vllm", code="upstream_timeout") == 2
    assert value(metrics, "upstream_errors_total", upstream="vllm", code="bad_gateway") == 1


def test_when_two_instances_exist_then_their_registries_are_independent() -> None:
    first, second = GatewayMetrics(), GatewayMetrics()
    observe(first)
    assert value(first, "proxy_calls_total", outcome="ok") == 1
    assert value(second, "proxy_calls_total", outcome="ok") == 0


@pytest.mark.parametrize(
    ("stages", "expected"),
    [
        ({"policy": 0.042, "pii_request": 3.056}, "pii_request;dur=3.06, policy;dur=0.04"),
        ({"audit": 1.0, "secret_internal": 9.0}, "audit;dur=1.00"),
        ({}, ""),
    ],
)
def test_when_server_timing_built_then_known_stages_in_pipeline_order(
    stages: dict[str, float], expected: str
) -> None:
    assert server_timing_header(stages) == expected


# ---- HTTP: middleware and /metrics ------------------------------------------------------


@get("/items/{item_id:int}", sync_to_thread=False)
def item(item_id: int) -> dict[str, int]:
    if item_id == 0:
        raise NotFoundException("no such item")
    return {"id": item_id}


@get("/stream", sync_to_thread=False)
def stream() -> Stream:
    async def chunks() -> AsyncIterator[bytes]:
        for piece in (b"a", b"b", b"c"):
            yield piece

    return Stream(chunks(), media_type="text/plain")


def client_for(metrics: GatewayMetrics) -> TestClient[Litestar]:
    app = Litestar(
        route_handlers=[item, stream, metrics_endpoint],
        middleware=[DefineMiddleware(MetricsMiddleware, metrics=metrics)],
        state=State({"metrics": metrics}),
    )
    return TestClient(app)


@pytest.mark.parametrize(
    ("path", "status"),
    [("/items/7", "200"), ("/items/0", "404"), ("/stream", "200")],
)
def test_when_request_served_then_counted_once_by_route_template_and_status(
    path: str, status: str
) -> None:
    metrics = GatewayMetrics()
    with client_for(metrics) as client:
        client.get(path)
    route = "/items/{item_id}" if path.startswith("/items") else "/stream"
    assert value(metrics, "http_requests_total", route=route, method="GET", status=status) == 1
    assert value(metrics, "http_request_duration_seconds_count", route=route, method="GET") == 1
    text = metrics.render().decode()
    assert path not in text.replace(route, "")  # raw paths never become labels


def test_when_metrics_scraped_then_text_format_with_every_family() -> None:
    metrics = GatewayMetrics()
    observe(metrics, stages_ms={"auth": 0.2}, pii_entities={"PERSON": 1})
    with client_for(metrics) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    names = {f.name for f in text_string_to_metric_families(response.text)}
    assert names >= {
        "leitplanke_http_requests",
        "leitplanke_http_request_duration_seconds",
        "leitplanke_stage_duration_seconds",
        "leitplanke_pii_entities",
        "leitplanke_policy_decisions",
        "leitplanke_proxy_calls",
        "leitplanke_audit_commit_duration_seconds",
        "leitplanke_audit_batch_size",
        "leitplanke_upstream_errors",
    }


def test_when_scope_has_no_route_template_then_route_is_unmatched() -> None:
    from gateway.metrics import route_label

    assert route_label({"type": "http"}) == UNMATCHED_ROUTE  # type: ignore[arg-type]


# ---- several workers ---------------------------------------------------------------------

WORKER = """
from gateway.metrics import GatewayMetrics
m = GatewayMetrics(multiprocess_dir={path!r})
m.observe_call(stages_ms={{"policy": 1.0}}, pii_entities={{"PERSON": 2}},
               policy_result="denied", outcome="denied")
"""


def test_when_workers_share_a_multiprocess_dir_then_render_sums_them(tmp_path: Path) -> None:
    directory = prepare_multiprocess_dir(tmp_path / "prom")
    env = {**os.environ, MULTIPROC_ENV: str(directory), "PYTHONPATH": str(ROOT)}
    for _ in range(2):
        subprocess.run(
            [sys.executable, "-c", WORKER.format(path=str(directory))],
            env=env,
            check=True,
            timeout=60,
        )
    families = {
        f.name: f
        for f in text_string_to_metric_families(render_multiprocess(str(directory)).decode())
    }
    denied = [
        s.value
        for s in families["leitplanke_policy_decisions"].samples
        if s.labels.get("result") == "denied" and s.name.endswith("_total")
    ]
    assert denied == [2.0]
    persons = [
        s.value
        for s in families["leitplanke_pii_entities"].samples
        if s.labels.get("entity_type") == "PERSON" and s.name.endswith("_total")
    ]
    assert persons == [4.0]


def test_when_multiprocess_dir_reused_then_stale_values_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "counter_123.db"
    stale.write_bytes(b"old")
    prepare_multiprocess_dir(tmp_path)
    assert not stale.exists()


def test_when_multiprocess_dir_set_without_env_then_start_up_fails(tmp_path: Path) -> None:
    with pytest.raises(MetricsError) as excinfo:
        GatewayMetrics(multiprocess_dir=str(tmp_path))
    assert str(excinfo.value) == ERR_MULTIPROC_NOT_ACTIVE
