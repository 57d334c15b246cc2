"""The one table from domain errors to HTTP problems.

Every package raises its own errors (``audit_log.errors``, ``pii.errors``, ``policies.errors``,
``explain.errors``, ``fairness.errors``, ``records.errors`` and a few gateway modules); none of
them knows about HTTP. This module decides, once, which problem each of them becomes, and
``handle_domain_error`` is registered as litestar's exception handler for every base class
(litestar walks the exception's MRO, so one registration per base covers its subclasses).

A route catches a domain error itself only where something must happen first, e.g. an audit
record of the refusal, or a citizen's failed code attempt being counted.

Lookup walks the raised error's MRO, so an unlisted subclass falls back to its base's entry;
``tests/unit/gateway/test_error_map.py`` nevertheless requires an explicit entry for every
subclass, so that a new error is a decision, not an accident.

Details: ``{error}`` in a detail is replaced by ``str(exc)``; it is used only for errors whose
message is built from configuration, field names or sizes, never from request content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response

from audit_log.anchors.model import AnchorError
from audit_log.anchors.witness import WitnessConflict, WitnessRefused
from audit_log.errors import (
    AuditError,
    AuditIntegrityError,
    AuditWriteError,
    CheckpointError,
    CoupledWriteError,
    InvalidCursorError,
    InvalidEventError,
    InvalidQueryError,
    RecordNotFoundError,
)
from audit_log.retention import RetentionPolicyError, SubjectUnderHoldError
from explain.errors import (
    DecisionNotFoundError,
    DecisionStoreError,
    ExplainError,
    ExplanationError,
    FeatureValidationError,
    ModelConfigError,
    ModelNotFoundError,
)
from explain.lifecycle import LifecycleError
from fairness import errors as fairness_errors
from gateway.audit_anchoring import TrustOptionError
from gateway.errors import (
    BASE_EXCEPTION_HANDLERS,
    AuditUnavailableError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    GatewayError,
    NotFoundError,
    PayloadTooLargeError,
    ServiceUnavailableError,
    UnprocessableError,
    gateway_error_handler,
)
from gateway.keys import KeyStoreError
from gateway.oidc import InvalidTokenError, JwksUnavailableError, OidcError
from gateway.ratelimit import RateLimitError, RateLimitStoreError
from pii.errors import PiiConfigError, PiiEngineError, PiiError, TextTooLargeError
from policies.engines import MalformedDecisionError
from policies.errors import PolicyCompileError, PolicyError, PolicyUnavailableError
from records.errors import RecordsError
from records.errors import UnknownModelError as RecordsUnknownModelError


@dataclass(frozen=True, slots=True)
class Problem:
    """What one domain error becomes: the gateway error class, its detail and field."""

    error: type[GatewayError]
    detail: str
    field: str | None = None
    code: str | None = None

    def build(self, exc: Exception) -> GatewayError:
        problem = self.error(self.detail.replace("{error}", str(exc)), field=self.field)
        if self.code is not None:
            problem.code = self.code
        return problem


def _invalid_features(exc: Exception) -> GatewayError:
    """Every invalid feature at once, the first one as ``field``."""
    assert isinstance(exc, FeatureValidationError)
    problems = [{"field": field, "message": message} for field, message in exc.problems]
    first = problems[0] if problems else {"field": "features", "message": str(exc)}
    return UnprocessableError(
        f"{len(problems)} invalid field(s): "
        + "; ".join(f"{p['field']}: {p['message']}" for p in problems),
        field=first["field"],
        extra={"errors": problems},
    )


def _policy_compile(exc: Exception) -> GatewayError:
    """Where the bundle fails to compile: file, line and the compiler's message."""
    assert isinstance(exc, PolicyCompileError)
    return UnprocessableError(
        f"policy bundle does not compile; previous bundle stays active: {exc}",
        field=getattr(exc, "file", None) or "bundle",
        extra={
            "file": getattr(exc, "file", None),
            "line": getattr(exc, "line", None),
            "compiler_message": getattr(exc, "message", None),
        },
    )


def _trust_option(exc: Exception) -> GatewayError:
    assert isinstance(exc, TrustOptionError)
    return BadRequestError(str(exc), field=exc.option)


def _invalid_token(exc: Exception) -> GatewayError:
    return AuthenticationError()  # the reason stays in the logs, never in the answer


Translation = Problem | Callable[[Exception], GatewayError]

_503 = ServiceUnavailableError

#: The table. Keys are exact classes; the test requires one entry per subclass.
DOMAIN_ERRORS: dict[type[Exception], Translation] = {
    # audit_log
    AuditError: Problem(_503, "audit store unavailable"),
    AuditWriteError: Problem(
        AuditUnavailableError, "the audit record could not be committed; nothing was done"
    ),
    CoupledWriteError: Problem(_503, "the record and the rows kept with it failed; none was kept"),
    AuditIntegrityError: Problem(
        _503, "the audit log failed its integrity check", code="audit_integrity_failed"
    ),
    InvalidCursorError: Problem(BadRequestError, "cursor is not valid for this query", "cursor"),
    InvalidQueryError: Problem(BadRequestError, "{error}"),
    InvalidEventError: Problem(UnprocessableError, "a value cannot be recorded: {error}"),
    RecordNotFoundError: Problem(NotFoundError, "no audit record with this id", "record_id"),
    CheckpointError: Problem(_503, "no signed checkpoint covers this record yet"),
    AnchorError: Problem(_503, "audit anchoring failed: {error}"),
    WitnessConflict: Problem(_503, "audit anchoring failed: {error}"),
    WitnessRefused: Problem(_503, "a witness refused the checkpoint: {error}"),
    RetentionPolicyError: Problem(_503, "the retention policy is invalid: {error}"),
    SubjectUnderHoldError: Problem(ConflictError, "{error}", "subject", code="legal_hold"),
    # pii
    PiiError: Problem(_503, "the personal-data check failed; nothing was sent"),
    PiiEngineError: Problem(_503, "the personal-data check failed; nothing was sent"),
    PiiConfigError: Problem(_503, "the personal-data configuration is invalid"),
    TextTooLargeError: Problem(PayloadTooLargeError, "{error}"),
    # policies
    PolicyError: Problem(_503, "policy engine unavailable"),
    PolicyUnavailableError: Problem(_503, "policy engine unavailable"),
    MalformedDecisionError: Problem(_503, "policy engine unavailable"),
    PolicyCompileError: _policy_compile,
    # explain
    ExplainError: Problem(_503, "the explanation cannot be produced right now"),
    ModelConfigError: Problem(_503, "the model configuration is invalid"),
    ModelNotFoundError: Problem(NotFoundError, "{error}", "model_id"),
    FeatureValidationError: _invalid_features,
    ExplanationError: Problem(_503, "the decision could not be explained and was refused"),
    DecisionNotFoundError: Problem(NotFoundError, "no decision with this id", "decision_id"),
    DecisionStoreError: Problem(_503, "decision store unavailable"),
    LifecycleError: Problem(ConflictError, "{error}"),
    # fairness
    fairness_errors.FairnessError: Problem(_503, "the fairness audit failed"),
    fairness_errors.UnknownModelError: Problem(NotFoundError, "{error}", "model_id"),
    fairness_errors.EmptyWindowError: Problem(
        UnprocessableError, "no decisions in this time window", "since"
    ),
    fairness_errors.InvalidWindowError: Problem(BadRequestError, "{error}", "since"),
    fairness_errors.InvalidAuditOptionsError: Problem(BadRequestError, "{error}"),
    fairness_errors.DecisionNotFoundError: Problem(
        NotFoundError, "no decision with this id", "decision_id"
    ),
    fairness_errors.ReportNotFoundError: Problem(
        NotFoundError, "no bias audit report with this id", "report_id"
    ),
    fairness_errors.InvalidDecisionError: Problem(UnprocessableError, "{error}"),
    fairness_errors.InvalidThresholdsError: Problem(
        _503, "fairness thresholds in the policy are invalid: {error}"
    ),
    fairness_errors.FairnessStoreError: Problem(_503, "fairness store unavailable"),
    fairness_errors.ImportFileError: Problem(BadRequestError, "{error}", "file"),
    fairness_errors.MetricConsistencyError: Problem(
        _503, "fairness metrics disagree; the audit was refused"
    ),
    # records
    RecordsError: Problem(_503, "the record could not be produced"),
    RecordsUnknownModelError: Problem(NotFoundError, "{error}", "model"),
    # gateway modules with their own errors
    RateLimitError: Problem(_503, "rate limit store unavailable"),
    RateLimitStoreError: Problem(_503, "rate limit store unavailable"),
    KeyStoreError: Problem(_503, "key store unavailable"),
    OidcError: Problem(_503, "token verification unavailable"),
    InvalidTokenError: _invalid_token,
    JwksUnavailableError: Problem(_503, "token verification unavailable"),
    TrustOptionError: _trust_option,
}

#: The base class of each package's errors: each is registered once as a litestar handler.
DOMAIN_BASES: tuple[type[Exception], ...] = (
    AuditError,
    PiiError,
    PolicyError,
    ExplainError,
    fairness_errors.FairnessError,
    RecordsError,
    RateLimitError,
    KeyStoreError,
    OidcError,
    TrustOptionError,
)


def as_gateway_error(exc: Exception) -> GatewayError:
    """The gateway error for a domain error (nearest listed class in its MRO)."""
    for cls in type(exc).__mro__:
        translation = DOMAIN_ERRORS.get(cls)
        if translation is None:
            continue
        if isinstance(translation, Problem):
            return translation.build(exc)
        return translation(exc)
    raise LookupError(f"{type(exc).__name__} is not in gateway.error_map.DOMAIN_ERRORS")


def handle_domain_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Litestar exception handler: a domain error as its problem+json response."""
    return gateway_error_handler(request, as_gateway_error(exc))


#: Handlers for ``Litestar(exception_handlers=...)``, one per domain base class.
DOMAIN_EXCEPTION_HANDLERS: dict[type[Exception], Any] = dict.fromkeys(
    DOMAIN_BASES, handle_domain_error
)

#: Everything the app registers: the gateway's own and litestar's errors, and the domain table.
EXCEPTION_HANDLERS: dict[type[Exception], Any] = {
    **BASE_EXCEPTION_HANDLERS,
    **DOMAIN_EXCEPTION_HANDLERS,
}
