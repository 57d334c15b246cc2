"""Issue 19, hold-out round 20 (machine formats and office paperwork): ordinary text that was
redacted beside the personal data. Other values than the round's cases; personal values of
the same shapes stay found."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.recognizers.address_en import english_addresses
from pii.recognizers.email import is_role_mailbox
from pii.structured import scan_structured
from tests.unit.pii.conftest import redact_all


def redacted(redactor: PresidioRedactor, text: str) -> str:
    return redactor.new_session().redact(text)


# -- role mailboxes ----------------------------------------------------------------------

ROLE_ADDRESSES = [
    "wohngeld-nord.beratung@kreis.example",  # an office noun beside ordinary words
    "planning-applications@borough.example",  # a council service beside an ordinary word
    "admissions@academy.example",  # a school's service alone
    "seniorenbeirat@gemeinde.example",  # a board ("-beirat") as a compound's last part
    "senco@primary.example",  # a school's role by its abbreviation
]
PERSONAL_ADDRESSES = [
    "happy.hippo@gmx.example",  # ordinary words only: a nickname as often
    "lily.stone@firm.example",  # a name the lists lack, of ordinary words
    "greta.support@firma.example",  # a listed first name beside a role word
    "nusrat@web.example",  # ends like "-rat" (a council), a name all the same
    "m.beratung@firma.example",  # an initial
]


@pytest.mark.parametrize("address", ROLE_ADDRESSES)
def test_role_mailbox_of_service_words_is_a_role(redactor: PresidioRedactor, address: str) -> None:
    assert is_role_mailbox(address)
    text = f"please write to {address} today"
    assert redacted(redactor, text) == text


@pytest.mark.parametrize("address", PERSONAL_ADDRESSES)
def test_personal_mailbox_stays_personal(redactor: PresidioRedactor, address: str) -> None:
    assert not is_role_mailbox(address)
    assert address not in redacted(redactor, f"please write to {address} today")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("From: Council Tax <ct@borough.example>\nSubject: bill", "ct@borough.example"),
        ("Von: Fachdienst Wohngeld <wohngeld@kreis.example>", "wohngeld@kreis.example"),
        (
            "ORGANIZER;CN=Sachgebiet Wohngeld:mailto:wohngeld@kreis.example",
            "wohngeld@kreis.example",
        ),
    ],
)
def test_office_display_name_makes_its_address_a_role(
    redactor: PresidioRedactor, text: str, address: str
) -> None:
    assert address in redacted(redactor, text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("From: Happy Hippo <hh@gmx.example>", "hh@gmx.example"),  # no office named
        ("From: Lily Stone <ls@firm.example>", "ls@firm.example"),
        ("From: Priya Office <po@firm.example>", "po@firm.example"),  # a known name
        ("From: Council Tax <jb@borough.example>", "jb@borough.example"),  # not its initials
    ],
)
def test_display_name_of_no_office_leaves_the_address_personal(
    redactor: PresidioRedactor, text: str, address: str
) -> None:
    assert address not in redacted(redactor, text)


def test_words_of_a_hyphenated_role_address_are_no_name_later(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(
        redactor, ["cc: jobcenter-ost.termine@jc.example", "Der Termin im Jobcenter ist morgen"]
    )
    assert out[1] == "Der Termin im Jobcenter ist morgen"


def test_parts_of_a_double_barrelled_address_are_still_remembered(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["cc: wanjiru.kamau-brandt@web.example", "Kamau-Brandt rief an"])
    assert "Kamau" not in out[1]


def test_word_before_a_role_address_makes_no_personal_address(
    redactor: PresidioRedactor,
) -> None:
    # A tool call's key and value are adjacent texts: "to" + the address is no "toplanning-…".
    out = redact_all(redactor, ["to", "planning-applications@borough.example"])
    assert out == ["to", "planning-applications@borough.example"]


# -- a name key's value that names an office or an organisation ---------------------------


def keyed_persons(text: str) -> set[str]:
    return {text[s:e] for entity, s, e in scan_structured(text) if entity == "PERSON"}


@pytest.mark.parametrize(
    "text",
    [
        "Ansprechpartner: Fachdienst 50 Wohngeld",
        "ATTENDEE;CN=Team Elterngeld:mailto:elterngeld@kreis.example",
        "[company]\nname = Harbourside Veterinary Group\n",
        "Contact name: Parking Services Team",
        '{"name": "Ashworth Surgery"}',
    ],
)
def test_office_or_organisation_under_a_name_key_is_no_person(text: str) -> None:
    assert keyed_persons(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ansprechpartnerin: Frau Hartung", "Frau Hartung"),  # a surname ending in "-ung"
        ("Name: Nusrat", "Nusrat"),
        ("Name: Dr Lee, Elm Surgery", "Dr Lee"),  # a person at a practice
        ("Name: Sabine Beratung", "Sabine Beratung"),  # a known first name
        ("[employee]\nname = Ngozi Lake\n", "Ngozi Lake"),  # "Lake": a place's head only
    ],
)
def test_person_under_a_name_key_stays_a_person(text: str, name: str) -> None:
    assert keyed_persons(text) == {name}


def test_office_in_a_calendar_invite_is_no_name_elsewhere(redactor: PresidioRedactor) -> None:
    text = (
        "BEGIN:VEVENT\nSUMMARY:Termin Elterngeld\n"
        "ORGANIZER;CN=Team Elterngeld:mailto:elterngeld@kreis.example\nEND:VEVENT"
    )
    assert redact_all(redactor, [text]) == [text]


# -- a "town" on the line above a postcode ---------------------------------------------


def addresses(text: str) -> set[str]:
    return {text[s:e] for s, e, _ in english_addresses(text, load_lexicon())}


def test_office_line_before_a_postcode_is_no_town() -> None:
    text = "Tax Credit Office\nTax Credits and Child Benefit\nBX9 1BX\n\nDear Ms Achebe"
    assert addresses(text) == set()


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Flat 3\n12 Mill Lane\nKirkby in Ashfield\nNG17 7AB", "Ashfield\nNG17 7AB"),
        ("12 Mill Lane,\nLeeds\nLS6 2AB", "Leeds\nLS6 2AB"),
        ("write to me at Leeds LS6 2AB please", "Leeds LS6 2AB"),
    ],
)
def test_town_line_of_an_address_stays(text: str, town: str) -> None:
    assert town in addresses(text)
