"""Real OS processes: two writers share one log; a writer killed mid-write loses no ack."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from audit_log import AuditQuery, AuditStore, open_audit_store
from tests.unit.audit_log.conftest import make_event

ROOT = Path(__file__).resolve().parents[3]


def _spawn(url: str, name: str, count: int, concurrency: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.unit.audit_log.writer_process",
            url,
            name,
            str(count),
            str(concurrency),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


async def _all_ids(store: AuditStore) -> dict[str, int]:
    return {r.id: r.seq async for r in store.iter_records(AuditQuery(limit=1000))}


async def test_when_two_processes_append_to_one_database_then_one_gapless_chain(
    database_url: str, store: AuditStore
) -> None:
    procs = [_spawn(database_url, name, 150, 8) for name in ("gw-a", "gw-b")]
    outputs = [p.communicate(timeout=60) for p in procs]

    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outputs]
    acked = {line.split()[0] for out, _ in outputs for line in out.splitlines()}
    stored = await _all_ids(store)
    assert len(acked) == 300
    assert acked <= stored.keys()
    assert sorted(stored.values()) == list(range(1, 301))
    report = await store.verify()
    assert report.ok, report.problem


async def test_when_writer_is_killed_mid_write_then_every_acknowledged_record_exists(
    database_url: str, store: AuditStore
) -> None:
    proc = _spawn(database_url, "victim", 0, 16)
    assert proc.stdout is not None
    acked: list[str] = []
    for line in proc.stdout:
        acked.append(line.split()[0])
        if len(acked) >= 400:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.stdout is not None
    acked.extend(line.split()[0] for line in proc.stdout.read().splitlines() if line.strip())
    proc.stdout.close()
    assert proc.stderr is not None
    proc.stderr.close()

    stored = await _all_ids(store)
    missing = [i for i in acked if i not in stored]
    assert missing == []
    assert sorted(stored.values()) == list(range(1, len(stored) + 1))
    report = await store.verify()
    assert report.ok, report.problem


async def test_when_another_process_holds_the_sqlite_write_lock_then_appends_wait_for_it(
    tmp_path: Path,
) -> None:
    # The writers of `serve --workers N` queue on one flock next to the database file.
    url = f"sqlite:///{tmp_path}/leitplanke.db"
    store = open_audit_store(url)
    await store.open()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()",
            str(tmp_path / "leitplanke.db-writelock"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        append = asyncio.ensure_future(store.append(make_event(1)))
        done, _ = await asyncio.wait({append}, timeout=0.5)
        assert not done  # waiting for the other process, not committed around its lock
        assert holder.stdin is not None
        holder.stdin.close()  # the holder exits; the kernel releases its lock
        record = await asyncio.wait_for(append, timeout=10)
        assert [r.id async for r in store.iter_records(AuditQuery(limit=10))] == [record.id]
    finally:
        holder.kill()
        holder.wait(timeout=10)
        await store.aclose()
