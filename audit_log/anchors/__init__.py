"""Anchors: evidence outside the database that a checkpoint existed at a time.

``rfc3161`` time-stamp tokens from a time-stamping authority (``tsa``), ``cosignature`` lines
from C2SP ``tlog-witness`` witnesses (``witness``) and files in an append-only publication
directory (``publish``). Each anchorer turns a checkpoint into a ``CheckpointAnchor`` that the
store keeps beside the checkpoint; ``audit_log.anchored`` checks them against trust material
the verifier holds (TSA certificates, witness keys, saved checkpoints).
"""

from audit_log.anchors.model import (
    ANCHOR_KINDS,
    Anchorer,
    AnchorError,
    AnchorKind,
    AnchorLog,
    CheckpointAnchor,
)

__all__ = [
    "ANCHOR_KINDS",
    "AnchorError",
    "AnchorKind",
    "AnchorLog",
    "Anchorer",
    "CheckpointAnchor",
]
