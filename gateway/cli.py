"""The ``leitplanke`` command line.

Every command reads the same configuration as the server (``LEITPLANKE_CONFIG`` and
``LEITPLANKE_*``), so ``keys create`` writes to the database the server reads.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import json
import os
import shutil
import socket
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from pathlib import Path

from audit_log.errors import AuditError
from audit_log.export import export_records
from audit_log.retention import HoldKind, RetentionPolicyError, SubjectUnderHoldError
from audit_log.stores import AuditStore
from audit_log.types import AuditEvent, AuditQuery
from gateway import cli_decisions, cli_pii
from gateway.audit_cli import (
    AUDIT_COMMANDS,
    add_audit_commands,
    add_witness_commands,
    run_audit,
    run_witness,
)
from gateway.audit_store import open_audit_store_for
from gateway.keys import ROLES, KeyStore, Role, open_key_store
from gateway.operations import erase_subject, issue_key, revoke_keys
from gateway.policy_reload import bundle_governance
from gateway.records.cli import add_records_commands, run_records
from gateway.records.facts import retention_policy
from gateway.retention import apply_retention_policy, place_hold, release_hold
from gateway.secrets_check import secret_problems
from gateway.settings import ConfigError, Settings, load_settings
from gateway.version import package_version
from storage.database import open_database

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

ADMIN_KEY_ENV = "LEITPLANKE_ADMIN_KEY"
BENCHMARKS = ("pii", "policy", "audit", "decisions", "fairness", "load")
DEMO_SERVICE = "demo-service"
DEMO_OFFICER = "demo-officer"
SERVICES_HELP = (
    "comma-separated services the key may see (caseworkers: required to see any decision; "
    "officers: unbound sees all); '*' for all"
)


def _service_list(value: str) -> tuple[str, ...]:
    services = tuple(s.strip() for s in value.split(",") if s.strip())
    if not services:
        raise argparse.ArgumentTypeError("name at least one service")
    return services


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leitplanke", description="Responsible-AI governance gateway"
    )
    parser.add_argument("--version", action="version", version=f"leitplanke {package_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the gateway over HTTP")
    serve.add_argument("--host", help="overrides server.host")
    serve.add_argument("--port", type=int, help="overrides server.port")
    serve.add_argument("--workers", type=int, help="overrides server.workers")
    serve.add_argument(
        "--demo",  # also allows development secrets (gateway/secrets_check.py)
        action="store_true",
        help="issue fresh demo keys (service and officer) and print them at start-up",
    )
    serve.add_argument(
        "--skip-upstream-check",
        action="store_true",
        help="start even when an upstream is unreachable (it is probed at start-up otherwise)",
    )

    keys = commands.add_parser("keys", help="manage API keys")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    create = key_commands.add_parser("create", help="create a key; printed once, on the last line")
    create.add_argument("--name", required=True, help="service or officer name")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--services", type=_service_list, help=SERVICES_HELP)
    revoke = key_commands.add_parser("revoke", help="revoke every active key of a name")
    revoke.add_argument("--name", required=True)
    rotate = key_commands.add_parser(
        "rotate", help="issue a new key for a name and revoke its old ones at once"
    )
    rotate.add_argument("--name", required=True)
    rotate.add_argument("--role", required=True, choices=ROLES)
    rotate.add_argument("--services", type=_service_list, help=SERVICES_HELP)

    services = commands.add_parser("services", help="services the policy bundle knows")
    services_commands = services.add_subparsers(dest="services_command", required=True)
    services_commands.add_parser("list", help="services with their models and purposes")

    check_config = commands.add_parser(
        "check-config", help="validate the configuration (and its secrets) and print a summary"
    )
    check_config.add_argument(
        "--probe",
        action="store_true",
        help="also connect to the database, Redis, OPA and every upstream and report each",
    )
    check_config.add_argument(
        "--demo", action="store_true", help="accept development secrets, as serve --demo does"
    )

    audit = commands.add_parser("audit", help="verify and export the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    add_audit_commands(audit_commands)
    audit_export = audit_commands.add_parser("export", help="export records as JSONL or CSV")
    audit_export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    audit_export.add_argument("--output", "-o", help="file to write (default: stdout)")
    audit_export.add_argument("--event-type")
    audit_export.add_argument("--service")
    audit_export.add_argument("--since", type=_aware_datetime, help="ISO 8601 with timezone")
    audit_export.add_argument("--until", type=_aware_datetime, help="ISO 8601 with timezone")
    audit_erase = audit_commands.add_parser(
        "erase", help="crypto-erase a subject pseudonym (GDPR Art. 17)"
    )
    audit_erase.add_argument("--subject", required=True, help="subject pseudonym (sp1_...)")
    audit_retention = audit_commands.add_parser(
        "retention",
        help="apply the retention policy: remove payloads past their period (hashes stay)",
    )
    audit_retention.add_argument(
        "--dry-run", action="store_true", help="show what would go and why; change nothing"
    )
    audit_retention.add_argument("--json", action="store_true", help="print the plan as JSON")
    audit_hold = audit_commands.add_parser("hold", help="legal holds that suspend retention")
    hold_commands = audit_hold.add_subparsers(dest="hold_command", required=True)
    hold_place = hold_commands.add_parser("place", help="hold every record of a subject/decision")
    hold_target = hold_place.add_mutually_exclusive_group(required=True)
    hold_target.add_argument("--subject", help="subject pseudonym")
    hold_target.add_argument("--decision", help="decision id (the case)")
    hold_place.add_argument("--reason", required=True, help="e.g. the court case reference")
    hold_commands.add_parser("list", help="list legal holds")
    hold_release = hold_commands.add_parser("release", help="release a hold")
    hold_release.add_argument("hold_id")

    cli_decisions.add_parser(commands)
    fairness = commands.add_parser("fairness", help="bias audits and imported decision history")
    fairness_commands = fairness.add_subparsers(dest="fairness_command", required=True)
    fairness_audit = fairness_commands.add_parser("audit", help="run a bias audit of a model now")
    fairness_audit.add_argument("--model", required=True)
    fairness_audit.add_argument("--since", type=_aware_datetime, help="ISO 8601 with timezone")
    fairness_audit.add_argument("--until", type=_aware_datetime, help="ISO 8601 with timezone")
    fairness_import = fairness_commands.add_parser(
        "import", help="load past decisions (CSV or JSONL) made by another system"
    )
    fairness_import.add_argument("file")
    fairness_import.add_argument("--model", required=True)
    fairness_import.add_argument("--model-version", default="imported")
    fairness_import.add_argument(
        "--partial", action="store_true", help="keep the good rows when some are rejected"
    )

    add_records_commands(commands)
    add_witness_commands(commands)

    bench = commands.add_parser(
        "bench", help="run a benchmark from bench/ (a source checkout), e.g. `bench pii`"
    )
    bench.add_argument("name", choices=BENCHMARKS)
    bench.add_argument("bench_args", nargs=argparse.REMAINDER, help="passed to the script")

    cli_pii.register(commands)

    policy = commands.add_parser("policy", help="work with the Rego policy bundle")
    policy_commands = policy.add_subparsers(dest="policy_command", required=True)
    policy_test = policy_commands.add_parser("test", help="run the Rego unit tests (like opa test)")
    policy_test.add_argument("--verbose", "-v", action="store_true")
    policy_eval = policy_commands.add_parser("eval", help="print the decision for an input file")
    policy_eval.add_argument("--input", required=True, help="JSON file with the input document")
    policy_eval.add_argument("--query", default="", help="e.g. data.leitplanke.access.decision")
    policy_reload = policy_commands.add_parser(
        "reload", help="ask a running gateway to reload its policies (admin key)"
    )
    policy_reload.add_argument("--url", help="gateway base URL; default from server settings")
    policy_reload.add_argument(
        "--key", default=None, help=f"admin API key (default: ${ADMIN_KEY_ENV})"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "witness":
        return run_witness(args)
    if args.command == "check-config":
        return _check_config(settings, demo=args.demo, probe=args.probe)
    if args.command == "keys":
        return asyncio.run(_keys(settings, args))
    if args.command == "services":
        from gateway.onboarding import bundle_services, format_services

        print(format_services(bundle_services(settings.policy.bundle_dir)))
        return EXIT_OK
    if args.command == "serve":
        return _serve(settings, args)
    if args.command == "policy":
        return _policy(settings, args)
    if args.command == "audit":
        return asyncio.run(_audit(settings, args))
    if args.command == "fairness":
        return asyncio.run(_fairness(settings, args))
    if args.command == "decisions":
        return asyncio.run(cli_decisions.run(settings, args))
    if args.command == "records":
        return run_records(settings, args)
    if args.command == "bench":
        return _bench(args)
    if args.command == "pii":
        return cli_pii.run(settings, args)
    return EXIT_USAGE  # pragma: no cover - argparse enforces the commands


def _check_config(settings: Settings, *, demo: bool = False, probe: bool = False) -> int:
    from gateway.startup import check_policy_bundle, check_signing_key, probe_dependencies

    problems = [] if demo else secret_problems(settings)
    if problems:
        for problem in problems:
            print(f"configuration not fit to serve: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        retention = retention_policy(settings)
    except RetentionPolicyError as exc:
        print(f"configuration error: governance.retention: {exc}", file=sys.stderr)
        return EXIT_USAGE
    bundle = check_policy_bundle(settings)
    print("configuration ok" if bundle.ok else "configuration has problems")
    print(f"  server      {settings.server.host}:{settings.server.port}")
    print(f"  database    {settings.database.url.split('@')[-1]}")
    print(f"  policy      {settings.policy.opa_url or 'in-process'}; bundle {bundle.detail}")
    for upstream in settings.upstreams:
        print(
            f"  upstream    {upstream.name}: {', '.join(upstream.models)} "
            f"({upstream.hosting}, {upstream.base_url})"
        )
    print(
        f"  retention   {len(retention.rules)} rule(s), everything else "
        + (f"{retention.default_days} days" if retention.default_days else "kept")
    )
    if not bundle.ok:
        print(bundle.failure_line(), file=sys.stderr)
        return EXIT_USAGE
    if not probe:
        return EXIT_OK
    findings = [check_signing_key(settings), *asyncio.run(probe_dependencies(settings))]
    print("probes:")
    for finding in findings:
        print(finding.report_line())
    return EXIT_OK if all(f.ok for f in findings) else EXIT_FAILURE


@contextlib.asynccontextmanager
async def _keys_and_audit(settings: Settings) -> AsyncIterator[tuple[KeyStore, AuditStore]]:
    """The key store and the audit log on one database connection kit (as the server has)."""
    database = await open_database(settings.database.url)
    store = open_key_store(database, pepper=settings.auth.key_pepper)
    audit = open_audit_store_for(settings, database=database)
    try:
        await store.open()
        await audit.open()
        yield store, audit
    finally:
        await store.aclose()
        await audit.aclose()
        await database.close()


async def _keys(settings: Settings, args: argparse.Namespace) -> int:
    async with _keys_and_audit(settings) as (store, audit):
        actor, request_id = _cli_actor(), uuid.uuid4().hex
        if args.keys_command in ("create", "rotate"):
            revoked = 0
            if args.keys_command == "rotate":
                revoked = await revoke_keys(
                    store, audit, name=args.name, role=args.role, actor=actor, request_id=request_id
                )
            issued = await issue_key(
                store,
                audit,
                name=args.name,
                role=args.role,
                services=args.services,
                actor=actor,
                request_id=request_id,
            )
            if args.keys_command == "rotate":
                print(f"revoked {revoked} old key(s) of {args.name}")
            if args.role == "ai-service":
                from gateway.onboarding import unknown_service_warning

                warning = unknown_service_warning(args.name, settings.policy.bundle_dir)
                if warning:
                    print(warning, file=sys.stderr)
            print(f"created key {issued.identity.key_id} for {args.name} ({args.role})")
            print("store it now: it is shown only once")
            print(issued.secret)
        else:
            count = await revoke_keys(
                store, audit, name=args.name, actor=actor, request_id=request_id
            )
            print(f"revoked {count} key(s) of {args.name}")
    return EXIT_OK


def _cli_actor() -> str:
    """Who ran a command, as recorded in the audit log."""
    return f"cli:{getpass.getuser()}"


def _aware_datetime(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("needs a timezone, e.g. 2026-01-01T00:00:00+00:00")
    return moment


async def _audit(settings: Settings, args: argparse.Namespace) -> int:
    try:
        store = open_audit_store_for(settings)
    except AuditError as exc:
        print(f"audit store: {exc}", file=sys.stderr)
        return EXIT_USAGE
    await store.open()
    try:
        if args.audit_command in AUDIT_COMMANDS:
            return await run_audit(settings, args, store)
        if args.audit_command == "export":
            query = AuditQuery(
                event_type=args.event_type, service=args.service, since=args.since, until=args.until
            )
            out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
            try:
                async for line in export_records(store, query, fmt=args.format):
                    out.write(line)
            finally:
                if args.output:
                    out.close()
            return EXIT_OK
        if args.audit_command == "erase":
            try:
                destroyed = await erase_subject(
                    store, args.subject, actor=_cli_actor(), request_id=uuid.uuid4().hex
                )
            except SubjectUnderHoldError as exc:
                print(f"{exc} (holds: {', '.join(exc.hold_ids)})", file=sys.stderr)
                return EXIT_FAILURE
            print(f"destroyed {destroyed} key(s) of {args.subject}")
            return EXIT_OK
        if args.audit_command == "hold":
            return await _holds(store, args)
        return await _retention(store, settings, args)
    finally:
        await store.aclose()


async def _retention(store: AuditStore, settings: Settings, args: argparse.Namespace) -> int:
    try:
        plan = await apply_retention_policy(
            store,
            settings,
            dry_run=args.dry_run,
            actor=f"cli:{getpass.getuser()}",
            request_id=uuid.uuid4().hex,
        )
    except RetentionPolicyError as exc:
        print(f"policy error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(plan.to_dict(), indent=2))
        return EXIT_OK
    verb = "would remove" if plan.dry_run else "removed"
    print(f"{verb} the payloads of {plan.removed} records; {plan.held} kept under legal holds")
    for group in plan.groups:
        print(
            f"  {group.event_type:<28} {group.service or '-':<20} {group.days:>5} days"
            f"  due {group.due:>6}  held {group.held:>6}  {group.basis}"
        )
    for hold in plan.holds:
        print(f"  active hold {hold.hold_id} ({hold.kind}) since {hold.placed_at}")
    return EXIT_OK


async def _holds(store: AuditStore, args: argparse.Namespace) -> int:
    actor = f"cli:{getpass.getuser()}"
    if args.hold_command == "place":
        kind: HoldKind = "subject" if args.subject else "decision"
        hold = await place_hold(
            store,
            kind=kind,
            value=args.subject or args.decision,
            reason=args.reason,
            actor=actor,
            request_id=uuid.uuid4().hex,
        )
        print(f"placed {hold.hold_id} on {kind} {hold.value}")
        return EXIT_OK
    if args.hold_command == "release":
        if not await release_hold(store, args.hold_id, actor=actor, request_id=uuid.uuid4().hex):
            print(f"no active hold {args.hold_id}", file=sys.stderr)
            return EXIT_FAILURE
        print(f"released {args.hold_id}")
        return EXIT_OK
    for hold in await store.legal_holds():
        state = "active" if hold.active else f"released {hold.released_at}"
        print(f"{hold.hold_id}  {hold.kind:<8} {hold.value:<40} {hold.placed_at}  {state}")
    return EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    import subprocess

    script = Path(__file__).resolve().parents[1] / "bench" / f"bench_{args.name}.py"
    if not script.is_file():
        print(f"{script} not found: benchmarks run from a source checkout", file=sys.stderr)
        return EXIT_USAGE
    # The script path is one of BENCHMARKS inside this checkout; the operator runs it.
    return subprocess.call([sys.executable, str(script), *args.bench_args])  # noqa: S603


def _progress(stage: str, done: int, total: int | None) -> None:
    of = f"/{total}" if total else ""
    print(f"\r{stage}: {done}{of}", end="", file=sys.stderr, flush=True)


async def _fairness(settings: Settings, args: argparse.Namespace) -> int:
    from fairness import FairnessError, import_decisions, open_fairness_store
    from gateway.fairness_audits import audit_model

    store = await open_fairness_store(settings.database.url)
    audit = open_audit_store_for(settings)
    await audit.open()
    try:
        if args.fairness_command == "import":
            result = await import_decisions(
                store,
                args.file,
                args.model,
                partial=args.partial,
                model_version=args.model_version,
                progress=_progress,
            )
            print(file=sys.stderr)
            for row in result.rejected:
                print(f"line {row.line}: {row.reason}")
            print(
                f"{result.total_rows} rows: {result.imported} imported, "
                f"{result.duplicates} duplicates, {result.rejected_count} rejected"
                + ("" if result.committed else " — nothing imported (use --partial)")
            )
            await audit.append(
                AuditEvent(
                    event_type="fairness.import",
                    request_id=uuid.uuid4().hex,
                    actor=f"cli:{getpass.getuser()}",
                    model=args.model,
                    outcome="ok" if result.committed else "rejected",
                    payload={"imported": result.imported, "rejected": result.rejected_count},
                )
            )
            return EXIT_OK if result.committed else EXIT_FAILURE
        report = await audit_model(
            settings=settings,
            fairness=store,
            audit=audit,
            model_id=args.model,
            actor=f"cli:{getpass.getuser()}",
            request_id=uuid.uuid4().hex,
            since=args.since,
            until=args.until,
            progress=_progress,
            governance=bundle_governance(settings.policy.bundle_dir),
        )
        print(file=sys.stderr)
        print(
            f"audit {report.report_id} of {report.model_id}: {report.status.upper()} "
            f"({report.n_decisions} decisions)"
        )
        for reason in report.reasons:
            print(f"  - {reason}")
        return EXIT_OK
    except FairnessError as exc:
        print(f"\nfairness error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        await store.close()
        await audit.aclose()


def _policy(settings: Settings, args: argparse.Namespace) -> int:
    from policies.errors import PolicyCompileError, PolicyError
    from policies.tooling import evaluate, run_policy_tests

    try:
        if args.policy_command == "test":
            report = run_policy_tests(settings.policy.bundle_dir, verbose=args.verbose)
            return EXIT_OK if report.ok else EXIT_FAILURE
        if args.policy_command == "eval":
            document = json.loads(Path(args.input).read_text(encoding="utf-8"))
            result = evaluate(document, query=args.query, bundle_dir=settings.policy.bundle_dir)
            print(
                json.dumps(
                    {
                        "query": result.query,
                        "defined": result.defined,
                        "result": result.value,
                        "revision": result.revision,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return EXIT_OK if result.defined else EXIT_FAILURE
    except PolicyCompileError as exc:
        print(f"policy does not compile: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except (PolicyError, OSError, ValueError) as exc:
        print(f"policy error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return _policy_reload(settings, args)


def _policy_reload(settings: Settings, args: argparse.Namespace) -> int:
    import httpx

    key = args.key or os.environ.get(ADMIN_KEY_ENV, "")
    if not key:
        print(f"an admin key is needed: --key or ${ADMIN_KEY_ENV}", file=sys.stderr)
        return EXIT_USAGE
    url = args.url or f"http://{settings.server.host}:{settings.server.port}"
    try:
        response = httpx.post(
            f"{url.rstrip('/')}/v1/admin/policy/reload",
            headers={"Authorization": f"Bearer {key}"},
            timeout=30,
        )
    except httpx.HTTPError as exc:
        print(f"gateway not reachable at {url}: {type(exc).__name__}", file=sys.stderr)
        return EXIT_FAILURE
    body = response.json()
    if response.status_code != 200:
        print(f"reload failed ({response.status_code}): {body.get('detail')}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"policy revision {body['previous_revision']} -> {body['revision']}")
    return EXIT_OK


async def _issue_demo_keys(settings: Settings) -> dict[str, str]:
    """Fresh demo keys (earlier ones revoked), each change recorded in the audit log."""
    async with _keys_and_audit(settings) as (store, audit):
        secrets = {}
        demo_keys: tuple[tuple[str, Role], ...] = (
            (DEMO_SERVICE, "ai-service"),
            (DEMO_OFFICER, "compliance-officer"),
        )
        for name, role in demo_keys:
            actor, request_id = _cli_actor(), uuid.uuid4().hex
            await revoke_keys(
                store,
                audit,
                name=name,
                role=role,
                record_none=False,
                actor=actor,
                request_id=request_id,
            )
            issued = await issue_key(
                store, audit, name=name, role=role, actor=actor, request_id=request_id
            )
            secrets[name] = issued.secret
        return secrets


#: Seconds a worker may take to answer uvicorn's health ping before it is replaced.
WORKER_HEALTHCHECK_S = 30


def _tcp_socket(sock: socket.socket) -> socket.socket:
    """The listening socket, re-wrapped so asyncio enables TCP_NODELAY on accepted clients.

    uvicorn's multi-worker mode binds with protocol 0; asyncio then skips TCP_NODELAY and
    every keep-alive response waits ~40 ms for a delayed ACK (bench/RESULTS_LOAD.md).
    """
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto != socket.IPPROTO_TCP:
        return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    return sock


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import msgspec
    import uvicorn

    server = msgspec.structs.replace(
        settings.server,
        host=args.host or settings.server.host,
        port=args.port or settings.server.port,
        workers=args.workers or settings.server.workers,
    )
    settings = msgspec.structs.replace(settings, server=server)
    problems = [] if args.demo else secret_problems(settings)
    if problems:
        print("refusing to start: " + "; ".join(problems), file=sys.stderr)
        return EXIT_USAGE
    from gateway.startup import EXIT_STARTUP, first_failure, preflight

    failure = first_failure(
        asyncio.run(
            preflight(
                settings, os.environ, demo=args.demo, check_upstreams=not args.skip_upstream_check
            )
        )
    )
    if failure is not None:
        print(failure.failure_line(), file=sys.stderr)
        return EXIT_STARTUP
    if args.demo:
        # The demo officer key may log in to the dashboard.
        settings = msgspec.structs.replace(
            settings, ui=msgspec.structs.replace(settings.ui, api_key_login=True)
        )
        keys = asyncio.run(_issue_demo_keys(settings))
        base = f"http://{server.host}:{server.port}"
        print("Leitplanke demo keys (new at every start; earlier demo keys are revoked):")
        print(f"  service key ({DEMO_SERVICE}, role ai-service):        {keys[DEMO_SERVICE]}")
        print(f"  officer key ({DEMO_OFFICER}, role compliance-officer): {keys[DEMO_OFFICER]}")
        print(f"  export LP_KEY={keys[DEMO_SERVICE]} LP_OFFICER={keys[DEMO_OFFICER]}")
        print(f"Serving on {base} (OpenAPI at {base}/schema, dashboard at {base}/ui/)", flush=True)
    shared_metrics = (
        _share_metrics_between_workers(settings)
        if server.workers > 1 or settings.metrics.multiprocess_dir
        else None
    )
    if shared_metrics is not None:
        metrics = msgspec.structs.replace(settings.metrics, multiprocess_dir=str(shared_metrics))
        settings = msgspec.structs.replace(settings, metrics=metrics)
    from gateway.worker_app import worker_app_factory

    # Every worker builds its app from these resolved settings, handed over as an argument
    # (pickled to spawned workers), never through the environment.
    config = uvicorn.Config(
        worker_app_factory(settings),
        factory=True,
        host=server.host,
        port=server.port,
        workers=server.workers,
        log_level="warning",
        access_log=False,
        # SIGTERM: stop accepting, let in-flight requests finish (their audit records are
        # committed before they are answered), then run the lifespan shutdown.
        timeout_graceful_shutdown=server.shutdown_timeout_s,
        # uvicorn kills a worker that does not answer its health ping within 5 s by default;
        # a worker importing Presidio, spaCy and the models on a busy 2-core host can take
        # longer, and was killed and restarted in a loop (never ready). 30 s still catches a
        # hung worker.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
        # uvicorn believes X-Forwarded-For from 127.0.0.1 by default; here only from the
        # configured proxies (none by default), also in every worker (they get this config).
        proxy_headers=bool(server.forwarded_allow_ips),
        forwarded_allow_ips=list(server.forwarded_allow_ips) or None,
    )
    from gateway.startup import install_one_line_startup_errors

    install_one_line_startup_errors()
    try:
        if server.workers == 1:
            uvicorn_server = uvicorn.Server(config)
            uvicorn_server.run()
            return EXIT_OK if uvicorn_server.started else EXIT_STARTUP
        from uvicorn.supervisors import Multiprocess

        from gateway.workers import ReusePortMultiprocess, reuse_port_sockets

        try:
            own_sockets = reuse_port_sockets(config, server.workers)
        except OSError as exc:  # as uvicorn's own bind: a clear message, no traceback
            print(f"cannot listen on {server.host}:{server.port}: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        if own_sockets is not None:
            ReusePortMultiprocess(config, own_sockets).run()
        else:
            Multiprocess(config, sockets=[_tcp_socket(config.bind_socket())]).run()
        return EXIT_OK
    finally:
        if shared_metrics is not None:
            shutil.rmtree(shared_metrics, ignore_errors=True)


def _share_metrics_between_workers(settings: Settings) -> Path | None:
    """Give every worker one fresh Prometheus multi-process directory, so that ``/metrics``
    on any worker reports the totals of all of them (also used by a single worker when
    ``metrics.multiprocess_dir`` is configured).

    Must run before the workers start: ``prometheus_client`` reads ``PROMETHEUS_MULTIPROC_DIR``
    from the environment when it is imported (its only interface; the one variable set
    here). The workers get the directory as ``metrics.multiprocess_dir`` in their settings.
    Returns the temporary directory to remove at exit, or None for a configured one.
    """
    from gateway.metrics import MULTIPROC_ENV, prepare_multiprocess_dir

    configured = settings.metrics.multiprocess_dir
    directory = prepare_multiprocess_dir(
        configured or tempfile.mkdtemp(prefix="leitplanke-metrics-")
    )
    os.environ[MULTIPROC_ENV] = str(directory)
    return None if configured else directory


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
