"""Writes the name lexicons derived from Faker's person providers (MIT licence).

Usage:
    .venv/bin/python bench/ner_name_lists.py [--out pii/ner/models]

Faker (https://github.com/joke2k/faker, MIT) ships first names and surnames of about 80
locales. This script keeps the ones written in Latin script (one word each; multi-word
entries are split), so that the name detector knows names of many origins beyond the
project's own lists. Output (sorted, one word per line, shipped with the model and listed
in NOTICE): ``extra_first_names.txt`` and ``extra_surnames.txt``. Faker is only needed to
rebuild the lists; training and run time read the files.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A capitalised word in Latin script, optionally hyphenated or with an apostrophe.
_LATIN_NAME = re.compile(
    r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿĀ-ɏ]+(?:[-'’][A-ZÀ-ÖØ-Þa-z][a-zß-öø-ÿĀ-ɏ]+)*"
)
_ATTRIBUTES = {
    "first_names": "first",
    "first_names_male": "first",
    "first_names_female": "first",
    "first_names_nonbinary": "first",
    "last_names": "last",
    "last_names_male": "last",
    "last_names_female": "last",
}


def _words(value: object) -> list[str]:
    if not isinstance(value, tuple | list | dict | set | frozenset):
        return []
    return [
        part
        for entry in value
        for part in str(entry).split()
        if len(part) > 1 and _LATIN_NAME.fullmatch(part)
    ]


def faker_names() -> tuple[set[str], set[str]]:
    """(first names, surnames) of every Faker person provider, Latin script only."""
    import faker.providers.person as person  # a development dependency, not needed at run time

    found: dict[str, set[str]] = {"first": set(), "last": set()}
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute, kind in _ATTRIBUTES.items():
            value = next(
                (k.__dict__[attribute] for k in provider.__mro__ if attribute in k.__dict__),
                None,
            )
            found[kind].update(_words(value))
    return found["first"], found["last"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "pii" / "ner" / "models")
    args = parser.parse_args()
    first, last = faker_names()
    for name, words in (("extra_first_names.txt", first), ("extra_surnames.txt", last)):
        (args.out / name).write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
        print(f"{name}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
