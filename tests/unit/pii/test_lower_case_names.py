"""Names typed in lower case (chat, voice transcripts): a rare surname after a cued first
name, a family member's name after a family noun, and a rare name's "s" form recurring."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from tests.unit.pii.conftest import redact_all


def persons(redactor: PresidioRedactor, text: str) -> list[str]:
    return [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hallo, mein name ist mark zwiebelhuber, ich habe eine frage", "mark zwiebelhuber"),
        ("hi, my name is anna oyelaran, i live here", "anna oyelaran"),
    ],
)
def test_when_rare_word_closes_cued_lower_case_name_then_it_is_the_surname(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("my wife skye and our daughter willow", ["skye", "willow"]),
        ("ich komme mit meiner frau birte, danke", ["birte"]),
    ],
)
def test_when_lower_case_name_after_family_noun_then_found(
    redactor: PresidioRedactor, text: str, names: list[str]
) -> None:
    assert persons(redactor, text) == names


@pytest.mark.parametrize(
    "text",
    [
        "my son died.",
        "my wife left, and i stayed",
        "my husband too",
        "our daughter moved and works now",
        "My partner Dawn is here but my son loves it.",
    ],
)
def test_when_word_after_family_noun_is_verb_or_common_then_no_lower_case_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert all(name[:1].isupper() for name in persons(redactor, text))


def test_when_rare_lower_case_name_recurs_with_s_then_redacted(
    redactor: PresidioRedactor,
) -> None:
    texts = ["mein name ist jonas quellmalz, ich ziehe um", "ja, wir quellmalzs kommen alle"]
    assert "quellmalz" not in redact_all(redactor, texts)[1]


def test_when_ordinary_lower_case_name_recurs_with_s_then_plural_kept(
    redactor: PresidioRedactor,
) -> None:
    texts = ["ich bin jung, mein name ist frank", "wir haben viele franks"]
    assert "franks" in redact_all(redactor, texts)[1]


def test_when_remembered_surname_is_part_of_longer_name_then_whole_name_redacted(
    redactor: PresidioRedactor,
) -> None:
    texts = [
        "Antrag von Herrn Yesilbag liegt vor",
        "https://amt.example.de/akten/2026/K-77_selim-yesilbag.pdf",
    ]
    redacted = redact_all(redactor, texts)[1]
    assert "selim" not in redacted and "yesilbag" not in redacted
