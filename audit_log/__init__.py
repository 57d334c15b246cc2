"""Append-only, hash-chained, checkpointed audit log with SQLite and PostgreSQL stores.

Error hierarchy (``audit_log.errors``):
    AuditError               base of everything this package raises
    ├── AuditWriteError      a record could not be committed (callers fail closed)
    ├── AuditIntegrityError  verification found a broken chain
    ├── InvalidCursorError   a pagination cursor was not issued by this store
    ├── InvalidQueryError    an HTTP query parameter is unknown or malformed
    ├── InvalidEventError    an event cannot be hashed canonically (floats, ...)
    ├── RecordNotFoundError  unknown record id (proofs)
    └── CheckpointError      no signed checkpoint / no usable key

Hashing and checkpoint formats: ``audit_log.canonical`` and ``audit_log.checkpoints``;
third-party proof checking: docs/verify-proof.md.
"""

from audit_log.checkpoints import CheckpointSigner, load_public_key, load_signer
from audit_log.errors import (
    AuditError,
    AuditIntegrityError,
    AuditWriteError,
    CheckpointError,
    InvalidCursorError,
    InvalidEventError,
    InvalidQueryError,
    RecordNotFoundError,
)
from audit_log.export import ExportFormat, export_records
from audit_log.reports import SubjectReport, subject_report
from audit_log.stores import AuditStore, open_audit_store
from audit_log.subjects import SubjectPseudonymizer
from audit_log.types import (
    AuditEvent,
    AuditPage,
    AuditQuery,
    AuditRecord,
    Checkpoint,
    ConsistencyProof,
    InclusionProof,
    RetentionReport,
    VerifyReport,
)

__all__ = [
    "AuditError",
    "AuditEvent",
    "AuditIntegrityError",
    "AuditPage",
    "AuditQuery",
    "AuditRecord",
    "AuditStore",
    "AuditWriteError",
    "Checkpoint",
    "CheckpointError",
    "CheckpointSigner",
    "ConsistencyProof",
    "ExportFormat",
    "InclusionProof",
    "InvalidCursorError",
    "InvalidEventError",
    "InvalidQueryError",
    "RecordNotFoundError",
    "RetentionReport",
    "SubjectPseudonymizer",
    "SubjectReport",
    "VerifyReport",
    "export_records",
    "load_public_key",
    "load_signer",
    "open_audit_store",
    "subject_report",
]
