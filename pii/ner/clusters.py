"""Brown word clusters as a compact look-up table (features of the name detector).

A table maps about 860,000 German words to their path in a Brown cluster tree (a string of
bits; words used alike share long prefixes: surnames, first names, role nouns, verbs of
saying). Held as a Python dict it would cost ~90 MB and 4 s to load per process, so the
shipped file (``{lang}.clusters.npz``, written by ``bench/ner_cluster_lists.py``) holds
three arrays instead: the sorted 64-bit BLAKE2b hashes of the words, for each the index of
its path, and the distinct paths (about 1,000). A look-up hashes the word and bisects:
~10 MB, loaded in well under a second. Two words sharing a 64-bit hash among a million
would swap clusters; the chance is ~3e-8.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np


def word_hash(word: str) -> int:
    """Stable 64-bit hash of a word (the same in every process and on every platform)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


class ClusterTable:
    """Word -> cluster path (a string of bits), read from a ``.npz`` table."""

    def __init__(self, hashes: np.ndarray, path_index: np.ndarray, paths: list[str]) -> None:
        self._hashes = hashes
        self._path_index = path_index
        self._paths = paths

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, word: str) -> str | None:
        """The cluster path of ``word`` as written, or None when it is not in the table."""
        key = word_hash(word)
        hashes = self._hashes
        position = int(hashes.searchsorted(np.uint64(key)))
        if position < len(hashes) and hashes.item(position) == key:
            return self._paths[int(self._path_index.item(position))]
        return None

    @classmethod
    def read(cls, path: Path) -> ClusterTable:
        """Loads a table written by :meth:`write`.

        Raises:
            FileNotFoundError: the file is missing.
        """
        with np.load(path, allow_pickle=False) as data:
            paths = [str(p) for p in data["paths"]]
            return cls(data["hashes"], data["path_index"], paths)

    @staticmethod
    def write(path: Path, entries: Iterable[tuple[str, str]]) -> int:
        """Writes ``(word, cluster path)`` pairs as a table; returns the number of words.

        A word given twice keeps its first path. Deterministic: the same pairs give the
        same bytes.
        """
        by_hash: dict[int, str] = {}
        for word, bits in entries:
            by_hash.setdefault(word_hash(word), bits)
        paths = sorted(set(by_hash.values()))
        number = {bits: i for i, bits in enumerate(paths)}
        hashes = np.array(sorted(by_hash), dtype=np.uint64)
        path_index = np.array([number[by_hash[int(h)]] for h in hashes], dtype=np.uint16)
        arrays: dict[str, np.ndarray] = {
            "hashes": hashes,
            "path_index": path_index,
            "paths": np.array(paths),
        }
        # np.savez stamps the time into the archive; a fixed date keeps rebuilds identical.
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, array, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, buffer.getvalue())
        return len(hashes)
