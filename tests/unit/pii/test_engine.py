"""The minimal redaction API the gateway relies on."""

from __future__ import annotations

import re
import threading
from unittest import mock

import pytest

from pii.engine import PresidioRedactor, build_redactor, may_contain_personal_data
from pii.errors import PiiEngineError, TextTooLargeError
from pii.types import PiiConfig

ACCEPTANCE = (
    "Mein Name ist Erika Mustermann, E-Mail erika.mustermann@example.de, "
    "IBAN DE89 3704 0044 0532 0130 00, Telefon +49 170 1234567."
)
ACCEPTANCE_VALUES = (
    "Erika Mustermann",
    "erika.mustermann@example.de",
    "DE89 3704 0044 0532 0130 00",
    "+49 170 1234567",
)


def test_when_acceptance_text_redacted_then_name_email_iban_phone_replaced(
    redactor: PresidioRedactor,
) -> None:
    redacted = redactor.new_session().redact(ACCEPTANCE)

    assert redacted == (
        "Mein Name ist <PERSON_1>, E-Mail <EMAIL_ADDRESS_1>, "
        "IBAN <IBAN_CODE_1>, Telefon <PHONE_NUMBER_1>."
    )


def test_when_restored_then_original_text_returns(redactor: PresidioRedactor) -> None:
    session = redactor.new_session()

    assert session.restore(session.redact(ACCEPTANCE)) == ACCEPTANCE


def test_when_same_value_twice_then_same_placeholder(redactor: PresidioRedactor) -> None:
    session = redactor.new_session()

    first = session.redact("Mein Name ist Erika Mustermann.")
    second = session.redact("Frau Erika Mustermann und Herr Max Müller kommen.")

    assert first == "Mein Name ist <PERSON_1>."
    assert second == "Frau <PERSON_1> und Herr <PERSON_2> kommen."


def test_when_redacting_then_counts_hold_types_never_values(redactor: PresidioRedactor) -> None:
    session = redactor.new_session()
    session.redact(ACCEPTANCE)
    session.redact("Zweite Mail: max@example.org")

    counts = session.entity_counts

    assert counts == {"PERSON": 1, "EMAIL_ADDRESS": 2, "IBAN_CODE": 1, "PHONE_NUMBER": 1}
    assert not any(value in repr(counts) for value in ACCEPTANCE_VALUES)


def test_when_sessions_differ_then_mappings_are_independent(redactor: PresidioRedactor) -> None:
    one, two = redactor.new_session(), redactor.new_session()
    one.redact("Mein Name ist Erika Mustermann.")

    assert two.redact("Mein Name ist Max Müller.") == "Mein Name ist <PERSON_1>."
    assert two.restore("<PERSON_1>") == "Max Müller"
    assert one.restore("<PERSON_1>") == "Erika Mustermann"


def test_when_text_too_large_then_refused_before_analysis(nlp_cache_dir: str) -> None:
    small = build_redactor(PiiConfig(nlp_cache_dir=nlp_cache_dir, max_text_chars=10))

    with pytest.raises(TextTooLargeError) as caught:
        small.new_session().redact("x" * 11)

    assert (caught.value.length, caught.value.limit) == (11, 10)


@pytest.mark.parametrize("error", [RuntimeError("boom"), ValueError("bad"), KeyError("k")])
def test_when_presidio_fails_then_engine_error(
    redactor: PresidioRedactor, error: Exception
) -> None:
    with (
        mock.patch.object(redactor._analyzer, "analyze", side_effect=error),
        pytest.raises(PiiEngineError),
    ):
        redactor.new_session().redact(ACCEPTANCE)


def test_when_engine_works_then_ping_true_and_false_when_broken(
    redactor: PresidioRedactor,
) -> None:
    assert redactor.ping() is True
    with mock.patch.object(redactor._analyzer, "analyze", side_effect=RuntimeError("x")):
        assert redactor.ping() is False


def test_when_sessions_used_from_threads_then_each_is_consistent(
    redactor: PresidioRedactor,
) -> None:
    names = [f"Mein Name ist Erika Mustermann, Mail user{i}@example.de." for i in range(8)]
    results: dict[int, str] = {}

    def work(i: int) -> None:
        session = redactor.new_session()
        redacted = session.redact(names[i])
        results[i] = session.restore(redacted) if "@" not in redacted else "leak"

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == dict(enumerate(names))


def test_when_language_not_given_then_english_detected(redactor: PresidioRedactor) -> None:
    text = "Hello, my name is John Smith and I would like to apply for housing benefit."

    assert redactor.choose_language(text, None) == "en"
    assert redactor.choose_language("Ich möchte bitte Wohngeld beantragen.", None) == "de"
    assert re.search(r"<PERSON_1>", redactor.new_session().redact(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nur kleine wörter ohne alles", True),  # non-ASCII: could hide a disguise
        ("only small words here", False),
        ("thanks, see you", True),
        ("write to max at example dot org", True),
        ("ruf an: 0171", True),
        ("frag Anna", True),
    ],
)
def test_when_text_checked_then_fast_path_only_skips_hopeless_texts(
    text: str, expected: bool
) -> None:
    assert may_contain_personal_data(text) is expected


def test_when_text_already_redacted_then_placeholders_untouched(
    redactor: PresidioRedactor,
) -> None:
    session = redactor.new_session()
    redacted = session.redact(ACCEPTANCE)

    assert session.redact(redacted) == redacted


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00", "IBAN DE89370400440532013000"),
        ("Mail Erika.Mustermann@Example.de", "Mail erika.mustermann@example.de"),
        ("Mein Name ist Erika Mustermann.", "Mein Name ist Er\u200bika Mustermann."),
        ("Telefon +49 170 1234567", "Telefon +49 (170) 1234567"),
        ("Telefon +49 170 1234567", "Telefon 0170 1234567"),
    ],
)
def test_when_same_value_written_differently_then_same_placeholder(
    redactor: PresidioRedactor, first: str, second: str
) -> None:
    session = redactor.new_session()

    one, two = session.redact(first), session.redact(second)

    placeholders = re.findall(r"<[A-Z_]+_\d+>", one + two)
    assert len(placeholders) == 2
    assert placeholders[0] == placeholders[1]


def test_a_value_repeated_in_a_session_is_canonicalised_once(redactor: PresidioRedactor) -> None:
    """The answer quoting the prompt's phone number parses it once; both get one placeholder,
    and a differently written form of the number still gets the same one."""
    import pii.engine

    session = redactor.new_session()
    with mock.patch.object(pii.engine, "canonical", wraps=pii.engine.canonical) as canonical:
        first = session.redact("Rufen Sie mich an: 0172 9876543.")
        second = session.redact("Ihre Nummer 0172 9876543 ist notiert.")
        third = session.redact("Oder +49 172 9876543.")
    assert [c.args for c in canonical.call_args_list] == [
        ("PHONE_NUMBER", "0172 9876543"),
        ("PHONE_NUMBER", "+49 172 9876543"),
    ]
    placeholder = "<PHONE_NUMBER_1>"
    assert placeholder in first and placeholder in second and placeholder in third
