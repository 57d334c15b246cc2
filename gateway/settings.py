"""Configuration: one TOML file plus ``LEITPLANKE_*`` environment overrides, validated once.

``load_settings(environ)`` is the only place that reads the environment. Precedence, lowest
first: built-in defaults, the TOML file named by ``LEITPLANKE_CONFIG``, then environment
variables ``LEITPLANKE_<TABLE>__<KEY>`` (double underscore between table and key, e.g.
``LEITPLANKE_SERVER__PORT=9090``). Two shortcuts from the public contract exist:
``LEITPLANKE_DATABASE_URL`` and ``LEITPLANKE_OPA_URL``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from gateway.oidc import OidcSettings
from gateway.ratelimit import RateLimitSettings
from gateway.records.settings import RecordsSettings
from gateway.review_settings import ReviewSettings
from gateway.security_headers import SecurityHeadersSettings
from gateway.ui.settings import UiSettings

ENV_PREFIX = "LEITPLANKE_"
CONFIG_PATH_ENV = "LEITPLANKE_CONFIG"
BUILTIN_DEMO_URL = "builtin:demo"

ERR_CONFIG_FILE_MISSING = "configuration file {path} does not exist"
ERR_CONFIG_FILE_SYNTAX = "configuration file {path} is not valid TOML: {detail}"
ERR_CONFIG_KEY = "invalid configuration at '{key}': {detail}"
ERR_ENV_KEY_UNKNOWN = "environment variable {name} names no configuration key"
ERR_SECRET_FILE = "cannot read the secret file: {detail}"  # noqa: S105
ERR_TRUST_ANY_PROXY = (
    "\"*\" would believe the caller's own X-Forwarded-For; list the load balancer's addresses"
)
DEV_KEY_PEPPER = "leitplanke-development-pepper"
DEV_ACCESS_CODE_SECRET = "leitplanke-development-access-code-secret"  # noqa: S105
# Secrets that may come from a file: (table, key) -> the *_file key naming the file.
SECRET_FILES = {
    ("auth", "key_pepper"): "key_pepper_file",
    ("decisions", "access_code_secret"): "access_code_secret_file",
    ("metrics", "token"): "token_file",
    ("database", "url"): "url_file",  # the URL holds the PostgreSQL password
    ("ui", "oidc_client_secret"): "oidc_client_secret_file",
}


class ConfigError(Exception):
    """The configuration is invalid; the message names the key at fault."""

    def __init__(self, message: str, *, key: str = "") -> None:
        super().__init__(message)
        self.key = key


class _Section(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every config table: unknown keys are errors, not silently ignored."""


class ServerSettings(_Section, frozen=True):
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    max_body_bytes: int = 1_048_576
    # Exposes per-stage timings to callers; off by default (it reveals internals).
    server_timing: bool = False
    # Longest wait for in-flight requests after SIGTERM before connections are closed.
    shutdown_timeout_s: int = 30
    # Addresses (or CIDR ranges, or "*") of proxies whose X-Forwarded-For/-Proto headers are
    # believed; empty: none, the client address is the TCP peer. Not "*": the caller's own
    # left-most X-Forwarded-For entry would win (docs/security.md).
    forwarded_allow_ips: list[str] = msgspec.field(default_factory=list)


class DatabaseSettings(_Section, frozen=True):
    url: str = "sqlite:///var/leitplanke.db"
    url_file: str = ""  # read the URL (with its password) from this file instead; wins if set


class PolicySettings(_Section, frozen=True):
    opa_url: str = ""
    bundle_dir: str = ""
    timeout_ms: int = 50
    # In-process mode: regorus (default) or OPA's Go engine ("opa"); docs/decisions/0001.
    in_process_engine: Literal["regorus", "opa"] = "regorus"
    evaluation: Literal["inline", "thread"] = "inline"
    # In-process mode: results kept per loaded bundle, keyed by input; 0 turns the cache off.
    decision_cache_size: int = 4096


class PiiSettings(_Section, frozen=True):
    # false switches redaction off (benchmarks, fully internal deployments): texts go upstream
    # as sent, GDPR Art. 9 screening, policy and audit still run, and the policy is told
    # (request.redacted = false), so its data-protection rules refuse external models.
    enabled: bool = True
    languages: list[Literal["de", "en"]] = msgspec.field(default_factory=lambda: ["de", "en"])
    score_threshold: float = 0.5
    phone_regions: list[str] = msgspec.field(default_factory=lambda: ["DE", "AT", "CH"])
    max_text_chars: int = 100_000
    nlp_cache_dir: str = ""
    spacy_ner_model: str = ""
    # The trained person-name detector (pii/ner, docs/decisions/0030); false = cues only.
    name_detector: bool = True
    # Inline images (data:image/ URLs in image_url parts) cannot be screened: refused (400)
    # unless true (docs/decisions/0020). Images by https URL are redacted as text either way.
    inline_images: bool = False


class UpstreamSettings(_Section, frozen=True):
    name: str
    base_url: str
    models: list[str]
    hosting: Literal["internal", "external"] = "internal"
    timeout_s: float = 30.0
    api_key: str = ""
    # ISO 3166 country where the upstream processes data (records of processing, Art. 30).
    country: str = ""


class AuthSettings(_Section, frozen=True):
    # Secret mixed into API-key hashes; set it in production (env var) so a stolen
    # database alone cannot be used to test guessed keys.
    key_pepper: str = DEV_KEY_PEPPER
    # Read the pepper from this file instead (a mounted container secret); wins if set.
    key_pepper_file: str = ""


class AuditSettings(_Section, frozen=True):
    # Ed25519 key that signs checkpoints. With generate_dev_key a missing file is created
    # (development); in production mount the key and set generate_dev_key = false.
    # Empty: none configured; `serve --demo` then uses a development key under var/demo/.
    # Outside --demo, serve refuses to start without a key that exists (docs/security.md).
    signing_key_file: str = ""
    generate_dev_key: bool = True
    checkpoint_every: int = 1000
    checkpoint_interval_s: float = 60.0
    # Anchors outside the database (issue 22, docs/audit-anchoring.md). The origin names this
    # log in its C2SP checkpoints: make it unique per deployment.
    origin: str = "leitplanke.local/audit"
    verifier_keys: list[str] = msgspec.field(default_factory=list)  # vkeys of rotated-out keys
    trusted_checkpoint_files: list[str] = msgspec.field(default_factory=list)
    tsa_url: str = ""  # RFC 3161 time-stamping authority, e.g. a qualified trust service
    tsa_cert_files: list[str] = msgspec.field(default_factory=list)
    witnesses: list[str] = msgspec.field(default_factory=list)  # "URL VKEY" per witness
    publish_dir: str = ""  # append-only directory every checkpoint note is written to
    # Payloads older than this are removed by the retention job (hashes stay); 0 keeps all.
    retention_days: int = 0


class DecisionSettings(_Section, frozen=True):
    # Secret for hashing citizens' access codes (HMAC); set it in production.
    access_code_secret: str = DEV_ACCESS_CODE_SECRET
    access_code_secret_file: str = ""  # read the secret from this file instead; wins if set
    # Wrong access codes a decision takes before its code is locked (an officer unlocks it).
    access_code_max_failures: int = 10
    # Model registry entries (see docs/leitplanke.example.toml); empty: the demo model.
    models: list[dict[str, Any]] = msgspec.field(default_factory=list)


class FairnessSettings(_Section, frozen=True):
    # Run every model's bias audit this often inside the service; 0 turns the schedule off.
    audit_interval_s: float = 0.0
    # Bootstrap draws for confidence intervals of scheduled and API-triggered audits.
    bootstrap_replicates: int = 200
    # The full window of the fairness gate (decision 0056): only an audit over at least this
    # many days (or from the first decision) decides the gate; the schedule audits this window.
    gate_window_days: Annotated[int, msgspec.Meta(ge=1, le=3660)] = 90


class LoggingSettings(_Section, frozen=True):
    level: Literal["debug", "info", "warning", "error"] = "info"


class MetricsSettings(_Section, frozen=True):
    # Shared PROMETHEUS_MULTIPROC_DIR of a multi-worker server; `serve --workers N` sets it
    # (with the variable) before the workers start. Empty: one process, in-memory counters.
    multiprocess_dir: str = ""
    # When set, GET /metrics needs "Authorization: Bearer <token>" (or bind the gateway
    # to an internal address only; docs/security.md). token_file wins if set.
    token: str = ""
    token_file: str = ""


class TracingSettings(_Section, frozen=True):
    # OpenTelemetry spans over OTLP/HTTP (protobuf); off by default. Spans carry route,
    # status, model, policy result, stage durations and request id, never content or keys.
    enabled: bool = False
    # e.g. "http://collector:4318/v1/traces"; empty: the standard OTEL_EXPORTER_OTLP_*
    # variables decide, else http://localhost:4318/v1/traces.
    otlp_endpoint: Annotated[str, msgspec.Meta(pattern=r"^(https?://\S+)?$")] = ""
    service_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] = "leitplanke"
    export_timeout_s: Annotated[float, msgspec.Meta(gt=0, le=60)] = 10.0


def _default_upstreams() -> list[UpstreamSettings]:
    return [
        UpstreamSettings(
            name="demo", base_url=BUILTIN_DEMO_URL, models=["demo-model"], hosting="internal"
        )
    ]


class Settings(_Section, frozen=True):
    server: ServerSettings = msgspec.field(default_factory=ServerSettings)
    database: DatabaseSettings = msgspec.field(default_factory=DatabaseSettings)
    policy: PolicySettings = msgspec.field(default_factory=PolicySettings)
    pii: PiiSettings = msgspec.field(default_factory=PiiSettings)
    upstreams: list[UpstreamSettings] = msgspec.field(default_factory=_default_upstreams)
    auth: AuthSettings = msgspec.field(default_factory=AuthSettings)
    audit: AuditSettings = msgspec.field(default_factory=AuditSettings)
    decisions: DecisionSettings = msgspec.field(default_factory=DecisionSettings)
    fairness: FairnessSettings = msgspec.field(default_factory=FairnessSettings)
    oidc: OidcSettings = msgspec.field(default_factory=OidcSettings)
    rate_limit: RateLimitSettings = msgspec.field(default_factory=RateLimitSettings)
    security_headers: SecurityHeadersSettings = msgspec.field(
        default_factory=SecurityHeadersSettings
    )
    ui: UiSettings = msgspec.field(default_factory=UiSettings)
    logging: LoggingSettings = msgspec.field(default_factory=LoggingSettings)
    metrics: MetricsSettings = msgspec.field(default_factory=MetricsSettings)
    tracing: TracingSettings = msgspec.field(default_factory=TracingSettings)
    reviews: ReviewSettings = msgspec.field(default_factory=ReviewSettings)
    records: RecordsSettings = msgspec.field(default_factory=RecordsSettings)

    def upstream_for_model(self, model: str) -> UpstreamSettings | None:
        """The upstream serving ``model``, or None if no upstream lists it."""
        for upstream in self.upstreams:
            if model in upstream.models:
                return upstream
        return None


_SHORTCUTS = {
    "LEITPLANKE_DATABASE_URL": ("database", "url"),
    "LEITPLANKE_OPA_URL": ("policy", "opa_url"),
}
# Variables with the prefix that are not configuration keys.
_NOT_CONFIG = {CONFIG_PATH_ENV, "LEITPLANKE_ADMIN_KEY"}
_PATH_RE = re.compile(r"^\$((?:\.[A-Za-z_]\w*|\[\d+\])*)")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build validated settings from defaults, the TOML file and the environment.

    Args:
        environ: the environment to read; ``None`` reads ``os.environ``.

    Raises:
        ConfigError: naming the file or key at fault.
    """
    if environ is None:
        import os

        environ = os.environ
    raw: dict[str, Any] = {}
    config_path = environ.get(CONFIG_PATH_ENV, "")
    if config_path:
        raw = _read_toml(Path(config_path))
    for name, value in sorted(environ.items()):
        if (
            not name.startswith(ENV_PREFIX)
            or name in _NOT_CONFIG
            or name.startswith("LEITPLANKE_TEST_")
            or name.startswith("LEITPLANKE_REQUIRE_")
        ):
            continue
        path = _SHORTCUTS.get(name) or tuple(
            part.lower() for part in name[len(ENV_PREFIX) :].split("__")
        )
        if len(path) != 2 or path[0] not in Settings.__struct_fields__:
            raise ConfigError(ERR_ENV_KEY_UNKNOWN.format(name=name), key=name)
        table = raw.setdefault(path[0], {})
        if not isinstance(table, dict):
            raise ConfigError(
                ERR_CONFIG_KEY.format(key=path[0], detail="expected a table"), key=path[0]
            )
        table[path[1]] = _parse_env_value(value)
    return settings_from_mapping(raw)


def settings_from_mapping(raw: Mapping[str, Any]) -> Settings:
    """Validate a plain mapping (as parsed from TOML) into ``Settings``."""
    try:
        settings = msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as exc:
        key, detail = _split_validation_error(str(exc))
        raise ConfigError(ERR_CONFIG_KEY.format(key=key, detail=detail), key=key) from None
    if "*" in settings.server.forwarded_allow_ips:
        key = "server.forwarded_allow_ips"
        raise ConfigError(ERR_CONFIG_KEY.format(key=key, detail=ERR_TRUST_ANY_PROXY), key=key)
    return _secrets_from_files(settings)


def _secrets_from_files(settings: Settings) -> Settings:
    """Fill each secret whose ``*_file`` key is set from that file (surrounding space cut)."""
    for (table, key), file_key in SECRET_FILES.items():
        section = getattr(settings, table)
        path = getattr(section, file_key)
        if not path:
            continue
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            detail = ERR_SECRET_FILE.format(detail=type(exc).__name__)
            raise ConfigError(
                ERR_CONFIG_KEY.format(key=f"{table}.{file_key}", detail=detail),
                key=f"{table}.{file_key}",
            ) from None
        section = msgspec.structs.replace(section, **{key: value})
        settings = msgspec.structs.replace(settings, **{table: section})
    return settings


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(ERR_CONFIG_FILE_MISSING.format(path=path), key=CONFIG_PATH_ENV)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            ERR_CONFIG_FILE_SYNTAX.format(path=path, detail=exc), key=CONFIG_PATH_ENV
        ) from None


def _parse_env_value(value: str) -> Any:
    """Env values are TOML/JSON literals when they parse as one (numbers, booleans, lists)."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def _split_validation_error(message: str) -> tuple[str, str]:
    """Turn msgspec's "... - at `$.server.port`" into ("server.port", "...")."""
    detail, _, where = message.rpartition(" - at `")
    if not detail:
        detail, where = message, "$"
    match = _PATH_RE.match(where.rstrip("`"))
    key = match.group(1).lstrip(".") if match else where
    if detail.startswith("Object contains unknown field"):
        field = detail.split("`")[1]
        key = f"{key}.{field}" if key else field
        detail = "unknown key"
    return key or "(root)", detail
