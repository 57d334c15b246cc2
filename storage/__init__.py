"""Storage kit below the domain layer: connections, transactions and schema migrations.

* :mod:`storage.database` — one ``Database`` per process (SQLite: a writer thread with the
  cross-process lock file, two reader threads; PostgreSQL: one pool), ``Transaction``, and
  ``open_database``; every store is written once against it.
* :mod:`storage.migrations` — each store declares its schema as a versioned, forward-only
  :class:`~storage.migrations.Schema`; ``Database.migrate`` applies it.
* :mod:`storage.writes` — rows of one store that commit in another's transaction (a decision
  with its audit record).

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
