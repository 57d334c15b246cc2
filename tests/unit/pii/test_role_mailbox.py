"""The one role-mailbox rule (``pii.recognizers.email.is_role_mailbox``): the recognizer
leaves a role's address alone, and a conversation remembers no person from its words."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.recognizers.email import is_role_mailbox
from tests.unit.pii.conftest import redact_all

ROLES = [
    "wohnungsamt@kreis.example",  # an office noun
    "kundenservice2@versand.example",  # a role name, digits aside
    "bauamt.termine+web@stadt.example",  # a "+tag" aside
    "parking.permits@borough.example",  # ordinary words, two of them
    "bin.collections@council.example",
]
PERSONS = [
    "summer@mailbox.example",  # one ordinary word alone: a nickname as often
    "a.schmidt@firma.example",  # an initial
    "kwame.asante@mailbox.example",  # rare words
    "greta.support@firma.example",  # a known first name
    "liesel@web.example",
]


@pytest.mark.parametrize("address", ROLES)
def test_role_mailbox_names_a_role(address: str) -> None:
    assert is_role_mailbox(address)


@pytest.mark.parametrize("address", PERSONS)
def test_personal_mailbox_names_no_role(address: str) -> None:
    assert not is_role_mailbox(address)


@pytest.mark.parametrize("address", ROLES)
def test_role_mailbox_is_left_as_written(redactor: PresidioRedactor, address: str) -> None:
    assert redactor.new_session().redact(f"please write to {address} today") == (
        f"please write to {address} today"
    )


@pytest.mark.parametrize("address", PERSONS)
def test_personal_mailbox_is_redacted(redactor: PresidioRedactor, address: str) -> None:
    assert address not in redactor.new_session().redact(f"please write to {address} today")


def test_words_of_a_role_address_stay_ordinary_words_later(redactor: PresidioRedactor) -> None:
    out = redact_all(
        redactor, ["cc: street.lighting@council.example", "The street lighting is out again"]
    )
    assert out[1] == "The street lighting is out again"


def test_words_of_a_personal_address_are_remembered(redactor: PresidioRedactor) -> None:
    out = redact_all(redactor, ["cc: kwame.asante@mailbox.example", "asante called twice"])
    assert "asante" not in out[1]
