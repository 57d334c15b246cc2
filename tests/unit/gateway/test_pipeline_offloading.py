"""Redaction runs on the event loop for small documents and in a thread for large ones."""

from __future__ import annotations

import asyncio
import threading

from gateway.pipeline import INLINE_REDACTION_MAX_BYTES, redact_on_loop_if_small


def _thread_of(document: dict[str, str]) -> str:
    async def run() -> tuple[str, str]:
        here = threading.current_thread().name
        there = await redact_on_loop_if_small(
            document, lambda d: threading.current_thread().name, document
        )
        return here, there

    here, there = asyncio.run(run())
    return "loop" if here == there else "thread"


def test_small_documents_are_redacted_on_the_loop() -> None:
    assert _thread_of({"content": "x" * (INLINE_REDACTION_MAX_BYTES - 100)}) == "loop"


def test_large_documents_are_redacted_in_a_thread() -> None:
    assert _thread_of({"content": "x" * (INLINE_REDACTION_MAX_BYTES + 1)}) == "thread"


def test_the_result_and_errors_come_through_both_ways() -> None:
    def fail(_: object) -> str:
        raise ValueError("engine failed")

    for size in (10, INLINE_REDACTION_MAX_BYTES * 2):
        document = {"content": "x" * size}
        assert asyncio.run(redact_on_loop_if_small(document, len, "abc")) == 3
        try:
            asyncio.run(redact_on_loop_if_small(document, fail, document))
        except ValueError as exc:
            assert str(exc) == "engine failed"
        else:
            raise AssertionError("the error was swallowed")
