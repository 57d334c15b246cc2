"""The one place that decides the order of steps for an automated eligibility decision.

    auth (guard) -> validate -> score + SHAP -> policy (obligations) -> store -> fairness -> audit

Explanations are checked for additivity inside ``explain``; a failure refuses the decision.
The caller gets the decision (and the citizen's access code, shown once) only after the audit
record is committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import msgspec

from audit_log.errors import AuditError, CoupledWriteError
from audit_log.types import AuditEvent
from explain import (
    DEFAULT_ACCESS_CODE_VALIDITY,
    DecisionRecord,
    DecisionStoreError,
    ExplanationError,
    LoadedModel,
    current_state,
    generate_access_code,
    new_decision_record,
    validate_features,
    validate_protected_attributes,
)
from fairness.errors import FairnessError
from fairness.types import DecisionRecord as FairnessObservation
from gateway import authz
from gateway.components import Components
from gateway.errors import (
    ConflictError,
    PolicyDeniedError,
    ServiceUnavailableError,
    UnprocessableError,
)
from gateway.fairness_gate import gate_status_for_policy
from gateway.keys import Identity
from gateway.metrics import REQUEST_STAGES, request_stages, timed_stage
from gateway.pipeline import reasons_payload
from gateway.purposes import ERR_PURPOSE_UNKNOWN, INVALID_PURPOSE, unknown_purpose_decision
from pii.engine import Redactor
from pii.errors import PiiError
from pii.lexicon import has_known_name
from policies.types import PolicyDecision
from storage import StorageError
from storage.writes import Writes

FAVOURABLE = "approved"
ERR_NOT_KEPT = "decision store unavailable; the decision was not kept"
ERR_FOUR_EYES_OUTCOME = (
    "this service requires a four-eyes review: record the reviewed outcome with "
    "POST /v1/decisions/{id}/review"
)
# The subject is a pseudonym from the case system (e.g. "sp1_" + 32 hex digits). The audit
# log keeps it in clear inside its hash chain, where crypto-erasure cannot reach, so a name,
# e-mail address or identifier in clear is refused before anything is stored.
SUBJECT_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")


class DecisionRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /v1/decisions`` body."""

    model_id: str
    case_reference: str
    subject: str
    features: dict[str, Any]
    purpose: str = ""
    model_version: str | None = None
    protected_attributes: dict[str, str] = msgspec.field(default_factory=dict)


class OutcomeRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /v1/decisions/{id}/outcome`` body."""

    outcome: Literal["approved", "denied"]
    source: Literal["ground_truth", "human_review"]


@dataclass(frozen=True, kw_only=True)
class MadeDecision:
    record: DecisionRecord
    access_code: str
    access_code_expires_at: datetime
    policy: PolicyDecision
    stages_ms: dict[str, float] = field(default_factory=dict)


def basis_points(probability: float) -> int:
    """Scores enter hashed audit content as integers (no floats in canonical JSON)."""
    return round(probability * 10_000)


def decision_view(record: DecisionRecord, *, protected: bool = False) -> dict[str, Any]:
    """What services and officers see of a stored decision.

    Protected attributes only with ``protected`` (``authz.shows_protected_attributes``).
    """
    explanation = record.explanation
    view = {
        "id": record.id,
        "created_at": record.created_at.isoformat(),
        "service": record.service,
        "model_id": record.model_id,
        "model_version": record.model_version,
        "case_reference": record.case_reference,
        "subject": record.subject_pseudonym,
        "purpose": record.purpose,
        "outcome": record.decision.outcome,
        "score": record.decision.probability,
        "threshold": record.decision.threshold,
        "grey_zone": list(record.decision.grey_zone),
        "obligations": list(record.obligations),
        "features": dict(record.features),
        "explanation": {
            "base_value": explanation.base_value,
            "raw_output": explanation.raw_output,
            "contributions": {c.name: c.contribution for c in explanation.contributions},
            "top_factors": [
                {"feature": c.name, "value": c.value, "contribution": c.contribution}
                for c in explanation.top_factors(5)
            ],
            "output_space": explanation.output_space,
            "additivity_error": explanation.additivity_error,
            "explainer": explanation.explainer,
            "versions": {
                "shap": explanation.shap_version,
                "scikit-learn": explanation.sklearn_version,
            },
            "feature_hash": explanation.feature_hash,
        },
        "counterfactual": msgspec.to_builtins(record.counterfactual),
        "final_outcome": msgspec.to_builtins(record.final_outcome),
        "review_requests": len(record.review_requests),
        "state": current_state(record),
        "review_due_at": None if record.review_due_at is None else record.review_due_at.isoformat(),
        # Caseworkers' steps with their reasons (officers only; never on the citizen's page).
        "review_steps": msgspec.to_builtins(record.review_steps),
    }
    if protected:
        view["protected_attributes"] = dict(record.protected_attributes)
    return view


class DecisionPipeline:
    """Makes, stores and audits automated decisions and their outcomes."""

    def __init__(self, components: Components) -> None:
        self._c = components

    def _model(self, model_id: str, version: str | None) -> LoadedModel:
        loaded: LoadedModel = self._c.models.get(model_id, version)
        return loaded

    async def decide(
        self, *, request: DecisionRequest, identity: Identity, purpose: str, request_id: str
    ) -> MadeDecision:
        stages = request_stages()  # shared with the middleware: Server-Timing, metrics, traces
        check_subject(request.subject, self._c.redactor)
        model = self._model(request.model_id, request.model_version)
        if purpose and not await self._c.purpose_known(purpose):
            # Never stored or echoed: the record holds the fixed marker instead.
            refusal = unknown_purpose_decision(self._c.policy.revision)
            await self._audit(
                request_id,
                identity,
                "decision.denied",
                "denied",
                request,
                INVALID_PURPOSE,
                policy=refusal,
            )
            raise PolicyDeniedError(
                ERR_PURPOSE_UNKNOWN, field="purpose", extra={"reasons": reasons_payload(refusal)}
            )
        features = validate_features(model.spec, request.features)
        protected = validate_protected_attributes(model.spec, request.protected_attributes)
        try:
            with timed_stage(stages, "model"):
                assessment = await asyncio.to_thread(model.assess, features)
        except ExplanationError:
            await self._audit(
                request_id, identity, "decision.refused", "explanation_failed", request, purpose
            )
            raise ServiceUnavailableError(
                "the decision could not be explained and was refused"
            ) from None

        with timed_stage(stages, "fairness_status"):
            status = await self._fairness_status(model.spec.id)
        with timed_stage(stages, "policy"):
            policy = await self._c.policy.decide_automated_decision(
                {
                    "service": {"name": identity.name, "role": identity.role},
                    "model": {"id": model.spec.id, "version": model.spec.version},
                    "purpose": purpose,
                    "decision": {
                        "score": assessment.decision.probability,
                        "threshold": assessment.decision.threshold,
                        "grey_zone": list(assessment.decision.grey_zone),
                        "legal_effect": assessment.decision.legal_effect,
                        "outcome": assessment.decision.outcome,
                    },
                    "fairness": {"status": status},
                }
            )
        if policy.unavailable:
            await self._audit(
                request_id,
                identity,
                "decision.refused",
                "policy_unavailable",
                request,
                purpose,
                policy=policy,
            )
            raise ServiceUnavailableError("policy engine unavailable; no decision was made")
        if not policy.allow:
            await self._audit(
                request_id, identity, "decision.denied", "denied", request, purpose, policy=policy
            )
            raise PolicyDeniedError(
                "; ".join(r.message for r in policy.reasons) or "denied by policy",
                extra={"reasons": reasons_payload(policy)},
            )

        created = now_utc()
        expires = created + DEFAULT_ACCESS_CODE_VALIDITY
        record = new_decision_record(
            assessment=assessment,
            service=identity.name,
            case_reference=request.case_reference,
            subject_pseudonym=request.subject,
            purpose=purpose,
            protected_attributes=protected,
            obligations=policy.obligations,
            now=created,
            review_deadline=self._c.settings.reviews.for_service(identity.name).deadline,
            access_code_expires_at=expires,
        )
        code = generate_access_code()
        # One transaction (ADR 0011): the decision, its fairness observation and the
        # ``decision.made`` record commit together in the audit log's group commit, or none
        # of them does; a failing audit store leaves no stored decision and no access code.
        try:
            writes = self._c.decisions.new_decision_writes(
                record, access_code=code, access_code_expires_at=expires
            ) + self._c.fairness.observation_writes(
                FairnessObservation(
                    model_id=record.model_id,
                    model_version=record.model_version,
                    decision_id=record.id,
                    decided_at=record.created_at,
                    prediction=1 if record.decision.outcome == FAVOURABLE else 0,
                    score=record.decision.probability,
                    attributes=protected,
                )
            )
        except StorageError:  # the stores are not on the audit log's database
            raise ServiceUnavailableError(ERR_NOT_KEPT) from None
        try:
            with timed_stage(stages, "audit"):
                await self._audit(
                    request_id,
                    identity,
                    "decision.made",
                    record.decision.outcome,
                    request,
                    purpose,
                    policy=policy,
                    payload={
                        "decision_id": record.id,
                        "model_version": record.model_version,
                        "score_bp": basis_points(record.decision.probability),
                        "feature_hash": record.explanation.feature_hash,
                        "explainer": record.explanation.explainer,
                        "obligations": list(policy.obligations),
                        "fairness_status": status,
                        "state": current_state(record),
                        "review_due_at": None
                        if record.review_due_at is None
                        else record.review_due_at.isoformat(),
                    },
                    writes=writes,
                )
        except CoupledWriteError:
            # Neither the decision nor its record was kept: say so in the log.
            with contextlib.suppress(AuditError):
                await self._audit(
                    request_id,
                    identity,
                    "decision.refused",
                    "store_unavailable",
                    request,
                    purpose,
                    policy=policy,
                    payload={"decision_id": record.id},
                )
            raise ServiceUnavailableError(ERR_NOT_KEPT) from None
        if self._c.metrics is not None:
            for stage, ms in stages.items():
                if stage not in REQUEST_STAGES:  # auth is observed once per request
                    self._c.metrics.observe_stage(stage, ms / 1000)
        return MadeDecision(
            record=record,
            access_code=code,
            access_code_expires_at=expires,
            policy=policy,
            stages_ms=stages,
        )

    async def record_outcome(
        self, *, decision_id: str, body: OutcomeRequest, identity: Identity, request_id: str
    ) -> DecisionRecord:
        record = await self.get_visible(decision_id, identity)
        if (
            body.source == "human_review"
            and self._c.settings.reviews.for_service(record.service).four_eyes
        ):
            raise ConflictError(ERR_FOUR_EYES_OUTCOME, field="source")
        try:
            updated = await self._c.decisions.set_outcome(record.id, body.outcome, body.source)
            await self._c.fairness.record_outcome(record.id, 1 if body.outcome == FAVOURABLE else 0)
        except (DecisionStoreError, FairnessError):
            raise ServiceUnavailableError("decision store unavailable") from None
        await self._append(
            AuditEvent(
                event_type="decision.outcome_recorded",
                request_id=request_id,
                actor=identity.name,
                service=record.service,
                model=record.model_id,
                purpose=record.purpose,
                outcome=body.outcome,
                subject=record.subject_pseudonym,
                payload={
                    "decision_id": record.id,
                    "source": body.source,
                    "from_state": current_state(record),
                    "to_state": current_state(updated),
                },
            )
        )
        return updated

    async def unlock_access_code(
        self, *, decision_id: str, identity: Identity, request_id: str
    ) -> DecisionRecord:
        """Forget the wrong codes tried on a decision (audited as ``decision.code_unlocked``)."""
        record = await self.get_visible(decision_id, identity)
        failures = await self._c.decisions.code_failures(record.id)
        await self._c.decisions.reset_code_failures(record.id)
        await self._append(
            AuditEvent(
                event_type="decision.code_unlocked",
                request_id=request_id,
                actor=identity.name,
                service=record.service,
                model=record.model_id,
                purpose=record.purpose,
                outcome="ok",
                subject=record.subject_pseudonym,
                payload={"decision_id": record.id, "failures": failures},
            )
        )
        return record

    async def get_visible(self, decision_id: str, identity: Identity) -> DecisionRecord:
        """The decision if this caller may see it; otherwise the same 404 as a missing id."""
        record: DecisionRecord = await self._c.decisions.get(decision_id)
        authz.require_visible(identity, record.service, what="decision", field="decision_id")
        return record

    async def _fairness_status(self, model_id: str) -> str:
        # the gate, not the newest report: a narrower re-audit must not lift it (0056)
        return await gate_status_for_policy(self._c.settings, self._c.fairness, model_id)

    async def _audit(
        self,
        request_id: str,
        identity: Identity,
        event_type: str,
        outcome: str,
        request: DecisionRequest,
        purpose: str,
        *,
        policy: PolicyDecision | None = None,
        payload: dict[str, Any] | None = None,
        writes: Writes | None = None,
    ) -> None:
        await self._append(
            AuditEvent(
                event_type=event_type,
                request_id=request_id,
                actor=identity.name,
                service=identity.name,
                model=request.model_id,
                purpose=purpose,
                outcome=outcome,
                policy_result=""
                if policy is None
                else "unavailable"
                if policy.unavailable
                else "allowed"
                if policy.allow
                else "denied",
                policy_revision=policy.revision if policy else "",
                reason_codes=policy.reason_codes if policy else (),
                subject=request.subject,
                payload=payload or {},
            ),
            writes=writes,
        )

    async def _append(self, event: AuditEvent, *, writes: Writes | None = None) -> None:
        """Commit the audit record (with ``writes``, in one transaction); a failure becomes
        503 ``audit_unavailable`` (error map)."""
        await self._c.audit.append(event, writes=writes)


def check_subject(subject: str, redactor: Redactor) -> None:
    """Refuses a subject that is not pseudonym-shaped or in which personal data is found.

    Raises:
        UnprocessableError: the subject has other characters or looks like personal data
            (the message names the entity types, never the value).
        ServiceUnavailableError: the personal-data check itself failed (fail closed).
    """
    if SUBJECT_PATTERN.fullmatch(subject) is None:
        raise UnprocessableError(
            "subject must be a pseudonym: 1-128 letters, digits, '_', '.', ':' or '-', "
            "starting with a letter or digit (never a name or an address)",
            field="subject",
        )
    try:
        found = redactor.analyze(subject, keep=False)
    except PiiError:
        raise ServiceUnavailableError(
            "personal-data check of the subject failed; no decision was made"
        ) from None
    # A pseudonym is not prose: a PERSON in it needs a known first name or surname.
    found = [
        f for f in found if f.entity_type != "PERSON" or has_known_name(subject[f.start : f.end])
    ]
    if found:
        kinds = ", ".join(sorted({f.entity_type for f in found}))
        raise UnprocessableError(
            f"subject looks like personal data ({kinds}); pass a pseudonym such as "
            "sp1_ followed by 32 hex digits",
            field="subject",
        )


def now_utc() -> datetime:
    return datetime.now(UTC)
