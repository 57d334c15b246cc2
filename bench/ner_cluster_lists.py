"""Writes the Brown word clusters of the name detector from spaCy's lookups data (MIT).

Usage:
    .venv/bin/pip download spacy-lookups-data==1.0.5 --no-deps -d /tmp/sld
    .venv/bin/python bench/ner_cluster_lists.py \\
        --wheel /tmp/sld/spacy_lookups_data-1.0.5-py2.py3-none-any.whl [--out pii/ner/models]

``spacy-lookups-data`` (ExplosionAI GmbH, MIT licence) ships ``{de,en}_lexeme_cluster``:
Brown clusters of the 1,000,000 most frequent words of large German and English corpora,
as integers whose binary digits are the path in the cluster tree. Words that are used
alike share long prefixes: surnames ("Lehmann", "Saakaschwili", "Sampras" share one
cluster), first names, role nouns ("Botschafter", "Trainer", "Oberst"), verbs of saying.
The detector uses prefixes of the path as features (``pii.ner.features``), so a surname the
labelled corpora never show is still recognised as one, and so is its context.

Kept: every word whose path has more than one bit (a path of one bit is the catch-all of
rare words and says nothing). Output: ``{lang}.clusters.npz``, the compact hashed table of
``pii.ner.clusters`` (deterministic: the same package gives the same bytes); NOTICE.
Only the list is shipped; the 98 MB package is needed to rebuild it, never at run time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.ner.clusters import ClusterTable  # noqa: E402
from pii.ner.model import MODEL_DIR, cluster_path  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--wheel", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--languages", nargs="*", default=["de", "en"])
    args = parser.parse_args()
    with zipfile.ZipFile(args.wheel) as wheel:
        for language in args.languages:
            member = f"spacy_lookups_data/data/{language}_lexeme_cluster.json.gz"
            table: dict[str, int] = json.loads(gzip.decompress(wheel.read(member)))
            target = cluster_path(language, args.out)
            count = ClusterTable.write(
                target, ((word, f"{path:b}") for word, path in table.items() if path > 1)
            )
            print(f"{target}: {count} words, {target.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
