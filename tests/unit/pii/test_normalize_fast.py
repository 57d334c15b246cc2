"""The fast paths of the normalisation find exactly what the full patterns find."""

from __future__ import annotations

import base64
import re

from pii.normalize import (
    _B_AT,
    _S_AT,
    _S_DOT,
    BASE64_RUN,
    SPACED_EMAIL,
    _base64_matches,
    _spaced_emails,
    has_disguised_email,
)
from tests.unit.pii.corpus import corpus_texts

# The trigger as it was written before the fast form: the reference.
FULL_EMAIL_TRIGGER = re.compile(rf"(?i){_B_AT}|{_S_AT}\S+{_S_DOT}")
SECRET = base64.b64encode(b"Erika Mustermann, IBAN DE89370400440532013000").decode()
EDGE_CASES = [
    "max [at] beispiel [punkt] de",
    "max(at)beispiel.de",
    "max  { ät }  beispiel {dot} de",
    "max at beispiel dot de",
    "max\tat\tbeispiel\npunkt\tde",
    "max at  beispiel dot",  # no space after "dot": no spelled-out address
    "[at]",
    "at dot",
    "wir treffen uns at home dot com",
    f"Daten: {SECRET}",
    f"Daten:{SECRET}.",
    f"{SECRET}\n{SECRET[:-4]}==",
    "a" * 15 + " " + "Ab1+" * 4 + "\t" + "x_y-" * 5,
    "aGVsbG8gd29ybGQhISE=" + " " * 3 + "aGVsbG8gd29ybGQhISE",
    "",
    " " * 40,
]


def _texts() -> list[str]:
    return [*EDGE_CASES, *corpus_texts(normalized=False)]


def test_the_disguised_email_check_agrees_with_the_full_trigger() -> None:
    hits = 0
    for text in _texts():
        expected = FULL_EMAIL_TRIGGER.search(text) is not None
        assert has_disguised_email(text) == expected, text
        hits += expected
    assert hits > 10  # the evasion corpus disguises many addresses; not a vacuous check


def test_base64_runs_are_found_as_by_the_whole_text_scan() -> None:
    found = 0
    for text in _texts():
        expected = [m.span() for m in BASE64_RUN.finditer(text)]
        assert [m.span() for m in _base64_matches(text)] == expected, text
        found += len(expected)
    assert found > 20


SPACED_EMAIL_TEXTS = [
    "jana @ web . de, timo.kranz@ gmx . net;ole_b+1 @posteo.de und x@y@z.de, @ web.de",
    "a.b @ c . de @ d . de  e-f\t@\tg-h . co . uk? q @@ r.de mail:p @ q.berlin. s@t.bund . de",
    "\u00a0ida @ web.de\nnils\u2003@ web . de ünal @ web.de 12 @ 34.de x.@ y .de",
    "",
]


def test_spaced_emails_are_those_finditer_finds() -> None:
    found = 0
    for text in [*SPACED_EMAIL_TEXTS, *corpus_texts(normalized=False)]:
        expected = [m.span() for m in SPACED_EMAIL.finditer(text)]
        assert [m.span() for m in _spaced_emails(text)] == expected, text
        found += len(expected)
    assert found > 10
