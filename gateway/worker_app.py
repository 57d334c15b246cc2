"""The app factory each uvicorn worker calls, with the server's resolved settings.

``leitplanke serve`` resolves the settings once (file, environment, command-line flags,
``--demo``) and hands them to every worker as an argument: uvicorn pickles the factory
below into each spawned worker. Nothing reaches the workers by changing ``os.environ``.

This module imports nothing heavy at import time on purpose: a worker unpickles the factory
before it starts answering uvicorn's health pings, so importing the whole gateway there
(several seconds) would get the worker killed as unresponsive. The settings travel as JSON
bytes for the same reason, and everything is imported when the factory is called.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gateway.settings import Settings


def build_worker_app(settings_json: bytes) -> Any:
    """Build the gateway from settings encoded by :func:`worker_app_factory`."""
    import msgspec

    from app import create_app
    from gateway.settings import Settings

    return create_app(msgspec.json.decode(settings_json, type=Settings))


def worker_app_factory(settings: Settings) -> functools.partial[Any]:
    """A picklable, cheap-to-unpickle factory of the app for ``settings``."""
    import msgspec

    return functools.partial(build_worker_app, msgspec.json.encode(settings))
