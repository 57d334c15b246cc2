"""RFC 6962 / RFC 9162 Merkle tree hash, inclusion proofs and their verification.

All functions take and return raw 32-byte hashes. Leaves are already leaf hashes
(``SHA-256(0x00 || data)``); interior nodes are ``SHA-256(0x01 || left || right)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf(data: bytes) -> bytes:
    """RFC 6962 leaf hash of raw leaf data."""
    return hashlib.sha256(b"\x00" + data).digest()


def node(left: bytes, right: bytes) -> bytes:
    """RFC 6962 interior node hash."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _next_level(level: Sequence[bytes]) -> list[bytes]:
    # Pairing left to right and promoting an odd last node unchanged gives exactly the
    # RFC 6962 split at the largest power of two below n.
    out = [node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
    if len(level) % 2:
        out.append(level[-1])
    return out


def root(leaves: Sequence[bytes]) -> bytes:
    """Merkle Tree Hash (MTH) of a list of leaf hashes."""
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        level = _next_level(level)
    return level[0]


def inclusion_path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """Audit path (RFC 6962 PATH) for leaf ``index`` in the tree over ``leaves``."""
    return inclusion_paths([index], leaves)[0]


def inclusion_paths(indices: Sequence[int], leaves: Sequence[bytes]) -> list[list[bytes]]:
    """Audit paths for several leaves, building the tree once."""
    for index in indices:
        if not 0 <= index < len(leaves):
            raise ValueError("leaf index outside the tree")
    paths: list[list[bytes]] = [[] for _ in indices]
    positions = list(indices)
    level = list(leaves)
    while len(level) > 1:
        for k, position in enumerate(positions):
            sibling = position ^ 1
            if sibling < len(level):
                paths[k].append(level[sibling])
            positions[k] = position // 2
        level = _next_level(level)
    return paths


def root_from_inclusion(index: int, size: int, leaf_hash: bytes, path: Sequence[bytes]) -> bytes:
    """Root implied by an inclusion proof (RFC 9162 section 2.1.3.2).

    Raises:
        ValueError: the path has the wrong length for ``index`` and ``size``.
    """
    if not 0 <= index < size:
        raise ValueError("leaf index outside the tree")
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            raise ValueError("inclusion path too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("inclusion path too short")
    return r


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, path: Sequence[bytes], expected_root: bytes
) -> bool:
    """True when ``path`` proves ``leaf_hash`` at ``index`` in the tree with ``expected_root``."""
    try:
        return root_from_inclusion(index, size, leaf_hash, path) == expected_root
    except ValueError:
        return False


class CompactRange:
    """Incremental Merkle root: the perfect subtrees covering the leaves appended so far.

    Holds at most log2(n) hashes, so a verifier or checkpointer streams the log once.
    """

    def __init__(self, *, size: int = 0, hashes: Iterable[bytes] = ()) -> None:
        self._size = size
        self._stack: list[bytes] = list(hashes)
        if len(self._stack) != bin(size).count("1"):
            raise ValueError("compact range does not match its size")

    @property
    def size(self) -> int:
        """Number of leaves appended."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """Perfect subtree roots, largest (leftmost) first."""
        return tuple(self._stack)

    def append(self, leaf_hash: bytes) -> None:
        """Add the next leaf hash."""
        self._stack.append(leaf_hash)
        self._size += 1
        # One merge per trailing one-bit of the old size (binary carry).
        merges = (self._size & -self._size).bit_length() - 1
        for _ in range(merges):
            right = self._stack.pop()
            left = self._stack.pop()
            self._stack.append(node(left, right))

    def root(self) -> bytes:
        """MTH of all leaves appended so far."""
        if not self._stack:
            return EMPTY_ROOT
        r = self._stack[-1]
        for h in reversed(self._stack[:-1]):
            r = node(h, r)
        return r

    def copy(self) -> CompactRange:
        """Independent copy."""
        return CompactRange(size=self._size, hashes=self._stack)


def _largest_power_of_two_below(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def consistency_path(first: int, leaves: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 PROOF(m, D[n]): shows the tree of the first ``first`` leaves is a prefix.

    Reads every leaf; meant for occasional use by monitors comparing two checkpoints.
    """
    second = len(leaves)
    if not 0 < first <= second:
        raise ValueError("first size must be between 1 and the tree size")

    def subproof(m: int, lo: int, hi: int, complete: bool) -> list[bytes]:
        n = hi - lo
        if m == n:
            return [] if complete else [root(leaves[lo:hi])]
        k = _largest_power_of_two_below(n)
        if m <= k:
            return [*subproof(m, lo, lo + k, complete), root(leaves[lo + k : hi])]
        return [*subproof(m - k, lo + k, hi, False), root(leaves[lo : lo + k])]

    return [] if first == second else subproof(first, 0, second, True)


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2: True when ``second_root`` extends ``first_root``."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    nodes = list(path)
    if first & (first - 1) == 0:  # first is a power of two: its root is a proof node
        nodes.insert(0, first_root)
    if not nodes:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


def consistency_path_from_range(
    first: int, first_range: Sequence[bytes], new_leaves: Sequence[bytes]
) -> list[bytes]:
    """PROOF(first, D[first + len(new_leaves)]) without the first ``first`` leaves.

    Every node of an RFC 6962 consistency proof either covers only leaves after ``first`` or
    is one of the perfect subtrees of the compact range at ``first`` (the recursion follows
    the binary digits of ``first``). So the stored compact range of a checkpoint plus the
    leaves appended since give the proof a witness needs, reading the tail only.

    Raises:
        ValueError: sizes out of range, or ``first_range`` does not fit ``first``.
    """
    second = first + len(new_leaves)
    if not 0 < first <= second:
        raise ValueError("first size must be between 1 and the tree size")
    if len(first_range) != bin(first).count("1"):
        raise ValueError("compact range does not match its size")
    pieces: dict[tuple[int, int], bytes] = {}
    start = 0
    for bit, digest in zip(
        (1 << b for b in reversed(range(first.bit_length())) if first >> b & 1),
        first_range,
        strict=True,
    ):
        pieces[(start, start + bit)] = digest
        start += bit

    def mth(lo: int, hi: int) -> bytes:
        if lo >= first:
            return root(new_leaves[lo - first : hi - first])
        if (lo, hi) in pieces:
            return pieces[(lo, hi)]
        raise ValueError("proof node straddles the old tree size")  # pragma: no cover

    def subproof(m: int, lo: int, hi: int, complete: bool) -> list[bytes]:
        n = hi - lo
        if m == n:
            return [] if complete else [mth(lo, hi)]
        k = _largest_power_of_two_below(n)
        if m <= k:
            return [*subproof(m, lo, lo + k, complete), mth(lo + k, hi)]
        return [*subproof(m - k, lo + k, hi, False), mth(lo, lo + k)]

    return [] if first == second else subproof(first, 0, second, True)
