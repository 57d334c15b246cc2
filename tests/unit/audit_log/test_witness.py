"""The shipped C2SP tlog-witness: cosigns consistent checkpoints, refuses rollbacks and forks.

Driven through its HTTP app by the client the log uses (``WitnessAnchorer``), plus direct
protocol edge cases on ``Witness.add_checkpoint``.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
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


def _with_broken_known_signature(note: str) -> str:
    """The note plus a second line by the log's own key (name and key hash) that fails."""
    own = note.rstrip("\n").rsplit("\n", 1)[1]
    name, blob = own.removeprefix("— ").split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[-1] ^= 1
    return note + f"— {name} {base64.b64encode(bytes(raw)).decode()}\n"


@pytest.mark.parametrize(
    ("old_line", "why"),
    [("old ²", "not ASCII"), ("old 01", "leading zero"), ("old +1", "sign"), ("old  1", "space")],
)
async def test_when_old_size_is_not_plain_decimal_then_400_over_http(
    witness: RunningWitness, signer: CheckpointSigner, old_line: str, why: str
) -> None:
    # Found in review: "old ²" passed str.isdigit() and int() then raised (HTTP 500).
    cp = signer.sign(tree_size=1, root_hash="22" * 32, head_hash="", created_at="")
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{witness.url}/add-checkpoint", content=f"{old_line}\n\n{cp.note}".encode()
        )

    assert response.status_code == 400, why
    assert witness.witness.latest(signer.origin) == (0, None)


async def test_when_a_known_key_signature_fails_then_403_even_beside_a_valid_one(
    witness: RunningWitness, signer: CheckpointSigner
) -> None:
    # c2sp.org/tlog-witness: 403 if a line's key name and ID match a trusted key but the
    # signature fails (the note is malformed per signed-note), whatever else it carries.
    cp = signer.sign(tree_size=1, root_hash="22" * 32, head_hash="", created_at="")
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{witness.url}/add-checkpoint",
            content=add_checkpoint_body(0, [], _with_broken_known_signature(cp.note)),
        )

    assert response.status_code == 403
    assert witness.witness.latest(signer.origin) == (0, None)


async def test_when_answering_over_http_then_content_types_are_the_protocol_s(
    witness: RunningWitness, signer: CheckpointSigner
) -> None:
    cp = signer.sign(tree_size=1, root_hash="22" * 32, head_hash="", created_at="")
    body = add_checkpoint_body(0, [], cp.note)
    async with httpx.AsyncClient() as client:
        first = await client.post(f"{witness.url}/add-checkpoint", content=body)
        again = await client.post(f"{witness.url}/add-checkpoint", content=body)

    assert first.status_code == 200 and first.text.startswith("— ")
    assert first.headers["content-type"] == "text/plain; charset=utf-8"
    # 409 with exactly text/x.tlog.size and the held size, one decimal line.
    assert (again.status_code, again.headers["content-type"], again.text) == (
        409,
        "text/x.tlog.size",
        "1\n",
    )
