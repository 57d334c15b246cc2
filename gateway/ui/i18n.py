"""Languages of the dashboard: German by default, English on request.

Every visible text lives in a catalogue per language (``locale/de.json``, ``locale/en.json``),
loaded once; templates call the ``t("key", name=value)`` global. The language comes from
``?lang=de|en`` (which also sets a cookie), else the cookie, else German. Times are shown in
Europe/Berlin (summer and winter time), values in words instead of Python notation.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from jinja2 import pass_context
from jinja2.runtime import Context

Language = Literal["de", "en"]
LANGUAGES: tuple[Language, ...] = ("de", "en")
DEFAULT_LANGUAGE: Language = "de"
LANG_COOKIE = "leitplanke_lang"
LANG_PARAM = "lang"
LOCAL_ZONE = ZoneInfo("Europe/Berlin")
GROUP_SEPARATOR = " × "  # how fairness names intersections of groups
_LOCALE = Path(__file__).resolve().parent / "locale"


@functools.cache
def catalogue(lang: Language) -> Mapping[str, str]:
    """The texts of ``lang`` (read once per process)."""
    loaded: dict[str, str] = json.loads((_LOCALE / f"{lang}.json").read_text(encoding="utf-8"))
    return loaded


def language(value: object) -> Language | None:
    """``value`` as a supported language, or None."""
    return "de" if value == "de" else "en" if value == "en" else None


def choose_language(query: Mapping[str, Any], cookies: Mapping[str, str]) -> Language:
    """``?lang=``, else the language cookie, else German."""
    return (
        language(query.get(LANG_PARAM)) or language(cookies.get(LANG_COOKIE)) or (DEFAULT_LANGUAGE)
    )


def translate(lang: Language, key: str, /, **values: object) -> str:
    """The text ``key`` in ``lang`` with ``{name}`` fields filled (English, then the key, if
    missing: a missing text must never break a page)."""
    text = catalogue(lang).get(key) or catalogue("en").get(key) or key
    return text.format(**values) if values else text


def known(lang: Language, key: str) -> str | None:
    """The text ``key`` in ``lang`` if the catalogue has it (for codes that may be new)."""
    return catalogue(lang).get(key)


def _lang(ctx: Context) -> Language:
    return language(ctx.get("ui_lang")) or DEFAULT_LANGUAGE


@pass_context
def t(ctx: Context, key: str, /, **values: object) -> str:
    """Jinja global: the text ``key`` in the page's language."""
    return translate(_lang(ctx), key, **values)


@pass_context
def term(ctx: Context, prefix: str, code: object) -> str:
    """Jinja global: a code (status, outcome, category) in words, the code itself if unknown."""
    if code is None or code == "":
        return "–"
    lang = _lang(ctx)
    if prefix in ("group", "attribute") and GROUP_SEPARATOR in str(code):  # intersections
        return GROUP_SEPARATOR.join(
            known(lang, f"{prefix}.{part}") or part for part in str(code).split(GROUP_SEPARATOR)
        )
    return known(lang, f"{prefix}.{code}") or str(code)


def _in_berlin(value: datetime | str) -> datetime:
    """``value`` in Europe/Berlin; naive values are taken as UTC (every store writes UTC)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(LOCAL_ZONE)


def local_time(value: datetime | str | None, lang: Language, *, seconds: bool = True) -> str:
    """A moment in Europe/Berlin, e.g. ``06.12.2026, 16:51:08 MEZ`` / ``2026-12-06 16:51:08 CET``.

    Naive values are taken as UTC (every store writes UTC). Microseconds are dropped.
    """
    if value is None or value == "":
        return "–"
    local = _in_berlin(value)
    clock = "%H:%M:%S" if seconds else "%H:%M"
    if lang == "de":
        summer = bool(local.dst())
        return local.strftime(f"%d.%m.%Y, {clock} ") + ("MESZ" if summer else "MEZ")
    return local.strftime(f"%Y-%m-%d {clock} %Z")


def local_date(value: datetime | str | None, lang: Language) -> str:
    """The day of a moment in Europe/Berlin: ``06.12.2026`` / ``2026-12-06`` (due dates)."""
    if value is None or value == "":
        return "–"
    return _in_berlin(value).strftime("%d.%m.%Y" if lang == "de" else "%Y-%m-%d")


@pass_context
def local_date_filter(ctx: Context, value: datetime | str | None) -> str:
    """Jinja filter ``local_date``."""
    return local_date(value, _lang(ctx))


@pass_context
def local_time_filter(ctx: Context, value: datetime | str | None, seconds: bool = True) -> str:
    """Jinja filter ``local_time``."""
    return local_time(value, _lang(ctx), seconds=seconds)


def readable(value: object, lang: Language) -> str:
    """A value in words: lists comma-joined, booleans Ja/Nein, None as a dash, no brackets."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return translate(lang, "value.yes" if value else "value.no")
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "de" else text
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {readable(v, lang)}" for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(readable(v, lang) for v in value)
    return str(value)


@pass_context
def readable_filter(ctx: Context, value: object) -> str:
    """Jinja filter ``readable``."""
    return readable(value, _lang(ctx))


@pass_context
def number(ctx: Context, value: float | None, digits: int = 3, signed: bool = False) -> str:
    """Jinja filter: a decimal with a comma in German (``0,412``), a dash for None."""
    if value is None:
        return "–"
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return text.replace(".", ",") if _lang(ctx) == "de" else text


#: The findings ``fairness.metrics`` writes (English sentences), as patterns and catalogue keys,
#: so that officers read them in their language; an unknown sentence is shown as it is.
FINDINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (
            r"^(?P<a>.+): demographic parity ratio (?P<v>[\d.]+) is below the minimum "
            r"(?P<l>[\d.]+)$",
            "finding.dp_ratio",
        ),
        (
            r"^(?P<a>.+): demographic parity difference (?P<v>[\d.]+) exceeds the maximum "
            r"(?P<l>[\d.]+)$",
            "finding.dp_difference",
        ),
        (
            r"^(?P<a>.+): equalized odds difference (?P<v>[\d.]+) exceeds the maximum "
            r"(?P<l>[\d.]+)$",
            "finding.eo",
        ),
        (r"^(?P<a>.+): not recorded for any decision in the window$", "finding.not_recorded"),
        (
            r"^(?P<a>.+): only one group \((?P<g>.+)\) present; nothing to compare$",
            "finding.one_group",
        ),
        (
            r"^(?P<a>.+): fewer than two groups with at least (?P<m>\d+) decisions$",
            "finding.two_groups",
        ),
        (
            r"^(?P<a>.+): insufficient data \(< (?P<m>\d+) decisions\) for (?P<g>.+)$",
            "finding.small_groups",
        ),
        (
            r"^(?P<a>.+): no group was ever selected; parity ratio undefined$",
            "finding.none_selected",
        ),
        (
            r"^(?P<a>.+): equalized odds not assessed \(fewer than two groups with at least "
            r"(?P<m>\d+) decisions with known outcome of both kinds\)$",
            "finding.eo_not_assessed",
        ),
        (r"^no protected attribute had enough data to be judged$", "finding.nothing_judged"),
    )
)


def finding(text: str, lang: Language) -> str:
    """A finding of a bias audit in ``lang`` (the English original if no pattern fits)."""
    for pattern, key in FINDINGS:
        match = pattern.match(text)
        if match is None or known(lang, key) is None:
            continue
        parts = match.groupdict()
        values: dict[str, object] = {}
        if "a" in parts:
            values["attribute"] = GROUP_SEPARATOR.join(
                known(lang, f"attribute.{p}") or p for p in parts["a"].split(GROUP_SEPARATOR)
            )
        for name in ("v", "l"):
            if name in parts:
                values[{"v": "value", "l": "limit"}[name]] = (
                    parts[name].replace(".", ",") if lang == "de" else parts[name]
                )
        if "m" in parts:
            values["size"] = parts["m"]
        if "g" in parts:
            values["groups"] = ", ".join(
                known(lang, f"group.{g.strip(chr(39))}") or g.strip(chr(39))
                for g in parts["g"].split(", ")
            )
        return translate(lang, key, **values)
    return text


@pass_context
def finding_filter(ctx: Context, text: str) -> str:
    """Jinja filter ``finding``."""
    return finding(text, _lang(ctx))


def install(env: Any) -> None:
    """Registers ``t``, ``term`` and the filters on a jinja environment."""
    env.globals["t"] = t
    env.globals["term"] = term
    env.filters["local_time"] = local_time_filter
    env.filters["local_date"] = local_date_filter
    env.filters["readable"] = readable_filter
    env.filters["number"] = number
    env.filters["finding"] = finding_filter
