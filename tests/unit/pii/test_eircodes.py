"""Irish Eircodes (issue 19): routing key + unique identifier, as a town line's end or alone."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor

ADDRESSES = [
    # (text, what one ADDRESS finding must cover)
    ("The house is at 4 Mill Lane, Ennis V95 T9PX.", "4 Mill Lane, Ennis V95 T9PX"),
    ("Send it to Kilkenny R95A2F3 please.", "Kilkenny R95A2F3"),
    ("Post to 12 Shore Road, Dublin D6W XR80, Ireland", "12 Shore Road, Dublin D6W XR80, Ireland"),
    ("My Eircode is D02 X285, thanks.", "D02 X285"),
    ("Lives in Tralee, V92 E7YC since 2019.", "V92 E7YC"),
]

NOT_ADDRESSES = [
    "Take the Y35 bus to the centre.",
    "The H91 route goes via the coast.",
    "The A12 2024 roadworks and the N95 mask.",
    "Model E10 ACDC and code F16 2024 and T12 CDEF.",  # no digit: a word, not an identifier
    "Model K12 ACDC fits.",
    "Part no. X35 9917 fits the old pump.",  # digits only: no unique identifier alone
    "The D02 area is central.",
]


@pytest.mark.parametrize(("text", "address"), ADDRESSES)
def test_when_eircode_then_address_found(
    redactor: PresidioRedactor, text: str, address: str
) -> None:
    # After a residence cue the town line is a LOCATION; either way one finding covers it.
    found = [text[f.start : f.end] for f in redactor.analyze(text)]

    assert any(address in span for span in found), found


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_when_route_or_model_number_then_no_address(redactor: PresidioRedactor, text: str) -> None:
    found = [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "ADDRESS"]

    assert found == []
