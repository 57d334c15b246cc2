"""``leitplanke decisions unlock --id ID``: the officer reset of a locked citizen access code.

The same operation as ``POST /v1/decisions/{id}/access-code/unlock``, for operators at the
console; recorded in the audit log as ``decision.code_unlocked`` with actor ``cli:<user>``.
"""

from __future__ import annotations

import argparse
import getpass
import uuid

from audit_log.types import AuditEvent
from explain import DecisionNotFoundError, open_decision_store
from gateway.audit_store import open_audit_store_for
from gateway.settings import Settings

EXIT_OK, EXIT_FAILURE = 0, 1


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decisions = commands.add_parser("decisions", help="stored decisions")
    sub = decisions.add_subparsers(dest="decisions_command", required=True)
    unlock = sub.add_parser("unlock", help="unlock a decision's citizen access code")
    unlock.add_argument("--id", required=True, dest="decision_id")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    store = await open_decision_store(
        settings.database.url, access_code_secret=settings.decisions.access_code_secret.encode()
    )
    audit = open_audit_store_for(settings)
    await audit.open()
    try:
        try:
            record = await store.get(args.decision_id)
        except DecisionNotFoundError:
            print(f"no decision {args.decision_id}")
            return EXIT_FAILURE
        failures = await store.code_failures(record.id)
        await store.reset_code_failures(record.id)
        await audit.append(
            AuditEvent(
                event_type="decision.code_unlocked",
                request_id=uuid.uuid4().hex,
                actor=f"cli:{getpass.getuser()}",
                service=record.service,
                model=record.model_id,
                purpose=record.purpose,
                outcome="ok",
                subject=record.subject_pseudonym,
                payload={"decision_id": record.id, "failures": failures},
            )
        )
        print(f"unlocked the access code of {record.id} ({failures} wrong tries forgotten)")
        return EXIT_OK
    finally:
        await store.aclose()
        await audit.aclose()
