"""The audit store as configured: URL, checkpoint signer and cadence."""

from __future__ import annotations

from collections.abc import Callable

from audit_log.checkpoints import CheckpointSigner
from audit_log.errors import AuditError
from audit_log.stores import AuditStore, open_audit_store
from gateway.secrets_check import DEMO_SIGNING_KEY
from gateway.settings import Settings


def open_audit_store_for(
    settings: Settings, *, on_commit: Callable[[float, int], None] | None = None
) -> AuditStore:
    """The audit store with its checkpoint signer, as configured (not yet opened).

    Args:
        settings: The configuration.
        on_commit: Told ``(seconds, records)`` after each group commit; the server passes
            ``GatewayMetrics.audit_commit_hook``, CLI tools pass nothing.
    """
    # No key configured: a development key (serve refuses this outside --demo), kept apart
    # from the database file rather than beside it.
    key_file = settings.audit.signing_key_file or DEMO_SIGNING_KEY
    try:
        signer = (
            CheckpointSigner.generate_dev_key(key_file)
            if settings.audit.generate_dev_key
            else CheckpointSigner.from_file(key_file)
        )
    except (OSError, ValueError) as exc:
        raise AuditError(f"audit signing key {key_file!r} unusable: {type(exc).__name__}") from None
    return open_audit_store(
        settings.database.url,
        signer=signer,
        checkpoint_every=settings.audit.checkpoint_every,
        checkpoint_interval_s=settings.audit.checkpoint_interval_s,
        on_commit=on_commit,
    )
