"""Names beside a found name (branch en23): names coordinated with it by a comma, "and"
or "or" (``pii.coordinated_names``), its first name or middle initials left outside its
span (``pii.name_edges``), on values other than the tuning sentences."""

from __future__ import annotations

from pii.coordinated_names import coordinated_names
from pii.engine import PresidioRedactor
from pii.name_edges import widened_names
from tests.unit.pii.test_english_names_en23 import persons


def _span(text: str, value: str) -> tuple[int, int, float]:
    start = text.index(value)
    return start, start + len(value), 0.6


def _widened(text: str, value: str, language: str = "en") -> list[str]:
    span = _span(text, value)
    return [text[s:e] for s, e, _ in widened_names(text, [span], [span[:2]], language)]


def _coordinated(text: str, value: str, language: str = "en") -> list[str]:
    span = _span(text, value)
    return [text[s:e] for s, e, _ in coordinated_names(text, [span], [span[:2]], language)]


def test_rare_first_name_before_a_found_surname() -> None:
    assert _widened("I spoke with Oluwaseun Adeyemi-Ross today", "Adeyemi-Ross") == [
        "Oluwaseun Adeyemi-Ross"
    ]
    assert _widened("Die Sachbearbeiterin Ilse Brauckmann hat", "Brauckmann", "de") == [
        "Ilse Brauckmann"
    ]
    # an ordinary word, or in German a noun the lists lack, is no first name
    assert _widened("the Housing Pritchard file", "Pritchard") == []
    assert _widened("Die Arbeitsvermittlerin Brauckmann hat", "Brauckmann", "de") == []


def test_middle_initials_and_surname_after_a_found_first_name() -> None:
    assert _widened("please call Kofi K. Mensah today", "Kofi") == ["Kofi K. Mensah"]
    assert _widened("Kofi A. The rest", "Kofi") == []  # a frequent word after the initial


def test_coordinated_names() -> None:
    assert _coordinated("Okafor , Lindqvist and Mbatha", "Okafor") == ["Lindqvist"]
    assert _coordinated("Tesfaye and Okafor are here", "Okafor") == ["Tesfaye"]
    assert _coordinated("Then Ebere Nwosu and Priya Shah left", "Priya Shah") == ["Ebere Nwosu"]
    # as many words as the name beside them
    assert _coordinated("Lindqvist and Amara Okafor came", "Amara Okafor") == []
    assert _coordinated("Crucea , Constanța", "Crucea") == []  # no list closed by "and"


def test_through_the_redactor(redactor: PresidioRedactor) -> None:
    assert persons(redactor, "Please ask Thomas or Yeabsira about the keys .") == [
        "Thomas",
        "Yeabsira",
    ]
    german = "Wir haben Jonas und Yeabsira für die Betreuung angemeldet ."
    assert persons(redactor, german, "de") == ["Jonas", "Yeabsira"]
    # a place (even a surname too), a frequent word, a designation with a number
    assert persons(redactor, "Anna , Berlin and Hamburg were on the list .") == ["Anna"]
    assert persons(redactor, "Please ask Thomas or Housing about the keys .") == ["Thomas"]
    assert persons(redactor, "Ihr Ansprechpartner ist Herr Weber , Zimmer 4 .", "de") == ["Weber"]
    # a comma alone, with no list closed by a conjunction, joins no names
    assert persons(redactor, "Please ask Thomas , Yeabsira knows nothing .") == ["Thomas"]
