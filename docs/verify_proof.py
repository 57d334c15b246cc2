#!/usr/bin/env python3
"""Check a Leitplanke audit inclusion proof with nothing but the log's public key.

Usage:
    python verify_proof.py PROOF.json LOG_KEY [--record RECORD.json]
        [--checkpoint NOTE] [--tsa-token TOKEN.tsr --tsa-cert CA.pem]

PROOF.json is the body of ``GET /v1/audit/events/{id}/proof``; LOG_KEY is the checkpoint key
the operator published, as a C2SP vkey (``origin+hash+base64``) or a PEM file; RECORD.json
(optional) is the body of ``GET /v1/audit/events/{id}``, checked against the proven content.
NOTE (optional) is the checkpoint as obtained elsewhere (a publication directory, a witness):
it must be the note the proof is against. TOKEN.tsr is the RFC 3161 time-stamp token over
that note (``anchors`` of the proof, base64-decoded); it is checked with ``openssl ts
-verify`` against CA.pem. Exit status 0 means valid; anything else prints the reason. Needs
only Python 3.9+ and ``cryptography`` (and the ``openssl`` command for tokens).
See docs/verify-proof.md for the format.
"""

# ruff: noqa: S603, S607 - runs the verifier's own openssl for RFC 3161 tokens
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)


class ProofError(Exception):
    """The proof does not hold."""


def jcs(value: Any) -> bytes:
    """RFC 8785 canonical JSON for float-free values (all the audit log ever hashes)."""

    def enc(v: Any) -> str:
        if isinstance(v, dict):
            items = sorted(v.items(), key=lambda kv: kv[0].encode("utf-16-be"))
            return "{" + ",".join(enc(k) + ":" + enc(x) for k, x in items) + "}"
        if isinstance(v, list):
            return "[" + ",".join(enc(x) for x in v) + "]"
        if isinstance(v, float):
            raise ProofError("floats never occur in audit content")
        return json.dumps(v, ensure_ascii=False)

    return enc(value).encode("utf-8")


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        raise ProofError("leaf index outside the tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ProofError("audit path too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("audit path too short")
    return r


def note_key_hash(name: str, public_key: Ed25519PublicKey) -> bytes:
    """C2SP signed-note key hash: SHA-256(name || 0x0A || 0x01 || key)[:4]."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]


def parse_vkey(vkey: str, algorithm: int = 1) -> tuple[str, Ed25519PublicKey]:
    """``name+hash+base64(alg || key)`` -> (name, key), checking the hash.

    Algorithm 1 is a note (log) key, 4 a witness's cosignature/v1 key.
    """
    name, hash_hex, blob = vkey.strip().split("+", 2)
    raw = base64.b64decode(blob)
    if len(raw) != 33 or raw[0] != algorithm:
        raise ProofError(f"vkey is not an Ed25519 key of algorithm {algorithm}")
    key = Ed25519PublicKey.from_public_bytes(raw[1:])
    digest = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if digest.hex() != hash_hex:
        raise ProofError("vkey hash does not match its key")
    return name, key


def check_cosignature(checkpoint_text: str, lines: list[str], witness_vkey: str) -> int:
    """A witness's cosignature/v1 over the checkpoint; returns its Unix time."""
    name, key = parse_vkey(witness_vkey, algorithm=4)
    raw_key = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    key_hash = hashlib.sha256(name.encode() + b"\n\x04" + raw_key).digest()[:4]
    for line in lines:
        if not line.startswith("\u2014 " + name + " "):
            continue
        raw = base64.b64decode(line.rsplit(" ", 1)[1])
        if raw[:4] != key_hash or len(raw) != 4 + 8 + 64:
            continue
        when = int.from_bytes(raw[4:12], "big")
        message = f"cosignature/v1\ntime {when}\n{checkpoint_text}".encode()
        try:
            key.verify(raw[12:], message)
        except InvalidSignature:
            raise ProofError(f"cosignature of witness {name} does not verify") from None
        return when
    raise ProofError(f"no cosignature by witness {name}")


def check_note(note: str, public_key: Ed25519PublicKey) -> tuple[str, int, bytes]:
    """Verify a C2SP checkpoint note; returns (origin, tree size, root hash)."""
    text, sep, block = note.rpartition("\n\n")
    if not sep:
        raise ProofError("checkpoint is not a signed note")
    text += "\n"
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not lines[1].isdigit():
        raise ProofError("checkpoint text is not origin / size / root")
    origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2])
    wanted = note_key_hash(origin, public_key)
    for line in block.rstrip("\n").split("\n"):
        name, _, blob = line[len("\u2014 ") :].partition(" ")
        if not line.startswith("\u2014 ") or name != origin:
            continue
        raw = base64.b64decode(blob)
        if raw[:4] != wanted:
            continue
        try:
            public_key.verify(raw[4:], text.encode("utf-8"))
        except InvalidSignature:
            raise ProofError("checkpoint signature does not verify with this key") from None
        return origin, size, root
    raise ProofError("checkpoint signature does not verify with this key (no signature by it)")


def check_token(token: bytes, note: str, ca_file: str) -> str:
    """RFC 3161 token over the note, checked by ``openssl ts -verify``; returns its output."""
    with tempfile.TemporaryDirectory() as work:
        data, tsr = os.path.join(work, "note"), os.path.join(work, "token.tsr")
        with open(data, "wb") as fh:
            fh.write(note.encode("utf-8"))
        with open(tsr, "wb") as fh:
            fh.write(token)
        done = subprocess.run(
            ["openssl", "ts", "-verify", "-data", data, "-in", tsr, "-CAfile", ca_file],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or "OK" not in done.stdout:
            raise ProofError("time-stamp token does not verify: " + done.stderr.strip()[:200])
        shown = subprocess.run(
            ["openssl", "ts", "-reply", "-in", tsr, "-text"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    for line in shown.splitlines():
        if line.startswith("Time stamp:"):
            return line.split(":", 1)[1].strip()
    return "unknown time"


def check(
    proof: dict[str, Any],
    public_key: Ed25519PublicKey,
    record: Any = None,
    note: str | None = None,
) -> str:
    """Return a one-line summary if the proof holds; raise ProofError otherwise."""
    content = proof["leaf_input"]
    leaf = hashlib.sha256(b"\x00" + jcs(content)).digest()
    if leaf.hex() != proof["leaf_hash"]:
        raise ProofError("leaf_hash is not the hash of leaf_input")
    if content["id"] != proof["record_id"] or content["seq"] != proof["leaf_index"] + 1:
        raise ProofError("leaf_input belongs to another record or position")

    cp = proof["checkpoint"]
    signed_note = cp["statement"] + "\n" + cp["signature"]
    if cp.get("note", signed_note) != signed_note:
        raise ProofError("the checkpoint's note differs from its statement and signature")
    if note is not None and note.rpartition("\n\n")[0] != cp["statement"].rstrip("\n"):
        # Compared on the checkpoint text: a note from a witness may carry cosignatures.
        raise ProofError("the proof is against another checkpoint than the note given")
    if not cp["statement"].startswith("{"):
        origin, size, root = check_note(signed_note, public_key)
        if size != proof["tree_size"]:
            raise ProofError("proof is for another tree size than the signed checkpoint")
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        if root_from_inclusion(proof["leaf_index"], size, leaf, path) != root:
            raise ProofError("audit path does not lead to the signed root")
        check_record(record, content)
        return (
            f"OK: record {content['id']} (seq {content['seq']}) is entry {proof['leaf_index']} "
            f"of the {size}-record log {origin}"
        )
    try:
        public_key.verify(base64.b64decode(cp["signature"]), cp["statement"].encode("utf-8"))
    except (InvalidSignature, ValueError) as exc:
        raise ProofError("checkpoint signature does not verify with this key") from exc
    statement = json.loads(cp["statement"])
    raw_key = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    if statement.get("log") != "leitplanke-audit" or statement.get("v") != 1:
        raise ProofError("not a leitplanke-audit v1 checkpoint")
    if statement["key_id"] != hashlib.sha256(raw_key).hexdigest()[:16]:
        raise ProofError("checkpoint names a different key")
    if statement["tree_size"] != proof["tree_size"]:
        raise ProofError("proof is for another tree size than the signed checkpoint")

    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    root = root_from_inclusion(proof["leaf_index"], proof["tree_size"], leaf, path)
    if root.hex() != statement["root_hash"]:
        raise ProofError("audit path does not lead to the signed root")

    check_record(record, content)
    return (
        f"OK: record {content['id']} (seq {content['seq']}) is entry {proof['leaf_index']} of "
        f"the {proof['tree_size']}-record log signed at {statement['created_at']}"
    )


def check_record(record: Any, content: dict[str, Any]) -> None:
    """With the record: every event field equals the proven content, and the payload digest."""
    if record is not None:
        event = record["event"]
        for name, value in event.items():
            if name in content and content[name] != value:
                raise ProofError(f"record field {name!r} differs from the proven content")
        if record["id"] != content["id"] or record["occurred_at"] != content["occurred_at"]:
            raise ProofError("record id or time differs from the proven content")
        if not record.get("payload_removed"):
            digest = hashlib.sha256(jcs(event["payload"])).hexdigest()
            if digest != content["payload_sha256"]:
                raise ProofError("record payload differs from the proven digest")


def load_key(path: str) -> Ed25519PublicKey:
    """A vkey file/string or a PEM public key file."""
    text = open(path, "rb").read() if os.path.exists(path) else path.encode()
    if text.lstrip().startswith(b"-----BEGIN"):
        key = load_pem_public_key(text)
        if not isinstance(key, Ed25519PublicKey):
            raise ProofError("public key is not Ed25519")
        return key
    return parse_vkey(text.decode().strip())[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("proof")
    parser.add_argument("log_key", help="vkey (file or text) or PEM public key file")
    parser.add_argument("--record")
    parser.add_argument("--checkpoint", help="the checkpoint note obtained independently")
    parser.add_argument("--tsa-token", help="RFC 3161 token (DER) over the checkpoint note")
    parser.add_argument("--tsa-cert", help="PEM CA certificate of the time-stamping authority")
    parser.add_argument(
        "--witness-key",
        action="append",
        default=[],
        help="a witness's cosignature vkey: its cosignature must be in the proof's anchors "
        "or the --checkpoint note (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        with open(args.proof, encoding="utf-8") as fh:
            proof = json.load(fh)
        key = load_key(args.log_key)
        record = None
        if args.record:
            with open(args.record, encoding="utf-8") as fh:
                record = json.load(fh)
        note = None
        if args.checkpoint:
            with open(args.checkpoint, encoding="utf-8", newline="") as fh:
                note = fh.read()
        print(check(proof, key, record, note))
        cosignatures = [
            a["data"] for a in proof.get("anchors", []) if a.get("kind") == "cosignature"
        ]
        if note is not None:
            cosignatures += note.rpartition("\n\n")[2].splitlines()
        for witness in args.witness_key:
            when = check_cosignature(proof["checkpoint"]["statement"], cosignatures, witness)
            print(f"OK: witness {witness.split('+')[0]} cosigned the checkpoint at {when} (Unix)")
        if args.tsa_token:
            if not args.tsa_cert:
                raise ProofError("--tsa-token needs --tsa-cert")
            with open(args.tsa_token, "rb") as fh:
                token = fh.read()
            when = check_token(token, proof["checkpoint"]["note"], args.tsa_cert)
            print(f"OK: the checkpoint existed at {when} (RFC 3161 time-stamp)")
    except (ProofError, KeyError, TypeError, ValueError, OSError) as exc:
        print(f"FAIL: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
