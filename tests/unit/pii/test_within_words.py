"""Scanning only the runs around a trigger finds exactly what a whole-text scan finds."""

from __future__ import annotations

from pii.recognizers.email import EmailRecognizer
from tests.unit.pii.corpus import corpus_texts

EDGE_CASES = [
    "max@beispiel.de",
    "(max@beispiel.de), <erika.m@posteo.de>; a@b.de,c@d.de",
    "Mail:max@beispiel.de\u00a0oder\u2003anna@test.org.",
    "zeile1\nmax.mustermann@amt-musterstadt.de\tzeile2@",
    "@@ a@ @b x@y z@z.z " + "x" * 2000 + "@beispiel.de",
    "kein Treffer: 12@34 @ at",
    "ö@ü.de jürgen.ßtraße@behörde.bund.de",
]


def _texts() -> list[str]:
    return [*EDGE_CASES, *corpus_texts(normalized=True)]


def _spans(recognizer: EmailRecognizer, text: str) -> list[tuple[int, int, float]]:
    return [(r.start, r.end, r.score) for r in recognizer.analyze(text, ["EMAIL_ADDRESS"])]


def test_email_within_words_equals_the_whole_text_scan() -> None:
    windowed = EmailRecognizer()
    whole = EmailRecognizer()
    whole.WITHIN_WORDS = False  # type: ignore[misc]
    found = 0
    for text in _texts():
        expected = _spans(whole, text)
        assert _spans(windowed, text) == expected, text
        found += len(expected)
    assert found > 100  # the corpus has many addresses; the comparison is not vacuous
