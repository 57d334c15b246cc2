"""Persons written as initials, as court decisions anonymise parties ("Herr C", "Rechtsanwalt
C. B."), stay redacted: the name detector's vetoes for headings in capitals
(pii/recognizers/ordinary_phrases.py) and for greetings in other scripts
(pii/recognizers/other_script_names.py: "с" of "с уважением" folds to a Latin "c") must not
take them."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.recognizers.ordinary_phrases import capitals_heading
from pii.recognizers.other_script_names import is_other_script_greeting


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("Nach Auskunft der Zeugin hat Herr C die Unterlagen nie erhalten.", " C "),
        ("Die Klägerin führte die Praxis mit Rechtsanwältin T. M. in H. fort.", "T. M."),
        ("Ihr in Polen lebender Sohn P. R. wurde nicht angehört.", "P. R."),
    ],
)
def test_when_a_person_is_written_as_initials_then_they_are_redacted(
    redactor: PresidioRedactor, text: str, initials: str
) -> None:
    assert initials not in redactor.new_session().redact(text, language="de")


def test_initials_are_no_heading_and_no_greeting() -> None:
    assert not capitals_heading("T. M.", load_lexicon())
    assert not is_other_script_greeting("C")
    assert is_other_script_greeting("Спасибо")
