"""What the FRIA says about human oversight is what the policy applies.

``gateway.records.facts`` reads the automated-decision configuration; keys it leaves out
count with the defaults of ``automated_decision.rego`` (``POLICY_DEFAULTS``), not as absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.records.facts import POLICY_DEFAULTS, automation_conditions

REGO = Path(__file__).resolve().parents[3] / "policies" / "bundle" / "automated_decision.rego"


def test_when_the_configuration_names_no_conditions_then_the_policys_defaults_are_stated() -> None:
    assert automation_conditions({"permitted": True}) == (
        ("favourable_only", ""),
        ("require_fairness", "passing"),
    )


def test_when_the_configuration_names_every_condition_then_each_is_stated() -> None:
    assert automation_conditions(
        {"permitted": True, "favourable_only": False, "min_margin": 0.1,
         "require_fairness": "insufficient_data"}
    ) == (("min_margin", "0.1"), ("require_fairness", "insufficient_data"))


@pytest.mark.parametrize(
    ("key", "pattern"),
    [
        ("on_fairness_failing", r'object\.get\(config, "on_fairness_failing", "([a-z_]+)"\)'),
        ("on_fairness_unknown", r'object\.get\(config, "on_fairness_unknown", "([a-z_]+)"\)'),
        ("require_fairness", r'object\.get\(automation, "require_fairness", "([a-z_]+)"\)'),
        ("favourable_only", r'object\.get\(automation, "favourable_only", (true|false)\)'),
        ("min_margin", r'object\.get\(automation, "min_margin", ([0-9.]+)\)'),
    ],
)
def test_when_the_policy_has_a_default_then_the_records_use_the_same(
    key: str, pattern: str
) -> None:
    found = re.findall(pattern, REGO.read_text(encoding="utf-8"))
    assert found, f"{key}: default not found in {REGO.name}"
    expected = {"true": True, "false": False}.get(found[0], found[0])
    if key == "min_margin":
        expected = float(found[0])
    assert all(f == found[0] for f in found)
    assert POLICY_DEFAULTS[key] == expected


def test_when_checkpoints_are_anchored_then_the_measures_name_where() -> None:
    from gateway.records.facts import checkpoint_anchors
    from gateway.settings import settings_from_mapping

    assert checkpoint_anchors(settings_from_mapping({})) == ()
    settings = settings_from_mapping(
        {"audit": {"tsa_url": "http://127.0.0.1:9/tsa", "publish_dir": "/srv/notes",
                   "witnesses": ["http://127.0.0.1:9/w leitplanke-witness+abcd+AAAA"]}}
    )
    assert checkpoint_anchors(settings) == ("RFC 3161", "witness (1)", "publication")


def test_when_the_example_configuration_is_read_then_every_records_key_is_known() -> None:
    import tomllib

    from gateway.settings import settings_from_mapping

    example = Path(__file__).resolve().parents[3] / "docs" / "leitplanke.example.toml"
    records = tomllib.loads(example.read_text(encoding="utf-8"))["records"]
    settings = settings_from_mapping({"records": records})
    assert settings.records.joint_controllers == ""
