"""Forward-only, versioned schema migrations: what a store declares and what still has to run.

Each store has its own table ``<store>_schema_migrations`` (version, description, applied_at):
one row per applied migration, so an operator sees per store which steps ran and when. A
migration is never edited after release; a change is a new, higher version. There is no
downgrade: a database whose recorded version is newer than the running code knows is refused
(:class:`SchemaTooNewError`), because older code could misread or damage rows it does not
understand.

Errors::

    StorageError
     └── SchemaTooNewError   recorded version > latest known version (fail closed)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MSG_TOO_NEW = (
    "the {store} database is at schema version {recorded}, newer than this release knows "
    "(latest {known}); refusing to start: no downgrade, run a newer Leitplanke or restore the "
    "backup taken before the upgrade"
)


class StorageError(Exception):
    """Base of the storage kit's errors."""


class SchemaTooNewError(StorageError):
    """The database was migrated by a newer release than the one starting."""

    def __init__(self, *, store: str, recorded: int, known: int) -> None:
        super().__init__(MSG_TOO_NEW.format(store=store, recorded=recorded, known=known))
        self.store = store
        self.recorded = recorded
        self.known = known


@dataclass(frozen=True, kw_only=True)
class AddColumn:
    """``ALTER TABLE ... ADD COLUMN``, skipped where the column already exists.

    Earlier releases added columns ad hoc on open; a database they upgraded already has the
    column when it first meets the versioned runner.
    """

    table: str
    column: str
    type: str


Step = str | AddColumn


@dataclass(frozen=True, kw_only=True)
class Migration:
    """One schema step with its SQLite and PostgreSQL statements, applied in one transaction."""

    version: int
    description: str
    sqlite: tuple[Step, ...]
    postgres: tuple[Step, ...]


@dataclass(frozen=True, kw_only=True)
class Schema:
    """A store's migrations, versions 1..n in order, recorded in ``<store>_schema_migrations``."""

    store: str
    migrations: tuple[Migration, ...]

    def __post_init__(self) -> None:
        versions = [m.version for m in self.migrations]
        if versions != list(range(1, len(versions) + 1)):
            raise ValueError(f"{self.store}: migration versions must be 1..n, got {versions}")

    @property
    def table(self) -> str:
        return f"{self.store}_schema_migrations"

    @property
    def latest(self) -> int:
        return len(self.migrations)

    def create_table(self) -> str:
        return (
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )

    def select_versions(self) -> str:
        return f"SELECT version FROM {self.table}"  # noqa: S608 - store names are constants

    def insert_version(self, placeholder: str) -> str:
        marks = ", ".join([placeholder] * 3)
        return f"INSERT INTO {self.table} (version, description, applied_at) VALUES ({marks})"  # noqa: S608

    def pending(self, applied: Iterable[int]) -> tuple[Migration, ...]:
        """The migrations not yet in ``applied``, in order.

        Raises:
            SchemaTooNewError: ``applied`` holds a version this code does not know.
        """
        done = set(applied)
        if done and max(done) > self.latest:
            raise SchemaTooNewError(store=self.store, recorded=max(done), known=self.latest)
        return tuple(m for m in self.migrations if m.version not in done)
