"""Names of hold-out round 19's shapes, on other values: forms printed one field a line (key,
tab or wide gap or pipe, value; pii/structured.py), a key after a form's wide column gap,
initials and a lower-case "dr" after a title (pii/recognizers/person.py), a short text of a
request read in the request's language (pii/conversation.py), and ordinary phrases the name
detector took for names (pii/recognizers/ordinary_phrases.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.recognizers.ordinary_phrases import (
    capitals_heading,
    noun_after_article,
    paired_ordinary_word,
)
from pii.structured import scan_structured
from tests.unit.pii.conftest import redact_all
from tests.unit.pii.conftest import rule_names as names


def _keyed(text: str) -> dict[str, str]:
    return {text[start:end]: entity for entity, start, end in scan_structured(text)}


def test_space_aligned_form_is_read_line_by_line() -> None:
    text = (
        "Familienname            Y I L D I R I M\n"
        "Vornamen                Hatice Sena\n"
        "Geburtsort              Konya\n"
        "Einzugsdatum            01.04.2020\n"
    )
    found = _keyed(text)
    assert found.get("Y I L D I R I M") == "PERSON"
    assert found.get("Hatice Sena") == "PERSON"
    assert "Vornamen" not in found and "Geburtsort" not in found  # keys, no values


def test_tab_form_is_no_table() -> None:
    text = (
        "Title *\tMr\nFirst name *\tTemirlan\nLast name *\tSeitkali-Moore\n"
        "Postcode *\tLS6 2AB\nAddress line 1 *\t 4  Oak  Row\nMobile\t07700 900123\n\n"
        "it says 'postcode not found'"
    )
    found = _keyed(text)
    assert found.get("Temirlan") == "PERSON"
    assert found.get("Seitkali-Moore") == "PERSON"
    assert not {"Last name *", "Postcode *", "Mobile"} & found.keys()


def test_pipe_key_value_table() -> None:
    text = (
        "| | |\n|---|---|\n"
        "| **Landlord** | Ruairí Ó Dálaigh |\n| **Tenant** | Thandeka Mokoena-Hart |\n"
    )
    found = _keyed(text)
    assert found.get("Thandeka Mokoena-Hart") == "PERSON"
    assert found.get("Ruairí Ó Dálaigh") == "PERSON"


def test_two_column_table_keeps_its_header() -> None:
    text = "Name\tE-Mail\nJonas Berg\tjb@example.org\nLea Sommer\tls@example.org\n"
    found = _keyed(text)
    assert found.get("Jonas Berg") == "PERSON"
    assert "E-Mail" not in found


def test_key_after_a_wide_gap_does_not_cut_the_name() -> None:
    text = "Employee:  KOWALCZYK, BOGUMIŁA          Staff no: 5521\n"
    assert _keyed(text).get("KOWALCZYK, BOGUMIŁA") == "PERSON"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Form tutor: Mrs J. Okonkwo-Bell", "Okonkwo-Bell"),
        ("my GP, dr Haugland-Achebe, said it is fine", "Haugland-Achebe"),
    ],
)
def test_surname_after_title_and_initials(text: str, name: str) -> None:
    # the initials may belong to the span ("J. Okonkwo-Bell"): the surname must be in one
    assert any(name in found for found in names(text, "en"))


def test_title_at_a_line_end_takes_no_key() -> None:
    assert names("Title *\tMs\nFirst name *\tx", "en") == []


def test_short_text_is_read_in_the_request_language(redactor: PresidioRedactor) -> None:
    texts = [
        "can you write to the council for me, the bins were not collected again this week",
        "Cheers, Dwomoh",
    ]
    assert "Dwomoh" not in redact_all(redactor, texts)[1]


def test_ordinary_phrases() -> None:
    lexicon = load_lexicon()
    assert capitals_heading("LETTER OF COMPLAINT", lexicon)
    assert not capitals_heading("MARK WHITE", lexicon)
    text = "but the Will was signed"
    assert noun_after_article(text, text.index("Will"), text.index("Will") + 4)
    text = "then Will signed it"
    assert not noun_after_article(text, text.index("Will"), text.index("Will") + 4)
    text = "das war klipp und klar, ehrlich und frank"
    start = text.index("frank")
    assert paired_ordinary_word(text, start, start + 5, lexicon)
    text = "ich und frank gehen hin"
    start = text.index("frank")
    assert not paired_ordinary_word(text, start, start + 5, lexicon)


def test_detector_vetoes_ordinary_phrases(redactor: PresidioRedactor) -> None:
    text = "it says payment failed and the Bill is due tomorrow, what do i do"
    assert "Bill" in redactor.new_session().redact(text, language="en")
