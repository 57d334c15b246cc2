"""The citizen's explanation page: semantic HTML, no JavaScript, WCAG 2.1 AA contrast.

Colours (on white #ffffff): text #1b1b1b (17:1), "for" bars #1d6b2f (6.6:1), "against" bars
#a1122a (7.3:1), links/buttons #0b4f8a (8.4:1). Direction is also given in words and with a
sign, never by colour alone (WCAG 1.4.1).
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from typing import Literal

from explain.citizen import CitizenExplanation, review_confirmation
from explain.spec import Lang

REVIEW_PATH = "/erklaerung/{id}/pruefung"
PAGE_PATH = "/erklaerung/{id}"
BAR_MAX_PX = 240

_UI: dict[Lang, dict[str, str]] = {
    "de": {
        "page_title": "Erklärung zu Ihrem Antrag",
        "result": "Ergebnis",
        "factors": "Die wichtigsten Gründe",
        "chart": "Wie stark jeder Grund das Ergebnis beeinflusst hat",
        "for": "spricht dafür",
        "against": "spricht dagegen",
        "data": "Welche Angaben benutzt wurden",
        "data_label": "Angabe",
        "data_value": "Ihr Wert",
        "review": "Prüfung durch einen Menschen",
        "remedy": "Rechtsbehelfsbelehrung",
        "code": "Ihr Zugangs-Code",
        "code_hint": "Der Code steht in Ihrem Bescheid.",
        "message": "Ihre Nachricht (freiwillig)",
        "message_hint": "Zum Beispiel: Was hat sich geändert? Was ist falsch?",
        "submit": "Prüfung verlangen",
        "submitted": "Ihre Anfrage ist angekommen.",
        "reference": "Nummer der Entscheidung",
        "access_intro": "Geben Sie Ihren Zugangs-Code ein. Dann sehen Sie die Erklärung.",
        "access_error": "Das hat nicht geklappt. Prüfen Sie die Nummer in der Adresse und "
        "Ihren Zugangs-Code.",
        "access_expired": "Die Seite war länger als eine Stunde offen. Bitte geben Sie Ihren "
        "Zugangs-Code noch einmal ein.",
        "show": "Erklärung anzeigen",
        "languages": "Sprache",
        "next": "So geht es weiter",
        "back": "Zurück zur Erklärung",
        "validity": "Gültigkeit des Zugangs-Codes",
    },
    "en": {
        "page_title": "Explanation of your application",
        "result": "Result",
        "factors": "The main reasons",
        "chart": "How strongly each reason influenced the result",
        "for": "counts in favour",
        "against": "counts against",
        "data": "Which data was used",
        "data_label": "Data",
        "data_value": "Your value",
        "review": "Review by a person",
        "remedy": "Information on legal remedies (Rechtsbehelfsbelehrung)",
        "code": "Your access code",
        "code_hint": "The code is in your decision letter.",
        "message": "Your message (optional)",
        "message_hint": "For example: what has changed? What is wrong?",
        "submit": "Ask for a review",
        "submitted": "Your request has arrived.",
        "reference": "Decision number",
        "access_intro": "Enter your access code. Then you see the explanation.",
        "access_error": "That did not work. Check the number in the address and your access "
        "code.",
        "access_expired": "The page was open for more than an hour. Please enter your access "
        "code again.",
        "show": "Show explanation",
        "languages": "Language",
        "next": "What happens next",
        "back": "Back to the explanation",
        "validity": "Validity of the access code",
    },
    "ls": {
        "page_title": "Erklärung zu Ihrem Antrag",
        "result": "Das Ergebnis",
        "factors": "Die wichtigsten Gründe",
        "chart": "So wichtig war jeder Grund",
        "for": "hilft",
        "against": "ist schlecht",
        "data": "Diese Angaben hat das Programm benutzt",
        "data_label": "Angabe",
        "data_value": "Ihr Wert",
        "review": "Ein Mensch soll prüfen",
        "remedy": "So können Sie sich wehren",
        "code": "Ihr Zugangs-Code",
        "code_hint": "Der Code steht in Ihrem Brief von der Behörde.",
        "message": "Ihre Nachricht",
        "message_hint": "Sie können hier etwas schreiben. Das ist freiwillig.",
        "submit": "Prüfung verlangen",
        "submitted": "Ihre Anfrage ist angekommen.",
        "reference": "Nummer von der Entscheidung",
        "access_intro": "Schreiben Sie hier Ihren Zugangs-Code. Zugangs-Code bedeutet: Mit "
        "dem Code öffnen Sie diese Seite. Dann sehen Sie die Erklärung.",
        "access_error": "Das hat leider falsch geklappt. Prüfen Sie bitte Ihren Zugangs-Code.",
        "access_expired": "Die Seite war zu lange offen. Schreiben Sie bitte Ihren "
        "Zugangs-Code noch einmal.",
        "show": "Erklärung zeigen",
        "languages": "Sprache",
        "next": "So geht es weiter",
        "back": "Zurück zur Erklärung",
        "validity": "So lange gilt Ihr Zugangs-Code",
    },
}
_LANG_NAMES: dict[Lang, str] = {"de": "Deutsch", "en": "English", "ls": "Leichte Sprache"}
_HTML_LANG: dict[Lang, str] = {"de": "de", "en": "en", "ls": "de"}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;
background:#fff;margin:0;line-height:1.6;font-size:1.125rem}
main{max-width:42rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.75rem;line-height:1.25}h2{font-size:1.35rem;margin-top:2rem}
.result{border:3px solid #1b1b1b;padding:.75rem 1rem;font-weight:600}
ul.bars{list-style:none;padding:0}ul.bars li{margin:.9rem 0}
.bar{display:block;height:1rem;margin-top:.25rem;border-radius:2px}
.for .bar rect{fill:#1d6b2f}.against .bar rect{fill:#a1122a}
.dir{font-weight:600}.for .dir{color:#1d6b2f}.against .dir{color:#a1122a}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;
border-bottom:1px solid #595959;vertical-align:top}
label{display:block;font-weight:600;margin-top:1rem}
input,textarea{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;
border:2px solid #1b1b1b;border-radius:2px;color:#1b1b1b;background:#fff}
button{font:inherit;margin-top:1rem;padding:.6rem 1.2rem;background:#0b4f8a;color:#fff;
border:2px solid #0b4f8a;border-radius:2px;cursor:pointer}
:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
.hint{color:#3d3d3d;font-size:1rem;margin:.2rem 0}
.ok{border-left:6px solid #1d6b2f;padding:.5rem 1rem}
.state-provisional,.state-under_review{border-style:dashed}
.langs{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0}
button.link{background:none;border:none;color:#0b4f8a;text-decoration:underline;padding:0;
margin:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.result p{margin:0}
.error{border-left:6px solid #a1122a;padding:.5rem 1rem}
a{color:#0b4f8a}
"""


def render_access_page(
    decision_id: str, *, lang: Lang = "de", failed: bool | Literal["expired"] = False
) -> str:
    """The code-entry page for ``GET /erklaerung/{id}`` (shows no decision data).

    It looks the same for every id, so it reveals nothing about whether a decision exists;
    after a wrong or expired code (``failed``) it shows the same message as for an unknown id,
    after an expired form token (``failed="expired"``) it asks for the code again.
    The form POSTs ``access_code`` (and ``lang``) to ``/erklaerung/{id}``.
    """
    ui = _UI[lang]
    e = escape
    action = e(PAGE_PATH.format(id=decision_id), quote=True)
    message = ui["access_expired"] if failed == "expired" else ui["access_error"]
    error = f'<p class="error" role="alert">{e(message)}</p>' if failed else ""
    others = " · ".join(
        f'<a href="{action}?lang={code}" lang="{_HTML_LANG[code]}">{e(_LANG_NAMES[code])}</a>'
        for code in _LANG_NAMES
        if code != lang
    )
    body = f"""{_para(ui["access_intro"], lang)}
{error}
<form method="post" action="{action}">
<input type="hidden" name="lang" value="{lang}">
<label for="access_code">{e(ui["code"])}</label>
<p class="hint" id="code_hint">{e(ui["code_hint"])}</p>
<input id="access_code" name="access_code" type="text" required autocomplete="off"
 autocapitalize="characters" spellcheck="false" aria-describedby="code_hint">
<button type="submit">{e(ui["show"])}</button>
</form>
<nav aria-label="{e(ui["languages"])}"><p>{others}</p></nav>"""
    return _page(lang, ui["page_title"], f"<h1>{e(ui['page_title'])}</h1>\n{body}")


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_DAY_NUMBER = re.compile(r"\b\d{1,2}\.$")
_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember")


_DATE_BREAKS = re.compile(r"(\d{1,2})\.? (Januar|Februar|März|April|Mai|Juni|Juli|August"
                          r"|September|Oktober|November|Dezember|January|February|March|June"
                          r"|July|October|December) (\d{4})")


def _nobreak(html: str) -> str:
    """Dates stay on one line ("20. Dezember 2026" never ends a line after "20.")."""
    return _DATE_BREAKS.sub(
        lambda m: m.group(0).replace(" ", "\u00a0"), html
    )


def _lines(text: str, lang: Lang) -> str:
    """Escaped text; in Leichte Sprache every sentence starts on a new line (one statement
    per line, as the Leichte-Sprache rules ask). A day number ("4. Juni") ends no line."""
    if lang != "ls":
        return _nobreak(escape(text))
    lines: list[str] = []
    for piece in _SENTENCE_BREAK.split(text.strip()):
        if lines and _DAY_NUMBER.search(lines[-1]) and piece.startswith(_MONTHS):
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return "<br>\n".join(_nobreak(escape(line)) for line in lines)


def _para(text: str, lang: Lang) -> str:
    return f"<p>{_lines(text, lang)}</p>"


def _page(lang: Lang, title: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{_HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
{main}
</main>
</body>
</html>
"""


def _language_forms(decision_id: str, current: Lang, form_token: str) -> str:
    """Buttons to switch language; they carry the form token, never the code."""
    if not form_token:
        return ""
    ui = _UI[current]
    action = escape(PAGE_PATH.format(id=decision_id), quote=True)
    buttons = "".join(
        f'<button type="submit" name="lang" value="{code}" class="link" '
        f'lang="{_HTML_LANG[code]}">{escape(_LANG_NAMES[code])}</button>'
        for code in _LANG_NAMES
        if code != current
    )
    return (
        f'<form method="post" action="{action}" class="langs" '
        f'aria-label="{escape(ui["languages"])}">'
        f'<input type="hidden" name="form_token" value="{escape(form_token, quote=True)}">'
        f"{buttons}</form>"
    )


def render_citizen_page(
    explanation: CitizenExplanation, *, form_token: str = "", review_submitted: bool = False
) -> str:
    """The complete HTML page (UTF-8 string) for ``/erklaerung/{id}``.

    Args:
        explanation: the citizen explanation (its ``lang`` selects the page language).
        form_token: the short-lived token that stands in for the access code in the page's
            forms (see ``explain.form_token``); empty: the review form asks for the code.
        review_submitted: show a confirmation that the review request arrived.

    The review form POSTs ``form_token`` (or ``access_code``), ``message`` and ``lang`` to
    ``/erklaerung/{id}/pruefung``. Every dynamic value is HTML-escaped.
    """
    x = explanation
    ui = _UI[x.lang]
    e = escape
    bars = []
    for f in x.factors:
        width = max(4, round(f.share * BAR_MAX_PX))
        sign = "+" if f.direction == "for" else "−"
        bars.append(
            f'<li class="{f.direction}">{_lines(f.sentence, x.lang)}<br>'
            f'<span class="dir">{sign} {e(ui[f.direction])}</span>'
            f'<svg class="bar" width="{width}" height="16" role="presentation" '
            f'aria-hidden="true" focusable="false"><rect width="{width}" height="16"/></svg>'
            "</li>"
        )
    rows = "".join(
        f"<tr><th scope=\"row\">{e(label)}</th><td>{e(value)}</td></tr>"
        for label, value in x.data_used
    )
    review = "".join(_para(line, x.lang) for line in x.review_text)
    done = ""
    if (review_submitted or x.review_requested) and x.review_open:
        done = f'<p class="ok" role="status">{e(ui["submitted"])}</p>'
    form = ""
    if x.review_open and not x.review_requested:
        form = _review_form(x, form_token)
    change = ""
    if x.counterfactual_heading:
        change = f"""<section aria-labelledby="change">
<h2 id="change">{e(x.counterfactual_heading)}</h2>
{_para(x.counterfactual_text, x.lang)}
</section>"""
    remedy_intro = _para(x.remedy_intro, x.lang) if x.remedy_intro else ""
    remedy = "".join(_para(line, x.lang) for line in x.remedy_text)
    title = f"{ui['page_title']} – {x.title}"
    return _page(x.lang, title, f"""<h1>{e(ui["page_title"])}: {e(x.title)}</h1>
{_language_forms(x.decision_id, x.lang, form_token)}
<section aria-labelledby="result">
<h2 id="result">{e(x.status)}</h2>
<div class="result state-{x.state}">{_para(x.outcome_text, x.lang)}</div>
{_para(x.automation_text, x.lang) if x.automation_text else ""}
</section>
<section aria-labelledby="factors">
<h2 id="factors">{e(ui["factors"])}</h2>
<figure>
<figcaption>{e(ui["chart"])}</figcaption>
<ul class="bars">{"".join(bars)}</ul>
</figure>
</section>
{change}
<section aria-labelledby="data">
<h2 id="data">{e(ui["data"])}</h2>
{_para(x.data_text, x.lang)}
<table>
<thead><tr><th scope="col">{e(ui["data_label"])}</th><th scope="col">{e(ui["data_value"])}</th>
</tr></thead>
<tbody>{rows}</tbody>
</table>
</section>
<section aria-labelledby="review">
<h2 id="review">{e(ui["review"])}</h2>
{review}
{done}
{form}
</section>
<section aria-labelledby="remedy">
<h2 id="remedy">{e(ui["remedy"])}</h2>
{remedy_intro}
{remedy}
</section>
<section aria-labelledby="validity">
<h2 id="validity">{e(ui["validity"])}</h2>
{_para(x.code_expiry_text, x.lang)}
</section>
<footer><p class="hint">{e(ui["reference"])}: {e(x.decision_id)}</p></footer>""")


def _review_form(x: CitizenExplanation, form_token: str) -> str:
    ui = _UI[x.lang]
    e = escape
    action = e(REVIEW_PATH.format(id=x.decision_id), quote=True)
    if form_token:
        code = f'<input type="hidden" name="form_token" value="{e(form_token, quote=True)}">'
    else:
        code = f"""<label for="access_code">{e(ui["code"])}</label>
<p class="hint" id="code_hint">{e(ui["code_hint"])}</p>
<input id="access_code" name="access_code" type="text" required autocomplete="off"
 autocapitalize="characters" spellcheck="false" aria-describedby="code_hint">"""
    return f"""<form method="post" action="{action}">
<input type="hidden" name="lang" value="{x.lang}">
{code}
<label for="message">{e(ui["message"])}</label>
<p class="hint" id="message_hint">{_lines(ui["message_hint"], x.lang)}</p>
<textarea id="message" name="message" rows="5" maxlength="5000"
 aria-describedby="message_hint"></textarea>
<button type="submit">{e(ui["submit"])}</button>
</form>"""


def render_review_confirmation(
    explanation: CitizenExplanation,
    *,
    case_reference: str,
    requested_at: datetime,
    form_token: str = "",
) -> str:
    """The page after a review request: case reference, dates and what happens next."""
    x = explanation
    ui = _UI[x.lang]
    e = escape
    heading, facts, steps = review_confirmation(
        x, case_reference=case_reference, requested_at=requested_at
    )
    rows = "".join(
        f"<dt>{e(label)}</dt><dd>{_nobreak(e(value))}</dd>" for label, value in facts
    )
    items = "".join(f"<li>{_nobreak(e(step))}</li>" for step in steps)
    back = ""
    if form_token:
        action = e(PAGE_PATH.format(id=x.decision_id), quote=True)
        back = f"""<form method="post" action="{action}">
<input type="hidden" name="form_token" value="{e(form_token, quote=True)}">
<input type="hidden" name="lang" value="{x.lang}">
<button type="submit">{e(ui["back"])}</button>
</form>"""
    return _page(x.lang, heading, f"""<h1>{e(heading)}</h1>
<div class="ok" role="status"><p>{e(ui["submitted"])}</p></div>
<dl class="facts">{rows}</dl>
<h2>{e(ui["next"])}</h2>
<ol>{items}</ol>
{_para(x.code_expiry_text, x.lang)}
{back}""")
