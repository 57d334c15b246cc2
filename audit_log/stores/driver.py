"""The storage driver: what the appender and the log reader need from a SQL database.

A driver opens and migrates the database, runs statements in its dialect and commits one
group-commit batch in one transaction under the store-wide write lock (SQLite ``BEGIN
IMMEDIATE`` behind a lock file, PostgreSQL an advisory lock), reading the chain head inside
that transaction, so several processes appending to one database still produce one gapless
chain. ``audit_log.stores.sqlite`` and ``audit_log.stores.postgres`` are the two drivers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from audit_log.stores.rows import PendingAppend, Row
from audit_log.types import AuditRecord


class SqlDriver(ABC):
    """One database in one SQL dialect; statements are written with ``?`` placeholders."""

    placeholder = "?"

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
    async def commit_batch(self, batch: Sequence[PendingAppend]) -> list[AuditRecord]:
        """Lock, read the head, insert the batch, commit; returns the committed records."""

    @abstractmethod
    def contains(self, column: str) -> str:
        """SQL testing whether ``column`` contains the (placeholder) substring."""

    def sql(self, text: str) -> str:
        """``text`` with this dialect's placeholders."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)
