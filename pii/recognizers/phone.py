"""PHONE_NUMBER: python-phonenumbers, run only on digit-rich windows (fast path).

Presidio's ``PhoneRecognizer`` runs the phonenumbers matcher over the whole text once per
region, which dominated latency. Here a cheap regex finds candidate windows first and the
matcher only looks at those; valid German numbers in any common notation (+49, 0049,
0171…, with spaces, slashes, dashes, brackets) score above the threshold without context.

Regions come from ``[pii] phone_regions`` (default DE, AT, CH). A number in international
form (``+1 …``, ``0044 …``) is caught whatever the configured regions, since its country
code says where it belongs; with "+" it needs only a length that country's numbers have,
not a range phonenumbers knows to be assigned. North American national notation
has no trunk 0: its bracketed form (``(312) 555-0164``, BRACKETED_NANP) is distinctive and
counts in any deployment, and so does the dotted form (``312.555.0143``, DOTTED_NANP) when
phonenumbers knows its area code and exchange as assigned; the other bare forms
(``555-123-4567``) only when a NANP region (US, CA, …) is configured. Those count even for
numbers phonenumbers does not know to be assigned (the 555 exchange of films and forms).
A UK number in national format counts as a mobile (MOBILE_REGIONS), after a phone cue, or
alone on its line grouped as the UK writes it ("0117 496 0532" in a signature; LINE_REGIONS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

from pii.recognizers.base import Hit, ScanRecognizer

ENTITY = "PHONE_NUMBER"
# fmt: off
CONTEXT = [
    "telefon", "tel", "telefonnummer", "handy", "handynummer", "mobil", "mobilnummer",
    "rufnummer", "festnetz", "erreichbar", "erreichen", "anrufen", "rückruf", "whatsapp", "fax",
    "phone", "mobile", "cell", "call",
]
# fmt: on
IBAN_GROUPS = re.compile(r"\d{4}(?: \d{4})+(?: \d{1,3})?")
# What precedes the tail of an IBAN in groups: its country code and check digits ("DE89",
# maybe more groups). Without it, 4-4-4 groups are a phone number ("0176 3145 8820").
IBAN_HEAD = re.compile(r"(?i)[A-Z]{2}\d{2}(?:[ \t]+[\dA-Z]{4})*[ \t]+$")
IBAN_HEAD_CHARS = 48
# Mobile numbers of these regions are tried whatever regions are configured: their national
# mobile shape ("07923 418 506" in the UK) is distinctive, and people write it without +44.
MOBILE_REGIONS = ("GB",)
# Landlines of these regions count in national format when they stand alone on a line,
# written in the region's own grouping ("0117 496 0532" under a name in a signature): a
# line holding only such a number is a phone number, whatever regions are configured.
LINE_REGIONS = ("GB",)
# National numbers start with the trunk 0, international ones with + or 00; anything else
# (tax ids, case numbers, IBAN fragments) is not tried, which also keeps this fast.
# "(?=[+(0])": the first character, checked before the look-behind because that is faster.
CANDIDATE = re.compile(
    r"(?=[+(0])(?<![\w+\-/.])(?:\+[ \t]?\d|\(?0)(?:[\d \t\-/().]{0,3}\d){5,}\)?(?!\w)"
)
# North American Numbering Plan: "(555) 123-4567", "555-123-4567", "555.123.4567".
NANP_CANDIDATE = re.compile(
    r"(?<![\w+\-/.(])(?:\(\d{3}\)[ \t]?|\d{3}[-.])\d{3}[-.]\d{4}(?![\w\-/]|\.\d)"
)
# "773-555-0142" with dashes: counted outside NANP deployments only after a phone cue.
CUED_NANP = re.compile(r"(?=[2-9])(?<![\w+\-/.(])[2-9]\d{2}-[2-9]\d{2}-\d{4}(?![\w\-/]|\.\d)")
NANP_REGIONS = frozenset({"US", "CA", "PR", "GU", "VI", "AS", "MP"})
# "(312) 555-0164": the area code in brackets, the last four after a dash or dot, area code
# and exchange 2-9xx as the plan assigns them. No German, Austrian or Swiss number is
# written so (they have a trunk 0), so this shape counts whatever regions are configured.
BRACKETED_NANP = re.compile(
    r"(?=[(])(?<![\w+\-/.(])\([2-9]\d{2}\)[ \t]?[2-9]\d{2}[-.]\d{4}(?![\w\-/]|\.\d)"
)
# "312.555.0143": 3-3-4 digits with dots, area code and exchange 2-9xx. No German, Austrian
# or Swiss number is written so (a trunk 0), nor a date, a version (1-2 digit parts), an
# IPv4 address (four parts) or a thousands grouping (3-digit groups); counted only when
# phonenumbers knows the area code and exchange (is_valid_number), since a dotted 10-digit
# reference number would otherwise pass.
DOTTED_NANP = re.compile(r"(?=[2-9])(?<![\w+\-/.(])[2-9]\d{2}\.[2-9]\d{2}\.\d{4}(?![\w\-/]|\.\d)")
# A cue that says the next number is a phone number, right before it: a cue word of CONTEXT
# or "landline", maybe inflected or compounded ("Handynummer", "phones"), maybe followed by
# filler words ("my mobile is", "Festnetz lautet", "call me on", "erreichbar unter"); or a
# verb that is no cue alone before a person and "on/at" ("ring me on", "text us at", "reach me
# at", "they rang her on", "texted him at").
# The one rule for "a phone number comes next", in the recognizer and across messages.
_CUE_FILLER = r"is|ist|me|us|mich|uns|on|at|unter|lautet|number|nummer"
PHONE_CUE = re.compile(
    r"(?i)(?<![^\W\d_])(?:(?:" + "|".join([*CONTEXT, "landline", "ruf", "erreich"]) + r")\w{0,8}"
    r"(?:\s+(?:" + _CUE_FILLER + r"))*"
    r"|(?:ring|rang|rung|text|texted|reach|reached)s?\s+(?:me|us|him|her|them)\s+(?:on|at))"
    r"\.?[ \t]*[:.\-]?[ \t]*$"
)
PHONE_CUE_CHARS = 40
# A number in national format: trunk 0, 9-12 digits, maybe in groups ("0113 496 0581",
# "(030) 1234-567"). After a PHONE_CUE it is a phone number even when it is not valid for
# the configured regions (a UK landline in a DE/AT/CH deployment).
NATIONAL_SHAPE = re.compile(r"\(?0\d{1,5}\)?(?:[ \t/\-]?\d{2,8}){0,3}")
NATIONAL_DIGITS = range(9, 13)
VALID_SCORE = 0.6
CONTEXT_SCORE = 0.85
MIN_DIGITS = 6
# Shapes that phonenumbers accepts but people mean otherwise.
NOT_A_PHONE = re.compile(
    r"\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{1,3}(?:\.\d{1,3}){3}|\d{4}-\d{2}-\d{2}|\d{1,3}(?:\.\d{3})+(?:,\d+)?"
)


def _international(window: str, number: phonenumbers.PhoneNumber) -> bool:
    """A number written with "+" and a country code, of a length that country's numbers
    have: a phone number even where phonenumbers does not know the range to be assigned
    (the UK's 07700 900 range of films and forms, new mobile ranges)."""
    return (
        window.startswith("+")
        and phonenumbers.is_possible_number_with_reason(number)
        == phonenumbers.ValidationResult.IS_POSSIBLE
    )


def _foreign_mobile(window: str) -> bool:
    """A national mobile number of one of :data:`MOBILE_REGIONS`."""
    if window.startswith(("+", "00")):
        return False
    for region in MOBILE_REGIONS:
        try:
            number = phonenumbers.parse(window, region)
        except phonenumbers.NumberParseException:
            return False
        if (
            phonenumbers.is_valid_number(number)
            and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
        ):
            return True
    return False


def _foreign_line(text: str, candidate: re.Match[str]) -> bool:
    """A number of one of :data:`LINE_REGIONS` alone on its line, grouped as that region
    writes its numbers (phonenumbers' national format) and valid there."""
    window = candidate.group()
    line_start = text.rfind("\n", 0, candidate.start()) + 1
    line_end = text.find("\n", candidate.end())
    line = text[line_start : len(text) if line_end == -1 else line_end]
    if line.strip() != window or window.startswith(("+", "00")):
        return False
    for region in LINE_REGIONS:
        try:
            number = phonenumbers.parse(window, region)
        except phonenumbers.NumberParseException:
            return False
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        if phonenumbers.is_valid_number(number) and national == window:
            return True
    return False


def _cued_national(text: str, candidate: re.Match[str]) -> bool:
    """A number in national format right after a phone cue (NATIONAL_SHAPE, PHONE_CUE):
    the cue says what it is where the configured regions cannot."""
    window = candidate.group()
    return (
        NATIONAL_SHAPE.fullmatch(window) is not None
        and sum(ch.isdigit() for ch in window) in NATIONAL_DIGITS
        and PHONE_CUE.search(text[max(0, candidate.start() - PHONE_CUE_CHARS) : candidate.start()])
        is not None
    )


def _cued_international(text: str, candidate: re.Match[str]) -> bool:
    """A number with the international prefix 00 right after a phone cue, of a length its
    country's numbers have ("whatsapp 0044-7700-900-311"): written with "+" it would count
    anyway (:func:`_international`); the cue says the 00 means the same."""
    window = candidate.group()
    if (
        not window.startswith("00")
        or PHONE_CUE.search(text[max(0, candidate.start() - PHONE_CUE_CHARS) : candidate.start()])
        is None
    ):
        return False
    try:
        number = phonenumbers.parse("+" + window[2:], None)
    except phonenumbers.NumberParseException:
        return False
    return (
        phonenumbers.is_possible_number_with_reason(number)
        == phonenumbers.ValidationResult.IS_POSSIBLE
    )


def _cued_nanp(text: str) -> Iterable[Hit]:
    """North American numbers in a bare form ("773-555-0142", CUED_NANP) right after a
    phone cue ("cell", "call me on"), whatever regions are configured: the cue says what
    the 3-3-4 digits are."""
    for candidate in CUED_NANP.finditer(text):
        start = candidate.start()
        if PHONE_CUE.search(text[max(0, start - PHONE_CUE_CHARS) : start]) is None:
            continue
        try:
            number = phonenumbers.parse(candidate.group(), "US")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            yield ENTITY, start, candidate.end(), CONTEXT_SCORE


class PhoneRecognizer(ScanRecognizer):
    """Finds phone numbers valid in one of the configured regions."""

    ENTITIES = (ENTITY,)

    def __init__(self, *, supported_language: str = "de", regions: tuple[str, ...] = ("DE",)):
        super().__init__(supported_language=supported_language, context=CONTEXT)
        self._regions = regions
        self._nanp = next((r for r in regions if r in NANP_REGIONS), None)

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields valid phone numbers; a cue word right before raises the score."""
        for candidate in CANDIDATE.finditer(text):
            window = candidate.group()
            # "(03.03.2026)": a date in brackets is no number in brackets
            if sum(ch.isdigit() for ch in window) < MIN_DIGITS or NOT_A_PHONE.fullmatch(
                window.strip("()")
            ):
                continue
            head = text[max(0, candidate.start() - IBAN_HEAD_CHARS) : candidate.start()]
            iban_tail = IBAN_HEAD.search(head) is not None
            spans = self._numbers_in(window, candidate.start(), iban_tail=iban_tail)
            if (
                not spans
                and not iban_tail
                and (
                    _cued_national(text, candidate)
                    or _cued_international(text, candidate)
                    or _foreign_line(text, candidate)
                )
            ):
                spans = [candidate.span()]
            for start, end in spans:
                if NOT_A_PHONE.fullmatch(text[start:end].strip()):
                    continue
                cued = PHONE_CUE.search(text[max(0, start - PHONE_CUE_CHARS) : start]) is not None
                yield ENTITY, start, end, CONTEXT_SCORE if cued else VALID_SCORE
        if self._nanp is not None:
            yield from self._nanp_numbers(text, self._nanp, NANP_CANDIDATE)
            return
        if "-" in text:
            yield from _cued_nanp(text)
        if "(" in text:
            yield from self._nanp_numbers(text, "US", BRACKETED_NANP)
        if "." in text:
            yield from self._nanp_numbers(text, "US", DOTTED_NANP, assigned=True)

    @staticmethod
    def _nanp_numbers(
        text: str, region: str, shape: re.Pattern[str], *, assigned: bool = False
    ) -> Iterable[Hit]:
        """NANP numbers of ``shape``: possible ones, or with ``assigned`` valid ones only."""
        check = phonenumbers.is_valid_number if assigned else phonenumbers.is_possible_number
        for candidate in shape.finditer(text):
            try:
                number = phonenumbers.parse(candidate.group(), region)
            except phonenumbers.NumberParseException:
                continue
            if check(number):
                start, end = candidate.span()
                cued = PHONE_CUE.search(text[max(0, start - PHONE_CUE_CHARS) : start]) is not None
                yield ENTITY, start, end, CONTEXT_SCORE if cued else VALID_SCORE

    def _numbers_in(
        self, window: str, offset: int, *, iban_tail: bool = True
    ) -> list[tuple[int, int]]:
        if iban_tail and IBAN_GROUPS.fullmatch(window):
            return []  # the tail of an IBAN ("… 0044 0532 0130 00")
        # Fast path: the whole window is one number (the usual case).
        for region in self._regions:
            try:
                number = phonenumbers.parse(window, region)
            except phonenumbers.NumberParseException:
                break
            if phonenumbers.is_valid_number(number) or _international(window, number):
                return [(offset, offset + len(window))]
        if _foreign_mobile(window):
            return [(offset, offset + len(window))]
        found: list[tuple[int, int]] = []
        for region in self._regions:
            for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=1):
                span = (offset + match.start, offset + match.end)
                if span not in found:
                    found.append(span)
            if found:
                break
        return found
