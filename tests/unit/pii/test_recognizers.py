"""Each entity type in the notations people use, and look-alikes that must stay."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor

FOUND = [
    # (text, entity type, value that must be found exactly)
    ("Meine Steuer-ID ist 86095742719.", "DE_TAX_ID", "86095742719"),
    ("Steuer-ID: 86 095 742 719", "DE_TAX_ID", "86 095 742 719"),
    ("SV-Nummer 48100490F449 bitte eintragen", "DE_SOCIAL_SECURITY", "48100490F449"),
    ("Rentenversicherungsnummer: 48 100490 F 449", "DE_SOCIAL_SECURITY", "48 100490 F 449"),
    ("Versichertennummer T378657975 (AOK)", "DE_HEALTH_INSURANCE", "T378657975"),
    ("Personalausweisnummer L2N6T8595, gültig bis 2031", "DE_ID_CARD", "L2N6T8595"),
    ("Mein Reisepass C63ZC9X77 ist weg.", "DE_PASSPORT", "C63ZC9X77"),
    ("IBAN DE89 3704 0044 0532 0130 00", "IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
    ("Konto DE89370400440532013000 bitte", "IBAN_CODE", "DE89370400440532013000"),
    ("Konto AT61 1904 3002 3457 3201 in Wien", "IBAN_CODE", "AT61 1904 3002 3457 3201"),
    ("IBAN FR76 3000 6000 0112 3456 7890 189", "IBAN_CODE", "FR76 3000 6000 0112 3456 7890 189"),
    ("BIC: COBADEFFXXX", "BIC", "COBADEFFXXX"),
    ("Telefon +49 170 1234567", "PHONE_NUMBER", "+49 170 1234567"),
    ("Ruf an: 0171/1234567", "PHONE_NUMBER", "0171/1234567"),
    ("Tel. 030 12345678", "PHONE_NUMBER", "030 12345678"),
    ("Festnetz (0221) 123 456 ab 17 Uhr", "PHONE_NUMBER", "(0221) 123 456"),
    ("Mobil 0049 89 1234567", "PHONE_NUMBER", "0049 89 1234567"),
    ("erreichbar unter 0176-98765432", "PHONE_NUMBER", "0176-98765432"),
    ("Mail an max.mustermann@example.de bitte", "EMAIL_ADDRESS", "max.mustermann@example.de"),
    ("Karte 4111 1111 1111 1111 belasten", "CREDIT_CARD", "4111 1111 1111 1111"),
    ("Zugriff von 192.168.178.23 gesperrt", "IP_ADDRESS", "192.168.178.23"),
    ("geboren am 14.02.1987 in Köln", "DATE_OF_BIRTH", "14.02.1987"),
    ("Geburtsdatum: 14. Februar 1987", "DATE_OF_BIRTH", "14. Februar 1987"),
    ("geb. 1987-02-14", "DATE_OF_BIRTH", "1987-02-14"),
    ("date of birth is 02/14/1987", "DATE_OF_BIRTH", "02/14/1987"),
    ("Mein Termin ist am 14. Februar 2025.", "DATE_TIME", "14. Februar 2025"),
    ("Ich wohne Musterstraße 12a, 12345 Berlin.", "ADDRESS", "Musterstraße 12a, 12345 Berlin"),
    ("Anschrift: Karl-Marx-Allee 3-5", "ADDRESS", "Karl-Marx-Allee 3-5"),
    ("Bitte an Am Markt 1 schicken", "ADDRESS", "Am Markt 1"),
    ("Adresse Berliner Straße 5 in 14467 Potsdam", "ADDRESS", "Berliner Straße 5 in 14467 Potsdam"),
    ("I live at 221 Baker Street now.", "ADDRESS", "221 Baker Street"),
    ("Ich bin wohnhaft in Gelsenkirchen.", "LOCATION", "Gelsenkirchen"),
    ("Kennzeichen B-AB 1234 abmelden", "DE_KFZ", "B-AB 1234"),
    ("Mein Name ist Erika Mustermann.", "PERSON", "Erika Mustermann"),
    ("ich heiße Jörn Kröger-Lindqvist und", "PERSON", "Jörn Kröger-Lindqvist"),
    ("Sehr geehrte Frau Dr. Schmidt,", "PERSON", "Schmidt"),
    ("Herr von der Heide hat angerufen.", "PERSON", "von der Heide"),
    ("Name: Oluwaseun Adeyemi", "PERSON", "Oluwaseun Adeyemi"),
    ("Mit freundlichen Grüßen\nHans-Peter Meier", "PERSON", "Hans-Peter Meier"),
    ("Das Kindergeld für meinen Sohn Lukas fehlt.", "PERSON", "Lukas"),
    ("Gestern war Anna Müller im Amt.", "PERSON", "Anna Müller"),
    ("Bitte dorthin überweisen. Henrike Tessendorf", "PERSON", "Henrike Tessendorf"),
    ("Hello, my name is John Smith.", "PERSON", "John Smith"),
    ("Kind regards,\nMary O'Connor", "PERSON", "Mary O'Connor"),
    ("hallo, ich heiße anna schmidt und", "PERSON", "anna schmidt"),
    ("danke euch, lg marlene", "PERSON", "marlene"),
    ("Nachricht von Tarek Haddad: bitte", "PERSON", "Tarek Haddad"),
    ("Best, Wei Chen", "PERSON", "Wei Chen"),
    # Who signs for an authority: "i. A." (im Auftrag), "i. V." (in Vertretung), "gez.".
    (
        "Widerspruch zurückgewiesen.\ni. A. Wolfrun Pietzschke-Dogan\nFachbereich Wohngeld",
        "PERSON",
        "Wolfrun Pietzschke-Dogan",
    ),
    ("i.V. Rotraut Wendelken (Sachbearbeitung)", "PERSON", "Rotraut Wendelken"),
    ("gez. Wolfrun Pietzschke-Dogan, Amtsleitung", "PERSON", "Wolfrun Pietzschke-Dogan"),
]

KEPT = [
    "Sehr geehrte Damen und Herren, ich habe eine Frage zum Wohngeld.",
    "Der Bescheid vom 03.04.2024 nennt 245,50 Euro.",
    "Aktenzeichen WG-2024-12345, Kassenzeichen 4711.0815.2024.",
    "Am Montag 5 Uhr hat das Bürgeramt Berlin-Mitte geöffnet.",
    "Die Miete stieg bis zu 300 Euro, Antrag Nr. 12345 ist offen.",
    "Herr Bürgermeister, der Antrag liegt beim Jobcenter Nord.",
    "Ein Reisepass kostet 70 Euro und gilt 10 Jahre.",
    "Die Anlage KIND und die Anlage KDU fehlen noch.",
    "Server error 500 when uploading the PDF, session 7f3a9c21e4b8.",
    "Wie hoch ist das Elterngeld bei 2.400 Euro netto im Monat?",
    "mein vermieter will die bescheinigung nicht unterschreiben",
    "This is Berlin calling. Best Practice is to ask.",
    "Brief vom Amt und Gespräch mit Sachbearbeiter, dann von Berlin nach Hamburg.",
    "Betroffen sind i.a. Rentner und Studierende, das gilt i. A. Kommunen gegenüber nicht.",
]


@pytest.mark.parametrize(("text", "entity", "value"), FOUND)
def test_when_value_in_text_then_found_with_exact_span(
    redactor: PresidioRedactor, text: str, entity: str, value: str
) -> None:
    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}

    assert (entity, value) in found


@pytest.mark.parametrize("text", KEPT)
def test_when_text_has_no_personal_data_then_nothing_found(
    redactor: PresidioRedactor, text: str
) -> None:
    found = [(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)]

    assert found == []


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Steuer-ID 86095742718 laut Schreiben", "DE_TAX_ID"),  # wrong check digit, no key
        ("IBAN DE89 3704 0044 0532 0130 01", "IBAN_CODE"),  # wrong mod-97
        ("Karte 4111 1111 1111 1112", "CREDIT_CARD"),  # wrong Luhn digit
        ("Versichertennummer T378657976", "DE_HEALTH_INSURANCE"),
    ],
)
def test_when_check_digit_wrong_then_not_reported_as_that_type(
    redactor: PresidioRedactor, text: str, entity: str
) -> None:
    assert entity not in {f.entity_type for f in redactor.analyze(text)}


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Steuer-ID: 86095742718", "DE_TAX_ID", "86095742718"),
        ("IBAN: DE1250 010517 064848 9891 (Bank)", "IBAN_CODE", "DE1250 010517 064848 9891"),
        ("RV-Nr.: 23 070845 K 127", "DE_SOCIAL_SECURITY", "23 070845 K 127"),
    ],
)
def test_when_check_digit_wrong_under_its_key_then_the_key_decides(
    redactor: PresidioRedactor, text: str, entity: str, value: str
) -> None:
    # A typo or an old number under "Steuer-ID:" is still the person's number (issue 19:
    # a key marks its values "whatever they look like").
    assert (entity, value) in {
        (f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)
    }


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mail an max.mustermann@stadt.intern bitte", "max.mustermann@stadt.intern"),
        ("Mail an tarek.haddad@mailbox.example bitte", "tarek.haddad@mailbox.example"),
    ],
)
def test_when_email_has_internal_tld_then_still_found(
    redactor: PresidioRedactor, text: str, value: str
) -> None:
    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}

    assert ("EMAIL_ADDRESS", value) in found


def test_when_at_sign_between_version_numbers_then_no_email(redactor: PresidioRedactor) -> None:
    assert redactor.analyze("Version 1.2@build.3 ist alt.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("National Insurance number: AB 12 34 56 C", "AB 12 34 56 C"),
        ("my NI number is PN123456A, is that enough?", "PN123456A"),
        ("Sozialversicherungsnummer aus England: WX 98 76 54 D", "WX 98 76 54 D"),
        # Lower or mixed case after a cue word.
        ("my ni number is jt 48 26 19 b, thanks", "jt 48 26 19 b"),
        ("National Insurance No: ce381047a", "ce381047a"),
        ("N.I. no. Hr 55 10 72 c on the form", "Hr 55 10 72 c"),
    ],
)
def test_uk_national_insurance_number_is_found(
    redactor: PresidioRedactor, text: str, value: str
) -> None:
    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}

    assert ("UK_NINO", value) in found


@pytest.mark.parametrize(
    "text",
    [
        "Form code QQ 12 34 56 C applies",  # Q is no first prefix letter
        "Form code GB 12 34 56 A applies",  # GB is no prefix
        "Form code AB 12 34 56 E applies",  # the suffix is A-D
        "Form code ab 12 34 56 c applies",  # a NINO without its cue is written in capitals
        "ni number gb 12 34 56 a please",  # a cue does not make GB a prefix
        "NI number ab 12 34 56 e please",  # nor E a suffix
    ],
)
def test_uk_national_insurance_number_of_no_valid_shape_is_not_one(
    redactor: PresidioRedactor, text: str
) -> None:
    assert "UK_NINO" not in {f.entity_type for f in redactor.analyze(text)}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Bei Fragen: 0152 7788 1234", "0152 7788 1234"),  # German mobile in 4-4-4 groups
        ("Rufen Sie mich an, 0160 2233 4455, ab 9 Uhr", "0160 2233 4455"),
        # UK mobiles without +44 that are no valid German, Austrian or Swiss number
        ("Text me on 07984 612 903 after six", "07984 612 903"),
        ("put 07984612903 on the form", "07984612903"),
    ],
)
def test_mobile_number_in_groups_or_of_the_uk_is_found(
    redactor: PresidioRedactor, text: str, value: str
) -> None:
    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}

    assert ("PHONE_NUMBER", value) in found


@pytest.mark.parametrize(
    "text",
    ["IBAN DE89 3704 0044 0532 0130 00", "Konto de89 3704 0044 0532 0130 00 bitte"],
)
def test_tail_of_an_iban_in_groups_is_no_phone_number(
    redactor: PresidioRedactor, text: str
) -> None:
    assert "PHONE_NUMBER" not in {f.entity_type for f in redactor.analyze(text)}
