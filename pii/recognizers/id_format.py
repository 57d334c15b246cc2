"""One notation of an identifier with its validator (pii/recognizers/national_ids.py scans
them; pii/recognizers/tax_numbers.py adds the tax and account numbers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IdFormat:
    """One notation of an identifier: its shape, its validator, whether it needs a cue, and
    the characters of which a run must hold one for the shape to be tried (``""``: none;
    "-" for the dashed US numbers, capitals for the codes with a check letter)."""

    entity: str
    shape: str
    is_valid: Callable[[str], bool]
    needs_cue: bool = False
    needs_one_of: str = ""


def digits_only(check: Callable[[str], bool]) -> Callable[[str], bool]:
    """The validator run on the value without separators."""
    return lambda text: check(re.sub(r"[\s./\-]", "", text))
