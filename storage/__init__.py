"""Storage kit below the domain layer: versioned, forward-only schema migrations.

Every store (audit log, decisions, fairness, API keys, dashboard sessions) declares its schema
as a :class:`~storage.migrations.Schema` and applies it on open with
:func:`~storage.sqlite.migrate_sqlite` or :func:`~storage.postgres.migrate_postgres`.
Domain packages and ``gateway`` import this package; it imports none of them.
"""

from storage.migrations import (
    AddColumn,
    Migration,
    Schema,
    SchemaTooNewError,
    StorageError,
)

__all__ = ["AddColumn", "Migration", "Schema", "SchemaTooNewError", "StorageError"]
