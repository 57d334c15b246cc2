"""Mail, directory and export shapes of hold-out round 17, on other values: RFC 2047 encoded
words and quoted-printable text are decoded for detection (pii/normalize.py); an escaped
comma belongs to an LDAP DN's value (pii/structured.py); a name written "Surname, Given"
filling a field (pii/inverted_names.py); an identifier of words joined by "_" is no name
(pii/recognizers/name_detector_guard.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.inverted_names import scan_inverted_names
from pii.normalize import decode_mime_text, normalize


def names(text: str) -> list[str]:
    return [text[start:end] for _, start, end in scan_inverted_names(text)]


@pytest.mark.parametrize(
    ("text", "decoded"),
    [
        ("To: =?utf-8?q?Sm=C3=A1ri_=C3=81g=C3=BAstsson?= <x@y.example>", "To: Smári Ágústsson <"),
        ("From: =?UTF-8?B?R3VkcsO6biBIw7Zsbg==?= <g@h.example>", "From: Gudrún Höln <"),
        ("Hallo, ich bin J=C3=BCrgen Stra=C3=9Fmann", "ich bin Jürgen Straßmann"),
        ("Name: Ma=\nt=C3=A9o Dub=C3=A9", "Name: Matéo Dubé"),
    ],
)
def test_when_mime_encoded_then_decoded_for_detection(text: str, decoded: str) -> None:
    assert decoded in normalize(text).text


def test_when_quoted_printable_decoded_then_name_maps_to_its_own_characters() -> None:
    text = "Kontakt: Bj=C3=B8rn Aasland, Tel."
    normalized = normalize(text)
    start = normalized.text.index("Bjørn")
    original = normalized.to_original(start, start + len("Bjørn"))

    assert text[original[0] : original[1]] == "Bj=C3=B8rn"


@pytest.mark.parametrize("text", ["x=3D1 and y=0A", "=?bogus?x?abc?=", "a=20b", "=C3 alone"])
def test_when_no_mime_text_then_nothing_decoded(text: str) -> None:
    assert decode_mime_text(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('"AZ-1";"Adeyemi-Okonjo, Chiamaka";"Hauptweg 3"', "Adeyemi-Okonjo, Chiamaka"),
        ("Fehler: Kunde 'LØVBORG, Ingvild' doppelt", "LØVBORG, Ingvild"),
        ('1041,"Lindqvist-Aho, Saga","Mühlweg 2"', "Lindqvist-Aho, Saga"),
        ('  owner: "Thorvaldsen, Runa Maj"', "Thorvaldsen, Runa Maj"),
        ("GET /search?q=Ekwueme, Obinna&page=2", "Ekwueme, Obinna"),
        ("Siehe Ticket: Szczepańska-Wirth, Ottilie fehlt im Export.", "Szczepańska-Wirth, Ottilie"),
    ],
)
def test_when_inverted_name_fills_field_then_found(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        '"Ort";"Hamburg, Altona"',
        "Status 'Error, Warning'",
        '"Paris, France"',
        "Im Land Baden-Württemberg, Stuttgart ist es schön.",
        "Wir reden über Nachbar-Streit, Lärm und Müll.",
    ],
)
def test_when_places_or_words_in_inverted_shape_then_no_name(text: str) -> None:
    assert names(text) == []


def test_when_ldap_dn_value_has_escaped_comma_then_whole_name_redacted(
    redactor: PresidioRedactor,
) -> None:
    text = "member: CN=Wojciechowska\\, Halina,OU=Sozialamt,DC=example,DC=org"

    out = redactor.new_session().redact(text)

    assert "Wojciechowska" not in out and "Halina" not in out
    assert "OU=Sozialamt" in out


@pytest.mark.parametrize("value", ["PARKING_PERMIT", "SCHOOL_MEALS_REFUND", "ANNUAL_FEE"])
def test_when_identifier_joined_by_underscores_then_no_name(
    redactor: PresidioRedactor, value: str
) -> None:
    # a tool call's argument value is redacted alone, without its key
    assert redactor.new_session().redact(value) == value


@pytest.mark.parametrize(
    "line",
    [
        "Reported-by: Tadeusz Wróblewski-Hahn <tw@example.org>",
        "Reviewed-by: Aoife Ní Bhriain <aoife@example.org>",
        "Author: Kalani Makoa-Lindqvist <km@example.org>",
    ],
)
def test_when_git_author_line_then_name_redacted(redactor: PresidioRedactor, line: str) -> None:
    out = redactor.new_session().redact(f"fix: cursor\n\n{line}\n---")

    name = line.split(": ", 1)[1].split(" <")[0]
    assert not any(part in out for part in name.replace("-", " ").split())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Suchergebnis: Lindqvist, Ingrid", "Lindqvist, Ingrid"),
        ("Treffer im Register: Håkansson, Tove Marie.", "Håkansson, Tove Marie"),
        ("- Wojciechowski, Agnieszka (2019)", "Wojciechowski, Agnieszka"),
        ("Duplicate found: Oyelowo, Daniel, please merge", "Oyelowo, Daniel"),
        ("Zuständig: Nørgaard, Sigrid hat das Ticket", "Nørgaard, Sigrid"),
    ],
)
def test_when_inverted_name_with_listed_given_name_follows_a_label_then_found(
    text: str, name: str
) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Treffer: Berlin, Germany",
        "Zeile: Paris, Texas",
        "Ort: Müller, Bäcker",
        "Firma: Schmidt, Werner & Co.",
        "Kanzlei: Brandtner, Daniel und Partner",
        "Moin, Anna, wie geht es?",
        "Ergebnis: Wunderbar, Anna hat gewonnen",
        "Ich habe Lindqvist, Ingrid angerufen",
    ],
)
def test_when_no_surname_and_listed_given_name_after_a_label_then_nothing_found(
    text: str,
) -> None:
    assert names(text) == []
