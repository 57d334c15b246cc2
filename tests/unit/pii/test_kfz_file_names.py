"""German plates in file names and URLs: "_" is a boundary; a file name may open with one."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor


def _plates(redactor: PresidioRedactor, text: str) -> list[str]:
    return [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "DE_KFZ"]


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("https://amt.example.de/akte/2026/M-RT-417_front.png", "M-RT-417"),
        ("Anhang: OS-UB-3186.pdf", "OS-UB-3186"),
        ("Kennzeichen im Dateinamen: foto_B-XY-4711_front.png", "B-XY-4711"),  # context word
        ("Das Fahrzeug B-XY 4711_2 steht dort.", "B-XY 4711"),
    ],
)
def test_plate_in_a_file_name_is_found(redactor: PresidioRedactor, text: str, plate: str) -> None:
    assert plate in _plates(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "See OPS-DB-1234 in Jira, and the ticket ENG-QA-12 today.",
        "Datei report_DE-BY-2024_final.pdf",  # not where the file name starts
        "foto_B-XY-4711_front.png",  # inside a file name, without a context word
        "bis zu 300 Euro",
    ],
)
def test_plate_shape_without_context_or_file_name_start_stays(
    redactor: PresidioRedactor, text: str
) -> None:
    assert _plates(redactor, text) == []
