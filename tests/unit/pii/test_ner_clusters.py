"""The Brown cluster table of the name detector (pii/ner/clusters.py)."""

from __future__ import annotations

from pathlib import Path

from pii.ner.clusters import ClusterTable
from pii.ner.features import Featurizer, Lexicons, cluster_of
from pii.ner.model import CLUSTER_LANGUAGES, MODEL_DIR, build_lexicons, cluster_path


def _lexicons(clusters: ClusterTable | None) -> Lexicons:
    empty: frozenset[str] = frozenset()
    return Lexicons(empty, empty, empty, empty, empty, empty, empty, clusters=clusters)


def test_when_table_is_written_then_it_reads_back_every_word(tmp_path: Path) -> None:
    path = tmp_path / "t.npz"
    entries = [("Lehmann", "101000"), ("sagte", "111111011110"), ("Lehmann", "111")]

    count = ClusterTable.write(path, entries)
    table = ClusterTable.read(path)

    assert count == 2  # a word given twice keeps its first path
    assert table.get("Lehmann") == "101000"
    assert table.get("sagte") == "111111011110"
    assert table.get("lehmann") is None
    assert table.get("Unbekanntwort") is None


def test_when_same_entries_are_written_twice_then_the_bytes_are_equal(tmp_path: Path) -> None:
    entries = [(f"Wort{i}", f"{i % 7 + 2:b}") for i in range(500)]
    ClusterTable.write(tmp_path / "a.npz", entries)
    ClusterTable.write(tmp_path / "b.npz", reversed(entries))

    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_when_word_is_unknown_as_written_then_its_capitalised_form_is_looked_up(
    tmp_path: Path,
) -> None:
    ClusterTable.write(tmp_path / "t.npz", [("Okafor", "10110")])
    table = ClusterTable.read(tmp_path / "t.npz")

    assert cluster_of("OKAFOR", table) == "10110"
    assert cluster_of("okafor", table) == "10110"
    assert cluster_of("Nichtda", table) == "-"


def test_when_clusters_are_given_then_word_and_neighbours_carry_path_prefixes(
    tmp_path: Path,
) -> None:
    ClusterTable.write(tmp_path / "t.npz", [("sagte", "1111110111"), ("Okafor", "1010001")])
    featurizer = Featurizer(_lexicons(ClusterTable.read(tmp_path / "t.npz")))

    items = featurizer.items(["sagte", "Okafor"])

    assert {"c4=1010", "c6=101000", "c10=1010001", "c20=1010001"} <= set(items[1])
    assert {"-1:c4=1111", "-1:c6=111111"} <= set(items[1])
    assert not any(f.startswith("c4=") for f in Featurizer(_lexicons(None)).items(["x"])[0])


def test_when_shipped_german_table_loads_then_surnames_share_a_cluster() -> None:
    assert "de" in CLUSTER_LANGUAGES
    table = build_lexicons("de").clusters
    assert table is not None and len(table) > 500_000
    assert cluster_path("de", MODEL_DIR).stat().st_size < 30_000_000
    # Surnames the labelled corpora never show share their cluster with known ones.
    assert table.get("Saakaschwili") == table.get("Steinmeier") == table.get("Lehmann")
    assert table.get("sagte") != table.get("Lehmann")
