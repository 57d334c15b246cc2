"""Self-contained HTML page of an audit report: inline CSS and SVG, no scripts, no CDN.

The page is publishable: groups below the minimum size appear as "too small" without counts
or rates (``fairness.publish``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from fairness.publish import Disclosure, disclosure
from fairness.types import AttributeAudit, AuditReport, Estimate, GroupMetrics

TOO_SMALL_TEXT = "too small"

_STATUS_COLOURS = {
    "passing": "#1b7f3b",
    "failing": "#b3261e",
    "insufficient_data": "#8a6d00",
    "not_auditable": "#5f6368",
}
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1000px;
color:#1f1f1f;line-height:1.45;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid
#ddd;padding-bottom:.2rem}.badge{display:inline-block;padding:.1rem .6rem;border-radius:1rem;
color:#fff;font-weight:600;font-size:.85rem}table{border-collapse:collapse;margin:.6rem 0;
font-size:.9rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.muted{color:#5f6368}
ul.reasons{margin:.3rem 0 .8rem 1.2rem;padding:0}svg text{font-size:12px;font-family:inherit}
.meta td{text-align:left}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _badge(status: str) -> str:
    colour = _STATUS_COLOURS.get(status, "#5f6368")
    label = status.replace("_", " ")
    return f'<span class="badge" style="background:{colour}">{_e(label)}</span>'


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _est(estimate: Estimate | None) -> str:
    if estimate is None:
        return "–"
    if estimate.ci_low is None or estimate.ci_high is None:
        return _num(estimate.value)
    return (
        f"{_num(estimate.value)} "
        f'<span class="muted">[{_num(estimate.ci_low)}, {_num(estimate.ci_high)}]</span>'
    )


def _time(value: datetime | None) -> str:
    return "beginning" if value is None else value.strftime("%Y-%m-%d %H:%M %Z")


def _selection_chart(audit: AttributeAudit, rules: Disclosure) -> str:
    """Horizontal bars of the selection rate per group with CI whiskers (small groups: none)."""
    groups = audit.groups
    row_h, left, width = 24, 170, 440
    height = row_h * len(groups) + 40
    parts = [
        f'<svg role="img" aria-label="selection rate per group for {_e(audit.attribute)}" '
        f'width="{left + width + 80}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + tick * width
        parts.append(
            f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{height - 25}" stroke="#e0e0e0"/>'
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle">{tick:g}</text>'
        )
    sufficient = [g.selection_rate.value for g in groups if g.sufficient]
    if sufficient and max(sufficient) > 0:
        # Four-fifths line: groups left of it are selected at < 80 % of the best group's rate.
        x = left + 0.8 * max(sufficient) * width
        parts.append(
            f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{height - 25}" stroke="#b3261e" '
            f'stroke-dasharray="4 3"><title>four-fifths of the highest selection rate'
            f"</title></line>"
        )
    for i, group in enumerate(groups):
        y = 14 + i * row_h
        rate = group.selection_rate
        label = group.group if len(group.group) <= 24 else group.group[:23] + "…"
        if group.group in rules.too_small:
            parts.append(
                f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{_e(label)}</text>'
                f'<text x="{left + 4}" y="{y + 13}" fill="#5f6368">{TOO_SMALL_TEXT}</text>'
            )
            continue
        colour = "#3b6fb6"
        title = f"{group.group}: {rate.value:.3f}" + (
            "" if group.group in rules.counts_hidden else f", n={group.n}"
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{_e(label)}</text>'
            f'<rect x="{left}" y="{y}" width="{rate.value * width:.1f}" height="{row_h - 8}" '
            f'fill="{colour}"><title>{_e(title)}</title></rect>'
        )
        if rate.ci_low is not None and rate.ci_high is not None:
            x1, x2, mid = left + rate.ci_low * width, left + rate.ci_high * width, y + 8
            parts.append(
                f'<path d="M{x1:.1f} {mid}H{x2:.1f}M{x1:.1f} {mid - 5}V{mid + 5}'
                f'M{x2:.1f} {mid - 5}V{mid + 5}" stroke="#1f1f1f" stroke-width="1.5" fill="none"/>'
            )
        parts.append(f'<text x="{left + width + 8}" y="{y + 13}">{rate.value:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _group_table(groups: Sequence[GroupMetrics], rules: Disclosure, minimum: int) -> str:
    rows = [
        "<table><tr><th>group</th><th>decisions</th><th>with outcome</th>"
        "<th>selection rate [95 % CI]</th><th>TPR</th><th>FPR</th><th>FNR</th></tr>"
    ]
    for g in groups:
        if g.group in rules.too_small:
            rows.append(
                f'<tr class="suppressed"><td>{_e(g.group)}</td><td colspan="6">{TOO_SMALL_TEXT}'
                f' <span class="muted">(fewer than {minimum} decisions: no counts or rates are'
                " published)</span></td></tr>"
            )
            continue
        if g.group in rules.counts_hidden:
            counts = '<td colspan="2" class="muted">hidden (protects a too small group)</td>'
        else:
            counts = f"<td>{g.n}</td><td>{g.n_labeled}</td>"
        rows.append(
            f"<tr><td>{_e(g.group)}</td>{counts}"
            f"<td>{_est(g.selection_rate)}</td><td>{_est(g.tpr)}</td><td>{_est(g.fpr)}</td>"
            f"<td>{_est(g.fnr)}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _attribute_section(audit: AttributeAudit, minimum: int) -> str:
    rules = disclosure(audit, minimum)
    reasons = "".join(f"<li>{_e(r)}</li>" for r in audit.reasons)
    four_fifths = {None: "–", True: "met", False: "not met"}[audit.four_fifths_rule_met]
    summary = (
        "<table><tr><th>metric</th><th>value [95 % CI]</th></tr>"
        f"<tr><td>demographic parity difference</td>"
        f"<td>{_est(audit.demographic_parity_difference)}</td></tr>"
        f"<tr><td>demographic parity ratio</td><td>{_est(audit.demographic_parity_ratio)}</td></tr>"
        f"<tr><td>four-fifths rule</td><td>{four_fifths}</td></tr>"
        f"<tr><td>equalized odds difference</td>"
        f"<td>{_est(audit.equalized_odds_difference)}</td></tr></table>"
    )
    count = f"fewer than {minimum}" if rules.missing_hidden else str(audit.n_missing)
    missing = (
        f'<p class="muted">{count} decisions without this attribute are excluded.</p>'
        if audit.n_missing
        else ""
    )
    chart = _selection_chart(audit, rules) if audit.groups else ""
    return (
        f"<section><h2>{_e(audit.attribute)} {_badge(audit.status)}</h2>"
        f'<ul class="reasons">{reasons}</ul>{summary}'
        f"<h3>Selection rate per group</h3>{chart}"
        '<p class="muted">Whiskers: 95 % Clopper-Pearson interval of the group\'s rate. '
        f"{TOO_SMALL_TEXT}: fewer than {minimum} decisions, not judged and not published. "
        "Dashed line: four-fifths of the highest rate.</p>"
        f"{missing}{_group_table(audit.groups, rules, minimum)}</section>"
    )


def _worst(report: AuditReport) -> tuple[float | None, float | None]:
    ratios = [
        a.demographic_parity_ratio.value
        for a in report.attributes
        if a.demographic_parity_ratio is not None
    ]
    odds = [
        a.equalized_odds_difference.value
        for a in report.attributes
        if a.equalized_odds_difference is not None
    ]
    return (min(ratios) if ratios else None, max(odds) if odds else None)


def _trend_chart(report: AuditReport, history: Sequence[AuditReport]) -> str:
    """Lowest DP ratio and highest EO difference of each audit of the model up to this one."""
    series = {
        r.report_id: r
        for r in history
        if r.model_id == report.model_id and r.created_at <= report.created_at
    }
    series[report.report_id] = report
    points = sorted(series.values(), key=lambda r: r.created_at)
    if len(points) < 2:
        return '<p class="muted">No earlier audits of this model yet.</p>'
    width, height, left, top, bottom = 640, 220, 50, 15, 40
    plot_w, plot_h = width - left - 20, height - top - bottom
    step = plot_w / (len(points) - 1)

    def y(value: float) -> float:
        return top + (1 - max(0.0, min(1.0, value))) * plot_h

    parts = [
        f'<svg role="img" aria-label="trend of past audits" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - 20}" y2="{y(tick):.1f}" '
            f'stroke="#e0e0e0"/><text x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{tick:g}</text>'
        )
    limits = (
        (report.thresholds.min_dp_ratio, "#3b6fb6"),
        (report.thresholds.max_equalized_odds_difference, "#e07b00"),
    )
    for limit, colour in limits:
        parts.append(
            f'<line x1="{left}" y1="{y(limit):.1f}" x2="{width - 20}" y2="{y(limit):.1f}" '
            f'stroke="{colour}" stroke-dasharray="4 3"/>'
        )
    for index, colour in ((0, "#3b6fb6"), (1, "#e07b00")):
        coords = [
            (left + i * step, y(v))
            for i, r in enumerate(points)
            if (v := _worst(r)[index]) is not None
        ]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
    for i, r in enumerate(points):
        x = left + i * step
        ratio, odds = _worst(r)
        title = f"{r.created_at:%Y-%m-%d %H:%M}: {r.status}"
        for value, colour in ((ratio, "#3b6fb6"), (odds, "#e07b00")):
            if value is not None:
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="4" fill="{colour}" '
                    f'stroke="{_STATUS_COLOURS.get(r.status, "#5f6368")}" stroke-width="2">'
                    f"<title>{_e(title)}: {value:.3f}</title></circle>"
                )
        if i in (0, len(points) - 1) or len(points) <= 8:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 18}" text-anchor="middle">'
                f"{r.created_at:%m-%d}</text>"
            )
    parts.append("</svg>")
    return (
        "".join(parts) + '<p class="muted"><span style="color:#3b6fb6">■</span> lowest '
        'demographic parity ratio (dashed: minimum) · <span style="color:#e07b00">■</span> '
        "highest equalized odds difference (dashed: maximum) · outline colour = status</p>"
    )


def render_report_html(report: AuditReport, history: Sequence[AuditReport] = ()) -> str:
    """Renders one audit report as a self-contained HTML page.

    Args:
        report: the report to show.
        history: earlier reports of the same model for the trend chart (any order; reports
            of other models and reports newer than ``report`` are ignored).
    """
    t = report.thresholds
    reasons = "".join(f"<li>{_e(r)}</li>" for r in report.reasons) or "<li>none</li>"
    version = report.model_version or "all versions"
    meta = (
        '<table class="meta">'
        f"<tr><th>model</th><td>{_e(report.model_id)} ({_e(version)})</td></tr>"
        f"<tr><th>window</th><td>{_e(_time(report.window_start))} – "
        f"{_e(_time(report.window_end))}</td></tr>"
        f"<tr><th>decisions</th><td>{report.n_decisions} ({report.n_labeled} with outcome)"
        "</td></tr>"
        f"<tr><th>thresholds</th><td>DP ratio ≥ {t.min_dp_ratio:g}, equalized odds difference "
        f"≤ {t.max_equalized_odds_difference:g}"
        + (f", DP difference ≤ {t.max_dp_difference:g}" if t.max_dp_difference is not None else "")
        + f", minimum group size {t.min_group_size}</td></tr>"
        f"<tr><th>confidence intervals</th><td>{report.bootstrap.confidence:.0%}; group rates: "
        f"{_e(report.bootstrap.group_rate_method)}; differences and ratios: "
        f"{_e(report.bootstrap.method)}, {report.bootstrap.replicates} draws "
        f"(seed {report.bootstrap.seed}; draws where a metric is undefined are left out)"
        "</td></tr>"
        f"<tr><th>report</th><td>{_e(report.report_id)}, created "
        f"{_e(_time(report.created_at))}</td></tr></table>"
    )
    sections = "".join(_attribute_section(a, t.min_group_size) for a in report.attributes)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Bias audit {_e(report.model_id)} – {_e(report.status)}</title>"
        f"<style>{_CSS}</style></head><body>"
        f"<h1>Bias audit: {_e(report.model_id)} {_badge(report.status)}</h1>{meta}"
        f'<h2>Findings</h2><ul class="reasons">{reasons}</ul>'
        f"<h2>Trend over past audits</h2>{_trend_chart(report, history)}"
        f"{sections}</body></html>"
    )
