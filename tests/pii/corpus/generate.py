# ruff: noqa: E501  (template and value tables read best on one line each)
"""Generates the labelled PII corpus (deterministic; re-run to rebuild the JSONL files).

Usage:
    .venv/bin/python tests/pii/corpus/generate.py

Writes, next to this script:
    de.jsonl        >= 300 German citizen-service messages (Wohngeld, Bürgergeld, Kindergeld,
                    Elterngeld, Meldebescheinigung, Kfz-Zulassung, complaints, chatbot turns)
    en.jsonl        >= 100 English messages
    evasion.jsonl   >= 100 messages whose values are disguised (zero-width, soft hyphens,
                    homoglyphs, fullwidth, "[at]"/"[punkt]", spaced/dotted IBANs and phones,
                    URL-encoded and base64 segments)
    handwritten.jsonl  hand-written messages converted from handwritten.txt
    holdout.jsonl   hand-written messages (holdout.txt) written after the first tuning round
    holdout2.jsonl  hand-written messages (holdout2.txt) written after all tuning

Each line: {"id", "lang", "source", "text", "spans": [{"start", "end", "label"}]}.
All identifiers carry valid check digits (computed here, verified against Presidio's
validators); every name, number and address is invented. About one message in five holds
no personal data at all but tricky look-alikes (case numbers, amounts, authority names,
dates of notices) to measure precision.
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20261123

# Names: mostly common ones, some rare or foreign ones a gazetteer may not know.
FIRST_DE = (
    "Erika Max Anna Lukas Sophie Jonas Marie Leon Hannah Paul Lea Felix Laura Tim Julia "
    "Sebastian Katharina Stefan Sabine Thomas Petra Michael Andrea Jürgen Ursula Klaus Monika "
    "Wolfgang Renate Helmut Ingrid Mehmet Ayşe Fatma Ali Olga Dmitri Aleksandra Piotr Zeynep "
    "Hans-Peter Anna-Lena Karl-Heinz Marie-Luise Jan Lena Tobias Nadine Yusuf Elif Mia Ben"
).split()
LAST_DE = (
    (
        "Mustermann Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
        "Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
        "Hartmann Lange Werner Krause Lehmann Köhler Yılmaz Kaya Demir Öztürk Kowalski Nowak "
        "Ivanova Petrović Nguyen von der Heide|Brenner-Kowalczyk|Oberhuber|Lindqvist|Haberkorn"
    )
    .replace("|", " ")
    .split()
)
LAST_DE = [n for n in LAST_DE if n not in ("von", "der")] + ["von der Heide"]
RARE_NAMES = [
    "Oluwaseun Adeyemi",
    "Thi Lan Nguyen",
    "Grzegorz Brzęczyszczykiewicz",
    "Jörn Kröger-Lindqvist",
    "Svetlana Kuznetsova",
    "Ioana Popescu-Radu",
    "Bartholomäus Quandtler",
    "Friedgard Wehlmann",
    "Radoslav Mihajlović",
    "Ngozi Okonkwo",
    "Henrike Tessendorf",
    "Wiebke Jannsen",
]
FIRST_EN = (
    "John Mary James Patricia Robert Jennifer Michael Linda William Elizabeth David Susan "
    "Richard Jessica Joseph Sarah Thomas Karen Charles Emily Oliver Amelia Harry Olivia"
).split()
LAST_EN = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Jackson "
    "White Harris Martin Thompson Robinson Clark Lewis Walker Hughes O'Connor McAllister"
).split()
STREETS = [
    "Hauptstraße",
    "Bahnhofstr.",
    "Goethestraße",
    "Schillerweg",
    "Lindenallee",
    "Berliner Straße",
    "Kirchgasse",
    "Rosenweg",
    "Mozartplatz",
    "Ringstraße",
    "Am Markt",
    "Heinrich-Heine-Straße",
    "Gartenstraße",
    "Dorfstraße",
    "Am Sonnenhang",
    "Friedrichstr.",
    "Lessingstraße",
    "Kastanienallee",
    "Parkweg",
    "Marktplatz",
    "Alte Gasse",
    "Uferstraße",
    "Zum Steinbruch",
    "Bergstraße",
    "Mühlenweg",
    "Sophienstraße",
    "Karl-Marx-Allee",
    "An der Kirche",
]
TOWNS = [
    "10115 Berlin",
    "80331 München",
    "50667 Köln",
    "20095 Hamburg",
    "60311 Frankfurt am Main",
    "01067 Dresden",
    "04109 Leipzig",
    "70173 Stuttgart",
    "90402 Nürnberg",
    "28195 Bremen",
    "99084 Erfurt",
    "19053 Schwerin",
    "24103 Kiel",
    "55116 Mainz",
    "66111 Saarbrücken",
    "14467 Potsdam",
    "39104 Magdeburg",
    "30159 Hannover",
    "44135 Dortmund",
    "45127 Essen",
    "53111 Bonn",
    "48143 Münster",
    "97070 Würzburg",
    "93047 Regensburg",
    "37073 Göttingen",
    "12345 Musterstadt",
    "54321 Kleinmusterhausen",
    "72072 Tübingen",
    "35037 Marburg",
]
HOME_TOWNS = [
    "Bielefeld",
    "Chemnitz",
    "Rostock",
    "Kassel",
    "Augsburg",
    "Freiburg",
    "Lübeck",
    "Oldenburg",
    "Cottbus",
    "Gera",
    "Zwickau",
    "Paderborn",
    "Trier",
    "Ulm",
    "Jena",
]
MAIL_HOSTS = [
    "example.de",
    "web.de",
    "gmx.de",
    "t-online.de",
    "posteo.de",
    "example.org",
    "mail.example.com",
    "freenet.de",
]
AUTHORITIES = [
    "Bürgeramt Mitte",
    "Wohngeldstelle",
    "Familienkasse",
    "Jobcenter Nord",
    "Elterngeldstelle",
    "Kfz-Zulassungsstelle",
    "Einwohnermeldeamt",
    "Sozialamt",
    "Landratsamt",
    "Ordnungsamt",
]
MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# ---------------------------------------------------------------------------- valid numbers
def tax_id(rng: random.Random) -> str:
    """Steuer-ID: 11 digits, ISO 7064 Mod 11,10 check digit, one digit repeated."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(9)]
        counts = [digits.count(d) for d in set(digits)]
        if max(counts) > 3 or max(counts) < 2:
            continue
        product = 10
        for d in digits:
            total = (d + product) % 10 or 10
            product = (total * 2) % 11
        check = 11 - product
        check = 0 if check == 10 else check
        return "".join(map(str, digits)) + str(check)


def sv_number(rng: random.Random) -> str:
    """Rentenversicherungsnummer: area, birth date, initial, serial, VKVV check digit."""
    area = f"{rng.choice([12, 13, 15, 16, 17, 18, 19, 21, 23, 24, 25, 26, 28, 29, 38, 39, 40, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 61, 63, 64, 65, 66, 67, 68, 69, 70]):02d}"
    birth = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(40, 99):02d}"
    letter = rng.choice(string.ascii_uppercase)
    serial = f"{rng.randint(0, 49):02d}"
    effective = area + birth + f"{ord(letter) - 64:02d}" + serial
    total = 0
    for ch, weight in zip(effective, [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1], strict=True):
        product = int(ch) * weight
        total += product // 10 + product % 10
    return f"{area}{birth}{letter}{serial}{total % 10}"


def kvnr(rng: random.Random) -> str:
    """Krankenversichertennummer: letter, 8 digits, GKV check digit."""
    letter = rng.choice(string.ascii_uppercase)
    body = "".join(str(rng.randint(0, 9)) for _ in range(8))
    effective = f"{ord(letter) - 64:02d}" + body
    total = 0
    for i, ch in enumerate(effective):
        product = int(ch) * (1 if i % 2 == 0 else 2)
        total += product // 10 + product % 10
    return f"{letter}{body}{total % 10}"


_DOC_ALPHABET = "CFGHJKLMNPRTVWXYZ"


def document_number(rng: random.Random, first: str | None = None) -> str:
    """Personalausweis/Reisepass number with the ICAO 7-3-1 check digit."""
    chars = [first or rng.choice(_DOC_ALPHABET)]
    chars += [rng.choice(_DOC_ALPHABET + "0123456789") for _ in range(7)]
    total = 0
    for i, ch in enumerate(chars):
        value = int(ch) if ch.isdigit() else ord(ch) - 55
        total += value * (7, 3, 1)[i % 3]
    return "".join(chars) + str(total % 10)


IBAN_LAYOUT = {"DE": 18, "AT": 16, "NL": None, "FR": 23, "BE": 12, "LU": 16, "ES": 20, "IT": None}


def iban(rng: random.Random, country: str = "DE") -> str:
    """An IBAN with a valid ISO 13616 check (DE, AT, FR, BE, LU, ES, NL, IT)."""
    if country == "NL":
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
        bban += "".join(str(rng.randint(0, 9)) for _ in range(10))
    elif country == "IT":
        bban = rng.choice(string.ascii_uppercase) + "".join(
            str(rng.randint(0, 9)) for _ in range(10)
        )
        bban += "".join(rng.choice(string.digits) for _ in range(12))
    else:
        bban = "".join(str(rng.randint(0, 9)) for _ in range(IBAN_LAYOUT[country] or 18))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def group4(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def credit_card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    digits.append((10 - total % 10) % 10)
    return "".join(map(str, digits))


MOBILE = [
    "151",
    "152",
    "157",
    "160",
    "162",
    "163",
    "170",
    "171",
    "172",
    "173",
    "174",
    "175",
    "176",
    "177",
    "178",
    "179",
]
AREA = ["30", "89", "40", "221", "69", "711", "351", "341", "511", "911", "421", "231"]


def phone(rng: random.Random) -> str:
    """A valid German number in one of the notations people use."""
    import phonenumbers

    while True:
        if rng.random() < 0.55:
            prefix, subscriber = (
                rng.choice(MOBILE),
                "".join(str(rng.randint(0, 9)) for _ in range(7)),
            )
        else:
            prefix = rng.choice(AREA)
            subscriber = str(rng.randint(2, 9)) + "".join(
                str(rng.randint(0, 9)) for _ in range(rng.choice([5, 6, 7]))
            )
        national = f"0{prefix}{subscriber}"
        if not phonenumbers.is_valid_number(phonenumbers.parse(national, "DE")):
            continue
        style = rng.randrange(9)
        half = len(subscriber) // 2
        return [
            f"+49 {prefix} {subscriber}",
            f"0{prefix} {subscriber}",
            f"0{prefix}/{subscriber}",
            f"0{prefix}-{subscriber}",
            f"0049 {prefix} {subscriber}",
            f"+49 (0){prefix} {subscriber}",
            f"(0{prefix}) {subscriber[:half]} {subscriber[half:]}",
            f"0{prefix} / {subscriber[:half]} {subscriber[half:]}",
            f"+49{prefix}{subscriber}",
        ][style]


def kfz(rng: random.Random) -> str:
    district = rng.choice(["B", "M", "HH", "K", "S", "F", "D", "HB", "L", "DD", "MZ", "KI", "PM"])
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.randint(1, 2)))
    number = str(rng.randint(1, 9999))
    suffix = rng.choice(["", "", "", "E", "H"])
    sep = rng.choice(["-", " "])
    return f"{district}{sep}{letters} {number}{suffix}"


def bic(rng: random.Random) -> str:
    bank = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
    location = rng.choice(["FF", "MM", "BE", "HH", "DD", "2X", "33", "M1"])
    return f"{bank}DE{location}{rng.choice(['XXX', '', '100', 'BER'])}"


def ip(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))
    return f"2001:db8:{rng.randint(1, 9999):x}::{rng.randint(1, 255):x}"


# ---------------------------------------------------------------------------- people & places
class World:
    """Random values for one message (a person, their data)."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        if lang == "en":
            self.first, self.last = rng.choice(FIRST_EN), rng.choice(LAST_EN)
        elif rng.random() < 0.12:
            self.first, self.last = rng.choice(RARE_NAMES).rsplit(" ", 1)
        else:
            self.first, self.last = rng.choice(FIRST_DE), rng.choice(LAST_DE)
        self.child = rng.choice(FIRST_DE if lang == "de" else FIRST_EN)
        while self.child == self.first:
            self.child = rng.choice(FIRST_DE if lang == "de" else FIRST_EN)
        host = rng.choice(MAIL_HOSTS)
        local = rng.choice(
            [
                f"{self.first}.{self.last}",
                f"{self.first[0]}.{self.last}",
                f"{self.first}{rng.randint(1, 99)}",
                f"{self.last}.{self.first}",
            ]
        )
        local = (
            local.lower()
            .replace(" ", "")
            .replace("ä", "ae")
            .replace("ö", "oe")
            .replace("ü", "ue")
            .replace("ß", "ss")
            .replace("ı", "i")
            .replace("ş", "s")
            .replace("ę", "e")
            .replace("'", "")
        )
        self.email = f"{local}@{host}"

    def value(self, slot: str) -> tuple[str, str | None]:
        rng = self.rng
        first, last = self.first, self.last
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1940, 2005)
        street = rng.choice(STREETS)
        number = rng.choice(
            [
                str(rng.randint(1, 140)),
                f"{rng.randint(1, 60)}a",
                f"{rng.randint(1, 30)}-{rng.randint(31, 40)}",
                f"{rng.randint(1, 99)} b",
            ]
        )
        table: dict[str, Callable[[], tuple[str, str | None]]] = {
            "NAME": lambda: (f"{first} {last}", "PERSON"),
            "FIRST": lambda: (first, "PERSON"),
            "LAST": lambda: (last, "PERSON"),
            "CHILD": lambda: (self.child, "PERSON"),
            "CHILDFULL": lambda: (f"{self.child} {last}", "PERSON"),
            "EMAIL": lambda: (self.email, "EMAIL_ADDRESS"),
            "PHONE": lambda: (phone(rng), "PHONE_NUMBER"),
            "IBAN": lambda: (rng.choice([group4, str])(iban(rng)), "IBAN_CODE"),
            "IBAN_EU": lambda: (
                group4(iban(rng, rng.choice(["AT", "FR", "NL", "BE", "ES", "IT", "LU"]))),
                "IBAN_CODE",
            ),
            "BIC": lambda: (bic(rng), "BIC"),
            "TAXID": lambda: (
                rng.choice([str, lambda v: f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"])(tax_id(rng)),
                "DE_TAX_ID",
            ),
            "SVNR": lambda: (
                rng.choice([str, lambda v: f"{v[:2]} {v[2:8]} {v[8]} {v[9:]}"])(sv_number(rng)),
                "DE_SOCIAL_SECURITY",
            ),
            "KVNR": lambda: (kvnr(rng), "DE_HEALTH_INSURANCE"),
            "IDCARD": lambda: (document_number(rng), "DE_ID_CARD"),
            "PASSPORT": lambda: (document_number(rng, "C"), "DE_PASSPORT"),
            "KFZ": lambda: (kfz(rng), "DE_KFZ"),
            "CC": lambda: (rng.choice([group4, str])(credit_card(rng)), "CREDIT_CARD"),
            "IP": lambda: (ip(rng), "IP_ADDRESS"),
            "DOB": lambda: (
                rng.choice(
                    [
                        f"{day:02d}.{month:02d}.{year}",
                        f"{day}.{month}.{year}",
                        f"{day}. {MONTHS_DE[month - 1]} {year}",
                        f"{year}-{month:02d}-{day:02d}",
                    ]
                ),
                "DATE_OF_BIRTH",
            ),
            "DOB_EN": lambda: (
                rng.choice(
                    [
                        f"{day:02d}/{month:02d}/{year}",
                        f"{MONTHS_EN[month - 1]} {day}, {year}",
                        f"{day} {MONTHS_EN[month - 1]} {year}",
                    ]
                ),
                "DATE_OF_BIRTH",
            ),
            "LONGDATE": lambda: (
                f"{day}. {MONTHS_DE[month - 1]} {rng.randint(2020, 2026)}",
                "DATE_TIME",
            ),
            # A deadline is about the procedure, not the person: written like LONGDATE (same
            # draws from rng), left unlabelled since issue 20 (personal dates only).
            "DEADLINE": lambda: (f"{day}. {MONTHS_DE[month - 1]} {rng.randint(2020, 2026)}", ""),
            "LONGDATE_EN": lambda: (
                f"{MONTHS_EN[month - 1]} {day}, {rng.randint(2020, 2026)}",
                "DATE_TIME",
            ),
            "ADDRESS": lambda: (
                rng.choice(
                    [
                        f"{street} {number}, {rng.choice(TOWNS)}",
                        f"{street} {number}",
                        f"{street} {number} in {rng.choice(TOWNS)}",
                    ]
                ),
                "ADDRESS",
            ),
            "PLZORT": lambda: (rng.choice(TOWNS), "ADDRESS"),
            "HOMETOWN": lambda: (rng.choice(HOME_TOWNS), "LOCATION"),
            "EN_ADDRESS": lambda: (
                f"{rng.randint(1, 250)} {rng.choice(['Baker', 'High', 'Church', 'Victoria', 'Mill', 'Maple'])} {rng.choice(['Street', 'Road', 'Lane', 'Avenue'])}",
                "ADDRESS",
            ),
            # Unlabelled look-alikes.
            "AMOUNT": lambda: (
                rng.choice(
                    [
                        f"{rng.randint(100, 2500)},{rng.randint(0, 99):02d} €",
                        f"{rng.randint(1, 30)}.{rng.randint(100, 999)} Euro",
                        f"{rng.randint(50, 900)} EUR",
                    ]
                ),
                None,
            ),
            "AZ": lambda: (
                rng.choice(
                    [
                        f"WG-{rng.randint(2020, 2026)}-{rng.randint(10000, 99999)}",
                        f"{rng.randint(100, 999)}/{rng.randint(1000, 9999)}/{rng.randint(10, 99)}",
                        f"BG {rng.randint(100000, 999999)}",
                        f"KG-{rng.randint(1000000, 9999999)}",
                    ]
                ),
                None,
            ),
            "AUTH": lambda: (rng.choice(AUTHORITIES), None),
            "SHORTDATE": lambda: (f"{day:02d}.{month:02d}.{rng.randint(2022, 2026)}", None),
            "YEAR": lambda: (str(rng.randint(2019, 2026)), None),
            "COUNT": lambda: (str(rng.randint(2, 6)), None),
        }
        return table[slot]()


DE_TEMPLATES = [
    # Wohngeld
    "Sehr geehrte Damen und Herren, mein Name ist {NAME} und ich habe am {SHORTDATE} Wohngeld beantragt (Aktenzeichen {AZ}). Bis heute habe ich keinen Bescheid erhalten. Sie erreichen mich unter {PHONE}. Mit freundlichen Grüßen {NAME}",
    "Hallo, ich heiße {NAME}, wohne in der {ADDRESS} und möchte wissen, ob mein Wohngeldantrag vollständig ist. Meine E-Mail: {EMAIL}",
    "Guten Tag, bitte überweisen Sie das Wohngeld auf mein neues Konto: IBAN {IBAN}, BIC {BIC}. Kontoinhaberin: {NAME}.",
    "Wie hoch ist das Wohngeld für einen Haushalt mit {COUNT} Personen bei einer Miete von {AMOUNT}? Ich lebe allein und bin Rentnerin.",
    "Frau {LAST} vom Amt hat mir gesagt, dass noch eine Mietbescheinigung fehlt. Kann ich die per Mail an die {AUTH} schicken?",
    "Mein Vermieter, Herr {LAST}, weigert sich, die Mietbescheinigung auszufüllen. Was soll ich tun? Ich wohne seit {YEAR} in der {ADDRESS}.",
    # Bürgergeld
    "Sehr geehrte Frau {LAST}, anbei sende ich die Kontoauszüge für den Weiterbewilligungsantrag. Meine Versicherungsnummer lautet {SVNR}. Viele Grüße, {NAME}",
    "Ich beziehe Bürgergeld beim {AUTH} (BG-Nummer {AZ}). Mein Sohn {CHILDFULL} ist ausgezogen, wie melde ich das? Telefon: {PHONE}",
    "Hallo, hier schreibt {NAME}. Mein Arbeitgeber hat mir gekündigt. Meine Rentenversicherungsnummer ist {SVNR}, geboren am {DOB}.",
    "Kann das Jobcenter die Kosten für die Erstausstattung übernehmen? Ich habe einen Bescheid vom {SHORTDATE} über {AMOUNT} bekommen.",
    "Bitte rufen Sie mich zurück, ich bin unter {PHONE} erreichbar. {NAME}",
    # Kindergeld
    "Sehr geehrte Damen und Herren, für meine Tochter {CHILDFULL}, geboren am {DOB}, beantrage ich Kindergeld. Meine Steuer-ID: {TAXID}. Die Steuer-ID meiner Tochter: {TAXID}.",
    "Ich habe das Kindergeld für {CHILD} noch nicht bekommen. Kindergeldnummer {AZ}. Meine Steueridentifikationsnummer ist {TAXID}. Mit freundlichen Grüßen\n{NAME}",
    "Bitte zahlen Sie das Kindergeld ab sofort auf das Konto {IBAN} (Kontoinhaber: {NAME}).",
    "Wie lange wird Kindergeld gezahlt, wenn mein Kind eine Ausbildung macht? Die Familienkasse hat mir am {SHORTDATE} geschrieben.",
    "Mein Name ist {NAME}, ich bin alleinerziehend mit {COUNT} Kindern und habe eine Frage zum Kinderzuschlag.",
    # Elterngeld
    "Hallo, wir haben ein Baby bekommen! {CHILD} wurde am {LONGDATE} geboren. Ich ({NAME}) möchte Elterngeld beantragen. Meine Krankenversichertennummer: {KVNR}.",
    "Elterngeldantrag für {CHILDFULL}: Mutter {NAME}, Geburtsdatum {DOB}, wohnhaft in {HOMETOWN}. Rückfragen bitte an {EMAIL}.",
    "Kann ich Elterngeld Plus und Partnerschaftsbonus kombinieren? Mein Partner arbeitet 30 Stunden pro Woche.",
    "Ich bin bei der AOK versichert, KVNR {KVNR}. Reicht die Geburtsurkunde als Kopie? Gruß {FIRST}",
    # Meldebescheinigung
    "Ich brauche eine Meldebescheinigung. Ich bin am {SHORTDATE} von {HOMETOWN} nach Berlin gezogen und wohne jetzt in der {ADDRESS}.",
    "Guten Tag, mein Personalausweis (Nummer {IDCARD}) läuft ab. Kann ich gleichzeitig eine Meldebescheinigung beantragen? {NAME}",
    "Für die Anmeldung: {NAME}, geb. {DOB}, neue Anschrift {ADDRESS}, Reisepass {PASSPORT}.",
    "Wo finde ich das Formular für die Abmeldung ins Ausland? Das Bürgeramt hat nur dienstags geöffnet.",
    "Sehr geehrter Herr {LAST}, ich habe meinen Ausweis verloren. Die Ausweisnummer war {IDCARD}. Bitte sperren Sie ihn. Mit freundlichen Grüßen, {NAME}",
    # Kfz-Zulassung
    "Ich möchte mein Auto mit dem Kennzeichen {KFZ} abmelden. Halter: {NAME}, {ADDRESS}.",
    "Hallo, für die Ummeldung meines Fahrzeugs (amtliches Kennzeichen {KFZ}) brauche ich einen Termin. Erreichbar unter {PHONE} oder {EMAIL}.",
    "Die Kfz-Steuer wird von meinem Konto {IBAN} abgebucht, obwohl das Fahrzeug seit {SHORTDATE} stillgelegt ist.",
    "Welche Unterlagen brauche ich für die Zulassung eines Gebrauchtwagens? Ich habe Fahrzeugbrief und Versicherungsbestätigung.",
    # Complaints
    "Beschwerde: Ihr Mitarbeiter Herr {LAST} war am {LONGDATE} sehr unfreundlich zu mir. Ich erwarte eine Entschuldigung. {NAME}, Tel. {PHONE}",
    "Ich beschwere mich über die lange Bearbeitungszeit. Mein Antrag {AZ} liegt seit Monaten beim {AUTH}. Mit freundlichen Grüßen\n{NAME}\n{ADDRESS}",
    "Schon wieder wurde mir das Geld nicht überwiesen! Meine Kreditkarte {CC} wurde außerdem doppelt belastet. {NAME}",
    "Die Webseite funktioniert nicht, ich bekomme immer einen Fehler bei der Anmeldung von der IP {IP}. Mein Benutzername ist {EMAIL}.",
    "Sehr geehrte Frau Dr. {LAST}, ich widerspreche dem Bescheid vom {SHORTDATE} (Az. {AZ}). Begründung folgt. {NAME}",
    # Chatbot dialogues
    "Nutzer: Hallo, ich bin {FIRST}. Ich möchte Wohngeld beantragen.\nBot: Gerne, wie lautet Ihre Postleitzahl?\nNutzer: {PLZORT}",
    "Nutzer: Meine IBAN ist {IBAN}, stimmt das so?\nBot: Bitte teilen Sie keine Kontodaten im Chat.",
    "Nutzer: Können Sie mich unter {PHONE} zurückrufen? Ich heiße {NAME}.",
    "Nutzer: Was kostet ein neuer Reisepass?\nBot: Ein Reisepass kostet für Personen ab 24 Jahren 70 Euro.",
    "Nutzer: Ich bin {NAME}, geboren am {DOB}, und brauche eine Geburtsurkunde für meinen Sohn {CHILD}.",
    "Nutzer: Wann hat das Bürgeramt in Mitte geöffnet?\nBot: Montag bis Freitag von 8 bis 16 Uhr.",
    "Nutzer: Mein Mann {NAME} und ich wollen heiraten. Was brauchen wir? Meine Mail ist {EMAIL}.",
    "Nutzer: Ich habe eine Frage zu meinem Bescheid {AZ} vom {SHORTDATE}. Der Betrag von {AMOUNT} stimmt nicht.",
    # Mixed / other ids
    "Anbei meine Daten: Name: {NAME}, Geburtsdatum: {DOB}, Steuer-ID: {TAXID}, IBAN: {IBAN}, Telefon: {PHONE}, E-Mail: {EMAIL}.",
    "Für die Überweisung ins Ausland: IBAN {IBAN_EU}, Empfänger {NAME}.",
    "Mein Konto bei der österreichischen Bank: {IBAN_EU}. Bitte dorthin überweisen. {FIRST} {LAST}",
    "Liebe Frau {LAST}, danke für das nette Telefonat. Wie besprochen sende ich Ihnen die Unterlagen bis zum {DEADLINE}. Herzliche Grüße {NAME}",
    "Der Antrag des Herrn {NAME} wurde vom {AUTH} abgelehnt. Er ist unter {PHONE} erreichbar.",
]

EN_TEMPLATES = [
    "Hello, my name is {NAME} and I applied for housing benefit on {LONGDATE_EN}. You can reach me at {PHONE} or {EMAIL}.",
    "Dear Sir or Madam, I am writing about my child benefit application. My tax ID is {TAXID}. Kind regards, {NAME}",
    "Please transfer the payment to my account {IBAN}. Account holder: {NAME}.",
    "Hi, I'm {FIRST} and I just moved to Germany. How do I register my address at {ADDRESS}?",
    "What documents do I need to register a car in Germany? I have a UK driving licence.",
    "My date of birth is {DOB_EN} and my health insurance number is {KVNR}. Can you check my status?",
    "Mr {LAST} from your office told me to send my passport number: {PASSPORT}.",
    "I live at {EN_ADDRESS} and I want to apply for a residence certificate. Email: {EMAIL}",
    "Thank you for your help! Best regards,\n{NAME}",
    "Can I pay the fee by credit card? My card number is {CC}.",
    "How long does it take to process a parental allowance application? I submitted it three weeks ago.",
    "User: Hi, I need help with my Bürgergeld application.\nBot: Sure, what is your question?\nUser: My name is {NAME}, I was born on {DOB_EN}, and my social security number is {SVNR}.",
    "I cannot log in to the portal, my IP address is {IP} and my email is {EMAIL}.",
    "Please call me back on {PHONE}. Thanks, {FIRST}",
    "Mrs {LAST} said my ID card number {IDCARD} is invalid. What should I do?",
    "Is the Bürgeramt open on Saturdays? I need an appointment for a new ID card.",
    "My wife {NAME} and I would like to register our marriage. Our address is {ADDRESS}.",
    "The car with licence plate {KFZ} belongs to me, {NAME}. It was towed on {LONGDATE_EN}.",
    "Sincerely,\n{NAME}\n{EN_ADDRESS}\nPhone: {PHONE}",
    "I have a question about the notice from {SHORTDATE}, reference {AZ}, about an amount of {AMOUNT}.",
]

SLOT = re.compile(r"\{([A-Z_]+)\}")


def render(template: str, world: World) -> tuple[str, list[dict[str, object]]]:
    """Fills a template; returns the text and its labelled spans."""
    parts: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    length = 0
    for match in SLOT.finditer(template):
        literal = template[pos : match.start()]
        parts.append(literal)
        length += len(literal)
        value, label = world.value(match.group(1))
        if label:
            spans.append({"start": length, "end": length + len(value), "label": label})
        parts.append(value)
        length += len(value)
        pos = match.end()
    parts.append(template[pos:])
    return "".join(parts), spans


# ---------------------------------------------------------------------------- evasion
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
CYRILLIC = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "i": "і",
    "E": "Е",
    "A": "А",
    "M": "М",
    "K": "К",
}


def fullwidth(value: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)


def sprinkle(rng: random.Random, value: str, chars: list[str]) -> str:
    out = []
    for i, ch in enumerate(value):
        out.append(ch)
        if 0 < i < len(value) - 1 and rng.random() < 0.35:
            out.append(rng.choice(chars))
    return "".join(out)


def homoglyphs(rng: random.Random, value: str) -> str:
    out = [CYRILLIC.get(c, c) if rng.random() < 0.6 else c for c in value]
    if "".join(out) == value:
        out = [CYRILLIC.get(c, c) for c in value]
    return "".join(out)


def spaced(value: str, sep: str = " ") -> str:
    return sep.join(value.replace(" ", ""))


def obfuscate_email(rng: random.Random, email: str) -> str:
    local, domain = email.split("@")
    host, tld = domain.rsplit(".", 1)
    at, dot = rng.choice(
        [
            ("[at]", "[punkt]"),
            ("(at)", "(dot)"),
            (" [at] ", " [dot] "),
            ("{at}", "{punkt}"),
            (" (at) ", " (punkt) "),
            (" at ", " dot "),
        ]
    )
    return f"{local}{at}{host.replace('.', dot)}{dot}{tld}"


def evasion_case(rng: random.Random, index: int) -> dict[str, object]:
    lang = "de" if index % 4 else "en"
    world = World(rng, lang)
    kind = index % 12
    if kind == 0:
        value, label, prefix, suffix = (
            obfuscate_email(rng, world.email),
            "EMAIL_ADDRESS",
            "Schreiben Sie mir an ",
            ", danke.",
        )
    elif kind == 1:
        value, label, prefix, suffix = (
            urllib.parse.quote(world.email, safe="."),
            "EMAIL_ADDRESS",
            "Kontakt: ",
            " (bitte antworten)",
        )
    elif kind == 2:
        value, label, prefix, suffix = spaced(iban(rng)), "IBAN_CODE", "Meine IBAN: ", "."
    elif kind == 3:
        value, label, prefix, suffix = (
            rng.choice([".", "-", "/"]).join(re.findall(".{1,4}", iban(rng))),
            "IBAN_CODE",
            "Konto ",
            " bitte verwenden.",
        )
    elif kind == 4:
        value, label, prefix, suffix = (
            sprinkle(rng, f"{world.first} {world.last}", [*ZW, "\u00ad"]),
            "PERSON",
            "Mein Name ist ",
            " und ich brauche Hilfe.",
        )
    elif kind == 5:
        value, label, prefix, suffix = homoglyphs(rng, world.email), "EMAIL_ADDRESS", "E-Mail: ", ""
    elif kind == 6:
        value, label, prefix, suffix = (
            fullwidth(world.email),
            "EMAIL_ADDRESS",
            "Mail an ",
            " schicken.",
        )
    elif kind == 7:
        number = phone(rng).replace("+49", "0").replace("(0)", "")
        value, label, prefix, suffix = (
            spaced(re.sub(r"\D", "", number), rng.choice([" ", ".", "-"])),
            "PHONE_NUMBER",
            "Rufen Sie an: ",
            " (abends).",
        )
    elif kind == 8:
        value, label, prefix, suffix = (
            sprinkle(rng, group4(iban(rng)), ZW),
            "IBAN_CODE",
            "IBAN ",
            " - Danke!",
        )
    elif kind == 9:
        secret = rng.choice(
            [world.email, f"Mein Name ist {world.first} {world.last}", f"IBAN {iban(rng)}"]
        )
        encoder = rng.choice([base64.b64encode, base64.urlsafe_b64encode])
        value = (
            encoder(secret.encode()).decode().rstrip("=")
            if rng.random() < 0.5
            else encoder(secret.encode()).decode()
        )
        label = (
            "EMAIL_ADDRESS"
            if "@" in secret
            else ("IBAN_CODE" if secret.startswith("IBAN") else "PERSON")
        )
        prefix, suffix = "Daten (kodiert): ", " Ende."
    elif kind == 10:
        value, label, prefix, suffix = fullwidth(tax_id(rng)), "DE_TAX_ID", "Steuer-ID: ", "."
    else:
        value, label, prefix, suffix = (
            sprinkle(rng, phone(rng), [*ZW, "\u00ad"]),
            "PHONE_NUMBER",
            "Tel.: ",
            " bitte zurückrufen.",
        )
    if lang == "en":
        prefix = {
            "PERSON": "My name is ",
            "EMAIL_ADDRESS": "Email me at ",
            "IBAN_CODE": "My IBAN is ",
            "PHONE_NUMBER": "Call me on ",
            "DE_TAX_ID": "My tax ID is ",
        }[label]
        if kind == 9:
            prefix = "Encoded data: "
        suffix = " thanks."
    text = prefix + value + suffix
    return {
        "lang": lang,
        "text": text,
        "spans": [{"start": len(prefix), "end": len(prefix) + len(value), "label": label}],
    }


# ---------------------------------------------------------------------------- hand-written
MARK = re.compile(r"\[\[([A-Z_]+)\|(.+?)\]\]", re.S)


def parse_handwritten(path: Path) -> list[dict[str, object]]:
    """Reads ``[[LABEL|value]]`` markup; messages are separated by lines of ``---``."""
    samples = []
    blocks = re.split(r"\n---\n", path.read_text(encoding="utf-8"))
    for block in blocks:
        block = "\n".join(line for line in block.splitlines() if not line.startswith("#"))
        block = block.strip("\n")
        if not block:
            continue
        lang, _, body = block.partition("\n")
        text, spans, pos = "", [], 0
        for match in MARK.finditer(body):
            text += body[pos : match.start()]
            spans.append(
                {
                    "start": len(text),
                    "end": len(text) + len(match.group(2)),
                    "label": match.group(1),
                }
            )
            text += match.group(2)
            pos = match.end()
        text += body[pos:]
        samples.append({"lang": lang.strip(), "text": text, "spans": spans})
    return samples


def verify(samples: list[dict[str, object]]) -> None:
    """Checks generated identifiers against Presidio's own validators."""
    sys.path.insert(0, str(HERE.parents[2]))
    from presidio_analyzer.predefined_recognizers import (
        DeHealthInsuranceRecognizer,
        DeIdCardRecognizer,
        DeSocialSecurityRecognizer,
        DeTaxIdRecognizer,
        IbanRecognizer,
    )

    checks = {
        "DE_TAX_ID": DeTaxIdRecognizer(),
        "DE_SOCIAL_SECURITY": DeSocialSecurityRecognizer(),
        "DE_HEALTH_INSURANCE": DeHealthInsuranceRecognizer(),
        "DE_ID_CARD": DeIdCardRecognizer(),
        "DE_PASSPORT": DeIdCardRecognizer(),
        "IBAN_CODE": IbanRecognizer(),
    }
    for sample in samples:
        if sample["source"] != "generated":
            continue
        for span in sample["spans"]:
            check = checks.get(span["label"])
            if check is None:
                continue
            value = re.sub(r"\s", "", sample["text"][span["start"] : span["end"]])
            if check.validate_result(value) is not True:
                raise AssertionError(f"invalid {span['label']} generated: {value}")


def main() -> None:
    rng = random.Random(SEED)
    corpora: dict[str, list[dict[str, object]]] = {"de": [], "en": [], "evasion": []}
    for lang, templates, count in (("de", DE_TEMPLATES, 330), ("en", EN_TEMPLATES, 120)):
        for i in range(count):
            template = templates[i % len(templates)]
            text, spans = render(template, World(rng, lang))
            corpora[lang].append({"lang": lang, "text": text, "spans": spans})
    for i in range(120):
        corpora["evasion"].append(evasion_case(rng, i))
    for name in ("handwritten", "holdout", "holdout2"):
        if (HERE / f"{name}.txt").exists():
            corpora[name] = parse_handwritten(HERE / f"{name}.txt")
    for name, samples in corpora.items():
        for i, sample in enumerate(samples):
            sample["id"] = f"{name}-{i:04d}"
            sample["source"] = (
                name if name in ("handwritten", "holdout", "holdout2") else "generated"
            )
        if name != "evasion":
            verify(samples)
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for sample in samples:
                ordered = {k: sample[k] for k in ("id", "lang", "source", "text", "spans")}
                handle.write(json.dumps(ordered, ensure_ascii=False) + "\n")
        print(f"{name}.jsonl: {len(samples)} messages")


if __name__ == "__main__":
    main()
