"""The one version of Leitplanke: ``[project] version`` in pyproject.toml.

Everything else reads it from the installed package's metadata (``leitplanke --version``,
OpenAPI ``info.version``), so there is no second place to forget when releasing.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "leitplanke"
#: Shown when the code runs without being installed (e.g. a bare source tree on sys.path).
UNKNOWN_VERSION = "0+unknown"


def package_version() -> str:
    """The installed distribution's version, or ``UNKNOWN_VERSION`` when not installed."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return UNKNOWN_VERSION
