"""Disguised values are found, and their spans point at the original characters."""

from __future__ import annotations

import base64
import urllib.parse

import pytest

from pii.engine import PresidioRedactor
from pii.normalize import normalize

EMAIL = "erika.mustermann@example.de"
ZW = "\u200b"
SHY = "\u00ad"


def _fullwidth(value: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)


EVASIONS = [
    # (prefix, disguised value, suffix, entity type)
    ("Mail: ", "max [at] beispiel [punkt] de", " bitte", "EMAIL_ADDRESS"),
    ("Mail: ", "max(at)beispiel(dot)de", "", "EMAIL_ADDRESS"),
    ("Mail: ", "max{at}beispiel{punkt}de", " ok", "EMAIL_ADDRESS"),
    # An address written as a regular expression (a JSON-schema "pattern", a mail filter).
    ('"pattern": "^', r"tomasz\.wierzbicki@interia\.pl", '$"', "EMAIL_ADDRESS"),
    ("from =~ /^", r"k\.oyelaran\+post@gmail\.com", "$/", "EMAIL_ADDRESS"),
    ("Regel: ", r"lena\-marie\.voss\@t\-online\.de", " blocken", "EMAIL_ADDRESS"),
    ("write to ", "j.smith at example dot org", " thanks", "EMAIL_ADDRESS"),
    ("Mail: ", _fullwidth(EMAIL), "", "EMAIL_ADDRESS"),
    ("Mail: ", "erika.mustermann@exаmple.de", "", "EMAIL_ADDRESS"),  # Cyrillic а
    ("Kontakt ", urllib.parse.quote(EMAIL), " danke", "EMAIL_ADDRESS"),
    ("Daten: ", base64.b64encode(EMAIL.encode()).decode(), " Ende", "EMAIL_ADDRESS"),
    ("IBAN ", " ".join("DE89370400440532013000"), ".", "IBAN_CODE"),
    ("IBAN ", "DE89.3704.0044.0532.0130.00", ".", "IBAN_CODE"),
    ("IBAN ", "DE89-3704-0044-0532-0130-00", ".", "IBAN_CODE"),
    ("IBAN ", f"DE89 37{ZW}04 0044 05{ZW}32 0130 00", ".", "IBAN_CODE"),
    ("IBAN ", "de89 3704 0044 0532 0130 00", ".", "IBAN_CODE"),
    ("Tel ", "0 1 7 1 - 1 2 3 4 5 6 7", " abends", "PHONE_NUMBER"),
    ("Tel ", f"0171{ZW}123{SHY}4567", " abends", "PHONE_NUMBER"),
    ("Steuer-ID ", _fullwidth("86095742719"), ".", "DE_TAX_ID"),
    ("Mein Name ist ", f"Er{ZW}ika Muster{SHY}mann", " und", "PERSON"),
    ("Mein Name ist ", "Еrika Mustermann", " und", "PERSON"),  # Cyrillic Е
    ("Daten: ", base64.b64encode(b"Mein Name ist Erika Mustermann").decode(), " Ende", "PERSON"),
]


@pytest.mark.parametrize(("prefix", "value", "suffix", "entity"), EVASIONS)
def test_when_value_disguised_then_original_span_redacted(
    redactor: PresidioRedactor, prefix: str, value: str, suffix: str, entity: str
) -> None:
    text = prefix + value + suffix
    found = [(f.entity_type, f.start, f.end) for f in redactor.analyze(text)]

    assert (entity, len(prefix), len(prefix) + len(value)) in found


@pytest.mark.parametrize(
    "text",
    [
        "Ganz normaler Text ohne Auffälligkeiten.",
        "I will be at home at noon.",
        "Wir treffen uns",
        r"Pfad C:\Users\ab@cd, Regex ^\d+\.\d+$",
    ],
)
def test_when_nothing_disguised_then_normalisation_is_identity(text: str) -> None:
    assert normalize(text).identity is True


def test_when_characters_removed_then_offsets_map_back() -> None:
    text = f"a{ZW}b{SHY}c"

    normalized = normalize(text)

    assert normalized.text == "abc"
    assert normalized.to_original(0, 3) == (0, len(text))
    assert normalized.to_original(1, 2) == (2, 3)
