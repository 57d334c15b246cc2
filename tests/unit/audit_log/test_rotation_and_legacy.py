"""Key rotation keeps older checkpoints verifiable; pre-0.4 JSON checkpoints still verify."""

from __future__ import annotations

import asyncio
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit_log import CheckpointSigner, merkle, open_audit_store
from audit_log.checkpoints import checkpoint_problem
from tests.unit.audit_log.conftest import make_event


async def test_when_key_is_rotated_then_old_checkpoints_verify_with_the_old_vkey(
    database_url: str,
) -> None:
    old = CheckpointSigner(Ed25519PrivateKey.generate())
    new = CheckpointSigner(Ed25519PrivateKey.generate())
    first = open_audit_store(database_url, signer=old, checkpoint_every=10**9)
    await first.open()
    await asyncio.gather(*(first.append(make_event(i)) for i in range(4)))
    await first.checkpoint()
    await first.aclose()

    rotated = open_audit_store(database_url, signer=new, verifiers=(old.verifier,))
    forgetful = open_audit_store(database_url, signer=new)
    await rotated.open()
    await forgetful.open()
    try:
        await rotated.append(make_event(9))
        latest = await rotated.checkpoint()
        with_old_key = await rotated.verify()
        without_old_key = await forgetful.verify()
    finally:
        await rotated.aclose()
        await forgetful.aclose()

    assert latest is not None and latest.key_id == new.key_id != old.key_id
    assert with_old_key.ok and with_old_key.checkpoints_checked == 2
    assert not without_old_key.ok and "trusted key" in without_old_key.problem


def test_when_checkpoint_is_pre_0_4_json_then_it_still_verifies() -> None:
    signer = CheckpointSigner(Ed25519PrivateKey.generate())
    root = merkle.root([merkle.leaf(b"a")]).hex()
    legacy = signer.sign_legacy(
        tree_size=1, root_hash=root, head_hash="00" * 32, created_at="2026-01-01T00:00:00.000000Z"
    )

    assert json.loads(legacy.statement)["log"] == "leitplanke-audit"
    assert checkpoint_problem(legacy, [signer.verifier]) == ""
    other = CheckpointSigner(Ed25519PrivateKey.generate())
    assert "signature" in checkpoint_problem(legacy, [other.verifier])
