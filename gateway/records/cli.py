"""``leitplanke records ropa|fria|registration|history``: the deployer's records on the CLI.

Generation builds every engine (as the server does), records the document in the audit log
(``records.<kind>.generated``) and prints it; ``history`` lists recorded versions.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from audit_log.errors import AuditError
from audit_log.retention import RetentionPolicyError
from gateway.components import build_components, close_components
from gateway.logging import configure_logging
from gateway.records.operations import KINDS, NEEDS_MODEL, generate, history
from gateway.settings import Settings
from records import UnknownModelError, render_markdown, render_pdf

FORMATS = ("json", "md", "pdf", "algoritmeregister")


def add_records_commands(commands: Any) -> None:
    """Register ``records`` on the top-level sub-command parser."""
    records = commands.add_parser(
        "records",
        help="the deployer's records: GDPR Art. 30, AI Act Art. 27 and Art. 49 documents",
    )
    kinds = records.add_subparsers(dest="records_command", required=True)
    for kind, help_text in (
        ("ropa", "record of processing activities (GDPR Art. 30)"),
        ("fria", "draft fundamental-rights impact assessment (AI Act Art. 27)"),
        ("registration", "EU database registration data (AI Act Art. 49(3), Annex VIII C)"),
    ):
        parser = kinds.add_parser(kind, help=help_text)
        parser.add_argument("--model", default="", help="decision model (fria, registration)")
        parser.add_argument(
            "--format", choices=FORMATS, default="json",
            help="algoritmeregister: the public algorithm register entry (registration only)",
        )
        parser.add_argument("--lang", choices=("de", "en"), default="de")
        parser.add_argument("--output", "-o", help="file to write (default: stdout; pdf: needed)")
    listing = kinds.add_parser("history", help="list the recorded versions of a document")
    listing.add_argument("kind", choices=KINDS)
    listing.add_argument("--model", default="")


def run_records(settings: Settings, args: argparse.Namespace) -> int:
    """Entry point of ``leitplanke records``; returns the exit code."""
    return asyncio.run(_run(settings, args))


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    command = args.records_command
    kind = args.kind if command == "history" else command
    if kind in NEEDS_MODEL and not args.model and command != "history":
        print(f"records {kind} needs --model", file=sys.stderr)
        return 2
    if command != "history" and args.format == "algoritmeregister" and kind != "registration":
        print("--format algoritmeregister is for records registration", file=sys.stderr)
        return 2
    if command != "history" and args.format == "pdf" and not args.output:
        print("--format pdf needs --output FILE", file=sys.stderr)
        return 2
    configure_logging(settings.logging.level, stream=sys.stderr)  # stdout is the document
    components = await build_components(settings)
    try:
        if command == "history":
            for version in await history(components, kind=kind, model=args.model):
                summary = version.summary()
                print(
                    f"{summary['version']:>8}  {summary['recorded_at']}  {summary['status']:<16}"
                    f" {summary['model'] or '-':<20} {summary['sha256'][:16]}"
                )
            return 0
        try:
            stored = await generate(
                components, kind=kind, model=args.model, actor=f"cli:{getpass.getuser()}",
                request_id=uuid.uuid4().hex,
            )
        except UnknownModelError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        except RetentionPolicyError as exc:
            print(f"policy error: {exc}", file=sys.stderr)
            return 2
        except AuditError:
            print("the document could not be recorded in the audit log", file=sys.stderr)
            return 1
        assert stored.document is not None  # just recorded
        _write(stored.document, args)
        print(f"recorded as version {stored.version} (audit record {stored.record_id})",
              file=sys.stderr)
        return 0
    finally:
        await close_components(components)


def _write(document: dict[str, Any], args: argparse.Namespace) -> None:
    if args.format == "pdf":
        Path(args.output).write_bytes(render_pdf(document, lang=args.lang))
        return
    if args.format == "md":
        body = render_markdown(document, lang=args.lang)
    elif args.format == "algoritmeregister":
        body = json.dumps(document["algorithm_register"][args.lang], ensure_ascii=False, indent=2)
    else:
        body = json.dumps(document, ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(body + "\n", encoding="utf-8")
    else:
        sys.stdout.write(body + "\n")
