"""The citizen's explanation page: semantic HTML, no JavaScript, WCAG 2.1 AA contrast.

Colours (on white #ffffff): text #1b1b1b (17:1), "for" bars #1d6b2f (6.6:1), "against" bars
#a1122a (7.3:1), links/buttons #0b4f8a (8.4:1). Direction is also given in words and with a
sign, never by colour alone (WCAG 1.4.1).
"""

from __future__ import annotations

from html import escape

from explain.citizen import CitizenExplanation
from explain.spec import Lang

REVIEW_PATH = "/erklaerung/{id}/pruefung"
PAGE_PATH = "/erklaerung/{id}"
BAR_MAX_PX = 240

_UI = {
    "de": {
        "page_title": "Erklärung Ihres Bescheids",
        "result": "Ergebnis",
        "factors": "Die wichtigsten Gründe",
        "chart": "Wie stark jeder Grund das Ergebnis beeinflusst hat",
        "for": "spricht dafür",
        "against": "spricht dagegen",
        "change": "Was hätte anders sein müssen?",
        "data": "Welche Angaben benutzt wurden",
        "data_label": "Angabe",
        "data_value": "Ihr Wert",
        "review": "Prüfung durch einen Menschen",
        "code": "Ihr Zugangs-Code",
        "code_hint": "Der Code steht in Ihrem Bescheid.",
        "message": "Ihre Nachricht (freiwillig)",
        "submit": "Prüfung verlangen",
        "submitted": "Danke. Ihre Anfrage ist angekommen.",
        "reference": "Nummer der Entscheidung",
        "access_intro": "Geben Sie Ihren Zugangs-Code ein. Dann sehen Sie die Erklärung.",
        "access_error": "Das hat nicht geklappt. Prüfen Sie die Nummer in der Adresse und "
        "Ihren Zugangs-Code.",
        "show": "Erklärung anzeigen",
        "other_lang": "English",
    },
    "en": {
        "page_title": "Explanation of your decision",
        "result": "Result",
        "factors": "The main reasons",
        "chart": "How strongly each reason influenced the result",
        "for": "counts in favour",
        "against": "counts against",
        "change": "What would have to be different?",
        "data": "Which data was used",
        "data_label": "Data",
        "data_value": "Your value",
        "review": "Check by a person",
        "code": "Your access code",
        "code_hint": "The code is in your decision letter.",
        "message": "Your message (optional)",
        "submit": "Ask for a check",
        "submitted": "Thank you. Your request has arrived.",
        "reference": "Decision number",
        "access_intro": "Enter your access code. Then you see the explanation.",
        "access_error": "That did not work. Check the number in the address and your access "
        "code.",
        "show": "Show explanation",
        "other_lang": "Deutsch",
    },
}

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
.error{border-left:6px solid #a1122a;padding:.5rem 1rem}
a{color:#0b4f8a}
"""


def render_access_page(decision_id: str, *, lang: Lang = "de", failed: bool = False) -> str:
    """The code-entry page for ``GET /erklaerung/{id}`` (shows no decision data).

    It looks the same for every id, so it reveals nothing about whether a decision exists;
    after a wrong or expired code (``failed``) it shows the same message as for an unknown id.
    The form POSTs ``access_code`` (and ``lang``) to ``/erklaerung/{id}``.
    """
    ui = _UI[lang]
    e = escape
    other: Lang = "en" if lang == "de" else "de"
    action = e(PAGE_PATH.format(id=decision_id), quote=True)
    error = f'<p class="error" role="alert">{e(ui["access_error"])}</p>' if failed else ""
    body = f"""<p>{e(ui["access_intro"])}</p>
{error}
<form method="post" action="{action}">
<input type="hidden" name="lang" value="{lang}">
<label for="access_code">{e(ui["code"])}</label>
<p class="hint" id="code_hint">{e(ui["code_hint"])}</p>
<input id="access_code" name="access_code" type="text" required autocomplete="off"
 autocapitalize="characters" spellcheck="false" aria-describedby="code_hint">
<button type="submit">{e(ui["show"])}</button>
</form>
<p><a href="{action}?lang={other}" lang="{other}" hreflang="{other}">
{e(ui["other_lang"])}</a></p>"""
    return _page(lang, ui["page_title"], f"<h1>{e(ui['page_title'])}</h1>\n{body}")


def _page(lang: str, title: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
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


def render_citizen_page(
    explanation: CitizenExplanation, *, review_submitted: bool = False
) -> str:
    """The complete HTML page (UTF-8 string) for ``/erklaerung/{id}``.

    Args:
        explanation: the citizen explanation (its ``lang`` selects the page language).
        review_submitted: show a confirmation that the review request arrived.

    The review form POSTs ``access_code`` and ``message`` to ``/erklaerung/{id}/pruefung``.
    Every dynamic value is HTML-escaped.
    """
    ui = _UI[explanation.lang]
    e = escape
    bars = []
    for f in explanation.factors:
        width = max(4, round(f.share * BAR_MAX_PX))
        sign = "+" if f.direction == "for" else "−"
        bars.append(
            f'<li class="{f.direction}">{e(f.sentence)}<br>'
            f'<span class="dir">{sign} {e(ui[f.direction])}</span>'
            f'<svg class="bar" width="{width}" height="16" role="presentation" '
            f'aria-hidden="true" focusable="false"><rect width="{width}" height="16"/></svg>'
            "</li>"
        )
    rows = "".join(
        f"<tr><th scope=\"row\">{e(label)}</th><td>{e(value)}</td></tr>"
        for label, value in explanation.data_used
    )
    review = "".join(f"<p>{e(line)}</p>" for line in explanation.review_text)
    done = ""
    if review_submitted or explanation.review_requested:
        done = f'<p class="ok" role="status">{e(ui["submitted"])}</p>'
    action = REVIEW_PATH.format(id=escape(explanation.decision_id, quote=True))
    title = f"{ui['page_title']} – {explanation.title}"
    return _page(explanation.lang, title, f"""<h1>{e(ui["page_title"])}: {e(explanation.title)}</h1>
<section aria-labelledby="result">
<h2 id="result">{e(ui["result"])}</h2>
<p class="result">{e(explanation.outcome_text)}</p>
<p>{e(explanation.automation_text)}</p>
</section>
<section aria-labelledby="factors">
<h2 id="factors">{e(ui["factors"])}</h2>
<figure>
<figcaption>{e(ui["chart"])}</figcaption>
<ul class="bars">{"".join(bars)}</ul>
</figure>
</section>
<section aria-labelledby="change">
<h2 id="change">{e(ui["change"])}</h2>
<p>{e(explanation.counterfactual_text)}</p>
</section>
<section aria-labelledby="data">
<h2 id="data">{e(ui["data"])}</h2>
<p>{e(explanation.data_text)}</p>
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
<form method="post" action="{action}">
<label for="access_code">{e(ui["code"])}</label>
<p class="hint" id="code_hint">{e(ui["code_hint"])}</p>
<input id="access_code" name="access_code" type="text" required autocomplete="off"
 autocapitalize="characters" spellcheck="false" aria-describedby="code_hint">
<label for="message">{e(ui["message"])}</label>
<textarea id="message" name="message" rows="5" maxlength="5000"></textarea>
<button type="submit">{e(ui["submit"])}</button>
</form>
</section>
<footer><p class="hint">{e(ui["reference"])}: {e(explanation.decision_id)}</p></footer>""")
