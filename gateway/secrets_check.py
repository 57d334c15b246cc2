"""Is this configuration fit to serve real data? The secrets it needs, checked before start.

Outside ``serve --demo`` the gateway refuses to start (one line, exit 2) and
``check-config`` reports the same when:

* ``auth.key_pepper`` is missing, short or the published development default (API-key hashes
  could then be tested offline against a stolen database);
* ``decisions.access_code_secret`` likewise (citizens' access-code hashes);
* ``audit.signing_key_file`` is not set, names no existing file, or names the development
  key that ``serve --demo`` generates under ``var/demo/`` (a development key would be
  generated, by default next to nothing an operator backs up on purpose).

Secrets may be given in files (``auth.key_pepper_file``, ``decisions.access_code_secret_file``),
as container secrets are mounted.
"""

from __future__ import annotations

from pathlib import Path

from gateway.settings import DEV_ACCESS_CODE_SECRET, DEV_KEY_PEPPER, Settings

MIN_SECRET_CHARS = 16
MIN_ACCESS_CODE_SECRET_BYTES = 32  # explain.access_codes refuses shorter ones
DEMO_SIGNING_KEY = "var/demo/audit-signing-key.pem"


def _weak(value: str, default: str, minimum: int) -> str:
    if not value:
        return "is not set"
    if value == default:
        return "is the published development default"
    if len(value.encode()) < minimum:
        return f"is shorter than {minimum} bytes"
    return ""


def secret_problems(settings: Settings) -> list[str]:
    """What keeps ``settings`` from serving outside ``--demo`` (empty: nothing)."""
    problems = []
    for key, value, default, minimum, file_key in (
        (
            "auth.key_pepper",
            settings.auth.key_pepper,
            DEV_KEY_PEPPER,
            MIN_SECRET_CHARS,
            "auth.key_pepper_file",
        ),
        (
            "decisions.access_code_secret",
            settings.decisions.access_code_secret,
            DEV_ACCESS_CODE_SECRET,
            MIN_ACCESS_CODE_SECRET_BYTES,
            "decisions.access_code_secret_file",
        ),
    ):
        weakness = _weak(value, default, minimum)
        if weakness:
            problems.append(f"{key} {weakness} (set {file_key} or LEITPLANKE_{_env(key)})")
    key_file = settings.audit.signing_key_file
    if not key_file:
        problems.append("audit.signing_key_file is not set (mount the checkpoint signing key)")
    elif not Path(key_file).is_file():
        problems.append(f"audit.signing_key_file {key_file} does not exist")
    elif Path(key_file).resolve() == Path(DEMO_SIGNING_KEY).resolve():
        problems.append(
            f"audit.signing_key_file {key_file} is the development key of serve --demo "
            "(mount a key made for this deployment)"
        )
    return problems


def _env(key: str) -> str:
    table, name = key.split(".")
    return f"{table.upper()}__{name.upper()}"
