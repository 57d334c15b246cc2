"""The names2 person-name corpora: format, tune/hold-out disjointness, README counts.

Reads the four CoNLL files only; it runs no detector on them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[2] / "pii" / "names2"
OLD_HOLDOUT_DIR = Path(__file__).resolve().parents[2] / "pii" / "names_holdout"
TUNE = ("tune_de.conll", "tune_en.conll")
HOLDOUT = ("holdout_de.conll", "holdout_en.conll")
MIN_SENTENCES = {"tune": 250, "holdout": 400}
TAGS = {"O", "B-PER", "I-PER"}
# Lower-case particles are shared by many surnames (van, de, al-, bin ...): not name material.
PARTICLES = frozenset("van von der den de la le da dos del di lo al el bin ap ter ó abu zu".split())

Sentence = list[tuple[str, str]]


def read(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line == "":
            if current:
                sentences.append(current)
            current = []
            continue
        token, tag = line.split(" ")
        current.append((token, tag))
    assert not current, f"{path.name}: last sentence not closed by a blank line"
    return sentences


def spans(sentence: Sentence) -> list[list[str]]:
    out: list[list[str]] = []
    for token, tag in sentence:
        if tag == "B-PER":
            out.append([token])
        elif tag == "I-PER":
            out[-1].append(token)
    return out


def base(token: str) -> str:
    """Case-folded token without an English possessive or a German apostrophe genitive."""
    t = token.casefold()
    for suffix in ("'s", "'"):
        if t.endswith(suffix):
            return t[: -len(suffix)]
    return t


def span_keys(files: tuple[str, ...], directory: Path = CORPUS_DIR) -> set[tuple[str, ...]]:
    return {
        tuple(base(t) for t in span)
        for f in files
        for s in read(directory / f)
        for span in spans(s)
    }


def name_tokens(files: tuple[str, ...], directory: Path = CORPUS_DIR) -> set[str]:
    """Name tokens without particles and initials."""
    return {
        t
        for key in span_keys(files, directory)
        for t in key
        if t not in PARTICLES and not re.fullmatch(r"\w\.", t)
    }


def overlap(a: set[str], b: set[str]) -> set[str]:
    """Tokens of a in b, also across a German genitive -s (Kayas / Kaya)."""
    return {t for t in a if t in b or (t.endswith("s") and t[:-1] in b) or t + "s" in b}


@pytest.mark.parametrize("fname", TUNE + HOLDOUT)
def test_when_corpus_file_read_then_every_line_is_token_and_valid_tag(fname: str) -> None:
    text = (CORPUS_DIR / fname).read_text(encoding="utf-8")
    assert text.endswith("\n\n") and "\n\n\n" not in text
    for no, line in enumerate(text.split("\n"), 1):
        if line:
            parts = line.split(" ")
            assert len(parts) == 2 and parts[0] and parts[1] in TAGS, f"{fname}:{no}: {line!r}"


@pytest.mark.parametrize("fname", TUNE + HOLDOUT)
def test_when_corpus_file_read_then_i_per_only_continues_a_name(fname: str) -> None:
    for sentence in read(CORPUS_DIR / fname):
        previous = "O"
        for token, tag in sentence:
            assert tag != "I-PER" or previous in ("B-PER", "I-PER"), f"{fname}: {token}"
            previous = tag


def test_when_tune_and_holdout_compared_then_no_name_is_shared() -> None:
    assert not span_keys(TUNE) & span_keys(HOLDOUT)
    assert not overlap(name_tokens(TUNE), name_tokens(HOLDOUT))


def test_when_tune_and_holdout_compared_then_no_sentence_is_shared() -> None:
    def texts(files: tuple[str, ...]) -> set[str]:
        return {" ".join(t for t, _ in s) for f in files for s in read(CORPUS_DIR / f)}

    assert not texts(TUNE) & texts(HOLDOUT)


def test_when_compared_with_the_older_holdout_then_no_name_is_reused() -> None:
    old = name_tokens(("de.conll", "en.conll"), OLD_HOLDOUT_DIR)
    assert not overlap(name_tokens(TUNE + HOLDOUT), old)


def readme_table() -> dict[str, list[int]]:
    """Rows of the counts table in README.md: file -> leading integer of every cell."""
    rows = {}
    for line in (CORPUS_DIR / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `(\w+\.conll)` \|(.*)\|\s*$", line)
        if m and m.group(1) not in rows:
            rows[m.group(1)] = [int(cell.split()[0]) for cell in m.group(2).split("|")]
    return rows


@pytest.mark.parametrize("fname", TUNE + HOLDOUT)
def test_when_readme_read_then_its_counts_match_the_file(fname: str) -> None:
    sentences = read(CORPUS_DIR / fname)
    all_spans = [span for s in sentences for span in spans(s)]

    def letters(span: list[str]) -> str:
        return "".join(ch for ch in " ".join(span) if ch.isalpha())

    counted = [
        len(sentences),
        len(all_spans),
        sum(len(span) == 1 for span in all_spans),
        sum(letters(span) == letters(span).lower() for span in all_spans),
        sum(letters(span) == letters(span).upper() for span in all_spans),
        sum(not spans(s) for s in sentences),
    ]
    assert readme_table()[fname][:6] == counted
    assert len(sentences) >= MIN_SENTENCES[fname.split("_")[0]]
