"""uvicorn (``leitplanke serve``) against granian serving the same app, in alternating rounds.

Usage:
    .venv/bin/pip install granian==2.8.7        # not a project dependency (yet)
    .venv/bin/python bench/bench_servers.py [--rounds 2] [--duration 8] [--pii on|off]
        [--scenarios plain,pii_on] [--concurrency 1,16]

Both servers run 2 workers of ``app:create_app`` with the configuration of
``bench/bench_load.py`` (durable SQLite audit store, in-process policy engine, rate limits
off) against its fake upstream, and are measured with its wrk cells. The order of the two
servers alternates every round, so both meet the same moments of a noisy host.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_load as bl

from gateway.metrics import prepare_multiprocess_dir

WORKERS = 2


def start(server: str, procs: bl.Procs, tmp: Path, upstream_port: int, pii: bool):
    """Starts one server; returns (process, chat URL, headers)."""
    env = {
        **os.environ,
        "LEITPLANKE_CONFIG": str(bl.gateway_config(tmp, upstream_port, WORKERS)),
        "LEITPLANKE_PII__ENABLED": "true" if pii else "false",
    }
    # Both servers share /metrics across workers the way `leitplanke serve` sets it up.
    metrics_dir = prepare_multiprocess_dir(tempfile.mkdtemp(prefix="lp-metrics-", dir=tmp))
    env["PROMETHEUS_MULTIPROC_DIR"] = env["LEITPLANKE_METRICS__MULTIPROCESS_DIR"] = str(metrics_dir)
    key = bl.create_service_key([str(bl.BIN / "leitplanke")], env)
    port = bl.free_port()
    if server == "uvicorn":
        argv = [str(bl.BIN / "leitplanke"), "serve", "--port", str(port)]
    else:
        argv = [
            str(bl.BIN / "granian"),
            "--interface",
            "asgi",
            "--workers",
            str(WORKERS),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--loop",
            "uvloop",
            "--log-level",
            "warning",
            "--factory",
            "app:create_app",
        ]
    proc = procs.start(server, argv, env=env, cwd=str(bl.ROOT))
    base = f"http://127.0.0.1:{port}"
    bl.wait_http(f"{base}/health/ready", timeout_s=180, proc=proc, name=server)
    headers = {"Authorization": f"Bearer {key}", "X-Purpose": bl.PURPOSE}
    return proc, f"{base}/v1/chat/completions", headers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--pii", choices=["on", "off"], default="on")
    parser.add_argument("--scenarios", default="pii_on")
    parser.add_argument("--concurrency", default="1,16")
    args = parser.parse_args()
    concurrency = [int(c) for c in args.concurrency.split(",")]
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        procs = bl.Procs(tmp)
        try:
            upstream_port, upstream = bl.start_fake_upstream(procs)
            for round_ in range(args.rounds):
                servers = ["uvicorn", "granian"] if round_ % 2 == 0 else ["granian", "uvicorn"]
                for server in servers:
                    own = tmp / f"{server}-{round_}"
                    own.mkdir()
                    proc, url, headers = start(server, procs, own, upstream_port, args.pii == "on")
                    for scenario in args.scenarios.split(","):
                        bl.wrk(url, headers, bl.body_for(scenario), 16, 3, own)  # warm-up
                        for c in concurrency:
                            bl.measure(
                                server,
                                scenario,
                                c,
                                url,
                                headers,
                                [proc.pid],
                                args.duration,
                                own,
                                upstream.pid,
                            )
                    procs.stop(proc)
        finally:
            procs.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
