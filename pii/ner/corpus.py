"""Readers for token-labelled NER corpora (GermEval TSV, CoNLL, WikiANN).

Every reader yields :class:`LabelledSentence` objects whose tags are BIO with plain types;
person-like fine classes (LER's judges ``RR`` and lawyers ``AN``, WNUT's ``person``) are
mapped to ``PER`` so that one scorer serves every corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

CorpusFormat = Literal["germeval", "conll", "wikiann"]
FORMATS: tuple[CorpusFormat, ...] = ("germeval", "conll", "wikiann")
PERSON = "PER"
# Corpus classes that denote a natural person.
PERSON_CLASSES = frozenset({"PER", "PERSON", "RR", "AN"})


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """Tokens with one BIO tag each (``O``, ``B-PER``, ``I-LOC``, ...)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]


def normalize_tag(tag: str) -> str:
    """``B-person`` -> ``B-PER``, ``I-RR`` -> ``I-PER``; other types upper-cased."""
    if tag in ("O", "") or "-" not in tag:
        return "O"
    prefix, kind = tag.split("-", 1)
    if prefix not in ("B", "I"):
        return "O"
    kind = kind.upper()
    return f"{prefix}-{PERSON if kind in PERSON_CLASSES else kind}"


def read_corpus(path: Path, corpus_format: CorpusFormat) -> list[LabelledSentence]:
    """Reads a whole corpus file.

    Raises:
        ValueError: a line does not fit the format.
    """
    return list(iter_corpus(path, corpus_format))


def iter_corpus(path: Path, corpus_format: CorpusFormat) -> Iterator[LabelledSentence]:
    """Yields the sentences of a corpus file in order."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\n").rstrip("\r").replace("\ufeff", "")
            if corpus_format == "germeval" and line.startswith("#"):
                continue
            if not line.strip():
                if tokens:
                    yield LabelledSentence(tuple(tokens), tuple(tags))
                    tokens, tags = [], []
                continue
            token, tag = _split(line, corpus_format, path, number)
            tokens.append(token)
            tags.append(normalize_tag(tag))
    if tokens:
        yield LabelledSentence(tuple(tokens), tuple(tags))


def _split(line: str, corpus_format: CorpusFormat, path: Path, number: int) -> tuple[str, str]:
    if corpus_format == "germeval":
        fields = line.split("\t")
        if len(fields) < 3:
            raise ValueError(f"{path}:{number}: expected idx, token, tag (GermEval TSV)")
        return fields[1], fields[2]
    fields = line.split("\t") if "\t" in line else line.split(" ")
    if len(fields) < 2:
        raise ValueError(f"{path}:{number}: expected token and tag")
    token, tag = fields[0], fields[-1]
    if corpus_format == "wikiann" and ":" in token:
        token = token.split(":", 1)[1]
    return token, tag


def recased(sentence: LabelledSentence, case: Literal["lower", "upper"]) -> LabelledSentence:
    """The sentence with every token in lower or upper case (tags unchanged)."""
    change = str.lower if case == "lower" else str.upper
    return LabelledSentence(tuple(change(t) for t in sentence.tokens), sentence.tags)


def is_word(token: str) -> bool:
    """True when the token has a letter or digit (punctuation is never personal data)."""
    return any(char.isalnum() for char in token)


def entities(tags: tuple[str, ...] | list[str]) -> list[tuple[str, int, int]]:
    """The (type, first token, end token) entities of a BIO sequence."""
    found: list[tuple[str, int, int]] = []
    start = -1
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == kind and start >= 0
        if inside:
            continue
        if start >= 0:
            found.append((kind, start, i))
            start = -1
        if tag != "O":
            start, kind = i, tag[2:]
    return found
