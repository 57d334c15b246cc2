"""The fairness store, once for SQLite and PostgreSQL, on the storage kit (``storage.database``).

What the dialects still keep apart is the schema (``fairness.schema``) and three column forms:
times are integer microseconds in SQLite and ``timestamptz`` in PostgreSQL, report bodies are
``TEXT`` and ``jsonb``, and reports are ordered by ``rowid`` and by an identity column. Bulk
imports go through ``Transaction.insert_new`` (``executemany`` / ``COPY``).

Attribute-set and series ids are cached per process; ids created inside a transaction are
cached only once it committed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

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
    INSERT_ATTRIBUTE_SET,
    INSERT_SERIES,
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
from storage.database import Database, Transaction
from storage.migrations import StorageError
from storage.writes import Writes

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BATCH = 5000
_COLUMNS = (
    "decision_id",
    "series_id",
    "decided_at",
    "prediction",
    "score",
    "outcome",
    "attribute_set_id",
)


def _micros(value: datetime) -> int:
    return (value - _EPOCH) // timedelta(microseconds=1)


class SqlFairnessStore:
    """Fairness store on one ``Database``; use ``open_fairness_store``.

    Args:
        db: The database (opened, shared or owned).
        owns_db: Close ``db`` with the store (it was opened for this store alone).
    """

    def __init__(self, db: Database, *, owns_db: bool = False) -> None:
        self._db = db
        self._owns_db = owns_db
        self.database = db.key
        sqlite = db.dialect == "sqlite"
        self._time: Any = _micros if sqlite else (lambda moment: moment)
        self._body_in = "?" if sqlite else "?::jsonb"
        self._body_out = "body" if sqlite else "body::text"
        self._report_order = "created_at DESC, " + ("rowid DESC" if sqlite else "seq DESC")
        self._set_ids: dict[str, int] = {}
        self._series_ids: dict[tuple[str, str], int] = {}
        self._set_keys: dict[int, tuple[tuple[str, str], ...]] = {}

    async def migrate(self) -> None:
        """Create or upgrade the schema."""
        await self._guarded(self._db.migrate(FAIRNESS_SCHEMA))

    async def close(self) -> None:
        if self._owns_db:
            await self._db.close()

    async def _guarded(self, work: Any) -> Any:
        try:
            return await work
        except StorageError as exc:
            raise FairnessStoreError(f"fairness store failed: {exc}") from exc

    # ---- decisions ---------------------------------------------------------------------------

    def observation_writes(self, record: DecisionRecord) -> Writes:
        return Writes(self.database, observation_statements(record, self._time(record.decided_at)))

    async def _id(self, tx: Transaction, insert: str, select: str, params: tuple[str, ...]) -> int:
        await tx.execute(insert, params)
        row = await tx.fetch_one(select, params)
        assert row is not None  # inserted or already there, in this transaction
        return int(row[0])

    async def _set_id(self, tx: Transaction, key: str, new: dict[str, int]) -> int:
        known = self._set_ids.get(key) or new.get(key)
        if known is None:
            known = new[key] = await self._id(
                tx,
                INSERT_ATTRIBUTE_SET,
                "SELECT id FROM fairness_attribute_sets WHERE attributes = ?",
                (key,),
            )
        return known

    async def _series_id(
        self, tx: Transaction, series: tuple[str, str], new: dict[tuple[str, str], int]
    ) -> int:
        known = self._series_ids.get(series) or new.get(series)
        if known is None:
            known = new[series] = await self._id(
                tx,
                INSERT_SERIES,
                "SELECT id FROM fairness_series WHERE model_id = ? AND model_version = ?",
                series,
            )
        return known

    async def record_decision(self, record: DecisionRecord) -> bool:
        return await self.record_decisions([record]) == 1

    async def record_decisions(self, records: Iterable[DecisionRecord]) -> int:
        new_sets: dict[str, int] = {}
        new_series: dict[tuple[str, str], int] = {}
        inserted = 0
        iterator = iter(records)
        try:
            async with self._db.transaction() as tx:
                while batch := list(itertools.islice(iterator, _BATCH)):
                    rows = []
                    for record in batch:
                        if not isinstance(record, DecisionRecord):
                            raise InvalidDecisionError("expected DecisionRecord instances")
                        series = (record.model_id, record.model_version)
                        rows.append(
                            (
                                record.decision_id,
                                await self._series_id(tx, series, new_series),
                                self._time(record.decided_at),
                                record.prediction,
                                None if record.score is None else float(record.score),
                                record.outcome,
                                await self._set_id(tx, attribute_key(record.attributes), new_sets),
                            )
                        )
                    inserted += await tx.insert_new(
                        "fairness_decisions", _COLUMNS, rows, key="decision_id"
                    )
        except StorageError as exc:
            raise FairnessStoreError(f"fairness store failed: {exc}") from exc
        # Only now: ids created inside a rolled-back transaction must not be cached.
        self._set_ids.update(new_sets)
        self._series_ids.update(new_series)
        return inserted

    async def record_outcome(self, decision_id: str, outcome: int) -> None:
        if outcome not in (0, 1) or isinstance(outcome, bool):
            raise InvalidDecisionError("outcome must be 0 or 1")
        updated = await self._guarded(
            self._db.execute(
                "UPDATE fairness_decisions SET outcome = ?, outcome_at = ? WHERE decision_id = ?",
                (outcome, self._time(datetime.now(UTC)), decision_id),
            )
        )
        if updated == 0:
            raise DecisionNotFoundError(DECISION_NOT_FOUND.format(decision_id=decision_id))

    async def _fetch(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = await self._guarded(self._db.fetch(sql, params))
        return rows

    async def has_model(self, model_id: str) -> bool:
        rows = await self._fetch(
            "SELECT 1 FROM fairness_series s WHERE s.model_id = ? AND EXISTS"
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
        if model_version is None:
            series = await self._fetch(
                "SELECT id FROM fairness_series WHERE model_id = ?", (model_id,)
            )
        else:
            series = await self._fetch(
                "SELECT id FROM fairness_series WHERE model_id = ? AND model_version = ?",
                (model_id, model_version),
            )
        if not series:
            return CountTable(model_id=model_id, cells=())
        ids = [int(r[0]) for r in series]
        # The covering index (series_id, decided_at, ...) answers this without the table.
        sql = (
            "SELECT attribute_set_id, prediction, outcome, count(*) FROM fairness_decisions"  # noqa: S608 - placeholders only
            f" WHERE series_id IN ({', '.join('?' for _ in ids)}) AND decided_at < ?"
        )
        params: list[object] = [*ids, self._time(until)]
        if since is not None:
            sql += " AND decided_at >= ?"
            params.append(self._time(since))
        sql += " GROUP BY attribute_set_id, prediction, outcome"
        rows = await self._fetch(sql, tuple(params))
        missing = sorted({int(r[0]) for r in rows} - set(self._set_keys))
        if missing:
            for set_id, key in await self._fetch(
                "SELECT id, attributes FROM fairness_attribute_sets"  # noqa: S608 - placeholders only
                f" WHERE id IN ({', '.join('?' for _ in missing)})",
                tuple(missing),
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

    # ---- reports -----------------------------------------------------------------------------

    async def save_report(self, report: AuditReport) -> None:
        await self._guarded(
            self._db.execute(
                "INSERT INTO fairness_reports (report_id, model_id, created_at, status, body)"  # noqa: S608 - fixed fragments
                f" VALUES (?, ?, ?, ?, {self._body_in})",
                (
                    report.report_id,
                    report.model_id,
                    self._time(report.created_at),
                    report.status,
                    report_to_json(report).decode(),
                ),
            )
        )

    async def get_report(self, report_id: str) -> AuditReport:
        rows = await self._fetch(
            f"SELECT {self._body_out} FROM fairness_reports WHERE report_id = ?",  # noqa: S608
            (report_id,),
        )
        if not rows:
            raise ReportNotFoundError(REPORT_NOT_FOUND.format(report_id=report_id))
        return report_from_json(str(rows[0][0]))

    async def list_reports(
        self, *, model_id: str | None = None, limit: int = 50
    ) -> list[AuditReport]:
        limit = max(1, min(int(limit), 1000))
        params: tuple[object, ...]
        where, params = "", (limit,)
        if model_id is not None:
            where, params = " WHERE model_id = ?", (model_id, limit)
        rows = await self._fetch(
            f"SELECT {self._body_out} FROM fairness_reports{where}"  # noqa: S608 - fixed fragments
            f" ORDER BY {self._report_order} LIMIT ?",
            params,
        )
        return [report_from_json(str(r[0])) for r in rows]

    async def latest_report(self, model_id: str) -> AuditReport | None:
        reports = await self.list_reports(model_id=model_id, limit=1)
        return reports[0] if reports else None

    async def latest_status(self, model_id: str) -> ModelStatus:
        return status_of(await self.latest_report(model_id))
