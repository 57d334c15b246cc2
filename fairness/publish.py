"""What of a report may be published: small groups suppressed (statistical confidentiality).

A group with fewer decisions than the report's minimum group size is never judged, and its
counts and rates must not be published either: "0 of 2 approved" about the two diverse
applicants over 65 is about two people. Published reports (the HTML page) and exports (the
JSON of the API) therefore show such a group only as "too small", without any count or rate.

Complementary suppression: if exactly one group of an attribute is too small, its count
would follow from the total minus the other groups, so the counts (not the rates) of the
smallest other group are hidden as well. Limits: counts of intersections can still be
narrowed down from the marginal groups of the same report; the minimum group size (default
30) keeps what can be learnt coarse. The stored report keeps every number (for re-computation
and the audit trail); only what leaves the gateway is suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fairness.types import AttributeAudit, AuditReport, report_to_dict

TOO_SMALL = "too_small"
COMPLEMENTARY = "complementary"
_COUNT_KEYS = ("n", "n_labeled", "selected", "tp", "fp", "tn", "fn")
_RATE_KEYS = ("selection_rate", "tpr", "fpr", "fnr")


@dataclass(frozen=True, slots=True, kw_only=True)
class Disclosure:
    """Which groups of one attribute are shown how.

    Attributes:
        too_small: groups shown only by name as "too small" (no counts, no rates).
        counts_hidden: groups whose counts are hidden to protect a too-small group.
        missing_hidden: the number of decisions without the attribute is itself too small.
    """

    too_small: frozenset[str]
    counts_hidden: frozenset[str]
    missing_hidden: bool


def disclosure(attribute: AttributeAudit, min_group_size: int) -> Disclosure:
    """Which groups of ``attribute`` are suppressed in published reports."""
    small = frozenset(g.group for g in attribute.groups if g.n < min_group_size)
    others = [g for g in attribute.groups if g.group not in small]
    complementary: frozenset[str] = frozenset()
    if len(small) == 1 and others:
        complementary = frozenset({min(others, key=lambda g: (g.n, g.group)).group})
    return Disclosure(
        too_small=small,
        counts_hidden=complementary,
        missing_hidden=0 < attribute.n_missing < min_group_size,
    )


def published_report(report: AuditReport) -> dict[str, Any]:
    """The report as JSON-ready builtins with small groups suppressed (for every export)."""
    data = report_to_dict(report)
    minimum = report.thresholds.min_group_size
    attributes: list[dict[str, Any]] = []
    raw_attributes: list[dict[str, Any]] = data["attributes"]  # type: ignore[assignment]
    for audit, raw in zip(report.attributes, raw_attributes, strict=True):
        rules = disclosure(audit, minimum)
        groups = []
        for group in raw["groups"]:
            if group["group"] in rules.too_small:
                groups.append({
                    "group": group["group"], "values": group["values"],
                    "suppressed": TOO_SMALL, "sufficient": False,
                })
                continue
            if group["group"] in rules.counts_hidden:
                group = {k: v for k, v in group.items() if k not in _COUNT_KEYS}
                group["suppressed"] = COMPLEMENTARY
            groups.append(group)
        raw = dict(raw, groups=groups)
        if rules.missing_hidden:
            raw["n_missing"] = None
        attributes.append(raw)
    data["attributes"] = attributes
    data["publication"] = {
        "small_groups": TOO_SMALL,
        "min_group_size": minimum,
        "rule": "groups with fewer decisions than min_group_size are shown without counts "
                "or rates; if only one group is too small, the counts of the next smallest "
                "group are hidden too",
    }
    return data
