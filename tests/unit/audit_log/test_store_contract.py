"""The one test suite both stores must pass (``database_url`` runs it on SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

import pytest

from audit_log import (
    AuditError,
    AuditQuery,
    AuditStore,
    AuditWriteError,
    CheckpointSigner,
    InvalidCursorError,
    InvalidEventError,
    RecordNotFoundError,
    merkle,
    open_audit_store,
)
from audit_log.canonical import GENESIS_HASH, chain_hash, leaf_hash
from tests.unit.audit_log.conftest import make_event


async def test_when_appending_then_records_are_numbered_and_chained(store: AuditStore) -> None:
    records = [await store.append(make_event(i)) for i in range(3)]

    assert [r.seq for r in records] == [1, 2, 3]
    assert records[0].prev_hash == GENESIS_HASH
    assert records[1].prev_hash == records[0].hash
    assert records[2].hash == chain_hash(records[1].hash, records[2].leaf_hash)
    assert records[0].occurred_at.endswith("Z") and len(records[0].occurred_at) == 27


async def test_when_getting_by_id_then_the_committed_record_is_returned(store: AuditStore) -> None:
    appended = await store.append(make_event(7, subject="sp1_abc", reason_codes=("a", "b")))

    fetched = await store.get(appended.id)

    assert fetched is not None
    assert fetched.to_dict() == appended.to_dict()
    assert await store.get("no-such-id") is None


async def test_when_64_writers_append_concurrently_then_sequence_is_contiguous(
    store: AuditStore,
) -> None:
    async def writer(w: int) -> list[int]:
        return [(await store.append(make_event(w * 100 + k))).seq for k in range(5)]

    seqs = [s for chunk in await asyncio.gather(*(writer(w) for w in range(64))) for s in chunk]

    assert sorted(seqs) == list(range(1, 321))
    report = await store.verify()
    assert report.ok, report.problem
    assert report.records_checked == 320


FILTER_CASES: list[tuple[dict[str, str], list[int]]] = [
    ({"event_type": "decision.made"}, [1, 3]),
    ({"service": "svc-b"}, [2, 3]),
    ({"model": "m2"}, [3]),
    ({"purpose": "p-x"}, [0]),
    ({"policy_result": "denied"}, [2]),
    ({"outcome": "error"}, [1]),
    ({"reason_code": "pii.blocked"}, [2]),
    ({"reason_code": "pii"}, []),
    ({"request_id": "req-3"}, [3]),
    ({"subject": "sp1_s1"}, [0, 3]),
    ({"pii_entity": "PERSON"}, [0, 2]),
    ({"pii_entity": "person"}, []),
    ({"actor": "officer-1"}, [1]),
    ({"event_type": "decision.made", "service": "svc-b"}, [3]),
    ({}, [0, 1, 2, 3]),
]


async def test_when_filtering_then_only_matching_records_are_returned(store: AuditStore) -> None:
    events = [
        make_event(0, purpose="p-x", subject="sp1_s1", pii_entities={"PERSON": 2}),
        make_event(1, event_type="decision.made", outcome="error", actor="officer-1"),
        make_event(
            2,
            service="svc-b",
            policy_result="denied",
            reason_codes=("pii.blocked", "x"),
            pii_entities={"PERSON": 1, "IBAN": 1},
        ),
        make_event(3, event_type="decision.made", service="svc-b", model="m2", subject="sp1_s1"),
    ]
    ids = [(await store.append(e)).id for e in events]

    # One populated store, the whole filter table against it (each case reported on failure).
    for query_kwargs, expected_indices in FILTER_CASES:
        page = await store.query(AuditQuery(**query_kwargs))  # type: ignore[arg-type]
        got = [r.id for r in page.records]
        assert got == [ids[i] for i in expected_indices], query_kwargs


async def test_when_filtering_by_time_then_since_is_inclusive_and_until_exclusive(
    store: AuditStore,
) -> None:
    first = await store.append(make_event(0))
    await asyncio.sleep(0.01)
    second = await store.append(make_event(1))
    at_second = datetime.strptime(second.occurred_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)

    later = await store.query(AuditQuery(since=at_second))
    earlier = await store.query(AuditQuery(until=at_second))

    assert [r.id for r in later.records] == [second.id]
    assert [r.id for r in earlier.records] == [first.id]


@pytest.mark.parametrize("descending", [False, True])
async def test_when_paginating_then_every_record_appears_once_in_stable_order(
    store: AuditStore, descending: bool
) -> None:
    await asyncio.gather(*(store.append(make_event(i)) for i in range(23)))
    seen: list[int] = []
    cursor: str | None = None
    pages = 0
    while True:
        page = await store.query(AuditQuery(limit=5, cursor=cursor, descending=descending))
        seen.extend(r.seq for r in page.records)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
        await store.append(make_event(100 + pages))  # new records must not disturb the walk

    expected = list(range(1, 24))
    if descending:
        assert seen == expected[::-1]
    else:
        assert seen[:23] == expected and seen == sorted(set(seen))
    assert pages >= 5


@pytest.mark.parametrize(
    ("cursor", "descending"),
    [
        ("garbage", False),
        ("c1.!!!", False),
        ("c1.eyJzIjotMSwiZCI6ZmFsc2V9", False),  # negative position
        ("c1.eyJzIjo1LCJkIjpmYWxzZX0", True),  # cursor of the other direction
    ],
)
async def test_when_cursor_is_invalid_then_invalid_cursor_error(
    store: AuditStore, cursor: str, descending: bool
) -> None:
    with pytest.raises(InvalidCursorError):
        await store.query(AuditQuery(cursor=cursor, descending=descending))


@pytest.mark.parametrize(
    "payload",
    [
        {"score": 0.5},
        {"nested": [1, {"x": 1.0}]},
        {"big": 2**60},
        {"obj": object()},
        {"proxy": MappingProxyType({"a": 1})},
        {1: "non-string key"},
    ],
)
async def test_when_event_has_unhashable_content_then_rejected_before_writing(
    store: AuditStore, payload: dict[str, object]
) -> None:
    with pytest.raises(InvalidEventError):
        await store.append(make_event(0, payload=payload))
    assert (await store.query(AuditQuery())).records == ()


async def test_when_store_is_reopened_then_log_continues_and_migrations_are_idempotent(
    database_url: str, signer: CheckpointSigner
) -> None:
    for _ in range(2):
        s = open_audit_store(database_url, signer=signer)
        await s.open()
        await s.append(make_event(0))
        await s.aclose()
    s = open_audit_store(database_url, signer=signer)
    await s.open()
    try:
        report = await s.verify()
        page = await s.query(AuditQuery())
    finally:
        await s.aclose()
    assert report.ok and [r.seq for r in page.records] == [1, 2]


async def test_when_store_is_closed_then_append_fails_closed(
    database_url: str, signer: CheckpointSigner
) -> None:
    s = open_audit_store(database_url, signer=signer)
    await s.open()
    assert await s.ping()
    await s.aclose()
    with pytest.raises(AuditWriteError):
        await s.append(make_event(0))


async def test_when_proof_requested_then_it_verifies_against_signed_checkpoint(
    store: AuditStore, signer: CheckpointSigner
) -> None:
    records = sorted(
        await asyncio.gather(*(store.append(make_event(i)) for i in range(13))),
        key=lambda r: r.seq,
    )

    proof = await store.proof(records[4].id)

    assert proof.tree_size == 13 and proof.leaf_index == 4
    assert leaf_hash(proof.leaf_input) == proof.leaf_hash == records[4].leaf_hash
    path = [bytes.fromhex(h) for h in proof.audit_path]
    root = bytes.fromhex(proof.checkpoint.root_hash)
    assert merkle.verify_inclusion(4, 13, bytes.fromhex(proof.leaf_hash), path, root)
    assert not merkle.verify_inclusion(5, 13, bytes.fromhex(proof.leaf_hash), path, root)
    assert proof.checkpoint.key_id == signer.key_id
    with pytest.raises(RecordNotFoundError):
        await store.proof("missing")


async def test_when_no_signer_then_proof_and_checkpoint_fail_with_audit_error(
    database_url: str,
) -> None:
    s = open_audit_store(database_url)
    await s.open()
    try:
        record = await s.append(make_event(0))
        with pytest.raises(AuditError):
            await s.proof(record.id)
        with pytest.raises(AuditError):
            await s.checkpoint()
    finally:
        await s.aclose()


async def test_when_retention_runs_twice_then_second_run_changes_nothing(
    store: AuditStore,
) -> None:
    old = await store.append(make_event(0, subject="sp1_r", personal={"name": "Erika"}))
    await asyncio.sleep(0.01)
    cutoff = datetime.now(UTC)
    await asyncio.sleep(0.01)
    new = await store.append(make_event(1))
    await store.checkpoint()

    first = await store.apply_retention(older_than=cutoff)
    second = await store.apply_retention(older_than=cutoff)

    assert (first.payloads_removed, second.payloads_removed) == (1, 0)
    expired = await store.get(old.id, include_personal=True)
    kept = await store.get(new.id)
    assert expired is not None and kept is not None
    assert expired.payload_removed and dict(expired.event.payload) == {}
    assert expired.personal_status == "expired"
    assert expired.hash == old.hash and expired.payload_sha256 == old.payload_sha256
    assert not kept.payload_removed and dict(kept.event.payload) == dict(new.event.payload)
    assert (await store.verify()).ok


async def test_when_subject_key_is_destroyed_then_fields_unreadable_and_chain_verifies(
    store: AuditStore,
) -> None:
    mine = await store.append(make_event(0, subject="sp1_a", personal={"name": "Max"}))
    other = await store.append(make_event(1, subject="sp1_b", personal={"name": "Eva"}))
    await store.checkpoint()
    before = await store.get(mine.id, include_personal=True)
    sealed = await store.get(mine.id)

    destroyed = await store.erase_subject("sp1_a")

    after = await store.get(mine.id, include_personal=True)
    untouched = await store.get(other.id, include_personal=True)
    assert before is not None and after is not None and untouched is not None
    assert sealed is not None and sealed.personal_status == "sealed"
    assert "personal" not in sealed.to_dict()["event"]
    assert (before.personal_status, dict(before.event.personal)) == ("decrypted", {"name": "Max"})
    assert destroyed == 1
    assert (after.personal_status, dict(after.event.personal)) == ("erased", {})
    assert dict(untouched.event.personal) == {"name": "Eva"}
    assert (await store.verify()).ok


async def test_when_appending_after_erasure_then_a_new_key_is_used(store: AuditStore) -> None:
    first = await store.append(make_event(0, subject="sp1_a", personal={"name": "Max"}))
    await store.erase_subject("sp1_a")

    second = await store.append(make_event(1, subject="sp1_a", personal={"name": "Max"}))

    old = await store.get(first.id, include_personal=True)
    new = await store.get(second.id, include_personal=True)
    assert old is not None and new is not None
    assert (old.personal_status, new.personal_status) == ("erased", "decrypted")


async def test_when_checkpointing_then_root_matches_merkle_tree_of_leaves(
    store: AuditStore, signer: CheckpointSigner
) -> None:
    records = sorted(
        await asyncio.gather(*(store.append(make_event(i)) for i in range(9))),
        key=lambda r: r.seq,
    )

    cp = await store.checkpoint()
    again = await store.checkpoint()

    assert cp is not None and again == cp
    expected = merkle.root([bytes.fromhex(r.leaf_hash) for r in records])
    assert (cp.tree_size, cp.root_hash, cp.head_hash) == (9, expected.hex(), records[-1].hash)
    assert await store.latest_checkpoint() == cp
    assert store.public_key_pem() == signer.public_key_pem()


async def test_when_log_is_empty_then_checkpoint_is_none_and_verify_ok(store: AuditStore) -> None:
    assert await store.checkpoint() is None
    report = await store.verify()
    assert (report.ok, report.records_checked) == (True, 0)


async def test_when_since_is_naive_then_query_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        AuditQuery(since=datetime(2026, 1, 1) - timedelta(days=1))


async def test_when_log_spans_several_merkle_blocks_then_every_kind_of_proof_verifies(
    store: AuditStore,
) -> None:
    records = []
    for start in range(0, 2600, 650):
        records += await asyncio.gather(
            *(store.append(make_event(i)) for i in range(start, start + 650))
        )
    by_seq = sorted(records, key=lambda r: r.seq)
    leaves = [bytes.fromhex(r.leaf_hash) for r in by_seq]

    for seq in (1, 1024, 1025, 2048, 2049, 2600):
        proof = await store.proof(by_seq[seq - 1].id)
        path = [bytes.fromhex(h) for h in proof.audit_path]
        assert proof.tree_size == 2600
        assert path == merkle.inclusion_path(seq - 1, leaves)
        assert proof.checkpoint.root_hash == merkle.root(leaves).hex()


async def test_when_two_checkpoints_exist_then_consistency_proof_links_their_roots(
    store: AuditStore,
) -> None:
    await asyncio.gather(*(store.append(make_event(i)) for i in range(5)))
    old = await store.checkpoint()
    await asyncio.gather(*(store.append(make_event(i)) for i in range(5, 12)))
    new = await store.checkpoint()
    assert old is not None and new is not None

    proof = await store.consistency_proof(old.tree_size, new.tree_size)

    path = [bytes.fromhex(h) for h in proof.path]
    old_root, new_root = bytes.fromhex(old.root_hash), bytes.fromhex(new.root_hash)
    assert merkle.verify_consistency(5, 12, old_root, new_root, path)
    assert not merkle.verify_consistency(5, 12, new_root, new_root, path)
    with pytest.raises(ValueError, match="first_size"):
        await store.consistency_proof(13, 12)


async def test_when_retention_runs_by_cutoff_then_records_under_a_hold_keep_their_content(
    store: AuditStore,
) -> None:
    held = await store.append(make_event(0, subject="sp1_held", personal={"name": "Erika"}))
    case = await store.append(make_event(1, subject="sp1_case", payload={"decision_id": "d-7"}))
    free = await store.append(make_event(2, subject="sp1_free", personal={"name": "Max"}))
    await store.place_hold(kind="subject", value="sp1_held", reason="court", placed_by="o")
    await store.place_hold(kind="decision", value="d-7", reason="objection", placed_by="o")
    await asyncio.sleep(0.01)

    report = await store.apply_retention(older_than=datetime.now(UTC))

    assert report.payloads_removed == 1
    kept = await store.get(held.id, include_personal=True)
    kept_case = await store.get(case.id)
    gone = await store.get(free.id, include_personal=True)
    assert kept is not None and kept.personal_status == "decrypted"
    assert kept_case is not None and not kept_case.payload_removed
    assert gone is not None and gone.personal_status == "expired"
    assert (await store.verify()).ok
