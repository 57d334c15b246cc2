"""Self-contained HTML page of an audit report: inline CSS and SVG, no scripts, no CDN.

The page is publishable: groups below the minimum size appear as "zu klein" / "too small"
without counts or rates (``fairness.publish``). German by default (the texts are in
``report_text.json``), times in Europe/Berlin for German and UTC for English.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from fairness.publish import Disclosure, disclosure
from fairness.types import AttributeAudit, AuditReport, Estimate, GroupMetrics

ReportLanguage = Literal["de", "en"]
_TEXT_FILE = Path(__file__).resolve().parent / "report_text.json"
_BERLIN = ZoneInfo("Europe/Berlin")


@functools.cache
def _all_texts() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads(_TEXT_FILE.read_text(encoding="utf-8"))
    return loaded


class _Text:
    """The report's texts in one language (``tx("key", name=value)``)."""

    def __init__(self, lang: ReportLanguage) -> None:
        self.lang = lang
        self._texts = _all_texts()[lang]

    def __call__(self, key: str, /, **values: object) -> str:
        text = self._texts[key]
        return text.format(**values) if values else text

    def time(self, value: datetime | None) -> str:
        if value is None:
            return self("beginning")
        if self.lang == "de":
            local = value.astimezone(_BERLIN)
            return local.strftime("%d.%m.%Y %H:%M ") + ("MESZ" if local.dst() else "MEZ")
        return value.strftime("%Y-%m-%d %H:%M %Z")

    def num(self, value: float | None, digits: int = 3) -> str:
        text = _num(value, digits)
        return text.replace(".", ",") if self.lang == "de" else text


def texts(lang: ReportLanguage) -> Mapping[str, str]:
    """The report texts of ``lang`` (for tests and other renderers)."""
    return _all_texts()[lang]

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


def _badge(status: str, tx: _Text) -> str:
    colour = _STATUS_COLOURS.get(status, "#5f6368")
    label = tx(f"status.{status}")
    return f'<span class="badge" style="background:{colour}">{_e(label)}</span>'


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _est(estimate: Estimate | None, tx: _Text) -> str:
    if estimate is None:
        return "–"
    if estimate.ci_low is None or estimate.ci_high is None:
        return tx.num(estimate.value)
    sep = "; " if tx.lang == "de" else ", "
    return (
        f"{tx.num(estimate.value)} "
        f'<span class="muted">[{tx.num(estimate.ci_low)}{sep}{tx.num(estimate.ci_high)}]</span>'
    )


def _selection_chart(audit: AttributeAudit, rules: Disclosure, tx: _Text) -> str:
    """Horizontal bars of the selection rate per group with CI whiskers (small groups: none)."""
    groups = audit.groups
    row_h, left, width = 24, 170, 440
    height = row_h * len(groups) + 40
    parts = [
        f'<svg role="img" aria-label="{_e(tx("aria_selection", attribute=audit.attribute))}" '
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
            f'stroke-dasharray="4 3"><title>{_e(tx("four_fifths_line"))}'
            f"</title></line>"
        )
    for i, group in enumerate(groups):
        y = 14 + i * row_h
        rate = group.selection_rate
        label = group.group if len(group.group) <= 24 else group.group[:23] + "…"
        if group.group in rules.too_small:
            parts.append(
                f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{_e(label)}</text>'
                f'<text x="{left + 4}" y="{y + 13}" fill="#5f6368">{tx("too_small")}</text>'
            )
            continue
        colour = "#3b6fb6"
        title = f"{group.group}: {tx.num(rate.value)}" + (
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
        parts.append(f'<text x="{left + width + 8}" y="{y + 13}">{tx.num(rate.value, 2)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _group_table(
    groups: Sequence[GroupMetrics], rules: Disclosure, minimum: int, tx: _Text
) -> str:
    rows = [
        f"<table><tr><th>{tx('group')}</th><th>{tx('decisions')}</th><th>{tx('with_outcome')}"
        f"</th><th>{tx('selection_ci')}</th><th>{tx('tpr')}</th><th>{tx('fpr')}</th>"
        f"<th>{tx('fnr')}</th></tr>"
    ]
    for g in groups:
        if g.group in rules.too_small:
            rows.append(
                f'<tr class="suppressed"><td>{_e(g.group)}</td><td colspan="6">'
                f'{tx("too_small")} <span class="muted">({_e(tx("too_small_row", size=minimum))})'
                "</span></td></tr>"
            )
            continue
        if g.group in rules.counts_hidden:
            counts = f'<td colspan="2" class="muted">{_e(tx("hidden"))}</td>'
        else:
            counts = f"<td>{g.n}</td><td>{g.n_labeled}</td>"
        rows.append(
            f"<tr><td>{_e(g.group)}</td>{counts}"
            f"<td>{_est(g.selection_rate, tx)}</td><td>{_est(g.tpr, tx)}</td>"
            f"<td>{_est(g.fpr, tx)}</td><td>{_est(g.fnr, tx)}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _attribute_section(audit: AttributeAudit, minimum: int, tx: _Text) -> str:
    rules = disclosure(audit, minimum)
    reasons = "".join(f"<li>{_e(r)}</li>" for r in audit.reasons)
    met = audit.four_fifths_rule_met
    four_fifths = "–" if met is None else tx("met") if met else tx("not_met")
    summary = (
        f"<table><tr><th>{tx('metric')}</th><th>{tx('value_ci')}</th></tr>"
        f"<tr><td>{tx('dp_difference')}</td>"
        f"<td>{_est(audit.demographic_parity_difference, tx)}</td></tr>"
        f"<tr><td>{tx('dp_ratio')}</td><td>{_est(audit.demographic_parity_ratio, tx)}</td></tr>"
        f"<tr><td>{tx('four_fifths')}</td><td>{four_fifths}</td></tr>"
        f"<tr><td>{tx('eo')}</td>"
        f"<td>{_est(audit.equalized_odds_difference, tx)}</td></tr></table>"
    )
    count = tx("fewer_than", size=minimum) if rules.missing_hidden else str(audit.n_missing)
    missing = f'<p class="muted">{_e(tx("missing", count=count))}</p>' if audit.n_missing else ""
    chart = _selection_chart(audit, rules, tx) if audit.groups else ""
    return (
        f"<section><h2>{_e(audit.attribute)} {_badge(audit.status, tx)}</h2>"
        f'<ul class="reasons" lang="en">{reasons}</ul>{summary}'
        f"<h3>{tx('selection_per_group')}</h3>{chart}"
        f'<p class="muted">{_e(tx("chart_note", size=minimum))}</p>'
        f"{missing}{_group_table(audit.groups, rules, minimum, tx)}</section>"
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


def _trend_chart(report: AuditReport, history: Sequence[AuditReport], tx: _Text) -> str:
    """Lowest DP ratio and highest EO difference of each audit of the model up to this one."""
    series = {
        r.report_id: r
        for r in history
        if r.model_id == report.model_id and r.created_at <= report.created_at
    }
    series[report.report_id] = report
    points = sorted(series.values(), key=lambda r: r.created_at)
    if len(points) < 2:
        return f'<p class="muted">{_e(tx("no_history"))}</p>'
    width, height, left, top, bottom = 640, 220, 50, 15, 40
    plot_w, plot_h = width - left - 20, height - top - bottom
    step = plot_w / (len(points) - 1)

    def y(value: float) -> float:
        return top + (1 - max(0.0, min(1.0, value))) * plot_h

    parts = [
        f'<svg role="img" aria-label="{_e(tx("aria_trend"))}" width="{width}" height="{height}" '
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
    eo_mark = '<span style="color:#e07b00">■</span>'
    return (
        "".join(parts) + '<p class="muted"><span style="color:#3b6fb6">■</span> '
        + _e(tx("trend_note", eo_mark="\x00")).replace("\x00", eo_mark) + "</p>"
    )


def render_report_html(
    report: AuditReport, history: Sequence[AuditReport] = (), *, lang: ReportLanguage = "de"
) -> str:
    """Renders one audit report as a self-contained, publishable HTML page.

    Args:
        report: the report to show.
        history: earlier reports of the same model for the trend chart (any order; reports
            of other models and reports newer than ``report`` are ignored).
        lang: ``de`` (default) or ``en``. The findings are the audit's own sentences.
    """
    tx = _Text(lang)
    t = report.thresholds
    reasons = "".join(f"<li>{_e(r)}</li>" for r in report.reasons) or f"<li>{tx('none')}</li>"
    version = report.model_version or tx("all_versions")
    dp = (
        tx("dp_limit", limit=tx.num(t.max_dp_difference, 2))
        if t.max_dp_difference is not None else ""
    )
    meta = (
        '<table class="meta">'
        f"<tr><th>{tx('model')}</th><td>{_e(report.model_id)} ({_e(version)})</td></tr>"
        f"<tr><th>{tx('window')}</th><td>{_e(tx.time(report.window_start))} – "
        f"{_e(tx.time(report.window_end))}</td></tr>"
        f"<tr><th>{tx('decisions')}</th><td>"
        f"{_e(tx('decisions_text', n=report.n_decisions, labeled=report.n_labeled))}</td></tr>"
        f"<tr><th>{tx('thresholds')}</th><td>"
        + _e(tx("thresholds_text", ratio=tx.num(t.min_dp_ratio, 2),
                eo=tx.num(t.max_equalized_odds_difference, 2), dp=dp, size=t.min_group_size))
        + f"</td></tr><tr><th>{tx('intervals')}</th><td>"
        + _e(tx("intervals_text", level=f"{report.bootstrap.confidence:.0%}",
                group_method=report.bootstrap.group_rate_method,
                method=report.bootstrap.method, draws=report.bootstrap.replicates,
                seed=report.bootstrap.seed))
        + f"</td></tr><tr><th>{tx('report')}</th><td>"
        + _e(tx("created", id=report.report_id, time=tx.time(report.created_at)))
        + "</td></tr></table>"
    )
    sections = "".join(_attribute_section(a, t.min_group_size, tx) for a in report.attributes)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{tx('title')} {_e(report.model_id)} – {_e(tx('status.' + report.status))}"
        f"</title><style>{_CSS}</style></head><body>"
        f"<h1>{tx('title')}: {_e(report.model_id)} {_badge(report.status, tx)}</h1>{meta}"
        f'<p class="muted">{_e(tx("publication", size=t.min_group_size))}</p>'
        f'<h2>{tx("findings")}</h2><ul class="reasons" lang="en">{reasons}</ul>'
        f"<h2>{tx('trend')}</h2>{_trend_chart(report, history, tx)}"
        f"{sections}</body></html>"
    )
