"""RFC 6962 Merkle tree: published test vectors and every tree size from 1 to 2000."""

from __future__ import annotations

import functools
import hashlib
import random

import pytest

from audit_log import merkle

# Leaves, roots and inclusion proofs from the certificate-transparency reference tests.
CT_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CT_LEAF_HASHES = [merkle.leaf(d) for d in CT_LEAVES]


def test_when_tree_is_empty_then_root_is_hash_of_empty_string() -> None:
    assert merkle.root([]) == hashlib.sha256(b"").digest()
    assert merkle.CompactRange().root() == merkle.EMPTY_ROOT


@pytest.mark.parametrize("size", range(1, 9))
def test_when_building_ct_vector_trees_then_roots_match(size: int) -> None:
    compact = merkle.CompactRange()
    for h in CT_LEAF_HASHES[:size]:
        compact.append(h)

    assert merkle.root(CT_LEAF_HASHES[:size]).hex() == CT_ROOTS[size - 1]
    assert compact.root().hex() == CT_ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_when_proving_ct_vector_leaves_then_paths_match_and_verify(
    index: int, size: int, path: list[str]
) -> None:
    got = merkle.inclusion_path(index, CT_LEAF_HASHES[:size])
    root = bytes.fromhex(CT_ROOTS[size - 1])

    assert [p.hex() for p in got] == path
    assert merkle.verify_inclusion(index, size, CT_LEAF_HASHES[index], got, root)


def _reference(leaves: list[bytes]) -> tuple[object, object]:
    """Literal RFC 6962 MTH and PATH, memoized over index ranges."""

    def split(n: int) -> int:
        k = 1
        while k * 2 < n:
            k *= 2
        return k

    @functools.cache
    def mth(a: int, b: int) -> bytes:
        if b - a == 1:
            return leaves[a]
        k = split(b - a)
        return merkle.node(mth(a, a + k), mth(a + k, b))

    def path(m: int, a: int, b: int) -> list[bytes]:
        if b - a == 1:
            return []
        k = split(b - a)
        if m - a < k:
            return [*path(m, a, a + k), mth(a + k, b)]
        return [*path(m, a + k, b), mth(a, a + k)]

    return mth, path


def test_when_tree_sizes_run_from_1_to_2000_then_roots_and_proofs_match_rfc_6962() -> None:
    rng = random.Random(6962)
    leaves = [merkle.leaf(i.to_bytes(4, "big")) for i in range(2000)]
    mth, path = _reference(leaves)
    compact = merkle.CompactRange()
    for size in range(1, 2001):
        compact.append(leaves[size - 1])
        expected_root = mth(0, size)  # type: ignore[operator]
        assert compact.root() == expected_root, size
        indices = sorted({0, size - 1, size // 2, rng.randrange(size), rng.randrange(size)})
        paths = merkle.inclusion_paths(indices, leaves[:size])
        for index, got in zip(indices, paths, strict=True):
            assert got == path(index, 0, size), (index, size)  # type: ignore[operator]
            assert merkle.verify_inclusion(index, size, leaves[index], got, expected_root)
            if got:
                bad = [*got[:-1], bytes(32)]
                assert not merkle.verify_inclusion(index, size, leaves[index], bad, expected_root)
            if size > 1:
                other = (index + 1) % size
                assert not merkle.verify_inclusion(other, size, leaves[index], got, expected_root)
    assert merkle.root(leaves) == compact.root()


@pytest.mark.parametrize(
    ("index", "size", "path_len"),
    [(0, 8, 2), (0, 8, 4), (7, 8, 0), (8, 8, 3), (-1, 8, 3), (0, 0, 0)],
)
def test_when_proof_shape_is_wrong_then_verification_fails(
    index: int, size: int, path_len: int
) -> None:
    leaves = CT_LEAF_HASHES
    path = [bytes(32)] * path_len
    assert not merkle.verify_inclusion(index, size, leaves[0], path, bytes.fromhex(CT_ROOTS[7]))


def test_when_compact_range_is_restored_then_it_continues_identically() -> None:
    leaves = [merkle.leaf(bytes([i])) for i in range(37)]
    first = merkle.CompactRange()
    for h in leaves[:21]:
        first.append(h)

    resumed = merkle.CompactRange(size=first.size, hashes=first.hashes)
    for h in leaves[21:]:
        resumed.append(h)

    assert resumed.root() == merkle.root(leaves)
    with pytest.raises(ValueError, match="does not match"):
        merkle.CompactRange(size=3, hashes=[bytes(32)])


CT_CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


@pytest.mark.parametrize(("first", "second", "path"), CT_CONSISTENCY)
def test_when_proving_ct_vector_consistency_then_paths_match_and_verify(
    first: int, second: int, path: list[str]
) -> None:
    got = merkle.consistency_path(first, CT_LEAF_HASHES[:second])
    first_root = bytes.fromhex(CT_ROOTS[first - 1])
    second_root = bytes.fromhex(CT_ROOTS[second - 1])

    assert [p.hex() for p in got] == path
    assert merkle.verify_consistency(first, second, first_root, second_root, got)
    assert not merkle.verify_consistency(first, second, second_root[::-1], second_root, got)


def test_when_tree_grows_to_100_then_every_consistency_proof_verifies_and_forgeries_fail() -> None:
    leaves = [merkle.leaf(i.to_bytes(2, "big")) for i in range(100)]
    roots = [merkle.root(leaves[:n]) for n in range(101)]
    forged = [*leaves[:50], merkle.leaf(b"forged"), *leaves[51:]]
    for second in range(1, 101):
        for first in range(1, second + 1):
            path = merkle.consistency_path(first, leaves[:second])
            assert merkle.verify_consistency(first, second, roots[first], roots[second], path)
        if second > 51:
            # A rewritten history (leaf 50 changed) cannot be proven consistent with the old root.
            path = merkle.consistency_path(51, forged[:second])
            assert not merkle.verify_consistency(
                51, second, roots[51], merkle.root(forged[:second]), path
            )


def test_when_proof_is_built_from_a_compact_range_then_it_equals_the_full_one() -> None:
    from audit_log.merkle import CompactRange, consistency_path, consistency_path_from_range

    leaves = [merkle.leaf(bytes([i])) for i in range(40)]
    for second in range(1, 40):
        for first in range(1, second + 1):
            compact = CompactRange()
            for h in leaves[:first]:
                compact.append(h)
            fast = consistency_path_from_range(first, compact.hashes, leaves[first:second])
            assert fast == consistency_path(first, leaves[:second]), (first, second)
