"""Session store lifetimes and the chart geometry (pure units, no app)."""

from __future__ import annotations

import itertools

import pytest

from gateway.keys import Identity
from gateway.oidc import OfficerIdentity
from gateway.ui.charts import rate_bars, trend, waterfall
from gateway.ui.session import PENDING_LOGIN_TIMEOUT_S, SessionStore

OFFICER = Identity(key_id="k1", name="officer-1", role="compliance-officer")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def store(clock: Clock, *, wall: float = 1_700_000_000.0) -> SessionStore:
    return SessionStore(
        idle_timeout_s=60, absolute_timeout_s=600, clock=clock, wall_clock=lambda: wall
    )


@pytest.mark.parametrize(
    ("steps", "alive"),
    [
        ([30, 30, 30], True),  # used every 30 s: idle timer restarts
        ([61], False),  # idle too long
        ([50] * 11, True),  # 550 s of steady use
        ([50] * 13, False),  # 650 s: absolute timeout
    ],
)
def test_when_time_passes_then_session_lives_only_within_its_timeouts(
    steps: list[int], alive: bool
) -> None:
    clock = Clock()
    sessions = store(clock)
    session = sessions.create(OFFICER)
    found = session
    for step in steps:
        clock.now += step
        found = sessions.get(session.id)
        if found is None:
            break
    assert (found is not None) is alive


def test_when_oidc_token_expires_then_session_ends_with_it() -> None:
    clock = Clock()
    wall = 1_700_000_000.0
    sessions = store(clock, wall=wall)
    officer = OfficerIdentity(
        subject="s", roles=("admin",), scopes=("*",), issuer="i", expires_at=int(wall) + 45
    )
    session = sessions.create(OFFICER, officer=officer, login_method="oidc")
    clock.now += 40
    assert sessions.get(session.id) is not None
    clock.now += 10
    assert sessions.get(session.id) is None


def test_when_sessions_are_created_then_ids_and_csrf_tokens_are_unique_and_long() -> None:
    sessions = store(Clock())
    made = [sessions.create(OFFICER) for _ in range(50)]
    tokens = {s.id for s in made} | {s.csrf_token for s in made}
    assert len(tokens) == 100
    assert min(len(t) for t in tokens) >= 43  # 256 bits, base64url


@pytest.mark.parametrize(("age", "found"), [(0, True), (PENDING_LOGIN_TIMEOUT_S + 1, False)])
def test_when_login_state_is_used_then_only_once_and_only_while_fresh(
    age: float, found: bool
) -> None:
    clock = Clock()
    sessions = store(clock)
    pending = sessions.begin_login(next_path="/ui/audit")
    clock.now += age
    assert (sessions.finish_login(pending.state) is not None) is found
    assert sessions.finish_login(pending.state) is None
    assert sessions.finish_login(None) is None


@pytest.mark.parametrize(
    ("base", "contributions"),
    [
        (0.2, [("a", "1", 0.5), ("b", "2", -1.25), ("c", "3", 0.05)]),
        (-1.0, [("a", "x", -0.3)]),
        (0.0, []),
    ],
)
def test_when_waterfall_is_laid_out_then_it_ends_at_base_plus_contributions(
    base: float, contributions: list[tuple[str, str, float]]
) -> None:
    chart = waterfall(base, contributions, output_label="output", base_label="base")
    total = chart.bars[-1]
    assert total.kind == "total"
    assert total.end == pytest.approx(base + sum(c[2] for c in contributions))
    middle = chart.bars[1:-1]
    assert [abs(b.end - b.start) for b in middle] == pytest.approx(
        sorted((abs(c[2]) for c in contributions), reverse=True)
    )
    for previous, current in itertools.pairwise(middle):
        assert current.start == pytest.approx(previous.end)  # each step starts where one ends
    assert all(chart.label_width <= b.x <= chart.width for b in chart.bars)


def test_when_rates_have_intervals_then_whiskers_bracket_the_bar_end() -> None:
    bars = rate_bars([("f", 0.4, 0.35, 0.46, True), ("m", 0.55, None, None, False)])
    assert bars[0].ci_x1 is not None and bars[0].ci_x2 is not None
    assert bars[0].ci_x1 <= bars[0].width <= bars[0].ci_x2
    assert bars[1].ci_x1 is None and not bars[1].sufficient


def test_when_trend_has_points_then_higher_values_are_drawn_higher() -> None:
    points, threshold_y, polyline = trend(
        [("t1", 0.9, "passing"), ("t2", 0.5, "failing")], threshold=0.8
    )
    assert points[0].y < points[1].y and points[0].x < points[1].x
    assert threshold_y is not None and points[0].y < threshold_y < points[1].y
    assert polyline.count(",") == 2
