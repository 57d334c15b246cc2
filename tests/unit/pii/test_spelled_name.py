"""Issue 19, hold-out round 16: a name spelled out letter by letter after a spelling cue."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.recognizers.spelled_name import spelled_names


def spelled(text: str) -> list[str]:
    return [text[start:end] for _, start, end, _ in spelled_names(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hello, this is Aisling Mac Giolla, that's M-A-C-G-I-O-L-L-A.", "M-A-C-G-I-O-L-L-A"),
        ("Nachname Wójcik, buchstabiert W-O-J-C-I-K, danke", "W-O-J-C-I-K"),
        ("It's spelled: D. U. F. F. Y. okay?", "D. U. F. F. Y."),
        ("the surname is spelt K O V A C S and then", "K O V A C S"),
        ("geschrieben S-C-H-M-I-D-T", "S-C-H-M-I-D-T"),  # a word, but a known surname
    ],
)
def test_when_letters_follow_a_spelling_cue_then_they_are_a_name(text: str, name: str) -> None:
    assert spelled(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Options A-B-C-D are listed below.",  # no cue
        "that's N-O-T-E, a word",  # an ordinary word spelled
        "that is A-B-C",  # too short
        "that's the B-side",
    ],
)
def test_when_letters_lack_a_cue_or_spell_a_word_then_they_stay(text: str) -> None:
    assert spelled(text) == []


def test_spelled_name_is_redacted_in_an_answer(redactor: PresidioRedactor) -> None:
    out = redactor.new_session().redact("Caller: it's Eoghan, that's E-O-G-H-A-N. Thanks.")
    assert "E-O-G" not in out and out.endswith(". Thanks.")
