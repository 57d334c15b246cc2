"""Issue 19 (3): a key or column header naming personal data marks its values."""

from __future__ import annotations

from urllib.parse import unquote

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


@pytest.mark.parametrize(
    ("url", "name"),
    [
        # a personal key, the value decoded by the normaliser and followed by other pairs
        ("https://x.example/n.png?recipient=Obiageli%20Nnadozie&street=x&pin=1", "Obiageli"),
        # a key that names nothing: the value is a name by its rare words
        ("https://x.example/f.jpg?mb=Radomir%20Vukovi%C4%87&kw=3&lang=de", "Radomir"),
        ("https://x.example/n.png?empfaenger=Zvonimir%20Bo%C5%A1njak&plz=1", "Zvonimir"),
    ],
)
def test_decoded_query_name_is_hidden_whole(
    redactor: PresidioRedactor, url: str, name: str
) -> None:
    out = redactor.new_session().redact(url)
    assert name not in out and "%20" not in out.split("?")[1].split("&")[0]


@pytest.mark.parametrize(
    "text",
    [
        "https://x.example/a?campaign=Black%20Friday&page=2",
        "https://x.example/a?city=New%20York&page=2",
        "https://x.example/a?title=Hello%20World&page=2",
        "https://x.example/a?sort=Name%20asc&page=2",
    ],
)
def test_query_value_of_ordinary_words_is_no_name(text: str) -> None:
    assert [f for f in scan_structured(unquote(text)) if f[0] == "PERSON"] == []


def _found(text: str) -> list[tuple[str, str]]:
    return sorted((e, text[s:t]) for e, s, t in scan_structured(text))


@pytest.mark.parametrize(
    "text",
    [
        "<table><tr><th>Familienname</th><th>Rufname</th><th>Geburtstag</th><th>Klasse</th>"
        "</tr><tr><td>Brandt</td><td>Lotte</td><td>11.03.2015</td><td>3b</td></tr>"
        "<tr><td>Sommer</td><td>Ida</td><td>30.06.2016</td><td>2a</td></tr></table>",
        # Attributes, <thead>/<tbody>, line breaks, inner tags, no closing </td>.
        '<table class="list">\n  <thead>\n    <tr>\n      <th scope="col">Surname</th>\n'
        "      <th>First name</th><th>DOB</th><th>Class</th>\n    </tr>\n  </thead>\n"
        '  <tbody>\n    <tr class="odd">\n      <td> Brandt </td>\n      <td><b>Lotte</b>'
        "</td>\n      <td>11.03.2015\n      <td>3b</td>\n    </tr>\n    <tr><td>Sommer</td>"
        "<td>Ida</td><td>30.06.2016</td><td>2a</td></tr>\n  </tbody>\n</table>",
    ],
)
def test_html_table_cells_under_a_personal_header_are_that_entity(text: str) -> None:
    assert _found(text) == sorted(
        [
            ("PERSON", "Brandt"), ("PERSON", "Lotte"), ("DATE_OF_BIRTH", "11.03.2015"),
            ("PERSON", "Sommer"), ("PERSON", "Ida"), ("DATE_OF_BIRTH", "30.06.2016"),
        ]
    )  # fmt: skip


def test_html_table_rows_headed_by_a_key_cell_are_key_and_value() -> None:
    text = (
        "<table><tr><th>Name</th><td>Ruairí Ó Briain</td></tr>"
        "<tr><th>Telefon</th><td>0157 3344 1290</td></tr>"
        "<tr><th>Anliegen</th><td>Wohngeld</td></tr></table>"
    )
    assert _found(text) == [("PERSON", "Ruairí Ó Briain"), ("PHONE_NUMBER", "0157 3344 1290")]


@pytest.mark.parametrize(
    "text",
    [
        "<table><tr><th>Leistung</th><th>Betrag</th></tr><tr><td>Wohngeld</td><td>312</td>"
        "</tr></table>",
        "<table><tr><td>Antrag</td><td>Status</td></tr><tr><td>Wohngeld</td><td>offen</td>"
        "</tr></table>",
        "<p>Die Zeile <tr> fehlt, <td>Name</td> steht allein.</p>",
    ],
)
def test_html_table_without_personal_columns_is_left(text: str) -> None:
    assert _found(text) == []


def test_vcard_personal_properties_and_their_parts_are_found() -> None:
    text = (
        "Bitte in den Verteiler aufnehmen:\nBEGIN:VCARD\nVERSION:4.0\n"
        "N:Szczepańska;Bożena;Maria;Dr.;\nFN:Dr. Bożena Szczepańska\nORG:Stadtwerke\n"
        "item1.TEL;TYPE=work,voice:+49 341 998 1207\nEMAIL;TYPE=INTERNET:b.sz@example.net\n"
        "ADR;TYPE=WORK:;;Gohliser Str. 7;Leipzig;;04155;Germany\nBDAY:1974-09-02\nEND:VCARD"
    )
    assert _found(text) == sorted(
        [
            ("PERSON", "Szczepańska"), ("PERSON", "Bożena"), ("PERSON", "Maria"),
            ("PERSON", "Dr. Bożena Szczepańska"), ("PHONE_NUMBER", "+49 341 998 1207"),
            ("EMAIL_ADDRESS", "b.sz@example.net"), ("ADDRESS", "Gohliser Str. 7"),
            ("ADDRESS", "Leipzig"), ("ADDRESS", "04155"), ("DATE_OF_BIRTH", "1974-09-02"),
        ]
    )  # fmt: skip
    # The frame, the title and the country stay.
    assert all(v not in {"VCARD", "4.0", "Dr.", "Germany", "Stadtwerke"} for _, v in _found(text))


def test_vcard_properties_outside_a_vcard_are_not_keys() -> None:
    assert _found("N: 42 Messungen\nFN: siehe unten") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "INSERT INTO kunden (id, nachname, vorname, ort) VALUES (7, 'Nguyễn', 'Bảo', "
            "'Halle'), (8, N'O''Sullivan', 'Aoife', 'Cork');",
            [("PERSON", "Nguyễn"), ("PERSON", "Bảo"), ("PERSON", "O''Sullivan"),
             ("PERSON", "Aoife")],
        ),
        (
            "insert into `app`.`users` (`email`, `role`) values ('kofi.m@example.org', 'admin')",
            [("EMAIL_ADDRESS", "kofi.m@example.org")],
        ),
        (
            "UPDATE antraege SET nachname = 'Çelik', status = 'offen' WHERE a.email = "
            "'h.celik@example.de';",
            [("PERSON", "Çelik"), ("EMAIL_ADDRESS", "h.celik@example.de")],
        ),
    ],
)  # fmt: skip
def test_sql_values_of_personal_columns_are_found(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(text) == sorted(expected)


def test_sql_without_personal_columns_is_left() -> None:
    text = "INSERT INTO log (level, msg) VALUES ('warn', 'Timeout'); UPDATE t SET status = 'x';"
    assert _found(text) == []


def test_form_encoded_line_is_read_pair_by_pair() -> None:
    text = "POST body:\nname=Ifeoma+Eze&mobil=0176+5521098&thema=Wohngeld&seite=2"
    assert set(_found(text)) == {("PERSON", "Ifeoma+Eze"), ("PHONE_NUMBER", "0176+5521098")}


def test_form_encoded_line_keeps_its_ordinary_pairs(redactor: PresidioRedactor) -> None:
    out = redactor.new_session().redact(
        "Aus dem Log:\nnachname=Wiśniewska&vorname=Halina&tel=0151+2233876&grund=Anmeldung"
    )
    assert "Wiśniewska" not in out and "Halina" not in out and "2233876" not in out
    assert out.endswith("&grund=Anmeldung")


def test_html_table_redacted_keeps_its_markup(redactor: PresidioRedactor) -> None:
    out = redactor.new_session().redact(
        "<table><tr><th>Nachname</th><th>Geburtsdatum</th></tr>"
        "<tr><td>Vogel</td><td>07.05.2013</td></tr></table>"
    )
    assert "Vogel" not in out and "07.05.2013" not in out
    assert out.startswith("<table><tr><th>Nachname</th><th>Geburtsdatum</th></tr><tr><td><")


def test_lower_case_sql_passes_the_fast_path(redactor: PresidioRedactor) -> None:
    # No capital, digit or ":" in it: the fast path must still let the SQL scan run.
    out = redactor.new_session().redact("update kunden set nachname = 'wojciechowska'")
    assert "wojciechowska" not in out and out.startswith("update kunden set nachname = '<")


# Issue 19 round 10: attributes, form fields, logfmt, LDAP and HTTP headers as keys.


def _distinct(text: str) -> list[tuple[str, str]]:
    """Each keyed value once (two scanners may read the same pair: ``a='b'`` is SQL too)."""
    return sorted(set(_found(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "<person familienname='Okonjo' rufname='Adaeze' gebdat=\"1969-04-02\" status=\"x\"/>",
            [("DATE_OF_BIRTH", "1969-04-02"), ("PERSON", "Okonjo"), ("PERSON", "Adaeze")],
        ),
        (
            '<kunde id="41" surname="Brennan-Ó Riada" date_of_birth="04.11.1969" ort="Cork">',
            [("PERSON", "Brennan-Ó Riada"), ("DATE_OF_BIRTH", "04.11.1969")],
        ),
        (
            '<ns:antrag xmlns:ns="urn:x" ns:email="k.oyelaran@posteo.de">',
            [("EMAIL_ADDRESS", "k.oyelaran@posteo.de")],
        ),
    ],
)
def test_xml_attribute_is_read_as_key_and_value(text: str, expected: list[tuple[str, str]]) -> None:
    assert _distinct(text) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "<input value='Marchetti' type=\"text\" id='last_name'>"
            '<input type="tel" name="mobile" value="07700 900461">',
            [("PERSON", "Marchetti"), ("PHONE_NUMBER", "07700 900461")],
        ),
        (
            '<textarea name="anschrift">Kastanienallee 12, 10435 Berlin</textarea>',
            [("ADDRESS", "Kastanienallee 12, 10435 Berlin")],
        ),
        (
            '<form name="apply" action="/apply"><a name="top"></a>'
            '<input name="firstName" value="Oisín"><input name="page" value="3"></form>',
            [("PERSON", "Oisín")],
        ),
    ],
)
def test_html_form_control_value_is_keyed_by_its_name(
    text: str, expected: list[tuple[str, str]]
) -> None:
    # The field names ("last_name", "mobile") and the anchor "top" are no values.
    assert _distinct(text) == sorted(expected)


def test_html_form_redacted_keeps_its_markup(redactor: PresidioRedactor) -> None:
    out = redactor.new_session().redact(
        '<form action="/register"><input name="lastname" value="Quist">'
        '<input name="birthdate" value="1983-06-19"></form>'
    )
    assert "Quist" not in out and "1983-06-19" not in out
    assert out.startswith('<form action="/register"><input name="lastname" value="<PERSON_')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'at=info app=housing given_name=May family_name=Summers email="may@x.org" ok=1',
            [("PERSON", "May"), ("PERSON", "Summers"), ("EMAIL_ADDRESS", "may@x.org")],
        ),
        (
            'level=error nachname=Wolf anschrift="Am Hang 3, 01067 Dresden" msg="Name fehlt"',
            [("PERSON", "Wolf"), ("ADDRESS", "Am Hang 3, 01067 Dresden")],
        ),
    ],
)
def test_logfmt_line_values_under_personal_keys_are_found(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _distinct(text) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        'level=info msg="address mismatch" svc=benefits retries=3',
        "Set x=5 and then y=7 in the config.",
        "Wir haben heute name=nichts gesagt.",  # one pair alone is no logfmt line
    ],
)
def test_logfmt_without_personal_keys_is_left(text: str) -> None:
    assert _distinct(text) == []


def test_ldif_entry_and_distinguished_names_are_read() -> None:
    text = (
        "dn: cn=Bartholomäus Krzemiński,ou=people,dc=example,dc=org\n"
        "objectClass: inetOrgPerson\nsn: Krzemiński\ndisplayName: Bartek K.\n"
        "initials: BK\nuid: bkrzem\ncn:: QmFydGhvbG9tw6R1cw==\n"
        "manager: uid=ohalloran,ou=people,dc=example,dc=org\ndescription: Kassenwart"
    )
    assert _distinct(text) == sorted(
        [
            ("PERSON", "Bartholomäus Krzemiński"), ("PERSON", "Krzemiński"),
            # "displayName" is a person key of any "Key: value" line too, which ends a name
            # before a final dot: both spans cover the name.
            ("PERSON", "Bartek K."), ("PERSON", "Bartek K"), ("PERSON", "BK"),
            ("PERSON", "bkrzem"),
            ("PERSON", "ohalloran"),
        ]
    )  # fmt: skip


def test_ldap_short_names_are_no_keys_outside_ldap() -> None:
    # "SN" a serial number, "CN" a country, "uid" alone: no LDIF entry, no DN.
    assert _found("SN: 4711-AB\nCN: Shanghai\nuid=1000 gid=1000 groups=wheel") == []


def test_http_headers_under_personal_names_are_found() -> None:
    text = (
        "GET /v2/claims/88 HTTP/2\nHost: api.example.org\nAccept: application/json\n"
        "X-User-Name: Ngozi Achebe\nFrom: r.dlamini@example.net\nX-Applicant-Phone: 0161 496 0732"
        "\n\nname: body text is no header"
    )
    assert _distinct(text) == sorted(
        [
            ("PERSON", "Ngozi Achebe"),
            ("PERSON", "r.dlamini@example.net"),
            ("PHONE_NUMBER", "0161 496 0732"),
            ("PERSON", "body text is no header"),  # a "name:" line in the body: a label
        ]
    )


def test_http_request_line_and_media_type_survive_redaction(redactor: PresidioRedactor) -> None:
    text = (
        "The failing call:\nPUT /api/licences HTTP/1.1\nHost: licensing.example.gov.uk\n"
        "Content-Type: text/plain\nX-Applicant-Name: Oluwatobi Fairweather-Nnamdi\n\nWhy 415?"
    )
    out = redactor.new_session().redact(text)
    assert "PUT /api/licences HTTP/1.1" in out and "Content-Type: text/plain" in out
    assert "Oluwatobi" not in out and "Nnamdi" not in out


@pytest.mark.parametrize(
    ("key", "entity"),
    [
        ("applicant email", "EMAIL_ADDRESS"),
        ("tenantPhone", "PHONE_NUMBER"),
        ("Adresse Mieterin", "ADDRESS"),
    ],
)
def test_role_word_and_data_word_key_names_the_data(key: str, entity: str) -> None:
    assert entity_for_key(key) == entity


@pytest.mark.parametrize(
    ("key", "entity"),
    [
        ("Full name (as it appears on your passport)", "PERSON"),
        ("Telefonnummer (tagsüber und am Wochenende)", "PHONE_NUMBER"),
        ("E-Mail (for the confirmation of your booking)", "EMAIL_ADDRESS"),
        ("Name (of the project)", None),  # the remark names a thing: no person's name
        ("Name (Firma)", None),
        ("Note (see the attached list of changes)", None),
    ],
)
def test_key_with_a_bracketed_remark_is_read_without_it(key: str, entity: str | None) -> None:
    assert entity_for_key(key) == entity


def test_label_with_a_long_bracketed_remark_marks_its_value_middle_initial_included() -> None:
    text = (
        "Form data:\nFull name (as it appears on your passport or travel document): "
        "Oluwaseun T. Adebayo-Marsh\nNationality: Nigerian"
    )
    start = text.index("Oluwaseun")
    assert ("PERSON", start, start + len("Oluwaseun T. Adebayo-Marsh")) in scan_structured(text)
