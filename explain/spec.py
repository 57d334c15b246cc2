"""Model specifications: what a registered model expects and how its decision is read.

A spec comes from the config file (a list of tables) or from the JSON file that ships next to
an artifact. :func:`parse_model_spec` validates it completely before any artifact is loaded.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import msgspec

from explain.errors import ModelConfigError

FeatureType = Literal["int", "float", "category", "bool"]
ModelKind = Literal["tree", "linear"]
# ``ls``: Leichte Sprache (easy-to-read German, BITV 2.0 Anlage 2 Teil 2); labels as German.
Lang = Literal["de", "en", "ls"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalizedText:
    """A short text in German and English, optionally in Leichte Sprache (``ls``)."""

    de: str
    en: str
    ls: str = ""

    def get(self, lang: Lang) -> str:
        """The text in ``lang`` (Leichte Sprache falls back to German)."""
        if lang == "en":
            return self.en
        return (self.ls or self.de) if lang == "ls" else self.de


@dataclass(frozen=True, slots=True, kw_only=True)
class FeatureSpec:
    """One model input.

    Attributes:
        name: key in the request's ``features`` object.
        type: ``int``, ``float``, ``category`` or ``bool``.
        label: human label (German and English), used in citizen texts.
        min: smallest allowed value (int/float).
        max: largest allowed value (int/float).
        categories: allowed values of a ``category``; the model sees the index.
        unit: unit shown after numbers, e.g. "€ pro Monat" / "€ per month".
        citizen_changeable: a citizen can plausibly change it (counterfactuals use only these;
            every other feature is immutable for them).
        step: grid step for counterfactual search (default: 1 for int, range/100 for float).
        plausible_min: smallest value a counterfactual may suggest (default ``min``).
        plausible_max: largest value a counterfactual may suggest (default ``max``).
    """

    name: str
    type: FeatureType
    label: LocalizedText
    min: float | None = None
    max: float | None = None
    categories: tuple[str, ...] | None = None
    unit: LocalizedText | None = None
    citizen_changeable: bool = False
    step: float | None = None
    plausible_min: float | None = None
    plausible_max: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProtectedAttributeSpec:
    """An attribute collected for bias audits only: never a model input, never shown to citizens."""

    name: str
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelSpec:
    """A registered decision model.

    Attributes:
        id: model id used in requests.
        version: model version, stored with every decision.
        artifact: path to the skops artifact (relative paths resolve against ``base_dir``).
        kind: ``tree`` (SHAP TreeExplainer) or ``linear`` (SHAP LinearExplainer).
        features: input schema, in the column order the model was trained on.
        threshold: approve when the probability is >= threshold.
        grey_zone: probabilities in ``[lo, hi]`` are neither clearly approved nor denied.
        legal_effect: the decision has legal or similarly significant effect (GDPR Art. 22).
        protected_attributes: collected for bias audits only.
        title: name of the procedure, e.g. "Wohngeld".
        artifact_sha256: expected SHA-256 of the artifact file (checked when set).
        background: path to a ``.npy`` background sample (linear models only).
    """

    id: str
    version: str
    artifact: str
    kind: ModelKind
    features: tuple[FeatureSpec, ...]
    threshold: float
    grey_zone: tuple[float, float]
    legal_effect: bool
    title: LocalizedText
    protected_attributes: tuple[ProtectedAttributeSpec, ...] = ()
    artifact_sha256: str | None = None
    background: str | None = None

    def feature(self, name: str) -> FeatureSpec:
        """The feature called ``name`` (KeyError if none)."""
        for feature in self.features:
            if feature.name == name:
                return feature
        raise KeyError(name)


def parse_model_spec(raw: ModelSpec | dict[str, Any], *, base_dir: Path | None = None) -> ModelSpec:
    """Validate a spec given as a dict (config file) or a :class:`ModelSpec`.

    Relative ``artifact``/``background`` paths are made absolute against ``base_dir``.

    Raises:
        ModelConfigError: the spec is malformed or inconsistent.
    """
    if isinstance(raw, ModelSpec):
        spec = raw
    else:
        try:
            spec = msgspec.convert(raw, ModelSpec)
        except msgspec.ValidationError as exc:
            raise ModelConfigError(f"invalid model spec: {exc}") from exc
    if base_dir is not None:
        spec = _resolve_paths(spec, base_dir)
    _check_consistency(spec)
    return spec


def _resolve_paths(spec: ModelSpec, base_dir: Path) -> ModelSpec:
    def resolve(path: str | None) -> str | None:
        if path is None or Path(path).is_absolute():
            return path
        return str((base_dir / path).resolve())

    artifact = resolve(spec.artifact)
    assert artifact is not None
    return dataclasses.replace(spec, artifact=artifact, background=resolve(spec.background))


def _check_consistency(spec: ModelSpec) -> None:
    problems: list[str] = []
    names = [f.name for f in spec.features]
    if not names:
        problems.append("no features")
    if len(set(names)) != len(names):
        problems.append("duplicate feature names")
    protected = {p.name for p in spec.protected_attributes}
    if protected & set(names):
        problems.append("protected attributes must not be model inputs")
    lo, hi = spec.grey_zone
    if not (0.0 <= lo <= spec.threshold <= hi <= 1.0):
        problems.append("need 0 <= grey_zone[0] <= threshold <= grey_zone[1] <= 1")
    if spec.kind == "linear" and spec.background is None:
        problems.append("linear models need a background sample")
    for f in spec.features:
        if f.type in ("int", "float"):
            if f.min is None or f.max is None or not (math.isfinite(f.min) and f.min <= f.max):
                problems.append(f"feature {f.name}: numeric features need finite min <= max")
            if f.step is not None and not f.step > 0:
                problems.append(f"feature {f.name}: step must be > 0")
            problems.extend(_plausibility_problems(f))
        elif f.plausible_min is not None or f.plausible_max is not None:
            problems.append(f"feature {f.name}: only numeric features have plausibility bounds")
        if f.type == "category" and not f.categories:
            problems.append(f"feature {f.name}: category features need categories")
        if f.type != "category" and f.categories is not None:
            problems.append(f"feature {f.name}: only category features have categories")
    if problems:
        raise ModelConfigError(f"model {spec.id!r}: " + "; ".join(problems))


def _plausibility_problems(f: FeatureSpec) -> list[str]:
    if f.min is None or f.max is None:
        return []
    lo = f.min if f.plausible_min is None else f.plausible_min
    hi = f.max if f.plausible_max is None else f.plausible_max
    if not (math.isfinite(lo) and math.isfinite(hi) and f.min <= lo <= hi <= f.max):
        return [f"feature {f.name}: need min <= plausible_min <= plausible_max <= max"]
    return []
