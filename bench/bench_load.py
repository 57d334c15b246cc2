"""Load benchmark: the real gateway vs. the bare upstream vs. LiteLLM's proxy, side by side.

Everything runs on loopback: ``bench/fake_upstream.py`` (answers in microseconds, TCP_NODELAY),
the gateway as ``leitplanke serve --workers N`` with a durable SQLite audit store
(WAL, synchronous=FULL), and optionally LiteLLM's proxy with and without its Presidio guardrail
(``bench/litellm/``). The load generator is ``wrk`` (C, one thread, keep-alive); every cell is
bounded by ``--duration`` seconds, split into ``--rounds`` rounds: all targets run side by
side and take turns within each round (rotating order), so a slow moment of the host falls on
all of them alike; a cell reports the median of its rounds' percentiles and the requests of
all rounds. A host speed probe before every round is kept with each cell. *Added latency* is
the target's percentile minus the direct-to-upstream percentile at the same concurrency, with
the same body.

Scenarios:
    plain     short prompt and answer without personal data (Presidio scans, finds nothing).
    pii_on    ~1 KB German prompt full of personal data, ~1 KB answer full of personal data.
    stream    pii_on with ``"stream": true`` (SSE, 16-character pieces); wrk's latency is
              the time to the end of the stream.
    decisions ``POST /v1/decisions`` (Leitplanke only).

Targets: direct (the upstream itself), leitplanke, leitplanke_pii_off (``[pii] enabled =
false``: no redaction, everything else as usual; plain and pii_on only), litellm,
litellm_presidio.

Usage:
    bash bench/litellm/setup.sh                 # once, for the LiteLLM comparison
    .venv/bin/python bench/bench_load.py [--duration 15] [--rounds 3] [--concurrency 1,16,64]
        [--workers 2] [--scenarios plain,pii_on,stream,decisions] [--targets leitplanke,litellm,...]
        [--profile] [--json-out bench/results/load.json]

Needs ``wrk`` (``apt-get install -y wrk``). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
LITELLM_DIR = ROOT / "bench" / "litellm"
LITELLM_BIN = LITELLM_DIR / ".venv" / "bin"
WRK_SCRIPT = ROOT / "bench" / "wrk_post.lua"
SERVICE = "demo-service"
PURPOSE = "demo"
MODEL = "demo-model"
LITELLM_MASTER_KEY = "sk-bench-master"

# ~1 KB of German text full of personal data. Contains the marker "Wohngeld", so the fake
# upstream answers with its 1 KB personal-data answer.
PROMPT_PII = (
    "Sehr geehrte Damen und Herren, mein Name ist Erika Mustermann und ich wohne in der "
    "Musterstraße 12, 12345 Berlin. Ich habe am 14. Februar 2024 einen Antrag auf Wohngeld "
    "gestellt, aber noch keinen Bescheid erhalten. Meine Steuer-ID lautet 86095742719, meine "
    "IBAN ist DE89 3704 0044 0532 0130 00. Sie erreichen mich unter 0171 1234567 oder per "
    "E-Mail an erika.mustermann@example.de. Mein Sohn Lukas besucht die Grundschule und wir "
    "beziehen Kindergeld. Mein Vermieter Herr Hans Schmidt hat die Miete erhöht. Der Bescheid "
    "vom 03.04.2024 (Aktenzeichen WG-2024-12345) nennt einen Betrag von 245,50 Euro, der mir "
    "zu niedrig erscheint. Meine Krankenversicherungsnummer ist A123456780, mein Geburtsdatum "
    "der 12.03.1985. Bitte rufen Sie mich unter +49 30 12345678 zurück oder schreiben Sie an "
    "erika.m@posteo.de. Mit freundlichen Grüßen, Erika Mustermann"
)
PROMPT_PLAIN = "Wie lange dauert die Bearbeitung eines Bauantrags im Allgemeinen?"

SCENARIOS: dict[str, dict[str, Any]] = {
    # A prompt without personal data (redaction still runs and finds nothing).
    "plain": {"prompt": PROMPT_PLAIN, "stream": False},
    "pii_on": {"prompt": PROMPT_PII, "stream": False},
    "stream": {"prompt": PROMPT_PII, "stream": True},
    # Leitplanke only (no upstream, no LiteLLM equivalent): score + SHAP + policy + audit.
    "decisions": {"path": "/v1/decisions", "leitplanke_only": True},
}
DECISION_CASE = {
    "model_id": "wohngeld-demo",
    "case_reference": "WG-2026-0001",
    "subject": "sp1_0123456789abcdef0123456789abcdef",
    "features": {
        "monthly_net_income": 1500.0,
        "household_size": 2,
        "children": 1,
        "monthly_rent": 700.0,
        "rent_level": "IV",
        "assets": 5000.0,
        "receives_transfer_benefits": False,
    },
    "protected_attributes": {"gender": "female", "age_group": "30-49", "nationality": "eu"},
}
CHAT_PATH = "/v1/chat/completions"
TARGETS = ("direct", "leitplanke", "leitplanke_pii_off", "litellm", "litellm_presidio")
# leitplanke_pii_off: the gateway with [pii] enabled = false (no redaction; Art. 9 screening,
# policy and the durable audit record still run), on the chat scenarios without streaming.
PII_OFF_SCENARIOS = ("plain", "pii_on")


@dataclass
class Run:
    """One wrk run: a target, a scenario, a concurrency."""

    target: str
    scenario: str
    concurrency: int
    rps: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    wrk_cpu_us_per_req: float = 0.0
    target_cpu_ms_per_req: float = 0.0
    upstream_cpu_ms_per_req: float = 0.0
    # Cores used by each gateway process (busiest first): shows how evenly the workers share
    # the connections; a fixed set of keep-alive connections can land unevenly.
    process_cores: list[float] = field(default_factory=list)
    added_p50_ms: float | None = None
    added_p99_ms: float | None = None
    note: str = ""
    # Host speed probe (µs for sum(range(1000))) taken right before the cell, median over
    # its rounds, and each round's own figures (see combine_rounds).
    host_probe_us: float = 0.0
    rounds: list[dict[str, float]] = field(default_factory=list)


Endpoint = tuple[str, dict[str, str], list[int]]  # chat URL, headers, root pids


@dataclass
class Report:
    started: str
    commit: str
    machine: dict[str, Any]
    args: dict[str, Any]
    runs: list[Run] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def body_for(scenario: str) -> bytes:
    spec = SCENARIOS[scenario]
    if "path" in spec:
        return json.dumps(DECISION_CASE).encode()
    return json.dumps(
        {
            "model": MODEL,
            "messages": [{"role": "user", "content": spec["prompt"]}],
            "stream": spec["stream"],
        },
        ensure_ascii=False,
    ).encode()


# ---- processes --------------------------------------------------------------------------


class Procs:
    """The processes this benchmark started; stopped by their own process group id."""

    def __init__(self, logdir: Path) -> None:
        self.logdir = logdir
        self.started: list[subprocess.Popen[bytes]] = []

    def start(
        self, name: str, argv: list[str], env: dict[str, str], cwd: str | None = None
    ) -> subprocess.Popen[bytes]:
        log = (self.logdir / f"{name}.log").open("wb")
        proc = subprocess.Popen(  # noqa: S603 - fixed argv of our own tools
            argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=cwd
        )
        self.started.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        if proc in self.started:
            self.started.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(list(self.started)):
            self.stop(proc)


def wait_http(url: str, *, timeout_s: float, proc: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}; see its log")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{name} not ready at {url} after {timeout_s} s")


def wait_port(port: int, *, proc: subprocess.Popen[bytes], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process on port {port} exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout_s} s")


def start_fake_upstream(procs: Procs) -> tuple[int, subprocess.Popen[bytes]]:
    """Starts ``bench/fake_upstream.py`` on a free port; returns once it listens."""
    port = free_port()
    proc = procs.start(
        "upstream",
        [sys.executable, str(ROOT / "bench" / "fake_upstream.py"), "--port", str(port)],
        env=dict(os.environ),
    )
    wait_port(port, proc=proc)
    return port, proc


def gateway_config(tmp: Path, upstream_port: int, workers: int) -> Path:
    config = tmp / "leitplanke.toml"
    signing_key = tmp / "signing-key.pem"
    subprocess.run(  # noqa: S603 - a fixed command, the key only for this run
        ["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(signing_key)],  # noqa: S607
        check=True,
    )
    config.write_text(
        f"""
[server]
host = "127.0.0.1"
workers = {workers}

[database]
url = "sqlite:///{tmp / "audit.db"}"

[logging]
level = "warning"

[rate_limit]
enabled = false                 # measure the controls, not the limiter (LiteLLM has none set)

# serve refuses development secrets outside --demo (docs/security.md)
[auth]
key_pepper = "{secrets.token_urlsafe(24)}"

[decisions]
access_code_secret = "{secrets.token_urlsafe(24)}"

[audit]
signing_key_file = "{signing_key}"

[[upstreams]]
name = "bench"
base_url = "http://127.0.0.1:{upstream_port}/v1"
models = ["{MODEL}"]
hosting = "internal"
timeout_s = 30
"""
    )
    return config


def leitplanke_cli(src: str) -> list[str]:
    """The ``leitplanke`` command; with ``src``, the CLI of another source tree (A/B runs)."""
    if not src:
        return [str(BIN / "leitplanke")]
    return [str(BIN / "python"), "-c", "import sys; from gateway.cli import main; sys.exit(main())"]


def create_service_key(cli: list[str], env: dict[str, str]) -> str:
    """A new ``ai-service`` key for the benchmark's service (``leitplanke keys create``)."""
    created = subprocess.run(  # noqa: S603
        [*cli, "keys", "create", "--name", SERVICE, "--role", "ai-service"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return created.stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def leitplanke(
    procs: Procs,
    tmp: Path,
    upstream_port: int,
    workers: int,
    src: str = "",
    *,
    pii_enabled: bool = True,
    name: str = "leitplanke",
) -> Iterator[Endpoint]:
    env = {**os.environ, "LEITPLANKE_CONFIG": str(gateway_config(tmp, upstream_port, workers))}
    env["LEITPLANKE_PII__ENABLED"] = "true" if pii_enabled else "false"
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    cli = leitplanke_cli(src)
    key = create_service_key(cli, env)
    port = free_port()
    # --skip-upstream-check: bench_decision_latency runs without an upstream (port 9).
    argv = [*cli, "serve", "--port", str(port), "--skip-upstream-check"]
    proc = procs.start(name, argv, env=env, cwd=src or None)
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/health/ready", timeout_s=180, proc=proc, name="leitplanke")
    headers = {"Authorization": f"Bearer {key}", "X-Purpose": PURPOSE}
    try:
        yield f"{base}/v1/chat/completions", headers, [proc.pid]
    finally:
        procs.stop(proc)


def tree(pids: list[int]) -> list[int]:
    """``pids`` and all their descendants."""
    seen: list[int] = []
    todo = list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.append(pid)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
    return seen


def cpu_seconds(pids: list[int]) -> float:
    """User+system CPU seconds the processes have used so far (/proc/PID/stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def quiet_log_config(tmp: Path) -> Path:
    """No access log for LiteLLM either (Leitplanke's serve runs without one)."""
    path = tmp / "litellm_logging.json"
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "disable_existing_loggers": False,
                "loggers": {
                    "uvicorn.access": {"level": "WARNING"},
                    "uvicorn.error": {"level": "WARNING"},
                },
            }
        )
    )
    return path


def litellm_config(tmp: Path, upstream_port: int, presidio_port: int | None) -> Path:
    config = tmp / ("litellm_presidio.yaml" if presidio_port else "litellm.yaml")
    guardrails = ""
    if presidio_port:
        # LiteLLM's Presidio guardrail as documented: masks the request (pre_call) and, with
        # apply_to_output, the answer too, like Leitplanke redacts prompt and answer.
        guardrails = f"""
guardrails:
  - guardrail_name: presidio-pii
    litellm_params:
      guardrail: presidio
      mode: pre_call
      default_on: true
      apply_to_output: true
      presidio_language: de
      presidio_analyzer_api_base: http://127.0.0.1:{presidio_port}
      presidio_anonymizer_api_base: http://127.0.0.1:{presidio_port}
"""
    config.write_text(
        f"""
model_list:
  - model_name: {MODEL}
    litellm_params:
      model: openai/{MODEL}
      api_base: http://127.0.0.1:{upstream_port}/v1
      api_key: fake-key
general_settings:
  master_key: {LITELLM_MASTER_KEY}
litellm_settings:
  telemetry: false
  turn_off_message_logging: true
{guardrails}
"""
    )
    return config


@contextlib.contextmanager
def litellm(
    procs: Procs, tmp: Path, upstream_port: int, workers: int, *, presidio: bool, src: str = ""
) -> Iterator[Endpoint]:
    env = {
        **os.environ,
        "LITELLM_LOG": "ERROR",
        "PYTHONUNBUFFERED": "1",
        "LITELLM_TELEMETRY": "False",
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
        "PYTHONPATH": src or str(ROOT),  # presidio_server imports pii.nlp and pii.registry
    }
    env.pop("DATABASE_URL", None)
    presidio_proc = None
    presidio_port = None
    if presidio:
        presidio_port = free_port()
        presidio_proc = procs.start(
            "presidio",
            [
                str(LITELLM_BIN / "uvicorn"),
                "--factory",
                "presidio_server:create_app",
                "--app-dir",
                str(LITELLM_DIR),
                "--port",
                str(presidio_port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
        )
        wait_http(
            f"http://127.0.0.1:{presidio_port}/health",
            timeout_s=180,
            proc=presidio_proc,
            name="presidio",
        )
    port = free_port()
    config = litellm_config(tmp, upstream_port, presidio_port)
    proc = procs.start(
        "litellm_presidio" if presidio else "litellm",
        [
            str(LITELLM_BIN / "litellm"),
            "--config",
            str(config),
            "--port",
            str(port),
            "--num_workers",
            str(workers),
            # Each worker imports LiteLLM for many seconds on a busy machine; uvicorn's default
            # 5 s worker health check would kill them in a loop.
            "--timeout_worker_healthcheck",
            "300",
            "--log_config",
            str(quiet_log_config(tmp)),
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/health/liveliness", timeout_s=240, proc=proc, name="litellm")
        headers = {"Authorization": f"Bearer {LITELLM_MASTER_KEY}"}
        roots = [proc.pid] + ([presidio_proc.pid] if presidio_proc else [])
        yield f"{base}/v1/chat/completions", headers, roots
    finally:
        procs.stop(proc)
        if presidio_proc is not None:
            procs.stop(presidio_proc)


# ---- load -------------------------------------------------------------------------------


def check_once(url: str, headers: dict[str, str], body: bytes) -> str:
    """One request before the load, so a misconfigured target fails loudly, not as noise."""
    response = httpx.post(
        url, content=body, headers={**headers, "Content-Type": "application/json"}, timeout=30
    )
    if response.status_code not in (200, 201):
        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:300]}")
    text = response.text
    return "redacted" if "<PERSON" in text or "<EMAIL" in text else "raw"


def wrk(
    url: str, headers: dict[str, str], body: bytes, concurrency: int, duration: float, tmp: Path
) -> dict[str, Any]:
    body_file = tmp / "body.json"
    body_file.write_bytes(body)
    env = {
        **os.environ,
        "BENCH_BODY_FILE": str(body_file),
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in headers.items()),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "30s",
            "-s",
            str(WRK_SCRIPT),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr.strip()[:500]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON "))
    result: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["wrk_cpu_s"] = cpu
    return result


def measure(
    target: str,
    scenario: str,
    concurrency: int,
    url: str,
    headers: dict[str, str],
    pids: list[int],
    duration: float,
    tmp: Path,
    upstream_pid: int,
) -> Run:
    body = body_for(scenario)
    note = check_once(url, headers, body) if "path" not in SCENARIOS[scenario] else ""
    if "path" in SCENARIOS[scenario]:
        check_once(url, headers, body)
    procs = tree(pids)
    upstream = [upstream_pid]
    per_process_before, up_before = [cpu_seconds([p]) for p in procs], cpu_seconds(upstream)
    r = wrk(url, headers, body, concurrency, duration, tmp)
    per_process = [
        cpu_seconds([p]) - before for p, before in zip(procs, per_process_before, strict=True)
    ]
    up_after = cpu_seconds(upstream)
    done = max(r["requests"], 1)
    errors = sum(r[k] for k in ("connect", "read", "write", "status", "timeout"))
    run = Run(
        target=target,
        scenario=scenario,
        concurrency=concurrency,
        rps=r["requests"] / (r["duration_us"] / 1e6),
        p50_ms=r["p50_us"] / 1000,
        p90_ms=r["p90_us"] / 1000,
        p99_ms=r["p99_us"] / 1000,
        requests=r["requests"],
        errors=errors,
        wrk_cpu_us_per_req=r["wrk_cpu_s"] * 1e6 / done,
        target_cpu_ms_per_req=sum(per_process) * 1000 / done if procs else 0.0,
        upstream_cpu_ms_per_req=(up_after - up_before) * 1000 / done,
        process_cores=sorted(
            (round(c / (r["duration_us"] / 1e6), 2) for c in per_process if c > 0), reverse=True
        ),
        note="" if target == "direct" else note,
    )
    print(
        f"  {target:17} {scenario:8} c={concurrency:<3} {run.rps:8.1f} req/s  "
        f"p50 {run.p50_ms:7.2f} ms  p99 {run.p99_ms:7.2f} ms  errors {errors}  "
        f"cpu {run.target_cpu_ms_per_req:5.2f} ms/req  cores {run.process_cores}  {run.note}",
        flush=True,
    )
    return run


def profile(pids: list[int], seconds: float, out: Path) -> subprocess.Popen[bytes] | None:
    """py-spy on the gateway (all worker processes) while a run goes on; collapsed stacks."""
    spy = BIN / "py-spy"
    if not spy.exists():
        print("  (py-spy not installed in .venv; no profile)")
        return None
    return subprocess.Popen(  # noqa: S603
        [
            str(spy),
            "record",
            "--pid",
            str(pids[0]),
            "--subprocesses",
            "--duration",
            str(int(seconds)),
            "--rate",
            "100",
            "--format",
            "raw",
            "--nonblocking",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def applies(target: str, scenario: str) -> bool:
    """Whether ``target`` is measured in ``scenario``."""
    if SCENARIOS[scenario].get("leitplanke_only"):
        return target == "leitplanke"
    return target != "leitplanke_pii_off" or scenario in PII_OFF_SCENARIOS


def run_interleaved(
    endpoints: dict[str, Endpoint], args: argparse.Namespace, tmp: Path, report: Report
) -> None:
    """Every cell in ``args.rounds`` rounds; in each round every target in turn.

    All targets run side by side, so the host's speed swings (up to 70 % within minutes on
    this VM) fall on all of them alike instead of on whichever target ran at a slow moment.
    The order of the targets rotates from round to round.
    """
    round_s = args.duration / args.rounds
    everything = [args.upstream_pid] + [pid for _, _, pids in endpoints.values() for pid in pids]
    for scenario in args.scenarios:
        spec = SCENARIOS[scenario]
        targets = [t for t in endpoints if applies(t, scenario)]
        urls = {t: endpoints[t][0].replace(CHAT_PATH, spec.get("path", CHAT_PATH)) for t in targets}
        for target in targets:
            # Warm-up (not reported): JIT-free Python still fills caches, pools and connections.
            wrk(
                urls[target],
                endpoints[target][1],
                body_for(scenario),
                16,
                min(3.0, args.duration),
                tmp,
            )
        for concurrency in args.concurrency:
            rounds: dict[str, list[Run]] = {t: [] for t in targets}
            for index in range(args.rounds):
                shift = index % len(targets)
                for target in targets[shift:] + targets[:shift]:
                    _, headers, pids = endpoints[target]
                    settle(everything)
                    probe = host_speed_probe_us()
                    spy = None
                    profiled = target.startswith("leitplanke") and concurrency == 16
                    if args.profile and profiled and index == 0:
                        name = scenario if target == "leitplanke" else f"{scenario}_{target}"
                        spy = profile(
                            pids, round_s, ROOT / "bench" / "results" / f"pyspy_{name}.txt"
                        )
                    run = measure(
                        target,
                        scenario,
                        concurrency,
                        urls[target],
                        headers,
                        pids,
                        round_s,
                        tmp,
                        args.upstream_pid,
                    )
                    run.host_probe_us = probe
                    rounds[target].append(run)
                    if spy is not None:
                        spy.wait(timeout=60)
            for target in targets:
                report.runs.append(combine_rounds(rounds[target]))


def settle(pids: list[int], *, idle_cores: float = 0.05, timeout_s: float = 60.0) -> None:
    """Waits until ``pids`` and their children use less than ``idle_cores`` of CPU.

    A server that queued requests at c=64 goes on working after wrk has closed its
    connections (LiteLLM does not cancel them); without this, that backlog would run during
    the next target's cell.
    """
    deadline = time.monotonic() + timeout_s
    started = time.monotonic()
    while time.monotonic() < deadline:
        procs = tree(pids)
        before = cpu_seconds(procs)
        time.sleep(0.25)
        if (cpu_seconds(procs) - before) / 0.25 < idle_cores:
            break
    waited = time.monotonic() - started
    if waited > 1:
        print(f"  (waited {waited:.1f} s for the servers to finish earlier requests)", flush=True)


def combine_rounds(rounds: list[Run]) -> Run:
    """One cell from its rounds: requests and CPU summed, percentiles the median of rounds."""
    first = rounds[0]
    requests = sum(r.requests for r in rounds)
    seconds = sum(r.requests / r.rps for r in rounds if r.rps)
    per_request = max(requests, 1)
    return Run(
        target=first.target,
        scenario=first.scenario,
        concurrency=first.concurrency,
        rps=requests / seconds if seconds else 0.0,
        p50_ms=statistics.median(r.p50_ms for r in rounds),
        p90_ms=statistics.median(r.p90_ms for r in rounds),
        p99_ms=statistics.median(r.p99_ms for r in rounds),
        requests=requests,
        errors=sum(r.errors for r in rounds),
        wrk_cpu_us_per_req=sum(r.wrk_cpu_us_per_req * r.requests for r in rounds) / per_request,
        target_cpu_ms_per_req=sum(r.target_cpu_ms_per_req * r.requests for r in rounds)
        / per_request,
        upstream_cpu_ms_per_req=sum(r.upstream_cpu_ms_per_req * r.requests for r in rounds)
        / per_request,
        process_cores=[
            round(statistics.mean(cores), 2)
            for cores in zip(*(r.process_cores for r in rounds), strict=False)
        ],
        note=first.note,
        host_probe_us=statistics.median(r.host_probe_us for r in rounds),
        rounds=[
            {
                "rps": round(r.rps, 1),
                "p50_ms": round(r.p50_ms, 3),
                "p99_ms": round(r.p99_ms, 3),
                "target_cpu_ms_per_req": round(r.target_cpu_ms_per_req, 3),
                "host_probe_us": r.host_probe_us,
            }
            for r in rounds
        ],
    )


def add_deltas(report: Report) -> None:
    direct = {(r.scenario, r.concurrency): r for r in report.runs if r.target == "direct"}
    for run in report.runs:
        base = direct.get((run.scenario, run.concurrency))
        if base is not None and run.target != "direct":
            run.added_p50_ms = run.p50_ms - base.p50_ms
            run.added_p99_ms = run.p99_ms - base.p99_ms
        elif SCENARIOS[run.scenario].get("leitplanke_only"):
            # No upstream involved: everything the gateway does is "added".
            run.added_p50_ms, run.added_p99_ms = run.p50_ms, run.p99_ms


def markdown(report: Report) -> str:
    lines = [
        f"Run {report.started}, commit `{report.commit}`, {report.machine['nproc']} cores, "
        f"{report.machine['mem_total_gb']} GB RAM, workers={report.args['workers']}, "
        f"{report.args['duration']} s per cell in {report.args.get('rounds', 1)} rounds "
        "(targets interleaved; percentiles: median of the rounds); host probe "
        "(µs for sum(range(1000))) "
        f"{report.machine.get('host_probe_us_at_start', '?')} µs at the start, "
        f"{report.machine.get('host_probe_us_at_end', '?')} µs at the end.",
        "",
        "| scenario | target | conc. | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms "
        "| errors | target CPU ms/req | wrk CPU µs/req | answer | host probe µs |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]

    def fmt(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    for run in sorted(
        report.runs,
        key=lambda r: (
            list(SCENARIOS).index(r.scenario),
            TARGETS.index(r.target),
            r.concurrency,
        ),
    ):
        lines.append(
            f"| {run.scenario} | {run.target} | {run.concurrency} | {run.rps:.0f} "
            f"| {run.p50_ms:.2f} | {run.p99_ms:.2f} | {fmt(run.added_p50_ms)} "
            f"| {fmt(run.added_p99_ms)} | {run.errors} | {run.target_cpu_ms_per_req:.2f} "
            f"| {run.wrk_cpu_us_per_req:.0f} "
            f"| {run.note} | {run.host_probe_us:.1f} |"
        )
    ratios = []
    for scenario in report.args["scenarios"]:
        for conc in report.args["concurrency"]:
            by = {
                r.target: r for r in report.runs if r.scenario == scenario and r.concurrency == conc
            }
            if "leitplanke" in by and "litellm_presidio" in by and by["litellm_presidio"].rps:
                ratios.append(
                    f"{scenario} c={conc}: Leitplanke / LiteLLM+Presidio = "
                    f"{by['leitplanke'].rps / by['litellm_presidio'].rps:.1f}x"
                )
    if ratios:
        lines += ["", "Throughput ratios: " + "; ".join(ratios) + "."]
    return "\n".join(lines)


def host_speed_probe_us() -> float:
    """µs for ``sum(range(1000))``, best of 5 × 2,000: a yardstick of the host's speed.

    The VM's speed swings by up to 70 % within minutes; the probe, taken before every round
    and at the start and end of a run, tells whether two measurements met the same host
    (14.6–16.6 µs on this session's machine, 26–29 µs on the slow host of the second
    session).
    """
    best = min(timeit.repeat("sum(range(1000))", number=2_000, repeat=5))
    return round(best / 2_000 * 1e6, 2)


def machine() -> dict[str, Any]:
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return {
        "nproc": os.cpu_count(),
        "mem_total_gb": round(int(mem) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_at_start": os.getloadavg(),
        "host_probe_us_at_start": host_speed_probe_us(),
    }


def commit(src: str = "") -> str:
    """The gateway's commit; a ``--gateway-src`` tree made by ``git archive`` names its
    commit in a ``COMMIT`` file."""
    marker = Path(src) / "COMMIT" if src else None
    if marker is not None and marker.exists():
        return marker.read_text().strip() + f" (tree {src})"
    out = subprocess.run(  # noqa: S603
        ["/usr/bin/git", "-C", str(ROOT), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "unknown"


def start_target(
    running: contextlib.ExitStack,
    target: str,
    procs: Procs,
    tmp: Path,
    upstream_port: int,
    args: argparse.Namespace,
) -> Endpoint:
    """Starts ``target`` (stopped when ``running`` closes); its chat URL, headers and pids."""
    if target == "direct":
        return f"http://127.0.0.1:{upstream_port}{CHAT_PATH}", {}, []
    home = tmp / target  # each gateway its own config, audit database and keys
    home.mkdir()
    if target.startswith("leitplanke"):
        return running.enter_context(
            leitplanke(
                procs,
                home,
                upstream_port,
                args.workers,
                args.gateway_src,
                pii_enabled=target != "leitplanke_pii_off",
                name=target,
            )
        )
    return running.enter_context(
        litellm(
            procs,
            home,
            upstream_port,
            args.workers,
            presidio=target.endswith("presidio"),
            src=args.gateway_src,
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per cell")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds per cell, targets interleaved"
    )
    parser.add_argument("--concurrency", default="1,16,64")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--profile", action="store_true", help="py-spy the gateway at c=16")
    parser.add_argument("--json-out", default="")
    parser.add_argument(
        "--gateway-src", default="", help="run the gateway from this source tree (A/B tests)"
    )
    args = parser.parse_args()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.scenarios = [s for s in args.scenarios.split(",") if s]
    targets = [t for t in args.targets.split(",") if t]
    unknown = set(args.scenarios) - set(SCENARIOS) | set(targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown scenario/target: {sorted(unknown)}")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed: apt-get install -y wrk")
    if any(t.startswith("litellm") for t in targets) and not (LITELLM_BIN / "litellm").exists():
        parser.error("LiteLLM venv missing: bash bench/litellm/setup.sh")
    if args.rounds < 1 or args.duration / args.rounds < 1:
        parser.error("--rounds must be at least 1, with at least 1 s per round")
    if "direct" not in targets:
        targets.insert(0, "direct")  # added latency needs the baseline

    report = Report(
        started=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        commit=commit(args.gateway_src),
        machine=machine(),
        args={
            "duration": args.duration,
            "concurrency": args.concurrency,
            "workers": args.workers,
            "rounds": args.rounds,
            "scenarios": args.scenarios,
            "targets": targets,
        },
    )
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="leitplanke-bench-") as tmpdir:
        tmp = Path(tmpdir)
        procs = Procs(tmp)
        try:
            upstream_port, upstream = start_fake_upstream(procs)
            args.upstream_pid = upstream.pid
            print(f"commit {report.commit}; {report.machine}", flush=True)
            with contextlib.ExitStack() as running:
                endpoints: dict[str, Endpoint] = {}
                for target in targets:
                    print(f"== starting {target}", flush=True)
                    endpoints[target] = start_target(
                        running, target, procs, tmp, upstream_port, args
                    )
                run_interleaved(endpoints, args, tmp, report)
        finally:
            procs.stop_all()
            for log in tmp.glob("*.log"):
                shutil.copy(log, ROOT / "bench" / "results" / log.name)
    report.machine["host_probe_us_at_end"] = host_speed_probe_us()
    add_deltas(report)
    table = markdown(report)
    print()
    print(table)
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps({**asdict(report), "markdown": table}, indent=2, ensure_ascii=False)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
