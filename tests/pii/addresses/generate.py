# ruff: noqa: E501  (template and value tables read best on one line each)
"""Generates the labelled address and date sets of issue 20 (deterministic; re-run to rebuild).

Usage:
    .venv/bin/python tests/pii/addresses/generate.py

Writes, next to this script, in the corpus format of tests/pii/corpus ({"id", "lang",
"source", "text", "spans"}):
    tune.jsonl      what the recognizers were developed and tuned against
    holdout.jsonl   never used for tuning: other street names, towns and carrier sentences,
                    and one template family per language that tune.jsonl does not have at
                    all (an envelope layout: the address on several lines, with a unit line
                    in English and a PO box / Postfach line)
    holdout_b.jsonl a second hold-out (own seed, carrier sentences and signature frames,
                    the hold-out's street and town pools), written after the first hold-out
                    had shown three bugs, to measure the fixed recognizer on unseen text
    holdout_c.jsonl a third hold-out written after every fix: own seed, carrier sentences,
                    and street names and towns no other set uses (FRESH)

Every name, street and code is invented or a common word; ZIP codes and postcodes only have
the right shape. Addresses are labelled ADDRESS as a whole (street to postcode); personal
dates DATE_OF_BIRTH or DATE_TIME; dates that are no one's (deadlines, history, document
dates) are left unlabelled, so redacting them counts against precision.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20
MARK = re.compile(r"\[\[([A-Z_]+)\|(.+?)\]\]", re.S)

# ---------------------------------------------------------------------------- word pools
# Pools are split by position: even entries for tune, odd entries for the hold-out.
EN_STREET_NAMES = (
    "Oak Maple Baker High Church Station Park Mill King Queen Victoria Elm Cedar Washington "
    "Lincoln Jefferson Pennsylvania Lake River Market Bridge Chapel Green Willow Birch Chestnut "
    "Walnut Spruce Pine Hickory Sycamore Highland Meadow Forest Sunset Ridge Valley Spring "
    "Windsor Albert Kingsley Grove Orchard Manor Abbey Castle Harbour Cherry Beech Ash Hawthorn "
    "Rosewood Fairview Lakeview Hillside Riverside Woodland Madison Monroe Franklin Jackson "
    "Wilson Adams Clinton Franklin Garfield Grant Hamilton Harrison Hayes Kennedy Pierce Polk "
    "Taylor Tyler Hudson Mercer Prospect Union Liberty Commerce Central Broad Front Water "
    "Pleasant Mulberry Holly Laurel Magnolia Poplar Dogwood Juniper Aspen Sherwood Canterbury"
).split()
EN_TWO_WORD = ["Old Mill", "New Bridge", "St. James", "Martin Luther King", "Prince Albert", "East Park", "West End", "North Hill", "South Bank", "Mount Pleasant", "Saint Mary", "Old Church"]
EN_TYPES_COMMON = ["Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Drive", "Dr", "Boulevard", "Blvd", "Way", "Court", "Ct", "Place", "Pl", "Close", "Crescent", "Terrace", "Gardens", "Grove", "Square", "Circle", "Parkway", "Highway", "Trail", "Row", "Mews", "Walk"]
# Types a careful writer uses but that are rarer; some are beyond what the recognizer knows.
EN_TYPES_RARE = ["Cres.", "Ter", "Pkwy", "Hwy", "Cir", "Sq", "Crossing", "Point", "Cove", "Wynd", "Esplanade", "Heights"]
US_PLACES = [("Springfield", "IL"), ("Portland", "OR"), ("Austin", "TX"), ("Denver", "CO"), ("Madison", "WI"), ("Columbus", "OH"), ("Salem", "MA"), ("Raleigh", "NC"), ("Boise", "ID"), ("Tucson", "AZ"), ("Albany", "NY"), ("Dover", "DE"), ("Fresno", "CA"), ("Omaha", "NE"), ("Trenton", "NJ"), ("Eugene", "OR"), ("New York", "NY"), ("Kansas City", "MO"), ("Los Angeles", "CA"), ("Saint Paul", "MN"), ("Baton Rouge", "LA"), ("Ann Arbor", "MI"), ("Santa Fe", "NM"), ("Little Rock", "AR"), ("Washington", "DC"), ("Burlington", "VT"), ("Savannah", "GA"), ("Tulsa", "OK")]
US_STATE_NAMES = {"IL": "Illinois", "OR": "Oregon", "TX": "Texas", "CO": "Colorado", "WI": "Wisconsin", "OH": "Ohio", "MA": "Massachusetts", "NC": "North Carolina", "NY": "New York", "CA": "California"}
UK_TOWNS = [("Leeds", "LS"), ("London", "SW"), ("Bristol", "BS"), ("Manchester", "M"), ("Sheffield", "S"), ("York", "YO"), ("Oxford", "OX"), ("Cambridge", "CB"), ("Bath", "BA"), ("Leicester", "LE"), ("Norwich", "NR"), ("Brighton", "BN"), ("Cardiff", "CF"), ("Edinburgh", "EH"), ("Glasgow", "G"), ("Exeter", "EX"), ("Durham", "DH"), ("Reading", "RG"), ("Derby", "DE"), ("Hull", "HU")]
DE_STREET_BASES = (
    "Goethe Schiller Linden Kastanien Eichen Birken Ahorn Rosen Tulpen Garten Kirch Schul Bahnhof "
    "Berg Wald Feld Wiesen Mühlen Brunnen Markt Post Hafen Burg Schloss Sonnen Lerchen Finken "
    "Amsel Drossel Buchen Tannen Fichten Erlen Weiden Pappel Holunder Flieder Nelken Veilchen "
    "Lessing Herder Heine Mozart Beethoven Bach Händel Kant Fichte Humboldt Leibniz Kepler Dürer "
    "Luther Bismarck Uhland Mörike Eichendorff Fontane Storm Rilke Brecht Hölderlin Novalis"
).split()
DE_SUFFIXES = ["straße", "str.", "weg", "allee", "gasse", "platz", "ring", "damm", "pfad", "steig", "ufer", "graben"]
DE_HYPHEN_PEOPLE = ["Karl-Marx", "Rosa-Luxemburg", "Friedrich-Ebert", "Konrad-Adenauer", "Willy-Brandt", "Otto-Hahn", "Max-Planck", "Robert-Koch", "Albert-Einstein", "Käthe-Kollwitz", "Heinrich-Heine", "Clara-Zetkin", "Bertha-von-Suttner", "Theodor-Heuss", "Kurt-Schumacher", "Sophie-Scholl"]
DE_ADJ_STREETS = ["Berliner Straße", "Hamburger Straße", "Leipziger Straße", "Kölner Straße", "Frankfurter Allee", "Alte Gasse", "Lange Straße", "Hohe Straße", "Breite Straße", "Neue Straße", "Alter Markt", "Neuer Weg", "Langer Graben", "Kleiner Ring", "Münchner Straße", "Dresdner Straße", "Potsdamer Platz", "Bremer Straße", "Hannoversche Straße", "Stuttgarter Straße"]
DE_PREFIX_STREETS = ["Am Markt", "An der Kirche", "Am Bahnhof", "Im Winkel", "Zum Sportplatz", "Auf dem Berg", "In der Aue", "Am Mühlbach", "An den Eichen", "Zur Linde", "Am Eichenhain", "Im Grund", "Auf der Höhe", "Hinter der Mauer", "Am Schlosspark", "Unter den Linden", "Am Anger", "Im Feld", "Vor dem Tor", "Am Stadtgraben"]
DE_OF_STREETS = ["Platz der Republik", "Straße des 17. Juni", "Platz der Einheit", "Straße der Freundschaft", "Platz der Deutschen Einheit", "Straße der Jugend", "Platz der Freiheit", "Straße des Friedens"]
DE_TOWNS = ["10115 Berlin", "20095 Hamburg", "80331 München", "50667 Köln", "60311 Frankfurt am Main", "70173 Stuttgart", "40213 Düsseldorf", "04109 Leipzig", "01067 Dresden", "30159 Hannover", "90402 Nürnberg", "28195 Bremen", "44135 Dortmund", "45127 Essen", "53111 Bonn", "48143 Münster", "24103 Kiel", "18055 Rostock", "99084 Erfurt", "39104 Magdeburg", "06108 Halle (Saale)", "14467 Potsdam", "55116 Mainz", "65183 Wiesbaden", "66111 Saarbrücken", "79098 Freiburg im Breisgau", "37073 Göttingen", "97070 Würzburg", "93047 Regensburg", "86150 Augsburg", "34117 Kassel", "26122 Oldenburg", "07743 Jena", "03046 Cottbus", "23552 Lübeck", "15230 Frankfurt (Oder)", "12345 Musterstadt", "98765 Beispielheim", "54290 Trier", "89073 Ulm"]


# Pools no earlier set has drawn from, for holdout_c (written after every fix).
FRESH: dict[int, list] = {
    id(EN_STREET_NAMES): "Bramble Hazel Foxglove Heather Thistle Primrose Yew Larch Alder Rowan Sorrel Clover Ivy Fern Wren Lark Robin Heron Kestrel Falcon Badger Otter".split(),
    id(EN_TWO_WORD): ["Lower Mill", "Upper Green", "King Edward", "Queen Anne"],
    id(US_PLACES): [("Flagstaff", "AZ"), ("Duluth", "MN"), ("Spokane", "WA"), ("Macon", "GA"), ("Peoria", "IL"), ("Akron", "OH"), ("Provo", "UT"), ("Billings", "MT"), ("Fort Wayne", "IN"), ("Sioux Falls", "SD")],
    id(UK_TOWNS): [("Lincoln", "LN"), ("Chester", "CH"), ("Worcester", "WR"), ("Carlisle", "CA"), ("Truro", "TR"), ("Perth", "PH"), ("Stockport", "SK"), ("Swansea", "SA")],
    id(DE_STREET_BASES): "Kranich Reiher Storch Falken Adler Habicht Eulen Hasel Wacholder Schlehen Ginster Heide Moor Kiefern Raben Meisen".split(),
    id(DE_HYPHEN_PEOPLE): ["Hannah-Arendt", "Marie-Curie", "Carl-Zeiss", "Lise-Meitner", "Annette-Kolb"],
    id(DE_ADJ_STREETS): ["Weimarer Straße", "Jenaer Straße", "Alte Allee", "Großer Graben", "Mainzer Straße", "Krumme Straße"],
    id(DE_PREFIX_STREETS): ["Am Teich", "An der Mühle", "Im Wiesengrund", "Zum Kiefernwald", "Auf dem Kamp"],
    id(DE_OF_STREETS): ["Straße der Einheit", "Platz des Friedens", "Straße der Republik"],
    id(DE_TOWNS): ["33602 Bielefeld", "49074 Osnabrück", "38100 Braunschweig", "83022 Rosenheim", "94032 Passau", "96047 Bamberg", "72764 Reutlingen", "25746 Heide", "57072 Siegen", "08056 Zwickau"],
}


def split(pool: list, part: str) -> list:
    """Even entries for tune, odd for the hold-outs, fresh ones for holdout_c."""
    if part == "fresh":
        return FRESH[id(pool)]
    return pool[0::2] if part == "tune" else pool[1::2]


# ---------------------------------------------------------------------------- English
def uk_postcode(rng: random.Random, area: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{area}{rng.randint(1, 19)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def en_street(rng: random.Random, part: str) -> str:
    name = rng.choice(split(EN_TWO_WORD, part)) if rng.random() < 0.15 else rng.choice(split(EN_STREET_NAMES, part))
    if rng.random() < 0.12:
        name = _ordinal(rng.randint(1, 99))
    kind = rng.choice(EN_TYPES_RARE) if rng.random() < 0.1 else rng.choice(EN_TYPES_COMMON)
    number = str(rng.choice([rng.randint(1, 99), rng.randint(100, 999), rng.randint(1000, 19999)]))
    if rng.random() < 0.1:
        number += rng.choice("ABC")
    pre = rng.choice(["N ", "S ", "E ", "W ", "North ", "West "]) if rng.random() < 0.1 else ""
    post = rng.choice([" NW", " NE", " SW", " SE", " N", " S"]) if rng.random() < 0.08 else ""
    return f"{number} {pre}{name} {kind}{post}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def us_tail(rng: random.Random, part: str) -> str:
    city, state = rng.choice(split(US_PLACES, part))
    if state in US_STATE_NAMES and rng.random() < 0.2:
        state = US_STATE_NAMES[state]
    zip_code = f"{rng.randint(10000, 99999)}" + (f"-{rng.randint(1000, 9999)}" if rng.random() < 0.15 else "")
    return f"{city}, {state} {zip_code}"


def uk_tail(rng: random.Random, part: str) -> str:
    town, area = rng.choice(split(UK_TOWNS, part))
    return f"{town} {uk_postcode(rng, area)}"


def en_unit(rng: random.Random) -> str:
    return rng.choice([f"Apt {rng.randint(1, 40)}", f"Apt. {rng.randint(1, 9)}{rng.choice('ABCD')}", f"Suite {rng.randint(100, 900)}", f"Unit {rng.randint(1, 30)}", f"#{rng.randint(1, 300)}", f"Flat {rng.randint(1, 12)}"])


def en_address(rng: random.Random, family: str, part: str) -> str:
    street = en_street(rng, part)
    if family == "us_full":
        address = f"{street}, {us_tail(rng, part)}"
        return address.upper() if rng.random() < 0.1 else address  # USPS style
    if family == "uk_full":
        flat = f"Flat {rng.randint(1, 12)}, " if rng.random() < 0.3 else ""
        return f"{flat}{street}, {uk_tail(rng, part)}"
    if family == "bare":
        return street
    if family == "po_box":
        box = rng.choice(["P.O. Box", "PO Box", "P. O. Box", "Post Office Box"])
        tail = us_tail(rng, part) if rng.random() < 0.6 else uk_tail(rng, part)
        return f"{box} {rng.randint(1, 99999)}, {tail}"
    if family == "unit_after":
        return f"{street}, {en_unit(rng)}, {us_tail(rng, part)}"
    if family == "unit_before":
        return f"{en_unit(rng)}, {street}, {uk_tail(rng, part) if rng.random() < 0.5 else us_tail(rng, part)}"
    if family == "envelope":  # hold-out only
        lines = [street]
        if rng.random() < 0.5:
            lines.append(en_unit(rng))
        if rng.random() < 0.25:
            lines = [f"{rng.choice(['PO Box', 'P.O. Box'])} {rng.randint(1, 9999)}"]
        lines.append(us_tail(rng, part) if rng.random() < 0.5 else uk_tail(rng, part))
        return "\n".join(lines)
    raise ValueError(family)


EN_FRAMES = {
    "tune": [
        "I live at {A}.", "My address is {A}.", "Please send the forms to {A}.", "We moved to {A} in the spring.",
        "Mail for me should go to {A}, thanks.", "Address: {A}", "My new address is {A} and my old one is no longer valid.",
        "The landlord lives at {A}.", "Could you update my record to {A}?",
    ],
    "holdout": [
        "Our family recently relocated to {A}.", "Correspondence address - {A}.", "Deliver the parcel to {A} please.",
        "Her registered residence: {A}", "He gave {A} as his home address.", "Send the refund cheque to {A}.",
        "Hi, my mother lives at {A} and needs the form too.", "Current address {A}; previous address unknown.",
    ],
}
EN_FRAMES["holdout_b"] = [
    "The tenant, who resides at {A}, has not paid.", "Return address: {A}", "I have been living at {A} since 2019.",
    "Kindly forward my post to {A} until further notice.", "Our office moved; mail to {A} reaches us.", "Ship to {A}, leave at the door.",
    "My daughter's address is {A}.", "He was registered at {A} according to the form.",
]
EN_ENVELOPE_FRAMES = ["Kind regards,\n[[PERSON|Jane Doe]]\n{A}", "Sender:\n{A}\n\nDear Sir or Madam,", "Please write to:\nMr T. [[PERSON|Brown]]\n{A}"]
EN_FRAMES["holdout_c"] = [
    "Please note my home address: {A}.", "The claimant's address is {A}.", "You can find us at {A} on weekdays.",
    "Send the reply to {A} and not to my work.", "Previous address {A} (until May).", "I rent a room at {A}.",
]
ENVELOPE_FRAMES_C = {
    "en": ["Best wishes,\n[[PERSON|Alex Morgan]]\n{A}", "Applicant:\nMr J. [[PERSON|Okafor]]\n{A}"],
    "de": ["Freundliche Grüße\n[[PERSON|Lena Kranich]]\n{A}", "Antragsteller:\nHerr P. [[PERSON|Beispielsohn]]\n{A}"],
}
ENVELOPE_FRAMES_B = {
    "en": ["Yours faithfully,\n[[PERSON|Sam Carter]]\n{A}", "From:\nMs A. [[PERSON|Green]]\n{A}\n\nTo whom it may concern,"],
    "de": ["Viele Grüße\n[[PERSON|Jonas Beispielmann]]\n{A}", "Von:\nFrau M. [[PERSON|Musterfrau]]\n{A}\n\nGuten Tag,"],
}
EN_FAMILIES = ["us_full", "uk_full", "bare", "po_box", "unit_after", "unit_before"]

# ---------------------------------------------------------------------------- German
def de_street(rng: random.Random, part: str) -> str:
    roll = rng.random()
    if roll < 0.45:
        base = rng.choice(split(DE_STREET_BASES, part))
        street = base + rng.choice(DE_SUFFIXES)
    elif roll < 0.6:
        street = rng.choice(split(DE_HYPHEN_PEOPLE, part)) + rng.choice(["-Straße", "-Str.", "-Allee", "-Platz", "-Ring", "-Weg"])
    elif roll < 0.8:
        street = rng.choice(split(DE_ADJ_STREETS, part))
    elif roll < 0.93:
        street = rng.choice(split(DE_PREFIX_STREETS, part))
    else:
        street = rng.choice(split(DE_OF_STREETS, part))
    number = str(rng.randint(1, 180))
    if rng.random() < 0.25:
        number += rng.choice(["a", "b", "c", " a", " b"])
    elif rng.random() < 0.1:
        number += f"-{int(number) + rng.randint(1, 6)}"
    return f"{street} {number}"


def de_address(rng: random.Random, family: str, part: str) -> str:
    street = de_street(rng, part)
    town = rng.choice(split(DE_TOWNS, part))
    if family == "full":
        return f"{street}, {town}"
    if family == "in_town":
        return f"{street} in {town}"
    if family == "bare":
        return street
    if family == "unit":
        unit = rng.choice([f"Whg. {rng.randint(1, 20)}", f"{rng.randint(1, 5)}. OG", "Hinterhaus", "EG", f"Wohnung {rng.randint(1, 12)}"])
        return f"{street}, {unit}, {town}"
    if family == "envelope":  # hold-out only
        if rng.random() < 0.3:
            return f"Postfach {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}\n{town}"
        return f"{street}\n{town}"
    raise ValueError(family)


DE_FRAMES = {
    "tune": [
        "Ich wohne in der {A}.", "Meine Adresse lautet {A}.", "Bitte schicken Sie den Bescheid an {A}.", "Neue Anschrift: {A}",
        "Wir sind in die {A} umgezogen.", "Meine Mutter wohnt {A}, bitte dorthin.", "Die Wohnung liegt {A} im zweiten Stock.",
        "Meldeadresse {A}, seit März.",
    ],
    "holdout": [
        "Zustellung bitte an {A}.", "Unsere Familie ist nach {A} gezogen.", "Der Vermieter hat seinen Sitz in der {A}.",
        "Postanschrift des Antragstellers: {A}", "Seit Januar lebe ich {A}.", "Meine bisherige Wohnanschrift war {A}, die neue kommt noch.",
        "Rechnungsadresse {A} - bitte ändern.",
    ],
}
DE_FRAMES["holdout_b"] = [
    "Ich bin vor kurzem in die {A} gezogen.", "Absenderadresse: {A}", "Der Mieter wohnt seit 2019 {A}.", "Bitte die Post bis auf Weiteres an {A} nachsenden.",
    "Unser Sohn ist jetzt unter {A} gemeldet.", "Lieferanschrift {A}, bitte klingeln.", "Die Eigentümerin hat die Anschrift {A} angegeben.",
]
DE_FRAMES["holdout_c"] = [
    "Meine Wohnanschrift: {A}.", "Ich bin unter der Adresse {A} erreichbar.", "Die Antragstellerin wohnt {A}.",
    "Bitte ändern Sie meine Adresse auf {A}.", "Wir wohnen seit dem Frühjahr {A}.", "Zustelladresse {A}, Briefkasten links.",
]
DE_ENVELOPE_FRAMES = ["Mit freundlichen Grüßen\n[[PERSON|Erika Beispiel]]\n{A}", "Absender:\n{A}\n\nSehr geehrte Damen und Herren,", "Bitte senden an:\nHerrn K. [[PERSON|Muster]]\n{A}"]
DE_FAMILIES = ["full", "in_town", "bare", "unit"]

# ---------------------------------------------------------------------------- dates
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

DATE_FRAMES = {
    "tune": {
        "de": [
            "Ich bin am [[DATE_OF_BIRTH|{D}]] in [[LOCATION|Köln]] geboren.", "Geburtsdatum: [[DATE_OF_BIRTH|{N}]]", "Mein Sohn, geb. [[DATE_OF_BIRTH|{D}]], geht zur Schule.",
            "Meine Tochter wurde am [[DATE_OF_BIRTH|{D}]] geboren.", "Mein Vater ist am [[DATE_TIME|{D}]] verstorben.", "Ich habe am [[DATE_TIME|{D}]] Wohngeld beantragt.",
            "Herr [[PERSON|Becker]] war am [[DATE_TIME|{D}]] bei uns im Amt.", "Wir haben am [[DATE_TIME|{D}]] geheiratet.",
            "Bitte reichen Sie die Unterlagen bis zum {D} ein.", "Die Frist endet am {D}.", "Am {D} trat das Gesetz in Kraft.",
            "Im Jahr {Y} wurde die Kirche gebaut.", "Im Mai beginnt die Saison.", "Der Bescheid vom {N} ist bestandskräftig.",
            "Die Verordnung vom {D} regelt die Zuständigkeit.", "Im Sommer {Y} fand das Turnier statt.", "Kinder, die nach dem {D} geboren sind, erhalten den Zuschlag.",
        ],
        "en": [
            "I was born on [[DATE_OF_BIRTH|{E}]].", "Date of birth: [[DATE_OF_BIRTH|{N}]]", "My daughter was born in [[DATE_OF_BIRTH|{M}]].",
            "My husband died on [[DATE_TIME|{E}]].", "I applied for the benefit on [[DATE_TIME|{E}]].", "We got married on [[DATE_TIME|{E}]].",
            "The application must be submitted by {E}.", "The law took effect on {E}.", "In {Y} the bridge was completed.",
            "The season starts in May.", "The deadline is {E}.",
        ],
    },
    "holdout_b": {
        "de": [
            "Geboren am [[DATE_OF_BIRTH|{D}]] in [[LOCATION|Hamm]], deutsche Staatsangehörige.", "Mein Mann ist am [[DATE_TIME|{D}]] verstorben, ich brauche die Sterbeurkunde.",
            "Ich habe am [[DATE_TIME|{D}]] meinen Job verloren.", "Am [[DATE_TIME|{D}]] hatte ich einen Termin bei Herrn [[PERSON|Schulte]].",
            "Die Abgabefrist endet am {D}.", "Am {D} wurde die Mauer geöffnet.", "Das Gesetz in der Fassung vom {D} gilt weiter.",
            "Im April {Y} tagte der Rat.", "Zwischen Januar und März ist das Amt geschlossen.", "Die Brücke wurde im Jahr {Y} eröffnet.",
        ],
        "en": [
            "Date of birth [[DATE_OF_BIRTH|{E}]], nationality British.", "I got divorced on [[DATE_TIME|{E}]].", "My appointment with Mrs [[PERSON|Patel]] was on [[DATE_TIME|{E}]].",
            "Submit the form no later than {E}.", "The museum opened on {E}.", "The regulation of {E} still applies.", "In October the office is closed.",
        ],
    },
    "holdout_c": {
        "de": [
            "Geburtsdatum des Kindes: [[DATE_OF_BIRTH|{N}]]", "Meine Frau und ich haben am [[DATE_TIME|{D}]] geheiratet.",
            "Frau [[PERSON|Brandt]] hat mir am [[DATE_TIME|{D}]] die Kündigung geschickt.", "Die Ausschlussfrist läuft am {D} ab.",
            "Am {D} fand die erste Sitzung des Rates statt.", "Im Dezember {Y} fror der Fluss zu.", "Die Satzung vom {D} regelt das.",
        ],
        "en": [
            "I was born [[DATE_OF_BIRTH|{E}]] in a small town.", "My father passed away on [[DATE_TIME|{E}]].",
            "The deadline for objections is {E}.", "The station opened on {E}.", "In March {Y} the river flooded.",
        ],
    },
    "holdout": {
        "de": [
            "Unser Kind kam am [[DATE_OF_BIRTH|{D}]] zur Welt, wir beantragen Elterngeld.", "Antragsteller, geboren [[DATE_OF_BIRTH|{N}]], ledig.",
            "Jahrgang [[DATE_OF_BIRTH|{B}]], wohnhaft in [[LOCATION|Kiel]].", "Meine Großmutter ist am [[DATE_TIME|{D}]] gestorben.",
            "Seit dem [[DATE_TIME|{D}]] bin ich arbeitslos.", "Frau [[PERSON|Yilmaz]] hat mich am [[DATE_TIME|{D}]] angerufen.",
            "Die Einreichung ist spätestens am {D} möglich.", "Der Antrag muss bis spätestens {D} vorliegen.", "Am {D} wurde der Vertrag von Lissabon unterzeichnet.",
            "Im Jahre {Y} brannte das Rathaus ab.", "Der Markt findet im Oktober statt.", "Die Stadt wurde {Y} gegründet.",
            "Laut Gesetz vom {D} gilt die neue Regel.", "Im Herbst {Y} stieg die Zahl der Anträge.",
        ],
        "en": [
            "My son was born on [[DATE_OF_BIRTH|{E}]] in [[LOCATION|Leeds]].", "DOB [[DATE_OF_BIRTH|{N}]]", "Her birthday is [[DATE_OF_BIRTH|{E}]].",
            "My mother passed away on [[DATE_TIME|{E}]].", "I moved here on [[DATE_TIME|{E}]] with my family.",
            "Forms are due by {E}.", "The treaty was signed on {E}.", "In {Y} the company was founded.", "Applications open in March.",
            "The rule applies from {E}.",
        ],
    },
}


def fill_date_frame(rng: random.Random, frame: str) -> str:
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    year = rng.randint(1930, 2026)
    values = {
        "D": f"{day}. {MONTHS_DE[month - 1]} {year}",
        "E": rng.choice([f"{MONTHS_EN[month - 1]} {day}, {year}", f"{day} {MONTHS_EN[month - 1]} {year}"]),
        "N": rng.choice([f"{day:02d}.{month:02d}.{year}", f"{year}-{month:02d}-{day:02d}"]),
        "M": f"{MONTHS_EN[month - 1]} {year}",
        "Y": str(rng.randint(1500, 2020)),
        "B": str(year),
    }
    return re.sub(r"\{([A-Z])\}", lambda m: values[m.group(1)], frame)


# ---------------------------------------------------------------------------- output
def parse(text: str) -> tuple[str, list[dict[str, object]]]:
    """Turns ``[[LABEL|value]]`` markup into text and spans."""
    out, spans, pos = "", [], 0
    for match in MARK.finditer(text):
        out += text[pos : match.start()]
        spans.append({"start": len(out), "end": len(out) + len(match.group(2)), "label": match.group(1)})
        out += match.group(2)
        pos = match.end()
    return out + text[pos:], spans


def build(part: str, rng: random.Random) -> list[dict[str, object]]:
    samples: list[dict[str, object]] = []
    per_family = 40 if part == "tune" else 50
    for lang, families, frames, envelope_frames, make in (
        ("en", EN_FAMILIES, EN_FRAMES, EN_ENVELOPE_FRAMES, en_address),
        ("de", DE_FAMILIES, DE_FRAMES, DE_ENVELOPE_FRAMES, de_address),
    ):
        chosen = families if part == "tune" else [*families, "envelope"]
        pools = {"tune": "tune", "holdout_c": "fresh"}.get(part, "holdout")  # streets, towns
        if part in ("holdout_b", "holdout_c"):
            envelope_frames = (ENVELOPE_FRAMES_B if part == "holdout_b" else ENVELOPE_FRAMES_C)[lang]
        for family in chosen:
            for _ in range(per_family):
                address = make(rng, family, pools)
                frame = rng.choice(envelope_frames if family == "envelope" else frames[part])
                text, spans = parse(frame.replace("{A}", f"[[ADDRESS|{address}]]"))
                samples.append({"lang": lang, "source": f"address-{family}", "text": text, "spans": spans})
    for lang, frames in DATE_FRAMES[part].items():
        for frame in frames:
            for _ in range(6):
                text, spans = parse(fill_date_frame(rng, frame))
                kind = "personal" if spans else "ordinary"
                samples.append({"lang": lang, "source": f"date-{kind}", "text": text, "spans": spans})
    return samples


def main() -> None:
    for part in ("tune", "holdout", "holdout_b", "holdout_c"):
        rng = random.Random(f"{SEED}-{part}")
        samples = build(part, rng)
        with (HERE / f"{part}.jsonl").open("w", encoding="utf-8") as handle:
            for i, sample in enumerate(samples):
                ordered = {"id": f"{part}-{i:04d}", **sample}
                ordered = {k: ordered[k] for k in ("id", "lang", "source", "text", "spans")}
                handle.write(json.dumps(ordered, ensure_ascii=False) + "\n")
        print(f"{part}.jsonl: {len(samples)} messages")


if __name__ == "__main__":
    main()
