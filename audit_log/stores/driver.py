"""The storage driver: what the appender and the log reader need from a SQL database.

A driver opens and migrates the database, runs statements in its dialect and commits one
group-commit batch in one transaction under the store-wide write lock (SQLite ``BEGIN
IMMEDIATE`` behind a lock file, PostgreSQL an advisory lock), reading the chain head inside
that transaction, so several processes appending to one database still produce one gapless
chain. ``audit_log.stores.sqlite`` and ``audit_log.stores.postgres`` are the two drivers.

An append may carry writes of other stores (``storage.writes.Writes``: a decision and its
fairness observation). The driver runs them in the batch's transaction, each append's writes
under their own savepoint: writes that fail cost only their own append (it is left out of the
chain and fails), and if the batch does not commit, none of its writes are kept either.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from audit_log import errors
from audit_log.stores.rows import PendingAppend, Row
from audit_log.types import AuditRecord

Committed = list[AuditRecord | errors.CoupledWriteError]


class SqlDriver(ABC):
    """One database in one SQL dialect; statements are written with ``?`` placeholders."""

    placeholder = "?"
    # storage.writes.database_key of the database: writes for another one are refused.
    database = ""

    @abstractmethod
    async def connect(self) -> None:
        """Open connections and apply the migrations."""

    @abstractmethod
    async def disconnect(self) -> None:
        """Close connections."""

    @abstractmethod
    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a read-only statement.

        Raises:
            AuditError: the database failed (the message names only the kind of failure).
        """

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement in its own transaction under the write lock; row count.

        Raises:
            AuditError: the database failed.
        """

    @abstractmethod
    async def commit_batch(self, batch: Sequence[PendingAppend]) -> Committed:
        """Lock, run the appends' writes, read the head, insert the batch, commit.

        Returns, per append in order, its committed record or the ``CoupledWriteError`` of
        its failed writes (that append has no record).
        """

    @abstractmethod
    def contains(self, column: str) -> str:
        """SQL testing whether ``column`` contains the (placeholder) substring."""

    @staticmethod
    def in_order(
        batch: Sequence[PendingAppend],
        failed: dict[int, errors.CoupledWriteError],
        records: Sequence[AuditRecord],
    ) -> Committed:
        """Per append of ``batch``: its record, or its failure (``records`` skip failures)."""
        committed = iter(records)
        return [failed[i] if i in failed else next(committed) for i in range(len(batch))]

    @staticmethod
    def writes_failed(exc: BaseException) -> errors.CoupledWriteError:
        """The error an append gets when its writes failed (names only the kind)."""
        cause = type(exc).__name__
        failure = errors.CoupledWriteError(errors.COUPLED_WRITE_FAILED.format(cause=cause))
        failure.__cause__ = exc
        return failure

    def sql(self, text: str) -> str:
        """``text`` with this dialect's placeholders."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)
