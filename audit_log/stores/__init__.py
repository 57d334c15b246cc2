"""Audit stores and the factory that picks one from a URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit_log import errors
from audit_log.anchors.model import Anchorer
from audit_log.checkpoints import CheckpointSigner
from audit_log.note import NoteVerifier
from audit_log.stores.base import AuditAppender, AuditReader, AuditStore, BaseAuditStore
from audit_log.stores.options import StoreOptions
from audit_log.stores.postgres import PostgresAuditStore
from audit_log.stores.rows import utc_timestamp
from audit_log.stores.sqlite import SqliteAuditStore
from storage.database import Database, PostgresDatabase, SqliteDatabase

__all__ = [
    "AuditAppender",
    "AuditReader",
    "AuditStore",
    "BaseAuditStore",
    "PostgresAuditStore",
    "SqliteAuditStore",
    "StoreOptions",
    "open_audit_store",
    "utc_timestamp",
]

SQLITE_MEMORY = "in-memory SQLite is not supported: the audit log must be durable"
SQLITE_NO_PATH = "sqlite URL has no path: use sqlite:///relative.db or sqlite:////abs/path.db"


def open_audit_store(
    url: str | Database,
    *,
    signer: CheckpointSigner | None = None,
    verify_key: Ed25519PublicKey | None = None,
    verifiers: tuple[NoteVerifier, ...] = (),
    anchorers: tuple[Anchorer, ...] = (),
    checkpoint_every: int = 1000,
    checkpoint_interval_s: float = 60.0,
    checkpoint_at_first_commit: bool = False,
    max_batch: int = 1024,
    append_timeout_s: float = 10.0,
    pool_size: int = 4,
    connect_timeout_s: float = 10.0,
    on_commit: Callable[[float, int], None] | None = None,
) -> AuditStore:
    """Build (not yet open) the store for ``url``; call ``await store.open()`` next.

    Args:
        url: the process's shared ``storage.database.Database``, or
            ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db`` or
            ``postgresql://user@host:port/db`` (``postgres://`` accepted).
        signer: Signs checkpoints; without it the store writes none.
        verify_key: Public key for checking checkpoints when this process cannot sign.
        verifiers: Further trusted log keys (C2SP vkeys parsed), e.g. rotated-out keys.
        anchorers: Anchor every checkpoint outside the database (TSA, witnesses, directory).
        checkpoint_every: Records after which a new checkpoint is signed.
        checkpoint_interval_s: Longest time between checkpoints while records arrive.
        checkpoint_at_first_commit: Sign a checkpoint right after this process's first commit
            too (the gateway does, so a new log is not left without one for an interval).
        max_batch: Most records per group-commit transaction.
        append_timeout_s: Appends not committed within this time fail.
        pool_size: PostgreSQL connection pool size.
        connect_timeout_s: How long ``open()`` waits for PostgreSQL.
        on_commit: Told ``(seconds, records)`` after every committed batch (metrics);
            exceptions it raises are ignored.

    Raises:
        AuditError: the URL scheme or path is not usable.
    """
    options = StoreOptions(
        signer=signer,
        verify_key=verify_key,
        verifiers=verifiers,
        anchorers=anchorers,
        checkpoint_every=checkpoint_every,
        checkpoint_interval_s=checkpoint_interval_s,
        checkpoint_at_first_commit=checkpoint_at_first_commit,
        max_batch=max_batch,
        append_timeout_s=append_timeout_s,
        on_commit=on_commit,
    )
    if isinstance(url, SqliteDatabase):
        if url.in_memory:
            raise errors.AuditError(SQLITE_MEMORY)
        return SqliteAuditStore(db=url, options=options)
    if isinstance(url, PostgresDatabase):
        return PostgresAuditStore(db=url, options=options)
    if isinstance(url, Database):
        raise errors.AuditError(errors.UNSUPPORTED_URL.format(scheme=url.dialect))
    scheme, _, rest = url.partition("://")
    scheme = scheme.lower()
    if scheme == "sqlite":
        if not rest.startswith("/") or len(rest) < 2:
            raise errors.AuditError(SQLITE_NO_PATH)
        raw = unquote(urlsplit(url).path)[1:]
        if raw in (":memory:", "") or "mode=memory" in url:
            raise errors.AuditError(SQLITE_MEMORY)
        return SqliteAuditStore(path=Path(raw), options=options)
    if scheme in ("postgresql", "postgres"):
        return PostgresAuditStore(
            url=url, options=options, pool_size=pool_size, connect_timeout_s=connect_timeout_s
        )
    raise errors.AuditError(errors.UNSUPPORTED_URL.format(scheme=scheme))
