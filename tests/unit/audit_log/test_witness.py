"""The shipped C2SP tlog-witness: cosigns consistent checkpoints, refuses rollbacks and forks.

Driven through its HTTP app by the client the log uses (``WitnessAnchorer``), plus direct
protocol edge cases on ``Witness.add_checkpoint``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit_log import AuditStore, CheckpointSigner, open_audit_store
from audit_log.anchors.witness import (
    WitnessAnchorer,
    WitnessClient,
    WitnessRefused,
    add_checkpoint_body,
    cosign,
)
from audit_log.note import NoteSigner, cosignature_time, split_note
from audit_log.types import Checkpoint
from tests.unit.audit_log.anchoring_servers import RunningWitness, running_witness
from tests.unit.audit_log.conftest import make_event


@pytest.fixture
def witness(tmp_path: Path, signer: CheckpointSigner) -> Iterator[RunningWitness]:
    with running_witness(tmp_path / "witness.json", [signer.verifier]) as running:
        yield running


@pytest.fixture
async def store(database_url: str, signer: CheckpointSigner) -> AsyncIterator[AuditStore]:
    opened = open_audit_store(database_url, signer=signer, checkpoint_every=10**9)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.aclose()


async def _grow(store: AuditStore, n: int) -> Checkpoint:
    await asyncio.gather(*(store.append(make_event(i)) for i in range(n)))
    cp = await store.checkpoint()
    assert cp is not None
    return cp


async def test_when_log_grows_then_witness_cosigns_each_consistent_checkpoint(
    witness: RunningWitness, database_url: str, signer: CheckpointSigner
) -> None:
    anchorer = WitnessAnchorer(url=witness.url, witness=witness.key)
    log = open_audit_store(
        database_url, signer=signer, checkpoint_every=10**9, anchorers=(anchorer,)
    )
    await log.open()
    try:
        checkpoints = []
        for n in (3, 5, 8):
            checkpoints.append(await _grow(log, n))
            assert await log.anchor_pending(now="2026-12-06T00:00:00.000000Z") == []
        anchors = await log.anchors()
    finally:
        await log.aclose()

    assert [a.tree_size for a in anchors] == [3, 8, 16]
    for cp, anchor in zip(checkpoints, anchors, strict=True):
        _, (sig,) = split_note("x\n\n" + anchor.data + "\n")
        assert cosignature_time(cp.statement, sig, witness.key) is not None
    assert witness.witness.latest(signer.origin)[0] == 16


async def test_when_log_is_rolled_back_then_witness_refuses(
    witness: RunningWitness, store: AuditStore, signer: CheckpointSigner
) -> None:
    cp = await _grow(store, 6)
    client = WitnessClient(url=witness.url, witness=witness.key)
    await cosign(client, cp, store, 0)
    older = signer.sign(tree_size=3, root_hash="00" * 32, head_hash="", created_at="")

    with pytest.raises(WitnessRefused, match="truncated or rolled back"):
        await cosign(client, older, store, 0)


async def test_when_log_forks_then_witness_refuses(
    witness: RunningWitness, store: AuditStore, signer: CheckpointSigner
) -> None:
    cp = await _grow(store, 6)
    client = WitnessClient(url=witness.url, witness=witness.key)
    await cosign(client, cp, store, 0)
    same_size = signer.sign(tree_size=6, root_hash="ab" * 32, head_hash="", created_at="")
    forked = signer.sign(tree_size=9, root_hash="cd" * 32, head_hash="", created_at="")
    await _grow(store, 3)

    with pytest.raises(WitnessRefused, match="fork"):
        await client.submit(same_size, 6, [])
    with pytest.raises(WitnessRefused, match="consistency proof does not verify"):
        await cosign(client, forked, store, 6)


async def test_when_log_key_is_unknown_then_403_and_unknown_origin_404(
    witness: RunningWitness, store: AuditStore
) -> None:
    stranger = CheckpointSigner(Ed25519PrivateKey.generate())
    elsewhere = CheckpointSigner(Ed25519PrivateKey.generate(), origin="other.example/log")
    client = WitnessClient(url=witness.url, witness=witness.key)
    cps = [
        s.sign(tree_size=1, root_hash="11" * 32, head_hash="", created_at="")
        for s in (stranger, elsewhere)
    ]

    with pytest.raises(WitnessRefused) as by_key:
        await client.submit(cps[0], 0, [])
    with pytest.raises(WitnessRefused) as by_origin:
        await client.submit(cps[1], 0, [])
    assert (by_key.value.status, by_origin.value.status) == (403, 404)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"\xff\xfe", 400),
        (b"old 0\n", 400),
        (b"new 0\n\nx\n", 400),
        (b"old 0\n!!!\n\norigin\n1\n" + b"A" * 44 + b"\n\n", 400),
        (b"old 5\n\nleitplanke.local/audit\n1\n" + b"A" * 43 + b"=\n\n- x\n", 400),
    ],
)
async def test_when_request_is_malformed_then_400(
    witness: RunningWitness, body: bytes, status: int
) -> None:
    answer = await witness.witness.add_checkpoint(body)

    assert answer.status == status


async def test_when_old_size_is_stale_then_409_names_the_held_size(
    witness: RunningWitness, signer: CheckpointSigner
) -> None:
    first = signer.sign(tree_size=1, root_hash="22" * 32, head_hash="", created_at="")
    assert (
        await witness.witness.add_checkpoint(add_checkpoint_body(0, [], first.note))
    ).status == 200

    answer = await witness.witness.add_checkpoint(add_checkpoint_body(0, [], first.note))

    assert (answer.status, answer.body, answer.media_type) == (409, "1\n", "text/x.tlog.size")


def test_when_witness_key_is_named_then_cosignature_lines_carry_its_name(tmp_path: Path) -> None:
    signer = NoteSigner(name="w/1", private_key=Ed25519PrivateKey.generate())
    line = signer.cosign("o\n1\n" + "A" * 43 + "=\n", 5).line()

    assert line.startswith("— w/1 ")
