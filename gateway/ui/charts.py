"""Geometry of the dashboard's inline SVG charts (pure functions, no I/O).

Templates draw what these functions compute, so the numbers are testable without a browser.
Colours are chosen for at least 4.5:1 contrast on white and every chart also states its
values in text (a table or labels), never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WATERFALL_WIDTH = 760
LABEL_WIDTH = 290
#: Characters of a label line that fit LABEL_WIDTH at the 12 px chart font (about 6.5 px a
#: character in system-ui, with room to spare); longer labels wrap onto a second line.
LABEL_LINE_CHARS = 40
ROW_HEIGHT = 26
BAR_HEIGHT = 16


@dataclass(frozen=True, slots=True, kw_only=True)
class WaterfallBar:
    """One row of a SHAP waterfall: ``start`` -> ``end`` in model output units."""

    label: str
    value_text: str
    label_lines: tuple[str, ...]
    start: float
    end: float
    kind: str  # "base", "for", "against", "total"
    x: float
    width: float
    y: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Waterfall:
    """A waterfall chart: base value, each contribution, and the model output."""

    bars: tuple[WaterfallBar, ...]
    width: int
    height: int
    label_width: int
    zero_x: float | None


def waterfall(
    base_value: float,
    contributions: Sequence[tuple[str, str, float]],
    *,
    output_label: str,
    base_label: str,
    decimal_comma: bool = False,
) -> Waterfall:
    """Lay out a waterfall from ``(feature, shown value, contribution)`` triples.

    Contributions are ordered by absolute size, largest first; the last bar is
    ``base_value + sum(contributions)`` (the model's raw output, by SHAP additivity).
    Labels longer than :data:`LABEL_LINE_CHARS` wrap onto two lines instead of being cut.
    ``output_label`` and ``base_label`` come from the catalogue (the page's language).
    """

    def signed(value: float) -> str:
        text = f"{value:+.3f}"
        return text.replace(".", ",") if decimal_comma else text

    ordered = sorted(contributions, key=lambda c: (-abs(c[2]), c[0]))
    steps: list[tuple[str, str, float, float, str]] = [
        (base_label, signed(base_value), 0.0, base_value, "base")
    ]
    running = base_value
    for name, shown, value in ordered:
        kind = "for" if value >= 0 else "against"
        steps.append((f"{name}: {shown}", signed(value), running, running + value, kind))
        running += value
    steps.append((output_label, signed(running), 0.0, running, "total"))
    points = [0.0, *(s[2] for s in steps), *(s[3] for s in steps)]
    lo, hi = min(points), max(points)
    span = (hi - lo) or 1.0
    plot = WATERFALL_WIDTH - LABEL_WIDTH - 70

    def x_of(v: float) -> float:
        return LABEL_WIDTH + (v - lo) / span * plot

    bars = []
    for i, (label, text, start, end, kind) in enumerate(steps):
        left, right = sorted((x_of(start), x_of(end)))
        bars.append(
            WaterfallBar(
                label=label,
                value_text=text,
                label_lines=wrap_label(label),
                start=start,
                end=end,
                kind=kind,
                x=round(left, 2),
                width=round(max(right - left, 1.0), 2),
                y=i * ROW_HEIGHT + 4,
            )
        )
    return Waterfall(
        bars=tuple(bars),
        width=WATERFALL_WIDTH,
        height=len(steps) * ROW_HEIGHT + 8,
        label_width=LABEL_WIDTH,
        zero_x=round(x_of(0.0), 2) if lo <= 0.0 <= hi else None,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RateBar:
    """A rate in [0, 1] with an optional confidence interval, in pixels."""

    label: str
    value: float
    value_text: str
    ci_text: str
    width: float
    ci_x1: float | None
    ci_x2: float | None
    y: float
    sufficient: bool


RATE_PLOT_WIDTH = 360


def rate_bars(
    rows: Sequence[tuple[str, float, float | None, float | None, bool]],
) -> tuple[RateBar, ...]:
    """Bars for ``(group, rate, ci_low, ci_high, sufficient)`` rows on a 0..1 axis."""
    bars = []
    for i, (label, value, low, high, sufficient) in enumerate(rows):
        has_ci = low is not None and high is not None
        bars.append(
            RateBar(
                label=label,
                value=value,
                value_text=f"{value:.3f}",
                ci_text=f"[{low:.3f}, {high:.3f}]" if has_ci else "",
                width=round(max(value, 0.0) * RATE_PLOT_WIDTH, 2),
                ci_x1=round(low * RATE_PLOT_WIDTH, 2) if low is not None and has_ci else None,
                ci_x2=round(high * RATE_PLOT_WIDTH, 2) if high is not None and has_ci else None,
                y=i * ROW_HEIGHT + 4,
                sufficient=sufficient,
            )
        )
    return tuple(bars)


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendPoint:
    """One past audit on the trend chart."""

    label: str
    value: float
    x: float
    y: float
    status: str


TREND_WIDTH = 560
TREND_HEIGHT = 160
TREND_PAD = 30


def trend(
    points: Sequence[tuple[str, float, str]], *, threshold: float | None = None
) -> tuple[tuple[TrendPoint, ...], float | None, str]:
    """Points of a 0..1 trend line from ``(label, value, status)`` (oldest first).

    Returns the points, the y of the threshold line (or None) and the SVG ``points``
    attribute of the polyline.
    """
    n = len(points)
    inner_w = TREND_WIDTH - 2 * TREND_PAD
    inner_h = TREND_HEIGHT - 2 * TREND_PAD

    def y_of(v: float) -> float:
        return round(TREND_PAD + (1.0 - min(max(v, 0.0), 1.0)) * inner_h, 2)

    out = []
    for i, (label, value, status) in enumerate(points):
        x = TREND_PAD + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        out.append(
            TrendPoint(label=label, value=value, x=round(x, 2), y=y_of(value), status=status)
        )
    polyline = " ".join(f"{p.x},{p.y}" for p in out)
    return tuple(out), (y_of(threshold) if threshold is not None else None), polyline


def wrap_label(text: str, width: int = LABEL_LINE_CHARS, max_lines: int = 2) -> tuple[str, ...]:
    """``text`` in lines of at most ``width`` characters, broken at spaces.

    Beyond ``max_lines`` the last line ends with "…" (the chart keeps the full text in a
    tooltip and the table below lists it whole).
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    lines = [line if len(line) <= width else line[: width - 1] + "…" for line in lines]
    if len(lines) > max_lines:
        last = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], last[: width - 1] + "…"]
    return tuple(lines) or ("",)
