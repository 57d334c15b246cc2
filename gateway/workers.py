"""Several uvicorn workers, each with its own listening socket on the same port.

uvicorn's ``Multiprocess`` gives every worker the one shared listening socket. All workers
wait on it and the first to wake accepts every pending connection, so a client that opens
its keep-alive connections at once can end up with most of them on one worker: in the load
benchmark one of two workers was 60 % idle at 16 connections (bench/RESULTS_LOAD.md). With
``SO_REUSEPORT`` every worker listens on a socket of its own and the kernel spreads new
connections over the sockets by a hash of the client address and port.

A worker that dies or is replaced (SIGHUP) hands its socket to its successor, so no socket
is ever without a worker for longer than a restart.
"""

from __future__ import annotations

import socket

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process, logger


def reuse_port_sockets(config: Config, count: int) -> list[socket.socket] | None:
    """``count`` TCP listening sockets on the configured host and port, or None if unsupported.

    Port 0 binds the first socket to a free port and the others to the same one.
    """
    if not hasattr(socket, "SO_REUSEPORT") or config.uds or config.fd is not None:
        return None
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sockets: list[socket.socket] = []
    port = config.port
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((config.host, port))
            port = sock.getsockname()[1]
            sock.listen(config.backlog)
            sock.set_inheritable(True)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


class ReusePortMultiprocess(Multiprocess):
    """uvicorn's supervisor, handing worker ``i`` the listening socket ``i``."""

    def __init__(self, config: Config, sockets: list[socket.socket]) -> None:
        if len(sockets) != config.workers:
            raise ValueError("one listening socket per worker is needed")
        super().__init__(config, sockets=sockets)

    def _new_process(self, index: int) -> Process:
        process = Process(self.config, [self.sockets[index]])
        process.start()
        return process

    def init_processes(self) -> None:
        for index in range(self.processes_num):
            self.processes.append(self._new_process(index))

    def restart_all(self) -> None:
        """Replaces each worker, its successor serving the same socket before it retires."""
        for index, old_process in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new_process = self._new_process(index)
            if not new_process.wait_until_ready(
                self.config.timeout_worker_healthcheck, self.should_exit
            ):
                new_process.kill()
                new_process.join()
                if not self.should_exit.is_set():
                    logger.error("New worker was not ready in time; the restart was aborted.")
                return
            old_process.terminate()
            old_process.join()
            self.processes[index] = new_process

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                logger.error("A worker failed to start; stopping the parent process.")
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            logger.info("Worker [%s] died; starting a new one on its socket", process.pid)
            self.processes[index] = self._new_process(index)
