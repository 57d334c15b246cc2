"""SQLite implementation of the fairness store (stdlib sqlite3, work runs in a thread)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from fairness.errors import (
    DECISION_NOT_FOUND,
    REPORT_NOT_FOUND,
    DecisionNotFoundError,
    FairnessStoreError,
    InvalidDecisionError,
    ReportNotFoundError,
)
from fairness.schema import FAIRNESS_SCHEMA
from fairness.store import (
    attribute_key,
    check_window,
    observation_statements,
    parse_attribute_key,
    status_of,
)
from fairness.types import (
    AuditReport,
    CountCell,
    CountTable,
    DecisionRecord,
    ModelStatus,
    report_from_json,
    report_to_json,
)
from storage.migrations import StorageError
from storage.sqlite import migrate_sqlite
from storage.writes import Writes, database_key

T = TypeVar("T")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BATCH = 5000


def sqlite_path(url: str) -> str:
    """File path of ``sqlite:///relative.db`` / ``sqlite:////abs.db``; ``:memory:`` if none."""
    rest = unquote(urlsplit(url).path)
    # sqlite:///x -> path "/x" (relative "x"); sqlite:////x -> path "//x" (absolute "/x").
    rest = rest[1:] if rest.startswith("/") else rest
    return rest or ":memory:"


def _micros(value: datetime) -> int:
    return (value - _EPOCH) // timedelta(microseconds=1)


WAL_ATTEMPTS = 50
WAL_RETRY_S = 0.1


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, retrying: while another connection (a second worker starting at the
    same moment) holds a lock, SQLite answers "database is locked" at once here instead of
    waiting for busy_timeout."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(WAL_RETRY_S)


class SqliteFairnessStore:
    """Fairness store in one SQLite file; use ``open_fairness_store``."""

    def __init__(self, *, connection: sqlite3.Connection, url: str) -> None:
        self.database = database_key(url)
        self._conn = connection
        self._lock = threading.Lock()
        self._set_ids: dict[str, int] = {}
        self._series_ids: dict[tuple[str, str], int] = {}
        self._set_keys: dict[int, tuple[tuple[str, str], ...]] = {}

    @classmethod
    async def open(cls, url: str) -> SqliteFairnessStore:
        """Opens the database at ``sqlite:///path`` and creates missing tables."""
        target = sqlite_path(url)

        def connect() -> sqlite3.Connection:
            if target != ":memory:":
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=5000")
            _enable_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            try:
                migrate_sqlite(conn, FAIRNESS_SCHEMA)
            except BaseException:
                conn.close()
                raise
            return conn

        try:
            connection = await asyncio.to_thread(connect)
        except (sqlite3.Error, OSError, StorageError) as exc:
            raise FairnessStoreError(f"cannot open SQLite fairness store: {exc}") from exc
        return cls(connection=connection, url=url)

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        def locked() -> T:
            with self._lock:
                return fn(self._conn)

        try:
            return await asyncio.to_thread(locked)
        except sqlite3.Error as exc:
            raise FairnessStoreError(f"SQLite fairness store failed: {exc}") from exc

    def _transaction(self, conn: sqlite3.Connection, body: Callable[[], T]) -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = body()
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    async def close(self) -> None:
        await self._run(lambda conn: conn.close())

    def _set_id(self, conn: sqlite3.Connection, key: str) -> int:
        cached = self._set_ids.get(key)
        if cached is not None:
            return cached
        conn.execute(
            "INSERT INTO fairness_attribute_sets (attributes) VALUES (?) ON CONFLICT DO NOTHING",
            (key,),
        )
        row = conn.execute(
            "SELECT id FROM fairness_attribute_sets WHERE attributes = ?", (key,)
        ).fetchone()
        set_id = int(row[0])
        self._set_ids[key] = set_id
        return set_id

    def _series_id(self, conn: sqlite3.Connection, model_id: str, model_version: str) -> int:
        cached = self._series_ids.get((model_id, model_version))
        if cached is not None:
            return cached
        conn.execute(
            "INSERT INTO fairness_series (model_id, model_version) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (model_id, model_version),
        )
        row = conn.execute(
            "SELECT id FROM fairness_series WHERE model_id = ? AND model_version = ?",
            (model_id, model_version),
        ).fetchone()
        series_id = int(row[0])
        self._series_ids[(model_id, model_version)] = series_id
        return series_id

    def _insert(self, conn: sqlite3.Connection, records: Iterable[DecisionRecord]) -> int:
        inserted = 0
        iterator: Iterator[DecisionRecord] = iter(records)
        while True:
            batch = []
            for record in iterator:
                if not isinstance(record, DecisionRecord):
                    raise InvalidDecisionError("expected DecisionRecord instances")
                batch.append(
                    (
                        record.decision_id,
                        self._series_id(conn, record.model_id, record.model_version),
                        _micros(record.decided_at),
                        record.prediction,
                        None if record.score is None else float(record.score),
                        record.outcome,
                        self._set_id(conn, attribute_key(record.attributes)),
                    )
                )
                if len(batch) >= _BATCH:
                    break
            if not batch:
                return inserted
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO fairness_decisions (decision_id, series_id,"
                " decided_at, prediction, score, outcome, attribute_set_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (decision_id) DO NOTHING",
                batch,
            )
            inserted += conn.total_changes - before

    def observation_writes(self, record: DecisionRecord) -> Writes:
        return Writes(self.database, observation_statements(record, _micros(record.decided_at)))

    async def record_decision(self, record: DecisionRecord) -> bool:
        return await self.record_decisions([record]) == 1

    async def record_decisions(self, records: Iterable[DecisionRecord]) -> int:
        def work(conn: sqlite3.Connection) -> int:
            try:
                return self._transaction(conn, lambda: self._insert(conn, records))
            except BaseException:
                # Ids cached inside a rolled-back transaction do not exist.
                self._set_ids.clear()
                self._series_ids.clear()
                raise

        return await self._run(work)

    async def record_outcome(self, decision_id: str, outcome: int) -> None:
        if outcome not in (0, 1) or isinstance(outcome, bool):
            raise InvalidDecisionError("outcome must be 0 or 1")

        def work(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "UPDATE fairness_decisions SET outcome = ?, outcome_at = ? WHERE decision_id = ?",
                (outcome, _micros(datetime.now(UTC)), decision_id),
            )
            return cursor.rowcount

        if await self._run(work) == 0:
            raise DecisionNotFoundError(DECISION_NOT_FOUND.format(decision_id=decision_id))

    async def has_model(self, model_id: str) -> bool:
        row = await self._run(
            lambda conn: conn.execute(
                "SELECT 1 FROM fairness_series s WHERE s.model_id = ? AND EXISTS"
                " (SELECT 1 FROM fairness_decisions d WHERE d.series_id = s.id)",
                (model_id,),
            ).fetchone()
        )
        return row is not None

    async def list_models(self) -> list[str]:
        rows = await self._run(
            lambda conn: conn.execute(
                "SELECT DISTINCT model_id FROM fairness_series s WHERE EXISTS"
                " (SELECT 1 FROM fairness_decisions d WHERE d.series_id = s.id)"
                " ORDER BY model_id"
            ).fetchall()
        )
        return [str(r[0]) for r in rows]

    async def confusion_counts(
        self,
        model_id: str,
        *,
        since: datetime | None,
        until: datetime,
        model_version: str | None = None,
    ) -> CountTable:
        check_window(since, until)
        sql = (
            "SELECT attribute_set_id, prediction, outcome, count(*) FROM fairness_decisions"
            " WHERE series_id IN (SELECT id FROM fairness_series WHERE model_id = ?"
            " AND (? IS NULL OR model_version = ?))"
            " AND decided_at >= ? AND decided_at < ?"
            " GROUP BY attribute_set_id, prediction, outcome"
        )
        params: list[object] = [
            model_id,
            model_version,
            model_version,
            _micros(since) if since else -(2**62),
            _micros(until),
        ]

        def work(conn: sqlite3.Connection) -> list[CountCell]:
            rows = conn.execute(sql, params).fetchall()
            missing = {int(r[0]) for r in rows} - set(self._set_keys)
            if missing:
                marks = ",".join("?" * len(missing))
                for set_id, key in conn.execute(
                    f"SELECT id, attributes FROM fairness_attribute_sets WHERE id IN ({marks})",  # noqa: S608
                    sorted(missing),
                ):
                    self._set_keys[int(set_id)] = parse_attribute_key(key)
            return [
                CountCell(
                    attributes=self._set_keys[int(r[0])],
                    prediction=int(r[1]),
                    outcome=None if r[2] is None else int(r[2]),
                    n=int(r[3]),
                )
                for r in rows
            ]

        cells = await self._run(work)
        return CountTable(model_id=model_id, cells=tuple(cells))

    async def save_report(self, report: AuditReport) -> None:
        body = report_to_json(report).decode()
        await self._run(
            lambda conn: conn.execute(
                "INSERT INTO fairness_reports (report_id, model_id, created_at, status, body)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    report.report_id,
                    report.model_id,
                    _micros(report.created_at),
                    report.status,
                    body,
                ),
            )
        )

    async def get_report(self, report_id: str) -> AuditReport:
        row = await self._run(
            lambda conn: conn.execute(
                "SELECT body FROM fairness_reports WHERE report_id = ?", (report_id,)
            ).fetchone()
        )
        if row is None:
            raise ReportNotFoundError(REPORT_NOT_FOUND.format(report_id=report_id))
        return report_from_json(row[0])

    async def list_reports(
        self, *, model_id: str | None = None, limit: int = 50
    ) -> list[AuditReport]:
        limit = max(1, min(int(limit), 1000))
        params: tuple[object, ...]
        if model_id is None:
            sql, params = (
                "SELECT body FROM fairness_reports ORDER BY created_at DESC, rowid DESC LIMIT ?",
                (limit,),
            )
        else:
            sql, params = (
                "SELECT body FROM fairness_reports WHERE model_id = ?"
                " ORDER BY created_at DESC, rowid DESC LIMIT ?",
                (model_id, limit),
            )
        rows = await self._run(lambda conn: conn.execute(sql, params).fetchall())
        return [report_from_json(r[0]) for r in rows]

    async def latest_report(self, model_id: str) -> AuditReport | None:
        reports = await self.list_reports(model_id=model_id, limit=1)
        return reports[0] if reports else None

    async def latest_status(self, model_id: str) -> ModelStatus:
        return status_of(await self.latest_report(model_id))
