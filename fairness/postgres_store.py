"""PostgreSQL implementation of the fairness store (psycopg 3, async pool)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

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
from storage.postgres import migrate_postgres
from storage.writes import Writes, database_key

_BATCH = 5000
_INSERT_COLUMNS = "decision_id, series_id, decided_at, prediction, score, outcome, attribute_set_id"


class PostgresFairnessStore:
    """Fairness store in PostgreSQL; use ``open_fairness_store``."""

    def __init__(self, *, pool: AsyncConnectionPool, url: str) -> None:
        self.database = database_key(url)
        self._pool = pool
        self._set_ids: dict[str, int] = {}
        self._series_ids: dict[tuple[str, str], int] = {}
        self._set_keys: dict[int, tuple[tuple[str, str], ...]] = {}

    @classmethod
    async def open(cls, url: str, *, max_size: int = 4) -> PostgresFairnessStore:
        """Connects, creates missing tables (idempotent, concurrency-safe)."""
        pool = AsyncConnectionPool(url, min_size=1, max_size=max_size, open=False)
        try:
            await pool.open(wait=True, timeout=10)
            async with pool.connection() as conn:
                await migrate_postgres(conn, FAIRNESS_SCHEMA)
        except Exception as exc:  # psycopg errors, PoolTimeout, bad URLs: all fail closed
            await pool.close()
            raise FairnessStoreError(f"cannot open PostgreSQL fairness store: {exc}") from exc
        return cls(pool=pool, url=url)

    async def close(self) -> None:
        await self._pool.close()

    async def _set_id(self, conn: psycopg.AsyncConnection[Any], key: str) -> int:
        cached = self._set_ids.get(key)
        if cached is not None:
            return cached
        await conn.execute(
            "INSERT INTO fairness_attribute_sets (attributes) VALUES (%s) ON CONFLICT DO NOTHING",
            (key,),
        )
        cursor = await conn.execute(
            "SELECT id FROM fairness_attribute_sets WHERE attributes = %s", (key,)
        )
        row = await cursor.fetchone()
        assert row is not None
        set_id = int(row[0])
        return set_id

    async def _series_id(
        self, conn: psycopg.AsyncConnection[Any], model_id: str, model_version: str
    ) -> int:
        cached = self._series_ids.get((model_id, model_version))
        if cached is not None:
            return cached
        await conn.execute(
            "INSERT INTO fairness_series (model_id, model_version) VALUES (%s, %s)"
            " ON CONFLICT DO NOTHING",
            (model_id, model_version),
        )
        cursor = await conn.execute(
            "SELECT id FROM fairness_series WHERE model_id = %s AND model_version = %s",
            (model_id, model_version),
        )
        row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    def observation_writes(self, record: DecisionRecord) -> Writes:
        return Writes(self.database, observation_statements(record, record.decided_at))

    async def record_decision(self, record: DecisionRecord) -> bool:
        if not isinstance(record, DecisionRecord):
            raise InvalidDecisionError("expected a DecisionRecord")
        key = attribute_key(record.attributes)
        try:
            async with self._pool.connection() as conn, conn.transaction():
                set_id = self._set_ids.get(key) or await self._set_id(conn, key)
                series = (record.model_id, record.model_version)
                series_id = await self._series_id(conn, *series)
                cursor = await conn.execute(
                    f"INSERT INTO fairness_decisions ({_INSERT_COLUMNS})"  # noqa: S608
                    " VALUES (%s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (decision_id) DO NOTHING",
                    (
                        record.decision_id,
                        series_id,
                        record.decided_at,
                        record.prediction,
                        record.score,
                        record.outcome,
                        set_id,
                    ),
                )
                inserted = cursor.rowcount == 1
        except psycopg.Error as exc:
            raise FairnessStoreError(f"PostgreSQL fairness store failed: {exc}") from exc
        self._set_ids[key] = set_id
        self._series_ids[series] = series_id
        return inserted

    async def record_decisions(self, records: Iterable[DecisionRecord]) -> int:
        new_ids: dict[str, int] = {}
        new_series: dict[tuple[str, str], int] = {}
        inserted = 0
        iterator = iter(records)
        try:
            async with self._pool.connection() as conn, conn.transaction():
                await conn.execute(
                    "CREATE TEMP TABLE fairness_staging (LIKE fairness_decisions"
                    " INCLUDING DEFAULTS) ON COMMIT DROP"
                )
                while batch := list(itertools.islice(iterator, _BATCH)):
                    rows = []
                    for record in batch:
                        if not isinstance(record, DecisionRecord):
                            raise InvalidDecisionError("expected DecisionRecord instances")
                        key = attribute_key(record.attributes)
                        set_id = self._set_ids.get(key) or new_ids.get(key)
                        if set_id is None:
                            set_id = new_ids[key] = await self._set_id(conn, key)
                        series = (record.model_id, record.model_version)
                        series_id = new_series.get(series)
                        if series_id is None:
                            series_id = new_series[series] = await self._series_id(conn, *series)
                        rows.append(
                            (
                                record.decision_id,
                                series_id,
                                record.decided_at,
                                record.prediction,
                                record.score,
                                record.outcome,
                                set_id,
                            )
                        )
                    async with conn.cursor().copy(
                        f"COPY fairness_staging ({_INSERT_COLUMNS}) FROM STDIN"
                    ) as copy:
                        for row in rows:
                            await copy.write_row(row)
                cursor = await conn.execute(
                    f"INSERT INTO fairness_decisions ({_INSERT_COLUMNS})"  # noqa: S608
                    f" SELECT {_INSERT_COLUMNS} FROM fairness_staging"
                    " ON CONFLICT (decision_id) DO NOTHING"
                )
                inserted = cursor.rowcount
        except psycopg.Error as exc:
            raise FairnessStoreError(f"PostgreSQL fairness store failed: {exc}") from exc
        # Only now: ids created inside a rolled-back transaction must not be cached.
        self._set_ids.update(new_ids)
        self._series_ids.update(new_series)
        return inserted

    async def record_outcome(self, decision_id: str, outcome: int) -> None:
        if outcome not in (0, 1) or isinstance(outcome, bool):
            raise InvalidDecisionError("outcome must be 0 or 1")
        try:
            async with self._pool.connection() as conn:
                cursor = await conn.execute(
                    "UPDATE fairness_decisions SET outcome = %s, outcome_at = now()"
                    " WHERE decision_id = %s",
                    (outcome, decision_id),
                )
                updated = cursor.rowcount
        except psycopg.Error as exc:
            raise FairnessStoreError(f"PostgreSQL fairness store failed: {exc}") from exc
        if updated == 0:
            raise DecisionNotFoundError(DECISION_NOT_FOUND.format(decision_id=decision_id))

    async def _fetch(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            async with self._pool.connection() as conn:
                cursor = await conn.execute(sql, params)
                rows = await cursor.fetchall()
        except psycopg.Error as exc:
            raise FairnessStoreError(f"PostgreSQL fairness store failed: {exc}") from exc
        return [tuple(r) for r in rows]

    async def has_model(self, model_id: str) -> bool:
        rows = await self._fetch(
            "SELECT 1 FROM fairness_series s WHERE s.model_id = %s AND EXISTS"
            " (SELECT 1 FROM fairness_decisions d WHERE d.series_id = s.id) LIMIT 1",
            (model_id,),
        )
        return bool(rows)

    async def list_models(self) -> list[str]:
        rows = await self._fetch(
            "SELECT DISTINCT model_id FROM fairness_series s WHERE EXISTS"
            " (SELECT 1 FROM fairness_decisions d WHERE d.series_id = s.id) ORDER BY model_id"
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
        series = await self._fetch(
            "SELECT id FROM fairness_series WHERE model_id = %s"
            " AND (%s::text IS NULL OR model_version = %s)",
            (model_id, model_version, model_version),
        )
        if not series:
            return CountTable(model_id=model_id, cells=())
        sql = (
            "SELECT attribute_set_id, prediction, outcome, count(*) FROM fairness_decisions"
            " WHERE series_id = ANY(%s) AND decided_at < %s"
        )
        params: list[object] = [[int(r[0]) for r in series], until]
        if since is not None:
            sql += " AND decided_at >= %s"
            params.append(since)
        sql += " GROUP BY attribute_set_id, prediction, outcome"
        rows = await self._fetch(sql, tuple(params))
        missing = {int(r[0]) for r in rows} - set(self._set_keys)
        if missing:
            for set_id, key in await self._fetch(
                "SELECT id, attributes FROM fairness_attribute_sets WHERE id = ANY(%s)",
                (sorted(missing),),
            ):
                self._set_keys[int(set_id)] = parse_attribute_key(str(key))
        cells = tuple(
            CountCell(
                attributes=self._set_keys[int(r[0])],
                prediction=int(r[1]),
                outcome=None if r[2] is None else int(r[2]),
                n=int(r[3]),
            )
            for r in rows
        )
        return CountTable(model_id=model_id, cells=cells)

    async def save_report(self, report: AuditReport) -> None:
        try:
            async with self._pool.connection() as conn:
                await conn.execute(
                    "INSERT INTO fairness_reports (report_id, model_id, created_at, status, body)"
                    " VALUES (%s, %s, %s, %s, %s::jsonb)",
                    (
                        report.report_id,
                        report.model_id,
                        report.created_at,
                        report.status,
                        report_to_json(report).decode(),
                    ),
                )
        except psycopg.Error as exc:
            raise FairnessStoreError(f"PostgreSQL fairness store failed: {exc}") from exc

    async def get_report(self, report_id: str) -> AuditReport:
        rows = await self._fetch(
            "SELECT body::text FROM fairness_reports WHERE report_id = %s", (report_id,)
        )
        if not rows:
            raise ReportNotFoundError(REPORT_NOT_FOUND.format(report_id=report_id))
        return report_from_json(str(rows[0][0]))

    async def list_reports(
        self, *, model_id: str | None = None, limit: int = 50
    ) -> list[AuditReport]:
        limit = max(1, min(int(limit), 1000))
        if model_id is None:
            rows = await self._fetch(
                "SELECT body::text FROM fairness_reports ORDER BY created_at DESC, seq DESC"
                " LIMIT %s",
                (limit,),
            )
        else:
            rows = await self._fetch(
                "SELECT body::text FROM fairness_reports WHERE model_id = %s"
                " ORDER BY created_at DESC, seq DESC LIMIT %s",
                (model_id, limit),
            )
        return [report_from_json(str(r[0])) for r in rows]

    async def latest_report(self, model_id: str) -> AuditReport | None:
        reports = await self.list_reports(model_id=model_id, limit=1)
        return reports[0] if reports else None

    async def latest_status(self, model_id: str) -> ModelStatus:
        return status_of(await self.latest_report(model_id))
