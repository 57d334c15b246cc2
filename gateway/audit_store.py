"""The audit store as configured: URL, checkpoint signer and cadence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from audit_log.checkpoints import CheckpointSigner
from audit_log.errors import AuditError
from audit_log.stores import AuditStore, open_audit_store
from gateway.audit_anchoring import anchorers, log_keys
from gateway.secrets_check import DEMO_SIGNING_KEY
from gateway.settings import Settings
from storage.database import Database

KEY_BESIDE_DATABASE = (
    "audit signing key {path!r} lies in the SQLite database's directory: keep it elsewhere "
    "(a mounted secret, another volume) so that a copy of the database does not carry it"
)


def _beside_database(key_file: str, database_url: str) -> bool:
    if not database_url.startswith("sqlite:///"):
        return False
    database = Path(unquote(urlsplit(database_url).path)[1:]).resolve()
    return Path(key_file).resolve().parent == database.parent


def checkpoint_signer(settings: Settings) -> CheckpointSigner:
    """The checkpoint key as configured, named by ``audit.origin``.

    The one place that reads the key (the seam for secret handling: a ``*_file`` secret, a
    container secret or a PKCS#11/KMS signer would plug in here).

    Raises:
        AuditError: the key file is missing or not an Ed25519 PEM key.
    """
    # No key configured: a development key (serve refuses this outside --demo), kept apart
    # from the database file rather than beside it.
    key_file = settings.audit.signing_key_file or DEMO_SIGNING_KEY
    origin = settings.audit.origin
    if not settings.audit.generate_dev_key and _beside_database(key_file, settings.database.url):
        # Whoever can write the database must not also hold the key that signs it (issue 22).
        raise AuditError(KEY_BESIDE_DATABASE.format(path=key_file))
    try:
        return (
            CheckpointSigner.generate_dev_key(key_file, origin=origin)
            if settings.audit.generate_dev_key
            else CheckpointSigner.from_file(key_file, origin=origin)
        )
    except (OSError, ValueError) as exc:
        raise AuditError(f"audit signing key {key_file!r} unusable: {type(exc).__name__}") from None


def open_audit_store_for(
    settings: Settings,
    *,
    on_commit: Callable[[float, int], None] | None = None,
    database: Database | None = None,
    checkpoint_at_first_commit: bool = False,
) -> AuditStore:
    """The audit store with its checkpoint signer, as configured (not yet opened).

    Args:
        settings: The configuration.
        on_commit: Told ``(seconds, records)`` after each group commit; the server passes
            ``GatewayMetrics.audit_commit_hook``, CLI tools pass nothing.
        database: The process's shared database (``build_components``); without it the
            store opens ``[database] url`` on connections of its own.
        checkpoint_at_first_commit: The server signs (and anchors) a checkpoint right after
            its first commit, so a new log is never left without one for a whole interval;
            CLI tools sign one when they close.
    """
    signer = checkpoint_signer(settings)
    try:
        keys = log_keys(settings.audit, signer.verifier)
        anchoring = anchorers(settings.audit)
    except (OSError, ValueError, AuditError) as exc:
        raise AuditError(f"audit signing or anchoring unusable: {exc}") from None
    return open_audit_store(
        database if database is not None else settings.database.url,
        signer=signer,
        verifiers=keys[1:],
        anchorers=anchoring,
        checkpoint_every=settings.audit.checkpoint_every,
        checkpoint_interval_s=settings.audit.checkpoint_interval_s,
        checkpoint_at_first_commit=checkpoint_at_first_commit,
        on_commit=on_commit,
    )
