"""A scan that first checks its start character finds exactly what it finds without it.

Several recognizer patterns begin with a lookahead for the character every match starts
with (``(?=[A-ZÄÖÜ])`` before a street name, ``(?=\\d)`` before a numeric date), only
because the regex engine tries that faster than the look-behind that follows. Removing the
lookahead gives the pattern as it was written first: the reference here.
"""

from __future__ import annotations

import re

import pytest

from pii.recognizers import address, bic, date, phone
from tests.unit.pii.corpus import corpus_texts

PREFIXED = {
    "address.STREET": address.STREET,
    "address.PLZ_TOWN": address.PLZ_TOWN,
    "bic.BIC": bic.BIC,
    "date.LONG_DATE": date.LONG_DATE,
    "date.NUMERIC_DATE": date.NUMERIC_DATE,
    "phone.CANDIDATE": phone.CANDIDATE,
}
_LEADING_LOOKAHEAD = re.compile(r"^\(\?=(?:\[[^\]]*\]|\\d)\)")
EDGE_CASES = [
    "Ärztehaus-Straße 4, Öde-Weg 7b, Übergasse 1-3, 10115 Berlin, D-01067 Dresden",
    "Am Markt 1 Am Montag 5 Straße des 17. Juni 135 Karl-Marx-Allee 3",
    "14. Februar 1987, 3.4.24, 2024-02-14, 02/14/1987, February 14, 1987, 1st of May 2020",
    "x14.02.1987 .14.02.1987 -14.02.1987 a12345 Berlin",
    "+49 171 1234567 (030) 1234567 0049 30 12345678 +4930/1234567 x0171 1234567",
    "COBADEFFXXX DEUTDEFF500 -COBADEFF- xCOBADEFF",
    "",
]


def _texts() -> list[str]:
    return [*EDGE_CASES, *corpus_texts(normalized=True)]


@pytest.mark.parametrize("name", sorted(PREFIXED))
def test_prefixed_scan_equals_the_plain_pattern(name: str) -> None:
    prefixed = PREFIXED[name]
    plain_source, removed = _LEADING_LOOKAHEAD.subn("", prefixed.pattern)
    assert removed == 1, "the pattern no longer starts with a lookahead"
    plain = re.compile(plain_source, prefixed.flags)
    found = 0
    for text in _texts():
        expected = [m.group(0) + f"@{m.start()}" for m in plain.finditer(text)]
        assert [m.group(0) + f"@{m.start()}" for m in prefixed.finditer(text)] == expected, text
        found += len(expected)
    assert found > 10, "the corpus gives this pattern nothing to find: the check is vacuous"
