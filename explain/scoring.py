"""Scoring and SHAP explanations with an additivity check on every explanation.

Tree models use ``shap.TreeExplainer`` in its default path-dependent mode (for
HistGradientBoosting the interventional mode breaks additivity against the model's raw output);
linear models use ``shap.LinearExplainer`` over a background sample. KernelExplainer is never
used: it is sampling-based, slow and not exactly additive.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np
import rfc8785
import shap
import sklearn
from numpy.typing import NDArray
from sklearn.ensemble import (
    ExtraTreesClassifier,
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import ThreadpoolController

from explain.errors import MSG_ADDITIVITY, ExplanationError, ModelConfigError
from explain.spec import ModelSpec

Outcome = Literal["approved", "denied", "grey_zone"]
OutputSpace = Literal["log_odds", "probability"]
FeatureValue = int | float | bool | str
Matrix = NDArray[np.float64]

ADDITIVITY_TOLERANCE = 1e-6
TREE_MODELS = (
    HistGradientBoostingClassifier,
    GradientBoostingClassifier,
    RandomForestClassifier,
    ExtraTreesClassifier,
    DecisionTreeClassifier,
)
LINEAR_MODELS = (LogisticRegression,)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeatureContribution:
    """SHAP value of one feature; positive values push towards approval.

    Attributes:
        name: feature name.
        value: the (validated) input value.
        contribution: SHAP value in the explainer's output space (see ``Explanation``).
    """

    name: str
    value: FeatureValue
    contribution: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    """A scored, explained case. Enough to reproduce and to audit it.

    Attributes:
        model_id: registered model id.
        model_version: model version.
        probability: probability of approval (the score compared with the threshold).
        raw_output: the model's raw output for the case (log-odds or probability).
        output_space: unit of ``raw_output``, ``base_value`` and contributions.
        base_value: the explainer's expected value (output for an "average" case).
        contributions: one entry per model feature, in schema order.
        additivity_error: ``|base_value + sum(contributions) - raw_output|`` (checked).
        explainer: explainer name and mode, e.g. ``shap.TreeExplainer(tree_path_dependent)``.
        shap_version: shap version used.
        sklearn_version: scikit-learn version used.
        feature_hash: SHA-256 (hex) of the RFC 8785 canonical JSON of the features.
    """

    model_id: str
    model_version: str
    probability: float
    raw_output: float
    output_space: OutputSpace
    base_value: float
    contributions: tuple[FeatureContribution, ...]
    additivity_error: float
    explainer: str
    shap_version: str
    sklearn_version: str
    feature_hash: str

    def top_factors(self, n: int = 3) -> tuple[FeatureContribution, ...]:
        """The ``n`` features with the largest absolute contribution, largest first."""
        ranked = sorted(self.contributions, key=lambda c: (-abs(c.contribution), c.name))
        return tuple(ranked[:n])


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """The automated outcome and the inputs the policy engine needs for obligations.

    Attributes:
        outcome: ``approved`` (probability above the grey zone), ``denied`` (below it) or
            ``grey_zone``.
        probability: probability of approval.
        threshold: decision threshold of the model.
        grey_zone: ``(lo, hi)``; lo <= probability <= hi is the grey zone.
        legal_effect: the decision has legal or similarly significant effect.
    """

    outcome: Outcome
    probability: float
    threshold: float
    grey_zone: tuple[float, float]
    legal_effect: bool


def decide(spec: ModelSpec, probability: float) -> Decision:
    """Map a probability to an outcome with the model's threshold and grey zone."""
    return Decision(
        outcome=outcome_for(spec, probability),
        probability=probability,
        threshold=spec.threshold,
        grey_zone=spec.grey_zone,
        legal_effect=spec.legal_effect,
    )


def outcome_for(spec: ModelSpec, probability: float) -> Outcome:
    """``grey_zone`` inside ``[lo, hi]``, otherwise approved iff probability >= threshold."""
    lo, hi = spec.grey_zone
    if lo <= probability <= hi:
        return "grey_zone"
    return "approved" if probability >= spec.threshold else "denied"


def feature_hash(features: Mapping[str, FeatureValue]) -> str:
    """SHA-256 hex digest of the RFC 8785 (JCS) canonical JSON of ``features``."""
    return hashlib.sha256(rfc8785.dumps(dict(features))).hexdigest()


def vectorize(spec: ModelSpec, features: Mapping[str, FeatureValue]) -> Matrix:
    """One model row (shape ``(1, n_features)``): categories as index, bools as 0/1."""
    return np.array([[_encode(spec, name, features[name]) for name in _names(spec)]])


def _names(spec: ModelSpec) -> list[str]:
    return [f.name for f in spec.features]


def _encode(spec: ModelSpec, name: str, value: FeatureValue) -> float:
    feature = spec.feature(name)
    if feature.type == "category":
        assert feature.categories is not None
        return float(feature.categories.index(str(value)))
    return float(value)


class ModelExplainer(Protocol):
    """Scores and explains rows of one model; built once at start-up, thread-safe."""

    name: str
    output_space: OutputSpace

    def raw(self, rows: Matrix) -> NDArray[np.float64]:
        """The model's own raw output, one value per row."""

    def search_raw(self, rows: Matrix) -> NDArray[np.float64]:
        """Raw output for bulk search (may be a faster equivalent; results are re-verified)."""

    def probability(self, raw: NDArray[np.float64]) -> NDArray[np.float64]:
        """Probability of approval from raw output."""

    def shap_values(self, row: Matrix) -> tuple[float, NDArray[np.float64]]:
        """``(base_value, contributions)`` for a single row."""


class _BinaryModel:
    """Raw output and link for a binary sklearn classifier (positive class = classes_[1])."""

    def __init__(self, estimator: Any) -> None:
        self._estimator = estimator
        # One OpenMP thread per call: for a handful of rows the parallel region costs more than
        # it saves, and on a busy machine sklearn's 2-thread barrier took 14 ms instead of 1.4.
        # The limit is per calling thread (OpenMP ICV), so concurrent requests do not interfere.
        self._threads = ThreadpoolController()
        # Forests explain probabilities; boosted and linear models explain log-odds.
        self._proba_space = isinstance(
            estimator, RandomForestClassifier | ExtraTreesClassifier | DecisionTreeClassifier
        )
        self.output_space: OutputSpace = "probability" if self._proba_space else "log_odds"

    def raw(self, rows: Matrix) -> NDArray[np.float64]:
        with self._threads.limit(limits=1, user_api="openmp"):
            if self._proba_space:
                out = self._estimator.predict_proba(rows)[:, 1]
            else:
                out = self._estimator.decision_function(rows)
        return np.asarray(out, dtype=np.float64).reshape(-1)

    def search_raw(self, rows: Matrix) -> NDArray[np.float64]:
        return self.raw(rows)

    def probability(self, raw: NDArray[np.float64]) -> NDArray[np.float64]:
        if self._proba_space:
            return raw
        return np.asarray(1.0 / (1.0 + np.exp(-raw)), dtype=np.float64)


#: Largest difference allowed between the model's raw output and shap's compiled copy of its
#: trees on the probe rows before the copy may score requests (float64 summation noise is
#: about 1e-15; a mis-converted split would differ by a leaf value).
COMPILED_COPY_TOLERANCE = 1e-9
PROBE_ROWS = 2000
#: Per leaf of every tree: lower and upper bound per feature, leaf value; first leaf of each
#: tree; base offset (see ``TreeShapExplainer.output_bound``).
_LeafBoxes = tuple[
    NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.intp], float
]


class TreeShapExplainer(_BinaryModel):
    """``shap.TreeExplainer`` in path-dependent mode (no background data needed).

    Scoring: sklearn's own ``decision_function`` walks the trees one Python-level call per
    tree (2.7 ms for 150 trees on our VM); shap's compiled copy of the same trees takes
    16 µs. At start-up ``verify_compiled_copy`` compares the two on probe rows spanning
    the feature schema; only if they agree within ``COMPILED_COPY_TOLERANCE`` does ``raw``
    use the copy, otherwise it keeps using the model itself. The additivity check stays
    independent either way: SHAP's recursive attribution is checked against a plain
    traversal of the trees (docs/decisions/0004-scoring-on-the-verified-tree-copy.md).
    """

    def __init__(self, estimator: Any) -> None:
        super().__init__(estimator)
        self._shap = shap.TreeExplainer(estimator, feature_perturbation="tree_path_dependent")
        self.name = "shap.TreeExplainer(tree_path_dependent)"
        self.compiled_copy_verified = False
        self._boxes: _LeafBoxes | None = None

    def verify_compiled_copy(self, rows: Matrix) -> float:
        """Compares the model and shap's copy on ``rows``; enables the copy if they agree.

        Returns:
            The largest absolute difference of the raw outputs.
        """
        reference = _BinaryModel.raw(self, rows)
        copy = self.search_raw(rows)
        difference = float(np.max(np.abs(reference - copy))) if len(rows) else math.inf
        self.compiled_copy_verified = (
            np.isfinite(difference) and difference <= COMPILED_COPY_TOLERANCE
        )
        # the bound with nothing free must be the prediction itself, or bounds stay off
        self._boxes = None
        probe = rows[: min(len(rows), 200)]
        if len(probe) and not np.any(getattr(self._shap.model, "threshold_types", 0)):
            try:
                self._boxes = self._leaf_boxes(rows.shape[1])
                walked = np.array([self.output_bound(r[None, :], (), upper=True) for r in probe])
                if not np.max(np.abs(walked - copy[: len(probe)])) <= COMPILED_COPY_TOLERANCE:
                    self._boxes = None
            except (AttributeError, IndexError, ValueError, TypeError):
                self._boxes = None
        return difference

    def raw(self, rows: Matrix) -> NDArray[np.float64]:
        if self.compiled_copy_verified:
            return self.search_raw(rows)
        return _BinaryModel.raw(self, rows)

    def search_raw(self, rows: Matrix) -> NDArray[np.float64]:
        # shap's compiled copy of the trees: same values, ~150x less per-call overhead than
        # sklearn's per-tree predict.
        out = np.asarray(self._shap.model.predict(rows), dtype=np.float64)
        return out[:, 1] if out.ndim == 2 else out

    def split_points(self, index: int) -> NDArray[np.float64] | None:
        """Sorted thresholds of every split on feature ``index`` in the search copy.

        None if a split on it is categorical (then no interval reduction applies).
        """
        model = self._shap.model
        inner = model.children_left >= 0
        on_feature = inner & (model.features == index)
        types = getattr(model, "threshold_types", None)
        if types is not None and bool(np.any(types[on_feature] != 0)):
            return None
        return np.unique(np.asarray(model.thresholds[on_feature], dtype=np.float64))

    def output_bound(self, row: Matrix, free: tuple[int, ...], *, upper: bool) -> float | None:
        """Largest (``upper``) or smallest raw output any values of the ``free`` features give.

        Each leaf of each tree is a box of feature intervals (the splits on its path); a leaf
        can be reached when every feature that is not free lies in its interval. The bound is
        the sum of the best reachable leaf per tree: sound for any values of the free
        features, not only grid values. None if the tree copy cannot be summed this way
        (checked at start-up by ``verify_compiled_copy``).
        """
        if self._boxes is None:
            return None
        lo, hi, values, starts, offset = self._boxes
        x = row[0]
        inside = (lo < x) & (x <= hi)
        if free:
            inside[:, list(free)] = True
        reachable = inside.all(axis=1)
        best = np.where(reachable, values, -np.inf if upper else np.inf)
        reduce = np.maximum if upper else np.minimum
        return offset + float(reduce.reduceat(best, starts).sum())

    def pair_bounds(
        self,
        row: Matrix,
        a: int,
        a_ranges: NDArray[np.float64],
        b: int,
        b_ranges: NDArray[np.float64],
        *,
        upper: bool,
    ) -> NDArray[np.float64] | None:
        """``output_bound`` for every cell of ranges of two free features at once.

        Args:
            row: the case (one row).
            a: first free feature; ``a_ranges`` its ranges as rows ``[low, high]``.
            b: second free feature; ``b_ranges`` likewise.
            upper: largest (True) or smallest output.

        Returns:
            ``(len(a_ranges), len(b_ranges))`` bounds, or None without leaf boxes.
        """
        if self._boxes is None:
            return None
        lo, hi, values, starts, offset = self._boxes
        inside = (lo < row[0]) & (row[0] <= hi)
        inside[:, [a, b]] = True
        fixed = inside.all(axis=1)
        # a leaf's interval (lo, hi] meets the range [low, high]
        meets_a = (lo[:, a] < a_ranges[:, 1:2]) & (hi[:, a] >= a_ranges[:, 0:1])
        meets_b = (lo[:, b] < b_ranges[:, 1:2]) & (hi[:, b] >= b_ranges[:, 0:1])
        reachable = fixed & meets_a[:, None, :] & meets_b[None, :, :]
        best = np.where(reachable, values, -np.inf if upper else np.inf)
        reduce = np.maximum if upper else np.minimum
        totals = reduce.reduceat(best, starts, axis=2).sum(axis=2)
        return np.asarray(offset + totals, dtype=np.float64)

    def _leaf_boxes(self, n_features: int) -> _LeafBoxes:
        """Per leaf: lower/upper bounds per feature (``lo < x <= hi``), value; tree starts."""
        m = self._shap.model
        lows: list[NDArray[np.float64]] = []
        highs: list[NDArray[np.float64]] = []
        values: list[float] = []
        starts: list[int] = []
        for t in range(m.children_left.shape[0]):
            starts.append(len(values))
            stack = [(0, np.full(n_features, -np.inf), np.full(n_features, np.inf))]
            while stack:
                node, lo, hi = stack.pop()
                left = int(m.children_left[t, node])
                if left < 0:
                    lows.append(lo)
                    highs.append(hi)
                    values.append(float(m.values[t, node, -1]))
                    continue
                f, threshold = int(m.features[t, node]), float(m.thresholds[t, node])
                hi_left = hi.copy()
                hi_left[f] = min(hi[f], threshold)
                lo_right = lo.copy()
                lo_right[f] = max(lo[f], threshold)
                stack.append((left, lo, hi_left))
                stack.append((int(m.children_right[t, node]), lo_right, hi))
        offset = float(np.asarray(m.base_offset, dtype=np.float64).reshape(-1)[-1])
        return (np.array(lows), np.array(highs), np.array(values),
                np.array(starts, dtype=np.intp), offset)

    def shap_values(self, row: Matrix) -> tuple[float, NDArray[np.float64]]:
        values = np.asarray(self._shap.shap_values(row, check_additivity=False))
        base = np.asarray(self._shap.expected_value, dtype=np.float64).reshape(-1)
        if values.ndim == 3:  # (rows, features, classes) for forests
            return float(base[1]), values[0, :, 1].astype(np.float64)
        return float(base[-1]), values.reshape(-1).astype(np.float64)


def probe_rows(spec: ModelSpec, n: int = PROBE_ROWS, seed: int = 0) -> Matrix:
    """Seeded rows spanning the schema: every feature's bounds, categories and values between.

    Used to check at start-up that a faster scoring path gives the model's own outputs.
    """
    rng = np.random.default_rng(seed)
    columns = []
    for feature in spec.features:
        if feature.type == "category":
            assert feature.categories is not None
            column = rng.integers(0, len(feature.categories), n).astype(np.float64)
        elif feature.type == "bool":
            column = rng.integers(0, 2, n).astype(np.float64)
        else:
            lo = feature.min if feature.min is not None else -1e6
            hi = feature.max if feature.max is not None else 1e6
            column = rng.uniform(lo, hi, n)
            if feature.type == "int":
                column = np.round(column)
            column[: min(n, 2)] = (lo, hi)[: min(n, 2)]  # the bounds themselves
        columns.append(column)
    return np.column_stack(columns) if columns else np.empty((n, 0))


class LinearShapExplainer(_BinaryModel):
    """``shap.LinearExplainer`` (interventional) over a background sample."""

    def __init__(self, estimator: Any, background: Matrix) -> None:
        super().__init__(estimator)
        masker = shap.maskers.Independent(background, max_samples=len(background))
        self._shap = shap.LinearExplainer(estimator, masker)
        self.name = "shap.LinearExplainer(interventional)"

    def shap_values(self, row: Matrix) -> tuple[float, NDArray[np.float64]]:
        values = np.asarray(self._shap.shap_values(row), dtype=np.float64).reshape(-1)
        base = float(np.asarray(self._shap.expected_value, dtype=np.float64).reshape(-1)[-1])
        return base, values


def build_explainer(spec: ModelSpec, estimator: Any, background: Matrix | None) -> ModelExplainer:
    """The SHAP explainer for ``spec.kind``; refuses model types it cannot explain exactly.

    Raises:
        ModelConfigError: wrong model type for the kind, not a binary classifier, or wrong
            number of features.
    """
    expected: tuple[type, ...] = TREE_MODELS if spec.kind == "tree" else LINEAR_MODELS
    if not isinstance(estimator, expected):
        raise ModelConfigError(
            f"model {spec.id!r}: {type(estimator).__name__} is not a supported {spec.kind} model"
        )
    classes = list(getattr(estimator, "classes_", []))
    if len(classes) != 2:
        raise ModelConfigError(f"model {spec.id!r}: not a binary classifier")
    if getattr(estimator, "n_features_in_", None) != len(spec.features):
        raise ModelConfigError(f"model {spec.id!r}: feature count differs from the schema")
    if spec.kind == "tree":
        tree = TreeShapExplainer(estimator)
        tree.verify_compiled_copy(probe_rows(spec))
        return tree
    assert background is not None
    return LinearShapExplainer(estimator, background)


def model_raw(spec: ModelSpec, explainer: ModelExplainer, rows: Matrix) -> NDArray[np.float64]:
    """The model's own raw output for ``rows``.

    Raises:
        ExplanationError: the model failed or returned non-finite values.
    """
    try:
        raw = explainer.raw(rows)
    except Exception as exc:  # third-party failure enters here; refuse the decision
        raise ExplanationError(f"model {spec.id!r}: scoring failed ({type(exc).__name__})") from exc
    if raw.shape != (len(rows),) or not np.isfinite(raw).all():
        raise ExplanationError(f"model {spec.id!r}: scoring failed (non-finite output)")
    return raw


def explain(
    spec: ModelSpec,
    explainer: ModelExplainer,
    features: Mapping[str, FeatureValue],
    *,
    raw_output: float | None = None,
) -> Explanation:
    """Score and explain validated features; checks additivity.

    Args:
        spec: the model spec.
        explainer: the model's explainer.
        features: validated features.
        raw_output: the model's raw output for these features if already computed by
            :func:`model_raw` (saves a model call); computed here otherwise.

    Raises:
        ExplanationError: the model or SHAP failed, or base + contributions != raw output.
    """
    row = vectorize(spec, features)
    if raw_output is None:
        raw_output = float(model_raw(spec, explainer, row)[0])
    try:
        probability = float(explainer.probability(np.array([raw_output]))[0])
        base, values = explainer.shap_values(row)
    except Exception as exc:  # third-party failure enters here; refuse the decision
        raise ExplanationError(f"model {spec.id!r}: SHAP failed ({type(exc).__name__})") from exc
    error = abs(base + float(values.sum()) - raw_output)
    if not math.isfinite(error) or error > ADDITIVITY_TOLERANCE * max(1.0, abs(raw_output)):
        raise ExplanationError(f"{MSG_ADDITIVITY} for model {spec.id!r}: error {error:.3g}")
    return Explanation(
        model_id=spec.id,
        model_version=spec.version,
        probability=probability,
        raw_output=raw_output,
        output_space=explainer.output_space,
        base_value=base,
        contributions=tuple(
            FeatureContribution(name=name, value=features[name], contribution=float(v))
            for name, v in zip(_names(spec), values, strict=True)
        ),
        additivity_error=error,
        explainer=explainer.name,
        shap_version=shap.__version__,
        sklearn_version=sklearn.__version__,
        feature_hash=feature_hash(features),
    )
