"""Every router of the officers' dashboard under ``/ui/``, for the app to register.

One module per page family, each a litestar ``Router`` built by
``gateway.ui.pages.dashboard_router`` (session guard, error pages, rendering):

* ``gateway.ui.auth``: login (OIDC code flow with PKCE, or a development API-key login), logout.
* ``gateway.ui.overview``: the start page.
* ``gateway.ui.audit_pages``: audit search, one record, export, chain status and verification.
* ``gateway.ui.decision_pages``: automated decisions and their explanations.
* ``gateway.ui.fairness_pages``: bias audits, reports and "run an audit now".
* ``gateway.ui.reviews``: the human review queue and cases.
* ``gateway.ui.records``: the deployer's records (RoPA, FRIA, registration).

``ROUTES`` holds them and the static files router, ``TEMPLATE_CONFIG`` the dashboard's Jinja
templates (litestar's ``TemplateConfig``; an app registering ``ROUTES`` passes it as
``template_config``); ``configure_ui`` chooses the dashboard settings of an app (tests, the
browser tests' server).
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.static_files import create_static_files_router

from gateway.ui import (
    audit_pages,
    auth,
    decision_pages,
    fairness_pages,
    overview,
    records,
    reviews,
)
from gateway.ui.pages import STATIC_PATH, TEMPLATE_CONFIG, configure_ui

__all__ = ["ROUTES", "TEMPLATE_CONFIG", "configure_ui"]

static_router = create_static_files_router(
    path=STATIC_PATH,
    directories=[Path(__file__).parent / "static"],
    name="ui_static",
    include_in_schema=False,
)

ROUTES: list[Router] = [
    auth.router,
    overview.router,
    audit_pages.router,
    decision_pages.router,
    fairness_pages.router,
    reviews.router,
    records.router,
    static_router,
]
