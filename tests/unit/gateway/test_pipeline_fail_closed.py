"""Every fail-closed branch of the chat and decision pipelines, with protocol fakes.

The fakes (tests/fakes.py) stand in for the redactor, the policy engine, the audit store and
the upstream, so each control can be broken on its own and the test can see exactly what
reached the upstream and what was recorded. The integration suites run the same paths with
real Presidio, Rego and stores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import msgspec
import pytest

from audit_log.errors import AuditWriteError
from explain import default_registry, open_decision_store
from explain.errors import ExplanationError
from fairness.store import open_fairness_store
from gateway.components import Components
from gateway.decisions import DecisionPipeline, DecisionRequest
from gateway.error_map import as_gateway_error
from gateway.errors import (
    AuditUnavailableError,
    BadGatewayError,
    PayloadTooLargeError,
    PolicyDeniedError,
    ServiceUnavailableError,
)
from gateway.keys import Identity
from gateway.openai_api import ChatCompletionRequest, EmbeddingsRequest
from gateway.pipeline import ChatPipeline
from gateway.ratelimit import RateLimitSettings, RoleRateLimits
from gateway.settings import Settings, UpstreamSettings
from tests.fakes import FakeAuditLog, FakePolicyEngine, FakeRedactor, FakeUpstream
from tests.unit.explain.conftest import case

NAME = "Jana Kowalczyk"
SERVICE = Identity(key_id="k1", name="buergerbuero", role="ai-service")
UNUSED: Any = None  # a component the pipeline under test never touches


class Parts:
    """The fakes of one test, and the components built on them."""

    def __init__(self) -> None:
        self.redactor = FakeRedactor()
        self.policy = FakePolicyEngine()
        self.audit = FakeAuditLog()
        self.upstream = FakeUpstream(answer=f"Hallo {NAME}, Ihr Antrag ist da.")
        settings = Settings(
            upstreams=[UpstreamSettings(name="fake", base_url="http://127.0.0.1:9", models=["m"])]
        )
        self.components = Components(
            settings=settings,
            redactor=self.redactor,
            policy=self.policy,
            audit=cast(Any, self.audit),
            keys=UNUSED,
            models=default_registry(),
            decisions=UNUSED,
            fairness=UNUSED,
            rate_limits=RoleRateLimits.from_settings(RateLimitSettings(enabled=False)),
            upstreams={"fake": self.upstream},
        )

    @property
    def chat(self) -> ChatPipeline:
        return ChatPipeline(self.components)


@pytest.fixture
def parts() -> Parts:
    return Parts()


def _chat(content: str = f"Ich bin {NAME}.", *, stream: bool = False) -> ChatCompletionRequest:
    body = {"model": "m", "stream": stream, "messages": [{"role": "user", "content": content}]}
    return msgspec.convert(body, ChatCompletionRequest)


async def _run(parts: Parts, request: ChatCompletionRequest | None = None) -> Any:
    return await parts.chat.run(
        request=request or _chat(), identity=SERVICE, purpose="", request_id="r1"
    )


# --- chat: the controls before the upstream -------------------------------------------------


async def test_when_everything_works_then_only_the_redacted_text_goes_upstream(
    parts: Parts,
) -> None:
    answer, _ = await _run(parts)
    assert NAME not in str(parts.upstream.sent) and "<PERSON_1>" in str(parts.upstream.sent)
    assert NAME not in str(answer)  # the upstream echoed the name: redacted on the way back
    assert parts.audit.types == ["proxy.call.started", "proxy.call.completed"]


async def test_when_request_redaction_fails_then_503_nothing_sent_and_refusal_recorded(
    parts: Parts,
) -> None:
    parts.redactor.failing = True
    with pytest.raises(ServiceUnavailableError):
        await _run(parts)
    assert parts.upstream.sent == []
    assert parts.audit.types == ["proxy.call.refused"]
    assert parts.audit.events[0].outcome == "pii_unavailable"


async def test_when_a_text_is_too_large_for_the_filter_then_413_and_nothing_sent(
    parts: Parts,
) -> None:
    too_long = "x" * (parts.redactor.config.max_text_chars + 1)
    with pytest.raises(PayloadTooLargeError):
        await _run(parts, _chat(too_long))
    assert parts.upstream.sent == []


async def test_when_the_policy_engine_is_down_then_503_nothing_sent_and_refusal_recorded(
    parts: Parts,
) -> None:
    parts.policy.access = FakePolicyEngine.unavailable()
    with pytest.raises(ServiceUnavailableError):
        await _run(parts)
    assert parts.upstream.sent == []
    assert [(e.event_type, e.outcome) for e in parts.audit.events] == [
        ("proxy.call.refused", "policy_unavailable")
    ]


async def test_when_the_policy_denies_then_403_nothing_sent_and_denial_recorded(
    parts: Parts,
) -> None:
    parts.policy.access = FakePolicyEngine.deny()
    with pytest.raises(PolicyDeniedError):
        await _run(parts)
    assert parts.upstream.sent == []
    assert parts.audit.types == ["proxy.call.denied"]


async def test_when_the_start_record_cannot_be_committed_then_503_and_nothing_sent(
    parts: Parts,
) -> None:
    parts.audit.failing = {"proxy.call.started"}
    with pytest.raises(AuditUnavailableError):
        await _run(parts)
    assert parts.upstream.sent == []


# --- chat: after the upstream answered -------------------------------------------------------


async def test_when_the_upstream_fails_then_its_error_and_a_failure_record(parts: Parts) -> None:
    parts.upstream.error = BadGatewayError("upstream exploded")
    with pytest.raises(BadGatewayError):
        await _run(parts)
    assert [(e.event_type, e.outcome) for e in parts.audit.events] == [
        ("proxy.call.started", "started"),
        ("proxy.call.failed", "upstream_error"),
    ]


async def test_when_answer_redaction_fails_then_503_and_the_answer_is_withheld(
    parts: Parts,
) -> None:
    # The request passes (no name in it); the answer's analysis breaks.
    class BreaksOnAnswer(FakeRedactor):
        def analyze(self, text: str, **kwargs: Any) -> list[Any]:
            self.failing = "Antrag" in text
            return super().analyze(text, **kwargs)

    parts.components.redactor = BreaksOnAnswer()
    with pytest.raises(ServiceUnavailableError):
        await _run(parts, _chat("Guten Tag."))
    assert len(parts.upstream.sent) == 1
    assert parts.audit.types == ["proxy.call.started", "proxy.call.refused"]


async def test_when_the_completion_record_cannot_be_committed_then_no_answer(
    parts: Parts,
) -> None:
    parts.audit.failing = {"proxy.call.completed"}
    with pytest.raises(AuditUnavailableError):
        await _run(parts)


# --- streams and embeddings -------------------------------------------------------------------


async def _stream(parts: Parts) -> bytes:
    events = await parts.chat.open_stream(
        request=_chat(stream=True), identity=SERVICE, purpose="", request_id="r1"
    )
    return b"".join([chunk async for chunk in events])


async def test_when_a_streamed_answer_cannot_be_redacted_then_error_event_no_raw_text(
    parts: Parts,
) -> None:
    class BreaksOnAnswer(FakeRedactor):
        def analyze(self, text: str, **kwargs: Any) -> list[Any]:
            self.failing = "Hallo" in text or "Antrag" in text
            return super().analyze(text, **kwargs)

    parts.components.redactor = BreaksOnAnswer()
    sent = await _stream(parts)
    assert NAME.encode() not in sent
    assert b"pii_unavailable" in sent and b"[DONE]" not in sent
    assert parts.audit.events[-1].outcome == "pii_unavailable"


async def test_when_a_stream_completion_cannot_be_recorded_then_no_done(parts: Parts) -> None:
    parts.audit.failing = {"proxy.call.completed"}
    sent = await _stream(parts)
    assert b"audit_unavailable" in sent and b"[DONE]" not in sent
    assert NAME.encode() not in sent


async def test_when_embedding_redaction_fails_then_503_and_nothing_sent(parts: Parts) -> None:
    parts.redactor.failing = True
    request = msgspec.convert({"model": "m", "input": f"Akte {NAME}"}, EmbeddingsRequest)
    with pytest.raises(ServiceUnavailableError):
        await parts.chat.run_embeddings(
            request=request, identity=SERVICE, purpose="", request_id="r1"
        )
    assert parts.upstream.sent == []


# --- decisions --------------------------------------------------------------------------------


@pytest.fixture
async def deciding(parts: Parts, tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path / 'decisions.db'}"
    decisions = await open_decision_store(url, access_code_secret=b"s" * 32)
    fairness = await open_fairness_store(url)
    parts.components.decisions, parts.components.fairness = decisions, fairness
    parts.audit.database = url  # the decision's rows commit with its record, as in production
    yield parts
    await decisions.aclose()
    await fairness.close()


async def _decide(parts: Parts, subject: str = "subj-1") -> Any:
    request = DecisionRequest(
        model_id="wohngeld-demo", case_reference="WG-1", subject=subject, features=case()
    )
    return await DecisionPipeline(parts.components).decide(
        request=request, identity=SERVICE, purpose="", request_id="r1"
    )


async def _stored(parts: Parts) -> int:
    from explain import DecisionFilter

    return len(await parts.components.decisions.list(DecisionFilter(limit=10)))


async def test_when_all_controls_work_then_the_decision_is_stored_and_recorded(
    deciding: Parts,
) -> None:
    made = await _decide(deciding)
    assert made.record.id and await _stored(deciding) == 1
    assert deciding.audit.types == ["decision.made"]


async def test_when_the_subject_check_fails_then_503_and_no_decision(deciding: Parts) -> None:
    deciding.redactor.failing = True
    with pytest.raises(ServiceUnavailableError):
        await _decide(deciding)
    assert await _stored(deciding) == 0


async def test_when_the_policy_engine_is_down_then_no_decision_and_refusal_recorded(
    deciding: Parts,
) -> None:
    deciding.policy.automated = FakePolicyEngine.unavailable()
    with pytest.raises(ServiceUnavailableError):
        await _decide(deciding)
    assert await _stored(deciding) == 0
    assert [(e.event_type, e.outcome) for e in deciding.audit.events] == [
        ("decision.refused", "policy_unavailable")
    ]


async def test_when_the_policy_denies_then_no_decision_and_denial_recorded(
    deciding: Parts,
) -> None:
    deciding.policy.automated = FakePolicyEngine.deny("model_not_allowed")
    with pytest.raises(PolicyDeniedError):
        await _decide(deciding)
    assert await _stored(deciding) == 0
    assert deciding.audit.types == ["decision.denied"]


async def test_when_the_explanation_fails_then_refusal_recorded_first_and_no_decision(
    deciding: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = deciding.components.models.get("wohngeld-demo", None)

    def broken(features: Any) -> Any:
        raise ExplanationError("SHAP values do not add up")

    monkeypatch.setattr(model, "assess", broken)
    with pytest.raises(ServiceUnavailableError):
        await _decide(deciding)
    assert await _stored(deciding) == 0
    assert [(e.event_type, e.outcome) for e in deciding.audit.events] == [
        ("decision.refused", "explanation_failed")
    ]


async def test_when_the_refusal_itself_cannot_be_recorded_then_still_refused(
    deciding: Parts,
) -> None:
    deciding.policy.automated = FakePolicyEngine.unavailable()
    deciding.audit.failing = {"*"}
    with pytest.raises(AuditWriteError) as raised:
        await _decide(deciding)
    assert as_gateway_error(raised.value).code == "audit_unavailable"  # 503 at the edge
    assert await _stored(deciding) == 0


async def test_when_the_decision_record_cannot_be_committed_then_not_acknowledged(
    deciding: Parts,
) -> None:
    deciding.audit.failing = {"decision.made"}
    with pytest.raises(AuditWriteError) as raised:
        await _decide(deciding)
    problem = as_gateway_error(raised.value)
    assert (problem.status, problem.code) == (503, "audit_unavailable")
    assert await _stored(deciding) == 0  # audit first: nothing kept without its record


async def test_when_the_decision_rows_cannot_be_written_then_503_nothing_kept_and_said(
    deciding: Parts,
) -> None:
    deciding.audit.failing_writes = True
    with pytest.raises(ServiceUnavailableError):
        await _decide(deciding)
    assert await _stored(deciding) == 0
    # decision.made was not kept with them (one transaction); the refusal says why.
    assert [(e.event_type, e.outcome) for e in deciding.audit.events] == [
        ("decision.refused", "store_unavailable")
    ]