"""Name shapes (issue 19): prefixed surnames are names; two ordinary-word shapes the name
detector takes for names are not (pii/recognizers/name_detector_guard.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor


def persons(redactor: PresidioRedactor, text: str) -> list[str]:
    return [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Complaint from Declan O'Rourke, card ending 4411", "Declan O'Rourke"),
        ("Rückruf bei Frau Giulia D’Angelo erbeten", "Giulia D’Angelo"),
        ("Forwarded to Seamus McAllister yesterday", "Seamus McAllister"),
        ("Die Akte liegt bei Aoife MacNamara.", "Aoife MacNamara"),
        ("O'Sullivan hat angerufen", "O'Sullivan"),
        ("please ask mcgregor's landlord, not McGregor himself", "McGregor"),
        ("Embedding: Siobhan McCarthy-Doyle, Mietvertrag", "Siobhan McCarthy-Doyle"),
        ("Antrag von O'Neill-Schmidt liegt vor", "O'Neill-Schmidt"),
    ],
)
def test_when_surname_has_an_irish_or_italian_prefix_then_it_is_a_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Classify",
        "Translate.",
        "Explain!",
        "Reply",
        "Maestro-Karte gesperrt",
        "Die Kindergeld-Antrag-Frist",
        "Ich habe ein MacBook gekauft",
        "Tomorrow works",
    ],
)
def test_when_ordinary_word_has_a_name_shape_then_it_is_not_a_person(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kowalczyk", "Kowalczyk"),  # a listed surname alone is still a name
        ("Okafor", "Okafor"),  # listed by the detector's harvested names
        ("Castellanos hat die Unterlagen geschickt", "Castellanos"),  # not alone: no veto
        ("Frau Obermaier-Stahl", "Obermaier-Stahl"),  # ends in a noun that is a surname
        # A signature line of a court decision (LER): a rare word alone is let through.
        ("Mattausch", "Mattausch"),
        ("Brühler", "Brühler"),
    ],
)
def test_when_name_is_listed_or_in_a_sentence_then_the_vetoes_keep_it(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    ("text", "name", "next_line"),
    [
        ("Kontakt: jelena marić\nStatus: offen", "jelena marić", "Status"),
        ("Payee: linh dao\nReference: invoice 7", "linh dao", "Reference"),
    ],
)
def test_when_detected_name_runs_over_a_line_break_then_it_ends_there(
    redactor: PresidioRedactor, text: str, name: str, next_line: str
) -> None:
    found = persons(redactor, text)
    assert name in found
    assert [span for span in found if next_line in span] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A noun after particles that are no German word is a surname ("Motte" is a moth).
        ("Das Schreiben von Frau Rosalie de la Motte liegt vor.", "Rosalie de la Motte"),
        ("Bitte Herrn Friedrich von und zu Eltz anrufen.", "Friedrich von und zu Eltz"),
        ("Herr Maarten van Acker kommt morgen.", "Maarten van Acker"),
    ],
)
def test_when_surname_follows_several_particles_then_the_name_is_one(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Frau Schmidt von der Stadtverwaltung ruft an.", "Schmidt"),
        ("Frau Schmidt und die Kinder kommen.", "Schmidt"),
    ],
)
def test_when_german_preposition_follows_a_name_then_the_noun_after_it_stays(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert persons(redactor, text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Dies folgt aus Art. 3 Abs. 1 GG.",
        "Art 101 Abs 1 S 2 GG lässt daher lediglich eine Ausnahme zu.",
        "Er litt an einer Art Amnesie und erinnerte sich an nichts.",
    ],
)
def test_when_first_name_is_a_noun_used_as_one_then_it_is_not_a_person(
    redactor: PresidioRedactor, text: str
) -> None:
    # "Art" is a listed first name (Art Garfunkel) and a German noun (Artikel, kind).
    assert "Art" not in persons(redactor, text)


def test_when_noun_first_name_starts_a_full_name_then_it_stays(
    redactor: PresidioRedactor,
) -> None:
    assert "Art Garfunkel" in persons(redactor, "Art Garfunkel sang gestern in Berlin.")


@pytest.mark.parametrize(
    "text",
    ["Der Umsatz stieg auf 115 Mio Euro .", "Er erhielt 3,5 Mio. Dollar als Abfindung."],
)
def test_when_lone_first_name_follows_a_number_then_it_is_not_a_person(
    redactor: PresidioRedactor, text: str
) -> None:
    # "Mio" is a listed first name and the German abbreviation of "Millionen".
    assert "Mio" not in persons(redactor, text)


def test_when_full_name_follows_a_number_then_it_stays(redactor: PresidioRedactor) -> None:
    assert "Anna Schmidt" in persons(redactor, "Zimmer 5 Anna Schmidt, bitte klingeln.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The form was signed by Ms Gráinne Ní Bhriain yesterday", "Gráinne Ní Bhriain"),
        ("The pension of Mr Cathal Ó Dochartaigh is due", "Cathal Ó Dochartaigh"),
        ("Dear Mr Ruairí Mac Lochlainn, thank you", "Ruairí Mac Lochlainn"),
        ("Herr Donnchadh O Corráin hat angerufen", "Donnchadh O Corráin"),
    ],
)
def test_when_gaelic_particle_stands_apart_then_the_surname_belongs_to_the_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Divya Nair can be reached at divya.nair@example.org after 5 pm.", "Divya Nair"),
        ("Write to Sunita Bose (sunita_bose@mail.example) today.", "Sunita Bose"),
        ("Nkechi Eze-Okafor, nkechi.eze-okafor@mail.example, called.", "Nkechi Eze-Okafor"),
    ],
)
def test_when_an_e_mail_local_part_spells_a_capitalised_pair_then_the_pair_is_a_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


def test_when_the_e_mail_spells_another_pair_then_the_words_stay(
    redactor: PresidioRedactor,
) -> None:
    found = persons(redactor, "The Annual Report is late; ask tomasz.nowak@example.org.")
    assert not any("Annual" in name or "Report" in name for name in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Frequent English names the project's lists lacked (US census tables, issue 20).
        ("We received a letter from Brandon Wells yesterday.", "Brandon Wells"),
        ("Dear Desmond Gilmore, thank you for your application.", "Desmond Gilmore"),
        ("Has Kathy Yates sent the payslips yet?", "Kathy Yates"),
    ],
)
def test_when_common_english_first_name_precedes_a_surname_then_it_is_a_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert any(name in found for found in persons(redactor, text))


@pytest.mark.parametrize(
    "text",
    [
        "He moved to Wayne County in 1990.",
        "The concert is at the Joe Louis Arena tonight.",
        "Carry the form to the office.",
        "Chase the payment with the bank today.",
    ],
)
def test_when_name_is_part_of_a_place_or_an_ordinary_word_then_it_is_no_person(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    "text",
    ["Anonymise", "Itemize the costs", "Analysiere den Bescheid", "Formulieren", "Prioritise!"],
)
def test_when_prompt_opens_with_an_instruction_verb_then_it_is_no_person(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


def test_when_listed_name_ends_like_a_verb_then_it_stays_a_name(
    redactor: PresidioRedactor,
) -> None:
    assert "Denise" in persons(redactor, "Denise")


@pytest.mark.parametrize(
    "text",
    [
        "patient,mobile,ward\nadaeze obi,+44 7700 900118,Ward 7\n",
        "Please go to Gate 12.",
        "Raum: Ward 3",
    ],
)
def test_when_word_is_followed_by_a_closing_number_then_it_is_a_designation(
    redactor: PresidioRedactor, text: str
) -> None:
    assert not any(p in ("Ward", "Gate") for p in persons(redactor, text))


def test_when_first_name_or_name_goes_on_after_a_number_then_it_stays_a_name(
    redactor: PresidioRedactor,
) -> None:
    assert "Lehmann" in persons(redactor, "Herr Lehmann 3 Kinder, bitte prüfen")
