"""C2SP signed notes, vkeys, cosignatures and checkpoint text (audit_log.note)."""

from __future__ import annotations

import base64
import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit_log.checkpoints import CheckpointSigner, checkpoint_from_note, checkpoint_problem
from audit_log.errors import CheckpointError
from audit_log.note import (
    ALG_COSIGNATURE_V1,
    CheckpointBody,
    NoteSignature,
    NoteSigner,
    NoteVerifier,
    cosignature_time,
    sign_note,
    split_note,
    verified_signers,
)

# The example of golang.org/x/mod/sumdb/note (the reference implementation of signed notes).
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_NOTE = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6"
    "KE6RyyBwJnAM=\n"
)
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"


def test_when_reading_the_reference_note_then_its_signature_verifies() -> None:
    verifier = NoteVerifier.from_vkey(GO_VKEY)
    text, signatures = split_note(GO_NOTE)

    assert verifier.vkey == GO_VKEY
    assert verified_signers(text, signatures, [verifier]) == ["PeterNeumann"]
    # A known key's signature that fails rejects the note (Go's note.Open does the same).
    with pytest.raises(CheckpointError, match="known key 'PeterNeumann' that does not verify"):
        verified_signers(text.replace("answer", "Answer"), signatures, [verifier])


def test_when_signing_with_the_reference_key_then_the_note_is_byte_for_byte_go_s() -> None:
    # Ed25519 is deterministic: our signer over Go's text with Go's key must give Go's note.
    seed = base64.b64decode(GO_SKEY.split("+", 4)[4])  # PRIVATE+KEY+name+hash+key
    assert seed[0] == 0x01
    signer = NoteSigner(
        name="PeterNeumann", private_key=Ed25519PrivateKey.from_private_bytes(seed[1:])
    )
    text, _ = split_note(GO_NOTE)

    assert signer.verifier.vkey == GO_VKEY
    assert sign_note(text, [signer]) == GO_NOTE


def test_when_signatures_by_unknown_keys_sit_beside_then_they_are_ignored() -> None:
    verifier = NoteVerifier.from_vkey(GO_VKEY)
    stranger = NoteSigner(name="PeterNeumann", private_key=Ed25519PrivateKey.generate())
    text, (own,) = split_note(GO_NOTE)
    other_name = NoteSignature("Someone", own.key_hash, own.signature[::-1])

    signers = verified_signers(text, [stranger.sign(text), other_name, own], [verifier])

    assert signers == ["PeterNeumann"]


@pytest.mark.parametrize("bad", ["\x00", "\t", "\r", "\x1b"])
def test_when_note_has_a_control_character_then_it_is_refused(bad: str) -> None:
    signer = NoteSigner(name="example.org/log", private_key=Ed25519PrivateKey.generate())
    note = sign_note(f"a{bad}b\n", [signer])

    with pytest.raises(CheckpointError, match="control character"):
        split_note(note)


def test_when_signing_then_note_round_trips_and_names_the_key_hash() -> None:
    signer = NoteSigner(name="example.org/log", private_key=Ed25519PrivateKey.generate())
    note = sign_note("hello\n", [signer])
    text, (sig,) = split_note(note)

    assert text == "hello\n" and note.startswith("hello\n\n— example.org/log ")
    assert sig.key_hash == signer.verifier.key_hash
    assert NoteVerifier.from_vkey(signer.verifier.vkey).key_hash == signer.verifier.key_hash
    other = NoteSigner(name="example.org/log", private_key=Ed25519PrivateKey.generate())
    assert verified_signers(text, [sig], [other.verifier]) == []


def test_when_cosigning_then_time_is_bound_to_the_checkpoint() -> None:
    signer = NoteSigner(name="w.example/w", private_key=Ed25519PrivateKey.generate())
    witness = NoteVerifier(
        name="w.example/w", public_key=signer.verifier.public_key, algorithm=ALG_COSIGNATURE_V1
    )
    body = CheckpointBody(origin="o", size=3, root_hash=b"\x01" * 32).text()
    sig = signer.cosign(body, 1_700_000_000)

    assert cosignature_time(body, sig, witness) == 1_700_000_000
    assert cosignature_time(body.replace("3", "4", 1), sig, witness) is None
    assert cosignature_time(body, sig, signer.verifier) is None  # a note key is not a cosigner


@pytest.mark.parametrize(
    "vkey",
    [
        "no-plus-signs",
        "name+zz+AAAA",
        "name+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+AhpcmQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "sp ace+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_when_vkey_is_malformed_then_checkpoint_error(vkey: str) -> None:
    with pytest.raises(CheckpointError, match="verifier key"):
        NoteVerifier.from_vkey(vkey)


@pytest.mark.parametrize(
    "note",
    ["no signature\n", "text\n\nnot a signature line\n", "text\n\n— name !!!\n", "text\n\n"],
)
def test_when_note_is_malformed_then_checkpoint_error(note: str) -> None:
    with pytest.raises(CheckpointError, match="signed note"):
        split_note(note)


ROOT = base64.b64encode(b"\x02" * 32).decode()


@pytest.mark.parametrize(
    "text",
    [
        "origin\n12\n",
        f"origin\n012\n{ROOT}\n",
        f"origin\n-1\n{ROOT}\n",
        f"origin\n12\n{base64.b64encode(b'short').decode()}\n",
        f"origin\n12\n{ROOT}",
        f"origin\n12\n{ROOT}\n\n",
    ],
)
def test_when_checkpoint_text_is_malformed_then_checkpoint_error(text: str) -> None:
    with pytest.raises(CheckpointError, match="tlog checkpoint"):
        CheckpointBody.parse(text)


def test_when_checkpoint_text_has_extension_lines_then_they_are_kept() -> None:
    body = CheckpointBody.parse(f"example.org/log\n7\n{ROOT}\next one\n")

    assert (body.origin, body.size, body.extensions) == ("example.org/log", 7, ("ext one",))
    assert body.text() == f"example.org/log\n7\n{ROOT}\next one\n"


def test_when_key_base64_contains_plus_signs_then_vkey_round_trips() -> None:
    # Found by a flaky run: the base64 of a key often contains '+'.
    for _ in range(64):
        signer = NoteSigner(name="example.org/log", private_key=Ed25519PrivateKey.generate())
        vkey = signer.verifier.vkey
        if "+" in vkey.split("+", 2)[2]:
            break
    else:
        pytest.fail("no key with '+' in its base64 in 64 tries")

    assert NoteVerifier.from_vkey(vkey).key_hash == signer.verifier.key_hash


def test_when_checkpoint_carries_a_failing_line_of_its_own_key_then_it_is_a_problem() -> None:
    signer = CheckpointSigner(Ed25519PrivateKey.generate(), origin="example.org/log")
    cp = signer.sign(tree_size=2, root_hash="ab" * 32, head_hash="", created_at="")
    broken = signer.sign(tree_size=2, root_hash="cd" * 32, head_hash="", created_at="")
    doubled = dataclasses.replace(cp, signature=cp.signature + broken.signature)

    assert checkpoint_problem(cp, [signer.verifier]) == ""
    assert "does not verify" in checkpoint_problem(doubled, [signer.verifier])
    with pytest.raises(CheckpointError, match="does not verify"):
        checkpoint_from_note(doubled.note, [signer.verifier])
