#!/usr/bin/env python3
"""Check a Leitplanke audit inclusion proof with nothing but the log's public key.

Usage:
    python verify_proof.py PROOF.json PUBLIC_KEY.pem [--record RECORD.json]

PROOF.json is the body of ``GET /v1/audit/events/{id}/proof``; PUBLIC_KEY.pem is the
checkpoint key the operator published; RECORD.json (optional) is the body of
``GET /v1/audit/events/{id}``, checked against the proven content. Exit status 0 means
valid; anything else prints the reason. Needs only Python 3.9+ and ``cryptography``.
See docs/verify-proof.md for the format.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
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


def check(proof: dict[str, Any], public_key: Ed25519PublicKey, record: Any = None) -> str:
    """Return a one-line summary if the proof holds; raise ProofError otherwise."""
    content = proof["leaf_input"]
    leaf = hashlib.sha256(b"\x00" + jcs(content)).digest()
    if leaf.hex() != proof["leaf_hash"]:
        raise ProofError("leaf_hash is not the hash of leaf_input")
    if content["id"] != proof["record_id"] or content["seq"] != proof["leaf_index"] + 1:
        raise ProofError("leaf_input belongs to another record or position")

    cp = proof["checkpoint"]
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
    return (
        f"OK: record {content['id']} (seq {content['seq']}) is entry {proof['leaf_index']} of "
        f"the {proof['tree_size']}-record log signed at {statement['created_at']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("proof")
    parser.add_argument("public_key")
    parser.add_argument("--record")
    args = parser.parse_args(argv)
    with open(args.proof, encoding="utf-8") as fh:
        proof = json.load(fh)
    with open(args.public_key, "rb") as fh:
        key = load_pem_public_key(fh.read())
    if not isinstance(key, Ed25519PublicKey):
        print("FAIL: public key is not Ed25519")
        return 2
    record = None
    if args.record:
        with open(args.record, encoding="utf-8") as fh:
            record = json.load(fh)
    try:
        print(check(proof, key, record))
    except (ProofError, KeyError, TypeError, ValueError) as exc:
        print(f"FAIL: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
