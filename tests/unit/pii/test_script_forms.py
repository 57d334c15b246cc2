"""A found name's own-script form in brackets after it is that person's name (issue 19)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Applicant: Li Xiaoming (李晓明), born in Chengdu.", "李晓明"),
        ("Hello, my name is Park Ji-woo (박지우).", "박지우"),
        ("Die Mieterin Olga Ivanova (Ольга Иванова) zahlt pünktlich.", "Ольга Иванова"),
        ("Mr Nikos Papadakis (Νίκος Παπαδάκης) called.", "Νίκος Παπαδάκης"),
        ("Layla Haddad (ليلى حداد) wrote again.", "ليلى حداد"),
    ],
)
def test_bracketed_own_script_form_after_a_name_is_redacted(
    redactor: PresidioRedactor, text: str, form: str
) -> None:
    out = redactor.new_session().redact(text)

    assert form not in out, out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("We visited Moscow (Москва) last year.", "Москва"),  # no person before it
        (
            "Anna Schmidt (说明书在这里请看一下第三页的内容) wrote.",
            "说明书在这里请看一下第三页的内容",
        ),
    ],
)
def test_bracketed_script_text_after_no_name_or_too_long_stays(
    redactor: PresidioRedactor, text: str, kept: str
) -> None:
    assert kept in redactor.new_session().redact(text)
