"""The citizen's web page through create_app(): code once, token after, languages, remedy."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.integration.conftest import Gateway
from tests.integration.test_decisions import decide

TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def settings_overrides() -> dict[str, Any]:
    return {"reviews": {"services": {"demo-service": {"deadline_days": 10, "remedy": {
        "kind": "widerspruch", "legal_basis": "sgb_x", "body": "Jobcenter Musterstadt",
        "address": "Agenturstraße 5, 12345 Musterstadt"}}}}}


@pytest.fixture(scope="module")
def made(gateway: Gateway) -> dict[str, Any]:
    response = decide(gateway)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _show(gw: Gateway, made: dict[str, Any], **form: str) -> Any:
    return gw.client.post(f"/erklaerung/{made['id']}", data=form)


def test_when_code_entered_once_then_page_carries_a_token_and_never_the_code(
    gateway: Gateway, made: dict[str, Any]
) -> None:
    code = made["citizen_access"]["access_code"]
    page = _show(gateway, made, access_code=code, lang="de")
    assert page.status_code == 200
    assert code not in page.text and code.replace("-", "") not in page.text
    assert 'name="access_code"' not in page.text
    assert "Jobcenter Musterstadt, Agenturstraße 5" in page.text
    assert "Vorläufiges Ergebnis" in page.text and "Ihr Zugangs-Code gilt bis zum" in page.text
    token = TOKEN_RE.search(page.text)
    assert token is not None
    easy = _show(gateway, made, form_token=token.group(1), lang="ls")
    assert easy.status_code == 200 and "Das Ergebnis ist vorläufig" in easy.text
    english = _show(gateway, made, form_token=token.group(1), lang="en")
    assert 'lang="en"' in english.text and "Provisional result" in english.text


@pytest.mark.parametrize("token", ["forged", "A" * 60])
def test_when_token_forged_then_code_asked_again_and_nothing_shown(
    gateway: Gateway, made: dict[str, Any], token: str
) -> None:
    page = _show(gateway, made, form_token=token, lang="de")
    assert page.status_code == 200
    assert 'name="access_code"' in page.text and "noch einmal ein" in page.text
    assert "Vorläufiges Ergebnis" not in page.text


def test_when_review_sent_with_token_then_confirmation_with_case_reference_and_steps(
    gateway: Gateway, made: dict[str, Any]
) -> None:
    page = _show(gateway, made, access_code=made["citizen_access"]["access_code"], lang="de")
    token = TOKEN_RE.search(page.text)
    assert token is not None
    sent = gateway.client.post(
        f"/erklaerung/{made['id']}/pruefung",
        data={"form_token": token.group(1), "message": "Miete ist gestiegen.", "lang": "de"},
    )
    assert sent.status_code == 200, sent.text
    assert "Ihre Anfrage ist angekommen" in sent.text and "WG-2026-0001" in sent.text
    assert "So geht es weiter" in sent.text and "kein Widerspruch" in sent.text
    stored = gateway.client.get(f"/v1/decisions/{made['id']}",
                                headers=gateway.headers("caseworker")).json()
    assert stored["state"] == "under_review"
    again = _show(gateway, made, form_token=token.group(1), lang="de")
    assert "/pruefung" not in again.text  # no second form: the request is recorded
    assert "Sie haben am" in again.text


def test_when_api_asked_for_easy_language_then_ls_texts(
    gateway: Gateway, made: dict[str, Any]
) -> None:
    response = gateway.client.get(
        f"/v1/citizen/decisions/{made['id']}/explanation", params={"lang": "ls"},
        headers={"X-Access-Code": made["citizen_access"]["access_code"]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == "ls" and body["remedy_text"] and body["code_expiry_text"]
