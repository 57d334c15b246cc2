"""RFC 6962 proofs from the stored leaves: inclusion of a record, consistency of two sizes.

Inclusion proofs use cached roots of full, aligned blocks of 1,024 leaves (an append-only log
never changes a full block); consistency proofs from a checkpoint size start from that
checkpoint's stored compact range and read only the newer leaves.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from audit_log import canonical, errors, merkle
from audit_log.stores.driver import SqlDriver
from audit_log.stores.reader import LogReader
from audit_log.stores.rows import (
    CHAIN_CHUNK,
    SELECT_RECORDS,
    content_of,
    row_dict,
    stored_fields,
)
from audit_log.types import Checkpoint, ConsistencyProof, InclusionProof

BLOCK = 1024
SignCheckpoint = Callable[[], Awaitable[Checkpoint | None]]


class Proofs:
    """Builds and checks proofs; keeps the block-root cache of one store."""

    def __init__(self, driver: SqlDriver, reader: LogReader) -> None:
        self._driver = driver
        self._reader = reader
        self._block_roots: dict[int, bytes] = {}

    async def leaf_range(self, start: int, end: int) -> list[bytes]:
        """Leaf hashes of records ``start + 1 .. end`` (0-based half-open leaf range)."""
        leaves: list[bytes] = []
        while start + len(leaves) < end:
            first = start + len(leaves)
            chunk = await self._driver.fetch(
                self._driver.sql(
                    "SELECT seq, leaf_hash FROM audit_records WHERE seq > ? AND seq <= ? "
                    "ORDER BY seq LIMIT ?"
                ),
                (first, end, CHAIN_CHUNK * 5),
            )
            if not chunk:
                raise errors.AuditIntegrityError(f"record seq {first + 1} is missing")
            for seq, leaf in chunk:
                if int(seq) != start + len(leaves) + 1:
                    raise errors.AuditIntegrityError(
                        f"record seq {start + len(leaves) + 1} is missing"
                    )
                leaves.append(bytes.fromhex(leaf))
        return leaves

    async def _inclusion_path(self, index: int, size: int) -> list[bytes]:
        """Audit path using cached roots of full, aligned blocks of leaves.

        In an append-only log a full block never changes, so after the first proof a proof
        reads one block of leaves instead of the whole tree. The bottom-up RFC 6962 tree never
        pairs across aligned power-of-two blocks, so the path is the path inside the block
        followed by the path of the block's root among all block roots.
        """
        full = size // BLOCK
        missing = [b for b in range(full) if b not in self._block_roots]
        run_start = 0
        while run_start < len(missing):
            run_end = run_start
            while run_end + 1 < len(missing) and missing[run_end + 1] == missing[run_end] + 1:
                run_end += 1
            first, last = missing[run_start], missing[run_end]
            leaves = await self.leaf_range(first * BLOCK, (last + 1) * BLOCK)
            for b in range(first, last + 1):
                offset = (b - first) * BLOCK
                self._block_roots[b] = merkle.root(leaves[offset : offset + BLOCK])
            run_start = run_end + 1
        block = index // BLOCK
        block_leaves = await self.leaf_range(block * BLOCK, min((block + 1) * BLOCK, size))
        tops = [self._block_roots[b] for b in range(full)]
        if size % BLOCK:
            tail = block_leaves if block == full else await self.leaf_range(full * BLOCK, size)
            tops.append(merkle.root(tail))
        inner = merkle.inclusion_path(index - block * BLOCK, block_leaves)
        return inner + merkle.inclusion_path(block, tops)

    async def proof(self, record_id: str, *, sign: SignCheckpoint | None) -> InclusionProof:
        """Inclusion proof of ``record_id`` against the latest checkpoint.

        Calls ``sign`` for a new checkpoint first when the record is newer than the latest
        one (without ``sign``: no signing key). The proof is checked before it is returned.

        Raises:
            RecordNotFoundError: unknown id.
            CheckpointError: no checkpoint covers the record and none can be signed.
            AuditIntegrityError: the stored record or tree does not match the checkpoint.
        """
        rows = await self._driver.fetch(
            self._driver.sql(f"{SELECT_RECORDS} WHERE id = ?"), (record_id,)
        )
        if not rows:
            raise errors.RecordNotFoundError(errors.RECORD_NOT_FOUND)
        r = row_dict(rows[0])
        seq = int(r["seq"])
        cp = await self._reader.latest_checkpoint()
        if cp is None or cp.tree_size < seq:
            if sign is None:
                raise errors.CheckpointError(errors.NO_CHECKPOINT)
            cp = await sign()
        assert cp is not None and cp.tree_size >= seq
        content = content_of(r, stored_fields(r))
        leaf_hex = canonical.leaf_hash(content)
        if leaf_hex != r["leaf_hash"]:
            raise errors.AuditIntegrityError(f"record seq {seq} does not match its leaf hash")
        path = await self._inclusion_path(seq - 1, cp.tree_size)
        root = bytes.fromhex(cp.root_hash)
        if not merkle.verify_inclusion(seq - 1, cp.tree_size, bytes.fromhex(leaf_hex), path, root):
            raise errors.AuditIntegrityError(
                f"tree of size {cp.tree_size} does not match its checkpoint"
            )
        return InclusionProof(
            record_id=record_id,
            leaf_index=seq - 1,
            tree_size=cp.tree_size,
            leaf_hash=leaf_hex,
            audit_path=tuple(p.hex() for p in path),
            leaf_input=content,
            checkpoint=cp,
        )

    async def consistency_proof(self, first_size: int, second_size: int) -> ConsistencyProof:
        """RFC 6962 consistency proof between two tree sizes (e.g. two checkpoints).

        From a checkpoint size it reads only the leaves after it (plus the stored compact
        range); from any other size every leaf up to ``second_size``.

        Raises:
            ValueError: sizes not ``0 < first_size <= second_size``.
            AuditIntegrityError: records up to ``second_size`` are missing.
        """
        if not 0 < first_size <= second_size:
            raise ValueError("need 0 < first_size <= second_size")
        stored = await self._driver.fetch(
            self._driver.sql("SELECT compact_range FROM audit_checkpoints WHERE tree_size = ?"),
            (first_size,),
        )
        if stored:
            # From a checkpoint (what witnesses ask for): its compact range + the new leaves.
            first_range = [bytes.fromhex(h) for h in json.loads(stored[0][0])]
            tail = await self.leaf_range(first_size, second_size)
            path = merkle.consistency_path_from_range(first_size, first_range, tail)
        else:
            leaves = await self.leaf_range(0, second_size)
            path = merkle.consistency_path(first_size, leaves)
        return ConsistencyProof(
            first_size=first_size, second_size=second_size, path=tuple(p.hex() for p in path)
        )
