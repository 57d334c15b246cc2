"""Model registry: specs from config, skops artifacts and SHAP explainers loaded once."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import skops.io as sio

from explain.counterfactual import (
    Counterfactual,
    confirm,
    find_counterfactual,
    search_counterfactual,
)
from explain.errors import ExplanationError, ModelConfigError, ModelNotFoundError
from explain.scoring import (
    Decision,
    Explanation,
    FeatureValue,
    ModelExplainer,
    build_explainer,
    decide,
    explain,
    model_raw,
    outcome_for,
    vectorize,
)
from explain.spec import ModelSpec, parse_model_spec

MODELS_DIR = Path(__file__).resolve().parent / "models"
DEMO_SPEC = MODELS_DIR / "wohngeld-demo-1.0.0.json"
# skops refuses unknown types unless trusted; we trust scikit-learn's own classes only.
TRUSTED_TYPE_PREFIXES = ("sklearn.",)


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    """Everything the decision pipeline needs from one scoring call.

    Attributes:
        features: the validated features (canonical, schema order).
        explanation: score, SHAP values and versions.
        decision: outcome plus the policy inputs (threshold, grey zone, legal effect).
        counterfactual: verified smallest change that flips the outcome, or None.
    """

    features: Mapping[str, FeatureValue]
    explanation: Explanation
    decision: Decision
    counterfactual: Counterfactual | None


class LoadedModel:
    """A registered model: its spec, estimator and explainer (all built at start-up)."""

    def __init__(self, *, spec: ModelSpec, estimator: Any, explainer: ModelExplainer) -> None:
        self.spec = spec
        self.estimator = estimator
        self.explainer = explainer

    def explain(self, features: Mapping[str, FeatureValue]) -> Explanation:
        """Score and explain validated features (see :func:`explain.validate_features`).

        Raises:
            ExplanationError: scoring failed or the additivity check failed.
        """
        return explain(self.spec, self.explainer, features)

    def assess(
        self, features: Mapping[str, FeatureValue], *, counterfactual: bool = True
    ) -> Assessment:
        """Score, explain, decide and search a counterfactual. Sync CPU work (few ms).

        The counterfactual search runs on shap's compiled copy of the trees; the case and the
        counterfactual are then scored together in one call of the model itself, which both
        decides the case and verifies the counterfactual.

        Raises:
            ExplanationError: scoring failed or the additivity check failed.
        """
        spec, explainer = self.spec, self.explainer
        row = vectorize(spec, features)
        proposal = None
        if counterfactual:
            try:
                fast = float(explainer.probability(explainer.search_raw(row))[0])
                proposal = search_counterfactual(spec, explainer, features,
                                                 outcome_for(spec, fast))
            except Exception as exc:  # a broken model must not pass silently
                raise ExplanationError(f"model {spec.id!r}: counterfactual search failed") from exc
        rows = row if proposal is None else np.vstack([row, vectorize(spec, proposal.features)])
        raw = model_raw(spec, explainer, rows)
        explanation = explain(spec, explainer, features, raw_output=float(raw[0]))
        decision = decide(spec, explanation.probability)
        found = None
        if proposal is not None:
            if proposal.current == decision.outcome:
                found = confirm(spec, proposal, float(explainer.probability(raw[1:])[0]))
            else:  # the search's view of the case disagreed with the model: search again
                found = find_counterfactual(spec, explainer, features, decision.outcome)
        return Assessment(
            features=dict(features), explanation=explanation, decision=decision,
            counterfactual=found,
        )


class ModelRegistry:
    """Registered models by id and version; the last version listed for an id is its default."""

    def __init__(self, models: Iterable[LoadedModel]) -> None:
        self._models: dict[tuple[str, str], LoadedModel] = {}
        self._default: dict[str, LoadedModel] = {}
        for model in models:
            key = (model.spec.id, model.spec.version)
            if key in self._models:
                raise ModelConfigError(f"model {key[0]!r} version {key[1]!r} registered twice")
            self._models[key] = model
            self._default[model.spec.id] = model

    @classmethod
    def from_config(
        cls, specs: Iterable[ModelSpec | Mapping[str, Any]], *, base_dir: Path | None = None
    ) -> ModelRegistry:
        """Validate every spec and load every artifact and explainer now.

        Args:
            specs: config tables (dicts) or :class:`ModelSpec` objects.
            base_dir: directory relative artifact paths resolve against (the config file's).

        Raises:
            ModelConfigError: any spec or artifact is invalid (the gateway must not start).
        """
        return cls(
            load_model(parse_model_spec(dict(s) if isinstance(s, Mapping) else s,
                                        base_dir=base_dir))
            for s in specs
        )

    def get(self, model_id: str, version: str | None = None) -> LoadedModel:
        """The model ``model_id`` (its default version unless ``version`` is given).

        Raises:
            ModelNotFoundError: no such model or version.
        """
        model = (
            self._default.get(model_id)
            if version is None
            else self._models.get((model_id, version))
        )
        if model is None:
            raise ModelNotFoundError(model_id)
        return model

    def replay(self, model_id: str, model_version: str,
               features: Mapping[str, FeatureValue]) -> Explanation:
        """Recompute an explanation with exactly the stored model version.

        Use with a stored record: ``registry.replay(r.model_id, r.model_version, r.features)``
        and compare with ``r.explanation`` (equal when model, shap and sklearn are unchanged).

        Raises:
            ModelNotFoundError: that version is no longer registered.
            ExplanationError: scoring or additivity failed.
        """
        return self.get(model_id, model_version).explain(features)

    def specs(self) -> tuple[ModelSpec, ...]:
        """Specs of every registered model version."""
        return tuple(m.spec for m in self._models.values())

    def __contains__(self, model_id: object) -> bool:
        return model_id in self._default


def load_model(spec: ModelSpec) -> LoadedModel:
    """Load a spec's skops artifact (and background sample) and build its explainer.

    Raises:
        ModelConfigError: missing file, checksum mismatch, untrusted types, unsupported model.
    """
    path = Path(spec.artifact)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelConfigError(f"model {spec.id!r}: cannot read artifact") from exc
    if spec.artifact_sha256 is not None:
        if hashlib.sha256(data).hexdigest() != spec.artifact_sha256.lower():
            raise ModelConfigError(f"model {spec.id!r}: artifact checksum mismatch")
    estimator = load_skops(data, model_id=spec.id)
    background = None
    if spec.background is not None:
        try:
            background = np.load(spec.background, allow_pickle=False).astype(np.float64)
        except (OSError, ValueError) as exc:
            raise ModelConfigError(f"model {spec.id!r}: cannot read background") from exc
    explainer = build_explainer(spec, estimator, background)
    return LoadedModel(spec=spec, estimator=estimator, explainer=explainer)


# Loading parses numpy headers with ast.literal_eval; CPython 3.11.7 can fail ("AST constructor
# recursion depth mismatch", gh-106905, fixed in 3.11.8) when two threads build Python ASTs at
# once, so loads in one process never run side by side.
_PARSE_LOCK = threading.Lock()


def load_skops(data: bytes, *, model_id: str = "?") -> Any:
    """Load a skops artifact, trusting only scikit-learn types (never pickle).

    Raises:
        ModelConfigError: the file is not valid skops or contains untrusted types.
    """
    with _PARSE_LOCK:
        try:
            untrusted = sio.get_untrusted_types(data=data)
        except Exception as exc:
            raise ModelConfigError(f"model {model_id!r}: not a skops artifact") from exc
        refused = [t for t in untrusted if not t.startswith(TRUSTED_TYPE_PREFIXES)]
        if refused:
            raise ModelConfigError(f"model {model_id!r}: untrusted types in artifact: {refused}")
        try:
            return sio.loads(data, trusted=untrusted)
        except Exception as exc:
            raise ModelConfigError(f"model {model_id!r}: cannot load artifact") from exc


def demo_spec() -> dict[str, Any]:
    """The shipped demo model's spec (artifact path made absolute)."""
    raw: dict[str, Any] = json.loads(DEMO_SPEC.read_text(encoding="utf-8"))
    raw["artifact"] = str(MODELS_DIR / raw["artifact"])
    return raw


def default_registry() -> ModelRegistry:
    """A registry with the shipped Wohngeld demo model (used by ``make run``)."""
    return ModelRegistry.from_config([demo_spec()])
