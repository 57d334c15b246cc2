"""Issue 19, hold-out round 15 (seen): a remembered name in the code-like spellings of schema
values and handles, identifiers of other countries and a NINO's closing letter sent in the
next message, and a first name after a chat's "mein vorname is". Other values than the
round's cases, with look-alikes that must stay."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from tests.unit.pii.conftest import redact_all


@pytest.mark.parametrize(
    ("description", "code", "hidden"),
    [
        ("Team: Siobhán Ó Briain or Tariq Benali", "o_briain", "briain"),
        ("Team: Siobhán Ó Briain or Tariq Benali", "tariq_benali", "benali"),
        ("Team: Siobhán Ó Briain or Tariq Benali", "tariq.benali", "benali"),
        ("Sachbearbeitung: Lena Winter", "lena_winter", "winter"),
        ("Sachbearbeitung: Lena Winter", "kita-lena.winter", "winter"),
        ("Sachbearbeitung: Lena Winter", "lenawinter", "winter"),
        ("Sachbearbeitung: Lena Winter", "team_lena_winter_2026", "winter"),
    ],
)
def test_a_remembered_name_in_a_code_value_or_handle_is_redacted_whole(
    redactor: PresidioRedactor, description: str, code: str, hidden: str
) -> None:
    out = redact_all(redactor, [description, code, "unassigned", "team_lead"])
    assert hidden not in out[1].lower()
    assert out[2:] == ["unassigned", "team_lead"]


def test_a_surname_that_is_a_word_stays_where_its_first_name_is_not_beside_it(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["Sachbearbeitung: Lena Winter", "season_winter", "winter_tyres"])
    assert out[1:] == ["season_winter", "winter_tyres"]


@pytest.mark.parametrize(
    ("texts", "parts"),
    [
        (["my national insurance number is JG 10 37", "oops, the rest is 95 C"], ("10 37", "95 C")),
        (["NI no. is ZR 27", "sorry - 41 80 D thanks"], ("ZR 27", "41 80 D")),
        (["NHS number 943 476", "sorry, the rest is 5919"], ("943 476", "5919")),
        (["PESEL 9812214", "reszta: 0788"], ("9812214", "0788")),
        (["mein NIE ist Y852", "1431Z"], ("Y852", "1431Z")),
    ],
)
def test_an_identifier_split_over_two_messages_is_redacted_in_both(
    redactor: PresidioRedactor, texts: list[str], parts: tuple[str, str]
) -> None:
    out = redact_all(redactor, texts)
    assert parts[0] not in out[0] and parts[1] not in out[1]


def test_a_letter_after_a_number_that_is_no_identifier_stays(
    redactor: PresidioRedactor,
) -> None:
    texts = ["Zimmer 12 34", "und dann Haus 56 B"]
    assert redact_all(redactor, texts) == texts


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("mein vorname is merve, der nachname kommt gleich", "merve"),
        ("mein name is jonas, ich hab eine frage", "jonas"),
    ],
)
def test_a_lower_case_name_after_a_chat_is_cue_is_redacted(
    redactor: PresidioRedactor, text: str, hidden: str
) -> None:
    (out,) = redact_all(redactor, [text])
    assert hidden not in out


def test_a_word_after_a_chat_is_cue_that_is_no_name_stays(redactor: PresidioRedactor) -> None:
    text = "mein vorname is eigentlich egal"
    assert redact_all(redactor, [text]) == [text]


@pytest.mark.parametrize(
    ("texts", "hidden"),
    [
        (["Hallo, Amsel hier. Es geht um die Hecke.", "Danke, Frau Amsel. Welche Hecke?"], "Amsel"),
        (["Guten Tag Herr Fink, wie kann ich helfen?"], "Fink"),
        (["Sehr geehrte Frau Eiche,\nvielen Dank."], "Eiche"),
        (["Moin, Kranich hier – ich rufe wegen dem Termin an."], "Kranich"),
        (["Nowakowski hier, ich hab eine Frage zum Antrag"], "Nowakowski"),
    ],
)
def test_a_noun_after_a_title_of_address_or_before_hier_is_a_surname(
    redactor: PresidioRedactor, texts: list[str], hidden: str
) -> None:
    assert all(hidden not in out for out in redact_all(redactor, texts))


@pytest.mark.parametrize(
    "text",
    [
        "Sehr geehrte Frau Ministerin, vielen Dank.",
        "Danke, Herr Doktor.",
        "Hallo Frau Nachbarin!",
        "Guten Tag Herr Präsident,",
        "Ich glaube, dass die Frau Angst hat.",
        "Gesucht wird eine Frau Anfang dreißig.",
        "Alles hier ist kaputt.",
        "Hallo, Berlin hier.",
        "Sonne hier, Regen dort.",
    ],
)
def test_a_role_after_a_title_and_an_ordinary_word_before_hier_stay(
    redactor: PresidioRedactor, text: str
) -> None:
    assert redact_all(redactor, [text]) == [text]
