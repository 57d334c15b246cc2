"""The self-contained HTML page of a report."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import msgspec
import pytest

from fairness import AuditReport, FairnessThresholds, build_report, render_report_html

from .data import T0, count_table, decisions_from_counts

GROUPS = {"f": (40, 10, 40, 10, 5, 5), "m": (30, 20, 30, 20, 5, 5), "d": (2, 1, 2, 1, 0, 0)}


def _report(groups: dict[str, tuple[int, ...]], minute: int, attribute: str = "sex") -> AuditReport:
    records = decisions_from_counts(groups, attribute=attribute)  # type: ignore[arg-type]
    return build_report(
        count_table(records),
        thresholds=FairnessThresholds(min_group_size=20),
        since=T0,
        until=T0 + timedelta(days=1),
        bootstrap_replicates=50,
        seed=minute,
        created_at=T0 + timedelta(minutes=minute),
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


def test_when_rendered_then_page_is_self_contained_with_a_chart_per_attribute() -> None:
    report = _report(GROUPS, 1)

    page = render_report_html(report, lang="en")
    parsed = _Collector()
    parsed.feed(page)

    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert parsed.urls == []
    assert parsed.tags.count("svg") == len(report.attributes)
    # the group "d" (6 decisions, minimum 20) gets no bar and no whisker: it is too small
    assert page.count("<rect ") == len(GROUPS) - 1
    assert page.count("<path ") == len(GROUPS) - 1
    assert "No earlier audits of this model yet." in page
    assert "too small" in page


def test_when_history_given_then_trend_shows_earlier_audits_of_the_model_only() -> None:
    history = [_report(GROUPS, m) for m in (1, 2, 3)]
    other_model = msgspec.structs.replace(_report(GROUPS, 4), model_id="other")
    current = _report(GROUPS, 5)
    later = _report(GROUPS, 6)

    page = render_report_html(current, [later, *history, other_model], lang="en")

    trend = page.split("Trend over past audits", 1)[1].split("<section>", 1)[0]
    assert "<polyline" in trend
    # two series (DP ratio, EO difference) x four audits of this model
    assert trend.count("<circle") == 8


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '"><img src=x onerror=1>'])
def test_when_group_names_contain_markup_then_escaped(hostile: str) -> None:
    report = _report({hostile: (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0)}, 1)

    page = render_report_html(report, lang="en")

    assert hostile not in page
    assert not re.search(r"<script|<img", page)


def _row(page: str, group: str) -> str:
    return page.split(f"<td>{group}</td>", 1)[1].split("</tr>", 1)[0]


def test_when_a_group_is_below_minimum_then_published_page_shows_no_count_or_rate() -> None:
    report = _report(GROUPS, 1)
    small = next(g for g in report.attributes[0].groups if g.group == "d")
    assert (small.n, small.sufficient) == (6, False)

    page = render_report_html(report, lang="en")

    row = _row(page, "d")
    assert "too small" in row and "fewer than 20 decisions" in row
    assert not re.search(r"\d\.\d{3}", row)  # no rate, no interval
    assert ">6<" not in row and "0.667" not in page.split("<h3>", 1)[1].split("</svg>", 1)[0]
    # only one group is too small: the smallest other group's counts are hidden as well
    # (f and m both have 110; the tie goes to the first name)
    assert "hidden (protects a too small group)" in _row(page, "f")
    assert "<td>110</td>" in _row(page, "m")


def test_when_rendered_in_german_then_small_groups_are_zu_klein_and_times_in_berlin() -> None:
    report = _report(GROUPS, 1)

    page = render_report_html(report)

    assert '<html lang="de">' in page and "Fairness-Prüfung" in page
    row = _row(page, "d")
    assert "zu klein" in row and "weniger als 20 Entscheidungen" in row
    assert "01.01.2026 01:00 MEZ" in page  # T0 is midnight UTC
    assert "Verhältnis der Bewilligungsquoten" in page and "too small" not in page
