"""Domain errors on dashboard pages: the HTML error page, translated by ``gateway.error_map``."""

from __future__ import annotations

from litestar import Router

from gateway.error_map import DOMAIN_BASES
from gateway.ui.pages import domain_error_page
from gateway.ui.routes import ROUTES
from tests.unit.gateway.ui.conftest import Dashboard


def test_when_a_dashboard_router_is_built_then_every_domain_base_renders_the_error_page() -> None:
    pages = [r for r in ROUTES if isinstance(r, Router) and r.path.startswith("/ui")]
    assert len(pages) == 7  # auth, overview, audit, decisions, fairness, reviews, records
    for router in pages:
        for base in DOMAIN_BASES:
            assert router.exception_handlers.get(base) is domain_error_page, (router.path, base)


def test_when_the_decision_store_has_no_such_decision_then_html_404_with_the_maps_detail(
    ui: Dashboard,
) -> None:
    ui.login_with_key()
    response = ui.client.get("/ui/decisions/no-such-id", params={"lang": "en"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no decision with this id" in response.text  # explain.errors.DecisionNotFoundError


def test_when_the_audit_cursor_is_forged_then_html_400_not_problem_json(ui: Dashboard) -> None:
    ui.login_with_key()
    response = ui.client.get("/ui/audit", params={"cursor": "not-a-cursor", "lang": "en"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "cursor is not valid for this query" in response.text  # InvalidCursorError
