"""Generate the synthetic Wohngeld-like dataset and train the demo decision model.

Usage::

    .venv/bin/python scripts/train_demo_model.py            # writes explain/models/
    .venv/bin/python scripts/train_demo_model.py --check    # retrain, compare, write nothing

The data is **synthetic** (seeded, no real person) and only loosely follows the logic of the
German housing benefit (Wohngeld, WoGG): a household gets a benefit if its eligible rent is
high relative to its income. The ground truth is

    allowance  = 550 + 260 * (household_size - 1) + 60 * children        (income not counted)
    rent_cap   = (330 + 45 * (mietstufe - 1)) * (1 + 0.32 * (household_size - 1))
    benefit    = 0.55 * min(rent, rent_cap) - 0.30 * max(0, income - allowance) + noise
    approved   = benefit >= 20 and assets <= 60000 + 30000 * (household_size - 1)
                 and not receives_transfer_benefits

with noise ~ N(0, 35) and 2 % of labels flipped, so the model is uncertain near the border.

Features (model column order = ``FEATURES``):
    monthly_net_income          float  €/month, 0..6000      changeable by the citizen
    household_size              int    persons, 1..8
    children                    int    0..6 (< household_size)
    monthly_rent                float  €/month, 0..3000 (rent without heating)  changeable
    rent_level                  category Mietstufe I..VII (model sees index 0..6)
    assets                      float  €, 0..500000                            changeable
    receives_transfer_benefits  bool   gets Bürgergeld/Grundsicherung (excludes Wohngeld)

Protected attributes (gender, age_group, nationality) are generated independently of the label
for bias-audit demos; they are never model inputs.

Model: sklearn HistGradientBoostingClassifier, 150 trees, no early stopping, fixed seed
(deterministic). Saved with skops (never pickle) plus the model spec JSON with the artifact's
SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier

SEED = 20240601
N_ROWS = 12_000
MODEL_ID = "wohngeld-demo"
MODEL_VERSION = "1.0.0"
OUT_DIR = Path(__file__).resolve().parent.parent / "explain" / "models"
ARTIFACT_NAME = f"{MODEL_ID}-{MODEL_VERSION}.skops"
SPEC_NAME = f"{MODEL_ID}-{MODEL_VERSION}.json"
RENT_LEVELS = ("I", "II", "III", "IV", "V", "VI", "VII")
FEATURES = (
    "monthly_net_income",
    "household_size",
    "children",
    "monthly_rent",
    "rent_level",
    "assets",
    "receives_transfer_benefits",
)
N_TREES = 150

SPEC: dict[str, Any] = {
    "id": MODEL_ID,
    "version": MODEL_VERSION,
    "artifact": ARTIFACT_NAME,
    "kind": "tree",
    "title": {"de": "Wohngeld (Demo)", "en": "housing benefit (demo)"},
    "threshold": 0.5,
    "grey_zone": [0.4, 0.6],
    "legal_effect": True,
    "features": [
        {
            "name": "monthly_net_income",
            "type": "float",
            "min": 0,
            "max": 6000,
            "label": {
                "de": "Netto-Einkommen im Monat",
                "en": "Monthly net income",
                "ls": "Ihr Geld im Monat nach Steuern",
            },
            "unit": {"de": "€", "en": "€"},
            "citizen_changeable": True,
            "step": 10,
        },
        {
            "name": "household_size",
            "type": "int",
            "min": 1,
            "max": 8,
            "label": {"de": "Personen im Haushalt", "en": "People in the household"},
        },
        {
            "name": "children",
            "type": "int",
            "min": 0,
            "max": 6,
            "label": {"de": "Kinder im Haushalt", "en": "Children in the household"},
        },
        {
            "name": "monthly_rent",
            "type": "float",
            "min": 0,
            "max": 3000,
            "label": {"de": "Miete im Monat (ohne Heizung)", "en": "Monthly rent (no heating)"},
            "unit": {"de": "€", "en": "€"},
            "citizen_changeable": True,
            "step": 10,
            # no flat in Germany rents for less; a counterfactual must not suggest it
            "plausible_min": 150,
        },
        {
            "name": "rent_level",
            "type": "category",
            "categories": list(RENT_LEVELS),
            "label": {
                "de": "Mietstufe des Wohnorts",
                "en": "Rent level of the town",
                "ls": "Mietstufe am Wohnort",
            },
        },
        {
            "name": "assets",
            "type": "float",
            "min": 0,
            "max": 500000,
            "label": {"de": "Vermögen", "en": "Assets", "ls": "Ihr Erspartes"},
            "unit": {"de": "€", "en": "€"},
            "citizen_changeable": True,
            "step": 1000,
        },
        {
            "name": "receives_transfer_benefits",
            "type": "bool",
            "label": {
                "de": "Bekommt Bürgergeld oder Grundsicherung",
                "en": "Receives citizen's allowance or basic income support",
            },
        },
    ],
    "protected_attributes": [
        {"name": "gender", "categories": ["female", "male", "diverse"]},
        {"name": "age_group", "categories": ["18-29", "30-49", "50-64", "65+"]},
        {"name": "nationality", "categories": ["german", "eu", "non_eu"]},
    ],
}


def generate_dataset(
    n_rows: int = N_ROWS, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Synthetic households: model matrix ``X`` (columns ``FEATURES``), labels, protected attrs."""
    rng = np.random.default_rng(seed)
    household = rng.choice(np.arange(1, 7), size=n_rows, p=[0.38, 0.3, 0.14, 0.11, 0.05, 0.02])
    children = np.minimum(rng.binomial(household - 1, 0.6), 6)
    income = rng.lognormal(np.log(1250 * (1 + 0.35 * (household - 1))), 0.45)
    income = np.clip(np.round(income, 2), 0, 6000)
    level = rng.choice(np.arange(1, 8), size=n_rows, p=[0.1, 0.16, 0.2, 0.2, 0.16, 0.12, 0.06])
    sqm = np.clip(rng.normal(32 + 16 * household, 10), 18, 200)
    rent = np.clip(np.round(sqm * rng.normal(7.0 + 0.9 * level, 1.2), 2), 0, 3000)
    assets = np.where(
        rng.random(n_rows) < 0.07,
        rng.uniform(60_000, 400_000, n_rows),
        rng.exponential(12_000, n_rows),
    )
    assets = np.clip(np.round(assets, 0), 0, 500_000)
    transfer = rng.random(n_rows) < 0.08

    allowance = 550 + 260 * (household - 1) + 60 * children
    rent_cap = (330 + 45 * (level - 1)) * (1 + 0.32 * (household - 1))
    benefit = (
        0.55 * np.minimum(rent, rent_cap)
        - 0.30 * np.maximum(0.0, income - allowance)
        + rng.normal(0, 35, n_rows)
    )
    asset_limit = 60_000 + 30_000 * (household - 1)
    label = (benefit >= 20) & (assets <= asset_limit) & ~transfer
    flip = rng.random(n_rows) < 0.02
    label = np.where(flip, ~label, label).astype(np.int64)

    x = np.column_stack(
        [income, household, children, rent, level - 1, assets, transfer.astype(np.float64)]
    ).astype(np.float64)
    protected = {
        "gender": rng.choice(["female", "male", "diverse"], n_rows, p=[0.5, 0.49, 0.01]),
        "age_group": rng.choice(["18-29", "30-49", "50-64", "65+"], n_rows),
        "nationality": rng.choice(["german", "eu", "non_eu"], n_rows, p=[0.8, 0.1, 0.1]),
    }
    return x, label, protected


def train(x: np.ndarray, y: np.ndarray) -> HistGradientBoostingClassifier:
    """Fit the demo classifier (deterministic for a given dataset)."""
    model = HistGradientBoostingClassifier(
        max_iter=N_TREES,
        learning_rate=0.1,
        max_leaf_nodes=15,
        min_samples_leaf=30,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    )
    return model.fit(x, y)


def build_model() -> HistGradientBoostingClassifier:
    """Generate the dataset and train the model exactly as the committed artifact was made."""
    x, y, _ = generate_dataset()
    return train(x, y)


def probe_matrix(n_rows: int = 500) -> np.ndarray:
    """Rows (from a different seed) on which a retrained model must match the artifact."""
    x, _, _ = generate_dataset(n_rows=n_rows, seed=SEED + 1)
    return x


def write_artifacts(model: HistGradientBoostingClassifier, out_dir: Path = OUT_DIR) -> Path:
    """Write the skops artifact and its spec JSON; returns the spec path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    artifact = out_dir / ARTIFACT_NAME
    sio.dump(model, artifact)
    spec = dict(SPEC, artifact_sha256=hashlib.sha256(artifact.read_bytes()).hexdigest())
    spec_path = out_dir / SPEC_NAME
    spec_path.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return spec_path


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare, write nothing")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    x, y, _ = generate_dataset()
    model = train(x, y)
    accuracy = float((model.predict(x) == y).mean())
    x_test, y_test, _ = generate_dataset(n_rows=4000, seed=SEED + 2)
    test_accuracy = float((model.predict(x_test) == y_test).mean())
    print(f"rows={len(y)} positive_rate={y.mean():.3f} train_accuracy={accuracy:.3f} "
          f"held_out_accuracy={test_accuracy:.3f} (labels carry 2 % noise)")
    if args.check:
        # same loader as the gateway: skops, scikit-learn types only
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from explain.registry import load_skops

        committed = load_skops((args.out / ARTIFACT_NAME).read_bytes(), model_id=MODEL_ID)
        probe = probe_matrix()
        same = np.allclose(committed.predict_proba(probe), model.predict_proba(probe), atol=1e-12)
        print("reproduced" if same else "DIFFERENT")
        return 0 if same else 1
    print(f"wrote {write_artifacts(model, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
