"""docs/verify_proof.py checks proofs with the public key alone and rejects forgeries."""

from __future__ import annotations

import asyncio
import copy
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_log import AuditStore, CheckpointSigner, open_audit_store
from audit_log.checkpoints import public_key_pem
from tests.unit.audit_log.conftest import make_event

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "verify_proof.py"


def _load_script() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("verify_proof", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


verify_proof = _load_script()


@pytest.fixture
async def proof_files(
    signer: CheckpointSigner, tmp_path: Path
) -> AsyncIterator[tuple[Path, Path, Path, dict[str, Any]]]:
    # The proof format does not depend on the backend (the shared suite covers both).
    store: AuditStore = open_audit_store(f"sqlite:///{tmp_path}/audit.db", signer=signer)
    await store.open()
    try:
        records = await asyncio.gather(
            *(
                store.append(make_event(i, subject="sp1_x", personal={"name": "Ä"}))
                for i in range(11)
            )
        )
        proof = (await store.proof(records[6].id)).to_dict()
        record = (await store.get(records[6].id)).to_dict()  # type: ignore[union-attr]
    finally:
        await store.aclose()
    paths = tmp_path / "proof.json", tmp_path / "key.pem", tmp_path / "record.json"
    paths[0].write_text(json.dumps(proof))
    paths[1].write_text(signer.public_key_pem())
    paths[2].write_text(json.dumps(record))
    yield *paths, proof


async def test_when_proof_is_genuine_then_script_accepts_it(
    proof_files: tuple[Path, Path, Path, dict[str, Any]],
) -> None:
    proof, key, record, _ = proof_files

    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(proof), str(key), "--record", str(record)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: record")


def _mutations() -> list[tuple[str, Any]]:
    def set_in(path: list[Any], value: Any) -> Any:
        def apply(doc: dict[str, Any]) -> None:
            target = doc
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value

        return apply

    return [
        ("actor edited", set_in(["leaf_input", "actor"], "someone-else")),
        ("seq moved", set_in(["leaf_input", "seq"], 3)),
        ("index moved", set_in(["leaf_index"], 5)),
        ("tree size", set_in(["tree_size"], 12)),
        ("path node", set_in(["audit_path", 0], "00" * 32)),
        ("path cut", lambda d: d["audit_path"].pop()),
        ("root", set_in(["checkpoint", "statement"], "{}")),
        ("signature", set_in(["checkpoint", "signature"], "AAAA")),
    ]


@pytest.mark.parametrize(("name", "mutate"), _mutations())
async def test_when_proof_is_altered_then_script_rejects_it(
    proof_files: tuple[Path, Path, Path, dict[str, Any]], name: str, mutate: Any
) -> None:
    _, key, _, proof = proof_files
    forged = copy.deepcopy(proof)
    mutate(forged)
    pem = key.read_bytes()
    public = verify_proof.load_pem_public_key(pem)

    with pytest.raises((verify_proof.ProofError, KeyError, ValueError)):
        verify_proof.check(forged, public)


async def test_when_key_is_another_then_script_rejects_it(
    proof_files: tuple[Path, Path, Path, dict[str, Any]],
) -> None:
    _, _, _, proof = proof_files
    other = Ed25519PrivateKey.generate().public_key()

    with pytest.raises(verify_proof.ProofError, match="signature"):
        verify_proof.check(proof, other)
    assert "BEGIN PUBLIC KEY" in public_key_pem(other)


async def test_when_record_differs_from_proof_then_script_rejects_it(
    proof_files: tuple[Path, Path, Path, dict[str, Any]],
) -> None:
    _, key, record_path, proof = proof_files
    record = json.loads(record_path.read_text())
    record["event"]["payload"]["tokens"] = 13
    public = verify_proof.load_pem_public_key(key.read_bytes())

    with pytest.raises(verify_proof.ProofError, match="payload"):
        verify_proof.check(proof, public, record)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_when_canonicalizing_then_script_matches_rfc8785_package(value: Any) -> None:
    assert verify_proof.jcs(value) == rfc8785.dumps(value)


async def test_when_third_party_has_proof_note_token_and_keys_then_script_verifies_all(
    signer: CheckpointSigner, tmp_path: Path
) -> None:
    # The docs/verify-proof.md walk-through: only exported files, the log's vkey and the
    # TSA's CA certificate; the token comes from a real TSA (openssl ts) on loopback.
    import base64

    from audit_log.anchors.tsa import TsaAnchorer
    from audit_log.anchors.witness import WitnessAnchorer
    from audit_log.note import ALG_COSIGNATURE_V1, NoteVerifier
    from tests.unit.audit_log.anchoring_servers import make_ca, running_tsa, running_witness

    with (
        running_tsa(tmp_path / "tsa") as tsa,
        running_witness(tmp_path / "w.json", [signer.verifier]) as witness,
    ):
        anchorers = (
            TsaAnchorer(url=tsa.url),
            WitnessAnchorer(url=witness.url, witness=witness.key),
        )
        store = open_audit_store(
            f"sqlite:///{tmp_path}/audit.db", signer=signer, anchorers=anchorers
        )
        await store.open()
        try:
            records = await asyncio.gather(*(store.append(make_event(i)) for i in range(5)))
            proof = (await store.proof(records[2].id)).to_dict()
            assert await store.anchor_pending(now="2026-12-06T00:00:00.000000Z") == []
            anchors = [a for a in await store.anchors() if a.tree_size == proof["tree_size"]]
            proof["anchors"] = [a.to_dict() for a in anchors]  # as the proof endpoint adds
            (token,) = [a for a in anchors if a.kind == "rfc3161"]
            await store.append(make_event(9))
            other = await store.checkpoint()
        finally:
            await store.aclose()
    assert other is not None
    files = {
        "proof.json": json.dumps(proof),
        "log.vkey": signer.verifier.vkey + "\n",
        "checkpoint.note": proof["checkpoint"]["note"],
        "other.note": other.note,
        "ca.pem": tsa.ca_pem.decode(),
        "other-ca.pem": make_ca("Other CA")[1].public_bytes(serialization.Encoding.PEM).decode(),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, newline="")
    (tmp_path / "token.tsr").write_bytes(base64.b64decode(token.data))

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        args = [str(tmp_path / "proof.json"), str(tmp_path / "log.vkey"), *extra]
        return subprocess.run(
            [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
        )

    token_args = ["--tsa-token", str(tmp_path / "token.tsr")]
    ok = run(
        "--checkpoint",
        str(tmp_path / "checkpoint.note"),
        *token_args,
        "--tsa-cert",
        str(tmp_path / "ca.pem"),
        "--witness-key",
        witness.key.vkey,
    )
    stranger = NoteVerifier(
        name=witness.key.name,
        public_key=Ed25519PrivateKey.generate().public_key(),
        algorithm=ALG_COSIGNATURE_V1,
    )
    other_witness = run("--witness-key", stranger.vkey)
    other_note = run("--checkpoint", str(tmp_path / "other.note"))
    other_ca = run(*token_args, "--tsa-cert", str(tmp_path / "other-ca.pem"))

    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.splitlines()[0].startswith("OK: record")
    assert ok.stdout.splitlines()[1].startswith(f"OK: witness {witness.key.name} cosigned")
    assert "RFC 3161 time-stamp" in ok.stdout.splitlines()[2]
    assert other_witness.returncode == 1, other_witness.stdout
    assert other_note.returncode == 1 and "another checkpoint" in other_note.stdout
    assert other_ca.returncode == 1 and "time-stamp token does not verify" in other_ca.stdout
