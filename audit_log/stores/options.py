"""Keys, anchors and tuning of an audit store (``open_audit_store`` builds them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit_log.anchors.model import Anchorer
from audit_log.checkpoints import CheckpointSigner
from audit_log.note import NoteVerifier


@dataclass(frozen=True, kw_only=True)
class StoreOptions:
    """Tuning and keys shared by both stores.

    Attributes:
        signer: Signs checkpoints; without it no checkpoints are written.
        verify_key: Public key for checking checkpoints (defaults to the signer's).
        verifiers: Further trusted log keys (rotated-out keys), as C2SP note verifiers.
        anchorers: Time-stamping authorities, witnesses, publication targets that anchor
            every checkpoint outside the database.
        checkpoint_every: Sign a checkpoint once this many records are not yet covered.
        checkpoint_interval_s: ...and at least this often while records keep arriving.
        checkpoint_at_first_commit: Also sign one right after this process's first commit, so
            a new log (or a restarted writer) is covered at once, not after the first
            interval: anchored verification fails while records exist without a checkpoint.
        max_batch: Most records committed in one transaction.
        append_timeout_s: An append not committed by then fails with ``AuditWriteError``.
        on_commit: Called after every committed batch with the transaction's duration in
            seconds and the number of records (for metrics). Runs on the writer task, so it
            must be quick; whatever it raises is ignored, a broken hook never fails an append.
    """

    signer: CheckpointSigner | None = None
    verify_key: Ed25519PublicKey | None = None
    verifiers: tuple[NoteVerifier, ...] = ()
    anchorers: tuple[Anchorer, ...] = ()
    checkpoint_every: int = 1000
    checkpoint_interval_s: float = 60.0
    checkpoint_at_first_commit: bool = False
    max_batch: int = 1024
    append_timeout_s: float = 10.0
    on_commit: Callable[[float, int], None] | None = None
