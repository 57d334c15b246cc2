"""Issue 19 (3): a key or column header naming personal data marks its values."""

from __future__ import annotations

import pytest

from pii.conversation import Conversation
from pii.engine import PresidioRedactor
from pii.structured import entity_for_key, scan_structured


@pytest.mark.parametrize(
    ("key", "entity"),
    [
        ("nachname", "PERSON"),
        ("Vorname", "PERSON"),
        ("firstName", "PERSON"),
        ("last_name", "PERSON"),
        ("Name der Kundin", "PERSON"),
        ("Kundin", "PERSON"),
        ("E-Mail", "EMAIL_ADDRESS"),
        ("email_address", "EMAIL_ADDRESS"),
        ("Telefon", "PHONE_NUMBER"),
        ("IBAN", "IBAN_CODE"),
        ("Geburtsdatum", "DATE_OF_BIRTH"),
        ("date_of_birth", "DATE_OF_BIRTH"),
        ("Anschrift", "ADDRESS"),
        ("kunde/adresse/plz", "ADDRESS"),
        ("Recipient", "PERSON"),  # roles a payment, letter or call names a person by
        ("Zahlungsempfänger", "PERSON"),
        ("beneficiary", "PERSON"),
        ("Anruferin", "PERSON"),
        # Name parts in the forms' own words, also plural (issue 19 round 5).
        ("forename", "PERSON"),
        ("Forename(s)", "PERSON"),
        ("given_names", "PERSON"),
        ("middleNames", "PERSON"),
        ("maiden name", "PERSON"),
        ("Nachnamen", "PERSON"),
        ("Vorname(n)", "PERSON"),
        ("family_names", "PERSON"),
        # Parties of a claim or an application.
        ("Claimant", "PERSON"),
        ("Klägerin", "PERSON"),
        ("Bewerber", "PERSON"),
        ("file_name", None),
        ("file names", None),
        ("Firmenname", None),
        ("Betreff", None),
        ("status", None),
    ],
)
def test_when_key_read_then_entity_it_names_is_known(key: str, entity: str | None) -> None:
    assert entity_for_key(key) == entity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"nachname": "kowalczyk", "status": "offen"}', [("PERSON", "kowalczyk")]),
        ("{'vorname': 'jana'}", [("PERSON", "jana")]),
        ("Kundin: jana kowalczyk\nBetreff: Wohngeld", [("PERSON", "jana kowalczyk")]),
        ("Name: J. K., Tel: 0171 2345678", [("PERSON", "J. K"), ("PHONE_NUMBER", "0171 2345678")]),
        (
            "name,email,status\nJana Kowalczyk,jana@web.de,offen\nmax muster,mm@x.de,zu",
            [
                ("PERSON", "Jana Kowalczyk"),
                ("EMAIL_ADDRESS", "jana@web.de"),
                ("PERSON", "max muster"),
                ("EMAIL_ADDRESS", "mm@x.de"),
            ],
        ),
        (
            "Nachname\tGeburtsdatum\tOrt\nkowalczyk\t1.2.1990\tBerlin\nnowak\t3.4.1985\tKöln",
            [
                ("PERSON", "kowalczyk"),
                ("DATE_OF_BIRTH", "1.2.1990"),
                ("PERSON", "nowak"),
                ("DATE_OF_BIRTH", "3.4.1985"),
            ],
        ),
        ("| Name | Status |\n|---|---|\n| jana | offen |", [("PERSON", "jana")]),
        ('{"nachname": null, "name": "<PERSON_1>"}', []),
        ("Hinweis: bitte bis Freitag\nStatus: offen", []),
        ("Recipient: hoang nam\nStatus: open", [("PERSON", "hoang nam")]),
        (
            "surname,forename,status\nokafor,chiamaka,open\nmensah,kwabena,closed",
            [
                ("PERSON", "okafor"),
                ("PERSON", "chiamaka"),
                ("PERSON", "mensah"),
                ("PERSON", "kwabena"),
            ],
        ),
        (
            "| Antragstellerin | Ort |\n|---|---|\n| anouk vermeulen | Köln |\n\n"
            "| Claimant | Status |\n|:--|--:|\n| tiago ferreira-lopes | open |",
            [("PERSON", "anouk vermeulen"), ("PERSON", "tiago ferreira-lopes")],
        ),
    ],
)
def test_when_structured_text_scanned_then_keyed_values_found(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted((e, text[s:t]) for e, s, t in scan_structured(text)) == sorted(expected)


def test_when_analyzed_then_keyed_values_are_redacted_as_their_entity(
    redactor: PresidioRedactor,
) -> None:
    text = "vorname;nachname;telefon\njana;kowalczyk;0171 2345678\nola;nowak;030 1234567"
    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}
    assert {("PERSON", "kowalczyk"), ("PERSON", "nowak"), ("PERSON", "ola")} <= found


@pytest.mark.parametrize(
    ("key", "entity"),
    [
        ("RV-Nr.", "DE_SOCIAL_SECURITY"),  # "Nummer" abbreviated
        ("rv_nr", "DE_SOCIAL_SECURITY"),
        ("Rentenvers.-Nr.", "DE_SOCIAL_SECURITY"),  # the stem cut short too
        ("Reisepass-Nr", "DE_PASSPORT"),
        ("Kreditkarten-Nr.", "CREDIT_CARD"),
        ("mobile no", "PHONE_NUMBER"),
        ("Bestell-Nr.", None),  # no personal number key abbreviated
        ("item no", None),
    ],
)
def test_abbreviated_number_key_names_its_entity(key: str, entity: str | None) -> None:
    assert entity_for_key(key) == entity


def test_value_under_abbreviated_number_key_is_redacted_whatever_its_check_digit(
    redactor: PresidioRedactor,
) -> None:
    conversation = Conversation(redactor.new_session())
    conversation.collect_keyed("RV-Nr.", "23 070845 K 127")
    assert conversation.redact_keyed("RV-Nr.", "23 070845 K 127") == "<DE_SOCIAL_SECURITY_1>"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("Payer", "Oluwaseun Adebayo-Kline"),
        ("Zahler", "Wiebke Hoogstraten"),
        ("Zahlerin", "Swantje Oltmanns"),
        ("Zahlungspflichtiger", "Bożydar Wróblewski"),
        ("Zahlungspflichtige", "Ilkay Sarıgül"),
        ("Kontoinhaberin", "Dragica Vuković"),
        ("Account holder", "Thandeka Mthembu"),
        ("Cardholder", "Ruairí Ó Dálaigh"),
        ("Debtor", "Ifeanyi Okafor-Lindqvist"),
        ("Schuldner", "Kasimir Pfeffercorn"),
        ("Recipient", "Nkechi Umeadi"),
        ("Empfängerin", "Roswitha Kleinschmidt-Ayoub"),
        ("Sender", "Obiageli Nwachukwu"),
        ("Absender", "Ortwin Hasselbrink"),
        ("Tenant", "Saoirse Mac Giolla"),
        ("Mieterin", "Jolanta Grzybowska"),
        ("Landlord", "Cosmo Featherstonehaugh"),
        ("Vermieter", "Eberhard Quandtmeyer"),
        ("Caller", "Tendai Chikwanha"),
        ("Anruferin", "Gunhild Brackelmann"),
    ],
)
def test_when_key_names_a_role_of_a_payment_letter_or_lease_then_its_value_is_a_person(
    redactor: PresidioRedactor, key: str, value: str
) -> None:
    text = f"{key}: {value}\nStatus: refunded"
    assert [(e, text[s:t]) for e, s, t in scan_structured(text)] == [("PERSON", value)]
    # The label itself stays: "Payer" is a listed surname, but before its colon a key.
    redacted = redactor.new_session().redact(text)
    assert redacted.startswith(f"{key}: <PERSON_")
    assert value.split()[0] not in redacted


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("Next of kin", "Aoibheann Fitzpatrick-Walsh"),
        ("Emergency contact", "Kwame Boateng-Mensah"),
        ("Notfallkontakt", "Hannelore Wiśniewski-Brandt"),
        ("Nächste Angehörige", "Ludmila Brandstätter"),
        ("Vormund", "Ottokar Feldhusen"),
        ("Betreuerin", "Friedegund Achternbusch"),
        ("Legal guardian", "Temperance Oyelowo"),
    ],
)
def test_when_key_names_a_relative_or_contact_then_its_value_is_a_person(
    key: str, value: str
) -> None:
    text = f"{key}: {value}\nForm: care home admission"
    assert [(e, text[s:t]) for e, s, t in scan_structured(text)] == [("PERSON", value)]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("<daten><vorname>Oksana</vorname><plz>1</plz></daten>", "PERSON", "Oksana"),
        (
            '<record id="7"><surname> Okonkwo-Adeyemi </surname></record>',
            "PERSON",
            "Okonkwo-Adeyemi",
        ),
        ("<adresse>Lindenweg 4, 04109 Leipzig</adresse>", "ADDRESS", "Lindenweg 4, 04109 Leipzig"),
        ("<kunde><email>mara@example.org</email></kunde>", "EMAIL_ADDRESS", "mara@example.org"),
    ],
)
def test_xml_element_is_read_as_key_and_value(text: str, entity: str, value: str) -> None:
    spans = scan_structured(text)
    assert (entity, text.index(value), text.index(value) + len(value)) in spans


def test_xml_element_of_no_personal_key_or_nested_elements_is_left() -> None:
    assert scan_structured("<leistung>Wohngeld</leistung><name><b>x</b></name>") == []


@pytest.mark.parametrize("key", ["student", "Pupil", "Schülerin", "resident", "Bewohner"])
def test_key_naming_a_listed_person_is_a_person_key(key: str) -> None:
    text = f'{{"{key}": "Nkechi Obi", "year": 8}}'
    assert ("PERSON", text.index("Nkechi"), text.index("Nkechi") + len("Nkechi Obi")) in (
        scan_structured(text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "Calls back within a day. Last caller: Tomasz Wiśniewski, ext. 12",
        "Routes the call to the duty officer of the housing office. Last caller: "
        "Tomasz Wiśniewski, ext. 12",
    ],
)
def test_label_after_a_sentence_is_read_as_key(text: str) -> None:
    start = text.index("Tomasz")
    assert ("PERSON", start, start + len("Tomasz Wiśniewski")) in scan_structured(text)


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        (
            "https://portal.example.org/form?applicant=Nia+Mensah-Owusu&page=3",
            "PERSON",
            "Nia+Mensah-Owusu",
        ),
        ("see https://x.example/a?id=7&name=Oskar%20Lindqvist", "PERSON", "Oskar%20Lindqvist"),
        ("https://x.example/a?dob=1979-11-30&lang=en", "DATE_OF_BIRTH", "1979-11-30"),
    ],
)
def test_url_query_parameter_is_read_as_key_and_value(text: str, entity: str, value: str) -> None:
    start = text.index(value)
    assert (entity, start, start + len(value)) in scan_structured(text)


def test_url_query_parameter_of_no_personal_key_is_left() -> None:
    assert scan_structured("https://x.example/a?page=2&sort=Name+asc") == []


def test_percent_encoded_query_name_is_hidden_whole(redactor: PresidioRedactor) -> None:
    # The normaliser decodes "%20" and "%C5%82"; the query rule must not cut the decoded
    # value at its space and leave the surname in clear.
    url = "https://docs.example.org/f.pdf?antragstellerin=Jolanta%20Ko%C5%82odziejczyk&p=2"
    out = redactor.new_session().redact(url)
    assert "Jolanta" not in out and "odziejczyk" not in out and "Ko%C5%82" not in out
    assert out.endswith("&p=2")
