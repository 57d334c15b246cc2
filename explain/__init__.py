"""Eligibility decisions: model registry, SHAP explanations, citizen-facing text.

Typical use (the gateway's decision pipeline)::

    registry = default_registry()                       # once, at start-up (or from_config)
    store = await open_decision_store(url, access_code_secret=secret)
    model = registry.get(model_id)                      # ModelNotFoundError -> 404
    features = validate_features(model.spec, raw)       # FeatureValidationError -> 422
    protected = validate_protected_attributes(model.spec, raw_protected)
    assessment = model.assess(features)                 # sync CPU (~3 ms): run in a thread
    record = new_decision_record(assessment=assessment, service=..., case_reference=...,
                                 subject_pseudonym=..., purpose=..., obligations=...,
                                 protected_attributes=protected)
    code = generate_access_code()                       # shown once, stored as HMAC only
    await store.save(record, access_code=code,
                     access_code_expires_at=now + DEFAULT_ACCESS_CODE_VALIDITY)
    # citizen: record = await store.get_for_citizen(id, code)  (404 on any failure)
    #          citizen_explanation(record, registry.get(record.model_id,
    #                              record.model_version).spec, lang="de")

Error hierarchy:
    ExplainError                  base of everything this package raises
    ├── ModelConfigError          a model spec or artifact is invalid (start-up fails)
    ├── ModelNotFoundError        unknown model id (404)
    ├── FeatureValidationError    input features are missing, extra, mistyped, out of range (422)
    ├── ExplanationError          scoring or SHAP failed or additivity broke (refuse decision)
    ├── DecisionNotFoundError     unknown id, wrong or expired access code (all the same 404)
    ├── DecisionStoreError        the decision store failed (callers fail closed)
    └── LifecycleError            a review step not allowed in the decision's state (409)
"""

from explain.access_codes import (
    DEFAULT_ACCESS_CODE_VALIDITY,
    AccessCodeHasher,
    generate_access_code,
    normalize_access_code,
)
from explain.citizen import CitizenExplanation, CitizenFactor, citizen_explanation
from explain.counterfactual import Counterfactual, CounterfactualChange, find_counterfactual
from explain.errors import (
    DecisionNotFoundError,
    DecisionStoreError,
    ExplainError,
    ExplanationError,
    FeatureValidationError,
    ModelConfigError,
    ModelNotFoundError,
)
from explain.form_token import CitizenFormTokens
from explain.html import render_access_page, render_citizen_page, render_review_confirmation
from explain.lifecycle import (
    ALL_STATES,
    QUEUE_STATES,
    LifecycleError,
    current_state,
    pending_proposal,
    record_review,
    take,
)
from explain.records import (
    DEFAULT_REVIEW_DEADLINE,
    DecisionRecord,
    DecisionState,
    FinalOutcome,
    ReviewRequest,
    ReviewStep,
    new_decision_record,
    record_view,
)
from explain.registry import Assessment, LoadedModel, ModelRegistry, default_registry
from explain.remedy import LegalRemedy
from explain.scoring import Decision, Explanation, FeatureContribution
from explain.spec import FeatureSpec, LocalizedText, ModelSpec, ProtectedAttributeSpec
from explain.store import DecisionFilter, DecisionStore, open_decision_store
from explain.validation import validate_features, validate_protected_attributes

__all__ = [
    "ALL_STATES",
    "DEFAULT_ACCESS_CODE_VALIDITY",
    "DEFAULT_REVIEW_DEADLINE",
    "QUEUE_STATES",
    "AccessCodeHasher",
    "Assessment",
    "CitizenExplanation",
    "CitizenFactor",
    "CitizenFormTokens",
    "Counterfactual",
    "CounterfactualChange",
    "Decision",
    "DecisionFilter",
    "DecisionNotFoundError",
    "DecisionRecord",
    "DecisionState",
    "DecisionStore",
    "DecisionStoreError",
    "ExplainError",
    "Explanation",
    "ExplanationError",
    "FeatureContribution",
    "FeatureSpec",
    "FeatureValidationError",
    "FinalOutcome",
    "LegalRemedy",
    "LifecycleError",
    "LoadedModel",
    "LocalizedText",
    "ModelConfigError",
    "ModelNotFoundError",
    "ModelRegistry",
    "ModelSpec",
    "ProtectedAttributeSpec",
    "ReviewRequest",
    "ReviewStep",
    "citizen_explanation",
    "current_state",
    "default_registry",
    "find_counterfactual",
    "generate_access_code",
    "new_decision_record",
    "normalize_access_code",
    "open_decision_store",
    "pending_proposal",
    "record_review",
    "record_view",
    "render_access_page",
    "render_citizen_page",
    "render_review_confirmation",
    "take",
    "validate_features",
    "validate_protected_attributes",
]
