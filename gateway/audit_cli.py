"""``leitplanke audit checkpoint|verify|anchors`` and ``leitplanke witness serve|key``.

Registered from ``gateway.cli`` so the checkpoint, anchoring and witness commands live in one
module (issue 22).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from audit_log.note import NoteSigner
from audit_log.stores import AuditStore, utc_timestamp
from gateway.audit_anchoring import (
    TrustOptionError,
    log_keys,
    report_lines,
    trust_anchors,
    verify_with_trust,
)
from gateway.audit_store import checkpoint_signer
from gateway.settings import Settings

AUDIT_COMMANDS = ("verify", "checkpoint", "anchors", "vkey")
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def add_audit_commands(audit_commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``audit verify``, ``audit checkpoint``, ``audit anchors`` and ``audit vkey``."""
    verify = audit_commands.add_parser(
        "verify", help="verify the chain, every checkpoint and the anchors outside the database"
    )
    verify.add_argument(
        "--trusted-checkpoint",
        action="append",
        default=[],
        metavar="FILE",
        help="a saved checkpoint note the log must extend (repeatable)",
    )
    verify.add_argument(
        "--witness",
        action="append",
        default=[],
        metavar="URL",
        help="ask this witness now: a configured URL, or 'URL VKEY' (repeatable)",
    )
    verify.add_argument(
        "--tsa-cert",
        action="append",
        default=[],
        metavar="FILE",
        help="PEM certificate(s) trusted for the stored RFC 3161 tokens (repeatable)",
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    audit_commands.add_parser(
        "checkpoint",
        help="sign a checkpoint over all records, anchor it, print it as a C2SP signed note",
    )
    anchors = audit_commands.add_parser(
        "anchors", help="export every checkpoint note with its anchors as JSON Lines"
    )
    anchors.add_argument("--output", "-o", help="file to write (default: stdout)")
    audit_commands.add_parser(
        "vkey",
        help="print the log's C2SP verifier key (what a witness's --log and verifiers take)",
    )


def add_witness_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``witness serve`` and ``witness key``."""
    witness = commands.add_parser("witness", help="a C2SP tlog-witness for audit logs")
    sub = witness.add_subparsers(dest="witness_command", required=True)
    serve = sub.add_parser("serve", help="cosign consistent checkpoints over HTTP")
    serve.add_argument("--key", required=True, help="the witness's Ed25519 private key (PEM)")
    serve.add_argument("--name", required=True, help="the witness's key name")
    serve.add_argument(
        "--log", action="append", required=True, metavar="VKEY", help="a log's vkey (repeatable)"
    )
    serve.add_argument("--state", required=True, help="state file (latest checkpoint per log)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8090)
    key = sub.add_parser("key", help="create a witness key; prints its cosignature vkey")
    key.add_argument("--name", required=True)
    key.add_argument("--output", required=True, help="PEM file to create (mode 0600)")


async def run_audit(settings: Settings, args: argparse.Namespace, store: AuditStore) -> int:
    """Run one of ``AUDIT_COMMANDS`` on an opened store."""
    if args.audit_command == "checkpoint":
        checkpoint = await store.checkpoint()
        if checkpoint is None:
            print("log is empty", file=sys.stderr)
            return EXIT_OK
        for failure in await store.anchor_pending(now=utc_timestamp()):
            print(f"anchor failed: {failure}", file=sys.stderr)
        sys.stdout.write(checkpoint.note)
        return EXIT_OK
    if args.audit_command == "anchors":
        return await _export_anchors(store, args.output)
    if args.audit_command == "vkey":
        print(checkpoint_signer(settings).verifier.vkey)
        return EXIT_OK
    try:
        trust = trust_anchors(
            settings.audit,
            log_keys(settings.audit, checkpoint_signer(settings).verifier),
            checkpoint_files=args.trusted_checkpoint,
            witnesses=args.witness,
            tsa_cert_files=args.tsa_cert,
        )
    except TrustOptionError as exc:
        print(f"--{exc.option.replace('_', '-')}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report = await verify_with_trust(store, settings.audit, trust)
    if args.json:
        print(json.dumps(report.to_dict(), indent=1))
    else:
        print("\n".join(report_lines(report)))
    return EXIT_OK if report.ok else EXIT_FAILURE


async def _export_anchors(store: AuditStore, output: str | None) -> int:
    # One line per checkpoint: the note and every anchor kept with it, so the evidence can
    # be archived or handed to a third party without database access.
    anchors = await store.anchors()
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        for checkpoint in await store.checkpoints():
            line = {
                "tree_size": checkpoint.tree_size,
                "note": checkpoint.note,
                "created_at": checkpoint.created_at,
                "anchors": [a.to_dict() for a in anchors if a.tree_size == checkpoint.tree_size],
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    return EXIT_OK


def run_witness(args: argparse.Namespace) -> int:
    """``witness serve`` or ``witness key``."""
    import os

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from audit_log.errors import CheckpointError
    from audit_log.note import ALG_COSIGNATURE_V1, NoteVerifier

    if args.witness_command == "key":
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            print(f"--output: {exc}", file=sys.stderr)
            return EXIT_USAGE
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        verifier = NoteVerifier(
            name=args.name, public_key=key.public_key(), algorithm=ALG_COSIGNATURE_V1
        )
        print(verifier.vkey)
        return EXIT_OK
    import uvicorn

    from audit_log.witness import Witness
    from gateway.witness_app import create_witness_app

    try:
        private = serialization.load_pem_private_key(Path(args.key).read_bytes(), password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 key")
        signer = NoteSigner(name=args.name, private_key=private)
        logs = [NoteVerifier.from_vkey(v) for v in args.log]
    except (OSError, ValueError, CheckpointError) as exc:
        print(f"witness configuration: {exc}", file=sys.stderr)
        return EXIT_USAGE
    witness = Witness(signer=signer, logs=logs, state_file=args.state)
    cosign_key = NoteVerifier(
        name=args.name, public_key=private.public_key(), algorithm=ALG_COSIGNATURE_V1
    )
    print(f"witness {cosign_key.vkey} on http://{args.host}:{args.port}", flush=True)
    uvicorn.run(create_witness_app(witness), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
