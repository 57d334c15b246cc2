"""Key-aware detection in structured data: JSON objects, tables and ``Key: value`` lines.

A key or column header that names personal data ("nachname", "E-Mail", "IBAN",
"Geburtsdatum", "Anschrift", ...) marks its values as that entity, whatever they look like:
``{"nachname": "Kowalczyk"}`` has no cue a name recognizer could use, and the second row of
a CSV table has no cue at all. Pure functions over text; the recognizer in
:mod:`pii.recognizers.structured` and the gateway's JSON walker use them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote_plus

from pii.capitals_inverted_names import scan_capitals_inverted_names
from pii.chat_export import scan_chat_headers
from pii.inverted_names import scan_inverted_names
from pii.lexicon import (
    ORGANISATION_HEADS,
    is_ordinary_word,
    load_lexicon,
    names_an_office_word,
)
from pii.mail_headers import scan_mail_headers
from pii.recognizers.debt_files import DEBT_CONTEXT
from pii.structured_records import (
    scan_gedcom,
    scan_hl7,
    scan_mrz,
    scan_record_birth_dates,
)
from pii.word_frequency import zipf

KEYED_SCORE = 0.9
MAX_KEY_CHARS = 40
MAX_VALUE_CHARS = 120
MAX_KEY_WORDS = 3

# Normalised key (lower case, words separated by one space) -> entity type.
# fmt: off
_VOCABULARY: dict[str, tuple[str, ...]] = {
    "PERSON": (
        "name", "vorname", "nachname", "familienname", "geburtsname", "rufname", "vornamen",
        "vor und nachname", "vor und zuname", "zuname", "mädchenname", "kundenname",
        "kunde", "kundin", "antragsteller", "antragstellerin", "antragstellende person",
        "bürger", "bürgerin", "patient", "patientin", "ansprechpartner", "ansprechpartnerin",
        "kontaktperson", "versicherte", "versicherter", "mitarbeiter", "mitarbeiterin",
        "sachbearbeiter", "sachbearbeiterin", "person", "personenname", "vollständiger name",
        "unterschrift", "inhaber", "kontoinhaber", "kontoinhaberin", "mieter", "mieterin",
        "vermieter", "vermieterin", "erziehungsberechtigte", "kind", "ehepartner",
        "ehepartnerin", "surname", "firstname", "first name", "lastname", "last name",
        "full name", "fullname", "given name", "family name", "middle name", "customer",
        "customer name", "applicant", "client", "contact", "contact person", "employee",
        "patient name", "account holder", "tenant", "landlord", "spouse", "guardian",
        "signature", "signed", "recipient name", "sender name",
        # Git's author lines and commit trailers ("Reported-by: Name <mail>").
        "author", "committer", "co authored by", "reported by", "reviewed by", "acked by",
        "tested by", "suggested by", "helped by", "requested by",
        # Roles a payment, letter or call names a person by (an organisation there is
        # redacted too: fails safe).
        "recipient", "empfänger", "empfängerin", "zahlungsempfänger", "zahlungsempfängerin",
        "beneficiary", "begünstigter", "begünstigte", "payee", "absender", "absenderin",
        "caller", "anrufer", "anruferin", "policyholder", "versicherungsnehmer",
        "versicherungsnehmerin", "payer", "payers", "zahler", "zahlerin", "einzahler",
        "einzahlerin", "zahlungspflichtige", "zahlungspflichtiger", "debtor", "schuldner",
        "schuldnerin", "sender", "cardholder", "card holder", "karteninhaber",
        "karteninhaberin", "account owner", "landlords", "vermieterinnen", "auftraggeber",
        "auftraggeberin", "account holder name",
        # Name parts as forms and registers head them (also in the plural).
        "forename", "forenames", "fore name", "given names", "first names", "middle names",
        "last names", "surnames", "family names", "maiden name", "birth name", "christian name",
        "nachnamen", "familiennamen", "geburtsnamen", "rufnamen", "zunamen", "vorname n",
        "nachname n", "names",
        # Abbreviated name parts of exports and web forms ("fname", "lname"), a card's holder,
        # and the name a person goes by ("known_as": "Bran", "nickname", "Spitzname").
        "fname", "lname", "mname", "holder", "holder name", "known as", "also known as", "aka",
        "nickname", "nicknames", "nick name", "spitzname",
        # Parties a claim, an application or a contract names.
        "claimant", "claimants", "kläger", "klägerin", "beklagter", "beklagte", "bewerber",
        "bewerberin", "defendant", "plaintiff", "appellant", "petitioner", "tenants",
        "applicants", "mieterinnen", "antragstellende", "insured person", "witness", "zeuge",
        # Family members and persons a form lists by name (a list of names as the value).
        # Not "parent"/"child": in code and APIs they name tree nodes ("parent": "root").
        "eltern", "elternteil", "elternteile", "parents", "kinder", "children", "mutter",
        "vater", "mother", "father", "geschwister", "siblings", "personen", "persons",
        "zeugin", "personalien",
        # Relatives and contacts a form names ("Next of kin: …", "Notfallkontakt: …").
        "next of kin", "kin", "emergency contact", "emergency contact name", "contact name",
        "nearest relative", "carer", "caregiver", "legal guardian",
        "attorney in fact", "notfallkontakt", "notfallkontakte", "kontakt im notfall",
        "angehörige", "angehöriger", "angehörigen", "nächste angehörige",
        "nächster angehöriger", "vormund", "betreuer", "betreuerin", "bevollmächtigte",
        "bevollmächtigter", "bezugsperson", "pflegeperson", "ansprechperson",
        # Persons a school, a landlord or a service lists by name ("student": "…").
        "student", "students", "pupil", "pupils", "schüler", "schülerin", "schülerinnen",
        "resident", "residents", "bewohner", "bewohnerin", "bewohnerinnen", "patients",
        "patientinnen", "customers", "clients", "kunden", "kundinnen", "anrufende",
        # Who made, changed or leads a record ("erstelltVon": "j.weber", "leitung":
        # "Weber, Jana", "displayName"): a person's name or user handle.
        "erstellt von", "angelegt von", "bearbeitet von", "geändert von", "geaendert von",
        "created by",
        "modified by", "updated by", "author", "autor", "autorin", "verfasser",
        "verfasserin", "bearbeiter", "bearbeiterin", "assignee", "zugewiesen an",
        "leitung", "teamleitung", "vertretung", "stellvertretung", "stellvertreter",
        "stellvertreterin", "anzeigename", "display name",
        # A login name in an account record ("Benutzername: kowalczyk.j"): mostly the
        # person's name ("uid" and "user" only in a log line: _LOGFMT_KEYS).
        "username", "user name", "benutzername", "benutzerkennung", "login name",
        "loginname", "anmeldename",
    ),
    "EMAIL_ADDRESS": (
        "email", "e mail", "mail", "emailadresse", "e mail adresse", "mailadresse",
        "email adresse", "email address", "e mail address", "mail address",
    ),
    "PHONE_NUMBER": (
        "telefon", "telefonnummer", "tel", "tel nr", "telefon nr", "rufnummer", "mobil",
        "mobilnummer", "mobiltelefon", "handy", "handynummer", "fax", "faxnummer",
        "festnetz", "phone", "phone number", "telephone", "mobile", "mobile number", "cell",
        "cell phone",
        # Numbers a form asks for to reach somebody ("Emergency contact number", "Rückruf-
        # nummer"): "contact" alone names a person, so these are listed whole.
        "contact number", "contact phone", "emergency contact number", "emergency number",
        "emergency phone", "kontaktnummer", "kontakttelefon", "notfallnummer",
        "notfalltelefon", "notfallkontakt telefon", "rückrufnummer", "rückruf nummer",
        "landline", "landline number", "festnetznummer", "telephone number", "home phone",
        "work phone", "daytime number", "daytime phone", "phone no", "tel no", "mobile no",
        "handy nr", "mobil nr",
    ),
    "IBAN_CODE": ("iban", "kontonummer", "bankverbindung", "account number", "bank account"),
    "DATE_OF_BIRTH": (
        "geburtsdatum", "geboren", "geboren am", "geb", "geb am", "geburtstag", "date of birth",
        "dob", "birthday", "birth date", "birthdate", "born",
        # Abbreviated column names of registers and exports ("GEBDAT", "GEB_DATUM", "D.O.B.").
        "gebdat", "geb dat", "gebdatum", "geb datum", "geburtsdat", "gebtag", "geb tag",
        "birthdt", "birth dt", "bdate", "d o b", "dateofbirth",
    ),
    "ADDRESS": (
        "adresse", "anschrift", "wohnanschrift", "postanschrift", "wohnadresse", "meldeadresse",
        "straße", "strasse", "str", "straße und hausnummer", "hausnummer", "wohnort",
        "address", "home address", "postal address", "street", "street address",
        "address line 1", "address line 2",
    ),
    "DE_TAX_ID": (
        "steuer id", "steuerid", "steueridentifikationsnummer", "steuer identifikationsnummer",
        "idnr", "tax id", "tin",
    ),
    "DE_SOCIAL_SECURITY": (
        "sozialversicherungsnummer", "rentenversicherungsnummer", "sv nummer", "rv nummer",
        "svnr", "rvnr", "versicherungsnummer",
    ),
    # Other countries' identifiers (pii/recognizers/national_ids.py): a key names one whatever
    # the value looks like (a streamed tool argument arrives without its key in the text).
    "US_SSN": ("social security number", "social security no", "ssn", "ssn number"),
    "US_ITIN": ("itin", "individual taxpayer identification number"),
    "UK_NHS": ("nhs number", "nhs no", "nhs nummer", "chi number"),
    "IE_PPSN": ("pps number", "pps no", "ppsn", "personal public service number"),
    "BE_NATIONAL_NUMBER": (
        "rijksregisternummer", "numéro national", "numero national", "national number",
        "numéro de registre national", "insz", "niss",
    ),
    "NL_BSN": ("bsn", "burgerservicenummer", "sofinummer", "citizen service number"),
    "PT_NIF": ("número de contribuinte", "numero de contribuinte", "contribuinte"),
    "PL_PESEL": ("pesel", "numer pesel", "pesel number"),
    "CZ_BIRTH_NUMBER": ("rodné číslo", "rodne cislo", "birth number"),
    "FI_PERSONAL_IDENTITY_CODE": ("henkilötunnus", "hetu", "personal identity code"),
    "SE_PERSONAL_IDENTITY_NUMBER": ("personnummer", "samordningsnummer"),
    "IT_FISCAL_CODE": ("codice fiscale", "codicefiscale", "fiscal code"),
    "ES_NIF": ("dni", "dni number", "número de dni"),
    "ES_NIE": ("nie number", "número nie", "numero nie"),
    "FR_NIR": ("nir", "numéro de sécurité sociale", "numero de securite sociale"),
    "DE_TAX_NUMBER": ("steuernummer", "steuer nr", "st nr", "stnr"),
    # Tax, VAT and account numbers (pii/recognizers/tax_numbers.py); a bare "vat" key holds
    # a rate or an amount.
    "VAT_ID": (
        "vat number", "vat no", "vat reg no", "vat registration number", "vat registration no",
        "vat id", "vat reg", "ust idnr", "ust id", "ustidnr", "ust id nr", "umsatzsteuer id",
        "umsatzsteuer identifikationsnummer", "ust identifikationsnummer",
    ),
    "UK_UTR": ("utr", "unique taxpayer reference", "sa utr", "utr number", "taxpayer reference"),
    "ACCOUNT_NUMBER": (
        "beitragsnummer", "beitragskonto", "beitragskontonummer", "beitrags nr", "kassenzeichen",
        "vertragskonto", "vertragskontonummer", "vertragskonto nr", "council tax account",
        "council tax account number", "council tax ref", "council tax reference",
        "council tax account no",
    ),
    "TR_TC_KIMLIK": (
        "tc kimlik", "tc kimlik no", "t c kimlik no", "kimlik no", "kimlik", "tckn", "tc no",
    ),
    "UA_RNOKPP": ("rnokpp", "рнокпп", "іпн", "ukrainian tax number"),
    "UK_NINO": (
        "national insurance number", "national insurance no", "ni number", "nino",
        "national insurance",
    ),
    "DE_HEALTH_INSURANCE": (
        "krankenversichertennummer", "versichertennummer", "kvnr", "krankenversicherungsnummer",
        "kv nummer", "kvnummer",
    ),
    "DE_ID_CARD": ("personalausweisnummer", "ausweisnummer", "personalausweis", "id card number"),
    "DE_PASSPORT": ("passnummer", "reisepassnummer", "reisepass", "passport", "passport number"),
    "CREDIT_CARD": (
        "kreditkarte", "kreditkartennummer", "kartennummer", "credit card", "card number",
        "credit card number",
    ),
    "IP_ADDRESS": ("ip", "ip adresse", "ip address"),
    # A patient's and a pupil's number (pii/recognizers/record_numbers.py): identifiers of the
    # person in a hospital's or a school's records, unlike a role's database key
    # ("client_id", _RECORD_ID_WORDS).
    "MEDICAL_RECORD_NUMBER": (
        "patienten id", "patientenid", "patientennummer", "patienten nummer", "pat id",
        "pat nr", "patient id", "patientid", "patient number", "patient no", "hospital number",
        "krankenhausnummer", "mrn", "medical record number",
    ),
    "PUPIL_NUMBER": (
        "upn", "unique pupil number", "pupil number", "schülernummer", "schüler nummer",
        "schüler id", "schülerid",
    ),
    # A case's number at an authority, a court or a tribunal (pii/recognizers/case_numbers.py):
    # the BAMF's Geschäftszeichen, an Aktenzeichen, the Home Office's and UKVI's references.
    "CASE_NUMBER": (
        "aktenzeichen abh", "aktenzeichen bamf", "bamf az", "bamf aktenzeichen",
        "abh az", "gesch z", "geschäftszeichen", "bamf gesch z",
        "home office ref", "home office reference", "ho ref", "ho reference", "port ref",
        "appeal ref", "appeal number",
        "tribunal ref", "local authority ref", "uan", "ukvi account number", "gwf",
        "gwf ref", "gwf reference", "ihs", "ihs ref", "ihs reference", "ihs number", "brp",
        "brp number", "brp no", "sponsor brp", "arc number", "arc no", "share code",
        "sra id",
        # a Syrian or Iraqi civil register's entry (place / quarter / number), which
        # finds the family's record ("Civil registry: Latakia / Al-Sleibeh / 442")
        "civil registry", "civil register", "civil registry number", "qaid",
        "family booklet number",
        # a debt's file at an enforcement agent, a council, an insolvency practitioner or a
        # collection agency (pii/recognizers/debt_files.py); not a key as general as "case
        # ref" (a youth offending team's list keeps it) or "claim number" (a court fee's
        # payment keeps it): a text's cue with a debt near it marks those
        "enforcement ref", "enforcement reference", "liability order", "liability order ref",
        "liability order reference", "liability order number", "liability order no",
        "iva ref", "iva reference", "iva number", "dro ref", "dro reference", "dro number",
        "forderungsnummer", "forderungs nr", "inkasso az", "inkasso aktenzeichen",
    ),
    # The number of an employee's personnel file, on payslips and in payroll tools
    # ("payroll_id": "…"; not a role's database key, "employee_id", _RECORD_ID_WORDS).
    "EMPLOYEE_NUMBER": (
        "payroll id", "payroll number", "payroll no", "employee number", "employee no",
        "personnel number", "personalnummer", "personal nr",
    ),
    # A vehicle's plate ("Kennzeichen" alone heads a plate column in German registers).
    "DE_KFZ": (
        "kennzeichen", "kfz kennzeichen", "kfz", "amtliches kennzeichen", "autokennzeichen",
        "nummernschild", "license plate", "licence plate", "number plate", "plate number",
        "registration plate", "vehicle registration", "vehicle registration number",
    ),
}
# fmt: on
KEY_ENTITIES: dict[str, str] = {key: entity for entity, keys in _VOCABULARY.items() for key in keys}
# "Name" of a file, a company or a tool is not a person's name.
_NOT_A_PERSON = frozenset(
    "datei file user benutzer firma firmen company product produkt tool function funktion "
    "model modell host domain server bank straßen strassen street city ort stadt org "
    "organisation organization schema field feld key app project projekt team gruppe group "
    "role rolle dienst service event typ type display anzeige variable table tabelle "
    "column spalte dokument document behörde authority amt place "
    # a business's trading name ("trading_name", "shop name", "Name des Betriebs")
    "trading business brand shop store firm unternehmen betrieb betriebs geschäft laden "
    "marke verein".split()
)
# A label holding one of these names a person ("Vorname des Kindes", "forename of child").
_NAME_WORDS = frozenset(
    "name names nachname vorname surname forename forenames surnames vornamen nachnamen".split()
)
_CAMEL = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])")
_KEY_SEPARATORS = re.compile(r"[\s_\-.:/()#*]+")
# Values that say nothing about anybody.
_EMPTY_VALUES = frozenset(
    "null none n/a na - -- keine keiner unbekannt unknown true false ja nein yes no".split()
) | frozenset(
    # Said of a person without an address, in an address field or column: no address.
    {"ohne festen wohnsitz", "no fixed abode", "no fixed address", "wohnsitzlos", "obdachlos"}
)
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*_(?:\d+|h[0-9a-f]{16}|e[A-Za-z0-9_-]{20,})>")


def normalize_key(key: str) -> str:
    """``"firstName"``, ``"E-Mail"``, ``"vor_name"`` -> ``"first name"``, ``"e mail"``, ..."""
    return " ".join(_KEY_SEPARATORS.split(_CAMEL.sub(" ", key).lower())).strip()


def entity_for_key(key: str) -> str | None:
    """The entity a key names (``None`` when it names nothing personal).

    A key path ``"kunde/adresse/plz"`` is read from its innermost key outwards; only an
    address key passes its entity on to the keys below it (``plz``, ``ort``).
    """
    if "/" in key:
        parts = [p for p in key.split("/") if p]
        inner = entity_for_key(parts[-1]) if parts else None
        if inner is not None:
            return inner
        if parts and _is_birth_date_path(parts):
            return "DATE_OF_BIRTH"
        if parts and (party := _party_key(parts)) is not None:
            return party
        if parts and _is_debt_reference_path(parts):
            return "CASE_NUMBER"
        if parts and _is_name_part_path(parts):
            return "PERSON"
        return "ADDRESS" if any(entity_for_key(p) == "ADDRESS" for p in parts[:-1]) else None
    entity = _entity_for_one_key(key)
    if entity is not None or "(" not in key:
        return entity
    remark = _REMARK.search(key)
    if remark is None:
        return None
    # "Name (as shown on your income tax return)", "Telefon (tagsüber)": a key that names
    # nothing with its bracketed remark is read without it, unless the remark is a short
    # qualifier naming a thing ("Name (Firma)", "Name (of the project)"); a longer remark is
    # a comment on the value ("(as on your passport or travel document)").
    words = normalize_key(remark.group()).split()
    if len(words) <= MAX_KEY_WORDS and names_a_thing(words):
        return None
    rest = (key[: remark.start()] + key[remark.end() :]).strip()
    return _entity_for_one_key(rest) if rest else None


# Last words of a key naming a record's identifier. After a role word ("contact_id",
# "client_id", "applicant_uuid") the value is a database key, not the person's data; keys
# naming a personal identifier ("tax_id", "passport_id") are in KEY_ENTITIES themselves.
_RECORD_ID_WORDS = frozenset({"id", "ids", "uuid", "guid"})


def _entity_for_one_key(key: str) -> str | None:
    """The entity a single key (no path) names."""
    if len(key) > MAX_KEY_CHARS:
        return None
    normalized = normalize_key(key)
    entity = KEY_ENTITIES.get(normalized) or _abbreviated_number_key(normalized)
    if entity is not None:
        return entity
    words = normalized.split()
    # "Name der Kundin", "neue Adresse"; longer labels are sentences ("Bitte an folgende
    # Adresse: Familie Nguyen, …"), where the recognizers read the value in context.
    if 1 < len(words) <= MAX_KEY_WORDS and not _NOT_A_PERSON.intersection(words):
        # "kunden name", "name der kundin", "name of applicant"
        for word in words:
            if KEY_ENTITIES.get(word) == "PERSON" and word in _NAME_WORDS:
                return "PERSON"
        found = {KEY_ENTITIES[w] for w in words if w in KEY_ENTITIES and w != "name"}
        if words[-1] in _RECORD_ID_WORDS and found == {"PERSON"}:
            return None  # "contact_id", "customerId": the record's key, no personal data
        if len(found) == 1:
            return found.pop()
        # "applicant email", "tenant phone", "Telefon Kunde": a role word (no name word,
        # those returned above) says whose the data is, the other word what it is.
        if len(found) == 2 and "PERSON" in found:
            return (found - {"PERSON"}).pop()
    return None


# A bracketed remark in a key: "(as shown on your tax return)", "(lt. Ausweis)".
_REMARK = re.compile(r"[ \t]*\([^()\n]{1,60}\)")


# ``<geburt><datum>…</datum></geburt>``, ``birth/date``: a date key under a key naming the
# birth is a date of birth.
_DATE_KEYS = frozenset({"datum", "date", "tag", "day", "value", "wert"})
_BIRTH_KEYS = frozenset({"geburt", "birth", "geburtsdaten", "birth details", "geboren", "born"})


# ISO 20022 payment messages (SEPA pain.001/pain.008, camt): a party's ``<Nm>`` and postal
# address lines under ``<Cdtr>``, ``<Dbtr>``, ``<UltmtCdtr>``, ``<UltmtDbtr>`` name a person
# (or a company: fails safe); the agents' (``<CdtrAgt>``) are banks.
_PAYMENT_PARTIES = frozenset({"cdtr", "dbtr", "ultmt cdtr", "ultmt dbtr", "ownr", "acct ownr"})
_PARTY_KEYS = {"nm": "PERSON", "adr line": "ADDRESS", "strt nm": "ADDRESS", "bldg nb": "ADDRESS"}
PATH_KEYS = _DATE_KEYS | _PARTY_KEYS.keys()


def _party_key(parts: list[str]) -> str | None:
    """The entity of a payment party's name or address part (``Cdtr/Nm``, ``Dbtr/PstlAdr/
    StrtNm``)."""
    entity = _PARTY_KEYS.get(normalize_key(parts[-1]))
    if entity is None or not any(normalize_key(p) in _PAYMENT_PARTIES for p in parts[:-1]):
        return None
    return entity


# A reference under a debt's record ("creditors/ref", "forderungen/zeichen"): the creditor's
# file on the debtor (pii/recognizers/debt_files.py).
_REFERENCE_KEYS = frozenset({"ref", "reference", "zeichen", "aktenzeichen", "az"})
_DEBT_RECORD_KEYS = frozenset(
    "creditor creditors debt debts gläubiger glaeubiger forderung forderungen".split()
)


# A reference's keys as a text names them before a debtor's file (case_numbers.DEBT_CUE):
# "case_ref", "yourReference", "unser_zeichen".
_OBJECT_REFERENCE_KEYS = (
    _REFERENCE_KEYS
    | frozenset(
        f"{owner} {word}"
        for owner in ("case", "your", "their", "our")
        for word in ("ref", "reference", "ref no", "reference no", "reference number")
    )
    | frozenset({"ihr zeichen", "unser zeichen", "vorgangsnummer", "vorgangs nr"})
)


def is_debt_object_reference(key: str, context: str) -> bool:
    """True for a reference key ("case_ref", "Ihr Zeichen") in an object about a debt: the
    object's other keys or values (``context``) name a debt, its enforcement or insolvency
    ("enforcement_agent", "debtor", "arrears"). There it is the debtor's file, as the same
    reference after its cue in a text about a debt is (pii/recognizers/case_numbers.py);
    elsewhere a "case_ref" is any office's file ("YOT-26-0113" of a youth offending team)."""
    if not context:
        return False
    innermost = key.rsplit("/", 1)[-1]
    return (
        normalize_key(innermost) in _OBJECT_REFERENCE_KEYS
        and DEBT_CONTEXT.search(context) is not None
    )


def _is_debt_reference_path(parts: list[str]) -> bool:
    """True for a key path whose innermost key is a reference under a debt's record."""
    return normalize_key(parts[-1]) in _REFERENCE_KEYS and any(
        normalize_key(p) in _DEBT_RECORD_KEYS for p in parts[:-1]
    )


# FHIR's HumanName (``"name": [{"family": "…", "given": ["…"]}]``) and similar records: a
# name part key under a person key. Alone, "family" and "given" name other things ("font
# family", "address family", "given": "precondition"). "prefix" and "suffix" are titles.
_NAME_PART_KEYS = frozenset({"given", "family"})


def _is_name_part_path(parts: list[str]) -> bool:
    """True for a key path whose innermost key is a name part under a person key."""
    return normalize_key(parts[-1]) in _NAME_PART_KEYS and any(
        entity_for_key(p) == "PERSON" for p in parts[:-1]
    )


def _is_birth_date_path(parts: list[str]) -> bool:
    """True for a key path whose innermost key is a date under a birth key."""
    if normalize_key(parts[-1]) not in _DATE_KEYS:
        return False
    return any(
        normalize_key(p) in _BIRTH_KEYS or entity_for_key(p) == "DATE_OF_BIRTH" for p in parts[:-1]
    )


# A number key with "Nummer"/"number" abbreviated: "SV-Nr.", "Versicherungsnr",
# "Sozialvers.-Nr.", "account no".
_ABBREVIATED_NUMBER = re.compile(r"(?P<stem>.+?) ?(?:nr|no)")
_NUMBER_WORDS = ("nummer", "number")
# A stem this long may be cut short itself ("sozialvers" for "sozialversicherungs").
MIN_CUT_STEM = 5


def _abbreviated_number_key(normalized: str) -> str | None:
    """The entity of the number key ``normalized`` abbreviates, if exactly one."""
    match = _ABBREVIATED_NUMBER.fullmatch(normalized)
    if match is None:
        return None
    stem = match.group("stem")
    for word in _NUMBER_WORDS:
        for candidate in (f"{stem} {word}", f"{stem}{word}"):
            if candidate in KEY_ENTITIES:
                return KEY_ENTITIES[candidate]
    compact = stem.replace(" ", "")
    if len(compact) < MIN_CUT_STEM:
        return None
    found = {
        entity
        for key, entity in KEY_ENTITIES.items()
        if key.endswith(_NUMBER_WORDS) and key.replace(" ", "").startswith(compact)
    }
    return found.pop() if len(found) == 1 else None


def names_a_thing(words: list[str]) -> bool:
    """True when one of the (normalised) words names a thing whose "name" is no person's."""
    return not _NOT_A_PERSON.isdisjoint(words)


def keyed_entity(key: str, value: str, context: str = "") -> str | None:
    """The entity a JSON value under ``key`` is taken as whole: the key's (``entity_for_key``),
    or a debt's file for a reference in an object about a debt (``context``, the object's
    keys and other values: ``is_debt_object_reference``); none when the value is empty or
    cannot be of it ("creditor/name": "Stockport Council" names an office,
    ``names_no_person``); such a value is read as text."""
    entity = entity_for_key(key)
    if entity is None and is_debt_object_reference(key, context):
        entity = "CASE_NUMBER"
    if entity is None or not is_value(value) or not _may_be(entity, value.strip()):
        return None
    return entity


def is_value(value: str) -> bool:
    """True when ``value`` could be somebody's data (not empty, not a placeholder)."""
    stripped = value.strip().strip("\"'")
    return (
        any(ch.isalnum() for ch in stripped)
        and stripped.lower() not in _EMPTY_VALUES
        and _PLACEHOLDER.fullmatch(stripped) is None
    )


Span = tuple[str, int, int]  # entity type, start, end


# A date as a program prints it: ``datetime.date(1967, 9, 4)``, ``LocalDate.of(1967, 9, 4)``,
# ``new Date(1967, 8, 4)`` (a repr, a log line, a debugger's view of an object).
_DATE_CALL = re.compile(
    r"(?:new[ \t]+)?[A-Za-z_][\w.]{0,40}\([ \t]*\d{1,4}[ \t]*,[ \t]*\d{1,2}[ \t]*,[ \t]*\d{1,4}"
    r"[ \t]*(?:,[^()\n]{0,40})?\)"
)
_JSON_PAIR = re.compile(
    r"""(?P<q>["'])(?P<key>[^"'\\\n]{1,40})(?P=q)\s*:\s*"""
    r"""(?:"(?P<dq>(?:[^"\\\n]|\\.){1,120})"|'(?P<sq>[^'\\\n]{1,120})'"""
    rf"""|(?P<call>{_DATE_CALL.pattern})|(?P<num>\+?[\d][\d \-/]{{3,30}}\d))"""
)
# A label at the start of a line, after a separator or after a sentence ("… team. Last
# caller: …"), then ":" or "=", or the dotted leader of a printed form ("Vorname ..... Jana",
# four or more dots, spaced dots or ellipses; fewer are prose's ellipsis). The pattern with
# leaders runs only on a text holding one: labels are looked for in every string.
# A wide gap (two spaces or more) is a printed form's column gap: a key never holds one, and
# one starts after it ("Employee:  SZYMANSKA, AGNIESZKA          Works no: 3318").
_LABEL_START = (
    r"(?:^|(?<=[\n,;|\t])|(?<=[.!?] )|(?<=  ))[ \t]*(?:[-*•][ \t]+)?"
    r"(?P<key>[^\W\d_](?:[\w.\-/()]| (?! )){0,39}?(?:[ \t]*\([^()\n:]{1,60}\))?)[ \t]*"
)
_LABEL = re.compile(rf"{_LABEL_START}[:=][ \t]*(?!//)", re.MULTILINE)
_LEADER_LABEL = re.compile(
    rf"{_LABEL_START}(?:[:=]|(?:\.{{4,}}|(?:\.[ \t]){{3,}}|…{{2,}})[ \t]*:?)[ \t]*(?!//)",
    re.MULTILINE,
)
_LEADER_HINTS = ("....", ". . .", "……")


# ``"key": ["value", "value"]``: a flat list of strings under one key.
_JSON_LIST = re.compile(
    r"""(?P<q>["'])(?P<key>[^"'\\\n]{1,40})(?P=q)\s*:\s*\[(?P<items>[^\[\]{}\n]{1,600})\]"""
)
_JSON_STRING = re.compile(r""""((?:[^"\\\n]|\\.){1,120})"|'([^'\\\n]{1,120})'""")


# How far back the key of the object or list holding a JSON pair is looked for.
MAX_ENCLOSING_CHARS = 2000


_KEY_BEFORE = re.compile(r"""(?P<q>["'])(?P<key>[^"'\\\n]{1,40})(?P=q)\s*:\s*$""")


def _enclosing_json_key(text: str, pos: int) -> str | None:
    """The key whose value holds the object or list open at ``pos`` (``"name"`` for a pair
    in ``"name": [{"given": …``): whole objects and lists before ``pos`` are skipped, an
    object or list without a key (an item of a list) is looked through."""
    depth = 0
    for index in range(pos - 1, max(-1, pos - 1 - MAX_ENCLOSING_CHARS), -1):
        char = text[index]
        if char in "}]":
            depth += 1
        elif char in "{[" and depth > 0:
            depth -= 1
        elif char in "{[":
            key = _KEY_BEFORE.search(text, max(0, index - MAX_KEY_CHARS - 8), index)
            if key is not None:
                return key.group("key")
    return None


def _json_key_entity(text: str, key: str, pos: int) -> str | None:
    """The entity of ``key`` at ``pos``; a name part key (``_NAME_PART_KEYS``) is read with
    the key of the object holding it."""
    if normalize_key(key) not in _NAME_PART_KEYS:
        return entity_for_key(key)
    outer = _enclosing_json_key(text, pos)
    return entity_for_key(f"{outer}/{key}") if outer is not None else None


def scan_json_pairs(text: str) -> Iterator[Span]:
    """``"key": "value"`` pairs (JSON or Python literals embedded in text), and each string
    of a ``"key": ["value", …]`` list."""
    if ":" not in text or ('"' not in text and "'" not in text):
        return
    for match in _JSON_PAIR.finditer(text):
        entity = _json_key_entity(text, match.group("key"), match.start())
        if entity is None:
            continue
        group = next(g for g in ("dq", "sq", "call", "num") if match.group(g) is not None)
        if is_value(match.group(group)) and _may_be(entity, match.group(group)):
            yield entity, match.start(group), match.end(group)
    if "[" not in text:
        return
    for match in _JSON_LIST.finditer(text):
        entity = _json_key_entity(text, match.group("key"), match.start())
        if entity is None:
            continue
        offset = match.start("items")
        for item in _JSON_STRING.finditer(match.group("items")):
            index = 1 if item.group(1) is not None else 2
            if is_value(item.group(index)) and _may_be(entity, item.group(index)):
                yield entity, offset + item.start(index), offset + item.end(index)


# A key that is itself a person's name in the inverted form of registers and call lists:
# ``{"Ahmadi, Farid": "erledigt"}``, ``'Lindemann, Greta Marie': …``. Such keys come in
# lists: a known surname before the comma or a known first name after it in one of them
# confirms them all; a key with a known place ("Berlin, Germany") is none.
_NAME_WORD = r"[^\W\d_][^\W\d_'’\-]*(?:[\-'’][^\W\d_]+)?"
_INVERTED_NAME_KEY = re.compile(
    rf"""(?P<q>["'])(?P<surname>{_NAME_WORD}(?: {_NAME_WORD})?), (?P<given>{_NAME_WORD}"""
    rf"""(?: {_NAME_WORD}){{0,2}})(?P=q)\s*:"""
)


def scan_name_keys(text: str) -> Iterator[Span]:
    """Object keys that are persons' names written "Surname, Given names"."""
    if ", " not in text or ":" not in text:
        return
    lexicon = load_lexicon()
    keys = []
    for match in _INVERTED_NAME_KEY.finditer(text):
        words = " ".join(match.group("surname", "given")).split()
        if all(w[0].isupper() and not w.isupper() and w not in lexicon.places for w in words):
            keys.append(match)
    if any(
        key.group("surname").split()[-1] in lexicon.surnames
        or key.group("given").split()[0] in lexicon.first_names
        for key in keys
    ):
        for key in keys:
            yield "PERSON", key.start("surname"), key.end("given")


# A table as JSON arrays: ``[["Name", "Geburtsdatum"], ["Rüdiger Haselhoff", "1972-05-30"]]``
# (or ``"columns": [...], "data": [[...], ...]``): the first flat list of strings heads the
# columns, the flat lists after it in the same array are rows.
_FLAT_LIST = re.compile(r"\[(?P<items>[^\[\]{}]{0,2000})\]")
_LIST_ITEM = re.compile(
    r"""\s*(?:"(?P<dq>(?:[^"\\\n]|\\.){0,120})"|'(?P<sq>[^'\\\n]{0,120})'"""
    r"""|(?P<bare>[^\s,"'\[\]{}]{1,40}))\s*(?:,|$)"""
)
# Between a header list and its first row: the rest of the outer array, or the next key's.
_ROW_AFTER_HEADER = re.compile(
    r"""\s*,\s*(?:(?P<q>["'])[^"'\\\n]{1,40}(?P=q)\s*:\s*\[\s*)?(?=\[)"""
)
_ROW_AFTER_ROW = re.compile(r"\s*,\s*(?=\[)")

_ListItem = tuple[bool, int, int]  # quoted, start, end


def _list_items(text: str, match: re.Match[str]) -> list[_ListItem] | None:
    """The items of a flat JSON list, or None when its content is no plain list."""
    start, end = match.span("items")
    if not text[start:end].strip():
        return []
    items: list[_ListItem] = []
    pos = start
    while pos < end:
        item = _LIST_ITEM.match(text[:end], pos)
        if item is None or item.end() == pos:
            return None
        group = next(g for g in ("dq", "sq", "bare") if item.group(g) is not None)
        items.append((group != "bare", *item.span(group)))
        pos = item.end()
    return items


def scan_json_row_tables(text: str) -> Iterator[Span]:
    """Rows of a table written as JSON arrays, each cell under a personal column header."""
    if "[" not in text or text.count("[") < 3:
        return
    lists = list(_FLAT_LIST.finditer(text))
    index = 0
    while index < len(lists):
        header = _list_items(text, lists[index])
        index += 1
        if not header or len(header) < 2 or not all(quoted for quoted, _, _ in header):
            continue
        columns = {
            i: entity
            for i, (_, start, end) in enumerate(header)
            if (entity := entity_for_key(text[start:end])) is not None
        }
        if not columns:
            continue
        joint, previous = _ROW_AFTER_HEADER, lists[index - 1]
        while index < len(lists):
            row_match = lists[index]
            gap = joint.match(text, previous.end())
            if gap is None or gap.end() != row_match.start():
                break
            row = _list_items(text, row_match)
            if row is None or len(row) != len(header):
                break
            for i, entity in columns.items():
                value = text[row[i][1] : row[i][2]]
                if is_value(value) and _may_be(entity, value) and not _PLACEHOLDER.search(value):
                    yield entity, row[i][1], row[i][2]
            joint, previous, index = _ROW_AFTER_ROW, row_match, index + 1


# ``<vorname>Jana</vorname>``: an XML element is a key and its text the value.
_XML_ELEMENT = re.compile(
    r"<(?P<key>[^\W\d][\w.\-]{0,39})(?:\s[^<>]{0,200})?>"
    rf"(?P<value>[^<>\n]{{1,{MAX_VALUE_CHARS}}})</(?P=key)\s*>"
)


def scan_xml_elements(text: str) -> Iterator[Span]:
    """``<key>value</key>`` elements, read as ``key: value``."""
    if "</" not in text:
        return
    for match in _XML_ELEMENT.finditer(text):
        key = match.group("key")
        entity = entity_for_key(key)
        if entity is None and normalize_key(key) in PATH_KEYS:
            entity = entity_for_key("/".join([*_xml_open_elements(text, match.start()), key]))
        if entity is not None:
            yield from _keyed_value(entity, text, *match.span("value"))


_XML_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[^\W\d][\w.\-:]{0,39})(?:\s[^<>]{0,600})?(?P<empty>/?)>"
)
MAX_XML_DEPTH = 3


def _xml_open_elements(text: str, pos: int) -> list[str]:
    """The innermost (up to :data:`MAX_XML_DEPTH`) elements still open at ``pos``."""
    stack: list[str] = []
    for tag in _XML_TAG.finditer(text, 0, pos):
        name = tag.group("name")
        if tag.group("close"):
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
        elif not tag.group("empty"):
            stack.append(name)
    return stack[-MAX_XML_DEPTH:]


# ``…/upload?applicant=Jana+Kowalczyk&dob=1990-01-02``: a query parameter is a key.
# A form-encoded body or log line (``vorname=Jana&nachname=Kowalczyk``) is a query without
# its URL: its first pair starts a word and is followed by "&".
_QUERY_PAIR = re.compile(
    r"(?:[?&]|(?<!\S)(?=[^\W\d][\w.\-%]{0,39}=[^&#\s\"'<>]{0,360}&))"
    r"(?P<key>[^\W\d][\w.\-%]{0,39})=(?P<value>[^&#\s\"'<>]{1,360})"
)
# The next pair of a form-encoded line: where a ``key=value`` label's value ends.
_NEXT_FORM_PAIR = re.compile(r"&[^\W\d][\w.\-%]{0,39}=")


# Where a decoded query value with spaces ends: before the next pair ("&addr=") on its line.
_DECODED_VALUE_END = re.compile(r"[^&#\n\"'<>]*?(?=&[^\W\d][\w.\-%]{0,39}=)")
# A word of a query value that is a name whatever its key ("?ma=Dragoljub Jelić&…",
# ``_is_name_value``).
_NAME_VALUE = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*")
MAX_NAME_VALUE_WORDS = 3


def scan_url_query(text: str) -> Iterator[Span]:
    """``key=value`` pairs of a URL's query or a form-encoded line (the value decoded: ``+``
    and ``%20`` are spaces), read as ``key: value``; the span is the encoded value in place.
    A value of two or three rare capitalised words is a name under any key
    (``_is_name_value``)."""
    if "=" not in text or ("?" not in text and "&" not in text):
        return
    for match in _QUERY_PAIR.finditer(text):
        start, end = match.span("value")
        if text[end : end + 1].isspace():
            # The value runs on after a space: a query the evasion normaliser has already
            # percent-decoded ("?name=Jana Kowalczyk&addr=…"). It ends before the next pair;
            # without one (the last pair, or prose after a URL) its words are left to the
            # other findings: a span of its first word would win over theirs.
            rest = _DECODED_VALUE_END.match(text, start)
            if rest is None:
                continue
            end = rest.end()
        key = unquote_plus(match.group("key"))
        value = unquote_plus(text[start:end]).strip()
        entity = entity_for_key(key)
        if entity is None and _abbreviated_name_pair(text, key.lower(), value):
            entity = "PERSON"
        if entity is None:
            if _is_name_value(value):
                yield "PERSON", start, end
            continue
        if not is_value(value) or _PLACEHOLDER.search(value) or len(value) > MAX_VALUE_CHARS:
            continue
        if not _may_be(entity, value) or (entity == "PERSON" and len(value.split()) > 5):
            continue
        yield entity, start, end


# Query keys that abbreviate a name part ("?fn=Ciaran&ln=Mulqueen", German "vn"/"nn"): in a
# URL they head a first or last name; elsewhere ("fn" in JSON: a function) they are no key,
# nor are longer ones ("family=Roboto" of a font URL). A value of letters counts when
# capitalised or when the query holds the other part too ("fn=getUser", "fn=main", "ln=2"
# stay).
_QUERY_NAME_KEYS = {"fn": "ln", "ln": "fn", "vn": "nn", "nn": "vn"}


def _camel_case(word: str) -> bool:
    """A capital after a small letter, not after "Mc"/"Mac" ("getUser"; not "McAleese")."""
    return any(
        word[i - 1].islower() and word[i].isupper() and word[:i] not in ("Mc", "Mac")
        for i in range(1, len(word))
    )


def _abbreviated_name_pair(text: str, key: str, value: str) -> bool:
    """True for a name part under an abbreviated query key (``_QUERY_NAME_KEYS``)."""
    partner = _QUERY_NAME_KEYS.get(key)
    words = value.split()
    if partner is None or not 1 <= len(words) <= MAX_NAME_VALUE_WORDS:
        return False
    if not all(_NAME_VALUE.fullmatch(w) is not None and not _camel_case(w) for w in words):
        return False
    return value[0].isupper() or f"&{partner}=" in text or f"?{partner}=" in text


def _is_name_value(value: str) -> bool:
    """True for a query value that is a person's name by its words alone: two or three
    capitalised words, none an ordinary word or a place unless it is a known first name or
    surname ("Chiamaka Obi", "Mark Ellison"; not "Black Friday", "New York", "Hello World")."""
    words = value.split()
    if not 2 <= len(words) <= MAX_NAME_VALUE_WORDS:
        return False
    lexicon = load_lexicon()
    for word in words:
        if _NAME_VALUE.fullmatch(word) is None or not word[0].isupper():
            return False
        known = word in lexicon.first_names or word in lexicon.surnames
        if not known and (word in lexicon.places or is_ordinary_word(word, lexicon)):
            return False
    return True


def _may_be(entity: str, value: str) -> bool:
    """False for a value that cannot be of ``entity``: a name has a letter ("kinder": 2) and
    names no office or organisation (``names_no_person``), a number plate a letter and a
    digit ("Kennzeichen: beantragt" is none)."""
    if entity in _NUMBERS_WITH_DIGITS:
        return any(ch.isdigit() for ch in value)
    if entity == "DE_KFZ":
        return any(ch.isalpha() for ch in value) and any(ch.isdigit() for ch in value)
    return entity != "PERSON" or (any(ch.isalpha() for ch in value) and not names_no_person(value))


# Numbers that hold a digit ("Kassenzeichen: siehe Bescheid" gives none).
_NUMBERS_WITH_DIGITS = frozenset(
    {"CASE_NUMBER", "EMPLOYEE_NUMBER", "VAT_ID", "UK_UTR", "ACCOUNT_NUMBER"}
)
_VALUE_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def names_no_person(value: str) -> bool:
    """True when a value under a name key names an office or an organisation, not a person:

    * an office: an office noun (``pii.lexicon.names_an_office_word``: "Sachgebiet",
      "Team", "Beratung") and ordinary words only, none a name of the lists ("Sachgebiet 32
      Einbürgerung", "Housing Options Team", "Bürgerbüro Mitte");
    * an organisation: two words or more ending in an organisation's head
      (``pii.lexicon.ORGANISATION_HEADS``), none a listed first name, no comma ("Lakeside
      Dental Group", "Ashworth Surgery"; not "Anna Kita", "Dr Lee, Elm Surgery").
    """
    words = _VALUE_WORD.findall(value)
    if not words or len(words) > MAX_ORGANISATION_WORDS:
        return False
    lexicon = load_lexicon()
    parts = [p.capitalize() for w in words for p in re.split(r"['’-]", w) if p]
    if any(p in lexicon.first_names or p in _TITLE_WORDS for p in parts):
        return False
    if not any(p in lexicon.surnames for p in parts) and any(
        names_an_office_word(p, lexicon) for p in parts
    ):
        if all(names_an_office_word(p, lexicon) or is_ordinary_word(p, lexicon) for p in parts):
            return True
    return len(words) >= 2 and words[-1] in ORGANISATION_HEADS and "," not in value


MAX_ORGANISATION_WORDS = 6
# Titles before a person's name ("Frau Hartung": a surname ending like an office noun).
_TITLE_WORDS = frozenset("Herr Herrn Frau Mr Mrs Ms Miss Mx Dr Prof".split())


_SENTENCE_END = re.compile(r"[.!?][ \t]+")


def _label_entity(label: str) -> str | None:
    """The entity of a label, or of its last sentence ("… team. Last caller")."""
    entity = entity_for_key(label)
    if entity is None:
        tail = _SENTENCE_END.split(label)[-1]
        if tail != label and tail[:1].isupper():
            entity = entity_for_key(tail)
    return entity


def scan_key_value_lines(text: str) -> Iterator[Span]:
    """``Key: value`` lines, also several on one line (``Name: X, Tel: Y``)."""
    leaders = any(hint in text for hint in _LEADER_HINTS)
    if ":" not in text and "=" not in text and not leaders:
        return
    labels = list((_LEADER_LABEL if leaders else _LABEL).finditer(text))
    for i, match in enumerate(labels):
        entity = _label_entity(match.group("key"))
        if entity is None:
            continue
        start = match.end()
        # Bounded: a value is short, and a long line must not make the scan quadratic.
        limit = min(len(text), start + MAX_VALUE_CHARS + 1)
        line_end = text.find("\n", start, limit)
        end = limit if line_end == -1 else line_end
        if i + 1 < len(labels) and labels[i + 1].start() < end:
            end = labels[i + 1].start()
        value = text[start:end]
        next_pair = _NEXT_FORM_PAIR.search(value)
        if next_pair is not None:
            # "vorname=Kemal&nachname=…&anliegen=Ummeldung": a form-encoded line holds one
            # value per pair (scan_url_query reads the others), not the rest of the line.
            value = value[: next_pair.start()]
        quote = value.find('"', 1)
        if quote != -1:
            value = value[:quote]  # inside a JSON string: the value ends with it
        trimmed = value.rstrip(" \t\r,;|")
        if entity in ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE"):
            trimmed = trimmed.rstrip(".")
        trimmed = trimmed.strip("\"'")
        if trimmed.startswith(('"', "'", "{", "[")):
            continue  # a JSON value: scan_json_pairs reads it
        lead = len(value) - len(value.lstrip(" \t\"'"))
        if not trimmed or len(trimmed) > MAX_VALUE_CHARS or not is_value(trimmed):
            continue
        if _PLACEHOLDER.search(trimmed):
            continue  # already redacted
        trimmed = _value_extent(entity, trimmed)
        if not trimmed:
            continue
        if entity == "EMAIL_ADDRESS" and not _EMAIL_SHAPED.search(trimmed):
            # "Mail: PSC 1241, Box 5868" is postal mail; spelled-out addresses ("jana at
            # web punkt de") are the e-mail recognizer's, after de-obfuscation.
            continue
        if not _may_be(entity, trimmed):
            continue
        if entity == "PERSON" and len(trimmed.split()) > 5:
            continue  # a sentence, not a name
        relation = _relation_before_name(trimmed) if entity == "PERSON" else 0
        yield (
            entity,
            start + lead + relation,
            start + lead + len(trimmed.strip("\"' \t")),
        )


# "Angehörige: Sohn Minh Tran", "Next of kin: daughter Ama Boateng": the relation before the
# name is no part of it (remembered as one, "für den Sohn" later would go too).
_RELATION_WORDS = frozenset(
    "sohn tochter ehemann ehefrau mutter vater bruder schwester enkel enkelin"
    " neffe nichte onkel tante partner partnerin lebensgefährte lebensgefährtin"
    " son daughter husband wife mother father brother sister grandson granddaughter"
    " nephew niece uncle aunt".split()
)
_FIRST_WORD = re.compile(r"[ \t]*([^\W\d_]+)[ \t]+(?=[^\W\d_])")


def _relation_before_name(value: str) -> int:
    """The length of a relation word (and its space) opening ``value``, else 0."""
    first = _FIRST_WORD.match(value)
    if first is None or first.group(1).lower() not in _RELATION_WORDS:
        return 0
    return first.end()


# In a line of prose the value is followed by more prose: each entity's value ends where its
# shape does ("Tel.: 0176 / 98 76 54 32, Festnetz …", "E-Mail: a@b.de bitte …").
_PHONE_VALUE = re.compile(r"[+(]?\d[\d \t()/.\-]*\d")
_TOKEN_VALUE = re.compile(r"\S+")
_EMAIL_SHAPED = re.compile(r"@|&#0*64;|&#x0*40;|&commat;|\(at\)|\[at\]", re.IGNORECASE)
# A tab after the value starts the next column ("Kontoinhaber: Jana Roth<TAB>Betrag").
_DATE_VALUE = re.compile(r"[ \t]*[^,;(\n\t]{1,40}")
# "Kowalczyk, Jana": a comma followed by one more name word is part of the name.
_PERSON_VALUE = re.compile(r"[ \t]*[^,;(\n\t]+(?:,[ \t]*[^\W\d_][\w'’.-]*[ \t]*$)?")
# A number plate: groups of capitals and digits ("OS-UB 318", "AB12 CDE"), not the prose after.
_PLATE_VALUE = re.compile(r"[A-ZÄÖÜ\d]+(?:[ \t\-·][A-ZÄÖÜ\d]+){0,3}(?![\w])")
# An identifier: its first token, then the groups that go on with it, each holding a digit
# or being one or two capitals ("23 070845 K 127", "DE89 3704 0044 …"); a word after it is
# prose ("FRRBDT91C67A944T – bitte für die Elterngeldstelle übernehmen").
# A case number, or a register entry of places and a number: up to its last part with a digit
# ("9017734 - 475", "Latakia / Al-Sleibeh / 442").
_CASE_VALUE = re.compile(r"[^\n,;|]*\d[^\s,;|]*")
_IDENTIFIER_VALUE = re.compile(r"[^\s,;]+(?:[ \t](?:[^\s,;]*\d[^\s,;]*|[A-Z]{1,2})(?![^\s,;]))*")


# "Anschrift: Hohe Straße 41, 01069 Dresden, gemeldet seit 2019": after a comma, a clause
# that starts with a lower-case German word (a participle, an adverb: "gemeldet", "seit",
# "unbekannt verzogen") is prose about the address, not a part of it.
_ADDRESS_TAIL = re.compile(r",[ \t]*(?P<word>[a-zäöüß]+)\b(?![/.])")
# Words that go on with the address itself ("bei Müller", "zu Händen").
_ADDRESS_CONNECTORS = frozenset({"bei", "zu", "zur", "zum", "im", "in", "am", "an", "ot"})
MIN_GERMAN_ZIPF = 3.0
MAX_ENGLISH_ZIPF = 1.0  # a lower-case English word ("leeds", "bath") may be the town


def _address_extent(value: str) -> str:
    """An address value up to a comma that starts prose (a known German lower-case word that
    is neither a place nor English nor a connector); a value without a digit before that
    comma stays whole."""
    for match in _ADDRESS_TAIL.finditer(value):
        word = match.group("word")
        if (
            word not in _ADDRESS_CONNECTORS
            and zipf(word, "de") >= MIN_GERMAN_ZIPF
            and zipf(word, "en") < MAX_ENGLISH_ZIPF
            and word.capitalize() not in load_lexicon().places
            and any(ch.isdigit() for ch in value[: match.start()])
        ):
            return value[: match.start()]
    return value


def _value_extent(entity: str, value: str) -> str:
    """The part of a ``Key: value`` line's value that is the value itself."""
    if entity == "ADDRESS":
        return _address_extent(value)
    call = _DATE_CALL.match(value) if entity == "DATE_OF_BIRTH" else None
    if call is not None:
        return call.group()  # "geburtsdatum=datetime.date(1967, 9, 4)": the whole call
    pattern = {
        "PHONE_NUMBER": _PHONE_VALUE,
        "EMAIL_ADDRESS": _TOKEN_VALUE,
        "DATE_OF_BIRTH": _DATE_VALUE,
        "PERSON": _PERSON_VALUE,
        "DE_KFZ": _PLATE_VALUE,
        "CASE_NUMBER": _CASE_VALUE,
        "EMPLOYEE_NUMBER": _CASE_VALUE,
    }.get(entity, _IDENTIFIER_VALUE)
    match = pattern.match(value)
    if match is None:
        return ""
    if entity == "PERSON" and "," not in match.group():
        given = _MIDDLE_GIVEN_NAME.match(value, match.end())
        if given is not None and _is_given_name(given.group("given")):
            return value[: given.end("given")]
    return match.group().rstrip(" \t.,;")


# "Patientin: Nowak, Jadwiga, geb. 02.03.1950": the given name between two commas belongs
# to the surname before it, as "Nowak, Jadwiga" at the value's end does (_PERSON_VALUE).
_MIDDLE_GIVEN_NAME = re.compile(
    r",[ \t]*(?P<given>[^\W\d_]+(?:-[^\W\d_]+)?(?:[ \t][^\W\d_]+)?)[ \t]*,"
)


def _is_given_name(words: str) -> bool:
    """Capitalised words, each a listed first name or, no place, no ordinary word."""
    lexicon = load_lexicon()
    return all(
        word[:1].isupper()
        and word[1:].islower()
        and (
            word in lexicon.first_names
            or (word not in lexicon.places and not is_ordinary_word(word, lexicon))
        )
        for word in re.split(r"[ \t-]", words)
    )


_TABLE_DELIMITERS = ("\t", ";", "|", "│", ",")
TABLE_DELIMITERS = _TABLE_DELIMITERS  # for pii.conversation (a table sent a row a text)
# A rule line between a pipe table's rows: Markdown's "|---|:--|", the "+-----+-----+" of
# MySQL/psql printouts and ASCII tables, "------+------" of psql, box-drawing "├────┼────┤".
_RULE_CHARS = frozenset("-=:+| │─━┼├┤┌┐└┘┬┴═╪╞╡╤╧")
_RULE_STROKES = frozenset("-=─━═")


def is_rule_line(line: str) -> bool:
    return (
        bool(line.strip())
        and set(line.strip()) <= _RULE_CHARS
        and not _RULE_STROKES.isdisjoint(line)
    )


def _cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a delimited line; quoted cells may hold the delimiter."""
    cells: list[tuple[int, int]] = []
    start = 0
    quoted = False
    for pos, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            cells.append((start, pos))
            start = pos + 1
    cells.append((start, len(line)))
    return cells


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start] in " \t\"'":
        start += 1
    while end > start and line[end - 1] in " \t\"'\r":
        end -= 1
    return start, end


# A cell holding a key and its value ("Kontoinhaber: Dvořáková" of the line
# "Kontoinhaber: Dvořáková, Kateřina" split at its comma) names no column: two key-value
# lines with one comma each are no table ("Betrag: EUR 450,00" no row under a name column).
_KEY_WITH_VALUE = re.compile(r"[^:]{1,40}:[ \t]*\S")


def _pipe_body_row(lines: list[tuple[int, str]], index: int, delimiter: str) -> bool:
    """True when line ``index`` is a body row of a pipe table: under its rule line (and
    other body rows), which is under the table's header row ("| Feld | Eintrag |" over
    "|---|---|" over "| Kind | … |"). Its cells are values or the keys of a key/value table,
    no column names; a printout's top border above its header ("+----+" over "| name |")
    has no header row above it."""
    if delimiter not in "|│":
        return False
    above = index - 1
    while above >= 1 and delimiter in lines[above][1] and not is_rule_line(lines[above][1]):
        above -= 1  # the body rows above it
    return (
        above >= 1
        and is_rule_line(lines[above][1])
        and delimiter in lines[above - 1][1]
        and not is_rule_line(lines[above - 1][1])
    )


# A table's header sent alone (an embeddings input, a message of its own), its rows in the
# texts after it: pii.conversation reads them together. A header has three or more cells,
# each a short key and two of them personal; with commas it has no spaces (a CSV file's
# "surname,forename,dob"), so a line of prose ("Name, Adresse, Telefon bitte") is none.
MIN_HEADER_CELLS = 3
MIN_HEADER_COLUMNS = 2
_HEADER_CELL = re.compile(r"[^.!?\n]{1,40}")


def header_columns(text: str) -> tuple[str, int] | None:
    """(delimiter, number of cells) of a text that is nothing but a table's header line
    (see above), else None."""
    line = text.strip()
    if not line or "\n" in line:
        return None
    delimiter = next((d for d in _TABLE_DELIMITERS if d in line), None)
    if delimiter is None:
        return None
    cells = [_trim(line, *cell) for cell in _cells(line, delimiter)]
    if len(cells) < MIN_HEADER_CELLS:
        return None
    personal = 0
    for start, end in cells:
        cell = line[start:end]
        if (
            _HEADER_CELL.fullmatch(cell) is None
            or len(cell.split()) > MAX_KEY_WORDS
            or (delimiter == "," and " " in cell)
        ):
            return None
        personal += entity_for_key(cell) is not None
    return (delimiter, len(cells)) if personal >= MIN_HEADER_COLUMNS else None


def table_cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a delimited line (quoted cells may hold the delimiter)."""
    return _cells(line, delimiter)


def scan_tables(text: str) -> Iterator[Span]:
    """CSV/TSV/Markdown tables: every row's cell under a personal column header."""
    if "\n" not in text:
        return
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    # A vCard's lines have ";" too ("TEL;TYPE=CELL:…"), but no columns: scan_vcards reads them.
    cards = [m.span() for m in _VCARD.finditer(text)] if "VCARD" in text.upper() else []

    def in_card(offset: int) -> bool:
        return any(start <= offset < end for start, end in cards)

    forms = find_forms(lines).lines if "\t" in text or "|" in text else frozenset()
    i = 0
    while i < len(lines) - 1:
        header_offset, header = lines[i]
        if in_card(header_offset) or i in forms:  # a form's key and value, no header
            i += 1
            continue
        delimiter = next((d for d in _TABLE_DELIMITERS if d in header), None)
        if delimiter is None or _pipe_body_row(lines, i, delimiter):
            i += 1
            continue
        header_cells = _cells(header, delimiter)
        columns: dict[int, str] = {}
        for index, (start, end) in enumerate(header_cells):
            start, end = _trim(header, start, end)
            if _KEY_WITH_VALUE.match(header, start, end):
                continue  # a "Key: value" pair, not a column's name
            entity = entity_for_key(header[start:end]) if end > start else None
            if entity is not None:
                columns[index] = entity
        if not columns or len(header_cells) < 2:
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            offset, row = lines[j]
            if delimiter in "|│" and is_rule_line(row):
                j += 1
                continue
            row, taken = _record(lines, j, delimiter)
            cells = _cells(row, delimiter)
            if len(cells) != len(header_cells) or in_card(offset):
                break
            for index, entity in columns.items():
                start, end = _trim(row, *cells[index])
                if end > start and is_value(row[start:end]) and _may_be(entity, row[start:end]):
                    yield entity, offset + start, offset + end
            j += taken
        i = max(j, i + 1)


# A CSV cell in quotes may hold line breaks ("44 Quarrydene Vale\nBS6 7PL"): its record goes
# on over as many lines.
MAX_RECORD_LINES = 5


def _record(lines: list[tuple[int, str]], index: int, delimiter: str) -> tuple[str, int]:
    """The CSV record starting at line ``index`` and how many lines it takes: lines are
    joined while a quote is open (not in pipe tables, whose cells hold no line breaks)."""
    row = lines[index][1]
    taken = 1
    while (
        delimiter not in "|│"
        and row.count('"') % 2 == 1
        and taken < MAX_RECORD_LINES
        and index + taken < len(lines)
    ):
        row += "\n" + lines[index + taken][1]
        taken += 1
    return row, taken


# A table aligned with spaces (a printout, a fixed-width export): cells are separated by two
# or more spaces, a cell itself may hold single spaces ("Brettschneider, Uwe").
_ALIGNED_GAP = re.compile(r"[ ]{2,}")
_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")
MIN_ALIGNED_COLUMNS = 2
# A person's name in such a table is words with a capital: a cell with digits, "_", "/", "@"
# or ":", or all in lower case, is an identifier of a machine listing ("NAME  READY  STATUS"
# over "api-server  1/1  Running").
_ALIGNED_NAME = re.compile(r"[^\W\d_][^\d_/@:]*")
# An item's number ("8", "9.", "10a", "3)"): a line it opens is a numbered item (a data row,
# a form's field "8  Employee's private address  44 Dunkeld Road"), no header naming columns.
_ITEM_NUMBER = re.compile(r"\d{1,3}[a-z]?[.)]?")


def _aligned_cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a space-aligned line; none when it has no wide gap."""
    if "  " not in line.strip() or "\t" in line:
        return []
    return [m.span() for m in _ALIGNED_CELL.finditer(line)]


def _aligned_header(line: str, cells: list[tuple[int, int]]) -> bool:
    """Whether a space-aligned line may head a table: not when it opens with an item's
    number (see _ITEM_NUMBER)."""
    return len(cells) >= MIN_ALIGNED_COLUMNS and not _ITEM_NUMBER.fullmatch(line[slice(*cells[0])])


def _aligned_value(entity: str, value: str) -> bool:
    """Whether a cell under a column of ``entity`` is a value: not when it is a key itself
    (a form's next label, "Date of birth" under an address; a key has no digits, "HB-IP 204"
    is a number plate)."""
    if not is_value(value) or not _may_be(entity, value) or _PLACEHOLDER.search(value):
        return False
    if not any(ch.isdigit() for ch in value) and entity_for_key(value) is not None:
        return False
    if entity != "PERSON":
        return True
    return _ALIGNED_NAME.fullmatch(value) is not None and not value.islower()


def scan_aligned_tables(text: str) -> Iterator[Span]:
    """Tables aligned with spaces: every row's cell under a personal column header. A row
    belongs to the table while it has as many cells as the header; a blank or other line
    ends it."""
    if "  " not in text or "\n" not in text:
        return
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line.rstrip("\r")))
        pos += len(line) + 1
    forms = find_forms(lines).lines
    i = 0
    while i < len(lines) - 1:
        header = lines[i][1]
        if i in forms:  # a form's key and value, no header
            i += 1
            continue
        header_cells = _aligned_cells(header)
        columns = {
            index: entity
            for index, (start, end) in enumerate(header_cells)
            if (entity := entity_for_key(header[start:end])) is not None
        }
        if not columns or not _aligned_header(header, header_cells):
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            offset, row = lines[j]
            cells = _aligned_cells(row)
            if len(cells) != len(header_cells):
                break
            for index, entity in columns.items():
                start, end = cells[index]
                if _aligned_value(entity, row[start:end]):
                    yield entity, offset + start, offset + end
            j += 1
        i = max(j, i + 1)


# A form printed one field a line: the key, then a tab, a wide gap or a pipe, then the value
# ("Familienname            Ç E L İ K", "First name *<TAB>Gulnara", "| **Tenant** | Nomvula
# Dlamini-Keane |"). A column of keys beside a column of values has no header row: read as a
# table, its first line would head the columns and the keys under it would be their values.
_FORM_GAP = re.compile(r"\t+|[ ]{2,}")
_FORM_TABS = re.compile(r"\t+")
_FORM_PIPES = re.compile(r"[|│]")
_FORM_CELL_TRIM = " \t*_\r"
MIN_FORM_KEYS = 2
MAX_FORM_KEY_WORDS = 4


def _form_cells(line: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The key's and the value's (start, end) of a form line with exactly these two cells."""
    if _FORM_PIPES.search(line):
        cells = _cells(line, "|" if "|" in line else "│")
        if cells and not line[slice(*cells[0])].strip():
            cells = cells[1:]  # the line's leading pipe
        if cells and not line[slice(*cells[-1])].strip():
            cells = cells[:-1]  # its closing pipe
    else:
        # With tabs, only tabs part the cells ("Address line 1 *<TAB>18  Heaton  Grove").
        gaps = _FORM_TABS if "\t" in line else _FORM_GAP
        gap = gaps.search(line, len(line) - len(line.lstrip()))
        if gap is None:
            return None
        cells = [(0, gap.start()), (gap.end(), len(line))]
        if gaps.search(line, gap.end(), len(line.rstrip())) is not None:
            return None  # a third column
    if len(cells) != 2:
        return None
    key, value = (_trim_form_cell(line, *cell) for cell in cells)
    if key[1] <= key[0] or value[1] <= value[0]:
        return None
    return key, value


def _trim_form_cell(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start] in _FORM_CELL_TRIM:
        start += 1
    while end > start and line[end - 1] in _FORM_CELL_TRIM:
        end -= 1
    return start, end


def _form_key_entity(key: str, value: str) -> str | None:
    """The entity of a form line's key; none for a key holding ":" (a ``Key: value`` line's)
    or a value that is a key itself (a table's header "Name<TAB>E-Mail")."""
    if ":" in key or len(key.split()) > MAX_FORM_KEY_WORDS or len(key) > MAX_KEY_CHARS:
        return None
    entity = entity_for_key(key)
    if entity is None or entity_for_key(value) is not None:
        return None
    return entity


@dataclass(frozen=True, slots=True)
class Form:
    """The forms of a text: their personal values and the indices of their lines."""

    values: list[Span]
    lines: frozenset[int]


def find_forms(lines: list[tuple[int, str]]) -> Form:
    """Forms (see above) among ``lines`` (offset, line): blocks of consecutive lines of two
    cells (a pipe table's rule lines between them) holding at least two personal keys."""
    values: list[Span] = []
    in_forms: set[int] = set()
    block_values: list[Span] = []
    block_lines: list[int] = []
    keyed = 0
    for index, (offset, line) in enumerate([*lines, (0, "")]):
        if is_rule_line(line):
            continue
        cells = _form_cells(line) if line.strip() else None
        if cells is None:
            if keyed >= MIN_FORM_KEYS:
                values.extend(block_values)
                in_forms.update(block_lines)
            block_values, block_lines, keyed = [], [], 0
            continue
        block_lines.append(index)
        (key_start, key_end), (start, end) = cells
        value = line[start:end]
        entity = _form_key_entity(line[key_start:key_end], value)
        if entity is None:
            continue
        keyed += 1
        if entity == "PERSON":
            value = _value_extent(entity, value)
        if value and is_value(value) and _may_be(entity, value) and not _PLACEHOLDER.search(value):
            block_values.append((entity, offset + start, offset + start + len(value)))
    return Form(values, frozenset(in_forms))


def _lines_of(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line.rstrip("\r")))
        pos += len(line) + 1
    return lines


def scan_forms(text: str) -> Iterator[Span]:
    """The personal values of forms printed one field a line (see above)."""
    if "\n" not in text or ("\t" not in text and "  " not in text and "|" not in text):
        return
    yield from find_forms(_lines_of(text)).values


# HTML tables: ``<tr><th>Nachname</th>…</tr><tr><td>Koch</td>…</tr>``. A row ends at its
# closing tag or where the next row or table begins (HTML lets ``</tr>`` and ``</td>`` out).
_HTML_TABLE_HINT = re.compile(r"<t[rdh]\b", re.IGNORECASE)
_HTML_TABLE_START = re.compile(r"<table\b", re.IGNORECASE)
_HTML_ROW = re.compile(
    r"<tr\b[^<>]*>(?P<cells>.*?)(?=</tr\s*>|<tr\b|</?table\b|\Z)", re.IGNORECASE | re.DOTALL
)
_HTML_CELL = re.compile(
    r"<(?P<tag>t[hd])\b[^<>]*>(?P<content>.*?)(?=</t[hd]\s*>|<t[hd]\b|</tr\b|\Z)",
    re.IGNORECASE | re.DOTALL,
)
# A cell's inner tags and the text between them (``<td><b>Koch</b></td>``).
_HTML_TEXT = re.compile(r"<[^<>]*>|(?P<text>[^<>]+)")

_HtmlCell = tuple[bool, int, int]  # header cell (<th>), content start, content end


def _html_rows(text: str, start: int, end: int) -> list[list[_HtmlCell]]:
    rows = []
    for row in _HTML_ROW.finditer(text, start, end):
        cells = [
            (cell.group("tag").lower() == "th", cell.start("content"), cell.end("content"))
            for cell in _HTML_CELL.finditer(text, row.start("cells"), row.end("cells"))
        ]
        if cells:
            rows.append(cells)
    return rows


def _html_cell_text(text: str, cell: _HtmlCell) -> str:
    runs = _HTML_TEXT.finditer(text, cell[1], cell[2])
    return " ".join(m.group().strip() for m in runs if m.group("text") is not None)


def _html_cell_values(text: str, entity: str, cell: _HtmlCell) -> Iterator[Span]:
    """Each text run of a data cell (between its inner tags), trimmed."""
    for run in _HTML_TEXT.finditer(text, cell[1], cell[2]):
        if run.group("text") is None:
            continue
        value = run.group()
        trimmed = value.strip()
        if is_value(trimmed) and _may_be(entity, trimmed) and not _PLACEHOLDER.search(trimmed):
            start = run.start() + len(value) - len(value.lstrip())
            yield entity, start, start + len(trimmed)


def _html_table(text: str, rows: list[list[_HtmlCell]]) -> Iterator[Span]:
    """One table's rows: a header row (all ``<th>``, or a first row of ``<td>`` naming two or
    more personal columns) marks its columns; a row headed by one ``<th>`` (or a two-cell
    row ``<td>Name</td><td>…</td>`` outside a header's columns) is a key and its value."""
    columns: dict[int, str] = {}
    for number, cells in enumerate(rows):
        entities = [entity_for_key(_html_cell_text(text, cell)) for cell in cells]
        if len(cells) >= 2 and all(header for header, _, _ in cells):
            columns = {i: e for i, e in enumerate(entities) if e is not None}
            continue
        if number == 0 and len(cells) >= 2 and sum(e is not None for e in entities) >= 2:
            columns = {i: e for i, e in enumerate(entities) if e is not None}
            continue
        key_entity = entities[0]
        row_headed = cells[0][0] and not any(header for header, _, _ in cells[1:])
        if key_entity is not None and (row_headed or (not columns and len(cells) == 2)):
            for cell in cells[1:]:
                yield from _html_cell_values(text, key_entity, cell)
            continue
        for index, entity in columns.items():
            if index < len(cells) and not cells[index][0]:
                yield from _html_cell_values(text, entity, cells[index])


def scan_html_tables(text: str) -> Iterator[Span]:
    """``<table>`` rows: every data cell under a personal column header (attributes,
    ``<thead>``/``<tbody>`` and line breaks between the tags allowed)."""
    if _HTML_TABLE_HINT.search(text) is None:
        return
    starts = [0, *(m.start() for m in _HTML_TABLE_START.finditer(text)), len(text)]
    for start, end in itertools.pairwise(starts):
        if start < end:
            yield from _html_table(text, _html_rows(text, start, end))


# vCard (RFC 6350, also 2.1/3.0): ``N:Family;Given;Additional;Prefix;Suffix``,
# ``TEL;TYPE=CELL:…``, ``ADR;TYPE=HOME:PO box;Extended;Street;City;Region;Code;Country``.
_VCARD = re.compile(
    r"^[ \t]*BEGIN:VCARD[ \t]*\r?$(?P<body>.*?)^[ \t]*END:VCARD",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)
_VCARD_LINE = re.compile(
    r"^[ \t]*(?:[\w-]+\.)?(?P<property>[A-Za-z-]+)(?:;[^:\r\n]*)?:(?P<value>[^\r\n]*)",
    re.MULTILINE,
)
_VCARD_PROPERTIES = {
    "N": "PERSON", "FN": "PERSON", "NICKNAME": "PERSON", "TEL": "PHONE_NUMBER",
    "EMAIL": "EMAIL_ADDRESS", "ADR": "ADDRESS", "LABEL": "ADDRESS", "BDAY": "DATE_OF_BIRTH",
}  # fmt: skip
# The ";"-separated parts that are personal: a name's prefix and suffix are titles ("Mrs",
# "Jr."), an address's last part is the country.
_VCARD_PARTS = {"N": range(3), "ADR": range(6)}
_VCARD_SEPARATOR = re.compile(r"(?<!\\);")


def scan_vcards(text: str) -> Iterator[Span]:
    """The personal properties of each ``BEGIN:VCARD … END:VCARD`` block."""
    if "VCARD" not in text.upper():
        return
    for card in _VCARD.finditer(text):
        for line in _VCARD_LINE.finditer(text, card.start("body"), card.end("body")):
            name = line.group("property").upper()
            entity = _VCARD_PROPERTIES.get(name)
            if entity is None:
                continue
            start = line.start("value")
            parts = _VCARD_SEPARATOR.split(line.group("value"))
            wanted = _VCARD_PARTS.get(name, range(len(parts)))
            if name not in _VCARD_PARTS:
                parts = [line.group("value")]
            for index, part in enumerate(parts):
                trimmed = part.strip()
                if index in wanted and is_value(trimmed) and _may_be(entity, trimmed):
                    lead = start + len(part) - len(part.lstrip())
                    yield entity, lead, lead + len(trimmed)
                start += len(part) + 1


# iCalendar (RFC 5545): the common name parameter of a calendar user property names the
# person (``ATTENDEE;CN=Jane Doe;ROLE=REQ-PARTICIPANT:mailto:…``, ``ORGANIZER;CN="Doe,
# Jane":…``); the e-mail address after it is found as an e-mail address.
_ICAL_COMMON_NAME = re.compile(
    r"(?im)^[ \t]*(?:ATTENDEE|ORGANIZER|CONTACT)(?:;[^:;\r\n]*)*?;CN="
    rf"(?:\"(?P<quoted>[^\"\r\n]{{1,{MAX_VALUE_CHARS}}})\"|(?P<plain>[^;:\"\r\n]{{1,{MAX_VALUE_CHARS}}}))"
)


def scan_icalendar(text: str) -> Iterator[Span]:
    """The common names (``CN=``) of an iCalendar event's attendees and organiser."""
    if "CN=" not in text.upper():
        return
    for line in _ICAL_COMMON_NAME.finditer(text):
        group = "quoted" if line.group("quoted") is not None else "plain"
        yield from _keyed_value("PERSON", text, *line.span(group))


# SQL: ``INSERT INTO t (vorname, nachname) VALUES ('Anh Thư', 'Đặng'), (…)`` names its
# values by position; ``SET nachname = '…'`` and ``WHERE email = '…'`` by column.
_SQL_INSERT = re.compile(
    r"\bINSERT\s+INTO\s+[^\s(]{1,80}\s*\((?P<columns>[^()]{1,600})\)\s*VALUES\s*",
    re.IGNORECASE,
)
_SQL_LITERAL = re.compile(r"[NnEe]?'(?P<quoted>(?:[^'\n]|''){0,120})'|(?P<bare>[^\s,()']{1,40})")
_SQL_SPACE = re.compile(r"\s*")
_SQL_ASSIGNMENT = re.compile(
    r"(?<![\w.])(?:\w+\.)?[`\"\[]?(?P<column>[^\W\d]\w{0,39})[`\"\]]?\s*=\s*"
    r"[Nn]?'(?P<value>(?:[^'\n]|''){1,120})'"
)
MAX_SQL_ROWS = 1000


def _sql_tuples(text: str, pos: int) -> Iterator[tuple[int, int, int]]:
    """(column index, start, end) of each literal of ``(…), (…)`` from ``pos``; stops at
    anything that is not a plain literal (a function call, a sub-select)."""
    for _ in range(MAX_SQL_ROWS):
        pos = _SQL_SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith("(", pos):
            return
        index = 0
        pos += 1
        while True:
            pos = _SQL_SPACE.match(text, pos).end()  # type: ignore[union-attr]
            literal = _SQL_LITERAL.match(text, pos)
            if literal is None:
                return
            group = "quoted" if literal.group("quoted") is not None else "bare"
            yield index, literal.start(group), literal.end(group)
            pos = _SQL_SPACE.match(text, literal.end()).end()  # type: ignore[union-attr]
            if text.startswith(",", pos):
                index, pos = index + 1, pos + 1
            elif text.startswith(")", pos):
                pos += 1
                break
            else:
                return
        pos = _SQL_SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith(",", pos):
            return
        pos += 1


# ``INSERT INTO mitglieder VALUES (117,'Wawrzyniak','Eugeniusz',…)``: no column names; the
# rows of one table still hold one kind of value a column (``sql_literal_columns``).
_SQL_INSERT_WITHOUT_COLUMNS = re.compile(
    r"\bINSERT\s+INTO\s+(?P<table>[^\s(]{1,80})\s+VALUES\s*", re.IGNORECASE
)


def sql_literal_columns(text: str) -> list[list[tuple[int, int]]]:
    """The quoted literals of ``INSERT … VALUES`` rows without column names, a list of
    (start, end) per column of each table (its rows from every such statement)."""
    if "'" not in text or "(" not in text:
        return []
    columns: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for insert in _SQL_INSERT_WITHOUT_COLUMNS.finditer(text):
        table = insert.group("table").lower()
        for index, start, end in _sql_tuples(text, insert.end()):
            if text[start - 1 : start] == "'":
                columns.setdefault((table, index), []).append((start, end))
    return [cells for cells in columns.values() if len(cells) > 1]


def _sql_column_entity(column: str) -> str | None:
    return entity_for_key(column.strip().strip('`"[]').rsplit(".", 1)[-1])


def scan_sql(text: str) -> Iterator[Span]:
    """Values of personal columns in ``INSERT … VALUES`` and ``column = '…'``."""
    if "'" not in text:
        return
    if "(" in text:
        for insert in _SQL_INSERT.finditer(text):
            columns = [_sql_column_entity(c) for c in insert.group("columns").split(",")]
            for index, start, end in _sql_tuples(text, insert.end()):
                entity = columns[index] if index < len(columns) else None
                value = text[start:end]
                if entity is not None and is_value(value) and _may_be(entity, value):
                    yield entity, start, end
    if "=" in text:
        for match in _SQL_ASSIGNMENT.finditer(text):
            entity = entity_for_key(match.group("column"))
            value = match.group("value")
            if entity is not None and is_value(value) and _may_be(entity, value):
                yield entity, match.start("value"), match.end("value")


# ``<buerger nachname="Vogel" geburtsdatum="…">``: an attribute's name is a key like an
# element's. In an HTML form control (``<input name="surname" value="…">``) the ``name``
# (or ``id``) attribute is the key of the ``value`` attribute, in either order; there and on
# other HTML elements (``<a name="top">``, ``<form name="apply">``) a ``name`` attribute
# names a field or an anchor, no person.
_TAG = re.compile(r"<(?P<tag>[^\W\d][\w:.\-]{0,39})(?P<attrs>(?:\s[^<>]{0,600})?)/?>")
_ATTRIBUTE = re.compile(
    r"""(?<![^\s])(?P<key>[^\W\d][\w:.\-]{0,39})\s*=\s*"""
    rf"""(?:"(?P<dq>[^"<>\n]{{0,{MAX_VALUE_CHARS}}})"|'(?P<sq>[^'<>\n]{{0,{MAX_VALUE_CHARS}}})')"""
)
_FORM_CONTROLS = frozenset({"input", "textarea", "select", "option", "button", "output", "data"})
_HTML_NAMED = frozenset(
    "a form iframe img map meta object param slot fieldset details frame embed".split()
)
_FIELD_NAME_ATTRIBUTES = ("name", "id")
_TEXTAREA_CONTENT = re.compile(rf"(?P<value>[^<>]{{1,{MAX_VALUE_CHARS}}})</textarea\s*>", re.I)


def _attributes(attrs: str, offset: int) -> dict[str, tuple[str, int, int]]:
    """Attribute name (lower case, namespace prefix dropped) -> (value, start, end)."""
    found: dict[str, tuple[str, int, int]] = {}
    for match in _ATTRIBUTE.finditer(attrs):
        group = "dq" if match.group("dq") is not None else "sq"
        key = match.group("key").rsplit(":", 1)[-1].lower()
        if match.group("key").lower().startswith("xmlns"):
            continue
        found.setdefault(
            key, (match.group(group), offset + match.start(group), offset + match.end(group))
        )
    return found


def _keyed_value(entity: str, text: str, start: int, end: int) -> Iterator[Span]:
    """The value ``text[start:end]`` of a personal key, trimmed, unless it is no value, a
    placeholder, a value ``entity`` cannot have, or a sentence under a name key."""
    value = text[start:end]
    trimmed = value.strip()
    if not is_value(trimmed) or _PLACEHOLDER.search(trimmed) or not _may_be(entity, trimmed):
        return
    if entity == "PERSON" and len(trimmed.split()) > 5:
        return  # a sentence, not a name
    lead = start + len(value) - len(value.lstrip())
    yield entity, lead, lead + len(trimmed)


def scan_xml_attributes(text: str) -> Iterator[Span]:
    """Attributes of XML/HTML start tags read as ``key: value``, and HTML form controls'
    ``value`` (or a ``<textarea>``'s text) under the key their ``name``/``id`` gives."""
    if "<" not in text or "=" not in text:
        return
    for tag_match in _TAG.finditer(text):
        tag = tag_match.group("tag").lower()
        attributes = _attributes(tag_match.group("attrs"), tag_match.start("attrs"))
        if not attributes:
            continue
        if tag in _FORM_CONTROLS:
            field = next((attributes[a][0] for a in _FIELD_NAME_ATTRIBUTES if a in attributes), "")
            entity = entity_for_key(field) if field else None
            if entity is None:
                continue
            if "value" in attributes:
                yield from _keyed_value(entity, text, *attributes["value"][1:])
            if tag == "textarea":
                content = _TEXTAREA_CONTENT.match(text, tag_match.end())
                if content is not None:
                    yield from _keyed_value(entity, text, *content.span("value"))
            continue
        for key, (_, start, end) in attributes.items():
            if key in _FIELD_NAME_ATTRIBUTES and tag in _HTML_NAMED:
                continue
            entity = entity_for_key(key)
            if entity is not None:
                yield from _keyed_value(entity, text, start, end)


# logfmt (``ts=… level=warn surname=Day address="22 Orchard Way, Leeds"``): space-separated
# ``key=value`` pairs, a value bare or quoted. A line counts as logfmt when it holds two or
# more pairs, so a lone ``x=5`` in prose is not read.
_LOGFMT_PAIR = re.compile(
    r"""(?:^|(?<=[ \t]))(?P<key>[^\W\d][\w.\-]{0,39})="""
    rf'(?:"(?P<dq>(?:[^"\\\n]|\\.){{0,{MAX_VALUE_CHARS}}})"'
    rf"""|(?P<bare>[^\s"'=&]{{1,{MAX_VALUE_CHARS}}})(?=\s|$))""",
    re.MULTILINE,
)
MIN_LOGFMT_PAIRS = 2
# Keys that name a person only in a log line ("uid=j.weber1980 sess=7f2a"): elsewhere "uid"
# is LDAP's (scan_ldap) and "user" a chat role. A number under them has no letter and stays
# ("uid=1000 gid=1000", _may_be).
_LOGFMT_KEYS = {"uid": "PERSON", "user": "PERSON", "usr": "PERSON", "login": "PERSON"}


def scan_logfmt(text: str) -> Iterator[Span]:
    """Values of personal keys on logfmt lines, whatever they look like ("surname=Day":
    a short word under a name key is a name)."""
    if "=" not in text:
        return
    offset = 0
    for line in text.split("\n"):
        if line.count("=") >= MIN_LOGFMT_PAIRS:
            # Attributes of a tag are scan_xml_attributes' ("<input name="surname" …>").
            tags = [m.span() for m in _TAG.finditer(line)] if "<" in line else []
            pairs = [
                p
                for p in _LOGFMT_PAIR.finditer(line)
                if not any(start < p.start() < end for start, end in tags)
            ]
            if len(pairs) >= MIN_LOGFMT_PAIRS:
                for pair in pairs:
                    key = pair.group("key")
                    entity = entity_for_key(key) or _LOGFMT_KEYS.get(key.lower())
                    if entity is None:
                        continue
                    group = "dq" if pair.group("dq") is not None else "bare"
                    yield from _keyed_value(
                        entity, text, offset + pair.start(group), offset + pair.end(group)
                    )
        offset += len(line) + 1


# LDAP: a distinguished name (``uid=rpietrzyk,ou=people,dc=example,dc=org``) and the
# attribute lines of an LDIF entry (``sn: Pietrzyk``, ``cn: …``). LDAP's short attribute
# names mean other things elsewhere ("SN" a serial number, "CN" China), so they are keys only
# in a DN (a relative name followed by another) or in a text holding an LDIF entry. A DN
# escapes a comma inside a value ("CN=Nachname\, Vorname,OU=…", RFC 4514): it belongs to
# the value.
_LDAP_ATTRIBUTES = {
    "uid": "PERSON", "cn": "PERSON", "common name": "PERSON", "sn": "PERSON",
    "display name": "PERSON", "initials": "PERSON", "gecos": "PERSON",
    "user id": "PERSON", "mail": "EMAIL_ADDRESS",
}  # fmt: skip
_DN_PART = re.compile(
    r"(?i)(?<![\w-])(?P<key>uid|cn|sn|givenName|displayName|mail)="
    rf"(?P<value>(?:\\[,+=\\]|[^,+=\n\"<>\\]){{1,{MAX_VALUE_CHARS}}}?)"
    r"(?=[ \t]*[,+][ \t]*(?:uid|cn|ou|dc|o|c|l|st|sn)=)"
)
_LDIF_MARK = re.compile(r"(?im)^(?:dn|objectClass)::?[ \t]")
_LDIF_LINE = re.compile(
    rf"(?m)^(?P<key>[A-Za-z][\w-]{{0,39}})(?:;[\w-]+)*:[ \t]*"
    rf"(?P<value>[^\n\r]{{1,{MAX_VALUE_CHARS}}})$"
)


def _ldap_entity(attribute: str) -> str | None:
    return _LDAP_ATTRIBUTES.get(normalize_key(attribute)) or entity_for_key(attribute)


def scan_ldap(text: str) -> Iterator[Span]:
    """The personal parts of LDAP distinguished names and the values of an LDIF entry's
    personal attributes."""
    if "=" in text:
        for part in _DN_PART.finditer(text):
            entity = _ldap_entity(part.group("key"))
            if entity is not None:
                yield from _keyed_value(entity, text, *part.span("value"))
    if _LDIF_MARK.search(text) is None:
        return
    for line in _LDIF_LINE.finditer(text):
        entity = _LDAP_ATTRIBUTES.get(normalize_key(line.group("key")))
        if entity is not None and not line.group("value").startswith((":", "<")):
            # "cn:: UmFkb3PFgmF3YQ==" is base64, "cn:< file:///…" a URL: neither is the name.
            yield from _keyed_value(entity, text, *line.span("value"))


# An HTTP message (``POST /api/permits HTTP/1.1`` or ``HTTP/1.1 200 OK``, then its header
# lines): a header's name is a key once its ``X-`` prefix is dropped
# (``X-Applicant-Name``, ``X-User-Email``); ``From`` holds the user's address.
_HTTP_START = re.compile(
    r"(?m)^[ \t]*(?:[A-Z]{3,7}[ \t]+\S+[ \t]+HTTP/\d(?:\.\d)?|HTTP/\d(?:\.\d)?[ \t]+\d{3}\b.*)"
    r"[ \t]*\r?$"
)
_HTTP_HEADER = re.compile(
    rf"(?P<key>[A-Za-z][\w-]{{0,59}}):[ \t]*(?P<value>[^\r\n]{{1,{MAX_VALUE_CHARS}}})"
)
_HTTP_HEADER_KEYS = {"from": "PERSON", "user": "PERSON", "user name": "PERSON",
                     "username": "PERSON", "user email": "EMAIL_ADDRESS"}  # fmt: skip


def _header_entity(name: str) -> str | None:
    key = normalize_key(name)
    if key.startswith("x "):
        key = key[2:]
    return _HTTP_HEADER_KEYS.get(key) or entity_for_key(key)


def scan_http_headers(text: str) -> Iterator[Span]:
    """Header values of an HTTP request or response under a personal header name."""
    if "HTTP/" not in text:
        return
    for start in _HTTP_START.finditer(text):
        pos = text.find("\n", start.end()) + 1
        while 0 < pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            header = _HTTP_HEADER.fullmatch(text, pos, end - (text[end - 1] == "\r"))
            if header is None:
                break  # the blank line before the body, or no header
            entity = _header_entity(header.group("key"))
            if entity is not None:
                yield from _keyed_value(entity, text, *header.span("value"))
            pos = end + 1


def scan_structured(text: str) -> list[Span]:
    """Every keyed value in ``text`` (JSON pairs, ``Key: value`` lines, table cells, XML
    elements and attributes, HTML form fields, URL query parameters and form-encoded
    lines, HTML tables, vCards, iCalendar attendees, SQL literals, logfmt lines, LDAP names
    and LDIF entries, HTTP headers, e-mail headers and reply attribution lines), the fields
    of GEDCOM files, machine-readable zones and HL7 segments, a date of birth after the name
    in a record without column names, the authors in a chat export's speaker headers, and
    names written "Surname, Given" that fill a quoted field or follow a label. A span two
    scans find is listed once."""
    spans = [
        *scan_json_pairs(text),
        *scan_name_keys(text),
        *scan_json_row_tables(text),
        *scan_key_value_lines(text),
        *scan_tables(text),
        *scan_aligned_tables(text),
        *scan_forms(text),
        *scan_xml_elements(text),
        *scan_url_query(text),
        *scan_html_tables(text),
        *scan_vcards(text),
        *scan_icalendar(text),
        *scan_sql(text),
        *scan_xml_attributes(text),
        *scan_logfmt(text),
        *scan_ldap(text),
        *scan_http_headers(text),
        *scan_mail_headers(text),
        *scan_gedcom(text),
        *scan_mrz(text),
        *scan_hl7(text),
        *scan_record_birth_dates(text),
        *scan_chat_headers(text),
        *scan_inverted_names(text),
        *scan_capitals_inverted_names(text),
    ]
    return list(dict.fromkeys(spans))
