"""Analysis in worker processes, so concurrent requests use every core.

Redaction is CPU-bound Python: two threads are slower than one (GIL), two processes nearly
double throughput (bench/RESULTS_PII.md). A :class:`PooledRedactor` has the interface of
:class:`~pii.engine.PresidioRedactor`, but its sessions send only the *analysis* to a worker;
placeholders, the mapping and restoration stay in the calling process, in memory. Callers
still run ``session.redact`` in a thread (it blocks while a worker analyses, without holding
the GIL).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from pii.engine import Finding, PresidioRedactor, build_redactor
from pii.errors import ENGINE_FAILED, PiiEngineError, PiiError, TextTooLargeError
from pii.operators import Crypto, parse_operators
from pii.types import PiiConfig

DEFAULT_TIMEOUT_S = 10.0

_worker: PresidioRedactor | None = None


def _init_worker(config: PiiConfig) -> None:
    global _worker
    _worker = build_redactor(config)


def _analyze(text: str, language: str | None, keep: bool) -> list[Finding]:
    if _worker is None:
        raise PiiEngineError(ENGINE_FAILED)
    return _worker.analyze(text, language=language, keep=keep)


def _ping() -> bool:
    return _worker is not None and _worker.ping()


class PooledRedactor(PresidioRedactor):
    """A redactor whose analyses run in ``workers`` spawned processes.

    Args:
        config: the PII configuration (each worker builds its own engine from it).
        workers: number of processes (default: one per core).
        timeout_s: longest wait for one analysis before failing closed.
    """

    def __init__(
        self, *, config: PiiConfig, workers: int | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._config = config
        self._operators = parse_operators(config.entity_operators, config.placeholder_salt)
        self._crypto = Crypto(config.placeholder_salt) if config.placeholder_salt else None
        self._timeout_s = timeout_s
        self._workers = workers or multiprocessing.cpu_count()
        self._executor = ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(config,),
        )

    def warm_up(self) -> bool:
        """Starts every worker and waits until each answers a ping (call at start-up)."""
        futures = [self._executor.submit(_ping) for _ in range(self._workers * 2)]
        return all(f.result(timeout=self._timeout_s * 6) for f in futures)

    def ping(self) -> bool:
        """True when a worker analyses a probe text correctly."""
        try:
            return bool(self._executor.submit(_ping).result(timeout=self._timeout_s))
        except Exception:  # a dead pool or a timeout: not ready
            return False

    def analyze(
        self, text: str, *, language: str | None = None, keep: bool = True
    ) -> list[Finding]:
        """Analyses ``text`` in a worker process.

        Raises:
            TextTooLargeError: checked here, before anything is sent to a worker.
            PiiEngineError: the worker failed, died or timed out (fail closed).
        """
        if len(text) > self._config.max_text_chars:
            raise TextTooLargeError(length=len(text), limit=self._config.max_text_chars)
        try:
            future = self._executor.submit(_analyze, text, language, keep)
            return future.result(timeout=self._timeout_s)
        except PiiError:
            raise
        except Exception as exc:  # BrokenProcessPool, TimeoutError, pickling errors, ...
            raise PiiEngineError(ENGINE_FAILED) from exc

    def close(self) -> None:
        """Stops the workers (call at shutdown)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def build_pooled_redactor(config: PiiConfig, *, workers: int | None = None) -> PooledRedactor:
    """Starts the worker processes and waits until they are ready (slow, start-up only).

    Raises:
        PiiEngineError: a worker could not build its engine.
    """
    redactor = PooledRedactor(config=config, workers=workers)
    try:
        ready = redactor.warm_up()
    except Exception as exc:
        redactor.close()
        raise PiiEngineError(ENGINE_FAILED) from exc
    if not ready:
        redactor.close()
        raise PiiEngineError(ENGINE_FAILED)
    return redactor
