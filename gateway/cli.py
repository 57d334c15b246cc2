"""The ``leitplanke`` command line.

Every command reads the same configuration as the server (``LEITPLANKE_CONFIG`` and
``LEITPLANKE_*``), so ``keys create`` writes to the database the server reads.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from gateway.keys import ROLES, open_key_store
from gateway.settings import ConfigError, Settings, load_settings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

DEMO_SERVICE = "demo-service"
DEMO_OFFICER = "demo-officer"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leitplanke", description="Responsible-AI governance gateway"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the gateway over HTTP")
    serve.add_argument("--host", help="overrides server.host")
    serve.add_argument("--port", type=int, help="overrides server.port")
    serve.add_argument("--workers", type=int, help="overrides server.workers")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="issue fresh demo keys (service and officer) and print them at start-up",
    )

    keys = commands.add_parser("keys", help="manage API keys")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    create = key_commands.add_parser("create", help="create a key; printed once, on the last line")
    create.add_argument("--name", required=True, help="service or officer name")
    create.add_argument("--role", required=True, choices=ROLES)
    revoke = key_commands.add_parser("revoke", help="revoke every active key of a name")
    revoke.add_argument("--name", required=True)

    commands.add_parser("check-config", help="validate the configuration and print a summary")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "check-config":
        return _check_config(settings)
    if args.command == "keys":
        return asyncio.run(_keys(settings, args))
    if args.command == "serve":
        return _serve(settings, args)
    return EXIT_USAGE  # pragma: no cover - argparse enforces the commands


def _check_config(settings: Settings) -> int:
    print("configuration ok")
    print(f"  server      {settings.server.host}:{settings.server.port}")
    print(f"  database    {settings.database.url.split('@')[-1]}")
    print(f"  policy      {settings.policy.opa_url or 'in-process OPA engine'}")
    for upstream in settings.upstreams:
        print(
            f"  upstream    {upstream.name}: {', '.join(upstream.models)} "
            f"({upstream.hosting}, {upstream.base_url})"
        )
    return EXIT_OK


async def _keys(settings: Settings, args: argparse.Namespace) -> int:
    store = open_key_store(settings.database.url, pepper=settings.auth.key_pepper)
    await store.open()
    try:
        if args.keys_command == "create":
            issued = await store.create(name=args.name, role=args.role)
            print(f"created key {issued.identity.key_id} for {args.name} ({args.role})")
            print("store it now: it is shown only once")
            print(issued.secret)
        else:
            count = await store.revoke_by_name(args.name)
            print(f"revoked {count} key(s) of {args.name}")
    finally:
        await store.aclose()
    return EXIT_OK


async def _issue_demo_keys(settings: Settings) -> dict[str, str]:
    store = open_key_store(settings.database.url, pepper=settings.auth.key_pepper)
    await store.open()
    try:
        secrets = {}
        for name, role in ((DEMO_SERVICE, "ai-service"), (DEMO_OFFICER, "compliance-officer")):
            await store.revoke_by_name(name)
            secrets[name] = (await store.create(name=name, role=role)).secret  # type: ignore[arg-type]
        return secrets
    finally:
        await store.aclose()


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
    if args.demo:
        keys = asyncio.run(_issue_demo_keys(settings))
        base = f"http://{server.host}:{server.port}"
        print("Leitplanke demo keys (new at every start; earlier demo keys are revoked):")
        print(f"  service key ({DEMO_SERVICE}, role ai-service):        {keys[DEMO_SERVICE]}")
        print(f"  officer key ({DEMO_OFFICER}, role compliance-officer): {keys[DEMO_OFFICER]}")
        print(f"  export LP_KEY={keys[DEMO_SERVICE]} LP_OFFICER={keys[DEMO_OFFICER]}")
        print(f"Serving on {base} (OpenAPI at {base}/schema)", flush=True)
    # The app is built by each worker from the same configuration (file + environment);
    # host, port and workers only concern the server process.
    uvicorn.run(
        "app:create_app",
        factory=True,
        host=server.host,
        port=server.port,
        workers=server.workers,
        log_level="warning",
        access_log=False,
    )
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
