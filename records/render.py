"""Documents as Markdown (for review and version control) and as PDF (to hand over).

Both walk the same structure: the document's title and header, then every section in order
(a section is a dict with ``status``, ``ref``, ``title`` and ``text``), then, for the record
of processing activities, the activities per service.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from records.sections import local_form

Lang = Literal["de", "en"]

_LABELS = {
    "de": {
        "generated": "Erstellt",
        "revision": "Richtlinien-Revision",
        "status": "Status",
        "complete": "vollständig",
        "to_be_completed": "zu ergänzen",
        "missing": "Noch zu ergänzen",
        "activity": "Verarbeitungstätigkeit",
        "version": "Version",
        "draft": "Entwurf, erzeugt aus Konfiguration und Protokoll; vom Verantwortlichen zu "
        "prüfen und zu ergänzen.",
    },
    "en": {
        "generated": "Generated",
        "revision": "Policy revision",
        "status": "Status",
        "complete": "complete",
        "to_be_completed": "to be completed",
        "missing": "Still to be completed",
        "activity": "Processing activity",
        "version": "Version",
        "draft": "Draft generated from configuration and log; to be checked and completed by "
        "the deployer.",
    },
}


def _is_section(value: Any) -> bool:
    return isinstance(value, dict) and {"status", "ref", "title", "text"} <= value.keys()


def _sections(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for key, value in document.items():
        if _is_section(value):
            yield key, value


def _lines(document: dict[str, Any], lang: Lang) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs: kind is ``h1``, ``h2``, ``h3``, ``meta``, ``p`` or ``li``."""
    labels = _LABELS[lang]
    yield "h1", document["title"][lang]
    generated = document.get("generated_at") or {}
    yield "meta", (
        f"{labels['generated']}: {local_form(generated, lang)} ({generated.get('iso', '')})"
    )
    if document.get("version"):
        yield "meta", f"{labels['version']}: {document['version']}"
    yield "meta", f"{labels['revision']}: {document.get('policy_revision', '')}"
    yield "meta", f"{labels['status']}: {labels[document['status']]}"
    yield "p", labels["draft"]
    yield from _section_lines(document, lang, "h2")
    for activity in document.get("activities", []):
        yield "h2", f"{labels['activity']}: {activity['service']}"
        if activity.get("description"):
            yield "p", activity["description"]
        yield from _section_lines(activity, lang, "h3")


_ENGLISH_CITATIONS = (
    ("Anhang VIII Abschnitt C Nr.", "Annex VIII Section C point"),
    ("KI-VO", "AI Act"),
    ("DSGVO", "GDPR"),
)


def citation(ref: str, lang: Lang) -> str:
    """A legal reference in the reader's language (the documents store the German form)."""
    if lang == "en":
        for german, english in _ENGLISH_CITATIONS:
            ref = ref.replace(german, english)
    return ref


def _section_lines(container: dict[str, Any], lang: Lang, level: str) -> Iterator[tuple[str, str]]:
    labels = _LABELS[lang]
    for _key, sec in _sections(container):
        ref = citation(sec["ref"], lang)
        yield level, f"{sec['title'][lang]} ({ref}) – {labels[sec['status']]}"
        for paragraph in sec["text"][lang].split("\n"):
            if paragraph.startswith("- "):
                yield "li", paragraph[2:]
            elif paragraph.strip():
                yield "p", paragraph
        if sec["to_be_completed"]:
            yield "p", f"{labels['missing']}:"
            for gap in sec["to_be_completed"]:
                yield "li", gap


def render_markdown(document: dict[str, Any], *, lang: Lang = "de") -> str:
    """The document as Markdown in ``lang``."""
    prefix = {"h1": "# ", "h2": "## ", "h3": "### ", "li": "- ", "p": "", "meta": ""}
    out: list[str] = []
    for kind, line in _lines(document, lang):
        if kind == "meta":
            out.append(f"{line}  ")
            continue
        if kind.startswith("h") or (kind == "p" and out and out[-1] != ""):
            out.append("")
        out.append(prefix[kind] + line)
        if kind.startswith("h"):
            out.append("")
    return "\n".join(out).strip() + "\n"


_PDF_REPLACEMENTS = str.maketrans(
    {"–": "-", "—": "-", "→": "->", "€": "EUR", "„": '"', "“": '"', "”": '"', "‚": "'",
     "‘": "'", "’": "'", "…": "...", "≥": ">=", "≤": "<=", "\u00a0": " "}
)


def _latin1(line: str) -> str:
    """The PDF core fonts speak Latin-1 (umlauts and ß included); map the rest."""
    return line.translate(_PDF_REPLACEMENTS).encode("latin-1", "replace").decode("latin-1")


def render_pdf(document: dict[str, Any], *, lang: Lang = "de") -> bytes:
    """The document as a PDF in ``lang`` (A4, core fonts, no external resources)."""
    from fpdf import FPDF  # imported here: only PDF exports need it

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(document["title"][lang]))
    pdf.set_creator(_latin1(document.get("generator", "Leitplanke")))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    styles = {"h1": ("B", 15), "h2": ("B", 12), "h3": ("B", 11), "meta": ("", 9),
              "p": ("", 10), "li": ("", 10)}
    for kind, line in _lines(document, lang):
        style, size = styles[kind]
        pdf.set_font("Helvetica", style, size)
        if kind.startswith("h"):
            pdf.ln(2)
        body = _latin1(("- " if kind == "li" else "") + line)
        align = "L" if kind.startswith("h") or kind == "meta" else "J"
        pdf.multi_cell(0, size * 0.5, body, align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
