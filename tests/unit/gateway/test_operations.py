"""The shared operations record what they change, the same way for the API and the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from audit_log.types import AuditQuery
from gateway.audit_store import open_audit_store_for
from gateway.keys import open_key_store
from gateway.operations import erase_subject, issue_key, revoke_keys
from gateway.settings import settings_from_mapping


async def _stores(tmp_path: Path) -> tuple[Any, Any]:
    settings = settings_from_mapping(
        {
            "database": {"url": f"sqlite:///{tmp_path / 'g.db'}"},
            "audit": {"signing_key_file": str(tmp_path / "signing.pem")},
        }
    )
    audit = open_audit_store_for(settings)
    keys = open_key_store(settings.database.url, pepper=settings.auth.key_pepper)
    await audit.open()
    await keys.open()
    return audit, keys


async def _events(audit: Any) -> list[dict[str, Any]]:
    page = await audit.query(AuditQuery(limit=50))
    return [msgspec.to_builtins(r.event) for r in page.records]


async def test_issue_and_revoke_record_the_key_never_the_secret(tmp_path: Path) -> None:
    audit, keys = await _stores(tmp_path)
    try:
        who = {"actor": "cli:tester", "request_id": "r1"}
        issued = await issue_key(
            keys, audit, name="jobcenter", role="ai-service", services=["jobcenter"], **who
        )
        assert await keys.resolve(issued.secret) is not None
        assert await revoke_keys(keys, audit, name="nobody", record_none=False, **who) == 0
        assert await revoke_keys(keys, audit, name="jobcenter", **who) == 1
        assert await keys.resolve(issued.secret) is None
        events = await _events(audit)
        assert [e["event_type"] for e in events] == ["key.created", "key.revoked"]
        assert events[0]["payload"]["key_id"] == issued.identity.key_id
        assert events[0]["payload"]["services"] == ["jobcenter"]
        assert issued.secret not in str(events)
    finally:
        await keys.aclose()
        await audit.aclose()


async def test_erasing_a_subject_is_recorded_with_the_count(tmp_path: Path) -> None:
    audit, keys = await _stores(tmp_path)
    try:
        destroyed = await erase_subject(audit, "subj-7", actor="admin-1", request_id="r2")
        events = await _events(audit)
        assert events[-1]["event_type"] == "subject.erased"
        assert events[-1]["subject"] == "subj-7"
        assert events[-1]["payload"] == {"keys_destroyed": destroyed}
    finally:
        await keys.aclose()
        await audit.aclose()


async def test_when_a_legal_hold_covers_the_subject_then_erasure_is_refused_and_nothing_goes(
    tmp_path: Path,
) -> None:
    from audit_log.retention import SubjectUnderHoldError
    from audit_log.types import AuditEvent

    audit, keys = await _stores(tmp_path)
    try:
        made = await audit.append(
            AuditEvent(event_type="decision.made", request_id="r0", actor="svc",
                       subject="sp1_held", personal={"note": "Widerspruch eingelegt"},
                       payload={"decision_id": "d-held"})
        )
        hold = await audit.place_hold(kind="decision", value="d-held", reason="VG 1 K 12/26",
                                      placed_by="officer")
        try:
            await erase_subject(audit, "sp1_held", actor="admin-1", request_id="r3")
            raise AssertionError("erasure under a hold must be refused")
        except SubjectUnderHoldError as exc:
            assert exc.hold_ids == (hold.hold_id,)
        kept = await audit.get(made.id, include_personal=True)
        assert kept is not None and kept.personal_status == "decrypted"
        assert kept.event.personal == {"note": "Widerspruch eingelegt"}
        events = await _events(audit)
        assert events[-1]["event_type"] == "subject.erasure_refused"
        assert events[-1]["payload"] == {"holds": [hold.hold_id]}
        assert "VG 1 K" not in str(events)  # the hold's reason stays out of the log
        await audit.release_hold(hold.hold_id, released_by="officer")
        assert await erase_subject(audit, "sp1_held", actor="admin-1", request_id="r4") == 1
        erased = await audit.get(made.id, include_personal=True)
        assert erased is not None and erased.personal_status == "erased"
        assert (await audit.verify()).ok
    finally:
        await keys.aclose()
        await audit.aclose()
