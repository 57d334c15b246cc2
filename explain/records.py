"""The stored decision record (plain, frozen, JSON-serialisable with msgspec)."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import msgspec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from explain.counterfactual import Counterfactual
from explain.registry import Assessment
from explain.scoring import Decision, Explanation, FeatureValue

FinalOutcomeValue = Literal["approved", "denied"]
OutcomeSource = Literal["ground_truth", "human_review"]
# provisional: policy requires a person to decide; under_review: a person is on it (taken,
# asked for by the citizen, or awaiting the second reviewer); final: a person decided;
# automated_final: the policy allowed the automated outcome to stand.
DecisionState = Literal["provisional", "under_review", "final", "automated_final"]
ReviewKind = Literal["taken", "proposed", "decided"]
REVIEW_OBLIGATION = "human_review"
DEFAULT_REVIEW_DEADLINE = timedelta(days=14)


@dataclass(frozen=True, slots=True, kw_only=True)
class FinalOutcome:
    """Ground truth or a human reviewer's final decision for a case."""

    outcome: FinalOutcomeValue
    source: OutcomeSource
    recorded_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewRequest:
    """A citizen's request for human review (GDPR Art. 22(3), AI Act Art. 86)."""

    created_at: datetime
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewStep:
    """One step a caseworker took in the human review of a decision.

    Attributes:
        kind: ``taken`` (took the case), ``proposed`` (recorded an outcome that a second
            person must confirm), ``decided`` (the outcome is final).
        reviewer: the caseworker (service account name or OIDC subject).
        recorded_at: when (UTC).
        outcome: the reviewed outcome (not for ``taken``).
        reason: the caseworker's reason (personal data: kept encrypted with the record and
            only as crypto-erasable personal data in the audit log).
    """

    kind: ReviewKind
    reviewer: str
    recorded_at: datetime
    outcome: FinalOutcomeValue | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionRecord:
    """One automated decision with everything needed to explain, audit and replay it.

    Attributes:
        id: decision id (UUID string).
        created_at: when the decision was made (UTC).
        service: the calling service (who may read it back).
        model_id: model id.
        model_version: model version (replay uses exactly this version).
        case_reference: the authority's case reference.
        subject_pseudonym: pseudonym of the citizen (never a name).
        purpose: declared purpose of the processing.
        features: validated model inputs.
        protected_attributes: for bias audits only; never shown to citizens.
        explanation: score, SHAP values, versions, feature hash.
        decision: automated outcome and policy inputs.
        counterfactual: verified change that would flip the outcome, if found.
        obligations: obligations the policy engine attached (e.g. ``human_review``).
        final_outcome: ground truth or human review result, once known.
        review_requests: citizens' requests for human review.
        state: lifecycle state (None on records stored before the lifecycle existed; use
            ``explain.lifecycle.current_state``).
        review_due_at: when the human review is due (queue states only).
        review_steps: what caseworkers did, oldest first.
        access_code_expires_at: when the citizen's access code stops working.
    """

    id: str
    created_at: datetime
    service: str
    model_id: str
    model_version: str
    case_reference: str
    subject_pseudonym: str
    purpose: str
    features: dict[str, FeatureValue]
    protected_attributes: dict[str, str]
    explanation: Explanation
    decision: Decision
    counterfactual: Counterfactual | None
    obligations: tuple[str, ...] = ()
    final_outcome: FinalOutcome | None = None
    review_requests: tuple[ReviewRequest, ...] = ()
    state: DecisionState | None = None
    review_due_at: datetime | None = None
    review_steps: tuple[ReviewStep, ...] = ()
    access_code_expires_at: datetime | None = None


def new_decision_record(
    *,
    assessment: Assessment,
    service: str,
    case_reference: str,
    subject_pseudonym: str,
    purpose: str,
    protected_attributes: Mapping[str, str] | None = None,
    obligations: tuple[str, ...] = (),
    decision_id: str | None = None,
    now: datetime | None = None,
    review_deadline: timedelta | None = None,
    access_code_expires_at: datetime | None = None,
) -> DecisionRecord:
    """Build the record for a fresh assessment (id and timestamp generated unless given).

    The record starts ``provisional`` (due ``review_deadline`` after ``now``, default 14 days)
    when the obligations require a human review, else ``automated_final``.
    """
    created = now or datetime.now(UTC)
    needs_review = REVIEW_OBLIGATION in obligations
    return DecisionRecord(
        id=decision_id or str(uuid.uuid4()),
        created_at=created,
        service=service,
        model_id=assessment.explanation.model_id,
        model_version=assessment.explanation.model_version,
        case_reference=case_reference,
        subject_pseudonym=subject_pseudonym,
        purpose=purpose,
        features=dict(assessment.features),
        protected_attributes=dict(protected_attributes or {}),
        explanation=assessment.explanation,
        decision=assessment.decision,
        counterfactual=assessment.counterfactual,
        obligations=tuple(obligations),
        state="provisional" if needs_review else "automated_final",
        review_due_at=(
            created + (review_deadline or DEFAULT_REVIEW_DEADLINE) if needs_review else None
        ),
        access_code_expires_at=access_code_expires_at,
    )


def record_view(record: DecisionRecord, *, include_protected: bool = False) -> dict[str, Any]:
    """JSON-ready dict of a record for API responses.

    Protected attributes are left out unless ``include_protected`` (bias-audit tooling only).
    """
    view: dict[str, Any] = msgspec.to_builtins(record)
    if not include_protected:
        del view["protected_attributes"]
    return view


class RecordCipher:
    """Encrypts stored decision records at rest (AES-256-GCM).

    Records hold personal data (income, rent, protected attributes, citizens' review
    messages), so the database keeps only ciphertext; the columns the store filters on stay
    readable. The key is derived with HKDF from the store secret.
    """

    PREFIX = "v1:"

    def __init__(self, secret: bytes) -> None:
        key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"leitplanke decision records v1",
        ).derive(secret)
        self._aead = AESGCM(key)

    def seal(self, record: DecisionRecord) -> str:
        """Ciphertext text for the ``record`` column."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, encode_record(record), None)
        return self.PREFIX + base64.b64encode(nonce + sealed).decode()

    def open(self, stored: str | bytes) -> DecisionRecord:
        """The record from its column value (plain JSON rows from before encryption work)."""
        text = stored.decode() if isinstance(stored, bytes) else stored
        if not text.startswith(self.PREFIX):
            return decode_record(text)
        raw = base64.b64decode(text[len(self.PREFIX) :])
        return decode_record(self._aead.decrypt(raw[:12], raw[12:], None))


def encode_record(record: DecisionRecord) -> bytes:
    """JSON bytes of a record (types round-trip exactly through :func:`decode_record`)."""
    return msgspec.json.encode(record)


def decode_record(data: bytes | str) -> DecisionRecord:
    """Inverse of :func:`encode_record`."""
    return msgspec.json.decode(data, type=DecisionRecord)
