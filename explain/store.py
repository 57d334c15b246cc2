"""Decision store: a small async protocol and one implementation on the storage kit.

Records are stored as msgspec JSON (exact round trip, so replays hash the same features)
plus a few indexed columns for filtering. Access codes are stored only as HMAC hashes; a wrong
or expired code raises the same :class:`DecisionNotFoundError` as an unknown id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import urlparse

from explain.access_codes import AccessCodeHasher
from explain.errors import DecisionNotFoundError, DecisionStoreError, FeatureValidationError
from explain.lifecycle import current_state, request_review
from explain.records import (
    DEFAULT_REVIEW_DEADLINE,
    DecisionRecord,
    DecisionState,
    FinalOutcome,
    FinalOutcomeValue,
    OutcomeSource,
    RecordCipher,
    ReviewRequest,
)
from explain.scoring import Outcome
from storage.database import Database, DuplicateKeyError, open_database
from storage.migrations import AddColumn, Migration, Schema, StorageError
from storage.writes import Statement, Writes

MAX_REVIEW_MESSAGE_CHARS = 5000
MAX_REVIEW_REQUESTS = 20
MSG_MESSAGE_TOO_LONG = f"longer than {MAX_REVIEW_MESSAGE_CHARS} characters"
MSG_TOO_MANY_REQUESTS = "too many review requests for this decision"
MSG_DUPLICATE_ID = "decision id already stored"
T = TypeVar("T")


def _decisions_table(time_type: str, bool_type: str) -> str:
    return f"""CREATE TABLE IF NOT EXISTS explain_decisions (
    id TEXT PRIMARY KEY,
    created_at {time_type} NOT NULL,
    service TEXT NOT NULL,
    model_id TEXT NOT NULL,
    model_version TEXT NOT NULL,
    outcome TEXT NOT NULL,
    final_outcome TEXT,
    review_requested {bool_type},
    access_code_hash TEXT,
    access_code_expires_at {time_type},
    record TEXT NOT NULL
)"""


_BASE = (
    "CREATE INDEX IF NOT EXISTS explain_decisions_model_time"
    " ON explain_decisions (model_id, created_at)",
    "CREATE INDEX IF NOT EXISTS explain_decisions_time ON explain_decisions (created_at)",
    "CREATE TABLE IF NOT EXISTS explain_code_failures ("
    "decision_id TEXT PRIMARY KEY, failures INTEGER NOT NULL)",
)
_QUEUE_INDEX = (
    "CREATE INDEX IF NOT EXISTS explain_decisions_queue ON explain_decisions (state, review_due_at)"
)
# Version 1 is the base schema of the releases up to 0.4.0 (IF NOT EXISTS: their databases adopt
# it unchanged); version 2 the lifecycle columns that 0.4 added ad hoc on open (AddColumn skips
# them where that code already did). Rows stored before have NULL and are filled from their
# records by ``_backfill_states``.
DECISIONS_SCHEMA = Schema(
    store="explain",
    migrations=(
        Migration(
            version=1,
            description="decisions, wrong access code counters",
            sqlite=(_decisions_table("TEXT", "INTEGER NOT NULL DEFAULT 0"), *_BASE),
            postgres=(_decisions_table("TIMESTAMPTZ", "BOOLEAN NOT NULL DEFAULT FALSE"), *_BASE),
        ),
        Migration(
            version=2,
            description="lifecycle columns: state, review due date, review queue index",
            sqlite=(
                AddColumn(table="explain_decisions", column="state", type="TEXT"),
                AddColumn(table="explain_decisions", column="review_due_at", type="TEXT"),
                _QUEUE_INDEX,
            ),
            postgres=(
                AddColumn(table="explain_decisions", column="state", type="TEXT"),
                AddColumn(table="explain_decisions", column="review_due_at", type="TIMESTAMPTZ"),
                _QUEUE_INDEX,
            ),
        ),
    ),
)
# Wrong access codes per existing decision (unknown ids are not counted: no rows for guesses).
_ADD_FAILURE = (
    "INSERT INTO explain_code_failures (decision_id, failures)"
    " SELECT id, 1 FROM explain_decisions WHERE id = ?"
    " ON CONFLICT (decision_id) DO UPDATE SET failures = explain_code_failures.failures + 1"
)
_GET_FAILURES = "SELECT failures FROM explain_code_failures WHERE decision_id = ?"
_RESET_FAILURES = "DELETE FROM explain_code_failures WHERE decision_id = ?"
_INSERT_DECISION = (
    "INSERT INTO explain_decisions (id, created_at, service, model_id, model_version,"
    " outcome, final_outcome, review_requested, access_code_hash,"
    " access_code_expires_at, record, state, review_due_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionFilter:
    """Filters for :meth:`DecisionStore.list` (all optional, combined with AND).

    Results are ordered by ``created_at`` then ``id`` (``order="due"``: by review due date,
    records without one by creation time); ``after_id`` continues after the decision with
    that id (keyset pagination). ``services`` narrows to a set of services (an officer's
    scopes), ``states`` to lifecycle states, ``due_before`` to reviews due before a moment.
    """

    model_id: str | None = None
    model_version: str | None = None
    service: str | None = None
    # Any of these services (a caller's scope); an empty tuple matches nothing.
    services: tuple[str, ...] | None = None
    outcome: Outcome | None = None
    since: datetime | None = None
    until: datetime | None = None
    has_final_outcome: bool | None = None
    review_requested: bool | None = None
    states: tuple[DecisionState, ...] | None = None
    due_before: datetime | None = None
    order: Literal["created", "due"] = "created"
    after_id: str | None = None
    limit: int = 100


class DecisionStore(Protocol):
    """Where decisions live. Every method raises DecisionStoreError on backend failure."""

    async def open(self) -> None:
        """Connect and create or migrate the schema."""

    def new_decision_writes(
        self,
        record: DecisionRecord,
        *,
        access_code: str | None = None,
        access_code_expires_at: datetime | None = None,
    ) -> Writes:
        """The rows of a new decision, to commit with its audit record (``storage.writes``)."""

    async def save(
        self,
        record: DecisionRecord,
        *,
        access_code: str | None = None,
        access_code_expires_at: datetime | None = None,
    ) -> None:
        """Store a new decision on its own; the access code is kept only as a hash."""

    async def get(self, decision_id: str) -> DecisionRecord:
        """A decision by id (officers and the calling service); DecisionNotFoundError if none."""

    async def get_for_citizen(
        self, decision_id: str, access_code: str, *, now: datetime | None = None
    ) -> DecisionRecord:
        """A decision for the citizen; unknown id, wrong or expired code: DecisionNotFoundError."""

    async def set_outcome(
        self,
        decision_id: str,
        outcome: FinalOutcomeValue,
        source: OutcomeSource,
        *,
        now: datetime | None = None,
    ) -> DecisionRecord:
        """Record ground truth or a human reviewer's final decision; returns the new record."""

    async def add_review_request(
        self,
        decision_id: str,
        message: str,
        *,
        access_code: str,
        now: datetime | None = None,
        review_deadline: timedelta = DEFAULT_REVIEW_DEADLINE,
    ) -> ReviewRequest:
        """Record a citizen's request for human review (access code checked like ``get``).

        The decision enters the review queue, due ``review_deadline`` after the request;
        ``LifecycleError`` if a person already decided it.
        """

    async def apply(
        self, decision_id: str, change: Callable[[DecisionRecord], DecisionRecord]
    ) -> DecisionRecord:
        """Apply a lifecycle ``change`` in one transaction; DecisionNotFoundError if no such id.

        Exceptions raised by ``change`` (e.g. ``LifecycleError``) leave the record unchanged.
        """

    async def list(self, filters: DecisionFilter | None = None) -> tuple[DecisionRecord, ...]:
        """Decisions matching ``filters``, oldest first."""

    async def code_failures(self, decision_id: str) -> int:
        """Wrong access codes tried on this decision since its last unlock."""

    async def add_code_failure(self, decision_id: str) -> None:
        """Count one wrong access code (nothing for an unknown id)."""

    async def reset_code_failures(self, decision_id: str) -> None:
        """Unlock: forget the wrong codes tried on this decision."""

    async def ping(self) -> None:
        """Readiness check; raises DecisionStoreError when the backend is unreachable."""

    async def aclose(self) -> None:
        """Release connections."""


async def open_decision_store(
    target: str | Database, *, access_code_secret: bytes
) -> DecisionStore:
    """Open (and migrate) the store on ``target``: the process's shared
    ``storage.database.Database``, or a URL (``sqlite:///path.db``, ``postgresql://...``) for
    a database of the store's own, closed with it.

    Raises:
        DecisionStoreError: unsupported URL or the database cannot be opened.
    """
    hasher = AccessCodeHasher(secret=access_code_secret)
    cipher = RecordCipher(access_code_secret)
    if isinstance(target, Database):
        store = SqlDecisionStore(target, hasher=hasher, cipher=cipher)
    else:
        scheme = urlparse(target).scheme
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise DecisionStoreError(f"unsupported database URL scheme: {scheme!r}")
        if scheme == "sqlite" and not target.startswith("sqlite:///"):
            raise DecisionStoreError("sqlite URL needs a path: sqlite:///path.db")
        try:
            db = await open_database(target)
        except StorageError as exc:
            raise DecisionStoreError(f"cannot open the decision store: {exc}") from exc
        store = SqlDecisionStore(db, hasher=hasher, cipher=cipher, owns_db=True)
    try:
        await store.open()
    except DecisionStoreError:
        await store.aclose()
        raise
    return store


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        raise DecisionStoreError("naive datetime; use timezone-aware UTC")
    return moment.astimezone(UTC)


class SqlDecisionStore:
    """The decision store on one ``Database`` (SQLite or PostgreSQL); ``open_decision_store``.

    The dialects differ in column forms only: times are ISO text in SQLite and
    ``timestamptz`` in PostgreSQL, flags integers and booleans; a lifecycle change locks the
    row (``BEGIN IMMEDIATE`` in SQLite, ``SELECT ... FOR UPDATE`` in PostgreSQL).
    """

    def __init__(
        self,
        db: Database,
        *,
        hasher: AccessCodeHasher,
        cipher: RecordCipher,
        owns_db: bool = False,
    ) -> None:
        self._db = db
        self._owns_db = owns_db
        self._hasher = hasher
        self._cipher = cipher
        self.database = db.key
        self._sqlite = db.dialect == "sqlite"
        self._lock_row = "" if self._sqlite else " FOR UPDATE"

    def _time(self, moment: datetime | None) -> Any:
        if moment is None:
            return None
        return _iso(moment) if self._sqlite else _utc(moment)

    def _flag(self, value: bool) -> Any:
        return int(value) if self._sqlite else value

    def _read_time(self, value: Any) -> datetime | None:
        if value is None or isinstance(value, datetime):
            return value
        return datetime.fromisoformat(str(value))

    async def _guarded(self, work: Awaitable[T]) -> T:
        try:
            return await work
        except StorageError as exc:
            raise DecisionStoreError(str(exc)) from exc

    async def open(self) -> None:
        await self._guarded(self._db.migrate(DECISIONS_SCHEMA))
        await self._guarded(self._backfill_states())

    async def _backfill_states(self) -> None:
        # Rows stored before the lifecycle columns existed (releases up to 0.4.0).
        async with self._db.transaction() as tx:
            rows = await tx.fetch("SELECT id, record FROM explain_decisions WHERE state IS NULL")
            for decision_id, sealed in rows:
                record = self._cipher.open(sealed)
                await tx.execute(
                    "UPDATE explain_decisions SET state = ?, review_due_at = ?"
                    " WHERE id = ? AND state IS NULL",
                    (current_state(record), self._time(record.review_due_at), decision_id),
                )

    def _insert_params(
        self, record: DecisionRecord, code_hash: str | None, expires: datetime | None
    ) -> tuple[Any, ...]:
        cols = _columns(self._cipher, record)
        return (
            record.id, self._time(record.created_at), record.service, record.model_id,
            record.model_version, cols["outcome"], cols["final_outcome"],
            self._flag(cols["review_requested"]), code_hash,
            self._time(expires), cols["record"], cols["state"], self._time(cols["review_due_at"]),
        )  # fmt: skip

    def new_decision_writes(
        self,
        record: DecisionRecord,
        *,
        access_code: str | None = None,
        access_code_expires_at: datetime | None = None,
    ) -> Writes:
        code_hash = None if access_code is None else self._hasher.hash(record.id, access_code)
        expires = None if access_code_expires_at is None else _utc(access_code_expires_at)
        insert = Statement(_INSERT_DECISION, self._insert_params(record, code_hash, expires))
        return Writes(self.database, (insert,))

    async def save(
        self,
        record: DecisionRecord,
        *,
        access_code: str | None = None,
        access_code_expires_at: datetime | None = None,
    ) -> None:
        writes = self.new_decision_writes(
            record, access_code=access_code, access_code_expires_at=access_code_expires_at
        )
        try:
            async with self._db.transaction() as tx:
                for statement in writes.statements:
                    await tx.execute(statement.sql, statement.params)
        except DuplicateKeyError as exc:
            raise DecisionStoreError(MSG_DUPLICATE_ID) from exc
        except StorageError as exc:
            raise DecisionStoreError(str(exc)) from exc

    async def get(self, decision_id: str) -> DecisionRecord:
        found = await self._fetch(decision_id)
        if found is None:
            raise DecisionNotFoundError()
        return found[0]

    async def get_for_citizen(
        self, decision_id: str, access_code: str, *, now: datetime | None = None
    ) -> DecisionRecord:
        found = await self._fetch(decision_id)
        stored_hash = None if found is None else found[1]
        # Always hash and compare, so a missing id costs the same as a wrong code.
        valid = self._hasher.verify(decision_id, access_code, stored_hash)
        if found is None or not valid:
            raise DecisionNotFoundError()
        expires = found[2]
        if expires is not None and _utc(now) >= expires:
            raise DecisionNotFoundError()
        return found[0]

    async def set_outcome(
        self,
        decision_id: str,
        outcome: FinalOutcomeValue,
        source: OutcomeSource,
        *,
        now: datetime | None = None,
    ) -> DecisionRecord:
        final = FinalOutcome(outcome=outcome, source=source, recorded_at=_utc(now))

        def change(record: DecisionRecord) -> DecisionRecord:
            # Ground truth (e.g. the outcome of an objection) does not move the lifecycle; a
            # human review reported by the case system makes the decision final.
            state = "final" if source == "human_review" else current_state(record)
            return dataclasses.replace(record, final_outcome=final, state=state)

        return await self.apply(decision_id, change)

    async def apply(
        self, decision_id: str, change: Callable[[DecisionRecord], DecisionRecord]
    ) -> DecisionRecord:
        updated = await self._modify(decision_id, change)
        if updated is None:
            raise DecisionNotFoundError()
        return updated

    async def add_review_request(
        self,
        decision_id: str,
        message: str,
        *,
        access_code: str,
        now: datetime | None = None,
        review_deadline: timedelta = DEFAULT_REVIEW_DEADLINE,
    ) -> ReviewRequest:
        if len(message) > MAX_REVIEW_MESSAGE_CHARS:
            raise FeatureValidationError([("message", MSG_MESSAGE_TOO_LONG)])
        moment = _utc(now)
        await self.get_for_citizen(decision_id, access_code, now=moment)
        request = ReviewRequest(created_at=moment, message=message)

        def add(record: DecisionRecord) -> DecisionRecord:
            if len(record.review_requests) >= MAX_REVIEW_REQUESTS:
                raise DecisionStoreError(MSG_TOO_MANY_REQUESTS)
            queued = request_review(record, now=moment, due_at=moment + review_deadline)
            return dataclasses.replace(
                queued, review_requests=(*record.review_requests, request)
            )

        if await self._modify(decision_id, add) is None:
            raise DecisionNotFoundError()
        return request

    async def _fetch(
        self, decision_id: str
    ) -> tuple[DecisionRecord, str | None, datetime | None] | None:
        row = await self._guarded(
            self._db.fetch_one(
                "SELECT record, access_code_hash, access_code_expires_at"
                " FROM explain_decisions WHERE id = ?",
                (decision_id,),
            )
        )
        if row is None:
            return None
        return self._cipher.open(row[0]), row[1], self._read_time(row[2])

    async def _modify(
        self, decision_id: str, change: Callable[[DecisionRecord], DecisionRecord]
    ) -> DecisionRecord | None:
        """Apply ``change`` to the stored record in one transaction; None if no such id."""

        async def modify() -> DecisionRecord | None:
            async with self._db.transaction() as tx:
                row = await tx.fetch_one(
                    f"SELECT record FROM explain_decisions WHERE id = ?{self._lock_row}",  # noqa: S608
                    (decision_id,),
                )
                if row is None:
                    return None
                updated = change(self._cipher.open(row[0]))
                cols = _columns(self._cipher, updated)
                await tx.execute(
                    "UPDATE explain_decisions SET final_outcome = ?, review_requested = ?,"
                    " record = ?, state = ?, review_due_at = ? WHERE id = ?",
                    (cols["final_outcome"], self._flag(cols["review_requested"]), cols["record"],
                     cols["state"],
                     self._time(cols["review_due_at"]), decision_id),
                )  # fmt: skip
                return updated

        return await self._guarded(modify())

    async def list(self, filters: DecisionFilter | None = None) -> tuple[DecisionRecord, ...]:
        chosen = filters or DecisionFilter()
        where, params = _where(chosen, time=self._time, flag=self._flag)
        rows = await self._guarded(
            self._db.fetch(
                f"SELECT record FROM explain_decisions{where}"  # noqa: S608 - fixed column names
                f" ORDER BY {_order_key(chosen)}, id LIMIT ?",
                (*params, chosen.limit),
            )
        )
        return tuple(self._cipher.open(r[0]) for r in rows)

    async def code_failures(self, decision_id: str) -> int:
        row = await self._guarded(self._db.fetch_one(_GET_FAILURES, (decision_id,)))
        return 0 if row is None else int(row[0])

    async def add_code_failure(self, decision_id: str) -> None:
        await self._guarded(self._db.execute(_ADD_FAILURE, (decision_id,)))

    async def reset_code_failures(self, decision_id: str) -> None:
        await self._guarded(self._db.execute(_RESET_FAILURES, (decision_id,)))

    async def ping(self) -> None:
        await self._guarded(self._db.fetch("SELECT 1"))

    async def aclose(self) -> None:
        if self._owns_db:
            await self._db.close()


def _columns(cipher: RecordCipher, record: DecisionRecord) -> dict[str, Any]:
    return {
        "outcome": record.decision.outcome,
        "final_outcome": None if record.final_outcome is None else record.final_outcome.outcome,
        "review_requested": bool(record.review_requests),
        "state": current_state(record),
        "review_due_at": record.review_due_at,
        "record": cipher.seal(record),
    }


def _iso(moment: datetime) -> str:
    return _utc(moment).isoformat(timespec="microseconds")


def _order_key(filters: DecisionFilter) -> str:
    # Records outside the queue have no due date; they sort by creation time.
    return "COALESCE(review_due_at, created_at)" if filters.order == "due" else "created_at"


def _where(
    filters: DecisionFilter, *, time: Callable[[datetime], Any], flag: Callable[[bool], Any]
) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters; ``time`` and ``flag`` give the dialect's forms."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(clause: str, *values: Any) -> None:
        clauses.append(clause)
        params.extend(values)

    if filters.model_id is not None:
        add("model_id = ?", filters.model_id)
    if filters.model_version is not None:
        add("model_version = ?", filters.model_version)
    if filters.service is not None:
        add("service = ?", filters.service)
    if filters.services is not None:
        add(_in("service", len(filters.services)), *filters.services)
    if filters.outcome is not None:
        add("outcome = ?", filters.outcome)
    if filters.since is not None:
        add("created_at >= ?", time(filters.since))
    if filters.until is not None:
        add("created_at < ?", time(filters.until))
    if filters.has_final_outcome is not None:
        add("final_outcome IS NOT NULL" if filters.has_final_outcome else "final_outcome IS NULL")
    if filters.review_requested is not None:
        add("review_requested = ?", flag(filters.review_requested))
    if filters.states is not None:
        add(_in("state", len(filters.states)), *filters.states)
    if filters.due_before is not None:
        add("review_due_at < ?", time(filters.due_before))
    if filters.after_id is not None:
        key = _order_key(filters)
        add(
            f"({key}, id) > (SELECT {key}, id FROM explain_decisions WHERE id = ?)",  # noqa: S608
            filters.after_id,
        )
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _in(column: str, count: int) -> str:
    if count == 0:
        return "1 = 0"
    return f"{column} IN ({', '.join(['?'] * count)})"
