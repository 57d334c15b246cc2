"""Every visible text of the dashboard comes from the catalogue, in German and in English.

Three readings: the templates (no words outside ``{{ t(...) }}`` but names), the page modules
(no sentences in code, every key they name in both catalogues) and the rendered review pages
in both languages (no lookup of a missing key, no text of the other language).
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path
from typing import get_args

import pytest

from explain import ALL_STATES
from explain.records import ReviewKind
from gateway.keys import Role
from gateway.records.operations import KINDS
from gateway.routes.audit import FILTER_NAMES
from gateway.ui.i18n import LANGUAGES, catalogue
from gateway.ui.reviews import DONE_NOTICES
from tests.unit.gateway.ui.conftest import Dashboard, catalogue_misses

UI = Path(__file__).resolve().parents[4] / "gateway" / "ui"
TEMPLATES = sorted((UI / "templates").glob("*.html"))
PAGE_MODULES = [
    UI / f"{name}.py"
    for name in (
        *("pages", "auth", "overview", "audit_pages", "decision_pages", "fairness_pages"),
        *("reviews", "records", "charts"),
    )
]
#: Names that stay as they are in every language: the product, formats, language endonyms.
NAMES = frozenset(
    {"Leitplanke", "JSON", "Lines", "CSV", "PDF", "Markdown", "SHA", "Deutsch", "English"}
)
#: Keys built from a prefix and a code in templates, with every code the code can produce.
DYNAMIC: dict[str, tuple[str, ...]] = {
    "field.": tuple(FILTER_NAMES),  # the audit search form's fields
    "decision.units_": ("log_odds", "probability"),
    "gate.reason.": ("audit_passed", "no_covering_audit"),
    "outcome.": ("approved", "denied", "grey_zone"),
    "role.": get_args(Role),
    "review.done.": DONE_NOTICES,
    "records.kind.": tuple(KINDS),
    "state.": tuple(ALL_STATES),
    "review.step.": get_args(ReviewKind),
    "records.status.": ("complete", "to_be_completed", "removed"),
}

_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")
_TEXT_ATTR = re.compile(r'\b(aria-label|title|alt|placeholder)="([^"]*)"')
_LITERAL = re.compile(r"""(["'])((?:(?!\1).)*)\1""")
#: Header names a page module reads, not texts.
HEADERS = frozenset({"Accept", "Location", "Content-Disposition"})
_SENTENCE = re.compile(r"[äöüßÄÖÜ]|[A-Za-z]{2,}[ (]+[A-Za-z]{2,}|^[A-Z][a-z]{3,}$")


def _template_words(source: str) -> list[str]:
    """Words a reader would see that are not produced by a Jinja expression."""
    plain = _JINJA.sub(" ", source)
    words = [w for _, value in _TEXT_ATTR.findall(plain) for w in _WORD.findall(value)]
    visible = re.sub(r"<(script|style)\b.*?</\1>|<[^>]*>", " ", plain, flags=re.S)
    words += _WORD.findall(html.unescape(visible))
    for block in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", source, re.S):  # "Text" in expressions
        words += [
            w
            for _, lit in _LITERAL.findall(block)
            if re.search(
                r"[A-ZÄÖÜ][a-zäöüß]|"
                r"[äöüß]| [a-z]",
                lit,
            )
            for w in _WORD.findall(lit)
        ]
    return [w for w in words if w not in NAMES]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_when_template_read_then_no_visible_words_outside_the_catalogue(template: Path) -> None:
    assert _template_words(template.read_text(encoding="utf-8")) == []


def test_when_a_template_has_a_hard_coded_word_then_the_reading_finds_it() -> None:
    assert _template_words(
        '<h1>Nachweise</h1><button aria-label="Neu">{{ t("x") }}</button>'
        '{{ t("a") if x else "Keine Daten" }}'
    ) == ["Neu", "Nachweise", "Keine", "Daten"]
    assert _template_words('<a href="/ui" class="x">{{ t("nav.audit") }}</a> – 3 %') == []


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _technical(tree: ast.AST) -> set[int]:
    """Strings of exceptions and ``ERR_*`` constants: the technical detail, English like the
    JSON API's problem details (the page shows them under "Technische Meldung")."""
    found = set()
    for node in ast.walk(tree):
        name = ""
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        targets = node.targets if isinstance(node, ast.Assign) else []
        if name.endswith("Error") or any(
            isinstance(t, ast.Name) and t.id.startswith("ERR_") for t in targets
        ):
            found |= {id(sub) for sub in ast.walk(node)}
    return found


def _sentences_in_code(source: str) -> list[str]:
    tree = ast.parse(source)
    skip = _docstrings(tree) | _technical(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and node.value not in HEADERS
        and _SENTENCE.search(node.value)
    ]


@pytest.mark.parametrize("module", PAGE_MODULES, ids=lambda p: p.name)
def test_when_page_module_read_then_no_visible_text_in_code(module: Path) -> None:
    assert _sentences_in_code(module.read_text(encoding="utf-8")) == []


def test_when_a_page_module_has_a_sentence_then_the_reading_finds_it() -> None:
    code = 'def f():\n    """Doc string here."""\n    raise ForbiddenError("role may not")\n'
    code += 'TITLES = {"ropa": "Verzeichnis (Art. 30)"}\nx = "Version erstellt"\ny = "a.b"\n'
    code += 'page(request, "records.html", title="Nachweise", accept=h["Accept"])\n'
    assert sorted(_sentences_in_code(code)) == [
        "Nachweise",
        "Version erstellt",
        "Verzeichnis (Art. 30)",
    ]


def _keys_named_in_code(source: str) -> set[str]:
    """Catalogue keys a page module names: ``title=``, ``translate(lang, key)`` and what the
    ``*_key`` functions return."""
    keys: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg == "title":
            keys |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "translate":
            keys |= {a.value for a in node.args[1:2] if isinstance(a, ast.Constant)}
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_key"):
            keys |= {
                c.value
                for r in ast.walk(node)
                if isinstance(r, ast.Return) and r.value
                for c in ast.walk(r.value)
                if isinstance(c, ast.Constant)
            }
    return {k for k in keys if isinstance(k, str) and re.fullmatch(r"[a-z_]+(\.[\w-]+)+", k)}


def test_when_code_or_templates_name_a_key_then_both_catalogues_have_it() -> None:
    named: set[str] = set()
    for module in PAGE_MODULES:
        named |= _keys_named_in_code(module.read_text(encoding="utf-8"))
    assert {"title.reviews", "title.review", "title.records", "review.error.reason"} <= named
    undeclared: set[str] = set()
    for template in TEMPLATES:
        source = template.read_text(encoding="utf-8")
        named |= set(re.findall(r"""\bt\(\s*["']([\w.]+)["']\s*[,)]""", source))
        built = set(re.findall(r"""\bt\(\s*["']([\w.]+)["']\s*~""", source))
        undeclared |= built - DYNAMIC.keys()
        for prefix in built & DYNAMIC.keys():
            named |= {prefix + code for code in DYNAMIC[prefix]}
        for prefix in re.findall(r"""\bterm\(\s*["']([\w.]+)["']""", source):
            named |= {f"{prefix}.{code}" for code in DYNAMIC.get(prefix + ".", ())}
    assert undeclared == set()  # a key built in a template needs its codes listed above
    assert len(named) > 250
    missing = {lang: sorted(named - catalogue(lang).keys()) for lang in LANGUAGES}
    assert missing == {"de": [], "en": []}


def _visible(page: str) -> str:
    body = page.split('<main id="main">', 1)[1]
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


def _only_in(lang: str, prefixes: tuple[str, ...]) -> set[str]:
    """Texts of ``lang`` under ``prefixes`` that the other language does not share."""
    other = catalogue("en" if lang == "de" else "de")
    shared = " ".join(other.values())
    return {
        text
        for key, text in catalogue(lang).items()  # type: ignore[arg-type]
        if key.startswith(prefixes) and "{" not in text and len(text) > 4 and text not in shared
    }


def test_when_review_pages_render_in_both_languages_then_no_key_missing_and_no_other_language(
    ui: Dashboard,
) -> None:
    ui.login_with_key("caseworker")
    ids = list(ui.data.decision_codes)
    paths = ["/ui/reviews", "/ui/reviews?state=automated_final"]
    paths += [f"/ui/reviews/{i}" for i in ids]
    paths += [f"/ui/reviews/{ids[0]}?done={done}" for done in DONE_NOTICES]
    prefixes = ("review.", "state.", "nav.reviews", "title.review")
    for lang in LANGUAGES:
        with catalogue_misses() as misses:
            pages = [ui.client.get(path, params={"lang": lang}) for path in paths]
            error = ui.client.post(  # a reason of blanks: the form's error notice
                f"/ui/reviews/{ids[0]}",
                params={"lang": lang},
                data={
                    "_csrf": ui.csrf(pages[2].text),
                    "action": "decide",
                    "outcome": "approved",
                    "reason": " ",
                },
            )
        assert [p.status_code for p in pages] == [200] * len(paths)
        assert error.status_code == 422
        assert misses == []
        foreign = _only_in("en" if lang == "de" else "de", prefixes)
        for page in [*pages, error]:
            assert f'<html lang="{lang}">' in page.text
            seen = _visible(page.text)
            assert [text for text in foreign if text in seen] == [], page.url
    ui.client.get("/ui/reviews", params={"lang": "de"})


def test_when_the_redactor_can_report_an_entity_type_then_both_catalogues_name_it() -> None:
    # term("pii", type) labels the entity counts of audit events; a type without a label
    # showed its code ("MEDICAL_RECORD_NUMBER") on the officer's pages.
    from pii.engine import build_redactor
    from pii.types import PiiConfig

    types = build_redactor(PiiConfig()).entity_types()
    assert {"PERSON", "MEDICAL_RECORD_NUMBER", "PUPIL_NUMBER"} <= types
    missing = {
        lang: sorted(t for t in types if f"pii.{t}" not in catalogue(lang)) for lang in LANGUAGES
    }
    assert missing == {"de": [], "en": []}
