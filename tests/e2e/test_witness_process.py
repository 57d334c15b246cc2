"""``leitplanke witness serve`` as its own process: a log's anchorer gets cosignatures from it,
and it keeps refusing a rollback after a restart (its state is on disk)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit_log import CheckpointSigner, open_audit_store
from audit_log.anchors.witness import WitnessAnchorer, WitnessClient, WitnessRefused, cosign
from audit_log.note import NoteVerifier
from tests.fakes import free_port
from tests.unit.audit_log.conftest import make_event

pytestmark = pytest.mark.e2e


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "gateway.cli", *args]


@contextmanager
def witness_process(args: list[str], port: int) -> Iterator[None]:
    process = subprocess.Popen(
        _cli("witness", "serve", *args, "--port", str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90  # a hang guard: imports are slow on a busy host
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "witness did not start"
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_when_witness_runs_as_a_process_then_it_cosigns_and_remembers_across_restarts(
    tmp_path: Path,
) -> None:
    made = subprocess.run(
        _cli("witness", "key", "--name", "dsb.example/w1", "--output", str(tmp_path / "w.pem")),
        capture_output=True,
        text=True,
        check=True,
    )
    witness_key = NoteVerifier.from_vkey(made.stdout.strip())
    signer = CheckpointSigner(Ed25519PrivateKey.generate(), origin="amt.example/audit")
    port = free_port()
    args = [
        "--key",
        str(tmp_path / "w.pem"),
        "--name",
        "dsb.example/w1",
        "--log",
        signer.verifier.vkey,
        "--state",
        str(tmp_path / "state.json"),
    ]
    url = f"http://127.0.0.1:{port}"

    async def grow_and_anchor() -> list[int]:
        store = open_audit_store(
            f"sqlite:///{tmp_path}/a.db",
            signer=signer,
            checkpoint_every=10**9,
            anchorers=(WitnessAnchorer(url=url, witness=witness_key),),
        )
        await store.open()
        try:
            for n in (4, 3):
                await asyncio.gather(*(store.append(make_event(i)) for i in range(n)))
                await store.checkpoint()
                assert await store.anchor_pending(now="2026-12-06T00:00:00.000000Z") == []
            return [a.tree_size for a in await store.anchors()]
        finally:
            await store.aclose()

    with witness_process(args, port):
        sizes = asyncio.run(grow_and_anchor())
    older = signer.sign(tree_size=2, root_hash="00" * 32, head_hash="", created_at="")
    with witness_process(args, port):
        client = WitnessClient(url=url, witness=witness_key)
        with pytest.raises(WitnessRefused, match="rolled back"):
            asyncio.run(cosign(client, older, None, 0))  # type: ignore[arg-type]

    assert sizes == [4, 7]
