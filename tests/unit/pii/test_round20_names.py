"""Names of hold-out round 20's shapes (machine formats and office paperwork), on other
values: e-mail header blocks and reply attribution lines (pii/mail_headers.py), HL7 v2
segments (pii/structured_records.py), abbreviated name keys of URL queries and JSON
(pii/structured.py), a table sent a row a text (pii/conversation.py), SQL rows without
column names (pii/engine.py), a name shortened to its end (pii/conversation.py), a name
before "the tradie" (pii/recognizers/person.py), a German pronoun misread by OCR
(pii/normalize.py) and a name recurring in a tool call's arguments (gateway/streaming.py)."""

from __future__ import annotations

import json

from gateway.streaming import redact_arguments
from pii.engine import PresidioRedactor
from pii.mail_headers import scan_mail_headers
from pii.normalize import normalize
from pii.structured import scan_structured
from tests.unit.pii.conftest import redact_all
from tests.unit.pii.conftest import rule_names as names


def _keyed(text: str) -> dict[str, str]:
    return {text[start:end]: entity for entity, start, end in scan_structured(text)}


def _mail(text: str) -> list[str]:
    return [text[start:end] for _, start, end in scan_mail_headers(text)]


def test_recipient_of_a_header_block_is_a_name() -> None:
    text = (
        "From: Housing Repairs <repairs@council-example.gov.uk>\n"
        "Sent: Monday, 9 February 2026 09:40\n"
        "To: Tahmina Chowdhury\n"
        "Subject: Your repair request\n\nHi Tahmina, we will come on Friday."
    )
    assert _mail(text) == ["Tahmina Chowdhury"]
    assert _keyed(text).get("Tahmina Chowdhury") == "PERSON"


def test_german_header_block_keeps_an_office_mailbox() -> None:
    text = (
        "Von: Radomir Szczygieł <r.szczygiel@web.de>\nAn: Sekretariat Gymnasium\n"
        "Betreff: Entschuldigung"
    )
    assert _mail(text) == ["Radomir Szczygieł"]


def test_office_display_name_leaves_only_the_surname() -> None:
    assert _mail("> Am 02.02.2026 schrieb Hausverwaltung Pfitzenmaier:\n> anbei") == [
        "Pfitzenmaier"
    ]
    assert _mail("Von: Steuerbüro am Markt <post@example.de>\nAn: Poststelle\nBetreff: Frist") == []
    assert _mail("> On Fri, 6 Feb 2026, Tenancy Services wrote:\n> Please reply") == []


def test_reply_attribution_names_the_sender() -> None:
    text = "On Wed, 4 Feb 2026 at 08:15, Aoibheann Cuddihy <ac@example.ie> wrote:\n> hi"
    assert _mail(text) == ["Aoibheann Cuddihy"]


def test_a_lone_to_line_is_no_header_block() -> None:
    assert _mail("To: Do list\nbuy milk") == []


def test_hl7_name_fields() -> None:
    text = (
        "MSH|^~\\&|GP|X|Y|Z|202602101200||ADT^A04|1|P|2.4\n"
        "PID|1||9434765919^^^NHS^NH||OKONJO^Ngozi^Adaeze^^Ms||19790312|F\n"
        "NK1|1|OKONJO^Emeka|SPO\n"
        "PV1|1|I|||||C998^WHITTAKER^ROSALIND^^^DR|"
    )
    found = _keyed(text)
    for name in ("OKONJO", "Ngozi", "Adaeze", "Emeka", "WHITTAKER", "ROSALIND"):
        assert found.get(name) == "PERSON", name
    assert "Ms" not in found and "DR" not in found and "SPO" not in found


def test_abbreviated_name_keys_of_a_query() -> None:
    found = _keyed("https://refunds.example.com/c?ref=77&fn=aoibheann&ln=cuddihy")
    assert found.get("aoibheann") == "PERSON" and found.get("cuddihy") == "PERSON"
    assert _keyed("https://api.example.com/run?fn=getUser&x=1") == {}
    assert _keyed("https://fonts.example.com/css?family=Lato&fn=main") == {}


def test_holder_and_known_as_keys() -> None:
    found = _keyed('{"holder": "KWABENA A. OWUSU-ANSAH", "known_as": "Tiggy", "zip": "1"}')
    assert found.get("KWABENA A. OWUSU-ANSAH") == "PERSON"
    assert found.get("Tiggy") == "PERSON"
    assert _keyed('{"placeHolder": "Ihr Vorname"}') == {}


def test_table_sent_a_row_a_text(redactor: PresidioRedactor) -> None:
    texts = [
        "Nachname;Vorname;Ort",
        '"Wiśniewska-Pohl";"Ludmiła";"Fürth"',
        '"Ozturk-Reimann";"Gülşen";"Fürth"',
    ]
    header, *rows = redact_all(redactor, texts)
    assert header == texts[0]
    assert not any(v in "".join(rows) for v in ("Wiśniewska", "Ludmiła", "Ozturk", "Gülşen"))


def test_sql_rows_without_columns_hold_a_name_column(redactor: PresidioRedactor) -> None:
    text = (
        "INSERT INTO kunden VALUES (1,'Kowalczyk','Mirosław','Bochum');\n"
        "INSERT INTO kunden VALUES (2,'Kaiser','Hildegard','Bochum');"
    )
    redacted = redactor.new_session().redact(text, language="de")
    assert "Kaiser" not in redacted and "Kowalczyk" not in redacted
    assert redacted.count("'Bochum'") == 2


def test_a_name_shortened_to_its_end_recurs(redactor: PresidioRedactor) -> None:
    texts = ["From: Olumide Bankole <ob@example.com>", "> thanks\n> Mide\n\nwhat now?"]
    assert "Mide" not in redact_all(redactor, texts)[1]


def test_name_before_the_tradie() -> None:
    assert names("Shazza the cleaner left the keys under the mat.", "en") == ["Shazza"]
    assert names("Ask the plumber about it.", "en") == []
    assert names("Mark the teacher's answers in red.", "en") == []


def test_ocr_pronoun_is_read_as_ihr(redactor: PresidioRedactor) -> None:
    assert normalize("für lhre Tochter").text == "für Ihre Tochter"
    assert normalize("lhren Antrag, lch").text == "Ihren Antrag, Ich"
    assert normalize("ln 2 = 0.69").text == "ln 2 = 0.69"
    redacted = redactor.new_session().redact("Wir zahlen für lhre Tochter Mściwoja.", language="de")
    assert "Mściwoja" not in redacted


def test_name_recurs_across_a_tool_calls_arguments(redactor: PresidioRedactor) -> None:
    arguments = json.dumps(
        {
            "to": "t@example.com",
            "text": "Sehr geehrter Herr Pfitzenmaier,\n\n> Am 01.02. schrieb Verwaltung "
            "Pfitzenmaier GmbH:\n> anbei",
        },
        ensure_ascii=False,
    )
    assert "Pfitzenmaier" not in redact_arguments(redactor.new_session(), arguments)
