from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import skops.io as sio
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from threadpoolctl import threadpool_limits

from explain import ModelConfigError, ModelNotFoundError, ModelRegistry
from explain.registry import DEMO_SPEC, MODELS_DIR, demo_spec


def test_when_default_registry_loaded_then_demo_model_available(registry: ModelRegistry) -> None:
    assert "wohngeld-demo" in registry
    model = registry.get("wohngeld-demo")
    assert model.spec.version == "1.0.0"
    assert registry.get("wohngeld-demo", "1.0.0") is model
    assert model.spec.legal_effect is True


@pytest.mark.parametrize(("model_id", "version"), [("nope", None), ("wohngeld-demo", "0.9")])
def test_when_model_unknown_then_not_found(
    registry: ModelRegistry, model_id: str, version: str | None
) -> None:
    with pytest.raises(ModelNotFoundError):
        registry.get(model_id, version)


def _mutated(**changes: Any) -> dict[str, Any]:
    spec = demo_spec()
    spec.update(changes)
    return spec


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "kernel"}, "invalid model spec"),
        ({"threshold": 0.7}, "grey_zone"),
        ({"grey_zone": [0.6, 0.4]}, "grey_zone"),
        ({"features": []}, "no features"),
        ({"kind": "linear"}, "background"),
        (
            {"protected_attributes": [{"name": "assets", "categories": ["a"]}]},
            "protected attributes must not be model inputs",
        ),
        ({"artifact_sha256": "0" * 64}, "checksum mismatch"),
        ({"artifact": "/nonexistent/model.skops", "artifact_sha256": None}, "cannot read"),
    ],
)
def test_when_spec_invalid_then_registry_refuses_to_start(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ModelConfigError, match=message):
        ModelRegistry.from_config([_mutated(**changes)])


def test_when_feature_spec_inconsistent_then_each_problem_named() -> None:
    spec = demo_spec()
    spec["features"] = [dict(f) for f in spec["features"]]
    spec["features"][0]["min"] = None
    spec["features"][1]["name"] = spec["features"][0]["name"]
    spec["features"][4]["categories"] = []
    with pytest.raises(ModelConfigError) as info:
        ModelRegistry.from_config([spec])
    text = str(info.value)
    assert "duplicate feature names" in text
    assert "numeric features need finite min <= max" in text
    assert "category features need categories" in text


def test_when_artifact_is_a_pickle_then_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    path.write_bytes(pickle.dumps({"not": "skops"}))
    with pytest.raises(ModelConfigError, match="not a skops artifact"):
        ModelRegistry.from_config([_mutated(artifact=str(path), artifact_sha256=None)])


def test_when_artifact_contains_untrusted_types_then_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    sio.dump(make_pipeline(FunctionTransformer(func=json.loads)), path)
    with pytest.raises(ModelConfigError, match="untrusted types"):
        ModelRegistry.from_config([_mutated(artifact=str(path), artifact_sha256=None)])


def test_when_artifact_is_not_a_supported_model_then_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    sio.dump(make_pipeline(FunctionTransformer()), path)
    with pytest.raises(ModelConfigError, match="not a supported tree model"):
        ModelRegistry.from_config([_mutated(artifact=str(path), artifact_sha256=None)])


def test_when_same_version_registered_twice_then_refused() -> None:
    with pytest.raises(ModelConfigError, match="registered twice"):
        ModelRegistry.from_config([demo_spec(), demo_spec()])


def test_when_two_versions_registered_then_last_is_default_and_both_reachable() -> None:
    registry = ModelRegistry.from_config([demo_spec(), _mutated(version="1.1.0")])
    assert registry.get("wohngeld-demo").spec.version == "1.1.0"
    assert registry.get("wohngeld-demo", "1.0.0").spec.version == "1.0.0"


def test_when_config_uses_relative_artifact_then_resolved_against_base_dir() -> None:
    raw = json.loads(DEMO_SPEC.read_text(encoding="utf-8"))
    registry = ModelRegistry.from_config([raw], base_dir=MODELS_DIR)
    assert Path(registry.get("wohngeld-demo").spec.artifact).is_absolute()


def test_when_training_script_rerun_then_same_predictions_as_committed_artifact(
    registry: ModelRegistry, train_script: ModuleType
) -> None:
    committed = registry.get("wohngeld-demo").estimator
    # one OpenMP thread: HGB is deterministic across thread counts, and on a busy 2-core
    # machine the 2-thread barrier makes training 10x slower
    with threadpool_limits(limits=1, user_api="openmp"):
        retrained = train_script.build_model()
    probe = train_script.probe_matrix()
    assert (retrained.predict_proba(probe) == committed.predict_proba(probe)).all()
    assert retrained.n_iter_ <= 200


def test_when_artifact_shipped_then_small_and_checksummed(train_script: ModuleType) -> None:
    spec = json.loads(DEMO_SPEC.read_text(encoding="utf-8"))
    artifact = MODELS_DIR / spec["artifact"]
    assert artifact.stat().st_size < 2 * 1024 * 1024
    assert spec["features"] == train_script.SPEC["features"]
    assert hashlib.sha256(artifact.read_bytes()).hexdigest() == spec["artifact_sha256"]
