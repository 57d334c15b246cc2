"""The appender: group commit, the append deadline watchdog and the checkpoint cadence.

``append`` enqueues the event and waits; a single writer task takes everything queued, has the
driver commit it in one transaction and only then resolves each waiter. One watchdog fails
appends not committed within ``append_timeout_s``. With a signing key a third task asks for a
checkpoint once ``checkpoint_every`` records are uncovered or ``checkpoint_interval_s`` passed
(and, with ``checkpoint_at_first_commit``, right after the first commit),
and retries the anchors on every tick (tessera's appender: batching, then integration and
checkpoint publication at an interval).

An append may bring writes of other stores (``storage.writes.Writes``) that must commit with
its record or not at all; the driver runs them in the batch's transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

from audit_log import canonical, errors
from audit_log.stores.driver import SqlDriver
from audit_log.stores.options import StoreOptions
from audit_log.stores.rows import PendingAppend, new_record_id
from audit_log.types import AuditEvent, AuditRecord
from storage.writes import OtherDatabaseError, Writes, check_same_database

Step = Callable[[], Awaitable[object]]


class Appender:
    """Commits appends in batches and keeps the checkpoint cadence.

    Args:
        driver: The storage driver.
        options: Batch size, deadlines, cadence and the commit hook.
        checkpoint: Signs a checkpoint over every record (the cadence calls it).
        anchor: Anchors the newest checkpoint (called on every cadence tick).
    """

    def __init__(
        self, driver: SqlDriver, options: StoreOptions, *, checkpoint: Step, anchor: Step
    ) -> None:
        self._driver = driver
        self._options = options
        self._checkpoint = checkpoint
        self._anchor = anchor
        self._queue: asyncio.Queue[PendingAppend | None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._watchdog_task: asyncio.Task[None] | None = None
        self._checkpointer: asyncio.Task[None] | None = None
        self._checkpoint_wanted: asyncio.Event | None = None
        self._inflight: dict[str, PendingAppend] = {}
        self._closed = False
        self.appended_since_checkpoint = 0
        # With checkpoint_at_first_commit: every commit asks for a checkpoint until one of this
        # process's checkpoints was signed (a first one that failed, e.g. while the database
        # refused writes, is retried on the next commit rather than after an interval).
        self._signed_one = False

    @property
    def started(self) -> bool:
        """True once ``start`` ran."""
        return self._writer is not None

    def start(self) -> None:
        """Start the writer, the watchdog and (when signing) the checkpoint cadence."""
        self._queue = asyncio.Queue()
        self._writer = asyncio.create_task(self._write_loop(), name="audit-writer")
        self._watchdog_task = asyncio.create_task(self._watchdog(), name="audit-watchdog")
        if self._options.signer is not None:
            self._checkpoint_wanted = asyncio.Event()
            self._checkpointer = asyncio.create_task(
                self._checkpoint_loop(), name="audit-checkpointer"
            )

    def checkpoint_taken(self) -> None:
        """A checkpoint over every committed record is being signed: restart the count."""
        self.appended_since_checkpoint = 0

    async def close(self) -> bool:
        """Commit what is queued and stop the tasks; False when already closed.

        With a signing key, a last checkpoint is signed (if records are uncovered) and
        anchored before this returns.
        """
        if self._closed:
            return False
        self._closed = True
        if self._queue is not None and self._writer is not None:
            await self._queue.put(None)
            with contextlib.suppress(Exception):
                await self._writer
        if self._watchdog_task is not None:
            self._watchdog_task.cancel()
            with contextlib.suppress(BaseException):
                await self._watchdog_task
        if self._checkpointer is not None:
            self._checkpointer.cancel()
            with contextlib.suppress(BaseException):
                await self._checkpointer
            if self.appended_since_checkpoint:
                with contextlib.suppress(errors.AuditError):
                    await self._checkpoint()
            with contextlib.suppress(Exception):
                await self._anchor()
        return True

    async def append(self, event: AuditEvent, *, writes: Writes | None = None) -> AuditRecord:
        """Enqueue for group commit and wait until the record (and ``writes``) is durable.

        Raises:
            CoupledWriteError: ``writes`` failed or are for another database; nothing committed.
            AuditWriteError: the record was not committed.
        """
        canonical.check_event(event)
        if writes is not None:
            try:
                check_same_database(self._driver.database, writes.database)
            except OtherDatabaseError as exc:
                raise errors.CoupledWriteError(str(exc)) from exc
        if self._closed:
            raise errors.AuditWriteError(errors.STORE_CLOSED)
        if self._queue is None or self._writer is None or self._writer.done():
            raise errors.AuditWriteError(errors.STORE_NOT_OPEN)
        loop = asyncio.get_running_loop()
        pending = PendingAppend(
            event=event,
            record_id=new_record_id(),
            future=loop.create_future(),
            deadline=loop.time() + self._options.append_timeout_s,
            writes=writes,
        )
        self._inflight[pending.record_id] = pending
        self._queue.put_nowait(pending)
        try:
            return await pending.future
        finally:
            del self._inflight[pending.record_id]

    async def _watchdog(self) -> None:
        # One timer for all waiters instead of one per append (timer heaps are costly at
        # thousands of appends per second). Fails appends whose deadline passed; the writer
        # skips futures that are already done, and a late commit only adds an unacknowledged
        # record, never loses an acknowledged one.
        loop = asyncio.get_running_loop()
        tick = min(1.0, max(0.01, self._options.append_timeout_s / 10))
        while True:
            await asyncio.sleep(tick)
            now = loop.time()
            for pending in list(self._inflight.values()):
                if pending.deadline <= now and not pending.future.done():
                    pending.future.set_exception(errors.AuditWriteError(errors.WRITE_FAILED))

    async def _write_loop(self) -> None:
        assert self._queue is not None
        stopping = False
        while not stopping:
            first = await self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < self._options.max_batch:
                try:
                    item = self._queue.get_nowait()
                except asyncio.QueueEmpty:
                    break
                if item is None:
                    stopping = True
                    break
                batch.append(item)
            started = time.perf_counter()
            try:
                committed = await self._driver.commit_batch(batch)
            except Exception as exc:
                failure = errors.AuditWriteError(errors.WRITE_FAILED)
                failure.__cause__ = exc
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(failure)
                continue
            appended = 0
            for item, outcome in zip(batch, committed, strict=True):
                if isinstance(outcome, AuditRecord):
                    appended += 1
                    if not item.future.done():
                        item.future.set_result(outcome)
                elif not item.future.done():
                    item.future.set_exception(outcome)
            self._report_commit(time.perf_counter() - started, appended)
            self._note_appended(appended)

    def _report_commit(self, duration_s: float, batch_size: int) -> None:
        hook = self._options.on_commit
        if hook is None:
            return
        # Observability must never break the log: a failing hook is ignored.
        with contextlib.suppress(Exception):
            hook(duration_s, batch_size)

    def _note_appended(self, count: int) -> None:
        self.appended_since_checkpoint += count
        first = self._options.checkpoint_at_first_commit and not self._signed_one
        if self._checkpoint_wanted is not None and (
            first or self.appended_since_checkpoint >= self._options.checkpoint_every
        ):
            self._checkpoint_wanted.set()

    async def _checkpoint_loop(self) -> None:
        assert self._checkpoint_wanted is not None
        while True:
            # asyncio.timeout, not asyncio.wait_for: on Python 3.11, wait_for can swallow a
            # cancellation that arrives while its timeout fires, and close() then waited for
            # this task forever (seen as a rare hang of the app's shutdown in the test suite).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._options.checkpoint_interval_s):
                    await self._checkpoint_wanted.wait()
            self._checkpoint_wanted.clear()
            if self.appended_since_checkpoint:
                # A failed checkpoint is retried on the next tick; verify() reports gaps.
                with contextlib.suppress(Exception):
                    await self._checkpoint()
                    self._signed_one = True
            # Anchors (TSA, witnesses) are retried on every tick until they succeed.
            with contextlib.suppress(Exception):
                await self._anchor()
