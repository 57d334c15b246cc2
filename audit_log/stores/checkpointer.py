"""Signing checkpoints and keeping their anchors (tables ``audit_checkpoints``, ``audit_anchors``).

``sign`` re-checks the chain since the previous checkpoint, extends that checkpoint's stored
compact range by the new leaves and signs the root; ``anchor_pending`` then asks every configured
anchorer (TSA, witness, publication directory) for the newest checkpoint it has not anchored
yet and stores what comes back. A failed anchor is retried on the next cadence tick; the
verifier reports how many records lie after the last anchored checkpoint.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol

from audit_log import canonical, errors, merkle
from audit_log.anchors.model import Anchorer, AnchorError, AnchorLog, CheckpointAnchor
from audit_log.checkpoints import CheckpointSigner
from audit_log.stores.driver import SqlDriver
from audit_log.stores.rows import (
    ANCHOR_COLUMNS,
    CHAIN_CHUNK,
    CHECKPOINT_COLUMNS,
    checkpoint_from_row,
    utc_timestamp,
)
from audit_log.types import Checkpoint


class AnchoredLog(AnchorLog, Protocol):
    """What anchoring reads: the newest checkpoint, stored anchors, consistency proofs."""

    async def latest_checkpoint(self) -> Checkpoint | None:
        """Newest stored checkpoint."""
        ...


class CheckpointWriter:
    """Signs checkpoints with the log's key and stores anchors for them."""

    def __init__(
        self, driver: SqlDriver, signer: CheckpointSigner | None, anchorers: Sequence[Anchorer]
    ) -> None:
        self._driver = driver
        self._signer = signer
        self._anchorers = anchorers

    async def sign(self) -> Checkpoint | None:
        """Sign a checkpoint covering every committed record (None when the log is empty).

        Re-checks the chain links of the records added since the previous checkpoint before
        signing, so a broken chain is never signed.

        Raises:
            CheckpointError: no signing key configured.
            AuditIntegrityError: the chain since the previous checkpoint is broken.
        """
        signer = self._signer
        if signer is None:
            raise errors.CheckpointError(errors.NO_SIGNING_KEY)
        rows = await self._driver.fetch(
            f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints "  # noqa: S608 - constant column names
            "ORDER BY tree_size DESC LIMIT 1"
        )
        if rows:
            last = checkpoint_from_row(rows[0])
            compact = merkle.CompactRange(
                size=last.tree_size, hashes=[bytes.fromhex(h) for h in json.loads(rows[0][7])]
            )
            prev = last.head_hash
        else:
            last = None
            compact = merkle.CompactRange()
            prev = canonical.GENESIS_HASH
        head = await self._driver.fetch("SELECT MAX(seq) FROM audit_records")
        head_seq = int(head[0][0] or 0)
        if head_seq == 0:
            return None
        if last is not None and head_seq <= last.tree_size:
            return last
        while compact.size < head_seq:
            chunk = await self._driver.fetch(
                self._driver.sql(
                    "SELECT seq, leaf_hash, prev_hash, hash FROM audit_records "
                    "WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?"
                ),
                (compact.size, head_seq, CHAIN_CHUNK),
            )
            if not chunk:
                raise errors.AuditIntegrityError(f"record seq {compact.size + 1} is missing")
            for seq, leaf, prev_hash, link in chunk:
                if int(seq) != compact.size + 1:
                    raise errors.AuditIntegrityError(f"record seq {compact.size + 1} is missing")
                if prev_hash != prev or canonical.chain_hash(prev, leaf) != link:
                    raise errors.AuditIntegrityError(f"hash chain broken at seq {seq}")
                compact.append(bytes.fromhex(leaf))
                prev = link
        cp = signer.sign(
            tree_size=head_seq,
            root_hash=compact.root().hex(),
            head_hash=prev,
            created_at=utc_timestamp(),
        )
        await self._driver.execute(
            self._driver.sql(
                f"INSERT INTO audit_checkpoints ({', '.join(CHECKPOINT_COLUMNS)}) "  # noqa: S608 - constant column names
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING"
            ),
            (
                cp.tree_size,
                cp.root_hash,
                cp.head_hash,
                cp.created_at,
                cp.key_id,
                cp.statement,
                cp.signature,
                json.dumps([h.hex() for h in compact.hashes]),
            ),
        )
        stored = await self._driver.fetch(
            self._driver.sql(
                f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints "  # noqa: S608 - constant column names
                "WHERE tree_size = ?"
            ),
            (head_seq,),
        )
        # Another process may have won the race for this size; its checkpoint is as good.
        return checkpoint_from_row(stored[0])

    async def add_anchor(self, anchor: CheckpointAnchor, *, anchored_at: str) -> None:
        """Keep an anchor (a second one from the same source for the same size is ignored)."""
        await self._driver.execute(
            self._driver.sql(
                f"INSERT INTO audit_anchors ({', '.join(ANCHOR_COLUMNS)}) "  # noqa: S608 - constant column names
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
            ),
            (anchor.tree_size, anchor.kind, anchor.source, anchor.data, anchored_at),
        )

    async def anchor_pending(self, log: AnchoredLog, *, now: str) -> list[str]:
        """Anchor the newest checkpoint with every anchorer that has not yet; returns failures.

        Failures are returned (as short texts without secrets), never raised: an unreachable
        TSA or witness must not stop the log; verify reports the unanchored tail.
        """
        checkpoint = await log.latest_checkpoint()
        if checkpoint is None or not self._anchorers:
            return []
        done = {
            (a.kind, a.source) for a in await log.anchors() if a.tree_size == checkpoint.tree_size
        }
        failures: list[str] = []
        for anchorer in self._anchorers:
            if (anchorer.kind, anchorer.source) in done:
                continue
            try:
                anchor = await anchorer.anchor(checkpoint, log)
            except AnchorError as exc:
                failures.append(f"{anchorer.kind} {anchorer.source}: {exc}")
                continue
            await self.add_anchor(anchor, anchored_at=now)
        return failures
