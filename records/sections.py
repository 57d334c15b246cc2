"""Building blocks shared by every document: sections, bilingual texts, dates.

A section is a plain dict so documents serialise to JSON (and into the audit log, whose
canonical JSON admits no floats: numbers are ints, everything measured is a formatted string).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from records.types import Status

LOCAL_ZONE = ZoneInfo("Europe/Berlin")
TO_BE_COMPLETED: Status = "to_be_completed"
COMPLETE: Status = "complete"
TODO_DE = "[vom Verantwortlichen zu ergänzen]"
TODO_EN = "[to be completed by the deployer]"
DOCUMENT_SCHEMA_VERSION = 1


def text(de: str, en: str) -> dict[str, str]:
    """A text in German (first) and English."""
    return {"de": de, "en": en}


def when(moment: datetime | None) -> dict[str, str] | None:
    """A moment as ISO 8601 (UTC) and in local form (Europe/Berlin), German and English.

    ``local`` is the German form ("06.12.2026, 16:00 Uhr"), ``local_en`` the English one
    ("2026-12-06 16:00 CET", as the dashboard writes it). Versions recorded before
    ``local_en`` existed carry only ``local``; :func:`local_form` falls back to it.
    """
    if moment is None:
        return None
    local = moment.astimezone(LOCAL_ZONE)
    return {
        "iso": moment.isoformat(timespec="seconds"),
        "local": local.strftime("%d.%m.%Y, %H:%M Uhr"),
        "local_en": local.strftime("%Y-%m-%d %H:%M %Z"),
        "zone": "Europe/Berlin",
    }


def local_form(moment: Mapping[str, str] | None, lang: str) -> str:
    """The local form of a :func:`when` value in ``lang`` ("" for None)."""
    if not moment:
        return ""
    if lang == "en":
        return moment.get("local_en") or moment.get("local", "")
    return moment.get("local", "")


def day(moment: datetime | None, lang: str = "de") -> str:
    """The local date of a moment ("06.12.2026"; English "2026-12-06"), or "" for None."""
    if moment is None:
        return ""
    return moment.astimezone(LOCAL_ZONE).strftime("%d.%m.%Y" if lang == "de" else "%Y-%m-%d")


def section(
    *,
    ref: str,
    title: Mapping[str, str],
    body: Mapping[str, str],
    facts: Mapping[str, Any] | None = None,
    missing: Iterable[str] = (),
) -> dict[str, Any]:
    """One item of a document: status, legal reference, text and the facts it rests on.

    Args:
        ref: the provision the item implements, e.g. ``Art. 27(1)(a) KI-VO``.
        title: the item's heading (de/en).
        body: the generated text (de/en).
        facts: the machine-readable facts behind the text.
        missing: configuration keys or facts the deployer still has to supply; any makes the
            status ``to_be_completed``.
    """
    gaps = sorted(set(missing))
    return {
        "status": TO_BE_COMPLETED if gaps else COMPLETE,
        "ref": ref,
        "title": dict(title),
        "text": dict(body),
        "facts": dict(facts or {}),
        "to_be_completed": gaps,
    }


def given(value: str, key: str, missing: list[str]) -> str:
    """``value`` if the deployer configured it; else records ``key`` as missing."""
    if value.strip():
        return value.strip()
    missing.append(key)
    return ""


def or_todo(value: str, lang: str) -> str:
    """The value, or the to-be-completed marker in ``lang``."""
    return value if value else (TODO_DE if lang == "de" else TODO_EN)


def sentence(value: str) -> str:
    """``value`` ending as a sentence (a full stop unless it ends in . ! ? or a bracket)."""
    value = value.strip()
    return value if not value or value[-1] in ".!?)]" else value + "."


def joined(values: Iterable[str], *, empty: str = "–") -> str:
    """Comma-joined words for running text."""
    items = [v for v in values if v]
    return ", ".join(items) if items else empty


def header(kind: str, generated_at: datetime, policy_revision: str, version: str) -> dict[str, Any]:
    """The fields every document starts with."""
    return {
        "kind": kind,
        "schema_version": DOCUMENT_SCHEMA_VERSION,
        "generated_at": when(generated_at),
        "policy_revision": policy_revision,
        "generator": f"Leitplanke {version}".strip(),
    }


def status_of(sections: Iterable[Mapping[str, Any]]) -> Status:
    """``complete`` only when every section is."""
    return COMPLETE if all(s["status"] == COMPLETE for s in sections) else TO_BE_COMPLETED
