"""Anchors kept beside the checkpoints (table ``audit_anchors``), mixed into both stores.

Kept apart from ``base`` so the anchoring step reads on its own: after a checkpoint is signed,
``anchor_pending`` asks every configured anchorer for the newest checkpoint it has not anchored
yet and stores what comes back. A failed anchor is retried on the next checkpoint tick; the
verifier reports how many records lie after the last anchored checkpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from audit_log.anchors.model import Anchorer, AnchorError, CheckpointAnchor
from audit_log.types import Checkpoint, ConsistencyProof

ANCHOR_COLUMNS = ("tree_size", "kind", "source", "data", "anchored_at")


class AnchorRows:
    """Store and read anchors; run the configured anchorers."""

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Sequence[Any]]:
        raise NotImplementedError

    async def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        raise NotImplementedError

    def _sql(self, text: str) -> str:
        raise NotImplementedError

    async def latest_checkpoint(self) -> Checkpoint | None:
        raise NotImplementedError

    async def consistency_proof(self, first_size: int, second_size: int) -> ConsistencyProof:
        raise NotImplementedError

    def _anchorers(self) -> Sequence[Anchorer]:
        raise NotImplementedError

    async def anchors(self) -> tuple[CheckpointAnchor, ...]:
        """Every stored anchor, by tree size."""
        rows = await self._fetch(
            f"SELECT {', '.join(ANCHOR_COLUMNS)} FROM audit_anchors "  # noqa: S608 - constant column names
            "ORDER BY tree_size, kind, source"
        )
        return tuple(
            CheckpointAnchor(
                tree_size=int(r[0]), kind=r[1], source=r[2], data=r[3], anchored_at=r[4]
            )
            for r in rows
        )

    async def add_anchor(self, anchor: CheckpointAnchor, *, anchored_at: str) -> None:
        """Keep an anchor (a second one from the same source for the same size is ignored)."""
        await self._execute(
            self._sql(
                f"INSERT INTO audit_anchors ({', '.join(ANCHOR_COLUMNS)}) "  # noqa: S608 - constant column names
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
            ),
            (anchor.tree_size, anchor.kind, anchor.source, anchor.data, anchored_at),
        )

    async def anchor_pending(self, *, now: str) -> list[str]:
        """Anchor the newest checkpoint with every anchorer that has not yet; returns failures.

        Failures are returned (as short texts without secrets), never raised: an unreachable
        TSA or witness must not stop the log; verify reports the unanchored tail.
        """
        checkpoint = await self.latest_checkpoint()
        if checkpoint is None or not self._anchorers():
            return []
        done = {
            (a.kind, a.source) for a in await self.anchors() if a.tree_size == checkpoint.tree_size
        }
        failures: list[str] = []
        for anchorer in self._anchorers():
            if (anchorer.kind, anchorer.source) in done:
                continue
            try:
                anchor = await anchorer.anchor(checkpoint, self)
            except AnchorError as exc:
                failures.append(f"{anchorer.kind} {anchorer.source}: {exc}")
                continue
            await self.add_anchor(anchor, anchored_at=now)
        return failures
