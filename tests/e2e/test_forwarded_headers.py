"""Which client address the real server believes (``[server] forwarded_allow_ips``).

uvicorn on its own believes ``X-Forwarded-For`` from 127.0.0.1, so a client on the same
host could rotate the header to escape per-address limits. By default Leitplanke believes
no forwarding header: rotating it changes nothing. Behind a proxy whose address is listed,
the header names the client, in a single worker and in every worker of ``--workers 2``.
Observed through the per-address throttle of wrong API keys (burst 3).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import cli_env, server_process
from tests.e2e.test_server_process import write_config
from tests.fakes import free_port, recording_upstream

pytestmark = pytest.mark.e2e

LIMIT = """
[rate_limit]
roles = { "invalid-credentials" = { requests_per_minute = 1, burst = 3 } }
"""


def wrong_key_statuses(port: int, count: int) -> list[int]:
    statuses = []
    for i in range(count):
        with httpx.Client(timeout=10) as client:  # a new connection each time
            response = client.get(
                f"http://127.0.0.1:{port}/v1/decisions",
                headers={
                    "Authorization": "Bearer lpk_guessed-key-000000",
                    "X-Forwarded-For": f"203.0.113.{i + 1}",
                },
            )
        statuses.append(response.status_code)
    return statuses


@pytest.mark.parametrize(
    ("server", "workers", "throttled"),
    [
        ("", "1", True),  # default: the header is ignored, every try is 127.0.0.1's
        ('[server]\nforwarded_allow_ips = ["127.0.0.1"]\n', "1", False),
        ('[server]\nforwarded_allow_ips = ["127.0.0.1"]\n', "2", False),
    ],
)
def test_when_x_forwarded_for_rotates_then_only_a_trusted_proxy_changes_the_client_address(
    tmp_path: Path, server: str, workers: str, throttled: bool
) -> None:
    with recording_upstream() as upstream:
        env = cli_env(write_config(tmp_path, upstream.base_url, extra=server + LIMIT))
        port = free_port()
        with server_process(
            "--workers", workers, env=env, port=port, log_path=tmp_path / "server.log"
        ):
            statuses = wrong_key_statuses(port, 12)
    assert set(statuses) <= {401, 429}
    assert (429 in statuses) is throttled, statuses
