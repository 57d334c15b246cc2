"""The Rechtsbehelfsbelehrung (instructions on legal remedies) a citizen page must carry.

§ 37 Abs. 6 VwVfG and § 36 SGB X require a written or electronic administrative act that can
be challenged to state the remedy, the authority or court where it is lodged (with its
address), the period and the form. A missing or wrong Belehrung extends the period to one
year (§ 58 Abs. 2 VwGO, § 66 Abs. 2 SGG), so the text is configured per service by the
authority and only assembled here.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from explain.spec import Lang

RemedyKind = Literal["widerspruch", "klage"]
LegalBasis = Literal["vwvfg", "sgb_x"]
_GERMAN_MONTHS = {1: "eines Monats", 2: "von zwei Monaten", 3: "von drei Monaten"}


class LegalRemedy(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How to challenge a decision of one service (the ``[reviews.remedy]`` tables).

    Attributes:
        kind: ``widerspruch`` (objection to the authority) or ``klage`` (action at court,
            where a Land has abolished the objection procedure).
        period_months: the period, counted from notification (Bekanntgabe) of the notice.
        body: the authority (for an objection) or court (for an action), by name.
        address: its postal address.
        electronic: how to lodge it electronically, if the body accepts that (e.g. "per
            De-Mail an widerspruch@…" or "mit qualifizierter elektronischer Signatur an …");
            empty: only in writing or for the record.
        legal_basis: ``vwvfg`` (§ 37 Abs. 6 VwVfG) or ``sgb_x`` (§ 36 SGB X).
    """

    kind: RemedyKind = "widerspruch"
    period_months: Annotated[int, msgspec.Meta(ge=1, le=12)] = 1
    body: Annotated[str, msgspec.Meta(min_length=1, max_length=300)] = (
        "Stadt Musterstadt, Wohngeldstelle"
    )
    address: Annotated[str, msgspec.Meta(min_length=1, max_length=300)] = (
        "Musterstraße 1, 12345 Musterstadt"
    )
    electronic: Annotated[str, msgspec.Meta(max_length=300)] = ""
    legal_basis: LegalBasis = "vwvfg"


def remedy_text(remedy: LegalRemedy, lang: Lang) -> tuple[str, ...]:
    """The Belehrung as sentences in ``lang`` (``ls``: Leichte Sprache, explained words)."""
    if lang == "en":
        return _english(remedy)
    if lang == "ls":
        return _easy(remedy)
    return _german(remedy)


def _german(r: LegalRemedy) -> tuple[str, ...]:
    period = _GERMAN_MONTHS.get(r.period_months, f"von {r.period_months} Monaten")
    where = f"{r.body}, {r.address}"
    if r.kind == "widerspruch":
        first = (
            f"Gegen diesen Bescheid kann innerhalb {period} nach Bekanntgabe Widerspruch "
            "erhoben werden."
        )
        form = f"Der Widerspruch ist schriftlich oder zur Niederschrift bei {where} einzulegen."
    else:
        first = (
            f"Gegen diesen Bescheid kann innerhalb {period} nach Bekanntgabe Klage erhoben "
            "werden."
        )
        form = f"Die Klage ist schriftlich oder zur Niederschrift beim {where} zu erheben."
    lines = [first, form]
    if r.electronic:
        lines.append(f"Elektronisch: {r.electronic}.")
    return tuple(lines)


def _english(r: LegalRemedy) -> tuple[str, ...]:
    months = "one month" if r.period_months == 1 else f"{r.period_months} months"
    what = "an objection (Widerspruch)" if r.kind == "widerspruch" else "an action at court"
    lines = [
        f"You can lodge {what} against this decision within {months} after it was "
        "notified to you.",
        f"Lodge it in writing, or have it recorded in person, at: {r.body}, {r.address}.",
    ]
    if r.electronic:
        lines.append(f"Electronically: {r.electronic}.")
    lines.append("Only the German text is legally binding.")
    return tuple(lines)


def _easy(r: LegalRemedy) -> tuple[str, ...]:
    months = "1 Monat" if r.period_months == 1 else f"{r.period_months} Monate"
    if r.kind == "widerspruch":
        lines = [
            "Sie finden die Entscheidung falsch?",
            "Dann können Sie Widerspruch einlegen.",
            "Widerspruch bedeutet: Sie sagen der Behörde: Die Entscheidung ist falsch.",
            "Dann prüft die Behörde alles noch einmal.",
        ]
    else:
        lines = [
            "Sie finden die Entscheidung falsch?",
            "Dann können Sie Klage einreichen.",
            "Klage bedeutet: Ein Gericht prüft die Entscheidung.",
        ]
    lines += [
        f"Sie haben dafür {months} Zeit.",
        "Die Zeit beginnt mit dem Tag: Sie bekommen den Brief mit der Entscheidung.",
        f"Schreiben Sie einen Brief an: {r.body}, {r.address}.",
        "Unterschreiben Sie den Brief.",
        "Sie können auch selbst dort hingehen.",
        "Dann schreibt dort jemand alles für Sie auf.",
    ]
    if r.electronic:
        lines.append(f"Sie können auch elektronisch schreiben: {r.electronic}.")
    return tuple(lines)
