"""The real gateway (``app.create_app``) for the browser tests, as a uvicorn factory.

Run as ``python -m uvicorn tests.e2e.browser.serve:create --factory``. It reads the normal
configuration (``LEITPLANKE_CONFIG``) and adds only what the tests need on top:

* the dashboard routes, if ``create_app`` does not register them yet;
* ``UiSettings`` from ``LEITPLANKE_TEST_UI`` (JSON) via ``configure_ui`` (whatever
  ``Settings`` says about the dashboard, the tests need both login methods on);
* seed data (audit events, decisions with access codes, bias audits) written at start-up
  through the gateway's own stores; the ids and codes go to ``LEITPLANKE_TEST_SEED_OUT``.
"""

from __future__ import annotations

import dataclasses
import json
import os

from litestar import Litestar

from app import create_app
from gateway.settings import load_settings
from gateway.ui.routes import ROUTES, configure_ui
from gateway.ui.settings import UiSettings
from tests.e2e.browser.seed import SeededData, seed_audit, seed_decisions, seed_fairness

UI_ENV = "LEITPLANKE_TEST_UI"
SEED_OUT_ENV = "LEITPLANKE_TEST_SEED_OUT"


def create() -> Litestar:
    app = create_app(load_settings())
    if "/ui" not in {route.path for route in app.routes}:
        for router in ROUTES:
            app.register(router)
    configure_ui(app, UiSettings(**json.loads(os.environ.get(UI_ENV, "{}"))))
    data = SeededData()

    async def seed(app: Litestar) -> None:
        components = app.state.components
        await seed_audit(components.audit, data)
        await seed_decisions(components.decisions, components.models, data)
        await seed_fairness(components.fairness, data)
        out = os.environ.get(SEED_OUT_ENV)
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                json.dump(dataclasses.asdict(data), handle)

    app.on_startup.append(seed)
    return app
