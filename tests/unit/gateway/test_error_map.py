"""Every domain error has exactly one HTTP translation, and it is the one this file states.

Like httpx's test that every transport error is in its exception map: a new error class in any
package fails here until someone decides (in ``gateway/error_map.py``) what a caller sees.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest
from litestar import Litestar, get
from litestar.testing import TestClient

from gateway.error_map import DOMAIN_BASES, DOMAIN_ERRORS, EXCEPTION_HANDLERS, as_gateway_error
from gateway.errors import PROBLEM_JSON

PACKAGES = ("audit_log", "pii", "policies", "explain", "fairness", "records", "gateway")

#: The status each domain error becomes, written down independently of the table.
EXPECTED_STATUS: dict[str, int] = {
    "audit_log.errors.AuditError": 503,
    "audit_log.errors.AuditWriteError": 503,
    "audit_log.errors.CoupledWriteError": 503,
    "audit_log.errors.AuditIntegrityError": 503,
    "audit_log.errors.InvalidCursorError": 400,
    "audit_log.errors.InvalidQueryError": 400,
    "audit_log.errors.InvalidEventError": 422,
    "audit_log.errors.RecordNotFoundError": 404,
    "audit_log.errors.CheckpointError": 503,
    "audit_log.anchors.model.AnchorError": 503,
    "audit_log.anchors.witness.WitnessConflict": 503,
    "audit_log.anchors.witness.WitnessRefused": 503,
    "audit_log.retention.RetentionPolicyError": 503,
    "audit_log.retention.SubjectUnderHoldError": 409,
    "pii.errors.PiiError": 503,
    "pii.errors.PiiEngineError": 503,
    "pii.errors.PiiConfigError": 503,
    "pii.errors.TextTooLargeError": 413,
    "policies.errors.PolicyError": 503,
    "policies.errors.PolicyUnavailableError": 503,
    "policies.engines.MalformedDecisionError": 503,
    "policies.errors.PolicyCompileError": 422,
    "explain.errors.ExplainError": 503,
    "explain.errors.ModelConfigError": 503,
    "explain.errors.ModelNotFoundError": 404,
    "explain.errors.FeatureValidationError": 422,
    "explain.errors.ExplanationError": 503,
    "explain.errors.DecisionNotFoundError": 404,
    "explain.errors.DecisionStoreError": 503,
    "explain.lifecycle.LifecycleError": 409,
    "fairness.errors.FairnessError": 503,
    "fairness.errors.UnknownModelError": 404,
    "fairness.errors.EmptyWindowError": 422,
    "fairness.errors.InvalidWindowError": 400,
    "fairness.errors.InvalidAuditOptionsError": 400,
    "fairness.errors.DecisionNotFoundError": 404,
    "fairness.errors.ReportNotFoundError": 404,
    "fairness.errors.InvalidDecisionError": 422,
    "fairness.errors.InvalidThresholdsError": 503,
    "fairness.errors.FairnessStoreError": 503,
    "fairness.errors.ImportFileError": 400,
    "fairness.errors.MetricConsistencyError": 503,
    "records.errors.RecordsError": 503,
    "records.errors.UnknownModelError": 404,
    "gateway.ratelimit.RateLimitError": 503,
    "gateway.ratelimit.RateLimitStoreError": 503,
    "gateway.keys.KeyStoreError": 503,
    "gateway.oidc.OidcError": 503,
    "gateway.oidc.InvalidTokenError": 401,
    "gateway.oidc.JwksUnavailableError": 503,
    "gateway.audit_anchoring.TrustOptionError": 400,
}


# Modules that need a training-time tool the gateway never installs (torch: `leitplanke pii
# train` only); they are imported when the tool is there, and otherwise may fail on it alone.
TRAINING_ONLY = {"pii.ner.net_training": "torch"}


def _import_all(package: str) -> None:
    root: ModuleType = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        try:
            importlib.import_module(info.name)
        except ModuleNotFoundError as exc:
            if exc.name != TRAINING_ONLY.get(info.name):
                raise


def _subclasses(base: type[Exception]) -> set[type[Exception]]:
    found = {base}
    for sub in base.__subclasses__():
        found |= _subclasses(sub)
    return found


def _every_domain_error() -> set[type[Exception]]:
    for package in PACKAGES:
        _import_all(package)
    errors: set[type[Exception]] = set()
    for base in DOMAIN_BASES:
        errors |= _subclasses(base)
    # Private helper errors that never leave their module (caught where raised).
    return {cls for cls in errors if not cls.__name__.startswith("_")}


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _instance(cls: type[Exception]) -> Exception:
    """An instance of any domain error, whatever its constructor wants."""
    exc = cls.__new__(cls)
    Exception.__init__(exc, "test message")
    for attribute, value in (("problems", (("income", "must be a number"),)), ("option", "x")):
        setattr(exc, attribute, value)
    return exc


def test_every_subclass_of_every_domain_base_has_its_own_entry() -> None:
    missing = sorted(_name(cls) for cls in _every_domain_error() if cls not in DOMAIN_ERRORS)
    assert missing == []


def test_the_table_holds_exactly_the_statuses_written_here() -> None:
    found = {_name(cls): as_gateway_error(_instance(cls)).status for cls in _every_domain_error()}
    assert found == EXPECTED_STATUS


def test_every_base_is_registered_as_an_exception_handler() -> None:
    assert all(base in EXCEPTION_HANDLERS for base in DOMAIN_BASES)


@pytest.mark.parametrize(
    "cls", sorted(_every_domain_error(), key=_name), ids=lambda cls: _name(cls)
)
def test_a_domain_error_raised_in_a_route_is_answered_as_its_problem(
    cls: type[Exception],
) -> None:
    @get("/boom", sync_to_thread=False)
    def boom() -> None:
        raise _instance(cls)

    app = Litestar(route_handlers=[boom], exception_handlers=EXCEPTION_HANDLERS)
    with TestClient(app) as client:
        response = client.get("/boom")
    assert response.status_code == EXPECTED_STATUS[_name(cls)]
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert body["status"] == response.status_code
    assert "Traceback" not in response.text


def test_a_message_built_from_request_content_is_not_echoed() -> None:
    from explain.errors import DecisionStoreError

    problem = as_gateway_error(DecisionStoreError("SELECT ... WHERE name='Jana Kowalczyk'"))
    assert "Kowalczyk" not in problem.detail
