"""The observation store: one row per decision, audit reports, and the aggregation query.

Protected attributes are normalised into *attribute sets*: every distinct combination of
attribute values (e.g. ``{"age_band": "30-44", "sex": "f"}``) is stored once and decisions
reference it by a small integer. The audit query is then a single
``GROUP BY attribute_set_id, prediction, outcome`` over a covering index, whatever the
number of attributes; marginal and intersectional groups are summed from its few hundred
result rows in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

from fairness.errors import (
    INVALID_WINDOW,
    NAIVE_DATETIME,
    UNSUPPORTED_URL,
    FairnessStoreError,
    InvalidDecisionError,
    InvalidWindowError,
)
from fairness.types import AuditReport, CountTable, DecisionRecord, ModelStatus
from storage.database import Database, open_database
from storage.migrations import StorageError
from storage.writes import Statement, Writes

INSERT_SERIES = (
    "INSERT INTO fairness_series (model_id, model_version) VALUES (?, ?) ON CONFLICT DO NOTHING"
)
INSERT_ATTRIBUTE_SET = (
    "INSERT INTO fairness_attribute_sets (attributes) VALUES (?) ON CONFLICT DO NOTHING"
)
_INSERT_OBSERVATION = (
    "INSERT INTO fairness_decisions (decision_id, series_id, decided_at, prediction, score,"
    " outcome, attribute_set_id) VALUES (?,"
    " (SELECT id FROM fairness_series WHERE model_id = ? AND model_version = ?), ?, ?, ?, ?,"
    " (SELECT id FROM fairness_attribute_sets WHERE attributes = ?))"
    " ON CONFLICT (decision_id) DO NOTHING"
)


@runtime_checkable
class FairnessStore(Protocol):
    """Where decisions and audit reports live (SQLite or PostgreSQL)."""

    database: str  # storage.writes.database_key of the database

    async def close(self) -> None:
        """Releases connections."""

    def observation_writes(self, record: DecisionRecord) -> Writes:
        """The rows of one new decision, to commit with its audit record (``storage.writes``).

        Like ``record_decision``, a decision id already stored is left unchanged.
        """

    async def record_decision(self, record: DecisionRecord) -> bool:
        """Stores one decision; False if its decision id was already stored (row unchanged)."""

    async def record_decisions(self, records: Iterable[DecisionRecord]) -> int:
        """Stores many decisions in ONE transaction; returns how many were new.

        An exception raised while iterating ``records`` rolls the transaction back and
        propagates unchanged.
        """

    async def record_outcome(self, decision_id: str, outcome: int) -> None:
        """Sets (or corrects) the ground truth of a decision.

        Raises:
            DecisionNotFoundError: unknown decision id.
        """

    async def has_model(self, model_id: str) -> bool:
        """True if any decision of the model was ever recorded."""

    async def list_models(self) -> list[str]:
        """Models with at least one recorded decision, sorted."""

    async def confusion_counts(
        self,
        model_id: str,
        *,
        since: datetime | None,
        until: datetime,
        model_version: str | None = None,
    ) -> CountTable:
        """Decisions per attribute set, prediction and outcome in ``[since, until)``."""

    async def save_report(self, report: AuditReport) -> None:
        """Stores an audit report."""

    async def get_report(self, report_id: str) -> AuditReport:
        """One report.

        Raises:
            ReportNotFoundError: unknown id.
        """

    async def list_reports(
        self, *, model_id: str | None = None, limit: int = 50
    ) -> list[AuditReport]:
        """Reports, newest first."""

    async def latest_report(self, model_id: str) -> AuditReport | None:
        """The newest report of a model, or None."""

    async def latest_status(self, model_id: str) -> ModelStatus:
        """Status of the model's newest audit: passing, failing or unknown (none/insufficient).

        A report view; the decision policy reads the gate (``fairness.gate``), which only a
        full-window audit of the production version moves.
        """


def observation_statements(record: DecisionRecord, decided_at: object) -> tuple[Statement, ...]:
    """Insert ``record`` (with ``decided_at`` in the dialect's form), its series and
    attribute set if new; ids are looked up in SQL, so no statement depends on another's result.

    Raises:
        InvalidDecisionError: ``record`` is not a fairness ``DecisionRecord``.
    """
    if not isinstance(record, DecisionRecord):
        raise InvalidDecisionError("expected a DecisionRecord")
    key = attribute_key(record.attributes)
    score = None if record.score is None else float(record.score)
    return (
        Statement(INSERT_SERIES, (record.model_id, record.model_version)),
        Statement(INSERT_ATTRIBUTE_SET, (key,)),
        Statement(
            _INSERT_OBSERVATION,
            (
                record.decision_id,
                record.model_id,
                record.model_version,
                decided_at,
                record.prediction,
                score,
                record.outcome,
                key,
            ),
        ),
    )


def status_of(report: AuditReport | None) -> ModelStatus:
    """Maps a report to the status published to the policy engine."""
    if report is None or report.status == "insufficient_data":
        return "unknown"
    return report.status


def attribute_key(attributes: Mapping[str, str]) -> str:
    """Canonical JSON of an attribute set (sorted keys, no spaces)."""
    return json.dumps(dict(sorted(attributes.items())), separators=(",", ":"), ensure_ascii=False)


def parse_attribute_key(key: str) -> tuple[tuple[str, str], ...]:
    """Inverse of ``attribute_key``."""
    loaded: dict[str, str] = json.loads(key)
    return tuple(sorted(loaded.items()))


def check_window(since: datetime | None, until: datetime) -> None:
    """Raises InvalidWindowError for naive datetimes or an empty/inverted window."""
    if until.tzinfo is None:
        raise InvalidWindowError(NAIVE_DATETIME.format(name="until"))
    if since is not None:
        if since.tzinfo is None:
            raise InvalidWindowError(NAIVE_DATETIME.format(name="since"))
        if since >= until:
            raise InvalidWindowError(INVALID_WINDOW)


def utcnow() -> datetime:
    """Current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


async def open_fairness_store(target: str | Database) -> FairnessStore:
    """Opens (and migrates, idempotently) the store on ``target``.

    Args:
        target: the process's shared ``storage.database.Database``, or a URL
            (``sqlite:///path.db``, ``sqlite://`` in memory, ``postgresql://...``) for a
            database of the store's own (closed with the store).

    Raises:
        FairnessStoreError: unsupported scheme or unreachable database.
    """
    from fairness.sql_store import SqlFairnessStore

    if isinstance(target, Database):
        store = SqlFairnessStore(target)
    else:
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise FairnessStoreError(UNSUPPORTED_URL.format(scheme=scheme))
        try:
            db = await open_database(target)
        except StorageError as exc:
            raise FairnessStoreError(f"cannot open the fairness store: {exc}") from exc
        store = SqlFairnessStore(db, owns_db=True)
    try:
        await store.migrate()
    except FairnessStoreError:
        await store.close()
        raise
    return store
