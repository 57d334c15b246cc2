from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import skops.io as sio
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from explain import (
    ExplanationError,
    LoadedModel,
    ModelRegistry,
    validate_features,
)
from explain.errors import MSG_ADDITIVITY
from explain.registry import demo_spec
from explain.scoring import TreeShapExplainer, explain, feature_hash, outcome_for, probe_rows
from tests.unit.explain.conftest import case


def _features_from_row(demo: LoadedModel, row: np.ndarray) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for feature, value in zip(demo.spec.features, row, strict=True):
        if feature.type == "category":
            assert feature.categories is not None
            out[feature.name] = feature.categories[int(value)]
        elif feature.type == "bool":
            out[feature.name] = bool(value)
        elif feature.type == "int":
            out[feature.name] = int(value)
        else:
            out[feature.name] = float(value)
    return validate_features(demo.spec, out)


def test_when_demo_cases_explained_then_additive_and_matching_the_model(
    demo: LoadedModel, train_script: ModuleType
) -> None:
    rows = train_script.probe_matrix(40)
    with threadpool_limits(limits=1, user_api="openmp"):
        raws = demo.estimator.decision_function(rows)
        probas = demo.estimator.predict_proba(rows)[:, 1]
    for row, raw, proba in zip(rows, raws, probas, strict=True):
        explanation = demo.explain(_features_from_row(demo, row))
        total = explanation.base_value + sum(c.contribution for c in explanation.contributions)
        assert total == pytest.approx(raw, abs=1e-6)
        assert explanation.raw_output == pytest.approx(raw, abs=1e-12)
        assert explanation.probability == pytest.approx(proba, abs=1e-12)


def test_when_explained_then_metadata_names_model_explainer_and_hash(demo: LoadedModel) -> None:
    features = validate_features(demo.spec, case())
    explanation = demo.explain(features)
    assert (explanation.model_id, explanation.model_version) == ("wohngeld-demo", "1.0.0")
    assert explanation.explainer == "shap.TreeExplainer(tree_path_dependent)"
    assert explanation.output_space == "log_odds"
    assert [c.name for c in explanation.contributions] == [f.name for f in demo.spec.features]
    assert explanation.shap_version and explanation.sklearn_version
    assert explanation.feature_hash == feature_hash(features)
    assert len(explanation.feature_hash) == 64
    with pytest.raises(dataclasses.FrozenInstanceError):
        explanation.probability = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"x": 1, "y": 2.5}, {"y": 2.5, "x": 1}, True),
        ({"x": 1500.0}, {"x": 1500}, True),  # JCS: one number representation
        ({"x": 1}, {"x": 2}, False),
        ({"x": "IV"}, {"x": "iv"}, False),
        ({"x": True}, {"x": 1}, False),
    ],
)
def test_when_features_hashed_then_canonical(
    a: dict[str, Any], b: dict[str, Any], same: bool
) -> None:
    assert (feature_hash(a) == feature_hash(b)) is same


def test_when_feature_hash_computed_then_it_is_sha256_of_jcs() -> None:
    expected = hashlib.sha256(b'{"a":2,"b":"IV","c":true}').hexdigest()
    assert feature_hash({"c": True, "b": "IV", "a": 2}) == expected


@pytest.mark.parametrize(
    ("probability", "outcome"),
    [
        (0.0, "denied"),
        (0.3999, "denied"),
        (0.4, "grey_zone"),
        (0.5, "grey_zone"),
        (0.6, "grey_zone"),
        (0.6001, "approved"),
        (1.0, "approved"),
    ],
)
def test_when_probability_mapped_then_grey_zone_is_inclusive(
    demo: LoadedModel, probability: float, outcome: str
) -> None:
    assert outcome_for(demo.spec, probability) == outcome


def test_when_threshold_outside_a_point_grey_zone_then_threshold_decides(
    demo: LoadedModel,
) -> None:
    spec = dataclasses.replace(demo.spec, threshold=0.7, grey_zone=(0.7, 0.7))
    assert [outcome_for(spec, p) for p in (0.69, 0.7, 0.71)] == ["denied", "grey_zone", "approved"]


class _BrokenShap(TreeShapExplainer):
    def shap_values(self, row: np.ndarray) -> tuple[float, np.ndarray]:
        base, values = super().shap_values(row)
        return base, values + 0.01


class _FailingModel(TreeShapExplainer):
    def raw(self, rows: np.ndarray) -> np.ndarray:
        raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("explainer_cls", "message"),
    [(_BrokenShap, MSG_ADDITIVITY), (_FailingModel, "scoring failed")],
)
def test_when_explainer_inconsistent_or_failing_then_explanation_refused(
    demo: LoadedModel, explainer_cls: type[TreeShapExplainer], message: str
) -> None:
    broken = explainer_cls(demo.estimator)
    with pytest.raises(ExplanationError, match=message):
        explain(demo.spec, broken, validate_features(demo.spec, case()))


def _other_model_spec(tmp_path: Path, estimator: Any, kind: str, **extra: Any) -> dict[str, Any]:
    spec = demo_spec()
    path = tmp_path / "model.skops"
    sio.dump(estimator, path)
    spec.update(id="other", artifact=str(path), kind=kind, artifact_sha256=None, **extra)
    return spec


@pytest.mark.parametrize(
    ("estimator", "kind", "explainer_name", "space"),
    [
        (
            LogisticRegression(max_iter=500),
            "linear",
            "shap.LinearExplainer(interventional)",
            "log_odds",
        ),
        (
            RandomForestClassifier(n_estimators=8, max_depth=4, random_state=0),
            "tree",
            "shap.TreeExplainer(tree_path_dependent)",
            "probability",
        ),
        (
            GradientBoostingClassifier(n_estimators=10, random_state=0),
            "tree",
            "shap.TreeExplainer(tree_path_dependent)",
            "log_odds",
        ),
    ],
)
def test_when_other_model_types_registered_then_right_explainer_and_additive(
    tmp_path: Path,
    train_script: ModuleType,
    estimator: Any,
    kind: str,
    explainer_name: str,
    space: str,
) -> None:
    x, y, _ = train_script.generate_dataset(n_rows=800, seed=7)
    x = x / np.maximum(x.max(axis=0), 1)  # scaled copy keeps LogisticRegression well-behaved
    estimator.fit(x, y)
    extra: dict[str, Any] = {}
    if kind == "linear":
        np.save(tmp_path / "background.npy", x[:100])
        extra["background"] = str(tmp_path / "background.npy")
    registry = ModelRegistry.from_config([_other_model_spec(tmp_path, estimator, kind, **extra)])
    model = registry.get("other")
    assert model.explainer.name == explainer_name
    for row in x[:20]:
        features = {
            f.name: (
                f.categories[0]
                if f.type == "category" and f.categories
                else bool(v)
                if f.type == "bool"
                else int(v)
                if f.type == "int"
                else float(v)
            )
            for f, v in zip(model.spec.features, row, strict=True)
        }
        explanation = model.explain(features)
        assert explanation.output_space == space
        assert explanation.additivity_error <= 1e-6


def test_when_assessed_from_threads_then_same_results_as_sequential(
    demo: LoadedModel, train_script: ModuleType
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    features = [_features_from_row(demo, row) for row in train_script.probe_matrix(16)]
    sequential = [demo.assess(f) for f in features]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(demo.assess, features))
    assert parallel == sequential


# --- scoring with shap's compiled copy of the trees (verified against the model) ------


def test_when_the_demo_model_is_loaded_then_its_compiled_copy_is_verified_and_scores_as_sklearn(
    demo: LoadedModel,
) -> None:
    explainer = demo.explainer
    assert isinstance(explainer, TreeShapExplainer)
    assert explainer.compiled_copy_verified
    rows = probe_rows(demo.spec, n=500, seed=99)  # other rows than the start-up check
    sklearn_raw = demo.estimator.decision_function(rows)
    np.testing.assert_allclose(explainer.raw(rows), sklearn_raw, rtol=0, atol=1e-9)


def test_when_the_compiled_copy_disagrees_with_the_model_then_the_model_itself_scores(
    demo: LoadedModel,
) -> None:
    explainer = TreeShapExplainer(demo.estimator)
    # Corrupt one leaf of shap's copy, as a faulty tree conversion would.
    values = explainer._shap.model.values
    leaves = np.flatnonzero(explainer._shap.model.children_left[0] < 0)
    values[0, leaves[0]] += 0.5
    difference = explainer.verify_compiled_copy(probe_rows(demo.spec))
    assert difference > 1e-3
    assert not explainer.compiled_copy_verified
    rows = probe_rows(demo.spec, n=200, seed=7)
    np.testing.assert_allclose(
        explainer.raw(rows), demo.estimator.decision_function(rows), rtol=0, atol=1e-12
    )


def test_when_probe_rows_are_drawn_then_they_respect_the_schema(demo: LoadedModel) -> None:
    rows = probe_rows(demo.spec, n=300, seed=3)
    assert rows.shape == (300, len(demo.spec.features))
    for column, feature in enumerate(demo.spec.features):
        values = rows[:, column]
        if feature.type == "category":
            assert feature.categories is not None
            assert set(values) <= set(range(len(feature.categories)))
        elif feature.type == "bool":
            assert set(values) <= {0.0, 1.0}
        else:
            assert feature.min is not None and feature.max is not None
            assert values.min() == feature.min and values.max() == feature.max
