"""IP_ADDRESS: Presidio's IPv4/IPv6 recognizer, run only when an address shape occurs."""

from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import IpRecognizer as PresidioIpRecognizer

from pii.recognizers.base import Triggered

CONTEXT = ["ip", "ip-adresse", "ipv4", "ipv6", "adresse", "address", "server", "zugriff"]


class IpRecognizer(Triggered, PresidioIpRecognizer):
    """IPv4 and IPv6 addresses."""

    # Some text an IPv4 or IPv6 address must contain: "d.d.d.d" (its first part shortened to
    # the last digit) or "::h:"/":h:". A text holds one of these exactly when it holds
    # "d{1,3}.d{1,3}.d{1,3}.d{1,3}" or "h{0,4}::?h{1,4}:", and this form is searched 2x faster.
    TRIGGER = re.compile(r"\d\.\d{1,3}\.\d{1,3}\.\d{1,3}|::?[0-9A-Fa-f]{1,4}:")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)
