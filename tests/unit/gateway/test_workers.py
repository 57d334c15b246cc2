"""One listening socket per worker on the same port (SO_REUSEPORT)."""

from __future__ import annotations

import socket

import pytest
from uvicorn import Config

from gateway.workers import ReusePortMultiprocess, reuse_port_sockets

pytestmark = pytest.mark.skipif(
    not hasattr(socket, "SO_REUSEPORT"), reason="needs SO_REUSEPORT (Linux)"
)


def test_port_zero_puts_every_socket_on_the_same_free_port() -> None:
    sockets = reuse_port_sockets(Config("app:create_app", host="127.0.0.1", port=0), 3)
    assert sockets is not None
    try:
        ports = {sock.getsockname()[1] for sock in sockets}
        assert len(ports) == 1 and ports != {0}
        assert len({sock.fileno() for sock in sockets}) == 3
        assert all(sock.proto == socket.IPPROTO_TCP for sock in sockets)  # TCP_NODELAY by asyncio
        # Every socket accepts: a client connecting to the port lands on one of them.
        with socket.create_connection(("127.0.0.1", ports.pop()), timeout=2):
            pass
    finally:
        for sock in sockets:
            sock.close()


def test_a_unix_socket_keeps_uvicorns_shared_socket() -> None:
    config = Config("app:create_app", uds="/tmp/leitplanke-test.sock")
    assert reuse_port_sockets(config, 2) is None


def test_a_port_taken_without_reuse_port_is_an_error_and_nothing_stays_open() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError):
            reuse_port_sockets(Config("app:create_app", host="127.0.0.1", port=port), 2)


def test_the_supervisor_needs_one_socket_per_worker() -> None:
    config = Config("app:create_app", host="127.0.0.1", port=0, workers=2)
    sockets = reuse_port_sockets(config, 1)
    assert sockets is not None
    try:
        with pytest.raises(ValueError, match="one listening socket per worker"):
            ReusePortMultiprocess(config, sockets)
    finally:
        sockets[0].close()
