"""Verification of the whole log: every leaf, the hash chain and every checkpoint root.

Reports the first problem with the first record it concerns. Verification against outside
state (anchors, witnesses, trusted checkpoints) builds on this in ``audit_log.anchored``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit_log import canonical, merkle
from audit_log.checkpoints import checkpoint_problem
from audit_log.note import NoteVerifier
from audit_log.stores.driver import SqlDriver
from audit_log.stores.reader import LogReader
from audit_log.stores.rows import (
    CHAIN_CHUNK,
    SELECT_RECORDS,
    content_of,
    row_dict,
    stored_fields,
)
from audit_log.types import Checkpoint, VerifyReport

LogKeys = Ed25519PublicKey | Sequence[NoteVerifier] | None


async def verify_log(
    driver: SqlDriver,
    reader: LogReader,
    keys: LogKeys,
    *,
    trusted_checkpoints: Sequence[Checkpoint] = (),
) -> VerifyReport:
    """Recompute every leaf, the chain and every checkpoint root; report the first problem.

    Args:
        driver: The storage driver.
        reader: Reads the stored checkpoints.
        keys: The log's keys (note verifiers, or one legacy public key; None: none known).
        trusted_checkpoints: Checkpoints kept outside the database (e.g. published or
            exported earlier). They catch truncation even if checkpoint rows were deleted.
    """
    stored = await reader.checkpoints()
    all_cps = sorted([*stored, *trusted_checkpoints], key=lambda c: c.tree_size)
    latest = all_cps[-1].tree_size if all_cps else None
    checked_cps = 0

    def report(checked: int, bad: int | None, problem: str) -> VerifyReport:
        return VerifyReport(
            ok=not problem,
            records_checked=checked,
            first_bad_seq=bad,
            problem=problem,
            checkpoints_checked=checked_cps,
            latest_checkpoint_size=latest,
        )

    for cp in all_cps:
        if keys is None:
            return report(0, None, "checkpoints present but no verification key configured")
        problem = checkpoint_problem(cp, keys)
        if problem:
            return report(0, None, problem)
    compact = merkle.CompactRange()
    prev = canonical.GENESIS_HASH
    cp_index = 0
    last_good_cp = 0
    while True:
        rows = await driver.fetch(
            driver.sql(f"{SELECT_RECORDS} WHERE seq > ? ORDER BY seq LIMIT ?"),
            (compact.size, CHAIN_CHUNK),
        )
        if not rows:
            break
        for row in rows:
            r = row_dict(row)
            expected = compact.size + 1
            seq = int(r["seq"])
            if seq != expected:
                return report(
                    compact.size,
                    expected,
                    f"records {expected}..{seq - 1} are missing (deleted) before seq {seq}",
                )
            problem = record_problem(r, prev)
            if problem:
                return report(compact.size, seq, problem)
            compact.append(bytes.fromhex(r["leaf_hash"]))
            prev = r["hash"]
            while cp_index < len(all_cps) and all_cps[cp_index].tree_size == compact.size:
                cp = all_cps[cp_index]
                # Checkpoints read from notes carry no (unsigned) head hash.
                head_differs = bool(cp.head_hash) and cp.head_hash != prev
                if cp.root_hash != compact.root().hex() or head_differs:
                    # Two checkpoints of one size that disagree localise nothing.
                    start = last_good_cp + 1 if last_good_cp < cp.tree_size else 1
                    return report(
                        compact.size,
                        start,
                        f"records {start}..{cp.tree_size} do not match the "
                        f"signed checkpoint at tree size {cp.tree_size} (history rewritten)",
                    )
                checked_cps += 1
                last_good_cp = cp.tree_size
                cp_index += 1
    if cp_index < len(all_cps):
        size = all_cps[-1].tree_size
        return report(
            compact.size,
            compact.size + 1,
            f"log truncated: the checkpoint at tree size {size} covers {size} records "
            f"but only {compact.size} are present",
        )
    return report(compact.size, None, "")


def record_problem(r: Mapping[str, Any], prev: str) -> str:
    """What is wrong with one stored row after ``prev`` (empty: nothing)."""
    seq = r["seq"]
    try:
        fields = stored_fields(r)
        content = content_of(r, fields)
        leaf = canonical.leaf_hash(content)
    except (ValueError, TypeError, KeyError) as exc:
        return f"record seq {seq} cannot be canonicalized ({exc.__class__.__name__})"
    if leaf != r["leaf_hash"]:
        return f"record seq {seq} (id {r['id']}) was edited: content does not match its leaf hash"
    if (
        r["payload"] is not None
        and canonical.sha256_hex(r["payload"].encode()) != r["payload_sha256"]
    ):
        return f"record seq {seq} (id {r['id']}) payload was edited"
    if (
        r["personal_ct"] is not None
        and canonical.sha256_hex(r["personal_ct"].encode()) != r["personal_ct_sha256"]
    ):
        return f"record seq {seq} (id {r['id']}) encrypted personal fields were edited"
    if r["prev_hash"] != prev:
        return f"hash chain broken at seq {seq}: prev_hash is not the hash of seq {seq - 1}"
    if canonical.chain_hash(prev, leaf) != r["hash"]:
        return f"hash chain broken at seq {seq}: hash does not match prev_hash and leaf"
    return ""
