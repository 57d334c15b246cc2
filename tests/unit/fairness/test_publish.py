"""Published exports hide small groups; group rates get non-degenerate intervals."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from scipy.stats import binomtest

from fairness import FairnessThresholds, build_report
from fairness.metrics import clopper_pearson
from fairness.publish import COMPLEMENTARY, TOO_SMALL, disclosure, published_report

from .data import T0, count_table, decisions_from_counts


def _report(groups: dict[str, tuple[int, int, int, int, int, int]], minimum: int = 20):  # type: ignore[no-untyped-def]
    return build_report(
        count_table(decisions_from_counts(groups)),
        thresholds=FairnessThresholds(min_group_size=minimum),
        since=T0, until=T0 + timedelta(days=1), bootstrap_replicates=50, seed=3,
    )


def test_when_exported_then_small_groups_have_no_counts_or_rates() -> None:
    report = _report({"f": (40, 10, 40, 10, 0, 0), "m": (30, 20, 30, 20, 0, 0),
                      "x": (0, 0, 2, 0, 0, 0), "y": (1, 0, 1, 1, 0, 0)})
    data = published_report(report)
    groups = {g["group"]: g for g in data["attributes"][0]["groups"]}
    for name in ("x", "y"):
        assert groups[name] == {"group": name, "values": (name,), "suppressed": TOO_SMALL,
                                "sufficient": False}
    assert groups["f"]["n"] == 100 and "suppressed" not in groups["f"]
    assert data["publication"]["min_group_size"] == 20
    # the JSON text carries no trace of the small groups' numbers
    text = json.dumps(data["attributes"][0]["groups"][2:])
    assert '"n"' not in text and "selection_rate" not in text


def test_when_exactly_one_group_is_small_then_next_smallest_counts_are_hidden() -> None:
    report = _report({"f": (40, 10, 40, 10, 0, 0), "m": (30, 20, 30, 10, 0, 0),
                      "x": (0, 0, 2, 0, 0, 0)})
    rules = disclosure(report.attributes[0], 20)
    assert (rules.too_small, rules.counts_hidden) == (frozenset({"x"}), frozenset({"m"}))
    groups = {g["group"]: g for g in published_report(report)["attributes"][0]["groups"]}
    assert groups["m"]["suppressed"] == COMPLEMENTARY
    assert "n" not in groups["m"] and "tp" not in groups["m"]
    assert groups["m"]["selection_rate"]["value"] == pytest.approx(50 / 90)


@pytest.mark.parametrize(("k", "n"), [(0, 2), (2, 2), (1, 3), (0, 1), (17, 40), (0, 500)])
def test_when_group_rate_interval_then_clopper_pearson_never_zero_width(k: int, n: int) -> None:
    bounds = clopper_pearson(k, n, 0.95)
    assert bounds is not None
    low, high = bounds
    assert 0.0 <= low <= k / n <= high <= 1.0 and high - low > 0
    expected = binomtest(k, n).proportion_ci(0.95, method="exact")
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_when_zero_of_two_then_reported_interval_is_not_zero_zero() -> None:
    report = _report({"f": (0, 0, 2, 0, 0, 0), "m": (30, 20, 30, 20, 0, 0)}, minimum=1)
    group = next(g for g in report.attributes[0].groups if g.group == "f")
    rate = group.selection_rate
    assert (rate.value, rate.method) == (0.0, "clopper_pearson")
    assert rate.ci_low == 0.0 and rate.ci_high == pytest.approx(0.8419, abs=1e-4)


def test_when_bootstrapped_then_draws_used_are_stated_per_interval() -> None:
    report = _report({"f": (40, 10, 40, 10, 0, 0), "m": (30, 20, 30, 20, 0, 0)})
    ratio = report.attributes[0].demographic_parity_ratio
    assert ratio is not None and ratio.method == "bootstrap_percentile"
    assert ratio.draws == report.bootstrap.replicates == 50
