"""Child process for the multi-process tests: appends events and prints each acknowledged id.

Usage: python -m tests.unit.audit_log.writer_process URL NAME COUNT CONCURRENCY
COUNT 0 means forever (until killed). Each line is printed only after ``append`` returned.
"""

from __future__ import annotations

import asyncio
import sys

from audit_log import AuditEvent, open_audit_store


async def main(url: str, name: str, count: int, concurrency: int) -> None:
    store = open_audit_store(url)
    await store.open()
    counter = iter(range(count) if count else iter(int, 1))

    async def worker() -> None:
        for i in counter:
            record = await store.append(
                AuditEvent(
                    event_type="proxy.call.completed",
                    request_id=f"{name}-{i}",
                    actor=name,
                    payload={"i": i},
                )
            )
            sys.stdout.write(f"{record.id} {record.seq}\n")
            sys.stdout.flush()

    try:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        await store.aclose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
